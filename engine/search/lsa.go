package search

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// This file learns the semantic channel: latent semantic analysis (LSA) of
// our own corpus, as classic reviewer-matching systems do. Documents become
// TF-IDF rows; a randomised truncated SVD (Halko, Martinsson and Tropp)
// finds the dim directions that explain most of the matrix; any text is
// then folded in as (TF-IDF row) × V and compared by cosine. No downloaded
// model is involved.

// lsaSpace maps term bags to unit vectors in the latent space.
type lsaSpace struct {
	// df is the document frequency of every term of the corpus, in or out
	// of the vocabulary, and ndocs the corpus size.
	df    map[string]int32
	ndocs int
	vocab map[string]int32
	idf   []float32
	dim   int
	// proj is V, terms × dim, row-major: the latent direction of each term,
	// each dimension scaled by its singular value to the power −Whiten.
	proj []float32
	// col maps the IDs of the term table the space was learned from to
	// columns (-1: not in the vocabulary); see matrix.
	col []int32
}

// lsaParams tune learning; zero values mean defaults.
type lsaParams struct {
	Dim       int     // latent dimensions (default 128)
	MinDF     int     // terms in fewer documents are dropped (default 2)
	MaxDFFrac float64 // terms in more than this share are dropped (default 0.5)
	PowerIter int     // power iterations (default 3)
	Seed      uint64
	// Whiten in [0, 1] divides each latent dimension by its singular
	// value to this power: 0 keeps the broad dimensions dominant, 1 weighs
	// every dimension alike.
	Whiten float64
}

// termTable interns terms as dense IDs, so a corpus is held as []int32
// rather than []string (a fifth of the memory at 100k profiles).
type termTable struct {
	ids   map[string]int32
	names []string
}

func newTermTable() *termTable { return &termTable{ids: map[string]int32{}} }

// intern appends the IDs of terms to dst.
func (t *termTable) intern(dst []int32, terms []string) []int32 {
	for _, s := range terms {
		id, ok := t.ids[s]
		if !ok {
			id = int32(len(t.names))
			t.ids[s] = id
			t.names = append(t.names, s)
		}
		dst = append(dst, id)
	}
	return dst
}

// learnLSA learns a space from documents given as term lists.
func learnLSA(docs [][]string, p lsaParams) *lsaSpace {
	tt := newTermTable()
	ids := make([][]int32, len(docs))
	for i, d := range docs {
		ids[i] = tt.intern(nil, d)
	}
	return learnLSAIDs(ids, tt, p)
}

// learnLSAIDs learns a space from documents given as interned term IDs.
func learnLSAIDs(docs [][]int32, tt *termTable, p lsaParams) *lsaSpace {
	s, _ := learnLSAMatrix(docs, tt, p)
	return s
}

// learnLSAMatrix is learnLSAIDs that also returns the TF-IDF matrix of
// docs, whose rows give the documents' vectors (rowVector). It consumes
// docs.
func learnLSAMatrix(docs [][]int32, tt *termTable, p lsaParams) (*lsaSpace, *csr) {
	if p.Dim <= 0 {
		p.Dim = 128
	}
	if p.MinDF <= 0 {
		p.MinDF = 2
	}
	if p.MaxDFFrac <= 0 {
		p.MaxDFFrac = 0.5
	}
	if p.PowerIter <= 0 {
		p.PowerIter = 3
	}
	df := make([]int32, len(tt.names))
	last := make([]int32, len(tt.names)) // 1 + index of the last doc that counted the term
	for i, d := range docs {
		for _, id := range d {
			if last[id] != int32(i+1) {
				last[id] = int32(i + 1)
				df[id]++
			}
		}
	}
	var terms []string
	maxDF := int32(max(int(p.MaxDFFrac*float64(len(docs))), p.MinDF))
	for id, n := range df {
		if n >= int32(p.MinDF) && n <= maxDF {
			terms = append(terms, tt.names[id])
		}
	}
	slices.Sort(terms) // deterministic columns
	s := &lsaSpace{vocab: make(map[string]int32, len(terms)), idf: make([]float32, len(terms)), df: make(map[string]int32, len(df)), ndocs: len(docs)}
	for id, n := range df {
		if n > 0 { // terms only of profiles the sample let go of are not kept
			s.df[tt.names[id]] = n
		}
	}
	for i, t := range terms {
		s.vocab[t] = int32(i)
		s.idf[i] = float32(math.Log(float64(len(docs)+1) / float64(df[tt.ids[t]]+1)))
	}
	// col maps a term ID of tt to its column, -1 when left out.
	s.col = make([]int32, len(tt.names))
	for id, name := range tt.names {
		c, ok := s.vocab[name]
		if !ok {
			c = -1
		}
		s.col[id] = c
	}
	m := s.matrix(docs)
	s.learnProjection(m, len(docs), len(terms), p)
	return s, m
}

