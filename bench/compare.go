package bench

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"yixianqian/engine"
)

// ConfigResult is one configuration's evaluation.
type ConfigResult struct {
	Name    string                        `json:"name"`
	Config  Config                        `json:"config"`
	Report  *Report                       `json:"report"`
	PerKind map[engine.Kind]*Report       `json:"-"`
	Kinds   map[engine.Kind]KindBreakdown `json:"per_kind"`
	// DeltaNDCG10 and PValue compare nDCG@10 with the first configuration
	// (paired randomisation test, two-sided); zero for the first.
	DeltaNDCG10 float64 `json:"delta_ndcg@10"`
	PValue      float64 `json:"p_value"`
	// CV is set when the configuration's ranker was trained and evaluated
	// by cross-validation.
	CV *CVReport `json:"cv,omitempty"`
}

// KindBreakdown is the metrics of one supplier kind alone.
type KindBreakdown struct {
	Needs   int                `json:"needs"`
	Metrics map[string]float64 `json:"metrics"`
}

// Comparison is a side-by-side evaluation of configurations.
type Comparison struct {
	Dataset  string          `json:"dataset"`
	Profiles int             `json:"profiles"`
	Needs    int             `json:"needs"`
	Rel      int             `json:"rel"`
	Results  []*ConfigResult `json:"results"`
}

// CompareOptions configure Compare.
type CompareOptions struct {
	EvalOptions
	// PerKind adds a breakdown per supplier kind (one more run per kind).
	PerKind bool
	// Permutations of the randomisation test (default 10000).
	Permutations int
	// Folds > 1 trains each configuration without a fixed ranker by
	// cross-validation over that many folds.
	Folds int
}

// Compare evaluates each configuration on the same profiles, needs and
// judgements, and tests each against the first.
func Compare(ctx context.Context, open Opener, ps []engine.Profile, ns []engine.Need, q Qrels, cfgs []Config, opts CompareOptions) (*Comparison, error) {
	if len(cfgs) == 0 {
		return nil, fmt.Errorf("compare: no configuration")
	}
	cmp := &Comparison{Profiles: len(ps), Needs: len(ns), Rel: opts.Rel}
	if cmp.Rel <= 0 {
		cmp.Rel = 2
	}
	kindOf := map[string]engine.Kind{}
	for _, p := range ps {
		kindOf[p.ID] = p.Kind
	}
	for _, cfg := range cfgs {
		eng, closer, err := open(ctx, cfg, ps)
		if err != nil {
			return nil, fmt.Errorf("config %s: %w", cfg.Name, err)
		}
		var rep *Report
		var cv *CVReport
		if opts.Folds > 1 && cfg.Scoring.Model == nil {
			cv, err = CrossValidate(ctx, eng, ns, q, CVOptions{EvalOptions: opts.EvalOptions, Folds: opts.Folds, Features: cfg.Features, Prior: engine.HandModel(), Shrink: cfg.Shrink})
			if cv != nil {
				rep = cv.Report
			}
		} else {
			rep, err = Evaluate(ctx, eng, ns, q, opts.EvalOptions)
		}
		if err != nil {
			closer.Close()
			return nil, fmt.Errorf("config %s: %w", cfg.Name, err)
		}
		res := &ConfigResult{Name: cfg.Name, Config: cfg, Report: rep, CV: cv, Kinds: map[engine.Kind]KindBreakdown{}}
		if opts.PerKind && cv == nil {
			for _, k := range engine.Kinds() {
				ko := opts.EvalOptions
				ko.Kinds, ko.Progress = []engine.Kind{k}, nil
				kr, err := Evaluate(ctx, eng, ns, q.only(func(id string) bool { return kindOf[id] == k }), ko)
				if err != nil {
					continue // no judged profile of this kind
				}
				res.Kinds[k] = KindBreakdown{Needs: kr.Needs, Metrics: kr.Metrics}
			}
		}
		if err := closer.Close(); err != nil {
			return nil, fmt.Errorf("config %s: %w", cfg.Name, err)
		}
		cmp.Results = append(cmp.Results, res)
	}
	base := cmp.Results[0].Report
	for _, r := range cmp.Results[1:] {
		r.DeltaNDCG10 = r.Report.Metrics[MetricNDCG10] - base.Metrics[MetricNDCG10]
		a, b := paired(base, r.Report, MetricNDCG10)
		r.PValue = RandomisationTest(a, b, opts.Permutations)
	}
	return cmp, nil
}

// only returns the judgements of profiles keep accepts.
func (q Qrels) only(keep func(string) bool) Qrels {
	out := Qrels{}
	for need, gs := range q {
		for id, g := range gs {
			if keep(id) {
				if out[need] == nil {
					out[need] = map[string]int{}
				}
				out[need][id] = g
			}
		}
	}
	return out
}

// paired returns metric for the needs both reports evaluated, in one order.
func paired(a, b *Report, metric string) (xs, ys []float64) {
	byID := make(map[string]float64, len(b.PerNeed))
	for _, n := range b.PerNeed {
		byID[n.ID] = n.Metrics[metric]
	}
	for _, n := range a.PerNeed {
		if y, ok := byID[n.ID]; ok {
			xs, ys = append(xs, n.Metrics[metric]), append(ys, y)
		}
	}
	return xs, ys
}

// RandomisationTest returns the two-sided p-value of the paired
// randomisation test (Fisher; Smucker, Allan and Carterette 2007) that a and
// b, scores of the same needs, have the same mean: the share of random sign
// flips of the differences whose mean is at least as far from zero as the
// observed one. The seed is fixed, so the result is repeatable.
func RandomisationTest(a, b []float64, permutations int) float64 {
	if len(a) != len(b) || len(a) == 0 {
		return 1
	}
	if permutations <= 0 {
		permutations = 10000
	}
	d := make([]float64, len(a))
	var obs float64
	for i := range a {
		d[i] = b[i] - a[i]
		obs += d[i]
	}
	obs = math.Abs(obs)
	r := rand.New(rand.NewPCG(42, 42))
	hits := 0
	for range permutations {
		var s float64
		for _, x := range d {
			if r.IntN(2) == 0 {
				s += x
			} else {
				s -= x
			}
		}
		if math.Abs(s) >= obs-1e-12 {
			hits++
		}
	}
	return float64(hits+1) / float64(permutations+1)
}

func perNeed(r *Report, metric string) []float64 {
	out := make([]float64, len(r.PerNeed))
	for i, n := range r.PerNeed {
		out[i] = n.Metrics[metric]
	}
	return out
}
