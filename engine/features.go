package engine

import (
	_ "embed"
	"fmt"

	"yixianqian/engine/rank"
)

// Feature names: the inputs of the learned ranker (engine/rank). Each is
// computed per candidate from what Search returned, and each adds to one
// score part.
const (
	// FeatLexical is the full-text score of the need's words over the
	// best candidate's; FeatBigram the same for character bigrams.
	FeatLexical = "lexical"
	FeatBigram  = "bigram"
	// FeatCosine is the cosine of need and whole profile in the latent
	// space; FeatWorks that of the profile's best works (best + second/2 +
	// third/3); FeatBestWork that of its closest work; FeatFeedback that of
	// the profile and the centre of the need's nearest profiles.
	FeatCosine   = "cosine"
	FeatWorks    = "works"
	FeatBestWork = "best_work"
	FeatFeedback = "feedback"
	// FeatCoherence is how much a profile's works agree with each other
	// (specific profiles high, broad ones low); FeatTeam and FeatSociety
	// are 1 for a doctoral team and a society.
	FeatCoherence = "coherence"
	FeatTeam      = "team"
	FeatSociety   = "society"
	// FeatCoarse is the cosine in the broadest latent dimensions only;
	// FeatFeedback10 is FeatFeedback with the ten nearest profiles.
	FeatCoarse     = "coarse"
	FeatFeedback10 = "feedback10"
	// FeatNeighbours is the mean cosine with the need of the profile's
	// most similar candidates.
	FeatNeighbours = "neighbours"
)

// FeatureNames returns every feature the engine computes.
func FeatureNames() []string {
	return []string{FeatLexical, FeatBigram, FeatCosine, FeatWorks, FeatBestWork, FeatFeedback, FeatCoherence, FeatTeam, FeatSociety, FeatCoarse, FeatFeedback10, FeatNeighbours}
}

// featurePart says which score part a feature adds to.
func featurePart(f string) string {
	switch f {
	case FeatLexical, FeatBigram:
		return PartLexical
	case FeatCoherence, FeatTeam, FeatSociety:
		return PartSpecificity
	}
	return PartSemantic
}

// featureInput is what features read beyond the candidate: the best
// full-text scores among all candidates of the query.
type featureInput struct {
	maxLex, maxBigram float64
}

func newFeatureInput(cands []Candidate) featureInput {
	var in featureInput
	for i := range cands {
		in.maxLex = max(in.maxLex, cands[i].Lexical)
		in.maxBigram = max(in.maxBigram, cands[i].Bigram)
	}
	return in
}

// feature returns the value of feature name for c, a profile of kind.
func (in *featureInput) feature(name string, c *Candidate, kind Kind) float64 {
	ratio := func(x, best float64) float64 {
		if best <= 0 {
			return 0
		}
		return x / best
	}
	switch name {
	case FeatLexical:
		return ratio(c.Lexical, in.maxLex)
	case FeatBigram:
		return ratio(c.Bigram, in.maxBigram)
	case FeatCosine:
		if c.HasCosine {
			return c.Cosine
		}
	case FeatWorks:
		if c.HasWorks {
			return c.Works
		}
	case FeatBestWork:
		if c.HasWorks {
			return c.BestWork
		}
	case FeatFeedback:
		return c.Feedback
	case FeatFeedback10:
		return c.Feedback10
	case FeatCoarse:
		return c.Coarse
	case FeatNeighbours:
		return c.Neighbours
	case FeatCoherence:
		return c.Coherence
	case FeatTeam:
		return indicator(kind == KindTeam)
	case FeatSociety:
		return indicator(kind == KindSociety)
	}
	return 0
}

func indicator(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Model is a ranker: named features, their weights and the calibration of
// its scores into strengths (engine/rank's model).
type Model = rank.Model

// defaultModelJSON is the ranker the service runs with, trained on csl-dev
// by the procedure in bench/results/quality.md.
//
//go:embed model.json
var defaultModelJSON []byte

// DefaultModel returns the built-in ranker.
func DefaultModel() *rank.Model {
	m, err := ParseModel(defaultModelJSON)
	if err != nil {
		panic(fmt.Sprintf("engine: built-in model: %v", err)) // a build that cannot rank is a bug
	}
	return m
}

// ParseModel reads a ranker file: refused (ErrInvalid) when it is of a
// newer format or uses a feature this version does not compute.
func ParseModel(b []byte) (*rank.Model, error) {
	m, err := rank.Parse(b, FeatureNames())
	if err != nil {
		return nil, Errorf(ErrInvalid, "排序模型不可用："+err.Error(), "%v", err)
	}
	return m, nil
}

// NewModel returns a ranker named name with the given feature weights,
// scaled to sum to 1 in absolute value and without a calibration; for
// hand-set rankers and baselines.
func NewModel(name string, weights map[string]float64) (*rank.Model, error) {
	m := &rank.Model{Format: rank.FormatVersion, Name: name}
	var sum float64
	for _, f := range FeatureNames() {
		if w, ok := weights[f]; ok {
			m.Features = append(m.Features, f)
			m.Weights = append(m.Weights, w)
			sum += max(w, -w)
		}
	}
	if len(m.Features) != len(weights) || sum == 0 {
		return nil, invalidf("model %s: weights %v: want known features (%v), not all zero", name, weights, FeatureNames())
	}
	for i := range m.Weights {
		m.Weights[i] /= sum
	}
	return m, m.Check(FeatureNames())
}

// HandModel returns the weights chosen by hand before the learned ranker:
// lexical 1, semantic 6 of which 30% from the best works. It is the prior
// a trained ranker is pulled toward (TrainOptions.Prior) and a baseline.
func HandModel() *Model {
	m, err := NewModel("hand", map[string]float64{FeatLexical: 1, FeatCosine: 4.2, FeatWorks: 1.8})
	if err != nil {
		panic(err) // known features
	}
	return m
}

// DefaultFeatures returns the features the built-in ranker is trained on
// (bench/results/quality.md says which steps earned their place).
func DefaultFeatures() []string {
	return []string{FeatLexical, FeatBigram, FeatCosine, FeatFeedback, FeatFeedback10, FeatCoarse, FeatNeighbours, FeatTeam, FeatSociety}
}
