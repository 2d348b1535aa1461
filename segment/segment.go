package segment

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yanyiwu/gojieba"
)

// Mode chooses how finely text is cut.
type Mode int

const (
	// Search cuts into words and adds the dictionary sub-words of long words
	// (医疗器械 → 医疗, 器械, 医疗器械); sub-words share their word's position.
	Search Mode = iota
	// Exact cuts into words only.
	Exact
)

// Token is one word of a text.
type Token struct {
	Text     string // normalised: lower-case, half-width
	Start    int    // byte offset of the token in the original text
	End      int    // byte offset just past the token in the original text
	Position int    // 1-based word position; sub-words share their word's
}

// Options configure Open. The zero value (or nil) means defaults.
type Options struct {
	// DictDir holds gojieba's dictionary files (see DictFiles). Empty: found
	// as FindDictDir describes.
	DictDir string
	// Words are added to the dictionary after the domain words.
	Words []Word
	// NoDomainWords leaves out the built-in domain dictionary.
	NoDomainWords bool
	// StopWords are dropped from the tokens besides the built-in ones and
	// gojieba's stop word list.
	StopWords []string
}

// Segmenter cuts text into tokens. It is safe for concurrent use.
type Segmenter struct {
	jieba   *gojieba.Jieba
	dictDir string
	stop    map[string]struct{}
}

// Open loads gojieba with the dictionaries that opts names. It checks every
// dictionary file first and returns an error where gojieba would panic.
func Open(opts *Options) (*Segmenter, error) {
	if opts == nil {
		opts = &Options{}
	}
	dir, err := FindDictDir(opts.DictDir)
	if err != nil {
		return nil, fmt.Errorf("open segmenter: %w", err)
	}
	stop, err := readStopWords(filepath.Join(dir, "stop_words.utf8"))
	if err != nil {
		return nil, fmt.Errorf("open segmenter: %w", err)
	}
	for _, w := range append(DomainStopWords(), opts.StopWords...) {
		stop[normalize(w).text] = struct{}{}
	}
	files := make([]string, len(dictFiles))
	for i, name := range dictFiles {
		files[i] = filepath.Join(dir, name)
	}
	j := gojieba.NewJieba(files...)
	var words []Word
	if !opts.NoDomainWords {
		words = DomainWords()
	}
	for _, w := range append(words, opts.Words...) {
		text := normalize(strings.TrimSpace(w.Text)).text
		if text == "" || strings.ContainsAny(text, " \t") {
			continue
		}
		if w.Freq > 0 || w.Tag != "" {
			j.AddWordEx(text, w.Freq, w.Tag)
		} else {
			j.AddWord(text)
		}
	}
	return &Segmenter{jieba: j, dictDir: dir, stop: stop}, nil
}

// readStopWords reads a stop word file, one word a line.
func readStopWords(path string) (map[string]struct{}, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read stop words: %w", err)
	}
	defer f.Close()
	stop := make(map[string]struct{}, 2048)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			stop[normalize(w).text] = struct{}{}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read stop words %s: %w", path, err)
	}
	return stop, nil
}

// Close frees gojieba's memory. The Segmenter must not be used afterwards.
func (s *Segmenter) Close() error {
	s.jieba.Free()
	return nil
}

// DictDir returns the dictionary directory in use.
func (s *Segmenter) DictDir() string { return s.dictDir }

// IsStopWord reports whether the normalised word w is dropped as a stop word.
func (s *Segmenter) IsStopWord(w string) bool {
	_, ok := s.stop[w]
	return ok
}

// Tokenize cuts text in Search mode.
func (s *Segmenter) Tokenize(text string) []Token { return s.Tokens(text, Search) }

// Tokens cuts text into word tokens: punctuation, spaces and stop words are
// left out, runs of Latin letters and digits are kept whole, and offsets point
// into text, whatever bytes it holds.
func (s *Segmenter) Tokens(text string, mode Mode) []Token {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	n := normalize(text)
	jm := gojieba.SearchMode
	if mode == Exact {
		jm = gojieba.DefaultMode
	}
	words := mergeLatin(s.jieba.Tokenize(n.text, jm, true), n.text)
	positions := wordPositions(words)
	out := make([]Token, 0, len(words))
	for i, w := range words {
		if !isWord(w.Str) || s.IsStopWord(w.Str) {
			continue
		}
		out = append(out, Token{Text: w.Str, Start: n.offset(w.Start), End: n.offset(w.End), Position: positions[i]})
		if mode == Search {
			out = appendLatinParts(out, w, &n, positions[i])
		}
	}
	return out
}

