package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"
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
	// Quotas caps the matches per kind (e.g. 10 experts, 3 teams, 3
	// societies); when set, K defaults to their sum.
	Quotas map[Kind]int
	// Month (YYYY-MM) is the month whose team slots count; default the
	// clock's month.
	Month string
	// Explain adds score parts, matched terms and highlighted snippets.
	Explain bool
	// ShowFiltered lists the candidates a hard rule removed.
	ShowFiltered bool
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
	// Parts are the named parts whose sum is the score (Part* names).
	Parts map[string]float64 `json:"parts"`
	// Terms lists the matched terms per field.
	Terms map[string][]string `json:"terms,omitempty"`
	// Snippets holds highlighted fragments per field, terms in <mark>.
	Snippets map[string][]string `json:"snippets,omitempty"`
	// Synonyms lists the query's synonym expansions, as "医械 → 医疗器械".
	Synonyms []string `json:"synonyms,omitempty"`
}

// Filtered is a candidate removed by a hard rule.
type Filtered struct {
	ProfileID string `json:"profile_id"`
	Rule      string `json:"rule"`
	Detail    string `json:"detail"`
}

// MatchStats describe one Match call.
type MatchStats struct {
	Candidates int           `json:"candidates"`
	Segment    time.Duration `json:"segment_ns"`
	Retrieve   time.Duration `json:"retrieve_ns"`
	Score      time.Duration `json:"score_ns"`
	Total      time.Duration `json:"total_ns"`
	// Truncated is set when the time budget (ctx) ran out: the matches are
	// the best of what was looked at by then.
	Truncated bool `json:"truncated"`
}

// MatchResult is the answer to Match.
type MatchResult struct {
	Matches []Match `json:"matches"`
	// Expanded lists the synonyms added to the query, as "医械 → 医疗器械".
	Expanded []string   `json:"expanded,omitempty"`
	Filtered []Filtered `json:"filtered,omitempty"`
	Stats    MatchStats `json:"stats"`
}

// Match ranks profiles for a free need text.
func (e *Engine) Match(ctx context.Context, text string, opts MatchOptions) (*MatchResult, error) {
	return e.match(ctx, text, nil, opts)
}

// MatchNeed ranks profiles for a need: its text, plus the structured fit
// with its industry, county and the month's team slots, and the conflict
// rules against its enterprise.
func (e *Engine) MatchNeed(ctx context.Context, n *Need, opts MatchOptions) (*MatchResult, error) {
	return e.match(ctx, n.Text(), n, opts)
}

// candidate is a profile proposed by either channel.
type candidate struct {
	id     string
	facts  *facts // nil until known
	lex    float64
	cos    float64
	hasCos bool
	hit    *index.Hit
	parts  map[string]float64
	score  float64
}

