package engine_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"yixianqian/engine"
)

// TestNeedTransitions lists every pair of statuses and whether a need may
// go from one to the other.
func TestNeedTransitions(t *testing.T) {
	S := engine.Statuses()
	allowed := map[engine.Status][]engine.Status{
		engine.StatusSubmitted:  {engine.StatusMatched, engine.StatusAssigned, engine.StatusClosed, engine.StatusWithdrawn},
		engine.StatusMatched:    {engine.StatusMatched, engine.StatusAssigned, engine.StatusClosed, engine.StatusWithdrawn},
		engine.StatusAssigned:   {engine.StatusAssigned, engine.StatusAccepted, engine.StatusDeclined, engine.StatusClosed, engine.StatusWithdrawn},
		engine.StatusDeclined:   {engine.StatusAssigned, engine.StatusClosed, engine.StatusWithdrawn},
		engine.StatusAccepted:   {engine.StatusAccepted, engine.StatusInProgress, engine.StatusResolved, engine.StatusClosed},
		engine.StatusInProgress: {engine.StatusInProgress, engine.StatusResolved, engine.StatusClosed},
		engine.StatusResolved:   nil,
		engine.StatusClosed:     nil,
		engine.StatusWithdrawn:  nil,
	}
	for _, from := range S {
		for _, to := range S {
			want := slices.Contains(allowed[from], to)
			if got := engine.CanMove(from, to); got != want {
				t.Errorf("CanMove(%s, %s) = %v, want %v", from, to, got, want)
			}
		}
	}
}

func TestWorkflow(t *testing.T) {
	f := learnedDemo(t)
	ctx := context.Background()
	staff := engine.Viewer{Role: engine.RoleAnalyst}
	ns, _ := f.eng.Needs(ctx)
	n := ns[0]
	expert := engine.Viewer{Role: engine.RoleExpert, Subject: "exp-002"}
	other := engine.Viewer{Role: engine.RoleExpert, Subject: "exp-003"}

	if _, err := f.eng.MarkMatched(ctx, staff, n.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.Respond(ctx, expert, n.ID, true, ""); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("answering before assignment: %v, want ErrNotFound", err)
	}
	if _, err := f.eng.Assign(ctx, engine.Operator(), n.ID, expert.Subject); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.Progress(ctx, expert, n.ID, "开始"); !errors.Is(err, engine.ErrConflict) {
		t.Errorf("progress before accepting: %v, want ErrConflict", err)
	}
	if _, err := f.eng.Respond(ctx, other, n.ID, true, ""); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("another expert answering: %v, want ErrNotFound", err)
	}
	if _, err := f.eng.Respond(ctx, expert, n.ID, false, " "); !errors.Is(err, engine.ErrInvalid) {
		t.Errorf("decline without reason: %v, want ErrInvalid", err)
	}
	got, err := f.eng.Respond(ctx, expert, n.ID, true, "")
	if err != nil || got.Status != engine.StatusAccepted {
		t.Fatalf("accept: %v, %v", got.Status, err)
	}
	if _, err := f.eng.Respond(ctx, expert, n.ID, true, ""); !errors.Is(err, engine.ErrConflict) {
		t.Errorf("accepting twice: %v, want ErrConflict", err)
	}
	if got, err = f.eng.Progress(ctx, expert, n.ID, "完成现场诊断，初步判断为结晶温度控制问题"); err != nil || got.Status != engine.StatusInProgress {
		t.Fatalf("progress: %v, %v", got.Status, err)
	}
	if got, err = f.eng.Finish(ctx, expert, n.ID, true, "工艺调整后合格率恢复"); err != nil || got.Status != engine.StatusResolved {
		t.Fatalf("resolve: %v, %v", got.Status, err)
	}
	if _, err := f.eng.Finish(ctx, staff, n.ID, false, ""); !errors.Is(err, engine.ErrConflict) {
		t.Errorf("closing a resolved need: %v, want ErrConflict", err)
	}
	// Every step is in the history, with who and when.
	stored, _ := f.eng.Need(ctx, n.ID)
	var path []engine.Status
	for _, h := range stored.History {
		path = append(path, h.To)
		if h.By == "" || h.At.IsZero() {
			t.Errorf("transition without who or when: %+v", h)
		}
	}
	want := []engine.Status{engine.StatusMatched, engine.StatusAssigned, engine.StatusAccepted, engine.StatusInProgress, engine.StatusResolved}
	if !slices.Equal(path, want) {
		t.Errorf("history %v, want %v", path, want)
	}
	box, err := f.eng.Inbox(ctx, expert)
	if err != nil || len(box.Assigned) != 1 || box.Assigned[0].Assignment.Status != engine.AssignResolved || len(box.Assigned[0].Assignment.Notes) != 1 {
		t.Errorf("inbox = %+v, %v", box, err)
	}

	// Declined by its only supplier, a need is declined and can be given to another.
	m := ns[1]
	if _, err := f.eng.Assign(ctx, engine.Operator(), m.ID, expert.Subject); err != nil {
		t.Fatal(err)
	}
	if got, err = f.eng.Respond(ctx, expert, m.ID, false, "方向不对口"); err != nil || got.Status != engine.StatusDeclined {
		t.Fatalf("decline: %v, %v", got.Status, err)
	}
	if _, err := f.eng.Assign(ctx, engine.Operator(), m.ID, other.Subject); err != nil {
		t.Errorf("reassigning a declined need: %v", err)
	}
	// Withdrawn, it frees its supplier and takes no more steps.
	if _, err := f.eng.WithdrawNeed(ctx, staff, m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.Respond(ctx, other, m.ID, true, ""); !errors.Is(err, engine.ErrConflict) {
		t.Errorf("accepting a withdrawn need: %v, want ErrConflict", err)
	}
	if _, err := f.eng.Assign(ctx, engine.Operator(), m.ID, "exp-004"); !errors.Is(err, engine.ErrConflict) {
		t.Errorf("assigning a withdrawn need: %v, want ErrConflict", err)
	}
}

