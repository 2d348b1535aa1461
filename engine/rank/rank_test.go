package rank

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
)

// plantedLists makes lists where feature 0 tells relevant candidates from
// the others, feature 1 is noise, and feature 2 points the wrong way.
func plantedLists(n int, seed uint64) []List {
	r := rand.New(rand.NewPCG(seed, 1))
	var out []List
	for range n {
		var l List
		for c := range 40 {
			g := 0
			if c < 4 {
				g = 2
			}
			x0 := r.Float64()*0.5 + float64(g)*0.3
			l.X = append(l.X, []float64{x0, r.Float64(), 1 - x0})
			l.Grades = append(l.Grades, g)
		}
		l.IDCG = IdealDCG(l.Grades, 10)
		out = append(out, l)
	}
	return out
}

func TestTrainFindsThePlantedFeature(t *testing.T) {
	lists := plantedLists(60, 7)
	w, val := Train(lists, 3, TrainOptions{NonNegative: true})
	// Any weights with w0 > w2 and no weight on the noise rank by x0.
	if w[0] <= w[2] || w[1] > 0.01 || val < 0.95 {
		t.Errorf("weights %v, nDCG %.3f: want feature 0 above 2, no weight on the noise, nDCG near 1", w, val)
	}
	if sum := math.Abs(w[0]) + math.Abs(w[1]) + math.Abs(w[2]); math.Abs(sum-1) > 1e-9 {
		t.Errorf("weights sum to %v, want 1", sum)
	}
	// Uniform weights do worse: training helped.
	uniform := make([][]float64, len(lists))
	var u float64
	for q, l := range lists {
		uniform[q] = make([]float64, len(l.X))
		for c, x := range l.X {
			uniform[q][c] = x[0] + x[1] + x[2]
		}
		u += NDCG(&lists[q], uniform[q], 10)
	}
	if u/float64(len(lists)) >= val {
		t.Errorf("uniform weights reach %.3f, trained %.3f", u/float64(len(lists)), val)
	}
}

func TestTopKMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for range 200 {
		scores := make([]float64, 1+r.IntN(30))
		for i := range scores {
			scores[i] = float64(r.IntN(6)) // many ties
		}
		idx := make([]int, len(scores))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
		want := idx[:min(10, len(idx))]
		if got := topK(scores, 10); !slices.Equal(got, want) {
			t.Fatalf("topK(%v) = %v, want %v", scores, got, want)
		}
	}
}

// TestCalibrateRecoversALogistic draws labels from a known logistic of the
// score and checks the fit finds it, that probabilities rise with the
// score and stay in [0, 1], and that the calibration error is small.
func TestCalibrateRecoversALogistic(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	truth := Platt{A: 4, B: -2}
	var scores []float64
	var labels []bool
	for range 20000 {
		s := r.Float64()
		scores = append(scores, s)
		labels = append(labels, r.Float64() < truth.Prob(s))
	}
	p := Calibrate(scores, labels)
	if math.Abs(p.A-truth.A) > 0.3 || math.Abs(p.B-truth.B) > 0.2 {
		t.Errorf("Calibrate = %+v, want about %+v", p, truth)
	}
	probs := make([]float64, len(scores))
	for i, s := range scores {
		probs[i] = p.Prob(s)
		if probs[i] < 0 || probs[i] > 1 {
			t.Fatalf("Prob(%v) = %v outside [0, 1]", s, probs[i])
		}
	}
	for s := -1.0; s < 2; s += 0.25 {
		if p.Prob(s+0.25) <= p.Prob(s) {
			t.Errorf("Prob does not rise from %v to %v", s, s+0.25)
		}
	}
	if ece := ECE(probs, labels, 10); ece > 0.02 {
		t.Errorf("ECE = %.4f, want under 0.02", ece)
	}
	// A calibration that says 0.9 for everything is far off.
	bad := make([]float64, len(scores))
	for i := range bad {
		bad[i] = 0.9
	}
	if ece := ECE(bad, labels, 10); ece < 0.3 {
		t.Errorf("ECE of a constant 0.9 = %.4f, want large", ece)
	}
}

func TestFoldsNeverShareAnID(t *testing.T) {
	var ids []string
	for i := range 887 {
		ids = append(ids, "q"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+string(rune('0'+i%10))+strings.Repeat("y", i/26))
	}
	folds := Folds(ids, 5)
	seen := map[string]int{}
	for f, fold := range folds {
		if len(fold) < 887/5 || len(fold) > 887/5+1 {
			t.Errorf("fold %d has %d ids", f, len(fold))
		}
		for _, id := range fold {
			if g, ok := seen[id]; ok {
				t.Fatalf("%s is in folds %d and %d", id, g, f)
			}
			seen[id] = f
		}
	}
	if len(seen) != len(ids) {
		t.Errorf("%d of %d ids in a fold", len(seen), len(ids))
	}
	// The split does not depend on the order of the ids.
	rev := slices.Clone(ids)
	slices.Reverse(rev)
	if again := Folds(rev, 5); !slices.Equal(again[0], folds[0]) {
		t.Error("folds depend on the order of the ids")
	}
}

func TestParseRefusesWhatItCannotUse(t *testing.T) {
	known := []string{"lexical", "cosine"}
	for _, tc := range []struct {
		name, file, want string
	}{
		{"newer format", `{"format": 2, "name": "m", "features": ["lexical"], "weights": [1], "calibration": {"a": 1, "b": 0}}`, "format 2"},
		{"unknown feature", `{"format": 1, "name": "m", "features": ["lexical", "colour"], "weights": [0.5, 0.5], "calibration": {"a": 1, "b": 0}}`, `"colour"`},
		{"weights do not fit", `{"format": 1, "name": "m", "features": ["lexical"], "weights": [0.5, 0.5], "calibration": {"a": 1, "b": 0}}`, "1 features and 2 weights"},
		{"unknown field", `{"format": 1, "name": "m", "features": ["lexical"], "weights": [1], "calibration": {"a": 1, "b": 0}, "bias": 3}`, "bias"},
		{"no format", `{"name": "m", "features": ["lexical"], "weights": [1], "calibration": {"a": 1, "b": 0}}`, "no format"},
	} {
		_, err := Parse([]byte(tc.file), known)
		if !errors.Is(err, ErrModel) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Parse = %v, want ErrModel mentioning %q", tc.name, err, tc.want)
		}
	}
	m, err := Parse([]byte(`{"format": 1, "name": "ok", "features": ["cosine", "lexical"], "weights": [0.7, 0.3], "calibration": {"a": 2, "b": -1}}`), known)
	if err != nil || m.Score([]float64{1, 1}) != 1 {
		t.Errorf("a good model: %v, %+v", err, m)
	}
	b, _ := m.Marshal()
	if again, err := Parse(b, known); err != nil || again.Name != "ok" || again.Format != FormatVersion {
		t.Errorf("round trip: %v %+v", err, again)
	}
}
