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

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench", stderr)
	size := fs.Int("profiles", 10000, "synthetic profiles to index (10000, 100000, 1000000 …)")
	nneeds := fs.Int("needs", 200, "synthetic needs to cycle through")
	requests := fs.Int("requests", 400, "requests per load run (bounded)")
	callersFlag := fs.String("callers", "1,2,4,8", "concurrent callers, comma-separated")
	withHTTP := fs.Bool("http", true, "also measure HTTP /v1/match against a server on loopback")
	seed := fs.Uint64("seed", 1, "seed of the synthetic corpus")
	dictDir := fs.String("dict-dir", "", "`directory` with gojieba's dictionary files")
	if err := parse(fs, args); err != nil {
		return err
	}
	var callers []int
	for _, c := range strings.Split(*callersFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 || n > 256 {
			return usagef("--callers: %q is not a number from 1 to 256", c)
		}
		callers = append(callers, n)
	}
	if *size < 1 || *nneeds < 1 || *requests < 1 {
		return usagef("--profiles, --needs and --requests must be positive")
	}

	seg, err := segment.Open(&segment.Options{DictDir: *dictDir})
	if err != nil {
		return err
	}
	defer seg.Close()
	ps := demo.Synthetic(*size, *seed)
	needs := demo.SyntheticNeeds(*nneeds, *seed+1)
	t, err := wire.OpenTemp(ctx, seg, bench.DefaultConfig())
	if err != nil {
		return err
	}
	defer t.Close()
	eng := t.Engine

	fmt.Fprintf(stderr, "indexing %d synthetic profiles…\n", *size)
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
	for _, c := range callers {
		results = append(results, bench.MatchLoad(ctx, eng, needs, c, *requests))
	}
	if *withHTTP {
		rs, err := httpLoads(ctx, eng, needs, callers, *requests)
		if err != nil {
			return err
		}
		results = append(results, rs...)
	}

	fmt.Fprintf(stdout, "machine: %d cores, %s %s/%s\n", runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(stdout, "corpus: %d synthetic profiles (seed %d), %.1f MB of text\n", *size, *seed, mb)
	fmt.Fprintf(stdout, "indexing: %.1f s, %.0f profiles/s, %.2f MB/s (store + index); semantic space learned in %.1f s\n",
		indexing.Seconds(), float64(*size)/indexing.Seconds(), mb/indexing.Seconds(), learning.Seconds())
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
	prefix := fmt.Sprintf("Yxq/profiles=%d", *size)
	fmt.Fprintf(stdout, "Benchmark%s/index\t1\t%d ns/op\t%.2f MB/s\t%.0f profiles/s\n", prefix, indexing.Nanoseconds(), mb/indexing.Seconds(), float64(*size)/indexing.Seconds())
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
