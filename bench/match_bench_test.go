package bench_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"yixianqian/bench"
	"yixianqian/cmd/wire"
	"yixianqian/engine"
	"yixianqian/engine/demo"
	"yixianqian/segment/segmenttest"
)

// BenchmarkMatch measures in-process Match on synthetic corpora of 10k and
// 100k profiles (explanations off), reporting p50 and p99 latency besides
// the mean. Building the 100k corpus takes a few minutes.
func BenchmarkMatch(b *testing.B) {
	for _, size := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("profiles=%d", size), func(b *testing.B) {
			ctx := context.Background()
			ps := demo.Synthetic(size, 1)
			eng, closer, err := wire.TempOpener(segmenttest.Shared(b))(ctx, bench.DefaultConfig(), ps)
			if err != nil {
				b.Fatal(err)
			}
			defer closer.Close()
			needs := demo.SyntheticNeeds(500, 2)
			var lat []time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				n := &needs[i%len(needs)]
				i++
				start := time.Now()
				if _, err := eng.MatchNeed(ctx, n, engine.MatchOptions{K: 10}); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			s := bench.Summarise(lat)
			b.ReportMetric(bench.Millis(s.P50), "p50-ms")
			b.ReportMetric(bench.Millis(s.P99), "p99-ms")
		})
	}
}

// BenchmarkRankerCost measures what the learned ranker adds to a match at
// 10k synthetic profiles: the default ranker (its neighbourhood features
// and its scoring) against the hand-set weights it replaced ("hand": the
// words and the plain cosine), each need matched by both in turn so the
// two see the same machine load. It reports both p50s and the difference.
func BenchmarkRankerCost(b *testing.B) {
	ctx := context.Background()
	ps := demo.Synthetic(10_000, 1)
	open := wire.TempOpener(segmenttest.Shared(b))
	var hand bench.Config
	for _, c := range bench.Configs() {
		if c.Name == "hand" {
			hand = c
		}
	}
	if hand.Name == "" {
		b.Fatal("no configuration named hand")
	}
	engines := make([]*engine.Engine, 2)
	for i, cfg := range []bench.Config{bench.DefaultConfig(), hand} {
		eng, closer, err := open(ctx, cfg, ps)
		if err != nil {
			b.Fatal(err)
		}
		defer closer.Close()
		engines[i] = eng
	}
	needs := demo.SyntheticNeeds(500, 2)
	lat := make([][]time.Duration, 2)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		n := &needs[i%len(needs)]
		for j := range engines {
			e := engines[(i+j)%2] // alternate which goes first
			start := time.Now()
			if _, err := e.MatchNeed(ctx, n, engine.MatchOptions{K: 10}); err != nil {
				b.Fatal(err)
			}
			lat[(i+j)%2] = append(lat[(i+j)%2], time.Since(start))
		}
		i++
	}
	learned, handSet := bench.Summarise(lat[0]).P50, bench.Summarise(lat[1]).P50
	b.ReportMetric(bench.Millis(learned), "learned-p50-ms")
	b.ReportMetric(bench.Millis(handSet), "hand-p50-ms")
	b.ReportMetric(bench.Millis(learned-handSet), "added-p50-ms")
}
