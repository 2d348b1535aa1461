package sheet

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"yixianqian/engine"
)

func TestReadNeedFileFindsTheFormatFromTheContent(t *testing.T) {
	csv := "需求名称,企业名称,合作方式,需求描述\n" +
		"电机噪声,温岭水泵厂,\"委托开发,其他\",伺服电机噪声大\n" +
		"阀门内漏,玉环阀门厂,股权合作,\n" +
		",,,\n" +
		"坏预算,甲公司,技术转让,球阀\n"
	jsonl := "\uFEFF  " + `{"id":"n1","description":"伺服电机噪声大","modes":["以物易物"]}` + "\n" + `{"id":`
	for _, tc := range []struct {
		name, format string
		data         []byte
		lines        []int
		warned       int // lines with warnings
		refused      int
	}{
		{"needs.csv", FormatCSV, MustGB18030(t, csv), []int{2, 3, 5}, 1, 0},
		{"needs.xlsx", FormatXLSX, MustXLSX(t, [][]any{{"需求名称", "合作方式"}, {"电机噪声", "技术转让,技术许可,委托开发"}, {"", "其他"}}), []int{2, 3}, 0, 1},
		{"needs.jsonl", FormatJSONL, []byte(jsonl), []int{1, 2}, 1, 1},
	} {
		f, err := ReadNeedFile(bytes.NewReader(tc.data), tc.name, nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var lines []int
		warned, refused := 0, 0
		for _, in := range f.Lines {
			lines = append(lines, in.Line)
			if len(in.Warnings) > 0 {
				warned++
				if strings.HasPrefix(in.Warnings[0], "第") {
					t.Errorf("%s: warning %q repeats the row number", tc.name, in.Warnings[0])
				}
			}
			if in.Refused != "" {
				refused++
			}
		}
		if f.Format != tc.format || !equalInts(lines, tc.lines) || warned != tc.warned || refused != tc.refused {
			t.Errorf("%s: format %s lines %v warned %d refused %d; want %s %v %d %d", tc.name, f.Format, lines, warned, refused, tc.format, tc.lines, tc.warned, tc.refused)
		}
	}
	_, err := ReadProfileFile(bytes.NewReader([]byte("%PDF-1.7 binary")), "experts.xlsx", nil)
	if !errors.Is(err, engine.ErrInvalid) || !strings.Contains(err.Error(), "PDF") {
		t.Errorf("a PDF: %v, want one clear refusal", err)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReportTablesUseNames(t *testing.T) {
	e1 := engine.Profile{ID: "exp-1", Kind: engine.KindExpert, Name: "王伟", Organisation: "台州学院", Phone: "138****5678"}
	n1 := engine.Need{ID: "n1", Title: "屏蔽泵效率偏低", Enterprise: "温岭水泵厂", County: "温岭市", Status: engine.StatusAccepted,
		Modes: []string{"委托开发", "其他"}, Budget: 30, Created: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}
	n2 := engine.Need{ID: "n2", Description: "球阀密封面磨损导致内漏，需要新的堆焊材料和工艺方案以延长寿命", Enterprise: "玉环阀门厂"}
	needs := NeedsReportTable([]engine.NeedReport{{Need: n1, Suppliers: []engine.AssignedSupplier{{Assignment: engine.Assignment{Status: engine.AssignAccepted}, Profile: e1}}}})
	if got := strings.Join(needs.Rows[0], "|"); !strings.Contains(got, "屏蔽泵效率偏低|温岭水泵厂") || !strings.Contains(got, "委托开发、其他|30") ||
		!strings.Contains(got, "已接受|2026-07-01|王伟（台州学院）：已接受|王伟 138****5678") {
		t.Errorf("needs report row: %s", got)
	}
	batch := BatchTable(&engine.BatchReport{
		Plan: &engine.BatchPlan{Month: "2026-07", Pairs: []engine.BatchPair{{Pair: engine.Pair{NeedID: "n1", ProfileID: "exp-1"}, Score: 1.5}},
			Infeasible: []engine.Unserved{{NeedID: "n2", Reason: engine.ReasonCapacityFull}}},
		Needs:    map[string]engine.Need{"n1": n1, "n2": n2},
		Profiles: map[string]engine.Profile{"exp-1": e1},
	})
	if len(batch.Rows) != 2 || batch.Rows[0][4] != "王伟（台州学院）" || !strings.HasPrefix(batch.Rows[1][0], "球阀密封面") || !strings.Contains(batch.Rows[1][8], "容量已满") {
		t.Errorf("batch rows: %q", batch.Rows)
	}
	for _, row := range batch.Rows {
		if strings.Contains(strings.Join(row, " "), "exp-1") || strings.Contains(strings.Join(row, " "), "n1") {
			t.Errorf("batch row shows an ID: %q", row)
		}
	}
	funnel := FunnelTable(engine.Funnel{Month: "2026-07", Needs: 4, Answered: 2, Accepted: 1, AcceptanceRate: 0.5,
		ByStatus: map[engine.Status]int{engine.StatusAccepted: 1}, CountyCoverage: map[string]float64{"温岭市": 1}})
	text := ""
	for _, r := range funnel.Rows {
		text += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{"概况|需求数|4", "概况|接受率|50.0%", "按状态|已接受|1", "县区覆盖率|温岭市|100.0%"} {
		if !strings.Contains(text, want) {
			t.Errorf("funnel table lacks %q:\n%s", want, text)
		}
	}
	matches := MatchesTable(&engine.MatchReport{Need: n1, Result: &engine.MatchResult{Matches: []engine.Match{{Rank: 1, Profile: e1, Score: 2.25, Label: engine.LabelStrong}}}})
	if got := strings.Join(matches.Rows[0], "|"); got != "屏蔽泵效率偏低|1|王伟|专家|台州学院||强|2.250||138****5678||" {
		t.Errorf("matches row: %s", got)
	}
}
