package search

import (
	"context"
	"fmt"
	"math"
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
	// bigramDF is the number of learned profiles each character bigram
	// occurs in, for choosing a query's informative bigrams.
	bigramDF map[string]int32
}

type semRow struct {
	id         string
	kind       engine.Kind
	counties   []string // the counties the profile serves
	industries []string
	zero       bool // no vector: none of its terms is in the vocabulary
	workOff    int
	workN      int
	// coherence is the mean cosine of the profile's works with the whole
	// profile: high for a profile on one topic, low for a broad one.
	coherence float32
}

func rowOf(p *engine.Profile) semRow {
	return semRow{id: p.ID, kind: p.Kind, counties: p.ServedCounties(), industries: p.Industries}
}

// profileTerms analyses a profile as the index does: the terms of its
// fields, keywords and industries, and those of each work.
func (s *Search) profileTerms(p *engine.Profile) (head []string, works [][]string) {
	head = s.semanticTerms(strings.Join(slices.Concat(p.Fields, p.Keywords, p.Industries), "\n"))
	distinct := engine.DistinctWorks(p)
	works = make([][]string, 0, len(distinct))
	for _, w := range distinct {
		works = append(works, s.semanticTerms(w.Title+"\n"+w.Text+"\n"+strings.Join(w.Keywords, " ")))
	}
	return head, works
}

// semanticTerms are the terms the latent space reads of text: the index's
// words and, with Options.SemanticBigrams, its character bigrams (marked
// apart from words).
func (s *Search) semanticTerms(text string) []string {
	terms := s.idx.Terms(text)
	if s.opts.SemanticBigrams {
		for _, b := range s.idx.BigramTerms(text) {
			terms = append(terms, bigramMark+b)
		}
	}
	return terms
}

