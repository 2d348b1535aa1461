package index

import (
	"errors"
	"fmt"
	"sync/atomic"
)

// ErrPanicked wraps a panic inside bleve turned into an error.
var ErrPanicked = errors.New("index library panicked")

// ErrFailed is returned by reads while the index is failed: a write failed
// (a full disk) and none has succeeded since. bleve keeps a segment it
// could not persist in a state where reads panic ('assignment to entry in
// nil map'), some of them in goroutines of its own that no recover
// reaches (a search restricted to document IDs); once a write goes
// through, the segment is persisted and reads work again.
var ErrFailed = errors.New("index failed: a write did not go through")

// failure is why the index is failed.
type failure struct{ err error }

// health is embedded in Index: set when a write fails, cleared when a
// batch goes through.
type health struct{ failed atomic.Pointer[failure] }

// guard runs fn and turns a panic inside it into an error naming op.
func guard(op string, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: %w: %v", op, ErrPanicked, r)
		}
	}()
	return fn()
}

// batch runs a bleve batch: its failure fails the index, its success
// clears that.
func (h *health) batch(op string, fn func() error) error {
	err := guard(op, fn)
	if err != nil {
		h.failed.Store(&failure{err})
	} else {
		h.failed.Store(nil)
	}
	return err
}

// write runs another bleve write: its failure fails the index.
func (h *health) write(op string, fn func() error) error {
	err := guard(op, fn)
	if err != nil {
		h.failed.Store(&failure{err})
	}
	return err
}

// read runs a bleve read, unless the index is failed.
func (h *health) read(op string, fn func() error) error {
	if f := h.failed.Load(); f != nil {
		return fmt.Errorf("%s: %w: %w", op, ErrFailed, f.err)
	}
	return guard(op, fn)
}

// readValue is read for a call that returns a value.
func readValue[T any](h *health, op string, fn func() (T, error)) (v T, err error) {
	err = h.read(op, func() error {
		var ferr error
		v, ferr = fn()
		return ferr
	})
	return v, err
}
