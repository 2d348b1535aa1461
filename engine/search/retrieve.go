package search

import (
	"context"
	"slices"
	"strings"
	"time"

	"yixianqian/engine"
	"yixianqian/index"
)

// Retrieve proposes candidates for q and scores each by both channels, in
// three steps: analyse (the query's terms, synonyms and latent vector),
// propose (rare terms in the full-text index, nearest profiles in the latent
// space) and rescore (every candidate by all looked-up terms and by both
// cosines). When ctx ends it returns what it has, marked truncated.
func (s *Search) Retrieve(ctx context.Context, q engine.SearchQuery) (*engine.Retrieval, error) {
	start := time.Now()
	out := &engine.Retrieval{}
	a := s.analyse(q)
	out.Expanded, out.Semantic = a.expanded, a.qv != nil
	t1 := time.Now()
	out.Analyse = t1.Sub(start)

	cands := map[string]*engine.Candidate{}
	err := s.propose(ctx, a, cands, out)
	if err == nil && a.twoStep && len(cands) > 0 && !out.Truncated {
		err = s.rescoreLexical(ctx, a, cands, out)
	}
	if err != nil {
		return nil, err
	}
	out.Candidates = make([]engine.Candidate, 0, len(cands))
	for _, c := range cands {
		if a.qv != nil {
			if !c.HasCosine {
				c.Cosine, c.HasCosine = a.si.cos(c.ID, a.qv)
			}
			c.Works, c.HasWorks = a.si.workScore(c.ID, a.qv)
		}
		out.Candidates = append(out.Candidates, *c)
	}
	slices.SortFunc(out.Candidates, func(x, y engine.Candidate) int { return strings.Compare(x.ID, y.ID) })
	out.Retrieve = time.Since(t1)
	return out, nil
}

// analysed is a query after the analyse step.
type analysed struct {
	q        engine.SearchQuery
	lex      index.Query
	expanded []string
	si       *semIndex
	qv       []float32 // nil: no semantic channel
	// twoStep: rare terms propose, then all looked-up terms rescore.
	twoStep bool
	rare    []string
}

func (s *Search) analyse(q engine.SearchQuery) *analysed {
	o := &s.opts
	terms, expanded := s.queryTerms(q.Text)
	a := &analysed{q: q, expanded: expanded, si: s.sem.Load()}
	a.lex = index.Query{
		Text:       q.Text,
		Weights:    map[string]float64{index.FieldKeywords: o.Keywords, index.FieldTitles: o.Titles, index.FieldText: o.Texts},
		Size:       q.N,
		Highlight:  q.Explain,
		Counties:   q.Counties,
		Industries: q.Industries,
	}
	if len(q.Kinds) > 0 {
		for _, k := range engine.Kinds() {
			if !slices.Contains(q.Kinds, k) {
				a.lex.NotKinds = append(a.lex.NotKinds, string(k))
			}
		}
	}
	if len(expanded) > 0 || s.prevSeg.Load() != nil {
		a.lex.Terms = slices.Compact(slices.Sorted(slices.Values(terms))) // synonyms or two segmenters: look the terms up as they are
	}
	if a.si != nil {
		a.qv = a.si.space.vector(terms)
		if o.QueryTerms > 0 {
			// When no term is informative, look them all up rather than none.
			if sel := a.si.space.informative(terms, o.QueryTerms, o.MaxTermShare); len(sel) > 0 {
				a.lex.Terms = sel
			}
		}
	}
	a.twoStep = a.qv != nil && o.RareShare > 0 && a.lex.Terms != nil
	if a.twoStep {
		a.rare = a.si.space.rare(a.lex.Terms, o.RareShare)
	}
	return a
}

// propose collects the candidates of both channels: the full-text index's
// best hits (for the rare terms only in two-step mode) and the profiles
// nearest the query in the latent space.
func (s *Search) propose(ctx context.Context, a *analysed, cands map[string]*engine.Candidate, out *engine.Retrieval) error {
	if !a.twoStep || len(a.rare) > 0 {
		q := a.lex
		if a.twoStep {
			q.Terms, q.Highlight = a.rare, false
		}
		res, err := s.search(ctx, q, out)
		if err != nil || res == nil {
			return err
		}
		for i := range res.Hits {
			h := &res.Hits[i]
			c := &engine.Candidate{ID: h.ID}
			if !a.twoStep {
				setHit(c, h)
			}
			cands[h.ID] = c
		}
	}
	if a.qv == nil || out.Truncated {
		return nil
	}
	var keep func(r *semRow) bool // nil: every row
	q := a.q
	if len(q.Kinds) > 0 && len(q.Kinds) < len(engine.Kinds()) || len(q.Counties) > 0 || len(q.Industries) > 0 {
		keep = func(r *semRow) bool {
			return (len(q.Kinds) == 0 || slices.Contains(q.Kinds, r.kind)) && anyIn(q.Counties, r.counties) && anyIn(q.Industries, r.industries)
		}
	}
	hits, complete := a.si.search(ctx, a.qv, q.N, keep)
	out.Truncated = !complete
	for _, h := range hits {
		c := cands[h.id]
		if c == nil {
			c = &engine.Candidate{ID: h.id}
			cands[h.id] = c
		}
		c.Cosine, c.HasCosine = h.cos, true
	}
	return nil
}

// rescoreLexical scores every candidate with all the looked-up terms; bleve
// skips to them in each posting list.
func (s *Search) rescoreLexical(ctx context.Context, a *analysed, cands map[string]*engine.Candidate, out *engine.Retrieval) error {
	q := a.lex
	q.IDs = make([]string, 0, len(cands))
	for id := range cands {
		q.IDs = append(q.IDs, id)
	}
	q.Size = len(q.IDs)
	res, err := s.search(ctx, q, out)
	if err != nil || res == nil {
		return err
	}
	for i := range res.Hits {
		setHit(cands[res.Hits[i].ID], &res.Hits[i])
	}
	return nil
}

func setHit(c *engine.Candidate, h *index.Hit) {
	c.Lexical, c.Terms, c.Snippets = h.Score, h.Terms, h.Fragments
}

// search runs q; when the time budget has run out it marks out truncated
// and returns no result and no error.
func (s *Search) search(ctx context.Context, q index.Query, out *engine.Retrieval) (*index.Result, error) {
	res, err := s.idx.Search(ctx, q)
	switch {
	case ctx.Err() != nil:
		out.Truncated = true
		return nil, nil
	case err != nil:
		return nil, err
	}
	return res, nil
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
