package search

import (
	"math"
	"slices"
	"testing"

	"yixianqian/engine"
)

// TestLSAFindsSharedTopicWithoutSharedWords learns a space from two topics
// and checks that a query shares a topic, not only words, with documents:
// doc 2 has no word of the query but is of the query's topic.
func TestLSAFindsSharedTopicWithoutSharedWords(t *testing.T) {
	pump := [][]string{
		{"水泵", "叶轮", "汽蚀"},
		{"水泵", "叶轮", "效率"},
		{"叶轮", "效率", "汽蚀", "流道"},
		{"水泵", "流道", "效率"},
	}
	tea := [][]string{
		{"茶叶", "采摘", "杀青"},
		{"茶叶", "杀青", "揉捻"},
		{"采摘", "揉捻", "茶园"},
		{"茶叶", "茶园", "采摘"},
	}
	docs := append(append([][]string{}, pump...), tea...)
	s := learnLSA(docs, lsaParams{Dim: 2, MinDF: 1, MaxDFFrac: 1, Seed: 7})
	if s.dim != 2 {
		t.Fatalf("dim = %d, want 2", s.dim)
	}
	q := s.vector([]string{"水泵", "汽蚀"})
	if q == nil {
		t.Fatal("query has no vector")
	}
	cos := func(d []string) float64 { return float64(dot(q, s.vector(d))) }
	// Doc 3 ("水泵 流道 效率") shares 水泵; doc {"流道", "效率"} shares no word.
	noShared := cos([]string{"流道", "效率"})
	for i, d := range tea {
		if c := cos(d); c >= noShared {
			t.Errorf("tea doc %d: cos %.3f ≥ %.3f of a pump doc sharing no word", i, c, noShared)
		}
	}
	if noShared < 0.5 {
		t.Errorf("pump doc sharing no word: cos %.3f, want ≥ 0.5", noShared)
	}
	// Vectors are unit length.
	var n float64
	for _, x := range q {
		n += float64(x) * float64(x)
	}
	if math.Abs(n-1) > 1e-5 {
		t.Errorf("|q|² = %v, want 1", n)
	}
	if v := s.vector([]string{"无关词"}); v != nil {
		t.Errorf("vector of unknown words = %v, want nil", v)
	}
}

func TestLSAEmptyCorpus(t *testing.T) {
	s := learnLSA(nil, lsaParams{})
	if s.dim != 0 || s.vector([]string{"x"}) != nil {
		t.Errorf("empty corpus: dim %d", s.dim)
	}
}

// TestSignalArithmetic checks the semantic signals on a hand-made space of
// two dimensions:
//
//	coarse cosine of (1, 1) and (1, 0) in their first dimension = 1·1/(1·1) = 1
//	centre of hits a (1, 0) and b (0, 1) = (1, 1)/√2
//	neighbours of c (0.6, 0.8): its similarity to a is 0.6 and to b 0.8;
//	   (0.6·cos a + 0.8·cos b) / (0.6 + 0.8) = (0.6·0.9 + 0.8·0.5) / 1.4 = 0.671428…
func TestSignalArithmetic(t *testing.T) {
	if got := coarseCosine([]float32{1, 1}, []float32{1, 0}, 1); math.Abs(got-1) > 1e-9 {
		t.Errorf("coarse cosine = %v, want 1", got)
	}
	si := &semIndex{space: &lsaSpace{dim: 2}, byID: map[string]int{}}
	si.put(semRow{id: "a"}, []float32{1, 0})
	si.put(semRow{id: "b"}, []float32{0, 1})
	si.put(semRow{id: "c"}, []float32{0.6, 0.8})
	centre := si.centre([]semHit{{"a", 0.9}, {"b", 0.5}}, 5)
	if math.Abs(float64(centre[0])-math.Sqrt(0.5)) > 1e-6 || math.Abs(float64(centre[1])-math.Sqrt(0.5)) > 1e-6 {
		t.Errorf("centre = %v, want (1, 1)/√2", centre)
	}
	cands := []engine.Candidate{{ID: "a", Cosine: 0.9, HasCosine: true}, {ID: "b", Cosine: 0.5, HasCosine: true}, {ID: "c", Cosine: 0.2, HasCosine: true}}
	si.neighbours(cands)
	if want := (0.6*0.9 + 0.8*0.5) / 1.4; math.Abs(cands[2].Neighbours-want) > 1e-6 {
		t.Errorf("neighbours of c = %v, want %v", cands[2].Neighbours, want)
	}
}

func TestInformativeTerms(t *testing.T) {
	// 100 documents: 常见 in 40 of them, 中等 in 10, 罕见 in 2.
	var docs [][]string
	for i := range 100 {
		d := []string{"填充"}
		if i < 40 {
			d = append(d, "常见")
		}
		if i < 10 {
			d = append(d, "中等")
		}
		if i < 2 {
			d = append(d, "罕见")
		}
		docs = append(docs, d)
	}
	s := learnLSA(docs, lsaParams{Dim: 2})
	q := []string{"常见", "中等", "未见过", "罕见", "中等"}
	// 常见 (40%) is over the 30% share, 未见过 never occurs; rarest first, no repeats.
	if got, want := s.informative(q, 10, 0.3), []string{"罕见", "中等"}; !slices.Equal(got, want) {
		t.Errorf("informative = %v, want %v", got, want)
	}
	if got := s.informative(q, 1, 0.3); !slices.Equal(got, []string{"罕见"}) {
		t.Errorf("limit 1: %v", got)
	}
	if got := s.informative(q, 10, 0.5); len(got) != 3 {
		t.Errorf("share 0.5 should keep 常见 too: %v", got)
	}
}
