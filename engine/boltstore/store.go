package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"yixianqian/engine"
)

// SchemaVersion is the layout this package writes. Older files are migrated
// on Open; newer ones are refused.
const SchemaVersion = 1

var (
	bucketMeta     = []byte("meta")
	bucketProfiles = []byte("profiles")
	bucketNeeds    = []byte("needs")
	bucketAssign   = []byte("assignments")
	bucketTokens   = []byte("tokens")
	bucketFeedback = []byte("feedback")
	bucketDict     = []byte("dictionary")

	keySchema = []byte("schema")
	keySeq    = []byte("seq")
)

// ErrNewerSchema is returned by Open for a file written by a newer version.
var ErrNewerSchema = errors.New("data file written by a newer version of yxq")

// ErrTimeout is returned by Open when another process holds the file's lock
// for longer than Options.Timeout.
var ErrTimeout = bolterrors.ErrTimeout

// Options configure Open; nil means defaults.
type Options struct {
	// Timeout bounds the wait for the file lock (default 2s).
	Timeout time.Duration
	// ReadOnly opens the file for reading only.
	ReadOnly bool
}

// Store is an engine.Store on a bbolt file.
type Store struct {
	db *bolt.DB
	// skipped counts records a walk passed over because they could not be
	// decoded (Check quarantines them).
	skipped atomic.Int64
}

var _ engine.Store = (*Store)(nil)

// Open opens or creates the store file at path.
func Open(path string, opts *Options) (*Store, error) {
	o := Options{Timeout: 2 * time.Second}
	if opts != nil {
		if opts.Timeout > 0 {
			o.Timeout = opts.Timeout
		}
		o.ReadOnly = opts.ReadOnly
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: o.Timeout, ReadOnly: o.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db}
	if o.ReadOnly {
		err = s.checkSchema()
	} else {
		err = s.migrate()
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// migrate creates the buckets of a new file and brings an older file to
// SchemaVersion.
func (s *Store) migrate() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		v := getUint(meta.Get(keySchema))
		if v > SchemaVersion {
			return fmt.Errorf("%w: schema %d, this build reads up to %d", ErrNewerSchema, v, SchemaVersion)
		}
		for _, b := range slices.Concat([][]byte{bucketProfiles, bucketNeeds, bucketAssign, bucketTokens, bucketFeedback, bucketDict, bucketSettings}, accountBuckets(), programmeBuckets(), profileBuckets()) {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if err := buildHeads(tx); err != nil {
			return err
		}
		if v < SchemaVersion {
			return meta.Put(keySchema, putUint(SchemaVersion))
		}
		return nil
	})
}

func (s *Store) checkSchema() error {
	return s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return fmt.Errorf("not a yxq store (no meta bucket)")
		}
		if v := getUint(meta.Get(keySchema)); v != SchemaVersion {
			return fmt.Errorf("schema %d, this build reads %d; open it read-write once to migrate", v, SchemaVersion)
		}
		return nil
	})
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// Path returns the file's path.
func (s *Store) Path() string { return s.db.Path() }

// SchemaVersion returns the schema version recorded in the file.
func (s *Store) SchemaVersion() (int, error) {
	var v uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		v = getUint(tx.Bucket(bucketMeta).Get(keySchema))
		return nil
	})
	return int(v), err
}

// Stats are counts and sizes of the store.
type Stats struct {
	Profiles int
	Needs    int
	Seq      uint64
	Bytes    int64 // size of the data file
	// Quarantined is the number of records Check moved aside; Skipped
	// the records walks passed over since Open because they could not be
	// decoded.
	Quarantined int
	Skipped     int64
}

// Stats returns the store's counts.
func (s *Store) Stats() (Stats, error) {
	var st Stats
	err := s.db.View(func(tx *bolt.Tx) error {
		st.Profiles = tx.Bucket(bucketProfiles).Stats().KeyN
		st.Needs = tx.Bucket(bucketNeeds).Stats().KeyN
		st.Seq = getUint(tx.Bucket(bucketMeta).Get(keySeq))
		st.Bytes = tx.Size()
		if q := tx.Bucket(bucketQuarantine); q != nil {
			st.Quarantined = q.Stats().KeyN
		}
		return nil
	})
	st.Skipped = s.skipped.Load()
	return st, err
}

