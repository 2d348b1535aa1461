package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// needMoves lists the statuses a need may move to from each status.
// Resolved, closed and withdrawn are final.
func needMoves(from Status) []Status {
	switch from {
	case StatusSubmitted, StatusMatched:
		return []Status{StatusMatched, StatusAssigned, StatusClosed, StatusWithdrawn}
	case StatusAssigned:
		return []Status{StatusAssigned, StatusAccepted, StatusDeclined, StatusClosed, StatusWithdrawn}
	case StatusDeclined:
		return []Status{StatusAssigned, StatusClosed, StatusWithdrawn}
	case StatusAccepted:
		return []Status{StatusAccepted, StatusInProgress, StatusResolved, StatusClosed}
	case StatusInProgress:
		return []Status{StatusInProgress, StatusResolved, StatusClosed}
	}
	return nil
}

// assignmentMoves is needMoves for one supplier's assignment.
func assignmentMoves(from AssignmentStatus) []AssignmentStatus {
	switch from {
	case AssignAssigned:
		return []AssignmentStatus{AssignAccepted, AssignDeclined, AssignClosed}
	case AssignAccepted, AssignInProgress:
		return []AssignmentStatus{AssignInProgress, AssignResolved, AssignClosed}
	}
	return nil
}

// Limits on what the workflow keeps per need, so that no supplier can
// grow a need (and every inbox that shows it) without bound: a note or a
// reason has at most MaxNoteLen characters, an assignment at most
// MaxNotes progress notes, a need at most MaxHistory steps before it is
// finished (the final step is always allowed).
const (
	MaxNoteLen = 2000
	MaxNotes   = 50
	MaxHistory = 200
	// MaxPairActivity bounds the activities recorded for one pair of a
	// pairing round (a round is one record, rewritten on every change).
	MaxPairActivity = 100
)

// final reports whether a need in status s moves no more.
func final(s Status) bool {
	return s == StatusResolved || s == StatusClosed || s == StatusWithdrawn
}

// CanMove reports whether a need may go from one status to another.
func CanMove(from, to Status) bool { return slices.Contains(needMoves(from), to) }

// moveNeed records a transition on n, or refuses it with ErrConflict.
func (e *Engine) moveNeed(n *Need, to Status, by, profileID, reason string) error {
	from := n.Status
	if from == "" {
		from = StatusSubmitted
	}
	if !CanMove(from, to) {
		return Errorf(ErrConflict, fmt.Sprintf("该需求目前%s，不能改为%s", StatusName(from), StatusName(to)), "need %s cannot go from %s to %s", n.ID, from, to)
	}
	if len(n.History) >= MaxHistory && !final(to) {
		return Errorf(ErrConflict, fmt.Sprintf("该需求已记录 %d 步，已达上限；请办结后另行提交", len(n.History)), "need %s has %d history steps, at most %d before it is finished", n.ID, len(n.History), MaxHistory)
	}
	n.Status = to
	n.History = append(n.History, Transition{From: from, To: to, By: by, At: e.now().UTC(), ProfileID: profileID, Reason: reason})
	return nil
}

// who names a viewer in the history.
//
// A staff member signed in with a password is recorded with the account
// ("analyst@ID"), so that a timeline names the person, not the role.
func who(v Viewer) string {
	switch {
	case v.Subject != "":
		return string(v.Role) + ":" + v.Subject
	case v.Account != "":
		return string(v.Role) + "@" + v.Account
	}
	return string(v.Role)
}

func isStaff(v Viewer) bool { return v.Role == RoleAdmin || v.Role == RoleAnalyst }

// MarkMatched records that staff looked at a need's matches: submitted →
// matched.
func (e *Engine) MarkMatched(ctx context.Context, v Viewer, needID string) (Need, error) {
	if err := v.may(ActMarkMatched); err != nil {
		return Need{}, err
	}
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	n, err := e.store.Need(ctx, needID)
	if err != nil {
		return Need{}, err
	}
	if err := e.moveNeed(&n, StatusMatched, who(v), "", ""); err != nil {
		return Need{}, err
	}
	return n, e.saveWorkflow(ctx, n, nil)
}

