package engine_test

import (
	"context"
	"testing"
	"time"

	"yixianqian/engine"
	"yixianqian/engine/enginetest"
)

// fixture is an engine over the in-memory fakes of its two ports.
type fixture struct {
	eng    *engine.Engine
	store  *enginetest.Store
	search *enginetest.Search
}

func newFixture(t *testing.T, now time.Time) *fixture {
	t.Helper()
	f := enginetest.New(t, clock(now))
	return &fixture{f.Engine, f.Store, f.Search}
}

// learnedDemo is the demo data over the fakes.
func learnedDemo(t *testing.T) *fixture {
	t.Helper()
	f := enginetest.Demo(t, time.Time{})
	if _, err := f.Engine.Learn(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &fixture{f.Engine, f.Store, f.Search}
}

func clock(now time.Time) *engine.Options {
	if now.IsZero() {
		return nil
	}
	return &engine.Options{Now: func() time.Time { return now }}
}

// demoProfile returns the first demo profile that pred accepts.
func demoProfile(t *testing.T, f *fixture, pred func(*engine.Profile) bool) engine.Profile {
	t.Helper()
	ps, err := f.eng.Profiles(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range ps {
		if pred(&ps[i]) {
			return ps[i]
		}
	}
	t.Fatal("no demo profile fits")
	return engine.Profile{}
}

func findMatch(res *engine.MatchResult, id string) *engine.Match {
	for i := range res.Matches {
		if res.Matches[i].Profile.ID == id {
			return &res.Matches[i]
		}
	}
	return nil
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
