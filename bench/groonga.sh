#!/usr/bin/env bash
# groonga.sh: Groonga, the peer of the scale benchmark, on the same
# realistic corpus and queries as 'yxq bench --seed-texts'.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: bench/groonga.sh [--sizes 10000] [--rounds 1] [--requests 400] [--callers 1,2]
                        [--seed-texts FILE] [--queries FILE] [--out FILE] [--runs DIR]

Builds yxq from the current tree (it generates the corpus and drives Groonga)
and, for each size, runs 'yxq bench --peer groonga': a new Groonga database
served over HTTP on loopback ('groonga -s --protocol http', 2 threads), the
generated profiles loaded in batches of 1,000 (one text column: fields,
keywords, works), then a TokenBigram + NormalizerAuto index built over them;
a fresh server timed until it answers; its memory; and 'select' for every
query as an OR of its bigrams with scorer_tf_idf, top 10, the query cache off,
with 1 and 2 callers (client-side latency and Groonga's own elapsed time).
It prints a Markdown table whose rows line up with bench/scale.sh's.

Needs Groonga 13: apt-get install -y groonga-bin (not a test dependency).
Time on 2 shared cores: 10,000 profiles ≈ 1 min, 100,000 ≈ 5–10 min.

Defaults: csl-dev in ../shared/data for --seed-texts (profiles.jsonl) and
--queries (needs.jsonl); the table on stdout.
EOF
}

root=$(cd "$(dirname "$0")/.." && pwd)
sizes="10000" rounds=1 requests=400 callers="1,2" out="" runs_dir=""
seed_texts="$root/../shared/data/csl-dev/profiles.jsonl"
queries="$root/../shared/data/csl-dev/needs.jsonl"
while [ $# -gt 0 ]; do
	case "$1" in
	--sizes) sizes=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--requests) requests=$2; shift 2 ;;
	--callers) callers=$2; shift 2 ;;
	--seed-texts) seed_texts=$2; shift 2 ;;
	--queries) queries=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--runs) runs_dir=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) echo "groonga.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
done
for n in ${sizes//,/ } "$rounds" "$requests"; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "groonga.sh: $n is not a positive whole number" >&2; exit 2; }
done
command -v groonga >/dev/null || { echo "groonga.sh: no groonga command; apt-get install -y groonga-bin" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/groonga-scale-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
runs=${runs_dir:-$tmp/runs}
mkdir -p "$runs"
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }

say "building yxq"
(cd "$root" && go build -o "$tmp/yxq" ./cmd/yxq)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for n in ${sizes//,/ }; do
	for ((r = 1; r <= rounds; r++)); do
		say "$n profiles, round $r/$rounds"
		"$tmp/yxq" bench --peer groonga --seed-texts "$seed_texts" --queries "$queries" --profiles "$n" \
			--requests "$requests" --callers "$callers" --label groonga --json "$runs/$n-groonga-$r.json" \
			>"$runs/$n-groonga-$r.txt" 2>&1 ||
			{ echo "groonga.sh: the run failed; its output ends:" >&2; tail -20 "$runs/$n-groonga-$r.txt" >&2; exit 1; }
	done
done
{
	echo "## Groonga on the scale corpus, $(date -u +'%Y-%m-%d %H:%M UTC')"
	echo
	echo "- machine: $(nproc) cores, load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
	echo "- $(groonga --version | head -1 | cut -d' ' -f1-2); corpus $seed_texts recombined (seed 1), queries $queries"
	echo
	"$tmp/yxq" bench --compare groonga "$runs"/*.json
} >"$tmp/report.md"
if [ -n "$out" ]; then cp "$tmp/report.md" "$out"; say "wrote $out"; else cat "$tmp/report.md"; fi
