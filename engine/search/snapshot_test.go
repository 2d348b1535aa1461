package search_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"yixianqian/engine"
	"yixianqian/engine/boltstore"
	"yixianqian/engine/search"
)

// logBuffer collects log lines; background learning writes to it too.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(b, nil)) }

// snapshotPath is where the search saves its semantic space for the
// fixture in dir.
func snapshotPath(dir string) string { return filepath.Join(dir, "index.semantic") }

func ranks(t *testing.T, e *engine.Engine) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, q := range append(slices.Clone(probeQueries), "量子点显示薄膜") {
		out[q] = matchIDs(t, e, q, engine.MatchOptions{K: 10})
	}
	return out
}

// TestRestartLoadsSemanticSpace restarts over a learned space twice: after
// a clean close, and with the space as it was saved before the last write
// (a kill before the close saved it). Neither start learns; both rank as
// before the restart.
func TestRestartLoadsSemanticSpace(t *testing.T) {
	ivf := search.DefaultOptions()
	ivf.SemanticIVFMin = 50
	t.Run("scan", func(t *testing.T) { testRestartLoads(t, nil) })
	t.Run("inverted file", func(t *testing.T) { testRestartLoads(t, &ivf) })
}

func testRestartLoads(t *testing.T, so *search.Options) {
	dir := t.TempDir()
	ctx := context.Background()
	f := mustFixture(t, dir, so)
	mustDemo(t, f)
	r, err := f.eng.Sync(ctx, true)
	if err != nil || r.Semantic != "learned" {
		t.Fatalf("first Sync = %+v, %v; want the space learned", r, err)
	}
	stale, err := os.ReadFile(snapshotPath(dir))
	if err != nil {
		t.Fatalf("learning saved no space: %v", err)
	}
	extra := engine.Profile{ID: "exp-new", Kind: engine.KindExpert, Name: "新专家", Fields: []string{"显示材料"}, Keywords: []string{"量子点显示薄膜", "注塑模具"}}
	if err := f.eng.PutProfiles(ctx, []engine.Profile{extra}); err != nil {
		t.Fatal(err)
	}
	before := ranks(t, f.eng)
	if st, _ := f.eng.SearchState(); st.Learned != 185 || st.Placed != 186 || st.Learns != 1 {
		t.Fatalf("before the restart: %+v; want 185 learned, 186 placed, one learning", st)
	}
	f.close()

	check := func(name string, caughtUp int) {
		t.Helper()
		var logs logBuffer
		g := logFixture(t, dir, so, logs.logger())
		defer g.close()
		r, err := g.eng.Sync(ctx, true)
		if err != nil || r.Semantic != "loaded" || r.CaughtUp != caughtUp || r.Rebuilt {
			t.Fatalf("%s: Sync = %+v, %v; want the saved space loaded, %d caught up", name, r, err, caughtUp)
		}
		st, _ := g.eng.SearchState()
		if !st.Loaded || st.Learns != 0 || st.Learned != 185 || st.Placed != 186 {
			t.Errorf("%s: state %+v; want loaded, not learned (0 learnings), 185 learned, 186 placed", name, st)
		}
		log := logs.String()
		if !strings.Contains(log, "semantic space loaded, not learned again") || strings.Contains(log, "learned the semantic space") {
			t.Errorf("%s: log does not say the space was loaded and not learned:\n%s", name, log)
		}
		for q, want := range ranks(t, g.eng) {
			if !slices.Equal(want, before[q]) {
				t.Errorf("%s: %q ranks %v, before the restart %v", name, q, want, before[q])
			}
		}
		if g.eng.Learning() {
			t.Errorf("%s: learning in the background after a start with a usable space", name)
		}
	}
	check("clean restart", 0)
	if err := os.WriteFile(snapshotPath(dir), stale, 0o600); err != nil {
		t.Fatal(err)
	}
	check("space saved before the last write", 1)

	// The stale space again, then a command that does not bring the space
	// up (an import: Sync without it) writes one more profile and closes,
	// saving the space it folded that profile into: the next start must
	// still catch up both profiles written after the stale space.
	if err := os.WriteFile(snapshotPath(dir), stale, 0o600); err != nil {
		t.Fatal(err)
	}
	h := mustFixture(t, dir, so)
	later := engine.Profile{ID: "exp-later", Kind: engine.KindExpert, Name: "后来的专家", Keywords: []string{"量子点显示薄膜"}}
	if err := h.eng.PutProfiles(ctx, []engine.Profile{later}); err != nil {
		t.Fatal(err)
	}
	h.close()
	g := mustFixture(t, dir, so)
	defer g.close()
	if r, err := g.eng.Sync(ctx, true); err != nil || r.Semantic != "loaded" || r.CaughtUp != 2 {
		t.Fatalf("after an import over a stale space: Sync = %+v, %v; want it loaded and 2 caught up", r, err)
	}
	if st, _ := g.eng.SearchState(); st.Placed != 187 {
		t.Errorf("after an import over a stale space: %d profiles placed, want 187", st.Placed)
	}
}

