package boltstore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"yixianqian/engine"
)

func TestAccountsAndSessions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "yxq.db")
	s := mustOpen(t, path)
	a := engine.Account{ID: "acct-1", Username: "zhangmin", Name: "张敏", Role: engine.RoleAnalyst, PasswordHash: "$argon2id$x", Created: time.Now().UTC()}
	if err := s.CreateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAccount(ctx, engine.Account{ID: "acct-2", Username: "zhangmin"}); !errors.Is(err, engine.ErrConflict) {
		t.Errorf("same user name: %v", err)
	}
	a.Failed = 3
	if err := s.PutAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.PutAccount(ctx, engine.Account{ID: "acct-9", Username: "x"}); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("put of a missing account: %v", err)
	}
	for _, h := range []string{"h1", "h2"} {
		if err := s.PutSession(ctx, engine.Session{Hash: h, AccountID: "acct-1"}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s = mustOpen(t, path)
	defer s.Close()
	got, err := s.AccountByUsername(ctx, "zhangmin")
	if err != nil || got.Failed != 3 || got.Name != "张敏" {
		t.Fatalf("after reopening: %+v %v", got, err)
	}
	if _, err := s.SessionByHash(ctx, "h2"); err != nil {
		t.Fatal(err)
	}
	if n, err := s.DeleteSessions(ctx, "acct-1"); n != 2 || err != nil {
		t.Errorf("deleted %d sessions, %v", n, err)
	}
	if _, err := s.SessionByHash(ctx, "h1"); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("session after delete: %v", err)
	}
	var names []string
	s.EachAccount(ctx, func(a engine.Account) error { names = append(names, a.Username); return nil })
	if len(names) != 1 {
		t.Errorf("accounts %v", names)
	}
}

// TestEarlyFileGetsAccountBuckets opens a copy of the first layout: the
// account buckets are added and work.
func TestEarlyFileGetsAccountBuckets(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "store-early.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "early.db")
	os.WriteFile(path, b, 0o600)
	s := mustOpen(t, path)
	defer s.Close()
	ctx := context.Background()
	if _, err := s.AccountByUsername(ctx, "anyone"); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("lookup in a migrated early file: %v", err)
	}
	if err := s.CreateAccount(ctx, engine.Account{ID: "acct-1", Username: "admin"}); err != nil {
		t.Errorf("create in a migrated early file: %v", err)
	}
}
