package engine_test

import (
	"context"
	"testing"
	"time"

	"yixianqian/engine"
)

func TestMaskPhoneAndEmail(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"13812345678", "138****5678"},
		{"138-1234-5678", "138****5678"},
		{"0576-88123456", "057*****3456"},
		{"88123", "***23"},
		{"", ""},
	} {
		if got := engine.MaskPhone(tc.in); got != tc.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"wangwei@example.cn", "w***@example.cn"},
		{"王@example.cn", "王***@example.cn"},
		{"", ""},
	} {
		if got := engine.MaskEmail(tc.in); got != tc.want {
			t.Errorf("MaskEmail(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCompanySeesPhoneOnlyAfterAcceptance follows one supplier's contact
// details through the answers that carry profiles, before and after it
// accepts a company's need.
func TestCompanySeesPhoneOnlyAfterAcceptance(t *testing.T) {
	f := newFixture(t, time.Time{})
	ctx := context.Background()
	e1 := storedExpert()
	other := engine.Profile{ID: "exp-2", Kind: engine.KindExpert, Name: "李娜", Phone: "13900001111", Keywords: []string{"伺服电机"}}
	if err := f.eng.PutProfiles(ctx, []engine.Profile{e1, other}); err != nil {
		t.Fatal(err)
	}
	if err := f.eng.PutNeeds(ctx, []engine.Need{
		{ID: "n1", Description: "伺服电机转矩脉动大", Enterprise: "甲公司"},
		{ID: "n2", Description: "伺服电机噪声", Enterprise: "乙公司"},
	}); err != nil {
		t.Fatal(err)
	}
	jia := engine.Viewer{Role: engine.RoleCompany, Subject: "甲公司"}
	yi := engine.Viewer{Role: engine.RoleCompany, Subject: "乙公司"}
	seen := func(v engine.Viewer) (view, match string) {
		t.Helper()
		p, err := f.eng.ViewProfile(ctx, v, "exp-1")
		if err != nil {
			t.Fatal(err)
		}
		if !v.Allows(engine.ActMatch) {
			return p.Phone, p.Phone
		}
		res, err := f.eng.MatchText(ctx, v, "伺服电机转矩脉动", engine.MatchOptions{K: 5})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range res.Matches {
			if m.Profile.ID == "exp-1" {
				match = m.Profile.Phone
			}
		}
		return p.Phone, match
	}
	check := func(when string, v engine.Viewer, want string) {
		t.Helper()
		if view, match := seen(v); view != want || match != want {
			t.Errorf("%s, %s sees %q in the profile and %q in matches, want %q", when, v.Subject, view, match, want)
		}
	}
	check("before assignment", jia, "138****5678")
	if _, err := f.eng.Assign(ctx, engine.Operator(), "n1", "exp-1"); err != nil {
		t.Fatal(err)
	}
	check("assigned, not accepted", jia, "138****5678")
	if _, err := f.eng.Respond(ctx, engine.Viewer{Role: engine.RoleExpert, Subject: "exp-1"}, "n1", true, ""); err != nil {
		t.Fatal(err)
	}
	check("after acceptance", jia, "13812345678")
	check("after acceptance of another company's need", yi, "138****5678")
	check("staff", engine.Viewer{Role: engine.RoleAnalyst}, "13812345678")
	check("the expert itself", engine.Viewer{Role: engine.RoleExpert, Subject: "exp-1"}, "13812345678")

	res, err := f.eng.MatchStored(ctx, jia, "n1", engine.MatchOptions{K: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range res.Matches {
		if m.Profile.ID == "exp-2" && m.Profile.Phone != "139****1111" {
			t.Errorf("a supplier that did not accept: phone %q, want masked", m.Profile.Phone)
		}
	}
	reps, err := f.eng.ReportNeeds(ctx, jia)
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 1 || len(reps[0].Suppliers) != 1 || reps[0].Suppliers[0].Profile.Email != "wangwei@tzc.edu.cn" {
		t.Errorf("needs report for 甲公司: %+v", reps)
	}
	p, _ := f.eng.Profile(ctx, "exp-1")
	if p.Phone != "13812345678" {
		t.Errorf("the stored phone became %q", p.Phone)
	}
}
