package engine

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"yixianqian/engine/rank"
)

// Judgements are graded relevance judgements: need ID → profile ID →
// grade (0 not relevant; csl-dev uses 1 and 2, feedback 2 for useful).
type Judgements map[string]map[string]int

// TrainingSet is judged needs turned into the ranker's inputs: for each
// need, every candidate retrieval proposed with all its features and its
// grade. Features do not depend on the ranker, so one set serves any
// number of trainings.
type TrainingSet struct {
	Needs []string // need IDs, in the order of lists
	lists []rank.List
	ids   [][]string // candidate profile IDs per need
}

// Features computes the training set of the judged needs among needs,
// retrieving each as Match would with depth candidates per channel.
func (e *Engine) Features(ctx context.Context, needs []Need, j Judgements, depth int) (*TrainingSet, error) {
	names := FeatureNames()
	ts := &TrainingSet{}
	for i := range needs {
		n := &needs[i]
		grades, ok := j[n.ID]
		if !ok {
			continue
		}
		ret, err := e.search.Retrieve(ctx, SearchQuery{Text: n.Text(), N: depth, Neighbourhood: true})
		if err != nil {
			return nil, fmt.Errorf("features of need %s: %w", n.ID, err)
		}
		fin := newFeatureInput(ret.Candidates)
		l := rank.List{IDCG: rank.IdealDCG(gradeList(grades), 10)}
		var ids []string
		for c := range ret.Candidates {
			cand := &ret.Candidates[c]
			f, ok := e.factsFor(ctx, cand.ID)
			if !ok || f.inactive {
				continue
			}
			x := make([]float64, len(names))
			for k, name := range names {
				x[k] = fin.feature(name, cand, f.kind)
			}
			l.X = append(l.X, x)
			l.Grades = append(l.Grades, grades[cand.ID])
			ids = append(ids, cand.ID)
		}
		ts.Needs = append(ts.Needs, n.ID)
		ts.lists = append(ts.lists, l)
		ts.ids = append(ts.ids, ids)
	}
	return ts, nil
}

func gradeList(m map[string]int) []int {
	out := make([]int, 0, len(m))
	for _, g := range m {
		out = append(out, g)
	}
	return out
}

// Subset returns the part of ts about the needs in ids.
func (ts *TrainingSet) Subset(ids []string) *TrainingSet {
	out := &TrainingSet{}
	for i, n := range ts.Needs {
		if slices.Contains(ids, n) {
			out.Needs = append(out.Needs, n)
			out.lists = append(out.lists, ts.lists[i])
			out.ids = append(out.ids, ts.ids[i])
		}
	}
	return out
}

// TrainOptions configure TrainRanker.
type TrainOptions struct {
	// Name is the model's name (default "trained").
	Name string
	// Features restricts the ranker to these features (default all).
	Features []string
	// Relevant is the lowest grade the calibration counts as useful
	// (default 2).
	Relevant int
	// Trained describes the data, for the model file.
	Trained string
	// Prior and Shrink pull the learned weights toward a prior ranker:
	// w = (1−Shrink)·learned + Shrink·prior, both scaled to sum to 1, so
	// that what one judged set taught does not push aside what is known
	// to matter elsewhere (default no prior).
	Prior  *rank.Model
	Shrink float64
}

