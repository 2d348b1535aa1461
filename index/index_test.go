package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"yixianqian/segment"
	"yixianqian/segment/segmenttest"
)

func mustOpen(tb testing.TB, path string, opts *Options) *Index {
	tb.Helper()
	x, err := Open(path, segmenttest.Shared(tb), opts)
	if err != nil {
		tb.Fatalf("open index: %v", err)
	}
	return x
}

// Kinds of the test documents; the index does not know kinds, it filters
// on whatever values it is given.
const (
	kindExpert  = "expert"
	kindTeam    = "team"
	kindSociety = "society"
)

var testDocs = []Document{
	{ID: "e1", Kind: kindExpert, Keywords: "伺服电机\n矢量控制", Titles: "伺服电机转矩脉动抑制研究", Text: "针对伺服电机转矩脉动大的问题，采用矢量控制进行改进。", Counties: []string{"温岭市"}, Industries: []string{"泵与电机"}},
	{ID: "e2", Kind: kindExpert, Keywords: "注塑模具\n随形冷却", Titles: "注塑模具随形冷却水路设计", Text: "3D打印随形冷却水路缩短了注塑成型周期。", Counties: []string{"黄岩区"}, Industries: []string{"模具与塑料"}},
	{ID: "t1", Kind: kindTeam, Keywords: "永磁同步电机\n水泵", Text: "屏蔽泵效率提升与永磁电机设计。", Counties: []string{"温岭市"}, Industries: []string{"泵与电机"}},
	{ID: "s1", Kind: kindSociety, Keywords: "医疗器械", Text: "中华人民共和国医疗器械注册检验咨询。"},
}

func TestSearchRanksAndFilters(t *testing.T) {
	ctx := context.Background()
	x := mustOpen(t, filepath.Join(t.TempDir(), "idx"), nil)
	defer x.Close()
	if err := x.Apply(ctx, testDocs, nil, 7); err != nil {
		t.Fatal(err)
	}
	profiles := []string{kindExpert, kindTeam, kindSociety}
	tests := []struct {
		name string
		q    Query
		want []string // hit IDs in order, or a prefix of them
	}{
		{"keyword field wins", Query{Text: "伺服电机转矩脉动", Kinds: profiles}, []string{"e1"}},
		{"kind filter", Query{Text: "电机", Kinds: []string{kindTeam}}, []string{"t1"}},
		{"kind exclusion", Query{Text: "电机", NotKinds: []string{kindExpert, kindSociety}}, []string{"t1"}},
		{"county filter", Query{Text: "电机", Kinds: profiles, Counties: []string{"黄岩区"}}, nil},
		{"industry filter", Query{Text: "冷却", Kinds: profiles, Industries: []string{"模具与塑料"}}, []string{"e2"}},
		{"latin mix", Query{Text: "3D打印", Kinds: profiles}, []string{"e2"}},
		{"full-width query", Query{Text: "３Ｄ打印", Kinds: profiles}, []string{"e2"}},
		{"restricted to ids", Query{Text: "电机", IDs: []string{"t1", "e2"}}, []string{"t1"}},
		{"terms as given", Query{Terms: []string{"随形冷却"}, Kinds: profiles}, []string{"e2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := x.Search(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			if len(got) < len(tt.want) || !slices.Equal(got[:len(tt.want)], tt.want) {
				t.Errorf("hits = %v, want prefix %v", got, tt.want)
			}
			if tt.want == nil && len(got) != 0 {
				t.Errorf("hits = %v, want none", got)
			}
			for _, h := range res.Hits {
				if tt.q.IDs != nil && !slices.Contains(tt.q.IDs, h.ID) {
					t.Errorf("hit %s outside the ids %v", h.ID, tt.q.IDs)
				}
				kind := kindOf(h.ID)
				if len(tt.q.Kinds) > 0 && !slices.Contains(tt.q.Kinds, kind) || slices.Contains(tt.q.NotKinds, kind) {
					t.Errorf("hit %s has kind %q outside %v / inside %v", h.ID, kind, tt.q.Kinds, tt.q.NotKinds)
				}
			}
		})
	}
}

