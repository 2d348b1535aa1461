package engine

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"yixianqian/engine/rank"
)

// Options configure New; nil means defaults.
type Options struct {
	// Logger receives operational messages (default: discarded).
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
	// BatchSize is the number of profiles written per store transaction and
	// index batch when importing or reindexing (default 500).
	BatchSize int
	// Scoring sets the weights of matching; nil means DefaultScoring.
	Scoring *Scoring
}

// Engine is the domain service: it keeps the store and the search index in
// step, matches, runs the workflow and decides who may do what.
type Engine struct {
	store  Store
	search Search
	log    *slog.Logger
	now    func() time.Time
	batch  int

	scoring Scoring
	model   atomic.Pointer[rank.Model] // the ranker in use
	facts   factTable

	loadMu sync.Mutex
	load   loads // open assignments per profile

	dict atomic.Pointer[Dictionary] // in use
	prog reindexProgress

	// writeMu serialises writes so that the index's recorded store sequence
	// number covers every write before it.
	writeMu sync.Mutex
}

// New returns an Engine over store and search. The caller owns both and
// closes them after the Engine is no longer used.
func New(store Store, search Search, opts *Options) *Engine {
	e := &Engine{store: store, search: search, log: slog.New(slog.DiscardHandler), now: time.Now, batch: 500, scoring: DefaultScoring(), load: loads{}}
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
	}
	m := e.scoring.Model
	if m == nil {
		m = DefaultModel()
	}
	e.model.Store(m)
	return e
}

// SyncReport says what Sync found and did.
type SyncReport struct {
	StoreSeq uint64        `json:"store_seq"`
	IndexSeq uint64        `json:"index_seq"`
	Rebuilt  bool          `json:"rebuilt"`
	Reindex  ReindexReport `json:"reindex"`
}

// Sync reads what the engine keeps in memory from the store (profile facts,
// open assignments, the dictionary) and rebuilds the search index when its
// recorded sequence number or dictionary version differs from the store's
// (a crash between the two writes, a missing or replaced index).
func (e *Engine) Sync(ctx context.Context) (SyncReport, error) {
	var r SyncReport
	var err error
	if r.StoreSeq, err = e.store.Seq(ctx); err != nil {
		return r, fmt.Errorf("sync: %w", err)
	}
	st, err := e.search.State()
	if err != nil {
		return r, fmt.Errorf("sync: %w", err)
	}
	r.IndexSeq = st.Seq
	if err := e.loadLoads(ctx); err != nil {
		return r, fmt.Errorf("sync: %w", err)
	}
	if err := e.facts.load(ctx, e.store.EachProfile); err != nil {
		return r, fmt.Errorf("sync: %w", err)
	}
	d, err := e.store.Dictionary(ctx)
	if err != nil {
		return r, fmt.Errorf("sync: %w", err)
	}
	if err := e.search.UseDictionary(d); err != nil {
		return r, fmt.Errorf("sync: %w", err)
	}
	e.dict.Store(&d)
	e.prog.version.Store(int64(d.Version))
	e.loadActiveRanker(ctx)
	if r.StoreSeq == st.Seq && st.DictVersion == d.Version {
		return r, nil
	}
	e.log.Info("index lags the store or the dictionary; rebuilding", "store_seq", r.StoreSeq, "index_seq", st.Seq, "dictionary", d.Version, "index_dictionary", st.DictVersion)
	if r.Reindex, err = e.Reindex(ctx); err != nil {
		return r, err
	}
	r.Rebuilt = true
	return r, e.search.DictionaryApplied(d.Version)
}

// ReindexReport counts what a reindex wrote.
type ReindexReport struct {
	Profiles int           `json:"profiles"`
	Took     time.Duration `json:"took_ns"`
}

// Reindex empties the index and rebuilds it from the store, holding writes
// until it is done.
func (e *Engine) Reindex(ctx context.Context) (ReindexReport, error) {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	if err := e.search.Reset(ctx); err != nil {
		return ReindexReport{}, fmt.Errorf("reindex: %w", err)
	}
	return e.reindex(ctx, true)
}

