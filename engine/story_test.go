package engine_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"yixianqian/engine"
	"yixianqian/engine/enginetest"
)

func TestStoryAndTeamRequest(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	f := enginetest.New(t, &engine.Options{Now: func() time.Time { return now }})
	eng, ctx := f.Engine, context.Background()
	if err := eng.PutProfiles(ctx, []engine.Profile{
		{ID: "t1", Kind: engine.KindTeam, Name: "泵阀博士服务团", Schedule: []engine.Slot{{Month: "2026-12", County: "温岭市", Industry: "泵与电机"}}},
		{ID: "e1", Kind: engine.KindExpert, Name: "王伟"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := eng.PutNeeds(ctx, []engine.Need{
		{ID: "n1", Title: "屏蔽泵效率偏低", Description: "屏蔽泵效率偏低", Enterprise: "甲公司", County: "温岭市", Industry: "泵与电机"},
	}); err != nil {
		t.Fatal(err)
	}
	team := engine.Viewer{Role: engine.RoleTeam, Subject: "t1"}
	expert := engine.Viewer{Role: engine.RoleExpert, Subject: "e1"}
	company := engine.Viewer{Role: engine.RoleCompany, Subject: "甲公司"}
	staff := engine.Viewer{Role: engine.RoleAnalyst}

	if _, err := eng.RequestNeed(ctx, team, "n1", "本月正在温岭"); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.RequestNeed(ctx, team, "n1", ""); !errors.Is(err, engine.ErrConflict) || engine.Message(err) == "" {
		t.Errorf("second request: %v", err)
	}
	if _, err := eng.RequestNeed(ctx, expert, "n1", ""); !errors.Is(err, engine.ErrForbidden) {
		t.Errorf("expert request: %v", err)
	}
	// Staff confirm the request by assigning; the expert is assigned too.
	for _, id := range []string{"t1", "e1"} {
		if _, err := eng.Assign(ctx, staff, "n1", id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := eng.Respond(ctx, team, "n1", true, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Progress(ctx, team, "n1", "已与企业电话沟通，约定下周到厂取样"); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.GiveFeedback(ctx, company, engine.Feedback{NeedID: "n1", ProfileID: "t1", Useful: true}); err != nil {
		t.Fatal(err)
	}
	st, err := eng.Story(ctx, company, "n1")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Assignments) != 2 || len(st.Feedback) != 1 || len(st.Requests) != 1 {
		t.Fatalf("company's story: %d assignments, %d feedback, %d requests", len(st.Assignments), len(st.Feedback), len(st.Requests))
	}
	var note string
	for _, a := range st.Assignments {
		if a.ProfileID == "t1" && len(a.Notes) == 1 {
			note = a.Notes[0].Text
		}
	}
	if note != "已与企业电话沟通，约定下周到厂取样" {
		t.Errorf("progress note %q", note)
	}
	if st.Names["t1"] != "泵阀博士服务团" || st.Names["e1"] != "王伟" || st.Names["team:t1"] != "泵阀博士服务团" || st.Names["analyst"] != "科协工作人员" {
		t.Errorf("names %v", st.Names)
	}
	for by, name := range st.Names {
		if strings.Contains(name, ":") {
			t.Errorf("name of %s is %q", by, name)
		}
	}
	// An expert sees only its own assignment and no feedback, and not the
	// team's steps or its request.
	own, err := eng.Story(ctx, expert, "n1")
	if err != nil || len(own.Assignments) != 1 || own.Assignments[0].ProfileID != "e1" || len(own.Feedback) != 0 {
		t.Errorf("expert's story %+v %v", own.Assignments, err)
	}
	for _, h := range own.History {
		if h.ProfileID == "t1" {
			t.Errorf("the expert sees the team's step %+v", h)
		}
	}
	if len(own.Requests) != 0 || own.Names["t1"] != "" {
		t.Errorf("the expert sees the team's request %+v or name %q", own.Requests, own.Names["t1"])
	}
	if full, _ := eng.Story(ctx, staff, "n1"); !slices.ContainsFunc(full.History, func(h engine.Transition) bool { return h.ProfileID == "t1" }) {
		t.Errorf("staff do not see the team's steps: %+v", full.History)
	}
	if _, err := eng.Story(ctx, engine.Viewer{Role: engine.RoleCompany, Subject: "乙公司"}, "n1"); engine.Message(err) != "未找到该需求，或您无权查看" {
		t.Errorf("another company: %v", err)
	}
}

func TestNeedListFilters(t *testing.T) {
	f := learnedDemo(t)
	ctx := context.Background()
	staff := engine.Viewer{Role: engine.RoleAnalyst}
	all, err := f.eng.ListNeeds(ctx, staff, engine.NeedFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := all.Needs[len(all.Needs)-1]
	word := []rune(n.Title)
	q := string(word[:min(4, len(word))])
	page, err := f.eng.ListNeeds(ctx, staff, engine.NeedFilter{Query: q, Newest: true})
	if err != nil || page.Total == 0 || page.Total > all.Total {
		t.Fatalf("query %q: %d of %d, %v", q, page.Total, all.Total, err)
	}
	for _, m := range page.Needs {
		if !strings.Contains(m.Title+m.Description+m.Enterprise, q) {
			t.Errorf("%s does not contain %q", m.ID, q)
		}
	}
	if _, err := f.eng.ListNeeds(ctx, staff, engine.NeedFilter{Month: "2026-13"}); engine.Message(err) == "" {
		t.Errorf("bad month: %v", err)
	}
	newest, _ := f.eng.ListNeeds(ctx, staff, engine.NeedFilter{Newest: true, Limit: 500})
	for i := 1; i < len(newest.Needs); i++ {
		if newest.Needs[i].Created.After(newest.Needs[i-1].Created) {
			t.Fatalf("not newest first at %d", i)
		}
	}
}

// TestTimelineNamesTheStaffMember: a step taken by a staff member signed
// in with a password is named by the person, not by the role.
func TestTimelineNamesTheStaffMember(t *testing.T) {
	f := enginetest.New(t, nil)
	eng, ctx := f.Engine, context.Background()
	acc, err := eng.CreateAccount(ctx, engine.Viewer{Role: engine.RoleAdmin}, engine.AccountInput{Username: "chenxw", Name: "陈晓雯", Role: engine.RoleAnalyst, Password: "kexie-2026-pass"})
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.PutProfiles(ctx, []engine.Profile{{ID: "e1", Kind: engine.KindExpert, Name: "王伟"}}); err != nil {
		t.Fatal(err)
	}
	if err := eng.PutNeeds(ctx, []engine.Need{{ID: "n1", Title: "屏蔽泵效率偏低", Description: "屏蔽泵效率偏低", Enterprise: "甲公司"}}); err != nil {
		t.Fatal(err)
	}
	staff := engine.Viewer{Role: engine.RoleAnalyst, Account: acc.ID}
	if _, err := eng.Assign(ctx, staff, "n1", "e1"); err != nil {
		t.Fatal(err)
	}
	st, err := eng.Story(ctx, staff, "n1")
	if err != nil {
		t.Fatal(err)
	}
	last := st.History[len(st.History)-1]
	if got := st.Names[last.By]; got != "陈晓雯" {
		t.Errorf("the assigning step is by %q, named %q; want 陈晓雯", last.By, got)
	}
}
