package sheet

import (
	"fmt"
	"io"
	"strings"

	"yixianqian/engine"
)

// Limits on one spreadsheet file.
const (
	// DefaultMaxBytes is the largest file the readers take.
	DefaultMaxBytes = 20 << 20
	// DefaultMaxRows is the most data rows the readers take.
	DefaultMaxRows = 50000
	// MaxListedProblems is how many row errors Summary lists before it
	// only counts the rest.
	MaxListedProblems = 20
)

// File formats, as reported in Sheet.Format and taken by WriteTable.
const (
	FormatXLSX = "xlsx"
	FormatCSV  = "csv"
)

// Options tune a read. A nil *Options means the defaults.
type Options struct {
	// Sheet names the xlsx worksheet to read; empty means the first visible
	// one. CSV files ignore it.
	Sheet string
	// Mapping maps further headers, as written in the file, to field names
	// (see ProfileFields and NeedFields); it is consulted before the
	// built-in synonyms. The field name "-" ignores a column without a
	// warning.
	Mapping Mapping
	// MaxBytes and MaxRows override DefaultMaxBytes and DefaultMaxRows when
	// positive.
	MaxBytes int64
	MaxRows  int
}

func (o *Options) maxBytes() int64 {
	if o != nil && o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

func (o *Options) maxRows() int {
	if o != nil && o.MaxRows > 0 {
		return o.MaxRows
	}
	return DefaultMaxRows
}

// Column is one column of the header row and the field it was mapped to.
type Column struct {
	Index  int    // 0-based position in the row
	Header string // as written in the file
	// Field is the field name the column feeds ("name", "budget",
	// "work.2.title" …); empty when the column is ignored.
	Field string
}

// Row is one data row of a sheet: the record decoded from it, the warnings
// it gave, and Err when it could not become a valid record.
type Row[T any] struct {
	// Line is the spreadsheet row number, as Excel shows it (the header is
	// usually row 1).
	Line     int
	Record   T
	Warnings []*Problem
	// Err is a *Problem, non-nil when the row was refused.
	Err error
}

// Sheet is the result of reading one spreadsheet: every non-empty data row,
// in file order, with file-level details and warnings.
type Sheet[T any] struct {
	Name      string // the file name given to the reader
	Format    string // FormatXLSX or FormatCSV
	Encoding  string // CSV only: "UTF-8", "GB18030" or "UTF-16"
	SheetName string // xlsx only: the worksheet read
	HeaderRow int    // row number of the header
	Columns   []Column
	// Warnings concern the whole file: headers that map to nothing, a title
	// row above the header, columns without a header.
	Warnings []*Problem
	Rows     []Row[T]
}

// ProfileSheet is a sheet of supplier profiles.
type ProfileSheet = Sheet[engine.Profile]

// NeedSheet is a sheet of technical needs.
type NeedSheet = Sheet[engine.Need]

// Records returns the records of the rows that were not refused.
func (s *Sheet[T]) Records() []T {
	out := make([]T, 0, len(s.Rows))
	for _, r := range s.Rows {
		if r.Err == nil {
			out = append(out, r.Record)
		}
	}
	return out
}

// Refused returns the rows that could not become valid records.
func (s *Sheet[T]) Refused() []Row[T] {
	var out []Row[T]
	for _, r := range s.Rows {
		if r.Err != nil {
			out = append(out, r)
		}
	}
	return out
}

// Summary describes the outcome for staff, in Chinese: the counts, the
// file's warnings, and the first MaxListedProblems row errors and warnings
// followed by how many more there are.
func (s *Sheet[T]) Summary() string {
	var b strings.Builder
	refused, warned := 0, 0
	for _, r := range s.Rows {
		if r.Err != nil {
			refused++
		}
		warned += len(r.Warnings)
	}
	fmt.Fprintf(&b, "共 %d 行数据：可导入 %d 行，拒绝 %d 行，警告 %d 条。\n", len(s.Rows), len(s.Rows)-refused, refused, warned+len(s.Warnings))
	for _, w := range s.Warnings {
		b.WriteString(w.Error() + "\n")
	}
	listed, more := 0, 0
	note := func(p error) {
		if listed < MaxListedProblems {
			b.WriteString(p.Error() + "\n")
			listed++
		} else {
			more++
		}
	}
	for _, r := range s.Rows {
		if r.Err != nil {
			note(r.Err)
		}
	}
	for _, r := range s.Rows {
		for _, w := range r.Warnings {
			note(w)
		}
	}
	if more > 0 {
		fmt.Fprintf(&b, "另有 %d 条未列出。\n", more)
	}
	return b.String()
}

// ReadProfiles reads a sheet of supplier profiles (experts, doctoral
// service teams, societies). The format is found from the content: xlsx, or
// CSV in UTF-8 (with or without BOM), GB18030 or UTF-16 with BOM; name is
// only used in messages. The error is non-nil when the file as a whole
// cannot be read (a *Problem matching engine.ErrInvalid when the file is at
// fault); bad rows are reported in the rows and the others still load.
func ReadProfiles(r io.Reader, name string, opts *Options) (*ProfileSheet, error) {
	return read(r, name, opts, profileSchema())
}

// ReadNeeds reads a sheet of technical needs, like ReadProfiles.
func ReadNeeds(r io.Reader, name string, opts *Options) (*NeedSheet, error) {
	return read(r, name, opts, needSchema())
}

// Problem is an error or a warning about a file, a row or a cell, worded
// in Chinese for staff. Every Problem matches engine.ErrInvalid.
type Problem struct {
	Row    int    // spreadsheet row number; 0 for the whole file
	Column string // the header of the cell at fault, when there is one
	Msg    string
}

// Error returns the message with its place: "第 5 行：缺少姓名", "第 5 行「联系电话」：…".
func (p *Problem) Error() string {
	switch {
	case p.Row > 0 && p.Column != "":
		return fmt.Sprintf("第 %d 行「%s」：%s", p.Row, p.Column, p.Msg)
	case p.Row > 0:
		return fmt.Sprintf("第 %d 行：%s", p.Row, p.Msg)
	}
	return p.Msg
}

// Is makes every Problem match engine.ErrInvalid.
func (p *Problem) Is(target error) bool { return target == engine.ErrInvalid }

func fileProblem(format string, args ...any) *Problem {
	return &Problem{Msg: fmt.Sprintf(format, args...)}
}