// reindex is the one walk over the stored profiles that both a rebuild and
// a dictionary change make: it indexes them again batch by batch, reading
// each batch from the store when it is written so that no concurrent write
// is overwritten by an older copy. held says the caller holds writeMu for
// the whole walk (a rebuild): then the index records the store's sequence
// number only at the end, so a crash mid-way leaves a lagging index.
// Otherwise each batch takes the lock and records the current number.
func (e *Engine) reindex(ctx context.Context, held bool) (ReindexReport, error) {
	start := e.now()
	var ids []string
	if err := e.store.EachProfile(ctx, func(p Profile) error { ids = append(ids, p.ID); return nil }); err != nil {
		return ReindexReport{}, fmt.Errorf("reindex: %w", err)
	}
	e.prog.total.Store(int64(len(ids)))
	e.prog.done.Store(0)
	var r ReindexReport
	for from := 0; from < len(ids); from += e.batch {
		n, err := e.reindexBatch(ctx, ids[from:min(from+e.batch, len(ids))], held)
		if err != nil {
			return r, fmt.Errorf("reindex: %w", err)
		}
		r.Profiles += n
		e.prog.done.Add(int64(n))
	}
	if held {
		seq, err := e.store.Seq(ctx)
		if err == nil {
			err = e.search.Apply(ctx, nil, seq)
		}
		if err != nil {
			return r, fmt.Errorf("reindex: %w", err)
		}
	}
	r.Took = e.now().Sub(start)
	e.log.Info("reindexed", "profiles", r.Profiles, "took", r.Took)
	return r, nil
}

func (e *Engine) reindexBatch(ctx context.Context, ids []string, held bool) (int, error) {
	if !held {
		e.writeMu.Lock()
		defer e.writeMu.Unlock()
	}
	ps := make([]Profile, 0, len(ids))
	for _, id := range ids {
		if p, err := e.store.Profile(ctx, id); err == nil {
			ps = append(ps, p) // else deleted meanwhile
		}
	}
	var seq uint64
	if !held {
		var err error
		if seq, err = e.store.Seq(ctx); err != nil {
			return 0, err
		}
	}
	return len(ps), e.search.Apply(ctx, ps, seq)
}

// Learn learns the semantic space from every stored profile. Until it has
// run, matching is lexical only. Writes wait while it runs, so that no
// profile stored meanwhile is left out.
func (e *Engine) Learn(ctx context.Context) (LearnReport, error) {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	return e.search.Learn(ctx, e.store.EachProfile)
}

// PutProfiles validates and stores profiles, then indexes them, in batches.
// Nothing is written when any profile is invalid. The semantic space is
// learned again when the profiles have grown by half since it was learned.
func (e *Engine) PutProfiles(ctx context.Context, ps []Profile) error {
	for i := range ps {
		if err := ps[i].Validate(); err != nil {
			return err
		}
	}
	if err := e.writeProfiles(ctx, ps); err != nil {
		return err
	}
	st, err := e.search.State()
	if err == nil && st.Learned > 0 && st.Placed > st.Learned*3/2+10 {
		_, err = e.Learn(ctx)
	}
	return err
}

func (e *Engine) writeProfiles(ctx context.Context, ps []Profile) error {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	for from := 0; from < len(ps); from += e.batch {
		part := ps[from:min(from+e.batch, len(ps))]
		seq, err := e.store.PutProfiles(ctx, part)
		if err != nil {
			return err
		}
		e.facts.put(part)
		// The store has the write; an index failure here is repaired by Sync.
		if err := e.search.Apply(context.WithoutCancel(ctx), part, seq); err != nil {
			return fmt.Errorf("%w: stored but not indexed (the next start rebuilds the index): %w", ErrUnavailable, err)
		}
	}
	return nil
}

// PutNeeds validates and stores needs. A need without a status becomes
// submitted; one without a creation time gets the clock's.
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
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	for from := 0; from < len(ns); from += e.batch {
		if err := e.store.PutNeeds(ctx, ns[from:min(from+e.batch, len(ns))]); err != nil {
			return err
		}
	}
	return nil
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

// SearchState returns what the search index records of itself.
func (e *Engine) SearchState() (SearchState, error) { return e.search.State() }
