package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// Sentinel errors. Wrap them with %w; the API maps each to one HTTP status.
var (
	// ErrInvalid: the input breaks a rule; the message says which.
	ErrInvalid = errors.New("invalid input")
	// ErrNotFound: no record with that ID.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the record exists or changed meanwhile.
	ErrConflict = errors.New("conflict")
	// ErrUnavailable: the store or index cannot serve now (closed, rebuilding).
	ErrUnavailable = errors.New("unavailable")
	// ErrNoSpace: the disk is full; nothing was written.
	ErrNoSpace = errors.New("no space left on device")
	// ErrUnauthorized: no valid token.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden: the token's role or subject may not do this.
	ErrForbidden = errors.New("forbidden")
)

// Error is an error people read: Msg in Chinese, for the pages and the
// API's message; Detail in English, for logs, the command line and
// developers; Kind, the sentinel it matches (ErrInvalid, ErrNotFound …).
// Wrapping it with context keeps both: Message finds Msg in the chain.
type Error struct {
	Kind   error
	Msg    string
	Detail string
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return e.Msg
	}
	return e.Detail
}

// Is reports whether target is e's kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Errorf returns an Error of kind with a Chinese message and an English
// detail made from format and args.
func Errorf(kind error, msg, format string, args ...any) error {
	return &Error{Kind: kind, Msg: msg, Detail: fmt.Sprintf(format, args...)}
}

// Message returns the Chinese message of the first Error in err's chain,
// or "" when it has none.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return ""
}

// invalidf returns an ErrInvalid whose text is only its (English) message,
// so that wrapped errors read "profile x: work 2: text is empty".
func invalidf(format string, args ...any) error {
	return &Error{Kind: ErrInvalid, Detail: fmt.Sprintf(format, args...)}
}

// invalid returns an ErrInvalid with a Chinese message and an English
// detail.
func invalid(msg, format string, args ...any) error {
	return &Error{Kind: ErrInvalid, Msg: msg, Detail: fmt.Sprintf(format, args...)}
}

// jsonMessage says in Chinese what is wrong with a JSON body that did not
// decode, naming the field when it can.
func jsonMessage(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("JSON 格式有误（第 %d 个字节附近）", se.Offset)
	case errors.As(err, &te) && te.Field != "":
		zh, _ := jsonKind(te.Type.Kind())
		return fmt.Sprintf("字段 %s 的值类型不对：应为%s", te.Field, zh)
	case errors.As(err, &te):
		zh, _ := jsonKind(te.Type.Kind())
		return "提交的内容应为" + zh
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return "不认识的字段 " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "JSON 不完整"
	}
	return "提交的 JSON 有误"
}

// jsonKind names the JSON kind of value k decodes from, in Chinese for
// the message and in English for the detail.
func jsonKind(k reflect.Kind) (zh, en string) {
	switch k {
	case reflect.String:
		return "文本", "a string"
	case reflect.Bool:
		return "true 或 false", "true or false"
	case reflect.Slice, reflect.Array:
		return "列表", "an array"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		return "对象", "an object"
	}
	return "数字", "a number"
}
