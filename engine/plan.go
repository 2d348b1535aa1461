package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"yixianqian/engine/flow"
)

// BatchOptions configure PlanBatch; zero values mean defaults.
type BatchOptions struct {
	// Month (YYYY-MM) whose team slots serve; default the clock's month.
	Month string `json:"month"`
	// K is how many suppliers each need gets (default 1).
	K int `json:"k"`
	// Candidates per need considered (default 50).
	Candidates int `json:"candidates"`
	// MinText is the least lexical + semantic score a candidate needs: no
	// need is given to a supplier only because it has room (default 0.6).
	MinText float64 `json:"min_text"`
	// Forced and Excluded are staff's pairs.
	Forced   []Pair `json:"forced,omitempty"`
	Excluded []Pair `json:"excluded,omitempty"`
}

// Unserved is a need the batch cannot serve this month, and why.
type Unserved struct {
	NeedID string `json:"need_id"`
	Reason string `json:"reason"`
	// Title and Enterprise name the need for people.
	Title      string `json:"title,omitempty"`
	Enterprise string `json:"enterprise,omitempty"`
}

// Reasons a need cannot be served (Unserved.Reason).
const (
	ReasonNoSupplier   = "no_supplier"   // no profile matches its text, nor a team its county and industry
	ReasonConflicted   = "conflicted"    // every candidate must be avoided (回避)
	ReasonCapacityFull = "capacity_full" // every candidate is full this month
	ReasonOutcompeted  = "outcompeted"   // candidates exist but the optimum gave their capacity to other needs
	ReasonVague        = "vague"         // too vague to match (the need check): staff talk with the company first
)

