package bench_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"yixianqian/bench"
	"yixianqian/cmd/wire"
	"yixianqian/engine"
	"yixianqian/segment/segmenttest"
)

var update = flag.Bool("update", false, "rewrite the committed csl-dev baseline")

const cslDir = "../../shared/data/csl-dev"

// loadCSLDev reads csl-dev from ../shared, or skips when it is not there.
func loadCSLDev(tb testing.TB) ([]engine.Profile, []engine.Need, bench.Qrels) {
	tb.Helper()
	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join(cslDir, name))
		if err != nil {
			tb.Skipf("csl-dev not present: %v", err)
		}
		tb.Cleanup(func() { f.Close() })
		return f
	}
	ps, bad, err := engine.ReadProfiles(open("profiles.jsonl"))
	if err != nil || len(bad) > 0 {
		tb.Fatalf("profiles: %v %v", err, bad)
	}
	ns, bad, err := engine.ReadNeeds(open("needs.jsonl"))
	if err != nil || len(bad) > 0 {
		tb.Fatalf("needs: %v %v", err, bad)
	}
	q, err := bench.ReadQrels(open("qrels.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	return ps, ns, q
}

// TestCSLDevQualityGuard evaluates the default configuration on csl-dev and
// fails when nDCG@10 falls more than 0.01 below the committed baseline, or
// below 0.66 at all. Refresh the baseline on purpose with -update.
func TestCSLDevQualityGuard(t *testing.T) {
	ps, ns, q := loadCSLDev(t)
	ctx := context.Background()
	eng, closer, err := wire.TempOpener(segmenttest.Shared(t))(ctx, bench.DefaultConfig(), ps)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	rep, err := bench.Evaluate(ctx, eng, ns, q, bench.EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("csl-dev default: %v", rep.Metrics)
	path := filepath.Join("testdata", "csl-dev-baseline.json")
	if *update {
		b, _ := json.MarshalIndent(rep.Metrics, "", "  ")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read baseline (create it with -update): %v", err)
	}
	var base map[string]float64
	if err := json.Unmarshal(b, &base); err != nil {
		t.Fatal(err)
	}
	got := rep.Metrics[bench.MetricNDCG10]
	if got < base[bench.MetricNDCG10]-0.01 {
		t.Errorf("nDCG@10 = %.4f, more than 0.01 below the baseline %.4f", got, base[bench.MetricNDCG10])
	}
	if got < 0.66 {
		t.Errorf("nDCG@10 = %.4f, below the 0.66 the matching must reach", got)
	}
}
