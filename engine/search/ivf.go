package search

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
)

// The nearest profiles in the latent space are found by a scan of every
// vector up to ivfMinRows profiles. Past that, an inverted file (IVF)
// narrows the scan: the vectors are clustered by spherical k-means into
// about √N lists, a query scans the lists of its nearest centroids only,
// and more lists when the filters leave too few rows. Its recall against
// the full scan is measured by ScanRecall.
const (
	ivfMinRows = 20000
	// ivfProbeShare is the share of the lists a query scans (at least
	// ivfMinProbe of them).
	ivfProbeShare = 0.1
	ivfMinProbe   = 8
	ivfIterations = 8
	ivfSample     = 60000 // rows k-means learns the centroids from
)

// ivf is an inverted file over the rows of a semIndex. Like the semIndex
// it is immutable once shared: folding in copies the lists it changes.
type ivf struct {
	k         int
	centroids []float32 // k × dim, unit
	lists     [][]int32 // rows per centroid
	// vecs holds each list's vectors together, in list order: a list is
	// read from one stretch of memory, not from rows all over the index.
	vecs   [][]float32
	assign []int32 // centroid per row
}

// buildIVF clusters the rows of si; nil below minRows rows.
func buildIVF(si *semIndex, minRows int) *ivf {
	n, dim := len(si.rows), si.space.dim
	if n < minRows || dim == 0 {
		return nil
	}
	k := max(16, int(math.Sqrt(float64(n))))
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	sample := make([]int, 0, min(n, ivfSample))
	for i := range n {
		if !si.rows[i].zero {
			sample = append(sample, i)
		}
	}
	if len(sample) > ivfSample {
		rng.Shuffle(len(sample), func(a, b int) { sample[a], sample[b] = sample[b], sample[a] })
		sample = sample[:ivfSample]
	}
	if len(sample) < k {
		return nil
	}
	vec := func(i int) []float32 { return si.vecs[i*dim : (i+1)*dim] }
	// Start from k distinct sample rows, then Lloyd's iterations with the
	// centroids renormalised (spherical k-means: similarity is the dot
	// product of unit vectors).
	cent := make([]float32, k*dim)
	for c, j := range rng.Perm(len(sample))[:k] {
		copy(cent[c*dim:], vec(sample[j]))
	}
	near := make([]int32, len(sample))
	sum := make([]float64, k*dim)
	for range ivfIterations {
		for s, i := range sample {
			near[s] = nearestCentroid(cent, k, dim, vec(i))
		}
		clear(sum)
		for s, i := range sample {
			c := int(near[s])
			for d, x := range vec(i) {
				sum[c*dim+d] += float64(x)
			}
		}
		for c := range k {
			var norm float64
			for _, x := range sum[c*dim : (c+1)*dim] {
				norm += x * x
			}
			if norm == 0 { // an empty list keeps its centroid
				continue
			}
			inv := 1 / math.Sqrt(norm)
			for d := range dim {
				cent[c*dim+d] = float32(sum[c*dim+d] * inv)
			}
		}
	}
	f := &ivf{k: k, centroids: cent, assign: make([]int32, n)}
	for i := range n {
		f.assign[i] = nearestCentroid(cent, k, dim, vec(i))
	}
	return f.withLists(si)
}

func nearestCentroid(cent []float32, k, dim int, v []float32) int32 {
	best, bestDot := int32(0), float32(math.Inf(-1))
	for c := range k {
		if d := dot(v, cent[c*dim:(c+1)*dim]); d > bestDot {
			best, bestDot = int32(c), d
		}
	}
	return best
}

// withLists builds the lists and their vectors from assign.
func (f *ivf) withLists(si *semIndex) *ivf {
	dim := si.space.dim
	f.lists, f.vecs = make([][]int32, f.k), make([][]float32, f.k)
	for i, c := range f.assign {
		f.lists[c] = append(f.lists[c], int32(i))
		f.vecs[c] = append(f.vecs[c], si.vecs[i*dim:(i+1)*dim]...)
	}
	return f
}

