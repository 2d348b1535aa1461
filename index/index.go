package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/mapping"

	"yixianqian/segment"
)

// Document kinds. Profiles are "expert", "team" or "society"; needs are "need".
const (
	KindExpert  = "expert"
	KindTeam    = "team"
	KindSociety = "society"
	KindNeed    = "need"
)

// Kinds lists every document kind the index maps.
func Kinds() []string { return []string{KindExpert, KindTeam, KindSociety, KindNeed} }

// Text fields, in the order of their default weight.
const (
	FieldName     = "name"
	FieldKeywords = "keywords" // research fields, keywords, industries
	FieldTitles   = "titles"   // titles of works
	FieldText     = "text"     // long texts: abstracts, descriptions
	FieldOrg      = "org"
)

// TextFields lists the analysed text fields.
func TextFields() []string {
	return []string{FieldName, FieldKeywords, FieldTitles, FieldText, FieldOrg}
}

// Keyword fields, matched exactly, for filters.
const (
	fieldKind        = "kind"
	fieldCounties    = "counties"
	fieldIndustries  = "industries"
	fieldDictVersion = "dictv"
)

// Document is what the index holds of a profile or a need.
type Document struct {
	ID         string
	Kind       string
	Name       string
	Org        string
	Keywords   string
	Titles     string
	Text       string
	Counties   []string
	Industries []string
	// DictVersion is the dictionary version the text was analysed with.
	DictVersion int
}

func (d *Document) fields() map[string]any {
	return map[string]any{
		fieldDictVersion: strconv.Itoa(d.DictVersion),
		fieldKind:        d.Kind,
		FieldName:        d.Name,
		FieldOrg:         d.Org,
		FieldKeywords:    d.Keywords,
		FieldTitles:      d.Titles,
		FieldText:        d.Text,
		fieldCounties:    d.Counties,
		fieldIndustries:  d.Industries,
	}
}

// Scoring models accepted in Options.Scoring.
const (
	ScoringTFIDF = "tf-idf"
	ScoringBM25  = "bm25"
)

// Options configure Open; nil means DefaultOptions.
type Options struct {
	// Analyzer is AnalyzerJieba, AnalyzerJiebaExact or AnalyzerCJK.
	Analyzer string
	// Scoring is ScoringTFIDF or ScoringBM25 (bleve's scoring models).
	Scoring string
	// LockTimeout bounds the wait for another process's lock on the index.
	LockTimeout time.Duration
}

// DefaultOptions returns jieba search-mode analysis, TF-IDF scoring and a
// one-second lock timeout. BM25 ranks no better on csl-dev (see
// bench/results/matching.md), and bleve computes its average field length
// per segment, so the same data indexed in other batches ranks differently;
// TF-IDF is stable.
func DefaultOptions() Options {
	return Options{Analyzer: AnalyzerJieba, Scoring: ScoringTFIDF, LockTimeout: time.Second}
}

// Index is a bleve index of profiles and needs.
type Index struct {
	bi   bleve.Index
	path string
	opts Options
}

// ErrCorrupt wraps any failure to open an existing index directory; the
// caller may remove the directory and rebuild.
var ErrCorrupt = errors.New("index unreadable")

var seqKey = []byte("yxq:store-seq")

// Open opens the index at path, creating it when the directory does not
// exist. seg is the process-wide segmenter the jieba analyzers use. An
// existing index opens with the mapping it was created with.
func Open(path string, seg *segment.Segmenter, opts *Options) (*Index, error) {
	o := DefaultOptions()
	if opts != nil {
		if opts.Analyzer != "" {
			o.Analyzer = opts.Analyzer
		}
		if opts.Scoring != "" {
			o.Scoring = opts.Scoring
		}
		if opts.LockTimeout > 0 {
			o.LockTimeout = opts.LockTimeout
		}
	}
	if o.Analyzer != AnalyzerCJK {
		if seg == nil {
			return nil, fmt.Errorf("open index %s: analyzer %s needs a segmenter", path, o.Analyzer)
		}
		SetSegmenter(seg)
	}
	runtime := map[string]any{"bolt_timeout": o.LockTimeout.String()}
	if _, err := os.Stat(path); err == nil {
		bi, err := bleve.OpenUsing(path, runtime)
		if err != nil {
			return nil, fmt.Errorf("open index %s: %w: %w", path, ErrCorrupt, err)
		}
		return &Index{bi: bi, path: path, opts: o}, nil
	}
	m, err := newMapping(o)
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	bi, err := bleve.NewUsing(path, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, runtime)
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	return &Index{bi: bi, path: path, opts: o}, nil
}

