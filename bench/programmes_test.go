package bench_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"yixianqian/cmd/wire"
	"yixianqian/cmd/wire/wiretest"
	"yixianqian/engine"
)

// coverRow is one county × industry of the demo: its open needs and how
// many of them the package covers (a member at 中 or better), against the
// top-k single experts and the top-k single suppliers of any kind, k being
// the package's number of members.
type coverRow struct {
	county, industry                string
	needs, members, pkg, topk, topA int
}

// strong reports whether a label is at least 中.
func strong(label string) bool { return label == engine.LabelStrong || label == engine.LabelMedium }

// measureCoverage checks a package's coverage against matching the needs
// again here, and measures the top-k baselines from the same matches.
func measureCoverage(t *testing.T, eng *engine.Engine, p engine.Package, kinds map[string]engine.Kind) coverRow {
	t.Helper()
	ctx := context.Background()
	row := coverRow{county: p.County, industry: p.Industry, needs: len(p.Needs), members: len(p.Members), pkg: p.Covered}
	labels := map[string]map[string]string{} // need → profile → label
	total := map[string]float64{}
	for _, pn := range p.Needs {
		n, err := eng.Need(ctx, pn.NeedID)
		if err != nil {
			t.Fatal(err)
		}
		res, err := eng.MatchNeed(ctx, &n, engine.MatchOptions{K: engine.MaxK, Month: time.Now().Format("2006-01")})
		if err != nil {
			t.Fatal(err)
		}
		labels[n.ID] = map[string]string{}
		for _, m := range res.Matches {
			labels[n.ID][m.Profile.ID] = m.Label
			total[m.Profile.ID] += m.Strength
		}
	}
	covered := func(ids []string) int {
		c := 0
		for _, pn := range p.Needs {
			if slices.ContainsFunc(ids, func(id string) bool { return strong(labels[pn.NeedID][id]) }) {
				c++
			}
		}
		return c
	}
	var members []string
	for _, m := range p.Members {
		members = append(members, m.Profile.ID)
	}
	if got := covered(members); got != p.Covered {
		t.Errorf("%s %s: the package says %d needs covered, matching again gives %d", p.County, p.Industry, p.Covered, got)
	}
	top := func(keep func(string) bool) []string {
		var ids []string
		for id := range total {
			if keep(id) {
				ids = append(ids, id)
			}
		}
		sort.Slice(ids, func(i, j int) bool {
			if total[ids[i]] != total[ids[j]] {
				return total[ids[i]] > total[ids[j]]
			}
			return ids[i] < ids[j]
		})
		return ids[:min(len(ids), len(members))]
	}
	row.topk = covered(top(func(id string) bool { return kinds[id] == engine.KindExpert }))
	row.topA = covered(top(func(string) bool { return true }))
	if row.topk != p.Baseline.Covered {
		t.Errorf("%s %s: the package's baseline says %d, measured here %d", p.County, p.Industry, p.Baseline.Covered, row.topk)
	}
	return row
}

