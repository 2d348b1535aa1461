package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"yixianqian/bench"
	"yixianqian/engine"
)

// runAsYxq, set in a child's environment, makes the test binary run as
// yxq itself (the benchmark starts 'yxq serve' from its own executable).
const runAsYxq = "YXQ_TEST_RUN_AS_YXQ"

func TestBenchFlags(t *testing.T) {
	f, err := parseBenchFlags([]string{"--seed-texts", "s.jsonl", "--profiles", "500"}, &strings.Builder{})
	if err != nil || !slices.Equal(f.callers, []int{1, 2}) || f.profiles != 500 || f.requests != 400 || f.batch != 1000 {
		t.Errorf("seed defaults: %+v, %v", f, err)
	}
	f, err = parseBenchFlags(nil, &strings.Builder{})
	if err != nil || !slices.Equal(f.callers, []int{1, 2, 4, 8}) {
		t.Errorf("synthetic defaults: callers %v, %v", f.callers, err)
	}
	f, err = parseBenchFlags([]string{"--compare", "old,new", "a.json", "b.json"}, &strings.Builder{})
	if err != nil || !slices.Equal(f.compare, []string{"old", "new"}) || !slices.Equal(f.files, []string{"a.json", "b.json"}) {
		t.Errorf("compare: %+v, %v", f, err)
	}
	for _, args := range [][]string{
		{"--callers", "0"},
		{"--callers", "1,x"},
		{"--profiles", "0"},
		{"--batch", "0"},
		{"--warmup", "-1"},
		{"--queries", "q.jsonl"}, // without --seed-texts
		{"--json", "out.json"},
		{"--seed-texts", "s.jsonl", "--peer", "elastic"},
		{"--compare", "old,new"}, // no files
		{"stray.json"},
	} {
		if _, err := parseBenchFlags(args, &strings.Builder{}); exitCode(err) != 2 {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
}

// writeBenchSeed writes a small invented seed set and needs as JSON Lines:
// three topics, experts, a team and a society each.
func writeBenchSeed(t *testing.T, dir string) (seeds, needs string) {
	t.Helper()
	topics := [][]string{
		{"注塑模具", "冷却水路", "翘曲变形", "浇口位置", "保压时间"},
		{"杨梅", "冷链保鲜", "果实褐变", "采后病害", "预冷处理"},
		{"离心泵", "永磁电机", "叶轮效率", "振动噪声", "变频控制"},
	}
	kinds := []engine.Kind{engine.KindExpert, engine.KindExpert, engine.KindTeam, engine.KindSociety}
	var ps []engine.Profile
	for ti, words := range topics {
		for i, kind := range kinds {
			p := engine.Profile{ID: fmt.Sprintf("s%d%d", ti, i), Kind: kind, Name: fmt.Sprintf("种子%d%d", ti, i), Keywords: words[:2]}
			for w := range 3 {
				var b strings.Builder
				for s := range 4 {
					fmt.Fprintf(&b, "本工作研究了%s对%s的影响，提出了改进方法。", words[(i+w+s)%5], words[(w+2*s+1)%5])
				}
				p.Works = append(p.Works, engine.Work{Title: words[w] + "研究", Text: b.String(), Keywords: []string{words[w]}})
			}
			ps = append(ps, p)
		}
	}
	ns := []engine.Need{
		{ID: "q1", Description: "我公司注塑模具冷却水路设计不合理，产品翘曲变形严重，希望优化浇口位置。"},
		{ID: "q2", Description: "杨梅采后褐变快，冷链保鲜期短，需要预冷处理方面的技术支持。"},
		{ID: "q3", Description: "离心泵配永磁电机运行时振动噪声大，希望改进叶轮效率和变频控制。"},
	}
	seeds, needs = filepath.Join(dir, "seeds.jsonl"), filepath.Join(dir, "needs.jsonl")
	for path, write := range map[string]func(*os.File) error{
		seeds: func(f *os.File) error { return engine.WriteJSONL(f, ps) },
		needs: func(f *os.File) error { return engine.WriteJSONL(f, ns) },
	} {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := write(f); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	return seeds, needs
}

// TestBenchSeedCorpus runs the realistic benchmark on 300 profiles: it
// imports them, matches in process, starts this test binary as 'yxq
// serve' on the data and measures it over HTTP; then compares the run's
// JSON with itself.
func TestBenchSeedCorpus(t *testing.T) {
	dir := t.TempDir()
	seeds, needs := writeBenchSeed(t, dir)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(runAsYxq, "1") // for the child only: TestMain has run
	js := filepath.Join(dir, "run.json")
	data := filepath.Join(dir, "data")
	out, errOut, err := runCmd(t, "bench", "--seed-texts", seeds, "--queries", needs, "--profiles", "300", "--batch", "128",
		"--requests", "20", "--warmup", "5", "--callers", "1,2", "--json", js, "--data", data, "--serve-bin", self, "--label", "tiny")
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, errOut)
	}
	for _, want := range []string{"fresh start until ready", "serving after warm-up: anonymous RSS", "… retrieve p50",
		"BenchmarkYxqSeed/profiles=300/import\t1\t", "BenchmarkYxqSeed/profiles=300/http/callers=2\t20\t", "300/300 profiles (100%)", "segments → 1 in"} {
		if !strings.Contains(out+errOut, want) {
			t.Errorf("output lacks %q:\n%s\n%s", want, out, errOut)
		}
	}
	b, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var run bench.ScaleRun
	if err := json.Unmarshal(b, &run); err != nil {
		t.Fatal(err)
	}
	im := run.Import
	if run.Label != "tiny" || run.Profiles != 300 || run.Queries < 25 || run.TextBytes <= 0 || im.Wall < im.Index+im.Learn || im.Learn <= 0 ||
		im.PeakRSS < im.AnonRSS || im.AnonRSS <= 0 || im.DiskBytes <= 0 || run.Start.Ready <= 0 || run.Start.AtReady.Peak <= 0 ||
		run.Serving.AnonRSS <= 0 || run.Serving.RSS < run.Serving.AnonRSS || run.ServingPeak < run.Serving.RSS || len(run.Machine.Load) != 3 {
		t.Errorf("implausible run: %+v", run)
	}
	var names []string
	for _, l := range run.Loads {
		names = append(names, l.Name)
		if l.Requests != 20 || l.Errors != 0 || l.Latency.P50 <= 0 {
			t.Errorf("%s: %+v", l.Name, l.LoadResult)
		}
		stage := bench.StageRetrieve
		if strings.HasPrefix(l.Name, "http") {
			stage = bench.StageTotal // from the server's Server-Timing header
		}
		if st := l.Stages[stage]; st.N != 20 || st.P50 <= 0 {
			t.Errorf("%s: stage %s %+v", l.Name, stage, st)
		}
	}
	if want := []string{"match/callers=1", "match/callers=2", "http/callers=1", "http/callers=2"}; !slices.Equal(names, want) {
		t.Errorf("loads %v, want %v", names, want)
	}
	if entries, err := os.ReadDir(data); err != nil || len(entries) == 0 {
		t.Errorf("--data %s was not kept: %v", data, err)
	}
	if _, _, err := runCmd(t, "bench", "--seed-texts", seeds, "--profiles", "10", "--data", data); exitCode(err) != 2 {
		t.Errorf("bench into a used --data: %v, want a usage error", err)
	}

	md, _, err := runCmd(t, "bench", "--compare", "tiny", js, js)
	if err != nil || !strings.Contains(md, "### 300 profiles") || !strings.Contains(md, "tiny ×2") {
		t.Errorf("compare: %v\n%s", err, md)
	}
}

func TestBenchDumpJSONL(t *testing.T) {
	dir := t.TempDir()
	seeds, _ := writeBenchSeed(t, dir)
	dump := filepath.Join(dir, "corpus.jsonl")
	if _, errOut, err := runCmd(t, "bench", "--seed-texts", seeds, "--profiles", "40", "--dump-jsonl", dump); err != nil {
		t.Fatalf("dump: %v\n%s", err, errOut)
	}
	f, err := os.Open(dump)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ps, bad, err := engine.ReadProfiles(bufio.NewReader(f))
	if err != nil || len(bad) > 0 || len(ps) != 40 {
		t.Fatalf("dumped %d profiles, bad %v, err %v", len(ps), bad, err)
	}
	if ps[0].ID != "gen-e000001" || len(ps[0].Works) == 0 {
		t.Errorf("first dumped profile %+v", ps[0])
	}
}
