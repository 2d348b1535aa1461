package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"
)

// health is what the engine knows of its own troubles, for readiness and
// for repair: the last store write that failed (until one succeeds), an
// index write that failed (until a batch goes through: the index refuses
// reads meanwhile) with the profiles stored but not yet indexed, and a
// dictionary whose reindex failed. A write is answered by what the store
// did: the store is the truth and the index is derived, so a profile the
// store took is acknowledged and indexed later.
type health struct {
	mu       sync.Mutex
	storeErr error
	pending  map[string]bool // profile IDs stored but not surely indexed
	indexErr error           // why index writes fail; nil once a batch went through
	dictErr  error           // the last dictionary reindex failed
	repair   bool            // a repair loop runs
}

// Prober is implemented by stores that can show they take writes again
// (boltstore writes a small record); repair uses it to clear a store
// failure without waiting for the next real write.
type Prober interface {
	Probe(ctx context.Context) error
}

// classify makes a full disk ErrNoSpace, whatever layer reported it.
func classify(err error) error {
	if err == nil || errors.Is(err, ErrNoSpace) {
		return err
	}
	if errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), "no space left on device") {
		return &Error{Kind: ErrNoSpace, Msg: "磁盘空间不足，未能保存；请联系管理员清理磁盘后重试", Detail: err.Error()}
	}
	return err
}

// searchFailed makes a retrieval failure that is not the query's fault an
// ErrUnavailable people can read (the index cannot be read now).
func searchFailed(err error) error {
	if !fault(err) || errors.Is(err, ErrUnavailable) && Message(err) != "" {
		return err
	}
	return &Error{Kind: ErrUnavailable, Msg: "检索暂不可用，请稍后重试", Detail: err.Error()}
}

// fault reports whether err is the service's trouble rather than the
// request's (a conflict, a missing record, bad input, a cancelled call).
func fault(err error) bool {
	for _, e := range []error{ErrConflict, ErrNotFound, ErrInvalid, ErrForbidden, ErrUnauthorized, context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, e) {
			return false
		}
	}
	return err != nil
}

// watchedStore records the outcome of every store write in health.
type watchedStore struct {
	Store
	e *Engine
}

func (w watchedStore) note(err error) error {
	err = classify(err)
	h := &w.e.health
	h.mu.Lock()
	switch {
	case err == nil:
		h.storeErr = nil
	case fault(err):
		h.storeErr = err
	}
	h.mu.Unlock()
	if fault(err) {
		w.e.startRepair()
	}
	return err
}

func (w watchedStore) PutProfiles(ctx context.Context, ps []Profile) (uint64, error) {
	seq, err := w.Store.PutProfiles(ctx, ps)
	return seq, w.note(err)
}

func (w watchedStore) CreateProfile(ctx context.Context, p Profile) (uint64, error) {
	seq, err := w.Store.CreateProfile(ctx, p)
	return seq, w.note(err)
}

func (w watchedStore) PutNeeds(ctx context.Context, ns []Need) error {
	return w.note(w.Store.PutNeeds(ctx, ns))
}

func (w watchedStore) CreateNeed(ctx context.Context, n Need) error {
	return w.note(w.Store.CreateNeed(ctx, n))
}

func (w watchedStore) PutWorkflow(ctx context.Context, n Need, a *Assignment) error {
	return w.note(w.Store.PutWorkflow(ctx, n, a))
}

func (w watchedStore) PutFeedback(ctx context.Context, f Feedback) error {
	return w.note(w.Store.PutFeedback(ctx, f))
}

func (w watchedStore) PutToken(ctx context.Context, t Token) error {
	return w.note(w.Store.PutToken(ctx, t))
}

func (w watchedStore) DeleteToken(ctx context.Context, id string) error {
	return w.note(w.Store.DeleteToken(ctx, id))
}

func (w watchedStore) PutDictionary(ctx context.Context, d Dictionary) error {
	return w.note(w.Store.PutDictionary(ctx, d))
}

// Health reports what keeps the service from working fully, in words
// people read: a failed store write (until a write succeeds again),
// profiles stored but not yet searchable, a dictionary whose reindex
// failed. It returns nil when all is well.
func (e *Engine) Health() error {
	h := &e.health
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.storeErr != nil:
		return wrapHealth(h.storeErr, "数据写入失败", "store writes fail")
	case h.indexErr != nil:
		return wrapHealth(h.indexErr, fmt.Sprintf("检索索引暂不可写，检索暂停（%d 条资料已保存、待补入索引）", len(h.pending)), fmt.Sprintf("index writes fail; %d profiles stored but not indexed", len(h.pending)))
	case h.dictErr != nil:
		return wrapHealth(h.dictErr, "词典尚未对全部资料生效", "dictionary reindex failed")
	}
	return nil
}

