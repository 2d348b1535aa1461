package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"yixianqian/engine"
)

// browserClient signs in like the pages do and keeps the session cookie.
type browserClient struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

func (b *browserClient) send(method, path, body string, csrf bool) answer {
	b.t.Helper()
	req, _ := http.NewRequest(method, b.base+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if csrf {
		req.Header.Set(csrfHeader, b.csrf)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	return readAnswer(b.t, method, path, resp)
}

func newBrowser(t *testing.T, base string) *browserClient {
	jar, _ := cookiejar.New(nil)
	return &browserClient{t: t, base: base, c: &http.Client{Jar: jar}}
}

func TestLoginSessionCookieAndCSRF(t *testing.T) {
	w := mustWorld(t)
	ctx := context.Background()
	if _, err := w.eng.CreateAccount(ctx, engine.Operator(), engine.AccountInput{Username: "13900001111", Name: "李工", Role: engine.RoleCompany, Subject: "甲公司", Password: "jia-gongsi-8"}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, w.base)
	if a := b.send("GET", "/v1/needs", "", false); a.status != 401 {
		t.Fatalf("before sign-in: %d", a.status)
	}
	a := b.send("POST", "/v1/login", `{"username":"13900001111","password":"jia-gongsi-8"}`, false)
	if a.status != 200 {
		t.Fatalf("login: %d %s", a.status, a.raw)
	}
	cookie := a.header.Get("Set-Cookie")
	for _, want := range []string{sessionCookie + "=", "HttpOnly", "SameSite=Strict", "Path=/"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("cookie %q lacks %s", cookie, want)
		}
	}
	if strings.Contains(cookie, "Secure") {
		t.Errorf("cookie over plain HTTP marked Secure: %q", cookie)
	}
	b.csrf, _ = a.body["csrf"].(string)
	if b.csrf == "" || strings.Contains(a.raw, "argon2") {
		t.Fatalf("login answer %s", a.raw)
	}
	me := b.send("GET", "/v1/me", "", false)
	if me.body["name"] != "甲公司" || me.body["csrf"] != b.csrf {
		t.Errorf("me under the session: %s", me.raw)
	}
	// A change without the CSRF token is refused; with it, it goes through.
	need := `{"title":"伺服电机温升高","description":"伺服电机连续运行温升超标"}`
	if a := b.send("POST", "/v1/needs", need, false); a.status != 403 || errorCode(a) != "csrf" || !hasHan(a.body["error"].(map[string]any)["message"].(string)) {
		t.Errorf("change without CSRF token: %d %s", a.status, a.raw)
	}
	if a := b.send("POST", "/v1/needs", need, true); a.status != 201 {
		t.Errorf("change with CSRF token: %d %s", a.status, a.raw)
	}
	if a := b.send("POST", "/v1/logout", "", true); a.status != 200 {
		t.Fatalf("logout: %d", a.status)
	}
	if a := b.send("GET", "/v1/needs", "", false); a.status != 401 {
		t.Errorf("after logout: %d", a.status)
	}
}

func TestLoginLockoutAndAddressThrottle(t *testing.T) {
	w := mustWorld(t)
	ctx := context.Background()
	if _, err := w.eng.CreateAccount(ctx, engine.Operator(), engine.AccountInput{Username: "kexie", Role: engine.RoleAnalyst, Password: "right-pass-1"}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, w.base)
	var last answer
	for i := 0; i < engine.MaxFailedSignIns; i++ {
		last = b.send("POST", "/v1/login", `{"username":"kexie","password":"wrong-pass"}`, false)
		if last.status != 401 {
			t.Fatalf("failure %d: %d", i+1, last.status)
		}
	}
	msg := func(a answer) string {
		e, _ := a.body["error"].(map[string]any)
		m, _ := e["message"].(string)
		return m
	}
	if !strings.Contains(msg(last), "锁定") {
		t.Errorf("fifth failure: %q", msg(last))
	}
	if a := b.send("POST", "/v1/login", `{"username":"kexie","password":"right-pass-1"}`, false); a.status != 401 || !strings.Contains(msg(a), "锁定") {
		t.Errorf("right password while locked: %d %q", a.status, msg(a))
	}
	// The address, trying other names, is refused after maxAddrFailures.
	for i := engine.MaxFailedSignIns + 1; i < maxAddrFailures; i++ {
		b.send("POST", "/v1/login", `{"username":"nobody","password":"whatever-1"}`, false)
	}
	if a := b.send("POST", "/v1/login", `{"username":"nobody","password":"whatever-1"}`, false); a.status != 429 || a.header.Get("Retry-After") == "" || !hasHan(msg(a)) {
		t.Errorf("address over its failures: %d %s", a.status, a.raw)
	}
}

// TestAddressThrottleHoldsAgainstAttemptsAtOnce sends more sign-ins at once
// from one address than it may fail: no more than maxAddrFailures are
// checked, the rest are refused with 429.
func TestAddressThrottleHoldsAgainstAttemptsAtOnce(t *testing.T) {
	w := mustWorld(t)
	b := newBrowser(t, w.base)
	const n = maxAddrFailures + 15
	statuses := make(chan int, n)
	for i := range n {
		go func() {
			statuses <- b.send("POST", "/v1/login", fmt.Sprintf(`{"username":"ghost%d","password":"whatever-1"}`, i), false).status
		}()
	}
	checked := 0
	for range n {
		switch st := <-statuses; st {
		case http.StatusUnauthorized:
			checked++
		case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		default:
			t.Errorf("a sign-in at once answered %d", st)
		}
	}
	if checked > maxAddrFailures {
		t.Errorf("%d of %d sign-ins at once were checked, want at most %d", checked, n, maxAddrFailures)
	}
}

// TestOneAccountsSessionsShareOneRate: signing in again gives no new rate
// bucket; two sessions of one account draw on the same one.
func TestOneAccountsSessionsShareOneRate(t *testing.T) {
	w := mustWorld(t)
	srv := httptest.NewServer(New(w.eng, &Options{Limits: Limits{RatePerToken: 0.01, Burst: 3}}))
	defer srv.Close()
	if _, err := w.eng.CreateAccount(context.Background(), engine.Operator(), engine.AccountInput{Username: "kexie2", Name: "周敏", Role: engine.RoleAnalyst, Password: "kexie-pass-2"}); err != nil {
		t.Fatal(err)
	}
	var sessions []*browserClient
	for range 2 {
		b := newBrowser(t, srv.URL)
		if a := b.send("POST", "/v1/login", `{"username":"kexie2","password":"kexie-pass-2"}`, false); a.status != 200 {
			t.Fatalf("login: %d %s", a.status, a.raw)
		}
		sessions = append(sessions, b)
	}
	var statuses []int
	for i := range 4 {
		statuses = append(statuses, sessions[i%2].send("GET", "/v1/needs", "", false).status)
	}
	if statuses[3] != http.StatusTooManyRequests {
		t.Errorf("4 requests from two sessions of one account over a burst of 3: %v, want the 4th refused", statuses)
	}
}

func TestAdminCreatesAccountsAndResetsPasswords(t *testing.T) {
	w := mustWorld(t)
	a := w.do(t, engine.RoleAdmin, "POST", "/v1/accounts", "application/json", strings.NewReader(`{"username":"wang","name":"王伟","role":"expert","subject":"e1","password":"wang-wei-88"}`))
	if a.status != 201 || a.body["subject_name"] != "王伟" || strings.Contains(a.raw, "password") {
		t.Fatalf("create: %d %s", a.status, a.raw)
	}
	id := a.body["id"].(string)
	if a := w.do(t, engine.RoleAdmin, "POST", "/v1/accounts", "application/json", strings.NewReader(`{"username":"WANG","role":"analyst","password":"12345678"}`)); a.status != 409 || !hasHan(a.raw) {
		t.Errorf("same user name: %d %s", a.status, a.raw)
	}
	if a := w.do(t, engine.RoleAdmin, "POST", "/v1/accounts/"+id+"/password", "application/json", strings.NewReader(`{"password":"new-pass-99"}`)); a.status != 200 {
		t.Fatalf("reset: %d %s", a.status, a.raw)
	}
	b := newBrowser(t, w.base)
	if a := b.send("POST", "/v1/login", `{"username":"wang","password":"new-pass-99"}`, false); a.status != 200 {
		t.Fatalf("login after reset: %d %s", a.status, a.raw)
	} else {
		b.csrf = a.body["csrf"].(string)
	}
	if a := b.send("PUT", "/v1/me/password", `{"current":"new-pass-99","password":"own-choice-1"}`, true); a.status != 200 {
		t.Errorf("own change: %d %s", a.status, a.raw)
	}
	list := w.do(t, engine.RoleAdmin, "GET", "/v1/accounts", "", nil)
	if list.status != 200 || !strings.Contains(list.raw, `"username":"wang"`) || strings.Contains(list.raw, "argon2") {
		t.Errorf("list: %s", list.raw)
	}
}

// TestOpenAPIIsValid checks /openapi.json with an OpenAPI 3 validator.
func TestOpenAPIIsValid(t *testing.T) {
	w := mustWorld(t)
	a := w.do(t, "", "GET", "/openapi.json", "", nil)
	doc, err := openapi3.NewLoader().LoadFromData([]byte(a.raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not valid OpenAPI 3: %v", err)
	}
}

func TestReportOpensDirectlyOrSaysThereIsNone(t *testing.T) {
	w := mustWorld(t) // no report directory
	a := w.do(t, "", "GET", "/report/", "", nil)
	if a.status != 404 || !strings.Contains(a.raw, "暂无匹配质量评估报告") {
		t.Errorf("no report: %d %.200s", a.status, a.raw)
	}
}

func readAnswer(t *testing.T, method, path string, resp *http.Response) answer {
	t.Helper()
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &a.body); err != nil {
			t.Fatalf("%s %s: answer is not JSON: %q", method, path, raw)
		}
	}
	return a
}
