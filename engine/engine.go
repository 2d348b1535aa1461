package engine

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"yixianqian/index"
	"yixianqian/segment"
)

// Options configure New; nil means defaults.
type Options struct {
	// Logger receives operational messages (default: discarded).
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
	// BatchSize is the number of records written per store transaction and
	// index batch when importing or reindexing (default 500).
	BatchSize int
	// Scoring sets the weights of matching; nil means DefaultScoring.
	Scoring *Scoring
	// Segmenter is the process's segmenter, built with the stored
	// dictionary's words; NewSegmenter builds one for a changed
	// dictionary. Without them the dictionary cannot change while running.
	Segmenter    *segment.Segmenter
	NewSegmenter func(words []segment.Word) (*segment.Segmenter, error)
}

// Engine keeps the store and the index in step and answers matches.
type Engine struct {
	store Store
	idx   *index.Index
	log   *slog.Logger
	now   func() time.Time
	batch int

	scoring Scoring
	// sem is the semantic channel; nil until Learn has run.
	sem atomic.Pointer[semIndex]

	loadMu sync.Mutex
	load   loads // open assignments per profile

	newSegmenter func([]segment.Word) (*segment.Segmenter, error)
	seg          atomic.Pointer[segment.Segmenter] // in use
	prevSeg      atomic.Pointer[segment.Segmenter] // while a new dictionary is applied
	dict         atomic.Pointer[dictState]
	prog         reindexProgress
	owned        sync.Map // segmenters the engine made, which it closes

	// writeMu serialises writes so that the index's recorded store sequence
	// number covers every write before it.
	writeMu sync.Mutex
}

// New returns an Engine over store and idx. The caller owns both and closes
// them after the Engine is no longer used.
func New(store Store, idx *index.Index, opts *Options) *Engine {
	e := &Engine{store: store, idx: idx, log: slog.New(slog.DiscardHandler), now: time.Now, batch: 500, scoring: DefaultScoring(), load: loads{}}
	if opts != nil {
		if opts.Logger != nil {
			e.log = opts.Logger
		}
		if opts.Now != nil {
			e.now = opts.Now
		}
		if opts.BatchSize > 0 {
			e.batch = opts.BatchSize
		}
		if opts.Scoring != nil {
			e.scoring = *opts.Scoring
		}
		e.newSegmenter = opts.NewSegmenter
		if opts.Segmenter != nil {
			e.seg.Store(opts.Segmenter)
		}
	}
	return e
}

// SyncReport says what Sync found and did.
type SyncReport struct {
	StoreSeq uint64        `json:"store_seq"`
	IndexSeq uint64        `json:"index_seq"`
	Rebuilt  bool          `json:"rebuilt"`
	Reindex  ReindexReport `json:"reindex"`
}

// Sync rebuilds the index when its recorded sequence number differs from the
// store's (a crash between the two writes, a missing or replaced index).
func (e *Engine) Sync(ctx context.Context) (SyncReport, error) {
	var r SyncReport
	var err error
	if r.StoreSeq, err = e.store.Seq(ctx); err != nil {
		return r, fmt.Errorf("sync: %w", err)
	}
	if r.IndexSeq, err = e.idx.Seq(); err != nil {
		return r, fmt.Errorf("sync: %w", err)
	}
	if err := e.loadLoads(ctx); err != nil {
		return r, fmt.Errorf("sync: %w", err)
	}
	dictVersion := 0
	if ds, ok := e.store.(DictionaryStore); ok {
		d, err := ds.Dictionary(ctx)
		if err != nil {
			return r, fmt.Errorf("sync: %w", err)
		}
		e.dict.Store(newDictState(d))
		e.prog.version.Store(int64(d.Version))
		dictVersion = d.Version
	}
	idxDict, err := e.idx.DictVersion()
	if err != nil {
		return r, fmt.Errorf("sync: %w", err)
	}
	if r.StoreSeq == r.IndexSeq && idxDict == dictVersion {
		return r, nil
	}
	e.log.Info("index lags the store or the dictionary; rebuilding", "store_seq", r.StoreSeq, "index_seq", r.IndexSeq, "dictionary", dictVersion, "index_dictionary", idxDict)
	r.Reindex, err = e.Reindex(ctx)
	r.Rebuilt = err == nil
	return r, err
}

// ReindexReport counts what a reindex wrote.
type ReindexReport struct {
	Profiles int           `json:"profiles"`
	Needs    int           `json:"needs"`
	Took     time.Duration `json:"took_ns"`
}

