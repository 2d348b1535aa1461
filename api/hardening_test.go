package api

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"

	"yixianqian/engine"
)

// serveWith points w at a new server over the same engine with opts.
func (w *world) serveWith(t *testing.T, opts *Options) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(New(w.eng, opts))
	srv.Config.MaxHeaderBytes = MaxHeaderBytes
	srv.Start()
	t.Cleanup(srv.Close)
	w.base = srv.URL
	return srv
}

// rawDo sends one request with a raw Authorization header.
func rawDo(t *testing.T, base, method, path, auth, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header["Authorization"] = []string{auth}
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestAnonymousHeadersLeaveNothingBehind sends 2,000 requests, each with its
// own 8 KB Authorization header that is no token: every one is refused, and
// the heap afterwards holds nothing of them (the limits keep no state per
// header). A header over MaxHeaderBytes gets 431 before the API sees it.
func TestAnonymousHeadersLeaveNothingBehind(t *testing.T) {
	w := mustWorld(t)
	w.serveWith(t, nil)
	junk := func() string {
		b := make([]byte, 4096)
		rand.Read(b)
		return "Bearer " + hex.EncodeToString(b) // 8 KB, new every time
	}
	rawDo(t, w.base, "GET", "/v1/me", junk(), "") // warm up
	before := heapInUse()
	refused := map[int]int{}
	for range 2000 {
		code, _ := rawDo(t, w.base, "GET", "/v1/me", junk(), "")
		refused[code]++
	}
	growth := int64(heapInUse()) - int64(before)
	if refused[401]+refused[429] != 2000 {
		t.Errorf("answers to bad tokens: %v, want only 401 and 429", refused)
	}
	t.Logf("heap growth after 2,000 distinct 8 KB headers: %.1f MB (answers %v)", float64(growth)/(1<<20), refused)
	if growth > 4<<20 {
		t.Errorf("heap grew by %.1f MB after 2,000 anonymous requests; the limits must not keep them", float64(growth)/(1<<20))
	}
	big := "Bearer " + strings.Repeat("a", 2*MaxHeaderBytes)
	if code, _ := rawDo(t, w.base, "GET", "/v1/me", big, ""); code != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a %d KB header: %d, want 431", len(big)>>10, code)
	}
}

// TestBucketsAreBounded: a stream of new clients never grows the set past
// its bound, and a known client keeps its bucket.
func TestBucketsAreBounded(t *testing.T) {
	b := newBuckets(100, rate.Limit(1), 1)
	b.take("steady")
	for i := range 100000 {
		b.take(fmt.Sprint("client-", i))
		if i%10 == 0 {
			b.take("steady")
		}
	}
	if n := b.len(); n != 100 {
		t.Errorf("%d buckets after 100,000 clients, want the bound, 100", n)
	}
	if d := b.take("steady"); d == 0 {
		t.Error("a client seen all along lost its (empty) bucket")
	}
}

// TestBearerVariantsShareOneBucket sends 150 requests with one token
// written in several ways: spaces, tabs, case. Only the strict form is a
// token, and it has one bucket of 40, however it is written.
func TestBearerVariantsShareOneBucket(t *testing.T) {
	w := mustWorld(t)
	w.serveWith(t, &Options{Limits: Limits{RatePerToken: 0.01, Burst: 40}})
	tok := w.tokens[engine.RoleAnalyst]
	variants := []string{"Bearer %s", "Bearer  %s", "Bearer   %s", "Bearer\t%s", "bearer %s", "Bearer %s ", " Bearer %s", "BEARER %s"}
	passed, codes := 0, map[int]int{}
	for i := range 150 {
		code, _ := rawDo(t, w.base, "GET", "/v1/me", fmt.Sprintf(variants[i%len(variants)], tok), "")
		codes[code]++
		if code == 200 {
			passed++
		}
	}
	t.Logf("150 requests in %d spellings: %v", len(variants), codes)
	if passed > 41 {
		t.Errorf("%d of 150 passed, want at most the burst of 40 (+1 refilled)", passed)
	}
	for _, bad := range []string{"Bearer  " + tok, "Bearer " + tok + " x", "Basic " + tok, "Bearer"} {
		if _, ok := bearerToken(http.Header{"Authorization": {bad}}); ok {
			t.Errorf("%q parsed as a token", bad)
		}
	}
	if _, ok := bearerToken(http.Header{"Authorization": {"Bearer " + tok, "Bearer " + tok}}); ok {
		t.Error("two Authorization headers parsed as a token")
	}
}

