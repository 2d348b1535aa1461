package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// A pairing round (院士结对领航) pairs young researchers (mentees) with
// academicians: staff open a round and choose the candidates (or let the
// rule pick them), the engine proposes pairs by topical fit under the
// round's constraints, staff adjust and approve, and each approved pair's
// activity is recorded.

// The five pairing modes.
const (
	PairAdvice   = "顾问指导"
	PairProject  = "项目合作"
	PairStudy    = "进修学习"
	PairReferral = "引领推荐"
	PairCustom   = "定制培养"
)

// PairModes returns the pairing modes in display order.
func PairModes() []string {
	return []string{PairAdvice, PairProject, PairStudy, PairReferral, PairCustom}
}

// Limits of a round.
const (
	MaxRoundMentees      = 500
	MaxRoundAcademicians = 200
	MaxPreferred         = 3 // academicians a mentee may name
	MaxRoundConflicts    = 1000
	// MenteeAgeLimit: the rule picks university and institute researchers
	// younger than this.
	MenteeAgeLimit = 45
)

// Round is one pairing round.
type Round struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Year is the year ages are counted in.
	Year int `json:"year"`
	// Mentees and Academicians are the profile IDs taking part.
	Mentees      []string `json:"mentees"`
	Academicians []string `json:"academicians"`
	// Preferences are the mentees' named wishes; Conflicts the pairs that
	// must not be made (besides the profiles' own conflicts); Excluded the
	// pairs staff removed, which are not proposed again.
	Preferences []PairPreference `json:"preferences,omitempty"`
	Conflicts   []PairConflict   `json:"conflicts,omitempty"`
	Excluded    []PairRef        `json:"excluded,omitempty"`
	Pairs       []MentorPair     `json:"pairs"`
	// Unpaired lists the mentees the last proposal left without an
	// academician, and why.
	Unpaired []Unpaired `json:"unpaired,omitempty"`
	Proposed time.Time  `json:"proposed,omitzero"`
	Created  time.Time  `json:"created"`
	By       string     `json:"by"`
}

// PairRef names a mentee and an academician.
type PairRef struct {
	MenteeID      string `json:"mentee_id"`
	AcademicianID string `json:"academician_id"`
}

// PairConflict is a declared conflict (回避): the pair is never made.
type PairConflict struct {
	PairRef
	Reason string `json:"reason,omitempty"`
}

// PairPreference is what a mentee wishes: a mode and up to MaxPreferred
// academicians, honoured when the constraints allow.
type PairPreference struct {
	MenteeID     string   `json:"mentee_id"`
	Mode         string   `json:"mode,omitempty"`
	Academicians []string `json:"academicians,omitempty"`
}

// PairStatus is where a pair stands.
type PairStatus string

// Pair statuses: proposed by the engine (or adjusted by staff), then
// approved.
const (
	PairProposed PairStatus = "proposed"
	PairApproved PairStatus = "approved"
)

// MentorPair is a mentee and an academician, with the suggested mode, the
// topical fit and why.
type MentorPair struct {
	PairRef
	Mode       string `json:"mode"`
	ModeReason string `json:"mode_reason,omitempty"`
	// Fit is the topical closeness of the two profiles in [0, 1] (the text
	// score of the academician's match for the mentee's profile, scaled);
	// Strength and Label are that match's strength and its band (强, 中,
	// 弱).
	Fit      float64 `json:"fit"`
	Strength float64 `json:"strength"`
	Label    string  `json:"label"`
	Reason   string  `json:"reason"`
	// Preferred is set when the mentee named this academician.
	Preferred bool       `json:"preferred,omitempty"`
	Status    PairStatus `json:"status"`
	// Adjusted is set when staff chose the academician or the mode; an
	// adjusted or approved pair is kept when pairs are proposed again.
	Adjusted   bool           `json:"adjusted,omitempty"`
	Approved   time.Time      `json:"approved,omitzero"`
	ApprovedBy string         `json:"approved_by,omitempty"`
	Activity   []PairActivity `json:"activity,omitempty"`
}

// Unpaired is a mentee the proposal left without an academician.
type Unpaired struct {
	MenteeID string `json:"mentee_id"`
	Reason   string `json:"reason"` // one of the Unpaired* codes
}

// Why a mentee is left unpaired (Unpaired.Reason).
const (
	UnpairedNoFit      = "no_fit"     // no academician's field is near enough
	UnpairedConflicted = "conflicted" // every near academician must be avoided
	UnpairedFull       = "full"       // near academicians' places went to better fits
)

