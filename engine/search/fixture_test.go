package search_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	"yixianqian/engine"
	"yixianqian/engine/boltstore"
	"yixianqian/engine/demo"
	"yixianqian/engine/search"
	"yixianqian/segment"
	"yixianqian/segment/segmenttest"
)

// fixture is an engine over a real bbolt file and a real search index in a
// directory: the real parts, tested once here.
type fixture struct {
	dir    string
	once   sync.Once
	store  *boltstore.Store
	search *search.Search
	eng    *engine.Engine
}

// mustFixture opens dir; so may change the search options (nil: defaults).
func mustFixture(tb testing.TB, dir string, so *search.Options) *fixture {
	tb.Helper()
	return logFixture(tb, dir, so, nil)
}

// logFixture is mustFixture with the engine and the search logging to log.
func logFixture(tb testing.TB, dir string, so *search.Options, log *slog.Logger) *fixture {
	tb.Helper()
	store, err := boltstore.Open(filepath.Join(dir, "yxq.db"), nil)
	if err != nil {
		tb.Fatal(err)
	}
	o := search.DefaultOptions()
	if so != nil {
		o = *so
	}
	o.Segmenter = segmenttest.Shared(tb)
	o.Logger = log
	o.NewSegmenter = func(w []segment.Word) (*segment.Segmenter, error) { return segment.Open(&segment.Options{Words: w}) }
	s, err := search.Open(filepath.Join(dir, "index"), &o)
	if err != nil {
		store.Close()
		tb.Fatal(err)
	}
	f := &fixture{dir: dir, store: store, search: s, eng: engine.New(store, s, &engine.Options{BatchSize: 50, Logger: log})}
	if _, err := f.eng.Sync(context.Background(), false); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(f.close)
	return f
}

func (f *fixture) close() {
	f.once.Do(func() {
		f.eng.Close()
		f.search.Close()
		f.store.Close()
	})
}

func mustDemo(tb testing.TB, f *fixture) {
	tb.Helper()
	ctx := context.Background()
	ps, bad, err := engine.ReadProfiles(demo.Profiles())
	if err != nil || len(bad) > 0 {
		tb.Fatalf("demo profiles: %v %v", err, bad)
	}
	ns, bad, err := engine.ReadNeeds(demo.Needs())
	if err != nil || len(bad) > 0 {
		tb.Fatalf("demo needs: %v %v", err, bad)
	}
	if err := f.eng.PutProfiles(ctx, ps); err != nil {
		tb.Fatal(err)
	}
	if err := f.eng.PutNeeds(ctx, ns); err != nil {
		tb.Fatal(err)
	}
}

func matchIDs(tb testing.TB, e *engine.Engine, text string, opts engine.MatchOptions) []string {
	tb.Helper()
	res, err := e.Match(context.Background(), text, opts)
	if err != nil {
		tb.Fatalf("Match(%q): %v", text, err)
	}
	var ids []string
	for _, m := range res.Matches {
		ids = append(ids, m.Profile.ID)
	}
	return ids
}

func findMatch(res *engine.MatchResult, id string) *engine.Match {
	for i := range res.Matches {
		if res.Matches[i].Profile.ID == id {
			return &res.Matches[i]
		}
	}
	return nil
}
