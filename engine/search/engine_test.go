package search_test

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"yixianqian/engine"
)

var probeQueries = []string{
	"注塑模具冷却不均导致翘曲变形",
	"伺服电机转矩脉动大",
	"杨梅采后保鲜期短",
	"智能马桶水温波动大",
	"原料药晶型不稳定",
}

func TestMatchDemo(t *testing.T) {
	f := mustFixture(t, t.TempDir(), nil)
	mustDemo(t, f)
	ctx := context.Background()
	if r, err := f.eng.Learn(ctx); err != nil || r.Profiles != 185 || r.Dim == 0 {
		t.Fatalf("Learn = %+v, %v", r, err)
	}
	res, err := f.eng.Match(ctx, "注塑模具冷却不均导致翘曲变形", engine.MatchOptions{K: 5, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) != 5 {
		t.Fatalf("%d matches, want 5", len(res.Matches))
	}
	top := res.Matches[0]
	if !slices.Contains(top.Profile.Industries, "模具与塑料") {
		t.Errorf("top match %s is in %v, want 模具与塑料", top.Profile.ID, top.Profile.Industries)
	}
	if top.Explain == nil || len(top.Explain.Terms) == 0 {
		t.Fatalf("top match has no explanation: %+v", top.Explain)
	}
	for _, m := range res.Matches {
		p := m.Explain.Parts
		var sum float64
		for _, v := range p {
			sum += v
		}
		if math.Abs(sum-m.Score) > 1e-9 {
			t.Errorf("%s: parts %v sum to %v, score %v", m.Profile.ID, p, sum, m.Score)
		}
	}
	if top.Explain.Parts[engine.PartSemantic] <= 0 || top.Explain.Parts[engine.PartLexical] <= 0 {
		t.Errorf("top match parts = %v, want both channels", top.Explain.Parts)
	}
	if res.Stats.Candidates < 5 || res.Stats.Total <= 0 {
		t.Errorf("stats = %+v", res.Stats)
	}
	for i := 1; i < len(res.Matches); i++ {
		if res.Matches[i].Score > res.Matches[i-1].Score {
			t.Errorf("match %d scores above match %d", i+1, i)
		}
	}
	for _, id := range matchIDs(t, f.eng, "电机", engine.MatchOptions{K: 50, Kinds: []engine.Kind{engine.KindTeam}}) {
		if !strings.HasPrefix(id, "team-") {
			t.Errorf("kind filter team returned %s", id)
		}
	}
	// County filter: only profiles that serve 仙居县 (counties, schedule or station).
	res, err = f.eng.Match(ctx, "杨梅保鲜", engine.MatchOptions{K: 50, Counties: []string{"仙居县"}})
	if err != nil || len(res.Matches) == 0 {
		t.Fatalf("county filter: %v, %d matches", err, len(res.Matches))
	}
	for _, m := range res.Matches {
		served := slices.Contains(m.Profile.Counties, "仙居县")
		for _, st := range m.Profile.Stations {
			served = served || st.County == "仙居县"
		}
		if !served {
			t.Errorf("county filter 仙居县 returned %s serving %v", m.Profile.ID, m.Profile.Counties)
		}
	}
	// Inactive demo profiles never match, on either channel.
	for _, id := range matchIDs(t, f.eng, "原料药 医疗器械 刹车片 缝纫机 水泵 模具", engine.MatchOptions{K: engine.MaxK}) {
		if p, _ := f.eng.Profile(ctx, id); p.Inactive {
			t.Errorf("inactive profile %s matched", id)
		}
	}
}

// TestFoldInAfterLearn checks that a profile stored after Learn gets a
// vector in the existing space: with the lexical weight at 0 it can only be
// found through the semantic channel.
func TestFoldInAfterLearn(t *testing.T) {
	f := mustFixture(t, t.TempDir(), nil)
	mustDemo(t, f)
	ctx := context.Background()
	sc := engine.DefaultScoring()
	m, err := engine.NewModel("semantic-only", map[string]float64{engine.FeatCosine: 1})
	if err != nil {
		t.Fatal(err)
	}
	sc.Model = m
	semOnly := engine.New(f.store, f.search, &engine.Options{Scoring: &sc})
	if _, err := semOnly.Learn(ctx); err != nil {
		t.Fatal(err)
	}
	const q = "屏蔽泵汽蚀 水力模型优化"
	if got := matchIDs(t, semOnly, q, engine.MatchOptions{K: 20}); slices.Contains(got, "exp-late") {
		t.Fatal("profile found before it was stored; the test tests nothing")
	}
	p := engine.Profile{ID: "exp-late", Kind: engine.KindExpert, Name: "晚到", Keywords: []string{"屏蔽泵", "汽蚀", "水力模型优化"}}
	if err := semOnly.PutProfiles(ctx, []engine.Profile{p}); err != nil {
		t.Fatal(err)
	}
	if got := matchIDs(t, semOnly, q, engine.MatchOptions{K: 20}); !slices.Contains(got, "exp-late") {
		t.Errorf("semantic-only matches %v lack the folded-in profile", got)
	}
}

// TestNeighbourhoodOnlyWhenAsked: the neighbourhood cosines are computed
// for a query that asks for them (the default ranker reads them) and left
// out otherwise, with the plain cosines the same either way.
func TestNeighbourhoodOnlyWhenAsked(t *testing.T) {
	f := mustFixture(t, t.TempDir(), nil)
	mustDemo(t, f)
	ctx := context.Background()
	if _, err := f.eng.Learn(ctx); err != nil {
		t.Fatal(err)
	}
	q := engine.SearchQuery{Text: "注塑模具冷却不均导致翘曲变形", N: 50}
	plain, err := f.search.Retrieve(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	q.Neighbourhood = true
	full, err := f.search.Retrieve(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.Candidates) != len(full.Candidates) || len(full.Candidates) < 10 {
		t.Fatalf("candidates %d without and %d with the neighbourhood, want the same, at least 10", len(plain.Candidates), len(full.Candidates))
	}
	set := 0
	for i, c := range full.Candidates {
		p := plain.Candidates[i]
		if p.ID != c.ID || p.Cosine != c.Cosine {
			t.Errorf("candidate %d: %s cosine %v without the neighbourhood, %s %v with it", i, p.ID, p.Cosine, c.ID, c.Cosine)
		}
		if p.Feedback != 0 || p.Feedback10 != 0 || p.Coarse != 0 || p.Neighbours != 0 {
			t.Errorf("%s has neighbourhood cosines it was not asked for: %+v", p.ID, p)
		}
		if c.Feedback != 0 && c.Coarse != 0 && c.Neighbours != 0 {
			set++
		}
	}
	if set < len(full.Candidates)/2 {
		t.Errorf("only %d of %d candidates have their neighbourhood cosines", set, len(full.Candidates))
	}
}

func TestMatchSkipsInactive(t *testing.T) {
	f := mustFixture(t, t.TempDir(), nil)
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
	f := mustFixture(t, t.TempDir(), nil)
	ctx := context.Background()
	for _, tc := range []struct {
		text string
		opts engine.MatchOptions
	}{
		{"", engine.MatchOptions{}},
		{"  \n", engine.MatchOptions{}},
		{"电机", engine.MatchOptions{K: engine.MaxK + 1}},
		{"电机", engine.MatchOptions{K: -5}},
		{"电机", engine.MatchOptions{Kinds: []engine.Kind{"robot"}}},
		{strings.Repeat("电", engine.MaxTextLen+1), engine.MatchOptions{}},
	} {
		if _, err := f.eng.Match(ctx, tc.text, tc.opts); !errors.Is(err, engine.ErrInvalid) {
			t.Errorf("Match(%.20q, %+v) = %v, want ErrInvalid", tc.text, tc.opts, err)
		}
	}
}

func TestPutRejectsInvalidWithoutWriting(t *testing.T) {
	f := mustFixture(t, t.TempDir(), nil)
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

// TestSyncRepairsLaggingIndex writes to the store behind the index's back,
// as a crash between the two writes would leave it, and checks that Sync
// notices and rebuilds.
func TestSyncRepairsLaggingIndex(t *testing.T) {
	f := mustFixture(t, t.TempDir(), nil)
	ctx := context.Background()
	mustDemo(t, f)
	if r, err := f.eng.Sync(ctx, false); err != nil || r.Rebuilt {
		t.Fatalf("Sync on an index in step = %+v, %v; want no rebuild", r, err)
	}
	extra := engine.Profile{ID: "exp-new", Kind: engine.KindExpert, Name: "新专家", Keywords: []string{"量子点显示"}}
	if _, err := f.store.PutProfiles(ctx, []engine.Profile{extra}); err != nil {
		t.Fatal(err)
	}
	if got := matchIDs(t, f.eng, "量子点显示", engine.MatchOptions{K: 1}); slices.Contains(got, "exp-new") {
		t.Fatal("profile written only to the store is already searchable; the test is not testing anything")
	}
	r, err := f.eng.Sync(ctx, false)
	if err != nil || !r.Rebuilt || r.StoreSeq == r.IndexSeq {
		t.Fatalf("Sync = %+v, %v; want a rebuild", r, err)
	}
	if got := matchIDs(t, f.eng, "量子点显示", engine.MatchOptions{K: 1}); !slices.Equal(got, []string{"exp-new"}) {
		t.Errorf("after Sync matches = %v, want [exp-new]", got)
	}
	if st, _ := f.eng.SearchState(); st.Docs != 185+1 {
		t.Errorf("indexed %d profiles, want %d (needs are not indexed)", st.Docs, 185+1)
	}
}

func TestReindexGivesSameHits(t *testing.T) {
	f := mustFixture(t, t.TempDir(), nil)
	ctx := context.Background()
	mustDemo(t, f)
	if _, err := f.eng.Learn(ctx); err != nil {
		t.Fatal(err)
	}
	before := map[string][]string{}
	for _, q := range probeQueries {
		before[q] = matchIDs(t, f.eng, q, engine.MatchOptions{K: 10})
		if len(before[q]) == 0 {
			t.Fatalf("no matches for %q", q)
		}
	}
	r, err := f.eng.Reindex(ctx)
	if err != nil || r.Profiles != 185 {
		t.Fatalf("Reindex = %+v, %v", r, err)
	}
	if _, err := f.eng.Learn(ctx); err != nil {
		t.Fatal(err)
	}
	for _, q := range probeQueries {
		if got := matchIDs(t, f.eng, q, engine.MatchOptions{K: 10}); !slices.Equal(got, before[q]) {
			t.Errorf("%q: after reindex %v, before %v", q, got, before[q])
		}
	}
}

func TestReopenKeepsData(t *testing.T) {
	dir := t.TempDir()
	f := mustFixture(t, dir, nil)
	mustDemo(t, f)
	want := matchIDs(t, f.eng, probeQueries[0], engine.MatchOptions{})
	f.close()
	g := mustFixture(t, dir, nil)
	if r, err := g.eng.Sync(context.Background(), false); err != nil || r.Rebuilt || r.StoreSeq == 0 {
		t.Fatalf("Sync after a clean reopen = %+v, %v; want no rebuild", r, err)
	}
	if got := matchIDs(t, g.eng, probeQueries[0], engine.MatchOptions{}); !slices.Equal(got, want) {
		t.Errorf("after reopen %v, before %v", got, want)
	}
}

func TestImportCSLDev(t *testing.T) {
	dir := "../../shared/data/csl-dev"
	pf, err := os.Open(filepath.Join(dir, "profiles.jsonl"))
	if err != nil {
		t.Skipf("csl-dev not present: %v", err)
	}
	defer pf.Close()
	ps, bad, err := engine.ReadProfiles(pf)
	if err != nil || len(bad) > 0 || len(ps) != 797 {
		t.Fatalf("csl-dev profiles: %d read, bad %v, err %v", len(ps), bad, err)
	}
	nf, err := os.Open(filepath.Join(dir, "needs.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer nf.Close()
	ns, bad, err := engine.ReadNeeds(nf)
	if err != nil || len(bad) > 0 || len(ns) != 887 {
		t.Fatalf("csl-dev needs: %d read, bad %v, err %v", len(ns), bad, err)
	}
	f := mustFixture(t, t.TempDir(), nil)
	if err := f.eng.PutProfiles(context.Background(), ps); err != nil {
		t.Fatal(err)
	}
	if got := matchIDs(t, f.eng, ns[0].Description, engine.MatchOptions{K: 10}); len(got) != 10 {
		t.Errorf("csl-dev need 1: %d matches, want 10", len(got))
	}
}
