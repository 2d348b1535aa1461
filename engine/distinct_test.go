package engine

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// someText returns n runes of Chinese-like text drawn from a fixed
// alphabet, the same for the same seed.
func someText(seed uint64, n int) string {
	const alphabet = "铝合金压铸件气孔缺陷率模具排气设计真空工艺参数优化热处理表面质量检测泵阀电机控制系统"
	rs := []rune(alphabet)
	rng := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	for range n {
		b.WriteRune(rs[rng.IntN(len(rs))])
	}
	return b.String()
}

func TestDiceOfBigrams(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"压铸模具", "压铸模具", 1},
		{"压铸模具", "低压铸造", 2 * 1.0 / 6}, // 压铸 shared; 3 + 3 bigrams
		{"abab", "ab", 2 * 1.0 / 3},   // ab, ba against ab
		{"", "", 0},
		{"压", "铸", 0},
	}
	for _, tt := range tests {
		if got := dice(bigrams(tt.a), bigrams(tt.b)); got != tt.want {
			t.Errorf("dice(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestFingerprintsOfNearAndFarTexts(t *testing.T) {
	base := someText(1, 600)
	rs := []rune(base)
	rs[300] = '钛' // one rune changed
	near := string(rs)
	far := someText(2, 600)
	fp := func(text string) uint64 {
		p := &Profile{Works: []Work{{Title: "成果", Text: text}}}
		return fingerprint(p, p.Works)
	}
	if !nearDuplicate(fp(base), fp(near)) {
		t.Errorf("texts one rune apart: fingerprints %016x and %016x are not near", fp(base), fp(near))
	}
	if nearDuplicate(fp(base), fp(far)) {
		t.Errorf("unrelated texts: fingerprints %016x and %016x are near", fp(base), fp(far))
	}
	if fingerprint(&Profile{}, nil) != 0 || nearDuplicate(0, 0) {
		t.Error("an empty profile has a fingerprint, or two empty ones are near")
	}
}

func TestDistinctWorksDropsNearRepeats(t *testing.T) {
	text := someText(3, 400)
	rs := []rune(text)
	rs[10] = '钛'
	p := &Profile{Works: []Work{{Title: "甲", Text: text}, {Title: "乙", Text: someText(4, 400)}, {Title: "甲", Text: string(rs)}}}
	if got := distinctWorkIndexes(p); len(got) != 2 || got[0] != 0 || got[1] != 1 {
		t.Errorf("distinct works %v, want [0 1]: the third repeats the first", got)
	}
}

// BenchmarkWorkFacts measures working out a profile's distinct works and
// fingerprint, which a match does for every profile it answers with the
// first time it meets it: eight works of 400 runes.
func BenchmarkWorkFacts(b *testing.B) {
	p := &Profile{}
	for i := range 8 {
		p.Works = append(p.Works, Work{Title: someText(uint64(100+i), 20), Text: someText(uint64(i), 400)})
	}
	b.ReportAllocs()
	for b.Loop() {
		var wf workFacts
		wf.of(p)
	}
}
