package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Feedback reason codes.
const (
	FeedbackOffTopic   = "方向不对口"
	FeedbackNotCapable = "能力不足"
	FeedbackSlow       = "响应太慢"
	FeedbackPrice      = "报价不合适"
	FeedbackSolved     = "已解决"
)

// FeedbackReasons returns the reason codes a company may give.
func FeedbackReasons() []string {
	return []string{FeedbackOffTopic, FeedbackNotCapable, FeedbackSlow, FeedbackPrice, FeedbackSolved}
}

// Feedback is a company's judgement of one supplier for one need: of a
// match it was shown, or of a finished assignment.
type Feedback struct {
	NeedID    string    `json:"need_id"`
	ProfileID string    `json:"profile_id"`
	Useful    bool      `json:"useful"`
	Reason    string    `json:"reason,omitempty"` // one of FeedbackReasons
	Note      string    `json:"note,omitempty"`
	By        string    `json:"by"`
	At        time.Time `json:"at"`
}

// FeedbackStore keeps feedback, one per need and supplier (the latest).
type FeedbackStore interface {
	PutFeedback(ctx context.Context, f Feedback) error
	EachFeedback(ctx context.Context, fn func(Feedback) error) error
}

// GiveFeedback records v's feedback on a supplier for one of its needs.
func (e *Engine) GiveFeedback(ctx context.Context, v Viewer, f Feedback) (Feedback, error) {
	fs, ok := e.store.(FeedbackStore)
	if !ok {
		return Feedback{}, fmt.Errorf("%w: the store keeps no feedback", ErrUnavailable)
	}
	if v.Role != RoleCompany && !isStaff(v) {
		return Feedback{}, fmt.Errorf("%w: feedback comes from the company", ErrForbidden)
	}
	if _, err := e.ViewNeed(ctx, v, f.NeedID); err != nil {
		return Feedback{}, err
	}
	if _, err := e.store.Profile(ctx, f.ProfileID); err != nil {
		return Feedback{}, err
	}
	if f.Reason != "" && !slices.Contains(FeedbackReasons(), f.Reason) {
		return Feedback{}, invalidf("reason %q is not one of %s", f.Reason, strings.Join(FeedbackReasons(), " "))
	}
	if err := checkText("note", f.Note, 2000, false); err != nil {
		return Feedback{}, err
	}
	f.By, f.At = who(v), e.now().UTC()
	return f, fs.PutFeedback(ctx, f)
}

// FeedbackQrels returns the feedback as TREC qrels lines, "need 0 profile
// grade": useful is grade 2, not useful grade 0, so real judgements can
// join the evaluation.
func (e *Engine) FeedbackQrels(ctx context.Context) ([]string, error) {
	fs, ok := e.store.(FeedbackStore)
	if !ok {
		return nil, nil
	}
	var out []string
	err := fs.EachFeedback(ctx, func(f Feedback) error {
		g := 0
		if f.Useful {
			g = 2
		}
		out = append(out, fmt.Sprintf("%s\t0\t%s\t%d", f.NeedID, f.ProfileID, g))
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Funnel is the analysts' view of the workflow for one month of
// submissions (all months when Month is empty).
type Funnel struct {
	Month    string         `json:"month,omitempty"`
	Needs    int            `json:"needs"`
	ByStatus map[Status]int `json:"by_status"`
	// AcceptanceRate is the share of answered assignments that were
	// accepted (accepted, in progress or resolved, against declined).
	AcceptanceRate float64 `json:"acceptance_rate"`
	// MedianHoursToAccept is the median time from submission to the first
	// acceptance, over needs accepted at all.
	MedianHoursToAccept float64 `json:"median_hours_to_accept"`
	// Coverage is the share of needs per county and per industry that got
	// at least one supplier.
	CountyCoverage   map[string]float64 `json:"county_coverage"`
	IndustryCoverage map[string]float64 `json:"industry_coverage"`
}

// FunnelStats computes the funnel for needs submitted in month (YYYY-MM;
// empty: all).
func (e *Engine) FunnelStats(ctx context.Context, month string) (Funnel, error) {
	if month != "" && !monthPattern.MatchString(month) {
		return Funnel{}, invalidf("month %q: use YYYY-MM", month)
	}
	f := Funnel{Month: month, ByStatus: map[Status]int{}, CountyCoverage: map[string]float64{}, IndustryCoverage: map[string]float64{}}
	var hours []float64
	inMonth := map[string]bool{}
	countyAll, countyServed := map[string]int{}, map[string]int{}
	indAll, indServed := map[string]int{}, map[string]int{}
	err := e.store.EachNeed(ctx, func(n Need) error {
		if month != "" && n.Created.Format("2006-01") != month {
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
			switch h.To {
			case StatusAssigned:
				served = true
			case StatusAccepted:
				if firstAccept.IsZero() {
					firstAccept = h.At
				}
			}
		}
		if !firstAccept.IsZero() && !n.Created.IsZero() {
			hours = append(hours, firstAccept.Sub(n.Created).Hours())
		}
		if n.County != "" {
			countyAll[n.County]++
			if served {
				countyServed[n.County]++
			}
		}
		if n.Industry != "" {
			indAll[n.Industry]++
			if served {
				indServed[n.Industry]++
			}
		}
		return nil
	})
	if err != nil {
		return f, err
	}
	var accepts, answers int
	err = e.store.EachAssignment(ctx, func(a Assignment) error {
		if !inMonth[a.NeedID] {
			return nil
		}
		switch a.Status {
		case AssignAccepted, AssignInProgress, AssignResolved:
			accepts++
			answers++
		case AssignDeclined:
			answers++
		}
		return nil
	})
	if err != nil {
		return f, err
	}
	if answers > 0 {
		f.AcceptanceRate = float64(accepts) / float64(answers)
	}
	if len(hours) > 0 {
		sort.Float64s(hours)
		f.MedianHoursToAccept = hours[len(hours)/2]
	}
	for c, n := range countyAll {
		f.CountyCoverage[c] = float64(countyServed[c]) / float64(n)
	}
	for c, n := range indAll {
		f.IndustryCoverage[c] = float64(indServed[c]) / float64(n)
	}
	return f, nil
}
