package boltstore

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"yixianqian/engine"
)

// TestFlippedBytesAreQuarantined flips bytes of one need's record in a real
// bbolt file: the needs listing skips it instead of failing, Check moves
// it to the quarantine bucket and reports it, and nothing else is lost.
func TestFlippedBytesAreQuarantined(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "yxq.db")
	s := mustOpen(t, path)
	needs := []engine.Need{
		{ID: "need-001", Description: "注塑模具冷却不均导致翘曲变形"},
		{ID: "need-002", Description: "屏蔽泵电机效率偏低需要优化设计"},
		{ID: "need-003", Description: "阀门密封面磨损内漏"},
	}
	if err := s.PutNeeds(ctx, needs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutProfiles(ctx, []engine.Profile{{ID: "exp-1", Kind: engine.KindExpert, Name: "王伟"}}); err != nil {
		t.Fatal(err)
	}
	seq, _ := s.Seq(ctx)
	s.Close()

	// Three flipped bytes in need-002's JSON, as a failing disk might (in
	// every copy of it: bbolt leaves old copies in free pages).
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rec := []byte(`{"id":"need-002","description"`)
	if bytes.Count(b, rec) == 0 {
		t.Fatal("need-002 not found in the file")
	}
	for from := 0; ; {
		at := bytes.Index(b[from:], rec)
		if at < 0 {
			break
		}
		for _, off := range []int{0, 6, 16} { // '{', a quote, a comma
			b[from+at+off] ^= 0x20
		}
		from += at + len(rec)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}

	s = mustOpen(t, path)
	defer s.Close()
	var listed []string
	if err := s.EachNeed(ctx, func(n engine.Need) error { listed = append(listed, n.ID); return nil }); err != nil {
		t.Fatalf("the listing trips on the damaged record: %v", err)
	}
	if strings.Join(listed, ",") != "need-001,need-003" {
		t.Errorf("listed %v, want need-001 and need-003", listed)
	}
	if _, err := s.Need(ctx, "need-002"); !errors.Is(err, engine.ErrUnavailable) || engine.Message(err) == "" {
		t.Errorf("reading the damaged need: %v, want ErrUnavailable with a message", err)
	}
	st, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Quarantined) != 1 || st.Quarantined[0].Key != "need-002" || len(st.Damage) != 0 {
		t.Fatalf("check: %+v, want need-002 quarantined and no damage", st)
	}
	if st.Records["needs"] != 3 || st.Records["profiles"] != 1 {
		t.Errorf("records read: %v", st.Records)
	}
	if _, err := s.Need(ctx, "need-002"); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("the quarantined need: %v, want ErrNotFound", err)
	}
	q, _ := s.Quarantined()
	stats, _ := s.Stats()
	if len(q) != 1 || !strings.HasPrefix(q[0], "needs/need-002: cannot decode") || stats.Quarantined != 1 || stats.Needs != 2 {
		t.Errorf("quarantine %q, stats %+v", q, stats)
	}
	if seq2, _ := s.Seq(ctx); seq2 != seq {
		t.Errorf("seq moved from %d to %d though no profile was quarantined", seq, seq2)
	}
	again, _ := s.Check(ctx)
	if len(again.Quarantined) != 0 {
		t.Errorf("a second check quarantined %v", again.Quarantined)
	}
}

// TestCheckQuarantinesMisfiledRecords: a record stored under another ID,
// and a profile that cannot be read, are moved aside; the profile's
// quarantine moves the sequence number so the index is rebuilt without
// it.
func TestCheckQuarantinesMisfiledRecords(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, filepath.Join(t.TempDir(), "yxq.db"))
	defer s.Close()
	if _, err := s.PutProfiles(ctx, []engine.Profile{{ID: "exp-1", Kind: engine.KindExpert, Name: "王伟"}}); err != nil {
		t.Fatal(err)
	}
	seq, _ := s.Seq(ctx)
	err := s.db.Update(func(tx *bolt.Tx) error {
		return errors.Join(
			tx.Bucket(bucketNeeds).Put([]byte("need-9"), []byte(`{"id":"need-8","description":"x"}`)),
			tx.Bucket(bucketProfiles).Put([]byte("exp-2"), []byte(`{"id":"exp-2","kind":`)),
		)
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Check(ctx)
	if err != nil || len(st.Quarantined) != 2 {
		t.Fatalf("check: %+v %v", st, err)
	}
	if seq2, _ := s.Seq(ctx); seq2 != seq+1 {
		t.Errorf("seq %d after quarantining a profile, want %d", seq2, seq+1)
	}
}

// TestDictionaryHistoryAndProbe: the history lists the versions that can
// be read, newest first; a damaged current version leaves the history.
func TestDictionaryHistoryAndProbe(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, filepath.Join(t.TempDir(), "yxq.db"))
	defer s.Close()
	for v := 1; v <= 3; v++ {
		if err := s.PutDictionary(ctx, engine.Dictionary{Version: v, Words: []engine.Word{{Text: "词"}}}); err != nil {
			t.Fatal(err)
		}
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDict)
		return errors.Join(b.Put(keyCurrentDict, []byte(`{"version":3,`)), b.Put([]byte("v/00000003"), []byte(`{"version":3,`)))
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Dictionary(ctx); err == nil {
		t.Error("a damaged current dictionary reads without error")
	}
	h, err := s.DictionaryHistory(ctx)
	if err != nil || len(h) != 2 || h[0].Version != 2 || h[1].Version != 1 {
		t.Errorf("history: %+v %v, want versions 2 and 1", h, err)
	}
	if err := s.Probe(ctx); err != nil {
		t.Errorf("probe: %v", err)
	}
}