// PutNeeds implements engine.NeedStore.
func (s *Store) PutNeeds(ctx context.Context, ns []engine.Need) error {
	_, err := putAll(ctx, s, bucketNeeds, ns, func(n *engine.Need) string { return n.ID }, false, false)
	return err
}

// CreateNeed implements engine.NeedStore.
func (s *Store) CreateNeed(ctx context.Context, n engine.Need) error {
	_, err := putAll(ctx, s, bucketNeeds, []engine.Need{n}, func(n *engine.Need) string { return n.ID }, false, true)
	return err
}

// putAll stores items in one transaction; with bumpSeq it increments the
// profile sequence number the index tracks, and returns the (new) number.
// With create, an item whose key exists fails the whole transaction with
// ErrConflict.
func putAll[T any](ctx context.Context, s *Store, bucket []byte, items []T, id func(*T) string, bumpSeq, create bool) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var seq uint64
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		for i := range items {
			if create && b.Get([]byte(id(&items[i]))) != nil {
				return fmt.Errorf("%s exists: %w", id(&items[i]), engine.ErrConflict)
			}
			v, err := json.Marshal(&items[i])
			if err != nil {
				return fmt.Errorf("encode %s: %w", id(&items[i]), err)
			}
			if err := b.Put([]byte(id(&items[i])), v); err != nil {
				return fmt.Errorf("put %s: %w", id(&items[i]), err)
			}
		}
		if !bumpSeq {
			seq = getUint(tx.Bucket(bucketMeta).Get(keySeq))
			return nil
		}
		var err error
		seq, err = bump(tx)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store %s: %w", bucket, err)
	}
	return seq, nil
}

func bump(tx *bolt.Tx) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	seq := getUint(meta.Get(keySeq)) + 1
	return seq, meta.Put(keySeq, putUint(seq))
}

// Profile implements engine.Store.
func (s *Store) Profile(ctx context.Context, id string) (engine.Profile, error) {
	var p engine.Profile
	return p, getOne(s, bucketProfiles, "profile", id, &p)
}

// Need implements engine.Store.
func (s *Store) Need(ctx context.Context, id string) (engine.Need, error) {
	var n engine.Need
	return n, getOne(s, bucketNeeds, "need", id, &n)
}

func getOne(s *Store, bucket []byte, what, id string, v any) error {
	return s.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucket).Get([]byte(id))
		if raw == nil {
			return fmt.Errorf("%s %s: %w", what, id, engine.ErrNotFound)
		}
		if err := json.Unmarshal(raw, v); err != nil {
			return engine.Errorf(engine.ErrUnavailable, "该记录已损坏，无法读取；请管理员运行 yxq check", "decode %s %s: %v", what, id, err)
		}
		return nil
	})
}

// EachProfile implements engine.Store.
func (s *Store) EachProfile(ctx context.Context, fn func(engine.Profile) error) error {
	return each(ctx, s, bucketProfiles, fn)
}

// EachNeed implements engine.Store.
func (s *Store) EachNeed(ctx context.Context, fn func(engine.Need) error) error {
	return each(ctx, s, bucketNeeds, fn)
}

// walkChunk is how many records a walk reads in one read transaction.
const walkChunk = 256

// each calls fn for every record of bucket, in key order. It reads the
// records in chunks, each in a short read transaction, and calls fn
// outside it: a long walk (learning the latent space at 100,000 profiles
// takes minutes) never holds the file's mapping, which a write that grows
// the file would wait for. A record written during the walk may be seen
// as it was or as it is.
func each[T any](ctx context.Context, s *Store, bucket []byte, fn func(T) error) error {
	var after []byte // the last key read; nil: none yet
	for {
		items := make([]T, 0, walkChunk)
		read := 0
		err := s.db.View(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucket).Cursor()
			k, v := c.First()
			if after != nil {
				if k, v = c.Seek(after); bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			for ; k != nil && read < walkChunk; k, v = c.Next() {
				read++
				after = bytes.Clone(k)
				var item T
				if err := json.Unmarshal(v, &item); err != nil {
					// A damaged record never blocks a walk: it is counted
					// and passed over; Check quarantines it.
					s.skipped.Add(1)
					continue
				}
				items = append(items, item)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, item := range items {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(item); err != nil {
				return err
			}
		}
		if read < walkChunk {
			return nil
		}
	}
}

// Seq implements engine.ProfileStore. Files of the first layout counted
// every write; the number only has to grow on every profile write.
func (s *Store) Seq(ctx context.Context) (uint64, error) {
	var seq uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		seq = getUint(tx.Bucket(bucketMeta).Get(keySeq))
		return nil
	})
	return seq, err
}