// TestSlowBodiesHoldNoPlace: eight clients send a match body one byte at a
// time with four places in flight; others, the admin among them, are
// answered at once, and the slow senders get 408 after the body timeout.
func TestSlowBodiesHoldNoPlace(t *testing.T) {
	w := mustWorld(t)
	srv := w.serveWith(t, &Options{Limits: Limits{MaxInFlight: 4, QueueWait: 50 * time.Millisecond, BodyTimeout: 1500 * time.Millisecond, RatePerToken: 1000, Burst: 1000}})
	body := `{"text":"伺服电机噪声大"}`
	var conns []net.Conn
	for range 8 {
		c, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST /v1/match HTTP/1.1\r\nHost: yxq\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
			w.tokens[engine.RoleAnalyst], len(body), body[:1])
		conns = append(conns, c)
	}
	time.Sleep(300 * time.Millisecond) // the slow requests are in, reading
	for _, role := range []engine.Role{engine.RoleAdmin, engine.RoleCompany} {
		start := time.Now()
		a := w.do(t, role, "POST", "/v1/match", "application/json", strings.NewReader(body))
		took := time.Since(start)
		t.Logf("%s while 8 bodies trickle in: %d after %v", role, a.status, took.Round(time.Millisecond))
		if a.status != 200 || took > time.Second {
			t.Errorf("%s while 8 bodies trickle in: %d after %v: %.200s", role, a.status, took, a.raw)
		}
	}
	conns[0].SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conns[0]), nil)
	if err != nil {
		t.Fatalf("slow sender: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(b), "request_timeout") {
		t.Errorf("slow sender: %d %s, want 408 request_timeout", resp.StatusCode, b)
	}
}

// TestOneTokenCannotTakeEveryPlace: with four places and two per token, a
// token's third request is refused at once while another token is served.
func TestOneTokenCannotTakeEveryPlace(t *testing.T) {
	s := &Server{log: slogDiscard()}
	g := gin.New()
	release, entered := make(chan struct{}), make(chan struct{}, 8)
	g.GET("/slow", func(c *gin.Context) { c.Set(tokenKeyName, c.Query("tok")) },
		s.queue(Limits{MaxInFlight: 4, MaxInFlightPerToken: 2, QueueWait: 20 * time.Millisecond}),
		func(c *gin.Context) {
			entered <- struct{}{}
			<-release
			c.String(200, "done")
		})
	srv := httptest.NewServer(g)
	defer srv.Close()
	client := &http.Client{Timeout: 3 * time.Second} // a request that got a place would wait for release
	get := func(tok string) int {
		resp, err := client.Get(srv.URL + "/slow?tok=" + tok)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	var wg sync.WaitGroup
	codes := make(chan int, 3)
	for _, tok := range []string{"a", "a", "b"} {
		wg.Add(1)
		go func() { defer wg.Done(); codes <- get(tok) }()
	}
	for range 3 {
		<-entered
	}
	if code := get("a"); code != http.StatusTooManyRequests {
		t.Errorf("token a's third request: %d, want 429", code)
	}
	close(release)
	wg.Wait()
	close(codes)
	for code := range codes {
		if code != 200 {
			t.Errorf("a request within the shares: %d, want 200", code)
		}
	}
}

// TestOneWinnerPerID: eight writers create one need ID (and one profile
// ID) at the same moment, twenty times; exactly one gets 201, the others
// 409, and the stored record is the winner's.
func TestOneWinnerPerID(t *testing.T) {
	w := mustWorld(t)
	w.serveWith(t, &Options{Limits: Limits{RatePerToken: 1e6, Burst: 1e6, MaxInFlight: 256}})
	for trial := range 20 {
		for _, kind := range []string{"need", "profile"} {
			id := fmt.Sprintf("race-%s-%d", kind, trial)
			var wg sync.WaitGroup
			start := make(chan struct{})
			codes := make([]int, 8)
			bodies := make([]string, 8)
			for g := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					path, body := "/v1/needs", fmt.Sprintf(`{"id":%q,"description":"阀门内漏","enterprise":"企业%d"}`, id, g)
					if kind == "profile" {
						path, body = "/v1/profiles", fmt.Sprintf(`{"id":%q,"kind":"expert","name":"专家%d","keywords":["阀门"]}`, id, g)
					}
					<-start
					a := w.do(t, engine.RoleAnalyst, "POST", path, "application/json", strings.NewReader(body))
					codes[g], bodies[g] = a.status, a.raw
				}()
			}
			close(start)
			wg.Wait()
			winner, n201 := -1, 0
			for g, c := range codes {
				switch c {
				case 201:
					winner, n201 = g, n201+1
				case 409:
				default:
					t.Fatalf("%s %s writer %d: %d %s", kind, id, g, c, bodies[g])
				}
			}
			if n201 != 1 {
				t.Fatalf("%s %s: %d writers got 201 (%v), want exactly 1", kind, id, n201, codes)
			}
			path, want, field := "/v1/needs/"+id, fmt.Sprintf("企业%d", winner), "enterprise"
			if kind == "profile" {
				path, want, field = "/v1/profiles/"+id, fmt.Sprintf("专家%d", winner), "name"
			}
			if a := w.do(t, engine.RoleAnalyst, "GET", path, "", nil); a.body[field] != want {
				t.Fatalf("%s %s: stored %s %v, the winner wrote %s", kind, id, field, a.body[field], want)
			}
		}
	}
}

