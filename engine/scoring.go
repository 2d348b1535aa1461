package engine

import (
	"slices"

	"yixianqian/index"
)

// Scoring holds the weights and sizes of matching. A match's score is the
// sum of its parts:
//
//	lexical  = Lexical  × (bleve score / best bleve score among candidates)
//	semantic = Semantic × max(0, cosine of need and profile in the LSA space)
//	industry = Industry  when the need's industry is one of the profile's
//	county   = County    when the profile serves the need's county
//	slot     = Slot      when a team's slot for the month is the need's
//	                     county and industry (一月一县一产)
//	capacity = Capacity × remaining / stated capacity (Capacity when none
//	                     is stated); a full supplier is filtered out
//
// so each part lies in [0, weight] and the parts can be read side by side.
// The structured parts need a stored need (MatchNeed); free text gets the
// lexical, semantic and capacity parts.
type Scoring struct {
	// Lexical weighs the full-text (bleve) score, normalised to [0, 1].
	Lexical float64
	// Fields weighs the profile fields inside the full-text score:
	// research fields and keywords above titles above long texts.
	// Names and organisations are not matched against needs.
	Keywords, Titles, Texts float64
	// Semantic weighs the cosine similarity in the latent space.
	Semantic float64
	// Industry, County and Slot weigh the structured fit.
	Industry float64
	County   float64
	Slot     float64
	Capacity float64
	// Candidates is how many profiles each channel proposes.
	Candidates int
	// QueryTerms caps the terms of a need looked up in the full-text index
	// (rarest first); 0 looks up every term.
	QueryTerms int
	// MaxTermShare drops query terms found in more than this share of the
	// profiles from the full-text lookup.
	MaxTermShare float64
	// RareShare: once the semantic space is learned, the full-text index
	// proposes candidates only for need terms found in at most this share
	// of the profiles (cheap, short posting lists); it then scores every
	// candidate of either channel with all the looked-up terms. 0 lets the
	// full-text index propose candidates for all looked-up terms.
	RareShare float64
	// SemanticDim is the number of latent dimensions learned.
	SemanticDim int
	// Works is the share, in [0, 1], of the semantic similarity that comes
	// from the profile's best works (best + second/2 + third/3) rather
	// than from the profile as a whole.
	Works float64
}

// DefaultScoring returns the defaults. The text weights were chosen on
// csl-dev (the variants tried are in bench/results/matching.md): the
// semantic part weighs six times the lexical one, 64 latent dimensions, 30%
// of the semantic part from the best works, 200 candidates per channel. The
// structured weights are set so that a fitting team or local expert moves
// up among profiles of similar text, but cannot outrank a clearly better
// text match: a typical semantic part of a good match is 2 to 4.
func DefaultScoring() Scoring {
	return Scoring{Lexical: 1, Keywords: 3, Titles: 2, Texts: 1, Semantic: 6, Industry: 0.5, County: 0.3, Slot: 1, Capacity: 0.3, Candidates: 200, QueryTerms: 16, MaxTermShare: 0.3, RareShare: 0.01, SemanticDim: 64, Works: 0.3}
}

// Score part names, the keys of Explanation.Parts.
const (
	PartLexical  = "lexical"
	PartSemantic = "semantic"
	PartIndustry = "industry"
	PartCounty   = "county"
	PartSlot     = "slot"
	PartCapacity = "capacity"
)

// PartNames returns the score part names in the order they are summed.
func PartNames() []string {
	return []string{PartLexical, PartSemantic, PartIndustry, PartCounty, PartSlot, PartCapacity}
}

// structured computes the structured parts of f for need n in month.
func (sc *Scoring) structured(f *facts, n *Need, month string) (industry, county, slot float64) {
	if n == nil {
		return 0, 0, 0
	}
	if n.Industry != "" && slices.Contains(f.industries, n.Industry) {
		industry = sc.Industry
	}
	if n.County != "" && slices.Contains(f.counties, n.County) {
		county = sc.County
	}
	if s, ok := f.slot(month); ok && n.County != "" && s.County == n.County && s.Industry == n.Industry {
		slot = sc.Slot
	}
	return industry, county, slot
}

// fieldWeights returns the index field boosts of the lexical channel.
func (sc *Scoring) fieldWeights() map[string]float64 {
	return map[string]float64{index.FieldKeywords: sc.Keywords, index.FieldTitles: sc.Titles, index.FieldText: sc.Texts}
}

// capacityPart returns the capacity part for a supplier with capacity
// stated (0: not stated) and open assignments, and whether it is full.
func (sc *Scoring) capacityPart(capacity, open int) (part float64, full bool) {
	if capacity <= 0 {
		return sc.Capacity, false
	}
	remaining := capacity - open
	if remaining <= 0 {
		return 0, true
	}
	return sc.Capacity * float64(remaining) / float64(capacity), false
}
