package search

import "context"

// Verify checks the index's segment files against their checksums; see
// engine.Search.
func (s *Search) Verify(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.idx.Verify()
}