// learnProjection finds the latent directions of the TF-IDF matrix a (docs ×
// terms) by a randomised truncated SVD and sets s.proj and s.dim.
func (s *lsaSpace) learnProjection(a *csr, ndocs, nterms int, p lsaParams) {
	l := min(p.Dim+10, ndocs, nterms)
	if l <= 0 {
		s.dim = 0
		return
	}
	// Y = A Ω with Gaussian Ω, then power iterations, orthonormalising each time.
	r := rand.New(rand.NewPCG(p.Seed, 0x15a))
	omega := mat.NewDense(nterms, l, nil)
	for i := range nterms {
		for j := range l {
			omega.Set(i, j, r.NormFloat64())
		}
	}
	y := a.mulDense(omega) // docs × l
	q := orthonormal(y)
	for range p.PowerIter {
		z := orthonormal(a.tmulDense(q)) // terms × l
		q = orthonormal(a.mulDense(z))
	}
	// B = Qᵀ A (l × terms); its SVD through the small l × l matrix B Bᵀ.
	bt := a.tmulDense(q) // Aᵀ Q = Bᵀ, terms × l
	var c mat.SymDense
	c.SymOuterK(1, bt.T())
	var eig mat.EigenSym
	if !eig.Factorize(&c, true) {
		s.dim = 0
		return
	}
	vals := eig.Values(nil) // ascending
	var w mat.Dense
	eig.VectorsTo(&w)
	dim := min(p.Dim, l)
	s.dim = dim
	s.proj = make([]float32, nterms*dim)
	// V = Bᵀ W S⁻¹, keeping the dim largest singular values.
	var v mat.Dense
	v.Mul(bt, &w) // terms × l
	for k := range dim {
		col := l - 1 - k
		sv := math.Sqrt(math.Max(vals[col], 0))
		if sv == 0 {
			continue
		}
		scale := 1 / sv / math.Pow(sv, p.Whiten)
		for t := range nterms {
			s.proj[t*dim+k] = float32(v.At(t, col) * scale)
		}
	}
}

// vector returns the unit latent vector of a term bag, nil when none of
// its terms is in the vocabulary.
func (s *lsaSpace) vector(terms []string) []float32 {
	cols := make([]int32, 0, len(terms))
	for _, t := range terms {
		if c, ok := s.vocab[t]; ok {
			cols = append(cols, c)
		}
	}
	return s.project(cols)
}

func (s *lsaSpace) columns(ids []int32) []int32 {
	cols := make([]int32, 0, len(ids))
	for _, id := range ids {
		if c := s.col[id]; c >= 0 {
			cols = append(cols, c)
		}
	}
	return cols
}

// project returns the unit latent vector of a bag of columns.
func (s *lsaSpace) project(cols []int32) []float32 {
	if s.dim == 0 {
		return nil
	}
	ids, vals := s.tfidf(cols)
	if len(ids) == 0 {
		return nil
	}
	out := make([]float32, s.dim)
	for i, id := range ids {
		row := s.proj[int(id)*s.dim : int(id+1)*s.dim]
		w := vals[i]
		for k, x := range row {
			out[k] += w * x
		}
	}
	if normalise(out) == 0 {
		return nil
	}
	return out
}

// tfidf returns the distinct columns of a bag and their L2-normalised
// (1+log tf)·idf weights.
func (s *lsaSpace) tfidf(cols []int32) ([]int32, []float32) {
	slices.Sort(cols)
	ids := slices.Compact(slices.Clone(cols))
	vals := make([]float32, len(ids))
	var norm float64
	j := 0
	for i, id := range ids {
		tf := 0
		for j < len(cols) && cols[j] == id {
			tf++
			j++
		}
		v := (1 + math.Log(float64(tf))) * float64(s.idf[id])
		vals[i] = float32(v)
		norm += v * v
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for i := range vals {
			vals[i] *= inv
		}
	}
	return ids, vals
}

// csr is a sparse docs × terms matrix.
type csr struct {
	rows, cols int
	ptr        []int
	idx        []int32
	val        []float32 // the TF-IDF weights as project computes them
}

// matrix builds the TF-IDF matrix of docs, sized in a first pass so that
// no slice grows by doubling. Each document's terms are released once its
// row is built (docs is consumed): the matrix holds what learning needs.
func (s *lsaSpace) matrix(docs [][]int32) *csr {
	nnz := 0
	for _, d := range docs {
		cols := s.columns(d)
		slices.Sort(cols)
		nnz += len(slices.Compact(cols))
	}
	m := &csr{rows: len(docs), cols: len(s.idf), ptr: make([]int, 1, len(docs)+1), idx: make([]int32, 0, nnz), val: make([]float32, 0, nnz)}
	for i, d := range docs {
		ids, vals := s.tfidf(s.columns(d))
		m.idx = append(m.idx, ids...)
		m.val = append(m.val, vals...)
		m.ptr = append(m.ptr, len(m.idx))
		docs[i] = nil
	}
	return m
}

