package engine_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"yixianqian/engine"
	"yixianqian/engine/enginetest"
)

// TestTrainFromUseAndSwitch trains a ranker in the service from uploaded
// judgements, switches to it, and checks that matches name it, that a
// restart keeps it, and that a ranker that does not exist is refused.
func TestTrainFromUseAndSwitch(t *testing.T) {
	f := enginetest.Demo(t, time.Time{})
	ctx := context.Background()
	staff := engine.Viewer{Role: engine.RoleAnalyst}
	ns, _ := f.Engine.Needs(ctx)
	j := engine.Judgements{}
	for _, n := range ns[:8] {
		res, err := f.Engine.Match(ctx, n.Text(), engine.MatchOptions{K: 5})
		if err != nil || len(res.Matches) < 2 {
			t.Fatalf("need %s: %v", n.ID, err)
		}
		// Judge the second match useful and the first not: training has
		// something to learn.
		j[n.ID] = map[string]int{res.Matches[0].Profile.ID: 0, res.Matches[1].Profile.ID: 2}
	}
	if _, err := f.Engine.TrainFromUse(ctx, engine.Viewer{Role: engine.RoleCompany, Subject: "x"}, "r1", j); !errors.Is(err, engine.ErrForbidden) {
		t.Errorf("a company trained a ranker: %v", err)
	}
	if _, err := f.Engine.TrainFromUse(ctx, staff, "r1", engine.Judgements{ns[0].ID: {"exp-001": 2}}); !errors.Is(err, engine.ErrInvalid) {
		t.Errorf("training on one judged need: %v, want ErrInvalid", err)
	}
	rep, err := f.Engine.TrainFromUse(ctx, staff, "r1", j)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Needs != 8 || rep.Judged != 16 || rep.Folds != 5 || rep.Current != engine.DefaultModel().Name || len(rep.Weights) == 0 {
		t.Errorf("report %+v", rep)
	}
	if f.Engine.Model().Name != engine.DefaultModel().Name {
		t.Error("training switched the ranker; only UseRanker should")
	}
	if _, err := f.Engine.UseRanker(ctx, staff, "nope"); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("using a ranker that does not exist: %v", err)
	}
	if _, err := f.Engine.UseRanker(ctx, staff, "r1"); err != nil {
		t.Fatal(err)
	}
	// The fake search has no latent space, so matches rank by the words
	// and say so; with one (engine/search's tests) they name r1.
	res, err := f.Engine.Match(ctx, ns[0].Text(), engine.MatchOptions{K: 3, Explain: true})
	if err != nil || len(res.Matches) == 0 || res.Matches[0].Explain.Model != "lexical" || f.Engine.Model().Name != "r1" {
		t.Fatalf("after the switch: ranker %s, %v, %+v", f.Engine.Model().Name, err, res)
	}
	// A restart keeps the choice.
	g := engine.New(f.Store, f.Search, nil)
	if _, err := g.Sync(ctx, false); err != nil {
		t.Fatal(err)
	}
	if g.Model().Name != "r1" {
		t.Errorf("after a restart the ranker is %s, want r1", g.Model().Name)
	}
	list, err := g.Rankers(ctx, staff)
	if err != nil || len(list) != 2 || !list[1].Active || list[1].Report == nil {
		t.Errorf("rankers = %+v, %v", list, err)
	}
	if _, err := g.UseRanker(ctx, staff, engine.BuiltinRanker); err != nil || g.Model().Name != engine.DefaultModel().Name {
		t.Errorf("back to the built-in ranker: %v, %s", err, g.Model().Name)
	}
}

// TestNearIdenticalProfilesFold stores the same results under two
// profiles: the lower one folds under the first instead of taking a place.
func TestNearIdenticalProfilesFold(t *testing.T) {
	f := enginetest.New(t, nil)
	ctx := context.Background()
	work := engine.Work{Title: "铝合金压铸件气孔缺陷控制", Text: "针对铝合金压铸件气孔缺陷，采用真空压铸和模具排气优化，气孔率由8%降至1.5%。"}
	copied := work
	copied.Text += "。" // the same result, posted again with a stray mark
	ps := []engine.Profile{
		{ID: "a", Kind: engine.KindTeam, Name: "压铸团队", Works: []engine.Work{work}},
		{ID: "b", Kind: engine.KindTeam, Name: "压铸团队（重复登记）", Works: []engine.Work{copied, copied}},
		{ID: "c", Kind: engine.KindExpert, Name: "模具专家", Works: []engine.Work{{Title: "压铸模具排气槽设计", Text: "压铸模具排气槽截面与位置的设计方法。"}}},
	}
	if err := f.Engine.PutProfiles(ctx, ps); err != nil {
		t.Fatal(err)
	}
	res, err := f.Engine.Match(ctx, "铝合金压铸件气孔缺陷，真空压铸与模具排气", engine.MatchOptions{K: 3})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range res.Matches {
		ids = append(ids, m.Profile.ID)
	}
	if len(res.Matches) != 2 || res.Matches[0].Profile.ID != "a" || len(res.Matches[0].Similar) != 1 || res.Matches[0].Similar[0] != "b" {
		t.Errorf("matches %v, similar %v: want a with b folded under it, then c", ids, res.Matches[0].Similar)
	}
	if got := engine.DistinctWorks(&ps[1]); len(got) != 1 {
		t.Errorf("DistinctWorks of a profile with a work twice = %d works, want 1", len(got))
	}
}
