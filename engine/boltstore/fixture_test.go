package boltstore

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"yixianqian/engine"
)

var update = flag.Bool("update", false, "write the early-format fixture again")

const earlyFixture = "testdata/store-early.db"

// writeEarlyFixture writes a store as the first release laid it out:
// schema 1 with only the meta, profiles and needs buckets, and need
// records without history. Later releases add buckets on open.
func writeEarlyFixture(path string) error {
	os.Remove(path)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Update(func(tx *bolt.Tx) error {
		meta, _ := tx.CreateBucket([]byte("meta"))
		meta.Put([]byte("schema"), putUint(1))
		meta.Put([]byte("seq"), putUint(2))
		ps, _ := tx.CreateBucket([]byte("profiles"))
		ns, _ := tx.CreateBucket([]byte("needs"))
		p, _ := json.Marshal(map[string]any{"id": "old-e1", "kind": "expert", "name": "老专家", "keywords": []string{"注塑模具", "随形冷却"}, "works": []map[string]string{{"text": "注塑模具随形冷却水路设计"}}})
		n, _ := json.Marshal(map[string]any{"id": "old-n1", "description": "注塑模具冷却不均", "status": "submitted", "created": "2026-09-01T08:00:00Z"})
		ps.Put([]byte("old-e1"), p)
		return ns.Put([]byte("old-n1"), n)
	})
}

// TestEarlyFormatStillOpens opens a copy of the committed early-format
// file: its records read, the buckets added since are created, and it
// takes new kinds of records.
func TestEarlyFormatStillOpens(t *testing.T) {
	if *update {
		if err := writeEarlyFixture(earlyFixture); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "yxq.db")
	in, err := os.Open(earlyFixture)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := os.Create(path)
	io.Copy(out, in)
	in.Close()
	out.Close()

	s, err := Open(path, nil)
	if err != nil {
		t.Fatalf("open early format: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	p, err := s.Profile(ctx, "old-e1")
	if err != nil || p.Name != "老专家" || p.Works[0].Text == "" {
		t.Errorf("old profile = %+v, %v", p, err)
	}
	n, err := s.Need(ctx, "old-n1")
	if err != nil || n.Status != engine.StatusSubmitted || n.Created.IsZero() {
		t.Errorf("old need = %+v, %v", n, err)
	}
	if seq, _ := s.Seq(ctx); seq != 2 {
		t.Errorf("seq = %d, want 2", seq)
	}
	if err := s.PutToken(ctx, engine.Token{ID: "abc", Hash: "abcdef", Role: engine.RoleAdmin}); err != nil {
		t.Errorf("a token in the early file: %v", err)
	}
	if err := s.EachAssignment(ctx, func(engine.Assignment) error { return nil }); err != nil {
		t.Errorf("assignments in the early file: %v", err)
	}
	if err := s.EachFeedback(ctx, func(engine.Feedback) error { return nil }); err != nil {
		t.Errorf("feedback in the early file: %v", err)
	}
}
