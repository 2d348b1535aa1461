package boltstore

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"yixianqian/engine"
)

// bucketSettings holds the service's settings by key: the rankers staff
// trained and which one is in use.
var bucketSettings = []byte("settings")

// Setting implements engine.SettingStore.
func (s *Store) Setting(ctx context.Context, key string) ([]byte, error) {
	var out []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSettings).Get([]byte(key))
		if v == nil {
			return fmt.Errorf("setting %s: %w", key, engine.ErrNotFound)
		}
		out = bytes.Clone(v)
		return nil
	})
	return out, err
}

// PutSetting implements engine.SettingStore.
func (s *Store) PutSetting(ctx context.Context, key string, value []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Put([]byte(key), value)
	})
}

// Settings implements engine.SettingStore.
func (s *Store) Settings(ctx context.Context, prefix string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketSettings).Cursor()
		for k, v := c.Seek([]byte(prefix)); k != nil && bytes.HasPrefix(k, []byte(prefix)); k, v = c.Next() {
			out[string(k)] = bytes.Clone(v)
		}
		return nil
	})
	return out, err
}
