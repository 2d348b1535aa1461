package api

import (
	"context"
	"strings"
	"testing"

	"yixianqian/engine"
)

// programmeProfiles adds to the world an academician who takes many
// mentees (so that every role's round has a place for e1).
func (w *world) programmeProfiles(t testing.TB) {
	t.Helper()
	err := w.eng.PutProfiles(context.Background(), []engine.Profile{{ID: "acad-m", Kind: engine.KindExpert, Name: "陈立建", Academy: engine.AcademyEngineering,
		MaxMentees: 100, Industries: []string{"泵与电机"}, Keywords: []string{"伺服电机", "永磁同步电机"}, Fields: []string{"电机与电器"}}})
	if err != nil {
		t.Fatal(err)
	}
}

// programmeSetup makes what a call of the access matrix works on and
// returns its ID: a round pairing e1 with acad-m ("round"; "approved"
// with the pair approved), a saved package or a service group.
func (w *world) programmeSetup(t testing.TB, kind, id string) string {
	t.Helper()
	ctx, op := context.Background(), engine.Operator()
	switch kind {
	case "package":
		p, err := w.eng.SavePackage(ctx, op, engine.PackageRequest{County: "温岭市", Industry: "泵与电机"})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	case "group":
		if _, err := w.eng.SaveGroup(ctx, op, engine.ServiceGroup{ID: id, Name: "智能制造科技服务团", Theme: "智能制造", Profiles: []string{"e1", "t1"}}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	r, err := w.eng.OpenRound(ctx, op, engine.RoundInput{Name: "2026 院士结对", Mentees: []string{"e1"}, Academicians: []string{"acad-m"}})
	if err == nil {
		_, err = w.eng.AdjustPair(ctx, op, r.ID, "e1", engine.PairAdjust{AcademicianID: "acad-m"})
	}
	if err == nil && kind == "approved" {
		_, err = w.eng.ApprovePair(ctx, op, r.ID, "e1")
	}
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// TestRoundOverTheAPI walks a round through the API on real parts: staff
// open it and propose, approve the pair; the expert states a wish,
// records a meeting and sees its academician; the report counts it.
func TestRoundOverTheAPI(t *testing.T) {
	w := mustWorld(t)
	w.programmeProfiles(t)
	a := w.do(t, engine.RoleAnalyst, "POST", "/v1/rounds", "application/json", strings.NewReader(`{"name":"2026 院士结对","mentees":["e1"],"academicians":["acad-m"]}`))
	if a.status != 201 {
		t.Fatalf("open: %d %s", a.status, a.raw)
	}
	id := a.body["id"].(string)
	if a := w.do(t, engine.RoleExpert, "PUT", "/v1/rounds/"+id+"/preferences/e1", "application/json", strings.NewReader(`{"mode":"项目合作","academicians":["acad-m"]}`)); a.status != 200 {
		t.Fatalf("wish: %d %s", a.status, a.raw)
	}
	a = w.do(t, engine.RoleAnalyst, "POST", "/v1/rounds/"+id+"/propose", "", nil)
	pairs, _ := a.body["pairs"].([]any)
	if a.status != 200 || len(pairs) != 1 {
		t.Fatalf("propose: %d %s", a.status, a.raw)
	}
	p := pairs[0].(map[string]any)
	if p["academician_id"] != "acad-m" || p["mode"] != "项目合作" || p["preferred"] != true || !hasHan(p["reason"].(string)) {
		t.Errorf("proposed pair %v", p)
	}
	if people := a.body["people"].(map[string]any); people["acad-m"].(map[string]any)["name"] != "陈立建" {
		t.Errorf("people %v", people)
	}
	// The expert sees nothing before approval.
	if a := w.do(t, engine.RoleExpert, "GET", "/v1/me/pairing", "", nil); a.status != 200 || len(a.body["rounds"].([]any)[0].(map[string]any)["pairs"].([]any)) != 0 {
		t.Errorf("before approval: %d %s", a.status, a.raw)
	}
	if a := w.do(t, engine.RoleAnalyst, "POST", "/v1/rounds/"+id+"/pairs/e1/approve", "", nil); a.status != 200 {
		t.Fatalf("approve: %d %s", a.status, a.raw)
	}
	if a := w.do(t, engine.RoleAnalyst, "POST", "/v1/rounds/"+id+"/pairs/e1/approve", "", nil); a.status != 409 || !hasHan(errorMessage(a)) {
		t.Errorf("approve twice: %d %s", a.status, a.raw)
	}
	a = w.do(t, engine.RoleExpert, "POST", "/v1/rounds/"+id+"/pairs/e1/activity", "application/json", strings.NewReader(`{"kind":"meeting","date":"2026-11-25","title":"首次见面，商定联合申报项目"}`))
	if a.status != 201 {
		t.Fatalf("activity: %d %s", a.status, a.raw)
	}
	a = w.do(t, engine.RoleExpert, "GET", "/v1/me/pairing", "", nil)
	mine := a.body["rounds"].([]any)[0].(map[string]any)["pairs"].([]any)
	if len(mine) != 1 || mine[0].(map[string]any)["other"].(map[string]any)["name"] != "陈立建" {
		t.Errorf("the expert's academician: %s", a.raw)
	}
	a = w.do(t, engine.RoleAnalyst, "GET", "/v1/rounds/"+id+"/report", "", nil)
	if a.status != 200 || a.body["approved"] != 1.0 || a.body["activity"].(map[string]any)["meeting"] != 1.0 || a.body["by_mode"].(map[string]any)["项目合作"] != 1.0 {
		t.Errorf("report: %d %s", a.status, a.raw)
	}
}

func TestProgrammeBadRequests(t *testing.T) {
	w := mustWorld(t)
	w.programmeProfiles(t)
	id := w.programmeSetup(t, "round", "")
	tests := []struct {
		name, method, url, body string
		status                  int
	}{
		{"round without a name", "POST", "/v1/rounds", `{"name":""}`, 400},
		{"round of unknown people", "POST", "/v1/rounds", `{"name":"x","mentees":["nobody"]}`, 400},
		{"round with a stray field", "POST", "/v1/rounds", `{"name":"x","year":2026}`, 400},
		{"missing round", "GET", "/v1/rounds/none", "", 404},
		{"bad mode", "PUT", "/v1/rounds/" + id + "/pairs/e1", `{"mode":"闲聊"}`, 400},
		{"unknown academician", "PUT", "/v1/rounds/" + id + "/pairs/e1", `{"academician_id":"nobody"}`, 404},
		{"unknown mentee", "PUT", "/v1/rounds/" + id + "/pairs/t1", `{"mode":"顾问指导"}`, 404},
		{"activity before approval", "POST", "/v1/rounds/" + id + "/pairs/e1/activity", `{"kind":"meeting","date":"2026-11-25","title":"见面"}`, 409},
		{"activity with a bad date", "POST", "/v1/rounds/" + id + "/pairs/e1/activity", `{"kind":"meeting","date":"25/11","title":"见面"}`, 400},
		{"four wishes", "PUT", "/v1/rounds/" + id + "/preferences/e1", `{"academicians":["a","b","c","d"]}`, 400},
		{"package of no county", "POST", "/v1/packages/compose", `{"county":"火星","industry":"泵与电机"}`, 400},
		{"package too big", "POST", "/v1/packages/compose", `{"county":"温岭市","industry":"泵与电机","size":99}`, 400},
		{"package lead not an academician", "POST", "/v1/packages", `{"county":"温岭市","industry":"泵与电机","lead":"e1"}`, 400},
		{"missing package", "POST", "/v1/packages/none/assign", "", 404},
		{"group id differs", "PUT", "/v1/groups/g1", `{"id":"g2","name":"x","theme":"智能制造"}`, 400},
		{"group of a stranger", "PUT", "/v1/groups/g1", `{"name":"x","theme":"智能制造","profiles":["nobody"]}`, 400},
		{"missing group", "GET", "/v1/groups/none", "", 404},
	}
	for _, tt := range tests {
		a := w.do(t, engine.RoleAnalyst, tt.method, tt.url, "application/json", strings.NewReader(tt.body))
		if a.status != tt.status || !hasHan(errorMessage(a)) {
			t.Errorf("%s: %d %s, want %d with a Chinese message", tt.name, a.status, a.raw, tt.status)
		}
	}
}

func errorMessage(a answer) string {
	e, _ := a.body["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}
