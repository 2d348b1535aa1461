package sheet

import (
	"bytes"
	"fmt"
	"testing"

	"yixianqian/engine"
)

func benchNeeds(n int) []engine.Need {
	needs := make([]engine.Need, n)
	for i := range needs {
		needs[i] = engine.Need{
			ID: fmt.Sprintf("need-%05d", i), Title: fmt.Sprintf("注塑件缩痕问题攻关 %d", i),
			Description: "汽车门板注塑件出现缩痕和翘曲，影响外观与装配，需要优化模具冷却水路和保压工艺，希望与高校或科研院所合作，在半年内找到可落地的方案。",
			Enterprise:  "浙江某模塑有限公司", Industry: "模具与塑料", County: "黄岩区",
			Modes: []string{engine.ModeCommissioned, engine.ModeConsulting}, Budget: 50, Deadline: "2026-12-31",
		}
	}
	return needs
}

func benchmarkRead(b *testing.B, format string) {
	const n = 5000
	data := MustWrite(b, format, NeedsTable(benchNeeds(n)))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s, err := ReadNeeds(bytes.NewReader(data), "bench."+format, nil)
		if err != nil || len(s.Rows) != n {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkReadNeedsXLSX(b *testing.B) { benchmarkRead(b, FormatXLSX) }

func BenchmarkReadNeedsCSV(b *testing.B) { benchmarkRead(b, FormatCSV) }

func BenchmarkWriteNeedsXLSX(b *testing.B) {
	t := NeedsTable(benchNeeds(5000))
	for b.Loop() {
		if err := WriteTable(&bytes.Buffer{}, FormatXLSX, t); err != nil {
			b.Fatal(err)
		}
	}
}
