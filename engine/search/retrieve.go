package search

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"yixianqian/engine"
	"yixianqian/index"
)

// Retrieve proposes candidates for q and scores each by both channels, in
// three steps: analyse (the query's terms, bigrams, synonyms and latent
// vector), propose (rare terms in the full-text index, nearest profiles in
// the latent space) and rescore (every candidate by all looked-up words and
// bigrams and by the cosines). When ctx ends it returns what it has, marked
// truncated.
func (s *Search) Retrieve(ctx context.Context, q engine.SearchQuery) (*engine.Retrieval, error) {
	start := time.Now()
	out := &engine.Retrieval{}
	a := s.analyse(q)
	out.Expanded, out.Semantic = a.expanded, a.qv != nil
	t1 := time.Now()
	out.Analyse = t1.Sub(start)

	cands := map[string]*engine.Candidate{}
	centres, err := s.propose(ctx, a, cands, out)
	if err == nil && len(cands) > 0 && !out.Truncated {
		err = s.rescoreLexical(ctx, a, cands, out)
	}
	if err != nil {
		return nil, err
	}
	out.Candidates = make([]engine.Candidate, 0, len(cands))
	for _, c := range cands {
		if a.qv != nil {
			a.si.semantic(c, a.qv, centres)
		}
		out.Candidates = append(out.Candidates, *c)
	}
	if a.qv != nil && q.Neighbourhood {
		a.si.neighbours(out.Candidates)
	}
	slices.SortFunc(out.Candidates, func(x, y engine.Candidate) int { return strings.Compare(x.ID, y.ID) })
	out.Retrieve = time.Since(t1)
	return out, nil
}

// analysed is a query after the analyse step.
type analysed struct {
	q        engine.SearchQuery
	lex      index.Query // the words and bigrams looked up, all fields
	expanded []string
	si       *semIndex
	qv       []float32 // nil: no semantic channel
	// twoStep: rare terms propose, then all looked-up terms rescore.
	twoStep     bool
	rare        []string
	rareBigrams []string
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
	// The latent vector reads every term, sub-words included, as the
	// profiles' vectors do; the full-text lookup only whole words: a single
	// character or a search-mode fragment of a longer query word is left
	// to the bigram fields.
	words := wholeWords(terms)
	a.lex.Terms = slices.Compact(slices.Sorted(slices.Values(words)))
	if a.si != nil {
		a.qv = a.si.space.vector(terms)
		if o.QueryTerms > 0 {
			// When no term is informative, look them all up rather than none.
			if sel := a.si.space.informative(words, o.QueryTerms, o.MaxTermShare); len(sel) > 0 {
				a.lex.Terms = sel
			}
		}
	}
	if s.opts.Index.Bigrams {
		a.lex.Bigrams = a.si.informativeBigrams(s.idx.BigramTerms(q.Text), o.QueryBigrams, o.MaxTermShare)
	}
	a.twoStep = a.qv != nil && o.RareShare > 0
	if a.twoStep {
		a.rare = a.si.space.rare(a.lex.Terms, o.RareShare)
		a.rareBigrams = a.si.rareBigrams(a.lex.Bigrams, o.RareShare)
	}
	return a
}

// wholeWords drops single CJK characters and the search-mode fragments of
// longer words of the same text (中间 and 间体 of 中间体), which match too
// much to count as evidence.
func wholeWords(terms []string) []string {
	out := terms[:0:0]
	for _, t := range terms {
		if utf8.RuneCountInString(t) < 2 && t[0] >= 0x80 {
			continue
		}
		fragment := false
		for _, u := range terms {
			if len(u) > len(t) && strings.Contains(u, t) && t[0] >= 0x80 {
				fragment = true
				break
			}
		}
		if !fragment {
			out = append(out, t)
		}
	}
	return out
}

// propose collects the candidates of both channels: the full-text index's
// best hits (for the rare words and bigrams only in two-step mode) and the
// profiles nearest the query in the latent space. When the query asks for
// the neighbourhood, it returns the centres of the nearest profiles, for
// pseudo relevance feedback (else nil).
func (s *Search) propose(ctx context.Context, a *analysed, cands map[string]*engine.Candidate, out *engine.Retrieval) (*[2][]float32, error) {
	var centres *[2][]float32
	if !a.twoStep || len(a.rare)+len(a.rareBigrams) > 0 {
		q := a.lex
		q.Weights = s.allFields()
		if a.twoStep {
			q.Terms, q.Bigrams, q.Highlight = a.rare, a.rareBigrams, false
		}
		res, err := s.search(ctx, q, out)
		if err != nil || res == nil {
			return centres, err
		}
		for i := range res.Hits {
			cands[res.Hits[i].ID] = &engine.Candidate{ID: res.Hits[i].ID}
		}
	}
	if a.qv == nil || out.Truncated {
		return centres, nil
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
	if q.Neighbourhood {
		centres = &[2][]float32{a.si.centre(hits, feedbackDepth), a.si.centre(hits, 2*feedbackDepth)}
	}
	return centres, nil
}

// feedbackDepth is how many of the nearest profiles make the centre of
// pseudo relevance feedback.
const feedbackDepth = 5

// allFields weighs the word fields and, with bigrams, the bigram fields.
func (s *Search) allFields() map[string]float64 {
	o := &s.opts
	w := map[string]float64{index.FieldKeywords: o.Keywords, index.FieldTitles: o.Titles, index.FieldText: o.Texts}
	if o.Index.Bigrams {
		for f, v := range map[string]float64{index.FieldKeywords: o.Keywords, index.FieldTitles: o.Titles, index.FieldText: o.Texts} {
			w[index.BigramField(f)] = v
		}
	}
	return w
}

// rescoreLexical scores every candidate with all the looked-up words, and
// apart with all the looked-up bigrams; bleve skips to the candidates in
// each posting list.
func (s *Search) rescoreLexical(ctx context.Context, a *analysed, cands map[string]*engine.Candidate, out *engine.Retrieval) error {
	ids := make([]string, 0, len(cands))
	for id := range cands {
		ids = append(ids, id)
	}
	q := a.lex
	q.IDs, q.Size = ids, len(ids)
	res, err := s.search(ctx, q, out)
	if err != nil || res == nil {
		return err
	}
	for i := range res.Hits {
		h := &res.Hits[i]
		c := cands[h.ID]
		c.Lexical, c.Terms, c.Snippets = h.Score, h.Terms, h.Fragments
	}
	if len(a.lex.Bigrams) == 0 {
		return nil
	}
	bq := index.Query{Terms: []string{}, Bigrams: a.lex.Bigrams, IDs: ids, Size: len(ids), Weights: map[string]float64{}}
	for f, w := range s.allFields() {
		if strings.HasSuffix(f, "_bg") {
			bq.Weights[f] = w
		}
	}
	res, err = s.search(ctx, bq, out)
	if err != nil || res == nil {
		return err
	}
	for i := range res.Hits {
		cands[res.Hits[i].ID].Bigram = res.Hits[i].Score
	}
	return nil
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

// Words analyses text into whole words with the share of the learned
// profiles that hold each; see engine.Search.
func (s *Search) Words(text string) []engine.WordShare {
	words := uniq(wholeWords(s.idx.Terms(text)))
	si := s.sem.Load()
	out := make([]engine.WordShare, len(words))
	for i, w := range words {
		out[i].Word = w
		if si != nil && si.space.ndocs > 0 {
			out[i].Share = float64(si.space.df[w]) / float64(si.space.ndocs)
		}
	}
	return out
}
