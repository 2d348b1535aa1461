package demo

import (
	"slices"
	"testing"

	"yixianqian/engine"
)

// TestProgrammeDataFitsTheDemo checks the hand-written programme files:
// every line valid, no ID the generated demo uses, every group member a
// demo profile, three groups with funded projects, a team scheduled in
// 仙居县 for 医疗器械 in the coming months, and open needs there.
func TestProgrammeDataFitsTheDemo(t *testing.T) {
	ps, bad, err := engine.ReadProfiles(Profiles())
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	extra, bad, err := engine.ReadProfiles(ProgrammeProfiles())
	if err != nil || len(bad) > 0 || len(extra) == 0 {
		t.Fatalf("programme profiles: %v %v (%d)", err, bad, len(extra))
	}
	ns, _, _ := engine.ReadNeeds(Needs())
	needs, bad, err := engine.ReadNeeds(ProgrammeNeeds())
	if err != nil || len(bad) > 0 {
		t.Fatalf("programme needs: %v %v", err, bad)
	}
	gs, bad, err := engine.ReadGroups(Groups())
	if err != nil || len(bad) > 0 || len(gs) != 3 {
		t.Fatalf("groups: %v %v (%d)", err, bad, len(gs))
	}
	known := map[string]bool{}
	for _, p := range ps {
		known[p.ID] = true
	}
	for _, p := range extra {
		if known[p.ID] {
			t.Errorf("programme profile %s repeats a demo ID", p.ID)
		}
		known[p.ID] = true
	}
	for _, n := range needs {
		if slices.ContainsFunc(ns, func(o engine.Need) bool { return o.ID == n.ID }) {
			t.Errorf("programme need %s repeats a demo ID", n.ID)
		}
		if n.County != "仙居县" || n.Industry != "医疗器械" || n.Status != "" {
			t.Errorf("need %s: %s %s %s, want an open need of 仙居县 医疗器械", n.ID, n.County, n.Industry, n.Status)
		}
	}
	funded := 0
	for _, g := range gs {
		if !slices.Contains(engine.GroupThemes(), g.Theme) || len(g.Profiles) < 10 {
			t.Errorf("group %s: theme %q, %d members", g.ID, g.Theme, len(g.Profiles))
		}
		for _, id := range g.Profiles {
			if !known[id] {
				t.Errorf("group %s: member %s is not a demo profile", g.ID, id)
			}
		}
		for _, pj := range g.Projects {
			if pj.Funding > 0 && pj.Year > 0 {
				funded++
			}
		}
	}
	if funded < 9 {
		t.Errorf("%d funded projects, want at least 9", funded)
	}
	slots := 0
	for _, s := range extra[0].Schedule {
		if s.County == "仙居县" && s.Industry == "医疗器械" && s.Month >= "2026-11" {
			slots++
		}
	}
	if extra[0].Kind != engine.KindTeam || slots < 6 || len(needs) < 5 {
		t.Errorf("team %s has %d 仙居县 医疗器械 slots from 2026-11; %d needs", extra[0].ID, slots, len(needs))
	}
}
