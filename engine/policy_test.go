package engine_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"

	"yixianqian/engine"
)

// TestEngineMethodsCheckThePolicy calls every engine method a role can
// reach through the API as every role: a role outside the method's policy
// gets ErrForbidden from the engine itself, whatever sits in front of it.
func TestEngineMethodsCheckThePolicy(t *testing.T) {
	f := learnedDemo(t)
	ctx := context.Background()
	staff := []engine.Role{engine.RoleAdmin, engine.RoleAnalyst}
	companies := append(slices.Clone(staff), engine.RoleCompany)
	suppliers := []engine.Role{engine.RoleTeam, engine.RoleExpert}
	calls := []struct {
		name  string
		roles []engine.Role
		call  func(v engine.Viewer) error
	}{
		{"ListProfiles", staff, func(v engine.Viewer) error { _, err := f.eng.ListProfiles(ctx, v, engine.ProfileFilter{}); return err }},
		{"CreateProfile", staff, func(v engine.Viewer) error {
			return f.eng.CreateProfile(ctx, v, engine.Profile{ID: "new-" + string(v.Role), Kind: engine.KindExpert, Name: "新"})
		}},
		{"UpdateProfile", staff, func(v engine.Viewer) error {
			return f.eng.UpdateProfile(ctx, v, engine.Profile{ID: "exp-010", Kind: engine.KindExpert, Name: "改"})
		}},
		{"ImportProfileLines", staff, func(v engine.Viewer) error { _, err := f.eng.ImportProfileLines(ctx, v, nil, true); return err }},
		{"ImportNeedLines", staff, func(v engine.Viewer) error { _, err := f.eng.ImportNeedLines(ctx, v, nil, true); return err }},
		{"DeactivateProfile", staff, func(v engine.Viewer) error { _, err := f.eng.DeactivateProfile(ctx, v, "exp-011"); return err }},
		{"SubmitNeed", companies, func(v engine.Viewer) error {
			_, err := f.eng.SubmitNeed(ctx, v, engine.Need{Description: "测试需求"})
			return err
		}},
		{"MatchText", companies, func(v engine.Viewer) error {
			_, err := f.eng.MatchText(ctx, v, "电机", engine.MatchOptions{})
			return err
		}},
		{"MarkMatched", staff, func(v engine.Viewer) error { _, err := f.eng.MarkMatched(ctx, v, "need-005"); return err }},
		{"Assign", staff, func(v engine.Viewer) error { _, err := f.eng.Assign(ctx, v, "no-such-need", "exp-001"); return err }},
		{"Inbox", suppliers, func(v engine.Viewer) error { _, err := f.eng.Inbox(ctx, v); return err }},
		{"ReportMatches", companies, func(v engine.Viewer) error {
			_, err := f.eng.ReportMatches(ctx, v, "need-001", engine.MatchOptions{K: 1})
			if errors.Is(err, engine.ErrNotFound) {
				return nil // a company sees only its own needs
			}
			return err
		}},
		{"ReportBatch", staff, func(v engine.Viewer) error { _, err := f.eng.ReportBatch(ctx, v, engine.BatchOptions{}); return err }},
		{"PlanBatch", staff, func(v engine.Viewer) error { _, err := f.eng.PlanBatch(ctx, v, engine.BatchOptions{}); return err }},
		{"FunnelStats", staff, func(v engine.Viewer) error { _, err := f.eng.FunnelStats(ctx, v, ""); return err }},
		{"FeedbackQrels", staff, func(v engine.Viewer) error { _, err := f.eng.FeedbackQrels(ctx, v); return err }},
		{"ViewDictionary", staff, func(v engine.Viewer) error { _, _, err := f.eng.ViewDictionary(v); return err }},
		{"Backup", []engine.Role{engine.RoleAdmin}, func(v engine.Viewer) error { _, err := f.eng.Backup(ctx, v, &bytes.Buffer{}); return err }},
		{"Accounts", []engine.Role{engine.RoleAdmin}, func(v engine.Viewer) error { _, err := f.eng.Accounts(ctx, v); return err }},
		{"CreateAccount", []engine.Role{engine.RoleAdmin}, func(v engine.Viewer) error {
			_, err := f.eng.CreateAccount(ctx, v, engine.AccountInput{Username: "u-" + string(v.Role), Role: engine.RoleAnalyst, Password: "12345678"})
			return err
		}},
		{"ResetPassword", []engine.Role{engine.RoleAdmin}, func(v engine.Viewer) error { return f.eng.ResetPassword(ctx, v, "no-such-account", "12345678") }},
		{"RequestNeed", []engine.Role{engine.RoleTeam}, func(v engine.Viewer) error { _, err := f.eng.RequestNeed(ctx, v, "need-001", ""); return err }},
	}
	subject := map[engine.Role]string{engine.RoleCompany: "某公司", engine.RoleTeam: "team-01", engine.RoleExpert: "exp-001"}
	for _, c := range calls {
		for _, r := range engine.Roles() {
			err := c.call(engine.Viewer{Role: r, Subject: subject[r]})
			if forbidden := errors.Is(err, engine.ErrForbidden); forbidden == slices.Contains(c.roles, r) {
				t.Errorf("%s as %s: %v (allowed: %v)", c.name, r, err, c.roles)
			}
		}
	}
}
