package bench

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"yixianqian/engine"
)

// seedDataDir holds csl-dev, read at run time and never copied here.
const seedDataDir = "../../shared/data/csl-dev"

// mustSeedCSLDev reads csl-dev's profiles and needs, or skips the test when
// they are not there.
func mustSeedCSLDev(tb testing.TB) ([]engine.Profile, []engine.Need) {
	tb.Helper()
	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join(seedDataDir, name))
		if err != nil {
			tb.Skipf("csl-dev not present: %v", err)
		}
		tb.Cleanup(func() { f.Close() })
		return f
	}
	ps, bad, err := engine.ReadProfiles(open("profiles.jsonl"))
	if err != nil || len(bad) > 0 {
		tb.Fatalf("profiles: %v %v", err, bad)
	}
	ns, bad, err := engine.ReadNeeds(open("needs.jsonl"))
	if err != nil || len(bad) > 0 {
		tb.Fatalf("needs: %v %v", err, bad)
	}
	return ps, ns
}

// smallSeed makes a seed of four topics, each with experts, a team and a
// society whose works have titles and keywords; every sentence names its
// topic's words, and no two topics share a character, so topics share no
// terms but the template's.
func smallSeed() []engine.Profile {
	topics := [][]string{
		{"阀门", "密封", "球阀", "铸造", "泄漏", "压力"},
		{"杨梅", "保鲜", "冷链", "果园", "病害", "采摘"},
		{"水泵", "电机", "叶轮", "效率", "振动", "噪声"},
		{"原料药", "结晶", "杂质", "合成", "溶剂", "晶型"},
	}
	relations := []string{"关系", "影响", "机理", "规律", "变化", "控制方法"}
	var ps []engine.Profile
	kinds := []engine.Kind{engine.KindExpert, engine.KindExpert, engine.KindExpert, engine.KindExpert, engine.KindTeam, engine.KindSociety}
	for t, words := range topics {
		for i, kind := range kinds {
			p := engine.Profile{ID: fmt.Sprintf("seed-%d-%d", t, i), Kind: kind, Name: fmt.Sprintf("种子%d%d", t, i), Keywords: words[i%3 : i%3+2]}
			for w := range 2 + i%3 {
				var text strings.Builder
				for s := range 3 + w {
					a, b := words[(i+s)%6], words[(w+2*s+1)%6]
					fmt.Fprintf(&text, "本项研究分析%s与%s的%s。", a, b, relations[(i+w+s)%6])
				}
				text.WriteString("短句。") // a fragment under six characters, dropped
				p.Works = append(p.Works, engine.Work{
					Title:    words[(i+w)%6] + words[(w+3)%6] + "研究",
					Text:     text.String(),
					Keywords: []string{words[(i+w)%6], words[(i+w+1)%6]},
				})
			}
			ps = append(ps, p)
		}
	}
	return ps
}

