package flow

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// bruteForce tries every subset of candidate pairs and returns the best
// total score that keeps the constraints.
func bruteForce(p Problem) float64 {
	type cand struct {
		pair  Pair
		score float64
	}
	var all []cand
	excluded := map[Pair]bool{}
	for _, x := range p.Excluded {
		excluded[x] = true
	}
	forced := map[Pair]bool{}
	for _, f := range p.Forced {
		forced[f] = true
	}
	k := map[string]int{}
	for _, n := range p.Rows {
		k[n.ID] = n.K
		for _, c := range n.Candidates {
			pr := Pair{n.ID, c.Col}
			if !excluded[pr] {
				all = append(all, cand{pr, c.Score})
			}
		}
	}
	best := math.Inf(-1)
	for mask := 0; mask < 1<<len(all); mask++ {
		perNeed, perSup := map[string]int{}, map[string]int{}
		total := 0.0
		chosen := map[Pair]bool{}
		for i, c := range all {
			if mask&(1<<i) != 0 {
				perNeed[c.pair.Row]++
				perSup[c.pair.Col]++
				total += c.score
				chosen[c.pair] = true
			}
		}
		ok := true
		for f := range forced {
			if !chosen[f] {
				ok = false
			}
		}
		for id, n := range perNeed {
			ok = ok && n <= k[id]
		}
		for id, n := range perSup {
			if c, limited := p.Capacity[id]; limited {
				ok = ok && n <= c
			}
		}
		if ok && total > best {
			best = total
		}
	}
	return best
}

// TestSolveIsOptimal compares the solver with brute force on small
// random instances, and checks every constraint of its answer.
func TestSolveIsOptimal(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for trial := range 300 {
		p := Problem{Capacity: map[string]int{}}
		nNeeds, nSup := 1+r.IntN(4), 1+r.IntN(3)
		pairs := 0
		for i := range nNeeds {
			n := Row{ID: fmt.Sprintf("n%d", i), K: 1 + r.IntN(2)}
			for j := range nSup {
				if r.IntN(3) > 0 && pairs < 12 {
					n.Candidates = append(n.Candidates, Candidate{fmt.Sprintf("s%d", j), math.Round(r.Float64()*100) / 10})
					pairs++
				}
			}
			p.Rows = append(p.Rows, n)
		}
		for j := range nSup {
			if r.IntN(3) > 0 {
				p.Capacity[fmt.Sprintf("s%d", j)] = r.IntN(3)
			}
		}
		// Sometimes exclude or force a candidate pair.
		if n := p.Rows[0]; len(n.Candidates) > 0 && r.IntN(3) == 0 {
			p.Excluded = append(p.Excluded, Pair{n.ID, n.Candidates[0].Col})
		} else if len(n.Candidates) > 0 && r.IntN(3) == 0 && p.Capacity[n.Candidates[0].Col] != 0 {
			p.Forced = append(p.Forced, Pair{n.ID, n.Candidates[0].Col})
		}
		want := bruteForce(p)
		sol, err := Solve(p)
		if err != nil {
			if math.IsInf(want, -1) {
				continue // infeasible forced pair: refused, as brute force finds no answer either
			}
			t.Fatalf("trial %d: %v (%+v)", trial, err, p)
		}
		if math.Abs(sol.Total-want) > 1e-6 {
			t.Fatalf("trial %d: total %.4f, brute force %.4f\nproblem %+v\npairs %+v", trial, sol.Total, want, p, sol.Pairs)
		}
		perNeed, perSup := map[string]int{}, map[string]int{}
		for _, pr := range sol.Pairs {
			perNeed[pr.Row]++
			perSup[pr.Col]++
			for _, x := range p.Excluded {
				if x == pr.Pair {
					t.Fatalf("trial %d: excluded pair %v made", trial, x)
				}
			}
		}
		for _, n := range p.Rows {
			if perNeed[n.ID] > n.K {
				t.Fatalf("trial %d: need %s got %d > k %d", trial, n.ID, perNeed[n.ID], n.K)
			}
		}
		for id, c := range p.Capacity {
			if perSup[id] > c {
				t.Fatalf("trial %d: supplier %s got %d > capacity %d", trial, id, perSup[id], c)
			}
		}
	}
}

func TestSolveRefusesImpossibleStaffPairs(t *testing.T) {
	p := Problem{
		Rows:     []Row{{ID: "n", K: 1, Candidates: []Candidate{{"s", 1}}}},
		Capacity: map[string]int{"s": 0},
		Forced:   []Pair{{"n", "s"}},
	}
	if _, err := Solve(p); err == nil {
		t.Error("forced pair onto a full supplier accepted")
	}
	p.Capacity["s"] = 1
	p.Excluded = []Pair{{"n", "s"}}
	if _, err := Solve(p); err == nil {
		t.Error("pair both forced and excluded accepted")
	}
}

// BenchmarkSolve is the monthly batch at 2,000 needs × 10,000
// suppliers with 50 candidates per need and capacities of 1 to 3.
func BenchmarkSolve(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	p := Problem{Capacity: map[string]int{}}
	for j := range 10000 {
		p.Capacity[fmt.Sprintf("s%d", j)] = 1 + r.IntN(3)
	}
	for i := range 2000 {
		n := Row{ID: fmt.Sprintf("n%d", i), K: 1 + r.IntN(2)}
		for range 50 {
			n.Candidates = append(n.Candidates, Candidate{fmt.Sprintf("s%d", r.IntN(10000)), r.Float64() * 6})
		}
		p.Rows = append(p.Rows, n)
	}
	b.ReportAllocs()
	for b.Loop() {
		sol, err := Solve(p)
		if err != nil || len(sol.Pairs) == 0 {
			b.Fatal(err)
		}
	}
}
