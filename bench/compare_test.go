package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yixianqian/engine"
)

func TestRandomisationTest(t *testing.T) {
	a := make([]float64, 50)
	b := make([]float64, 50)
	for i := range a {
		a[i] = 0.5
		b[i] = 0.5
	}
	if p := RandomisationTest(a, b, 2000); p != 1 {
		t.Errorf("identical scores: p = %v, want 1", p)
	}
	for i := range b {
		b[i] = 0.6 // every need better by 0.1: no sign flip reaches the observed mean
	}
	if p := RandomisationTest(a, b, 2000); p > 0.001 {
		t.Errorf("consistent improvement: p = %v, want ≤ 0.001", p)
	}
	for i := range b {
		b[i] = 0.5 + 0.1*float64(i%2*2-1) // +0.1 and -0.1 alternate: mean difference 0
	}
	if p := RandomisationTest(a, b, 2000); p < 0.5 {
		t.Errorf("differences that cancel: p = %v, want ≥ 0.5", p)
	}
	if p := RandomisationTest(a, b[:3], 100); p != 1 {
		t.Errorf("unpaired lengths: p = %v, want 1", p)
	}
}

func TestLoadConfig(t *testing.T) {
	c, err := LoadConfig("jieba-bm25")
	if err != nil || !strings.Contains(string(c.Search), `"bm25"`) || c.Scoring.Model == nil || c.Scoring.Model.Features[0] != engine.FeatLexical {
		t.Errorf("LoadConfig(jieba-bm25) = %+v, %v", c, err)
	}
	if _, err := LoadConfig("nope"); err == nil || !strings.Contains(err.Error(), "default") {
		t.Errorf("unknown config: %v, want the known names listed", err)
	}
	path := filepath.Join(t.TempDir(), "heavy.json")
	os.WriteFile(path, []byte(`{"scoring": {"text_scale": 9, "slot": 0.5}, "search": {"semantic_dim": 32}}`), 0o644)
	c, err = LoadConfig(path)
	if err != nil || c.Name != "heavy" || c.Scoring.TextScale != 9 || c.Scoring.Slot != 0.5 || c.Scoring.County != 0.3 || string(c.Search) != `{"semantic_dim": 32}` {
		t.Errorf("LoadConfig(file) = %+v, %v; want defaults with three fields changed", c, err)
	}
	os.WriteFile(path, []byte(`{"scoring": {"text_scael": 9}}`), 0o644)
	if _, err := LoadConfig(path); err == nil || !strings.Contains(err.Error(), "text_scael") {
		t.Errorf("misspelt field: %v, want it named", err)
	}
}

func TestWriteReportIsSelfContained(t *testing.T) {
	rep := func(ndcg float64) *Report {
		r := &Report{Needs: 2, Metrics: map[string]float64{MetricNDCG10: ndcg, MetricP10: 0.3, MetricMRR: 0.5}}
		for i := range 2 {
			r.PerNeed = append(r.PerNeed, NeedResult{ID: string(rune('a' + i)), Metrics: map[string]float64{MetricNDCG10: ndcg}, Latency: time.Millisecond})
		}
		r.Latency = Summarise([]time.Duration{time.Millisecond, 2 * time.Millisecond})
		return r
	}
	c := &Comparison{Dataset: "tiny <set>", Profiles: 3, Needs: 2, Rel: 2, Results: []*ConfigResult{
		{Name: "base", Config: DefaultConfig(), Report: rep(0.4), Kinds: map[engine.Kind]KindBreakdown{engine.KindExpert: {Needs: 2, Metrics: map[string]float64{MetricNDCG10: 0.4}}}},
		{Name: "new", Config: DefaultConfig(), Report: rep(0.6), DeltaNDCG10: 0.2, PValue: 0.004, Kinds: map[engine.Kind]KindBreakdown{engine.KindExpert: {Needs: 2, Metrics: map[string]float64{MetricNDCG10: 0.6}}}},
	}}
	dir := t.TempDir()
	if err := WriteReport(dir, c); err != nil {
		t.Fatal(err)
	}
	h, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	page := string(h)
	for _, want := range []string{"<svg", "tiny &lt;set&gt;", "+0.2000 (p = 0.0040 **)", "每条需求的 nDCG@10 分布", "延迟分布"} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	for _, banned := range []string{"<script", "http://", "https://", "<link"} {
		if strings.Contains(strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, ""), banned) {
			t.Errorf("report.html contains %q: it must be self-contained", banned)
		}
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if !strings.Contains(string(md), "| new |") || !strings.Contains(string(md), "baseline") {
		t.Errorf("report.md:\n%s", md)
	}
	if _, err := os.Stat(filepath.Join(dir, "report.json")); err != nil {
		t.Error(err)
	}
}
