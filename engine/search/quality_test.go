package search_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"yixianqian/engine"
)

// learnedDemo is the demo data in a real store and index, space learned.
func learnedDemo(t *testing.T) *fixture {
	t.Helper()
	f := mustFixture(t, t.TempDir(), nil)
	mustDemo(t, f)
	if _, err := f.eng.Learn(context.Background()); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestDieCastingNeedFindsDieCasting is the need a new user tried: its top
// five must hold at least two of the profiles about 压铸 and 低压铸造, which
// jieba cuts differently from the need's words (the bigram fields and the
// latent space must bridge them).
func TestDieCastingNeedFindsDieCasting(t *testing.T) {
	f := learnedDemo(t)
	ctx := context.Background()
	const text = "我司生产铝合金压铸件，近期气孔缺陷率高达8%，希望找到熟悉真空压铸与模具排气设计的专家帮助降低缺陷率"
	res, err := f.eng.Match(ctx, text, engine.MatchOptions{K: 5, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	hits := 0
	var got []string
	for _, m := range res.Matches {
		p := m.Profile
		about := strings.Join(append(append([]string{}, p.Fields...), p.Keywords...), " ")
		for _, w := range p.Works {
			about += w.Title
		}
		if strings.Contains(about, "压铸") || strings.Contains(about, "低压铸造") {
			hits++
		}
		got = append(got, p.ID+" "+p.Name)
	}
	if hits < 2 {
		t.Errorf("top 5 %v: %d about 压铸, want at least 2", got, hits)
	}
	if res.Weak || res.Check.Vague {
		t.Errorf("a specific need is marked weak (%v) or vague (%+v)", res.Weak, res.Check)
	}
}

// TestNarrowNeedsPutExpertsFirst: a broad society matches many of a narrow
// need's words; it must not come before the experts of that narrow topic
// (the two examples: a nitrosamine impurity in a sartan API, weld
// lines on a moulded lamp cover).
func TestNarrowNeedsPutExpertsFirst(t *testing.T) {
	f := learnedDemo(t)
	for _, text := range []string{
		"沙坦类原料药中亚硝胺杂质超标，需要工艺优化控制基因毒性杂质",
		"车灯灯罩注塑件表面熔接痕明显，影响外观，希望优化模具浇口",
	} {
		res, err := f.eng.Match(context.Background(), text, engine.MatchOptions{K: 5})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range res.Matches {
			got = append(got, string(m.Profile.Kind)+" "+m.Profile.Name)
		}
		if len(res.Matches) < 3 || res.Matches[0].Profile.Kind != engine.KindExpert || res.Matches[1].Profile.Kind == engine.KindSociety {
			t.Errorf("%s: top 5 %v, want experts first and no society in the first two", text, got)
		}
	}
}

// TestStockPhraseNeedIsVagueAndWeak: a need made only of stock phrases is
// vague, with hints in Chinese, and its result is weak however its matches
// score.
func TestStockPhraseNeedIsVagueAndWeak(t *testing.T) {
	f := learnedDemo(t)
	res, err := f.eng.Match(context.Background(), "希望与高校合作，找到专家解决技术难题，提高产品质量，降低成本", engine.MatchOptions{K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Check.Vague || len(res.Check.Hints) == 0 || !res.Weak {
		t.Errorf("stock-phrase need: check %+v, weak %v; want vague with hints, and weak", res.Check, res.Weak)
	}
	for _, m := range res.Matches {
		if m.Label != engine.LabelWeak || m.Strength >= 0.3 {
			t.Errorf("stock-phrase need: %s is %s (%.2f), want 弱 under 0.3", m.Profile.Name, m.Label, m.Strength)
		}
	}
	for _, h := range res.Check.Hints {
		if !strings.ContainsRune(h, '请') && !strings.ContainsRune(h, '可') {
			t.Errorf("hint %q is not a Chinese request", h)
		}
	}
	chk := f.eng.CheckNeed("屏蔽泵效率偏低", "温岭市一家泵厂的屏蔽泵效率只有62%，希望提高到70%以上")
	if chk.Vague || len(chk.Parameters) == 0 {
		t.Errorf("a specific need checked as %+v", chk)
	}
}

// TestMatchedTermsAreWholeWords: no single character and no fragment of a
// longer word of the need counts as a matched term (合金 of 铝合金, 间体 of
// 中间体).
func TestMatchedTermsAreWholeWords(t *testing.T) {
	f := learnedDemo(t)
	const text = "铝合金压铸件气孔，原料药中间体杂质超标，灯罩熔接痕明显"
	res, err := f.eng.Match(context.Background(), text, engine.MatchOptions{K: 20, Explain: true})
	if err != nil || len(res.Matches) == 0 {
		t.Fatalf("%v, %d matches", err, len(res.Matches))
	}
	fragments := []string{"合金", "中间", "间体", "熔接", "接痕", "痕"}
	n := 0
	for _, m := range res.Matches {
		for field, terms := range m.Explain.Terms {
			for _, term := range terms {
				n++
				if utf8.RuneCountInString(term) < 2 && term[0] >= 0x80 || slices.Contains(fragments, term) {
					t.Errorf("%s: %s matched the fragment %q", m.Profile.ID, field, term)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no matched terms at all; the test tests nothing")
	}
}

// TestStrengthFollowsTheRanker: every match names the ranker that scored
// it, strengths stay in [0, 1] and do not fall as the ranker's score rises.
func TestStrengthFollowsTheRanker(t *testing.T) {
	f := learnedDemo(t)
	res, err := f.eng.Match(context.Background(), "注塑模具随形冷却水路设计，缩短成型周期", engine.MatchOptions{K: 30, Explain: true})
	if err != nil || len(res.Matches) < 10 {
		t.Fatalf("%v, %d matches", err, len(res.Matches))
	}
	labels := map[string]int{}
	for i, m := range res.Matches {
		if m.Explain.Model != engine.DefaultModel().Name {
			t.Errorf("%s ranked by %q, want the built-in %q", m.Profile.ID, m.Explain.Model, engine.DefaultModel().Name)
		}
		if m.Strength < 0 || m.Strength > 1 {
			t.Errorf("%s: strength %v outside [0, 1]", m.Profile.ID, m.Strength)
		}
		labels[m.Label]++
		if i > 0 {
			prev := res.Matches[i-1]
			text := m.Explain.Parts[engine.PartLexical] + m.Explain.Parts[engine.PartSemantic] + m.Explain.Parts[engine.PartSpecificity]
			prevText := prev.Explain.Parts[engine.PartLexical] + prev.Explain.Parts[engine.PartSemantic] + prev.Explain.Parts[engine.PartSpecificity]
			if prevText > text && prev.Strength < m.Strength {
				t.Errorf("%s (text %.3f) has strength %.3f below %s (text %.3f, strength %.3f)", prev.Profile.ID, prevText, prev.Strength, m.Profile.ID, text, m.Strength)
			}
		}
	}
	if labels[engine.LabelStrong] == 0 || labels[engine.LabelWeak] == 0 {
		t.Errorf("labels over 30 matches %v: want strong ones at the top and weak ones further down", labels)
	}
}