func newMapping(o Options) (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	analyzer := o.Analyzer
	switch analyzer {
	case AnalyzerJieba, AnalyzerJiebaExact:
		if err := im.AddCustomAnalyzer(analyzer, analyzerConfig(analyzer)); err != nil {
			return nil, err
		}
	case AnalyzerCJK:
		analyzer = cjk.AnalyzerName
	default:
		return nil, fmt.Errorf("unknown analyzer %q (want %s, %s or %s)", o.Analyzer, AnalyzerJieba, AnalyzerJiebaExact, AnalyzerCJK)
	}
	if o.Scoring != ScoringTFIDF && o.Scoring != ScoringBM25 {
		return nil, fmt.Errorf("unknown scoring %q (want %s or %s)", o.Scoring, ScoringTFIDF, ScoringBM25)
	}
	im.ScoringModel = o.Scoring
	im.TypeField = fieldKind
	im.DefaultAnalyzer = analyzer
	im.DefaultMapping.Enabled = false

	doc := bleve.NewDocumentStaticMapping()
	for _, f := range TextFields() {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = analyzer
		fm.Store = true
		fm.IncludeTermVectors = true
		fm.IncludeInAll = false
		doc.AddFieldMappingsAt(f, fm)
	}
	for _, f := range []string{fieldKind, fieldCounties, fieldIndustries, fieldDictVersion} {
		fm := bleve.NewKeywordFieldMapping()
		fm.Store = f == fieldKind
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		doc.AddFieldMappingsAt(f, fm)
	}
	for _, k := range Kinds() {
		im.AddDocumentMapping(k, doc)
	}
	return im, nil
}

// Close closes the index.
func (x *Index) Close() error { return x.bi.Close() }

// Path returns the index directory.
func (x *Index) Path() string { return x.path }

// Options returns the options the index was opened with.
func (x *Index) Options() Options { return x.opts }

// Apply indexes docs and deletes the documents with ids in del, in one
// durable batch that also records seq, the store sequence number these
// changes bring the index up to.
func (x *Index) Apply(ctx context.Context, docs []Document, del []string, seq uint64) error {
	b := x.bi.NewBatch()
	for i := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := &docs[i]
		if err := b.Index(d.ID, d.fields()); err != nil {
			return fmt.Errorf("index %s: %w", d.ID, err)
		}
	}
	for _, id := range del {
		b.Delete(id)
	}
	var v [8]byte
	binary.BigEndian.PutUint64(v[:], seq)
	b.SetInternal(seqKey, v[:])
	if err := x.bi.Batch(b); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	return nil
}

// Seq returns the store sequence number recorded by the last Apply, 0 when
// none was.
func (x *Index) Seq() (uint64, error) {
	v, err := x.bi.GetInternal(seqKey)
	if err != nil {
		return 0, fmt.Errorf("read index seq: %w", err)
	}
	if len(v) != 8 {
		return 0, nil
	}
	return binary.BigEndian.Uint64(v), nil
}

// Count returns the number of documents in the index.
func (x *Index) Count() (uint64, error) { return x.bi.DocCount() }

// Reset empties the index: it closes it, removes its directory and creates
// it again with the same options. Searches fail while it runs.
func (x *Index) Reset() error {
	if err := x.bi.Close(); err != nil {
		return fmt.Errorf("reset index: close: %w", err)
	}
	if err := os.RemoveAll(x.path); err != nil {
		return fmt.Errorf("reset index: remove %s: %w", x.path, err)
	}
	fresh, err := Open(x.path, current.Load(), &x.opts)
	if err != nil {
		return fmt.Errorf("reset index: %w", err)
	}
	x.bi = fresh.bi
	return nil
}

// Terms returns the terms the index's text analyzer makes of text, in order,
// so that other scorers see text exactly as the index does.
func (x *Index) Terms(text string) ([]string, error) {
	name := x.opts.Analyzer
	if name == AnalyzerCJK {
		name = cjk.AnalyzerName
	}
	an := x.bi.Mapping().AnalyzerNamed(name)
	if an == nil {
		return nil, fmt.Errorf("analyze: no analyzer %q", name)
	}
	toks := an.Analyze([]byte(text))
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = string(t.Term)
	}
	return out, nil
}

// TermsWith returns the terms seg makes of text with the index's jieba
// mode; for the CJK analyzer it is Terms. While a new dictionary is being
// applied, a caller can look up a text's terms under both segmenters.
func (x *Index) TermsWith(seg *segment.Segmenter, text string) ([]string, error) {
	mode := segment.Search
	switch x.opts.Analyzer {
	case AnalyzerJiebaExact:
		mode = segment.Exact
	case AnalyzerCJK:
		return x.Terms(text)
	}
	toks := seg.Tokens(text, mode)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out, nil
}

// CountDictVersion returns how many documents were analysed with
// dictionary version v.
func (x *Index) CountDictVersion(ctx context.Context, v int) (uint64, error) {
	q := bleve.NewTermQuery(strconv.Itoa(v))
	q.SetField(fieldDictVersion)
	res, err := x.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		return 0, fmt.Errorf("count dictionary version: %w", err)
	}
	return res.Total, nil
}

var dictKey = []byte("yxq:dict-version")

// SetDictVersion records that every document is analysed with dictionary
// version v.
func (x *Index) SetDictVersion(v int) error {
	return x.bi.SetInternal(dictKey, []byte(strconv.Itoa(v)))
}

// DictVersion returns the version recorded by SetDictVersion (0: none).
func (x *Index) DictVersion() (int, error) {
	b, err := x.bi.GetInternal(dictKey)
	if err != nil || len(b) == 0 {
		return 0, err
	}
	return strconv.Atoi(string(b))
}
