package engine

import (
	"context"
	"fmt"
	"time"
)

// AssignmentStatus is where an assignment of a need to a supplier stands.
type AssignmentStatus string

// Assignment statuses. Assigned, accepted and in-progress assignments are
// open: they take one unit of the supplier's capacity.
const (
	AssignAssigned   AssignmentStatus = "assigned"
	AssignAccepted   AssignmentStatus = "accepted"
	AssignDeclined   AssignmentStatus = "declined"
	AssignInProgress AssignmentStatus = "in_progress"
	AssignResolved   AssignmentStatus = "resolved"
	AssignClosed     AssignmentStatus = "closed" // closed unresolved
)

// Open reports whether the assignment takes capacity.
func (s AssignmentStatus) Open() bool {
	return s == AssignAssigned || s == AssignAccepted || s == AssignInProgress
}

// Assignment gives a need to a supplier.
type Assignment struct {
	NeedID    string           `json:"need_id"`
	ProfileID string           `json:"profile_id"`
	Status    AssignmentStatus `json:"status"`
	By        string           `json:"by,omitempty"`
	Reason    string           `json:"reason,omitempty"` // of a decline
	Notes     []Note           `json:"notes,omitempty"`
	Created   time.Time        `json:"created"`
	Updated   time.Time        `json:"updated"`
}

// Note is a progress note on an assignment.
type Note struct {
	By   string    `json:"by"`
	At   time.Time `json:"at"`
	Text string    `json:"text"`
}

// Key returns the assignment's store key: one assignment per need and
// supplier.
func (a *Assignment) Key() string { return a.NeedID + "/" + a.ProfileID }

// loads counts open assignments per profile.
type loads map[string]int

// Assign gives need needID to profile profileID on behalf of v. It refuses
// (ErrConflict) a supplier that a hard rule excludes for the need or whose
// capacity is taken, and a pair already assigned.
func (e *Engine) Assign(ctx context.Context, v Viewer, needID, profileID string) (Assignment, error) {
	if err := v.may(ActAssign); err != nil {
		return Assignment{}, err
	}
	return e.assign(ctx, needID, profileID, who(v))
}

func (e *Engine) assign(ctx context.Context, needID, profileID, by string) (Assignment, error) {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	n, err := e.store.Need(ctx, needID)
	if err != nil {
		return Assignment{}, err
	}
	p, err := e.store.Profile(ctx, profileID)
	if err != nil {
		return Assignment{}, err
	}
	f := factsOf(&p)
	if rule, detail := f.breaks(&n); rule != "" {
		return Assignment{}, Errorf(ErrConflict, fmt.Sprintf("不能指派给%s：%s", p.Name, detail), "cannot assign need %s to %s: %s (%s)", needID, profileID, rule, detail)
	}
	a := Assignment{NeedID: needID, ProfileID: profileID}
	if old, err := e.store.Assignment(ctx, a.Key()); err == nil && old.Status.Open() {
		return Assignment{}, Errorf(ErrConflict, "该需求已指派给"+p.Name, "need %s is already assigned to %s", needID, profileID)
	}
	if p.Capacity > 0 && e.openLoad(profileID) >= p.Capacity {
		return Assignment{}, Errorf(ErrConflict, fmt.Sprintf("%s的对接容量（%d 项）已满", p.Name, p.Capacity), "cannot assign need %s to %s: capacity %d is taken", needID, profileID, p.Capacity)
	}
	now := e.now().UTC()
	a.Status, a.By, a.Created, a.Updated = AssignAssigned, by, now, now
	if err := e.moveNeed(&n, StatusAssigned, by, profileID, ""); err != nil {
		return Assignment{}, err
	}
	if err := e.saveWorkflow(ctx, n, &a); err != nil {
		return Assignment{}, err
	}
	e.addLoad(profileID, 1)
	return a, nil
}

func (e *Engine) openLoad(id string) int {
	e.loadMu.Lock()
	defer e.loadMu.Unlock()
	return e.load[id]
}

func (e *Engine) addLoad(id string, d int) {
	e.loadMu.Lock()
	defer e.loadMu.Unlock()
	e.load[id] += d
}

// loadLoads counts the open assignments in the store.
func (e *Engine) loadLoads(ctx context.Context) error {
	l := loads{}
	err := e.store.EachAssignment(ctx, func(a Assignment) error {
		if a.Status.Open() {
			l[a.ProfileID]++
		}
		return nil
	})
	if err != nil {
		return err
	}
	e.loadMu.Lock()
	e.load = l
	e.loadMu.Unlock()
	return nil
}
