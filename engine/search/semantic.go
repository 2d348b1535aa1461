package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
	// bigramDF is the number of learned profiles each character bigram
	// occurs in, for choosing a query's informative bigrams.
	bigramDF map[string]int32
	// seq is the store's profile sequence number the rows reflect, dict
	// the dictionary version the space was learned with.
	seq  uint64
	dict int
	// ivf narrows the nearest-profile search of a large space; nil: every
	// row is scanned.
	ivf *ivf
}

type semRow struct {
	id         string
	kind       engine.Kind
	counties   []string // the counties the profile serves
	industries []string
	zero       bool // no vector: none of its terms is in the vocabulary
}

func rowOf(p *engine.Profile) semRow {
	return semRow{id: p.ID, kind: p.Kind, counties: p.ServedCounties(), industries: p.Industries}
}

// profileTerms analyses a profile as the index does: the terms of its
// fields, keywords and industries, and of each of its distinct works.
func (s *Search) profileTerms(p *engine.Profile) []string {
	terms := s.idx.Terms(strings.Join(slices.Concat(p.Fields, p.Keywords, p.Industries), "\n"))
	for _, w := range engine.DistinctWorks(p) {
		terms = append(terms, s.idx.Terms(w.Title+"\n"+w.Text+"\n"+strings.Join(w.Keywords, " "))...)
	}
	return terms
}

// Learn learns the semantic space from the profiles walk yields, places
// each of them in it and saves it beside the index; see engine.Search.
// Past the sample size (Options.SemanticSample) the space is learned from
// a uniform sample of the profiles (reservoir sampling, seeded), and the
// others are placed in it by a second walk: the matrix and the sketches of
// learning are bounded by the sample (the table of terms seen still grows
// with the corpus's vocabulary).
func (s *Search) Learn(ctx context.Context, walk engine.ProfileWalk, seq uint64) (engine.LearnReport, error) {
	start := time.Now()
	dict := s.dict.Load().dict.Version
	sample := s.sampleSize()
	// The sample's profiles are kept as their interned terms, with their
	// rows; rows counts every profile.
	tt := newTermTable()
	var docs [][]int32
	var docRows []semRow
	rows := 0
	rng := rand.New(rand.NewPCG(1, 1))
	bigramDF := map[string]int32{}
	err := s.eachAnalysed(ctx, walk, true, nil, func(p *engine.Profile, terms, bigrams []string) error {
		for _, b := range bigrams {
			bigramDF[b]++
		}
		rows++
		switch {
		case len(docs) < sample:
			docs = append(docs, tt.intern(nil, terms))
			docRows = append(docRows, rowOf(p))
		default:
			if j := rng.IntN(rows); j < sample {
				docs[j] = tt.intern(docs[j][:0], terms)
				docRows[j] = rowOf(p)
			}
		}
		return nil
	})
	if err != nil {
		return engine.LearnReport{}, fmt.Errorf("learn: %w", err)
	}
	space, m := learnLSAMatrix(docs, tt, lsaParams{Dim: s.opts.SemanticDim, Seed: 1, Whiten: s.opts.SemanticWhiten})
	si := &semIndex{space: space, learned: rows, byID: make(map[string]int, rows), bigramDF: bigramDF, seq: seq, dict: dict}
	if rows == len(docs) {
		for i, r := range docRows {
			si.put(r, space.rowVector(m, i))
		}
	} else {
		inSample := make(map[string]int, len(docRows))
		for i, r := range docRows {
			inSample[r.id] = i
		}
		outside := func(p *engine.Profile) bool { _, ok := inSample[p.ID]; return !ok }
		err := s.eachAnalysed(ctx, walk, false, outside, func(p *engine.Profile, terms, _ []string) error {
			if i, ok := inSample[p.ID]; ok {
				si.put(rowOf(p), space.rowVector(m, i))
				return nil
			}
			si.put(rowOf(p), space.vector(terms))
			return nil
		})
		if err != nil {
			return engine.LearnReport{}, fmt.Errorf("learn: %w", err)
		}
		si.learned = len(si.rows)
	}
	space.col = nil // only for the learning corpus
	si.ivf = buildIVF(si, s.ivfMin())
	s.mu.Lock() // not between a fold-in's load and store
	s.sem.Store(si)
	s.mu.Unlock()
	s.learns.Add(1)
	rep := engine.LearnReport{Profiles: si.learned, Sample: len(docRows), Terms: len(space.idf), Dim: space.dim, Took: time.Since(start)}
	s.log.Info("learned the semantic space", "profiles", rep.Profiles, "sample", rep.Sample, "terms", rep.Terms, "dim", rep.Dim, "took", rep.Took)
	if err := s.save(si); err != nil {
		// Serving goes on; the next start learns again.
		s.log.Warn("semantic space not saved", "err", err)
	}
	return rep, nil
}

