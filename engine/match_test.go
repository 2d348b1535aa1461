package engine_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"yixianqian/engine"
	"yixianqian/engine/enginetest"
)

func TestMatchSkipsInactive(t *testing.T) {
	f := newFixture(t, time.Time{})
	ctx := context.Background()
	ps := []engine.Profile{
		{ID: "a", Kind: engine.KindExpert, Name: "甲", Keywords: []string{"伺服电机"}},
		{ID: "b", Kind: engine.KindExpert, Name: "乙", Keywords: []string{"伺服电机"}, Inactive: true},
	}
	if err := f.eng.PutProfiles(ctx, ps); err != nil {
		t.Fatal(err)
	}
	if got := matchIDs(t, f.eng, "伺服电机", engine.MatchOptions{}); !slices.Equal(got, []string{"a"}) {
		t.Errorf("matches = %v, want [a]", got)
	}
}

func TestMatchBadInput(t *testing.T) {
	f := newFixture(t, time.Time{})
	ctx := context.Background()
	for _, tc := range []struct {
		text string
		opts engine.MatchOptions
	}{
		{"", engine.MatchOptions{}},
		{"  \n", engine.MatchOptions{}},
		{"电机", engine.MatchOptions{K: engine.MaxK + 1}},
		{"电机", engine.MatchOptions{Kinds: []engine.Kind{"robot"}}},
		{"电机", engine.MatchOptions{Month: "2026-13"}},
		{strings.Repeat("电", engine.MaxTextLen+1), engine.MatchOptions{}},
	} {
		if _, err := f.eng.Match(ctx, tc.text, tc.opts); !errors.Is(err, engine.ErrInvalid) {
			t.Errorf("Match(%.20q, %+v) = %v, want ErrInvalid", tc.text, tc.opts, err)
		}
	}
}

func TestPutRejectsInvalidWithoutWriting(t *testing.T) {
	f := newFixture(t, time.Time{})
	ctx := context.Background()
	ps := []engine.Profile{
		{ID: "ok", Kind: engine.KindExpert, Name: "甲"},
		{ID: "bad", Kind: "robot", Name: "乙"},
	}
	if err := f.eng.PutProfiles(ctx, ps); !errors.Is(err, engine.ErrInvalid) {
		t.Fatalf("PutProfiles = %v, want ErrInvalid", err)
	}
	if _, err := f.eng.Profile(ctx, "ok"); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("a valid profile of a refused batch was stored: %v", err)
	}
}

// TestScorePartsSumToScore checks the arithmetic of a match's score over the
// fake search, whose lexical value is the number of shared bigrams, with a
// ranker that weighs the lexical feature alone:
//
//	lexical  = TextScale 7 × weight 1 × shared / most shared
//	capacity = 0.3 × (3 − 1 open) / 3 = 0.2 for c (capacity 3, one open)
//	         = 0.3 for a and b (no capacity stated)
func TestScorePartsSumToScore(t *testing.T) {
	m, err := engine.NewModel("lexical", map[string]float64{engine.FeatLexical: 1})
	if err != nil {
		t.Fatal(err)
	}
	sc := engine.DefaultScoring()
	sc.Model = m
	f := enginetest.New(t, &engine.Options{Scoring: &sc})
	ctx := context.Background()
	ps := []engine.Profile{
		{ID: "a", Kind: engine.KindExpert, Name: "甲", Keywords: []string{"伺服电机转矩"}}, // 伺服 服电 电机 机转 转矩: 5 of 5
		{ID: "b", Kind: engine.KindExpert, Name: "乙", Keywords: []string{"伺服电机"}},   // 3 of 5
		{ID: "c", Kind: engine.KindExpert, Name: "丙", Keywords: []string{"电机"}, Capacity: 3},
	}
	if err := f.Engine.PutProfiles(ctx, ps); err != nil {
		t.Fatal(err)
	}
	if err := f.Engine.PutNeeds(ctx, []engine.Need{{ID: "n", Description: "x"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Engine.Assign(ctx, engine.Operator(), "n", "c"); err != nil {
		t.Fatal(err)
	}
	res, err := f.Engine.Match(ctx, "伺服电机转矩", engine.MatchOptions{Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ lexical, capacity float64 }{"a": {7, 0.3}, "b": {7 * 0.6, 0.3}, "c": {7 * 0.2, 0.2}}
	if len(res.Matches) != 3 {
		t.Fatalf("%d matches, want 3", len(res.Matches))
	}
	for i, m := range res.Matches {
		w := want[m.Profile.ID]
		p := m.Explain.Parts
		if math.Abs(p[engine.PartLexical]-w.lexical) > 1e-9 || math.Abs(p[engine.PartCapacity]-w.capacity) > 1e-9 {
			t.Errorf("%s: parts %v, want lexical %v capacity %v", m.Profile.ID, p, w.lexical, w.capacity)
		}
		var sum float64
		for _, name := range engine.PartNames() {
			sum += p[name]
		}
		if sum != m.Score || m.Rank != i+1 {
			t.Errorf("%s: parts sum %v, score %v, rank %d", m.Profile.ID, sum, m.Score, m.Rank)
		}
	}
}

// TestSyncRebuildsALaggingIndex writes to the store behind the index's
// back, as a crash between the two writes would leave it, and checks that
// Sync notices and rebuilds; workflow writes do not make the index lag.
func TestSyncRebuildsALaggingIndex(t *testing.T) {
	f := learnedDemo(t)
	ctx := context.Background()
	if r, err := f.eng.Sync(ctx, false); err != nil || r.Rebuilt {
		t.Fatalf("Sync on an index in step = %+v, %v; want no rebuild", r, err)
	}
	ns, _ := f.eng.Needs(ctx)
	if _, err := f.eng.Assign(ctx, engine.Operator(), ns[0].ID, "exp-002"); err != nil {
		t.Fatal(err)
	}
	if r, err := f.eng.Sync(ctx, false); err != nil || r.Rebuilt {
		t.Fatalf("Sync after a workflow write = %+v, %v; want no rebuild", r, err)
	}
	extra := engine.Profile{ID: "exp-new", Kind: engine.KindExpert, Name: "新专家", Keywords: []string{"量子点显示"}}
	if _, err := f.store.PutProfiles(ctx, []engine.Profile{extra}); err != nil {
		t.Fatal(err)
	}
	if got := matchIDs(t, f.eng, "量子点显示", engine.MatchOptions{K: 1}); slices.Contains(got, "exp-new") {
		t.Fatal("profile written only to the store is already searchable; the test is not testing anything")
	}
	r, err := f.eng.Sync(ctx, false)
	if err != nil || !r.Rebuilt || r.StoreSeq == r.IndexSeq || f.search.Resets() != 1 {
		t.Fatalf("Sync = %+v, %v, %d resets; want one rebuild", r, err, f.search.Resets())
	}
	if got := matchIDs(t, f.eng, "量子点显示", engine.MatchOptions{K: 1}); !slices.Equal(got, []string{"exp-new"}) {
		t.Errorf("after Sync matches = %v, want [exp-new]", got)
	}
	if st, _ := f.eng.SearchState(); st.Docs != 186 || st.Seq != r.StoreSeq {
		t.Errorf("index state %+v, want 186 profiles at seq %d", st, r.StoreSeq)
	}
}
