// Package search implements engine.Search: the retrieval half of matching.
// It keeps the full-text index of profiles (package index, on bleve), learns
// a latent semantic space from them (LSA: a randomised truncated SVD of the
// TF-IDF matrix), analyses need texts into query terms with the staff's
// synonyms, and proposes and rescores candidates by both channels.
//
// # Basics
//
// Open the index directory with Open; cmd/wire gives it the segmenter and a
// way to build another for a changed dictionary. Apply indexes profiles and
// folds them into the learned space; Learn learns the space again from a
// walk over the stored profiles; Retrieve answers a query.
//
// # Caveats
//
// The semantic index is immutable: a change builds a new one and swaps it
// in atomically, so searches never wait for writes. It is learned at start
// and when the profiles have grown by half since.
package search
