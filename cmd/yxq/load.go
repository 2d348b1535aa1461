package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"text/tabwriter"
	"time"

	"yixianqian/bench"
	"yixianqian/cmd/wire"
	"yixianqian/engine/demo"
	"yixianqian/segment"
)

func cmdLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("load", stderr)
	size := fs.Int("profiles", 10000, "synthetic profiles to serve")
	duration := fs.Duration("duration", 60*time.Second, "how long to offer load (at most 10m)")
	rps := fs.Float64("rate", 150, "requests per second offered")
	callers := fs.Int("callers", 8, "concurrent clients")
	dictDir := fs.String("dict-dir", "", "`directory` with gojieba's dictionary files")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *size < 1 || *rps <= 0 || *callers < 1 || *duration <= 0 || *duration > 10*time.Minute {
		return usagef("--profiles, --rate and --callers must be positive and --duration at most 10m")
	}
	seg, err := segment.Open(&segment.Options{DictDir: *dictDir})
	if err != nil {
		return err
	}
	defer seg.Close()
	ps := demo.Synthetic(*size, 1)
	fmt.Fprintf(stderr, "indexing %d synthetic profiles…\n", *size)
	eng, closer, err := wire.TempOpener(seg)(ctx, bench.DefaultConfig(), ps)
	if err != nil {
		return err
	}
	defer closer.Close()
	base, token, stop, err := serveForLoad(ctx, eng)
	if err != nil {
		return err
	}
	defer stop()

	ids := make([]string, 0, 1000)
	for _, p := range ps[:min(1000, len(ps))] {
		ids = append(ids, p.ID)
	}
	runtime.GC()
	type sample struct {
		at  time.Duration
		rss int64
	}
	samples := []sample{{0, bench.RSS()}}
	res := bench.MixedLoad(ctx, bench.MixedOptions{
		Base: base, Token: token, Needs: demo.SyntheticNeeds(500, 2), ReadIDs: ids,
		Rate: *rps, Duration: *duration, Callers: *callers,
		Sample:      func(at time.Duration) { samples = append(samples, sample{at, bench.RSS()}) },
		SampleEvery: 10 * time.Second,
	})
	samples = append(samples, sample{*duration, bench.RSS()})

	fmt.Fprintf(stdout, "machine: %d cores, %s; %d synthetic profiles; %.0f req/s offered by %d clients for %s on loopback\n",
		runtime.NumCPU(), runtime.Version(), *size, *rps, *callers, *duration)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\trequests\terrors\tp50 ms\tp99 ms\treq/s\t")
	for _, k := range []string{"match", "read", "write"} {
		r := res.Kinds[k]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%.2f\t%.1f\t\n", k, r.Requests, r.Errors, bench.Millis(r.Latency.P50), bench.Millis(r.Latency.P99), r.Throughput)
	}
	fmt.Fprintf(tw, "all\t%d\t%d\t\t\t%.1f\t\n", res.Requests, res.Errors, res.Throughput)
	tw.Flush()
	fmt.Fprint(stdout, "RSS:")
	for _, s := range samples {
		fmt.Fprintf(stdout, " %ds %.0f MB;", int(s.at.Seconds()), float64(s.rss)/1e6)
	}
	fmt.Fprintln(stdout)
	if res.Errors > 0 {
		return fmt.Errorf("load: %d of %d requests failed", res.Errors, res.Requests)
	}
	return nil
}
