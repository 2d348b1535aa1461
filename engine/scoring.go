package engine

// Scoring holds the weights and sizes of matching. A match's score is the
// sum of its parts:
//
//	lexical  = Lexical  × (bleve score / best bleve score among candidates)
//	semantic = Semantic × max(0, cosine of need and profile in the LSA space)
//
// so each part lies in [0, weight] and the parts can be read side by side.
type Scoring struct {
	// Lexical weighs the full-text (bleve) score, normalised to [0, 1].
	Lexical float64
	// Semantic weighs the cosine similarity in the latent space.
	Semantic float64
	// Candidates is how many profiles each channel proposes.
	Candidates int
	// SemanticDim is the number of latent dimensions learned.
	SemanticDim int
	// Works is the share, in [0, 1], of the semantic similarity that comes
	// from the profile's best works (best + second/2 + third/3) rather
	// than from the profile as a whole.
	Works float64
}

// DefaultScoring returns the defaults, chosen on csl-dev (the variants
// tried are in bench/results/matching.md): the semantic part weighs six
// times the lexical one, 64 latent dimensions, 30% of the semantic part
// from the best works, 200 candidates per channel.
func DefaultScoring() Scoring {
	return Scoring{Lexical: 1, Semantic: 6, Candidates: 200, SemanticDim: 64, Works: 0.3}
}

// Score part names, the keys of Explanation.Parts.
const (
	PartLexical  = "lexical"
	PartSemantic = "semantic"
)
