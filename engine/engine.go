package engine

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
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
	// RepairEvery is how often a failed store or index write is retried
	// in the background until it succeeds (default 5 s).
	RepairEvery time.Duration
}

// Engine is the domain service: it keeps the store and the search index in
// step, matches, runs the workflow and decides who may do what.
type Engine struct {
	store  Store // raw, wrapped: every write's outcome is noted in health
	raw    Store
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

	// learnMu lets one learning of the semantic space run at a time;
	// learning is set while one runs in the background.
	learnMu  sync.Mutex
	learning atomic.Bool
	// signIns are the sign-ins checking a password at once (argon2id takes
	// 19 MiB each); accountMu orders the failure counts of sign-ins.
	signIns   chan struct{}
	accountMu sync.Mutex
	// semantic is set by a Sync that keeps the semantic space: then it is
	// learned again in the background when the profiles drift from it.
	semantic atomic.Bool

	// writeMu serialises writes so that the index's recorded store sequence
	// number covers every write before it.
	writeMu sync.Mutex

	health      health
	counts      needCounts
	repairEvery time.Duration
	// bg is the context of background work (a dictionary reindex,
	// repair); stop ends it and wg waits for it.
	bg   context.Context
	stop context.CancelFunc
	wg   sync.WaitGroup
}

