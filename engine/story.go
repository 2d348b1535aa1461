package engine

import (
	"context"
	"strings"
	"time"
)

// NeedStory is a need with what happened to it: its history (in the
// need), the suppliers it was given to with their progress notes, the
// company's feedback, and the names of everyone the story mentions, so
// that people read names, not IDs.
type NeedStory struct {
	Need
	Assignments []Assignment `json:"assignments"`
	Feedback    []Feedback   `json:"feedback"`
	// Names maps each profile ID and each history "by" of the story to a
	// name people read.
	Names map[string]string `json:"names"`
}

// Request is a team's application to serve a need open in its slot
// (申请对接); staff confirm it by assigning the need to the team.
type Request struct {
	ProfileID string    `json:"profile_id"`
	At        time.Time `json:"at"`
	Note      string    `json:"note,omitempty"`
}

// Story returns need id's story as v may see it: staff and the need's
// company see every assignment and the feedback; a team or an expert sees
// its own assignment only.
func (e *Engine) Story(ctx context.Context, v Viewer, id string) (NeedStory, error) {
	n, err := e.ViewNeed(ctx, v, id)
	if err != nil {
		return NeedStory{}, err
	}
	st := NeedStory{Need: v.seen(n), Assignments: []Assignment{}, Feedback: []Feedback{}, Names: map[string]string{}}
	supplier := v.Role == RoleTeam || v.Role == RoleExpert
	err = e.store.EachAssignment(ctx, func(a Assignment) error {
		if a.NeedID == id && (!supplier || a.ProfileID == v.Subject) {
			st.Assignments = append(st.Assignments, a)
		}
		return nil
	})
	if err != nil {
		return st, err
	}
	if !supplier {
		err = e.store.EachFeedback(ctx, func(f Feedback) error {
			if f.NeedID == id {
				st.Feedback = append(st.Feedback, f)
			}
			return nil
		})
		if err != nil {
			return st, err
		}
	}
	e.nameStory(ctx, &st)
	return st, nil
}

// nameStory fills st.Names.
func (e *Engine) nameStory(ctx context.Context, st *NeedStory) {
	ids := []string{}
	for _, a := range st.Assignments {
		ids = append(ids, a.ProfileID)
		for _, n := range a.Notes {
			st.Names[n.By] = e.whoName(ctx, n.By)
		}
		st.Names[a.By] = e.whoName(ctx, a.By)
	}
	for _, f := range st.Feedback {
		ids = append(ids, f.ProfileID)
	}
	for _, r := range st.Requests {
		ids = append(ids, r.ProfileID)
	}
	for _, h := range st.History {
		if h.ProfileID != "" {
			ids = append(ids, h.ProfileID)
		}
		st.Names[h.By] = e.whoName(ctx, h.By)
	}
	for _, id := range ids {
		st.Names[id] = e.ProfileName(ctx, id)
	}
	delete(st.Names, "")
}

// ProfileName returns the name of profile id, or the ID itself when there
// is no such profile.
func (e *Engine) ProfileName(ctx context.Context, id string) string {
	if p, err := e.store.Profile(ctx, id); err == nil && p.Name != "" {
		return p.Name
	}
	return id
}

// whoName turns a history "by" ("analyst", "team:team-01", "batch 2026-12
// admin") into what people read.
func (e *Engine) whoName(ctx context.Context, by string) string {
	if rest, ok := strings.CutPrefix(by, "batch "); ok {
		month, _, _ := strings.Cut(rest, " ")
		return "月度批量指派（" + monthName(month) + "）"
	}
	if role, account, ok := strings.Cut(by, "@"); ok {
		if a, err := e.store.Account(ctx, account); err == nil && a.Name != "" {
			return a.Name
		}
		by = role
	}
	role, subject, _ := strings.Cut(by, ":")
	name := RoleNames()[Role(role)]
	switch {
	case name == "":
		return by
	case Role(role) == RoleTeam || Role(role) == RoleExpert:
		return e.ProfileName(ctx, subject)
	case Role(role) == RoleCompany && subject != "":
		return subject
	}
	return name
}

// RequestNeed records a team's application to serve need id, which must be
// open in the team's slot this month (申请对接); staff confirm it by
// assigning. Applying twice is a conflict.
func (e *Engine) RequestNeed(ctx context.Context, v Viewer, id, note string) (Need, error) {
	if err := v.may(ActRequestNeed); err != nil {
		return Need{}, err
	}
	if err := checkText("note", note, 2000, false); err != nil {
		return Need{}, err
	}
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	n, err := e.ViewNeed(ctx, v, id)
	if err != nil {
		return Need{}, err
	}
	if a, err := e.store.Assignment(ctx, (&Assignment{NeedID: id, ProfileID: v.Subject}).Key()); err == nil && a.Status.Open() {
		return Need{}, Errorf(ErrConflict, "该需求已指派给贵团队", "need %s is already assigned to %s", id, v.Subject)
	}
	for _, r := range n.Requests {
		if r.ProfileID == v.Subject {
			return Need{}, Errorf(ErrConflict, "已申请过对接，请等待科协确认", "%s already asked for need %s", v.Subject, id)
		}
	}
	switch n.Status {
	case "", StatusSubmitted, StatusMatched, StatusDeclined:
	default:
		return Need{}, Errorf(ErrConflict, "该需求已有人对接，无需申请", "need %s is %s", id, n.Status)
	}
	n.Requests = append(n.Requests, Request{ProfileID: v.Subject, At: e.now().UTC(), Note: strings.TrimSpace(note)})
	return n, e.saveWorkflow(ctx, n, nil)
}
