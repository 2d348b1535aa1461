// Package boltstore implements engine.Store on a bbolt file: the source of
// truth of 一线牵.
//
// # Basics
//
// One file holds four buckets: meta (schema version, write sequence number),
// profiles and needs (JSON values keyed by ID) and assignments (keyed by
// need/profile). Every Put runs in one transaction, which for profiles and
// needs also bumps the sequence number the index tracks, and returns only
// after bbolt has synced it to disk.
//
// # Caveats
//
// Open waits for the file lock up to Options.Timeout and then fails, so a
// second process on the same file gets an error instead of hanging. A file
// written by a newer schema version is refused.
package boltstore
