// Package engine owns the domain of 一线牵: companies' technical needs
// (Need) and the suppliers who can solve them (Profile: experts, doctoral
// service teams and societies), their validation, the JSON Lines interchange
// format, and the Engine that keeps the store and the search index in step.
//
// # Basics
//
// The store (engine/boltstore on bbolt) is the source of truth. Every write
// goes to the store first and then, with the store's sequence number, to the
// index; Engine.Sync compares the two sequence numbers at start-up and
// rebuilds the index when it lags.
//
// # Caveats
//
// Writes are serialised by the Engine so that the index's recorded sequence
// number never claims a write it has not seen.
package engine