// rowVector is project of the matrix's row r: the unit latent vector of
// that document, nil when it has no column.
func (s *lsaSpace) rowVector(m *csr, r int) []float32 {
	if s.dim == 0 || m.ptr[r] == m.ptr[r+1] {
		return nil
	}
	out := make([]float32, s.dim)
	for p := m.ptr[r]; p < m.ptr[r+1]; p++ {
		row := s.proj[int(m.idx[p])*s.dim : int(m.idx[p]+1)*s.dim]
		w := m.val[p]
		for k, x := range row {
			out[k] += w * x
		}
	}
	if normalise(out) == 0 {
		return nil
	}
	return out
}

// mulDense returns A·X for X of cols × k.
func (m *csr) mulDense(x *mat.Dense) *mat.Dense {
	_, k := x.Dims()
	out := mat.NewDense(m.rows, k, nil)
	xr := x.RawMatrix()
	or := out.RawMatrix()
	for r := range m.rows {
		orow := or.Data[r*or.Stride : r*or.Stride+k]
		for p := m.ptr[r]; p < m.ptr[r+1]; p++ {
			c, v := int(m.idx[p]), float64(m.val[p])
			xrow := xr.Data[c*xr.Stride : c*xr.Stride+k]
			for j, xv := range xrow {
				orow[j] += v * xv
			}
		}
	}
	return out
}

// tmulDense returns Aᵀ·X for X of rows × k.
func (m *csr) tmulDense(x *mat.Dense) *mat.Dense {
	_, k := x.Dims()
	out := mat.NewDense(m.cols, k, nil)
	xr := x.RawMatrix()
	or := out.RawMatrix()
	for r := range m.rows {
		xrow := xr.Data[r*xr.Stride : r*xr.Stride+k]
		for p := m.ptr[r]; p < m.ptr[r+1]; p++ {
			c, v := int(m.idx[p]), float64(m.val[p])
			orow := or.Data[c*or.Stride : c*or.Stride+k]
			for j, xv := range xrow {
				orow[j] += v * xv
			}
		}
	}
	return out
}

// orthonormal returns an orthonormal basis of x's columns by modified
// Gram-Schmidt, done twice for accuracy. (gonum's QR would build the full
// square Q, far too large for terms × l.) A column that vanishes is left 0.
func orthonormal(x *mat.Dense) *mat.Dense {
	r, c := x.Dims()
	cols := make([][]float64, c)
	for j := range c {
		cols[j] = mat.Col(nil, j, x)
	}
	for range 2 {
		for j := range c {
			for i := range j {
				var d float64
				for k, v := range cols[i] {
					d += v * cols[j][k]
				}
				for k, v := range cols[i] {
					cols[j][k] -= d * v
				}
			}
			var n float64
			for _, v := range cols[j] {
				n += v * v
			}
			n = math.Sqrt(n)
			for k := range cols[j] {
				if n > 1e-12 {
					cols[j][k] /= n
				} else {
					cols[j][k] = 0
				}
			}
		}
	}
	out := mat.NewDense(r, c, nil)
	for j := range c {
		out.SetCol(j, cols[j])
	}
	return out
}

// normalise scales v to unit length and returns its former length.
func normalise(v []float32) float64 {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	n = math.Sqrt(n)
	if n > 0 {
		inv := float32(1 / n)
		for i := range v {
			v[i] *= inv
		}
	}
	return n
}

// dot returns the dot product of two vectors of the same length, with
// four accumulators so the additions need not wait for each other.
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// rare returns the terms found in at most maxFrac of the documents.
func (s *lsaSpace) rare(terms []string, maxFrac float64) []string {
	maxDF := int32(maxFrac * float64(s.ndocs))
	var out []string
	for _, t := range terms {
		if s.df[t] <= maxDF {
			out = append(out, t)
		}
	}
	return out
}

// informative returns the distinct terms of a query worth looking up in the
// full-text index, rarest first, at most limit of them: terms the corpus
// never saw cannot match and are dropped, and so are terms in more than
// maxFrac of its documents (when it has 50 or more), whose long posting
// lists cost much and say little.
func (s *lsaSpace) informative(terms []string, limit int, maxFrac float64) []string {
	maxDF := int32(maxFrac * float64(s.ndocs))
	if s.ndocs < 50 {
		maxDF = int32(s.ndocs) // too few profiles to call a term common
	}
	seen := make(map[string]bool, len(terms))
	out := make([]string, 0, len(terms))
	for _, t := range terms {
		if seen[t] {
			continue
		}
		seen[t] = true
		if d := s.df[t]; d > 0 && d <= maxDF {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return int(s.df[a] - s.df[b]) })
	return out[:min(limit, len(out))]
}
