package index

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	bindex "github.com/blevesearch/bleve_index_api"

	"yixianqian/segment"
)

// Text fields, in the order of their default weight.
const (
	FieldKeywords = "keywords" // research fields, keywords, industries
	FieldTitles   = "titles"   // titles of works
	FieldText     = "text"     // long texts: abstracts, descriptions
)

// TextFields lists the analysed text fields.
func TextFields() []string { return []string{FieldKeywords, FieldTitles, FieldText} }

// BigramField returns the name of the field that holds the character
// bigrams of text field f (with Options.Bigrams).
func BigramField(f string) string { return f + "_bg" }

// Keyword fields, matched exactly, for filters.
const (
	fieldKind        = "kind"
	fieldCounties    = "counties"
	fieldIndustries  = "industries"
	fieldDictVersion = "dictv"
)

// Document is what the index holds of a profile.
type Document struct {
	ID         string
	Kind       string
	Keywords   string
	Titles     string
	Text       string
	Counties   []string
	Industries []string
	// DictVersion is the dictionary version the text was analysed with.
	DictVersion int
}

// Scoring models accepted in Options.Scoring.
const (
	ScoringTFIDF = "tf-idf"
	ScoringBM25  = "bm25"
)

// Options configure Open; nil means DefaultOptions.
type Options struct {
	// Analyzer is AnalyzerJieba, AnalyzerJiebaExact or AnalyzerCJK.
	Analyzer string `json:"analyzer,omitempty"`
	// Scoring is ScoringTFIDF or ScoringBM25 (bleve's scoring models).
	Scoring string `json:"scoring,omitempty"`
	// Bigrams adds, beside each text field, a field of its CJK character
	// bigrams (Latin words whole), so that a part of a word meets the
	// word: 压铸 meets 低压铸造 (BigramField names them).
	Bigrams bool `json:"bigrams,omitempty"`
	// LockTimeout bounds the wait for another process's lock on the index.
	LockTimeout time.Duration `json:"-"`
}

// DefaultOptions returns jieba search-mode analysis with bigram fields,
// TF-IDF scoring and a one-second lock timeout. BM25 ranks no better on csl-dev (see
// bench/results/matching.md), and bleve computes its average field length
// per segment, so the same data indexed in other batches ranks differently;
// TF-IDF is stable.
func DefaultOptions() Options {
	return Options{Analyzer: AnalyzerJieba, Scoring: ScoringTFIDF, Bigrams: true, LockTimeout: time.Second}
}

// Index is a bleve index of profiles. It analyses text with its own
// segmenter, which SetSegmenter may swap while it is in use.
type Index struct {
	bi   bleve.Index
	path string
	opts Options
	an   *analyzer
	bg   *analyzer // character bigrams, with Options.Bigrams
	health
}

// ErrCorrupt wraps any failure to open an existing index directory, and an
// index written by an older format; the caller may remove the directory and
// rebuild.
var ErrCorrupt = errors.New("index unreadable")

// format is written into every index; an index of another format is
// reported as ErrCorrupt so that it is rebuilt.
const format = "3"

var (
	seqKey     = []byte("yxq:store-seq")
	dictKey    = []byte("yxq:dict-version")
	formatKey  = []byte("yxq:format")
	optionsKey = []byte("yxq:options")
)

