package engine

import (
	_ "embed"
	"fmt"
	"slices"

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
	// FeatCosine is the cosine of need and profile in the latent space;
	// FeatCoarse the cosine in its broadest dimensions only (nearness of
	// field rather than of topic).
	FeatCosine = "cosine"
	FeatCoarse = "coarse"
	// FeatFeedback and FeatFeedback10 are the cosines of the profile and
	// the centre of the need's 5 and 10 nearest profiles (pseudo
	// relevance feedback); FeatNeighbours the mean cosine with the need of
	// the candidates most like the profile.
	FeatFeedback   = "feedback"
	FeatFeedback10 = "feedback10"
	FeatNeighbours = "neighbours"
	// FeatTeam and FeatSociety are 1 for a doctoral team and a society.
	FeatTeam    = "team"
	FeatSociety = "society"
)

// FeatureNames returns every feature the engine computes.
func FeatureNames() []string {
	return []string{FeatLexical, FeatBigram, FeatCosine, FeatCoarse, FeatFeedback, FeatFeedback10, FeatNeighbours, FeatTeam, FeatSociety}
}

// featurePart says which score part a feature adds to.
func featurePart(f string) string {
	switch f {
	case FeatLexical, FeatBigram:
		return PartLexical
	case FeatTeam, FeatSociety:
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
	case FeatFeedback:
		return c.Feedback
	case FeatFeedback10:
		return c.Feedback10
	case FeatCoarse:
		return c.Coarse
	case FeatNeighbours:
		return c.Neighbours
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

// HandModel returns weights chosen by hand, as before the learned ranker:
// lexical 1, semantic 6. It is the prior a trained ranker is pulled toward
// (TrainOptions.Prior) and a baseline.
func HandModel() *Model {
	m, err := NewModel("hand", map[string]float64{FeatLexical: 1, FeatCosine: 6})
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

// readsNeighbourhood reports whether m reads a feature of the query's
// neighbourhood in the latent space, which retrieval computes only then.
func readsNeighbourhood(m *Model) bool {
	return slices.ContainsFunc(m.Features, func(f string) bool {
		return f == FeatFeedback || f == FeatFeedback10 || f == FeatCoarse || f == FeatNeighbours
	})
}

// rankerFor returns the ranker for a retrieval: m, the one in use, or,
// when the retrieval had no latent space (not learned yet, or switched
// off) and m reads it, one that ranks by the words alone (its calibration
// is empty: strengths fall back to the estimate).
func rankerFor(m *Model, ret *Retrieval) *Model {
	if ret.Semantic || !slices.ContainsFunc(m.Features, func(f string) bool { return featurePart(f) == PartSemantic }) {
		return m
	}
	return &Model{Format: rank.FormatVersion, Name: "lexical", Features: []string{FeatLexical, FeatBigram}, Weights: []float64{0.7, 0.3}}
}
