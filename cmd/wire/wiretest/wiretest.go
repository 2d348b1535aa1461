// Package wiretest opens the real parts (bbolt store, bleve index, the
// process's shared segmenter) the way the service does, for tests of the
// packages above the engine: one helper instead of a copy of the wiring in
// every test.
package wiretest

import (
	"context"
	"testing"

	"yixianqian/cmd/wire"
	"yixianqian/engine"
	"yixianqian/engine/demo"
	"yixianqian/segment/segmenttest"
)

// Open opens an empty, synced App in a temporary directory of tb's, closed
// when tb ends. o may set everything but the directory and the segmenter.
func Open(tb testing.TB, o wire.Options) *wire.App {
	tb.Helper()
	o.Dir, o.Create, o.Segmenter = tb.TempDir(), true, segmenttest.Shared(tb)
	a, err := wire.Open(context.Background(), o)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { a.Close() })
	if _, err := a.Engine.Sync(context.Background(), false); err != nil {
		tb.Fatal(err)
	}
	return a
}

// Demo opens an App holding the embedded demo data, with the semantic space
// learned.
func Demo(tb testing.TB, o wire.Options) *wire.App {
	tb.Helper()
	a := Open(tb, o)
	ctx := context.Background()
	ps, bad, err := engine.ReadProfiles(demo.Profiles())
	if err != nil || len(bad) > 0 {
		tb.Fatalf("demo profiles: %v %v", err, bad)
	}
	ns, bad, err := engine.ReadNeeds(demo.Needs())
	if err != nil || len(bad) > 0 {
		tb.Fatalf("demo needs: %v %v", err, bad)
	}
	if err := a.Engine.PutProfiles(ctx, ps); err != nil {
		tb.Fatal(err)
	}
	if err := a.Engine.PutNeeds(ctx, ns); err != nil {
		tb.Fatal(err)
	}
	if err := a.Sync(ctx); err != nil {
		tb.Fatal(err)
	}
	return a
}
