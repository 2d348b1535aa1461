package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// ProposePairs proposes an academician for every mentee of round id that
// can have one: the optimal pairing by topical fit under each academician's
// places, one academician a mentee, the declared conflicts and the
// mentees' named academicians (honoured when the constraints allow). Pairs
// staff approved or adjusted are kept; the other proposed pairs are
// replaced.
func (e *Engine) ProposePairs(ctx context.Context, v Viewer, id string) (RoundView, error) {
	if err := v.may(ActRounds); err != nil {
		return RoundView{}, err
	}
	r, err := e.store.Round(ctx, id)
	if err != nil {
		return RoundView{}, err
	}
	people, err := e.roundPeopleOf(ctx, &r)
	if err != nil {
		return RoundView{}, err
	}
	fits, err := e.pairFits(ctx, r.Mentees, r.Academicians, people)
	if err != nil {
		return RoundView{}, err
	}
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	cur, err := e.store.Round(ctx, id)
	if err != nil {
		return RoundView{}, err
	}
	if !slices.Equal(cur.Mentees, r.Mentees) || !slices.Equal(cur.Academicians, r.Academicians) {
		return RoundView{}, Errorf(ErrConflict, "本轮名单刚被修改，请重新生成配对", "round %s changed while pairs were proposed", id)
	}
	prob := pairProblemOf(&cur, people, fits)
	got, err := solvePairs(prob)
	if err != nil {
		return RoundView{}, pairingError(err)
	}
	kept := map[string]MentorPair{}
	for _, pr := range cur.Pairs {
		if pairKept(&pr) {
			kept[pr.MenteeID] = pr
		}
	}
	cur.Pairs, cur.Unpaired = []MentorPair{}, nil
	for _, m := range cur.Mentees {
		a, ok := got[m]
		switch {
		case !ok:
			cur.Unpaired = append(cur.Unpaired, Unpaired{MenteeID: m, Reason: unpairedReason(&prob, m)})
		case kept[m].AcademicianID == a:
			cur.Pairs = append(cur.Pairs, kept[m])
		default:
			cur.Pairs = append(cur.Pairs, newPair(&cur, people[m], people[a], fits[PairRef{m, a}]))
		}
	}
	cur.Proposed = e.now().UTC()
	if err := e.store.PutRound(ctx, cur); err != nil {
		return RoundView{}, err
	}
	return e.viewRound(ctx, &cur), nil
}

// roundPeopleOf reads the profiles of the round's people.
func (e *Engine) roundPeopleOf(ctx context.Context, r *Round) (map[string]*Profile, error) {
	people := map[string]*Profile{}
	for _, id := range slices.Concat(r.Mentees, r.Academicians) {
		p, err := e.store.Profile(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("round %s: %w", r.ID, err)
		}
		people[id] = &p
	}
	return people, nil
}

// pairProblemOf builds the assignment problem of a round: candidates by
// fit (and the academicians each mentee named), places, conflicts and the
// pairs staff removed as exclusions, approved and adjusted pairs kept.
func pairProblemOf(r *Round, people map[string]*Profile, fits map[PairRef]pairFit) pairProblem {
	p := pairProblem{mentees: r.Mentees, academicians: r.Academicians, places: map[string]int{}, fit: map[PairRef]float64{},
		preferred: map[PairRef]bool{}, excluded: map[PairRef]bool{}}
	for _, a := range r.Academicians {
		if ap := people[a]; ap != nil && !ap.Inactive {
			p.places[a] = ap.MaxMentees
		}
	}
	for _, pref := range r.Preferences {
		for _, a := range pref.Academicians {
			pr := PairRef{pref.MenteeID, a}
			p.preferred[pr] = true
			if _, ok := fits[pr]; !ok {
				p.fit[pr] = 0 // named: a candidate whatever the fit
			}
		}
	}
	for pr, f := range fits {
		if f.candidate(people[pr.MenteeID], people[pr.AcademicianID]) || p.preferred[pr] {
			p.fit[pr] = f.score(people[pr.MenteeID], people[pr.AcademicianID])
		}
	}
	for _, m := range r.Mentees {
		for _, a := range r.Academicians {
			if pairConflicted(r, people[m], people[a]) || people[m].Inactive {
				p.excluded[PairRef{m, a}] = true
			}
		}
	}
	for _, x := range r.Excluded {
		p.excluded[x] = true
	}
	for _, pr := range r.Pairs {
		if pairKept(&pr) {
			p.forced = append(p.forced, pr.PairRef)
		}
	}
	return p
}

