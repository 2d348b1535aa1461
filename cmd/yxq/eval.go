package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"yixianqian/bench"
	"yixianqian/cmd/wire"
	"yixianqian/engine"
	"yixianqian/engine/search"
	"yixianqian/segment"
)

// configList is a repeatable --config flag.
type configList []string

func (c *configList) String() string     { return strings.Join(*c, ",") }
func (c *configList) Set(v string) error { *c = append(*c, v); return nil }

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval", stderr)
	profiles := fs.String("profiles", "", "JSON Lines `file` of profiles (required)")
	needs := fs.String("needs", "", "JSON Lines `file` of needs (required)")
	qrelsPath := fs.String("qrels", "", "TREC qrels `file` (required)")
	rel := fs.Int("rel", 2, "lowest `grade` counted as relevant by P@k, MRR, MAP and recall")
	depth := fs.Int("depth", 50, "matches asked for per need")
	k := fs.Int("k", 10, "an extra cutoff: also report nDCG@k and P@k")
	asJSON := fs.Bool("json", false, "print one JSON object")
	runPath := fs.String("run", "", "write a TREC run of the first configuration to `file`")
	reportDir := fs.String("report", "", "write report.json, report.md and report.html to `dir`")
	perKind := fs.Bool("per-kind", false, "break the metrics down per supplier kind (implied by --report)")
	var configs configList
	fs.Var(&configs, "config", "a named configuration (default, cjk-tfidf, cjk-bm25, jieba-tfidf, jieba-bm25, jieba-exact-tfidf, lsa-only) or a .json `file`; repeat to compare, the first is the baseline")
	so := search.DefaultOptions()
	analyzer := fs.String("analyzer", so.Index.Analyzer, "index analyzer: jieba, jieba_exact or cjk (without --config)")
	scoring := fs.String("scoring", so.Index.Scoring, "bleve scoring: tf-idf or bm25 (without --config)")
	dictDir := fs.String("dict-dir", "", "`directory` with gojieba's dictionary files")
	dictWords := fs.String("dict-words", "", "a words `file` ('word [freq [tag]]' a line): also evaluate the first configuration with this dictionary")
	dictSyns := fs.String("dict-synonyms", "", "a synonyms `file` ('a = b' a line), with --dict-words or alone")
	def := engine.DefaultScoring()
	modelPath := fs.String("model", "", "a ranker `file` (from yxq train) to evaluate, instead of the built-in one (without --config)")
	folds := fs.Int("folds", 0, "cross-validate: train a ranker on all folds but one and evaluate it on that one, for each of `N` folds")
	features := fs.String("features", "", "comma-separated features the cross-validated ranker may use (default all)")
	dim := fs.Int("dim", so.SemanticDim, "latent `dimensions` of the semantic space, 0: none (without --config)")
	bigrams := fs.Bool("bigrams", so.Index.Bigrams, "index character bigrams beside the words (without --config)")
	qterms := fs.Int("query-terms", so.QueryTerms, "most informative need terms looked up in the index, 0: all (without --config)")
	maxShare := fs.Float64("max-term-share", so.MaxTermShare, "leave out need terms found in more than this share of profiles (without --config)")
	rareShare := fs.Float64("rare-share", so.RareShare, "only need terms in at most this share of profiles propose lexical candidates, 0: all (without --config)")
	cands := fs.Int("candidates", def.Candidates, "candidates per channel (without --config)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *profiles == "" || *needs == "" || *qrelsPath == "" {
		return usagef("give --profiles FILE --needs FILE --qrels FILE")
	}
	var cfgs []bench.Config
	for _, name := range configs {
		c, err := bench.LoadConfig(name)
		if err != nil {
			return usagef("%v", err)
		}
		cfgs = append(cfgs, c)
	}
	if len(cfgs) == 0 {
		sc := def
		sc.Candidates = *cands
		if *modelPath != "" {
			b, err := os.ReadFile(*modelPath)
			if err != nil {
				return err
			}
			if sc.Model, err = engine.ParseModel(b); err != nil {
				return fmt.Errorf("%s: %w", *modelPath, err)
			}
		}
		so.Index.Analyzer, so.Index.Scoring, so.Index.Bigrams = *analyzer, *scoring, *bigrams
		so.SemanticDim, so.QueryTerms, so.MaxTermShare, so.RareShare = *dim, *qterms, *maxShare, *rareShare
		raw, err := json.Marshal(so)
		if err != nil {
			return err
		}
		name := "flags"
		if sc.Model != nil {
			name = sc.Model.Name
		}
		cfgs = []bench.Config{{Name: name, Scoring: sc, Search: raw}}
	}
	if *features != "" {
		for i := range cfgs {
			cfgs[i].Features = strings.Split(*features, ",")
		}
	}
	if *dictWords != "" || *dictSyns != "" {
		d, err := readDictionary(*dictWords, *dictSyns)
		if err != nil {
			return err
		}
		withDict := cfgs[0]
		withDict.Name = cfgs[0].Name + "+dict"
		withDict.Dictionary = &d
		cfgs = append(cfgs, withDict)
	}
	ps, ns, qrels, err := readJudged(*profiles, *needs, *qrelsPath)
	if err != nil {
		return err
	}
	seg, err := segment.Open(&segment.Options{DictDir: *dictDir})
	if err != nil {
		return err
	}
	defer seg.Close()

	opts := bench.CompareOptions{
		EvalOptions: bench.EvalOptions{Depth: *depth, Rel: *rel, K: *k, Progress: progressBar(stderr)},
		PerKind:     *perKind || *reportDir != "",
		Folds:       *folds,
	}
	cmp, err := bench.Compare(ctx, wire.TempOpener(seg), ps, ns, qrels, cfgs, opts)
	if err != nil {
		return err
	}
	cmp.Dataset = filepath.Base(filepath.Dir(*profiles))
	if *runPath != "" {
		if err := writeFile(*runPath, stdout, func(w io.Writer) error {
			return bench.WriteRun(w, cmp.Results[0].Report.Run(), "yxq-"+cmp.Results[0].Name)
		}); err != nil {
			return err
		}
	}
	if *reportDir != "" {
		if err := bench.WriteReport(*reportDir, cmp); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s/report.{json,md,html}\n", *reportDir)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if len(cmp.Results) == 1 {
			return enc.Encode(flatJSON(cmp.Results[0]))
		}
		var all []map[string]any
		for _, r := range cmp.Results {
			all = append(all, flatJSON(r))
		}
		return enc.Encode(all)
	}
	if len(cmp.Results) > 1 {
		return bench.WriteMarkdown(stdout, cmp)
	}
	rep := cmp.Results[0].Report
	fmt.Fprintf(stdout, "%d needs, %d profiles\n", rep.Needs, len(ps))
	cv := cmp.Results[0].CV
	for _, name := range rep.MetricKeys() {
		if cv != nil {
			fmt.Fprintf(stdout, "%-10s %.4f ± %.4f over %d folds\n", name, rep.Metrics[name], cv.Spread[name], len(cv.Folds))
			continue
		}
		fmt.Fprintf(stdout, "%-10s %.4f\n", name, rep.Metrics[name])
	}
	if cv != nil {
		fmt.Fprintf(stdout, "%-10s %.4f (expected calibration error of the strengths, held-out folds)\n", "ece", cv.ECE)
	}
	for _, kd := range engine.Kinds() {
		if kb, ok := cmp.Results[0].Kinds[kd]; ok {
			fmt.Fprintf(stdout, "%-10s nDCG@10 %.4f  P@10 %.4f  MRR %.4f  (%d needs)\n", kd, kb.Metrics[bench.MetricNDCG10], kb.Metrics[bench.MetricP10], kb.Metrics[bench.MetricMRR], kb.Needs)
		}
	}
	fmt.Fprintf(stdout, "latency    p50 %.1f ms  p95 %.1f ms  p99 %.1f ms\n", bench.Millis(rep.Latency.P50), bench.Millis(rep.Latency.P95), bench.Millis(rep.Latency.P99))
	return nil
}

