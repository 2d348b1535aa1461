package boltstore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"yixianqian/engine"
)

func profileIDs(t *testing.T, walk func(context.Context, func(engine.Profile) error) error) ([]string, int) {
	t.Helper()
	var ids []string
	works := 0
	if err := walk(context.Background(), func(p engine.Profile) error {
		ids = append(ids, p.ID)
		works += len(p.Works)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return ids, works
}

// TestHeadsAndChanges checks what the engine reads at start: the heads
// (profiles without works) and the profiles written after a sequence
// number, each once and as it is now.
func TestHeadsAndChanges(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "yxq.db"))
	defer s.Close()
	ctx := context.Background()
	work := engine.Work{Title: "高强铝合金压铸工艺"}
	a := engine.Profile{ID: "a", Kind: engine.KindExpert, Name: "甲", Works: []engine.Work{work}}
	b := engine.Profile{ID: "b", Kind: engine.KindExpert, Name: "乙", Works: []engine.Work{work, work}}
	c := engine.Profile{ID: "c", Kind: engine.KindExpert, Name: "丙"}
	first, err := s.PutProfiles(ctx, []engine.Profile{a, b})
	if err != nil {
		t.Fatal(err)
	}
	b.Name = "乙改"
	if _, err := s.PutProfiles(ctx, []engine.Profile{b, c}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateProfile(ctx, engine.Profile{ID: "d", Kind: engine.KindExpert, Name: "丁"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutProfiles(ctx, []engine.Profile{b}); err != nil {
		t.Fatal(err)
	}
	if ids, works := profileIDs(t, s.EachProfileHead); !slices.Equal(ids, []string{"a", "b", "c", "d"}) || works != 0 {
		t.Errorf("heads %v with %d works; want a b c d without works", ids, works)
	}
	var since []engine.Profile
	if err := s.ProfilesSince(ctx, first, func(p engine.Profile) error { since = append(since, p); return nil }); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range since {
		names = append(names, p.Name)
	}
	if !slices.Equal(names, []string{"乙改", "丙", "丁"}) || len(since[0].Works) != 2 {
		t.Errorf("written since the first write: %v; want 乙改 丙 丁, whole", names)
	}
	if ids, _ := profileIDs(t, func(ctx context.Context, fn func(engine.Profile) error) error {
		seq, _ := s.Seq(ctx)
		return s.ProfilesSince(ctx, seq, fn)
	}); len(ids) != 0 {
		t.Errorf("written since the last write: %v", ids)
	}
}

// TestEarlyFileGetsHeads opens the first layout read-only (heads come from
// the profiles) and read-write (migrate builds them).
func TestEarlyFileGetsHeads(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "store-early.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "early.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := profileIDs(t, ro.EachProfile)
	if len(want) == 0 {
		t.Fatal("the early fixture holds no profiles; the test tests nothing")
	}
	if got, works := profileIDs(t, ro.EachProfileHead); !slices.Equal(got, want) || works != 0 {
		t.Errorf("heads of an early file read-only: %v (%d works); want %v", got, works, want)
	}
	if got, _ := profileIDs(t, func(ctx context.Context, fn func(engine.Profile) error) error { return ro.ProfilesSince(ctx, 0, fn) }); len(got) != 0 {
		t.Errorf("changes of an early file: %v; it recorded none", got)
	}
	ro.Close()
	s := mustOpen(t, path)
	defer s.Close()
	if got, works := profileIDs(t, s.EachProfileHead); !slices.Equal(got, want) || works != 0 {
		t.Errorf("heads built by migrate: %v (%d works); want %v", got, works, want)
	}
}

// TestWalkInChunksLetsWritesThrough walks more profiles than one chunk
// holds, each once and in order, while the walk's callback writes large
// profiles that grow the file: a walk inside one read transaction would
// keep those writes waiting for the file's mapping for as long as it runs.
func TestWalkInChunksLetsWritesThrough(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "yxq.db"))
	// Closed at the end, not deferred: after a stuck walk Close would
	// wait for its transaction for ever.
	ctx := context.Background()
	var ps []engine.Profile
	for i := range 3*walkChunk + 10 {
		ps = append(ps, engine.Profile{ID: fmt.Sprintf("p%04d", i), Kind: engine.KindExpert, Name: "专家"})
	}
	if _, err := s.PutProfiles(ctx, ps); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("铝合金压铸件气孔缺陷的成因与控制。", 20000) // about 1 MB a profile
	done := make(chan error, 1)
	var ids []string
	go func() {
		done <- s.EachProfile(ctx, func(p engine.Profile) error {
			ids = append(ids, p.ID)
			if len(ids)%walkChunk == 1 {
				id := fmt.Sprintf("z%04d", len(ids)) // after every walked key
				_, err := s.PutProfiles(ctx, []engine.Profile{{ID: id, Kind: engine.KindExpert, Name: "大", Works: []engine.Work{{Text: big}}}})
				return err
			}
			return nil
		})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a write from inside a walk waited 30 s: the walk holds the file")
	}
	defer s.Close()
	if n := len(ps); len(ids) < n || !slices.IsSorted(ids) || !slices.Equal(ids[:n], slicesIDs(ps)) {
		t.Errorf("walked %d profiles (sorted %v), want the %d stored first, each once, in order", len(ids), slices.IsSorted(ids), n)
	}
}

func slicesIDs(ps []engine.Profile) []string {
	ids := make([]string, len(ps))
	for i := range ps {
		ids[i] = ps[i].ID
	}
	return ids
}
