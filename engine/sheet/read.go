package sheet

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// schemaInfo describes the columns of one kind of sheet.
type schemaInfo struct {
	what     string            // 专家 or 需求, for messages
	synonyms map[string]string // normalised header → field
	fields   []string
	works    bool // numbered work columns apply
	// required lists groups of fields of which at least one column must
	// exist, with the header to name when none does.
	required []requirement
}

type requirement struct {
	fields []string
	header string
}

// schema adds to schemaInfo how a row becomes a record of type T.
type schema[T any] struct {
	schemaInfo
	decode   func(rc *rowCells) (T, error)
	id       func(*T) string
	validate func(*T) error
}

// headerSearchRows is how many non-empty rows the reader looks at for the
// header, so that a title row above it ("2026年技术需求汇总表") is skipped.
const headerSearchRows = 10

func read[T any](r io.Reader, name string, opts *Options, s *schema[T]) (*Sheet[T], error) {
	data, err := io.ReadAll(io.LimitReader(r, opts.maxBytes()+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > opts.maxBytes() {
		return nil, fileProblem("文件「%s」超过 %d MB，请拆分后再导入", name, opts.maxBytes()>>20)
	}
	g, out, err := openGrid(data, name, opts)
	if err != nil {
		return nil, err
	}
	defer g.close()
	res := &Sheet[T]{Name: name, Format: out.Format, Encoding: out.Encoding, SheetName: out.SheetName}
	var m Mapping
	if opts != nil {
		m = opts.Mapping
	}
	g, cols, specs, err := findHeader(g, res, m, &s.schemaInfo)
	if err != nil {
		return nil, err
	}
	res.Columns = cols
	seen := map[string]int{}
	stray := map[int]bool{}
	for {
		line, cells, err := g.next()
		if errors.Is(err, io.EOF) {
			break
		}
		var p *Problem
		switch {
		case err == nil:
		case errors.As(err, &p) && p.Row > 0:
			// a row that cannot be read; the next one can
		case errors.As(err, &p):
			return nil, fileProblem("文件「%s」：%s", name, p.Msg)
		default:
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		var rc *rowCells
		if p == nil {
			var extra []int
			rc, extra = newRowCells(line, cells, specs)
			for _, i := range extra {
				if !stray[i] && len(stray) < MaxListedProblems {
					stray[i] = true
					res.Warnings = append(res.Warnings, &Problem{Row: line, Msg: fmt.Sprintf("第 %d 列没有表头，该列内容已忽略", i+1)})
				}
			}
			if rc == nil {
				continue // empty row
			}
		}
		if len(res.Rows) >= opts.maxRows() {
			return nil, fileProblem("文件「%s」超过 %d 行数据，请拆分后再导入", name, opts.maxRows())
		}
		if p != nil {
			res.Rows = append(res.Rows, Row[T]{Line: p.Row, Err: p})
			continue
		}
		res.Rows = append(res.Rows, decodeRow(rc, s, seen))
	}
	return res, nil
}

// decodeRow turns a row's cells into a record and validates it; seen maps
// the IDs of the rows taken so far to their row numbers.
func decodeRow[T any](rc *rowCells, s *schema[T], seen map[string]int) Row[T] {
	rec, err := s.decode(rc)
	row := Row[T]{Line: rc.line, Record: rec, Warnings: rc.warns, Err: err}
	if err != nil {
		return row
	}
	if err := s.validate(&row.Record); err != nil {
		row.Err = &Problem{Row: rc.line, Msg: "记录不合规：" + err.Error()}
		return row
	}
	id := s.id(&row.Record)
	if first, dup := seen[id]; dup {
		row.Err = &Problem{Row: rc.line, Msg: fmt.Sprintf("与第 %d 行是同一条记录（编号 %s），本行未导入", first, id)}
		return row
	}
	seen[id] = rc.line
	return row
}

// colSpec is how one column feeds a record.
type colSpec struct {
	field  string // "" when ignored
	header string
	scale  float64 // budget unit in 万元
}

// gridRow is a row read ahead while looking for the header.
type gridRow struct {
	line  int
	cells []string
	err   error
}

// replay yields the rows read ahead, then the rest of the grid.
type replay struct {
	grid
	pending []gridRow
}

func (r *replay) next() (int, []string, error) {
	if len(r.pending) > 0 {
		p := r.pending[0]
		r.pending = r.pending[1:]
		return p.line, p.cells, p.err
	}
	return r.grid.next()
}

// findHeader reads up to headerSearchRows non-empty rows and takes the one
// that maps the most columns (the first of equals) as the header, so that a
// title row above it is skipped even when it reads like a header
// ("技术需求"). It maps the columns, reports the headers that map to
// nothing, and returns a grid that goes on with the rows after the header.
// A file whose first rows hold no known header gives one error that shows
// the first row.
func findHeader[T any](g grid, res *Sheet[T], m Mapping, s *schemaInfo) (grid, []Column, []colSpec, error) {
	var ahead []gridRow
	best, bestKnown := -1, 0
	for nonEmpty := 0; nonEmpty < headerSearchRows; {
		line, cells, err := g.next()
		if errors.Is(err, io.EOF) {
			break
		}
		var p *Problem
		if err != nil && !(errors.As(err, &p) && p.Row > 0) {
			if p != nil {
				return nil, nil, nil, fileProblem("文件「%s」：%s", res.Name, p.Msg)
			}
			return nil, nil, nil, fmt.Errorf("read %s: %w", res.Name, err)
		}
		ahead = append(ahead, gridRow{line, cells, err})
		if err != nil || blank(cells) {
			continue
		}
		nonEmpty++
		if _, _, known := mapColumns(cells, m, s); known > bestKnown {
			best, bestKnown = len(ahead)-1, known
		}
	}
	firstLine, first := 0, []string(nil)
	for _, r := range ahead {
		if r.err == nil && !blank(r.cells) {
			firstLine, first = r.line, r.cells
			break
		}
	}
	if first == nil {
		return nil, nil, nil, fileProblem("文件「%s」是空的：没有任何数据行", res.Name)
	}
	if best < 0 {
		return nil, nil, nil, fileProblem("文件「%s」第 %d 行起没有认出任何%s表的表头（第一行是：%s）；请确认文件和表格类型，或用映射文件说明各列", res.Name, firstLine, s.what, preview(first))
	}
	line := ahead[best].line
	res.HeaderRow = line
	switch {
	case firstLine == line:
	case firstLine == line-1:
		res.Warnings = append(res.Warnings, fileProblem("第 %d 行不是表头，已跳过；表头在第 %d 行", firstLine, line))
	default:
		res.Warnings = append(res.Warnings, fileProblem("第 %d 至 %d 行不是表头，已跳过；表头在第 %d 行", firstLine, line-1, line))
	}
	cols, specs, _ := mapColumns(ahead[best].cells, m, s)
	unknown := 0
	for _, c := range cols {
		f, h := specs[c.Index].field, strings.TrimSpace(c.Header)
		switch {
		case f == "" && h == "":
			// a column without a header: reported when a row fills it
		case f == "":
			if unknown++; unknown <= MaxListedProblems {
				res.Warnings = append(res.Warnings, &Problem{Row: line, Msg: fmt.Sprintf("表头「%s」（第 %d 列）无法识别，该列已忽略；可在映射文件中写“%s = 字段名”", h, c.Index+1, h)})
			}
		case !knownField(f, s.fields, s.works):
			res.Warnings = append(res.Warnings, &Problem{Row: line, Msg: fmt.Sprintf("表头「%s」映射到的字段 %s 不属于%s表，该列已忽略", h, f, s.what)})
			specs[c.Index].field = ""
		}
	}
	if unknown > MaxListedProblems {
		res.Warnings = append(res.Warnings, &Problem{Row: line, Msg: fmt.Sprintf("另有 %d 个表头无法识别，这些列已忽略", unknown-MaxListedProblems)})
	}
	for i := range cols {
		if specs[i].field == ignoreField {
			specs[i].field = ""
		}
		cols[i].Field = specs[i].field
	}
	for _, req := range s.required {
		if !slices.ContainsFunc(specs, func(c colSpec) bool { return slices.Contains(req.fields, c.field) }) {
			return nil, nil, nil, &Problem{Row: line, Msg: fmt.Sprintf("表头缺少「%s」列，无法按%s表导入；已有的列：%s", req.header, s.what, headerList(cols))}
		}
	}
	return &replay{grid: g, pending: ahead[best+1:]}, cols, specs, nil
}

// mapColumns maps every cell of a header row; known counts the columns
// that map to a field of the schema.
func mapColumns(cells []string, m Mapping, s *schemaInfo) (cols []Column, specs []colSpec, known int) {
	for i, h := range cells {
		f, scale := columnField(h, m, s)
		cols = append(cols, Column{Index: i, Header: h, Field: f})
		specs = append(specs, colSpec{field: f, header: strings.TrimSpace(h), scale: scale})
		if f != "" && f != ignoreField && knownField(f, s.fields, s.works) {
			known++
		}
	}
	return cols, specs, known
}

func headerList(cols []Column) string {
	var hs []string
	for _, c := range cols {
		if h := strings.TrimSpace(c.Header); h != "" {
			hs = append(hs, "「"+h+"」")
		}
	}
	if len(hs) == 0 {
		return "（无）"
	}
	return strings.Join(hs, "")
}

// preview shows the start of a row for a message, printable characters only.
func preview(cells []string) string {
	s := strings.Join(cells, " | ")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return '?'
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:60]) + "…"
	}
	return "“" + s + "”"
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
