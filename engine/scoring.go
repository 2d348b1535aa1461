package engine

import "slices"

// Scoring holds the weights of matching. A match's score is the sum of its
// parts:
//
//	lexical  = Lexical  × (full-text score / best full-text score among
//	                       the candidates)
//	semantic = Semantic × max(0, (1−Works) × cosine of need and profile
//	                       + Works × cosine of need and the profile's best
//	                       works) in the latent space
//	industry = Industry  when the need's industry is one of the profile's
//	county   = County    when the profile serves the need's county
//	slot     = Slot      when a team's slot for the month is the need's
//	                     county and industry (一月一县一产)
//	capacity = Capacity × remaining / stated capacity (Capacity when none
//	                     is stated); a full supplier is filtered out
//
// so each part lies in [0, weight] and the parts can be read side by side.
// The structured parts need a stored need (MatchNeed); free text gets the
// lexical, semantic and capacity parts. How the full-text score and the
// cosines are computed is Search's business (engine/search's Options).
type Scoring struct {
	// Lexical weighs the full-text score, normalised to [0, 1].
	Lexical float64 `json:"lexical"`
	// Semantic weighs the similarity in the latent space.
	Semantic float64 `json:"semantic"`
	// Works is the share, in [0, 1], of the semantic similarity that comes
	// from the profile's best works (best + second/2 + third/3) rather
	// than from the profile as a whole.
	Works float64 `json:"works"`
	// Industry, County and Slot weigh the structured fit.
	Industry float64 `json:"industry"`
	County   float64 `json:"county"`
	Slot     float64 `json:"slot"`
	Capacity float64 `json:"capacity"`
	// Candidates is how many profiles each channel proposes.
	Candidates int `json:"candidates"`
}

// DefaultScoring returns the defaults. The text weights were chosen on
// csl-dev (the variants tried are in bench/results/matching.md): the
// semantic part weighs six times the lexical one, 30% of it from the best
// works, 200 candidates per channel. The structured weights are set so that
// a fitting team or local expert moves up among profiles of similar text,
// but cannot outrank a clearly better text match: a typical semantic part
// of a good match is 2 to 4.
func DefaultScoring() Scoring {
	return Scoring{Lexical: 1, Semantic: 6, Works: 0.3, Industry: 0.5, County: 0.3, Slot: 1, Capacity: 0.3, Candidates: 200}
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

// partInput is what a score part reads of one candidate.
type partInput struct {
	c        *Candidate
	f        *facts
	open     int // the profile's open assignments
	need     *Need
	month    string
	maxLex   float64 // best full-text score among the candidates
	semantic bool    // the semantic channel scored the candidates
}

// scorePart is one named part of a match's score.
type scorePart struct {
	name  string
	value func(in *partInput) float64
}

// parts returns the score parts in the order they are summed. A new part
// is one line here.
func (sc *Scoring) parts() []scorePart {
	return []scorePart{
		{PartLexical, sc.lexical},
		{PartSemantic, sc.semantic},
		{PartIndustry, func(in *partInput) float64 {
			return sc.when(sc.Industry, in.need != nil && in.need.Industry != "" && slices.Contains(in.f.industries, in.need.Industry))
		}},
		{PartCounty, func(in *partInput) float64 {
			return sc.when(sc.County, in.need != nil && in.need.County != "" && slices.Contains(in.f.counties, in.need.County))
		}},
		{PartSlot, func(in *partInput) float64 { return sc.when(sc.Slot, in.f.servesSlot(in.need, in.month)) }},
		{PartCapacity, func(in *partInput) float64 { return sc.capacityPart(in.f.capacity, in.open) }},
	}
}

// PartNames returns the score part names in the order they are summed.
func PartNames() []string {
	var sc Scoring
	var names []string
	for _, p := range sc.parts() {
		names = append(names, p.name)
	}
	return names
}

func (sc *Scoring) when(weight float64, ok bool) float64 {
	if ok {
		return weight
	}
	return 0
}

// lexical is the full-text part; without a semantic space it is the whole
// text score, weighted 1.
func (sc *Scoring) lexical(in *partInput) float64 {
	if in.maxLex <= 0 {
		return 0
	}
	w := sc.Lexical
	if !in.semantic {
		w = 1
	}
	return w * in.c.Lexical / in.maxLex
}

// semantic mixes the whole-profile and the best-works cosines.
func (sc *Scoring) semantic(in *partInput) float64 {
	if !in.semantic {
		return 0
	}
	cos := 0.0
	if in.c.HasCosine {
		cos = in.c.Cosine
	}
	if sc.Works > 0 && in.c.HasWorks {
		cos = (1-sc.Works)*cos + sc.Works*in.c.Works
	}
	return sc.Semantic * max(cos, 0)
}

// capacityPart returns the capacity part for a supplier with capacity
// stated (0: not stated) and open assignments; a full supplier is removed
// by the rules before parts are computed.
func (sc *Scoring) capacityPart(capacity, open int) float64 {
	if capacity <= 0 {
		return sc.Capacity
	}
	remaining := capacity - open
	if remaining <= 0 {
		return 0
	}
	return sc.Capacity * float64(remaining) / float64(capacity)
}
