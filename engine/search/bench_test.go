package search_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"yixianqian/bench"
	"yixianqian/engine"
	"yixianqian/segment/segmenttest"
)

// cslProfiles reads csl-dev's profiles from ../shared, or skips.
func cslProfiles(tb testing.TB) []engine.Profile {
	tb.Helper()
	f, err := os.Open("../../shared/data/csl-dev/profiles.jsonl")
	if err != nil {
		tb.Skipf("csl-dev not present: %v", err)
	}
	defer f.Close()
	ps, bad, err := engine.ReadProfiles(f)
	if err != nil || len(bad) > 0 {
		tb.Fatalf("csl-dev: %v %v", err, bad)
	}
	return ps
}

// BenchmarkImportCSLDev stores and indexes csl-dev's 797 profiles into a new
// bbolt file and bleve index, as 'yxq import' does; MB/s counts profile text.
func BenchmarkImportCSLDev(b *testing.B) {
	ps := cslProfiles(b)
	segmenttest.Shared(b)
	b.SetBytes(bench.ProfileTextBytes(ps))
	for b.Loop() {
		b.StopTimer()
		f := mustFixture(b, b.TempDir(), nil)
		b.StartTimer()
		if err := f.eng.PutProfiles(context.Background(), ps); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		f.close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(ps))*float64(b.N)/b.Elapsed().Seconds(), "profiles/s")
}

// BenchmarkReindexCSLDev rebuilds the index of csl-dev from the store.
func BenchmarkReindexCSLDev(b *testing.B) {
	ps := cslProfiles(b)
	f := mustFixture(b, b.TempDir(), nil)
	if err := f.eng.PutProfiles(context.Background(), ps); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(bench.ProfileTextBytes(ps))
	for b.Loop() {
		if _, err := f.eng.Reindex(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ps))*float64(b.N)/b.Elapsed().Seconds(), "profiles/s")
}

// BenchmarkDictionaryChangeCSLDev applies a dictionary change to csl-dev's
// profiles while the engine serves: the segmenter swap (a second gojieba
// instance while the first still answers) and the background reindex.
func BenchmarkDictionaryChangeCSLDev(b *testing.B) {
	ps := cslProfiles(b)
	f := mustFixture(b, b.TempDir(), nil)
	ctx := context.Background()
	e := f.eng
	if err := e.PutProfiles(ctx, ps); err != nil {
		b.Fatal(err)
	}
	staff := engine.Viewer{Role: engine.RoleAnalyst}
	for i := 0; b.Loop(); i++ {
		runtime.GC()
		before := bench.RSS()
		start := time.Now()
		if _, err := e.UpdateDictionary(ctx, staff, []engine.Word{{Text: fmt.Sprintf("测试词%d", i)}}, nil); err != nil {
			b.Fatal(err)
		}
		swapped := bench.RSS()
		if err := e.WaitDictionary(ctx); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "reindex-s")
		b.ReportMetric(float64(swapped-before)/1e6, "swap-rss-MB")
	}
}
