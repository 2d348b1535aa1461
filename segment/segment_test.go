package segment

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files")

var (
	sharedOnce sync.Once
	shared     *Segmenter
	sharedErr  error
)

// mustSegmenter returns one Segmenter for the whole test binary: gojieba is
// large and slow to load.
func mustSegmenter(tb testing.TB) *Segmenter {
	tb.Helper()
	sharedOnce.Do(func() { shared, sharedErr = Open(nil) })
	if sharedErr != nil {
		tb.Fatalf("open segmenter: %v", sharedErr)
	}
	return shared
}

func terms(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

func TestTokenizeTable(t *testing.T) {
	seg := mustSegmenter(t)
	tests := []struct {
		name    string
		in      string
		want    []string // must all be present
		notWant []string // must all be absent
	}{
		{"domain words kept whole", "注塑模具随形冷却与智能马桶即热式加热", []string{"注塑模具", "随形冷却", "智能马桶", "即热式加热"}, nil},
		{"search sub-words", "医疗器械注册", []string{"医疗器械", "医疗", "器械", "注册"}, nil},
		{"servo motor", "伺服电机的矢量控制", []string{"伺服电机", "矢量控制"}, []string{"的"}},
		{"plc mix", "PLC控制系统改造", []string{"plc控制", "plc", "系统"}, nil},
		{"5g", "基于5G的工业互联网", []string{"5g", "工业互联网"}, []string{"5", "g"}},
		{"3d printing", "3D打印随形水路", []string{"3d打印", "3d"}, nil},
		{"number with unit", "称量精度达到0.1g以内", []string{"0.1g", "精度"}, []string{"0.1", "g"}},
		{"latin with hyphen", "Li-ion电池管理", []string{"li-ion电池", "li-ion"}, []string{"li", "ion", "-"}},
		{"ct machine", "CT机球管寿命", []string{"ct机", "ct"}, nil},
		{"full-width", "ＰＬＣ控制，５Ｇ通信", []string{"plc控制", "5g"}, []string{"，", ","}},
		{"boilerplate dropped", "我司急需寻求合作解决问题", nil, []string{"我司", "急需", "寻求", "合作", "问题"}},
		{"empty", "", nil, nil},
		{"whitespace only", " \t\n\u3000 ", nil, nil},
		{"punctuation only", "，。！？…——", nil, nil},
		{"agriculture", "东魁杨梅采后处理与冷链物流", []string{"东魁杨梅", "杨梅", "采后处理", "冷链物流"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := seg.Tokenize(tt.in)
			gt := terms(got)
			for _, w := range tt.want {
				if !slices.Contains(gt, w) {
					t.Errorf("Tokenize(%q) = %q, missing %q", tt.in, gt, w)
				}
			}
			for _, w := range tt.notWant {
				if slices.Contains(gt, w) {
					t.Errorf("Tokenize(%q) = %q, should not hold %q", tt.in, gt, w)
				}
			}
			if len(tt.want) == 0 && len(tt.notWant) == 0 && len(got) != 0 {
				t.Errorf("Tokenize(%q) = %q, want no tokens", tt.in, gt)
			}
			checkOffsets(t, tt.in, got)
		})
	}
}

// checkOffsets checks that every token's offsets lie in text on rune
// boundaries and, for clean text, cover the token's own normalised text.
func checkOffsets(t *testing.T, text string, toks []Token) {
	t.Helper()
	lastPos := 0
	for _, tok := range toks {
		if tok.Start < 0 || tok.End > len(text) || tok.Start >= tok.End {
			t.Fatalf("token %+v: offsets out of range for %d bytes", tok, len(text))
		}
		if !utf8.RuneStart(text[tok.Start]) || (tok.End < len(text) && !utf8.RuneStart(text[tok.End])) {
			t.Fatalf("token %+v: offsets not on rune boundaries", tok)
		}
		if utf8.ValidString(text) {
			if got := normalize(text[tok.Start:tok.End]).text; got != tok.Text {
				t.Fatalf("token %+v: text at offsets normalises to %q", tok, got)
			}
		}
		if tok.Position < 1 || tok.Position < lastPos-8 {
			t.Fatalf("token %+v: bad position after %d", tok, lastPos)
		}
		lastPos = max(lastPos, tok.Position)
	}
}

func TestPositionsSubWordsShareWord(t *testing.T) {
	seg := mustSegmenter(t)
	toks := seg.Tokenize("中华人民共和国医疗器械注册")
	pos := map[string]int{}
	for _, tk := range toks {
		pos[tk.Text] = tk.Position
	}
	// 中华人民共和国 is word 1, 医疗器械 word 2, 注册 word 3; sub-words share.
	want := map[string]int{"中华人民共和国": 1, "人民": 1, "共和国": 1, "医疗器械": 2, "医疗": 2, "器械": 2, "注册": 3}
	for w, p := range want {
		if pos[w] != p {
			t.Errorf("position of %s = %d, want %d (all: %v)", w, pos[w], p, toks)
		}
	}
}

func TestExactModeHasNoSubWords(t *testing.T) {
	seg := mustSegmenter(t)
	got := terms(seg.Tokens("医疗器械注册", Exact))
	want := []string{"医疗器械", "注册"}
	if !slices.Equal(got, want) {
		t.Errorf("Tokens(Exact) = %q, want %q", got, want)
	}
}

func TestOffsetsAfterFullWidth(t *testing.T) {
	seg := mustSegmenter(t)
	text := "ＰＬＣ控制"
	toks := seg.Tokenize(text)
	for _, tk := range toks {
		if tk.Text == "plc" && text[tk.Start:tk.End] != "ＰＬＣ" {
			t.Errorf("plc maps to %q, want ＰＬＣ", text[tk.Start:tk.End])
		}
	}
	if len(toks) == 0 {
		t.Fatal("no tokens")
	}
}

func TestOpenMissingDictionary(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(&Options{DictDir: dir})
	if err == nil || !strings.Contains(err.Error(), "jieba.dict.utf8") {
		t.Fatalf("Open with empty dict dir: err = %v, want one naming jieba.dict.utf8", err)
	}
}

func TestExportDictDirOpens(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "dict")
	if err := ExportDictDir("", dst); err != nil {
		t.Fatal(err)
	}
	if err := CheckDictDir(dst); err != nil {
		t.Fatalf("exported dir incomplete: %v", err)
	}
}

