package engine

import (
	"context"
	"io"
)

// Store keeps everything durably; engine/boltstore implements it on bbolt.
// It is the sum of small interfaces, one per kind of record.
type Store interface {
	ProfileStore
	NeedStore
	FeedbackStore
	TokenStore
	DictionaryStore
	BackupStore
	AccountStore
	RoundStore
	PackageStore
	GroupStore
	SettingStore
	IntegrityStore
}

// SettingStore keeps the service's settings by key (the rankers staff
// trained, the one in use).
type SettingStore interface {
	// Setting returns the value of key, or ErrNotFound.
	Setting(ctx context.Context, key string) ([]byte, error)
	// PutSetting stores value under key.
	PutSetting(ctx context.Context, key string, value []byte) error
	// Settings returns every setting whose key starts with prefix.
	Settings(ctx context.Context, prefix string) (map[string][]byte, error)
}

// ProfileStore keeps profiles. Every profile write bumps a sequence number
// that the search index records, so a lagging index can be detected.
type ProfileStore interface {
	// PutProfiles stores (creates or replaces) profiles in one transaction
	// and returns the new sequence number.
	PutProfiles(ctx context.Context, ps []Profile) (seq uint64, err error)
	// CreateProfile stores p unless a profile with its ID exists, which
	// it reports as ErrConflict; the check and the write are one
	// transaction.
	CreateProfile(ctx context.Context, p Profile) (seq uint64, err error)
	// Profile returns the profile with id, or an error wrapping ErrNotFound.
	Profile(ctx context.Context, id string) (Profile, error)
	// EachProfile calls fn for every profile in ID order; an error from fn
	// stops the walk and is returned.
	EachProfile(ctx context.Context, fn func(Profile) error) error
	// Seq returns the sequence number of the last profile write.
	Seq(ctx context.Context) (uint64, error)
	// EachProfileHead calls fn for every profile without its works (what
	// the rules and the structured fit read), in ID order: cheap enough to
	// run at every start.
	EachProfileHead(ctx context.Context, fn func(Profile) error) error
	// ProfilesSince calls fn for every profile written after sequence
	// number seq, once each, as it is now.
	ProfilesSince(ctx context.Context, seq uint64, fn func(Profile) error) error
}

// NeedStore keeps needs and their assignments.
type NeedStore interface {
	// PutNeeds stores (creates or replaces) needs in one transaction.
	PutNeeds(ctx context.Context, ns []Need) error
	// CreateNeed stores n unless a need with its ID exists, which it
	// reports as ErrConflict; the check and the write are one transaction.
	CreateNeed(ctx context.Context, n Need) error
	// Need returns the need with id, or an error wrapping ErrNotFound.
	Need(ctx context.Context, id string) (Need, error)
	// EachNeed calls fn for every need in ID order.
	EachNeed(ctx context.Context, fn func(Need) error) error
	// PutWorkflow stores a need and, when a is not nil, an assignment in one
	// transaction.
	PutWorkflow(ctx context.Context, n Need, a *Assignment) error
	// Assignment returns the assignment with key (Assignment.Key), or an
	// error wrapping ErrNotFound.
	Assignment(ctx context.Context, key string) (Assignment, error)
	// EachAssignment calls fn for every assignment in key order.
	EachAssignment(ctx context.Context, fn func(Assignment) error) error
}

// FeedbackStore keeps companies' feedback on suppliers.
type FeedbackStore interface {
	// PutFeedback stores the latest feedback per need and supplier.
	PutFeedback(ctx context.Context, f Feedback) error
	// EachFeedback calls fn for every feedback.
	EachFeedback(ctx context.Context, fn func(Feedback) error) error
}

// TokenStore keeps bearer tokens by the hash of their secret.
type TokenStore interface {
	// PutToken stores a token.
	PutToken(ctx context.Context, t Token) error
	// TokenByHash returns the token with that hash, or ErrNotFound.
	TokenByHash(ctx context.Context, hash string) (Token, error)
	// DeleteToken removes the token with that ID, or returns ErrNotFound.
	DeleteToken(ctx context.Context, id string) error
	// EachToken calls fn for every token.
	EachToken(ctx context.Context, fn func(Token) error) error
}

// DictionaryStore keeps the current dictionary and its history.
type DictionaryStore interface {
	// Dictionary returns the current dictionary (version 0 when none).
	Dictionary(ctx context.Context) (Dictionary, error)
	// PutDictionary stores d as the current version and keeps it in the
	// history.
	PutDictionary(ctx context.Context, d Dictionary) error
	// DictionaryHistory returns every stored version that can be read,
	// newest first.
	DictionaryHistory(ctx context.Context) ([]Dictionary, error)
}

// BackupStore writes a consistent copy of itself while in use.
type BackupStore interface {
	Backup(w io.Writer) (int64, error)
}

// AccountStore keeps the accounts people sign in with and their sessions.
type AccountStore interface {
	// CreateAccount stores a unless its ID or user name is taken, which it
	// reports as ErrConflict; the check and the write are one transaction.
	CreateAccount(ctx context.Context, a Account) error
	// PutAccount replaces an existing account (its user name unchanged).
	PutAccount(ctx context.Context, a Account) error
	// Account returns the account with id, or an error wrapping ErrNotFound.
	Account(ctx context.Context, id string) (Account, error)
	// AccountByUsername returns the account with that (normalised) user
	// name, or an error wrapping ErrNotFound.
	AccountByUsername(ctx context.Context, username string) (Account, error)
	// EachAccount calls fn for every account in user-name order.
	EachAccount(ctx context.Context, fn func(Account) error) error
	// PutSession stores a session by its hash.
	PutSession(ctx context.Context, s Session) error
	// SessionByHash returns the session with that hash, or ErrNotFound.
	SessionByHash(ctx context.Context, hash string) (Session, error)
	// DeleteSession removes a session; an unknown one is no error.
	DeleteSession(ctx context.Context, hash string) error
	// DeleteSessions removes every session of an account and says how many.
	DeleteSessions(ctx context.Context, accountID string) (int, error)
}

// IntegrityStore checks its own records.
type IntegrityStore interface {
	// Check verifies the store: the structure of its file, and that every
	// record can be decoded and is stored under its own ID. A record that
	// fails is moved aside (quarantined) so that no listing trips on it,
	// and reported; structural damage is reported, not repaired.
	Check(ctx context.Context) (StoreCheck, error)
}

// StoreCheck is what IntegrityStore.Check found.
type StoreCheck struct {
	// Records counts the records read, by kind (the store's bucket).
	Records map[string]int `json:"records"`
	// Quarantined lists the records moved aside, with the reason.
	Quarantined []QuarantinedRecord `json:"quarantined,omitempty"`
	// Damage lists structural problems of the file (pages, free lists).
	Damage []string `json:"damage,omitempty"`
}

// QuarantinedRecord is a record Check moved aside.
type QuarantinedRecord struct {
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
	Reason string `json:"reason"`
}