// eachAnalysed calls fn, in walk order, for every profile walk yields, with
// its terms and, with bigrams, its distinct character bigrams; analyse
// (nil: all) picks the profiles worth analysing, the others come with
// none. Profiles are analysed in batches on every core: segmenting is
// most of the time learning takes.
func (s *Search) eachAnalysed(ctx context.Context, walk engine.ProfileWalk, bigrams bool, analyse func(*engine.Profile) bool,
	fn func(p *engine.Profile, terms, bigrams []string) error) error {
	const batchSize = 256
	type analysed struct {
		p              engine.Profile
		terms, bigrams []string
	}
	batch := make([]analysed, 0, batchSize)
	flush := func() error {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for i := int(next.Add(1)) - 1; i < len(batch); i = int(next.Add(1)) - 1 {
					a := &batch[i]
					if analyse != nil && !analyse(&a.p) {
						continue
					}
					a.terms = s.profileTerms(&a.p)
					if bigrams {
						a.bigrams = uniq(s.idx.BigramTerms(profileText(&a.p)))
					}
				}
			})
		}
		wg.Wait()
		for i := range batch {
			if err := fn(&batch[i].p, batch[i].terms, batch[i].bigrams); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	err := walk(ctx, func(p engine.Profile) error {
		if batch = append(batch, analysed{p: p}); len(batch) == batchSize {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	return err
}

// put adds or replaces a profile's row in si, which must not be shared
// yet: its row and its vector v (nil: none of its terms is known). It
// returns the row's index.
func (si *semIndex) put(row semRow, v []float32) int {
	if v == nil {
		row.zero = true
		v = make([]float32, si.space.dim)
	}
	if i, ok := si.byID[row.id]; ok {
		si.rows[i] = row
		copy(si.vecs[i*si.space.dim:], v)
		return i
	}
	si.byID[row.id] = len(si.rows)
	si.rows = append(si.rows, row)
	si.vecs = append(si.vecs, v...)
	return len(si.rows) - 1
}

// foldedProfile is a profile analysed for folding into an existing space.
type foldedProfile struct {
	p     *engine.Profile
	terms []string
}

// with returns a copy of si with ps folded in: their vectors come from the
// existing space, which is not learned again. The copy reflects every
// write up to seq only when si reflected every write before it: a space
// that missed writes (saved before a crash, learned while profiles were
// written) keeps its number until a catch-up (Search.CaughtUp).
func (si *semIndex) with(ps []foldedProfile, seq uint64) *semIndex {
	reached := si.seq
	if seq == si.seq+1 {
		reached = seq
	}
	out := &semIndex{
		space:   si.space,
		learned: si.learned,
		seq:     reached,
		dict:    si.dict,
		rows:    slices.Clone(si.rows),
		byID:    make(map[string]int, len(si.byID)+len(ps)),
		vecs:    slices.Clone(si.vecs),
		// The bigram frequencies are those of the learned corpus.
		bigramDF: si.bigramDF,
	}
	for k, v := range si.byID {
		out.byID[k] = v
	}
	var w *ivfWriter
	if si.ivf != nil {
		w = si.ivf.writer()
	}
	dim := si.space.dim
	for _, fp := range ps {
		i := out.put(rowOf(fp.p), si.space.vector(fp.terms))
		if w != nil {
			w.place(i, out.vecs[i*dim:(i+1)*dim], dim)
		}
	}
	if w != nil {
		out.ivf = w.f
	}
	return out
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