func wrapHealth(err error, msg, detail string) error {
	kind := ErrUnavailable
	if errors.Is(err, ErrNoSpace) {
		kind, msg = ErrNoSpace, "磁盘空间不足："+msg
	}
	return &Error{Kind: kind, Msg: msg + "；空间或故障恢复后自动补齐", Detail: fmt.Sprintf("%s: %v", detail, err)}
}

// index hands ps to the search index with the store's sequence number seq,
// together with every profile whose indexing failed before (read afresh
// from the store), so that the number the index records never claims a
// profile it has not got. On failure ps stay pending and a repair loop
// retries; the store has them. The caller holds writeMu.
func (e *Engine) index(ctx context.Context, ps []Profile, seq uint64) error {
	h := &e.health
	h.mu.Lock()
	var extra []string
	for id := range h.pending {
		extra = append(extra, id)
	}
	h.mu.Unlock()
	all := ps
	if len(extra) > 0 {
		have := map[string]bool{}
		for i := range ps {
			have[ps[i].ID] = true
		}
		all = append([]Profile(nil), ps...)
		for _, id := range extra {
			if p, err := e.store.Profile(ctx, id); err == nil && !have[id] {
				all = append(all, p)
			}
		}
	}
	err := e.safeApply(ctx, all, seq)
	if err != nil {
		err = classify(err)
		h.mu.Lock()
		if h.pending == nil {
			h.pending = map[string]bool{}
		}
		for i := range ps {
			h.pending[ps[i].ID] = true
		}
		if h.indexErr == nil || !errors.Is(h.indexErr, ErrNoSpace) {
			h.indexErr = err // a full disk is the telling cause; keep it
		}
		n := len(h.pending)
		h.mu.Unlock()
		e.log.Error("index write failed; the profiles are stored and will be indexed when the index takes writes again", "profiles", len(ps), "pending", n, "err", err)
		e.startRepair()
		return err
	}
	h.mu.Lock()
	for _, id := range extra {
		delete(h.pending, id)
	}
	h.indexErr = nil // the index took a batch: it is whole again
	h.mu.Unlock()
	return nil
}

// safeApply is Search.Apply with a panic turned into an error.
func (e *Engine) safeApply(ctx context.Context, ps []Profile, seq uint64) (err error) {
	defer recoverTo(&err, "index apply")
	return e.search.Apply(ctx, ps, seq)
}

// recoverTo turns a panic into an error stored in *err.
func recoverTo(err *error, what string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%s: %w: panic: %v", what, ErrUnavailable, r)
	}
}

// startRepair starts the repair loop unless it runs.
func (e *Engine) startRepair() {
	h := &e.health
	h.mu.Lock()
	if h.repair || e.bg.Err() != nil {
		h.mu.Unlock()
		return
	}
	h.repair = true
	h.mu.Unlock()
	e.wg.Add(1)
	go e.repairLoop()
}

// repairLoop retries what failed every repairEvery until all is well:
// the pending profiles, a probe of the store, the dictionary reindex.
func (e *Engine) repairLoop() {
	defer e.wg.Done()
	t := time.NewTicker(e.repairEvery)
	defer t.Stop()
	for {
		select {
		case <-e.bg.Done():
			return
		case <-t.C:
		}
		if e.repairOnce() {
			e.health.mu.Lock()
			e.health.repair = false
			e.health.mu.Unlock()
			e.log.Info("repaired: the store and the index take writes again")
			return
		}
	}
}

// repairOnce makes one attempt; it reports whether all is well after it.
func (e *Engine) repairOnce() (healthy bool) {
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("repair panicked", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			healthy = false
		}
	}()
	ctx := e.bg
	h := &e.health
	h.mu.Lock()
	storeErr, pending, indexErr, dictErr := h.storeErr, len(h.pending), h.indexErr, h.dictErr
	h.mu.Unlock()
	if storeErr != nil {
		if p, ok := e.raw.(Prober); ok {
			err := classify(p.Probe(ctx))
			h.mu.Lock()
			if err == nil {
				h.storeErr = nil
			}
			h.mu.Unlock()
		}
	}
	if indexErr != nil {
		e.writeMu.Lock()
		seq, err := e.store.Seq(ctx)
		if err == nil {
			err = e.index(ctx, nil, seq)
		}
		e.writeMu.Unlock()
		if err == nil {
			e.log.Info("pending profiles indexed", "profiles", pending)
		}
	}
	if dictErr != nil && e.Health() != nil && !e.prog.running.Load() {
		h.mu.Lock()
		onlyDict := h.storeErr == nil && h.indexErr == nil
		h.mu.Unlock()
		if onlyDict && e.prog.running.CompareAndSwap(false, true) {
			d, _ := e.CurrentDictionary()
			e.applyDictionary(ctx, d.Version)
		}
	}
	return e.Health() == nil
}

// Close stops the engine's background work (a dictionary reindex, the
// repair loop) and waits for it. The caller closes the store and the
// search index afterwards.
func (e *Engine) Close() {
	e.stop()
	e.wg.Wait()
}
