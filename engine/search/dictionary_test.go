package search_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"yixianqian/engine"
)

func hasTerm(t *testing.T, f *fixture, text, term string) bool {
	t.Helper()
	return slices.Contains(f.search.Terms(text), term)
}

// TestDictionaryChangeWithoutRestart adds a word, then synonyms, then
// removes the word, through UpdateDictionary, and checks segmentation of
// new and old documents, searches during the reindex, and explanations.
func TestDictionaryChangeWithoutRestart(t *testing.T) {
	f := mustFixture(t, t.TempDir(), nil)
	mustDemo(t, f)
	ctx := context.Background()
	e := engine.New(f.store, f.search, &engine.Options{BatchSize: 10})
	if _, err := e.Sync(ctx, false); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Learn(ctx); err != nil {
		t.Fatal(err)
	}
	old := engine.Profile{ID: "yixie", Kind: engine.KindExpert, Name: "汇流泵专家", Keywords: []string{"汇流泵注册检验"}}
	if err := e.PutProfiles(ctx, []engine.Profile{old}); err != nil {
		t.Fatal(err)
	}
	if hasTerm(t, f, "汇流泵注册检验", "汇流泵") {
		t.Fatal("汇流泵 is a token before it was added; the test tests nothing")
	}
	const query = "汇流泵注册检验"
	if res, err := e.Match(ctx, query, engine.MatchOptions{}); err != nil || len(res.Matches) == 0 {
		t.Fatalf("before the change: %v, %d matches", err, len(res.Matches))
	}
	staff := engine.Viewer{Role: engine.RoleAnalyst}
	if _, err := e.UpdateDictionary(ctx, engine.Viewer{Role: engine.RoleCompany, Subject: "x"}, nil, nil); err == nil {
		t.Error("a company changed the dictionary")
	}

	// 1. Add a word: new text at once, old documents after the reindex.
	d, err := e.UpdateDictionary(ctx, staff, []engine.Word{{Text: "汇流泵", Freq: 3000}}, nil)
	if err != nil || d.Version != 1 {
		t.Fatalf("update: %+v, %v", d, err)
	}
	if !hasTerm(t, f, "汇流泵注册检验", "汇流泵") {
		t.Error("new text is not cut with the new word at once")
	}
	searches := 0
	for {
		_, prog := e.CurrentDictionary()
		res, err := e.Match(ctx, query, engine.MatchOptions{})
		if err != nil || len(res.Matches) == 0 {
			t.Fatalf("during the reindex (%+v): %v, %d matches", prog, err, len(res.Matches))
		}
		searches++
		if !prog.Running {
			break
		}
	}
	if err := e.WaitDictionary(ctx); err != nil {
		t.Fatal(err)
	}
	_, prog := e.CurrentDictionary()
	st, _ := f.search.State()
	if n, _ := f.search.CountDictVersion(ctx, 1); n != st.Docs || prog.Done != int(st.Docs) || st.DictVersion != 1 {
		t.Errorf("%d of %d profiles at version 1, progress %+v, state %+v", n, st.Docs, prog, st)
	}
	after, err := e.Match(ctx, "汇流泵", engine.MatchOptions{K: 1, Explain: true})
	if err != nil || len(after.Matches) == 0 || after.Matches[0].Profile.ID != "yixie" || !slices.Contains(after.Matches[0].Explain.Terms["keywords"], "汇流泵") {
		t.Errorf("the old profile is not indexed with the new word: %+v, %v", after, err)
	}
	t.Logf("%d searches ran during the reindex", searches)

	// 2. Synonyms match both ways and are explained.
	if _, err := e.UpdateDictionary(ctx, staff, []engine.Word{{Text: "汇流泵", Freq: 3000}}, [][]string{{"汇流泵", "屏蔽泵"}}); err != nil {
		t.Fatal(err)
	}
	if err := e.WaitDictionary(ctx); err != nil {
		t.Fatal(err)
	}
	syn, err := e.Match(ctx, "屏蔽泵注册", engine.MatchOptions{K: 50, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	if findMatch(syn, "yixie") == nil {
		t.Error("屏蔽泵 does not find the profile that says 汇流泵")
	}
	if !slices.Contains(syn.Expanded, "屏蔽泵 → 汇流泵") || len(syn.Matches) == 0 || !slices.Contains(syn.Matches[0].Explain.Synonyms, "屏蔽泵 → 汇流泵") {
		t.Errorf("expansion not explained: %v", syn.Expanded)
	}
	back, err := e.Match(ctx, "汇流泵", engine.MatchOptions{K: 50, Kinds: []engine.Kind{engine.KindExpert}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range back.Matches {
		found = found || slices.Contains(m.Profile.Keywords, "屏蔽泵")
	}
	if !found || !slices.Contains(back.Expanded, "汇流泵 → 屏蔽泵") {
		t.Errorf("汇流泵 does not find 屏蔽泵 experts: %v", back.Expanded)
	}

	// 3. Remove the word: it stops being a token.
	if _, err := e.UpdateDictionary(ctx, staff, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.WaitDictionary(ctx); err != nil {
		t.Fatal(err)
	}
	if hasTerm(t, f, "汇流泵注册检验", "汇流泵") {
		t.Error("a removed word is still a token")
	}
	cur, _ := e.CurrentDictionary()
	if cur.Version != 3 || len(cur.Words) != 0 {
		t.Errorf("current dictionary %+v", cur)
	}
	// A restart reads the stored version and finds the index in step.
	g := engine.New(f.store, f.search, nil)
	if r, err := g.Sync(ctx, false); err != nil || r.Rebuilt {
		t.Errorf("sync after the changes: %+v, %v", r, err)
	}
	if _, err := e.UpdateDictionary(ctx, staff, []engine.Word{{Text: "两 个"}}, nil); err == nil || !errors.Is(err, engine.ErrInvalid) {
		t.Errorf("a word with a space: %v", err)
	}
	time.Sleep(0)
}
