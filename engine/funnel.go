package engine

import (
	"context"
	"sort"
	"time"
)

// Funnel is the analysts' view of the workflow for one month of
// submissions (all months when Month is empty).
type Funnel struct {
	Month    string         `json:"month,omitempty"`
	Needs    int            `json:"needs"`
	ByStatus map[Status]int `json:"by_status"`
	// Answered and Accepted count the assignments answered by their
	// supplier and, of them, the accepted ones (accepted, in progress or
	// resolved, against declined); AcceptanceRate is their ratio, 0
	// when nothing was answered.
	Answered       int     `json:"answered"`
	Accepted       int     `json:"accepted"`
	AcceptanceRate float64 `json:"acceptance_rate"`
	// AcceptedNeeds is how many needs were accepted at all, and
	// MedianHoursToAccept the median time from their submission to the
	// first acceptance (0 when none was; impossible times, before the
	// submission, are left out).
	AcceptedNeeds       int     `json:"accepted_needs"`
	MedianHoursToAccept float64 `json:"median_hours_to_accept"`
	// Coverage is the share of needs per county and per industry that got
	// at least one supplier.
	CountyCoverage   map[string]float64 `json:"county_coverage"`
	IndustryCoverage map[string]float64 `json:"industry_coverage"`
}

// FunnelStats computes the funnel for needs submitted in month (YYYY-MM;
// empty: all).
func (e *Engine) FunnelStats(ctx context.Context, v Viewer, month string) (Funnel, error) {
	if err := v.may(ActFunnel); err != nil {
		return Funnel{}, err
	}
	if month != "" && !monthPattern.MatchString(month) {
		return Funnel{}, invalid("月份格式应为 YYYY-MM", "month %q: use YYYY-MM", month)
	}
	f := Funnel{Month: month, ByStatus: map[Status]int{}, CountyCoverage: map[string]float64{}, IndustryCoverage: map[string]float64{}}
	inMonth, err := e.funnelNeeds(ctx, &f)
	if err != nil {
		return f, err
	}
	err = e.store.EachAssignment(ctx, func(a Assignment) error {
		if !inMonth[a.NeedID] {
			return nil
		}
		switch a.Status {
		case AssignAccepted, AssignInProgress, AssignResolved:
			f.Accepted++
			f.Answered++
		case AssignDeclined:
			f.Answered++
		}
		return nil
	})
	if f.Answered > 0 {
		f.AcceptanceRate = float64(f.Accepted) / float64(f.Answered)
	}
	return f, err
}

// funnelNeeds counts the month's needs by status, coverage and time to
// acceptance, and returns their IDs.
func (e *Engine) funnelNeeds(ctx context.Context, f *Funnel) (map[string]bool, error) {
	var hours []float64
	inMonth := map[string]bool{}
	type count struct{ all, served int }
	counties, industries := map[string]*count{}, map[string]*count{}
	tally := func(m map[string]*count, key string, served bool) {
		if key == "" {
			return
		}
		if m[key] == nil {
			m[key] = &count{}
		}
		m[key].all++
		if served {
			m[key].served++
		}
	}
	err := e.store.EachNeed(ctx, func(n Need) error {
		if f.Month != "" && n.Created.Format("2006-01") != f.Month {
			return nil
		}
		f.Needs++
		inMonth[n.ID] = true
		st := n.Status
		if st == "" {
			st = StatusSubmitted
		}
		f.ByStatus[st]++
		served, firstAccept := false, time.Time{}
		for _, h := range n.History {
			served = served || h.To == StatusAssigned
			if h.To == StatusAccepted && firstAccept.IsZero() {
				firstAccept = h.At
			}
		}
		if !firstAccept.IsZero() {
			f.AcceptedNeeds++
			if d := firstAccept.Sub(n.Created); !n.Created.IsZero() && d >= 0 {
				hours = append(hours, d.Hours())
			}
		}
		tally(counties, n.County, served)
		tally(industries, n.Industry, served)
		return nil
	})
	if len(hours) > 0 {
		sort.Float64s(hours)
		f.MedianHoursToAccept = hours[len(hours)/2]
	}
	for c, n := range counties {
		f.CountyCoverage[c] = float64(n.served) / float64(n.all)
	}
	for c, n := range industries {
		f.IndustryCoverage[c] = float64(n.served) / float64(n.all)
	}
	return inMonth, err
}
