package segment

import (
	"unicode"
	"unicode/utf8"
)

// normalized is text prepared for gojieba, with a way back to the original
// byte offsets.
type normalized struct {
	text string
	// orig maps a byte offset of text to the byte offset of the same rune in
	// the original; nil means the two are the same.
	orig []int32
}

// offset returns the original byte offset for the normalised offset i. i must
// be a rune boundary of text or len(text).
func (n *normalized) offset(i int) int {
	if n.orig == nil {
		return i
	}
	return int(n.orig[i])
}

// normalize maps full-width forms to half-width, upper-case to lower-case,
// and control characters and invalid UTF-8 to spaces (gojieba's C side stops
// at a NUL byte). Every rune of the original becomes exactly one rune.
func normalize(s string) normalized {
	// Fast path: nothing to change.
	clean := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if mapRune(r, size) != r {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return normalized{text: s}
	}
	buf := make([]byte, 0, len(s))
	orig := make([]int32, 0, len(s)+1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		m := mapRune(r, size)
		before := len(buf)
		buf = utf8.AppendRune(buf, m)
		for range len(buf) - before {
			orig = append(orig, int32(i))
		}
		i += size
	}
	orig = append(orig, int32(len(s)))
	return normalized{text: string(buf), orig: orig}
}

// mapRune returns the normalised form of r; size is its encoded length, so
// that an invalid byte (RuneError of size 1) can be told from a real U+FFFD.
func mapRune(r rune, size int) rune {
	switch {
	case r == utf8.RuneError && size == 1:
		return ' '
	case r < utf8.RuneSelf:
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	case r == 0x3000: // ideographic space
		return ' '
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII forms
		return mapRune(r-0xFEE0, 1)
	case unicode.IsControl(r):
		return ' '
	case unicode.IsUpper(r):
		return unicode.ToLower(r)
	}
	return r
}
