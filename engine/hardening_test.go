package engine_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"yixianqian/engine"
	"yixianqian/engine/enginetest"
)

// flakySearch is the fake Search whose Apply fails or panics on demand, as
// bleve does on a full disk.
type flakySearch struct {
	*enginetest.Search
	fail    atomic.Bool
	panics  atomic.Bool
	after   atomic.Int64 // calls that succeed before failing starts (with fail)
	applied atomic.Int64
}

func (s *flakySearch) Apply(ctx context.Context, ps []engine.Profile, seq uint64) error {
	if s.fail.Load() && s.after.Add(-1) < 0 {
		if s.panics.Load() {
			var m map[string]int
			m["segment"]++ // what bleve does after a failed write
		}
		return &fs.PathError{Op: "write", Path: "index/store/000000000005.zap", Err: syscall.ENOSPC}
	}
	s.applied.Add(1)
	return s.Search.Apply(ctx, ps, seq)
}

// flakyStore is the fake Store whose need writes fail with ENOSPC on demand.
type flakyStore struct {
	*enginetest.Store
	full      atomic.Bool
	needWalks atomic.Int64
}

func (s *flakyStore) CreateNeed(ctx context.Context, n engine.Need) error {
	if s.full.Load() {
		return fmt.Errorf("store needs: %w", &fs.PathError{Op: "write", Path: "yxq.db", Err: syscall.ENOSPC})
	}
	return s.Store.CreateNeed(ctx, n)
}

func (s *flakyStore) EachNeed(ctx context.Context, fn func(engine.Need) error) error {
	s.needWalks.Add(1)
	return s.Store.EachNeed(ctx, fn)
}

type flaky struct {
	eng    *engine.Engine
	store  *flakyStore
	search *flakySearch
}