// saveWorkflow stores a need and an assignment in one transaction and
// moves the funnel's counts by the statuses they had. The caller holds
// writeMu.
func (e *Engine) saveWorkflow(ctx context.Context, n Need, a *Assignment) error {
	from := storedStatus(e.store.Need(ctx, n.ID))
	var aFrom AssignmentStatus
	if a != nil {
		if old, err := e.store.Assignment(ctx, a.Key()); err == nil {
			aFrom = old.Status
		}
	}
	if err := e.store.PutWorkflow(ctx, n, a); err != nil {
		return err
	}
	e.counts.move(from, storedStatus(n, nil))
	if a != nil {
		e.counts.answer(aFrom, a.Status)
	}
	return nil
}

// assignmentOf returns v's assignment on need id for action a; only the
// team or expert it names may act on it.
func (e *Engine) assignmentOf(ctx context.Context, v Viewer, act Action, needID string) (Need, Assignment, error) {
	if err := v.may(act); err != nil {
		return Need{}, Assignment{}, err
	}
	if v.Role != RoleTeam && v.Role != RoleExpert {
		return Need{}, Assignment{}, Errorf(ErrForbidden, "只有被指派的服务团或专家可以操作", "only the assigned team or expert answers")
	}
	a, err := e.store.Assignment(ctx, (&Assignment{NeedID: needID, ProfileID: v.Subject}).Key())
	if err != nil {
		return Need{}, Assignment{}, Errorf(ErrNotFound, "该需求没有指派给您", "need %s is not assigned to %s", needID, v.Subject)
	}
	n, err := e.store.Need(ctx, needID)
	return n, a, err
}

// moveAssignment changes a's status or refuses with ErrConflict.
func (e *Engine) moveAssignment(a *Assignment, to AssignmentStatus) error {
	if !slices.Contains(assignmentMoves(a.Status), to) {
		return Errorf(ErrConflict, fmt.Sprintf("该指派目前%s，不能改为%s", StatusName(Status(a.Status)), StatusName(Status(to))), "assignment of need %s to %s cannot go from %s to %s", a.NeedID, a.ProfileID, a.Status, to)
	}
	if a.Status.Open() && !to.Open() {
		e.addLoad(a.ProfileID, -1)
	}
	a.Status = to
	a.Updated = e.now().UTC()
	return nil
}

// Respond is the assigned team's or expert's answer: accept, or decline
// with a reason. A need whose every supplier declined becomes declined.
func (e *Engine) Respond(ctx context.Context, v Viewer, needID string, accept bool, reason string) (Need, error) {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	n, a, err := e.assignmentOf(ctx, v, ActRespond, needID)
	if err != nil {
		return Need{}, err
	}
	to, needTo := AssignAccepted, StatusAccepted
	if err := checkText("reason", reason, MaxNoteLen, false); err != nil {
		return Need{}, err
	}
	if !accept {
		if strings.TrimSpace(reason) == "" {
			return Need{}, invalid("拒绝时请填写原因", "a decline needs a reason")
		}
		to = AssignDeclined
		needTo = StatusDeclined
		if open, err := e.otherOpen(ctx, needID, v.Subject); err != nil {
			return Need{}, err
		} else if open {
			needTo = n.Status // others still hold the need
		}
	}
	if err := e.moveAssignment(&a, to); err != nil {
		return Need{}, err
	}
	a.Reason = reason
	if err := e.moveNeed(&n, needTo, who(v), v.Subject, reason); err != nil {
		return Need{}, err
	}
	return n, e.saveWorkflow(ctx, n, &a)
}

// otherOpen reports whether suppliers besides profileID hold need id.
func (e *Engine) otherOpen(ctx context.Context, needID, profileID string) (bool, error) {
	open := false
	err := e.store.EachAssignment(ctx, func(a Assignment) error {
		if a.NeedID == needID && a.ProfileID != profileID && a.Status.Open() {
			open = true
		}
		return nil
	})
	return open, err
}

