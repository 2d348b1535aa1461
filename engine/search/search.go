package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"yixianqian/engine"
	"yixianqian/index"
	"yixianqian/segment"
)

// Options configure Open; nil means DefaultOptions.
type Options struct {
	// Index sets the analyzer and the full-text scoring model of a new
	// index (an existing one keeps its own).
	Index index.Options `json:"index"`
	// Keywords, Titles and Texts weigh the profile fields inside the
	// full-text score: research fields and keywords above titles above
	// long texts. Names and organisations are not matched against needs.
	Keywords float64 `json:"keywords"`
	Titles   float64 `json:"titles"`
	Texts    float64 `json:"texts"`
	// QueryTerms caps the terms of a need looked up in the full-text index
	// (rarest first); 0 looks up every term. QueryBigrams caps its
	// character bigrams likewise (with index bigram fields).
	QueryTerms   int `json:"query_terms"`
	QueryBigrams int `json:"query_bigrams"`
	// MaxTermShare drops query terms found in more than this share of the
	// profiles from the full-text lookup.
	MaxTermShare float64 `json:"max_term_share"`
	// RareShare: once the semantic space is learned, the full-text index
	// proposes candidates only for need terms found in at most this share
	// of the profiles (cheap, short posting lists); it then scores every
	// candidate of either channel with all the looked-up terms. 0 lets the
	// full-text index propose candidates for all looked-up terms.
	RareShare float64 `json:"rare_share"`
	// SemanticDim is the number of latent dimensions learned; 0 learns no
	// semantic space (retrieval is lexical only).
	SemanticDim int `json:"semantic_dim"`
	// SemanticWhiten in [0, 1] evens out the latent dimensions: each is
	// divided by its singular value to this power.
	SemanticWhiten float64 `json:"semantic_whiten"`
	// SemanticIVFMin is the number of profiles from which the nearest
	// profiles are looked up in an inverted file instead of by a scan of
	// every vector (0: 20,000; negative: always scan).
	SemanticIVFMin int `json:"semantic_ivf_min,omitempty"`
	// SemanticSample is the number of profiles the space is learned from
	// at most: a larger corpus is sampled, and the others are placed in
	// the learned space (0: 100,000; negative: every profile). A sample
	// costs quality on a small corpus (csl-dev learned from half its
	// profiles: nDCG@10 0.646 against 0.687): it bounds the memory of
	// learning a corpus of millions.
	SemanticSample int `json:"semantic_sample,omitempty"`

	// Segmenter cuts text; NewSegmenter builds one for a changed
	// dictionary (without it the dictionary cannot change). Segmenters
	// the Search builds are closed by it; Segmenter is the caller's.
	Segmenter *segment.Segmenter `json:"-"`
	// SegmenterDict is the dictionary version Segmenter was built with.
	SegmenterDict int                                                    `json:"-"`
	NewSegmenter  func(words []segment.Word) (*segment.Segmenter, error) `json:"-"`
	// Logger receives operational messages (default: discarded).
	Logger *slog.Logger `json:"-"`
}

// DefaultOptions returns the retrieval the service runs with, chosen on
// csl-dev (bench/results/matching.md and quality.md): keywords ×3, titles
// ×2, texts ×1, the 16 most informative need words and 24 bigrams, none
// found in over 30% of profiles, rare ones (≤1%) proposing, 64 latent
// dimensions evened out by the square root of their singular values.
func DefaultOptions() Options {
	return Options{Index: index.DefaultOptions(), Keywords: 3, Titles: 2, Texts: 1, QueryTerms: 16, QueryBigrams: 24, MaxTermShare: 0.3, RareShare: 0.01, SemanticDim: 64, SemanticWhiten: 0.5}
}

