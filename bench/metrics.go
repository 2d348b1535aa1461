package bench

import "math"

// The metrics below follow trec_eval's conventions: the ranked list is taken
// as given (callers break ties before), documents without a judgement have
// grade 0, nDCG's gain is the grade and its discount log2(rank+1), and the
// ideal ranking orders every judged document by grade. A need with no
// relevant document scores 0 on every metric.

// NDCG returns nDCG@k of ranked against the graded judgements.
func NDCG(ranked []string, grades map[string]int, k int) float64 {
	var dcg float64
	for i, id := range ranked[:min(k, len(ranked))] {
		if g := grades[id]; g > 0 {
			dcg += float64(g) / math.Log2(float64(i+2))
		}
	}
	ideal := idealGains(grades)
	var idcg float64
	for i, g := range ideal[:min(k, len(ideal))] {
		idcg += float64(g) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

// idealGains returns the positive grades in descending order.
func idealGains(grades map[string]int) []int {
	var top int
	for _, g := range grades {
		top = max(top, g)
	}
	out := make([]int, 0, len(grades))
	for g := top; g > 0; g-- {
		for _, x := range grades {
			if x == g {
				out = append(out, g)
			}
		}
	}
	return out
}

// Precision returns P@k: the share of the first k places (k, not the number
// returned) that hold a document of grade ≥ rel.
func Precision(ranked []string, grades map[string]int, k, rel int) float64 {
	if k <= 0 {
		return 0
	}
	n := 0
	for _, id := range ranked[:min(k, len(ranked))] {
		if grades[id] >= rel {
			n++
		}
	}
	return float64(n) / float64(k)
}

// ReciprocalRank returns 1/rank of the first document of grade ≥ rel, 0 when
// none is ranked.
func ReciprocalRank(ranked []string, grades map[string]int, rel int) float64 {
	for i, id := range ranked {
		if grades[id] >= rel {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// AveragePrecision returns AP: the mean over all relevant documents (grade
// ≥ rel) of the precision at the rank where each is found, 0 for those never
// ranked.
func AveragePrecision(ranked []string, grades map[string]int, rel int) float64 {
	r := countRelevant(grades, rel)
	if r == 0 {
		return 0
	}
	var sum float64
	found := 0
	for i, id := range ranked {
		if grades[id] >= rel {
			found++
			sum += float64(found) / float64(i+1)
		}
	}
	return sum / float64(r)
}

// Recall returns the share of relevant documents (grade ≥ rel) found in the
// first k places.
func Recall(ranked []string, grades map[string]int, k, rel int) float64 {
	r := countRelevant(grades, rel)
	if r == 0 {
		return 0
	}
	n := 0
	for _, id := range ranked[:min(k, len(ranked))] {
		if grades[id] >= rel {
			n++
		}
	}
	return float64(n) / float64(r)
}

func countRelevant(grades map[string]int, rel int) int {
	n := 0
	for _, g := range grades {
		if g >= rel {
			n++
		}
	}
	return n
}