// ivfWriter places rows in a copy of an ivf: the assignments and the list
// headers are copied once, each list the first time it changes.
type ivfWriter struct {
	f      *ivf
	copied []bool
}

func (f *ivf) writer() *ivfWriter {
	return &ivfWriter{f: &ivf{k: f.k, centroids: f.centroids, lists: slices.Clone(f.lists), vecs: slices.Clone(f.vecs), assign: slices.Clone(f.assign)}, copied: make([]bool, f.k)}
}

// own copies list c and its vectors the first time it changes.
func (w *ivfWriter) own(c int32) {
	if !w.copied[c] {
		w.f.lists[c] = slices.Clone(w.f.lists[c])
		w.f.vecs[c] = slices.Clone(w.f.vecs[c])
		w.copied[c] = true
	}
}

// place puts row i (new when i == len(assign)) with vector v in the list
// of its nearest centroid.
func (w *ivfWriter) place(i int, v []float32, dim int) {
	f := w.f
	c := nearestCentroid(f.centroids, f.k, dim, v)
	if i < len(f.assign) {
		old := f.assign[i]
		w.own(old)
		at := slices.Index(f.lists[old], int32(i))
		if old == c {
			copy(f.vecs[c][at*dim:], v) // a new vector in the same list
			return
		}
		f.lists[old] = slices.Delete(f.lists[old], at, at+1)
		f.vecs[old] = slices.Delete(f.vecs[old], at*dim, (at+1)*dim)
		f.assign[i] = c
	} else {
		f.assign = append(f.assign, c)
	}
	w.own(c)
	f.lists[c] = append(f.lists[c], int32(i))
	f.vecs[c] = append(f.vecs[c], v...)
}

// probe returns the lists nearest qv, nearest first.
func (f *ivf) probe(qv []float32, dim int) []int32 {
	sims := make([]float32, f.k)
	order := make([]int32, f.k)
	for c := range f.k {
		sims[c], order[c] = dot(qv, f.centroids[c*dim:(c+1)*dim]), int32(c)
	}
	slices.SortFunc(order, func(a, b int32) int {
		switch {
		case sims[a] > sims[b]:
			return -1
		case sims[a] < sims[b]:
			return 1
		}
		return int(a - b)
	})
	return order
}

// searchIVF is semIndex.search over the nearest lists: it scans the
// nearest ivfProbeShare of them, then further lists one by one until n
// rows that pass keep are found.
func (si *semIndex) searchIVF(ctx context.Context, qv []float32, n int, keep func(*semRow) bool) (minHeap, bool) {
	dim := si.space.dim
	f := si.ivf
	order := f.probe(qv, dim)
	probe := max(ivfMinProbe, int(math.Ceil(ivfProbeShare*float64(f.k))))
	h := make(minHeap, 0, n)
	for p, c := range order {
		if p >= probe && len(h) >= n {
			break
		}
		if p%16 == 15 && ctx.Err() != nil {
			return h, false
		}
		vecs := f.vecs[c]
		for j, i := range f.lists[c] {
			si.consider(&h, int(i), vecs[j*dim:(j+1)*dim], qv, n, keep)
		}
	}
	return h, true
}

// ScanRecall measures the inverted file against the scan of every vector:
// the mean share of the n profiles nearest each text's vector that the
// search finds. It is 1 when the space has no inverted file, 0 when no
// space is learned.
func (s *Search) ScanRecall(ctx context.Context, texts []string, n int) float64 {
	si := s.sem.Load()
	if si == nil {
		return 0
	}
	var sum float64
	queries := 0
	for _, text := range texts {
		terms, _ := s.queryTerms(text)
		qv := si.space.vector(terms)
		if qv == nil {
			continue
		}
		exact, _ := si.scan(ctx, qv, n, nil)
		got, _ := si.search(ctx, qv, n, nil)
		found := map[string]bool{}
		for _, h := range got {
			found[h.id] = true
		}
		hit := 0
		for _, h := range exact {
			if found[h.id] {
				hit++
			}
		}
		if len(exact) > 0 {
			sum += float64(hit) / float64(len(exact))
			queries++
		}
	}
	if queries == 0 {
		return 0
	}
	return sum / float64(queries)
}