// flatJSON is one configuration's result with the metric names as keys.
func flatJSON(r *bench.ConfigResult) map[string]any {
	out := map[string]any{"config": r.Name, "needs": r.Report.Needs}
	for k, v := range r.Report.Metrics {
		out[k] = v
	}
	l := r.Report.Latency
	out["latency_ms"] = map[string]float64{"p50": bench.Millis(l.P50), "p95": bench.Millis(l.P95), "p99": bench.Millis(l.P99)}
	if len(r.Kinds) > 0 {
		out["per_kind"] = r.Kinds
	}
	if r.PValue != 0 {
		out["delta_ndcg@10"], out["p_value"] = r.DeltaNDCG10, r.PValue
	}
	if r.CV != nil {
		out["folds"], out["spread"], out["ece"] = r.CV.Folds, r.CV.Spread, r.CV.ECE
	}
	return out
}

// readAll reads a JSON Lines file with read; any bad line fails the
// evaluation, since the numbers would not be comparable.
func readAll[T any](path string, read func(io.Reader) ([]T, []*engine.LineError, error)) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	items, bad, err := read(f)
	if err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		var b strings.Builder
		for _, e := range bad[:min(5, len(bad))] {
			fmt.Fprintf(&b, "\n  %s:%d: %v", path, e.Line, e.Err)
		}
		return nil, fmt.Errorf("eval: %d bad lines in %s:%s", len(bad), path, b.String())
	}
	return items, nil
}

// progressBar draws a one-line progress bar on w when w is a terminal.
func progressBar(w io.Writer) func(done, total int) {
	if f, ok := w.(*os.File); !ok || !isTerminal(f) {
		return nil
	}
	return func(done, total int) {
		const width = 30
		if done != total && done%20 != 0 {
			return
		}
		n := done * width / total
		fmt.Fprintf(w, "\r[%s%s] %d/%d", strings.Repeat("#", n), strings.Repeat(".", width-n), done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// readDictionary reads a words file and a synonyms file (either may be "").
func readDictionary(wordsPath, synPath string) (engine.Dictionary, error) {
	var d engine.Dictionary
	if wordsPath != "" {
		f, err := os.Open(wordsPath)
		if err != nil {
			return d, err
		}
		words, err := segment.ParseWords(f)
		f.Close()
		d.Words = engineWords(words)
		if err != nil {
			return d, fmt.Errorf("%s: %w", wordsPath, err)
		}
	}
	if synPath != "" {
		b, err := os.ReadFile(synPath)
		if err != nil {
			return d, err
		}
		if d.Synonyms, err = engine.ParseSynonyms(string(b)); err != nil {
			return d, fmt.Errorf("%s: %w", synPath, err)
		}
	}
	return d, d.Validate()
}

// readJudged reads a judged set: its profiles, needs and TREC qrels.
func readJudged(profiles, needs, qrelsPath string) ([]engine.Profile, []engine.Need, bench.Qrels, error) {
	ps, err := readAll(profiles, engine.ReadProfiles)
	if err != nil {
		return nil, nil, nil, err
	}
	ns, err := readAll(needs, engine.ReadNeeds)
	if err != nil {
		return nil, nil, nil, err
	}
	qf, err := os.Open(qrelsPath)
	if err != nil {
		return nil, nil, nil, err
	}
	defer qf.Close()
	qrels, err := bench.ReadQrels(qf)
	return ps, ns, qrels, err
}