// Open opens the index at path, creating it when the directory does not
// exist. seg is the segmenter the jieba analyzers use (the CJK analyzer needs
// none). An existing index keeps the analyzer and scoring it was created
// with; opts only set the lock timeout then.
func Open(path string, seg *segment.Segmenter, opts *Options) (*Index, error) {
	o := DefaultOptions()
	if opts != nil {
		if opts.Analyzer != "" {
			o.Analyzer = opts.Analyzer
		}
		if opts.Scoring != "" {
			o.Scoring = opts.Scoring
		}
		o.Bigrams = opts.Bigrams
		if opts.LockTimeout > 0 {
			o.LockTimeout = opts.LockTimeout
		}
	}
	runtime := map[string]any{"bolt_timeout": o.LockTimeout.String()}
	if _, err := os.Stat(path); err == nil {
		return openExisting(path, seg, o, runtime)
	}
	if o.Scoring != ScoringTFIDF && o.Scoring != ScoringBM25 {
		return nil, fmt.Errorf("index options: unknown scoring %q (want %s or %s)", o.Scoring, ScoringTFIDF, ScoringBM25)
	}
	an, err := newAnalyzer(o.Analyzer, seg)
	if err != nil {
		return nil, fmt.Errorf("index options: %w", err)
	}
	im := bleve.NewIndexMapping()
	im.ScoringModel = o.Scoring
	im.DefaultMapping.Enabled = false // documents are analysed by this package
	bi, err := bleve.NewUsing(path, im, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, runtime)
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	saved, _ := json.Marshal(o)
	if err := errors.Join(bi.SetInternal(optionsKey, saved), bi.SetInternal(formatKey, []byte(format))); err != nil {
		bi.Close()
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	return newIndex(bi, path, o, an)
}

func newIndex(bi bleve.Index, path string, o Options, an *analyzer) (*Index, error) {
	x := &Index{bi: bi, path: path, opts: o, an: an}
	if o.Bigrams {
		bg, err := newAnalyzer(AnalyzerCJK, nil)
		if err != nil {
			bi.Close()
			return nil, err
		}
		x.bg = bg
	}
	return x, nil
}

func openExisting(path string, seg *segment.Segmenter, o Options, runtime map[string]any) (*Index, error) {
	bi, err := bleve.OpenUsing(path, runtime)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w: %w", path, ErrCorrupt, err)
	}
	fail := func(err error) (*Index, error) {
		bi.Close()
		return nil, fmt.Errorf("open index %s: %w: %w", path, ErrCorrupt, err)
	}
	if f, err := bi.GetInternal(formatKey); err != nil || string(f) != format {
		return fail(fmt.Errorf("format %q, want %s", f, format))
	}
	saved, err := bi.GetInternal(optionsKey)
	if err != nil {
		return fail(err)
	}
	var stored Options
	if err := json.Unmarshal(saved, &stored); err != nil {
		return fail(fmt.Errorf("stored options: %w", err))
	}
	o.Analyzer, o.Scoring, o.Bigrams = stored.Analyzer, stored.Scoring, stored.Bigrams
	an, err := newAnalyzer(o.Analyzer, seg)
	if err != nil {
		return fail(err)
	}
	return newIndex(bi, path, o, an)
}

// Close closes the index.
func (x *Index) Close() error { return x.bi.Close() }

// Compact merges the index's segments into one, which a query then looks
// each term up in once instead of once per segment: for after a bulk
// import. Searches go on meanwhile; it returns when the merge is done.
func (x *Index) Compact(ctx context.Context) (before, after int, err error) {
	adv, err := x.bi.Advanced()
	if err != nil {
		return 0, 0, fmt.Errorf("compact index: %w", err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return 0, 0, fmt.Errorf("compact index: not a scorch index")
	}
	before = segments(sc)
	after = before
	// One forced merge can leave a few segments (those the introducer
	// had not persisted yet); merge again while that makes progress.
	for round := 0; round < 3 && after > 1; round++ {
		if err := sc.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
			return before, after, fmt.Errorf("compact index: %w", err)
		}
		n := segments(sc)
		if n >= after {
			after = n
			break
		}
		after = n
	}
	return before, after, nil
}

// segments counts the index's segments.
func segments(sc *scorch.Scorch) int {
	m := sc.StatsMap()
	files, _ := m["num_root_filesegments"].(uint64)
	mem, _ := m["num_root_memorysegments"].(uint64)
	return int(files + mem)
}

// Path returns the index directory.
func (x *Index) Path() string { return x.path }

// Options returns the options the index was opened with.
func (x *Index) Options() Options { return x.opts }

// SetSegmenter makes the index analyse new text with seg; documents already
// indexed keep the terms they were analysed into.
func (x *Index) SetSegmenter(seg *segment.Segmenter) { x.an.set(seg) }

// Segmenter returns the segmenter the index analyses text with (nil for the
// CJK analyzer).
func (x *Index) Segmenter() *segment.Segmenter { return x.an.seg.Load() }

const (
	textOptions    = bindex.IndexField | bindex.StoreField | bindex.IncludeTermVectors
	keywordOptions = bindex.IndexField
)

// bleveDoc analyses d with the index's analyzer.
func (x *Index) bleveDoc(d *Document) *document.Document {
	doc := document.NewDocument(d.ID)
	doc.AddField(document.NewTextFieldCustom(fieldDictVersion, nil, []byte(strconv.Itoa(d.DictVersion)), keywordOptions, nil))
	doc.AddField(document.NewTextFieldCustom(fieldKind, nil, []byte(d.Kind), keywordOptions, nil))
	for _, f := range []struct {
		name, text string
	}{{FieldKeywords, d.Keywords}, {FieldTitles, d.Titles}, {FieldText, d.Text}} {
		if f.text != "" {
			doc.AddField(document.NewTextFieldCustom(f.name, nil, []byte(f.text), textOptions, x.an))
			if x.bg != nil {
				doc.AddField(document.NewTextFieldCustom(BigramField(f.name), nil, []byte(f.text), keywordOptions, x.bg))
			}
		}
	}
	for _, f := range []struct {
		name   string
		values []string
	}{{fieldCounties, d.Counties}, {fieldIndustries, d.Industries}} {
		for i, v := range f.values {
			doc.AddField(document.NewTextFieldCustom(f.name, []uint64{uint64(i)}, []byte(v), keywordOptions, nil))
		}
	}
	return doc
}