// TestCompanyCannotProbeNeedIDs: a company that names an ID gets the same
// answer whether another company's need has it or not; its needs get IDs
// the service makes.
func TestCompanyCannotProbeNeedIDs(t *testing.T) {
	w := mustWorld(t)
	taken := w.do(t, engine.RoleCompany, "POST", "/v1/needs", "application/json", strings.NewReader(`{"id":"n2","description":"阀门内漏"}`))
	free := w.do(t, engine.RoleCompany, "POST", "/v1/needs", "application/json", strings.NewReader(`{"id":"never-used","description":"阀门内漏"}`))
	if taken.status != free.status || errorCode(taken) != errorCode(free) || taken.status < 400 {
		t.Errorf("another company's ID: %d %s; a free ID: %d %s; want the same refusal", taken.status, taken.raw, free.status, free.raw)
	}
	a := w.do(t, engine.RoleCompany, "POST", "/v1/needs", "application/json", strings.NewReader(`{"description":"阀门内漏"}`))
	if a.status != 201 || !strings.HasPrefix(a.body["id"].(string), "need-") {
		t.Errorf("submission without an ID: %d %s", a.status, a.raw)
	}
}

// TestServerOwnedFieldsAreRefused: a submitted need may not bring its own
// status, creation time or history (forged steps 'by admin').
func TestServerOwnedFieldsAreRefused(t *testing.T) {
	w := mustWorld(t)
	for _, body := range []string{
		`{"description":"阀门内漏","history":[{"from":"submitted","to":"accepted","by":"admin","at":"2001-01-01T00:00:00Z"}]}`,
		`{"description":"阀门内漏","status":"resolved"}`,
		`{"description":"阀门内漏","created":"2001-01-01T00:00:00Z"}`,
	} {
		for _, role := range []engine.Role{engine.RoleCompany, engine.RoleAnalyst} {
			a := w.do(t, role, "POST", "/v1/needs", "application/json", strings.NewReader(body))
			if a.status != 400 || !hasHan(a.body["error"].(map[string]any)["message"].(string)) {
				t.Errorf("%s submits %s: %d %s, want 400 with a Chinese message", role, body, a.status, a.raw)
			}
		}
	}
	f := w.do(t, engine.RoleAnalyst, "GET", "/v1/funnel", "", nil)
	if h := f.body["median_hours_to_accept"].(float64); h < 0 {
		t.Errorf("funnel median time to acceptance %v hours", h)
	}
}

// TestNotesAndHistoryAreBounded: a supplier cannot grow a need without
// bound: a long note is refused, and so is the note past MaxNotes.
func TestNotesAndHistoryAreBounded(t *testing.T) {
	w := mustWorld(t)
	w.serveWith(t, &Options{Limits: Limits{RatePerToken: 1e6, Burst: 1e6}})
	ctx := context.Background()
	if _, err := w.eng.Assign(ctx, engine.Operator(), "n1", "e1"); err != nil {
		t.Fatal(err)
	}
	post := func(path, body string) answer {
		return w.do(t, engine.RoleExpert, "POST", "/v1/needs/n1"+path, "application/json", strings.NewReader(body))
	}
	if a := post("/respond", `{"accept":true}`); a.status != 200 {
		t.Fatalf("accept: %d %s", a.status, a.raw)
	}
	if a := post("/progress", `{"note":"`+strings.Repeat("测", 20000)+`"}`); a.status != 400 {
		t.Errorf("a 20,000-character note: %d, want 400", a.status)
	}
	ok, refused := 0, 0
	for i := range engine.MaxNotes + 10 {
		switch a := post("/progress", fmt.Sprintf(`{"note":"第 %d 次现场调试：%s"}`, i, strings.Repeat("记录", 500))); a.status {
		case 200:
			ok++
		case 409:
			refused++
		default:
			t.Fatalf("note %d: %d %s", i, a.status, a.raw)
		}
	}
	if ok != engine.MaxNotes || refused != 10 {
		t.Errorf("%d notes taken, %d refused; want %d and 10", ok, refused, engine.MaxNotes)
	}
	n := w.do(t, engine.RoleAnalyst, "GET", "/v1/needs/n1", "", nil)
	box := w.do(t, engine.RoleExpert, "GET", "/v1/inbox", "", nil)
	t.Logf("need %d KB, inbox %d KB after %d notes", len(n.raw)>>10, len(box.raw)>>10, ok)
	if len(box.raw) > 1<<20 {
		t.Errorf("inbox of one need is %d KB", len(box.raw)>>10)
	}
}

