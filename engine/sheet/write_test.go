package sheet

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestWriteCSV(t *testing.T) {
	tab := Table{
		Header: []string{"需求名称", "需求描述", "联系电话"},
		Rows: [][]string{
			{"镀膜", "含逗号,和\"引号\"\n及换行", "+86 138 0013 8000"},
			{"=HYPERLINK(\"http://x\")", "@SUM(A1)", "-1+1"},
		},
	}
	got := string(MustWrite(t, FormatCSV, tab))
	want := "\uFEFF需求名称,需求描述,联系电话\r\n" +
		"镀膜,\"含逗号,和\"\"引号\"\"\r\n及换行\",+86 138 0013 8000\r\n" +
		"\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),'-1+1\r\n"
	if got != want {
		t.Errorf("csv:\n%q\nwant\n%q", got, want)
	}
	// The reader takes the apostrophes off again.
	s := MustReadNeeds(t, []byte(got), "w.csv", nil)
	if r := s.Records(); len(r) != 2 || r[1].Title != tab.Rows[1][0] || r[1].Description != "@SUM(A1)" {
		t.Errorf("read back: %+v", r)
	}
}

func TestWriteXLSX(t *testing.T) {
	tab := Table{
		Sheet:  "技术需求/2026",
		Header: []string{"编号", "需求描述"},
		Rows:   [][]string{{"n-1", strings.Repeat("很长的需求描述", 20)}, {"n-2", "短"}},
	}
	f, err := excelize.OpenReader(bytes.NewReader(MustWrite(t, FormatXLSX, tab)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	if sheet != "技术需求_2026" {
		t.Errorf("sheet name %q", sheet)
	}
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) != 3 || rows[2][1] != "短" {
		t.Fatalf("rows %v, %v", rows, err)
	}
	styleID, err := f.GetCellStyle(sheet, "B1")
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(styleID)
	if err != nil || style.Font == nil || !style.Font.Bold {
		t.Errorf("header style %+v, %v", style, err)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v, %v", panes, err)
	}
	wa, _ := f.GetColWidth(sheet, "A")
	wb, _ := f.GetColWidth(sheet, "B")
	if wa < minColWidth || wb != maxColWidth {
		t.Errorf("widths A %g, B %g", wa, wb)
	}
}

func TestColumnWidthsCountCJKTwice(t *testing.T) {
	w := columnWidths(Table{Header: []string{"姓名", "email"}, Rows: [][]string{{"欧阳娜娜", "a@b.cn"}, {"张三\n第二行更长一些"}}})
	// 第二行更长一些: 7 wide characters × 2 + 2 = 16; a@b.cn: 6 + 2 = 8.
	if w[0] != 16 || w[1] != 8 {
		t.Errorf("widths %v", w)
	}
	if displayWidth("ab中文，") != 8 {
		t.Errorf("displayWidth")
	}
}

func TestWriteTableUnknownFormat(t *testing.T) {
	if err := WriteTable(&bytes.Buffer{}, "pdf", Table{}); err == nil {
		t.Error("no error for pdf")
	}
}
