package bench

import (
	"math"
	"strings"
	"testing"
	"time"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMetricsByHand(t *testing.T) {
	// Judgements: a=2, b=1, c=2; d and e unjudged (grade 0).
	grades := map[string]int{"a": 2, "b": 1, "c": 2}
	log2 := math.Log2
	tests := []struct {
		name   string
		ranked []string
		metric func([]string) float64
		want   float64
	}{
		// DCG@3 of [d a b] = 0/1 + 2/log2(3) + 1/log2(4); ideal [2 2 1] = 2 + 2/log2(3) + 1/2.
		{"ndcg@3", []string{"d", "a", "b"}, func(r []string) float64 { return NDCG(r, grades, 3) },
			(2/log2(3) + 1.0/2) / (2 + 2/log2(3) + 1.0/2)},
		// Perfect order gives 1.
		{"ndcg perfect", []string{"a", "c", "b"}, func(r []string) float64 { return NDCG(r, grades, 10) }, 1},
		// Fewer results than k: the missing places add nothing; ideal keeps all three.
		{"ndcg short list", []string{"c"}, func(r []string) float64 { return NDCG(r, grades, 10) },
			2 / (2 + 2/log2(3) + 1.0/2)},
		// P@5 divides by 5 even when only 3 are returned: a and c are relevant (grade ≥ 2).
		{"p@5 short list", []string{"a", "b", "c"}, func(r []string) float64 { return Precision(r, grades, 5, 2) }, 2.0 / 5},
		// With rel = 1, b counts too.
		{"p@3 rel 1", []string{"a", "b", "d"}, func(r []string) float64 { return Precision(r, grades, 3, 1) }, 2.0 / 3},
		// First relevant (grade ≥ 2) at rank 3.
		{"rr", []string{"d", "b", "c"}, func(r []string) float64 { return ReciprocalRank(r, grades, 2) }, 1.0 / 3},
		{"rr none", []string{"d", "e"}, func(r []string) float64 { return ReciprocalRank(r, grades, 2) }, 0},
		// AP: relevant a at 2 (1/2), c at 4 (2/4); R = 2 → (0.5 + 0.5)/2.
		{"ap", []string{"d", "a", "b", "c"}, func(r []string) float64 { return AveragePrecision(r, grades, 2) }, 0.5},
		// AP with one relevant never found: (1/1 + 0)/2.
		{"ap missing", []string{"a", "d"}, func(r []string) float64 { return AveragePrecision(r, grades, 2) }, 0.5},
		// Recall@2: one of the two relevant in the first two places.
		{"recall@2", []string{"a", "b", "c"}, func(r []string) float64 { return Recall(r, grades, 2, 2) }, 0.5},
	}
	for _, tt := range tests {
		if got := tt.metric(tt.ranked); !near(got, tt.want) {
			t.Errorf("%s(%v) = %.6f, want %.6f", tt.name, tt.ranked, got, tt.want)
		}
	}
}

func TestMetricsWithoutRelevantDocuments(t *testing.T) {
	none := map[string]int{"x": 0}
	r := []string{"a", "x"}
	for name, v := range Score(r, none, 2) {
		if v != 0 {
			t.Errorf("%s with no relevant documents = %v, want 0", name, v)
		}
	}
	if v := NDCG(nil, map[string]int{"a": 2}, 10); v != 0 {
		t.Errorf("nDCG of an empty ranking = %v", v)
	}
}

// TestTiesAreTakenAsRanked documents that the metrics read the list as
// ranked: breaking ties is the ranker's job (Match orders equal scores by
// ID), so swapping two tied documents changes the numbers.
func TestTiesAreTakenAsRanked(t *testing.T) {
	grades := map[string]int{"a": 2}
	if NDCG([]string{"a", "b"}, grades, 2) == NDCG([]string{"b", "a"}, grades, 2) {
		t.Error("nDCG ignores order")
	}
}

func TestReadQrels(t *testing.T) {
	q, err := ReadQrels(strings.NewReader("q1\t0\tp1\t2\nq1 0 p2 1\n\n# comment\nq2 0 p1 0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if q["q1"]["p1"] != 2 || q["q1"]["p2"] != 1 || len(q["q2"]) != 1 {
		t.Errorf("qrels = %v", q)
	}
	for _, bad := range []string{"q1 0 p1", "q1 0 p1 two"} {
		if _, err := ReadQrels(strings.NewReader("q 0 p 1\n" + bad)); err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("ReadQrels(%q) err = %v, want line 2 named", bad, err)
		}
	}
}

func TestWriteRun(t *testing.T) {
	var b strings.Builder
	err := WriteRun(&b, map[string][]RunEntry{"q2": {{"p1", 0.5}}, "q1": {{"p2", 2}, {"p1", 1}}}, "yxq")
	if err != nil {
		t.Fatal(err)
	}
	want := "q1 Q0 p2 1 2.000000 yxq\nq1 Q0 p1 2 1.000000 yxq\nq2 Q0 p1 1 0.500000 yxq\n"
	if b.String() != want {
		t.Errorf("run =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestSummarise(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	s := Summarise(ds)
	if s.P50 != 50*time.Millisecond || s.P95 != 95*time.Millisecond || s.P99 != 99*time.Millisecond || s.Max != 100*time.Millisecond {
		t.Errorf("Summarise = %+v", s)
	}
	if (Summarise(nil) != LatencySummary{}) {
		t.Error("Summarise(nil) not zero")
	}
}
