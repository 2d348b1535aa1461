package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"yixianqian/api"
	"yixianqian/bench"
	"yixianqian/cmd/wire"
	"yixianqian/engine"
	"yixianqian/engine/demo"
	"yixianqian/segment"
)

// benchFlags are the flags of yxq bench: a synthetic run (the default), a
// run on a realistic corpus made from seed texts (--seed-texts), the same
// corpus on a peer engine (--peer groonga), or a comparison of such runs'
// JSON files (--compare).
type benchFlags struct {
	profiles, needs, requests int
	warmup, batch             int
	callers                   []int
	http                      bool
	seed                      uint64
	dictDir                   string
	seedTexts, queries        string
	data, jsonOut, label      string
	revision                  string
	serveBin, dumpJSONL       string
	peer, groongaBin          string
	startTimeout              time.Duration
	compare                   []string // labels, in column order
	files                     []string // JSON runs to compare
}

const benchUsage = `Usage:
  yxq bench [--profiles N] [--callers 1,2,4,8] [--requests R]
      a synthetic corpus from the demo vocabulary: indexing, Match and HTTP latency
  yxq bench --seed-texts FILE --profiles N [--queries FILE] [--callers 1,2] [--requests R]
            [--data DIR] [--json FILE] [--label L]
      a realistic corpus recombining the seed profiles' sentences (streamed in
      batches): import with progress, peak and anonymous RSS, a fresh 'yxq serve'
      timed until /readyz answers, serving RSS, match latency in process and over
      HTTP with the stages; 100,000 profiles take several minutes on 2 cores
  yxq bench --seed-texts FILE --profiles N --dump-jsonl FILE
      write that corpus as JSON Lines and stop
  yxq bench --peer groonga --seed-texts FILE --profiles N [--queries FILE] …
      the same corpus and queries on Groonga (groonga-bin): load, start, RSS, select
  yxq bench --compare old,new[,groonga] RUN.json…
      Markdown tables of the runs' medians per corpus size, with ratios

Flags:
`

func parseBenchFlags(args []string, stderr io.Writer) (benchFlags, error) {
	var f benchFlags
	fs := newFlags("bench", stderr)
	fs.Usage = func() { fmt.Fprint(stderr, benchUsage); fs.PrintDefaults() }
	fs.IntVar(&f.profiles, "profiles", 10000, "profiles to generate (10000, 100000 …)")
	fs.IntVar(&f.needs, "needs", 200, "synthetic needs to cycle through (synthetic runs)")
	fs.IntVar(&f.requests, "requests", 400, "requests per load run (bounded)")
	callers := fs.String("callers", "", "concurrent callers, comma-separated (default 1,2,4,8; with --seed-texts 1,2)")
	fs.BoolVar(&f.http, "http", true, "also measure HTTP /v1/match (synthetic runs)")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of the generated corpus and queries")
	fs.StringVar(&f.dictDir, "dict-dir", "", "`directory` with gojieba's dictionary files")
	fs.StringVar(&f.seedTexts, "seed-texts", "", "seed profiles `file` (JSON Lines), e.g. ../shared/data/csl-dev/profiles.jsonl")
	fs.StringVar(&f.queries, "queries", "", "needs `file` (JSON Lines) whose texts are the queries (default: the demo needs)")
	fs.IntVar(&f.warmup, "warmup", 50, "requests before measuring, in process and over HTTP")
	fs.IntVar(&f.batch, "batch", 1000, "profiles per import batch")
	fs.StringVar(&f.data, "data", "", "data `directory` to import into and keep (default: a temporary one, removed)")
	fs.StringVar(&f.jsonOut, "json", "", "also write every figure as JSON to `file` (- for stdout)")
	fs.StringVar(&f.label, "label", "", "name of this build in tables and JSON (default yxq, or the peer)")
	fs.StringVar(&f.revision, "revision", "", "the revision this build was made from, as tables show it (default: from the binary's build information)")
	fs.StringVar(&f.serveBin, "serve-bin", "", "yxq `binary` to start for the start and HTTP measurements (default: this one)")
	fs.StringVar(&f.dumpJSONL, "dump-jsonl", "", "write the generated profiles to `file` as JSON Lines and stop")
	fs.StringVar(&f.peer, "peer", "", "measure a peer engine on the corpus instead: groonga")
	fs.StringVar(&f.groongaBin, "groonga-bin", "groonga", "the groonga `binary`")
	fs.DurationVar(&f.startTimeout, "start-timeout", 20*time.Minute, "longest wait for a started server to be ready")
	compare := fs.String("compare", "", "compare the JSON runs given as arguments; `labels` in column order (first: the baseline, second: the new build)")
	if err := parse(fs, args); err != nil {
		return f, err
	}
	f.files = fs.Args()
	if *compare != "" {
		f.compare = strings.Split(*compare, ",")
		if len(f.files) == 0 {
			return f, usagef("--compare: give the JSON files of the runs as arguments")
		}
		return f, nil
	}
	if len(f.files) > 0 {
		return f, usagef("unexpected arguments %q (only --compare takes files)", f.files)
	}
	if *callers == "" {
		*callers = "1,2,4,8"
		if f.seedTexts != "" {
			*callers = "1,2"
		}
	}
	for _, c := range strings.Split(*callers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 || n > 256 {
			return f, usagef("--callers: %q is not a number from 1 to 256", c)
		}
		f.callers = append(f.callers, n)
	}
	switch {
	case f.profiles < 1 || f.needs < 1 || f.requests < 1:
		return f, usagef("--profiles, --needs and --requests must be positive")
	case f.warmup < 0 || f.batch < 1 || f.batch > 100000:
		return f, usagef("--warmup must not be negative and --batch must be from 1 to 100000")
	case f.peer != "" && f.peer != "groonga":
		return f, usagef("--peer: %q is not a peer this benchmark knows (groonga)", f.peer)
	case f.seedTexts == "" && (f.queries != "" || f.data != "" || f.jsonOut != "" || f.revision != "" || f.dumpJSONL != "" || f.peer != "" || f.serveBin != ""):
		return f, usagef("--queries, --data, --json, --revision, --dump-jsonl, --peer and --serve-bin need --seed-texts FILE")
	}
	return f, nil
}

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, err := parseBenchFlags(args, stderr)
	if err != nil {
		return err
	}
	switch {
	case f.compare != nil:
		return benchCompare(f, stdout)
	case f.seedTexts == "":
		return benchSynthetic(ctx, f, stdout, stderr)
	}
	return benchSeed(ctx, f, stdout, stderr)
}

