package engine

import (
	"context"
	"io"
)

// Backup writes a consistent copy of the store to w while the service
// runs; the index is derived and is rebuilt after a restore.
func (e *Engine) Backup(ctx context.Context, v Viewer, w io.Writer) (int64, error) {
	if err := v.may(ActBackup); err != nil {
		return 0, err
	}
	return e.store.Backup(w)
}