// Reindex empties the index and rebuilds it from the store.
func (e *Engine) Reindex(ctx context.Context) (ReindexReport, error) {
	start := e.now()
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	var r ReindexReport
	seq, err := e.store.Seq(ctx)
	if err != nil {
		return r, fmt.Errorf("reindex: %w", err)
	}
	if err := e.idx.Reset(); err != nil {
		return r, fmt.Errorf("reindex: %w", err)
	}
	var docs []index.Document
	version := e.dictVersion()
	flush := func() error {
		for i := range docs {
			docs[i].DictVersion = version
		}
		// Record seq 0 until the end, so a crash mid-way leaves a lagging index.
		err := e.idx.Apply(ctx, docs, nil, 0)
		docs = docs[:0]
		return err
	}
	err = e.store.EachProfile(ctx, func(p Profile) error {
		docs = append(docs, profileDoc(&p))
		r.Profiles++
		if len(docs) >= e.batch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = e.store.EachNeed(ctx, func(n Need) error {
			docs = append(docs, needDoc(&n))
			r.Needs++
			if len(docs) >= e.batch {
				return flush()
			}
			return nil
		})
	}
	if err == nil {
		for i := range docs {
			docs[i].DictVersion = version
		}
		err = e.idx.Apply(ctx, docs, nil, seq)
	}
	if err == nil {
		err = e.idx.SetDictVersion(version)
	}
	if err != nil {
		return r, fmt.Errorf("reindex: %w", err)
	}
	r.Took = e.now().Sub(start)
	e.log.Info("reindexed", "profiles", r.Profiles, "needs", r.Needs, "took", r.Took)
	return r, nil
}

// PutProfiles validates and stores profiles, then indexes them, in batches.
// Nothing is written when any profile is invalid.
func (e *Engine) PutProfiles(ctx context.Context, ps []Profile) error {
	for i := range ps {
		if err := ps[i].Validate(); err != nil {
			return err
		}
	}
	if err := writeBatches(ctx, e, ps, e.store.PutProfiles, profileDoc); err != nil {
		return err
	}
	if si := e.sem.Load(); si != nil && len(si.rows)+len(ps) > si.learned*3/2+10 {
		// The corpus has grown by half since the space was learned.
		_, err := e.Learn(ctx)
		return err
	}
	return e.foldIn(ps)
}

// foldIn gives changed profiles their vectors in the current semantic space.
func (e *Engine) foldIn(ps []Profile) error {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	si := e.sem.Load()
	if si == nil {
		return nil
	}
	fps := make([]foldedProfile, len(ps))
	for i := range ps {
		head, works, err := e.profileTerms(&ps[i])
		if err != nil {
			return err
		}
		fps[i] = foldedProfile{&ps[i], head, works}
	}
	e.sem.Store(si.with(fps))
	return nil
}

// PutNeeds validates and stores needs, then indexes them. A need without a
// status becomes submitted; one without a creation time gets the clock's.
func (e *Engine) PutNeeds(ctx context.Context, ns []Need) error {
	now := e.now().UTC()
	for i := range ns {
		ns[i].NormalizeModes()
		if err := ns[i].Validate(); err != nil {
			return err
		}
		if ns[i].Status == "" {
			ns[i].Status = StatusSubmitted
		}
		if ns[i].Created.IsZero() {
			ns[i].Created = now
		}
	}
	return writeBatches(ctx, e, ns, e.store.PutNeeds, needDoc)
}

func writeBatches[T any](ctx context.Context, e *Engine, items []T, put func(context.Context, []T) (uint64, error), doc func(*T) index.Document) error {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	for start := 0; start < len(items); start += e.batch {
		part := items[start:min(start+e.batch, len(items))]
		seq, err := put(ctx, part)
		if err != nil {
			return err
		}
		docs := make([]index.Document, len(part))
		for i := range part {
			docs[i] = doc(&part[i])
			docs[i].DictVersion = e.dictVersion()
		}
		// The store has the write; an index failure here is repaired by Sync.
		if err := e.idx.Apply(context.WithoutCancel(ctx), docs, nil, seq); err != nil {
			return fmt.Errorf("%w: stored but not indexed (the next start rebuilds the index): %w", ErrUnavailable, err)
		}
	}
	return nil
}

// dictVersion is the dictionary version new text is analysed with.
func (e *Engine) dictVersion() int {
	if st := e.dict.Load(); st != nil {
		return st.dict.Version
	}
	return 0
}

// Now returns the engine's clock reading.
func (e *Engine) Now() time.Time { return e.now() }

// Profile returns the profile with id.
func (e *Engine) Profile(ctx context.Context, id string) (Profile, error) {
	return e.store.Profile(ctx, id)
}

// Need returns the need with id.
func (e *Engine) Need(ctx context.Context, id string) (Need, error) {
	return e.store.Need(ctx, id)
}

// Profiles returns every profile in ID order.
func (e *Engine) Profiles(ctx context.Context) ([]Profile, error) {
	var out []Profile
	err := e.store.EachProfile(ctx, func(p Profile) error { out = append(out, p); return nil })
	return out, err
}

// Needs returns every need in ID order.
func (e *Engine) Needs(ctx context.Context) ([]Need, error) {
	var out []Need
	err := e.store.EachNeed(ctx, func(n Need) error { out = append(out, n); return nil })
	return out, err
}

// IndexedDocs returns how many documents the index holds.
func (e *Engine) IndexedDocs() (uint64, error) { return e.idx.Count() }

func profileDoc(p *Profile) index.Document {
	var kw, titles, text []string
	kw = append(kw, p.Fields...)
	kw = append(kw, p.Keywords...)
	kw = append(kw, p.Industries...)
	for _, w := range p.Works {
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
	counties := append([]string(nil), p.Counties...)
	for _, s := range p.Stations {
		counties = append(counties, s.County)
	}
	return index.Document{
		ID:         p.ID,
		Kind:       string(p.Kind),
		Name:       p.Name,
		Org:        p.Organisation,
		Keywords:   strings.Join(kw, "\n"),
		Titles:     strings.Join(titles, "\n"),
		Text:       strings.Join(text, "\n"),
		Counties:   counties,
		Industries: p.Industries,
	}
}

func needDoc(n *Need) index.Document {
	d := index.Document{ID: needDocPrefix + n.ID, Kind: index.KindNeed, Name: n.Title, Org: n.Enterprise, Text: n.Description, Keywords: n.Industry}
	if n.County != "" {
		d.Counties = []string{n.County}
	}
	if n.Industry != "" {
		d.Industries = []string{n.Industry}
	}
	return d
}

// needDocPrefix keeps need IDs apart from profile IDs in the index; IDs
// cannot contain a slash.
const needDocPrefix = "need/"
