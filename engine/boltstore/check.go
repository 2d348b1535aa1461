package boltstore

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"yixianqian/engine"
)

// bucketQuarantine keeps the records Check moved aside: key
// "bucket/key", value a quarantined record.
var bucketQuarantine = []byte("quarantine")

// maxDamage bounds the structural problems a check lists.
const maxDamage = 20

// quarantined is a record moved aside, as kept in bucketQuarantine.
type quarantined struct {
	Bucket string    `json:"bucket"`
	Key    string    `json:"key"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
	Raw    []byte    `json:"raw"` // the bytes as they were
}

// recordCheck decodes one record of a bucket and returns its own key, or an
// error when it cannot be decoded.
type recordCheck func(v []byte) (key string, err error)

func decodeAs[T any](key func(*T) string) recordCheck {
	return func(v []byte) (string, error) {
		var x T
		if err := json.Unmarshal(v, &x); err != nil {
			return "", err
		}
		return key(&x), nil
	}
}

// recordChecks lists the buckets of records and how each is keyed.
func recordChecks() map[string]recordCheck {
	return map[string]recordCheck{
		string(bucketProfiles): decodeAs(func(p *engine.Profile) string { return p.ID }),
		string(bucketNeeds):    decodeAs(func(n *engine.Need) string { return n.ID }),
		string(bucketAssign):   decodeAs(func(a *engine.Assignment) string { return a.Key() }),
		string(bucketTokens):   decodeAs(func(t *engine.Token) string { return t.Hash }),
		string(bucketFeedback): decodeAs(func(f *engine.Feedback) string { return f.NeedID + "/" + f.ProfileID }),
		string(bucketDict):     nil, // keyed by version; see checkDictKey
	}
}

// checkDictKey checks a dictionary record: "current", or "v/N" holding
// version N.
func checkDictKey(k, v []byte) error {
	var d engine.Dictionary
	if err := json.Unmarshal(v, &d); err != nil {
		return err
	}
	if string(k) != string(keyCurrentDict) && string(k) != fmt.Sprintf("v/%08d", d.Version) {
		return fmt.Errorf("holds version %d", d.Version)
	}
	return nil
}

// Check implements engine.IntegrityStore: bbolt's own consistency check of
// pages and free lists (problems it finds are listed as damage, which no
// check repairs: restore a backup), then every record is decoded and must
// be stored under its own ID. A record that fails is moved to the
// quarantine bucket with the reason, so that no listing trips on it; a
// quarantined profile bumps the sequence number, so that the index is
// rebuilt without it.
func (s *Store) Check(ctx context.Context) (engine.StoreCheck, error) {
	st := engine.StoreCheck{Records: map[string]int{}}
	st.Damage = s.structure()
	var bad []quarantined
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("read records: %v", r)
			}
		}()
		for name, check := range recordChecks() {
			b := tx.Bucket([]byte(name))
			if b == nil {
				continue
			}
			n, failed, err := checkBucket(ctx, b, name, check)
			st.Records[name] += n
			bad = append(bad, failed...)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil { // stopped, not damaged
			return st, ctx.Err()
		}
		st.Damage = append(st.Damage, err.Error())
		return st, nil
	}
	if len(bad) > 0 {
		slices.SortFunc(bad, func(a, b quarantined) int {
			return cmp.Or(strings.Compare(a.Bucket, b.Bucket), strings.Compare(a.Key, b.Key))
		})
		if err := s.quarantine(bad); err != nil {
			return st, fmt.Errorf("quarantine: %w", err)
		}
	}
	for _, q := range bad {
		st.Quarantined = append(st.Quarantined, engine.QuarantinedRecord{Bucket: q.Bucket, Key: q.Key, Reason: q.Reason})
	}
	return st, nil
}

// checkBucket decodes every record of b, on every core, and returns how
// many it read and those that failed. The records are read in place: the
// workers are done before the transaction ends.
func checkBucket(ctx context.Context, b *bolt.Bucket, name string, check recordCheck) (n int, bad []quarantined, err error) {
	type record struct{ k, v []byte }
	const batchSize = 256
	workers := runtime.GOMAXPROCS(0)
	batches := make(chan []record, workers)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for batch := range batches {
				for _, r := range batch {
					if reason := recordProblem(check, r.k, r.v); reason != "" {
						mu.Lock()
						bad = append(bad, quarantined{Bucket: name, Key: string(r.k), Reason: reason, Raw: bytes.Clone(r.v)})
						mu.Unlock()
					}
				}
			}
		})
	}
	defer func() { // also when a damaged page panics in ForEach
		close(batches)
		wg.Wait()
	}()
	batch := make([]record, 0, batchSize)
	err = b.ForEach(func(k, v []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		n++
		if batch = append(batch, record{k, v}); len(batch) == batchSize {
			batches <- batch
			batch = make([]record, 0, batchSize)
		}
		return nil
	})
	if len(batch) > 0 {
		batches <- batch
	}
	return n, bad, err
}

// recordProblem says what is wrong with record k, v ("" when nothing).
func recordProblem(check recordCheck, k, v []byte) string {
	if check == nil {
		if err := checkDictKey(k, v); err != nil {
			return err.Error()
		}
		return ""
	}
	key, err := check(v)
	switch {
	case err != nil:
		return "cannot decode: " + err.Error()
	case key != string(k):
		return fmt.Sprintf("stored under %q but its key is %q", k, key)
	}
	return ""
}

// structure runs bbolt's consistency check and returns what it found.
func (s *Store) structure() (damage []string) {
	err := s.db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			if len(damage) < maxDamage {
				damage = append(damage, err.Error())
			}
		}
		return nil
	})
	if err != nil {
		damage = append(damage, err.Error())
	}
	return damage
}

// quarantine moves bad records to the quarantine bucket in one
// transaction.
func (s *Store) quarantine(bad []quarantined) error {
	now := time.Now().UTC()
	return s.db.Update(func(tx *bolt.Tx) error {
		q, err := tx.CreateBucketIfNotExists(bucketQuarantine)
		if err != nil {
			return err
		}
		profiles := false
		for _, r := range bad {
			r.At = now
			v, err := json.Marshal(&r)
			if err != nil {
				return err
			}
			if err := q.Put([]byte(r.Bucket+"/"+r.Key), v); err != nil {
				return err
			}
			if err := tx.Bucket([]byte(r.Bucket)).Delete([]byte(r.Key)); err != nil {
				return err
			}
			if r.Bucket == string(bucketProfiles) {
				if err := tx.Bucket(bucketHeads).Delete([]byte(r.Key)); err != nil {
					return err
				}
			}
			profiles = profiles || r.Bucket == string(bucketProfiles)
		}
		if profiles {
			_, err = bump(tx)
		}
		return err
	})
}

// Quarantined returns the records Check moved aside, as "bucket/key:
// reason".
func (s *Store) Quarantined() ([]string, error) {
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		q := tx.Bucket(bucketQuarantine)
		if q == nil {
			return nil
		}
		return q.ForEach(func(k, v []byte) error {
			var r quarantined
			if err := json.Unmarshal(v, &r); err != nil {
				out = append(out, string(k)+": (unreadable)")
				return nil
			}
			out = append(out, string(k)+": "+r.Reason)
			return nil
		})
	})
	return out, err
}

// Probe implements engine.Prober: it writes one small record, to show
// that the file takes writes again after a failure.
func (s *Store) Probe(ctx context.Context) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put([]byte("probe"), []byte(time.Now().UTC().Format(time.RFC3339Nano)))
	})
}

// isDictVersionKey reports whether k is a history key "v/N".
func isDictVersionKey(k []byte) bool { return strings.HasPrefix(string(k), "v/") }
