package engine_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"yixianqian/engine"
)

var staffViewer = engine.Viewer{Role: engine.RoleAnalyst, Subject: "陈晓雯"}

// pairingWorld is a small round over the fakes: three academicians with
// 1, 2 and 1 places and five mentees, two of them in the pump industry.
func pairingWorld(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	acad := func(id, name, ind string, places int, kw ...string) engine.Profile {
		return engine.Profile{ID: id, Kind: engine.KindExpert, Name: name, Academy: engine.AcademyEngineering, MaxMentees: places, BirthYear: 1958,
			Employer: engine.EmployerUniversity, Industries: []string{ind}, Fields: kw[:1], Keywords: kw,
			Works: []engine.Work{{Title: strings.Join(kw, "与") + "研究", Text: strings.Join(kw, "，") + "的理论与工程应用"}}}
	}
	mentee := func(id, name, ind, employer string, born int, kw ...string) engine.Profile {
		return engine.Profile{ID: id, Kind: engine.KindExpert, Name: name, BirthYear: born, Employer: employer, Organisation: name + "所在单位",
			Industries: []string{ind}, Fields: kw[:1], Keywords: kw, Works: []engine.Work{{Title: strings.Join(kw, "") + "应用研究", Text: strings.Join(kw, "、")}}}
	}
	ps := []engine.Profile{
		acad("a-pump", "陈院士", "泵与电机", 1, "屏蔽泵", "永磁电机", "电机能效"),
		acad("a-pharma", "唐院士", "医药化工", 2, "连续流", "微通道反应", "原料药结晶"),
		acad("a-mould", "周院士", "模具与塑料", 1, "注塑模具", "随形冷却", "模具设计"),
		mentee("m-pump1", "杨勇", "泵与电机", engine.EmployerUniversity, 1990, "屏蔽泵", "永磁电机"),
		mentee("m-pump2", "柯江", "泵与电机", engine.EmployerEnterprise, 1978, "电机能效", "屏蔽泵"),
		mentee("m-pharma", "缪鹏", "医药化工", engine.EmployerInstitute, 1994, "原料药结晶", "连续流"),
		mentee("m-mould", "柯博", "模具与塑料", engine.EmployerUniversity, 1988, "随形冷却", "注塑模具"),
		mentee("m-old", "吴老师", "模具与塑料", engine.EmployerUniversity, 1970, "注塑模具"),
	}
	if err := f.eng.PutProfiles(context.Background(), ps); err != nil {
		t.Fatal(err)
	}
	return f
}

// checkRound fails when the round's pairs break a constraint: an
// academician over its places, a mentee twice, a declared conflict.
func checkRound(t *testing.T, f *fixture, r engine.RoundView) {
	t.Helper()
	load, seen := map[string]int{}, map[string]bool{}
	for _, p := range r.Pairs {
		if seen[p.MenteeID] {
			t.Errorf("%s is paired twice", p.MenteeID)
		}
		seen[p.MenteeID] = true
		load[p.AcademicianID]++
		if slices.ContainsFunc(r.Conflicts, func(c engine.PairConflict) bool { return c.PairRef == p.PairRef }) {
			t.Errorf("conflict %s–%s paired", p.MenteeID, p.AcademicianID)
		}
		if !slices.Contains(engine.PairModes(), p.Mode) || !hasHan(p.Reason) || !hasHan(p.ModeReason) {
			t.Errorf("pair %v: mode %q, reason %q, why %q", p.PairRef, p.Mode, p.Reason, p.ModeReason)
		}
	}
	for a, n := range load {
		if n > r.People[a].MaxMentees {
			t.Errorf("%s has %d mentees, %d places", a, n, r.People[a].MaxMentees)
		}
	}
}

func pairOf(r engine.RoundView, mentee string) (engine.MentorPair, bool) {
	for _, p := range r.Pairs {
		if p.MenteeID == mentee {
			return p, true
		}
	}
	return engine.MentorPair{}, false
}