// newPair is a proposed pair with its suggested mode and explanation.
func newPair(r *Round, m, a *Profile, f pairFit) MentorPair {
	pref := r.preference(m.ID)
	preferred := slices.Contains(pref.Academicians, a.ID)
	if f.label == "" {
		f.label = strengthLabel(f.strength)
	}
	mode, why := suggestMode(m, a, f, pref.Mode, r.Year)
	return MentorPair{PairRef: PairRef{m.ID, a.ID}, Mode: mode, ModeReason: why, Fit: f.closeness(), Strength: f.strength, Label: f.label,
		Reason: pairReason(m, a, f, preferred), Preferred: preferred, Status: PairProposed}
}

func (r *Round) preference(mentee string) PairPreference {
	for _, p := range r.Preferences {
		if p.MenteeID == mentee {
			return p
		}
	}
	return PairPreference{MenteeID: mentee}
}

func (r *Round) pair(mentee string) (int, bool) {
	i := slices.IndexFunc(r.Pairs, func(p MentorPair) bool { return p.MenteeID == mentee })
	return i, i >= 0
}

// PairAdjust is staff's change to a pair: another academician, another
// mode, or both (empty: unchanged).
type PairAdjust struct {
	AcademicianID string `json:"academician_id,omitempty"`
	Mode          string `json:"mode,omitempty"`
}

// AdjustPair sets mentee's academician or mode in round id, or both,
// keeping the constraints: the academician is in the round, has a place
// left and is not in conflict with the mentee. A new academician makes the
// pair proposed again; an adjusted pair is kept by later proposals.
func (e *Engine) AdjustPair(ctx context.Context, v Viewer, id, mentee string, in PairAdjust) (RoundView, error) {
	if err := v.may(ActRounds); err != nil {
		return RoundView{}, err
	}
	if in.Mode != "" && !slices.Contains(PairModes(), in.Mode) {
		return RoundView{}, invalid("结对方式须为："+strings.Join(PairModes(), "、"), "mode %q is not one of %v", in.Mode, PairModes())
	}
	r, err := e.store.Round(ctx, id)
	if err != nil {
		return RoundView{}, err
	}
	if !slices.Contains(r.Mentees, mentee) {
		return RoundView{}, Errorf(ErrNotFound, "本轮没有这位青年人才", "round %s has no mentee %s", id, mentee)
	}
	i, paired := r.pair(mentee)
	a := in.AcademicianID
	if a == "" && !paired {
		return RoundView{}, invalid("请选择院士", "mentee %s has no pair: name an academician", mentee)
	}
	if a == "" || (paired && r.Pairs[i].AcademicianID == a) {
		return e.setPairMode(ctx, id, mentee, in.Mode)
	}
	people, err := e.roundPeopleOf(ctx, &r)
	if err != nil {
		return RoundView{}, err
	}
	if !slices.Contains(r.Academicians, a) {
		return RoundView{}, Errorf(ErrNotFound, "本轮没有这位院士", "round %s has no academician %s", id, a)
	}
	fits, err := e.pairFits(ctx, []string{mentee}, []string{a}, people)
	if err != nil {
		return RoundView{}, err
	}
	return e.movePair(ctx, id, people, PairRef{mentee, a}, fits[PairRef{mentee, a}], in.Mode)
}