func getUint(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

func putUint(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

// Assignment implements engine.Store.
func (s *Store) Assignment(ctx context.Context, key string) (engine.Assignment, error) {
	var a engine.Assignment
	return a, getOne(s, bucketAssign, "assignment", key, &a)
}

// EachAssignment implements engine.Store.
func (s *Store) EachAssignment(ctx context.Context, fn func(engine.Assignment) error) error {
	return each(ctx, s, bucketAssign, fn)
}

// PutToken implements engine.TokenStore; tokens are keyed by hash.
func (s *Store) PutToken(ctx context.Context, t engine.Token) error {
	_, err := putAll(ctx, s, bucketTokens, []engine.Token{t}, func(t *engine.Token) string { return t.Hash }, false, false)
	return err
}

// TokenByHash implements engine.TokenStore.
func (s *Store) TokenByHash(ctx context.Context, hash string) (engine.Token, error) {
	var t engine.Token
	return t, getOne(s, bucketTokens, "token", hash, &t)
}

// DeleteToken implements engine.TokenStore.
func (s *Store) DeleteToken(ctx context.Context, id string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTokens)
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var t engine.Token
			if json.Unmarshal(v, &t) != nil {
				continue // damaged: Check quarantines it
			}
			if t.ID == id {
				return b.Delete(k)
			}
		}
		return fmt.Errorf("token %s: %w", id, engine.ErrNotFound)
	})
}

// EachToken implements engine.TokenStore.
func (s *Store) EachToken(ctx context.Context, fn func(engine.Token) error) error {
	return each(ctx, s, bucketTokens, fn)
}

// PutWorkflow implements engine.NeedStore: the need and the assignment in
// one transaction.
func (s *Store) PutWorkflow(ctx context.Context, n engine.Need, a *engine.Assignment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		v, err := json.Marshal(&n)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketNeeds).Put([]byte(n.ID), v); err != nil {
			return err
		}
		if a != nil {
			v, err := json.Marshal(a)
			if err != nil {
				return err
			}
			if err := tx.Bucket(bucketAssign).Put([]byte(a.Key()), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store workflow: %w", err)
	}
	return nil
}

// PutFeedback implements engine.FeedbackStore: the latest feedback per
// need and supplier.
func (s *Store) PutFeedback(ctx context.Context, f engine.Feedback) error {
	_, err := putAll(ctx, s, bucketFeedback, []engine.Feedback{f}, func(f *engine.Feedback) string { return f.NeedID + "/" + f.ProfileID }, false, false)
	return err
}

// EachFeedback implements engine.FeedbackStore.
func (s *Store) EachFeedback(ctx context.Context, fn func(engine.Feedback) error) error {
	return each(ctx, s, bucketFeedback, fn)
}

// Backup writes a consistent copy of the whole file to w while others keep
// reading and writing (one read transaction).
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

var keyCurrentDict = []byte("current")

// Dictionary implements engine.DictionaryStore.
func (s *Store) Dictionary(ctx context.Context) (engine.Dictionary, error) {
	var d engine.Dictionary
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDict)
		if b == nil {
			return nil // an early file opened read-only
		}
		v := b.Get(keyCurrentDict)
		if v == nil {
			return nil
		}
		return json.Unmarshal(v, &d)
	})
	return d, err
}

// DictionaryHistory implements engine.DictionaryStore: the stored versions
// that can be decoded, newest first.
func (s *Store) DictionaryHistory(ctx context.Context) ([]engine.Dictionary, error) {
	var out []engine.Dictionary
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDict)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			if !isDictVersionKey(k) {
				continue
			}
			var d engine.Dictionary
			if json.Unmarshal(v, &d) == nil {
				out = append(out, d)
			}
		}
		return nil
	})
	return out, err
}

// PutDictionary implements engine.DictionaryStore: the current version,
// and a copy under its version number.
func (s *Store) PutDictionary(ctx context.Context, d engine.Dictionary) error {
	v, err := json.Marshal(&d)
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDict)
		if err := b.Put(keyCurrentDict, v); err != nil {
			return err
		}
		return b.Put([]byte(fmt.Sprintf("v/%08d", d.Version)), v)
	})
}
