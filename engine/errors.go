package engine

import (
	"errors"
	"fmt"
)

// Sentinel errors. Wrap them with %w; the API maps each to one HTTP status.
var (
	// ErrInvalid: the input breaks a rule; the message says which.
	ErrInvalid = errors.New("invalid input")
	// ErrNotFound: no record with that ID.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the record exists or changed meanwhile.
	ErrConflict = errors.New("conflict")
	// ErrUnavailable: the store or index cannot serve now (closed, rebuilding).
	ErrUnavailable = errors.New("unavailable")
)

// invalidf returns an ErrInvalid with a message.
func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}
