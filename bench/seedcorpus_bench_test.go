package bench

import (
	"testing"

	"yixianqian/engine"
)

// BenchmarkSeedCorpus measures generation from csl-dev (or the small seed
// when csl-dev is absent): profiles/s and MB/s of work text, 1,000
// profiles an operation.
func BenchmarkSeedCorpus(b *testing.B) {
	seeds := smallSeed()
	if ps, _ := mustSeedCSLDevOrNil(b); ps != nil {
		seeds = ps
	}
	c := mustSeedCorpus(b, seeds, SeedOptions{})
	const n = 1000
	profiles, text := 0, 0
	count := func(p engine.Profile) error {
		profiles++
		for _, w := range p.Works {
			text += len(w.Text)
		}
		return nil
	}
	b.ReportAllocs()
	for seed := uint64(1); b.Loop(); seed++ {
		if err := c.Each(n, seed, count); err != nil {
			b.Fatal(err)
		}
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(profiles)/sec, "profiles/s")
	b.ReportMetric(float64(text)/1e6/sec, "MB/s")
	b.ReportMetric(float64(text)/float64(profiles), "B/profile")
}

// BenchmarkNewSeedCorpus measures building the corpus from csl-dev (or the
// small seed): splitting, interning and linking neighbours.
func BenchmarkNewSeedCorpus(b *testing.B) {
	seeds := smallSeed()
	if ps, _ := mustSeedCSLDevOrNil(b); ps != nil {
		seeds = ps
	}
	b.ReportAllocs()
	for b.Loop() {
		mustSeedCorpus(b, seeds, SeedOptions{})
	}
}
