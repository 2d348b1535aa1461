package engine_test

import (
	"context"
	"testing"
	"time"

	"yixianqian/engine"
)

// TestBatchFeasibilityAndApply crafts a month in which some needs cannot
// be served, checks the report names each with its reason, applies the
// plan, and checks the next month's report sees the full capacity.
func TestBatchFeasibilityAndApply(t *testing.T) {
	f := newFixture(t, time.Time{})
	ctx := context.Background()
	month := f.eng.Now().Format("2006-01")
	ps := []engine.Profile{
		{ID: "e1", Kind: engine.KindExpert, Name: "甲", Keywords: []string{"伺服电机", "矢量控制"}, Conflicts: []string{"冲突公司"}, Capacity: 1},
		{ID: "e2", Kind: engine.KindExpert, Name: "乙", Keywords: []string{"伺服电机", "转矩脉动"}, Conflicts: []string{"冲突公司"}, Capacity: 1},
		{ID: "t1", Kind: engine.KindTeam, Name: "泵业服务团", Keywords: []string{"屏蔽泵", "水泵效率"}, Capacity: 1,
			Schedule: []engine.Slot{{Month: month, County: "温岭市", Industry: "泵与电机"}}},
		{ID: "s1", Kind: engine.KindSociety, Name: "茶叶学会", Keywords: []string{"茶叶", "杀青"}},
	}
	if err := f.eng.PutProfiles(ctx, ps); err != nil {
		t.Fatal(err)
	}
	ns := []engine.Need{
		{ID: "n1", Description: "伺服电机转矩脉动大", Enterprise: "甲厂"},
		{ID: "n2", Description: "伺服电机矢量控制", Enterprise: "冲突公司"},
		{ID: "n3", Description: "量子计算芯片封装"},
		{ID: "n5", Description: "屏蔽泵水泵效率偏低", County: "温岭市", Industry: "泵与电机"},
		{ID: "n6", Description: "屏蔽泵水泵效率偏低", County: "玉环市", Industry: "阀门"},
		{ID: "n8", Description: "希望找专家解决电机技术难题，提高质量", Enterprise: "乙厂"}, // stock phrases and one common word
	}
	if err := f.eng.PutNeeds(ctx, ns); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.Learn(ctx); err != nil {
		t.Fatal(err)
	}
	plan, err := f.eng.PlanBatch(ctx, engine.Operator(), engine.BatchOptions{Month: month})
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, u := range plan.Infeasible {
		reasons[u.NeedID] = u.Reason
	}
	want := map[string]string{"n2": engine.ReasonConflicted, "n3": engine.ReasonNoSupplier, "n6": engine.ReasonNoSupplier, "n8": engine.ReasonVague}
	for id, r := range want {
		if reasons[id] != r {
			t.Errorf("need %s: reason %q, want %q (report %+v)", id, reasons[id], r, plan.Infeasible)
		}
	}
	pairs := map[string]string{}
	for _, p := range plan.Pairs {
		pairs[p.NeedID] = p.ProfileID
	}
	if pairs["n5"] != "t1" {
		t.Errorf("n5 in t1's slot went to %q, want t1 (pairs %+v)", pairs["n5"], plan.Pairs)
	}
	if p := pairs["n1"]; p != "e1" && p != "e2" {
		t.Errorf("n1 went to %q, want e1 or e2", p)
	}
	if _, ok := pairs["n6"]; ok {
		t.Error("n6 outside every team's slot was paired")
	}

	// A dry run changes nothing; applying assigns.
	if n, _ := f.eng.Need(ctx, "n1"); n.Status != engine.StatusSubmitted {
		t.Errorf("after the dry run n1 is %s", n.Status)
	}
	made, refused, err := f.eng.ApplyBatch(ctx, engine.Viewer{Role: engine.RoleAnalyst}, plan)
	if err != nil || len(refused) > 0 || len(made) != len(plan.Pairs) {
		t.Fatalf("apply: %d made, refused %v, %v", len(made), refused, err)
	}
	if n, _ := f.eng.Need(ctx, "n1"); n.Status != engine.StatusAssigned {
		t.Errorf("after apply n1 is %s", n.Status)
	}
	// Both servo experts now full? Fill the other one and ask again.
	other := "e2"
	if pairs["n1"] == "e2" {
		other = "e1"
	}
	if err := f.eng.PutNeeds(ctx, []engine.Need{{ID: "filler", Description: "伺服电机"}, {ID: "n7", Description: "伺服电机转矩脉动", Enterprise: "丙厂"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.Assign(ctx, engine.Operator(), "filler", other); err != nil {
		t.Fatal(err)
	}
	next, err := f.eng.PlanBatch(ctx, engine.Operator(), engine.BatchOptions{Month: month})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, u := range next.Infeasible {
		if u.NeedID == "n7" {
			found = u.Reason == engine.ReasonCapacityFull
		}
		if u.NeedID == "n1" || u.NeedID == "n5" {
			t.Errorf("assigned need %s is pending again", u.NeedID)
		}
	}
	if !found {
		t.Errorf("n7 should be reported capacity_full: %+v", next.Infeasible)
	}
	// Forced and excluded pairs are respected.
	forced, err := f.eng.PlanBatch(ctx, engine.Operator(), engine.BatchOptions{Month: month, Excluded: []engine.Pair{{NeedID: "n3", ProfileID: "s1"}}, Forced: []engine.Pair{{NeedID: "n3", ProfileID: "s1"}}})
	if err == nil {
		t.Errorf("a pair both forced and excluded was accepted: %+v", forced)
	}
	forced, err = f.eng.PlanBatch(ctx, engine.Operator(), engine.BatchOptions{Month: month, Forced: []engine.Pair{{NeedID: "n3", ProfileID: "s1"}}})
	if err != nil {
		t.Fatal(err)
	}
	ok := false
	for _, p := range forced.Pairs {
		ok = ok || p.NeedID == "n3" && p.ProfileID == "s1" && p.Forced
	}
	if !ok {
		t.Errorf("forced pair n3–s1 missing: %+v", forced.Pairs)
	}
}
