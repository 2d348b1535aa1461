package engine

import (
	"errors"
	"fmt"
	"slices"

	"yixianqian/engine/flow"
)

// pairProblem is a pairing round as an assignment problem, without the
// domain: each mentee takes at most one academician among its candidates
// (the pairs with a fit), each academician at most its places, forced
// pairs (approved or set by staff) are kept and excluded pairs (declared
// conflicts, pairs staff removed) are never made.
type pairProblem struct {
	mentees      []string
	academicians []string
	places       map[string]int
	fit          map[PairRef]float64 // candidate pairs, fit in [0, maxPairFit]
	preferred    map[PairRef]bool
	forced       []PairRef
	excluded     map[PairRef]bool
}

// maxPairFit bounds the fit of one pair (a strength, plus a little for the
// same industry).
const maxPairFit = 2

// solvePairs returns each paired mentee's academician. Among all pairings
// that keep the constraints it takes one that pairs as many mentees as
// possible; of those, one that gives as many mentees as possible an
// academician they named; of those, one with the largest total fit. The
// three aims are weighted so that no amount of a later one can outweigh
// one unit of an earlier one, and the min-cost flow finds the optimum.
func solvePairs(p pairProblem) (map[string]string, error) {
	n := float64(len(p.mentees) + 1)
	wPref := n * maxPairFit           // more than any total fit
	wPair := n * (wPref + maxPairFit) // more than any total of preferences and fit
	prob := flow.Problem{Capacity: map[string]int{}}
	for _, a := range p.academicians {
		prob.Capacity[a] = max(p.places[a], 0)
	}
	for _, m := range p.mentees {
		row := flow.Row{ID: m, K: 1}
		for _, a := range p.academicians {
			pr := PairRef{m, a}
			fit, ok := p.fit[pr]
			if !ok || p.excluded[pr] {
				continue
			}
			score := wPair + min(max(fit, 0), maxPairFit)
			if p.preferred[pr] {
				score += wPref
			}
			row.Candidates = append(row.Candidates, flow.Candidate{Col: a, Score: score})
		}
		prob.Rows = append(prob.Rows, row)
	}
	for _, f := range p.forced {
		if p.excluded[f] {
			return nil, fmt.Errorf("pair %s–%s is kept and excluded: %w", f.MenteeID, f.AcademicianID, flow.ErrImpossible)
		}
		prob.Forced = append(prob.Forced, flow.Pair{Row: f.MenteeID, Col: f.AcademicianID})
	}
	sol, err := flow.Solve(prob)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(sol.Pairs))
	for _, c := range sol.Pairs {
		out[c.Row] = c.Col
	}
	return out, nil
}

// pairingError turns the solver's refusal of staff's kept pairs into a
// conflict people read.
func pairingError(err error) error {
	if errors.Is(err, flow.ErrImpossible) {
		return Errorf(ErrConflict, "已批准或调整的配对超出了院士的结对名额，或与回避关系冲突，请先调整这些配对", "pairing: %v", err)
	}
	return err
}

// pairKept reports whether proposing again keeps pr: approved pairs and
// pairs staff set.
func pairKept(pr *MentorPair) bool { return pr.Status == PairApproved || pr.Adjusted }

// unpairedReason says why mentee m got no academician: it had no candidate,
// every candidate was excluded, or the places went to others.
func unpairedReason(p *pairProblem, m string) string {
	var cands, open int
	for _, a := range p.academicians {
		pr := PairRef{m, a}
		if _, ok := p.fit[pr]; ok {
			cands++
			if !p.excluded[pr] {
				open++
			}
		}
	}
	switch {
	case cands == 0:
		return UnpairedNoFit
	case open == 0:
		return UnpairedConflicted
	}
	return UnpairedFull
}

// checkPairing reports the first constraint the pairing got breaks: a
// mentee with two academicians is impossible in a map, so it checks
// candidates, places, exclusions and forced pairs.
func checkPairing(p *pairProblem, got map[string]string) error {
	load := map[string]int{}
	for m, a := range got {
		pr := PairRef{m, a}
		if !slices.Contains(p.mentees, m) {
			return fmt.Errorf("%s is not a mentee", m)
		}
		if _, ok := p.fit[pr]; !ok && !slices.Contains(p.forced, pr) {
			return fmt.Errorf("%s–%s is not a candidate pair", m, a)
		}
		if p.excluded[pr] {
			return fmt.Errorf("%s–%s is excluded", m, a)
		}
		load[a]++
	}
	for a, n := range load {
		if n > p.places[a] {
			return fmt.Errorf("%s has %d mentees, %d places", a, n, p.places[a])
		}
	}
	for _, f := range p.forced {
		if got[f.MenteeID] != f.AcademicianID {
			return fmt.Errorf("kept pair %s–%s was dropped", f.MenteeID, f.AcademicianID)
		}
	}
	return nil
}
