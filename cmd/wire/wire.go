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
	"slices"
	"strings"
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
	// RepairEvery is how often failed writes are retried (engine.Options).
	RepairEvery time.Duration
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
	// damage is what the check at start found wrong with the store file
	// and could not repair; Ready reports it.
	damage []string
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
	given := o.Segmenter
	dictDir := o.DictDir
	if given != nil {
		dictDir = given.DictDir()
	}
	// The segmenter learns the newest stored dictionary that can be used;
	// one that cannot is logged and passed over, so no stored dictionary
	// stops a start.
	dict, err := engine.UsableDictionary(ctx, a.Store, a.Log, func(d engine.Dictionary) error {
		if given != nil && d.Version == 0 {
			a.seg = given // it knows no staff words, and needs none
			return nil
		}
		seg, err := segment.Open(&segment.Options{DictDir: dictDir, Words: segmentWords(d.SegmenterWords())})
		if err != nil {
			return err
		}
		a.seg, a.ownedSeg = seg, true
		return nil
	})
	if err != nil {
		return err
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
	a.Engine = engine.New(a.Store, a.Search, &engine.Options{Logger: a.Log, Scoring: o.Scoring, Now: o.Now, RepairEvery: o.RepairEvery})
	return nil
}

// Sync brings the index and the semantic space up to the store (loading
// the saved space, rebuilding an index that lags) and checks both (Check):
// what every command that reads or matches needs, at every start.
func (a *App) Sync(ctx context.Context) error {
	r, err := a.Engine.Sync(ctx, a.Search.Options().SemanticDim > 0)
	if err != nil {
		return err
	}
	if r.Rebuilt {
		a.Log.Info("index rebuilt", "profiles", r.Reindex.Profiles, "took", r.Reindex.Took)
	}
	_, err = a.Check(ctx)
	return err
}

// Check runs the engine's integrity check with repair (records that cannot
// be read are quarantined, a failing index is rebuilt) and logs what it
// found; damage it cannot repair is kept for Ready.
func (a *App) Check(ctx context.Context) (engine.CheckReport, error) {
	r, err := a.Engine.Check(ctx, true)
	if err != nil {
		return r, err
	}
	a.damage = append(slices.Clone(r.Store.Damage), r.IndexAfter...)
	switch {
	case r.Damaged():
		a.Log.Error("integrity check: damage remains", "store", strings.Join(r.Store.Damage, "; "), "index", strings.Join(r.IndexAfter, "; "))
	case !r.Clean():
		a.Log.Warn("integrity check: repaired", "quarantined", len(r.Store.Quarantined), "index_rebuilt", r.Rebuilt, "took", r.Took)
	default:
		a.Log.Info("integrity check passed", "profiles", r.StoreProfiles, "index_documents", r.IndexDocs, "took", r.Took)
	}
	return r, nil
}

// Ready reports whether the store answers, the index is readable and
// nothing keeps the service from working fully (engine.Health: a full
// disk, profiles not yet indexed; damage found at start).
func (a *App) Ready() error {
	if err := a.Engine.Health(); err != nil {
		return err
	}
	if _, err := a.Store.Stats(); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if _, err := a.Engine.SearchState(); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if len(a.damage) > 0 {
		return engine.Errorf(engine.ErrUnavailable, "数据文件损坏，请从备份恢复（yxq restore）", "damage found at start: %s", strings.Join(a.damage, "; "))
	}
	return nil
}

// Close stops the engine's background work, then closes the index, the
// store and the segmenter it opened.
func (a *App) Close() error {
	a.Engine.Close()
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
