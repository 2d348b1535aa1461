package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Activity kinds of a pair.
const (
	ActivityMeeting = "meeting" // 交流会面
	ActivityProject = "project" // 联合项目
	ActivityOutcome = "outcome" // 合作成果: a paper, a patent, an award
)

// ActivityKinds returns the activity kinds with their Chinese names.
func ActivityKinds() map[string]string {
	return map[string]string{ActivityMeeting: "交流会面", ActivityProject: "联合项目", ActivityOutcome: "合作成果"}
}

// PairActivity is one thing a pair did together.
type PairActivity struct {
	Kind  string    `json:"kind"`
	Date  string    `json:"date"` // YYYY-MM-DD
	Title string    `json:"title"`
	Note  string    `json:"note,omitempty"`
	By    string    `json:"by"`
	At    time.Time `json:"at"`
}

// ActivityInput is an activity to record.
type ActivityInput struct {
	Kind  string `json:"kind"`
	Date  string `json:"date"`
	Title string `json:"title"`
	Note  string `json:"note,omitempty"`
}

func (in *ActivityInput) validate() error {
	if _, ok := ActivityKinds()[in.Kind]; !ok {
		return invalid("活动类型须为交流会面、联合项目或合作成果", "kind %q is not meeting, project or outcome", in.Kind)
	}
	if _, err := time.Parse(time.DateOnly, in.Date); err != nil {
		return invalid("日期格式应为 YYYY-MM-DD", "date %q: use YYYY-MM-DD", in.Date)
	}
	in.Title, in.Note = strings.TrimSpace(in.Title), strings.TrimSpace(in.Note)
	if err := checkText("title", in.Title, MaxNameLen, true); err != nil {
		return err
	}
	return checkText("note", in.Note, 2000, false)
}

// RecordActivity records an activity of mentee's approved pair in round
// id: staff for any pair, an expert for a pair it belongs to (as mentee or
// academician; another pair is reported as not found).
func (e *Engine) RecordActivity(ctx context.Context, v Viewer, id, mentee string, in ActivityInput) (MentorPair, error) {
	if err := v.may(ActPairActivity); err != nil {
		return MentorPair{}, err
	}
	if err := in.validate(); err != nil {
		return MentorPair{}, err
	}
	if !isStaff(v) {
		r, err := e.store.Round(ctx, id)
		if err != nil {
			return MentorPair{}, err
		}
		if i, ok := r.pair(mentee); !ok || (v.Subject != r.Pairs[i].MenteeID && v.Subject != r.Pairs[i].AcademicianID) {
			return MentorPair{}, Errorf(ErrNotFound, "没有您的这个配对", "round %s: %s is not in the pair of %s", id, v.Subject, mentee)
		}
	}
	var out MentorPair
	_, err := e.updatePair(ctx, id, mentee, func(p *MentorPair) error {
		if p.Status != PairApproved {
			return Errorf(ErrConflict, "配对尚未批准，批准后才能记录活动", "pair of %s is not approved", mentee)
		}
		if len(p.Activity) >= MaxPairActivity {
			return Errorf(ErrConflict, fmt.Sprintf("每个配对最多记录 %d 条活动，已满；请联系科协工作人员", MaxPairActivity),
				"pair of %s has %d activities, at most %d", mentee, len(p.Activity), MaxPairActivity)
		}
		p.Activity = append(p.Activity, PairActivity{Kind: in.Kind, Date: in.Date, Title: in.Title, Note: in.Note, By: who(v), At: e.now().UTC()})
		out = *p
		return nil
	})
	return out, err
}

// SetPreference records a mentee's wishes in round id: a mode and up to
// MaxPreferred academicians of the round. Staff may set anyone's; an
// expert only its own, and only in a round it takes part in.
func (e *Engine) SetPreference(ctx context.Context, v Viewer, id string, pref PairPreference) (RoundView, error) {
	if err := v.may(ActPairPreference); err != nil {
		return RoundView{}, err
	}
	if !isStaff(v) && v.Subject != pref.MenteeID {
		return RoundView{}, Errorf(ErrForbidden, "只能填报本人的结对意向", "%s may only state its own preference", v.Subject)
	}
	if pref.Mode != "" && !slices.Contains(PairModes(), pref.Mode) {
		return RoundView{}, invalid("结对方式须为："+strings.Join(PairModes(), "、"), "mode %q is not one of %v", pref.Mode, PairModes())
	}
	pref.Academicians = unique(pref.Academicians)
	if len(pref.Academicians) > MaxPreferred {
		return RoundView{}, invalid(fmt.Sprintf("意向院士最多填 %d 位", MaxPreferred), "%d academicians named, at most %d", len(pref.Academicians), MaxPreferred)
	}
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	r, err := e.store.Round(ctx, id)
	if err != nil {
		return RoundView{}, err
	}
	if !slices.Contains(r.Mentees, pref.MenteeID) {
		return RoundView{}, Errorf(ErrNotFound, "本轮没有这位青年人才", "round %s has no mentee %s", id, pref.MenteeID)
	}
	for _, a := range pref.Academicians {
		if !slices.Contains(r.Academicians, a) {
			return RoundView{}, invalid("意向院士须是本轮的院士", "academician %s is not in round %s", a, id)
		}
	}
	r.Preferences = slices.DeleteFunc(r.Preferences, func(p PairPreference) bool { return p.MenteeID == pref.MenteeID })
	if pref.Mode != "" || len(pref.Academicians) > 0 {
		r.Preferences = append(r.Preferences, pref)
	}
	if err := e.store.PutRound(ctx, r); err != nil {
		return RoundView{}, err
	}
	if !isStaff(v) {
		return RoundView{Round: Round{ID: r.ID, Name: r.Name, Preferences: []PairPreference{pref}}}, nil
	}
	return e.viewRound(ctx, &r), nil
}

