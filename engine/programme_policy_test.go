package engine_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"yixianqian/engine"
)

// TestProgrammeMethodsCheckThePolicy calls every engine method of pairing
// rounds, packages and service groups as every role: a role outside the
// method's policy gets ErrForbidden from the engine itself.
func TestProgrammeMethodsCheckThePolicy(t *testing.T) {
	f := pairingWorld(t)
	ctx := context.Background()
	staff := []engine.Role{engine.RoleAdmin, engine.RoleAnalyst}
	experts := append(slices.Clone(staff), engine.RoleExpert)
	const round = "no-such-round"
	calls := []struct {
		name  string
		roles []engine.Role
		call  func(v engine.Viewer) error
	}{
		{"PairingCandidates", staff, func(v engine.Viewer) error { _, err := f.eng.PairingCandidates(ctx, v); return err }},
		{"OpenRound", staff, func(v engine.Viewer) error {
			_, err := f.eng.OpenRound(ctx, v, engine.RoundInput{Name: "轮次"})
			return err
		}},
		{"ListRounds", staff, func(v engine.Viewer) error { _, err := f.eng.ListRounds(ctx, v); return err }},
		{"ViewRound", staff, func(v engine.Viewer) error { _, err := f.eng.ViewRound(ctx, v, round); return err }},
		{"ProposePairs", staff, func(v engine.Viewer) error { _, err := f.eng.ProposePairs(ctx, v, round); return err }},
		{"AdjustPair", staff, func(v engine.Viewer) error {
			_, err := f.eng.AdjustPair(ctx, v, round, "m-pump1", engine.PairAdjust{Mode: engine.PairAdvice})
			return err
		}},
		{"ApprovePair", staff, func(v engine.Viewer) error { _, err := f.eng.ApprovePair(ctx, v, round, "m-pump1"); return err }},
		{"RemovePair", staff, func(v engine.Viewer) error { _, err := f.eng.RemovePair(ctx, v, round, "m-pump1"); return err }},
		{"SetConflicts", staff, func(v engine.Viewer) error { _, err := f.eng.SetConflicts(ctx, v, round, nil); return err }},
		{"ReportRound", staff, func(v engine.Viewer) error { _, err := f.eng.ReportRound(ctx, v, round); return err }},
		{"SetPreference", experts, func(v engine.Viewer) error {
			_, err := f.eng.SetPreference(ctx, v, round, engine.PairPreference{MenteeID: v.Subject})
			return err
		}},
		{"RecordActivity", experts, func(v engine.Viewer) error {
			_, err := f.eng.RecordActivity(ctx, v, round, "m-pump1", engine.ActivityInput{Kind: engine.ActivityMeeting, Date: "2026-11-25", Title: "见面"})
			return err
		}},
		{"MyPairings", []engine.Role{engine.RoleExpert}, func(v engine.Viewer) error { _, err := f.eng.MyPairings(ctx, v); return err }},
		{"ComposePackage", staff, func(v engine.Viewer) error {
			_, err := f.eng.ComposePackage(ctx, v, engine.PackageRequest{County: "仙居县", Industry: "医疗器械"})
			return err
		}},
		{"SavePackage", staff, func(v engine.Viewer) error {
			_, err := f.eng.SavePackage(ctx, v, engine.PackageRequest{County: "仙居县", Industry: "医疗器械"})
			return err
		}},
		{"ListPackages", staff, func(v engine.Viewer) error { _, err := f.eng.ListPackages(ctx, v); return err }},
		{"ViewPackage", staff, func(v engine.Viewer) error { _, err := f.eng.ViewPackage(ctx, v, "no-such"); return err }},
		{"AssignPackage", staff, func(v engine.Viewer) error { _, err := f.eng.AssignPackage(ctx, v, "no-such"); return err }},
		{"SaveGroup", staff, func(v engine.Viewer) error {
			_, err := f.eng.SaveGroup(ctx, v, engine.ServiceGroup{ID: "g-" + string(v.Role), Name: "服务团", Theme: "生物医药"})
			return err
		}},
		{"ListGroups", staff, func(v engine.Viewer) error { _, err := f.eng.ListGroups(ctx, v); return err }},
		{"ViewGroup", staff, func(v engine.Viewer) error { _, err := f.eng.ViewGroup(ctx, v, "no-such"); return err }},
	}
	subject := map[engine.Role]string{engine.RoleCompany: "某公司", engine.RoleTeam: "team-01", engine.RoleExpert: "m-pump1"}
	for _, c := range calls {
		for _, r := range engine.Roles() {
			err := c.call(engine.Viewer{Role: r, Subject: subject[r]})
			if forbidden := errors.Is(err, engine.ErrForbidden); forbidden == slices.Contains(c.roles, r) {
				t.Errorf("%s as %s: %v (allowed: %v)", c.name, r, err, c.roles)
			}
		}
	}
}
