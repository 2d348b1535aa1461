package engine

import (
	"slices"

	"yixianqian/engine/rank"
)

// Scoring holds the weights of matching. A match's score is the sum of its
// parts:
//
//	lexical     = TextScale × Σ weight × feature over the full-text features
//	semantic    = TextScale × Σ weight × feature over the latent-space features
//	specificity = TextScale × Σ weight × feature over the profile's kind and
//	              coherence (may be negative)
//	industry    = Industry  when the need's industry is one of the profile's
//	county      = County    when the profile serves the need's county
//	slot        = Slot      when a team's slot for the month is the need's
//	                        county and industry (一月一县一产)
//	capacity    = Capacity × remaining / stated capacity (Capacity when none
//	                        is stated); a full supplier is filtered out
//
// The text parts come from the ranker (Model: weights learned from graded
// judgements, summing to 1 in absolute value); the structured weights are
// the service's rules, set so that a fitting team or local expert moves up
// among profiles of similar text but cannot outrank a clearly better text
// match. The structured parts need a stored need (MatchNeed).
type Scoring struct {
	// Model is the text ranker; nil means DefaultModel.
	Model *rank.Model `json:"model,omitempty"`
	// TextScale scales the ranker's score into score units.
	TextScale float64 `json:"text_scale"`
	// Industry, County and Slot weigh the structured fit.
	Industry float64 `json:"industry"`
	County   float64 `json:"county"`
	Slot     float64 `json:"slot"`
	Capacity float64 `json:"capacity"`
	// Candidates is how many profiles each channel proposes.
	Candidates int `json:"candidates"`
}

// DefaultScoring returns the defaults: the built-in ranker at a scale of 7,
// so that a good text match scores 2 to 4, 200 candidates per channel.
func DefaultScoring() Scoring {
	return Scoring{TextScale: 7, Industry: 0.5, County: 0.3, Slot: 1, Capacity: 0.3, Candidates: 200}
}

// Score part names, the keys of Explanation.Parts.
const (
	PartLexical     = "lexical"
	PartSemantic    = "semantic"
	PartSpecificity = "specificity"
	PartIndustry    = "industry"
	PartCounty      = "county"
	PartSlot        = "slot"
	PartCapacity    = "capacity"
)

// PartNames returns the score part names in the order they are summed.
func PartNames() []string {
	return []string{PartLexical, PartSemantic, PartSpecificity, PartIndustry, PartCounty, PartSlot, PartCapacity}
}

// partInput is what the structured parts read of one candidate.
type partInput struct {
	f     *facts
	open  int // the profile's open assignments
	need  *Need
	month string
}

// structured returns the structured parts of a candidate, in PartNames
// order after the text parts. A new part is one line here.
func (sc *Scoring) structured(in *partInput) [4]float64 {
	n := in.need
	return [4]float64{
		sc.when(sc.Industry, n != nil && n.Industry != "" && slices.Contains(in.f.industries, n.Industry)),
		sc.when(sc.County, n != nil && n.County != "" && slices.Contains(in.f.counties, n.County)),
		sc.when(sc.Slot, in.f.servesSlot(n, in.month)),
		sc.capacityPart(in.f.capacity, in.open),
	}
}

func (sc *Scoring) when(weight float64, ok bool) float64 {
	if ok {
		return weight
	}
	return 0
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
