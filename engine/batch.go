package engine

import (
	"math"
	"sort"
)

// BatchProblem is one month's assignment problem: needs with their ranked
// candidates, what each supplier can still take, and staff's pairs.
type BatchProblem struct {
	Needs []BatchNeed
	// Capacity is what each supplier can still take this month; a supplier
	// not listed takes any number.
	Capacity map[string]int
	// Forced pairs are assigned whatever the scores; Excluded pairs never.
	Forced   []Pair
	Excluded []Pair
}

// BatchNeed is a need waiting for K suppliers, with its candidates.
type BatchNeed struct {
	ID         string
	K          int
	Candidates []BatchCandidate
}

// BatchCandidate is a supplier that may serve a need, with its match score.
type BatchCandidate struct {
	ProfileID string
	Score     float64
}

// Pair is a need and a supplier.
type Pair struct {
	NeedID    string `json:"need_id"`
	ProfileID string `json:"profile_id"`
}

// BatchPair is an assignment the batch makes.
type BatchPair struct {
	Pair
	Score  float64 `json:"score"`
	Forced bool    `json:"forced,omitempty"`
}

// BatchSolution is the optimal set of pairs and the needs left short.
type BatchSolution struct {
	Pairs []BatchPair `json:"pairs"`
	Total float64     `json:"total"`
	// Short lists needs that got fewer than K suppliers, with how many.
	Short map[string]int `json:"short"`
}

// scoreScale turns scores into the integer costs of the flow.
const scoreScale = 1e6

// SolveBatch returns the pairs that maximise the total score such that each
// need gets at most K suppliers among its candidates, no supplier exceeds
// its capacity, forced pairs are kept and excluded pairs are not made. It
// is exact: a min-cost flow with costs −score.
func SolveBatch(p BatchProblem) (BatchSolution, error) {
	sol := BatchSolution{Short: map[string]int{}}
	excluded := map[Pair]bool{}
	for _, x := range p.Excluded {
		excluded[x] = true
	}
	capLeft := map[string]int{}
	for id, c := range p.Capacity {
		capLeft[id] = c
	}
	needK, wants := map[string]int{}, map[string]int{}
	scoreOf := map[Pair]float64{}
	for _, n := range p.Needs {
		if n.K < 0 {
			return sol, invalidf("need %s: k = %d", n.ID, n.K)
		}
		needK[n.ID], wants[n.ID] = n.K, n.K
		for _, c := range n.Candidates {
			scoreOf[Pair{n.ID, c.ProfileID}] = c.Score
		}
	}
	forced := map[Pair]bool{}
	for _, f := range p.Forced {
		if excluded[f] {
			return sol, invalidf("pair %s–%s is both forced and excluded", f.NeedID, f.ProfileID)
		}
		if _, ok := needK[f.NeedID]; !ok {
			return sol, invalidf("forced pair names need %s, which is not in the batch", f.NeedID)
		}
		if forced[f] {
			continue
		}
		if needK[f.NeedID] == 0 {
			return sol, invalidf("need %s has more forced pairs than the %d suppliers it wants", f.NeedID, wants[f.NeedID])
		}
		if c, limited := capLeft[f.ProfileID]; limited {
			if c == 0 {
				return sol, invalidf("forced pair %s–%s: %s has no capacity left", f.NeedID, f.ProfileID, f.ProfileID)
			}
			capLeft[f.ProfileID] = c - 1
		}
		forced[f] = true
		needK[f.NeedID]--
		sol.Pairs = append(sol.Pairs, BatchPair{Pair: f, Score: scoreOf[f], Forced: true})
		sol.Total += scoreOf[f]
	}

	// Nodes: 0 source, 1 sink, then needs, then suppliers.
	g := newFlowGraph(2)
	node := func() int { g.adj = append(g.adj, nil); return len(g.adj) - 1 }
	supplier := map[string]int{}
	type arc struct {
		from, edge int
		pair       Pair
		score      float64
	}
	var arcs []arc
	for _, n := range p.Needs {
		if needK[n.ID] == 0 {
			continue
		}
		u := node()
		g.addEdge(0, u, needK[n.ID], 0)
		seen := map[string]bool{}
		for _, c := range n.Candidates {
			pr := Pair{n.ID, c.ProfileID}
			c.Score = scoreOf[pr] // a supplier listed twice counts once, at its last score
			if seen[c.ProfileID] || c.Score <= 0 || excluded[pr] || forced[pr] || math.IsNaN(c.Score) {
				continue
			}
			seen[c.ProfileID] = true
			v, ok := supplier[c.ProfileID]
			if !ok {
				v = node()
				supplier[c.ProfileID] = v
				limit, limited := capLeft[c.ProfileID]
				if !limited {
					limit = len(p.Needs)
				}
				g.addEdge(v, 1, limit, 0)
			}
			e := g.addEdge(u, v, 1, -int64(math.Round(c.Score*scoreScale)))
			arcs = append(arcs, arc{u, e, pr, c.Score})
		}
	}
	g.minCostFlow(0, 1)
	got := map[string]int{}
	for _, f := range p.Forced {
		got[f.NeedID]++
	}
	for _, a := range arcs {
		if g.adj[a.from][a.edge].cap == 0 {
			sol.Pairs = append(sol.Pairs, BatchPair{Pair: a.pair, Score: a.score})
			sol.Total += a.score
			got[a.pair.NeedID]++
		}
	}
	for _, n := range p.Needs {
		if got[n.ID] < n.K {
			sol.Short[n.ID] = n.K - got[n.ID]
		}
	}
	sort.Slice(sol.Pairs, func(i, j int) bool {
		a, b := sol.Pairs[i], sol.Pairs[j]
		if a.NeedID != b.NeedID {
			return a.NeedID < b.NeedID
		}
		return a.ProfileID < b.ProfileID
	})
	return sol, nil
}
