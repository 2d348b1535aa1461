package search

import (
	"context"
	"math"
	"slices"
	"sort"

	"yixianqian/engine"
)

// This file computes the semantic signals of a query's candidates: the
// nearest profiles (the proposal), and per candidate the cosine, the
// cosine with the centre of the nearest profiles (pseudo relevance
// feedback), the coarse cosine and the neighbours' cosine.

// semantic sets c's cosines with the query vector qv: the whole profile
// (when the proposal did not) and, with centres (the query's 5 and 10
// nearest profiles), the cosines with them and in its broadest dimensions.
func (si *semIndex) semantic(c *engine.Candidate, qv []float32, centres *[2][]float32) {
	i, ok := si.byID[c.ID]
	if !ok || si.rows[i].zero {
		return
	}
	dim := si.space.dim
	v := si.vecs[i*dim : (i+1)*dim]
	if !c.HasCosine {
		c.Cosine, c.HasCosine = float64(dot(qv, v)), true
	}
	if centres == nil {
		return
	}
	if centres[0] != nil {
		c.Feedback = float64(dot(centres[0], v))
	}
	if centres[1] != nil {
		c.Feedback10 = float64(dot(centres[1], v))
	}
	c.Coarse = coarseCosine(qv, v, coarseDim)
}

// semHit is a profile and its cosine similarity to a query.
type semHit struct {
	id  string
	cos float64
}

// search returns the n rows most similar to qv that pass keep (nil keeps
// all), best first: over the nearest lists of the inverted file when there
// is one, else over every row. It stops early when ctx is done and then
// reports complete = false.
func (si *semIndex) search(ctx context.Context, qv []float32, n int, keep func(*semRow) bool) (hits []semHit, complete bool) {
	var h minHeap
	if si.ivf != nil {
		h, complete = si.searchIVF(ctx, qv, n, keep)
	} else {
		h, complete = si.scan(ctx, qv, n, keep)
	}
	sort.Slice(h, func(a, b int) bool {
		if h[a].cos != h[b].cos {
			return h[a].cos > h[b].cos
		}
		return h[a].id < h[b].id
	})
	return h, complete
}

// scan is search over every row.
func (si *semIndex) scan(ctx context.Context, qv []float32, n int, keep func(*semRow) bool) (minHeap, bool) {
	dim := si.space.dim
	h := make(minHeap, 0, n)
	for i := range si.rows {
		if i%4096 == 4095 && ctx.Err() != nil {
			return h, false
		}
		si.consider(&h, i, si.vecs[i*dim:(i+1)*dim], qv, n, keep)
	}
	return h, true
}

// consider keeps row i, whose vector is v, in h, the best n so far, if it
// passes keep and beats the worst of them.
func (si *semIndex) consider(h *minHeap, i int, v, qv []float32, n int, keep func(*semRow) bool) {
	c := float64(dot(qv, v))
	if len(*h) == n && c <= (*h)[0].cos {
		return // most rows: their row is not even read
	}
	r := &si.rows[i]
	if r.zero || keep != nil && !keep(r) {
		return
	}
	if len(*h) < n {
		h.push(semHit{r.id, c})
	} else if c > (*h)[0].cos {
		(*h)[0] = semHit{r.id, c}
		h.down(0)
	}
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
	// best holds the most similar pool members of a candidate, most
	// similar first: a bounded insertion, not a sort of the whole pool.
	type near struct {
		sim float64
		j   int
	}
	best := make([]near, 0, neighbourCount+1)
	for i := range cands {
		r, ok := si.byID[cands[i].ID]
		if !ok || si.rows[r].zero {
			continue
		}
		v := si.vecs[r*dim : (r+1)*dim]
		best = best[:0]
		for j := range pool {
			sim := float64(dot(v, pool[j].v))
			if sim >= 0.9999 || sim <= 0 {
				continue // itself, or not alike
			}
			if len(best) == neighbourCount && sim <= best[neighbourCount-1].sim {
				continue
			}
			k := len(best)
			if k < neighbourCount {
				best = append(best, near{})
			} else {
				k = neighbourCount - 1
			}
			for k > 0 && best[k-1].sim < sim {
				best[k] = best[k-1]
				k--
			}
			best[k] = near{sim, j}
		}
		var num, den float64
		for _, b := range best {
			num += b.sim * pool[b.j].cos
			den += b.sim
		}
		if den > 0 {
			cands[i].Neighbours = num / den
		}
	}
}
