package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomPairProblem makes a small pairing problem: up to 5 mentees and 3
// academicians with 0 to 2 places, candidate pairs with random fits, some
// named by the mentee, some excluded, and now and then a kept pair.
func randomPairProblem(r *rand.Rand) pairProblem {
	p := pairProblem{places: map[string]int{}, fit: map[PairRef]float64{}, preferred: map[PairRef]bool{}, excluded: map[PairRef]bool{}}
	for i := range 1 + r.IntN(5) {
		p.mentees = append(p.mentees, fmt.Sprintf("m%d", i))
	}
	for i := range 1 + r.IntN(3) {
		a := fmt.Sprintf("a%d", i)
		p.academicians = append(p.academicians, a)
		p.places[a] = r.IntN(3)
	}
	for _, m := range p.mentees {
		for _, a := range p.academicians {
			pr := PairRef{m, a}
			if r.Float64() < 0.7 {
				p.fit[pr] = math.Round(r.Float64()*1.1*1000) / 1000
			}
			if r.Float64() < 0.3 {
				p.preferred[pr] = true
				if _, ok := p.fit[pr]; !ok {
					p.fit[pr] = 0
				}
			}
			if r.Float64() < 0.15 {
				p.excluded[pr] = true
			}
		}
	}
	if r.Float64() < 0.3 {
		m, a := p.mentees[r.IntN(len(p.mentees))], p.academicians[r.IntN(len(p.academicians))]
		if _, ok := p.fit[PairRef{m, a}]; ok {
			p.forced = append(p.forced, PairRef{m, a})
		}
	}
	return p
}

// pairValue is what solvePairs maximises, in order: pairs made, named
// academicians given, total fit.
type pairValue struct {
	pairs, wishes int
	fit           float64
}

func (v pairValue) better(o pairValue) bool {
	if v.pairs != o.pairs {
		return v.pairs > o.pairs
	}
	if v.wishes != o.wishes {
		return v.wishes > o.wishes
	}
	return v.fit > o.fit+1e-9
}

func valueOf(p *pairProblem, got map[string]string) pairValue {
	var v pairValue
	for m, a := range got {
		v.pairs++
		if p.preferred[PairRef{m, a}] {
			v.wishes++
		}
		v.fit += p.fit[PairRef{m, a}]
	}
	return v
}

// bruteForce tries every way to give each mentee one academician or none
// and returns the best pairing that keeps every constraint, or false when
// none does (the kept pairs cannot all be kept).
func bruteForce(p *pairProblem) (pairValue, bool) {
	var best pairValue
	found := false
	choice := make([]int, len(p.mentees)) // -1: none
	var walk func(i int)
	walk = func(i int) {
		if i == len(p.mentees) {
			got := map[string]string{}
			for j, c := range choice {
				if c >= 0 {
					got[p.mentees[j]] = p.academicians[c]
				}
			}
			if checkPairing(p, got) != nil {
				return
			}
			if v := valueOf(p, got); !found || v.better(best) {
				best, found = v, true
			}
			return
		}
		for c := -1; c < len(p.academicians); c++ {
			choice[i] = c
			walk(i + 1)
		}
	}
	walk(0)
	return best, found
}

// TestPairingAgainstBruteForce solves 3000 small random rounds and checks
// that the pairing never breaks a constraint (places, one academician a
// mentee, only candidate pairs, no excluded pair, kept pairs kept) and is
// as good as the best pairing found by trying all of them: as many pairs,
// as many mentees given an academician they named, the same total fit.
func TestPairingAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 2026))
	solved, impossible, wished := 0, 0, 0
	for i := range 3000 {
		p := randomPairProblem(r)
		want, feasible := bruteForce(&p)
		got, err := solvePairs(p)
		if !feasible {
			if err == nil {
				t.Fatalf("instance %d: no pairing keeps the kept pairs, but the solver gave %v", i, got)
			}
			impossible++
			continue
		}
		if err != nil {
			t.Fatalf("instance %d: %v (brute force found %+v)", i, err, want)
		}
		if err := checkPairing(&p, got); err != nil {
			t.Fatalf("instance %d: %v in %v", i, err, got)
		}
		v := valueOf(&p, got)
		if v.pairs != want.pairs || v.wishes != want.wishes || math.Abs(v.fit-want.fit) > 1e-6 {
			t.Fatalf("instance %d: solver %+v, brute force %+v\nproblem %+v", i, v, want, p)
		}
		solved++
		wished += v.wishes
	}
	if solved < 2000 || impossible == 0 || wished == 0 {
		t.Errorf("the instances do not exercise the solver: %d solved, %d impossible, %d wishes honoured", solved, impossible, wished)
	}
}

// TestPairingHonoursWishesWhenFeasible: a named academician is given even
// to a weaker fit when another academician can take the stronger one; and
// never at the cost of leaving a mentee unpaired.
func TestPairingHonoursWishesWhenFeasible(t *testing.T) {
	p := pairProblem{mentees: []string{"m1", "m2"}, academicians: []string{"A", "B"}, places: map[string]int{"A": 1, "B": 1},
		fit:       map[PairRef]float64{{"m1", "A"}: 0.1, {"m2", "A"}: 0.9, {"m2", "B"}: 0.2},
		preferred: map[PairRef]bool{{"m1", "A"}: true}, excluded: map[PairRef]bool{}}
	got, err := solvePairs(p)
	if err != nil || got["m1"] != "A" || got["m2"] != "B" {
		t.Errorf("wish of m1 for A: got %v, %v; want m1–A, m2–B", got, err)
	}
	// m3 has only A; m1 named A. A takes one: the wish wins over the fit.
	p = pairProblem{mentees: []string{"m1", "m3"}, academicians: []string{"A"}, places: map[string]int{"A": 1},
		fit: map[PairRef]float64{{"m1", "A"}: 0.1, {"m3", "A"}: 0.9}, preferred: map[PairRef]bool{{"m1", "A"}: true}, excluded: map[PairRef]bool{}}
	if got, _ := solvePairs(p); got["m1"] != "A" || len(got) != 1 {
		t.Errorf("one place, one wish: %v, want m1–A", got)
	}
	// m1 named A, but B can take only m1: pairing both beats the wish.
	p = pairProblem{mentees: []string{"m1", "m2"}, academicians: []string{"A", "B"}, places: map[string]int{"A": 1, "B": 1},
		fit:       map[PairRef]float64{{"m1", "A"}: 0.5, {"m1", "B"}: 0.5, {"m2", "A"}: 0.5},
		preferred: map[PairRef]bool{{"m1", "A"}: true}, excluded: map[PairRef]bool{}}
	if got, _ := solvePairs(p); got["m1"] != "B" || got["m2"] != "A" {
		t.Errorf("a wish that would leave m2 alone: %v, want m1–B, m2–A", got)
	}
	// An excluded pair is never made, even when named.
	p.excluded = map[PairRef]bool{{"m1", "A"}: true}
	if got, _ := solvePairs(p); got["m1"] == "A" || !slices.Contains([]string{"B", ""}, got["m1"]) {
		t.Errorf("excluded wish made: %v", got)
	}
}