// RoundStore keeps pairing rounds.
type RoundStore interface {
	// CreateRound stores r unless a round with its ID exists (ErrConflict).
	CreateRound(ctx context.Context, r Round) error
	// PutRound replaces a stored round.
	PutRound(ctx context.Context, r Round) error
	// Round returns the round with id, or an error wrapping ErrNotFound.
	Round(ctx context.Context, id string) (Round, error)
	// EachRound calls fn for every round in ID order.
	EachRound(ctx context.Context, fn func(Round) error) error
}

// RoundInput opens a round. Empty Mentees: the rule picks them (university
// and institute researchers under MenteeAgeLimit, enterprise technical
// experts); empty Academicians: every active academician who takes mentees.
type RoundInput struct {
	Name         string         `json:"name"`
	Mentees      []string       `json:"mentees,omitempty"`
	Academicians []string       `json:"academicians,omitempty"`
	Conflicts    []PairConflict `json:"conflicts,omitempty"`
}

// MenteeByRule reports whether the rule picks p as a mentee in year:
// a university or institute researcher younger than MenteeAgeLimit, or a
// technical expert of an enterprise; never an academician.
func MenteeByRule(p *Profile, year int) bool {
	if p.Kind != KindExpert || p.Inactive || p.IsAcademician() {
		return false
	}
	switch p.Employer {
	case EmployerEnterprise:
		return true
	case EmployerUniversity, EmployerInstitute:
		return p.BirthYear > 0 && year-p.BirthYear < MenteeAgeLimit
	}
	return false
}

// RoundCandidates are the profiles the rule picks for a new round.
type RoundCandidates struct {
	Year         int          `json:"year"`
	Mentees      []PersonCard `json:"mentees"`
	Academicians []PersonCard `json:"academicians"`
}

// PairingCandidates returns who the rule picks for a round opened now.
func (e *Engine) PairingCandidates(ctx context.Context, v Viewer) (RoundCandidates, error) {
	if err := v.may(ActRounds); err != nil {
		return RoundCandidates{}, err
	}
	out := RoundCandidates{Year: e.now().Year(), Mentees: []PersonCard{}, Academicians: []PersonCard{}}
	err := e.store.EachProfile(ctx, func(p Profile) error {
		switch {
		case MenteeByRule(&p, out.Year):
			out.Mentees = append(out.Mentees, cardOf(&p))
		case takesMentees(&p):
			out.Academicians = append(out.Academicians, cardOf(&p))
		}
		return nil
	})
	return out, err
}

// takesMentees reports whether p is an active academician with places.
func takesMentees(p *Profile) bool { return p.IsAcademician() && !p.Inactive && p.MaxMentees > 0 }

// OpenRound opens a pairing round for v.
func (e *Engine) OpenRound(ctx context.Context, v Viewer, in RoundInput) (RoundView, error) {
	if err := v.may(ActRounds); err != nil {
		return RoundView{}, err
	}
	in.Name = strings.TrimSpace(in.Name)
	if err := checkText("name", in.Name, MaxNameLen, true); err != nil {
		return RoundView{}, err
	}
	var b [4]byte
	rand.Read(b[:])
	now := e.now().UTC()
	r := Round{ID: "round-" + now.Format("20060102") + "-" + hex.EncodeToString(b[:]), Name: in.Name, Year: e.now().Year(),
		Conflicts: in.Conflicts, Pairs: []MentorPair{}, Created: now, By: who(v)}
	if err := e.roundPeople(ctx, &r, in); err != nil {
		return RoundView{}, err
	}
	if err := e.checkConflicts(&r, r.Conflicts); err != nil {
		return RoundView{}, err
	}
	if err := e.store.CreateRound(ctx, r); err != nil {
		return RoundView{}, err
	}
	return e.viewRound(ctx, &r), nil
}

// roundPeople fills the round's mentees and academicians from in, or by
// the rule, and checks them.
func (e *Engine) roundPeople(ctx context.Context, r *Round, in RoundInput) error {
	if len(in.Mentees) > MaxRoundMentees || len(in.Academicians) > MaxRoundAcademicians {
		return invalid(fmt.Sprintf("一轮最多 %d 名青年人才、%d 位院士", MaxRoundMentees, MaxRoundAcademicians), "a round takes at most %d mentees and %d academicians", MaxRoundMentees, MaxRoundAcademicians)
	}
	if len(in.Mentees) == 0 || len(in.Academicians) == 0 {
		c, err := e.PairingCandidates(ctx, Operator())
		if err != nil {
			return err
		}
		if len(in.Mentees) == 0 {
			in.Mentees = cardIDs(c.Mentees)
		}
		if len(in.Academicians) == 0 {
			in.Academicians = cardIDs(c.Academicians)
		}
	}
	for _, id := range in.Academicians {
		p, err := e.roundProfile(ctx, id, "院士")
		if err != nil {
			return err
		}
		if !takesMentees(&p) {
			return invalid(p.Name+"不是可带教的院士（须为院士且结对人数大于 0）", "profile %s is not an academician taking mentees", id)
		}
	}
	for _, id := range in.Mentees {
		p, err := e.roundProfile(ctx, id, "青年人才")
		if err != nil {
			return err
		}
		if p.Kind != KindExpert || p.IsAcademician() {
			return invalid(p.Name+"不能作为结对的青年人才（须为专家且不是院士）", "profile %s cannot be a mentee", id)
		}
	}
	r.Mentees, r.Academicians = unique(in.Mentees), unique(in.Academicians)
	if len(r.Mentees) == 0 || len(r.Academicians) == 0 {
		return invalid("没有可结对的青年人才或院士", "the round has no mentees or no academicians")
	}
	return nil
}

