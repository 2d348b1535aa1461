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
	"yixianqian/engine/rank"
)

// packageWorld is a county × industry over the fakes, with a ranker of
// the lexical value alone (the fakes have no semantic space) calibrated so
// that the best lexical match of a need is 强 and half as good 中: five
// open needs of 仙居县 医疗器械 and suppliers written to cover them.
func packageWorld(t *testing.T) *fixture {
	t.Helper()
	sc := engine.DefaultScoring()
	sc.Model = &rank.Model{Format: 1, Name: "lexical", Features: []string{engine.FeatLexical}, Weights: []float64{1}, Calibration: rank.Platt{A: 10, B: -5}}
	f := enginetest.New(t, &engine.Options{Scoring: &sc, Now: func() time.Time { return time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC) }})
	ctx := context.Background()
	expert := func(id, name string, kw ...string) engine.Profile {
		return engine.Profile{ID: id, Kind: engine.KindExpert, Name: name, Industries: []string{"医疗器械"}, Keywords: kw, Fields: kw[:1]}
	}
	slot := func(month, county string) engine.Slot {
		return engine.Slot{Month: month, County: county, Industry: "医疗器械"}
	}
	ps := []engine.Profile{
		func() engine.Profile {
			p := expert("a-ortho", "陶院士", "接骨板疲劳寿命", "钛合金表面处理")
			p.Academy, p.MaxMentees = engine.AcademyEngineering, 2
			return p
		}(),
		{ID: "a-optics", Kind: engine.KindExpert, Name: "缪院士", Academy: engine.AcademySciences, Industries: []string{"光电"}, Keywords: []string{"光学镀膜"}},
		{ID: "t-here", Kind: engine.KindTeam, Name: "仙居分团", Industries: []string{"医疗器械"}, Keywords: []string{"环氧乙烷灭菌残留"},
			Schedule: []engine.Slot{slot("2026-12", "椒江区"), slot("2027-01", "仙居县")}},
		{ID: "t-away", Kind: engine.KindTeam, Name: "椒江分团", Industries: []string{"医疗器械"}, Keywords: []string{"环氧乙烷灭菌残留", "接骨板疲劳寿命", "内窥镜图像噪声"},
			Schedule: []engine.Slot{slot("2027-01", "椒江区")}},
		{ID: "s-here", Kind: engine.KindSociety, Name: "生物医学工程学会", Industries: []string{"医疗器械"}, Keywords: []string{"内窥镜图像噪声"},
			Stations: []engine.Station{{Name: "仙视学会服务站", County: "仙居县", Host: "台州仙视医疗科技有限公司"}}},
		{ID: "s-away", Kind: engine.KindSociety, Name: "医疗器械学会", Industries: []string{"医疗器械"}, Keywords: []string{"内窥镜图像噪声", "注塑飞边"},
			Stations: []engine.Station{{Name: "黄岩学会服务站", County: "黄岩区"}}},
		expert("e-two", "丁彬洁", "输液器注塑飞边", "导管挤出壁厚"),
		expert("e-one", "马超凌", "输液器注塑飞边模具排气", "环氧乙烷灭菌残留", "接骨板疲劳寿命", "内窥镜图像噪声"),
		func() engine.Profile {
			p := expert("e-avoid", "彭俊", "导管挤出壁厚不均")
			p.Conflicts = []string{"康泓导管"}
			return p
		}(),
	}
	if err := f.Engine.PutProfiles(ctx, ps); err != nil {
		t.Fatal(err)
	}
	need := func(id, title, ent string) engine.Need {
		return engine.Need{ID: id, Title: title, Description: title, Enterprise: ent, County: "仙居县", Industry: "医疗器械"}
	}
	if err := f.Engine.PutNeeds(ctx, []engine.Need{
		need("n1", "输液器注塑飞边多", "仙瑞医疗"), need("n2", "导管挤出壁厚不均", "康泓导管"), need("n3", "环氧乙烷灭菌残留超标", "仙瑞医疗"),
		need("n4", "接骨板疲劳寿命下降", "骨立康"), need("n5", "内窥镜图像噪声大", "仙视医疗"),
		{ID: "n-other", Description: "输液器注塑飞边", County: "黄岩区", Industry: "医疗器械"},
	}); err != nil {
		t.Fatal(err)
	}
	return &fixture{f.Engine, f.Store, f.Search}
}

func memberOf(p engine.Package, role string) []string {
	var out []string
	for _, m := range p.Members {
		if m.Role == role {
			out = append(out, m.Profile.ID)
		}
	}
	return out
}

