package enginetest

import (
	"context"
	"testing"
	"time"

	"yixianqian/engine"
	"yixianqian/engine/demo"
)

// Fixture is an engine over the fakes.
type Fixture struct {
	Engine *engine.Engine
	Store  *Store
	Search *Search
}

// New returns an engine over a new fake Store and Search; opts may be nil.
func New(tb testing.TB, opts *engine.Options) *Fixture {
	tb.Helper()
	f := &Fixture{Store: NewStore(), Search: NewSearch()}
	f.Engine = engine.New(f.Store, f.Search, opts)
	if _, err := f.Engine.Sync(context.Background(), false); err != nil {
		tb.Fatal(err)
	}
	return f
}

// Demo returns an engine over fakes holding the demo profiles and needs,
// synced, with the clock at now (zero: the real clock).
func Demo(tb testing.TB, now time.Time) *Fixture {
	tb.Helper()
	var opts *engine.Options
	if !now.IsZero() {
		opts = &engine.Options{Now: func() time.Time { return now }}
	}
	f := New(tb, opts)
	ctx := context.Background()
	ps, bad, err := engine.ReadProfiles(demo.Profiles())
	if err != nil || len(bad) > 0 {
		tb.Fatalf("demo profiles: %v %v", err, bad)
	}
	ns, bad, err := engine.ReadNeeds(demo.Needs())
	if err != nil || len(bad) > 0 {
		tb.Fatalf("demo needs: %v %v", err, bad)
	}
	if err := f.Engine.PutProfiles(ctx, ps); err != nil {
		tb.Fatal(err)
	}
	if err := f.Engine.PutNeeds(ctx, ns); err != nil {
		tb.Fatal(err)
	}
	return f
}