func (e *Engine) roundProfile(ctx context.Context, id, what string) (Profile, error) {
	p, err := e.store.Profile(ctx, id)
	if err != nil {
		return p, Errorf(ErrInvalid, "找不到"+what+"："+truncate(id, 40), "profile %s: %v", id, err)
	}
	return p, nil
}

// checkConflicts checks that declared conflicts name the round's people.
func (e *Engine) checkConflicts(r *Round, cs []PairConflict) error {
	if len(cs) > MaxRoundConflicts {
		return invalid(fmt.Sprintf("一轮最多登记 %d 条回避关系", MaxRoundConflicts), "%d conflicts, at most %d", len(cs), MaxRoundConflicts)
	}
	for _, c := range cs {
		if !slices.Contains(r.Mentees, c.MenteeID) || !slices.Contains(r.Academicians, c.AcademicianID) {
			return invalid("回避关系须是本轮的青年人才和院士", "conflict %s–%s: not a mentee and an academician of the round", c.MenteeID, c.AcademicianID)
		}
		if err := checkText("note", c.Reason, 200, false); err != nil {
			return err
		}
	}
	return nil
}

func unique(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// ListRounds returns every round, newest first.
func (e *Engine) ListRounds(ctx context.Context, v Viewer) ([]RoundView, error) {
	if err := v.may(ActRounds); err != nil {
		return nil, err
	}
	var rs []Round
	if err := e.store.EachRound(ctx, func(r Round) error { rs = append(rs, r); return nil }); err != nil {
		return nil, err
	}
	slices.SortFunc(rs, func(a, b Round) int { return b.Created.Compare(a.Created) })
	out := make([]RoundView, 0, len(rs))
	for i := range rs {
		out = append(out, e.viewRound(ctx, &rs[i]))
	}
	return out, nil
}

// ViewRound returns round id with the names of its people.
func (e *Engine) ViewRound(ctx context.Context, v Viewer, id string) (RoundView, error) {
	if err := v.may(ActRounds); err != nil {
		return RoundView{}, err
	}
	r, err := e.store.Round(ctx, id)
	if err != nil {
		return RoundView{}, err
	}
	return e.viewRound(ctx, &r), nil
}

// RoundView is a round with a card of everyone it names.
type RoundView struct {
	Round
	People map[string]PersonCard `json:"people"`
}

func (e *Engine) viewRound(ctx context.Context, r *Round) RoundView {
	rv := RoundView{Round: *r, People: map[string]PersonCard{}}
	for _, id := range slices.Concat(r.Mentees, r.Academicians) {
		if p, err := e.store.Profile(ctx, id); err == nil {
			rv.People[id] = cardOf(&p)
		} else {
			rv.People[id] = PersonCard{ID: id, Name: id}
		}
	}
	return rv
}

// PersonCard is what the pages show of a person in a round or package.
type PersonCard struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Kind         Kind     `json:"kind,omitempty"`
	Title        string   `json:"title,omitempty"`
	Organisation string   `json:"organisation,omitempty"`
	Academy      string   `json:"academy,omitempty"`
	Employer     string   `json:"employer,omitempty"`
	BirthYear    int      `json:"birth_year,omitempty"`
	MaxMentees   int      `json:"max_mentees,omitempty"`
	Industries   []string `json:"industries,omitempty"`
	Fields       []string `json:"fields,omitempty"`
}

func cardOf(p *Profile) PersonCard {
	return PersonCard{ID: p.ID, Name: p.Name, Kind: p.Kind, Title: p.Title, Organisation: p.Organisation, Academy: p.Academy,
		Employer: p.Employer, BirthYear: p.BirthYear, MaxMentees: p.MaxMentees, Industries: p.Industries, Fields: p.Fields[:min(len(p.Fields), 3)]}
}

func cardIDs(cs []PersonCard) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}
