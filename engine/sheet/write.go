package sheet

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Table is a sheet to write: a header row and data rows of text cells.
type Table struct {
	// Sheet is the worksheet name in an xlsx file; empty means "Sheet1".
	Sheet  string
	Header []string
	Rows   [][]string
}

// WriteTable writes t as "xlsx" (a bold, frozen header row and column
// widths fitted to Chinese text) or "csv" (UTF-8 with a BOM so that Excel
// shows Chinese correctly, RFC 4180 quoting with CRLF line ends, and cells
// that a spreadsheet would run as formulas prefixed with an apostrophe).
// Every cell is written as text.
func WriteTable(w io.Writer, format string, t Table) error {
	switch strings.ToLower(format) {
	case FormatCSV:
		return writeCSV(w, t)
	case FormatXLSX:
		return writeXLSX(w, t)
	}
	return fmt.Errorf("write table: unknown format %q, want xlsx or csv", format)
}

func writeCSV(w io.Writer, t Table) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.Write(utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	write := func(cells []string) error {
		out := make([]string, len(cells))
		for i, c := range cells {
			out[i] = escapeFormula(c)
		}
		return cw.Write(out)
	}
	if err := write(t.Header); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, r := range t.Rows {
		if err := write(r); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return bw.Flush()
}

// Column widths in Excel's units (about one Latin digit; a Chinese
// character takes two).
const (
	minColWidth = 6
	maxColWidth = 60
	widthSample = 2000 // rows looked at to fit the widths
)

func writeXLSX(w io.Writer, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	name := sheetName(t.Sheet)
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	if err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	for i, width := range columnWidths(t) {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return fmt.Errorf("write xlsx: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	row := func(n int, cells []string, style int) error {
		vals := make([]any, len(cells))
		for i, c := range cells {
			vals[i] = excelize.Cell{StyleID: style, Value: c}
		}
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, vals)
	}
	if err := row(1, t.Header, bold); err != nil {
		return fmt.Errorf("write xlsx header: %w", err)
	}
	for i, r := range t.Rows {
		if err := row(i+2, r, wrap); err != nil {
			return fmt.Errorf("write xlsx row %d: %w", i+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	if len(t.Header) > 0 {
		last, _ := excelize.CoordinatesToCellName(len(t.Header), len(t.Rows)+1)
		if err := f.AutoFilter(name, "A1:"+last, nil); err != nil {
			return fmt.Errorf("write xlsx: %w", err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

// sheetName makes a valid worksheet name: at most 31 characters, none of
// : \ / ? * [ ].
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]：`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.Trim(s, "'")
	if s == "" {
		return "Sheet1"
	}
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	return s
}

// columnWidths fits each column to its longest line, counting a wide
// (CJK) character as two, within minColWidth and maxColWidth.
func columnWidths(t Table) []float64 {
	n := len(t.Header)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	widths := make([]float64, n)
	fit := func(cells []string) {
		for i, c := range cells {
			for l := range strings.SplitSeq(c, "\n") {
				widths[i] = max(widths[i], float64(displayWidth(l))+2)
			}
		}
	}
	fit(t.Header)
	for i, r := range t.Rows {
		if i == widthSample {
			break
		}
		fit(r)
	}
	for i := range widths {
		widths[i] = min(max(widths[i], minColWidth), maxColWidth)
	}
	return widths
}

func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115F || (r >= 0x2E80 && r <= 0xA4CF) || (r >= 0xAC00 && r <= 0xD7A3) ||
			(r >= 0xF900 && r <= 0xFAFF) || (r >= 0xFE30 && r <= 0xFE4F) || (r >= 0xFF00 && r <= 0xFF60) ||
			(r >= 0xFFE0 && r <= 0xFFE6) || r >= 0x20000) {
			w += 2
		} else {
			w++
		}
	}
	return w
}
