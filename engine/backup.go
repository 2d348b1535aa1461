package engine

import (
	"context"
	"io"
)

// Backup writes a consistent copy of the store to w while the service
// runs; the index is derived and is rebuilt after a restore.
func (e *Engine) Backup(ctx context.Context, w io.Writer) (int64, error) {
	return e.store.Backup(w)
}
