package engine

import (
	"context"
	"fmt"
	"io"
)

// Backuper is a store that can write a consistent copy of itself.
type Backuper interface {
	Backup(w io.Writer) (int64, error)
}

// Backup writes a consistent copy of the store to w while the service
// runs; the index is derived and is rebuilt after a restore.
func (e *Engine) Backup(ctx context.Context, w io.Writer) (int64, error) {
	b, ok := e.store.(Backuper)
	if !ok {
		return 0, fmt.Errorf("%w: the store cannot back itself up", ErrUnavailable)
	}
	return b.Backup(w)
}
