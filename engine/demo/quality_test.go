package demo

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"yixianqian/engine"
)

// TestWorksDoNotRepeat checks that no two works share a title and that no
// sentence appears in two works: the demo must not read as a template.
func TestWorksDoNotRepeat(t *testing.T) {
	ps, _ := Generate()
	titles := map[string]string{}
	seen := map[string]string{}
	for _, p := range ps {
		for i, w := range p.Works {
			where := p.ID + " work " + string(rune('1'+i))
			if w.Title == "" {
				t.Errorf("%s has no title", where)
			}
			if prev, ok := titles[w.Title]; ok {
				t.Errorf("title %q in %s and %s", w.Title, prev, where)
			}
			titles[w.Title] = where
			for _, s := range sentences(w.Text) {
				if prev, ok := seen[s]; ok && prev != where {
					t.Errorf("sentence %q in %s and %s", s, prev, where)
				}
				seen[s] = where
			}
			if n := utf8.RuneCountInString(w.Text); n < 80 || n > 250 {
				t.Errorf("%s: text of %d characters, want 80 to 250", where, n)
			}
			if w.Year < 2005 || w.Year > 2025 || len(w.Keywords) == 0 {
				t.Errorf("%s: year %d, keywords %v", where, w.Year, w.Keywords)
			}
		}
	}
}

