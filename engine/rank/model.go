// Package rank learns and applies the linear ranker of matching: a model
// names its features and gives each a weight; a candidate's text score is
// the weighted sum of its features. Train fits the weights to graded
// judgements by coordinate ascent on nDCG@10 (Metzler and Croft's method),
// and Calibrate maps text scores to a probability of usefulness by Platt
// scaling. The package knows nothing of the domain: features are numbers
// with names, judgements are grades.
package rank

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
)

// FormatVersion is the model file format this package reads and writes;
// a newer file is refused.
const FormatVersion = 1

// Model is a linear ranker with a calibration of its scores.
type Model struct {
	// Format is FormatVersion when written.
	Format int `json:"format"`
	// Name identifies the model in explanations and metrics, e.g.
	// "csl-dev-2026-11".
	Name string `json:"name"`
	// Features are the names of the inputs, in the order of Weights.
	Features []string  `json:"features"`
	Weights  []float64 `json:"weights"`
	// Calibration turns a score s into a probability 1/(1+exp(−(A·s+B))).
	Calibration Platt `json:"calibration"`
	// Trained says on what and how the model was learned.
	Trained string `json:"trained,omitempty"`
}

// Platt is a logistic calibration: P(useful | s) = 1/(1+exp(−(A·s+B))).
type Platt struct {
	A float64 `json:"a"`
	B float64 `json:"b"`
}

// Prob returns the calibrated probability of score s.
func (p Platt) Prob(s float64) float64 { return 1 / (1 + math.Exp(-(p.A*s + p.B))) }

// ErrModel is returned for a model file that cannot be used.
var ErrModel = errors.New("model unusable")

// Score returns the model's score of x, whose values are in the order of
// the model's features.
func (m *Model) Score(x []float64) float64 {
	var s float64
	for i, w := range m.Weights {
		s += w * x[i]
	}
	return s
}

// Check refuses a model of a newer format, with a feature outside known,
// or whose weights do not fit its features.
func (m *Model) Check(known []string) error {
	if m.Format > FormatVersion {
		return fmt.Errorf("%w: model %q has format %d, this version reads up to %d", ErrModel, m.Name, m.Format, FormatVersion)
	}
	if m.Format < 1 {
		return fmt.Errorf("%w: model %q has no format version", ErrModel, m.Name)
	}
	if len(m.Features) == 0 || len(m.Features) != len(m.Weights) {
		return fmt.Errorf("%w: model %q has %d features and %d weights", ErrModel, m.Name, len(m.Features), len(m.Weights))
	}
	seen := map[string]bool{}
	for i, f := range m.Features {
		if !slices.Contains(known, f) {
			return fmt.Errorf("%w: model %q uses feature %q, which this version does not compute (known: %v)", ErrModel, m.Name, f, known)
		}
		if seen[f] {
			return fmt.Errorf("%w: model %q names feature %q twice", ErrModel, m.Name, f)
		}
		seen[f] = true
		if math.IsNaN(m.Weights[i]) || math.IsInf(m.Weights[i], 0) {
			return fmt.Errorf("%w: model %q: weight of %q is not a number", ErrModel, m.Name, f)
		}
	}
	if math.IsNaN(m.Calibration.A) || math.IsNaN(m.Calibration.B) || m.Calibration.A < 0 {
		return fmt.Errorf("%w: model %q: calibration %+v", ErrModel, m.Name, m.Calibration)
	}
	return nil
}

// Parse reads a model file and checks it against the known features.
func Parse(b []byte, known []string) (*Model, error) {
	var m Model
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	if err := m.Check(known); err != nil {
		return nil, err
	}
	return &m, nil
}

// Marshal writes the model as indented JSON, with its format version.
func (m *Model) Marshal() ([]byte, error) {
	c := *m
	c.Format = FormatVersion
	return json.MarshalIndent(&c, "", "  ")
}