// New returns an Engine over store and search. The caller owns both and
// closes them after the Engine is no longer used.
func New(store Store, search Search, opts *Options) *Engine {
	e := &Engine{raw: store, search: search, log: slog.New(slog.DiscardHandler), now: time.Now, batch: 500, scoring: DefaultScoring(), load: loads{}, repairEvery: 5 * time.Second}
	e.store = watchedStore{Store: store, e: e}
	e.signIns = make(chan struct{}, runtime.GOMAXPROCS(0))
	e.bg, e.stop = context.WithCancel(context.Background())
	if opts != nil {
		if opts.RepairEvery > 0 {
			e.repairEvery = opts.RepairEvery
		}
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
	// Semantic says what became of the semantic space: "loaded" (the
	// saved one, brought up to the store), "learned" (none was saved),
	// "relearning" (the saved one was of another dictionary or could not
	// be read: learned again in the background while the service serves)
	// or "" (no space is used).
	Semantic string `json:"semantic"`
	// CaughtUp counts the profiles written after the saved space that
	// were placed in it.
	CaughtUp int `json:"caught_up"`
}

// Sync reads what the engine keeps in memory from the store (profile facts,
// open assignments, the dictionary) and rebuilds the search index when its
// recorded sequence number or dictionary version differs from the store's
// (a crash between the two writes, a missing or replaced index).
//
// With semantic, Sync also brings the semantic space up (syncSemantic).
func (e *Engine) Sync(ctx context.Context, semantic bool) (SyncReport, error) {
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
	if err := e.facts.load(ctx, e.store.EachProfileHead); err != nil {
		return r, fmt.Errorf("sync: %w", err)
	}
	if err := e.loadCounts(ctx); err != nil {
		return r, fmt.Errorf("sync: %w", err)
	}
	d, err := UsableDictionary(ctx, e.store, e.log, e.search.UseDictionary)
	if err != nil {
		return r, fmt.Errorf("sync: %w", err)
	}
	e.dict.Store(&d)
	e.prog.version.Store(int64(d.Version))
	e.loadActiveRanker(ctx)
	if r.StoreSeq != st.Seq || st.DictVersion != d.Version {
		e.log.Info("index lags the store or the dictionary; rebuilding", "store_seq", r.StoreSeq, "index_seq", st.Seq, "dictionary", d.Version, "index_dictionary", st.DictVersion)
		if r.Reindex, err = e.Reindex(ctx); err != nil {
			return r, err
		}
		r.Rebuilt = true
		if err := e.search.DictionaryApplied(d.Version); err != nil {
			return r, err
		}
	}
	if !semantic {
		return r, nil
	}
	e.semantic.Store(true)
	return r, e.syncSemantic(ctx, d.Version, &r)
}

// syncSemantic brings the semantic space up to the store at start: a saved
// space of the dictionary in use is caught up with the profiles written
// since it was saved; one of another dictionary, or one that could not be
// read, is learned again in the background while the service serves with
// it (or lexically); with none saved, it is learned now.
func (e *Engine) syncSemantic(ctx context.Context, dict int, r *SyncReport) error {
	st, err := e.search.State()
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	switch {
	case st.Learned > 0 && st.SemanticDict == dict && st.SemanticSeq <= r.StoreSeq:
		r.Semantic = "loaded"
		r.CaughtUp, err = e.catchUp(ctx, st.SemanticSeq)
		if err != nil {
			return fmt.Errorf("sync: %w", err)
		}
		e.log.Info("semantic space loaded, not learned again", "profiles", st.Placed, "seq", st.SemanticSeq, "caught_up", r.CaughtUp)
		e.learnIfDrifted()
		return nil
	case st.Learned > 0 || st.LoadError != "":
		// Of another dictionary, unreadable, or ahead of a store that was
		// replaced: it may hold profiles the store does not.
		r.Semantic = "relearning"
		e.log.Info("saved semantic space unusable; learning it again in the background", "dictionary", dict, "space_dictionary", st.SemanticDict,
			"space_seq", st.SemanticSeq, "store_seq", r.StoreSeq, "err", st.LoadError)
		e.learnInBackground()
		return nil
	default:
		r.Semantic = "learned"
		_, err = e.Learn(ctx)
		return err
	}
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
		e.prog.done.Add(int64(n)) // only once the batch is in the index
	}
	if held {
		seq, err := e.store.Seq(ctx)
		if err == nil {
			err = e.index(ctx, nil, seq)
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
	if err := e.index(ctx, ps, seq); err != nil {
		return 0, err
	}
	return len(ps), nil
}

// Learn learns the semantic space from every stored profile and saves it.
// Until a space is learned (or loaded at start), matching is lexical only.
// Writes go on while it learns; the profiles written meanwhile are placed
// in the new space before Learn returns.
func (e *Engine) Learn(ctx context.Context) (LearnReport, error) {
	e.learnMu.Lock()
	defer e.learnMu.Unlock()
	seq, err := e.store.Seq(ctx)
	if err != nil {
		return LearnReport{}, fmt.Errorf("learn: %w", err)
	}
	rep, err := e.search.Learn(ctx, e.store.EachProfile, seq)
	if err != nil {
		return rep, err
	}
	_, err = e.catchUp(ctx, seq)
	return rep, err
}

// catchUp places in the search index and its semantic space the profiles
// written after seq, and says how many.
func (e *Engine) catchUp(ctx context.Context, seq uint64) (int, error) {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	var ps []Profile
	if err := e.store.ProfilesSince(ctx, seq, func(p Profile) error { ps = append(ps, p); return nil }); err != nil {
		return 0, err
	}
	now, err := e.store.Seq(ctx)
	if err != nil {
		return 0, err
	}
	for from := 0; from < len(ps); from += e.batch {
		if err := e.index(ctx, ps[from:min(from+e.batch, len(ps))], now); err != nil {
			return 0, err
		}
	}
	e.search.CaughtUp(now)
	return len(ps), nil
}

// learnInBackground learns the semantic space again while the service
// serves with the one it has, unless a background learning runs already.
func (e *Engine) learnInBackground() {
	if !e.learning.CompareAndSwap(false, true) {
		return
	}
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		defer e.learning.Store(false)
		if _, err := e.Learn(e.bg); err != nil && e.bg.Err() == nil {
			e.log.Error("learning the semantic space in the background failed", "err", err)
		}
	}()
}

// Learning says whether the semantic space is being learned in the
// background.
func (e *Engine) Learning() bool { return e.learning.Load() }

// PutProfiles validates and stores profiles, then indexes them, in batches.
// Nothing is written when any profile is invalid. The semantic space is
// learned again, in the background, when the profiles have grown by half
// since it was learned.
func (e *Engine) PutProfiles(ctx context.Context, ps []Profile) error {
	for i := range ps {
		if err := ps[i].Validate(); err != nil {
			return err
		}
	}
	if err := e.writeProfiles(ctx, ps); err != nil {
		return err
	}
	e.learnIfDrifted()
	return nil
}

// learnIfDrifted learns the semantic space again in the background when
// the profiles placed in it have grown by half since it was learned (and
// a Sync asked for the space).
func (e *Engine) learnIfDrifted() {
	if !e.semantic.Load() {
		return
	}
	if st, err := e.search.State(); err == nil && st.Placed > st.Learned*3/2+10 {
		e.log.Info("profiles drifted from the semantic space; learning it again in the background", "learned", st.Learned, "placed", st.Placed)
		e.learnInBackground()
	}
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
		// The store has the write, which answers the caller; an index
		// failure leaves the profiles pending for repair (Health says so).
		_ = e.index(context.WithoutCancel(ctx), part, seq)
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
		part := ns[from:min(from+e.batch, len(ns))]
		old := e.storedStatuses(ctx, part)
		if err := e.store.PutNeeds(ctx, part); err != nil {
			return err
		}
		for i := range part {
			e.counts.move(old[i], part[i].Status)
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
