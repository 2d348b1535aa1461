package flow

import "math"

// This file is the graph behind Solve: a min-cost flow by successive
// shortest paths (Bellman–Ford on the residual graph), which keeps
// augmenting while a path lowers the total cost. With costs = −score it
// maximises the total score of the assignment, not the number of pairs: a
// pair is made only when it adds score.

type flowEdge struct {
	to, rev int
	cap     int
	cost    int64
}

type flowGraph struct {
	adj [][]flowEdge
}

func newFlowGraph(n int) *flowGraph { return &flowGraph{adj: make([][]flowEdge, n)} }

// addEdge adds u→v and returns its index in adj[u].
func (g *flowGraph) addEdge(u, v, cap int, cost int64) int {
	g.adj[u] = append(g.adj[u], flowEdge{to: v, rev: len(g.adj[v]), cap: cap, cost: cost})
	g.adj[v] = append(g.adj[v], flowEdge{to: u, rev: len(g.adj[u]) - 1, cap: 0, cost: -cost})
	return len(g.adj[u]) - 1
}

// minCostFlow pushes flow from s to t while the cheapest path has negative
// cost, and returns the total cost. It uses SPFA (queue-based Bellman–Ford),
// which handles the negative costs of the residual graph.
func (g *flowGraph) minCostFlow(s, t int) int64 {
	n := len(g.adj)
	var total int64
	dist := make([]int64, n)
	inQueue := make([]bool, n)
	prevNode := make([]int, n)
	prevEdge := make([]int, n)
	queue := make([]int, 0, n)
	for {
		for i := range dist {
			dist[i] = math.MaxInt64
		}
		dist[s] = 0
		queue = append(queue[:0], s)
		inQueue[s] = true
		for head := 0; head < len(queue); head++ {
			u := queue[head]
			inQueue[u] = false
			for i, e := range g.adj[u] {
				if e.cap > 0 && dist[u]+e.cost < dist[e.to] {
					dist[e.to] = dist[u] + e.cost
					prevNode[e.to], prevEdge[e.to] = u, i
					if !inQueue[e.to] {
						inQueue[e.to] = true
						queue = append(queue, e.to)
					}
				}
			}
		}
		if dist[t] == math.MaxInt64 || dist[t] >= 0 {
			return total
		}
		push := math.MaxInt
		for v := t; v != s; v = prevNode[v] {
			push = min(push, g.adj[prevNode[v]][prevEdge[v]].cap)
		}
		for v := t; v != s; v = prevNode[v] {
			e := &g.adj[prevNode[v]][prevEdge[v]]
			e.cap -= push
			g.adj[v][e.rev].cap += push
		}
		total += int64(push) * dist[t]
	}
}