func TestComposePackage(t *testing.T) {
	f := packageWorld(t)
	ctx := context.Background()
	p, err := f.eng.ComposePackage(ctx, staffViewer, engine.PackageRequest{County: "仙居县", Industry: "医疗器械", Size: 3})
	if err != nil {
		t.Fatal(err)
	}
	// The lead fits best; the team is the one scheduled in 仙居县 though the
	// other fits more needs; the society has a station there; the expert
	// covering two needs no other member covers beats one covering one of
	// them and three covered already (a larger total), and then every need
	// is covered; the expert avoiding the need's enterprise covers nothing
	// of it.
	got := map[string][]string{}
	for _, role := range []string{engine.MemberLead, engine.MemberTeam, engine.MemberSociety, engine.MemberExpert} {
		got[role] = memberOf(p, role)
	}
	want := map[string][]string{engine.MemberLead: {"a-ortho"}, engine.MemberTeam: {"t-here"}, engine.MemberSociety: {"s-here"}, engine.MemberExpert: {"e-two"}}
	for role, ids := range want {
		if !slices.Equal(got[role], ids) {
			t.Errorf("%s: %v, want %v", role, got[role], ids)
		}
	}
	if len(p.Needs) != 5 || p.Covered != 5 {
		t.Fatalf("needs %d, covered %d: %+v", len(p.Needs), p.Covered, p.Needs)
	}
	coveredBy := map[string]string{"n1": "e-two", "n2": "e-two", "n3": "t-here", "n4": "a-ortho", "n5": "s-here"}
	for _, n := range p.Needs {
		if len(n.Covers) == 0 || n.Covers[0].ProfileID != coveredBy[n.NeedID] || !strings.Contains(n.Explanation, n.Covers[0].Name) || !hasHan(n.Explanation) {
			t.Errorf("need %s: covers %+v, explanation %q", n.NeedID, n.Covers, n.Explanation)
		}
		for _, c := range n.Covers {
			if c.ProfileID == "e-avoid" {
				t.Errorf("need %s covered by an expert who avoids its enterprise", n.NeedID)
			}
		}
	}
	for _, m := range p.Members {
		if !hasHan(m.Reason) {
			t.Errorf("member %s: reason %q", m.Profile.Name, m.Reason)
		}
	}
	if !strings.Contains(p.Members[1].Reason, "2027年1月在仙居县服务医疗器械") {
		t.Errorf("team reason %q", p.Members[1].Reason)
	}
	if p.Baseline.Size != len(p.Members) || p.Baseline.Covered > p.Covered {
		t.Errorf("baseline %+v against %d covered", p.Baseline, p.Covered)
	}
}

