package api

import (
	"net/url"
	"strings"
	"testing"

	"yixianqian/engine"
)

// TestNastyInputs sends what a hostile or careless client might, and
// checks each answer: a 4xx that says what is wrong, or a safe 2xx.
func TestNastyInputs(t *testing.T) {
	w := mustWorld(t)
	huge := strings.Repeat("注塑模具冷却不均。", 200*1024/27) // about 200 KB
	tests := []struct {
		name   string
		path   string
		body   string
		status int
		has    string // in the answer
	}{
		{"200 KB description", "/v1/needs", `{"description":"` + huge + `"}`, 400, "at most"},
		{"200 KB match text", "/v1/match", `{"text":"` + huge + `"}`, 400, "at most"},
		{"only punctuation", "/v1/match", `{"text":"，。！？……——"}`, 200, `"matches":[]`},
		{"only emoji", "/v1/match", `{"text":"😀🔥🚀"}`, 200, `"matches":`},
		{"emoji need", "/v1/needs", `{"id":"emoji","description":"😀🔥🚀"}`, 201, `"emoji"`},
		{"mixed scripts", "/v1/match", `{"text":"Servo モーター 伺服电机 сервопривод 5G"}`, 200, `"e1"`},
		{"NUL in text", "/v1/needs", `{"description":"伺服\u0000电机"}`, 400, "NUL"},
		{"NUL in id", "/v1/needs", `{"id":"a\u0000b","description":"x"}`, 400, "id"},
		{"deep nesting", "/v1/needs", strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000), 400, "invalid"},
		{"duplicate id", "/v1/needs", `{"id":"n1","description":"x"}`, 409, "exists"},
		{"duplicate key in JSON", "/v1/needs", `{"description":"a","description":"b"}`, 201, `"b"`},
		{"sql fragment", "/v1/needs", `{"id":"sqli","description":"'; DROP TABLE needs; --"}`, 201, "DROP TABLE"},
		{"script fragment", "/v1/needs", `{"id":"xss","title":"<script>alert(1)</script>","description":"<img src=x onerror=alert(1)>"}`, 201, `\u003cscript\u003e`},
		{"array body", "/v1/needs", `[1,2,3]`, 400, "invalid"},
		{"null body", "/v1/needs", `null`, 400, "empty"},
		{"number as text", "/v1/match", `{"text":1e400}`, 400, "text"},
		{"huge k", "/v1/match", `{"text":"电机","k":99999999999999999999}`, 400, "k"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := w.do(t, engine.RoleAnalyst, "POST", tt.path, "application/json", strings.NewReader(tt.body))
			if a.status != tt.status || !strings.Contains(a.raw, tt.has) {
				t.Errorf("got %d %.200s; want %d with %q", a.status, a.raw, tt.status, tt.has)
			}
		})
	}
	// Stored hostile text comes back as data, escaped in JSON.
	a := w.do(t, engine.RoleAnalyst, "GET", "/v1/needs/xss", "", nil)
	if a.status != 200 || strings.Contains(a.raw, "<script>") || a.body["title"] != "<script>alert(1)</script>" {
		t.Errorf("stored script fragment: %d %s", a.status, a.raw)
	}
}

// FuzzMatchBody: no body makes the match route answer 5xx.
func FuzzMatchBody(f *testing.F) {
	for _, s := range []string{`{"text":"伺服电机"}`, `{"text":""}`, `{`, `{"k":-1,"text":"x"}`, "\xff", `{"kinds":["expert","team"],"text":"泵","explain":true}`} {
		f.Add(s)
	}
	w := mustWorld(f)
	f.Fuzz(func(t *testing.T, body string) {
		a := w.doRaw(t, engine.RoleAnalyst, "POST", "/v1/match", "application/json", body)
		if a >= 500 {
			t.Fatalf("body %q: status %d", body, a)
		}
	})
}

// FuzzNeedBody: no body makes need submission answer 5xx.
func FuzzNeedBody(f *testing.F) {
	for _, s := range []string{`{"description":"阀门内漏"}`, `{"county":"温岭市","description":"x","deadline":"2027-01-01"}`, `{"budget":-1}`, `{"id":"../x"}`} {
		f.Add(s)
	}
	w := mustWorld(f)
	f.Fuzz(func(t *testing.T, body string) {
		if code := w.doRaw(t, engine.RoleAnalyst, "POST", "/v1/needs", "application/json", body); code >= 500 {
			t.Fatalf("body %q: status %d", body, code)
		}
	})
}

// FuzzMatchQuery: no query string makes the matches route answer 5xx.
func FuzzMatchQuery(f *testing.F) {
	for _, s := range []string{"k=3&explain=true", "k=-5", "kind=team&kind=robot", "month=2026-02", "explain=%00", "k=1e9"} {
		f.Add(s)
	}
	w := mustWorld(f)
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := url.ParseQuery(q); err != nil {
			return // the client library would not send it
		}
		if code := w.doRaw(t, engine.RoleAnalyst, "GET", "/v1/needs/n1/matches?"+q, "", ""); code >= 500 {
			t.Fatalf("query %q: status %d", q, code)
		}
	})
}
