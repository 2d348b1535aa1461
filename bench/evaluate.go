package bench

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"yixianqian/engine"
)

// Matcher ranks profiles for a need text; *engine.Engine is one.
type Matcher interface {
	Match(ctx context.Context, text string, opts engine.MatchOptions) (*engine.MatchResult, error)
}

// EvalOptions configure Evaluate; zero values mean the defaults.
type EvalOptions struct {
	// Depth is how many matches to ask for per need (default 50, enough
	// for Recall@50).
	Depth int
	// Rel is the lowest grade that counts as relevant for the binary
	// metrics (P@k, MRR, MAP, recall); default 2.
	Rel int
	// Kinds restricts matches to these profile kinds; empty means all.
	Kinds []engine.Kind
	// K adds nDCG@K and P@K to the metrics (besides 5 and 10).
	K int
	// Progress, when set, is called after each need.
	Progress func(done, total int)
}

// Metric names, the keys of Report.Metrics.
const (
	MetricNDCG5    = "ndcg@5"
	MetricNDCG10   = "ndcg@10"
	MetricP5       = "p@5"
	MetricP10      = "p@10"
	MetricMRR      = "mrr"
	MetricMAP      = "map"
	MetricRecall50 = "recall@50"
)

// MetricNames lists the metrics in report order.
func MetricNames() []string {
	return []string{MetricNDCG5, MetricNDCG10, MetricP5, MetricP10, MetricMRR, MetricMAP, MetricRecall50}
}

// NeedResult is one need's ranking and scores.
type NeedResult struct {
	ID      string             `json:"id"`
	Metrics map[string]float64 `json:"metrics"`
	Ranked  []RunEntry         `json:"-"`
	Latency time.Duration      `json:"latency_ns"`
}

// Report is the result of an evaluation.
type Report struct {
	Needs   int                `json:"needs"`
	Metrics map[string]float64 `json:"metrics"`
	Latency LatencySummary     `json:"latency"`
	PerNeed []NeedResult       `json:"per_need"`
}

// Evaluate runs every need that has judgements through m and averages the
// metrics over them. Needs without judgements are left out.
func Evaluate(ctx context.Context, m Matcher, needs []engine.Need, qrels Qrels, opts EvalOptions) (*Report, error) {
	depth, rel := opts.Depth, opts.Rel
	if depth <= 0 {
		depth = 50
	}
	if rel <= 0 {
		rel = 2
	}
	var judged []engine.Need
	for _, n := range needs {
		if len(qrels[n.ID]) > 0 {
			judged = append(judged, n)
		}
	}
	if len(judged) == 0 {
		return nil, fmt.Errorf("evaluate: none of the %d needs has judgements in the qrels", len(needs))
	}
	rep := &Report{Needs: len(judged), Metrics: map[string]float64{}}
	var lat []time.Duration
	for i, n := range judged {
		start := time.Now()
		res, err := m.Match(ctx, n.Text(), engine.MatchOptions{K: depth, Kinds: opts.Kinds})
		if err != nil {
			return nil, fmt.Errorf("evaluate need %s: %w", n.ID, err)
		}
		took := time.Since(start)
		lat = append(lat, took)
		nr := NeedResult{ID: n.ID, Latency: took}
		ids := make([]string, len(res.Matches))
		for j, mt := range res.Matches {
			ids[j] = mt.Profile.ID
			nr.Ranked = append(nr.Ranked, RunEntry{ID: mt.Profile.ID, Score: mt.Score})
		}
		nr.Metrics = Score(ids, qrels[n.ID], rel)
		if opts.K > 0 && opts.K != 5 && opts.K != 10 {
			nr.Metrics[fmt.Sprintf("ndcg@%d", opts.K)] = NDCG(ids, qrels[n.ID], opts.K)
			nr.Metrics[fmt.Sprintf("p@%d", opts.K)] = Precision(ids, qrels[n.ID], opts.K, rel)
		}
		for k, v := range nr.Metrics {
			rep.Metrics[k] += v
		}
		rep.PerNeed = append(rep.PerNeed, nr)
		if opts.Progress != nil {
			opts.Progress(i+1, len(judged))
		}
	}
	for k := range rep.Metrics {
		rep.Metrics[k] /= float64(len(judged))
	}
	rep.Latency = Summarise(lat)
	return rep, nil
}

// Score computes every metric of one ranked list.
func Score(ranked []string, grades map[string]int, rel int) map[string]float64 {
	return map[string]float64{
		MetricNDCG5:    NDCG(ranked, grades, 5),
		MetricNDCG10:   NDCG(ranked, grades, 10),
		MetricP5:       Precision(ranked, grades, 5, rel),
		MetricP10:      Precision(ranked, grades, 10, rel),
		MetricMRR:      ReciprocalRank(ranked, grades, rel),
		MetricMAP:      AveragePrecision(ranked, grades, rel),
		MetricRecall50: Recall(ranked, grades, 50, rel),
	}
}

// MetricKeys returns the report's metric names: MetricNames first, then any
// extra cutoffs in name order.
func (r *Report) MetricKeys() []string {
	out := MetricNames()
	var extra []string
	for k := range r.Metrics {
		if !slices.Contains(out, k) {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

// Run returns the report's rankings as a TREC run.
func (r *Report) Run() map[string][]RunEntry {
	out := make(map[string][]RunEntry, len(r.PerNeed))
	for _, n := range r.PerNeed {
		out[n.ID] = n.Ranked
	}
	return out
}

// LatencySummary holds latency percentiles.
type LatencySummary struct {
	N    int           `json:"n"`
	P50  time.Duration `json:"p50_ns"`
	P95  time.Duration `json:"p95_ns"`
	P99  time.Duration `json:"p99_ns"`
	Max  time.Duration `json:"max_ns"`
	Mean time.Duration `json:"mean_ns"`
}

// Summarise returns the percentiles of ds (nearest-rank method).
func Summarise(ds []time.Duration) LatencySummary {
	if len(ds) == 0 {
		return LatencySummary{}
	}
	s := slices.Clone(ds)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	pick := func(p float64) time.Duration {
		i := int(p*float64(len(s))+0.999999) - 1
		return s[max(0, min(i, len(s)-1))]
	}
	return LatencySummary{N: len(s), P50: pick(0.50), P95: pick(0.95), P99: pick(0.99), Max: s[len(s)-1], Mean: sum / time.Duration(len(s))}
}