func kindOf(id string) string {
	for _, d := range testDocs {
		if d.ID == id {
			return d.Kind
		}
	}
	return ""
}

func TestHighlightAndTerms(t *testing.T) {
	ctx := context.Background()
	x := mustOpen(t, filepath.Join(t.TempDir(), "idx"), nil)
	defer x.Close()
	if err := x.Apply(ctx, testDocs, nil, 1); err != nil {
		t.Fatal(err)
	}
	res, err := x.Search(ctx, Query{Text: "伺服电机转矩", Kinds: []string{kindExpert}, Highlight: true, Size: 1})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("search: %v, %d hits", err, len(res.Hits))
	}
	h := res.Hits[0]
	if !slices.Contains(h.Terms[FieldKeywords], "伺服电机") {
		t.Errorf("terms = %v, want 伺服电机 in keywords", h.Terms)
	}
	frag := strings.Join(h.Fragments[FieldTitles], " ")
	if !strings.Contains(frag, "<mark>伺服电机</mark>") && !strings.Contains(frag, "<mark>伺服</mark>") {
		t.Errorf("titles fragment %q has no <mark>ed term", frag)
	}
}

// TestPhraseAcrossSubWords checks that search-mode sub-words share their
// word's position: a phrase of whole words still matches.
func TestPhraseAcrossSubWords(t *testing.T) {
	ctx := context.Background()
	x := mustOpen(t, filepath.Join(t.TempDir(), "idx"), nil)
	defer x.Close()
	if err := x.Apply(ctx, testDocs, nil, 1); err != nil {
		t.Fatal(err)
	}
	phrase := func(text string) *query.PhraseQuery {
		var words []string
		for _, tk := range x.Segmenter().Tokens(text, segment.Exact) {
			words = append(words, tk.Text)
		}
		return bleve.NewPhraseQuery(words, FieldText)
	}
	for _, p := range []string{"医疗器械注册", "中华人民共和国医疗器械", "伺服电机转矩脉动"} {
		res, err := x.bi.SearchInContext(ctx, bleve.NewSearchRequest(phrase(p)))
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == 0 {
			t.Errorf("phrase %q found nothing", p)
		}
	}
	res, _ := x.bi.SearchInContext(ctx, bleve.NewSearchRequest(phrase("注册医疗器械")))
	if res.Total != 0 {
		t.Errorf("reversed phrase matched %d docs, want 0", res.Total)
	}
}

func TestSeqPersistsAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "idx")
	x := mustOpen(t, path, nil)
	if seq, _ := x.Seq(); seq != 0 {
		t.Errorf("new index seq = %d, want 0", seq)
	}
	if err := x.Apply(ctx, testDocs, nil, 42); err != nil {
		t.Fatal(err)
	}
	if err := x.Apply(ctx, nil, []string{"e2"}, 43); err != nil {
		t.Fatal(err)
	}
	x.Close()
	x = mustOpen(t, path, nil)
	defer x.Close()
	if seq, _ := x.Seq(); seq != 43 {
		t.Errorf("reopened seq = %d, want 43", seq)
	}
	if n, _ := x.Count(); n != uint64(len(testDocs)-1) {
		t.Errorf("count = %d, want %d", n, len(testDocs)-1)
	}
}