// wordPositions gives each token its 1-based position. gojieba's search mode
// emits a long word's sub-words just before the word itself, so walking
// backwards, a token inside the span of the word that follows it is a
// sub-word. Tokens that are not words (punctuation, spaces) take no position.
func wordPositions(words []gojieba.Word) []int {
	pos := make([]int, len(words))
	encStart, encEnd := -1, -1
	nwords := 0
	for i := len(words) - 1; i >= 0; i-- {
		w := words[i]
		if w.Start >= encStart && w.End <= encEnd && (w.Start != encStart || w.End != encEnd) {
			pos[i] = -1 // sub-word, resolved below
			continue
		}
		encStart, encEnd = w.Start, w.End
		if isWord(w.Str) {
			nwords++
			pos[i] = nwords
		} else {
			pos[i] = 0
		}
	}
	// Number forwards and let sub-words take their enclosing word's position.
	last := 0
	for i := len(words) - 1; i >= 0; i-- {
		switch {
		case pos[i] > 0:
			pos[i] = nwords - pos[i] + 1
			last = pos[i]
		case pos[i] < 0:
			pos[i] = last
		}
	}
	return pos
}

// mergeLatin joins adjacent tokens that are runs of Latin letters, digits and
// the connectors . - + _ into one token (0 . 1 g → 0.1g, li - ion → li-ion)
// and trims connectors from the ends of the result.
func mergeLatin(words []gojieba.Word, text string) []gojieba.Word {
	out := words[:0]
	for i := 0; i < len(words); {
		w := words[i]
		if !isLatinRun(w.Str) {
			out = append(out, w)
			i++
			continue
		}
		j := i + 1
		end := w.End
		for j < len(words) && words[j].Start == end && isLatinRun(words[j].Str) {
			end = words[j].End
			j++
		}
		start := w.Start
		for start < end && isConnector(text[start]) {
			start++
		}
		for end > start && isConnector(text[end-1]) {
			end--
		}
		if start < end {
			out = append(out, gojieba.Word{Str: text[start:end], Start: start, End: end})
		}
		i = j
	}
	return out
}

// appendLatinParts adds the Latin runs of a mixed word (3d打印 → 3d, ct机 → ct)
// as sub-words at the word's position, so a query for the Latin part finds it.
func appendLatinParts(out []Token, w gojieba.Word, n *normalized, pos int) []Token {
	if isLatinRun(w.Str) {
		return out
	}
	s := w.Str
	for i := 0; i < len(s); {
		if !isLatinByte(s[i]) || isConnector(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isLatinByte(s[j]) {
			j++
		}
		k := j
		for k > i && isConnector(s[k-1]) {
			k--
		}
		if k-i >= 2 && !hasToken(out, pos, s[i:k]) {
			out = append(out, Token{Text: s[i:k], Start: n.offset(w.Start + i), End: n.offset(w.Start + k), Position: pos})
		}
		i = j
	}
	return out
}

// hasToken reports whether out already holds text at position pos (gojieba's
// search mode may have emitted it as a sub-word).
func hasToken(out []Token, pos int, text string) bool {
	for i := len(out) - 1; i >= 0 && out[i].Position == pos; i-- {
		if out[i].Text == text {
			return true
		}
	}
	return false
}

func isLatinByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || isConnector(b)
}

func isConnector(b byte) bool { return b == '.' || b == '-' || b == '+' || b == '_' }

// isLatinRun reports whether s is made only of Latin letters, digits and
// connectors (after normalisation, so letters are lower-case).
func isLatinRun(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isLatinByte(s[i]) {
			return false
		}
	}
	return true
}

// isWord reports whether s holds a letter or a digit.
func isWord(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x4E00 && r <= 0x9FFF || r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return true // the common cases: CJK ideographs and normalised ASCII
		}
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return true
		}
		i += size
	}
	return false
}