func (e *Engine) match(ctx context.Context, text string, need *Need, opts MatchOptions) (*MatchResult, error) {
	start := e.now()
	if err := checkText("need text", text, MaxTextLen, true); err != nil {
		return nil, err
	}
	k, kinds, err := checkMatchOptions(&opts)
	if err != nil {
		return nil, err
	}
	month := opts.Month
	if month == "" {
		month = e.now().Format("2006-01")
	}
	sc := e.scoring
	n := max(sc.Candidates, k)
	out := &MatchResult{Matches: []Match{}}
	st := &out.Stats

	// Semantic channel, part one: fold the need into the latent space.
	si := e.sem.Load()
	var qv []float32
	lexQuery := index.Query{Text: text, Weights: sc.fieldWeights(), Size: n, Highlight: opts.Explain, NoKind: true, Counties: opts.Counties, Industries: opts.Industries}
	terms, expanded, err := e.queryTerms(text)
	if err != nil {
		return nil, fmt.Errorf("match: %w", err)
	}
	if len(expanded) > 0 || e.prevSeg.Load() != nil {
		lexQuery.Terms = slices.Compact(slices.Sorted(slices.Values(terms))) // synonyms or two segmenters: look the terms up as they are
	}
	out.Expanded = expanded
	if si != nil {
		if sc.Semantic > 0 {
			qv = si.space.vector(terms)
		}
		if sc.QueryTerms > 0 {
			// When no term is informative, look them all up rather than none.
			if sel := si.space.informative(terms, sc.QueryTerms, sc.MaxTermShare); len(sel) > 0 {
				lexQuery.Terms = sel
			}
		}
	}
	t1 := e.now()
	st.Segment = t1.Sub(start)

	// Lexical channel, part one: bleve proposes candidates, with the
	// caller's filters. Once the space is learned, only the rare need terms
	// propose (short posting lists); part two scores every candidate.
	cands := map[string]*candidate{}
	var maxLex float64
	for _, kd := range kinds {
		lexQuery.Kinds = append(lexQuery.Kinds, string(kd))
	}
	twoStep := qv != nil && sc.RareShare > 0 && sc.Lexical > 0 && lexQuery.Terms != nil
	propose := lexQuery
	if twoStep {
		propose.Terms, propose.Highlight = si.space.rare(lexQuery.Terms, sc.RareShare), false
	}
	if !twoStep || len(propose.Terms) > 0 {
		res, err := e.search(ctx, propose, st)
		if err != nil {
			return nil, err
		}
		if res != nil {
			for i := range res.Hits {
				h := &res.Hits[i]
				c := &candidate{id: h.ID}
				if !twoStep {
					c.lex, c.hit = h.Score, h
					maxLex = max(maxLex, h.Score)
				}
				cands[h.ID] = c
			}
		}
	}
	// Semantic channel, part two: the nearest profiles.
	if qv != nil && !st.Truncated {
		var keep func(r *semRow) bool // nil: every row
		if len(kinds) < len(Kinds()) || len(opts.Counties) > 0 || len(opts.Industries) > 0 {
			keep = func(r *semRow) bool {
				return slices.Contains(kinds, r.kind) && anyIn(opts.Counties, r.counties) && anyIn(opts.Industries, r.industries)
			}
		}
		hits, complete := si.search(ctx, qv, n, keep)
		st.Truncated = !complete
		for _, h := range hits {
			c := cands[h.id]
			if c == nil {
				c = &candidate{id: h.id}
				cands[h.id] = c
			}
			c.cos, c.hasCos = h.cos, true
		}
	}
	// Lexical channel, part two: score every candidate with all the
	// looked-up terms; bleve skips to them in each posting list.
	if twoStep && len(cands) > 0 && !st.Truncated {
		q := lexQuery
		q.IDs = make([]string, 0, len(cands))
		for id := range cands {
			q.IDs = append(q.IDs, id)
		}
		q.Size = len(q.IDs)
		res, err := e.search(ctx, q, st)
		if err != nil {
			return nil, err
		}
		if res != nil {
			for i := range res.Hits {
				h := &res.Hits[i]
				c := cands[h.ID]
				c.lex, c.hit = h.Score, h
				maxLex = max(maxLex, h.Score)
			}
		}
	}
	t2 := e.now()
	st.Retrieve = t2.Sub(t1)
	st.Candidates = len(cands)

	// Score: hard rules first, then the sum of named parts.
	lexW, semW := sc.Lexical, sc.Semantic
	if qv == nil {
		lexW, semW = 1, 0 // no semantic space yet: lexical alone
	}
	list := make([]*candidate, 0, len(cands))
	for _, c := range cands {
		if c.facts == nil {
			f, ok := e.factsFor(ctx, si, c.id)
			if !ok {
				continue // the index may briefly hold a profile the store no longer has
			}
			c.facts = f
		}
		rule, detail := c.facts.breaks(need)
		capPart, full := sc.capacityPart(c.facts.capacity, e.openLoad(c.id))
		if rule == "" && full {
			rule, detail = RuleCapacityFull, fmt.Sprintf("容量 %d 已满", c.facts.capacity)
		}
		if rule != "" {
			if opts.ShowFiltered {
				out.Filtered = append(out.Filtered, Filtered{ProfileID: c.id, Rule: rule, Detail: detail})
			}
			continue
		}
		if qv != nil && !c.hasCos {
			c.cos, c.hasCos = si.cos(c.id, qv)
		}
		if qv != nil && sc.Works > 0 {
			if ws, ok := si.workScore(c.id, qv); ok {
				c.cos = (1-sc.Works)*c.cos + sc.Works*ws
			}
		}
		c.parts = map[string]float64{PartLexical: 0, PartSemantic: semW * max(c.cos, 0), PartCapacity: capPart}
		if maxLex > 0 {
			c.parts[PartLexical] = lexW * c.lex / maxLex
		}
		if need != nil {
			c.parts[PartIndustry], c.parts[PartCounty], c.parts[PartSlot] = sc.structured(c.facts, need, month)
		}
		// Summed in a fixed order, so equal inputs give bit-equal scores.
		for _, name := range PartNames() {
			c.score += c.parts[name]
		}
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].score != list[j].score {
			return list[i].score > list[j].score
		}
		return list[i].id < list[j].id
	})
	sort.Slice(out.Filtered, func(i, j int) bool { return out.Filtered[i].ProfileID < out.Filtered[j].ProfileID })

	taken := map[Kind]int{}
	for _, c := range list {
		if len(out.Matches) == k {
			break
		}
		if ctx.Err() != nil {
			st.Truncated = true
			break
		}
		if q, ok := opts.Quotas[c.facts.kind]; opts.Quotas != nil && (!ok || taken[c.facts.kind] >= q) {
			continue
		}
		p, err := e.store.Profile(ctx, c.id)
		if err != nil || p.Inactive {
			continue
		}
		taken[p.Kind]++
		m := Match{Rank: len(out.Matches) + 1, Profile: p, Score: c.score}
		if opts.Explain {
			m.Explain = &Explanation{Parts: c.parts, Synonyms: out.Expanded}
			if c.hit != nil {
				m.Explain.Terms, m.Explain.Snippets = c.hit.Terms, c.hit.Fragments
			}
		}
		out.Matches = append(out.Matches, m)
	}
	st.Score = e.now().Sub(t2)
	st.Total = e.now().Sub(start)
	return out, nil
}

