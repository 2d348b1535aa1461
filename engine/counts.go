package engine

import (
	"context"
	"maps"
	"sync"
)

// needCounts keeps the funnel's totals up to date on every write, so that
// reading them (each /metrics scrape) decodes nothing: needs by status,
// and assignments answered by their supplier and, of them, accepted. Sync
// counts them from the store; every write that changes a need's or an
// assignment's status moves them.
type needCounts struct {
	mu       sync.Mutex
	byStatus map[Status]int
	answered int
	accepted int
}

// move records that a need went from one status to another; "" is a need
// that did not exist.
func (c *needCounts) move(from, to Status) {
	if from == to {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byStatus == nil {
		c.byStatus = map[Status]int{}
	}
	if from != "" {
		if c.byStatus[from]--; c.byStatus[from] == 0 {
			delete(c.byStatus, from)
		}
	}
	if to != "" {
		c.byStatus[to]++
	}
}

// answer records that an assignment went from one status to another; ""
// is an assignment that did not exist.
func (c *needCounts) answer(from, to AssignmentStatus) {
	if from == to {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ans, acc := answerWeight(from)
	c.answered -= ans
	c.accepted -= acc
	ans, acc = answerWeight(to)
	c.answered += ans
	c.accepted += acc
}

// answerWeight says whether an assignment in status s counts as answered
// and as accepted, as FunnelStats counts them.
func answerWeight(s AssignmentStatus) (answered, accepted int) {
	switch s {
	case AssignAccepted, AssignInProgress, AssignResolved:
		return 1, 1
	case AssignDeclined:
		return 1, 0
	}
	return 0, 0
}

// storedStatus is a need's status as the funnel counts it: "" when it
// does not exist, submitted when it has none.
func storedStatus(n Need, err error) Status {
	if err != nil {
		return ""
	}
	if n.Status == "" {
		return StatusSubmitted
	}
	return n.Status
}

// storedStatuses returns the stored status of each of ns before they are
// written ("" for new ones; a repeated ID takes its earlier copy's).
func (e *Engine) storedStatuses(ctx context.Context, ns []Need) []Status {
	out := make([]Status, len(ns))
	seen := map[string]Status{}
	for i := range ns {
		if st, ok := seen[ns[i].ID]; ok {
			out[i] = st
		} else {
			out[i] = storedStatus(e.store.Need(ctx, ns[i].ID))
		}
		seen[ns[i].ID] = storedStatus(ns[i], nil)
	}
	return out
}

// loadCounts counts the needs and assignments in the store.
func (e *Engine) loadCounts(ctx context.Context) error {
	by := map[Status]int{}
	err := e.store.EachNeed(ctx, func(n Need) error {
		by[storedStatus(n, nil)]++
		return nil
	})
	if err != nil {
		return err
	}
	var answered, accepted int
	err = e.store.EachAssignment(ctx, func(a Assignment) error {
		ans, acc := answerWeight(a.Status)
		answered += ans
		accepted += acc
		return nil
	})
	if err != nil {
		return err
	}
	e.counts.mu.Lock()
	e.counts.byStatus, e.counts.answered, e.counts.accepted = by, answered, accepted
	e.counts.mu.Unlock()
	return nil
}

// NeedCounts returns the needs by status and the share of answered
// assignments that were accepted (0 when none was answered), as kept up to
// date on every write: it reads nothing from the store, so it is cheap
// enough for every metrics scrape.
func (e *Engine) NeedCounts() (map[Status]int, float64) {
	e.counts.mu.Lock()
	defer e.counts.mu.Unlock()
	rate := 0.0
	if e.counts.answered > 0 {
		rate = float64(e.counts.accepted) / float64(e.counts.answered)
	}
	return maps.Clone(e.counts.byStatus), rate
}

// ViewMetrics says whether v may read the service's metrics (when they ask
// for a token at all).
func (e *Engine) ViewMetrics(v Viewer) error { return v.may(ActMetrics) }
