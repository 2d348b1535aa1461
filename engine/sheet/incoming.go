package sheet

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"yixianqian/engine"
)

// FormatJSONL is the format of a file of JSON Lines, as ImportFile.Format
// reports it.
const FormatJSONL = "jsonl"

// ImportFile is a file read for an import plan (engine.ImportProfileLines,
// engine.ImportNeedLines): its format, the warnings about the whole file,
// and every line it gave, decoded or refused, in Chinese.
type ImportFile[T any] struct {
	Name     string
	Format   string // FormatJSONL, FormatXLSX or FormatCSV
	Encoding string // CSV only
	Warnings []string
	Lines    []engine.Incoming[T]
}

// ReadProfileFile reads a file of profiles for import. The format comes
// from the content: JSON Lines when its first character, after a byte
// order mark and white space, is "{"; otherwise a spreadsheet, as
// ReadProfiles reads it (opts apply to spreadsheets only). The error is
// non-nil when the file as a whole cannot be read (a *Problem, in Chinese,
// when the file is at fault).
func ReadProfileFile(r io.Reader, name string, opts *Options) (*ImportFile[engine.Profile], error) {
	return readFile(r, name, opts, engine.ReadProfileLines, ReadProfiles)
}

// ReadNeedFile reads a file of needs for import, like ReadProfileFile.
func ReadNeedFile(r io.Reader, name string, opts *Options) (*ImportFile[engine.Need], error) {
	return readFile(r, name, opts, engine.ReadNeedLines, ReadNeeds)
}

func readFile[T any](r io.Reader, name string, opts *Options,
	jsonl func(io.Reader) ([]engine.Incoming[T], error),
	sheet func(io.Reader, string, *Options) (*Sheet[T], error)) (*ImportFile[T], error) {
	br := bufio.NewReaderSize(r, 4096)
	head, err := br.Peek(1024)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	out := &ImportFile[T]{Name: name}
	if bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n"), []byte("{")) {
		out.Format = FormatJSONL
		out.Lines, err = jsonl(br)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		return out, nil
	}
	s, err := sheet(br, name, opts)
	if err != nil {
		return nil, err
	}
	out.Format, out.Encoding = s.Format, s.Encoding
	for _, w := range s.Warnings {
		out.Warnings = append(out.Warnings, w.Error())
	}
	for _, row := range s.Rows {
		in := engine.Incoming[T]{Line: row.Line, Record: row.Record}
		for _, w := range row.Warnings {
			in.Warnings = append(in.Warnings, cellText(w))
		}
		if row.Err != nil {
			in.Refused = cellText(row.Err)
		}
		out.Lines = append(out.Lines, in)
	}
	return out, nil
}

// cellText is a problem's message with its column but without its row,
// which the import report shows on its own.
func cellText(err error) string {
	p, ok := err.(*Problem)
	switch {
	case !ok:
		return err.Error()
	case p.Column != "":
		return "「" + p.Column + "」：" + p.Msg
	}
	return p.Msg
}