// Search implements engine.Search over a bleve index (package index) and a
// latent semantic space learned from the profiles (LSA).
type Search struct {
	idx  *index.Index
	opts Options
	log  *slog.Logger

	// sem is the semantic channel; nil until Learn has run.
	sem atomic.Pointer[semIndex]
	// dict is the dictionary in use; prevSeg the segmenter of the previous
	// one while profiles are being reindexed with the new one.
	dict    atomic.Pointer[dictState]
	prevSeg atomic.Pointer[segment.Segmenter]
	owned   sync.Map // segmenters the Search made, which it closes
	// mu serialises changes of the semantic index (Apply's fold-in) and of
	// the segmenter; segDict is the dictionary version the index's
	// segmenter knows.
	mu      sync.Mutex
	segDict int

	// dir is the index directory; the semantic space is saved beside it.
	dir string
	// saved is the semantic index last saved or loaded; loaded says the
	// space was loaded at Open, loadErr why a saved one was not.
	saved   atomic.Pointer[semIndex]
	loaded  bool
	loadErr error
	learns  atomic.Int64 // learning runs since Open
}

var _ engine.Search = (*Search)(nil)

// Open opens (creating when missing) the index in dir. An index that cannot
// be read, or was written by an older version, is removed and created anew:
// it records no store sequence number, so the engine rebuilds it.
func Open(dir string, opts *Options) (*Search, error) {
	o := DefaultOptions()
	if opts != nil {
		o = *opts
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	idx, err := index.Open(dir, o.Segmenter, &o.Index)
	if errors.Is(err, index.ErrCorrupt) {
		log.Warn("index unreadable; removing it to rebuild from the store", "path", dir, "err", err)
		if rmErr := os.RemoveAll(dir); rmErr != nil {
			return nil, fmt.Errorf("%w; removing it failed: %w", err, rmErr)
		}
		idx, err = index.Open(dir, o.Segmenter, &o.Index)
	}
	if err != nil {
		return nil, err
	}
	o.Index = idx.Options()
	s := &Search{idx: idx, opts: o, log: log, segDict: o.SegmenterDict, dir: dir}
	s.dict.Store(newDictState(engine.Dictionary{}))
	if o.SemanticDim > 0 {
		s.load()
	}
	return s, nil
}

// load loads the saved semantic space, if any; one that cannot be used is
// noted in loadErr and left for the engine to learn again.
func (s *Search) load() {
	start := time.Now()
	si, err := s.loadSnapshot()
	switch {
	case errors.Is(err, errNoSnapshot):
	case err != nil:
		s.loadErr = err
		s.log.Warn("saved semantic space not used; it will be learned again", "err", err)
	default:
		switch {
		case si.ivf == nil && len(si.rows) >= s.ivfMin():
			si.ivf = buildIVF(si, s.ivfMin())
		case si.ivf != nil && len(si.rows) < s.ivfMin():
			si.ivf = nil
		default:
			s.saved.Store(si) // as saved
		}
		s.sem.Store(si)
		s.loaded = true
		s.log.Info("loaded the saved semantic space", "profiles", len(si.rows), "seq", si.seq, "dictionary", si.dict, "took", time.Since(start))
	}
}

// save saves si unless it is what was saved last.
func (s *Search) save(si *semIndex) error {
	if si == nil || s.saved.Load() == si {
		return nil
	}
	if err := s.saveSnapshot(si); err != nil {
		return err
	}
	s.saved.Store(si)
	return nil
}

// Close saves the semantic space if it changed since it was saved, and
// closes the index and the segmenters the Search made.
func (s *Search) Close() error {
	if err := s.save(s.sem.Load()); err != nil {
		s.log.Warn("semantic space not saved", "err", err)
	}
	err := s.idx.Close()
	s.owned.Range(func(k, _ any) bool {
		k.(*segment.Segmenter).Close()
		return true
	})
	return err
}

// Compact merges the index's segments into one (index.Index.Compact): for
// after a bulk import, which leaves many.
func (s *Search) Compact(ctx context.Context) (before, after int, err error) {
	return s.idx.Compact(ctx)
}

// sampleSize is the number of profiles the space is learned from at most.
func (s *Search) sampleSize() int {
	switch n := s.opts.SemanticSample; {
	case n < 0:
		return math.MaxInt
	case n == 0:
		return 100000
	default:
		return n
	}
}

// ivfMin is the number of profiles from which the space gets an inverted
// file.
func (s *Search) ivfMin() int {
	switch n := s.opts.SemanticIVFMin; {
	case n < 0:
		return math.MaxInt
	case n == 0:
		return ivfMinRows
	default:
		return n
	}
}

// Options returns the options in use.
func (s *Search) Options() Options { return s.opts }

// Apply analyses and indexes ps and records seq; see engine.Search.
func (s *Search) Apply(ctx context.Context, ps []engine.Profile, seq uint64) error {
	docs := make([]index.Document, len(ps))
	version := s.dict.Load().dict.Version
	for i := range ps {
		docs[i] = profileDoc(&ps[i])
		docs[i].DictVersion = version
	}
	if err := s.idx.Apply(ctx, docs, nil, seq); err != nil {
		return err
	}
	s.foldIn(ps, seq)
	return nil
}

// foldIn gives changed profiles their vectors in the current semantic space.
func (s *Search) foldIn(ps []engine.Profile, seq uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	si := s.sem.Load()
	if si == nil || len(ps) == 0 {
		return
	}
	fps := make([]foldedProfile, len(ps))
	for i := range ps {
		fps[i] = foldedProfile{&ps[i], s.profileTerms(&ps[i])}
	}
	s.sem.Store(si.with(fps, seq))
}

// CaughtUp implements engine.Search.
func (s *Search) CaughtUp(seq uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if si := s.sem.Load(); si != nil && si.seq < seq {
		c := *si // every field is shared read-only; only the number differs
		c.seq = seq
		s.sem.Store(&c)
	}
}

// Reset empties the full-text index. The semantic space stays: it is of
// the stored profiles, not of the index, and the rebuild's Apply places
// them in it again.
func (s *Search) Reset(ctx context.Context) error {
	return s.idx.Reset()
}

// State returns what the index records of itself.
func (s *Search) State() (engine.SearchState, error) {
	var st engine.SearchState
	var err error
	if st.Seq, err = s.idx.Seq(); err != nil {
		return st, err
	}
	if st.DictVersion, err = s.idx.DictVersion(); err != nil {
		return st, err
	}
	if st.Docs, err = s.idx.Count(); err != nil {
		return st, err
	}
	if si := s.sem.Load(); si != nil {
		st.Learned, st.Placed, st.SemanticSeq, st.SemanticDict = si.learned, len(si.rows), si.seq, si.dict
	}
	st.Loaded, st.Learns = s.loaded, int(s.learns.Load())
	if s.loadErr != nil {
		st.LoadError = s.loadErr.Error()
	}
	return st, nil
}

// profileDoc is what the full-text index holds of a profile: its research
// fields, keywords and industries (and its members' fields), its works'
// titles, and its works' texts.
func profileDoc(p *engine.Profile) index.Document {
	var kw, titles, text []string
	kw = append(kw, p.Fields...)
	kw = append(kw, p.Keywords...)
	kw = append(kw, p.Industries...)
	for _, w := range engine.DistinctWorks(p) {
		kw = append(kw, w.Keywords...)
		if w.Title != "" {
			titles = append(titles, w.Title)
		}
		if w.Text != "" {
			text = append(text, w.Text)
		}
	}
	for _, m := range p.Members {
		kw = append(kw, m.Fields...)
	}
	return index.Document{
		ID:         p.ID,
		Kind:       string(p.Kind),
		Keywords:   strings.Join(kw, "\n"),
		Titles:     strings.Join(titles, "\n"),
		Text:       strings.Join(text, "\n"),
		Counties:   p.ServedCounties(),
		Industries: p.Industries,
	}
}

// Terms returns the terms the index makes of text with the dictionary in
// use: how a need or a profile is cut.
func (s *Search) Terms(text string) []string { return s.idx.Terms(text) }

// CountDictVersion returns how many profiles are indexed with dictionary
// version v.
func (s *Search) CountDictVersion(ctx context.Context, v int) (uint64, error) {
	return s.idx.CountDictVersion(ctx, v)
}