func TestTeamInboxShowsItsSlot(t *testing.T) {
	f := learnedDemo(t)
	ctx := context.Background()
	slot := engine.Slot{Month: f.eng.Now().Format("2006-01"), County: "三门县", Industry: "现代农业"}
	team := engine.Profile{ID: "team-now", Kind: engine.KindTeam, Name: "本月服务团", Schedule: []engine.Slot{slot}}
	if err := f.eng.PutProfiles(ctx, []engine.Profile{team}); err != nil {
		t.Fatal(err)
	}
	in := engine.Need{ID: "slot-need", Description: "测试", County: slot.County, Industry: slot.Industry}
	out := engine.Need{ID: "other-need", Description: "测试", County: slot.County, Industry: "阀门"}
	matched := engine.Need{ID: "matched-need", Description: "测试", County: slot.County, Industry: slot.Industry, Status: engine.StatusMatched}
	if err := f.eng.PutNeeds(ctx, []engine.Need{in, out, matched}); err != nil {
		t.Fatal(err)
	}
	box, err := f.eng.Inbox(ctx, engine.Viewer{Role: engine.RoleTeam, Subject: "team-now"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range box.Open {
		ids = append(ids, n.ID)
	}
	if !slices.Contains(ids, "slot-need") || !slices.Contains(ids, "matched-need") || slices.Contains(ids, "other-need") {
		t.Errorf("open in slot = %v, want slot-need and matched-need, not other-need", ids)
	}
	// The team may read what its inbox shows, and no more.
	viewer := engine.Viewer{Role: engine.RoleTeam, Subject: "team-now"}
	page, err := f.eng.ListNeeds(ctx, viewer, engine.NeedFilter{})
	if err != nil || page.Total != 2 {
		t.Errorf("team lists %d needs, want the 2 in its slot: %v", page.Total, err)
	}
}

func TestFeedbackAndFunnel(t *testing.T) {
	f := learnedDemo(t)
	ctx := context.Background()
	ns, _ := f.eng.Needs(ctx)
	company := engine.Viewer{Role: engine.RoleCompany, Subject: ns[0].Enterprise}
	staff := engine.Viewer{Role: engine.RoleAnalyst}
	// Two assignments: one accepted, one declined.
	for i, p := range []string{"exp-002", "exp-003"} {
		if _, err := f.eng.Assign(ctx, engine.Operator(), ns[i].ID, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.eng.Respond(ctx, engine.Viewer{Role: engine.RoleExpert, Subject: "exp-002"}, ns[0].ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.Respond(ctx, engine.Viewer{Role: engine.RoleExpert, Subject: "exp-003"}, ns[1].ID, false, "排期已满"); err != nil {
		t.Fatal(err)
	}
	fun, err := f.eng.FunnelStats(ctx, engine.Operator(), "")
	if err != nil {
		t.Fatal(err)
	}
	if fun.Needs != 60 || fun.ByStatus[engine.StatusAccepted] != 1 || fun.ByStatus[engine.StatusDeclined] != 1 || fun.ByStatus[engine.StatusSubmitted] != 58 {
		t.Errorf("funnel by status = %v of %d", fun.ByStatus, fun.Needs)
	}
	if fun.AcceptanceRate != 0.5 {
		t.Errorf("acceptance rate = %v, want 0.5 (1 of 2 answers)", fun.AcceptanceRate)
	}
	if fun.MedianHoursToAccept < 0 {
		t.Errorf("median hours to accept = %v", fun.MedianHoursToAccept)
	}
	if c := fun.CountyCoverage[ns[0].County]; c <= 0 {
		t.Errorf("coverage of %s = %v, want > 0", ns[0].County, c)
	}

	// Feedback: only the need's own company (or staff), known reasons only.
	if _, err := f.eng.GiveFeedback(ctx, company, engine.Feedback{NeedID: ns[0].ID, ProfileID: "exp-002", Useful: true, Reason: engine.FeedbackSolved}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.GiveFeedback(ctx, company, engine.Feedback{NeedID: ns[1].ID, ProfileID: "exp-003", Useful: false}); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("feedback on another company's need: %v, want ErrNotFound", err)
	}
	if _, err := f.eng.GiveFeedback(ctx, staff, engine.Feedback{NeedID: ns[1].ID, ProfileID: "exp-003", Useful: false, Reason: "太贵了"}); !errors.Is(err, engine.ErrInvalid) {
		t.Errorf("unknown reason: %v, want ErrInvalid", err)
	}
	if _, err := f.eng.GiveFeedback(ctx, staff, engine.Feedback{NeedID: ns[1].ID, ProfileID: "exp-003", Useful: false, Reason: engine.FeedbackOffTopic}); err != nil {
		t.Fatal(err)
	}
	q, err := f.eng.FeedbackQrels(ctx, engine.Operator())
	if err != nil || !slices.Equal(q, []string{ns[0].ID + "\t0\texp-002\t2", ns[1].ID + "\t0\texp-003\t0"}) {
		t.Errorf("qrels = %q, %v", q, err)
	}
}
