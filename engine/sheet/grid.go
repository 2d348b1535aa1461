package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// csvGrid reads CSV text and numbers its rows as a spreadsheet program
// shows them: blank lines count, line breaks inside quoted cells do not.
type csvGrid struct {
	r     *csv.Reader
	extra int // line breaks inside the quoted cells read so far
}

func newCSVGrid(text string) *csvGrid {
	text, sep := stripSepLine(text)
	if sep == 0 {
		sep = guessDelimiter(text)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sep
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	return &csvGrid{r: r}
}

func (g *csvGrid) next() (int, []string, error) {
	rec, err := g.r.Read()
	if errors.Is(err, io.EOF) {
		return 0, nil, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return pe.StartLine - g.extra, nil, &Problem{Row: pe.StartLine - g.extra, Msg: "CSV 格式错误，本行无法读取：" + pe.Err.Error()}
		}
		return 0, nil, err
	}
	line, _ := g.r.FieldPos(0)
	row := line - g.extra
	for i, c := range rec {
		g.extra += strings.Count(c, "\n")
		rec[i] = unescapeFormula(c)
	}
	return row, rec, nil
}

func (g *csvGrid) close() error { return nil }

// stripSepLine removes the "sep=;" line Excel writes and reads as the
// delimiter of the file.
func stripSepLine(text string) (string, rune) {
	first, rest, _ := strings.Cut(text, "\n")
	first = strings.TrimRight(first, "\r ")
	if len(first) == 5 && strings.EqualFold(first[:4], "sep=") && strings.ContainsRune(",;\t|:^~#!", rune(first[4])) {
		return rest, rune(first[4])
	}
	return text, 0
}

// guessDelimiter picks comma, tab or semicolon by how often each occurs
// outside quotes in the first non-empty line; comma wins ties.
func guessDelimiter(text string) rune {
	var line string
	for l := range strings.SplitSeq(text, "\n") {
		if strings.TrimSpace(l) != "" {
			line = l
			break
		}
	}
	counts := map[rune]int{}
	quoted := false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == '\t' || r == ';'):
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{'\t', ';'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// escapeFormula keeps a spreadsheet program from running a CSV cell as a
// formula: a cell starting with = @ or with + - not followed by a number
// gets a leading apostrophe, which unescapeFormula removes on reading.
func escapeFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '@', '\t', '\r':
		return "'" + s
	case '+', '-':
		if strings.Trim(s[1:], "0123456789 .-") != "" || len(s) == 1 {
			return "'" + s
		}
	}
	return s
}

func unescapeFormula(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=@+-\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// xlsxGrid reads one worksheet; cells come raw (numbers and dates as
// stored, not as displayed) so that serial dates and long numbers survive.
type xlsxGrid struct {
	f    *excelize.File
	rows *excelize.Rows
	n    int
}

// xlsxUnzipLimit bounds the unzipped size of a workbook (a zip bomb).
const xlsxUnzipLimit = 512 << 20

func openXLSX(data []byte, name string, opts *Options) (g grid, info gridInfo, err error) {
	defer func() {
		// A damaged upload must not take the process down with it.
		if r := recover(); r != nil {
			g, err = nil, notASheet(name, "损坏的 xlsx 文件")
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookPassword) {
			return nil, gridInfo{}, fileProblem("文件「%s」设有密码，请取消密码后再导入", name)
		}
		if f != nil {
			f.Close()
		}
		return nil, gridInfo{}, notASheet(name, sniffZip(data))
	}
	var sheet string
	list := f.GetSheetList()
	if len(list) == 0 {
		f.Close()
		return nil, gridInfo{}, notASheet(name, sniffZip(data))
	}
	if opts != nil && opts.Sheet != "" {
		for _, s := range list {
			if strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(opts.Sheet)) {
				sheet = s
			}
		}
		if sheet == "" {
			f.Close()
			return nil, gridInfo{}, fileProblem("文件「%s」中没有工作表「%s」；有：%s", name, opts.Sheet, strings.Join(list, "、"))
		}
	} else {
		sheet = list[0]
		for _, s := range list {
			if visible, err := f.GetSheetVisible(s); err == nil && visible {
				sheet = s
				break
			}
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, gridInfo{}, fileProblem("文件「%s」的工作表「%s」无法读取：%v", name, sheet, err)
	}
	return &xlsxGrid{f: f, rows: rows}, gridInfo{Format: FormatXLSX, SheetName: sheet}, nil
}

func (g *xlsxGrid) next() (line int, cells []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			line, cells, err = 0, nil, &Problem{Msg: "xlsx 文件已损坏，无法读完"}
		}
	}()
	if !g.rows.Next() {
		if err := g.rows.Error(); err != nil {
			return 0, nil, &Problem{Msg: "工作表超过 Excel 的行数上限：" + err.Error()}
		}
		return 0, nil, io.EOF
	}
	g.n++
	cells, err = g.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return g.n, nil, &Problem{Row: g.n, Msg: "本行无法读取：" + err.Error()}
	}
	return g.n, cells, nil
}

func (g *xlsxGrid) close() error {
	err := g.rows.Close()
	if cerr := g.f.Close(); err == nil {
		err = cerr
	}
	return err
}
