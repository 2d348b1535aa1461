package index

import (
	"fmt"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/registry"

	"yixianqian/segment"
)

// Analyzer names accepted in Options.Analyzer.
const (
	// AnalyzerJieba cuts with jieba in search mode (the default).
	AnalyzerJieba = "jieba"
	// AnalyzerJiebaExact cuts with jieba in exact mode: no sub-words.
	AnalyzerJiebaExact = "jieba_exact"
	// AnalyzerCJK is bleve's CJK analyzer (character bigrams), a baseline.
	AnalyzerCJK = "cjk"
)

// analyzer is an index's own text analysis: documents are analysed here and
// handed to bleve already analysed (Batch.IndexAdvanced), so no analyzer is
// registered in bleve's process-wide registry and every index cuts text with
// the segmenter it was given.
type analyzer struct {
	seg  atomic.Pointer[segment.Segmenter]
	mode segment.Mode
	cjk  analysis.Analyzer // set for AnalyzerCJK
}

func newAnalyzer(name string, seg *segment.Segmenter) (*analyzer, error) {
	a := &analyzer{mode: segment.Search}
	switch name {
	case AnalyzerJieba:
	case AnalyzerJiebaExact:
		a.mode = segment.Exact
	case AnalyzerCJK:
		an, err := registry.NewCache().AnalyzerNamed(cjk.AnalyzerName)
		if err != nil {
			return nil, fmt.Errorf("cjk analyzer: %w", err)
		}
		a.cjk = an
		return a, nil
	default:
		return nil, fmt.Errorf("unknown analyzer %q (want %s, %s or %s)", name, AnalyzerJieba, AnalyzerJiebaExact, AnalyzerCJK)
	}
	if seg == nil {
		return nil, fmt.Errorf("analyzer %s needs a segmenter", name)
	}
	a.seg.Store(seg)
	return a, nil
}

func (a *analyzer) set(seg *segment.Segmenter) {
	if seg != nil && a.cjk == nil {
		a.seg.Store(seg)
	}
}

// Analyze implements bleve's analysis.Analyzer. The segmenter already drops
// non-words and stop words, lower-cases Latin and gives sub-words the
// position of their word, so no token filters are needed.
func (a *analyzer) Analyze(input []byte) analysis.TokenStream {
	if a.cjk != nil {
		return a.cjk.Analyze(input)
	}
	toks := a.seg.Load().Tokens(string(input), a.mode)
	out := make(analysis.TokenStream, len(toks))
	backing := make([]analysis.Token, len(toks))
	for i, tk := range toks {
		backing[i] = analysis.Token{
			Term:     []byte(tk.Text),
			Start:    tk.Start,
			End:      tk.End,
			Position: tk.Position,
			Type:     tokenType(tk.Text),
		}
		out[i] = &backing[i]
	}
	return out
}

func terms(ts analysis.TokenStream) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t.Term)
	}
	return out
}

func tokenType(s string) analysis.TokenType {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return analysis.Ideographic
		}
	}
	return analysis.AlphaNumeric
}
