package sheet

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// cellVal is one non-empty cell of a row and the column it came from.
type cellVal struct {
	header string
	value  string
	scale  float64
}

// rowCells holds a data row's cells by field, and the warnings its decoding
// gives.
type rowCells struct {
	line  int
	vals  map[string][]cellVal
	warns []*Problem
}

// newRowCells groups a row's non-empty cells by field. It returns nil when
// no mapped cell holds anything (an empty row, or a template row with only
// its 序号), and the indexes of non-empty cells that have no header.
func newRowCells(line int, cells []string, specs []colSpec) (*rowCells, []int) {
	rc := &rowCells{line: line, vals: map[string][]cellVal{}}
	var stray []int
	for i, c := range cells {
		v := cleanCell(c)
		if v == "" {
			continue
		}
		if i >= len(specs) || (specs[i].field == "" && specs[i].header == "") {
			stray = append(stray, i)
			continue
		}
		if specs[i].field == "" {
			continue
		}
		rc.vals[specs[i].field] = append(rc.vals[specs[i].field], cellVal{header: specs[i].header, value: v, scale: specs[i].scale})
	}
	if len(rc.vals) == 0 {
		return nil, stray
	}
	return rc, stray
}

// cleanCell trims spaces (the ideographic and no-break ones too), makes
// line ends "\n" and drops control characters other than tab.
func cleanCell(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return strings.TrimFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\u3000' || r == '\u00a0' || r == '\ufeff'
	})
}

// get returns the first cell of field; when two columns give different
// values it warns which one was taken.
func (rc *rowCells) get(field string) (cellVal, bool) {
	vs := rc.vals[field]
	if len(vs) == 0 {
		return cellVal{}, false
	}
	for _, v := range vs[1:] {
		if v.value != vs[0].value {
			rc.warn(v.header, "与「%s」的值不同，取「%s」的值", vs[0].header, vs[0].header)
			break
		}
	}
	return vs[0], true
}

// text returns field's value, or "" and an error when it is longer than
// max characters.
func (rc *rowCells) text(field string, max int) (string, error) {
	v, ok := rc.get(field)
	if !ok {
		return "", nil
	}
	if err := rc.checkLen(v.header, v.value, max); err != nil {
		return "", err
	}
	return v.value, nil
}

// list splits every cell of field into items and drops repeats; an item
// over max characters refuses the row.
func (rc *rowCells) list(field string, max int) ([]string, error) {
	var out []string
	for _, v := range rc.vals[field] {
		for _, item := range splitList(v.value) {
			if err := rc.checkLen(v.header, item, max); err != nil {
				return nil, err
			}
			out = appendNew(out, item)
		}
	}
	return out, nil
}

func (rc *rowCells) checkLen(header, v string, max int) error {
	if n := utf8.RuneCountInString(v); n > max {
		return rc.fail(header, "内容有 %d 个字，超过上限 %d 字", n, max)
	}
	return nil
}

// warn records a warning about the row, or about one cell when header is
// not empty.
func (rc *rowCells) warn(header, format string, args ...any) {
	switch {
	case len(rc.warns) < MaxListedProblems:
		rc.warns = append(rc.warns, &Problem{Row: rc.line, Column: header, Msg: fmt.Sprintf(format, args...)})
	case len(rc.warns) == MaxListedProblems:
		rc.warns = append(rc.warns, &Problem{Row: rc.line, Msg: "本行还有更多警告，未一一列出"})
	}
}

// fail returns the error that refuses the row.
func (rc *rowCells) fail(header, format string, args ...any) error {
	return &Problem{Row: rc.line, Column: header, Msg: fmt.Sprintf(format, args...)}
}

// splitList splits a list cell on ，,、；; / and line ends.
func splitList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("，,、；;/\n", r) })
	out := parts[:0]
	for _, p := range parts {
		if p = cleanCell(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
