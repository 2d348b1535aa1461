package search

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"yixianqian/engine"
)

// semIndex holds the latent vector of every profile. It is immutable: a
// change builds a new one that replaces it atomically.
type semIndex struct {
	space   *lsaSpace
	learned int // profiles the space was learned from
	rows    []semRow
	byID    map[string]int
	vecs    []float32 // len(rows) × space.dim: whole-profile vectors
	works   []float32 // work vectors; row i's are works[workOff : workOff+workN*dim]
}

type semRow struct {
	id         string
	kind       engine.Kind
	counties   []string // the counties the profile serves
	industries []string
	zero       bool // no vector: none of its terms is in the vocabulary
	workOff    int
	workN      int
}

func rowOf(p *engine.Profile) semRow {
	return semRow{id: p.ID, kind: p.Kind, counties: p.ServedCounties(), industries: p.Industries}
}

// profileTerms analyses a profile as the index does: the terms of its
// fields, keywords and industries, and those of each work.
func (s *Search) profileTerms(p *engine.Profile) (head []string, works [][]string) {
	head = s.idx.Terms(strings.Join(slices.Concat(p.Fields, p.Keywords, p.Industries), "\n"))
	works = make([][]string, 0, len(p.Works))
	for _, w := range p.Works {
		works = append(works, s.idx.Terms(w.Title+"\n"+w.Text+"\n"+strings.Join(w.Keywords, " ")))
	}
	return head, works
}

// Learn learns the semantic space from the profiles walk yields and places
// each of them in it.
func (s *Search) Learn(ctx context.Context, walk engine.ProfileWalk) (engine.LearnReport, error) {
	start := time.Now()
	// A profile is kept as its row and its interned terms: the whole
	// profile first, then each work, whose ends are recorded.
	type learning struct {
		row  semRow
		ends []int
	}
	tt := newTermTable()
	var ls []learning
	var docs [][]int32
	err := walk(ctx, func(p engine.Profile) error {
		head, works := s.profileTerms(&p)
		ids := tt.intern(nil, head)
		l := learning{row: rowOf(&p), ends: []int{len(ids)}}
		for _, w := range works {
			ids = tt.intern(ids, w)
			l.ends = append(l.ends, len(ids))
		}
		ls = append(ls, l)
		docs = append(docs, ids)
		return nil
	})
	if err != nil {
		return engine.LearnReport{}, fmt.Errorf("learn: %w", err)
	}
	space := learnLSAIDs(docs, tt, lsaParams{Dim: s.opts.SemanticDim, Seed: 1})
	si := &semIndex{space: space, learned: len(ls), byID: make(map[string]int, len(ls))}
	for i, l := range ls {
		ids := docs[i]
		wvs := make([][]float32, 0, len(l.ends)-1)
		for j := 1; j < len(l.ends); j++ {
			wvs = append(wvs, space.vectorIDs(ids[l.ends[j-1]:l.ends[j]]))
		}
		si.put(l.row, space.vectorIDs(ids), wvs)
		docs[i] = nil // let the terms go as we go
	}
	space.col = nil // only for the learning corpus
	s.sem.Store(si)
	r := engine.LearnReport{Profiles: len(ls), Terms: len(space.idf), Dim: space.dim, Took: time.Since(start)}
	s.log.Info("learned the semantic space", "profiles", r.Profiles, "terms", r.Terms, "dim", r.Dim, "took", r.Took)
	return r, nil
}

// put adds or replaces a profile's row in si, which must not be shared
// yet: its row, its vector v (nil: none of its terms is known) and its
// works' vectors. A replaced row's old work vectors stay in si.works unused
// until the next Learn.
func (si *semIndex) put(row semRow, v []float32, works [][]float32) {
	id := row.id
	if v == nil {
		row.zero = true
		v = make([]float32, si.space.dim)
	}
	row.workOff = len(si.works)
	for _, wv := range works {
		if wv != nil {
			si.works = append(si.works, wv...)
			row.workN++
		}
	}
	if i, ok := si.byID[id]; ok {
		si.rows[i] = row
		copy(si.vecs[i*si.space.dim:], v)
		return
	}
	si.byID[id] = len(si.rows)
	si.rows = append(si.rows, row)
	si.vecs = append(si.vecs, v...)
}

