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
