package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"yixianqian/index"
)

// MatchOptions say what matches to return; the zero value means ten
// matches of any kind, without explanations.
type MatchOptions struct {
	K          int      // number of matches (default 10, at most MaxK)
	Kinds      []Kind   // restrict to these kinds; empty: all
	Counties   []string // restrict to profiles serving one of these counties
	Industries []string // restrict to profiles in one of these industries
	Explain    bool     // add score parts, matched terms and highlighted snippets
}

// MaxK is the largest number of matches one call returns.
const MaxK = 200

// Match is one ranked supplier for a need.
type Match struct {
	Rank    int          `json:"rank"`
	Profile Profile      `json:"profile"`
	Score   float64      `json:"score"`
	Explain *Explanation `json:"explanation,omitempty"`
}

// Explanation says why a profile matched.
type Explanation struct {
	// Parts are the named parts whose sum is the score.
	Parts map[string]float64 `json:"parts"`
	// Terms lists the matched terms per field.
	Terms map[string][]string `json:"terms,omitempty"`
	// Snippets holds highlighted fragments per field, terms in <mark>.
	Snippets map[string][]string `json:"snippets,omitempty"`
}

// MatchStats describe one Match call.
type MatchStats struct {
	Candidates int           `json:"candidates"`
	Segment    time.Duration `json:"segment_ns"`
	Retrieve   time.Duration `json:"retrieve_ns"`
	Score      time.Duration `json:"score_ns"`
	Total      time.Duration `json:"total_ns"`
}

// MatchResult is the answer to Match.
type MatchResult struct {
	Matches []Match    `json:"matches"`
	Stats   MatchStats `json:"stats"`
}

// candidate is a profile proposed by either channel.
type candidate struct {
	id      string
	lex     float64 // bleve score, 0 when not proposed lexically
	cos     float64
	hasCos  bool
	hit     *index.Hit
	score   float64
	lexPart float64
	semPart float64
}

// Match ranks profiles for the need text. Inactive profiles never match.
func (e *Engine) Match(ctx context.Context, text string, opts MatchOptions) (*MatchResult, error) {
	start := e.now()
	if err := checkText("need text", text, MaxTextLen, true); err != nil {
		return nil, err
	}
	k := opts.K
	if k <= 0 {
		k = 10
	}
	if k > MaxK {
		return nil, invalidf("k = %d, at most %d", k, MaxK)
	}
	kinds := opts.Kinds
	if len(kinds) == 0 {
		kinds = Kinds()
	}
	var kindNames []string
	for _, kd := range kinds {
		if !kd.Valid() {
			return nil, invalidf("kind %q is not expert, team or society", kd)
		}
		kindNames = append(kindNames, string(kd))
	}
	sc := e.scoring
	n := max(sc.Candidates, k)
	st := MatchStats{}

	// Semantic channel: fold the need into the latent space.
	si := e.sem.Load()
	var qv []float32
	if si != nil && sc.Semantic > 0 {
		terms, err := e.idx.Terms(text)
		if err != nil {
			return nil, fmt.Errorf("match: %w", err)
		}
		qv = si.space.vector(terms)
	}
	t1 := e.now()
	st.Segment = t1.Sub(start)

	// Lexical channel: bleve.
	cands := map[string]*candidate{}
	var maxLex float64
	if sc.Lexical > 0 || qv == nil {
		res, err := e.idx.Search(ctx, index.Query{Text: text, Size: n, Highlight: opts.Explain, Kinds: kindNames, Counties: opts.Counties, Industries: opts.Industries})
		if err != nil {
			return nil, fmt.Errorf("match: %w", err)
		}
		for i := range res.Hits {
			h := &res.Hits[i]
			cands[h.ID] = &candidate{id: h.ID, lex: h.Score, hit: h}
			maxLex = max(maxLex, h.Score)
		}
	}
	if qv != nil {
		keep := func(r *semRow) bool {
			return !r.inactive && slices.Contains(kinds, r.kind) && anyIn(opts.Counties, r.counties) && anyIn(opts.Industries, r.industries)
		}
		for _, h := range si.search(qv, n, keep) {
			c := cands[h.id]
			if c == nil {
				c = &candidate{id: h.id}
				cands[h.id] = c
			}
			c.cos, c.hasCos = h.cos, true
		}
	}
	t2 := e.now()
	st.Retrieve = t2.Sub(t1)
	st.Candidates = len(cands)

	// Score: the sum of named parts.
	lexW, semW := sc.Lexical, sc.Semantic
	if qv == nil {
		lexW, semW = 1, 0 // no semantic space yet: lexical alone
	}
	list := make([]*candidate, 0, len(cands))
	for _, c := range cands {
		if qv != nil && !c.hasCos {
			c.cos, c.hasCos = si.cos(c.id, qv)
		}
		if qv != nil && sc.Works > 0 {
			if ws, ok := si.workScore(c.id, qv); ok {
				c.cos = (1-sc.Works)*c.cos + sc.Works*ws
			}
		}
		if maxLex > 0 {
			c.lexPart = lexW * c.lex / maxLex
		}
		c.semPart = semW * max(c.cos, 0)
		c.score = c.lexPart + c.semPart
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].score != list[j].score {
			return list[i].score > list[j].score
		}
		return list[i].id < list[j].id
	})
	out := &MatchResult{Matches: make([]Match, 0, k)}
	for _, c := range list {
		if len(out.Matches) == k {
			break
		}
		p, err := e.store.Profile(ctx, c.id)
		if err != nil || p.Inactive {
			continue // the index may briefly hold a profile the store no longer has
		}
		m := Match{Rank: len(out.Matches) + 1, Profile: p, Score: c.score}
		if opts.Explain {
			m.Explain = &Explanation{Parts: map[string]float64{PartLexical: c.lexPart, PartSemantic: c.semPart}}
			if c.hit != nil {
				m.Explain.Terms, m.Explain.Snippets = c.hit.Terms, c.hit.Fragments
			}
		}
		out.Matches = append(out.Matches, m)
	}
	st.Score = e.now().Sub(t2)
	st.Total = e.now().Sub(start)
	out.Stats = st
	return out, nil
}

// anyIn reports whether want is empty or has a value in have.
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

var _ = strings.TrimSpace
