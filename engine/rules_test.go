package engine_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"yixianqian/engine"
)

func TestConflictRulesAreNeverBroken(t *testing.T) {
	f := learnedDemo(t)
	ctx := context.Background()
	p := demoProfile(t, f, func(p *engine.Profile) bool { return len(p.Conflicts) > 0 && !p.Inactive && len(p.Works) > 0 })
	// A need in the profile's own words: without the rule it would rank first.
	text := p.Works[0].Title + p.Works[0].Text
	free, err := f.eng.Match(ctx, text, engine.MatchOptions{K: 5})
	if err != nil || findMatch(free, p.ID) == nil {
		t.Fatalf("without an enterprise %s is not among the top 5: %v", p.ID, err)
	}
	tests := []struct {
		name       string
		enterprise string
		rule       string
	}{
		{"declared conflict", p.Conflicts[0], engine.RuleDeclaredConflict},
		{"same organisation", p.Organisation, engine.RuleSameOrganisation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := engine.Need{ID: "n", Description: text, Enterprise: tt.enterprise}
			res, err := f.eng.MatchNeed(ctx, &n, engine.MatchOptions{K: engine.MaxK, ShowFiltered: true})
			if err != nil {
				t.Fatal(err)
			}
			if findMatch(res, p.ID) != nil {
				t.Errorf("%s matched although %s", p.ID, tt.rule)
			}
			i := slices.IndexFunc(res.Filtered, func(x engine.Filtered) bool { return x.ProfileID == p.ID })
			if i < 0 || res.Filtered[i].Rule != tt.rule {
				t.Errorf("filtered = %+v, want %s with rule %s", res.Filtered, p.ID, tt.rule)
			}
		})
	}
}