// Progress adds a progress note to an accepted assignment: the need is in
// progress.
func (e *Engine) Progress(ctx context.Context, v Viewer, needID, note string) (Need, error) {
	if strings.TrimSpace(note) == "" {
		return Need{}, invalid("请填写进展说明", "a progress note is empty")
	}
	if err := checkText("note", note, MaxNoteLen, true); err != nil {
		return Need{}, err
	}
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	n, a, err := e.assignmentOf(ctx, v, ActRespond, needID)
	if err != nil {
		return Need{}, err
	}
	if len(a.Notes) >= MaxNotes {
		return Need{}, Errorf(ErrConflict, fmt.Sprintf("进展记录最多 %d 条，已满；请办结或联系科协工作人员", MaxNotes), "assignment of need %s has %d notes, at most %d", needID, len(a.Notes), MaxNotes)
	}
	if err := e.moveAssignment(&a, AssignInProgress); err != nil {
		return Need{}, err
	}
	a.Notes = append(a.Notes, Note{By: who(v), At: e.now().UTC(), Text: note})
	if err := e.moveNeed(&n, StatusInProgress, who(v), v.Subject, note); err != nil {
		return Need{}, err
	}
	return n, e.saveWorkflow(ctx, n, &a)
}

// Finish ends the work on a need: resolved, or closed unresolved. The
// assigned supplier (once it has accepted) or staff may.
func (e *Engine) Finish(ctx context.Context, v Viewer, needID string, resolved bool, note string) (Need, error) {
	if err := v.may(ActFinish); err != nil {
		return Need{}, err
	}
	if err := checkText("note", note, MaxNoteLen, false); err != nil {
		return Need{}, err
	}
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	to, needTo := AssignClosed, StatusClosed
	if resolved {
		to, needTo = AssignResolved, StatusResolved
	}
	var (
		n   Need
		a   *Assignment
		err error
	)
	if isStaff(v) {
		if n, err = e.store.Need(ctx, needID); err != nil {
			return Need{}, err
		}
	} else {
		var own Assignment
		if n, own, err = e.assignmentOf(ctx, v, ActFinish, needID); err != nil {
			return Need{}, err
		}
		if err := e.moveAssignment(&own, to); err != nil {
			return Need{}, err
		}
		a = &own
	}
	if err := e.moveNeed(&n, needTo, who(v), v.Subject, note); err != nil {
		return Need{}, err
	}
	return n, e.saveWorkflow(ctx, n, a)
}

// InboxItem is an assignment with its need.
type InboxItem struct {
	Assignment Assignment `json:"assignment"`
	Need       Need       `json:"need"`
}

// Inbox is what a team or an expert has to look at: the needs assigned to
// it, and for a team the submitted needs open in its slot this month.
type Inbox struct {
	Assigned []InboxItem `json:"assigned"`
	Open     []Need      `json:"open"`
}

// Inbox returns v's inbox.
func (e *Engine) Inbox(ctx context.Context, v Viewer) (Inbox, error) {
	if err := v.may(ActInbox); err != nil {
		return Inbox{}, err
	}
	box := Inbox{Assigned: []InboxItem{}, Open: []Need{}}
	see, err := e.needVisibility(ctx, v)
	if err != nil {
		return box, err
	}
	var mine []Assignment
	err = e.store.EachAssignment(ctx, func(a Assignment) error {
		if a.ProfileID == v.Subject {
			mine = append(mine, a)
		}
		return nil
	})
	if err != nil {
		return box, err
	}
	assigned := map[string]bool{}
	for _, a := range mine {
		n, err := e.store.Need(ctx, a.NeedID)
		if err != nil {
			return box, err
		}
		assigned[n.ID] = true
		box.Assigned = append(box.Assigned, InboxItem{Assignment: a, Need: v.seen(n)})
	}
	if v.Role == RoleTeam {
		err = e.store.EachNeed(ctx, func(n Need) error {
			if !assigned[n.ID] && see(&n) {
				box.Open = append(box.Open, v.seen(n))
			}
			return nil
		})
	}
	return box, err
}
