// Package engine owns the domain of 一线牵: companies' technical needs
// (Need) and the suppliers who can solve them (Profile: experts, doctoral
// service teams and societies), their validation, the JSON Lines interchange
// format, matching with its scoring vocabulary and hard rules, the
// workflow, who may do what, and the monthly batch.
//
// # Basics
//
// The engine declares the two ports it needs and imports no adapter: Store
// (engine/boltstore on bbolt, the source of truth) and Search
// (engine/search on bleve and a latent semantic space). cmd/wire opens them
// and calls New. Every profile write goes to the store first and then, with
// the store's profile sequence number, to the search index; Engine.Sync
// compares the two numbers at start and rebuilds the index when it lags.
// Match runs in named stages: retrieve (Search), rules, parts, take.
// An import is planned line by line (add, update, refuse, likely
// duplicate) before anything is written, and a dry run writes nothing.
// Every answer that carries profiles to a viewer masks the phone and
// e-mail it may not see (privacy.go).
//
// # Caveats
//
// Writes are serialised by the Engine so that the index's recorded sequence
// number never claims a write it has not seen. engine/enginetest has
// in-memory fakes of both ports for fast tests.
package engine