func TestSlotAndCountyFit(t *testing.T) {
	f := learnedDemo(t)
	ctx := context.Background()
	team := demoProfile(t, f, func(p *engine.Profile) bool { return p.Kind == engine.KindTeam })
	slot := team.Schedule[3]
	other := team.Schedule[4]
	n := engine.Need{ID: "n", Title: team.Keywords[0] + "攻关", Description: team.Works[0].Text, County: slot.County, Industry: slot.Industry}
	sc := engine.DefaultScoring()

	in, err := f.eng.MatchNeed(ctx, &n, engine.MatchOptions{K: 50, Month: slot.Month, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	m := findMatch(in, team.ID)
	if m == nil {
		t.Fatalf("%s not matched in its own slot", team.ID)
	}
	// In its slot month: slot, county (its schedule serves the county) and industry parts.
	want := map[string]float64{engine.PartSlot: sc.Slot, engine.PartCounty: sc.County, engine.PartIndustry: sc.Industry}
	for part, w := range want {
		if m.Explain.Parts[part] != w {
			t.Errorf("%s in slot month: part %s = %v, want %v", team.ID, part, m.Explain.Parts[part], w)
		}
	}
	out, err := f.eng.MatchNeed(ctx, &n, engine.MatchOptions{K: 50, Month: other.Month, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	if mo := findMatch(out, team.ID); mo == nil || mo.Explain.Parts[engine.PartSlot] != 0 {
		t.Errorf("%s in month %s (slot %s, %s): slot part should be 0: %+v", team.ID, other.Month, other.County, other.Industry, mo)
	} else if d := m.Score - mo.Score; d < sc.Slot-1e-9 || d > sc.Slot+1e-9 {
		t.Errorf("score in slot %.4f, out of slot %.4f: the difference should be the slot weight %.1f", m.Score, mo.Score, sc.Slot)
	}
	// Free text gets no structured parts.
	free, _ := f.eng.Match(ctx, n.Text(), engine.MatchOptions{K: 50, Explain: true})
	if mf := findMatch(free, team.ID); mf == nil || mf.Explain.Parts[engine.PartSlot] != 0 || mf.Explain.Parts[engine.PartIndustry] != 0 {
		t.Errorf("free text match has structured parts: %+v", mf)
	}
}

func TestQuotasPerKind(t *testing.T) {
	f := learnedDemo(t)
	quotas := map[engine.Kind]int{engine.KindExpert: 3, engine.KindTeam: 2, engine.KindSociety: 1}
	res, err := f.eng.Match(context.Background(), "电机 模具 阀门 杨梅 原料药", engine.MatchOptions{Quotas: quotas})
	if err != nil {
		t.Fatal(err)
	}
	got := map[engine.Kind]int{}
	for _, m := range res.Matches {
		got[m.Profile.Kind]++
	}
	for k, q := range quotas {
		if got[k] != q {
			t.Errorf("%s: %d matches, want %d (all: %v)", k, got[k], q, got)
		}
	}
	if _, err := f.eng.Match(context.Background(), "电机", engine.MatchOptions{Quotas: map[engine.Kind]int{"robot": 1}}); err == nil {
		t.Error("quota for an unknown kind accepted")
	}
}

func TestTimeBudgetGivesTruncatedPrefix(t *testing.T) {
	f := learnedDemo(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := f.eng.Match(ctx, "伺服电机转矩脉动", engine.MatchOptions{})
	if err != nil {
		t.Fatalf("Match with a spent budget = %v, want a truncated result", err)
	}
	if !res.Stats.Truncated {
		t.Errorf("stats = %+v, want truncated", res.Stats)
	}
}

// TestCapacity fills an expert's stated capacity with assignments: the
// capacity part shrinks with each one, then the expert is filtered out of
// matches and further assignments are refused.
func TestCapacity(t *testing.T) {
	f := learnedDemo(t)
	ctx := context.Background()
	p := demoProfile(t, f, func(p *engine.Profile) bool {
		return p.Kind == engine.KindExpert && !p.Inactive && len(p.Conflicts) == 0 && p.Capacity >= 2
	})
	ns, err := f.eng.Needs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	text := p.Works[0].Title + p.Works[0].Text
	part := func() (float64, *engine.MatchResult) {
		res, err := f.eng.Match(ctx, text, engine.MatchOptions{K: engine.MaxK, Explain: true, ShowFiltered: true})
		if err != nil {
			t.Fatal(err)
		}
		if m := findMatch(res, p.ID); m != nil {
			return m.Explain.Parts[engine.PartCapacity], res
		}
		return -1, res
	}
	sc := engine.DefaultScoring()
	for i := range p.Capacity {
		// remaining/capacity of the weight: (capacity-i)/capacity.
		want := sc.Capacity * float64(p.Capacity-i) / float64(p.Capacity)
		if got, _ := part(); math.Abs(got-want) > 1e-9 {
			t.Errorf("after %d assignments capacity part = %v, want %v", i, got, want)
		}
		if _, err := f.eng.Assign(ctx, engine.Operator(), ns[i].ID, p.ID); err != nil {
			t.Fatalf("assignment %d of %d: %v", i+1, p.Capacity, err)
		}
	}
	got, res := part()
	if got != -1 {
		t.Errorf("%s still matched with its capacity full", p.ID)
	}
	i := slices.IndexFunc(res.Filtered, func(x engine.Filtered) bool { return x.ProfileID == p.ID })
	if i < 0 || res.Filtered[i].Rule != engine.RuleCapacityFull {
		t.Errorf("filtered = %+v, want %s as capacity_full", res.Filtered, p.ID)
	}
	if _, err := f.eng.Assign(ctx, engine.Operator(), ns[len(ns)-1].ID, p.ID); !errors.Is(err, engine.ErrConflict) {
		t.Errorf("assignment over capacity: %v, want ErrConflict", err)
	}

	// Open assignments are counted again after a restart, and they do not
	// make the index look stale.
	g := engine.New(f.store, f.search, nil)
	r, err := g.Sync(ctx, false)
	if err != nil || r.Rebuilt {
		t.Fatalf("Sync after assignments = %+v, %v; want no rebuild", r, err)
	}
	if _, err := g.Assign(ctx, engine.Operator(), ns[len(ns)-1].ID, p.ID); !errors.Is(err, engine.ErrConflict) {
		t.Errorf("after restart, assignment over capacity: %v, want ErrConflict", err)
	}
}

func TestAssignRefusesConflicts(t *testing.T) {
	f := learnedDemo(t)
	ctx := context.Background()
	p := demoProfile(t, f, func(p *engine.Profile) bool { return len(p.Conflicts) > 0 && !p.Inactive })
	n := engine.Need{ID: "conflicted", Description: "测试需求", Enterprise: p.Conflicts[0]}
	if err := f.eng.PutNeeds(ctx, []engine.Need{n}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.Assign(ctx, engine.Operator(), n.ID, p.ID); !errors.Is(err, engine.ErrConflict) || !strings.Contains(err.Error(), engine.RuleDeclaredConflict) {
		t.Errorf("Assign to a declared conflict = %v, want ErrConflict naming the rule", err)
	}
	if _, err := f.eng.Assign(ctx, engine.Operator(), "no-such-need", p.ID); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("Assign of a missing need = %v, want ErrNotFound", err)
	}
}
