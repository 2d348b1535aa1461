package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"yixianqian/cmd/wire"
	"yixianqian/cmd/wire/wiretest"
	"yixianqian/engine"
)

// world is a real server over a real store and index: two companies with
// one need each, an expert, a team whose slot this month is 温岭市 泵与
// 电机, and a token per role.
type world struct {
	base   string
	tokens map[engine.Role]string
	eng    *engine.Engine
}

func mustWorld(t testing.TB) *world {
	t.Helper()
	app := wiretest.Open(t, wire.Options{})
	eng := app.Engine
	ctx := context.Background()
	month := time.Now().Format("2006-01") // the team's slot is this month
	if err := eng.PutProfiles(ctx, []engine.Profile{
		{ID: "e1", Kind: engine.KindExpert, Name: "王伟", Keywords: []string{"伺服电机", "矢量控制"}},
		{ID: "t1", Kind: engine.KindTeam, Name: "泵与电机博士服务团", Keywords: []string{"屏蔽泵"},
			Schedule: []engine.Slot{{Month: month, County: "温岭市", Industry: "泵与电机"}}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := eng.PutNeeds(ctx, []engine.Need{
		{ID: "n1", Description: "伺服电机噪声大", Enterprise: "甲公司", County: "温岭市", Industry: "泵与电机"},
		{ID: "n2", Description: "阀门内漏", Enterprise: "乙公司", County: "玉环市", Industry: "阀门"},
	}); err != nil {
		t.Fatal(err)
	}
	w := &world{tokens: map[engine.Role]string{}, eng: eng}
	subjects := map[engine.Role]string{engine.RoleCompany: "甲公司", engine.RoleTeam: "t1", engine.RoleExpert: "e1"}
	for _, r := range engine.Roles() {
		secret, _, err := eng.CreateToken(ctx, r, subjects[r], "test")
		if err != nil {
			t.Fatal(err)
		}
		w.tokens[r] = secret
	}
	reg := prometheus.NewRegistry()
	srv := httptest.NewServer(New(eng, &Options{Registry: reg, Gauges: Gauges{
		IndexDocuments: func() float64 { st, _ := eng.SearchState(); return float64(st.Docs) },
		StoreBytes:     func() float64 { st, _ := app.Store.Stats(); return float64(st.Bytes) },
	}}))
	w.base = srv.URL
	t.Cleanup(srv.Close)
	return w
}

type answer struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (w *world) do(t testing.TB, role engine.Role, method, path, contentType string, body io.Reader) answer {
	t.Helper()
	req, err := http.NewRequest(method, w.base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if tok := w.tokens[role]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: string(b)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &a.body); err != nil {
			t.Fatalf("%s %s: answer is not JSON: %q", method, path, b)
		}
	}
	return a
}

// doRaw sends a request and returns only the status.
func (w *world) doRaw(t testing.TB, role engine.Role, method, path, contentType, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, w.base+path, strings.NewReader(body))
	if err != nil {
		return 400 // not a request a client could send
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+w.tokens[role])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func errorCode(a answer) string {
	e, _ := a.body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

func TestMatchAnswersWithLatency(t *testing.T) {
	w := mustWorld(t)
	a := w.do(t, engine.RoleAnalyst, "POST", "/v1/match", "application/json", strings.NewReader(`{"text":"伺服电机矢量控制","k":1,"explain":true}`))
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
	if st := a.header.Get("Server-Timing"); !strings.HasPrefix(st, "segment;dur=") || !strings.Contains(st, "total;dur=") {
		t.Errorf("Server-Timing = %q", st)
	}
}

// TestAccessMatrix calls every route as every role (and without a token)
// and checks the status: allowed routes answer 2xx, the others 401 or 403.
func TestAccessMatrix(t *testing.T) {
	w := mustWorld(t)
	// Every role calls every route in a burst: no rate limit here (its
	// own tests are in hardening_test.go).
	w.serveWith(t, &Options{Limits: Limits{RatePerToken: 1e6, Burst: 1e6}})
	const (
		ok        = 0 // any 2xx
		forbidden = 403
	)
	type call struct {
		method, path, body string
		// setup prepares need id for role: "assign" assigns it to the
		// role's own profile (e1 for roles without one), "accept" also
		// accepts it.
		setup string
	}
	profile := `{"id":"%s","kind":"expert","name":"新专家","keywords":["阀门"]}`
	calls := map[string]call{
		"GET /v1/me":                       {"GET", "/v1/me", "", ""},
		"GET /v1/needs":                    {"GET", "/v1/needs", "", ""},
		"POST /v1/needs":                   {"POST", "/v1/needs", `{"description":"屏蔽泵效率偏低"}`, ""},
		"GET /v1/needs/:id":                {"GET", "/v1/needs/%s", "", "slot"},
		"POST /v1/needs/:id/withdraw":      {"POST", "/v1/needs/%s/withdraw", "", ""},
		"GET /v1/needs/:id/matches":        {"GET", "/v1/needs/n1/matches?k=2", "", ""},
		"POST /v1/match":                   {"POST", "/v1/match", `{"text":"伺服电机"}`, ""},
		"POST /v1/needs/check":             {"POST", "/v1/needs/check", `{"description":"希望与高校合作，解决技术难题"}`, ""},
		"GET /v1/rankers":                  {"GET", "/v1/rankers", "", ""},
		"POST /v1/rankers/train":           {"POST", "/v1/rankers/train", `{"name":"r1"}`, ""},
		"POST /v1/rankers/use":             {"POST", "/v1/rankers/use", `{"name":"builtin"}`, ""},
		"GET /v1/profiles":                 {"GET", "/v1/profiles", "", ""},
		"POST /v1/profiles":                {"POST", "/v1/profiles", profile, ""},
		"POST /v1/profiles/import":         {"POST", "/v1/profiles/import", profile, ""},
		"POST /v1/needs/import":            {"POST", "/v1/needs/import", `{"id":"%s","description":"阀门内漏"}`, ""},
		"GET /v1/export/needs":             {"GET", "/v1/export/needs", "", ""},
		"GET /v1/export/matches":           {"GET", "/v1/export/matches?need=n1&format=csv", "", ""},
		"GET /v1/export/batch":             {"GET", "/v1/export/batch?format=csv", "", ""},
		"GET /v1/export/funnel":            {"GET", "/v1/export/funnel", "", ""},
		"GET /v1/profiles/:id":             {"GET", "/v1/profiles/e1", "", ""},
		"PUT /v1/profiles/:id":             {"PUT", "/v1/profiles/e1", `{"id":"e1","kind":"expert","name":"王伟","keywords":["伺服电机"]}`, ""},
		"POST /v1/profiles/:id/deactivate": {"POST", "/v1/profiles/%s/deactivate", "", ""},
		"POST /v1/needs/:id/matched":       {"POST", "/v1/needs/%s/matched", "", ""},
		"POST /v1/needs/:id/assign":        {"POST", "/v1/needs/%s/assign", `{"profile_id":"e1"}`, ""},
		"POST /v1/needs/:id/respond":       {"POST", "/v1/needs/%s/respond", `{"accept":true}`, "assign"},
		"POST /v1/needs/:id/progress":      {"POST", "/v1/needs/%s/progress", `{"note":"已到现场"}`, "accept"},
		"POST /v1/needs/:id/finish":        {"POST", "/v1/needs/%s/finish", `{"resolved":false,"note":"企业暂停项目"}`, "accept"},
		"POST /v1/needs/:id/feedback":      {"POST", "/v1/needs/%s/feedback", `{"profile_id":"e1","useful":true,"reason":"已解决"}`, "assign"},
		"GET /v1/inbox":                    {"GET", "/v1/inbox", "", ""},
		"POST /v1/batch":                   {"POST", "/v1/batch", `{}`, ""},
		"GET /v1/funnel":                   {"GET", "/v1/funnel", "", ""},
		"GET /v1/feedback/qrels":           {"GET", "/v1/feedback/qrels", "", ""},
		"GET /v1/admin/backup":             {"GET", "/v1/admin/backup", "", ""},
		"GET /v1/dictionary":               {"GET", "/v1/dictionary", "", ""},
		"PUT /v1/dictionary":               {"PUT", "/v1/dictionary", `{"words":[],"synonyms":[]}`, ""},
		"POST /v1/needs/:id/request":       {"POST", "/v1/needs/%s/request", `{"note":"本月在温岭"}`, "slot"},
		"POST /v1/logout":                  {"POST", "/v1/logout", "", ""},
		"PUT /v1/me/password":              {"PUT", "/v1/me/password", `{"current":"12345678","password":"87654321"}`, ""},
		"GET /v1/accounts":                 {"GET", "/v1/accounts", "", ""},
		"POST /v1/accounts":                {"POST", "/v1/accounts", `{"username":"u%s","role":"analyst","password":"12345678"}`, ""},
		"POST /v1/accounts/:id/password":   {"POST", "/v1/accounts/%s/password", `{"password":"12345678"}`, ""},
		// Pairing rounds, packages and service groups (setups in pairing_test.go).
		"GET /v1/rounds":                             {"GET", "/v1/rounds", "", ""},
		"POST /v1/rounds":                            {"POST", "/v1/rounds", `{"name":"2026 院士结对","mentees":["e1"],"academicians":["acad-m"]}`, ""},
		"GET /v1/rounds/candidates":                  {"GET", "/v1/rounds/candidates", "", ""},
		"GET /v1/rounds/:id":                         {"GET", "/v1/rounds/%s", "", "round"},
		"POST /v1/rounds/:id/propose":                {"POST", "/v1/rounds/%s/propose", "", "round"},
		"PUT /v1/rounds/:id/conflicts":               {"PUT", "/v1/rounds/%s/conflicts", `{"conflicts":[]}`, "round"},
		"PUT /v1/rounds/:id/preferences/:mentee":     {"PUT", "/v1/rounds/%s/preferences/e1", `{"mode":"进修学习","academicians":["acad-m"]}`, "round"},
		"PUT /v1/rounds/:id/pairs/:mentee":           {"PUT", "/v1/rounds/%s/pairs/e1", `{"mode":"顾问指导"}`, "round"},
		"DELETE /v1/rounds/:id/pairs/:mentee":        {"DELETE", "/v1/rounds/%s/pairs/e1", "", "round"},
		"POST /v1/rounds/:id/pairs/:mentee/approve":  {"POST", "/v1/rounds/%s/pairs/e1/approve", "", "round"},
		"POST /v1/rounds/:id/pairs/:mentee/activity": {"POST", "/v1/rounds/%s/pairs/e1/activity", `{"kind":"meeting","date":"2026-11-25","title":"首次见面"}`, "approved"},
		"GET /v1/rounds/:id/report":                  {"GET", "/v1/rounds/%s/report", "", "round"},
		"GET /v1/me/pairing":                         {"GET", "/v1/me/pairing", "", ""},
		"POST /v1/packages/compose":                  {"POST", "/v1/packages/compose", `{"county":"温岭市","industry":"泵与电机"}`, ""},
		"POST /v1/packages":                          {"POST", "/v1/packages", `{"county":"温岭市","industry":"泵与电机"}`, ""},
		"GET /v1/packages":                           {"GET", "/v1/packages", "", ""},
		"GET /v1/packages/:id":                       {"GET", "/v1/packages/%s", "", "package"},
		"POST /v1/packages/:id/assign":               {"POST", "/v1/packages/%s/assign", "", "package"},
		"GET /v1/groups":                             {"GET", "/v1/groups", "", ""},
		"GET /v1/groups/:id":                         {"GET", "/v1/groups/%s", "", "group"},
		"PUT /v1/groups/:id":                         {"PUT", "/v1/groups/g-put", `{"name":"生物医药科技服务团","theme":"生物医药","profiles":["e1"]}`, ""},
	}
	// want[route][role]: ok or the refusal.
	all := map[engine.Role]int{engine.RoleAdmin: ok, engine.RoleAnalyst: ok, engine.RoleCompany: ok, engine.RoleTeam: ok, engine.RoleExpert: ok}
	companies := map[engine.Role]int{engine.RoleAdmin: ok, engine.RoleAnalyst: ok, engine.RoleCompany: ok, engine.RoleTeam: forbidden, engine.RoleExpert: forbidden}
	staff := map[engine.Role]int{engine.RoleAdmin: ok, engine.RoleAnalyst: ok, engine.RoleCompany: forbidden, engine.RoleTeam: forbidden, engine.RoleExpert: forbidden}
	admins := map[engine.Role]int{engine.RoleAdmin: ok, engine.RoleAnalyst: forbidden, engine.RoleCompany: forbidden, engine.RoleTeam: forbidden, engine.RoleExpert: forbidden}
	suppliers := map[engine.Role]int{engine.RoleAdmin: forbidden, engine.RoleAnalyst: forbidden, engine.RoleCompany: forbidden, engine.RoleTeam: ok, engine.RoleExpert: ok}
	want := map[string]map[engine.Role]int{
		"GET /v1/me": all, "GET /v1/needs": all, "POST /v1/needs": companies, "GET /v1/needs/:id": {engine.RoleAdmin: ok, engine.RoleAnalyst: ok, engine.RoleCompany: ok, engine.RoleTeam: ok, engine.RoleExpert: 404},
		"POST /v1/needs/:id/withdraw": companies, "GET /v1/needs/:id/matches": companies, "POST /v1/match": companies, "POST /v1/needs/check": companies,
		"GET /v1/rankers": staff, "POST /v1/rankers/use": staff,
		"POST /v1/rankers/train": {engine.RoleAdmin: 400, engine.RoleAnalyst: 400, engine.RoleCompany: forbidden, engine.RoleTeam: forbidden, engine.RoleExpert: forbidden},
		"GET /v1/profiles":       staff, "POST /v1/profiles": staff, "POST /v1/profiles/import": staff,
		"POST /v1/needs/import": staff, "GET /v1/export/needs": all, "GET /v1/export/matches": companies,
		"GET /v1/export/batch": staff, "GET /v1/export/funnel": staff,
		"GET /v1/profiles/:id": {engine.RoleAdmin: ok, engine.RoleAnalyst: ok, engine.RoleCompany: ok, engine.RoleTeam: 404, engine.RoleExpert: ok},
		"PUT /v1/profiles/:id": staff, "POST /v1/profiles/:id/deactivate": staff,
		"POST /v1/needs/:id/matched": staff, "POST /v1/needs/:id/assign": staff,
		"POST /v1/needs/:id/respond": suppliers, "POST /v1/needs/:id/progress": suppliers,
		"POST /v1/needs/:id/finish":   {engine.RoleAdmin: ok, engine.RoleAnalyst: ok, engine.RoleCompany: forbidden, engine.RoleTeam: ok, engine.RoleExpert: ok},
		"POST /v1/needs/:id/feedback": companies, "GET /v1/inbox": suppliers,
		"POST /v1/batch": staff, "GET /v1/funnel": staff, "GET /v1/feedback/qrels": staff,
		"GET /v1/dictionary": staff, "PUT /v1/dictionary": staff,
		"GET /v1/admin/backup":       {engine.RoleAdmin: ok, engine.RoleAnalyst: forbidden, engine.RoleCompany: forbidden, engine.RoleTeam: forbidden, engine.RoleExpert: forbidden},
		"POST /v1/needs/:id/request": {engine.RoleAdmin: forbidden, engine.RoleAnalyst: forbidden, engine.RoleCompany: forbidden, engine.RoleTeam: ok, engine.RoleExpert: forbidden},
		"POST /v1/logout":            all,
		// A bearer token has no password to change.
		"PUT /v1/me/password":            {engine.RoleAdmin: forbidden, engine.RoleAnalyst: forbidden, engine.RoleCompany: forbidden, engine.RoleTeam: forbidden, engine.RoleExpert: forbidden},
		"GET /v1/accounts":               admins,
		"POST /v1/accounts":              admins,
		"POST /v1/accounts/:id/password": admins,
		// Pairing rounds, packages and service groups.
		"GET /v1/rounds":                             staff,
		"POST /v1/rounds":                            staff,
		"GET /v1/rounds/candidates":                  staff,
		"GET /v1/rounds/:id":                         staff,
		"POST /v1/rounds/:id/propose":                staff,
		"PUT /v1/rounds/:id/conflicts":               staff,
		"PUT /v1/rounds/:id/pairs/:mentee":           staff,
		"DELETE /v1/rounds/:id/pairs/:mentee":        staff,
		"POST /v1/rounds/:id/pairs/:mentee/approve":  staff,
		"GET /v1/rounds/:id/report":                  staff,
		"PUT /v1/rounds/:id/preferences/:mentee":     {engine.RoleAdmin: ok, engine.RoleAnalyst: ok, engine.RoleCompany: forbidden, engine.RoleTeam: forbidden, engine.RoleExpert: ok},
		"POST /v1/rounds/:id/pairs/:mentee/activity": {engine.RoleAdmin: ok, engine.RoleAnalyst: ok, engine.RoleCompany: forbidden, engine.RoleTeam: forbidden, engine.RoleExpert: ok},
		"GET /v1/me/pairing":                         {engine.RoleAdmin: forbidden, engine.RoleAnalyst: forbidden, engine.RoleCompany: forbidden, engine.RoleTeam: forbidden, engine.RoleExpert: ok},
		"POST /v1/packages/compose":                  staff,
		"POST /v1/packages":                          staff,
		"GET /v1/packages":                           staff,
		"GET /v1/packages/:id":                       staff,
		"POST /v1/packages/:id/assign":               staff,
		"GET /v1/groups":                             staff,
		"GET /v1/groups/:id":                         staff,
		"PUT /v1/groups/:id":                         staff,
	}
	w.programmeProfiles(t)
	// Every route is in the matrix.
	for _, r := range Routes() {
		if _, ok := calls[r.Method+" "+r.Path]; !ok {
			t.Errorf("route %s %s is missing from the access matrix", r.Method, r.Path)
		}
	}
	n := 0
	for name, c := range calls {
		for _, role := range append(engine.Roles(), "") {
			n++
			// Fresh IDs for calls that change state, so each role's call is judged on its own.
			path, body := c.path, c.body
			if strings.Contains(path, "%s") {
				id := "x" + itoa(n)
				ctx := context.Background()
				switch {
				case strings.HasPrefix(path, "/v1/needs/"):
					n := engine.Need{ID: id, Description: "测试", Enterprise: "甲公司"}
					if c.setup == "slot" { // open in the team's slot
						n.County, n.Industry = "温岭市", "泵与电机"
					}
					w.eng.PutNeeds(ctx, []engine.Need{n})
					own := map[engine.Role]string{engine.RoleTeam: "t1"}[role]
					if own == "" {
						own = "e1"
					}
					if c.setup == "assign" || c.setup == "accept" {
						if _, err := w.eng.Assign(ctx, engine.Operator(), id, own); err != nil {
							t.Fatal(err)
						}
					}
					if c.setup == "accept" {
						sup := engine.RoleExpert
						if own == "t1" {
							sup = engine.RoleTeam
						}
						if _, err := w.eng.Respond(ctx, engine.Viewer{Role: sup, Subject: own}, id, true, ""); err != nil {
							t.Fatal(err)
						}
					}
				case c.setup == "round" || c.setup == "approved" || c.setup == "package" || c.setup == "group":
					id = w.programmeSetup(t, c.setup, id)
				case strings.HasPrefix(path, "/v1/accounts/"):
					a, err := w.eng.CreateAccount(ctx, engine.Operator(), engine.AccountInput{Username: id, Role: engine.RoleAnalyst, Password: "12345678"})
					if err != nil {
						t.Fatal(err)
					}
					id = a.ID
				default:
					w.eng.PutProfiles(ctx, []engine.Profile{{ID: id, Kind: engine.KindExpert, Name: "测试"}})
				}
				path = strings.Replace(path, "%s", id, 1)
			}
			if strings.Contains(body, "%s") {
				body = strings.Replace(body, "%s", "p"+itoa(n), 1)
			}
			ctype := "application/json"
			a := w.do(t, role, c.method, path, ctype, strings.NewReader(body))
			if name == "PUT /v1/dictionary" {
				// A change is applied in the background; the next waits for it.
				w.eng.WaitDictionary(context.Background())
			}
			expect := 401
			if role != "" {
				expect = want[name][role]
			}
			switch {
			case expect == ok && (a.status < 200 || a.status > 299):
				t.Errorf("%s as %q: %d %s, want 2xx", name, role, a.status, a.raw)
			case expect != ok && a.status != expect:
				t.Errorf("%s as %q: %d, want %d", name, role, a.status, expect)
			case expect != ok && errorCode(a) == "":
				t.Errorf("%s as %q: refusal without a JSON error: %s", name, role, a.raw)
			}
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestVisibility(t *testing.T) {
	w := mustWorld(t)
	list := func(role engine.Role) []string {
		a := w.do(t, role, "GET", "/v1/needs", "", nil)
		var ids []string
		for _, n := range a.body["needs"].([]any) {
			ids = append(ids, n.(map[string]any)["id"].(string))
		}
		return ids
	}
	if got := list(engine.RoleCompany); !slices.Equal(got, []string{"n1"}) {
		t.Errorf("company sees %v, want its own need n1", got)
	}
	if got := list(engine.RoleAnalyst); len(got) != 2 {
		t.Errorf("analyst sees %v, want both", got)
	}
	if got := list(engine.RoleExpert); len(got) != 0 {
		t.Errorf("unassigned expert sees %v, want none", got)
	}
	if a := w.do(t, engine.RoleCompany, "GET", "/v1/needs/n2/matches", "", nil); a.status != 404 {
		t.Errorf("company matching another company's need: %d, want 404", a.status)
	}
	// Assigned, the expert sees the need.
	if _, err := w.eng.Assign(context.Background(), engine.Operator(), "n2", "e1"); err != nil {
		t.Fatal(err)
	}
	if got := list(engine.RoleExpert); !slices.Equal(got, []string{"n2"}) {
		t.Errorf("expert sees %v after assignment, want n2", got)
	}
	// A company's need is always its own enterprise's.
	a := w.do(t, engine.RoleCompany, "POST", "/v1/needs", "application/json", strings.NewReader(`{"description":"测试","enterprise":"乙公司"}`))
	if a.status != 403 {
		t.Errorf("company submitting for another enterprise: %d %s, want 403", a.status, a.raw)
	}
	a = w.do(t, engine.RoleCompany, "GET", "/v1/needs?status=submitted&limit=1&offset=0", "", nil)
	if a.status != 200 || a.body["total"].(float64) != 1 {
		t.Errorf("paged list: %d %s", a.status, a.raw)
	}
}

func TestBadRequests(t *testing.T) {
	w := mustWorld(t)
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
		{"not an object", "POST", "/v1/match", "application/json", `["电机"]`, 400, "invalid", "object"},
		{"negative k", "POST", "/v1/match", "application/json", `{"text":"电机","k":-5}`, 400, "invalid", "k ="},
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
		{"bad limit", "GET", "/v1/needs?limit=9999", "", "", 400, "invalid", "limit"},
		{"offset not a number", "GET", "/v1/profiles?offset=x", "", "", 400, "invalid", "offset"},
		{"need with status", "POST", "/v1/needs", "application/json", `{"description":"x","status":"resolved"}`, 400, "invalid", "status"},
		{"need without text", "POST", "/v1/needs", "application/json", `{"title":" "}`, 400, "invalid", "empty"},
		{"need with bad county", "POST", "/v1/needs", "application/json", `{"description":"x","county":"外星"}`, 400, "invalid", "county"},
		{"duplicate need id", "POST", "/v1/needs", "application/json", `{"id":"n1","description":"x"}`, 409, "conflict", "n1"},
		{"duplicate profile", "POST", "/v1/profiles", "application/json", `{"id":"e1","kind":"expert","name":"甲"}`, 409, "conflict", "e1"},
		{"profile id mismatch", "PUT", "/v1/profiles/e1", "application/json", `{"id":"t1","kind":"expert","name":"甲"}`, 400, "invalid", "differs"},
		{"update missing profile", "PUT", "/v1/profiles/zz", "application/json", `{"id":"zz","kind":"expert","name":"甲"}`, 404, "not_found", "zz"},
		{"withdraw twice", "POST", "/v1/needs/n2/withdraw", "", "", 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := w.do(t, engine.RoleAnalyst, tt.method, tt.url, tt.ctype, strings.NewReader(tt.body))
			if a.status != tt.status || errorCode(a) != tt.code {
				t.Fatalf("got %d %q, want %d %q: %.300s", a.status, errorCode(a), tt.status, tt.code, a.raw)
			}
			if tt.code == "" {
				return
			}
			e := a.body["error"].(map[string]any)
			msg, _ := e["message"].(string)
			detail, _ := e["detail"].(string)
			if !strings.Contains(msg+" "+detail, tt.message) {
				t.Errorf("message %q, detail %q: neither mentions %q", msg, detail, tt.message)
			}
			if !hasHan(msg) {
				t.Errorf("message %q is not in Chinese", msg)
			}
			if strings.Contains(detail, "api.") || strings.Contains(detail, "engine.") {
				t.Errorf("detail %q names the service's own types", detail)
			}
		})
	}
	if a := w.do(t, engine.RoleAnalyst, "POST", "/v1/needs/n2/withdraw", "", nil); a.status != 409 {
		t.Errorf("second withdraw: %d, want 409", a.status)
	}
	if a := w.do(t, "", "GET", "/v1/needs", "", nil); a.status != 401 || !strings.Contains(a.raw, "Bearer") {
		t.Errorf("no token: %d %s", a.status, a.raw)
	}
}

// hasHan reports whether s has a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestImportReportsBadLines(t *testing.T) {
	w := mustWorld(t)
	body := `{"id":"p1","kind":"expert","name":"甲"}` + "\n" + `{"id":"p2","kind":"robot","name":"乙"}` + "\n"
	a := w.do(t, engine.RoleAnalyst, "POST", "/v1/profiles/import", "application/x-ndjson", strings.NewReader(body))
	if a.status != 200 || a.body["imported"].(float64) != 1 {
		t.Fatalf("import: %d %s", a.status, a.raw)
	}
	errs := a.body["errors"].([]any)
	if len(errs) != 1 || errs[0].(map[string]any)["line"].(float64) != 2 {
		t.Errorf("errors = %v, want line 2", errs)
	}
	if a := w.do(t, engine.RoleAnalyst, "POST", "/v1/profiles/p2/deactivate", "", nil); a.status != 404 {
		t.Errorf("deactivating the refused profile: %d, want 404", a.status)
	}
	if a := w.do(t, engine.RoleAnalyst, "POST", "/v1/profiles/p1/deactivate", "", nil); a.status != 200 || a.body["inactive"] != true {
		t.Errorf("deactivate: %d %s", a.status, a.raw)
	}
}

// TestMetrics scrapes /metrics after a few requests and parses it with the
// Prometheus text parser.
func TestMetrics(t *testing.T) {
	w := mustWorld(t)
	for range 3 {
		w.do(t, engine.RoleAnalyst, "POST", "/v1/match", "application/json", strings.NewReader(`{"text":"伺服电机"}`))
	}
	w.do(t, engine.RoleAnalyst, "GET", "/v1/needs/none", "", nil)
	for i := range 5 { // made-up methods: one "other" label, not five new ones
		req, _ := http.NewRequest(fmt.Sprintf("MADEUP%d", i), w.base+"/healthz", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}
	resp, err := http.Get(w.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	hist := func(name string, labels map[string]string) uint64 {
		f := families[name]
		if f == nil {
			t.Fatalf("no %s in /metrics", name)
		}
		var n uint64
		for _, m := range f.GetMetric() {
			match := true
			for k, v := range labels {
				found := false
				for _, lp := range m.GetLabel() {
					if lp.GetName() == k && lp.GetValue() == v {
						found = true
					}
				}
				match = match && found
			}
			if match && m.GetHistogram() != nil {
				n += m.GetHistogram().GetSampleCount()
			}
		}
		return n
	}
	if n := hist("yxq_http_request_duration_seconds", map[string]string{"route": "/v1/match", "method": "POST", "status": "200"}); n != 3 {
		t.Errorf("request histogram for /v1/match: %d samples, want 3", n)
	}
	if n := hist("yxq_http_request_duration_seconds", map[string]string{"method": "other"}); n != 5 {
		t.Errorf("requests with made-up methods: %d samples labelled other, want 5", n)
	}
	for _, m := range families["yxq_http_request_duration_seconds"].GetMetric() {
		for _, lp := range m.GetLabel() {
			if lp.GetName() == "method" && strings.HasPrefix(lp.GetValue(), "MADEUP") {
				t.Errorf("a made-up method is a label value: %s", lp.GetValue())
			}
		}
	}
	if n := hist("yxq_http_request_duration_seconds", map[string]string{"route": "/v1/needs/:id", "status": "404"}); n != 1 {
		t.Errorf("request histogram for /v1/needs/:id 404: %d samples, want 1", n)
	}
	if n := hist("yxq_match_stage_duration_seconds", map[string]string{"stage": "retrieve"}); n != 3 {
		t.Errorf("retrieve stage histogram: %d samples, want 3", n)
	}
	if n := hist("yxq_match_candidates", nil); n != 3 {
		t.Errorf("candidates histogram: %d samples, want 3", n)
	}
	if f := families["yxq_errors_total"]; f == nil || f.GetMetric()[0].GetCounter().GetValue() < 1 {
		t.Errorf("errors counter: %v", f)
	}
	if f := families["yxq_index_documents"]; f == nil || f.GetMetric()[0].GetGauge().GetValue() != 2 {
		t.Errorf("index documents gauge: %v, want 2 (the profiles; needs are not indexed)", f)
	}
	if f := families["yxq_store_bytes"]; f == nil || f.GetMetric()[0].GetGauge().GetValue() <= 0 {
		t.Errorf("store bytes gauge: %v", f)
	}
	submitted := 0.0
	for _, m := range families["yxq_needs"].GetMetric() {
		if m.GetLabel()[0].GetValue() == "submitted" {
			submitted = m.GetGauge().GetValue()
		}
	}
	if submitted != 2 {
		t.Errorf("yxq_needs{status=submitted} = %v, want 2", submitted)
	}
}

// pathParam matches a gin path parameter (:id), written {id} in OpenAPI.
var pathParam = regexp.MustCompile(`:(\w+)`)

// TestOpenAPIMatchesRoutes keeps /openapi.json and the router in step.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	w := mustWorld(t)
	a := w.do(t, "", "GET", "/openapi.json", "", nil)
	if a.status != 200 || a.body["openapi"] != "3.0.3" {
		t.Fatalf("/openapi.json: %d %.200s", a.status, a.raw)
	}
	documented := map[string]bool{}
	for path, ops := range a.body["paths"].(map[string]any) {
		for method := range ops.(map[string]any) {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	served := map[string]bool{"GET /healthz": true, "GET /readyz": true, "GET /metrics": true, "GET /openapi.json": true,
		"GET /": true, "GET /assets/{file}": true, "GET /report/{path}": true, "POST /v1/login": true}
	for _, r := range Routes() {
		served[r.Method+" "+pathParam.ReplaceAllString(r.Path, "{$1}")] = true
	}
	for k := range served {
		if !documented[k] {
			t.Errorf("%s is served but not in /openapi.json", k)
		}
	}
	for k := range documented {
		if !served[k] {
			t.Errorf("%s is in /openapi.json but not served", k)
		}
	}
}

func TestStatusTable(t *testing.T) {
	tests := []struct {
		err    error
		status int
	}{
		{engine.ErrInvalid, 400},
		{engine.ErrUnauthorized, 401},
		{engine.ErrForbidden, 403},
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

// TestWorkflowOverHTTP walks a need from submission to resolution through
// the routes, as the company, the analyst and the expert.
func TestWorkflowOverHTTP(t *testing.T) {
	w := mustWorld(t)
	post := func(role engine.Role, path, body string) answer {
		t.Helper()
		return w.do(t, role, "POST", path, "application/json", strings.NewReader(body))
	}
	a := post(engine.RoleCompany, "/v1/needs", `{"title":"伺服电机噪声","description":"伺服电机转矩脉动导致噪声"}`)
	if a.status != 201 {
		t.Fatalf("submit: %d %s", a.status, a.raw)
	}
	id := a.body["id"].(string)
	steps := []struct {
		role       engine.Role
		path, body string
		status     string
	}{
		{engine.RoleAnalyst, "/matched", ``, "matched"},
		{engine.RoleAnalyst, "/assign", `{"profile_id":"e1"}`, ""},
		{engine.RoleExpert, "/respond", `{"accept":true}`, "accepted"},
		{engine.RoleExpert, "/progress", `{"note":"已完成现场测试"}`, "in_progress"},
		{engine.RoleExpert, "/finish", `{"resolved":true,"note":"噪声降至 65 dB"}`, "resolved"},
	}
	for _, s := range steps {
		a := post(s.role, "/v1/needs/"+id+s.path, s.body)
		if a.status != 200 || (s.status != "" && a.body["status"] != s.status) {
			t.Fatalf("%s as %s: %d %s", s.path, s.role, a.status, a.raw)
		}
	}
	if a := post(engine.RoleExpert, "/v1/needs/"+id+"/progress", `{"note":"再来"}`); a.status != 409 {
		t.Errorf("progress after resolution: %d, want 409", a.status)
	}
	if a := post(engine.RoleCompany, "/v1/needs/"+id+"/feedback", `{"profile_id":"e1","useful":true,"reason":"已解决"}`); a.status != 200 {
		t.Errorf("feedback: %d %s", a.status, a.raw)
	}
	q := w.do(t, engine.RoleAnalyst, "GET", "/v1/feedback/qrels", "", nil)
	if q.status != 200 || !strings.Contains(q.raw, id+"\t0\te1\t2") {
		t.Errorf("qrels: %d %q", q.status, q.raw)
	}
	f := w.do(t, engine.RoleAnalyst, "GET", "/v1/funnel", "", nil)
	if f.status != 200 || f.body["by_status"].(map[string]any)["resolved"].(float64) != 1 {
		t.Errorf("funnel: %d %s", f.status, f.raw)
	}
	box := w.do(t, engine.RoleExpert, "GET", "/v1/inbox", "", nil)
	if box.status != 200 || len(box.body["assigned"].([]any)) != 1 {
		t.Errorf("inbox: %d %s", box.status, box.raw)
	}
	b := post(engine.RoleAnalyst, "/v1/batch", `{"month":"2026-13"}`)
	if b.status != 400 {
		t.Errorf("batch with a bad month: %d", b.status)
	}
}

func TestRateLimitAndSecurityHeaders(t *testing.T) {
	w := mustWorld(t)
	srv := httptest.NewServer(New(w.eng, &Options{Limits: Limits{RatePerToken: 0.5, Burst: 2}}))
	defer srv.Close()
	w.base = srv.URL
	var last answer
	for range 3 {
		last = w.do(t, engine.RoleAnalyst, "GET", "/v1/needs", "", nil)
	}
	if last.status != 429 || errorCode(last) != "rate_limited" || last.header.Get("Retry-After") == "" {
		t.Errorf("third call over a burst of 2: %d %q Retry-After %q", last.status, errorCode(last), last.header.Get("Retry-After"))
	}
	// Another token has its own bucket.
	if a := w.do(t, engine.RoleCompany, "GET", "/v1/needs", "", nil); a.status != 200 {
		t.Errorf("another token: %d", a.status)
	}
	csp := last.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "object-src 'none'") || last.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("security headers: CSP %q", csp)
	}
}

func TestQueueAnswers503Quickly(t *testing.T) {
	s := &Server{log: slogDiscard()}
	g := gin.New()
	release, entered := make(chan struct{}), make(chan struct{}, 1)
	g.GET("/slow", s.queue(Limits{MaxInFlight: 1, QueueWait: 20 * time.Millisecond}), func(c *gin.Context) {
		entered <- struct{}{}
		<-release
		c.String(200, "done")
	})
	srv := httptest.NewServer(g)
	defer srv.Close()
	done := make(chan int)
	go func() {
		resp, err := http.Get(srv.URL + "/slow")
		if err == nil {
			resp.Body.Close()
			done <- resp.StatusCode
		} else {
			done <- 0
		}
	}()
	<-entered // the first request holds the only place
	start := time.Now()
	resp, err := http.Get(srv.URL + "/slow")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
		t.Errorf("second request: %d, want 503 with Retry-After", resp.StatusCode)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("503 took %v, want it quick", d)
	}
	close(release)
	if code := <-done; code != 200 {
		t.Errorf("first request: %d, want 200", code)
	}
}

// TestMatchBudgetTruncates gives a match no time at all: the answer is a
// truncated ranked prefix, not an error.
func TestMatchBudgetTruncates(t *testing.T) {
	w := mustWorld(t)
	srv := httptest.NewServer(New(w.eng, &Options{Limits: Limits{MatchBudget: time.Nanosecond}}))
	defer srv.Close()
	w.base = srv.URL
	a := w.do(t, engine.RoleAnalyst, "POST", "/v1/match", "application/json", strings.NewReader(`{"text":"伺服电机"}`))
	if a.status != 200 || a.body["stats"].(map[string]any)["truncated"] != true {
		t.Errorf("match with a spent budget: %d %s", a.status, a.raw)
	}
}

func slogDiscard() *slog.Logger { return slog.New(slog.DiscardHandler) }
