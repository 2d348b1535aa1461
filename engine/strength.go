package engine

import "math"

// strength estimates how likely a scored candidate is useful for the need,
// in [0, 1], from its text parts only (the structured parts say where a
// supplier works, not whether it can help), and its label.
func strength(ranker *Model, s *scored) (float64, string) {
	if cal := ranker.Calibration; cal.A > 0 {
		p := cal.Prob(s.text)
		return p, strengthLabel(p)
	}
	p := 1 / (1 + math.Exp(-12*(s.text-0.35)))
	return p, strengthLabel(p)
}

// vagueStrength is the most a match of a vague need (NeedCheck.Vague) is
// given: just under 中.
const vagueStrength = 0.29

// strengthLabel bands a strength: 强 from 0.6, 中 from 0.3, else 弱.
func strengthLabel(p float64) string {
	switch {
	case p >= 0.6:
		return LabelStrong
	case p >= 0.3:
		return LabelMedium
	}
	return LabelWeak
}
