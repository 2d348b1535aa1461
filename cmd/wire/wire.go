// Package wire puts the concrete pieces of 一线牵 together: the segmenter,
// the bbolt store (engine/boltstore), the search index (engine/search) and
// the engine over them. It is the one place where they meet: the yxq
// command, the benchmark's opener and the tests of the packages above the
// engine open engines through it, the same way.
package wire

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"yixianqian/engine"
	"yixianqian/engine/boltstore"
	"yixianqian/engine/search"
	"yixianqian/segment"
)

// Options say what to open; zero values mean defaults.
type Options struct {
	// Dir is the data directory: Dir/yxq.db is the store, Dir/index the
	// search index.
	Dir string
	// Create makes Dir and an empty store when they are missing; without
	// it a missing store is an error (ErrNoStore), so that a mistyped
	// directory is never mistaken for an empty one.
	Create bool
	// DictDir is gojieba's dictionary directory (default: found
	// automatically).
	DictDir string
	// Segmenter, when set, is used instead of opening one (tests and
	// benchmarks share one per process); it must know no staff words.
	Segmenter *segment.Segmenter
	// Search and Scoring configure retrieval and weights (nil: defaults).
	Search  *search.Options
	Scoring *engine.Scoring
	Logger  *slog.Logger
	Now     func() time.Time
	// LockTimeout bounds the wait for the store's file lock (default 2s).
	LockTimeout time.Duration
	// ReadOnly opens an existing store for reading only and the search
	// index in a temporary directory that Close removes: a dry run that
	// writes nothing in Dir. Create is ignored.
	ReadOnly bool
}

// ErrNoStore is returned by Open without Options.Create when the directory
// holds no store.
var ErrNoStore = errors.New("no store")

// ErrLocked is returned by Open when another process holds the store.
var ErrLocked = errors.New("store locked")

// App is an opened data directory.
type App struct {
	Engine *engine.Engine
	Store  *boltstore.Store
	Search *search.Search
	Log    *slog.Logger

	seg      *segment.Segmenter
	ownedSeg bool
	tmpIndex string // a ReadOnly App's temporary directory, holding its index
}

// Open opens the data directory. The segmenter learns the staff's stored
// dictionary; an unreadable index is removed and rebuilt by Sync.
func Open(ctx context.Context, o Options) (*App, error) {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dbPath := filepath.Join(o.Dir, "yxq.db")
	if !o.Create || o.ReadOnly {
		if _, err := os.Stat(dbPath); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w in %s", ErrNoStore, o.Dir)
		}
	} else if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	store, err := boltstore.Open(dbPath, &boltstore.Options{Timeout: o.LockTimeout, ReadOnly: o.ReadOnly})
	if errors.Is(err, boltstore.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s is held by another yxq process: %w", ErrLocked, dbPath, err)
	}
	if err != nil {
		return nil, err
	}
	a := &App{Store: store, Log: log}
	if err := a.open(ctx, o); err != nil {
		store.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) open(ctx context.Context, o Options) error {
	dict, err := a.Store.Dictionary(ctx)
	if err != nil {
		return err
	}
	a.seg = o.Segmenter
	dictDir := o.DictDir
	if a.seg != nil {
		dictDir = a.seg.DictDir()
	}
	if a.seg == nil || dict.Version > 0 {
		a.seg, err = segment.Open(&segment.Options{DictDir: dictDir, Words: segmentWords(dict.SegmenterWords())})
		if err != nil {
			return err
		}
		a.ownedSeg = true
	}
	so := search.DefaultOptions()
	if o.Search != nil {
		so = *o.Search
	}
	so.Segmenter, so.SegmenterDict, so.Logger = a.seg, dict.Version, a.Log
	so.NewSegmenter = func(words []segment.Word) (*segment.Segmenter, error) {
		return segment.Open(&segment.Options{DictDir: dictDir, Words: words})
	}
	indexDir := filepath.Join(o.Dir, "index")
	if o.ReadOnly {
		if a.tmpIndex, err = os.MkdirTemp("", "yxq-index-"); err != nil {
			a.closeSeg()
			return err
		}
		indexDir = filepath.Join(a.tmpIndex, "index")
	}
	a.Search, err = search.Open(indexDir, &so)
	if err != nil {
		a.closeSeg()
		a.removeTmp()
		return err
	}
	a.Engine = engine.New(a.Store, a.Search, &engine.Options{Logger: a.Log, Scoring: o.Scoring, Now: o.Now})
	return nil
}

// Sync brings the index up to the store, rebuilding it when it lags, and
// learns the semantic space: what every command that matches needs.
func (a *App) Sync(ctx context.Context) error {
	r, err := a.Engine.Sync(ctx)
	if err != nil {
		return err
	}
	if r.Rebuilt {
		a.Log.Info("index rebuilt", "profiles", r.Reindex.Profiles, "took", r.Reindex.Took)
	}
	if a.Search.Options().SemanticDim > 0 {
		_, err = a.Engine.Learn(ctx)
	}
	return err
}

// Ready reports whether the store answers and the index is readable.
func (a *App) Ready() error {
	if _, err := a.Store.Stats(); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if _, err := a.Engine.SearchState(); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

// Close closes the index, the store and the segmenter it opened.
func (a *App) Close() error {
	err := errors.Join(a.Search.Close(), a.Store.Close())
	a.closeSeg()
	a.removeTmp()
	return err
}

func (a *App) removeTmp() {
	if a.tmpIndex != "" {
		os.RemoveAll(a.tmpIndex)
	}
}

func (a *App) closeSeg() {
	if a.ownedSeg {
		a.seg.Close()
	}
}

// SegmentWords converts engine words to the segmenter's.
func segmentWords(ws []engine.Word) []segment.Word {
	out := make([]segment.Word, len(ws))
	for i, w := range ws {
		out[i] = segment.Word(w)
	}
	return out
}