func TestComposePackageWithStaffChoices(t *testing.T) {
	f := packageWorld(t)
	ctx := context.Background()
	p, err := f.eng.ComposePackage(ctx, staffViewer, engine.PackageRequest{County: "仙居县", Industry: "医疗器械", Team: "t-away", Experts: []string{"e-one"}, Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(memberOf(p, engine.MemberTeam), []string{"t-away"}) || !slices.Equal(memberOf(p, engine.MemberExpert), []string{"e-one"}) {
		t.Errorf("staff's choices not kept: %+v", p.Members)
	}
	for _, bad := range []engine.PackageRequest{
		{County: "外星", Industry: "医疗器械"},
		{County: "仙居县", Industry: ""},
		{County: "仙居县", Industry: "医疗器械", Team: "e-one"},
		{County: "仙居县", Industry: "医疗器械", Lead: "e-one"},
		{County: "仙居县", Industry: "医疗器械", Size: 11},
		{County: "仙居县", Industry: "医疗器械", Experts: []string{"nobody"}},
	} {
		if _, err := f.eng.ComposePackage(ctx, staffViewer, bad); !errors.Is(err, engine.ErrInvalid) || !hasHan(engine.Message(err)) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	// No open need: members by industry, with a note.
	p, err = f.eng.ComposePackage(ctx, staffViewer, engine.PackageRequest{County: "三门县", Industry: "医疗器械"})
	if err != nil || len(p.Needs) != 0 || len(p.Notes) == 0 || len(memberOf(p, engine.MemberTeam)) != 1 {
		t.Errorf("no open need: %v %+v", err, p)
	}
	for _, m := range p.Members {
		if m.Covers == nil {
			t.Errorf("member %s: covers is null, not an empty list, for the pages", m.Profile.ID)
		}
	}
}

func TestSaveAssignPackageAndFunnels(t *testing.T) {
	f := packageWorld(t)
	ctx := context.Background()
	if err := f.eng.PutGroups(ctx, []engine.ServiceGroup{{ID: "grp-1", Name: "生物医药科技服务团", Theme: "生物医药", Profiles: []string{"a-ortho", "t-here", "e-two"},
		Projects: []engine.Project{{Name: "仙居县医疗器械产业链技术服务", Year: 2026, Funding: 80, Profiles: []string{"t-here"}}}}}); err != nil {
		t.Fatal(err)
	}
	saved, err := f.eng.SavePackage(ctx, staffViewer, engine.PackageRequest{County: "仙居县", Industry: "医疗器械", GroupID: "grp-1"})
	if err != nil || saved.ID == "" || saved.Funnel.Needs != 5 || saved.Funnel.Covered != 5 || saved.Funnel.Assigned != 0 {
		t.Fatalf("saved: %v %+v", err, saved.Funnel)
	}
	if _, err := f.eng.SavePackage(ctx, staffViewer, engine.PackageRequest{County: "仙居县", Industry: "医疗器械", GroupID: "grp-none"}); !errors.Is(err, engine.ErrInvalid) {
		t.Errorf("unknown group: %v", err)
	}
	res, err := f.eng.AssignPackage(ctx, staffViewer, saved.ID)
	if err != nil || len(res.Made) != 5 || len(res.Refused) != 0 || res.Package.Funnel.Assigned != 5 {
		t.Fatalf("assign: %v made %d refused %+v funnel %+v", err, len(res.Made), res.Refused, res.Package.Funnel)
	}
	for _, n := range res.Package.Needs {
		if n.AssignedTo != n.Covers[0].ProfileID {
			t.Errorf("need %s assigned to %s, want %s", n.NeedID, n.AssignedTo, n.Covers[0].ProfileID)
		}
	}
	// Assigning again changes nothing.
	if again, err := f.eng.AssignPackage(ctx, staffViewer, saved.ID); err != nil || len(again.Made) != 0 {
		t.Errorf("assign twice: %v %d", err, len(again.Made))
	}
	// The team accepts and resolves its need: both funnels count it.
	team := engine.Viewer{Role: engine.RoleTeam, Subject: "t-here"}
	if _, err := f.eng.Respond(ctx, team, "n3", true, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.Finish(ctx, team, "n3", true, "已将解析温度提高到45℃，残留达标"); err != nil {
		t.Fatal(err)
	}
	pv, err := f.eng.ViewPackage(ctx, staffViewer, saved.ID)
	if err != nil || pv.Funnel.Accepted != 1 || pv.Funnel.Resolved != 1 {
		t.Errorf("package funnel: %v %+v", err, pv.Funnel)
	}
	gs, err := f.eng.ListGroups(ctx, staffViewer)
	if err != nil || len(gs) != 1 {
		t.Fatal(err, gs)
	}
	// The group's members a-ortho, t-here, e-two hold n4, n3, n1 and n2.
	if g := gs[0]; g.Funnel.Needs != 4 || g.Funnel.Assigned != 4 || g.Funnel.Resolved != 1 || g.Funding != 80 || len(g.Members) != 3 {
		t.Errorf("group funnel %+v, funding %g, members %d", g.Funnel, g.Funding, len(g.Members))
	}
	list, err := f.eng.ListPackages(ctx, staffViewer)
	if err != nil || len(list) != 1 || list[0].GroupID != "grp-1" {
		t.Errorf("packages: %v %+v", err, list)
	}
}

func TestServiceGroupValidation(t *testing.T) {
	f := packageWorld(t)
	ctx := context.Background()
	for name, g := range map[string]engine.ServiceGroup{
		"no theme":         {ID: "g", Name: "服务团", Profiles: []string{"e-one"}},
		"unknown member":   {ID: "g", Name: "服务团", Theme: "生物医药", Profiles: []string{"nobody"}},
		"stranger on it":   {ID: "g", Name: "服务团", Theme: "生物医药", Profiles: []string{"e-one"}, Projects: []engine.Project{{Name: "项目", Profiles: []string{"e-two"}}}},
		"negative funding": {ID: "g", Name: "服务团", Theme: "生物医药", Projects: []engine.Project{{Name: "项目", Funding: -1}}},
		"bad id":           {ID: "g g", Name: "服务团", Theme: "生物医药"},
	} {
		if _, err := f.eng.SaveGroup(ctx, staffViewer, g); !errors.Is(err, engine.ErrInvalid) || !hasHan(engine.Message(err)) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
