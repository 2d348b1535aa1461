package bench

import (
	"bytes"
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"yixianqian/engine"
)

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want float64
	}{
		{[]float64{3, 1, 2}, 2},      // odd: the middle one
		{[]float64{4, 1, 3, 2}, 2.5}, // even: (2 + 3) / 2
		{[]float64{7}, 7},
	} {
		if got := Median(c.xs); got != c.want {
			t.Errorf("Median(%v) = %v, want %v", c.xs, got, c.want)
		}
	}
	if !math.IsNaN(Median(nil)) {
		t.Error("Median(nil) is not NaN")
	}
}

// scaleRun makes a run whose import took wall seconds and whose HTTP
// load at one caller had a p50 of p50 ms.
func scaleRun(label string, profiles int, wall float64, p50 float64, load float64) ScaleRun {
	engine := "yxq"
	if label == "groonga" {
		engine = label
	}
	r := ScaleRun{Label: label, Engine: engine, Profiles: profiles, Revision: label + "-rev",
		Machine: Machine{Load: []float64{load, 1, 1}, LoadEnd: []float64{load + 1, 1, 1}}}
	r.Import.Wall = time.Duration(wall * float64(time.Second))
	ms := time.Duration(p50 * float64(time.Millisecond))
	r.Loads = []StageLoadResult{{LoadResult: LoadResult{Name: "http/callers=1", Callers: 1, Latency: LatencySummary{P50: ms}}}}
	return r
}

