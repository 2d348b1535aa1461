package boltstore

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"yixianqian/engine"
)

// Pairing rounds, packages and service groups, each kept whole under its
// ID in its own bucket.
var (
	bucketRounds   = []byte("rounds")
	bucketPackages = []byte("packages")
	bucketGroups   = []byte("service_groups")
)

// programmeBuckets are created by migrate on files that predate them.
func programmeBuckets() [][]byte { return [][]byte{bucketRounds, bucketPackages, bucketGroups} }

// CreateRound implements engine.RoundStore.
func (s *Store) CreateRound(ctx context.Context, r engine.Round) error {
	_, err := putAll(ctx, s, bucketRounds, []engine.Round{r}, func(r *engine.Round) string { return r.ID }, false, true)
	return err
}

// PutRound implements engine.RoundStore.
func (s *Store) PutRound(ctx context.Context, r engine.Round) error {
	_, err := putAll(ctx, s, bucketRounds, []engine.Round{r}, func(r *engine.Round) string { return r.ID }, false, false)
	return err
}

// Round implements engine.RoundStore.
func (s *Store) Round(ctx context.Context, id string) (engine.Round, error) {
	var r engine.Round
	return r, getIn(s, bucketRounds, "round", id, &r)
}

// EachRound implements engine.RoundStore.
func (s *Store) EachRound(ctx context.Context, fn func(engine.Round) error) error {
	return eachIn(ctx, s, bucketRounds, fn)
}

// CreatePackage implements engine.PackageStore.
func (s *Store) CreatePackage(ctx context.Context, p engine.Package) error {
	_, err := putAll(ctx, s, bucketPackages, []engine.Package{p}, func(p *engine.Package) string { return p.ID }, false, true)
	return err
}

// PutPackage implements engine.PackageStore.
func (s *Store) PutPackage(ctx context.Context, p engine.Package) error {
	_, err := putAll(ctx, s, bucketPackages, []engine.Package{p}, func(p *engine.Package) string { return p.ID }, false, false)
	return err
}

// Package implements engine.PackageStore.
func (s *Store) Package(ctx context.Context, id string) (engine.Package, error) {
	var p engine.Package
	return p, getIn(s, bucketPackages, "package", id, &p)
}

// EachPackage implements engine.PackageStore.
func (s *Store) EachPackage(ctx context.Context, fn func(engine.Package) error) error {
	return eachIn(ctx, s, bucketPackages, fn)
}

// PutGroups implements engine.GroupStore.
func (s *Store) PutGroups(ctx context.Context, gs []engine.ServiceGroup) error {
	_, err := putAll(ctx, s, bucketGroups, gs, func(g *engine.ServiceGroup) string { return g.ID }, false, false)
	return err
}

// Group implements engine.GroupStore.
func (s *Store) Group(ctx context.Context, id string) (engine.ServiceGroup, error) {
	var g engine.ServiceGroup
	return g, getIn(s, bucketGroups, "service group", id, &g)
}

// EachGroup implements engine.GroupStore.
func (s *Store) EachGroup(ctx context.Context, fn func(engine.ServiceGroup) error) error {
	return eachIn(ctx, s, bucketGroups, fn)
}

// eachIn is each over a bucket that a file opened read-only may lack (it
// then holds nothing). Records are decoded inside the read transaction and
// handed to fn after it, so fn may write.
func eachIn[T any](ctx context.Context, s *Store, bucket []byte, fn func(T) error) error {
	var items []T
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var item T
			if err := json.Unmarshal(v, &item); err != nil {
				return fmt.Errorf("decode %s %s: %w", bucket, k, err)
			}
			items = append(items, item)
			return nil
		})
	})
	if err != nil {
		return err
	}
	for _, item := range items {
		if err := fn(item); err != nil {
			return err
		}
	}
	return nil
}
