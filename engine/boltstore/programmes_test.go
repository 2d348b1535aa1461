package boltstore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"yixianqian/engine"
)

func TestRoundsPackagesAndGroups(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "yxq.db")
	s := mustOpen(t, path)
	r := engine.Round{ID: "round-1", Name: "2026 院士结对", Mentees: []string{"exp-008"}, Academicians: []string{"exp-005"}, Created: time.Now().UTC(),
		Pairs: []engine.MentorPair{{PairRef: engine.PairRef{MenteeID: "exp-008", AcademicianID: "exp-005"}, Mode: engine.PairStudy, Status: engine.PairApproved}}}
	if err := s.CreateRound(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateRound(ctx, r); !errors.Is(err, engine.ErrConflict) {
		t.Errorf("second round with one ID: %v", err)
	}
	r.Pairs[0].Activity = []engine.PairActivity{{Kind: engine.ActivityMeeting, Date: "2026-11-25", Title: "首次见面"}}
	if err := s.PutRound(ctx, r); err != nil {
		t.Fatal(err)
	}
	p := engine.Package{ID: "pkg-1", Name: "仙居县医疗器械产业服务包", County: "仙居县", Industry: "医疗器械", Covered: 5}
	if err := s.CreatePackage(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePackage(ctx, p); !errors.Is(err, engine.ErrConflict) {
		t.Errorf("second package with one ID: %v", err)
	}
	if err := s.PutGroups(ctx, []engine.ServiceGroup{{ID: "grp-02", Name: "乙", Theme: "乡村振兴"}, {ID: "grp-01", Name: "甲", Theme: "生物医药"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = mustOpen(t, path)
	defer s.Close()
	got, err := s.Round(ctx, "round-1")
	if err != nil || len(got.Pairs) != 1 || len(got.Pairs[0].Activity) != 1 || got.Pairs[0].Mode != engine.PairStudy {
		t.Errorf("round after reopening: %v %+v", err, got)
	}
	if _, err := s.Round(ctx, "round-9"); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("missing round: %v", err)
	}
	if gp, err := s.Package(ctx, "pkg-1"); err != nil || gp.Covered != 5 {
		t.Errorf("package: %v %+v", err, gp)
	}
	var ids []string
	s.EachGroup(ctx, func(g engine.ServiceGroup) error { ids = append(ids, g.ID); return nil })
	if len(ids) != 2 || ids[0] != "grp-01" {
		t.Errorf("groups in ID order: %v", ids)
	}
	// A walk may write: the records are read before fn runs.
	err = s.EachRound(ctx, func(r engine.Round) error { r.Name = "改"; return s.PutRound(ctx, r) })
	if err != nil {
		t.Errorf("writing during a walk: %v", err)
	}
}

// TestEarlyFileGetsProgrammeBuckets opens a copy of the first layout
// read-only (the buckets are missing: nothing is there) and then
// read-write (the buckets are added and work).
func TestEarlyFileGetsProgrammeBuckets(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "store-early.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "early.db")
	os.WriteFile(path, b, 0o600)
	ctx := context.Background()
	if db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second}); err == nil {
		missing := false
		db.View(func(tx *bolt.Tx) error { missing = tx.Bucket(bucketRounds) == nil; return nil })
		db.Close()
		if !missing {
			t.Fatal("the early fixture already has the rounds bucket")
		}
	}
	if ro, err := Open(path, &Options{ReadOnly: true}); err != nil {
		t.Errorf("open the early file read-only: %v", err)
	} else {
		n := 0
		if err := ro.EachRound(ctx, func(engine.Round) error { n++; return nil }); err != nil || n != 0 {
			t.Errorf("rounds of an early file read-only: %v, %d", err, n)
		}
		if _, err := ro.Package(ctx, "x"); !errors.Is(err, engine.ErrNotFound) {
			t.Errorf("package of an early file read-only: %v", err)
		}
		ro.Close()
	}
	s := mustOpen(t, path)
	defer s.Close()
	if err := s.CreateRound(ctx, engine.Round{ID: "round-1", Name: "x"}); err != nil {
		t.Errorf("create in a migrated early file: %v", err)
	}
}
