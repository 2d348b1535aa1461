package rank

import "math"

// Calibrate fits a Platt scaling of scores to labels (true: useful) by
// Newton's method on the log-likelihood, with Platt's smoothed targets so
// that the fit never diverges on separable data.
func Calibrate(scores []float64, labels []bool) Platt {
	var pos, neg float64
	for _, y := range labels {
		if y {
			pos++
		} else {
			neg++
		}
	}
	hi, lo := (pos+1)/(pos+2), 1/(neg+2)
	a, b := 0.0, math.Log((pos+1)/(neg+1))
	for iter := 0; iter < 100; iter++ {
		var ga, gb, haa, hab, hbb float64
		for i, s := range scores {
			t := lo
			if labels[i] {
				t = hi
			}
			p := 1 / (1 + math.Exp(-(a*s + b)))
			d := p - t
			ga += d * s
			gb += d
			w := p * (1 - p)
			haa += w * s * s
			hab += w * s
			hbb += w
		}
		haa += 1e-9
		hbb += 1e-9
		det := haa*hbb - hab*hab
		if det <= 0 {
			break
		}
		da := (hbb*ga - hab*gb) / det
		db := (haa*gb - hab*ga) / det
		a, b = a-da, b-db
		if math.Abs(da) < 1e-9 && math.Abs(db) < 1e-9 {
			break
		}
	}
	return Platt{A: a, B: b}
}

// ECE is the expected calibration error of probabilities against labels
// over bins of equal width: the mean, weighted by the share of predictions
// in each bin, of |mean prediction − share of positives|.
func ECE(probs []float64, labels []bool, bins int) float64 {
	if bins <= 0 {
		bins = 10
	}
	sumP := make([]float64, bins)
	sumY := make([]float64, bins)
	n := make([]float64, bins)
	for i, p := range probs {
		b := min(int(p*float64(bins)), bins-1)
		sumP[b] += p
		if labels[i] {
			sumY[b]++
		}
		n[b]++
	}
	var ece float64
	for b := range bins {
		if n[b] > 0 {
			ece += n[b] / float64(len(probs)) * math.Abs(sumP[b]/n[b]-sumY[b]/n[b])
		}
	}
	return ece
}
