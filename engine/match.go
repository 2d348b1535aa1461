package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"yixianqian/index"
)

// MatchOptions say what matches to return; the zero value means ten
// matches of any kind, without explanations.
type MatchOptions struct {
	K          int      // number of matches (default 10, at most 200)
	Kinds      []Kind   // restrict to these kinds; empty: all
	Counties   []string // restrict to profiles serving one of these counties
	Industries []string // restrict to profiles in one of these industries
	Explain    bool     // add matched terms and highlighted snippets
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
	// Terms lists the matched terms per field.
	Terms map[string][]string `json:"terms"`
	// Snippets holds highlighted fragments per field, terms in <mark>.
	Snippets map[string][]string `json:"snippets"`
}

// MatchStats describe one Match call.
type MatchStats struct {
	Candidates int           `json:"candidates"`
	Retrieve   time.Duration `json:"retrieve_ns"`
	Total      time.Duration `json:"total_ns"`
}

// MatchResult is the answer to Match.
type MatchResult struct {
	Matches []Match    `json:"matches"`
	Stats   MatchStats `json:"stats"`
}

// Match ranks profiles for the need text. Inactive profiles never match.
func (e *Engine) Match(ctx context.Context, text string, opts MatchOptions) (*MatchResult, error) {
	start := e.now()
	if strings.TrimSpace(text) == "" {
		return nil, invalidf("need text is empty")
	}
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
	q := index.Query{Text: text, Size: k * 2, Highlight: opts.Explain, Counties: opts.Counties, Industries: opts.Industries}
	kinds := opts.Kinds
	if len(kinds) == 0 {
		kinds = Kinds()
	}
	for _, kd := range kinds {
		if !kd.Valid() {
			return nil, invalidf("kind %q is not expert, team or society", kd)
		}
		q.Kinds = append(q.Kinds, string(kd))
	}
	res, err := e.idx.Search(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("match: %w", err)
	}
	out := &MatchResult{Stats: MatchStats{Candidates: len(res.Hits), Retrieve: e.now().Sub(start)}}
	for _, h := range res.Hits {
		if len(out.Matches) == k {
			break
		}
		p, err := e.store.Profile(ctx, h.ID)
		if err != nil {
			// The index may briefly hold a profile the store no longer has.
			continue
		}
		if p.Inactive {
			continue
		}
		m := Match{Rank: len(out.Matches) + 1, Profile: p, Score: h.Score}
		if opts.Explain {
			m.Explain = &Explanation{Terms: h.Terms, Snippets: h.Fragments}
		}
		out.Matches = append(out.Matches, m)
	}
	out.Stats.Total = e.now().Sub(start)
	return out, nil
}