// SetConflicts replaces the declared conflicts of round id. A conflict
// with an approved pair is refused: remove the pair first.
func (e *Engine) SetConflicts(ctx context.Context, v Viewer, id string, cs []PairConflict) (RoundView, error) {
	if err := v.may(ActRounds); err != nil {
		return RoundView{}, err
	}
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	r, err := e.store.Round(ctx, id)
	if err != nil {
		return RoundView{}, err
	}
	if err := e.checkConflicts(&r, cs); err != nil {
		return RoundView{}, err
	}
	for _, c := range cs {
		if i, ok := r.pair(c.MenteeID); ok && r.Pairs[i].AcademicianID == c.AcademicianID && r.Pairs[i].Status == PairApproved {
			return RoundView{}, Errorf(ErrConflict, "该配对已批准，请先移除配对再登记回避", "pair %s–%s is approved", c.MenteeID, c.AcademicianID)
		}
	}
	r.Conflicts = cs
	r.Pairs = slices.DeleteFunc(r.Pairs, func(p MentorPair) bool {
		return slices.ContainsFunc(cs, func(c PairConflict) bool { return c.PairRef == p.PairRef })
	})
	if err := e.store.PutRound(ctx, r); err != nil {
		return RoundView{}, err
	}
	return e.viewRound(ctx, &r), nil
}

// MyPairing is what an expert sees of the rounds it takes part in: its
// approved pairs (as mentee or academician) with the other person, and,
// as a mentee, its wishes and the round's academicians to choose from.
type MyPairing struct {
	Rounds []MyRound `json:"rounds"`
}

// MyRound is one round as an expert sees it.
type MyRound struct {
	RoundID   string `json:"round_id"`
	RoundName string `json:"round_name"`
	// Role is "mentee" or "academician".
	Role  string   `json:"role"`
	Pairs []MyPair `json:"pairs"`
	// Preference and Academicians are shown to a mentee.
	Preference   *PairPreference `json:"preference,omitempty"`
	Academicians []PersonCard    `json:"academicians,omitempty"`
}

// MyPair is an approved pair with a card of the other person.
type MyPair struct {
	MentorPair
	Other PersonCard `json:"other"`
}

// MyPairings returns the pairing of expert v.
func (e *Engine) MyPairings(ctx context.Context, v Viewer) (MyPairing, error) {
	if err := v.may(ActMyPairing); err != nil {
		return MyPairing{}, err
	}
	out := MyPairing{Rounds: []MyRound{}}
	err := e.store.EachRound(ctx, func(r Round) error {
		mr := MyRound{RoundID: r.ID, RoundName: r.Name, Pairs: []MyPair{}}
		switch {
		case slices.Contains(r.Mentees, v.Subject):
			mr.Role = "mentee"
			pref := r.preference(v.Subject)
			mr.Preference = &pref
			for _, a := range r.Academicians {
				mr.Academicians = append(mr.Academicians, e.card(ctx, a))
			}
		case slices.Contains(r.Academicians, v.Subject):
			mr.Role = "academician"
		default:
			return nil
		}
		for _, p := range r.Pairs {
			if p.Status != PairApproved || (p.MenteeID != v.Subject && p.AcademicianID != v.Subject) {
				continue
			}
			other := p.AcademicianID
			if other == v.Subject {
				other = p.MenteeID
			}
			mp := MyPair{MentorPair: p, Other: e.card(ctx, other)}
			// Staff's names and the other's age stay with staff.
			mp.ApprovedBy, mp.Other.BirthYear = "", 0
			mr.Pairs = append(mr.Pairs, mp)
		}
		out.Rounds = append(out.Rounds, mr)
		return nil
	})
	return out, err
}

func (e *Engine) card(ctx context.Context, id string) PersonCard {
	if p, err := e.store.Profile(ctx, id); err == nil {
		return cardOf(&p)
	}
	return PersonCard{ID: id, Name: id}
}