// bigramMark sets a bigram apart from a word of the same two characters.
const bigramMark = "\x00"

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
	bigramDF := map[string]int32{}
	err := walk(ctx, func(p engine.Profile) error {
		for _, b := range uniq(s.idx.BigramTerms(profileText(&p))) {
			bigramDF[b]++
		}
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
	space := learnLSAIDs(docs, tt, lsaParams{Dim: s.opts.SemanticDim, Seed: 1, Whiten: s.opts.SemanticWhiten})
	si := &semIndex{space: space, learned: len(ls), byID: make(map[string]int, len(ls)), bigramDF: bigramDF}
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
	var coh float32
	for _, wv := range works {
		if wv != nil {
			si.works = append(si.works, wv...)
			row.workN++
			coh += dot(v, wv)
		}
	}
	if row.workN > 0 {
		row.coherence = coh / float32(row.workN)
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
		// The bigram frequencies are those of the learned corpus.
		bigramDF: si.bigramDF,
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
// used, so that it stays a cosine-like number in [-1, 1]. It also returns
// the best work's cosine.
func (si *semIndex) workScore(id string, qv []float32) (agg, best float64, ok bool) {
	i, ok := si.byID[id]
	if !ok || si.rows[i].workN == 0 {
		return 0, 0, false
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
	return sum / wsum, top[0], true
}

// profileText is all the text of a profile that is indexed.
func profileText(p *engine.Profile) string {
	parts := slices.Concat(p.Fields, p.Keywords, p.Industries)
	for _, w := range engine.DistinctWorks(p) {
		parts = append(parts, w.Title, w.Text)
		parts = append(parts, w.Keywords...)
	}
	for _, m := range p.Members {
		parts = append(parts, m.Fields...)
	}
	return strings.Join(parts, "\n")
}

// uniq returns the distinct strings of xs, in their first order.
func uniq(xs []string) []string {
	seen := make(map[string]bool, len(xs))
	out := xs[:0:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// semantic sets c's cosines with the query vector qv: the whole profile
// (when the proposal did not), its works, and the centre of the query's
// nearest profiles; and the profile's coherence.
func (si *semIndex) semantic(c *engine.Candidate, qv, centre, centre10 []float32) {
	i, ok := si.byID[c.ID]
	if !ok || si.rows[i].zero {
		return
	}
	dim := si.space.dim
	v := si.vecs[i*dim : (i+1)*dim]
	if !c.HasCosine {
		c.Cosine, c.HasCosine = float64(dot(qv, v)), true
	}
	c.Works, c.BestWork, c.HasWorks = si.workScore(c.ID, qv)
	if centre != nil {
		c.Feedback = float64(dot(centre, v))
	}
	if centre10 != nil {
		c.Feedback10 = float64(dot(centre10, v))
	}
	c.Coarse = coarseCosine(qv, v, coarseDim)
	c.Coherence = float64(si.rows[i].coherence)
}

// centre returns the unit vector of the mean of the first n hits' vectors,
// or nil when there are none.
func (si *semIndex) centre(hits []semHit, n int) []float32 {
	dim := si.space.dim
	sum := make([]float32, dim)
	used := 0
	for _, h := range hits[:min(n, len(hits))] {
		i := si.byID[h.id]
		for d, x := range si.vecs[i*dim : (i+1)*dim] {
			sum[d] += x
		}
		used++
	}
	if used == 0 || normalise(sum) == 0 {
		return nil
	}
	return sum
}

// informativeBigrams returns up to limit distinct bigrams of the query,
// rarest first by the learned corpus, leaving out those in more than
// maxShare of the profiles; without a learned corpus, the first limit.
func (si *semIndex) informativeBigrams(bigrams []string, limit int, maxShare float64) []string {
	bigrams = uniq(bigrams)
	if si == nil {
		return bigrams[:min(limit, len(bigrams))]
	}
	n := float64(max(si.learned, 1))
	out := bigrams[:0:0]
	for _, b := range bigrams {
		if df := si.bigramDF[b]; df > 0 && float64(df)/n <= maxShare {
			out = append(out, b)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return int(si.bigramDF[a] - si.bigramDF[b]) })
	return out[:min(limit, len(out))]
}

// rareBigrams returns the bigrams found in at most maxShare of the
// profiles: cheap to look up, and specific.
func (si *semIndex) rareBigrams(bigrams []string, maxShare float64) []string {
	n := float64(max(si.learned, 1))
	var out []string
	for _, b := range bigrams {
		if float64(si.bigramDF[b])/n <= maxShare {
			out = append(out, b)
		}
	}
	return out
}

// coarseDim is how many of the broadest latent dimensions the coarse
// cosine reads.
const coarseDim = 16

// coarseCosine is the cosine of a and b in their first n dimensions.
func coarseCosine(a, b []float32, n int) float64 {
	n = min(n, len(a))
	var ab, aa, bb float64
	for i := range n {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	if aa == 0 || bb == 0 {
		return 0
	}
	return ab / math.Sqrt(aa*bb)
}

// neighbourPool and neighbourCount size the cluster feature: each
// candidate's neighbourCount most similar among the neighbourPool
// candidates nearest the query.
const (
	neighbourPool  = 100
	neighbourCount = 10
)

// neighbours sets each candidate's Neighbours: the similarity-weighted mean
// query cosine of its most similar candidates.
func (si *semIndex) neighbours(cands []engine.Candidate) {
	dim := si.space.dim
	type member struct {
		v   []float32
		cos float64
	}
	var pool []member
	order := make([]int, 0, len(cands))
	for i := range cands {
		if cands[i].HasCosine {
			order = append(order, i)
		}
	}
	sort.Slice(order, func(a, b int) bool { return cands[order[a]].Cosine > cands[order[b]].Cosine })
	for _, i := range order[:min(neighbourPool, len(order))] {
		r := si.byID[cands[i].ID]
		pool = append(pool, member{si.vecs[r*dim : (r+1)*dim], cands[i].Cosine})
	}
	sims := make([]float64, len(pool))
	for i := range cands {
		r, ok := si.byID[cands[i].ID]
		if !ok || si.rows[r].zero {
			continue
		}
		v := si.vecs[r*dim : (r+1)*dim]
		for j := range pool {
			sims[j] = float64(dot(v, pool[j].v))
		}
		idx := make([]int, len(pool))
		for j := range idx {
			idx[j] = j
		}
		sort.Slice(idx, func(a, b int) bool { return sims[idx[a]] > sims[idx[b]] })
		var num, den float64
		taken := 0
		for _, j := range idx {
			if sims[j] >= 0.9999 {
				continue // itself
			}
			if taken == neighbourCount || sims[j] <= 0 {
				break
			}
			num += sims[j] * pool[j].cos
			den += sims[j]
			taken++
		}
		if den > 0 {
			cands[i].Neighbours = num / den
		}
	}
}
