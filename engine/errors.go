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
	// ErrUnauthorized: no valid token.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden: the token's role or subject may not do this.
	ErrForbidden = errors.New("forbidden")
)

// invalidError is an ErrInvalid whose text is only its message, so that
// wrapped errors read "profile x: work 2: text is empty".
type invalidError struct{ msg string }

func (e *invalidError) Error() string { return e.msg }

func (e *invalidError) Is(target error) bool { return target == ErrInvalid }

// invalidf returns an error that matches ErrInvalid with a message.
func invalidf(format string, args ...any) error {
	return &invalidError{fmt.Sprintf(format, args...)}
}
