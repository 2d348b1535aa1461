package segment

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Word is a dictionary entry: the word, its frequency (0: gojieba picks one)
// and an optional part-of-speech tag.
type Word struct {
	Text string `json:"text"`
	Freq int    `json:"freq,omitempty"`
	Tag  string `json:"tag,omitempty"`
}

//go:embed dict/domain.txt
var domainDict []byte

//go:embed dict/stopwords.txt
var domainStopWords []byte

// DomainWords returns the built-in domain dictionary: the city's industries,
// products, processes and materials.
func DomainWords() []Word {
	ws, err := ParseWords(bytes.NewReader(domainDict))
	if err != nil {
		panic("segment: built-in domain dictionary: " + err.Error())
	}
	return ws
}

// DomainStopWords returns the built-in stop words: request boilerplate such as
// 我司, 急需, 寻求.
func DomainStopWords() []string {
	var out []string
	for line := range strings.Lines(string(domainStopWords)) {
		if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
			out = append(out, w)
		}
	}
	return out
}

// ParseWords reads a dictionary in the text format "word [freq [tag]]", one
// entry a line; blank lines and lines starting with # are skipped. An error
// names the line. Words are normalised as text is (lower-case, half-width).
func ParseWords(r io.Reader) ([]Word, error) {
	var out []Word
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) > 3 {
			return nil, fmt.Errorf("line %d: want 'word [freq [tag]]', got %d fields", n, len(f))
		}
		w := Word{Text: normalize(f[0]).text}
		if len(f) > 1 {
			freq, err := strconv.Atoi(f[1])
			if err != nil || freq < 0 {
				return nil, fmt.Errorf("line %d: frequency %q is not a non-negative whole number", n, f[1])
			}
			w.Freq = freq
		}
		if len(f) > 2 {
			w.Tag = f[2]
		}
		out = append(out, w)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read dictionary: %w", err)
	}
	return out, nil
}

// FormatWords writes words in the format ParseWords reads.
func FormatWords(w io.Writer, words []Word) error {
	bw := bufio.NewWriter(w)
	for _, x := range words {
		line := x.Text
		if x.Freq > 0 || x.Tag != "" {
			line += " " + strconv.Itoa(x.Freq)
		}
		if x.Tag != "" {
			line += " " + x.Tag
		}
		bw.WriteString(line + "\n")
	}
	return bw.Flush()
}