// lowerAcronym finds Latin abbreviations, whatever their case.
var lowerAcronym = regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9])(led|plc|cnc|pvc|api|gmp|ct|iot|mes|erp|cfd|bms|emc|soc|hplc|vocs?|pp|abs|5g|3d|lora|tpu|peek|dehp|cob|oee)(?:[^A-Za-z]|$)`)

// TestLatinNamesAreCased checks that abbreviations are written as people
// write them (LED, PLC, 5G, 3D打印), never in lower case, in every text
// people read.
func TestLatinNamesAreCased(t *testing.T) {
	ps, ns := Generate()
	var texts []string
	for _, p := range ps {
		texts = append(texts, p.Name, p.Title, p.Organisation)
		texts = append(texts, p.Fields...)
		texts = append(texts, p.Keywords...)
		for _, w := range p.Works {
			texts = append(texts, w.Title, w.Text)
			texts = append(texts, w.Keywords...)
		}
	}
	for _, n := range ns {
		texts = append(texts, n.Title, n.Description)
	}
	for _, s := range texts {
		for _, m := range lowerAcronym.FindAllStringSubmatch(s, -1) {
			if word := m[1]; word == strings.ToLower(word) {
				t.Errorf("%q is written in lower case in %q", word, s)
			}
		}
	}
}

func TestExpertsAreConsistent(t *testing.T) {
	ps, _ := Generate()
	phoneRE := regexp.MustCompile(`^(0\d{2,3}-\d{7,8}|1[358]\d{9})$`)
	var experts, academicians, young, fromEnterprise, diecast int
	stations := map[string]int{}
	emails := map[string]bool{}
	for _, p := range ps {
		for _, st := range p.Stations {
			stations[st.Type]++
			host := enterpriseNamed(st.Host)
			if host.County != st.County {
				t.Errorf("%s: station %s in %s, its host %s is in %s", p.ID, st.Name, st.County, host.Name, host.County)
			}
		}
		if p.Kind != engine.KindExpert {
			continue
		}
		experts++
		if !strings.HasSuffix(p.Email, ".example.cn") || emails[p.Email] || !phoneRE.MatchString(p.Phone) {
			t.Errorf("%s: contact %q %q", p.ID, p.Phone, p.Email)
		}
		emails[p.Email] = true
		if len(p.Industries) != 1 || p.BirthYear == 0 || p.Employer == "" || p.Title == "" {
			t.Errorf("%s: industries %v, birth %d, employer %q, title %q", p.ID, p.Industries, p.BirthYear, p.Employer, p.Title)
		}
		if p.Employer == engine.EmployerEnterprise {
			if e := enterpriseNamed(p.Organisation); e.Industry != p.Industries[0] {
				t.Errorf("%s works at %s (%s) on %s", p.ID, e.Name, e.Industry, p.Industries[0])
			}
			fromEnterprise++
		} else if o := orgNamed(p.Organisation); o.Employer != p.Employer {
			t.Errorf("%s: employer %s at %s", p.ID, p.Employer, o.Name)
		}
		switch {
		case p.IsAcademician():
			academicians++
			if p.BirthYear < 1945 || p.BirthYear > 1965 || p.MaxMentees < 2 || p.MaxMentees > 4 ||
				!slices.ContainsFunc(p.Stations, func(s engine.Station) bool { return s.Type == engine.StationAcademician }) {
				t.Errorf("academician %s: born %d, mentees %d, stations %v", p.ID, p.BirthYear, p.MaxMentees, p.Stations)
			}
		case p.Employer != engine.EmployerEnterprise && p.BirthYear >= 1982:
			young++
			if !strings.Contains(p.Title, "博士") {
				t.Errorf("young researcher %s has title %q", p.ID, p.Title)
			}
		}
		text := strings.Join(append(p.Fields, p.Keywords...), " ")
		if strings.Contains(text, "压铸") || strings.Contains(text, "低压铸造") {
			diecast++
		}
	}
	if experts != 150 || academicians != 10 || young != 15 || fromEnterprise != 15 {
		t.Errorf("experts %d, academicians %d, young researchers %d, enterprise experts %d; want 150, 10, 15, 15", experts, academicians, young, fromEnterprise)
	}
	if diecast < 4 {
		t.Errorf("%d experts on die casting, want at least 4", diecast)
	}
	for _, typ := range engine.StationTypes() {
		if stations[typ] == 0 {
			t.Errorf("no %s", typ)
		}
	}
}

func TestTeamsServeEveryMonth(t *testing.T) {
	ps, _ := Generate()
	counties := map[string]bool{}
	diecastTeam := false
	for _, p := range ps {
		if p.Kind != engine.KindTeam {
			continue
		}
		if len(p.Schedule) != 24 || p.Schedule[0].Month != "2026-01" || p.Schedule[23].Month != "2027-12" {
			t.Fatalf("%s: schedule %v", p.ID, p.Schedule)
		}
		for i, s := range p.Schedule {
			counties[s.County] = true
			if !slices.Contains(p.Industries, s.Industry) || !slices.Contains(countiesOf(s.Industry), s.County) {
				t.Errorf("%s %s: %s in %s", p.ID, s.Month, s.Industry, s.County)
			}
			if i > 0 && p.Schedule[i-1].County == s.County {
				t.Errorf("%s: %s in %s two months running", p.ID, s.Month, s.County)
			}
		}
		if len(p.Members) < 5 || p.Capacity == 0 {
			t.Errorf("%s: %d members, capacity %d", p.ID, len(p.Members), p.Capacity)
		}
		diecastTeam = diecastTeam || slices.Contains(p.Fields, "压铸模具排气与热平衡设计")
	}
	if len(counties) != 9 {
		t.Errorf("schedules cover %d counties", len(counties))
	}
	if !diecastTeam {
		t.Error("no team works on die-casting moulds")
	}
}

// TestDemoSlotsMeetNeeds: in 2026-12 (the month the batch tests use) some
// teams sit in the county and industry of a demo need.
func TestDemoSlotsMeetNeeds(t *testing.T) {
	ps, ns := Generate()
	met := 0
	for _, n := range ns {
		for _, p := range ps {
			if i := slices.IndexFunc(p.Schedule, func(s engine.Slot) bool {
				return s.Month == "2026-12" && s.County == n.County && s.Industry == n.Industry
			}); i >= 0 {
				met++
				break
			}
		}
	}
	if met < 3 {
		t.Errorf("%d needs meet a team's slot in 2026-12, want at least 3", met)
	}
}

const verbatimNeed = "我司生产铝合金压铸件，近期气孔缺陷率高达8%，希望找到熟悉真空压铸与模具排气设计的专家帮助降低缺陷率"

func TestNeedsAreConsistent(t *testing.T) {
	_, ns := Generate()
	found := false
	for _, n := range ns {
		e := enterpriseNamed(n.Enterprise)
		if n.County != e.County || n.Industry != e.Industry || !slices.Contains(countiesOf(n.Industry), n.County) {
			t.Errorf("%s: %s %s by %s", n.ID, n.Industry, n.County, e.Name)
		}
		if n.County == "三门县" && n.Industry == "现代农业" {
			t.Errorf("%s: engine TestTeamInboxShowsItsSlot wants no demo need of 现代农业 in 三门县", n.ID)
		}
		if n.Description == verbatimNeed {
			found = true
		} else if c := utf8.RuneCountInString(n.Description); c < 60 || c > 300 {
			t.Errorf("%s: description of %d characters", n.ID, c)
		}
		if len(n.Modes) == 0 || len(n.Modes) > 3 {
			t.Errorf("%s: modes %v", n.ID, n.Modes)
		}
		for _, m := range n.Modes {
			if !engine.IsMode(m) {
				t.Errorf("%s: mode %q", n.ID, m)
			}
		}
		if n.Deadline != "" && (n.Deadline < "2026-12-01" || n.Deadline > "2027-06-30") {
			t.Errorf("%s: deadline %s", n.ID, n.Deadline)
		}
	}
	if !found {
		t.Error("the die-casting need is missing")
	}
	if ns[0].Enterprise == ns[1].Enterprise {
		t.Error("need-001 and need-002 share an enterprise")
	}
}

func TestEnterprisesFitTheirCounties(t *testing.T) {
	names := map[string]bool{}
	for _, e := range enterprises {
		if names[e.Name] || !slices.Contains(countiesOf(e.Industry), e.County) {
			t.Errorf("enterprise %s (%s, %s)", e.Name, e.Industry, e.County)
		}
		names[e.Name] = true
	}
}

func TestSyntheticIsDeterministic(t *testing.T) {
	a, b := Synthetic(300, 1), Synthetic(300, 1)
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Name != b[i].Name || len(a[i].Works) != len(b[i].Works) || a[i].Works[0].Text != b[i].Works[0].Text {
			t.Fatalf("Synthetic differs at %d", i)
		}
		if err := a[i].Validate(); err != nil {
			t.Fatal(err)
		}
	}
	na, nb := SyntheticNeeds(100, 2), SyntheticNeeds(100, 2)
	for i := range na {
		if na[i].Description != nb[i].Description {
			t.Fatalf("SyntheticNeeds differs at %d", i)
		}
		if err := na[i].Validate(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestNoListRepeatsAnEntry checks that no keyword, field or industry list
// of a profile or a work names the same entry twice, as a person would not.
func TestNoListRepeatsAnEntry(t *testing.T) {
	ps, _ := Generate()
	check := func(where string, list []string) {
		seen := map[string]bool{}
		for _, x := range list {
			if seen[x] {
				t.Errorf("%s repeats %q: %v", where, x, list)
			}
			seen[x] = true
		}
	}
	for _, p := range ps {
		check(p.ID+" keywords", p.Keywords)
		check(p.ID+" fields", p.Fields)
		check(p.ID+" industries", p.Industries)
		for i, w := range p.Works {
			check(fmt.Sprintf("%s work %d keywords", p.ID, i+1), w.Keywords)
		}
	}
}