// movePair gives mentee pr.MenteeID the academician pr.AcademicianID,
// checking conflicts and places under the write lock.
func (e *Engine) movePair(ctx context.Context, id string, people map[string]*Profile, pr PairRef, f pairFit, mode string) (RoundView, error) {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	r, err := e.store.Round(ctx, id)
	if err != nil {
		return RoundView{}, err
	}
	m, a := people[pr.MenteeID], people[pr.AcademicianID]
	if pairConflicted(&r, m, a) {
		return RoundView{}, Errorf(ErrConflict, m.Name+"与"+a.Name+"院士需回避，不能结对", "pair %s–%s is a declared conflict", pr.MenteeID, pr.AcademicianID)
	}
	if a.Inactive || m.Inactive {
		return RoundView{}, Errorf(ErrConflict, "已停用的档案不能结对", "pair %s–%s: a profile is inactive", pr.MenteeID, pr.AcademicianID)
	}
	taken := 0
	for _, p := range r.Pairs {
		if p.AcademicianID == pr.AcademicianID && p.MenteeID != pr.MenteeID {
			taken++
		}
	}
	if taken >= a.MaxMentees {
		return RoundView{}, Errorf(ErrConflict, fmt.Sprintf("%s院士的结对名额（%d 人）已满", a.Name, a.MaxMentees), "academician %s has %d places, all taken", a.ID, a.MaxMentees)
	}
	i, paired := r.pair(pr.MenteeID)
	if paired && len(r.Pairs[i].Activity) > 0 {
		return RoundView{}, Errorf(ErrConflict, "该配对已有活动记录，不能更换院士", "pair of %s has activity", pr.MenteeID)
	}
	np := newPair(&r, m, a, f)
	np.Adjusted = true
	if mode != "" {
		np.Mode, np.ModeReason = mode, "科协工作人员调整为"+mode+"。"
	}
	if paired {
		r.Pairs[i] = np
	} else {
		r.Pairs = append(r.Pairs, np)
	}
	r.Excluded = slices.DeleteFunc(r.Excluded, func(x PairRef) bool { return x == pr })
	r.Unpaired = slices.DeleteFunc(r.Unpaired, func(u Unpaired) bool { return u.MenteeID == pr.MenteeID })
	if err := e.store.PutRound(ctx, r); err != nil {
		return RoundView{}, err
	}
	return e.viewRound(ctx, &r), nil
}

// setPairMode changes the mode of mentee's pair; the pair keeps its status.
func (e *Engine) setPairMode(ctx context.Context, id, mentee, mode string) (RoundView, error) {
	return e.updatePair(ctx, id, mentee, func(p *MentorPair) error {
		if mode != "" && mode != p.Mode {
			p.Mode, p.ModeReason, p.Adjusted = mode, "科协工作人员调整为"+mode+"。", true
		}
		return nil
	})
}

// updatePair changes mentee's pair in round id under the write lock.
func (e *Engine) updatePair(ctx context.Context, id, mentee string, change func(*MentorPair) error) (RoundView, error) {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	r, err := e.store.Round(ctx, id)
	if err != nil {
		return RoundView{}, err
	}
	i, ok := r.pair(mentee)
	if !ok {
		return RoundView{}, Errorf(ErrNotFound, "没有这位青年人才的配对", "round %s: no pair for %s", id, mentee)
	}
	if err := change(&r.Pairs[i]); err != nil {
		return RoundView{}, err
	}
	if err := e.store.PutRound(ctx, r); err != nil {
		return RoundView{}, err
	}
	return e.viewRound(ctx, &r), nil
}

// ApprovePair approves mentee's pair in round id; the expert then sees it.
func (e *Engine) ApprovePair(ctx context.Context, v Viewer, id, mentee string) (RoundView, error) {
	if err := v.may(ActRounds); err != nil {
		return RoundView{}, err
	}
	return e.updatePair(ctx, id, mentee, func(p *MentorPair) error {
		if p.Status == PairApproved {
			return Errorf(ErrConflict, "该配对已批准", "pair of %s is already approved", mentee)
		}
		p.Status, p.Approved, p.ApprovedBy = PairApproved, e.now().UTC(), who(v)
		return nil
	})
}

// RemovePair removes mentee's pair from round id; the pair is not proposed
// again. A pair with recorded activity stays.
func (e *Engine) RemovePair(ctx context.Context, v Viewer, id, mentee string) (RoundView, error) {
	if err := v.may(ActRounds); err != nil {
		return RoundView{}, err
	}
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	r, err := e.store.Round(ctx, id)
	if err != nil {
		return RoundView{}, err
	}
	i, ok := r.pair(mentee)
	if !ok {
		return RoundView{}, Errorf(ErrNotFound, "没有这位青年人才的配对", "round %s: no pair for %s", id, mentee)
	}
	if len(r.Pairs[i].Activity) > 0 {
		return RoundView{}, Errorf(ErrConflict, "该配对已有活动记录，不能移除", "pair of %s has activity", mentee)
	}
	r.Excluded = append(r.Excluded, r.Pairs[i].PairRef)
	r.Pairs = slices.Delete(r.Pairs, i, i+1)
	r.Unpaired = append(r.Unpaired, Unpaired{MenteeID: mentee, Reason: UnpairedRemoved})
	if err := e.store.PutRound(ctx, r); err != nil {
		return RoundView{}, err
	}
	return e.viewRound(ctx, &r), nil
}

// UnpairedRemoved: staff removed the proposed pair.
const UnpairedRemoved = "removed"
