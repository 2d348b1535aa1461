package engine

import (
	"context"
	"slices"
	"strings"
)

// RoundReport sums up a pairing round: its pairs, their modes and
// strengths, the mentees' wishes honoured, the activity recorded, the
// academicians' places taken and how the mentees' industries are covered.
type RoundReport struct {
	RoundID      string `json:"round_id"`
	Name         string `json:"name"`
	Mentees      int    `json:"mentees"`
	Academicians int    `json:"academicians"`
	Places       int    `json:"places"`
	Pairs        int    `json:"pairs"`
	Approved     int    `json:"approved"`
	Unpaired     int    `json:"unpaired"`
	// ByMode and ByLabel count the pairs per mode and per strength label.
	ByMode  map[string]int `json:"by_mode"`
	ByLabel map[string]int `json:"by_label"`
	// Wishes counts the mentees who named academicians; WishesHonoured
	// those paired with one they named.
	Wishes         int `json:"wishes"`
	WishesHonoured int `json:"wishes_honoured"`
	// Activity counts the approved pairs' activity per kind; ActivePairs
	// the approved pairs with any.
	Activity    map[string]int `json:"activity"`
	ActivePairs int            `json:"active_pairs"`
	// Fields is the coverage of the mentees' industries, in the order of
	// Industries(), then others by name.
	Fields []FieldCoverage `json:"fields"`
	// Load lists each academician's places and pairs.
	Load []AcademicianLoad `json:"load"`
}

// FieldCoverage is how the mentees of one industry are paired.
type FieldCoverage struct {
	Industry string `json:"industry"`
	Mentees  int    `json:"mentees"`
	Paired   int    `json:"paired"`
	// SameIndustry counts the paired mentees whose academician is of the
	// industry too; Fields lists the academicians' research fields that
	// serve it.
	SameIndustry int      `json:"same_industry"`
	Fields       []string `json:"fields"`
}

// AcademicianLoad is an academician's places and pairs in a round.
type AcademicianLoad struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Places   int    `json:"places"`
	Pairs    int    `json:"pairs"`
	Approved int    `json:"approved"`
}

// ReportRound returns the report of round id.
func (e *Engine) ReportRound(ctx context.Context, v Viewer, id string) (RoundReport, error) {
	if err := v.may(ActRounds); err != nil {
		return RoundReport{}, err
	}
	r, err := e.store.Round(ctx, id)
	if err != nil {
		return RoundReport{}, err
	}
	people, err := e.roundPeopleOf(ctx, &r)
	if err != nil {
		return RoundReport{}, err
	}
	rep := RoundReport{RoundID: r.ID, Name: r.Name, Mentees: len(r.Mentees), Academicians: len(r.Academicians), Pairs: len(r.Pairs),
		Unpaired: len(r.Mentees) - len(r.Pairs), ByMode: map[string]int{}, ByLabel: map[string]int{}, Activity: map[string]int{}}
	for _, a := range r.Academicians {
		load := AcademicianLoad{ID: a, Name: people[a].Name, Places: people[a].MaxMentees}
		for _, p := range r.Pairs {
			if p.AcademicianID == a {
				load.Pairs++
				if p.Status == PairApproved {
					load.Approved++
				}
			}
		}
		rep.Places += load.Places
		rep.Load = append(rep.Load, load)
	}
	for _, p := range r.Pairs {
		rep.ByMode[p.Mode]++
		rep.ByLabel[p.Label]++
		if p.Status != PairApproved {
			continue
		}
		rep.Approved++
		for _, a := range p.Activity {
			rep.Activity[a.Kind]++
		}
		if len(p.Activity) > 0 {
			rep.ActivePairs++
		}
	}
	for _, pref := range r.Preferences {
		if len(pref.Academicians) == 0 {
			continue
		}
		rep.Wishes++
		if i, ok := r.pair(pref.MenteeID); ok && slices.Contains(pref.Academicians, r.Pairs[i].AcademicianID) {
			rep.WishesHonoured++
		}
	}
	rep.Fields = fieldCoverage(&r, people)
	return rep, nil
}

// fieldCoverage counts, per industry of the mentees, how many are paired,
// how many with an academician of the same industry, and which research
// fields of their academicians serve it.
func fieldCoverage(r *Round, people map[string]*Profile) []FieldCoverage {
	byInd := map[string]*FieldCoverage{}
	for _, m := range r.Mentees {
		inds := people[m].Industries
		if len(inds) == 0 {
			inds = []string{"其他"}
		}
		i, paired := r.pair(m)
		for _, ind := range inds {
			fc := byInd[ind]
			if fc == nil {
				fc = &FieldCoverage{Industry: ind, Fields: []string{}}
				byInd[ind] = fc
			}
			fc.Mentees++
			if !paired {
				continue
			}
			fc.Paired++
			a := people[r.Pairs[i].AcademicianID]
			if slices.Contains(a.Industries, ind) {
				fc.SameIndustry++
			}
			if len(a.Fields) > 0 && !slices.Contains(fc.Fields, a.Fields[0]) {
				fc.Fields = append(fc.Fields, a.Fields[0])
			}
		}
	}
	order := Industries()
	rank := func(ind string) int {
		if i := slices.Index(order, ind); i >= 0 {
			return i
		}
		return len(order)
	}
	out := make([]FieldCoverage, 0, len(byInd))
	for _, fc := range byInd {
		out = append(out, *fc)
	}
	slices.SortFunc(out, func(a, b FieldCoverage) int {
		if d := rank(a.Industry) - rank(b.Industry); d != 0 {
			return d
		}
		return strings.Compare(a.Industry, b.Industry)
	})
	return out
}
