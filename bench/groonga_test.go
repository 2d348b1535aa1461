package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"yixianqian/engine"
)

func TestGroongaQuery(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		// Han runs give their bigrams; Latin words and numbers are whole
		// tokens, lower-cased; a bigram seen before is not repeated.
		{"注塑模具ABC-12，模具冷却", `"注塑" OR "塑模" OR "模具" OR "abc" OR "12" OR "具冷" OR "冷却"`},
		// Full-width Latin is narrowed, as NormalizerAuto does.
		{"ＰＩＤ控制", `"pid" OR "控制"`},
		// One Han character, one Latin letter: no token of two.
		{"水 x 3", ""},
		{"α射线", `"射线"`},
	} {
		if got := GroongaQuery(c.text); got != c.want {
			t.Errorf("GroongaQuery(%q) = %s, want %s", c.text, got, c.want)
		}
	}
}

func TestNewGroongaRecord(t *testing.T) {
	p := engine.Profile{ID: "e1", Name: "专家000001", Keywords: []string{"阀门", "密封"},
		Works: []engine.Work{{Title: "球阀密封研究", Text: "研究了球阀的泄漏。", Keywords: []string{"球阀"}}}}
	r := NewGroongaRecord(&p)
	if r.Key != "e1" || r.Text != "阀门 密封\n球阀密封研究\n研究了球阀的泄漏。\n球阀\n" {
		t.Errorf("record %+v", r)
	}
	if strings.Contains(r.Text, "专家") {
		t.Error("the placeholder name is in the text")
	}
}

func TestParseGroongaAnswer(t *testing.T) {
	body, elapsed, err := ParseGroongaAnswer([]byte(`[[0,1700000000.1,0.0125],[[[2],[["_key","ShortText"]],["a"],["b"]]]]`))
	if err != nil || elapsed != 12500*time.Microsecond || !strings.HasPrefix(string(body), "[[[2]") {
		t.Errorf("body %s, elapsed %v, err %v", body, elapsed, err)
	}
	if _, _, err := ParseGroongaAnswer([]byte(`[[-22,1700000000.1,0.001,"invalid table name: <Nope>"]]`)); err == nil || !strings.Contains(err.Error(), "invalid table name") {
		t.Errorf("an error answer gave %v", err)
	}
	for _, bad := range []string{`not json`, `[]`, `[["x"]]`, `{"a":1}`} {
		if _, _, err := ParseGroongaAnswer([]byte(bad)); err == nil {
			t.Errorf("%s parsed as an answer", bad)
		}
	}
}

func TestGroongaSelectLoad(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		switch {
		case r.URL.Path != "/d/select" || q.Get("table") != GroongaTable || q.Get("cache") != "no" ||
			q.Get("match_columns") != "scorer_tf_idf(text)" || q.Get("sortby") != "-_score":
			w.Write([]byte(`[[-22,0,0.001,"unexpected request"]]`))
		case q.Get("query") == "":
			w.Write([]byte(`[[-22,0,0.001,"empty query"]]`))
		default:
			w.Write([]byte(`[[0,1700000000.1,0.004],[[[1],[["_key","ShortText"],["_score","Int32"]],["e1",3]]]]`))
		}
	}))
	defer srv.Close()
	needs := []engine.Need{{ID: "n1", Description: "注塑模具冷却不均"}, {ID: "n2", Description: "杨梅保鲜"}}
	r := GroongaSelectLoad(context.Background(), srv.URL, needs, 2, 8)
	if r.Requests != 8 || r.Errors != 0 {
		t.Fatalf("requests %d, errors %d", r.Requests, r.Errors)
	}
	if st := r.Stages[StageTotal]; st.N != 8 || st.P50 != 4*time.Millisecond {
		t.Errorf("server-side stage %+v, want 8 of 4 ms", st)
	}
	bad := GroongaSelectLoad(context.Background(), srv.URL, []engine.Need{{ID: "n3", Description: "水"}}, 1, 2)
	if bad.Errors != 2 {
		t.Errorf("selects Groonga refused counted %d errors, want 2", bad.Errors)
	}
}
