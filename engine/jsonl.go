package engine

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxLineBytes is the longest JSON Lines record the readers take.
const MaxLineBytes = 4 << 20

// LineError is a bad line of a JSON Lines file.
type LineError struct {
	Line int    `json:"line"`
	ID   string `json:"id,omitempty"`
	Err  error  `json:"-"`
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }

// ReadProfiles reads profiles, one JSON object a line, and validates each.
// A bad line is reported as a LineError and the rest still load; a later
// line with an ID already read is reported too. The error is non-nil only
// when r itself fails.
func ReadProfiles(r io.Reader) ([]Profile, []*LineError, error) {
	return readLines(r, func(p *Profile) string { return p.ID }, (*Profile).Validate)
}

// ReadNeeds reads needs, one JSON object a line, like ReadProfiles.
func ReadNeeds(r io.Reader) ([]Need, []*LineError, error) {
	return readLines(r, func(n *Need) string { return n.ID }, func(n *Need) error {
		n.NormalizeModes() // unknown modes are kept as written
		return n.Validate()
	})
}

func readLines[T any](r io.Reader, id func(*T) string, validate func(*T) error) ([]T, []*LineError, error) {
	var (
		out  []T
		bad  []*LineError
		seen = map[string]int{}
	)
	br := bufio.NewReaderSize(r, 64*1024)
	for n := 1; ; n++ {
		line, err := readLine(br)
		if err == io.EOF && line == nil {
			break
		}
		if err != nil && !errors.Is(err, errLineTooLong) && err != io.EOF {
			return out, bad, fmt.Errorf("read line %d: %w", n, err)
		}
		if errors.Is(err, errLineTooLong) {
			bad = append(bad, &LineError{Line: n, Err: invalidf("line is longer than %d bytes", MaxLineBytes)})
			continue
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var item T
		if err := decodeStrict(line, &item); err != nil {
			bad = append(bad, &LineError{Line: n, Err: err})
			continue
		}
		if err := validate(&item); err != nil {
			bad = append(bad, &LineError{Line: n, ID: id(&item), Err: err})
			continue
		}
		if first, dup := seen[id(&item)]; dup {
			bad = append(bad, &LineError{Line: n, ID: id(&item), Err: invalidf("id %s already on line %d", id(&item), first)})
			continue
		}
		seen[id(&item)] = n
		out = append(out, item)
	}
	return out, bad, nil
}

// ReadProfileLines reads profiles, one JSON object a line, for an import
// plan (Engine.ImportProfileLines): every non-empty line with its number,
// decoded, or refused with why in Chinese. Validation and repeated IDs are
// left to the plan. The error is non-nil only when r itself fails.
func ReadProfileLines(r io.Reader) ([]Incoming[Profile], error) {
	return readIncoming[Profile](r, nil)
}

// ReadNeedLines reads needs like ReadProfileLines; a cooperation mode it
// does not know is kept as written, with a warning.
func ReadNeedLines(r io.Reader) ([]Incoming[Need], error) {
	return readIncoming(r, func(n *Need) []string {
		if unknown := n.NormalizeModes(); len(unknown) > 0 {
			return []string{UnknownModesWarning(unknown)}
		}
		return nil
	})
}

// UnknownModesWarning says in Chinese that cooperation modes were kept as
// written because they are none of Modes.
func UnknownModesWarning(unknown []string) string {
	return fmt.Sprintf("合作方式“%s”不在常用方式（%s）之中，已按原文保留", strings.Join(unknown, "、"), strings.Join(Modes(), "、"))
}

func readIncoming[T any](r io.Reader, warn func(*T) []string) ([]Incoming[T], error) {
	var out []Incoming[T]
	br := bufio.NewReaderSize(r, 64*1024)
	for n := 1; ; n++ {
		line, err := readLine(br)
		if err == io.EOF && line == nil {
			return out, nil
		}
		if err != nil && !errors.Is(err, errLineTooLong) && err != io.EOF {
			return out, fmt.Errorf("read line %d: %w", n, err)
		}
		if errors.Is(err, errLineTooLong) {
			out = append(out, Incoming[T]{Line: n, Refused: fmt.Sprintf("本行超过 %d MB，未导入", MaxLineBytes>>20)})
			continue
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\uFEFF"))
		}
		if line = bytes.TrimSpace(line); len(line) == 0 {
			continue
		}
		in := Incoming[T]{Line: n}
		if err := decodeStrict(line, &in.Record); err != nil {
			in.Refused = "不是合规的 JSON 记录：" + err.Error()
		} else if warn != nil {
			in.Warnings = warn(&in.Record)
		}
		out = append(out, in)
	}
}

var errLineTooLong = errors.New("line too long")

// readLine returns the next line without its newline; a line over
// MaxLineBytes is skipped to its end and reported as errLineTooLong.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > MaxLineBytes {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				return nil, err
			}
			return []byte{}, errLineTooLong
		}
		line = append(line, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err == io.EOF && len(line) > 0 {
			return line, nil
		}
		return line, err
	}
}

// decodeStrict decodes one JSON object into v: unknown fields, trailing data
// and invalid UTF-8 are errors that say what to fix.
func decodeStrict(b []byte, v any) error {
	if !utf8.Valid(b) {
		return invalid("提交的内容不是有效的 UTF-8 文本", "not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return invalid(jsonMessage(err), "%s", describeJSONError(err))
	}
	if dec.More() {
		return invalid("只能提交一个 JSON 对象", "more than one JSON value on the line")
	}
	return nil
}

// DecodeJSON decodes one JSON object strictly, as the importers do; the
// error wraps ErrInvalid and says what is wrong.
func DecodeJSON(b []byte, v any) error { return decodeStrict(b, v) }

func describeJSONError(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("bad JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		_, want := jsonKind(te.Type.Kind()) // JSON's name of the kind, not the Go type behind it
		if te.Field != "" {
			return fmt.Sprintf("field %q: want %s, got %s", te.Field, want, te.Value)
		}
		return fmt.Sprintf("want %s, got %s", want, te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return strings.TrimPrefix(err.Error(), "json: ")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "incomplete JSON object"
	}
	return err.Error()
}

// WriteJSONL writes items as JSON Lines.
func WriteJSONL[T any](w io.Writer, items []T) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range items {
		if err := enc.Encode(&items[i]); err != nil {
			return err
		}
	}
	return bw.Flush()
}
