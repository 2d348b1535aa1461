// Package index keeps the derived full-text index of profiles and needs in
// bleve. bbolt (engine/boltstore) is the source of truth; this index can
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
// bleve's analysis registry is global, so the jieba tokenizers are registered
// once, in analysis.go, and read the process-wide segmenter set by Open.
// Opening an index directory that is already open waits for its lock up to
// Options.LockTimeout and then fails.
package index