// TestPackagesCoverAtLeastTopK composes a package for every county ×
// industry of the demo with open needs and checks that it covers at least
// as many needs (a member at strength 中 or better) as the top-k single
// experts, k being the package's size. With -update it writes the numbers
// to results/programmes.md, with the demo round's pairing.
func TestPackagesCoverAtLeastTopK(t *testing.T) {
	a := wiretest.DemoProgrammes(t, wire.Options{})
	ctx := context.Background()
	staff := engine.Viewer{Role: engine.RoleAnalyst, Subject: "bench"}
	ps, err := a.Engine.Profiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]engine.Kind{}
	for _, p := range ps {
		kinds[p.ID] = p.Kind
	}
	var rows []coverRow
	for _, c := range engine.Counties() {
		for _, ind := range engine.Industries() {
			p, err := a.Engine.ComposePackage(ctx, staff, engine.PackageRequest{County: c, Industry: ind})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Needs) == 0 {
				continue
			}
			r := measureCoverage(t, a.Engine, p, kinds)
			if r.pkg < r.topk {
				t.Errorf("%s %s: the package covers %d of %d needs, the top %d experts %d", c, ind, r.pkg, r.needs, r.members, r.topk)
			}
			rows = append(rows, r)
		}
	}
	if len(rows) < 20 {
		t.Fatalf("only %d county × industry pairs with open needs", len(rows))
	}
	round := demoRound(t, a.Engine)
	if *update {
		if err := os.WriteFile(filepath.Join("results", "programmes.md"), []byte(programmesReport(rows, round)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// demoRound opens the demo's round with the rule's candidates, proposes
// and checks the constraints on real parts; it returns the round's report.
func demoRound(t *testing.T, eng *engine.Engine) engine.RoundReport {
	t.Helper()
	ctx := context.Background()
	staff := engine.Viewer{Role: engine.RoleAnalyst, Subject: "bench"}
	r, err := eng.OpenRound(ctx, staff, engine.RoundInput{Name: "2026 院士结对"})
	if err == nil {
		r, err = eng.ProposePairs(ctx, staff, r.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	load, seen := map[string]int{}, map[string]bool{}
	for _, p := range r.Pairs {
		if seen[p.MenteeID] {
			t.Errorf("%s paired twice", p.MenteeID)
		}
		seen[p.MenteeID] = true
		load[p.AcademicianID]++
	}
	for a, n := range load {
		if n > r.People[a].MaxMentees {
			t.Errorf("%s: %d mentees, %d places", a, n, r.People[a].MaxMentees)
		}
	}
	rep, err := eng.ReportRound(ctx, staff, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pairs < 15 {
		t.Errorf("only %d of %d mentees paired", rep.Pairs, rep.Mentees)
	}
	return rep
}

func programmesReport(rows []coverRow, rep engine.RoundReport) string {
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].needs > rows[j].needs })
	var b strings.Builder
	var needs, pkg, topk, topA, more, same, multi, mNeeds, mPkg, mTopk int
	for _, r := range rows {
		needs, pkg, topk, topA = needs+r.needs, pkg+r.pkg, topk+r.topk, topA+r.topA
		if r.pkg > r.topk {
			more++
		} else {
			same++
		}
		if r.needs >= 3 {
			multi, mNeeds, mPkg, mTopk = multi+1, mNeeds+r.needs, mPkg+r.pkg, mTopk+r.topk
		}
	}
	fmt.Fprintf(&b, "# Packages and pairing on the demo\n\n")
	fmt.Fprintf(&b, "Measured by `go test ./bench -run PackagesCoverAtLeastTopK -update` on the demo data with the programmes' additions\n")
	fmt.Fprintf(&b, "(the generated demo, the doctoral team of 仙居县's medical device park and its six open needs), real bleve index and\n")
	fmt.Fprintf(&b, "latent space, the default ranker. A need counts as covered when a member's match for it is labelled 中 or 强.\n\n")
	fmt.Fprintf(&b, "## Packages against the top-k single experts\n\n")
	fmt.Fprintf(&b, "For every county × industry with open needs, the composed package (lead academician, a team scheduled there,\n")
	fmt.Fprintf(&b, "a society, greedy experts up to 4) against the k experts with the highest strength summed over the same needs\n")
	fmt.Fprintf(&b, "(k = the package's members), and the k best suppliers of any kind.\n\n")
	fmt.Fprintf(&b, "- %d county × industry pairs, %d open needs: the packages cover **%d**, the top-k experts %d, the top-k suppliers of any kind %d.\n", len(rows), needs, pkg, topk, topA)
	fmt.Fprintf(&b, "- The package covers more in %d pairs and as many in %d; never fewer (the test fails otherwise).\n", more, same)
	fmt.Fprintf(&b, "- Pairs with 3 or more open needs (%d, %d needs): packages %d, top-k experts %d.\n\n", multi, mNeeds, mPkg, mTopk)
	fmt.Fprintf(&b, "| county | industry | open needs | members | package covers | top-k experts cover | top-k any kind cover |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %d |\n", r.county, r.industry, r.needs, r.members, r.pkg, r.topk, r.topA)
	}
	fmt.Fprintf(&b, "\n## The demo's pairing round\n\n")
	fmt.Fprintf(&b, "The rule's candidates (%d mentees) and the %d academicians (%d places), proposed once:\n\n", rep.Mentees, rep.Academicians, rep.Places)
	fmt.Fprintf(&b, "- %d pairs, %d mentees unpaired.\n", rep.Pairs, rep.Unpaired)
	fmt.Fprintf(&b, "- Modes: %s.\n", countsText(rep.ByMode, engine.PairModes()))
	fmt.Fprintf(&b, "- Strength labels of the pairs: %s.\n", countsText(rep.ByLabel, []string{engine.LabelStrong, engine.LabelMedium, engine.LabelWeak}))
	var fields []string
	for _, f := range rep.Fields {
		fields = append(fields, fmt.Sprintf("%s %d/%d", f.Industry, f.Paired, f.Mentees))
	}
	fmt.Fprintf(&b, "- Mentees paired per industry: %s.\n", strings.Join(fields, ", "))
	return b.String()
}

func countsText(m map[string]int, order []string) string {
	var parts []string
	for _, k := range order {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