func TestExtraWords(t *testing.T) {
	seg, err := Open(&Options{Words: []Word{{Text: "黄岩蜜橘罐头"}}, StopWords: []string{"注册"}})
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	got := terms(seg.Tokenize("黄岩蜜橘罐头的注册"))
	if !slices.Contains(got, "黄岩蜜橘罐头") || slices.Contains(got, "注册") {
		t.Errorf("Tokenize = %q, want 黄岩蜜橘罐头 whole and 注册 dropped", got)
	}
}

func TestParseWords(t *testing.T) {
	ws, err := ParseWords(strings.NewReader("# c\n伺服电机 2000 n\nＰＬＣ\n\n马桶 5\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Word{{"伺服电机", 2000, "n"}, {"plc", 0, ""}, {"马桶", 5, ""}}
	if !slices.Equal(ws, want) {
		t.Errorf("ParseWords = %v, want %v", ws, want)
	}
	var b strings.Builder
	if err := FormatWords(&b, ws); err != nil {
		t.Fatal(err)
	}
	back, _ := ParseWords(strings.NewReader(b.String()))
	if !slices.Equal(back, want) {
		t.Errorf("round trip = %v, want %v", back, want)
	}
	for _, bad := range []string{"a b c d", "伺服 x", "伺服 -1"} {
		if _, err := ParseWords(strings.NewReader("ok\n" + bad)); err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("ParseWords(%q) err = %v, want one naming line 2", bad, err)
		}
	}
}

// TestGolden keeps the segmentation of a set of domain texts stable; refresh
// with go test ./segment -run Golden -update after a deliberate change.
func TestGolden(t *testing.T) {
	seg := mustSegmenter(t)
	inputs := []string{
		"我司主营汽车刹车片，急需降低制动噪声的配方优化方案。",
		"医用导管挤出成型中出现壁厚不均，希望与高分子材料专家合作。",
		"工业缝纫机旋梭高速运转时发热严重，寻求润滑与材料改进。",
		"屏蔽泵电机效率偏低，想做永磁同步电机替代并满足IE4能效等级。",
		"智能马桶即热式加热模块的水温波动±1℃以内如何实现？",
		"仙居杨梅采后保鲜期短，寻求冷链物流与保鲜技术支持。",
		"原料药结晶工艺放大后晶型不稳定，需要连续流反应与在线检测方案。",
		"基于机器视觉的阀门密封面缺陷检测，检测速度≥120件/分钟。",
	}
	type line struct {
		In     string   `json:"in"`
		Tokens []string `json:"tokens"`
	}
	var got []line
	for _, in := range inputs {
		var ts []string
		for _, tk := range seg.Tokenize(in) {
			ts = append(ts, tk.Text+"@"+itoa(tk.Position))
		}
		got = append(got, line{in, ts})
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden_tokens.json")
	if *update {
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	if strings.TrimSpace(string(want)) != strings.TrimSpace(string(b)) {
		t.Errorf("segmentation changed; diff against %s, and run with -update if intended:\n%s", path, b)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "伺服电机", "ＰＬＣ控制", "0.1g", "Li-ion电池", "\xff\xfe中", "a\x00b", "😀😀", "..--..", "3D打印"} {
		f.Add(s)
	}
	seg := mustSegmenter(f)
	f.Fuzz(func(t *testing.T, s string) {
		// Rune boundaries as the segmenter decodes: an invalid byte is a
		// rune of its own.
		boundary := map[int]bool{len(s): true}
		for i := 0; i < len(s); {
			boundary[i] = true
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		for _, mode := range []Mode{Search, Exact} {
			toks := seg.Tokens(s, mode)
			for _, tk := range toks {
				if tk.Start < 0 || tk.End > len(s) || tk.Start >= tk.End {
					t.Fatalf("%q: token %+v out of range", s, tk)
				}
				if !boundary[tk.Start] || !boundary[tk.End] {
					t.Fatalf("%q: token %+v not on rune boundaries", s, tk)
				}
				if tk.Text == "" || !utf8.ValidString(tk.Text) {
					t.Fatalf("%q: token %+v has bad text", s, tk)
				}
			}
		}
	})
}