// TestFeedbackOnlyForShownSuppliers: a company judges only suppliers that
// were matched or assigned to its need; feedback feeds the qrels.
func TestFeedbackOnlyForShownSuppliers(t *testing.T) {
	w := mustWorld(t)
	ctx := context.Background()
	if err := w.eng.PutProfiles(ctx, []engine.Profile{{ID: "s9", Kind: engine.KindSociety, Name: "市茶叶学会", Keywords: []string{"茶叶", "炒青"}}}); err != nil {
		t.Fatal(err)
	}
	fb := func(profile string) answer {
		return w.do(t, engine.RoleCompany, "POST", "/v1/needs/n1/feedback", "application/json", strings.NewReader(`{"profile_id":"`+profile+`","useful":false,"reason":"方向不对口"}`))
	}
	if a := fb("s9"); a.status != 400 {
		t.Errorf("feedback on a society never shown for the need: %d %s, want 400", a.status, a.raw)
	}
	if a := fb("e1"); a.status != 200 {
		t.Errorf("feedback on a matched expert: %d %s", a.status, a.raw)
	}
	q := w.do(t, engine.RoleAnalyst, "GET", "/v1/feedback/qrels", "", nil)
	if strings.Contains(q.raw, "s9") || !strings.Contains(q.raw, "e1") {
		t.Errorf("qrels: %q", q.raw)
	}
}

// TestMetricsAuthAndAddress: with MetricsAuth /metrics asks for a staff
// token; with MetricsElsewhere the API does not serve it, MetricsHandler
// does.
func TestMetricsAuthAndAddress(t *testing.T) {
	w := mustWorld(t)
	w.serveWith(t, &Options{Registry: prometheus.NewRegistry(), MetricsAuth: true})
	for role, want := range map[engine.Role]int{"": 401, engine.RoleCompany: 403, engine.RoleAnalyst: 200} {
		if a := w.do(t, role, "GET", "/metrics", "", nil); a.status != want || (want == 200) != strings.Contains(a.raw, "yxq_needs") {
			t.Errorf("/metrics as %q: %d, want %d", role, a.status, want)
		}
	}
	s := New(w.eng, &Options{Registry: prometheus.NewRegistry(), MetricsElsewhere: true})
	api := httptest.NewServer(s)
	defer api.Close()
	metrics := httptest.NewServer(s.MetricsHandler())
	defer metrics.Close()
	if code, _ := rawDo(t, api.URL, "GET", "/metrics", "", ""); code != 404 {
		t.Errorf("/metrics on the API's address with MetricsElsewhere: %d, want 404", code)
	}
	if code, body := rawDo(t, metrics.URL, "GET", "/metrics", "", ""); code != 200 || !strings.Contains(body, `yxq_needs{status="submitted"} 2`) {
		t.Errorf("/metrics on its own address: %d %.200s", code, body)
	}
}

// TestListenerBoundsConnections: past PerAddr open connections from one
// address, or Total in all, a new connection is closed at once; a closed
// one gives its place back.
func TestListenerBoundsConnections(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := LimitListener(inner, ConnLimits{Total: 5, PerAddr: 3})
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { io.Copy(io.Discard, c); c.Close() }() // held until the client closes
		}
	}()
	dial := func(from byte) net.Conn {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, from)}}
		c, err := d.Dial("tcp", inner.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	open := func(c net.Conn) bool { // closed by the server: a read ends at once
		c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		_, err := c.Read(make([]byte, 1))
		var ne net.Error
		return errors.As(err, &ne) && ne.Timeout()
	}
	var held []net.Conn
	for range 3 {
		held = append(held, dial(2))
	}
	if c := dial(2); open(c) {
		t.Error("a fourth connection from one address stayed open")
	}
	held = append(held, dial(3), dial(3))
	if c := dial(4); open(c) {
		t.Error("a sixth connection in all stayed open")
	}
	for _, c := range held {
		if !open(c) {
			t.Error("a connection within the limits was closed")
		}
	}
	held[0].Close()
	time.Sleep(100 * time.Millisecond)
	if c := dial(4); !open(c) {
		t.Error("a place given back was not taken again")
	}
}
