package engine

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Likely duplicates on import: the same person under two IDs (the same
// name and organisation, or the same phone or e-mail within one kind), the
// same work twice (the same or nearly the same title and text), the same
// need twice (one enterprise, the same title and description).

// owner is a record an import compares against: a stored one (line 0) or
// one read earlier from the file.
type owner struct {
	id, name string
	line     int
}

// String names the owner for a message people read.
func (o owner) String() string {
	if o.line > 0 {
		return fmt.Sprintf("第 %d 行的「%s」", o.line, o.name)
	}
	return fmt.Sprintf("已有的「%s」（编号 %s）", o.name, o.id)
}

// normKey folds text for comparing: full-width forms to half-width, lower
// case, and only letters and digits kept.
func normKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0x4E00 && r <= 0x9FFF: // CJK ideographs: letters without case
			b.WriteRune(r)
		case r < 0x80:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
				b.WriteByte(byte(r))
			}
		default:
			if r >= 0xFF01 && r <= 0xFF5E {
				r -= 0xFEE0
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(unicode.ToLower(r))
			}
		}
	}
	return b.String()
}

// personKey is a profile's name and organisation folded; empty when the
// organisation is not known, since a name alone does not tell people apart.
func personKey(p *Profile) string {
	org := normKey(p.Organisation)
	if org == "" {
		return ""
	}
	return normKey(p.Name) + "\x00" + org
}

// phoneKey is the last eleven digits of a phone number, or "" for fewer
// than seven digits.
func phoneKey(s string) string {
	var d []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			d = append(d, s[i])
		}
	}
	if len(d) < 7 {
		return ""
	}
	return string(d[max(len(d)-11, 0):])
}

// workKey is a work's title and text folded.
func workKey(w *Work) string { return normKey(w.Title) + "|" + normKey(w.Text) }

// Near-duplicate works: keys of at least minWorkKey runes whose character
// bigrams overlap by nearDice or more, looked for among the works that
// share a title or the start of their text (at most bucketCap each).
const (
	minWorkKey = 10
	nearDice   = 0.9
	bucketCap  = 64
	prefixLen  = 16
)

// workRef is an indexed work.
type workRef struct {
	owner owner
	title string
	key   string
	grams []uint64 // bigrams, filled when first compared
}

// dupIndex finds likely duplicates among stored records and the lines of
// a file read so far.
type dupIndex struct {
	persons  map[string]owner
	contacts map[string]owner // kind, "phone" or "email", key
	exact    map[string][]int // work key → refs
	buckets  map[string][]int
	refs     []workRef
}

func newDupIndex() *dupIndex {
	return &dupIndex{persons: map[string]owner{}, contacts: map[string]owner{}, exact: map[string][]int{}, buckets: map[string][]int{}}
}

// contactKeys returns the keys of p's phone and e-mail within its kind.
func contactKeys(p *Profile) map[string]string {
	keys := map[string]string{}
	if k := phoneKey(p.Phone); k != "" {
		keys["联系电话"] = string(p.Kind) + "\x00phone\x00" + k
	}
	if k := strings.ToLower(strings.TrimSpace(p.Email)); k != "" {
		keys["电子邮箱"] = string(p.Kind) + "\x00email\x00" + k
	}
	return keys
}

// add indexes p as read on line (0: stored).
func (x *dupIndex) add(p *Profile, line int) {
	o := owner{id: p.ID, name: p.Name, line: line}
	if k := personKey(p); k != "" {
		if _, ok := x.persons[k]; !ok {
			x.persons[k] = o
		}
	}
	for _, k := range contactKeys(p) {
		if _, ok := x.contacts[k]; !ok {
			x.contacts[k] = o
		}
	}
	for i := range p.Works {
		key := workKey(&p.Works[i])
		if utf8.RuneCountInString(key) < minWorkKey {
			continue
		}
		n := len(x.refs)
		x.refs = append(x.refs, workRef{owner: o, title: p.Works[i].Title, key: key})
		x.exact[key] = append(x.exact[key], n)
		for _, b := range workBuckets(&p.Works[i]) {
			if len(x.buckets[b]) < bucketCap {
				x.buckets[b] = append(x.buckets[b], n)
			}
		}
	}
}

// workBuckets returns the buckets a work is looked for in: its title, and
// the start of its text.
func workBuckets(w *Work) []string {
	var out []string
	if t := normKey(w.Title); utf8.RuneCountInString(t) >= 4 {
		out = append(out, "t\x00"+t)
	}
	if t := []rune(normKey(w.Text)); len(t) >= prefixLen {
		out = append(out, "p\x00"+string(t[:prefixLen]))
	}
	return out
}

// person returns the record with p's name and organisation, if any.
func (x *dupIndex) person(p *Profile) (owner, bool) {
	o, ok := x.persons[personKey(p)]
	return o, ok && personKey(p) != ""
}

// contact returns another record of p's kind with its phone or e-mail,
// and which of the two it shares.
func (x *dupIndex) contact(p *Profile) (owner, string, bool) {
	for _, what := range []string{"联系电话", "电子邮箱"} {
		if k, ok := contactKeys(p)[what]; ok {
			if o, ok := x.contacts[k]; ok && o.id != p.ID {
				return o, what, true
			}
		}
	}
	return owner{}, "", false
}

// similarWork returns a work of another record than self that is the same
// as or nearly the same as w.
func (x *dupIndex) similarWork(w *Work, self string) (workRef, bool) {
	key := workKey(w)
	if utf8.RuneCountInString(key) < minWorkKey {
		return workRef{}, false
	}
	for _, i := range x.exact[key] {
		if x.refs[i].owner.id != self {
			return x.refs[i], true
		}
	}
	grams := bigrams(key)
	for _, b := range workBuckets(w) {
		for _, i := range x.buckets[b] {
			r := &x.refs[i]
			if r.owner.id == self {
				continue
			}
			if r.grams == nil {
				r.grams = bigrams(r.key)
			}
			if dice(grams, r.grams) >= nearDice {
				return *r, true
			}
		}
	}
	return workRef{}, false
}

// bigrams returns the character bigrams of s.
func bigrams(s string) []uint64 {
	var out []uint64
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			out = append(out, uint64(prev)<<32|uint64(r)) // one number per pair, no two alike
		}
		prev = r
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// dice is the Sørensen–Dice overlap of two sets of bigrams.
func dice(a, b []uint64) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	both := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			both++
			i++
			j++
		}
	}
	return 2 * float64(both) / float64(len(a)+len(b))
}

// dropRepeatedWorks removes the works of p that repeat an earlier one of
// its own, and says which in Chinese.
func dropRepeatedWorks(p *Profile) []string {
	var warns []string
	seen := map[string]bool{}
	kept := p.Works[:0:0]
	for _, w := range p.Works {
		k := workKey(&w)
		if seen[k] {
			warns = append(warns, fmt.Sprintf("成果「%s」在本行出现不止一次，只保留一次", truncate(workLabel(&w), 30)))
			continue
		}
		seen[k] = true
		kept = append(kept, w)
	}
	if len(warns) > 0 {
		p.Works = kept
	}
	return warns
}

// workLabel is a work's title, or the start of its text.
func workLabel(w *Work) string {
	if w.Title != "" {
		return w.Title
	}
	return w.Text
}

// needKey is a need's enterprise, title and description folded.
func needKey(n *Need) string {
	return normKey(n.Enterprise) + "\x00" + normKey(n.Title) + "|" + normKey(n.Description)
}