// gatedSearch holds every Learn until gate is closed, so that a test can
// look at the service while it learns.
type gatedSearch struct {
	engine.Search
	gate chan struct{}
}

func (g gatedSearch) Learn(ctx context.Context, walk engine.ProfileWalk, seq uint64) (engine.LearnReport, error) {
	<-g.gate
	return g.Search.Learn(ctx, walk, seq)
}

// TestUnusableSemanticSpaceRelearned starts over a saved space that
// cannot be used, a corrupt one and one of another dictionary version: the
// start does not wait for learning, the service is ready and matches
// while the space is learned in the background, and the space learned is
// saved for the next start.
func TestUnusableSemanticSpaceRelearned(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name  string
		spoil func(t *testing.T, dir string)
		dict  int
	}{
		{"corrupt", func(t *testing.T, dir string) {
			b, err := os.ReadFile(snapshotPath(dir))
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/2] ^= 0x5a
			if err := os.WriteFile(snapshotPath(dir), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}, 0},
		{"other dictionary", func(t *testing.T, dir string) {
			s, err := boltstore.Open(filepath.Join(dir, "yxq.db"), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			d := engine.Dictionary{Version: 1, By: "test", Words: []engine.Word{{Text: "量子点显示", Freq: 3000}}}
			if err := s.PutDictionary(ctx, d); err != nil {
				t.Fatal(err)
			}
		}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			f := mustFixture(t, dir, nil)
			mustDemo(t, f)
			if r, err := f.eng.Sync(ctx, true); err != nil || r.Semantic != "learned" {
				t.Fatalf("first Sync = %+v, %v", r, err)
			}
			f.close()
			c.spoil(t, dir)

			var logs logBuffer
			g := logFixture(t, dir, nil, logs.logger())
			defer g.close()
			gate := make(chan struct{})
			e := engine.New(g.store, gatedSearch{g.search, gate}, &engine.Options{Logger: logs.logger()})
			defer e.Close()
			// A Sync that waits for learning is let through after a while,
			// to fail rather than hang.
			synced := make(chan struct{})
			go func() {
				select {
				case <-synced:
				case <-time.After(30 * time.Second):
					close(gate)
				}
			}()
			r, err := e.Sync(ctx, true)
			close(synced)
			if err != nil || r.Semantic != "relearning" {
				t.Fatalf("Sync = %+v, %v; want the space learned again in the background", r, err)
			}
			// Sync has returned with learning held at the gate: the
			// service serves meanwhile.
			if !e.Learning() {
				t.Error("Learning() = false while the space is being learned")
			}
			if err := e.Health(); err != nil {
				t.Errorf("not ready while learning: %v", err)
			}
			if ids := matchIDs(t, e, probeQueries[0], engine.MatchOptions{K: 5}); len(ids) == 0 {
				t.Error("no matches while learning")
			}
			select {
			case <-gate:
				t.Fatal("Sync waited for learning")
			default:
				close(gate)
			}
			deadline := time.Now().Add(2 * time.Minute)
			for e.Learning() && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			st, _ := e.SearchState()
			if e.Learning() || st.Learns != 1 || st.Learned != 185 || st.SemanticDict != c.dict {
				t.Fatalf("after learning: learning %v, state %+v; want one learning of 185 profiles with dictionary %d", e.Learning(), st, c.dict)
			}
			if !strings.Contains(logs.String(), "learning it again in the background") {
				t.Errorf("log does not say why the space is learned again:\n%s", logs.String())
			}
			e.Close()
			g.close()

			h := mustFixture(t, dir, nil)
			if r, err := h.eng.Sync(ctx, true); err != nil || r.Semantic != "loaded" {
				t.Errorf("the next start = %+v, %v; want the relearned space loaded", r, err)
			}
		})
	}
}
