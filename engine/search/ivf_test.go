package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"yixianqian/engine"
)

// clustered builds a semIndex of n unit vectors around 40 topics, one row
// in a hundred a team.
func clustered(n, dim int) *semIndex {
	rng := rand.New(rand.NewPCG(1, 2))
	topics := make([][]float32, 40)
	for t := range topics {
		topics[t] = make([]float32, dim)
		for d := range dim {
			topics[t][d] = float32(rng.NormFloat64())
		}
	}
	si := &semIndex{space: &lsaSpace{dim: dim}, byID: map[string]int{}}
	for i := range n {
		v := make([]float32, dim)
		for d, x := range topics[rng.IntN(len(topics))] {
			v[d] = x + 0.6*float32(rng.NormFloat64())
		}
		normalise(v)
		kind := engine.KindExpert
		if i%100 == 0 {
			kind = engine.KindTeam
		}
		si.put(semRow{id: fmt.Sprintf("p%05d", i), kind: kind}, v)
	}
	return si
}

func checkLists(t *testing.T, f *ivf, rows int, vec func(i int32) []float32) {
	t.Helper()
	for c, list := range f.lists {
		if len(f.vecs[c]) != len(list)*len(f.centroids)/f.k {
			t.Fatalf("list %d: %d rows, %d vector values", c, len(list), len(f.vecs[c]))
		}
		dim := len(f.centroids) / f.k
		for j, i := range list {
			if !slices.Equal(f.vecs[c][j*dim:(j+1)*dim], vec(i)) {
				t.Fatalf("list %d holds another vector for row %d", c, i)
			}
		}
	}
	if len(f.assign) != rows {
		t.Fatalf("%d assignments for %d rows", len(f.assign), rows)
	}
	seen := make([]int, rows)
	for c, list := range f.lists {
		for _, i := range list {
			seen[i]++
			if f.assign[i] != int32(c) {
				t.Fatalf("row %d in list %d, assigned to %d", i, c, f.assign[i])
			}
		}
	}
	if i := slices.IndexFunc(seen, func(n int) bool { return n != 1 }); i >= 0 {
		t.Fatalf("row %d is in %d lists", i, seen[i])
	}
}

// TestInvertedFile checks the inverted file: every row in one list, its
// recall@50 against the full scan, filters that leave few rows, and rows
// placed in a copy without changing the shared one.
func TestInvertedFile(t *testing.T) {
	const n, dim = 20000, 32
	si := clustered(n, dim)
	if buildIVF(si, n+1) != nil {
		t.Fatal("an inverted file below its threshold")
	}
	si.ivf = buildIVF(si, 1000)
	if si.ivf == nil || si.ivf.k != 141 {
		t.Fatalf("inverted file %v; want √20000 = 141 lists", si.ivf)
	}
	rowVec := func(i int32) []float32 { return si.vecs[int(i)*dim : int(i+1)*dim] }
	checkLists(t, si.ivf, n, rowVec)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	var recall float64
	const queries = 50
	for range queries {
		q := slices.Clone(si.vecs[rng.IntN(n)*dim:][:dim])
		for d := range q {
			q[d] += 0.3 * float32(rng.NormFloat64())
		}
		normalise(q)
		exact, _ := si.scan(ctx, q, 50, nil)
		got, complete := si.search(ctx, q, 50, nil)
		if !complete || len(got) != 50 {
			t.Fatalf("search found %d (complete %v)", len(got), complete)
		}
		ids := map[string]bool{}
		for _, h := range got {
			ids[h.id] = true
		}
		for _, h := range exact {
			if ids[h.id] {
				recall++
			}
		}
		teams, _ := si.search(ctx, q, 150, func(r *semRow) bool { return r.kind == engine.KindTeam })
		if len(teams) != 150 {
			t.Fatalf("a filter passing 200 rows: %d of 150 found", len(teams))
		}
	}
	if recall /= queries * 50; recall < 0.9 {
		t.Errorf("recall@50 %.3f; want at least 0.9", recall)
	}
	t.Logf("recall@50 %.3f over %d queries, %d lists", recall, queries, si.ivf.k)

	before := slices.Clone(si.ivf.assign)
	w := si.ivf.writer()
	moved := slices.Clone(si.vecs[7*dim:][:dim])
	for d := range moved {
		moved[d] = -moved[d] // another topic
	}
	w.place(3, moved, dim)
	w.place(n, moved, dim)
	same := slices.Clone(rowVec(9))
	same[0] += 1e-4 // a little change: the same list, a new vector
	w.place(9, same, dim)
	checkLists(t, w.f, n+1, func(i int32) []float32 {
		switch i {
		case 3, n:
			return moved
		case 9:
			return same
		}
		return rowVec(i)
	})
	if w.f.assign[3] != w.f.assign[n] {
		t.Error("two rows with one vector in different lists")
	}
	if !slices.Equal(si.ivf.assign, before) {
		t.Error("placing rows changed the shared inverted file")
	}
	checkLists(t, si.ivf, n, rowVec)
}