// search runs q; when the time budget has run out it marks st truncated
// and returns no result and no error.
func (e *Engine) search(ctx context.Context, q index.Query, st *MatchStats) (*index.Result, error) {
	res, err := e.idx.Search(ctx, q)
	switch {
	case ctx.Err() != nil:
		st.Truncated = true
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("match: %w", err)
	}
	return res, nil
}

// checkMatchOptions validates opts and returns k and the kinds to search.
func checkMatchOptions(opts *MatchOptions) (int, []Kind, error) {
	k := opts.K
	quotaSum := 0
	for kd, q := range opts.Quotas {
		if !kd.Valid() {
			return 0, nil, invalidf("quota for unknown kind %q", kd)
		}
		if q < 0 {
			return 0, nil, invalidf("quota for %s is negative", kd)
		}
		quotaSum += q
	}
	if k <= 0 {
		k = 10
		if opts.Quotas != nil {
			k = quotaSum
		}
	}
	if k <= 0 || k > MaxK {
		return 0, nil, invalidf("k = %d, want 1 to %d", k, MaxK)
	}
	if opts.Month != "" && !monthPattern.MatchString(opts.Month) {
		return 0, nil, invalidf("month %q: use YYYY-MM", opts.Month)
	}
	kinds := opts.Kinds
	if len(kinds) == 0 {
		kinds = Kinds()
	}
	for _, kd := range kinds {
		if !kd.Valid() {
			return 0, nil, invalidf("kind %q is not expert, team or society", kd)
		}
	}
	return k, kinds, nil
}

// factsFor returns the facts of profile id from the semantic index, or from
// the store when the index does not know it.
func (e *Engine) factsFor(ctx context.Context, si *semIndex, id string) (*facts, bool) {
	if si != nil {
		if i, ok := si.byID[id]; ok {
			return &si.rows[i].facts, true
		}
	}
	p, err := e.store.Profile(ctx, id)
	if err != nil {
		return nil, false
	}
	f := factsOf(&p)
	return &f, true
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