func TestScaleTablesMediansAndRatios(t *testing.T) {
	runs := []ScaleRun{
		scaleRun("groonga", 1000, 2, 40, 2), // listed first: must not decide the rows' order
		scaleRun("old", 1000, 10, 8, 1),
		scaleRun("new", 1000, 4, 2, 3),
		scaleRun("old", 1000, 14, 9, 1),
		scaleRun("old", 1000, 12, 7, 1),
		scaleRun("new", 1000, 6, 3, 1),
		scaleRun("old", 300, 1, 1, 1),
	}
	runs[1].Import.Index = 3 * time.Second // only old has it
	runs[0].Loads = nil                    // Groonga measured no latency here
	tables := ScaleTables(runs, []string{"old", "new", "groonga"})
	if len(tables) != 2 || tables[0].Profiles != 300 || tables[1].Profiles != 1000 {
		t.Fatalf("tables by size: %+v", tables)
	}
	tb := tables[1]
	if want := []int{3, 2, 1}; !equalInts(tb.Runs, want) {
		t.Errorf("runs per label = %v, want %v", tb.Runs, want)
	}
	if tb.LoadMin != 1 || tb.LoadMax != 4 { // new's first run: 3 at the start, 4 at the end
		t.Errorf("load range %v–%v, want 1–4", tb.LoadMin, tb.LoadMax)
	}
	var md bytes.Buffer
	if err := WriteScaleMarkdown(&md, tables); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	for _, want := range []string{
		"### 300 profiles", "### 1,000 profiles",
		"old (old-rev) ×3, new (new-rev) ×2, groonga (groonga-rev) ×1",
		"| figure | unit | old | new | groonga | new/old | new/groonga |",
		// import wall: old median(10, 14, 12) = 12, new median(4, 6) = 5,
		// groonga 2; new/old = 5/12 = 0.42, new/groonga = 5/2 = 2.50.
		"| s | 12.0 | 5.00 | 2.00 | 0.42 | 2.50 |",
		// profiles/s = 1000 / wall, each run's, then the median: old
		// median(100, 71.4, 83.3) = 83.3, new median(250, 166.7) = 208.3;
		// 208.3/83.3 = 2.50; groonga 500: 208.3/500 = 0.42.
		"| import: profiles per second | 1/s ↑ | 83.3 | 208 | 500 | 2.50 | 0.42 |",
		// store and index: only old's one run has it.
		"| 3.00 | – | – | – | – |",
		// http p50: old median(8, 9, 7) = 8, new median(2, 3) = 2.5,
		// groonga none: 2.5/8 = 0.31.
		"| http/callers=1 p50 | ms | 8.00 | 2.50 | – | 0.31 | – |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	if i, j := strings.Index(out, "import: wall"), strings.Index(out, "http/callers=1 p50"); i < 0 || j < i {
		t.Errorf("rows out of order (import after latency):\n%s", out)
	}

	// One build beside the peer: its ratio to the peer, whatever the
	// order; the peer alone: no ratio.
	md.Reset()
	WriteScaleMarkdown(&md, ScaleTables([]ScaleRun{runs[0], runs[2]}, []string{"groonga", "new"}))
	if !strings.Contains(md.String(), "| groonga | new | new/groonga |") || !strings.Contains(md.String(), "| s | 2.00 | 4.00 | 2.00 |") {
		t.Errorf("one build and the peer:\n%s", md.String())
	}
	md.Reset()
	WriteScaleMarkdown(&md, ScaleTables(runs[:1], nil))
	if !strings.Contains(md.String(), "| figure | unit | groonga |\n") {
		t.Errorf("the peer alone:\n%s", md.String())
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFiguresLeaveOutWhatWasNotMeasured(t *testing.T) {
	r := ScaleRun{Profiles: 100}
	r.Start.Ready = 1500 * time.Millisecond
	r.Loads = []StageLoadResult{
		{LoadResult: LoadResult{Name: "match/callers=1", Callers: 1, Throughput: 50, Latency: LatencySummary{P50: time.Millisecond}},
			Stages: map[string]LatencySummary{StageRetrieve: {P50: 400 * time.Microsecond, P99: 2 * time.Millisecond}}},
		{LoadResult: LoadResult{Name: "match/callers=2", Callers: 2, Throughput: 80, Latency: LatencySummary{P50: 2 * time.Millisecond}},
			Stages: map[string]LatencySummary{StageRetrieve: {P50: time.Millisecond}}},
	}
	got := map[string]float64{}
	for _, f := range r.Figures() {
		got[f.Key] = f.Value
	}
	want := map[string]float64{
		"start.ready": 1.5, "match/callers=1.p50": 1, "match/callers=1.retrieve.p50": 0.4, "match/callers=1.retrieve.p99": 2,
		"match/callers=2.p50": 2, "match/callers=2.rate": 80, // two callers: throughput, no stages
	}
	if len(got) != len(want) {
		t.Errorf("figures %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
}

func TestFormatValue(t *testing.T) {
	for v, want := range map[float64]string{1234567: "1,234,567", 250.4: "250", 12.34: "12.3", 0.456: "0.46", math.NaN(): "–"} {
		if got := FormatValue(v); got != want {
			t.Errorf("FormatValue(%v) = %q, want %q", v, got, want)
		}
	}
	if got := FormatRatio(Ratio(1, 3)); got != "0.33" {
		t.Errorf("ratio 1/3 = %s", got)
	}
	if got := FormatRatio(Ratio(219, 0.032)); got != "6,844" {
		t.Errorf("ratio 219/0.032 = %s, want 6,844", got)
	}
	if got := FormatRatio(Ratio(1, 0)); got != "–" {
		t.Errorf("ratio 1/0 = %s, want –", got)
	}
}

func TestParseServerTiming(t *testing.T) {
	got := ParseServerTiming("segment;dur=0.125, retrieve;dur=3.5, score;desc=x;dur=1, total;dur=abc, cache")
	want := map[string]time.Duration{"segment": 125 * time.Microsecond, "retrieve": 3500 * time.Microsecond, "score": time.Millisecond}
	if len(got) != len(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if ParseServerTiming("") != nil {
		t.Error("an empty header gave stages")
	}
}

func TestHTTPStageLoadReadsServerTiming(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/match" || r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		w.Header().Set("Server-Timing", "segment;dur=0.5, retrieve;dur=2, score;dur=1, total;dur=4")
		w.Write([]byte(`{"matches":[]}`))
	}))
	defer srv.Close()
	needs := []engine.Need{{ID: "n1", Description: "注塑模具冷却"}}
	r := HTTPStageLoad(context.Background(), srv.URL, "tok", needs, 2, 6)
	if r.Requests != 6 || r.Errors != 0 {
		t.Fatalf("requests %d errors %d", r.Requests, r.Errors)
	}
	if st := r.Stages[StageRetrieve]; st.N != 6 || st.P50 != 2*time.Millisecond {
		t.Errorf("retrieve stage %+v, want 6 of 2 ms", st)
	}
	if bad := HTTPStageLoad(context.Background(), srv.URL, "wrong", needs, 1, 3); bad.Errors != 3 {
		t.Errorf("refused requests counted %d errors, want 3", bad.Errors)
	}
}

func TestReadProcMem(t *testing.T) {
	m, err := ReadProcMem(0)
	if err != nil {
		t.Fatal(err)
	}
	if m.RSS <= 0 || m.AnonRSS <= 0 || m.Peak < m.RSS || m.AnonRSS > m.RSS {
		t.Errorf("implausible memory %+v", m)
	}
	if _, err := ReadProcMem(1 << 30); err == nil {
		t.Error("a process that does not exist has memory")
	}
	if l := LoadAverage(); len(l) != 3 || l[0] < 0 {
		t.Errorf("load average %v", l)
	}
}
