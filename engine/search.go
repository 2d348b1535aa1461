package engine

import (
	"context"
	"time"
)

// Search is the retrieval half of matching, the engine's second port beside
// Store: it analyses profiles into a full-text index and a latent semantic
// space, and turns a need's text into scored candidates. engine/search
// implements it on bleve and jieba. Its index is derived from the store and
// can always be rebuilt; it records the store's profile sequence number so
// that the engine can tell when it lags.
//
// Errors: Apply and Reset fail when the index cannot be written (the engine
// wraps that as ErrUnavailable); Retrieve returns ctx's error only through
// Retrieval.Truncated.
type Search interface {
	// Apply analyses and indexes ps, replacing profiles with the same IDs,
	// and folds them into the semantic space if one is learned; it records
	// seq, the store's profile sequence number these changes bring the
	// index up to.
	Apply(ctx context.Context, ps []Profile, seq uint64) error
	// Reset empties the full-text index before it is rebuilt by Apply; a
	// learned semantic space stays.
	Reset(ctx context.Context) error
	// Retrieve proposes candidates for q by both channels and scores each
	// of them by both.
	Retrieve(ctx context.Context, q SearchQuery) (*Retrieval, error)
	// UseDictionary analyses new text with d's words and expands query
	// terms with d's synonyms, at once. Until DictionaryApplied is called
	// with d's version, queries also look terms up as the previous
	// dictionary cut them, since stored profiles are being reindexed.
	UseDictionary(d Dictionary) error
	// DictionaryApplied records that every profile is indexed with
	// dictionary version v.
	DictionaryApplied(v int) error
	// Learn learns the semantic space from the profiles that walk yields,
	// places each of them in it and saves it beside the index, recording
	// seq, the store's profile sequence number the walk reflects at least,
	// and the dictionary version in use. Until a space is learned or
	// loaded, retrieval is lexical only. Learn may run beside Apply; the
	// caller applies again what was written after seq.
	Learn(ctx context.Context, walk ProfileWalk, seq uint64) (LearnReport, error)
	// CaughtUp records that the semantic space, if one is learned,
	// reflects every profile write up to seq: the caller has applied
	// again everything written since the space's own number. (Apply
	// moves that number only from one write to the next, so a space that
	// missed writes stays behind until a catch-up.)
	CaughtUp(seq uint64)
	// State says how far the index has come.
	State() (SearchState, error)
	// Verify checks the index's files (their checksums); an error says
	// which is damaged, and the engine rebuilds the index.
	Verify(ctx context.Context) error
	// Words analyses text as a query is: its whole words (no single
	// characters or fragments of longer words), each with the share of
	// the learned profiles that hold it (0: unknown to them, or nothing
	// learned yet).
	Words(text string) []WordShare
}

// WordShare is a word of a text and the share of profiles that hold it.
type WordShare struct {
	Word  string
	Share float64
}

// ProfileWalk calls yield for every stored profile; an error from yield
// stops the walk and is returned.
type ProfileWalk func(ctx context.Context, yield func(Profile) error) error

// SearchState is what the search index records of itself.
type SearchState struct {
	// Seq is the store profile sequence number the index has reached.
	Seq uint64
	// DictVersion is the dictionary version every profile is indexed with.
	DictVersion int
	// Docs is the number of profiles indexed.
	Docs uint64
	// Learned is the number of profiles the semantic space was learned
	// from; 0 when it is not learned.
	Learned int
	// Placed is the number of profiles placed in the semantic space,
	// learned from or folded in since.
	Placed int
	// SemanticSeq is the store profile sequence number the semantic space
	// has reached, SemanticDict the dictionary version it was learned
	// with.
	SemanticSeq  uint64
	SemanticDict int
	// Loaded says the semantic space was loaded from the one saved beside
	// the index; LoadError why a saved one could not be used.
	Loaded    bool
	LoadError string
	// Learns counts the times the space was learned since the index was
	// opened.
	Learns int
}

// SearchQuery asks Search for candidates.
type SearchQuery struct {
	Text string
	// Kinds, Counties and Industries restrict candidates to profiles with
	// one of the values (Counties: the counties a profile serves); empty
	// means no restriction.
	Kinds      []Kind
	Counties   []string
	Industries []string
	// N is how many candidates each channel proposes.
	N int
	// Explain asks for matched terms and highlighted snippets.
	Explain bool
	// Neighbourhood asks for each candidate's cosines with the query's
	// neighbourhood in the latent space (Feedback, Feedback10, Coarse,
	// Neighbours), which only some rankers read.
	Neighbourhood bool
}

// Retrieval is Search's answer: the candidates of both channels, each
// scored by both.
type Retrieval struct {
	Candidates []Candidate
	// Semantic is set when the semantic space is learned and scored the
	// candidates.
	Semantic bool
	// Expanded lists the synonyms added to the query, as "医械 → 医疗器械".
	Expanded []string
	// Truncated is set when ctx ended before retrieval was complete: the
	// candidates are those found by then.
	Truncated bool
	// Analyse and Retrieve are the time spent analysing the query and
	// looking candidates up.
	Analyse, Retrieve time.Duration
}

// Candidate is a profile proposed for a query, with the values of both
// channels.
type Candidate struct {
	ID string
	// Lexical is the full-text score of the looked-up query words, on the
	// index's own scale (0: no term matched); Bigram that of the query's
	// informative character bigrams, so that 压铸 meets 低压铸造.
	Lexical float64
	Bigram  float64
	// Cosine is the cosine of the query and the whole profile in the
	// semantic space; HasCosine is false when the profile has no vector.
	Cosine    float64
	HasCosine bool
	// Feedback is the cosine of the profile and the centre of the query's
	// nearest profiles (pseudo relevance feedback): close to the query's
	// topic as the best answers show it.
	Feedback float64
	// Coarse is the cosine of query and profile in the first, broadest
	// dimensions of the latent space only: nearness of field rather than
	// of topic.
	Coarse float64
	// Feedback10 is Feedback with the ten nearest profiles.
	Feedback10 float64
	// Neighbours is the mean cosine with the query of the candidates
	// most like the profile: a profile among others near the query
	// scores high (the cluster hypothesis).
	Neighbours float64
	// Terms and Snippets are the matched terms and highlighted fragments
	// per field (with SearchQuery.Explain).
	Terms    map[string][]string
	Snippets map[string][]string
}

// LearnReport says what Learn did.
type LearnReport struct {
	Profiles int `json:"profiles"`
	// Sample is the number of profiles the space was learned from: all of
	// them, or a sample of a large corpus.
	Sample int           `json:"sample"`
	Terms  int           `json:"terms"`
	Dim    int           `json:"dim"`
	Took   time.Duration `json:"took_ns"`
}
