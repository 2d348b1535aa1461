// Package flow solves assignment problems exactly: rows (needs, mentees)
// each take up to K columns (suppliers, academicians) among their scored
// candidates, no column takes more than its capacity, some pairs are forced
// and some excluded, and the total score is as large as it can be. It is a
// min-cost flow with costs −score, used by the monthly batch and by
// pairing rounds. It knows nothing of the domain.
package flow

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Problem is one assignment problem.
type Problem struct {
	Rows []Row
	// Capacity is what each column can still take; a column not listed
	// takes any number.
	Capacity map[string]int
	// Forced pairs are assigned whatever the scores; Excluded pairs never.
	Forced   []Pair
	Excluded []Pair
}

// Row wants up to K columns among its candidates.
type Row struct {
	ID         string
	K          int
	Candidates []Candidate
}

// Candidate is a column that may serve a row, with its score.
type Candidate struct {
	Col   string
	Score float64
}

// Pair is a row and a column.
type Pair struct {
	Row, Col string
}

// Chosen is a pair the solution makes.
type Chosen struct {
	Pair
	Score  float64
	Forced bool
}

// Solution is the optimal set of pairs and the rows left short.
type Solution struct {
	Pairs []Chosen
	Total float64
	// Short lists rows that got fewer than K columns, with how many.
	Short map[string]int
}

// ErrImpossible is returned when staff's forced and excluded pairs cannot
// all be kept; the message says which.
var ErrImpossible = errors.New("impossible pairs")

// scoreScale turns scores into the integer costs of the flow.
const scoreScale = 1e6

// Solve returns the pairs that maximise the total score such that each row
// gets at most K columns among its candidates, no column exceeds its
// capacity, forced pairs are kept and excluded pairs are not made. Only
// pairs of positive score are made, besides forced ones.
func Solve(p Problem) (Solution, error) {
	st, err := newState(p)
	if err != nil {
		return Solution{}, err
	}
	if err := st.force(p.Forced); err != nil {
		return Solution{}, err
	}
	g, arcs := st.graph(p.Rows)
	g.minCostFlow(0, 1)
	got := map[string]int{}
	for _, f := range st.sol.Pairs {
		got[f.Row]++
	}
	for _, a := range arcs {
		if g.adj[a.from][a.edge].cap == 0 {
			st.sol.Pairs = append(st.sol.Pairs, Chosen{Pair: a.pair, Score: a.score})
			st.sol.Total += a.score
			got[a.pair.Row]++
		}
	}
	for _, r := range p.Rows {
		if got[r.ID] < r.K {
			st.sol.Short[r.ID] = r.K - got[r.ID]
		}
	}
	sort.Slice(st.sol.Pairs, func(i, j int) bool {
		a, b := st.sol.Pairs[i], st.sol.Pairs[j]
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		return a.Col < b.Col
	})
	return st.sol, nil
}

// state is a problem being solved: what is left of each row's K and each
// column's capacity once forced pairs are made.
type state struct {
	sol      Solution
	excluded map[Pair]bool
	forced   map[Pair]bool
	capLeft  map[string]int
	kLeft    map[string]int
	wants    map[string]int
	scoreOf  map[Pair]float64
	rows     int
}

func newState(p Problem) (*state, error) {
	st := &state{sol: Solution{Short: map[string]int{}}, excluded: map[Pair]bool{}, forced: map[Pair]bool{},
		capLeft: map[string]int{}, kLeft: map[string]int{}, wants: map[string]int{}, scoreOf: map[Pair]float64{}, rows: len(p.Rows)}
	for _, x := range p.Excluded {
		st.excluded[x] = true
	}
	for id, c := range p.Capacity {
		st.capLeft[id] = c
	}
	for _, r := range p.Rows {
		if r.K < 0 {
			return nil, fmt.Errorf("row %s: k = %d: %w", r.ID, r.K, ErrImpossible)
		}
		st.kLeft[r.ID], st.wants[r.ID] = r.K, r.K
		for _, c := range r.Candidates {
			st.scoreOf[Pair{r.ID, c.Col}] = c.Score
		}
	}
	return st, nil
}

// force makes the forced pairs, refusing those that cannot be kept.
func (st *state) force(forced []Pair) error {
	for _, f := range forced {
		if st.excluded[f] {
			return fmt.Errorf("pair %s–%s is both forced and excluded: %w", f.Row, f.Col, ErrImpossible)
		}
		if _, ok := st.kLeft[f.Row]; !ok {
			return fmt.Errorf("forced pair names %s, which is not in the problem: %w", f.Row, ErrImpossible)
		}
		if st.forced[f] {
			continue
		}
		if st.kLeft[f.Row] == 0 {
			return fmt.Errorf("%s has more forced pairs than the %d it wants: %w", f.Row, st.wants[f.Row], ErrImpossible)
		}
		if c, limited := st.capLeft[f.Col]; limited {
			if c == 0 {
				return fmt.Errorf("forced pair %s–%s: %s has no capacity left: %w", f.Row, f.Col, f.Col, ErrImpossible)
			}
			st.capLeft[f.Col] = c - 1
		}
		st.forced[f] = true
		st.kLeft[f.Row]--
		st.sol.Pairs = append(st.sol.Pairs, Chosen{Pair: f, Score: st.scoreOf[f], Forced: true})
		st.sol.Total += st.scoreOf[f]
	}
	return nil
}

// arc is a candidate pair's edge in the graph.
type arc struct {
	from, edge int
	pair       Pair
	score      float64
}

// graph builds the flow network: source → row (capacity: K left) →
// column (1 a pair, cost −score) → sink (capacity left).
func (st *state) graph(rows []Row) (*flowGraph, []arc) {
	// Nodes: 0 source, 1 sink, then rows, then columns.
	g := newFlowGraph(2)
	node := func() int { g.adj = append(g.adj, nil); return len(g.adj) - 1 }
	column := map[string]int{}
	var arcs []arc
	for _, r := range rows {
		if st.kLeft[r.ID] == 0 {
			continue
		}
		u := node()
		g.addEdge(0, u, st.kLeft[r.ID], 0)
		seen := map[string]bool{}
		for _, c := range r.Candidates {
			pr := Pair{r.ID, c.Col}
			score := st.scoreOf[pr] // a column listed twice counts once, at its last score
			if seen[c.Col] || score <= 0 || st.excluded[pr] || st.forced[pr] || math.IsNaN(score) {
				continue
			}
			seen[c.Col] = true
			v, ok := column[c.Col]
			if !ok {
				v = node()
				column[c.Col] = v
				limit, limited := st.capLeft[c.Col]
				if !limited {
					limit = st.rows
				}
				g.addEdge(v, 1, limit, 0)
			}
			e := g.addEdge(u, v, 1, -int64(math.Round(score*scoreScale)))
			arcs = append(arcs, arc{u, e, pr, score})
		}
	}
	return g, arcs
}
