package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"yixianqian/engine"
	"yixianqian/engine/boltstore"
	"yixianqian/index"
	"yixianqian/segment"
)

// dataFlags are the flags of every command that opens the data directory.
type dataFlags struct {
	dir     string
	dictDir string
}

func (d *dataFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.dir, "data", "yxq-data", "data `directory` (created when missing)")
	fs.StringVar(&d.dictDir, "dict-dir", "", "`directory` with gojieba's dictionary files (default: found automatically, see 'yxq dict')")
}

// app is the opened data directory: store, index, segmenter and engine.
type app struct {
	seg   *segment.Segmenter
	store *boltstore.Store
	idx   *index.Index
	eng   *engine.Engine
	log   *slog.Logger
}

// openApp opens (creating when missing) the data directory: DIR/yxq.db is
// the bbolt store, DIR/index the bleve index. An index that cannot be read
// is removed and rebuilt from the store by Sync.
func openApp(ctx context.Context, d dataFlags, stderr io.Writer) (*app, error) {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	store, err := boltstore.Open(filepath.Join(d.dir, "yxq.db"), nil)
	if err != nil {
		return nil, err
	}
	// The segmenter knows the staff's dictionary as stored.
	dict, err := store.Dictionary(ctx)
	if err != nil {
		store.Close()
		return nil, err
	}
	seg, err := segment.Open(&segment.Options{DictDir: d.dictDir, Words: dict.SegmenterWords()})
	if err != nil {
		store.Close()
		return nil, err
	}
	idxPath := filepath.Join(d.dir, "index")
	idx, err := index.Open(idxPath, seg, nil)
	if errors.Is(err, index.ErrCorrupt) {
		log.Warn("index unreadable; removing it to rebuild from the store", "path", idxPath, "err", err)
		if rmErr := os.RemoveAll(idxPath); rmErr != nil {
			err = fmt.Errorf("%w; removing it failed: %w", err, rmErr)
		} else {
			idx, err = index.Open(idxPath, seg, nil)
		}
	}
	if err != nil {
		store.Close()
		seg.Close()
		return nil, err
	}
	a := &app{seg: seg, store: store, idx: idx, log: log}
	newSegmenter := func(words []segment.Word) (*segment.Segmenter, error) {
		return segment.Open(&segment.Options{DictDir: seg.DictDir(), Words: words})
	}
	a.eng = engine.New(store, idx, &engine.Options{Logger: log, Segmenter: seg, NewSegmenter: newSegmenter})
	return a, nil
}

// openSyncedApp is openApp followed by sync: what every command that
// reads or matches needs.
func openSyncedApp(ctx context.Context, d dataFlags, stderr io.Writer) (*app, error) {
	a, err := openApp(ctx, d, stderr)
	if err != nil {
		return nil, err
	}
	if err := a.sync(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// sync brings the index up to the store, rebuilding it when it lags, and
// learns the semantic space.
func (a *app) sync(ctx context.Context) error {
	r, err := a.eng.Sync(ctx)
	if err != nil {
		return err
	}
	if r.Rebuilt {
		a.log.Info("index rebuilt", "profiles", r.Reindex.Profiles, "needs", r.Reindex.Needs, "took", r.Reindex.Took)
	}
	_, err = a.eng.Learn(ctx)
	return err
}

func (a *app) Close() error {
	return errors.Join(a.idx.Close(), a.store.Close(), a.seg.Close())
}
