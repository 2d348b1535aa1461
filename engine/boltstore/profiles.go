package boltstore

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"yixianqian/engine"
)

// Beside each profile the store keeps its head (the profile without its
// works: what the engine reads at start, a tenth of the bytes) and, per
// write, a change record keyed by the profile sequence number, so that a
// search index saved at one sequence number can catch up with the
// profiles written since.
var (
	bucketHeads   = []byte("profile_heads")
	bucketChanges = []byte("profile_changes") // key: seq (8 bytes) + profile ID
)

// profileBuckets are created by migrate on files that predate them; the
// heads of an older file are built then.
func profileBuckets() [][]byte { return [][]byte{bucketHeads, bucketChanges} }

// PutProfiles implements engine.ProfileStore.
func (s *Store) PutProfiles(ctx context.Context, ps []engine.Profile) (uint64, error) {
	return s.putProfiles(ctx, ps, false)
}

// CreateProfile implements engine.ProfileStore.
func (s *Store) CreateProfile(ctx context.Context, p engine.Profile) (uint64, error) {
	return s.putProfiles(ctx, []engine.Profile{p}, true)
}

// putProfiles stores profiles, their heads and their change records in
// one transaction that bumps the profile sequence number. With create, a
// profile whose ID exists fails the whole transaction with ErrConflict.
func (s *Store) putProfiles(ctx context.Context, ps []engine.Profile, create bool) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var seq uint64
	err := s.db.Update(func(tx *bolt.Tx) error {
		var err error
		if seq, err = bump(tx); err != nil {
			return err
		}
		for i := range ps {
			if err := putProfile(tx, &ps[i], seq, create); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store profiles: %w", err)
	}
	return seq, nil
}

func putProfile(tx *bolt.Tx, p *engine.Profile, seq uint64, create bool) error {
	key := []byte(p.ID)
	profiles := tx.Bucket(bucketProfiles)
	if create && profiles.Get(key) != nil {
		return fmt.Errorf("%s exists: %w", p.ID, engine.ErrConflict)
	}
	v, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode %s: %w", p.ID, err)
	}
	head := *p
	head.Works = nil
	h, err := json.Marshal(&head)
	if err != nil {
		return fmt.Errorf("encode %s: %w", p.ID, err)
	}
	if err := profiles.Put(key, v); err != nil {
		return fmt.Errorf("put %s: %w", p.ID, err)
	}
	if err := tx.Bucket(bucketHeads).Put(key, h); err != nil {
		return fmt.Errorf("put head %s: %w", p.ID, err)
	}
	return tx.Bucket(bucketChanges).Put(changeKey(seq, p.ID), nil)
}

func changeKey(seq uint64, id string) []byte {
	k := make([]byte, 8, 8+len(id))
	binary.BigEndian.PutUint64(k, seq)
	return append(k, id...)
}

// EachProfileHead implements engine.ProfileStore: every profile without
// its works, in ID order. A file opened read-only before migrate built the
// heads gives its whole profiles, works dropped.
func (s *Store) EachProfileHead(ctx context.Context, fn func(engine.Profile) error) error {
	migrated := true
	s.db.View(func(tx *bolt.Tx) error { migrated = tx.Bucket(bucketHeads) != nil; return nil })
	if !migrated {
		return each(ctx, s, bucketProfiles, func(p engine.Profile) error { p.Works = nil; return fn(p) })
	}
	return each(ctx, s, bucketHeads, fn)
}

// ProfilesSince implements engine.ProfileStore: the profiles written after
// sequence number seq, each once, as they are now.
func (s *Store) ProfilesSince(ctx context.Context, seq uint64, fn func(engine.Profile) error) error {
	var ids []string
	seen := map[string]bool{}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketChanges)
		if b == nil {
			return nil // a file opened read-only before migrate
		}
		c := b.Cursor()
		for k, _ := c.Seek(changeKey(seq+1, "")); k != nil; k, _ = c.Next() {
			if id := string(k[8:]); len(k) > 8 && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, err := s.Profile(ctx, id)
		switch {
		case errors.Is(err, engine.ErrNotFound) || errors.Is(err, engine.ErrUnavailable):
			continue // quarantined since, or undecodable: a walk passes over it, and Check quarantines it
		case err != nil:
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// buildHeads writes the head of every profile of a file that predates
// them; the caller's transaction is the migration's.
func buildHeads(tx *bolt.Tx) error {
	heads := tx.Bucket(bucketHeads)
	if heads.Stats().KeyN > 0 {
		return nil
	}
	return tx.Bucket(bucketProfiles).ForEach(func(k, v []byte) error {
		var p engine.Profile
		if json.Unmarshal(v, &p) != nil {
			return nil // Check quarantines it
		}
		p.Works = nil
		h, err := json.Marshal(&p)
		if err != nil {
			return err
		}
		return heads.Put(k, h)
	})
}