// Apply indexes docs and deletes the documents with ids in del, in one
// durable batch that also records seq, the store sequence number these
// changes bring the index up to.
func (x *Index) Apply(ctx context.Context, docs []Document, del []string, seq uint64) error {
	b := x.bi.NewBatch()
	for i := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.IndexAdvanced(x.bleveDoc(&docs[i])); err != nil {
			return fmt.Errorf("index %s: %w", docs[i].ID, err)
		}
	}
	for _, id := range del {
		b.Delete(id)
	}
	var v [8]byte
	binary.BigEndian.PutUint64(v[:], seq)
	b.SetInternal(seqKey, v[:])
	if err := x.batch("index batch", func() error { return x.bi.Batch(b) }); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	return nil
}

// Seq returns the store sequence number recorded by the last Apply, 0 when
// none was.
func (x *Index) Seq() (uint64, error) {
	v, err := readValue(&x.health, "read index seq", func() ([]byte, error) { return x.bi.GetInternal(seqKey) })
	if err != nil {
		return 0, fmt.Errorf("read index seq: %w", err)
	}
	if len(v) != 8 {
		return 0, nil
	}
	return binary.BigEndian.Uint64(v), nil
}

// Count returns the number of documents in the index.
func (x *Index) Count() (uint64, error) {
	return readValue(&x.health, "count documents", x.bi.DocCount)
}

// Reset empties the index: it closes it, removes its directory and creates
// it again with the same options and segmenter. Searches fail while it runs.
func (x *Index) Reset() error {
	if err := x.bi.Close(); err != nil {
		return fmt.Errorf("reset index: close: %w", err)
	}
	if err := os.RemoveAll(x.path); err != nil {
		return fmt.Errorf("reset index: remove %s: %w", x.path, err)
	}
	fresh, err := Open(x.path, x.Segmenter(), &x.opts)
	if err != nil {
		return fmt.Errorf("reset index: %w", err)
	}
	x.bi, x.an, x.bg = fresh.bi, fresh.an, fresh.bg
	x.failed.Store(nil)
	return nil
}

// Terms returns the terms the index's analyzer makes of text, in order, so
// that other scorers see text exactly as the index does.
func (x *Index) Terms(text string) []string {
	return terms(x.an.Analyze([]byte(text)))
}

// BigramTerms returns the character bigrams the bigram fields hold of text
// (nil without Options.Bigrams).
func (x *Index) BigramTerms(text string) []string {
	if x.bg == nil {
		return nil
	}
	return terms(x.bg.Analyze([]byte(text)))
}

// TermsWith returns the terms seg makes of text in the index's jieba mode;
// for the CJK analyzer it is Terms. While a new dictionary is being applied,
// a caller can look up a text's terms under both segmenters.
func (x *Index) TermsWith(seg *segment.Segmenter, text string) []string {
	if x.an.cjk != nil {
		return x.Terms(text)
	}
	toks := seg.Tokens(text, x.an.mode)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

// CountDictVersion returns how many documents were analysed with
// dictionary version v.
func (x *Index) CountDictVersion(ctx context.Context, v int) (uint64, error) {
	q := bleve.NewTermQuery(strconv.Itoa(v))
	q.SetField(fieldDictVersion)
	res, err := readValue(&x.health, "count dictionary version", func() (*bleve.SearchResult, error) {
		return x.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 0, 0, false))
	})
	if err != nil {
		return 0, fmt.Errorf("count dictionary version: %w", err)
	}
	return res.Total, nil
}

// SetDictVersion records that every document is analysed with dictionary
// version v.
func (x *Index) SetDictVersion(v int) error {
	return x.write("set dictionary version", func() error { return x.bi.SetInternal(dictKey, []byte(strconv.Itoa(v))) })
}

// DictVersion returns the version recorded by SetDictVersion (0: none).
func (x *Index) DictVersion() (int, error) {
	b, err := readValue(&x.health, "read dictionary version", func() ([]byte, error) { return x.bi.GetInternal(dictKey) })
	if err != nil || len(b) == 0 {
		return 0, err
	}
	return strconv.Atoi(string(b))
}
