// Package enginetest holds in-memory fakes of the engine's two ports, Store
// and Search, for fast tests of what the engine decides (workflow, access,
// tokens, rules, the batch): no bbolt file, no bleve index, no segmenter.
// The real adapters are tested once each, with real parts, in their own
// packages and in cmd.
package enginetest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"yixianqian/engine"
)

// Store is an in-memory engine.Store. Records are copied in and out (as
// JSON), so a caller cannot change what is stored behind its back.
type Store struct {
	mu          sync.Mutex
	seq         uint64
	profiles    map[string][]byte
	needs       map[string][]byte
	assignments map[string][]byte
	feedback    map[string][]byte
	tokens      map[string][]byte
	dict        engine.Dictionary
	settings    map[string][]byte
	written     map[string]uint64 // profile ID → the sequence number of its last write
	accounts    accounts
	history     []engine.Dictionary // oldest first
	programmes  programmes
}

var _ engine.Store = (*Store)(nil)

// NewStore returns an empty Store.
func NewStore() *Store {
	return &Store{profiles: map[string][]byte{}, needs: map[string][]byte{}, assignments: map[string][]byte{},
		feedback: map[string][]byte{}, tokens: map[string][]byte{}}
}

func put[T any](m map[string][]byte, key string, v *T) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // the domain types always encode
	}
	m[key] = b
}

func get[T any](m map[string][]byte, key, what string) (T, error) {
	var v T
	b, ok := m[key]
	if !ok {
		return v, fmt.Errorf("%s %s: %w", what, key, engine.ErrNotFound)
	}
	return v, json.Unmarshal(b, &v)
}

// each calls fn for every record of m in key order, outside the lock.
func each[T any](s *Store, m map[string][]byte, fn func(T) error) error {
	s.mu.Lock()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	vals := make([][]byte, len(keys))
	for i, k := range keys {
		vals[i] = m[k]
	}
	s.mu.Unlock()
	for _, b := range vals {
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}

// PutProfiles implements engine.ProfileStore.
func (s *Store) PutProfiles(ctx context.Context, ps []engine.Profile) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	for i := range ps {
		put(s.profiles, ps[i].ID, &ps[i])
		s.wrote(ps[i].ID)
	}
	return s.seq, nil
}

func (s *Store) wrote(id string) {
	if s.written == nil {
		s.written = map[string]uint64{}
	}
	s.written[id] = s.seq
}

// EachProfileHead implements engine.ProfileStore.
func (s *Store) EachProfileHead(ctx context.Context, fn func(engine.Profile) error) error {
	return s.EachProfile(ctx, func(p engine.Profile) error {
		p.Works = nil
		return fn(p)
	})
}

// ProfilesSince implements engine.ProfileStore.
func (s *Store) ProfilesSince(ctx context.Context, seq uint64, fn func(engine.Profile) error) error {
	return s.EachProfile(ctx, func(p engine.Profile) error {
		s.mu.Lock()
		w := s.written[p.ID]
		s.mu.Unlock()
		if w > seq {
			return fn(p)
		}
		return nil
	})
}

// CreateProfile implements engine.ProfileStore.
func (s *Store) CreateProfile(ctx context.Context, p engine.Profile) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.profiles[p.ID]; ok {
		return 0, fmt.Errorf("profile %s exists: %w", p.ID, engine.ErrConflict)
	}
	s.seq++
	put(s.profiles, p.ID, &p)
	s.wrote(p.ID)
	return s.seq, nil
}

// Profile implements engine.ProfileStore.
func (s *Store) Profile(ctx context.Context, id string) (engine.Profile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return get[engine.Profile](s.profiles, id, "profile")
}

// EachProfile implements engine.ProfileStore.
func (s *Store) EachProfile(ctx context.Context, fn func(engine.Profile) error) error {
	return each(s, s.profiles, fn)
}

// Seq implements engine.ProfileStore.
func (s *Store) Seq(ctx context.Context) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq, nil
}

// PutNeeds implements engine.NeedStore.
func (s *Store) PutNeeds(ctx context.Context, ns []engine.Need) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range ns {
		put(s.needs, ns[i].ID, &ns[i])
	}
	return nil
}

// CreateNeed implements engine.NeedStore.
func (s *Store) CreateNeed(ctx context.Context, n engine.Need) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.needs[n.ID]; ok {
		return fmt.Errorf("need %s exists: %w", n.ID, engine.ErrConflict)
	}
	put(s.needs, n.ID, &n)
	return nil
}

