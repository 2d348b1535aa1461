package boltstore

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"yixianqian/engine"
)

// Accounts are kept by ID, with an index from user name to ID; sessions
// by the hash of their secret.
var (
	bucketAccounts     = []byte("accounts")
	bucketAccountNames = []byte("account_names")
	bucketSessions     = []byte("sessions")
)

// accountBuckets are created by migrate on files that predate them.
func accountBuckets() [][]byte { return [][]byte{bucketAccounts, bucketAccountNames, bucketSessions} }

// CreateAccount implements engine.AccountStore.
func (s *Store) CreateAccount(ctx context.Context, a engine.Account) error {
	return s.writeAccount(ctx, a, true)
}

// PutAccount implements engine.AccountStore.
func (s *Store) PutAccount(ctx context.Context, a engine.Account) error {
	return s.writeAccount(ctx, a, false)
}

func (s *Store) writeAccount(ctx context.Context, a engine.Account, create bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v, err := json.Marshal(&a)
	if err != nil {
		return err
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		accounts, names := tx.Bucket(bucketAccounts), tx.Bucket(bucketAccountNames)
		owner := names.Get([]byte(a.Username))
		exists := accounts.Get([]byte(a.ID)) != nil
		switch {
		case create && (exists || owner != nil):
			return engine.Errorf(engine.ErrConflict, "用户名「"+a.Username+"」已被使用", "account %s or user name %s exists", a.ID, a.Username)
		case !create && !exists:
			return fmt.Errorf("account %s: %w", a.ID, engine.ErrNotFound)
		case !create && string(owner) != a.ID:
			return fmt.Errorf("account %s: the user name cannot change: %w", a.ID, engine.ErrConflict)
		}
		if err := names.Put([]byte(a.Username), []byte(a.ID)); err != nil {
			return err
		}
		return accounts.Put([]byte(a.ID), v)
	})
	if err != nil {
		return fmt.Errorf("store account: %w", err)
	}
	return nil
}

// getIn reads one record of a bucket that a read-only early file may lack.
func getIn(s *Store, bucket []byte, what, key string, v any) error {
	var raw []byte
	s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucket); b != nil {
			raw = append(raw, b.Get([]byte(key))...)
		}
		return nil
	})
	if raw == nil {
		return fmt.Errorf("%s %s: %w", what, key, engine.ErrNotFound)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("decode %s %s: %w", what, key, err)
	}
	return nil
}

// Account implements engine.AccountStore.
func (s *Store) Account(ctx context.Context, id string) (engine.Account, error) {
	var a engine.Account
	return a, getIn(s, bucketAccounts, "account", id, &a)
}

// AccountByUsername implements engine.AccountStore.
func (s *Store) AccountByUsername(ctx context.Context, username string) (engine.Account, error) {
	var id string
	if err := s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketAccountNames); b != nil {
			id = string(b.Get([]byte(username)))
		}
		return nil
	}); err != nil {
		return engine.Account{}, err
	}
	if id == "" {
		return engine.Account{}, fmt.Errorf("account %s: %w", username, engine.ErrNotFound)
	}
	return s.Account(ctx, id)
}

// EachAccount implements engine.AccountStore, in user-name order.
func (s *Store) EachAccount(ctx context.Context, fn func(engine.Account) error) error {
	var ids []string
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAccountNames)
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, id []byte) error {
			ids = append(ids, string(id))
			return nil
		})
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		a, err := s.Account(ctx, id)
		if err != nil {
			continue // removed meanwhile
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

// PutSession implements engine.AccountStore.
func (s *Store) PutSession(ctx context.Context, sess engine.Session) error {
	_, err := putAll(ctx, s, bucketSessions, []engine.Session{sess}, func(x *engine.Session) string { return x.Hash }, false, false)
	return err
}

// SessionByHash implements engine.AccountStore.
func (s *Store) SessionByHash(ctx context.Context, hash string) (engine.Session, error) {
	var sess engine.Session
	return sess, getIn(s, bucketSessions, "session", hash, &sess)
}

// DeleteSession implements engine.AccountStore.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketSessions).Delete([]byte(hash)) })
}

// DeleteSessions implements engine.AccountStore.
func (s *Store) DeleteSessions(ctx context.Context, accountID string) (int, error) {
	n := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions)
		var doomed [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var sess engine.Session
			if json.Unmarshal(v, &sess) == nil && sess.AccountID == accountID {
				doomed = append(doomed, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range doomed {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(doomed)
		return nil
	})
	return n, err
}
