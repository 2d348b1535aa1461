package bench

import (
	"context"
	"fmt"
	"math"
	"slices"

	"yixianqian/engine"
)

// FoldResult is one fold of a cross-validation: the ranker trained on the
// other folds, evaluated on this one.
type FoldResult struct {
	Fold    int                `json:"fold"`
	Needs   int                `json:"needs"`
	Metrics map[string]float64 `json:"metrics"`
	// ECE is the expected calibration error of the fold's strengths on
	// its held-out needs.
	ECE   float64            `json:"ece"`
	Model string             `json:"model"`
	Train float64            `json:"train_ndcg@10"` // nDCG@10 on the training folds
	Wts   map[string]float64 `json:"weights"`
}

// CVReport is a cross-validated evaluation: every judged need evaluated
// exactly once, by a ranker that never saw it.
type CVReport struct {
	*Report
	Folds []FoldResult `json:"folds"`
	// Spread is the standard deviation over folds of each metric.
	Spread map[string]float64 `json:"spread"`
	// ECE is the mean of the folds' calibration errors.
	ECE float64 `json:"ece"`
}

// CVOptions configure CrossValidate.
type CVOptions struct {
	EvalOptions
	// Folds is the number of folds (default 5).
	Folds int
	// Features restricts the trained ranker to these features (default
	// all the engine computes).
	Features []string
	// Depth is how many candidates per channel training sees (default
	// 200, what matching proposes).
	TrainDepth int
	// Prior and Shrink pull the trained weights toward a prior ranker
	// (engine.TrainOptions).
	Prior  *engine.Model
	Shrink float64
}

// CrossValidate trains a ranker on all folds but one and evaluates it on
// the one left out, for each fold: no need is ever in both parts. eng must
// hold the profiles; its ranker is restored when it returns.
func CrossValidate(ctx context.Context, eng *engine.Engine, needs []engine.Need, q Qrels, o CVOptions) (*CVReport, error) {
	if o.Folds <= 1 {
		o.Folds = 5
	}
	if o.TrainDepth <= 0 {
		o.TrainDepth = 200
	}
	rel := o.Rel
	if rel <= 0 {
		rel = 2
	}
	ts, err := eng.Features(ctx, needs, engine.Judgements(q), o.TrainDepth)
	if err != nil {
		return nil, err
	}
	before := eng.Model()
	defer eng.UseModel(before)
	out := &CVReport{Report: &Report{Metrics: map[string]float64{}}, Spread: map[string]float64{}}
	byID := map[string]engine.Need{}
	for _, n := range needs {
		byID[n.ID] = n
	}
	var lat []LatencySummary
	for f, fold := range engine.Folds(ts.Needs, o.Folds) {
		var train []string
		for _, id := range ts.Needs {
			if !slices.Contains(fold, id) {
				train = append(train, id)
			}
		}
		m, trainNDCG, err := engine.TrainRanker(ts.Subset(train), engine.TrainOptions{
			Name: fmt.Sprintf("fold-%d", f+1), Features: o.Features, Relevant: rel, Prior: o.Prior, Shrink: o.Shrink})
		if err != nil {
			return nil, fmt.Errorf("fold %d: %w", f+1, err)
		}
		if err := eng.UseModel(m); err != nil {
			return nil, err
		}
		test := make([]engine.Need, 0, len(fold))
		for _, id := range fold {
			test = append(test, byID[id])
		}
		rep, err := Evaluate(ctx, eng, test, q, o.EvalOptions)
		if err != nil {
			return nil, fmt.Errorf("fold %d: %w", f+1, err)
		}
		fr := FoldResult{Fold: f + 1, Needs: rep.Needs, Metrics: rep.Metrics, Model: m.Name, Train: trainNDCG, Wts: map[string]float64{},
			ECE: engine.CalibrationError(ts.Subset(fold), m, rel)}
		for i, name := range m.Features {
			fr.Wts[name] = m.Weights[i]
		}
		out.Folds = append(out.Folds, fr)
		out.PerNeed = append(out.PerNeed, rep.PerNeed...)
		lat = append(lat, rep.Latency)
	}
	out.Needs = len(out.PerNeed)
	for _, n := range out.PerNeed {
		for k, v := range n.Metrics {
			out.Metrics[k] += v / float64(out.Needs)
		}
	}
	for k := range out.Metrics {
		var xs []float64
		for _, fr := range out.Folds {
			xs = append(xs, fr.Metrics[k])
		}
		out.Spread[k] = stddev(xs)
	}
	for _, fr := range out.Folds {
		out.ECE += fr.ECE / float64(len(out.Folds))
	}
	if len(lat) > 0 {
		out.Latency = lat[0]
	}
	return out, nil
}

func stddev(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	var mean float64
	for _, x := range xs {
		mean += x / float64(len(xs))
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}