// Need implements engine.NeedStore.
func (s *Store) Need(ctx context.Context, id string) (engine.Need, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return get[engine.Need](s.needs, id, "need")
}

// EachNeed implements engine.NeedStore.
func (s *Store) EachNeed(ctx context.Context, fn func(engine.Need) error) error {
	return each(s, s.needs, fn)
}

// PutWorkflow implements engine.NeedStore.
func (s *Store) PutWorkflow(ctx context.Context, n engine.Need, a *engine.Assignment) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	put(s.needs, n.ID, &n)
	if a != nil {
		put(s.assignments, a.Key(), a)
	}
	return nil
}

// Assignment implements engine.NeedStore.
func (s *Store) Assignment(ctx context.Context, key string) (engine.Assignment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return get[engine.Assignment](s.assignments, key, "assignment")
}

// EachAssignment implements engine.NeedStore.
func (s *Store) EachAssignment(ctx context.Context, fn func(engine.Assignment) error) error {
	return each(s, s.assignments, fn)
}

// PutFeedback implements engine.FeedbackStore.
func (s *Store) PutFeedback(ctx context.Context, f engine.Feedback) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	put(s.feedback, f.NeedID+"/"+f.ProfileID, &f)
	return nil
}

// EachFeedback implements engine.FeedbackStore.
func (s *Store) EachFeedback(ctx context.Context, fn func(engine.Feedback) error) error {
	return each(s, s.feedback, fn)
}

// PutToken implements engine.TokenStore.
func (s *Store) PutToken(ctx context.Context, t engine.Token) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	put(s.tokens, t.Hash, &t)
	return nil
}

// TokenByHash implements engine.TokenStore.
func (s *Store) TokenByHash(ctx context.Context, hash string) (engine.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return get[engine.Token](s.tokens, hash, "token")
}

// DeleteToken implements engine.TokenStore.
func (s *Store) DeleteToken(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, b := range s.tokens {
		var t engine.Token
		if json.Unmarshal(b, &t) == nil && t.ID == id {
			delete(s.tokens, k)
			return nil
		}
	}
	return fmt.Errorf("token %s: %w", id, engine.ErrNotFound)
}

// EachToken implements engine.TokenStore.
func (s *Store) EachToken(ctx context.Context, fn func(engine.Token) error) error {
	return each(s, s.tokens, fn)
}

// Dictionary implements engine.DictionaryStore.
func (s *Store) Dictionary(ctx context.Context) (engine.Dictionary, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dict, nil
}

// PutDictionary implements engine.DictionaryStore.
func (s *Store) PutDictionary(ctx context.Context, d engine.Dictionary) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dict = d
	s.history = append(s.history, d)
	return nil
}

// DictionaryHistory implements engine.DictionaryStore.
func (s *Store) DictionaryHistory(ctx context.Context) ([]engine.Dictionary, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.history)
	slices.Reverse(out)
	return out, nil
}

// Check implements engine.IntegrityStore: every record was encoded by the
// fake itself, so it counts them and finds nothing wrong.
func (s *Store) Check(ctx context.Context) (engine.StoreCheck, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return engine.StoreCheck{Records: map[string]int{"profiles": len(s.profiles), "needs": len(s.needs),
		"assignments": len(s.assignments), "feedback": len(s.feedback), "tokens": len(s.tokens)}}, nil
}

// Backup implements engine.BackupStore: every record as JSON Lines, so a
// test can see all that was given to the store.
func (s *Store) Backup(w io.Writer) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for _, m := range []map[string][]byte{s.profiles, s.needs, s.assignments, s.feedback, s.tokens} {
		for _, b := range m {
			k, err := w.Write(append(b, '\n'))
			n += int64(k)
			if err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// Setting implements engine.SettingStore.
func (s *Store) Setting(ctx context.Context, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.settings[key]
	if !ok {
		return nil, fmt.Errorf("setting %s: %w", key, engine.ErrNotFound)
	}
	return slices.Clone(v), nil
}

// PutSetting implements engine.SettingStore.
func (s *Store) PutSetting(ctx context.Context, key string, value []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.settings == nil {
		s.settings = map[string][]byte{}
	}
	s.settings[key] = slices.Clone(value)
	return nil
}

// Settings implements engine.SettingStore.
func (s *Store) Settings(ctx context.Context, prefix string) (map[string][]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][]byte{}
	for k, v := range s.settings {
		if strings.HasPrefix(k, prefix) {
			out[k] = slices.Clone(v)
		}
	}
	return out, nil
}
