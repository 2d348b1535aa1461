package boltstore

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"yixianqian/engine"
)

func mustOpen(tb testing.TB, path string) *Store {
	tb.Helper()
	s, err := Open(path, nil)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	return s
}

func TestPutGetReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "yxq.db")
	s := mustOpen(t, path)
	p := engine.Profile{ID: "exp-1", Kind: engine.KindExpert, Name: "王伟", Keywords: []string{"伺服电机"}, Works: []engine.Work{{Text: "矢量控制"}}}
	seq1, err := s.PutProfiles(ctx, []engine.Profile{p})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutNeeds(ctx, []engine.Need{{ID: "n-1", Description: "伺服电机噪声大"}}); err != nil {
		t.Fatal(err)
	}
	p.Name = "王伟军"
	seq2, err := s.PutProfiles(ctx, []engine.Profile{p})
	if err != nil {
		t.Fatal(err)
	}
	// Only profile writes move the number the search index follows.
	if seq1 != 1 || seq2 != 2 {
		t.Errorf("seqs = %d, %d; want 1, 2", seq1, seq2)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = mustOpen(t, path)
	defer s.Close()
	got, err := s.Profile(ctx, "exp-1")
	if err != nil || got.Name != "王伟军" || got.Works[0].Text != "矢量控制" {
		t.Errorf("Profile after reopen = %+v, %v", got, err)
	}
	if seq, _ := s.Seq(ctx); seq != 2 {
		t.Errorf("Seq after reopen = %d, want 2", seq)
	}
	if v, _ := s.SchemaVersion(); v != SchemaVersion {
		t.Errorf("schema = %d, want %d", v, SchemaVersion)
	}
	if _, err := s.Need(ctx, "missing"); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("Need(missing) = %v, want ErrNotFound", err)
	}
	st, err := s.Stats()
	if err != nil || st.Profiles != 1 || st.Needs != 1 || st.Seq != 2 || st.Bytes == 0 {
		t.Errorf("Stats = %+v, %v", st, err)
	}
}

func TestEachInIDOrder(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, filepath.Join(t.TempDir(), "yxq.db"))
	defer s.Close()
	var ns []engine.Need
	for _, id := range []string{"c", "a", "b"} {
		ns = append(ns, engine.Need{ID: id, Description: "x"})
	}
	if err := s.PutNeeds(ctx, ns); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := s.EachNeed(ctx, func(n engine.Need) error { got += n.ID; return nil }); err != nil {
		t.Fatal(err)
	}
	if got != "abc" {
		t.Errorf("order = %q, want abc", got)
	}
	stop := errors.New("stop")
	if err := s.EachNeed(ctx, func(engine.Need) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("EachNeed error = %v, want the callback's", err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "yxq.db")
	mustOpen(t, path).Close()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, putUint(SchemaVersion+1)) })
	db.Close()
	if _, err := Open(path, nil); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open(newer schema) = %v, want ErrNewerSchema", err)
	}
}

func TestLockTimeout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "yxq.db")
	s := mustOpen(t, path)
	defer s.Close()
	start := time.Now()
	_, err := Open(path, &Options{Timeout: 100 * time.Millisecond})
	if err == nil {
		t.Fatal("second Open succeeded while the file is locked")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second Open took %v, want about the timeout", d)
	}
}

func TestCancelledContext(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "yxq.db"))
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.PutNeeds(ctx, []engine.Need{{ID: "a", Description: "x"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("PutNeeds(cancelled) = %v, want context.Canceled", err)
	}
	if seq, _ := s.Seq(context.Background()); seq != 0 {
		t.Errorf("seq = %d after a cancelled write, want 0", seq)
	}
}

// TestCreateIsOneWinner creates one ID from eight goroutines at once:
// exactly one creation succeeds, the others get ErrConflict, and the stored
// record is the winner's.
func TestCreateIsOneWinner(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, filepath.Join(t.TempDir(), "yxq.db"))
	defer s.Close()
	for _, kind := range []string{"need", "profile"} {
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				owner := fmt.Sprintf("企业%d", i)
				if kind == "need" {
					errs[i] = s.CreateNeed(ctx, engine.Need{ID: "same", Description: "x", Enterprise: owner})
				} else {
					_, errs[i] = s.CreateProfile(ctx, engine.Profile{ID: "same", Kind: engine.KindExpert, Name: owner})
				}
			}()
		}
		wg.Wait()
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Errorf("%s: creations %d and %d both succeeded", kind, winner, i)
			case err == nil:
				winner = i
			case !errors.Is(err, engine.ErrConflict):
				t.Errorf("%s: creation %d: %v, want ErrConflict", kind, i, err)
			}
		}
		if winner < 0 {
			t.Fatalf("%s: no creation succeeded", kind)
		}
		want := fmt.Sprintf("企业%d", winner)
		if kind == "need" {
			if n, _ := s.Need(ctx, "same"); n.Enterprise != want {
				t.Errorf("stored need belongs to %q, want the winner %q", n.Enterprise, want)
			}
		} else if p, _ := s.Profile(ctx, "same"); p.Name != want {
			t.Errorf("stored profile is %q, want the winner %q", p.Name, want)
		}
	}
}
