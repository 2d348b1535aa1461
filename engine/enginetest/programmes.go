package enginetest

import (
	"context"
	"fmt"

	"yixianqian/engine"
)

// programmes is the fake's part for engine.RoundStore, PackageStore and
// GroupStore: records kept as JSON by ID.
type programmes struct {
	rounds, packages, groups map[string][]byte
}

func (s *Store) prog() *programmes {
	if s.programmes.rounds == nil {
		s.programmes = programmes{rounds: map[string][]byte{}, packages: map[string][]byte{}, groups: map[string][]byte{}}
	}
	return &s.programmes
}

// create stores v under key unless the key exists.
func create[T any](m map[string][]byte, key, what string, v *T) error {
	if _, ok := m[key]; ok {
		return fmt.Errorf("%s %s exists: %w", what, key, engine.ErrConflict)
	}
	put(m, key, v)
	return nil
}

// CreateRound implements engine.RoundStore.
func (s *Store) CreateRound(ctx context.Context, r engine.Round) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return create(s.prog().rounds, r.ID, "round", &r)
}

// PutRound implements engine.RoundStore.
func (s *Store) PutRound(ctx context.Context, r engine.Round) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	put(s.prog().rounds, r.ID, &r)
	return nil
}

// Round implements engine.RoundStore.
func (s *Store) Round(ctx context.Context, id string) (engine.Round, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return get[engine.Round](s.prog().rounds, id, "round")
}

// EachRound implements engine.RoundStore.
func (s *Store) EachRound(ctx context.Context, fn func(engine.Round) error) error {
	s.mu.Lock()
	m := s.prog().rounds
	s.mu.Unlock()
	return each(s, m, fn)
}

// CreatePackage implements engine.PackageStore.
func (s *Store) CreatePackage(ctx context.Context, p engine.Package) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return create(s.prog().packages, p.ID, "package", &p)
}

// PutPackage implements engine.PackageStore.
func (s *Store) PutPackage(ctx context.Context, p engine.Package) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	put(s.prog().packages, p.ID, &p)
	return nil
}

// Package implements engine.PackageStore.
func (s *Store) Package(ctx context.Context, id string) (engine.Package, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return get[engine.Package](s.prog().packages, id, "package")
}

// EachPackage implements engine.PackageStore.
func (s *Store) EachPackage(ctx context.Context, fn func(engine.Package) error) error {
	s.mu.Lock()
	m := s.prog().packages
	s.mu.Unlock()
	return each(s, m, fn)
}

// PutGroups implements engine.GroupStore.
func (s *Store) PutGroups(ctx context.Context, gs []engine.ServiceGroup) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range gs {
		put(s.prog().groups, gs[i].ID, &gs[i])
	}
	return nil
}

// Group implements engine.GroupStore.
func (s *Store) Group(ctx context.Context, id string) (engine.ServiceGroup, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return get[engine.ServiceGroup](s.prog().groups, id, "service group")
}

// EachGroup implements engine.GroupStore.
func (s *Store) EachGroup(ctx context.Context, fn func(engine.ServiceGroup) error) error {
	s.mu.Lock()
	m := s.prog().groups
	s.mu.Unlock()
	return each(s, m, fn)
}
