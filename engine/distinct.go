package engine

import (
	"math/bits"
	"strings"
)

// Distinct results: the same result posted twice (the same patent under two
// entries, a team's project copied into each member's profile) should count
// once. Inside a profile, DistinctWorks leaves out a work that repeats an
// earlier one; among matches, a profile whose works are nearly those of a
// profile ranked above it folds under that one (Match.Similar).

// nearWorkDice is the bigram overlap from which two works are one.
const nearWorkDice = 0.9

// DistinctWorks returns p's works without those that repeat an earlier one
// of the same profile: the same or nearly the same title and text.
func DistinctWorks(p *Profile) []Work {
	if len(p.Works) < 2 {
		return p.Works
	}
	return pick(p.Works, distinctWorkIndexes(p))
}

// distinctWorkIndexes returns the indexes of DistinctWorks in p.Works.
func distinctWorkIndexes(p *Profile) []int {
	out := make([]int, 0, len(p.Works))
	var grams [][]uint64
	for i, w := range p.Works {
		g := bigrams(normKey(w.Title + w.Text))
		repeat := false
		for _, h := range grams {
			if dice(g, h) >= nearWorkDice {
				repeat = true
				break
			}
		}
		if !repeat {
			out = append(out, i)
			grams = append(grams, g)
		}
	}
	return out
}

// fingerprint is a SimHash of the character bigrams of a profile's
// distinct works
// (or, without works, its fields and keywords): profiles that say nearly
// the same have fingerprints a few bits apart.
func fingerprint(p *Profile, works []Work) uint64 {
	var text strings.Builder
	for _, w := range works {
		text.WriteString(normKey(w.Title + w.Text))
	}
	if text.Len() == 0 {
		text.WriteString(normKey(strings.Join(append(append([]string{}, p.Fields...), p.Keywords...), "")))
	}
	var counts [64]int
	prev, pairs := rune(-1), 0
	for _, r := range text.String() {
		if prev >= 0 {
			x := mix64(uint64(prev)<<32 | uint64(r))
			for b := range 64 {
				counts[b] += int(x >> b & 1)
			}
			pairs++
		}
		prev = r
	}
	if pairs == 0 {
		return 0
	}
	var fp uint64
	for b, c := range counts {
		if 2*c > pairs { // set in more than half the pairs
			fp |= 1 << b
		}
	}
	return fp
}

// mix64 spreads the bits of x over all 64 (the splitmix64 finaliser).
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// nearDuplicate reports whether two fingerprints are of profiles that say
// nearly the same (at most 3 of 64 bits apart), and not both empty.
func nearDuplicate(a, b uint64) bool {
	return a != 0 && b != 0 && bits.OnesCount64(a^b) <= 3
}
