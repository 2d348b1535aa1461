#!/usr/bin/env bash
# scale.sh: the scale benchmark of yxq on a realistic corpus, the current
# tree against another revision (and Groonga), in one run.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: bench/scale.sh [--against REV] [--sizes 10000,30000] [--rounds 2]
                      [--requests 400] [--callers 1,2] [--groonga] [--groonga-rounds 1]
                      [--seed-texts FILE] [--queries FILE] [--out FILE] [--runs DIR]
                      [--run-timeout MINUTES] [--labels OLD,NEW]

Builds yxq from the current tree (the "new" build) and, with --against, from
REV (the "old" build; when REV's 'yxq bench' lacks --seed-texts, the
benchmark's own files are copied from the current tree over REV's before
building, so REV's engine is measured by the same instrument). Then, for each
size, it runs 'yxq bench --seed-texts …' of both builds alternately (old, new,
old, new …: ABAB, --rounds rounds), on the same generated corpus and queries,
optionally Groonga beside them (--groonga, 'apt-get install groonga-bin'), and
writes Markdown tables of each build's medians with the ratios new/old (and
new/groonga), the machine and its load average at the start and the end.

Each run imports the corpus into a fresh temporary data directory ($TMPDIR),
measures in-process matching, starts 'yxq serve' on it, times it until
/readyz answers, and measures it over HTTP; the directory is removed after.

Time, on 2 shared cores at load 2–6 (one run of one build; the script's total
is rounds × builds × the sum over sizes, plus about a minute of building):
  10,000 profiles ≈ 2–3 min, 30,000 ≈ 6–8 min, 100,000 ≈ 20–25 min
(import and the start, which relearns, grow linearly; Groonga: a fraction).
Every run is stopped after --run-timeout minutes (default 60).