// foldedProfile is a profile analysed for folding into an existing space.
type foldedProfile struct {
	p     *engine.Profile
	head  []string
	works [][]string
}

// with returns a copy of si with ps folded in: their vectors come from the
// existing space, which is not learned again.
func (si *semIndex) with(ps []foldedProfile) *semIndex {
	out := &semIndex{
		space:   si.space,
		learned: si.learned,
		rows:    slices.Clone(si.rows),
		byID:    make(map[string]int, len(si.byID)+len(ps)),
		vecs:    slices.Clone(si.vecs),
		works:   slices.Clone(si.works),
	}
	for k, v := range si.byID {
		out.byID[k] = v
	}
	for _, fp := range ps {
		wvs := make([][]float32, len(fp.works))
		for j, w := range fp.works {
			wvs[j] = si.space.vector(w)
		}
		out.put(rowOf(fp.p), si.space.vector(slices.Concat(append([][]string{fp.head}, fp.works...)...)), wvs)
	}
	return out
}

// semHit is a profile and its cosine similarity to a query.
type semHit struct {
	id  string
	cos float64
}

// search returns the n rows most similar to qv that pass keep (nil keeps
// all), best first.
// It stops early when ctx is done and then reports complete = false.
func (si *semIndex) search(ctx context.Context, qv []float32, n int, keep func(*semRow) bool) (hits []semHit, complete bool) {
	dim := si.space.dim
	h := make(minHeap, 0, n)
	complete = true
	for i := range si.rows {
		if i%4096 == 4095 && ctx.Err() != nil {
			complete = false
			break
		}
		r := &si.rows[i]
		if r.zero || keep != nil && !keep(r) {
			continue
		}
		c := float64(dot(qv, si.vecs[i*dim:(i+1)*dim]))
		if len(h) < n {
			h.push(semHit{r.id, c})
		} else if c > h[0].cos {
			h[0] = semHit{r.id, c}
			h.down(0)
		}
	}
	sort.Slice(h, func(a, b int) bool {
		if h[a].cos != h[b].cos {
			return h[a].cos > h[b].cos
		}
		return h[a].id < h[b].id
	})
	return h, complete
}

// minHeap keeps the best n hits with the worst at the root.
type minHeap []semHit

func (h *minHeap) push(x semHit) {
	*h = append(*h, x)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if s[p].cos <= s[i].cos {
			break
		}
		s[p], s[i] = s[i], s[p]
		i = p
	}
}

func (h minHeap) down(i int) {
	for {
		l, small := 2*i+1, i
		if l < len(h) && h[l].cos < h[small].cos {
			small = l
		}
		if r := l + 1; r < len(h) && h[r].cos < h[small].cos {
			small = r
		}
		if small == i {
			return
		}
		h[i], h[small] = h[small], h[i]
		i = small
	}
}

// cos returns the cosine similarity of profile id to qv, and whether the
// profile has a vector.
func (si *semIndex) cos(id string, qv []float32) (float64, bool) {
	i, ok := si.byID[id]
	if !ok || si.rows[i].zero {
		return 0, false
	}
	dim := si.space.dim
	return float64(dot(qv, si.vecs[i*dim:(i+1)*dim])), true
}

// workScore aggregates the cosines of a profile's works with qv the way
// expert finding does: best + second/2 + third/3, divided by the weights
// used, so that it stays a cosine-like number in [-1, 1].
func (si *semIndex) workScore(id string, qv []float32) (float64, bool) {
	i, ok := si.byID[id]
	if !ok || si.rows[i].workN == 0 {
		return 0, false
	}
	r := &si.rows[i]
	dim := si.space.dim
	var top [3]float64
	n := 0
	for w := range r.workN {
		off := r.workOff + w*dim
		c := float64(dot(qv, si.works[off:off+dim]))
		// keep the three best in descending order
		for j := range 3 {
			if j >= n || c > top[j] {
				copy(top[j+1:], top[j:2])
				top[j] = c
				n = min(n+1, 3)
				break
			}
		}
	}
	var sum, wsum float64
	for j := range n {
		sum += top[j] / float64(j+1)
		wsum += 1 / float64(j+1)
	}
	return sum / wsum, true
}
