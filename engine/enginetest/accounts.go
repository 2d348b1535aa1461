package enginetest

import (
	"context"
	"fmt"
	"slices"

	"yixianqian/engine"
)

// accounts is the fake's part for engine.AccountStore.
type accounts struct {
	byID     map[string]engine.Account
	sessions map[string]engine.Session
}

func (s *Store) acc() *accounts {
	if s.accounts.byID == nil {
		s.accounts = accounts{byID: map[string]engine.Account{}, sessions: map[string]engine.Session{}}
	}
	return &s.accounts
}

// CreateAccount implements engine.AccountStore.
func (s *Store) CreateAccount(ctx context.Context, a engine.Account) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	acc := s.acc()
	for _, o := range acc.byID {
		if o.ID == a.ID || o.Username == a.Username {
			return fmt.Errorf("account %s exists: %w", a.Username, engine.ErrConflict)
		}
	}
	acc.byID[a.ID] = a
	return nil
}

// PutAccount implements engine.AccountStore.
func (s *Store) PutAccount(ctx context.Context, a engine.Account) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.acc().byID[a.ID]
	if !ok {
		return fmt.Errorf("account %s: %w", a.ID, engine.ErrNotFound)
	}
	if old.Username != a.Username {
		return fmt.Errorf("account %s: user name changed: %w", a.ID, engine.ErrConflict)
	}
	s.acc().byID[a.ID] = a
	return nil
}

// Account implements engine.AccountStore.
func (s *Store) Account(ctx context.Context, id string) (engine.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.acc().byID[id]
	if !ok {
		return engine.Account{}, fmt.Errorf("account %s: %w", id, engine.ErrNotFound)
	}
	return a, nil
}

// AccountByUsername implements engine.AccountStore.
func (s *Store) AccountByUsername(ctx context.Context, username string) (engine.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.acc().byID {
		if a.Username == username {
			return a, nil
		}
	}
	return engine.Account{}, fmt.Errorf("account %s: %w", username, engine.ErrNotFound)
}

// EachAccount implements engine.AccountStore.
func (s *Store) EachAccount(ctx context.Context, fn func(engine.Account) error) error {
	s.mu.Lock()
	var list []engine.Account
	for _, a := range s.acc().byID {
		list = append(list, a)
	}
	s.mu.Unlock()
	slices.SortFunc(list, func(a, b engine.Account) int {
		if a.Username < b.Username {
			return -1
		}
		return 1
	})
	for _, a := range list {
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

// PutSession implements engine.AccountStore.
func (s *Store) PutSession(ctx context.Context, sess engine.Session) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.acc().sessions[sess.Hash] = sess
	return nil
}

// SessionByHash implements engine.AccountStore.
func (s *Store) SessionByHash(ctx context.Context, hash string) (engine.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.acc().sessions[hash]
	if !ok {
		return engine.Session{}, fmt.Errorf("session: %w", engine.ErrNotFound)
	}
	return sess, nil
}

// DeleteSession implements engine.AccountStore.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.acc().sessions, hash)
	return nil
}

// DeleteSessions implements engine.AccountStore.
func (s *Store) DeleteSessions(ctx context.Context, accountID string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for h, sess := range s.acc().sessions {
		if sess.AccountID == accountID {
			delete(s.acc().sessions, h)
			n++
		}
	}
	return n, nil
}
