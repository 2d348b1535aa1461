package segment

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// benchText returns about 100 KB of need text: csl-dev's needs when
// ../shared is there, otherwise the golden inputs repeated.
func benchText(tb testing.TB) string {
	tb.Helper()
	var b strings.Builder
	if f, err := os.Open("../../shared/data/csl-dev/needs.jsonl"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() && b.Len() < 100_000 {
			var n struct{ Description string }
			if json.Unmarshal(sc.Bytes(), &n) == nil {
				b.WriteString(n.Description)
			}
		}
	}
	for b.Len() < 100_000 {
		b.WriteString("工业缝纫机旋梭高速运转时发热严重，寻求润滑与材料改进。智能马桶即热式加热模块的水温波动如何控制在1℃以内？")
	}
	return b.String()
}

// BenchmarkTokenize compares our Tokenize with raw gojieba CutForSearch on
// the same text; the ratio of their MB/s is the tokenizer's overhead.
func BenchmarkTokenize(b *testing.B) {
	seg := mustSegmenter(b)
	text := benchText(b)
	b.Run("yxq", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			seg.Tokenize(text)
		}
	})
	b.Run("gojieba-CutForSearch", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			seg.jieba.CutForSearch(text, true)
		}
	})
}

// BenchmarkGojiebaTokenize is raw gojieba Tokenize (offsets, no normalisation)
// on the same text, to show where the cost lies.
func BenchmarkGojiebaTokenize(b *testing.B) {
	seg := mustSegmenter(b)
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		seg.jieba.Tokenize(text, 1, true)
	}
}
