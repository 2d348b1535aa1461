package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"yixianqian/engine/rank"
)

// The service learns from its use: companies' feedback on suppliers (useful
// or not) and judgements staff upload become a training set; staff train a
// ranker on it, compare it by cross-validation with the ranker in use, and
// switch without a restart. Trained rankers and the choice are settings in
// the store, so a restart keeps them.

// Setting keys of the rankers.
const (
	rankerPrefix    = "ranker/"
	rankerActiveKey = "ranker.active"
	// BuiltinRanker names the ranker compiled into the binary.
	BuiltinRanker = "builtin"
)

// RankerReport compares a newly trained ranker with the one in use on the
// same judged needs, each by cross-validation (the new one trained on the
// other folds, the one in use as it is).
type RankerReport struct {
	Name    string             `json:"name"`
	Needs   int                `json:"needs"`  // judged needs trained on
	Judged  int                `json:"judged"` // judged need–supplier pairs
	Folds   int                `json:"folds"`
	Current string             `json:"current"` // the ranker in use when trained
	NDCG    float64            `json:"ndcg@10"` // the new ranker, cross-validated
	Before  float64            `json:"current_ndcg@10"`
	Weights map[string]float64 `json:"weights"`
	Trained time.Time          `json:"trained"`
}

// storedRanker is a trained ranker with its report, as kept in the store.
type storedRanker struct {
	Model  *Model       `json:"model"`
	Report RankerReport `json:"report"`
}

// RankerInfo is a ranker staff may choose.
type RankerInfo struct {
	Name   string        `json:"name"`
	Active bool          `json:"active"`
	Model  *Model        `json:"model"`
	Report *RankerReport `json:"report,omitempty"`
}

