package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"yixianqian/bench"
	"yixianqian/cmd/wire"
	"yixianqian/engine"
	"yixianqian/segment"
)

// cmdTrain learns a ranker from judged needs: the profiles are loaded into
// a temporary engine wired as the service is, every judged need's
// candidates are retrieved with their features, and the weights are fitted
// by coordinate ascent on nDCG@10, then calibrated.
func cmdTrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("train", stderr)
	profiles := fs.String("profiles", "", "JSON Lines `file` of profiles (required)")
	needs := fs.String("needs", "", "JSON Lines `file` of needs (required)")
	qrelsPath := fs.String("qrels", "", "TREC qrels `file` (required)")
	out := fs.String("out", "", "model `file` to write (required; - for standard output)")
	name := fs.String("name", "", "the model's `name` (default: the file name without .json)")
	features := fs.String("features", strings.Join(engine.DefaultFeatures(), ","), "comma-separated `features` the ranker may use")
	shrink := fs.Float64("shrink", 0, "pull the weights toward the hand-set ranker: 0 none, 1 all the way")
	rel := fs.Int("rel", 2, "lowest `grade` the calibration counts as useful")
	dictDir := fs.String("dict-dir", "", "`directory` with gojieba's dictionary files")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *profiles == "" || *needs == "" || *qrelsPath == "" || *out == "" {
		return usagef("give --profiles FILE --needs FILE --qrels FILE --out MODEL")
	}
	if *name == "" {
		*name = strings.TrimSuffix(*out, ".json")
		*name = (*name)[strings.LastIndex(*name, "/")+1:]
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
	eng, closer, err := wire.TempOpener(seg)(ctx, bench.DefaultConfig(), ps)
	if err != nil {
		return err
	}
	defer closer.Close()
	ts, err := eng.Features(ctx, ns, engine.Judgements(qrels), engine.DefaultScoring().Candidates)
	if err != nil {
		return err
	}
	m, ndcg, err := engine.TrainRanker(ts, engine.TrainOptions{
		Name: *name, Features: strings.Split(*features, ","), Relevant: *rel, Prior: engine.HandModel(), Shrink: *shrink,
		Trained: fmt.Sprintf("coordinate ascent on nDCG@10 over %d judged needs of %s (%d profiles), non-negative weights, shrink %g; Platt calibration against grade ≥ %d",
			len(ts.Needs), *qrelsPath, len(ps), *shrink, *rel),
	})
	if err != nil {
		return err
	}
	b, err := m.Marshal()
	if err != nil {
		return err
	}
	if err := writeFile(*out, stdout, func(w io.Writer) error { _, err := w.Write(append(b, '\n')); return err }); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "trained %s on %d judged needs: nDCG@10 %.4f on them (in-sample; yxq eval --folds 5 gives the cross-validated figure), calibration error %.4f\n",
		m.Name, len(ts.Needs), ndcg, engine.CalibrationError(ts, m, *rel))
	for i, f := range m.Features {
		fmt.Fprintf(stderr, "  %-12s %.4f\n", f, m.Weights[i])
	}
	return nil
}
