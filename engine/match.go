package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"
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
	// Full gives each match its whole profile; otherwise its summary
	// (Profile.Summary), a tenth of the bytes.
	Full bool
	// ProfileText says the text is a profile's (pairing a mentee), not a
	// need's: the need check, which marks a vague need, does not apply.
	ProfileText bool `json:"-"`
}

// MaxK is the largest number of matches one call returns.
const MaxK = 200

// Match is one ranked supplier for a need.
type Match struct {
	Rank    int     `json:"rank"`
	Profile Profile `json:"profile"`
	Score   float64 `json:"score"`
	// Strength in [0, 1] estimates how likely the supplier is useful for
	// the need, comparable across needs; Label is its band: 强, 中 or 弱.
	Strength float64 `json:"strength"`
	Label    string  `json:"label"`
	// Similar lists the profiles folded under this one: they say nearly
	// the same (the same results under other entries) and ranked lower.
	Similar []string     `json:"similar,omitempty"`
	Explain *Explanation `json:"explanation,omitempty"`
}

// Strength labels.
const (
	LabelStrong = "强"
	LabelMedium = "中"
	LabelWeak   = "弱"
)

// Explanation says why a profile matched.
type Explanation struct {
	// Reason is one plain Chinese sentence of why: what the supplier is
	// good at that the need asks for, and the structured fit.
	Reason string `json:"reason,omitempty"`
	// Model names the ranker whose weights made the text parts.
	Model string `json:"model"`
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
	// Weak is set when no match is at least of medium strength, or the
	// need is too vague to match: it should go to staff rather than be
	// shown as well matched.
	Weak bool `json:"weak"`
	// Check says whether the need text is specific enough, and what to add.
	Check NeedCheck `json:"check"`
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

// MatchText ranks profiles for a free text on behalf of v.
func (e *Engine) MatchText(ctx context.Context, v Viewer, text string, opts MatchOptions) (*MatchResult, error) {
	if err := v.may(ActMatch); err != nil {
		return nil, err
	}
	return e.maskMatches(ctx, v)(e.Match(ctx, text, opts))
}

// MatchStored ranks profiles for stored need id on behalf of v, who must
// be allowed to see the need.
func (e *Engine) MatchStored(ctx context.Context, v Viewer, id string, opts MatchOptions) (*MatchResult, error) {
	if err := v.may(ActMatch); err != nil {
		return nil, err
	}
	n, err := e.ViewNeed(ctx, v, id)
	if err != nil {
		return nil, err
	}
	return e.maskMatches(ctx, v)(e.MatchNeed(ctx, &n, opts))
}

// scored is a candidate that passed the hard rules, with its score parts.
type scored struct {
	c     *Candidate
	facts *facts
	parts map[string]float64
	text  float64 // the ranker's score, before scaling
	score float64
}

// match runs the stages of matching: validate, retrieve (Search: analyse,
// propose, rescore), rules, parts, take.
func (e *Engine) match(ctx context.Context, text string, need *Need, opts MatchOptions) (*MatchResult, error) {
	start := e.now()
	if err := checkText("need text", text, MaxTextLen, true); err != nil {
		return nil, err
	}
	k, err := checkMatchOptions(&opts)
	if err != nil {
		return nil, err
	}
	if opts.Month == "" {
		opts.Month = e.now().Format("2006-01")
	}
	inUse := e.model.Load() // once: staff may switch rankers meanwhile
	ret, err := e.search.Retrieve(ctx, SearchQuery{
		Text: text, Kinds: opts.Kinds, Counties: opts.Counties, Industries: opts.Industries,
		N: max(e.scoring.Candidates, k), Explain: opts.Explain, Neighbourhood: readsNeighbourhood(inUse),
	})
	if err != nil {
		return nil, fmt.Errorf("match: %w", searchFailed(err))
	}
	t := e.now()
	out := &MatchResult{Matches: []Match{}, Expanded: ret.Expanded}
	out.Stats = MatchStats{Candidates: len(ret.Candidates), Segment: ret.Analyse, Retrieve: ret.Retrieve, Truncated: ret.Truncated}
	list := e.rules(ctx, ret.Candidates, need, opts.ShowFiltered, out)
	m := rankerFor(inUse, ret)
	e.scoreParts(list, ret, m, need, opts.Month)
	words := e.search.Words(text)
	if !opts.ProfileText {
		out.Check = checkNeed("\n"+text, words)
	}
	e.take(ctx, list, k, m, need, opts, telling(words), out)
	if out.Check.Vague { // nothing in the need to be sure of: no match of it is more than weak
		for i := range out.Matches {
			out.Matches[i].Strength = min(out.Matches[i].Strength, vagueStrength)
			out.Matches[i].Label = LabelWeak
		}
		out.Weak = true
	}
	out.Stats.Score = e.now().Sub(t)
	out.Stats.Total = e.now().Sub(start)
	return out, nil
}

// rules removes the candidates a hard rule excludes (listing them in out
// when asked) and returns the others with their facts.
func (e *Engine) rules(ctx context.Context, cands []Candidate, need *Need, show bool, out *MatchResult) []*scored {
	list := make([]*scored, 0, len(cands))
	for i := range cands {
		c := &cands[i]
		f, ok := e.factsFor(ctx, c.ID)
		if !ok {
			continue // the index may briefly hold a profile the store no longer has
		}
		rule, detail := f.breaks(need)
		if rule == "" && f.capacity > 0 && e.openLoad(c.ID) >= f.capacity {
			rule, detail = RuleCapacityFull, fmt.Sprintf("容量 %d 已满", f.capacity)
		}
		if rule != "" {
			if show {
				out.Filtered = append(out.Filtered, Filtered{ProfileID: c.ID, Rule: rule, Detail: detail})
			}
			continue
		}
		list = append(list, &scored{c: c, facts: f})
	}
	sort.Slice(out.Filtered, func(i, j int) bool { return out.Filtered[i].ProfileID < out.Filtered[j].ProfileID })
	return list
}

// scoreParts gives every candidate its named parts and their sum, and sorts
// the list best first: the ranker's weighted features make the text parts,
// the service's rules the structured ones.
func (e *Engine) scoreParts(list []*scored, ret *Retrieval, m *Model, need *Need, month string) {
	sc := &e.scoring
	fin := newFeatureInput(ret.Candidates)
	x := make([]float64, len(m.Features))
	in := partInput{need: need, month: month}
	names := PartNames()
	for _, s := range list {
		for i, f := range m.Features {
			x[i] = fin.feature(f, s.c, s.facts.kind)
		}
		s.text = m.Score(x)
		s.parts = make(map[string]float64, len(names))
		for i, f := range m.Features {
			s.parts[featurePart(f)] += sc.TextScale * m.Weights[i] * x[i]
		}
		in.f, in.open = s.facts, e.openLoad(s.c.ID)
		st := sc.structured(&in)
		s.parts[PartIndustry], s.parts[PartCounty], s.parts[PartSlot], s.parts[PartCapacity] = st[0], st[1], st[2], st[3]
		// Summed in a fixed order, so equal inputs give bit-equal scores.
		for _, name := range names {
			s.score += s.parts[name]
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].score != list[j].score {
			return list[i].score > list[j].score
		}
		return list[i].c.ID < list[j].c.ID
	})
}

