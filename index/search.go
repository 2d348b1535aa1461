package index

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Query is a free-text query with filters.
type Query struct {
	// Text is matched, as an OR of its terms, against the weighted fields.
	Text string
	// Terms, when set, replaces Text: these analysed terms are matched as
	// they are (an OR of term queries), so a caller can choose which terms
	// of a long text are worth looking up.
	Terms []string
	// Bigrams are the terms looked up in the bigram fields, whose weights
	// Weights gives under BigramField names.
	Bigrams []string
	// Weights gives each text field's boost; nil means DefaultWeights.
	// A field with weight 0 is not searched.
	Weights map[string]float64
	// IDs, when set, restricts hits to these documents: a way to score a
	// known candidate set cheaply (bleve skips to them in each posting list).
	IDs []string
	// Kinds, Counties and Industries restrict hits to documents that have
	// one of the listed values; empty means no restriction.
	Kinds      []string
	Counties   []string
	Industries []string
	// NotKinds excludes documents of these kinds: cheaper than Kinds when
	// most kinds are wanted, since the excluded kinds' posting lists are
	// the short ones.
	NotKinds []string
	// Size is the number of hits wanted (default 10).
	Size int
	// Highlight asks for matched terms and <mark>ed fragments per field.
	Highlight bool
}

// DefaultWeights weighs short, focused fields above long texts: keywords
// and research fields 3, titles 2, long text 1.
func DefaultWeights() map[string]float64 {
	return map[string]float64{FieldKeywords: 3, FieldTitles: 2, FieldText: 1}
}

// Hit is one matching document.
type Hit struct {
	ID    string
	Score float64
	// Terms lists the matched terms per field (with Query.Highlight).
	Terms map[string][]string
	// Fragments holds highlighted snippets per field, terms in <mark>.
	Fragments map[string][]string
}

// Result is the answer to a Query.
type Result struct {
	Hits  []Hit
	Total uint64 // documents that matched, of which Hits are the best
}

// Search runs q. It stops when ctx is done and returns ctx's error.
func (x *Index) Search(ctx context.Context, q Query) (*Result, error) {
	weights := q.Weights
	if weights == nil {
		weights = DefaultWeights()
	}
	size := q.Size
	if size <= 0 {
		size = 10
	}
	terms := q.Terms
	if terms == nil {
		terms = x.Terms(q.Text)
	}
	fields := make([]string, 0, len(weights))
	for f := range weights {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	var should []query.Query
	for _, f := range fields {
		w := weights[f]
		if w <= 0 {
			continue
		}
		ts := terms
		if strings.HasSuffix(f, "_bg") {
			ts = q.Bigrams
		}
		for _, t := range ts {
			tq := bleve.NewTermQuery(t)
			tq.SetField(f)
			tq.SetBoost(w)
			should = append(should, tq)
		}
	}
	if len(weights) == 0 || len(fields) == 0 {
		return nil, fmt.Errorf("search: no field has a positive weight")
	}
	if len(should) == 0 {
		return &Result{}, nil // no terms to look up
	}
	bq := bleve.NewBooleanQuery()
	bq.AddShould(should...)
	bq.SetMinShould(1)
	for _, f := range []struct {
		field  string
		values []string
	}{{fieldCounties, q.Counties}, {fieldIndustries, q.Industries}} {
		if len(f.values) > 0 {
			bq.AddMust(filterQuery(f.field, f.values))
		}
	}
	if q.IDs != nil {
		idq := bleve.NewDocIDQuery(q.IDs)
		idq.SetBoost(0)
		bq.AddMust(idq)
	}
	if len(q.Kinds) > 0 {
		bq.AddMust(filterQuery(fieldKind, q.Kinds))
	}
	if len(q.NotKinds) > 0 {
		bq.AddMustNot(filterQuery(fieldKind, q.NotKinds))
	}
	var top query.Query = bq
	req := bleve.NewSearchRequestOptions(top, size, 0, false)
	if q.Highlight {
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
		req.IncludeLocations = true
	}
	res, err := readValue(&x.health, "search", func() (*bleve.SearchResult, error) { return x.bi.SearchInContext(ctx, req) })
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		hit := Hit{ID: h.ID, Score: h.Score}
		if q.Highlight {
			hit.Fragments = h.Fragments
			hit.Terms = make(map[string][]string, len(h.Locations))
			for f, terms := range h.Locations {
				for t := range terms {
					hit.Terms[f] = append(hit.Terms[f], t)
				}
				sort.Strings(hit.Terms[f])
			}
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// filterQuery matches documents whose keyword field has one of values; it
// adds nothing to the score.
func filterQuery(field string, values []string) query.Query {
	var any []query.Query
	for _, v := range values {
		tq := bleve.NewTermQuery(v)
		tq.SetField(field)
		any = append(any, tq)
	}
	dq := bleve.NewDisjunctionQuery(any...)
	dq.SetBoost(0)
	return dq
}
