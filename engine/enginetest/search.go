package enginetest

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"yixianqian/engine"
)

// Search is an in-memory engine.Search that scores by shared character
// bigrams: a candidate's lexical value is the number of distinct bigrams of
// the query found in the profile's fields, keywords, industries and works.
// It has no semantic space, so matching over it is lexical only. That is
// enough to test what the engine does with candidates; how well real text
// matches is engine/search's business.
type Search struct {
	mu       sync.Mutex
	seq      uint64
	dict     int
	docs     map[string]doc
	resets   int
	retrieve int
}

type doc struct {
	kind       engine.Kind
	counties   []string
	industries []string
	bigrams    map[string]bool
}

var _ engine.Search = (*Search)(nil)

// NewSearch returns an empty Search.
func NewSearch() *Search { return &Search{docs: map[string]doc{}} }

// Bigrams returns the distinct character bigrams of the letters and digits
// of text, lower-cased.
func Bigrams(text string) []string {
	var out []string
	var prev rune
	for _, r := range strings.ToLower(text) {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			prev = 0
			continue
		}
		if prev != 0 {
			if b := string([]rune{prev, r}); !slices.Contains(out, b) {
				out = append(out, b)
			}
		}
		prev = r
	}
	return out
}

func profileText(p *engine.Profile) string {
	parts := slices.Concat(p.Fields, p.Keywords, p.Industries)
	for _, w := range p.Works {
		parts = append(parts, w.Title, w.Text)
		parts = append(parts, w.Keywords...)
	}
	return strings.Join(parts, "\n")
}

// Apply implements engine.Search.
func (s *Search) Apply(ctx context.Context, ps []engine.Profile, seq uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range ps {
		p := &ps[i]
		d := doc{kind: p.Kind, counties: p.ServedCounties(), industries: p.Industries, bigrams: map[string]bool{}}
		for _, b := range Bigrams(profileText(p)) {
			d.bigrams[b] = true
		}
		s.docs[p.ID] = d
	}
	s.seq = seq
	return nil
}

// Reset implements engine.Search.
func (s *Search) Reset(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs, s.seq, s.dict = map[string]doc{}, 0, 0
	s.resets++
	return nil
}

// Resets returns how many times the index was reset.
func (s *Search) Resets() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resets
}

// Retrieve implements engine.Search. Candidates are the N profiles sharing
// the most bigrams with q.Text; when ctx has ended it returns none, marked
// truncated.
func (s *Search) Retrieve(ctx context.Context, q engine.SearchQuery) (*engine.Retrieval, error) {
	start := time.Now()
	out := &engine.Retrieval{}
	if ctx.Err() != nil {
		out.Truncated = true
		return out, nil
	}
	qb := Bigrams(q.Text)
	s.mu.Lock()
	s.retrieve++
	for id, d := range s.docs {
		if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, d.kind) || !anyIn(q.Counties, d.counties) || !anyIn(q.Industries, d.industries) {
			continue
		}
		var hit []string
		for _, b := range qb {
			if d.bigrams[b] {
				hit = append(hit, b)
			}
		}
		if len(hit) == 0 {
			continue
		}
		c := engine.Candidate{ID: id, Lexical: float64(len(hit))}
		if q.Explain {
			c.Terms = map[string][]string{"text": hit}
		}
		out.Candidates = append(out.Candidates, c)
	}
	s.mu.Unlock()
	slices.SortFunc(out.Candidates, func(a, b engine.Candidate) int {
		if a.Lexical != b.Lexical {
			if a.Lexical > b.Lexical {
				return -1
			}
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	if q.N > 0 && len(out.Candidates) > q.N {
		out.Candidates = out.Candidates[:q.N]
	}
	out.Retrieve = time.Since(start)
	return out, nil
}

func anyIn(want, have []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}

// UseDictionary implements engine.Search; bigrams need no dictionary.
func (s *Search) UseDictionary(d engine.Dictionary) error { return nil }

// CaughtUp implements engine.Search: there is no semantic space.
func (s *Search) CaughtUp(uint64) {}

// DictionaryApplied implements engine.Search.
func (s *Search) DictionaryApplied(v int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dict = v
	return nil
}

// Learn implements engine.Search: there is no semantic space to learn.
func (s *Search) Learn(ctx context.Context, walk engine.ProfileWalk, _ uint64) (engine.LearnReport, error) {
	n := 0
	err := walk(ctx, func(engine.Profile) error { n++; return nil })
	return engine.LearnReport{Profiles: n}, err
}

// State implements engine.Search.
func (s *Search) State() (engine.SearchState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return engine.SearchState{Seq: s.seq, DictVersion: s.dict, Docs: uint64(len(s.docs))}, nil
}

// Words implements engine.Search: the runs of letters and digits of text,
// a Chinese run cut into its bigrams (the fake has no segmenter), each
// with the share of profiles whose bigrams hold all of its own, counted
// as if ten more profiles held none of them: a test's few profiles would
// otherwise make every shared word common, and every need vague.
func (s *Search) Words(text string) []engine.WordShare {
	s.mu.Lock()
	defer s.mu.Unlock()
	var words []string
	for _, run := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if strings.IndexFunc(run, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
			words = append(words, Bigrams(run)...)
		} else {
			words = append(words, run)
		}
	}
	var out []engine.WordShare
	for _, w := range words {
		bs := Bigrams(w)
		n := 0
		for _, d := range s.docs {
			all := len(bs) > 0
			for _, b := range bs {
				all = all && d.bigrams[b]
			}
			if all {
				n++
			}
		}
		ws := engine.WordShare{Word: w}
		if len(s.docs) > 0 {
			ws.Share = float64(n) / float64(len(s.docs)+fakeCorpusExtra)
		}
		out = append(out, ws)
	}
	return out
}

// fakeCorpusExtra is the number of profiles Words counts beside the
// fake's own.
const fakeCorpusExtra = 10

// Verify implements engine.Search: the fake has no files to check.
func (s *Search) Verify(ctx context.Context) error { return ctx.Err() }
