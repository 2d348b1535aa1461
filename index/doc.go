// Package index keeps the derived full-text index of profiles in bleve. bbolt (engine/boltstore) is the source of truth; this index can
// always be rebuilt from it.
//
// # Basics
//
// Open creates or opens an index directory; Apply writes documents in one
// durable batch together with the store sequence number they reflect, so that
// Seq tells how far the index has caught up with the store; Search runs a
// weighted, filtered query and returns hits with matched terms and
// highlighted fragments. bleve's own types do not leave this package.
//
// # Caveats
//
// Documents are analysed by the index itself, with the segmenter it was
// opened with (SetSegmenter swaps it), and handed to bleve already analysed;
// nothing is registered in bleve's process-wide registry, so two indexes in
// one process may cut text differently. Queries are therefore given as
// analysed terms (Query.Terms, or Query.Text analysed by Terms). Opening an
// index directory that is already open waits for its lock up to
// Options.LockTimeout and then fails.
package index