func TestRoundProposesWithinTheConstraints(t *testing.T) {
	f := pairingWorld(t)
	ctx := context.Background()
	r, err := f.eng.OpenRound(ctx, staffViewer, engine.RoundInput{Name: "2026 院士结对"})
	if err != nil {
		t.Fatal(err)
	}
	// The rule: under 45 at a university or institute, or an enterprise expert.
	if want := []string{"m-pharma", "m-mould", "m-pump1", "m-pump2"}; !sameSet(r.Mentees, want) || len(r.Academicians) != 3 {
		t.Fatalf("rule picked mentees %v, academicians %v; want %v and three", r.Mentees, r.Academicians, want)
	}
	r, err = f.eng.ProposePairs(ctx, staffViewer, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkRound(t, f, r)
	if p, ok := pairOf(r, "m-pharma"); !ok || p.AcademicianID != "a-pharma" {
		t.Errorf("pharma mentee: %+v", p)
	}
	first, _ := pairOf(r, "m-pump1")
	if first.AcademicianID != "a-pump" {
		t.Fatalf("the closest pump mentee is not with the pump academician: %+v", r.Pairs)
	}
	// A declared conflict and a wish: m-pump1 avoids the pump academician,
	// m-mould names the pharma academician.
	r, err = f.eng.SetConflicts(ctx, staffViewer, r.ID, []engine.PairConflict{{PairRef: engine.PairRef{MenteeID: "m-pump1", AcademicianID: "a-pump"}, Reason: "同一项目组"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.SetPreference(ctx, staffViewer, r.ID, engine.PairPreference{MenteeID: "m-mould", Mode: engine.PairStudy, Academicians: []string{"a-pharma"}}); err != nil {
		t.Fatal(err)
	}
	r, err = f.eng.ProposePairs(ctx, staffViewer, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkRound(t, f, r)
	if p, ok := pairOf(r, "m-pump1"); ok && p.AcademicianID == "a-pump" {
		t.Error("a declared conflict was paired")
	}
	if p, ok := pairOf(r, "m-mould"); !ok || p.AcademicianID != "a-pharma" || !p.Preferred || p.Mode != engine.PairStudy {
		t.Errorf("wish of m-mould not honoured: %+v", p)
	}
	if p, ok := pairOf(r, "m-pump2"); !ok || p.AcademicianID != "a-pump" {
		t.Errorf("the other pump mentee takes the place: %+v (unpaired %v)", p, r.Unpaired)
	}
}

func TestRoundAdjustApproveAndActivity(t *testing.T) {
	f := pairingWorld(t)
	ctx := context.Background()
	r, err := f.eng.OpenRound(ctx, staffViewer, engine.RoundInput{Name: "2026 院士结对", Mentees: []string{"m-pump1", "m-pump2", "m-mould"}})
	if err != nil {
		t.Fatal(err)
	}
	if r, err = f.eng.ProposePairs(ctx, staffViewer, r.ID); err != nil {
		t.Fatal(err)
	}
	// The pump academician's one place is taken: moving the other pump
	// mentee there is refused.
	holder, _ := pairOf(r, "m-pump1")
	other := "m-pump2"
	if holder.AcademicianID != "a-pump" {
		holder, _ = pairOf(r, "m-pump2")
		other = "m-pump1"
	}
	if _, err := f.eng.AdjustPair(ctx, staffViewer, r.ID, other, engine.PairAdjust{AcademicianID: "a-pump"}); !errors.Is(err, engine.ErrConflict) || !hasHan(engine.Message(err)) {
		t.Errorf("move into a full academician: %v", err)
	}
	if _, err := f.eng.AdjustPair(ctx, staffViewer, r.ID, other, engine.PairAdjust{AcademicianID: "a-pharma", Mode: engine.PairAdvice}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.AdjustPair(ctx, staffViewer, r.ID, other, engine.PairAdjust{Mode: "随便聊聊"}); !errors.Is(err, engine.ErrInvalid) {
		t.Errorf("unknown mode: %v", err)
	}
	// Activity needs an approved pair; then the mentee records it, and
	// another expert cannot.
	mentee := engine.Viewer{Role: engine.RoleExpert, Subject: holder.MenteeID}
	act := engine.ActivityInput{Kind: engine.ActivityMeeting, Date: "2026-11-25", Title: "首次见面，商定培养计划"}
	if _, err := f.eng.RecordActivity(ctx, mentee, r.ID, holder.MenteeID, act); !errors.Is(err, engine.ErrConflict) {
		t.Errorf("activity before approval: %v", err)
	}
	if _, err := f.eng.ApprovePair(ctx, staffViewer, r.ID, holder.MenteeID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.ApprovePair(ctx, staffViewer, r.ID, other); err != nil {
		t.Fatal(err)
	}
	if p, err := f.eng.RecordActivity(ctx, mentee, r.ID, holder.MenteeID, act); err != nil || len(p.Activity) != 1 {
		t.Fatalf("mentee's activity: %v %+v", err, p)
	}
	stranger := engine.Viewer{Role: engine.RoleExpert, Subject: "m-mould"}
	if _, err := f.eng.RecordActivity(ctx, stranger, r.ID, holder.MenteeID, act); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("another expert's activity: %v", err)
	}
	if _, err := f.eng.RecordActivity(ctx, staffViewer, r.ID, holder.MenteeID, engine.ActivityInput{Kind: "party", Date: "2026-11-25", Title: "x"}); !errors.Is(err, engine.ErrInvalid) {
		t.Errorf("unknown activity kind: %v", err)
	}
	// Proposing again keeps approved and adjusted pairs; the activity stays.
	r, err = f.eng.ProposePairs(ctx, staffViewer, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := pairOf(r, holder.MenteeID); p.Status != engine.PairApproved || len(p.Activity) != 1 {
		t.Errorf("approved pair after proposing again: %+v", p)
	}
	if p, _ := pairOf(r, other); p.AcademicianID != "a-pharma" || p.Mode != engine.PairAdvice {
		t.Errorf("adjusted pair after proposing again: %+v", p)
	}
	// The mentee sees its academician; the academician its mentee.
	mine, err := f.eng.MyPairings(ctx, mentee)
	if err != nil || len(mine.Rounds) != 1 || len(mine.Rounds[0].Pairs) != 1 || mine.Rounds[0].Pairs[0].Other.Name != "陈院士" {
		t.Fatalf("mentee's pairing: %v %+v", err, mine)
	}
	theirs, _ := f.eng.MyPairings(ctx, engine.Viewer{Role: engine.RoleExpert, Subject: "a-pump"})
	if len(theirs.Rounds) != 1 || theirs.Rounds[0].Role != "academician" || theirs.Rounds[0].Pairs[0].Other.ID != holder.MenteeID {
		t.Errorf("academician's pairing: %+v", theirs)
	}
	// Removing the pump pair is refused (it has activity); the other is
	// removed and not proposed again.
	if _, err := f.eng.RemovePair(ctx, staffViewer, r.ID, holder.MenteeID); !errors.Is(err, engine.ErrConflict) {
		t.Errorf("remove a pair with activity: %v", err)
	}
	rep, err := f.eng.ReportRound(ctx, staffViewer, r.ID)
	if err != nil || rep.Pairs != len(r.Pairs) || rep.Approved != 2 || rep.Activity[engine.ActivityMeeting] != 1 || rep.ActivePairs != 1 || rep.ByMode[engine.PairAdvice] != 1 {
		t.Errorf("report: %v %+v", err, rep)
	}
	if len(rep.Fields) == 0 || rep.Fields[0].Industry != "泵与电机" || rep.Fields[0].Mentees != 2 || rep.Fields[0].Paired != 2 || rep.Fields[0].SameIndustry != 1 {
		t.Errorf("field coverage: %+v", rep.Fields)
	}
	// A pair's activities are bounded: the round is one record.
	for i := 1; i < engine.MaxPairActivity; i++ {
		if _, err := f.eng.RecordActivity(ctx, mentee, r.ID, holder.MenteeID, act); err != nil {
			t.Fatalf("activity %d: %v", i+1, err)
		}
	}
	if _, err := f.eng.RecordActivity(ctx, mentee, r.ID, holder.MenteeID, act); !errors.Is(err, engine.ErrConflict) || engine.Message(err) == "" {
		t.Errorf("activity past %d: %v, want a Chinese conflict", engine.MaxPairActivity, err)
	}
}

func TestRoundRefusesBadInput(t *testing.T) {
	f := pairingWorld(t)
	ctx := context.Background()
	for name, in := range map[string]engine.RoundInput{
		"no name":             {Name: " "},
		"academician mentee":  {Name: "x", Mentees: []string{"a-pump"}},
		"unknown academician": {Name: "x", Academicians: []string{"nobody"}},
		"mentee academician":  {Name: "x", Academicians: []string{"m-pump1"}},
		"stray conflict":      {Name: "x", Conflicts: []engine.PairConflict{{PairRef: engine.PairRef{MenteeID: "m-old", AcademicianID: "a-pump"}}}},
	} {
		if _, err := f.eng.OpenRound(ctx, staffViewer, in); !errors.Is(err, engine.ErrInvalid) || !hasHan(engine.Message(err)) {
			t.Errorf("%s: %v", name, err)
		}
	}
	r, err := f.eng.OpenRound(ctx, staffViewer, engine.RoundInput{Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	self := engine.Viewer{Role: engine.RoleExpert, Subject: "m-pump1"}
	if _, err := f.eng.SetPreference(ctx, self, r.ID, engine.PairPreference{MenteeID: "m-pump2", Mode: engine.PairAdvice}); !errors.Is(err, engine.ErrForbidden) {
		t.Errorf("an expert states another's wish: %v", err)
	}
	if _, err := f.eng.SetPreference(ctx, self, r.ID, engine.PairPreference{MenteeID: "m-pump1", Academicians: []string{"a-pump", "a-pharma", "a-mould", "a-pump", "x"}}); !errors.Is(err, engine.ErrInvalid) {
		t.Errorf("four academicians named: %v", err)
	}
	if v, err := f.eng.SetPreference(ctx, self, r.ID, engine.PairPreference{MenteeID: "m-pump1", Mode: engine.PairCustom, Academicians: []string{"a-pump"}}); err != nil || len(v.Pairs) != 0 || len(v.Mentees) != 0 {
		t.Errorf("an expert's own wish: %v; it must not see the round: %+v", err, v)
	}
}

func sameSet(a, b []string) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(x string) bool { return !slices.Contains(b, x) })
}

// TestDemoRoundRule checks the rule on the demo: the 15 young researchers
// of universities and institutes and the 15 enterprise experts, and the
// ten academicians.
func TestDemoRoundRule(t *testing.T) {
	f := learnedDemo(t)
	c, err := f.eng.PairingCandidates(context.Background(), staffViewer)
	if err != nil || len(c.Mentees) != 30 || len(c.Academicians) != 10 {
		t.Fatalf("candidates: %v, %d mentees, %d academicians", err, len(c.Mentees), len(c.Academicians))
	}
	for _, m := range c.Mentees {
		if m.Academy != "" || (m.Employer != engine.EmployerEnterprise && c.Year-m.BirthYear >= engine.MenteeAgeLimit) {
			t.Errorf("mentee %s: %+v", m.Name, m)
		}
	}
}

// hasHan reports whether s has a Chinese character.
func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}
