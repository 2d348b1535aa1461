package sheet

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// MustXLSX builds an xlsx file whose first sheet holds rows; a cell may be
// a string, a number or an excelize.Cell.
func MustXLSX(tb testing.TB, rows [][]any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			tb.Fatal(err)
		}
		if len(r) == 0 {
			continue
		}
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			tb.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// MustGB18030 encodes s as GB18030, as Excel on Chinese Windows saves CSV.
func MustGB18030(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// MustReadProfiles reads a profile sheet and fails on a file-level error.
func MustReadProfiles(tb testing.TB, data []byte, name string, opts *Options) *ProfileSheet {
	tb.Helper()
	s, err := ReadProfiles(bytes.NewReader(data), name, opts)
	if err != nil {
		tb.Fatalf("ReadProfiles(%s): %v", name, err)
	}
	return s
}

// MustReadNeeds reads a need sheet and fails on a file-level error.
func MustReadNeeds(tb testing.TB, data []byte, name string, opts *Options) *NeedSheet {
	tb.Helper()
	s, err := ReadNeeds(bytes.NewReader(data), name, opts)
	if err != nil {
		tb.Fatalf("ReadNeeds(%s): %v", name, err)
	}
	return s
}

// MustWrite writes t in format and returns the bytes.
func MustWrite(tb testing.TB, format string, t Table) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := WriteTable(&buf, format, t); err != nil {
		tb.Fatalf("WriteTable(%s): %v", format, err)
	}
	return buf.Bytes()
}

// problems joins the warnings of every row and of the file.
func problems[T any](s *Sheet[T]) string {
	var b strings.Builder
	for _, w := range s.Warnings {
		b.WriteString(w.Error() + "\n")
	}
	for _, r := range s.Rows {
		for _, w := range r.Warnings {
			b.WriteString(w.Error() + "\n")
		}
		if r.Err != nil {
			b.WriteString("ERR " + r.Err.Error() + "\n")
		}
	}
	return b.String()
}

// csvText joins lines with CRLF, as Excel writes CSV.
func csvText(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }

// MustZip builds a zip holding one file.
func MustZip(tb testing.TB, name, content string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err == nil {
		_, err = w.Write([]byte(content))
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
