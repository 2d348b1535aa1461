package index

// This file holds the one deliberate global of the project: bleve's analysis
// registry is process-wide, so our tokenizers are registered here, once, and
// they read the process-wide segmenter through an atomic pointer that Open
// sets (and that a dictionary change may swap).

import (
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
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

const (
	tokenizerSearch = "yxq_jieba_search"
	tokenizerExact  = "yxq_jieba_exact"
)

var current atomic.Pointer[segment.Segmenter]

// SetSegmenter makes seg the segmenter every jieba-analysed index of this
// process uses from now on. Open calls it; a dictionary change calls it with
// a new segmenter.
func SetSegmenter(seg *segment.Segmenter) {
	if seg != nil {
		current.Store(seg)
	}
}

func init() {
	registry.RegisterTokenizer(tokenizerSearch, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return jiebaTokenizer{mode: segment.Search}, nil
	})
	registry.RegisterTokenizer(tokenizerExact, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return jiebaTokenizer{mode: segment.Exact}, nil
	})
}

// jiebaTokenizer adapts the segmenter to bleve. The segmenter already drops
// non-words and stop words, lower-cases Latin and gives sub-words the position
// of their word, so no token filters are needed.
type jiebaTokenizer struct{ mode segment.Mode }

func (t jiebaTokenizer) Tokenize(input []byte) analysis.TokenStream {
	seg := current.Load()
	if seg == nil {
		panic("index: no segmenter set; call index.Open or index.SetSegmenter first")
	}
	toks := seg.Tokens(string(input), t.mode)
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

func tokenType(s string) analysis.TokenType {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return analysis.Ideographic
		}
	}
	return analysis.AlphaNumeric
}

// analyzerConfig returns the custom analyzer definition for name, or nil for
// bleve's built-in analyzers.
func analyzerConfig(name string) map[string]any {
	switch name {
	case AnalyzerJieba:
		return map[string]any{"type": custom.Name, "tokenizer": tokenizerSearch}
	case AnalyzerJiebaExact:
		return map[string]any{"type": custom.Name, "tokenizer": tokenizerExact}
	}
	return nil
}