Defaults: --sizes 10000,30000 --rounds 2 --requests 400 --callers 1,2,
--seed-texts and --queries: csl-dev in ../shared/data (profiles.jsonl,
needs.jsonl), the tables on stdout, the builds called old and new (--labels).
--runs DIR keeps every run's JSON and log (tables again:
yxq bench --compare old,new,groonga DIR/*.json).

Example (the after-optimisation comparison):
  bench/scale.sh --against origin/main --sizes 10000,30000,100000 --groonga \
      --out bench/results/scale-run.md
EOF
}

root=$(cd "$(dirname "$0")/.." && pwd)
command_line="bench/scale.sh $*"
against="" sizes="10000,30000" rounds=2 requests=400 callers="1,2"
groonga=0 groonga_rounds=1 out="" runs_dir="" run_timeout=60 old_label=old new_label=new
seed_texts="$root/../shared/data/csl-dev/profiles.jsonl"
queries="$root/../shared/data/csl-dev/needs.jsonl"
while [ $# -gt 0 ]; do
	case "$1" in
	--against) against=$2; shift 2 ;;
	--sizes) sizes=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--requests) requests=$2; shift 2 ;;
	--callers) callers=$2; shift 2 ;;
	--groonga) groonga=1; shift ;;
	--groonga-rounds) groonga_rounds=$2; shift 2 ;;
	--seed-texts) seed_texts=$2; shift 2 ;;
	--queries) queries=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--runs) runs_dir=$2; shift 2 ;;
	--run-timeout) run_timeout=$2; shift 2 ;;
	--labels) old_label=${2%%,*}; new_label=${2#*,}; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) echo "scale.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
done
for n in ${sizes//,/ } "$rounds" "$requests" "$groonga_rounds" "$run_timeout"; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "scale.sh: $n is not a positive whole number" >&2; exit 2; }
done
for f in "$seed_texts" "$queries"; do
	[ -r "$f" ] || { echo "scale.sh: cannot read $f (give --seed-texts and --queries)" >&2; exit 2; }
done
if [ $groonga = 1 ] && ! command -v groonga >/dev/null; then
	echo "scale.sh: --groonga needs the groonga command: apt-get install -y groonga-bin" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/yxq-scale-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
runs=${runs_dir:-$tmp/runs}
mkdir -p "$runs"
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
began=$(date +%s)

# The benchmark's own files: copied over an old tree that lacks them.
harness=(cmd/yxq/benchcmd.go cmd/yxq/benchseed.go cmd/yxq/benchproc.go cmd/yxq/benchgroonga.go
	cmd/yxq/benchout.go bench/scale.go bench/scalereport.go bench/groonga.go bench/seedcorpus.go)

rev_of() { # the short revision of the current tree, +dirty when it has changes
	local r
	r=$(git -C "$root" rev-parse --short=12 HEAD)
	[ -z "$(git -C "$root" status --porcelain)" ] || r="$r+dirty"
	echo "$r"
}

say "building the current tree ($(rev_of))"
(cd "$root" && go build -o "$tmp/new/yxq" ./cmd/yxq)
new_rev=$(rev_of)
builds=(new)
old_note=""
if [ -n "$against" ]; then
	old_rev=$(git -C "$root" rev-parse --short=12 "$against^{commit}")
	say "building $against ($old_rev)"
	mkdir -p "$tmp/old/src"
	git -C "$root" archive --format=tar "$old_rev" | tar -x -C "$tmp/old/src"
	if ! grep -q 'seed-texts' "$tmp/old/src/cmd/yxq/benchcmd.go"; then
		for f in "${harness[@]}"; do cp "$root/$f" "$tmp/old/src/$f"; done
		old_note=" (its 'yxq bench' lacks --seed-texts: the benchmark's files were copied from the current tree: ${harness[*]})"
	fi
	(cd "$tmp/old/src" && go build -o "$tmp/old/yxq" ./cmd/yxq)
	builds=(old new)
fi

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
commands=()
for n in ${sizes//,/ }; do
	for ((r = 1; r <= rounds; r++)); do
		for b in "${builds[@]}"; do
			rev=$new_rev label=$new_label
			[ "$b" = old ] && rev=$old_rev label=$old_label
			args=(bench --seed-texts "$seed_texts" --queries "$queries" --profiles "$n" --requests "$requests"
				--callers "$callers" --label "$label" --revision "$rev" --json "$runs/$n-$b-$r.json")
			say "$n profiles, round $r/$rounds: $b ($rev)"
			[ "$r" = 1 ] && commands+=("$b/yxq ${args[*]}")
			timeout "${run_timeout}m" "$tmp/$b/yxq" "${args[@]}" >"$runs/$n-$b-$r.txt" 2>&1 ||
				{ echo "scale.sh: the $b run failed; its output ends:" >&2; tail -20 "$runs/$n-$b-$r.txt" >&2; exit 1; }
		done
		if [ $groonga = 1 ] && [ "$r" -le "$groonga_rounds" ]; then
			args=(bench --peer groonga --seed-texts "$seed_texts" --queries "$queries" --profiles "$n"
				--requests "$requests" --callers "$callers" --label groonga --json "$runs/$n-groonga-$r.json")
			say "$n profiles, round $r: groonga"
			[ "$r" = 1 ] && commands+=("new/yxq ${args[*]}")
			timeout "${run_timeout}m" "$tmp/new/yxq" "${args[@]}" >"$runs/$n-groonga-$r.txt" 2>&1 ||
				{ echo "scale.sh: the groonga run failed; its output ends:" >&2; tail -20 "$runs/$n-groonga-$r.txt" >&2; exit 1; }
		fi
	done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
took=$(($(date +%s) - began))

build_labels=$new_label
[ -n "$against" ] && build_labels="$old_label $new_label"
labels=${build_labels// /,}
[ $groonga = 1 ] && labels="$labels,groonga"
{
	echo "## Scale benchmark, $(date -u +'%Y-%m-%d %H:%M UTC')"
	echo
	echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ {printf "%.1f GB", $2/1e6}' /proc/meminfo), $(go version | cut -d' ' -f3)"
	echo "- load average (1, 5, 15 min): $load_start at the start, $load_end at the end; $((took / 60)) min $((took % 60)) s in all"
	echo "- $new_label: the current tree, $new_rev"
	[ -n "$against" ] && echo "- $old_label: $against, $old_rev$old_note"
	[ $groonga = 1 ] && echo "- groonga: $(groonga --version | head -1 | cut -d' ' -f1-2)"
	echo "- corpus: $seed_texts recombined (seed 1); queries: $queries; $requests requests per load run after 50 of warm-up"
	echo "- order: for each size, rounds of $build_labels$([ $groonga = 1 ] && echo " groonga (Groonga in the first $groonga_rounds)"); medians over the rounds"
	echo "- command: $command_line"
	echo
	echo "Each build's first round ran:"
	echo
	for c in "${commands[@]}"; do echo "    $c"; done
	echo
	"$tmp/new/yxq" bench --compare "$labels" "$runs"/*.json
} >"$tmp/report.md"
if [ -n "$out" ]; then
	cp "$tmp/report.md" "$out"
	say "wrote $out"
else
	cat "$tmp/report.md"
fi
