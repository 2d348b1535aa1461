package engine

import "context"

// Store keeps profiles and needs durably. Every write bumps a sequence number
// that the index records, so a lagging index can be detected.
type Store interface {
	// PutProfiles stores (creates or replaces) profiles in one transaction
	// and returns the store's new sequence number.
	PutProfiles(ctx context.Context, ps []Profile) (seq uint64, err error)
	// Profile returns the profile with id, or an error wrapping ErrNotFound.
	Profile(ctx context.Context, id string) (Profile, error)
	// EachProfile calls fn for every profile in ID order; an error from fn
	// stops the walk and is returned.
	EachProfile(ctx context.Context, fn func(Profile) error) error
	// PutNeeds stores (creates or replaces) needs in one transaction and
	// returns the store's new sequence number.
	PutNeeds(ctx context.Context, ns []Need) (seq uint64, err error)
	// Need returns the need with id, or an error wrapping ErrNotFound.
	Need(ctx context.Context, id string) (Need, error)
	// EachNeed calls fn for every need in ID order.
	EachNeed(ctx context.Context, fn func(Need) error) error
	// PutWorkflow stores a need and, when a is not nil, an assignment in one
	// transaction, and returns the new sequence number.
	PutWorkflow(ctx context.Context, n Need, a *Assignment) (seq uint64, err error)
	// PutAssignment stores (creates or replaces) an assignment.
	PutAssignment(ctx context.Context, a Assignment) (seq uint64, err error)
	// Assignment returns the assignment with key (Assignment.Key), or an
	// error wrapping ErrNotFound.
	Assignment(ctx context.Context, key string) (Assignment, error)
	// EachAssignment calls fn for every assignment in key order.
	EachAssignment(ctx context.Context, fn func(Assignment) error) error
	// Seq returns the sequence number of the last write.
	Seq(ctx context.Context) (uint64, error)
}