// Rankers lists the built-in ranker and those trained in the service, and
// which is in use.
func (e *Engine) Rankers(ctx context.Context, v Viewer) ([]RankerInfo, error) {
	if err := v.may(ActRanker); err != nil {
		return nil, err
	}
	active := e.model.Load().Name
	out := []RankerInfo{{Name: BuiltinRanker, Model: DefaultModel(), Active: active == DefaultModel().Name}}
	stored, err := e.store.Settings(ctx, rankerPrefix)
	if err != nil {
		return nil, err
	}
	for _, b := range stored {
		var r storedRanker
		if json.Unmarshal(b, &r) != nil || r.Model == nil {
			continue // a setting of a later version; it is not offered
		}
		rep := r.Report
		out = append(out, RankerInfo{Name: r.Model.Name, Model: r.Model, Report: &rep, Active: r.Model.Name == active})
	}
	slices.SortFunc(out[1:], func(a, b RankerInfo) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// TrainFromUse trains a ranker named name from the feedback the service
// collected and the judgements in extra (need ID → profile ID → grade, on
// stored needs), compares it with the ranker in use by cross-validation,
// and stores it. It does not switch: staff look at the report and call
// UseRanker.
func (e *Engine) TrainFromUse(ctx context.Context, v Viewer, name string, extra Judgements) (RankerReport, error) {
	if err := v.may(ActRanker); err != nil {
		return RankerReport{}, err
	}
	if err := ValidateID(name); err != nil || name == BuiltinRanker {
		return RankerReport{}, invalid("排序模型名称须为字母、数字或 . _ : -，且不能是 builtin", "ranker name %q: letters, digits, . _ : -, not %q", name, BuiltinRanker)
	}
	j, err := e.judgementsFromUse(ctx, extra)
	if err != nil {
		return RankerReport{}, err
	}
	var needs []Need
	pairs := 0
	for id, grades := range j {
		n, err := e.store.Need(ctx, id)
		if err != nil {
			return RankerReport{}, Errorf(ErrInvalid, "评判中的需求 "+id+" 不存在", "judged need %s: %v", id, err)
		}
		needs = append(needs, n)
		pairs += len(grades)
	}
	slices.SortFunc(needs, func(a, b Need) int { return strings.Compare(a.ID, b.ID) })
	ts, err := e.Features(ctx, needs, j, e.scoring.Candidates)
	if err != nil {
		return RankerReport{}, err
	}
	if len(ts.Needs) < 5 {
		return RankerReport{}, invalid(fmt.Sprintf("至少需要 5 条有评价的需求才能训练，目前只有 %d 条", len(ts.Needs)), "%d judged needs, want at least 5", len(ts.Needs))
	}
	rep, err := compareByFolds(ts, e.model.Load(), name)
	if err != nil {
		return RankerReport{}, err
	}
	m, _, err := TrainRanker(ts, TrainOptions{Name: name, Features: DefaultFeatures(), Prior: e.model.Load(), Shrink: 0.5,
		Trained: fmt.Sprintf("trained in the service on %d judged needs (%d pairs) from feedback and uploads, pulled halfway toward %s", len(ts.Needs), pairs, e.model.Load().Name)})
	if err != nil {
		return RankerReport{}, err
	}
	rep.Needs, rep.Judged, rep.Trained = len(ts.Needs), pairs, e.now().UTC()
	rep.Weights = map[string]float64{}
	for i, f := range m.Features {
		rep.Weights[f] = m.Weights[i]
	}
	b, err := json.Marshal(storedRanker{Model: m, Report: rep})
	if err != nil {
		return RankerReport{}, err
	}
	return rep, e.store.PutSetting(ctx, rankerPrefix+name, b)
}

// judgementsFromUse merges the feedback (useful: grade 2, not useful: 0)
// with extra, extra winning on the same pair.
func (e *Engine) judgementsFromUse(ctx context.Context, extra Judgements) (Judgements, error) {
	j := Judgements{}
	err := e.store.EachFeedback(ctx, func(f Feedback) error {
		if j[f.NeedID] == nil {
			j[f.NeedID] = map[string]int{}
		}
		j[f.NeedID][f.ProfileID] = map[bool]int{true: 2, false: 0}[f.Useful]
		return nil
	})
	for need, grades := range extra {
		for p, g := range grades {
			if g < 0 || g > 3 {
				return nil, invalid("评判等级须为 0 到 3", "grade %d of %s/%s: want 0 to 3", g, need, p)
			}
			if j[need] == nil {
				j[need] = map[string]int{}
			}
			j[need][p] = g
		}
	}
	return j, err
}

// compareByFolds cross-validates a ranker trained on ts against current,
// both on held-out folds of ts.
func compareByFolds(ts *TrainingSet, current *Model, name string) (RankerReport, error) {
	k := min(5, len(ts.Needs))
	rep := RankerReport{Name: name, Folds: k, Current: current.Name}
	for _, fold := range Folds(ts.Needs, k) {
		var train []string
		for _, id := range ts.Needs {
			if !slices.Contains(fold, id) {
				train = append(train, id)
			}
		}
		m, _, err := TrainRanker(ts.Subset(train), TrainOptions{Name: name, Features: DefaultFeatures(), Prior: current, Shrink: 0.5})
		if err != nil {
			return rep, err
		}
		test := ts.Subset(fold)
		rep.NDCG += ts.meanNDCG(test, m) * float64(len(fold)) / float64(len(ts.Needs))
		rep.Before += ts.meanNDCG(test, current) * float64(len(fold)) / float64(len(ts.Needs))
	}
	return rep, nil
}

// meanNDCG is the mean nDCG@10 of m over the lists of part.
func (ts *TrainingSet) meanNDCG(part *TrainingSet, m *Model) float64 {
	all := FeatureNames()
	cols := make([]int, len(m.Features))
	for i, f := range m.Features {
		cols[i] = slices.Index(all, f)
	}
	var sum float64
	lists := part.project(cols)
	for q := range lists {
		scores := make([]float64, len(lists[q].X))
		for c, x := range lists[q].X {
			scores[c] = m.Score(x)
		}
		sum += rank.NDCG(&lists[q], scores, 10)
	}
	return sum / float64(max(len(lists), 1))
}

// UseRanker makes the ranker named name (BuiltinRanker: the built-in one)
// rank every match from now on, and keeps the choice across restarts.
func (e *Engine) UseRanker(ctx context.Context, v Viewer, name string) (*Model, error) {
	if err := v.may(ActRanker); err != nil {
		return nil, err
	}
	m, err := e.storedRanker(ctx, name)
	if err != nil {
		return nil, err
	}
	if err := e.store.PutSetting(ctx, rankerActiveKey, []byte(name)); err != nil {
		return nil, err
	}
	e.model.Store(m)
	e.log.Info("ranker switched", "ranker", m.Name, "by", who(v))
	return m, nil
}

// storedRanker returns the ranker named name.
func (e *Engine) storedRanker(ctx context.Context, name string) (*Model, error) {
	if name == BuiltinRanker {
		return DefaultModel(), nil
	}
	b, err := e.store.Setting(ctx, rankerPrefix+name)
	if errors.Is(err, ErrNotFound) {
		return nil, Errorf(ErrNotFound, "没有名为 "+name+" 的排序模型", "ranker %q: not found", name)
	}
	if err != nil {
		return nil, err
	}
	var r storedRanker
	if err := json.Unmarshal(b, &r); err != nil || r.Model == nil {
		return nil, Errorf(ErrInvalid, "排序模型 "+name+" 无法读取", "ranker %s: %v", name, err)
	}
	if err := r.Model.Check(FeatureNames()); err != nil {
		return nil, Errorf(ErrInvalid, "排序模型 "+name+" 不可用", "%v", err)
	}
	return r.Model, nil
}

// loadActiveRanker uses the ranker staff chose, when there is one that this
// version can use; otherwise it keeps the built-in one and says why.
func (e *Engine) loadActiveRanker(ctx context.Context) {
	name, err := e.store.Setting(ctx, rankerActiveKey)
	if err != nil || e.scoring.Model != nil {
		return // none chosen, or the caller fixed the ranker
	}
	m, err := e.storedRanker(ctx, string(name))
	if err != nil {
		e.log.Warn("the chosen ranker cannot be used; using the built-in one", "ranker", string(name), "err", err)
		return
	}
	e.model.Store(m)
}
