package wire

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"yixianqian/bench"
	"yixianqian/engine"
	"yixianqian/engine/boltstore"
	"yixianqian/engine/search"
	"yixianqian/segment"
)

// TempOpener returns the benchmark's opener: each engine it opens lives in
// a new temporary data directory, is wired as the service is, holds ps and
// has learned its semantic space; closing it removes the directory. seg is
// shared by every engine that needs no staff words.
func TempOpener(seg *segment.Segmenter) bench.Opener {
	return func(ctx context.Context, cfg bench.Config, ps []engine.Profile) (*engine.Engine, io.Closer, error) {
		a, err := OpenTemp(ctx, seg, cfg)
		if err != nil {
			return nil, nil, err
		}
		if err := a.Engine.PutProfiles(ctx, ps); err != nil {
			a.Close()
			return nil, nil, err
		}
		if a.Search.Options().SemanticDim > 0 {
			if _, err := a.Engine.Learn(ctx); err != nil {
				a.Close()
				return nil, nil, err
			}
		}
		return a.Engine, a, nil
	}
}

// SearchOptions returns the search options of cfg: its Search JSON over the
// defaults.
func SearchOptions(cfg bench.Config) (search.Options, error) {
	o := search.DefaultOptions()
	if len(cfg.Search) > 0 {
		if err := engine.DecodeJSON(cfg.Search, &o); err != nil {
			return o, fmt.Errorf("config %s: search: %w", cfg.Name, err)
		}
	}
	return o, nil
}

// TempApp is an App in a temporary directory that Close removes.
type TempApp struct {
	*App
	dir string
}

// OpenTemp opens an empty, synced App configured by cfg in a new temporary
// directory.
func OpenTemp(ctx context.Context, seg *segment.Segmenter, cfg bench.Config) (*TempApp, error) {
	so, err := SearchOptions(cfg)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "yxq-")
	if err != nil {
		return nil, err
	}
	t := &TempApp{dir: dir}
	if cfg.Dictionary != nil {
		if err := storeDictionary(ctx, dir, cfg.Dictionary); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	sc := cfg.Scoring
	t.App, err = Open(ctx, Options{Dir: dir, Create: true, Segmenter: seg, Search: &so, Scoring: &sc})
	if err == nil {
		if _, err = t.Engine.Sync(ctx, false); err != nil {
			t.App.Close()
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return t, nil
}

// storeDictionary writes d as the store's dictionary before the App opens,
// so its segmenter is built with the words.
func storeDictionary(ctx context.Context, dir string, d *engine.Dictionary) error {
	v := *d
	v.Version, v.By = 1, "eval"
	if err := v.Validate(); err != nil {
		return err
	}
	s, err := boltstore.Open(filepath.Join(dir, "yxq.db"), nil)
	if err != nil {
		return err
	}
	return errors.Join(s.PutDictionary(ctx, v), s.Close())
}

// Close closes the App and removes its directory.
func (t *TempApp) Close() error {
	return errors.Join(t.App.Close(), os.RemoveAll(t.dir))
}