func newFlaky(t *testing.T, profiles int) *flaky {
	t.Helper()
	f := &flaky{store: &flakyStore{Store: enginetest.NewStore()}, search: &flakySearch{Search: enginetest.NewSearch()}}
	f.eng = engine.New(f.store, f.search, &engine.Options{BatchSize: 10, RepairEvery: 20 * time.Millisecond})
	t.Cleanup(f.eng.Close)
	ctx := context.Background()
	if _, err := f.eng.Sync(ctx, false); err != nil {
		t.Fatal(err)
	}
	var ps []engine.Profile
	for i := range profiles {
		ps = append(ps, engine.Profile{ID: fmt.Sprintf("exp-%03d", i), Kind: engine.KindExpert, Name: "专家", Keywords: []string{"伺服电机"}})
	}
	if err := f.eng.PutProfiles(ctx, ps); err != nil {
		t.Fatal(err)
	}
	return f
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestDictionaryReindexFailureIsNotDone: a reindex whose batches fail
// stops short, says why, counts only the batches written, and is done once
// the index takes writes again; a panic in it (bleve's on a full disk)
// does not take the process down.
func TestDictionaryReindexFailureIsNotDone(t *testing.T) {
	for _, panics := range []bool{false, true} {
		t.Run(fmt.Sprint("panics=", panics), func(t *testing.T) {
			f := newFlaky(t, 35)
			ctx := context.Background()
			f.search.after.Store(1) // the first batch of 10 goes in, then the disk is full
			f.search.panics.Store(panics)
			f.search.fail.Store(true)
			if _, err := f.eng.UpdateDictionary(ctx, engine.Operator(), []engine.Word{{Text: "伺服驱动器"}}, nil); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the reindex to stop", func() bool { _, p := f.eng.CurrentDictionary(); return !p.Running })
			_, p := f.eng.CurrentDictionary()
			if p.Done != 10 || p.Total != 35 || p.Error == "" {
				t.Errorf("progress after failed batches: %+v, want 10 of 35 done and an error", p)
			}
			if err := f.eng.Health(); err == nil {
				t.Error("Health is nil while the dictionary is not applied")
			}
			f.search.fail.Store(false)
			waitFor(t, "the repair", func() bool { return f.eng.Health() == nil })
			_, p = f.eng.CurrentDictionary()
			if p.Done != 35 || p.Error != "" {
				t.Errorf("progress after the repair: %+v, want 35 of 35 and no error", p)
			}
		})
	}
}

// TestStoredButNotIndexedIsRepaired: a profile the store took is
// acknowledged even when the index fails; Health says so until the repair
// loop has indexed it, and the index never records a sequence number that
// claims it before.
func TestStoredButNotIndexedIsRepaired(t *testing.T) {
	f := newFlaky(t, 3)
	ctx := context.Background()
	f.search.fail.Store(true)
	p := engine.Profile{ID: "exp-new", Kind: engine.KindExpert, Name: "新专家", Keywords: []string{"屏蔽泵"}}
	if err := f.eng.CreateProfile(ctx, engine.Operator(), p); err != nil {
		t.Fatalf("create while the index fails: %v (the store took it)", err)
	}
	err := f.eng.Health()
	if !errors.Is(err, engine.ErrNoSpace) || engine.Message(err) == "" {
		t.Errorf("Health while the index fails on ENOSPC: %v", err)
	}
	if st, _ := f.search.State(); st.Docs != 3 {
		t.Fatalf("index holds %d documents, want the 3 before", st.Docs)
	}
	f.search.fail.Store(false)
	waitFor(t, "the repair", func() bool { return f.eng.Health() == nil })
	st, _ := f.search.State()
	seq, _ := f.store.Seq(ctx)
	if st.Docs != 4 || st.Seq != seq {
		t.Errorf("after the repair: %d documents at seq %d, want 4 at %d", st.Docs, st.Seq, seq)
	}
	res, err := f.eng.Match(ctx, "屏蔽泵", engine.MatchOptions{})
	if err != nil || len(res.Matches) == 0 || res.Matches[0].Profile.ID != "exp-new" {
		t.Errorf("the repaired profile is not found: %v %v", res, err)
	}
}

// TestFullDiskIsErrNoSpace: a store write that fails on ENOSPC is
// ErrNoSpace with a Chinese message; Health says so until a write
// succeeds again.
func TestFullDiskIsErrNoSpace(t *testing.T) {
	f := newFlaky(t, 1)
	ctx := context.Background()
	staff := engine.Viewer{Role: engine.RoleAnalyst}
	f.store.full.Store(true)
	_, err := f.eng.SubmitNeed(ctx, staff, engine.Need{Description: "阀门内漏"})
	if !errors.Is(err, engine.ErrNoSpace) || engine.Message(err) == "" {
		t.Errorf("submit on a full disk: %v, want ErrNoSpace with a message", err)
	}
	if err := f.eng.Health(); !errors.Is(err, engine.ErrNoSpace) {
		t.Errorf("Health on a full disk: %v", err)
	}
	f.store.full.Store(false)
	if _, err := f.eng.SubmitNeed(ctx, staff, engine.Need{Description: "阀门内漏"}); err != nil {
		t.Fatal(err)
	}
	if err := f.eng.Health(); err != nil {
		t.Errorf("Health after a write succeeded: %v", err)
	}
}

// TestNeedCountsReadNothing: the funnel's gauges are kept on every write:
// reading them walks no need, and they agree with the funnel computed
// from the store.
func TestNeedCountsReadNothing(t *testing.T) {
	f := newFlaky(t, 3)
	ctx := context.Background()
	staff := engine.Viewer{Role: engine.RoleAnalyst}
	for i := range 5 {
		if _, err := f.eng.SubmitNeed(ctx, staff, engine.Need{ID: fmt.Sprint("n", i), Description: "伺服电机噪声"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.eng.PutNeeds(ctx, []engine.Need{{ID: "n4", Description: "改", Status: engine.StatusClosed}, {ID: "n5", Description: "新"}}); err != nil {
		t.Fatal(err)
	}
	expert := func(id string) engine.Viewer { return engine.Viewer{Role: engine.RoleExpert, Subject: id} }
	steps := []func() error{
		func() error { _, err := f.eng.MarkMatched(ctx, staff, "n0"); return err },
		func() error { _, err := f.eng.Assign(ctx, staff, "n0", "exp-000"); return err },
		func() error { _, err := f.eng.Assign(ctx, staff, "n1", "exp-001"); return err },
		func() error { _, err := f.eng.Assign(ctx, staff, "n2", "exp-002"); return err },
		func() error { _, err := f.eng.Respond(ctx, expert("exp-000"), "n0", true, ""); return err },
		func() error { _, err := f.eng.Respond(ctx, expert("exp-001"), "n1", false, "排期已满"); return err },
		func() error { _, err := f.eng.Progress(ctx, expert("exp-000"), "n0", "已到现场"); return err },
		func() error { _, err := f.eng.Finish(ctx, expert("exp-000"), "n0", true, "已解决"); return err },
		func() error { _, err := f.eng.WithdrawNeed(ctx, staff, "n2"); return err },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	walks := f.store.needWalks.Load()
	var by map[engine.Status]int
	var rate float64
	for range 100 {
		by, rate = f.eng.NeedCounts()
	}
	if n := f.store.needWalks.Load() - walks; n != 0 {
		t.Errorf("100 reads of the counts walked the needs %d times", n)
	}
	fun, err := f.eng.FunnelStats(ctx, staff, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range engine.Statuses() {
		if by[st] != fun.ByStatus[st] {
			t.Errorf("%s: kept %d, the store says %d (kept %v, store %v)", st, by[st], fun.ByStatus[st], by, fun.ByStatus)
		}
	}
	if rate != fun.AcceptanceRate {
		t.Errorf("acceptance rate kept %v, the store says %v", rate, fun.AcceptanceRate)
	}
	// A fresh engine counts the same from the store.
	g := engine.New(f.store, f.search, nil)
	if _, err := g.Sync(ctx, false); err != nil {
		t.Fatal(err)
	}
	if by2, _ := g.NeedCounts(); !maps.Equal(by2, by) {
		t.Errorf("counted at start %v, kept %v", by2, by)
	}
}

// TestDictionaryLimitsAndFallback: a 2,000-member synonym group is refused
// before anything is stored; a dictionary stored past the limits (by an
// older version, or by hand) does not stop a start: the last version that
// loads is used.
func TestDictionaryLimitsAndFallback(t *testing.T) {
	f := newFlaky(t, 3)
	ctx := context.Background()
	big := make([]string, 2000)
	for i := range big {
		big[i] = fmt.Sprintf("同义词%d", i)
	}
	if _, err := f.eng.UpdateDictionary(ctx, engine.Operator(), nil, [][]string{big}); !errors.Is(err, engine.ErrInvalid) {
		t.Errorf("a 2,000-member group: %v, want ErrInvalid", err)
	}
	if d, _ := f.store.Dictionary(ctx); d.Version != 0 {
		t.Errorf("a refused dictionary was stored as version %d", d.Version)
	}
	if _, err := f.eng.UpdateDictionary(ctx, engine.Operator(), []engine.Word{{Text: "伺服驱动器"}}, [][]string{{"医械", "医疗器械"}}); err != nil {
		t.Fatal(err)
	}
	if err := f.eng.WaitDictionary(ctx); err != nil {
		t.Fatal(err)
	}
	// Version 2 goes into the store behind the engine's back.
	if err := f.store.PutDictionary(ctx, engine.Dictionary{Version: 2, Synonyms: [][]string{big}}); err != nil {
		t.Fatal(err)
	}
	g := engine.New(f.store, f.search, nil)
	if _, err := g.Sync(ctx, false); err != nil {
		t.Fatalf("start with a stored dictionary past the limits: %v", err)
	}
	d, _ := g.CurrentDictionary()
	if d.Version != 1 || len(d.Words) != 1 {
		t.Errorf("dictionary in use after the fallback: version %d %v, want version 1", d.Version, d.Words)
	}
	// The next change gets a version past every stored one.
	d3, err := g.UpdateDictionary(ctx, engine.Operator(), []engine.Word{{Text: "屏蔽泵"}}, nil)
	if err != nil || d3.Version != 3 {
		t.Errorf("the change after a fallback: version %d, %v; want 3", d3.Version, err)
	}
	g.WaitDictionary(ctx)
}
