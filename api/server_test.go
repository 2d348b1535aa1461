package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"yixianqian/engine"
	"yixianqian/engine/boltstore"
	"yixianqian/index"
	"yixianqian/segment/segmenttest"
)

// mustServer starts the API on a real loopback port over a real store and
// index holding two profiles and one need.
func mustServer(t *testing.T) string {
	t.Helper()
	seg := segmenttest.Shared(t)
	dir := t.TempDir()
	store, err := boltstore.Open(filepath.Join(dir, "yxq.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := index.Open(filepath.Join(dir, "index"), seg, nil)
	if err != nil {
		t.Fatal(err)
	}
	eng := engine.New(store, idx, nil)
	ctx := context.Background()
	if err := eng.PutProfiles(ctx, []engine.Profile{
		{ID: "e1", Kind: engine.KindExpert, Name: "王伟", Keywords: []string{"伺服电机", "矢量控制"}},
		{ID: "t1", Kind: engine.KindTeam, Name: "泵与电机博士服务团", Keywords: []string{"屏蔽泵"}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := eng.PutNeeds(ctx, []engine.Need{{ID: "n1", Description: "伺服电机噪声大"}}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(eng, nil))
	t.Cleanup(func() {
		srv.Close()
		idx.Close()
		store.Close()
	})
	return srv.URL
}

type answer struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func do(t *testing.T, method, url, contentType string, body io.Reader) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: string(b)}
	if err := json.Unmarshal(b, &a.body); err != nil {
		t.Fatalf("%s %s: answer is not JSON: %q", method, url, b)
	}
	return a
}

func errorCode(a answer) string {
	e, _ := a.body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

func TestMatchAnswersWithLatency(t *testing.T) {
	base := mustServer(t)
	a := do(t, "POST", base+"/v1/match", "application/json", strings.NewReader(`{"text":"伺服电机矢量控制","k":1,"explain":true}`))
	if a.status != 200 {
		t.Fatalf("status %d: %s", a.status, a.raw)
	}
	ms, _ := a.body["matches"].([]any)
	if len(ms) != 1 {
		t.Fatalf("matches = %v", a.body["matches"])
	}
	first := ms[0].(map[string]any)
	if first["profile"].(map[string]any)["id"] != "e1" || first["explanation"] == nil {
		t.Errorf("first match = %v, want e1 with an explanation", first)
	}
	if _, ok := a.body["took_ms"].(float64); !ok {
		t.Errorf("no took_ms in %s", a.raw)
	}
	if !strings.HasPrefix(a.header.Get("Server-Timing"), "segment;dur=") || !strings.Contains(a.header.Get("Server-Timing"), "total;dur=") {
		t.Errorf("Server-Timing = %q", a.header.Get("Server-Timing"))
	}
}

func TestNeedMatches(t *testing.T) {
	base := mustServer(t)
	a := do(t, "GET", base+"/v1/needs/n1/matches?k=1&explain=true&kind=expert", "", nil)
	ms, _ := a.body["matches"].([]any)
	if a.status != 200 || len(ms) != 1 {
		t.Fatalf("status %d: %s", a.status, a.raw)
	}
	m := ms[0].(map[string]any)
	if m["profile"].(map[string]any)["id"] != "e1" {
		t.Errorf("match = %v, want e1", m)
	}
	parts := m["explanation"].(map[string]any)["parts"].(map[string]any)
	if _, ok := parts["lexical"]; !ok {
		t.Errorf("parts = %v", parts)
	}
}

func TestBadRequests(t *testing.T) {
	base := mustServer(t)
	big := `{"text":"` + strings.Repeat("a", MaxBodyBytes) + `"}`
	tests := []struct {
		name        string
		method, url string
		ctype, body string
		status      int
		code        string
		message     string
	}{
		{"body too large", "POST", "/v1/match", "application/json", big, 413, "too_large", "1048576"},
		{"invalid UTF-8", "POST", "/v1/match", "application/json", "{\"text\":\"\xff\xfe\"}", 400, "invalid", "UTF-8"},
		{"unknown field", "POST", "/v1/match", "application/json", `{"text":"电机","colour":1}`, 400, "invalid", "colour"},
		{"wrong type", "POST", "/v1/match", "application/json", `{"text":5}`, 400, "invalid", "text"},
		{"not JSON", "POST", "/v1/match", "application/json", `text=电机`, 400, "invalid", "JSON"},
		{"deeply nested", "POST", "/v1/match", "application/json", strings.Repeat("[", 100000), 400, "invalid", ""},
		{"empty text", "POST", "/v1/match", "application/json", `{"text":"   "}`, 400, "invalid", "empty"},
		{"oversized text", "POST", "/v1/match", "application/json", `{"text":"` + strings.Repeat("电", engine.MaxTextLen+1) + `"}`, 400, "invalid", "at most"},
		{"k too big", "POST", "/v1/match", "application/json", `{"text":"电机","k":100000}`, 400, "invalid", "k ="},
		{"bad kind", "POST", "/v1/match", "application/json", `{"text":"电机","kinds":["robot"]}`, 400, "invalid", "robot"},
		{"form body", "POST", "/v1/match", "application/x-www-form-urlencoded", `text=x`, 415, "unsupported_media_type", "application/json"},
		{"unknown route", "GET", "/v1/nothing", "", "", 404, "not_found", "/v1/nothing"},
		{"wrong method", "DELETE", "/v1/match", "", "", 405, "method_not_allowed", "DELETE"},
		{"missing need", "GET", "/v1/needs/none", "", "", 404, "not_found", "none"},
		{"matches of a missing need", "GET", "/v1/needs/none/matches", "", "", 404, "not_found", "none"},
		{"k not a number", "GET", "/v1/needs/n1/matches?k=ten", "", "", 400, "invalid", "k"},
		{"explain not a bool", "GET", "/v1/needs/n1/matches?explain=maybe", "", "", 400, "invalid", "explain"},
		{"bad month", "GET", "/v1/needs/n1/matches?month=2026-13", "", "", 400, "invalid", "YYYY-MM"},
		{"bad kind in query", "GET", "/v1/needs/n1/matches?kind=robot", "", "", 400, "invalid", "robot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, tt.method, base+tt.url, tt.ctype, strings.NewReader(tt.body))
			if a.status != tt.status || errorCode(a) != tt.code {
				t.Fatalf("got %d %q, want %d %q: %.300s", a.status, errorCode(a), tt.status, tt.code, a.raw)
			}
			e := a.body["error"].(map[string]any)
			if msg, _ := e["message"].(string); !strings.Contains(msg, tt.message) {
				t.Errorf("message %q does not mention %q", msg, tt.message)
			}
		})
	}
}

func TestStatusTable(t *testing.T) {
	tests := []struct {
		err    error
		status int
	}{
		{engine.ErrInvalid, 400},
		{engine.ErrNotFound, 404},
		{engine.ErrConflict, 409},
		{engine.ErrUnavailable, 503},
		{io.EOF, 500},
	}
	for _, tt := range tests {
		if got, _ := statusOf(tt.err); got != tt.status {
			t.Errorf("statusOf(%v) = %d, want %d", tt.err, got, tt.status)
		}
	}
}