// benchSynthetic indexes a synthetic corpus from the demo vocabulary and
// measures Match and HTTP latency per caller count.
func benchSynthetic(ctx context.Context, f benchFlags, stdout, stderr io.Writer) error {
	seg, err := segment.Open(&segment.Options{DictDir: f.dictDir})
	if err != nil {
		return err
	}
	defer seg.Close()
	ps := demo.Synthetic(f.profiles, f.seed)
	needs := demo.SyntheticNeeds(f.needs, f.seed+1)
	t, err := wire.OpenTemp(ctx, seg, bench.DefaultConfig())
	if err != nil {
		return err
	}
	defer t.Close()
	eng := t.Engine

	fmt.Fprintf(stderr, "indexing %d synthetic profiles…\n", f.profiles)
	start := time.Now()
	if err := eng.PutProfiles(ctx, ps); err != nil {
		return err
	}
	indexing := time.Since(start)
	start = time.Now()
	if _, err := eng.Learn(ctx); err != nil {
		return err
	}
	learning := time.Since(start)
	mb := float64(bench.ProfileTextBytes(ps)) / 1e6

	var results []bench.LoadResult
	for _, c := range f.callers {
		results = append(results, bench.MatchLoad(ctx, eng, needs, c, f.requests))
	}
	if f.http {
		rs, err := httpLoads(ctx, eng, needs, f.callers, f.requests)
		if err != nil {
			return err
		}
		results = append(results, rs...)
	}

	fmt.Fprintf(stdout, "machine: %d cores, %s %s/%s\n", runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(stdout, "corpus: %d synthetic profiles (seed %d), %.1f MB of text\n", f.profiles, f.seed, mb)
	fmt.Fprintf(stdout, "indexing: %.1f s, %.0f profiles/s, %.2f MB/s (store + index); semantic space learned in %.1f s\n",
		indexing.Seconds(), float64(f.profiles)/indexing.Seconds(), mb/indexing.Seconds(), learning.Seconds())
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run\tcallers\trequests\terrors\tp50 ms\tp95 ms\tp99 ms\treq/s\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.1f\t\n", r.Name, r.Callers, r.Requests, r.Errors,
			bench.Millis(r.Latency.P50), bench.Millis(r.Latency.P95), bench.Millis(r.Latency.P99), r.Throughput)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "peak RSS: %.0f MB\n\n", float64(bench.PeakRSS())/1e6)
	prefix := fmt.Sprintf("Yxq/profiles=%d", f.profiles)
	fmt.Fprintf(stdout, "Benchmark%s/index\t1\t%d ns/op\t%.2f MB/s\t%.0f profiles/s\n", prefix, indexing.Nanoseconds(), mb/indexing.Seconds(), float64(f.profiles)/indexing.Seconds())
	for _, r := range results {
		fmt.Fprintln(stdout, r.GoBenchLine(prefix))
	}
	return nil
}

// httpLoads serves the engine on a loopback port and measures /v1/match.
func httpLoads(ctx context.Context, eng *engine.Engine, needs []engine.Need, callers []int, requests int) ([]bench.LoadResult, error) {
	base, token, stop, err := serveForLoad(ctx, eng)
	if err != nil {
		return nil, err
	}
	defer stop()
	var out []bench.LoadResult
	for _, c := range callers {
		r := bench.HTTPLoad(ctx, base, token, needs, c, requests)
		if r.Errors > 0 {
			return nil, errors.New("http load: " + strconv.Itoa(r.Errors) + " requests failed")
		}
		out = append(out, r)
	}
	return out, nil
}

// serveForLoad serves eng's API on a loopback port for a load run, with no
// per-token rate limit and room for every caller, and returns its base URL,
// an analyst token and a function that stops it.
func serveForLoad(ctx context.Context, eng *engine.Engine) (base, token string, stop func(), err error) {
	token, _, err = eng.CreateToken(ctx, engine.RoleAnalyst, "", "load")
	if err != nil {
		return "", "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", "", nil, err
	}
	limits := api.Limits{RatePerToken: 1e9, Burst: 1 << 30, MaxInFlight: 1024}
	srv := &http.Server{Handler: api.New(eng, &api.Options{Limits: limits}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), token, func() { srv.Close() }, nil
}
