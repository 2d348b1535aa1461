package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"yixianqian/engine"
	"yixianqian/engine/boltstore"
	"yixianqian/index"
	"yixianqian/segment"
)

// Config is one configuration of the matcher to evaluate.
type Config struct {
	Name    string
	Index   index.Options
	Scoring engine.Scoring
	// Dictionary, when set, is the staff dictionary (words and synonyms)
	// to evaluate with, on top of the built-in one.
	Dictionary *engine.Dictionary `json:",omitempty"`
}

// DefaultConfig is the configuration the service runs with.
func DefaultConfig() Config {
	return Config{Name: "default", Index: index.DefaultOptions(), Scoring: engine.DefaultScoring()}
}

// TempEngine is an engine over a temporary store and index that hold a
// corpus of profiles; Close removes them.
type TempEngine struct {
	*engine.Engine
	dir   string
	store *boltstore.Store
	idx   *index.Index
	seg   *segment.Segmenter // opened for a config's dictionary, closed with it
	orig  *segment.Segmenter // the caller's, in use again after Close
}

// NewTempEngine loads ps into a new store and index under a temporary
// directory, with cfg, and learns the semantic space.
func NewTempEngine(ctx context.Context, seg *segment.Segmenter, ps []engine.Profile, cfg Config) (*TempEngine, error) {
	dir, err := os.MkdirTemp("", "yxq-bench-")
	if err != nil {
		return nil, err
	}
	t := &TempEngine{dir: dir, orig: seg}
	if t.store, err = boltstore.Open(filepath.Join(dir, "yxq.db"), nil); err != nil {
		t.Close()
		return nil, err
	}
	if cfg.Dictionary != nil {
		t.seg, err = segment.Open(&segment.Options{DictDir: seg.DictDir(), Words: cfg.Dictionary.SegmenterWords()})
		if err != nil {
			t.Close()
			return nil, err
		}
		seg = t.seg
	}
	if t.idx, err = index.Open(filepath.Join(dir, "index"), seg, &cfg.Index); err != nil {
		t.Close()
		return nil, fmt.Errorf("config %s: %w", cfg.Name, err)
	}
	sc := cfg.Scoring
	t.Engine = engine.New(t.store, t.idx, &engine.Options{Scoring: &sc, Segmenter: seg})
	if cfg.Dictionary != nil {
		if _, err := t.StoreDictionary(ctx, cfg.Dictionary.Words, cfg.Dictionary.Synonyms, "eval"); err != nil {
			t.Close()
			return nil, err
		}
		if _, err := t.Sync(ctx); err != nil {
			t.Close()
			return nil, err
		}
	}
	if err := t.PutProfiles(ctx, ps); err != nil {
		t.Close()
		return nil, err
	}
	if sc.Semantic > 0 {
		if _, err := t.Learn(ctx); err != nil {
			t.Close()
			return nil, err
		}
	}
	return t, nil
}

// Close closes and removes the store and index.
func (t *TempEngine) Close() error {
	var errs []error
	if t.idx != nil {
		errs = append(errs, t.idx.Close())
	}
	if t.store != nil {
		errs = append(errs, t.store.Close())
	}
	if t.seg != nil {
		// The index analysis reads the process-wide segmenter: hand it back
		// before this one is freed.
		index.SetSegmenter(t.orig)
		errs = append(errs, t.seg.Close())
	}
	errs = append(errs, os.RemoveAll(t.dir))
	return errors.Join(errs...)
}
