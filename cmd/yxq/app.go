package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"yixianqian/cmd/wire"
	"yixianqian/engine"
	"yixianqian/segment"
)

// dataFlags are the flags of every command that opens the data directory.
type dataFlags struct {
	dir     string
	dictDir string
}

func (d *dataFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.dir, "data", "yxq-data", "data `directory`")
	fs.StringVar(&d.dictDir, "dict-dir", "", "`directory` with gojieba's dictionary files (default: found automatically, see 'yxq dict')")
}

// app is the opened data directory: store, index and engine.
type app struct {
	*wire.App
	removeDir string // a temporary directory Close removes
}

// Close closes the data directory.
func (a *app) Close() error {
	err := a.App.Close()
	if a.removeDir != "" {
		os.RemoveAll(a.removeDir)
	}
	return err
}

// noStoreError is a --data directory without a store.
type noStoreError struct{ dir string }

func (e noStoreError) Error() string {
	return fmt.Sprintf("no store in %s; run yxq import or yxq serve first (or give --data DIR)", e.dir)
}

func (e noStoreError) Unwrap() error { return wire.ErrNoStore }

// openApp opens the data directory. Only commands that make data (serve,
// import, restore) create it; the others refuse a directory without a
// store, so a mistyped --data never looks like an empty store.
func openApp(ctx context.Context, d dataFlags, stderr io.Writer, create bool) (*app, error) {
	return openAppWith(ctx, d, stderr, wire.Options{Create: create})
}

// openAppWith is openApp with further options (o's directory, dictionary
// and logger are set from d).
func openAppWith(ctx context.Context, d dataFlags, stderr io.Writer, o wire.Options) (*app, error) {
	o.Dir, o.DictDir = d.dir, d.dictDir
	o.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	a, err := wire.Open(ctx, o)
	switch {
	case errors.Is(err, wire.ErrNoStore):
		return nil, noStoreError{d.dir}
	case errors.Is(err, wire.ErrLocked):
		return nil, fmt.Errorf("the store in %s is in use by a running yxq serve; stop it first, or use its HTTP API (yxq backup --from URL copies the store while it runs)", d.dir)
	case err != nil:
		return nil, err
	}
	return &app{App: a}, nil
}

// openSyncedApp is openApp followed by Sync: what every command that
// reads or matches needs.
func openSyncedApp(ctx context.Context, d dataFlags, stderr io.Writer, create bool) (*app, error) {
	a, err := openApp(ctx, d, stderr, create)
	if err != nil {
		return nil, err
	}
	if err := a.Sync(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// engineWords and segmentWords convert dictionary words between the
// engine's type and the segmenter's.
func engineWords(ws []segment.Word) []engine.Word {
	out := make([]engine.Word, len(ws))
	for i, w := range ws {
		out[i] = engine.Word(w)
	}
	return out
}

func segmentWords(ws []engine.Word) []segment.Word {
	out := make([]segment.Word, len(ws))
	for i, w := range ws {
		out[i] = segment.Word(w)
	}
	return out
}