func mustSeedCorpus(tb testing.TB, seeds []engine.Profile, opts SeedOptions) *SeedCorpus {
	tb.Helper()
	c, err := NewSeedCorpus(seeds, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// collect runs Each and keeps every profile.
func collect(tb testing.TB, c *SeedCorpus, n int, seed uint64) []engine.Profile {
	tb.Helper()
	var out []engine.Profile
	if err := c.Each(n, seed, func(p engine.Profile) error { out = append(out, p); return nil }); err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestSeedSplitSentences(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
		drop int
	}{
		{"目的 观察两种方法的疗效.方法 随机分为两组.", []string{"目的 观察两种方法的疗效.", "方法 随机分为两组."}, 0},
		{"两组读数相差较大(P<0.05).结论 值得推广", []string{"两组读数相差较大(P<0.05).", "结论 值得推广。"}, 0},
		{"精度为0．01 mm．好。", []string{"精度为0．01 mm．"}, 1},
		{"他说：“这是真的吗？！”然后离开了现场；\n  第二行没有标点  ", []string{"他说：“这是真的吗？！”", "然后离开了现场；", "第二行没有标点。"}, 0},
		{"例如v1.2和e.g这种写法不应断开。", []string{"例如v1.2和e.g这种写法不应断开。"}, 0},
		{"短。也短！", nil, 2},
		{"", nil, 0},
	} {
		var got []string
		drop := splitSentences(tc.text, 6, func(s string) { got = append(got, s) })
		if !slices.Equal(got, tc.want) || drop != tc.drop {
			t.Errorf("split %q:\n got %q, %d dropped\nwant %q, %d dropped", tc.text, got, drop, tc.want, tc.drop)
		}
	}
}

// FuzzSeedSplitSentences checks that every sentence is long enough and is
// a piece of the text, but for the 。 added to one without a stop.
func FuzzSeedSplitSentences(f *testing.F) {
	for _, s := range []string{"目的 观察疗效.方法 分两组.", "精度0．01 mm．\n好。", "他说：“真的吗？！”", "a.b.c", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		splitSentences(text, 6, func(s string) {
			if utf8.RuneCountInString(s) < 6 {
				t.Errorf("%q: sentence %q is too short", text, s)
			}
			if !strings.Contains(text, s) && !strings.Contains(text, strings.TrimSuffix(s, "。")) {
				t.Errorf("%q: sentence %q is not in the text", text, s)
			}
		})
	})
}

// generated summarises n generated profiles per kind.
type generated struct {
	count, works, runes     [numKinds]int
	fromAnchor, sentences   int
	minFromAnchor           float64
	titled, keyworded, kept int
}

// summarise generates n profiles, validates each and measures them; it
// also counts how many of each profile's sentences are its anchor's.
func summarise(t *testing.T, c *SeedCorpus, n int, seed uint64) generated {
	t.Helper()
	s := generated{minFromAnchor: 1}
	g := c.newGenerator(seed)
	for range n {
		p := g.next()
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		own := map[string]bool{}
		for _, id := range c.profiles[g.anchor].sents {
			own[c.sentences[id]] = true
		}
		k := kindIndex(p.Kind)
		s.count[k]++
		s.works[k] += len(p.Works)
		mine, all := 0, 0
		for _, w := range p.Works {
			s.runes[k] += utf8.RuneCountInString(w.Text)
			splitSentences(w.Text, c.opts.MinSentenceRunes, func(x string) {
				all++
				if own[x] {
					mine++
				}
			})
			if w.Title != "" {
				s.titled++
			}
			if len(w.Keywords) > 0 {
				s.keyworded++
			}
		}
		s.fromAnchor += mine
		s.sentences += all
		if all > 0 {
			s.minFromAnchor = min(s.minFromAnchor, float64(mine)/float64(all))
		}
	}
	return s
}

// checkLikeSeed checks that generated profiles follow the seed per kind:
// shares within 2 points, works per profile within 10% and characters per
// work within 20% of the seed's means, and at least minAnchor of all
// sentences from the profile's anchor.
func checkLikeSeed(t *testing.T, c *SeedCorpus, s generated, minAnchor float64) {
	t.Helper()
	n := 0
	for _, x := range s.count {
		n += x
	}
	for _, ks := range c.Stats().Kinds {
		k := kindIndex(ks.Kind)
		share := float64(s.count[k]) / float64(n)
		works := float64(s.works[k]) / float64(s.count[k])
		runes := float64(s.runes[k]) / float64(s.works[k])
		t.Logf("%-7s share %.3f (seed %.3f), works/profile %.2f (seed %.2f), characters/work %.0f (seed %.0f)",
			ks.Kind, share, ks.Share, works, ks.WorksPerProfile.Mean, runes, ks.RunesPerWork.Mean)
		if math.Abs(share-ks.Share) > 0.02 {
			t.Errorf("%s: share %.3f, seed %.3f", ks.Kind, share, ks.Share)
		}
		if math.Abs(works/ks.WorksPerProfile.Mean-1) > 0.1 {
			t.Errorf("%s: %.2f works per profile, seed %.2f", ks.Kind, works, ks.WorksPerProfile.Mean)
		}
		if math.Abs(runes/ks.RunesPerWork.Mean-1) > 0.2 {
			t.Errorf("%s: %.0f characters per work, seed %.0f", ks.Kind, runes, ks.RunesPerWork.Mean)
		}
	}
	frac := float64(s.fromAnchor) / float64(s.sentences)
	t.Logf("sentences from the anchor: %.3f overall, %.3f at least", frac, s.minFromAnchor)
	if frac < minAnchor {
		t.Errorf("%.3f of the sentences come from the anchor, want at least %.2f", frac, minAnchor)
	}
}

func TestSeedCorpusSmallSeed(t *testing.T) {
	c := mustSeedCorpus(t, smallSeed(), SeedOptions{})
	st := c.Stats()
	t.Log(st)
	if st.Profiles != 24 || st.Dropped == 0 || st.Titles == 0 || st.Keywords == 0 {
		t.Errorf("stats %+v: want 24 profiles, dropped fragments, titles and keywords", st)
	}
	// Topics share no terms, so an anchor borrows only from its own topic;
	// a seed's topic is its index divided by 6.
	for a := range c.profiles {
		if len(c.profiles[a].neighbours) == 0 && c.kinds[kindIndex(smallSeed()[a].Kind)].profiles > 4 {
			t.Errorf("seed %d has no neighbour", a)
		}
		for _, nb := range c.profiles[a].neighbours {
			if a/6 != int(nb)/6 {
				t.Errorf("seed %d borrows from seed %d of another topic", a, nb)
			}
		}
	}
	s := summarise(t, c, 600, 7)
	checkLikeSeed(t, c, s, 0.85)
	if s.titled == 0 || s.keyworded == 0 {
		t.Errorf("no generated work has a title (%d) or keywords (%d)", s.titled, s.keyworded)
	}
	ps := collect(t, c, 600, 7)
	if !reflect.DeepEqual(ps, collect(t, c, 600, 7)) {
		t.Error("two runs with the same seed differ")
	}
	if !reflect.DeepEqual(ps[:100], collect(t, c, 100, 7)) {
		t.Error("a shorter run is not a prefix of a longer one")
	}
	if reflect.DeepEqual(ps, collect(t, c, 600, 8)) {
		t.Error("another seed gives the same profiles")
	}
	if ps[0].ID != "gen-e000001" || ps[0].Name != "专家000001" {
		t.Errorf("first profile %s %s, want gen-e000001 专家000001", ps[0].ID, ps[0].Name)
	}
}

// TestSeedCorpusTopics checks that titles and keywords keep to the anchor's
// topic and that structured fields are filled for most profiles.
func TestSeedCorpusTopics(t *testing.T) {
	seeds := smallSeed()
	c := mustSeedCorpus(t, seeds, SeedOptions{})
	g := c.newGenerator(3)
	structured := 0
	for range 300 {
		p := g.next()
		topic := map[string]bool{}
		for _, s := range seeds[g.anchor/6*6 : g.anchor/6*6+6] {
			for _, w := range s.Works {
				topic[w.Title] = true
				for _, kw := range w.Keywords {
					topic[kw] = true
				}
			}
			for _, kw := range s.Keywords {
				topic[kw] = true
			}
		}
		check := func(what string, vs ...string) {
			for _, v := range vs {
				if !topic[v] {
					t.Errorf("%s: %s %q is not of its anchor's topic", p.ID, what, v)
				}
			}
		}
		check("keyword", p.Keywords...)
		for _, w := range p.Works {
			check("title", w.Title)
			check("work keyword", w.Keywords...)
		}
		if p.Organisation != "" {
			structured++
			if len(p.Counties) == 0 || len(p.Industries) == 0 || p.Capacity == 0 {
				t.Errorf("%s: organisation without counties, industries or capacity: %+v", p.ID, p)
			}
		}
	}
	if structured < 200 || structured > 280 {
		t.Errorf("%d of 300 profiles have an organisation, want about 240", structured)
	}
}

func TestSeedCorpusOptions(t *testing.T) {
	seeds := smallSeed()
	c := mustSeedCorpus(t, seeds, SeedOptions{KindShare: map[engine.Kind]float64{engine.KindTeam: 1, engine.KindSociety: 3}, Structured: -1})
	var kinds [numKinds]int
	err := c.Each(400, 1, func(p engine.Profile) error {
		kinds[kindIndex(p.Kind)]++
		if p.Organisation != "" || len(p.Counties) > 0 {
			t.Errorf("%s: structured fields with Structured < 0", p.ID)
		}
		return nil
	})
	if err != nil || kinds != [numKinds]int{0, 100, 300} {
		t.Errorf("kinds %v, err %v; want [0 100 300]", kinds, err)
	}
	stop := fmt.Errorf("enough")
	calls := 0
	if err := c.Each(10, 1, func(engine.Profile) error { calls++; return stop }); err != stop || calls != 1 {
		t.Errorf("Each returned %v after %d calls, want fn's error after 1", err, calls)
	}
	for name, tc := range map[string]struct {
		seeds []engine.Profile
		opts  SeedOptions
	}{
		"no seeds":        {nil, SeedOptions{}},
		"only fragments":  {[]engine.Profile{{ID: "a", Kind: engine.KindExpert, Name: "甲", Works: []engine.Work{{Text: "短。"}}}}, SeedOptions{}},
		"invalid seed":    {[]engine.Profile{{ID: "a", Kind: "person", Name: "甲"}}, SeedOptions{}},
		"absent kind":     {seeds[:4], SeedOptions{KindShare: map[engine.Kind]float64{engine.KindTeam: 1}}},
		"unknown kind":    {seeds, SeedOptions{KindShare: map[engine.Kind]float64{"person": 1}}},
		"negative share":  {seeds, SeedOptions{KindShare: map[engine.Kind]float64{engine.KindExpert: -1}}},
		"all shares zero": {seeds, SeedOptions{KindShare: map[engine.Kind]float64{engine.KindExpert: 0}}},
	} {
		if _, err := NewSeedCorpus(tc.seeds, tc.opts); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestSeedCorpusCSLDev generates 2,000 profiles from csl-dev and compares
// them with the seed.
func TestSeedCorpusCSLDev(t *testing.T) {
	seeds, _ := mustSeedCSLDev(t)
	c := mustSeedCorpus(t, seeds, SeedOptions{})
	t.Log(c.Stats())
	checkLikeSeed(t, c, summarise(t, c, 2000, 1), 0.8)
	a := collect(t, c, 2000, 1)
	if !reflect.DeepEqual(a, collect(t, c, 2000, 1)) {
		t.Error("two runs with the same seed differ")
	}
}

// distinctBigrams counts the distinct character bigrams of n generated
// profiles, a segmenter-free proxy for distinct terms.
func distinctBigrams(tb testing.TB, c *SeedCorpus, n int, seed uint64) int {
	tb.Helper()
	seen := map[uint64]struct{}{}
	err := c.Each(n, seed, func(p engine.Profile) error {
		for _, w := range p.Works {
			eachBigram(w.Text, func(b uint64) { seen[b] = struct{}{} })
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return len(seen)
}

// TestSeedCorpusGrowth checks that distinct terms grow with the number of
// profiles, towards the seed's own count (csl-dev when present, else the
// small seed).
func TestSeedCorpusGrowth(t *testing.T) {
	seeds, sizes := smallSeed(), []int{5, 20, 200}
	if ps, _ := mustSeedCSLDevOrNil(t); ps != nil {
		seeds, sizes = ps, []int{200, 1000, 10000}
		if !testing.Short() {
			sizes = append(sizes, 50000)
		}
	}
	c := mustSeedCorpus(t, seeds, SeedOptions{})
	seed := map[uint64]struct{}{}
	for _, p := range seeds {
		for _, w := range p.Works {
			eachBigram(w.Text, func(b uint64) { seed[b] = struct{}{} })
		}
	}
	prev := 0
	for _, n := range sizes {
		got := distinctBigrams(t, c, n, 1)
		t.Logf("%6d profiles: %d distinct bigrams (seed: %d)", n, got, len(seed))
		// They grow until the seed's are all used; a few bigrams of dropped
		// fragments never come back.
		if got < prev || got <= prev && got < len(seed)*99/100 || got > len(seed) {
			t.Errorf("%d profiles: %d distinct bigrams after %d, seed %d", n, got, prev, len(seed))
		}
		prev = got
	}
}

// TestSeedCorpusStreams checks that Each keeps nothing from one profile to
// the next: allocations per profile do not grow with n, and the live heap
// stays small while far more text goes by.
func TestSeedCorpusStreams(t *testing.T) {
	seeds := smallSeed()
	if ps, _ := mustSeedCSLDevOrNil(t); ps != nil {
		seeds = ps
	}
	c := mustSeedCorpus(t, seeds, SeedOptions{})
	noop := func(engine.Profile) error { return nil }
	small := testing.AllocsPerRun(3, func() { c.Each(200, 1, noop) }) / 200
	large := testing.AllocsPerRun(3, func() { c.Each(2000, 1, noop) }) / 2000
	t.Logf("allocations per profile: %.1f over 200, %.1f over 2,000", small, large)
	if large > 48 || large > small*1.1 {
		t.Errorf("%.1f allocations per profile over 2,000 (%.1f over 200), want at most 48 and no growth", large, small)
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base, peak, text := ms.HeapAlloc, uint64(0), 0
	c.Each(20000, 1, func(p engine.Profile) error {
		for _, w := range p.Works {
			text += len(w.Text)
		}
		if strings.HasSuffix(p.ID, "000") {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		return nil
	})
	grew := int64(peak) - int64(base)
	t.Logf("20,000 profiles, %.1f MB of text; live heap grew by %.2f MB at most", float64(text)/1e6, float64(grew)/1e6)
	if grew > 4<<20 {
		t.Errorf("live heap grew by %d bytes while generating", grew)
	}
}

// mustSeedCSLDevOrNil is mustSeedCSLDev without the skip.
func mustSeedCSLDevOrNil(tb testing.TB) ([]engine.Profile, []engine.Need) {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(seedDataDir, "profiles.jsonl")); err != nil {
		return nil, nil
	}
	return mustSeedCSLDev(tb)
}

func TestSeedQueries(t *testing.T) {
	needs := []engine.Need{
		{ID: "n1", Title: "阀门泄漏", Description: "球阀在高压下密封失效。希望改进密封结构。预算有限但急需。", County: "玉环市"},
		{ID: "n2", Description: "杨梅采摘后很快腐烂变质。需要低成本的冷链保鲜方案！"},
		{ID: "n3", Description: "水泵电机振动噪声偏大；叶轮效率不高。"},
	}
	if _, ns := mustSeedCSLDevOrNil(t); ns != nil {
		t.Run("csl-dev", func(t *testing.T) { checkQueries(t, ns, 2000) })
	}
	checkQueries(t, needs, 10)
	source := map[string]int{} // sentence → need
	for i, n := range needs {
		splitSentences(n.Description, 6, func(s string) { source[s] = i })
	}
	for _, q := range SeedQueries(needs, 10, 5)[3:] {
		from := map[int]bool{}
		splitSentences(q.Description, 6, func(s string) {
			i, ok := source[s]
			if !ok {
				t.Errorf("%s: sentence %q is of no need", q.ID, s)
			}
			from[i] = true
		})
		if len(from) != 2 {
			t.Errorf("%s: %q recombines %d needs, want 2", q.ID, q.Description, len(from))
		}
	}
	if SeedQueries(nil, 5, 1) != nil || SeedQueries(needs, 0, 1) != nil {
		t.Error("queries from no needs or for n = 0")
	}
}

// checkQueries checks n queries from needs: valid, numbered, the same for
// the same seed, each need once before any recombination.
func checkQueries(t *testing.T, needs []engine.Need, n int) {
	qs := SeedQueries(needs, n, 5)
	if len(qs) != n || !reflect.DeepEqual(qs, SeedQueries(needs, n, 5)) {
		t.Fatalf("%d queries, or two calls differ", len(qs))
	}
	if reflect.DeepEqual(qs, SeedQueries(needs, n, 6)) {
		t.Error("another seed gives the same queries")
	}
	orig := map[string]bool{}
	for _, nd := range needs {
		orig[nd.Description] = true
	}
	for i, q := range qs {
		if err := q.Validate(); err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("gen-q%05d", i+1); q.ID != want {
			t.Errorf("query %d: ID %s, want %s", i, q.ID, want)
		}
		if i < len(needs) && !orig[q.Description] {
			t.Errorf("%s: not one of the needs", q.ID)
		}
		if i < len(needs) {
			delete(orig, q.Description)
		}
	}
	if len(orig) > 0 && n >= len(needs) {
		t.Errorf("%d needs never used", len(orig))
	}
}

// ExampleSeedCorpus_Each generates profiles from a seed: IDs and names are
// numbered per kind, kinds interleave in the seed's proportions (four
// experts to a team and a society here).
func ExampleSeedCorpus_Each() {
	c, err := NewSeedCorpus(smallSeed(), SeedOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	c.Each(6, 1, func(p engine.Profile) error {
		fmt.Println(p.ID, p.Kind, p.Name)
		return nil
	})
	// Output:
	// gen-e000001 expert 专家000001
	// gen-t000001 team 博士服务团000001
	// gen-e000002 expert 专家000002
	// gen-s000001 society 学会000001
	// gen-e000003 expert 专家000003
	// gen-e000004 expert 专家000004
}