// take returns the best k, honouring the quotas per kind, with their
// profiles (summed up by the need's telling words unless opts.Full) and,
// when asked, explanations.
func (e *Engine) take(ctx context.Context, list []*scored, k int, ranker *Model, need *Need, opts MatchOptions, words []string, out *MatchResult) {
	taken := map[Kind]int{}
	var prints []uint64 // of the matches taken, in order
	for _, s := range list {
		if len(out.Matches) == k {
			break
		}
		if ctx.Err() != nil {
			out.Stats.Truncated = true
			break
		}
		kind := s.facts.kind
		if q, ok := opts.Quotas[kind]; opts.Quotas != nil && (!ok || taken[kind] >= q) {
			continue
		}
		p, err := e.store.Profile(ctx, s.c.ID)
		if err != nil || p.Inactive {
			continue
		}
		works, fp := s.facts.works.of(&p)
		if i := slices.IndexFunc(prints, func(x uint64) bool { return nearDuplicate(x, fp) }); i >= 0 {
			out.Matches[i].Similar = append(out.Matches[i].Similar, p.ID)
			continue
		}
		prints = append(prints, fp)
		taken[kind]++
		m := Match{Rank: len(out.Matches) + 1, Profile: p, Score: s.score}
		m.Strength, m.Label = strength(ranker, s)
		if opts.Explain {
			m.Explain = &Explanation{Parts: s.parts, Terms: s.c.Terms, Snippets: s.c.Snippets, Synonyms: out.Expanded, Model: ranker.Name}
			m.Explain.Reason = reason(&p, s, need, opts.Month)
		}
		if !opts.Full {
			m.Profile = p.summary(works, words)
		}
		out.Matches = append(out.Matches, m)
	}
	out.Weak = len(out.Matches) == 0 || out.Matches[0].Label == LabelWeak
}

// checkMatchOptions validates opts and returns k.
func checkMatchOptions(opts *MatchOptions) (int, error) {
	k := opts.K
	if k < 0 {
		return 0, invalid(fmt.Sprintf("返回条数 k 应为 1 到 %d（不填为 10）", MaxK), "k = %d, want 1 to %d (0 or none: 10)", k, MaxK)
	}
	quotaSum := 0
	for kd, q := range opts.Quotas {
		if !kd.Valid() {
			return 0, invalidf("quota for unknown kind %q", kd)
		}
		if q < 0 {
			return 0, invalidf("quota for %s is negative", kd)
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
		return 0, invalidf("k = %d, want 1 to %d", k, MaxK)
	}
	if opts.Month != "" && !monthPattern.MatchString(opts.Month) {
		return 0, invalidf("month %q: use YYYY-MM", opts.Month)
	}
	for _, kd := range opts.Kinds {
		if !kd.Valid() {
			return 0, invalidf("kind %q is not expert, team or society", kd)
		}
	}
	return k, nil
}