func TestCompactMergesSegments(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "idx")
	x := mustOpen(t, path, nil)
	// One batch a document: a segment each.
	for i, d := range testDocs {
		if err := x.Apply(ctx, []Document{d}, nil, uint64(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	q := Query{Text: "电机冷却", Kinds: []string{kindExpert, kindTeam, kindSociety}}
	ids := func(x *Index) []string {
		res, err := x.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		return got
	}
	want := ids(x)
	before, after, err := x.Compact(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before < 2 || after != 1 {
		t.Errorf("segments %d → %d, want several → 1", before, after)
	}
	if got := ids(x); !slices.Equal(got, want) {
		t.Errorf("hits after compaction %v, want %v", got, want)
	}
	x.Close()
	x = mustOpen(t, path, nil)
	defer x.Close()
	if seq, _ := x.Seq(); seq != uint64(len(testDocs)) {
		t.Errorf("seq after compaction and reopen = %d, want %d", seq, len(testDocs))
	}
	if got := ids(x); !slices.Equal(got, want) {
		t.Errorf("hits after reopen %v, want %v", got, want)
	}
}

func TestOpenCorruptIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idx")
	if err := os.MkdirAll(path, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(path, "index_meta.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, segmenttest.Shared(t), nil)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open(corrupt) = %v, want ErrCorrupt", err)
	}
}

func TestOpenLockedIndexTimesOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idx")
	x := mustOpen(t, path, nil)
	defer x.Close()
	_, err := Open(path, segmenttest.Shared(t), &Options{LockTimeout: 100e6})
	if err == nil {
		t.Fatal("second Open of an open index succeeded, want a lock timeout")
	}
}

func TestBadOptions(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "a"), segmenttest.Shared(t), &Options{Analyzer: "nope"}); err == nil || !strings.Contains(err.Error(), "unknown analyzer") {
		t.Errorf("bad analyzer: err = %v", err)
	}
	if _, err := Open(filepath.Join(dir, "b"), segmenttest.Shared(t), &Options{Scoring: "nope"}); err == nil || !strings.Contains(err.Error(), "unknown scoring") {
		t.Errorf("bad scoring: err = %v", err)
	}
	if _, err := Open(filepath.Join(dir, "c"), nil, nil); err == nil {
		t.Error("jieba analyzer without a segmenter: no error")
	}
}

func TestBaselineAnalyzers(t *testing.T) {
	ctx := context.Background()
	for _, o := range []Options{{Analyzer: AnalyzerCJK}, {Analyzer: AnalyzerJiebaExact, Scoring: ScoringBM25}} {
		x := mustOpen(t, filepath.Join(t.TempDir(), "idx"), &o)
		if err := x.Apply(ctx, testDocs, nil, 1); err != nil {
			t.Fatal(err)
		}
		res, err := x.Search(ctx, Query{Text: "注塑模具", Kinds: []string{kindExpert}})
		if err != nil || len(res.Hits) == 0 || res.Hits[0].ID != "e2" {
			t.Errorf("%+v: search = %v, %+v; want e2 first", o, err, res)
		}
		x.Close()
	}
}

// TestEachIndexUsesItsOwnSegmenter opens two indexes, one with a segmenter
// that knows an extra word: each cuts text with its own, so opening the
// second does not change how the first analyses text.
func TestEachIndexUsesItsOwnSegmenter(t *testing.T) {
	ctx := context.Background()
	custom, err := segment.Open(&segment.Options{Words: []segment.Word{{Text: "汇流泵"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer custom.Close()
	plain := mustOpen(t, filepath.Join(t.TempDir(), "plain"), nil)
	defer plain.Close()
	withWord, err := Open(filepath.Join(t.TempDir(), "custom"), custom, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer withWord.Close()
	doc := []Document{{ID: "p1", Kind: kindExpert, Text: "汇流泵叶轮设计"}}
	for _, x := range []*Index{plain, withWord} {
		if err := x.Apply(ctx, doc, nil, 1); err != nil {
			t.Fatal(err)
		}
	}
	if got := plain.Terms("汇流泵"); slices.Contains(got, "汇流泵") {
		t.Errorf("plain index terms %v contain the other index's word", got)
	}
	if got := withWord.Terms("汇流泵"); !slices.Contains(got, "汇流泵") {
		t.Errorf("custom index terms %v lack its word", got)
	}
	for _, c := range []struct {
		x    *Index
		want int
	}{{plain, 0}, {withWord, 1}} {
		res, err := c.x.Search(ctx, Query{Terms: []string{"汇流泵"}})
		if err != nil || len(res.Hits) != c.want {
			t.Errorf("%s: term 汇流泵 hits = %v, %v; want %d", c.x.Path(), res, err, c.want)
		}
	}
}

func TestOlderFormatIsCorrupt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idx")
	x := mustOpen(t, path, nil)
	if err := x.bi.SetInternal(formatKey, []byte("1")); err != nil {
		t.Fatal(err)
	}
	x.Close()
	if _, err := Open(path, segmenttest.Shared(t), nil); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open(older format) = %v, want ErrCorrupt", err)
	}
}