// BatchPlan is a dry run of the monthly batch.
type BatchPlan struct {
	Month      string         `json:"month"`
	Needs      int            `json:"needs"`
	Pairs      []BatchPair    `json:"pairs"`
	Total      float64        `json:"total"`
	Infeasible []Unserved     `json:"infeasible"`
	Short      map[string]int `json:"short"`
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
	// Title, Enterprise, Supplier and Kind name the pair for people;
	// Reason says why the supplier fits (one sentence).
	Title      string `json:"title,omitempty"`
	Enterprise string `json:"enterprise,omitempty"`
	Supplier   string `json:"supplier,omitempty"`
	Kind       Kind   `json:"kind,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

// PlanBatch computes the month's optimal assignment of pending needs
// (submitted, matched or declined, with no open assignment) without
// changing anything. Before solving it names the needs that cannot be
// served and why; teams serve only needs in their slot for the month.
func (e *Engine) PlanBatch(ctx context.Context, v Viewer, o BatchOptions) (*BatchPlan, error) {
	if err := v.may(ActBatch); err != nil {
		return nil, err
	}
	if err := e.checkBatchOptions(&o); err != nil {
		return nil, err
	}
	pending, err := e.pendingNeeds(ctx)
	if err != nil {
		return nil, err
	}
	plan := &BatchPlan{Month: o.Month, Needs: len(pending), Pairs: []BatchPair{}, Infeasible: []Unserved{}}
	why := planNotes{reasons: map[Pair]string{}, suppliers: map[string]*Profile{}}
	prob, err := e.batchProblem(ctx, pending, o, plan, &why)
	if err != nil {
		return nil, err
	}
	sol, err := flow.Solve(prob)
	if errors.Is(err, flow.ErrImpossible) {
		return nil, invalidf("%v", err)
	}
	if err != nil {
		return nil, err
	}
	plan.Total, plan.Short = sol.Total, sol.Short
	for _, c := range sol.Pairs {
		plan.Pairs = append(plan.Pairs, BatchPair{Pair: Pair{NeedID: c.Row, ProfileID: c.Col}, Score: c.Score, Forced: c.Forced})
	}
	for id, short := range sol.Short {
		if short == o.K {
			plan.Infeasible = append(plan.Infeasible, Unserved{NeedID: id, Reason: ReasonOutcompeted})
		}
	}
	why.name(plan, pending)
	slices.SortFunc(plan.Infeasible, func(a, b Unserved) int { return strings.Compare(a.NeedID, b.NeedID) })
	return plan, nil
}

func (e *Engine) checkBatchOptions(o *BatchOptions) error {
	if o.Month == "" {
		o.Month = e.now().Format("2006-01")
	}
	if !monthPattern.MatchString(o.Month) {
		return invalid("月份格式应为 YYYY-MM", "month %q: use YYYY-MM", o.Month)
	}
	if o.K == 0 {
		o.K = 1
	}
	if o.K < 0 || o.K > 10 {
		return invalid("每条需求的指派数须为 1 到 10", "k = %d, want 1 to 10", o.K)
	}
	if o.Candidates == 0 {
		o.Candidates = 50
	}
	if o.MinText == 0 {
		o.MinText = 0.6
	}
	return nil
}

// pendingNeeds returns the needs the batch may assign: submitted, matched
// or declined, with no open assignment.
func (e *Engine) pendingNeeds(ctx context.Context) ([]Need, error) {
	openNeeds := map[string]bool{}
	err := e.store.EachAssignment(ctx, func(a Assignment) error {
		if a.Status.Open() {
			openNeeds[a.NeedID] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var pending []Need
	err = e.store.EachNeed(ctx, func(n Need) error {
		st := n.Status
		if (st == "" || st == StatusSubmitted || st == StatusMatched || st == StatusDeclined) && !openNeeds[n.ID] {
			pending = append(pending, n)
		}
		return nil
	})
	return pending, err
}

// batchProblem ranks each pending need's candidates and keeps those that
// may serve it this month, with what each can still take; needs left with
// none go to plan.Infeasible with the reason.
func (e *Engine) batchProblem(ctx context.Context, pending []Need, o BatchOptions, plan *BatchPlan, why *planNotes) (flow.Problem, error) {
	prob := flow.Problem{Capacity: map[string]int{}}
	for _, p := range o.Forced {
		prob.Forced = append(prob.Forced, flow.Pair{Row: p.NeedID, Col: p.ProfileID})
	}
	for _, p := range o.Excluded {
		prob.Excluded = append(prob.Excluded, flow.Pair{Row: p.NeedID, Col: p.ProfileID})
	}
	for i := range pending {
		n := &pending[i]
		res, err := e.MatchNeed(ctx, n, MatchOptions{K: min(o.Candidates, MaxK), Month: o.Month, Explain: true, ShowFiltered: true, Full: true})
		if err != nil {
			return prob, fmt.Errorf("batch: need %s: %w", n.ID, err)
		}
		row := flow.Row{ID: n.ID, K: o.K}
		for _, m := range res.Matches {
			p := m.Explain.Parts
			if p[PartLexical]+p[PartSemantic] < o.MinText {
				continue
			}
			if m.Profile.Kind == KindTeam && p[PartSlot] == 0 {
				continue // 一月一县一产: a team serves its slot's county and industry only
			}
			row.Candidates = append(row.Candidates, flow.Candidate{Col: m.Profile.ID, Score: m.Score})
			why.reasons[Pair{n.ID, m.Profile.ID}] = m.Explain.Reason
			why.suppliers[m.Profile.ID] = &m.Profile
			if m.Profile.Capacity > 0 {
				prob.Capacity[m.Profile.ID] = max(m.Profile.Capacity-e.openLoad(m.Profile.ID), 0)
			}
		}
		switch {
		case forcedFor(o.Forced, n.ID):
		case len(row.Candidates) == 0:
			plan.Infeasible = append(plan.Infeasible, Unserved{NeedID: n.ID, Reason: unservedReason(res.Filtered)})
			continue
		case res.Check.Vague:
			// Its matches say nothing: it goes to staff, not to whoever
			// shares a stock phrase with it.
			plan.Infeasible = append(plan.Infeasible, Unserved{NeedID: n.ID, Reason: ReasonVague})
			continue
		}
		prob.Rows = append(prob.Rows, row)
	}
	for _, f := range o.Forced {
		p, err := e.store.Profile(ctx, f.ProfileID)
		if err != nil {
			return prob, fmt.Errorf("forced pair: %w", err)
		}
		if p.Capacity > 0 {
			prob.Capacity[p.ID] = max(p.Capacity-e.openLoad(p.ID), 0)
		}
	}
	return prob, nil
}

func forcedFor(fs []Pair, need string) bool {
	return slices.ContainsFunc(fs, func(p Pair) bool { return p.NeedID == need })
}

// unservedReason reads why no candidate was left from the rules that
// removed them.
func unservedReason(filtered []Filtered) string {
	var conflicts, full int
	for _, f := range filtered {
		switch f.Rule {
		case RuleDeclaredConflict, RuleSameOrganisation:
			conflicts++
		case RuleCapacityFull:
			full++
		}
	}
	switch {
	case conflicts == 0 && full == 0:
		return ReasonNoSupplier
	case conflicts >= full:
		return ReasonConflicted
	}
	return ReasonCapacityFull
}

// ApplyBatch assigns the plan's pairs, each checked again by Assign. It
// returns the assignments made and the pairs refused, with why.
func (e *Engine) ApplyBatch(ctx context.Context, v Viewer, plan *BatchPlan) ([]Assignment, []Unserved, error) {
	if err := v.may(ActBatch); err != nil {
		return nil, nil, err
	}
	var made []Assignment
	var refused []Unserved
	for _, p := range plan.Pairs {
		a, err := e.assign(ctx, p.NeedID, p.ProfileID, "batch "+plan.Month+" "+who(v))
		if err != nil {
			refused = append(refused, Unserved{NeedID: p.NeedID, Reason: err.Error()})
			continue
		}
		made = append(made, a)
	}
	return made, refused, nil
}

// planNotes keep, while the batch problem is built, what people read of
// each candidate pair: why it fits, and the supplier.
type planNotes struct {
	reasons   map[Pair]string
	suppliers map[string]*Profile
}

// name names the plan's needs and suppliers and says why each pair fits.
func (w *planNotes) name(plan *BatchPlan, pending []Need) {
	needs := map[string]*Need{}
	for i := range pending {
		needs[pending[i].ID] = &pending[i]
	}
	title := func(n *Need) string {
		if n.Title != "" {
			return n.Title
		}
		return truncate(n.Description, 30)
	}
	for i := range plan.Pairs {
		bp := &plan.Pairs[i]
		if n := needs[bp.NeedID]; n != nil {
			bp.Title, bp.Enterprise = title(n), n.Enterprise
		}
		if p := w.suppliers[bp.ProfileID]; p != nil {
			bp.Supplier, bp.Kind = p.Name, p.Kind
		}
		bp.Reason = w.reasons[bp.Pair]
	}
	for i := range plan.Infeasible {
		if n := needs[plan.Infeasible[i].NeedID]; n != nil {
			plan.Infeasible[i].Title, plan.Infeasible[i].Enterprise = title(n), n.Enterprise
		}
	}
}