// TrainRanker fits a ranker to ts: weights by coordinate ascent on nDCG@10
// (non-negative, so each feature can only raise a candidate), then a Platt
// calibration of the scores against grade ≥ Relevant. It returns the
// model and the mean nDCG@10 it reaches on ts.
func TrainRanker(ts *TrainingSet, o TrainOptions) (*rank.Model, float64, error) {
	if len(ts.lists) == 0 {
		return nil, 0, invalid("没有可用于训练的评判", "no judged need to train on")
	}
	if o.Name == "" {
		o.Name = "trained"
	}
	if o.Relevant <= 0 {
		o.Relevant = 2
	}
	all := FeatureNames()
	use := o.Features
	if len(use) == 0 {
		use = all
	}
	cols := make([]int, len(use))
	for i, f := range use {
		if cols[i] = slices.Index(all, f); cols[i] < 0 {
			return nil, 0, invalidf("unknown feature %q (known: %v)", f, all)
		}
	}
	lists := ts.project(cols)
	w, val := rank.Train(lists, len(cols), rank.TrainOptions{NonNegative: true})
	if o.Prior != nil && o.Shrink > 0 {
		for i, f := range use {
			w[i] *= 1 - o.Shrink
			if k := slices.Index(o.Prior.Features, f); k >= 0 {
				w[i] += o.Shrink * o.Prior.Weights[k]
			}
		}
	}
	m := &rank.Model{Format: rank.FormatVersion, Name: o.Name, Trained: o.Trained}
	for i, f := range use {
		if w[i] != 0 {
			m.Features = append(m.Features, f)
			m.Weights = append(m.Weights, w[i])
		}
	}
	if len(m.Features) == 0 {
		return nil, 0, invalid("训练未能得出有效的排序模型", "training left every weight at zero")
	}
	scores, labels := ts.scored(m, o.Relevant)
	m.Calibration = rank.Calibrate(scores, labels)
	return m, val, m.Check(all)
}

// project returns ts's lists with only the feature columns cols.
func (ts *TrainingSet) project(cols []int) []rank.List {
	out := make([]rank.List, len(ts.lists))
	for q, l := range ts.lists {
		out[q] = rank.List{Grades: l.Grades, IDCG: l.IDCG, X: make([][]float64, len(l.X))}
		for c, x := range l.X {
			row := make([]float64, len(cols))
			for i, k := range cols {
				row[i] = x[k]
			}
			out[q].X[c] = row
		}
	}
	return out
}

// scored returns every candidate's score under m and whether its grade is
// at least rel.
func (ts *TrainingSet) scored(m *rank.Model, rel int) ([]float64, []bool) {
	all := FeatureNames()
	cols := make([]int, len(m.Features))
	for i, f := range m.Features {
		cols[i] = slices.Index(all, f)
	}
	var scores []float64
	var labels []bool
	for _, l := range ts.project(cols) {
		for c, x := range l.X {
			scores = append(scores, m.Score(x))
			labels = append(labels, l.Grades[c] >= rel)
		}
	}
	return scores, labels
}

// CalibrationError returns the expected calibration error (10 bins) of m's
// strengths on ts against grade ≥ rel: how far a stated 70% is from
// being useful 70% of the time.
func CalibrationError(ts *TrainingSet, m *rank.Model, rel int) float64 {
	scores, labels := ts.scored(m, rel)
	probs := make([]float64, len(scores))
	for i, s := range scores {
		probs[i] = m.Calibration.Prob(s)
	}
	return rank.ECE(probs, labels, 10)
}

// Folds splits need IDs into k folds for cross-validation: each ID in
// exactly one fold, by a hash of the ID.
func Folds(ids []string, k int) [][]string { return rank.Folds(ids, k) }

// UseModel makes m the ranker of every match from now on, without a
// restart; nil restores the built-in one.
func (e *Engine) UseModel(m *rank.Model) error {
	if m == nil {
		m = DefaultModel()
	}
	if err := m.Check(FeatureNames()); err != nil {
		return Errorf(ErrInvalid, "排序模型不可用", "%v", err)
	}
	e.model.Store(m)
	return nil
}

// Model returns the ranker in use.
func (e *Engine) Model() *rank.Model { return e.model.Load() }

// ReadJudgements reads TREC qrels, "need_id 0 profile_id grade" a line,
// fields separated by tabs or spaces; blank lines and lines starting with
// # are skipped. A malformed line is an ErrInvalid that names it.
func ReadJudgements(r io.Reader) (Judgements, error) {
	j := Judgements{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 4 {
			return nil, invalid(fmt.Sprintf("评判第 %d 行应为“需求编号 0 供给方编号 等级”", n), "qrels line %d: want 'need_id 0 profile_id grade', got %d fields", n, len(f))
		}
		g, err := strconv.Atoi(f[3])
		if err != nil {
			return nil, invalid(fmt.Sprintf("评判第 %d 行的等级不是整数", n), "qrels line %d: grade %q is not a whole number", n, f[3])
		}
		if j[f[0]] == nil {
			j[f[0]] = map[string]int{}
		}
		j[f[0]][f[2]] = g
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read qrels: %w", err)
	}
	return j, nil
}
