package rank

import (
	"math"
	"math/rand/v2"
	"slices"
)

// List is one judged query: its candidates' feature vectors and grades.
type List struct {
	// X holds one feature vector per candidate, in the model's order.
	X [][]float64
	// Grades are the candidates' judged grades (0: not relevant).
	Grades []int
	// IDCG is the ideal DCG@K of all the query's judgements, including
	// relevant profiles the candidates missed, so that nDCG here is the
	// same as in the evaluation.
	IDCG float64
}

// IdealDCG returns the DCG@k of grades in their best order.
func IdealDCG(grades []int, k int) float64 {
	g := slices.Clone(grades)
	slices.SortFunc(g, func(a, b int) int { return b - a })
	var dcg float64
	for i, x := range g[:min(k, len(g))] {
		if x > 0 {
			dcg += float64(x) / math.Log2(float64(i+2))
		}
	}
	return dcg
}

// NDCG returns nDCG@k of the list ranked by scores (ties keep the
// candidates' order).
func NDCG(l *List, scores []float64, k int) float64 {
	if l.IDCG == 0 {
		return 0
	}
	top := topK(scores, k)
	var dcg float64
	for i, c := range top {
		if g := l.Grades[c]; g > 0 {
			dcg += float64(g) / math.Log2(float64(i+2))
		}
	}
	return dcg / l.IDCG
}

// topK returns the indexes of the k best scores, best first; ties go to
// the lower index.
func topK(scores []float64, k int) []int {
	top := make([]int, 0, k+1)
	for i, s := range scores {
		if len(top) == k && s <= scores[top[k-1]] {
			continue
		}
		j := len(top)
		top = append(top, i)
		for j > 0 && scores[top[j-1]] < s {
			top[j] = top[j-1]
			j--
		}
		top[j] = i
		if len(top) > k {
			top = top[:k]
		}
	}
	return top
}

// TrainOptions configure Train; zero values mean defaults.
type TrainOptions struct {
	// K is the cutoff of the nDCG optimised (default 10).
	K int
	// Restarts is how many random starting points besides the uniform one
	// are tried (default 2).
	Restarts int
	// Seed makes training repeatable (default 1).
	Seed uint64
	// NonNegative keeps every weight ≥ 0, so that each feature can only
	// raise a candidate: easier to explain, and less prone to overfit.
	NonNegative bool
}

// Train fits a model's weights to lists by coordinate ascent: one weight
// at a time takes the value, among a ladder of steps, that most raises the
// mean nDCG@K, until no step helps; the best of a few starts wins. Weights
// are scaled to sum to 1 in absolute value. It returns the weights and the
// mean nDCG@K they reach on lists.
func Train(lists []List, nfeat int, o TrainOptions) ([]float64, float64) {
	if o.K <= 0 {
		o.K = 10
	}
	if o.Restarts <= 0 {
		o.Restarts = 2
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	r := rand.New(rand.NewPCG(o.Seed, 0xca))
	var best []float64
	bestVal := -1.0
	for start := 0; start <= o.Restarts; start++ {
		w := make([]float64, nfeat)
		for i := range w {
			w[i] = 1 / float64(nfeat)
			if start > 0 {
				w[i] = r.Float64()
			}
		}
		val := ascend(lists, w, o)
		if val > bestVal+1e-9 {
			best, bestVal = w, val
		}
	}
	normaliseL1(best)
	return best, bestVal
}

// ascend improves w in place and returns the objective reached.
func ascend(lists []List, w []float64, o TrainOptions) float64 {
	scores := make([][]float64, len(lists))
	for q := range lists {
		scores[q] = make([]float64, len(lists[q].X))
		for c, x := range lists[q].X {
			for i, v := range x {
				scores[q][c] += w[i] * v
			}
		}
	}
	cur := meanNDCG(lists, scores, o.K)
	steps := []float64{-1, -0.3, -0.1, -0.03, -0.01, 0.01, 0.03, 0.1, 0.3, 1}
	for round := 0; round < 25; round++ {
		improved := false
		for i := range w {
			scale := max(math.Abs(w[i]), 0.05)
			bestDelta, bestVal := 0.0, cur
			try := func(delta float64) {
				if o.NonNegative && w[i]+delta < 0 {
					delta = -w[i]
				}
				if delta == 0 {
					return
				}
				shift(lists, scores, i, delta)
				if v := meanNDCG(lists, scores, o.K); v > bestVal+1e-7 {
					bestDelta, bestVal = delta, v
				}
				shift(lists, scores, i, -delta)
			}
			for _, s := range steps {
				try(s * scale)
			}
			try(-w[i]) // the feature left out
			if bestDelta != 0 {
				w[i] += bestDelta
				shift(lists, scores, i, bestDelta)
				cur = bestVal
				improved = true
			}
		}
		if !improved {
			break
		}
	}
	return cur
}

func shift(lists []List, scores [][]float64, i int, delta float64) {
	for q := range lists {
		s := scores[q]
		for c, x := range lists[q].X {
			s[c] += delta * x[i]
		}
	}
}

func meanNDCG(lists []List, scores [][]float64, k int) float64 {
	var sum float64
	for q := range lists {
		sum += NDCG(&lists[q], scores[q], k)
	}
	return sum / float64(max(len(lists), 1))
}

func normaliseL1(w []float64) {
	var s float64
	for _, v := range w {
		s += math.Abs(v)
	}
	if s == 0 {
		return
	}
	for i := range w {
		w[i] /= s
	}
}
