package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"yixianqian/bench"
	"yixianqian/engine"
	"yixianqian/index"
	"yixianqian/segment"
)

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval", stderr)
	profiles := fs.String("profiles", "", "JSON Lines `file` of profiles (required)")
	needs := fs.String("needs", "", "JSON Lines `file` of needs (required)")
	qrelsPath := fs.String("qrels", "", "TREC qrels `file` (required)")
	rel := fs.Int("rel", 2, "lowest `grade` counted as relevant by P@k, MRR, MAP and recall")
	depth := fs.Int("depth", 50, "matches asked for per need")
	asJSON := fs.Bool("json", false, "print one JSON object")
	runPath := fs.String("run", "", "write a TREC run to `file`")
	analyzer := fs.String("analyzer", index.AnalyzerJieba, "index analyzer: jieba, jieba_exact or cjk")
	scoring := fs.String("scoring", index.DefaultOptions().Scoring, "bleve scoring: tf-idf or bm25")
	dictDir := fs.String("dict-dir", "", "`directory` with gojieba's dictionary files")
	def := engine.DefaultScoring()
	lexW := fs.Float64("lexical", def.Lexical, "`weight` of the lexical (bleve) part")
	semW := fs.Float64("semantic", def.Semantic, "`weight` of the semantic (LSA) part")
	dim := fs.Int("dim", def.SemanticDim, "latent `dimensions` of the semantic space")
	works := fs.Float64("works", def.Works, "share of the semantic part from the best works")
	qterms := fs.Int("query-terms", def.QueryTerms, "most informative need terms looked up in the index (0: all)")
	maxShare := fs.Float64("max-term-share", def.MaxTermShare, "leave out need terms found in more than this share of profiles")
	cands := fs.Int("candidates", def.Candidates, "candidates per channel")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *profiles == "" || *needs == "" || *qrelsPath == "" {
		return usagef("give --profiles FILE --needs FILE --qrels FILE")
	}
	ps, err := readAll(*profiles, engine.ReadProfiles)
	if err != nil {
		return err
	}
	ns, err := readAll(*needs, engine.ReadNeeds)
	if err != nil {
		return err
	}
	qf, err := os.Open(*qrelsPath)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	qrels, err := bench.ReadQrels(qf)
	qf.Close()
	if err != nil {
		return err
	}

	seg, err := segment.Open(&segment.Options{DictDir: *dictDir})
	if err != nil {
		return err
	}
	defer seg.Close()
	sc := def
	sc.Lexical, sc.Semantic, sc.SemanticDim, sc.Candidates, sc.Works, sc.QueryTerms, sc.MaxTermShare = *lexW, *semW, *dim, *cands, *works, *qterms, *maxShare
	cfg := bench.Config{
		Name:    "cli",
		Index:   index.Options{Analyzer: *analyzer, Scoring: *scoring},
		Scoring: sc,
	}
	eng, err := bench.NewTempEngine(ctx, seg, ps, cfg)
	if err != nil {
		return err
	}
	defer eng.Close()
	rep, err := bench.Evaluate(ctx, eng, ns, qrels, bench.EvalOptions{Depth: *depth, Rel: *rel, Progress: progressBar(stderr)})
	if err != nil {
		return err
	}
	if *runPath != "" {
		if err := writeFile(*runPath, stdout, func(w io.Writer) error { return bench.WriteRun(w, rep.Run(), "yxq") }); err != nil {
			return err
		}
	}
	if *asJSON {
		out := map[string]any{"needs": rep.Needs}
		for k, v := range rep.Metrics {
			out[k] = v
		}
		out["latency_ms"] = map[string]float64{"p50": ms(rep.Latency.P50), "p95": ms(rep.Latency.P95), "p99": ms(rep.Latency.P99)}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(stdout, "%d needs, %d profiles\n", rep.Needs, len(ps))
	for _, name := range bench.MetricNames() {
		fmt.Fprintf(stdout, "%-10s %.4f\n", name, rep.Metrics[name])
	}
	fmt.Fprintf(stdout, "latency    p50 %.1f ms  p95 %.1f ms  p99 %.1f ms\n", ms(rep.Latency.P50), ms(rep.Latency.P95), ms(rep.Latency.P99))
	return nil
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

func ms(d interface{ Microseconds() int64 }) float64 { return float64(d.Microseconds()) / 1000 }

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
