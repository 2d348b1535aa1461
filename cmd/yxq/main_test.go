package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"yixianqian/engine/demo"
)

// syncBuffer is a bytes.Buffer safe to read while run writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runCmd runs yxq with args and returns its output and error.
func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

var addrRE = regexp.MustCompile(`listening on (http://\S+)`)

var tokenRE = regexp.MustCompile(`(?m)^token (\w+) (\S+)$`)

// demoTokens returns the tokens serve printed, by role.
func demoTokens(out string) map[string]string {
	m := map[string]string{}
	for _, sub := range tokenRE.FindAllStringSubmatch(out, -1) {
		m[sub[1]] = sub[2]
	}
	return m
}

// startServe runs 'yxq serve' in the background on a free port and returns
// its base URL and standard output so far; the server stops when the test
// ends, and the test fails if it did not stop cleanly.
func startServe(t *testing.T, args ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	errb := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), out, errb)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v after shutdown", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop within 15 s")
		}
		// No secret reaches the logs.
		for role, tok := range demoTokens(out.String()) {
			if strings.Contains(errb.String(), tok) {
				t.Errorf("the %s token appears in the log", role)
			}
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := addrRE.FindStringSubmatch(out.String()); m != nil {
			return m[1], out.String()
		}
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v\nstdout: %s\nstderr: %s", err, out.String(), errb.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve printed no address\nstdout: %s\nstderr: %s", out.String(), errb.String())
	return "", ""
}

func getJSON(t *testing.T, method, url, body string, v any) int {
	t.Helper()
	return getJSONAs(t, "", method, url, body, v)
}

// getJSONAs is getJSON with a bearer token.
func getJSONAs(t *testing.T, token, method, url, body string, v any) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s %s: body %q: %v", method, url, b, err)
		}
	}
	return resp.StatusCode
}

func TestServeSeedsDemoAndAnswers(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	base, out := startServe(t, "--data", data)
	tokens := demoTokens(out)
	if len(tokens) != 5 {
		t.Fatalf("serve printed tokens for %v, want all five roles:\n%s", tokens, out)
	}
	analyst := tokens["analyst"]

	var health map[string]string
	if code := getJSON(t, "GET", base+"/healthz", "", &health); code != 200 || health["status"] != "ok" {
		t.Fatalf("/healthz = %d %v", code, health)
	}
	if code := getJSON(t, "GET", base+"/readyz", "", nil); code != 200 {
		t.Errorf("/readyz = %d", code)
	}
	var res struct {
		Matches []struct {
			Profile struct{ ID, Kind string }
		}
		TookMS *float64 `json:"took_ms"`
	}
	code := getJSONAs(t, analyst, "POST", base+"/v1/match", `{"text":"屏蔽泵电机效率偏低，想做永磁同步电机替代","k":5}`, &res)
	if code != 200 || len(res.Matches) != 5 || res.TookMS == nil {
		t.Fatalf("/v1/match = %d %+v", code, res)
	}
	var need struct{ ID, Status string }
	if code := getJSONAs(t, tokens["company"], "GET", base+"/v1/needs/need-001", "", &need); code != 200 || need.ID != "need-001" || need.Status != "submitted" {
		t.Errorf("/v1/needs/need-001 = %d %+v", code, need)
	}
	var e struct {
		Error struct{ Code, Message, Detail string }
	}
	if code := getJSON(t, "GET", base+"/v1/needs/need-001", "", &e); code != 401 || e.Error.Code != "unauthorized" {
		t.Errorf("no token: %d %+v, want 401", code, e)
	}
	if code := getJSONAs(t, tokens["company"], "GET", base+"/v1/needs/need-002", "", &e); code != 404 {
		t.Errorf("a company reading another company's need: %d, want 404", code)
	}
	if code := getJSONAs(t, analyst, "GET", base+"/v1/profiles/nobody", "", &e); code != 404 || e.Error.Code != "not_found" {
		t.Errorf("/v1/profiles/nobody = %d %+v", code, e)
	}
	if code := getJSONAs(t, analyst, "POST", base+"/v1/match", `{"text":"阀门","k":"ten"}`, &e); code != 400 || !strings.Contains(e.Error.Message+" "+e.Error.Detail, "k") {
		t.Errorf("match with k as a string = %d %+v", code, e)
	}
	if code := getJSONAs(t, analyst, "POST", base+"/v1/match", `{"text":""}`, &e); code != 400 {
		t.Errorf("match with empty text = %d %+v", code, e)
	}
}

func TestServeRestartKeepsDataAndDoesNotReseed(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if _, _, err := runCmd(t, "import", "--data", data, "--profiles", writeTemp(t, `{"id":"only","kind":"expert","name":"独","keywords":["量子点显示"]}`)); err != nil {
		t.Fatal(err)
	}
	tokOut, _, err := runCmd(t, "token", "create", "--data", data, "--role", "analyst")
	if err != nil {
		t.Fatal(err)
	}
	token := demoTokens(tokOut)["analyst"]
	base, out := startServe(t, "--data", data)
	if strings.Contains(out, "token ") {
		t.Errorf("serve printed demo tokens for non-demo data:\n%s", out)
	}
	var res struct {
		Matches []struct{ Profile struct{ ID string } }
	}
	getJSONAs(t, token, "POST", base+"/v1/match", `{"text":"量子点显示"}`, &res)
	if len(res.Matches) != 1 || res.Matches[0].Profile.ID != "only" {
		t.Errorf("matches = %+v, want only the imported profile (no demo seeded into a used store)", res)
	}
}

func writeTemp(t *testing.T, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportReportsBadLinesAndLoadsTheRest(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	in := writeTemp(t,
		`{"id":"a","kind":"expert","name":"甲","keywords":["伺服电机"]}`,
		`{"id":"b","kind":"expert"}`,
		`{"id":"c","kind":"team","name":"丙","keywords":["阀门"]}`,
	)
	out, errOut, err := runCmd(t, "import", "--data", data, "--profiles", in)
	if err == nil || exitCode(err) != 1 {
		t.Fatalf("import with a bad line: err = %v, want exit 1", err)
	}
	if !strings.Contains(out, "imported 2 profiles") {
		t.Errorf("stdout = %q, want 'imported 2 profiles'", out)
	}
	if !strings.Contains(errOut, in+":2: 拒绝：名称不能为空") {
		t.Errorf("stderr = %q, want the bad line named", errOut)
	}
	exported := filepath.Join(t.TempDir(), "out.jsonl")
	if _, _, err := runCmd(t, "export", "--data", data, "--profiles", exported); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(exported)
	if n := strings.Count(string(b), "\n"); n != 2 {
		t.Errorf("exported %d profiles, want 2:\n%s", n, b)
	}
}

func TestImportExportDemoRoundTrip(t *testing.T) {
	dir := t.TempDir()
	pin, nin := filepath.Join(dir, "p.jsonl"), filepath.Join(dir, "n.jsonl")
	for path, r := range map[string]io.Reader{pin: demo.Profiles(), nin: demo.Needs()} {
		b, _ := io.ReadAll(r)
		os.WriteFile(path, b, 0o644)
	}
	data := filepath.Join(dir, "data")
	out, _, err := runCmd(t, "import", "--data", data, "--profiles", pin, "--needs", nin)
	if err != nil || !strings.Contains(out, "imported 185 profiles") || !strings.Contains(out, "imported 60 needs") {
		t.Fatalf("import = %q, %v", out, err)
	}
	pout, _, err := runCmd(t, "export", "--data", data, "--profiles", "-")
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := os.ReadFile(pin)
	if got, want := sortedLines(pout), sortedLines(string(orig)); !slices.Equal(got, want) {
		t.Errorf("exported profiles differ from the imported file: %d lines, want %d", len(got), len(want))
	}
	nout, _, err := runCmd(t, "export", "--data", data, "--needs", "-")
	if err != nil || strings.Count(nout, "\n") != 60 || !strings.Contains(nout, `"status":"submitted"`) {
		t.Errorf("exported needs: %d lines, err %v", strings.Count(nout, "\n"), err)
	}
}

// sortedLines returns the lines of s sorted: export writes in ID order.
func sortedLines(s string) []string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	slices.Sort(lines)
	return lines
}

func TestMatchRebuildsCorruptIndex(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	in := writeTemp(t, `{"id":"a","kind":"expert","name":"甲","keywords":["伺服电机"]}`)
	if _, _, err := runCmd(t, "import", "--data", data, "--profiles", in); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "index", "index_meta.json"), []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := runCmd(t, "match", "--data", data, "伺服电机")
	if err != nil {
		t.Fatalf("match on a corrupt index: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "a") || !strings.Contains(out, "1 match in") {
		t.Errorf("match output = %q", out)
	}
	if !strings.Contains(errOut, "index rebuilt") {
		t.Errorf("stderr = %q, want a note that the index was rebuilt", errOut)
	}

	// A missing index is rebuilt the same way.
	os.RemoveAll(filepath.Join(data, "index"))
	if out, _, err := runCmd(t, "match", "--data", data, "伺服电机"); err != nil || !strings.Contains(out, "1 match in") {
		t.Errorf("match without an index = %q, %v", out, err)
	}
	if out, _, err := runCmd(t, "reindex", "--data", data); err != nil || !strings.Contains(out, "reindexed 1 profile in") {
		t.Errorf("reindex = %q, %v", out, err)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"import", "--data", t.TempDir()},
		{"export"},
		{"match"},
		{"serve", "--no-such-flag"},
		{"dict"},
	} {
		_, _, err := runCmd(t, args...)
		if err == nil || exitCode(err) != 2 {
			t.Errorf("yxq %v: err = %v, want a usage error (exit 2)", args, err)
		}
	}
	_, _, err := runCmd(t, "import", "--data", t.TempDir(), "--profiles", "/no/such/file.jsonl")
	if err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("import of a missing file: %v", err)
	}
	_, _, err = runCmd(t, "serve", "--data", t.TempDir(), "--dict-dir", t.TempDir())
	if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), "jieba.dict.utf8") {
		t.Errorf("serve with an empty --dict-dir: %v, want the missing file named", err)
	}
}

// TestMissingStoreIsRefused runs every command that reads a store on a
// directory without one: each is refused with exit status 1 and a message
// that says what to do, and nothing is created.
func TestMissingStoreIsRefused(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "typo")
	for _, args := range [][]string{
		{"match", "--data", missing, "阀门"},
		{"export", "--data", missing, "--profiles", "-"},
		{"export", "--data", missing, "--report", "needs", filepath.Join(t.TempDir(), "needs.xlsx")},
		{"reindex", "--data", missing},
		{"batch", "--data", missing},
		{"token", "list", "--data", missing},
		{"dict", "save", "--data", missing, "--words", filepath.Join(t.TempDir(), "w.txt")},
	} {
		_, _, err := runCmd(t, args...)
		if exitCode(err) != 1 || !strings.Contains(fmt.Sprint(err), "no store in "+missing) || !strings.Contains(fmt.Sprint(err), "yxq import") {
			t.Errorf("yxq %v: %v, want exit 1 naming the directory and what to do", args[0], err)
		}
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s was created: %v", missing, err)
	}
}

// TestTrimpathBinaryWithShippedDictionaries builds yxq with -trimpath (so
// gojieba's compiled-in dictionary path is useless), ships the dictionaries
// with 'yxq dict export', and checks that the binary starts with them and
// fails with a clear message without them.
func TestTrimpathBinaryWithShippedDictionaries(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin", "yxq")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -trimpath: %v\n%s", err, out)
	}
	dict := filepath.Join(dir, "shipped-dict")
	if _, _, err := runCmd(t, "dict", "export", dict); err != nil {
		t.Fatal(err)
	}
	// An environment where the module cache cannot be found.
	empty := t.TempDir()
	env := []string{"HOME=" + empty, "GOPATH=" + empty, "GOMODCACHE=" + empty, "PATH=" + os.Getenv("PATH")}

	noDict := exec.Command(bin, "serve", "--data", filepath.Join(dir, "d1"), "--addr", "127.0.0.1:0")
	noDict.Env = env
	out, err := noDict.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(string(out), "no gojieba dictionary directory found") || strings.Contains(string(out), "panic") {
		t.Errorf("without dictionaries: err %v, output %s; want exit 1 with a clear message", err, out)
	}

	srv := exec.Command(bin, "serve", "--dict-dir", dict, "--data", filepath.Join(dir, "d2"), "--addr", "127.0.0.1:0")
	srv.Env = env
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr syncBuffer
	srv.Stderr = &stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		srv.Process.Signal(os.Interrupt)
		if err := srv.Wait(); err != nil {
			t.Errorf("serve after SIGINT: %v\n%s", err, stderr.String())
		}
	}()
	sc := bufio.NewScanner(stdout)
	var base string
	for sc.Scan() {
		if m := addrRE.FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
			break
		}
	}
	if base == "" {
		t.Fatalf("trimpath binary printed no address; stderr: %s", stderr.String())
	}
	go io.Copy(io.Discard, stdout)
	var health map[string]string
	if code := getJSON(t, "GET", base+"/healthz", "", &health); code != 200 || health["status"] != "ok" {
		t.Errorf("/healthz = %d %v", code, health)
	}
}

func TestEvalCommand(t *testing.T) {
	dir := t.TempDir()
	pin, nin, qin := filepath.Join(dir, "p.jsonl"), filepath.Join(dir, "n.jsonl"), filepath.Join(dir, "q.tsv")
	b, _ := io.ReadAll(demo.Profiles())
	os.WriteFile(pin, b, 0o644)
	os.WriteFile(nin, []byte(`{"id":"q1","description":"屏蔽泵电机效率偏低，想做永磁同步电机替代"}`+"\n"+`{"id":"q2","description":"杨梅采后保鲜期短"}`+"\n"), 0o644)
	// Judge by the demo's industries: pump experts for q1, agriculture for q2.
	var q strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var p struct {
			ID         string
			Industries []string
		}
		json.Unmarshal([]byte(line), &p)
		if slices.Contains(p.Industries, "泵与电机") {
			fmt.Fprintf(&q, "q1\t0\t%s\t2\n", p.ID)
		}
		if slices.Contains(p.Industries, "现代农业") {
			fmt.Fprintf(&q, "q2\t0\t%s\t2\n", p.ID)
		}
	}
	os.WriteFile(qin, []byte(q.String()), 0o644)

	out, errOut, err := runCmd(t, "eval", "--profiles", pin, "--needs", nin, "--qrels", qin, "--json")
	if err != nil {
		t.Fatalf("eval: %v\n%s", err, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("eval --json printed %q: %v", out, err)
	}
	for _, key := range []string{"ndcg@5", "ndcg@10", "p@5", "p@10", "mrr", "map", "recall@50", "latency_ms"} {
		if _, ok := got[key]; !ok {
			t.Errorf("eval --json lacks %q: %s", key, out)
		}
	}
	if v, _ := got["p@5"].(float64); v < 0.8 {
		t.Errorf("p@5 = %v on two easy demo needs, want ≥ 0.8", v)
	}

	report := filepath.Join(dir, "report")
	run := filepath.Join(dir, "run.txt")
	out, errOut, err = runCmd(t, "eval", "--profiles", pin, "--needs", nin, "--qrels", qin, "--config", "jieba-tfidf", "--config", "default", "--report", report, "--run", run)
	if err != nil {
		t.Fatalf("eval with configs: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "| jieba-tfidf |") || !strings.Contains(out, "| default |") || !strings.Contains(out, "(p = ") {
		t.Errorf("comparison table:\n%s", out)
	}
	for _, f := range []string{"report.json", "report.md", "report.html"} {
		if _, err := os.Stat(filepath.Join(report, f)); err != nil {
			t.Error(err)
		}
	}
	rb, _ := os.ReadFile(run)
	if !strings.HasPrefix(string(rb), "q1 Q0 ") {
		t.Errorf("run file starts %.40q", rb)
	}
	// Quality per dictionary version: the same run with a staff dictionary.
	words, syns := filepath.Join(dir, "w.txt"), filepath.Join(dir, "s.txt")
	os.WriteFile(words, []byte("汇流泵 3000\n"), 0o644)
	os.WriteFile(syns, []byte("汇流泵 = 屏蔽泵\n"), 0o644)
	out, errOut, err = runCmd(t, "eval", "--profiles", pin, "--needs", nin, "--qrels", qin, "--dict-words", words, "--dict-synonyms", syns)
	if err != nil || !strings.Contains(out, "| flags+dict |") || !strings.Contains(out, "+ 1 words, 1 synonym groups") {
		t.Errorf("eval with a dictionary: %v\n%s\n%s", err, out, errOut)
	}
	if _, _, err := runCmd(t, "eval", "--profiles", pin, "--needs", nin, "--qrels", qin, "--config", "nope"); exitCode(err) != 2 {
		t.Errorf("unknown config: %v, want a usage error", err)
	}
}

func TestBenchCommand(t *testing.T) {
	out, errOut, err := runCmd(t, "bench", "--profiles", "300", "--needs", "20", "--requests", "20", "--callers", "1,2")
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, errOut)
	}
	for _, want := range []string{"profiles/s", "match/callers=2", "http/callers=1", "peak RSS", "BenchmarkYxq/profiles=300/http/callers=2\t20\t"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench output lacks %q:\n%s", want, out)
		}
	}
	if _, _, err := runCmd(t, "bench", "--callers", "0"); exitCode(err) != 2 {
		t.Errorf("bench --callers 0: %v, want a usage error", err)
	}
}

func TestTokenCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	profiles := filepath.Join(t.TempDir(), "p.jsonl")
	os.WriteFile(profiles, []byte(`{"id":"e1","kind":"expert","name":"王伟"}`+"\n"), 0o644)
	if _, _, err := runCmd(t, "import", "--data", data, "--profiles", profiles); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "token", "create", "--data", data, "--role", "company", "--subject", "甲公司", "--name", "甲")
	if err != nil || demoTokens(out)["company"] == "" {
		t.Fatalf("token create = %q, %v", out, err)
	}
	list, _, err := runCmd(t, "token", "list", "--data", data)
	if err != nil || !strings.Contains(list, "company") || !strings.Contains(list, "甲公司") || strings.Contains(list, demoTokens(out)["company"]) {
		t.Fatalf("token list = %q, %v (must not show the secret)", list, err)
	}
	id := strings.Fields(strings.Split(list, "\n")[1])[0]
	if out, _, err := runCmd(t, "token", "revoke", "--data", data, id); err != nil || !strings.Contains(out, "revoked") {
		t.Errorf("revoke = %q, %v", out, err)
	}
	if _, _, err := runCmd(t, "token", "revoke", "--data", data, id); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("second revoke: %v", err)
	}
	for _, args := range [][]string{{"token"}, {"token", "create", "--data", data}, {"token", "mint"}, {"token", "revoke", "--data", data}} {
		if _, _, err := runCmd(t, args...); exitCode(err) != 2 {
			t.Errorf("yxq %v: %v, want a usage error", args, err)
		}
	}
	if _, _, err := runCmd(t, "token", "create", "--data", data, "--role", "company"); err == nil || exitCode(err) != 1 {
		t.Errorf("company token without subject: %v, want exit 1", err)
	}
}

func TestBatchCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	pin, nin := filepath.Join(dir, "p.jsonl"), filepath.Join(dir, "n.jsonl")
	for path, r := range map[string]io.Reader{pin: demo.Profiles(), nin: demo.Needs()} {
		b, _ := io.ReadAll(r)
		os.WriteFile(path, b, 0o644)
	}
	if _, _, err := runCmd(t, "import", "--data", data, "--profiles", pin, "--needs", nin); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := runCmd(t, "batch", "--data", data, "--month", "2026-12")
	if err != nil || !strings.Contains(out, "month 2026-12: 60 pending needs") || !strings.Contains(errOut, "dry run") {
		t.Fatalf("dry run = %q %q %v", out, errOut, err)
	}
	out, _, err = runCmd(t, "batch", "--data", data, "--month", "2026-12", "--apply")
	if err != nil || !strings.Contains(out, "assigned ") {
		t.Fatalf("apply = %q %v", out, err)
	}
	again, _, err := runCmd(t, "batch", "--data", data, "--month", "2026-12", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var plan struct{ Needs int }
	json.Unmarshal([]byte(again), &plan)
	if plan.Needs >= 60 {
		t.Errorf("after apply %d needs are still pending", plan.Needs)
	}
	if _, _, err := runCmd(t, "batch", "--data", data, "--month", "2026-13"); err == nil {
		t.Error("a bad month was accepted")
	}
}

// TestBackupWhileServingAndRestore backs up a running service through its
// API, restores the copy into a new data directory and matches there.
func TestBackupWhileServingAndRestore(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	base, out := startServe(t, "--data", data)
	admin := demoTokens(out)["admin"]
	backup := filepath.Join(dir, "backup.db")
	if o, e, err := runCmd(t, "backup", "--from", base, "--token", admin, backup); err != nil || !strings.Contains(o, "backed up") {
		t.Fatalf("backup from the running service = %q %q %v", o, e, err)
	}
	if _, _, err := runCmd(t, "backup", "--from", base, "--token", demoTokens(out)["analyst"], filepath.Join(dir, "nope.db")); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("backup with an analyst token: %v, want 403", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "nope.db")); err == nil {
		t.Error("a refused backup left a file")
	}
	restored := filepath.Join(dir, "restored")
	o, e, err := runCmd(t, "restore", "--data", restored, backup)
	if err != nil || !strings.Contains(o, "restored 186 profiles and 66 needs") {
		t.Fatalf("restore = %q %q %v", o, e, err)
	}
	if o, _, err := runCmd(t, "match", "--data", restored, "注塑模具冷却不均"); err != nil || !strings.Contains(o, "10 matches") {
		t.Errorf("match after restore = %q %v", o, err)
	}
	if _, _, err := runCmd(t, "restore", "--data", restored, backup); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("restore over a store without --force: %v", err)
	}
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database"), 0o644)
	if _, _, err := runCmd(t, "restore", "--data", filepath.Join(dir, "r2"), junk); err == nil {
		t.Error("restoring a file that is not a store succeeded")
	}
	// Offline backup of the restored directory.
	if o, _, err := runCmd(t, "backup", "--data", restored, filepath.Join(dir, "offline.db")); err != nil || !strings.Contains(o, "backed up") {
		t.Errorf("offline backup = %q %v", o, err)
	}
}

func TestLoadCommand(t *testing.T) {
	out, errOut, err := runCmd(t, "load", "--profiles", "300", "--duration", "2s", "--rate", "40", "--callers", "2")
	if err != nil {
		t.Fatalf("load: %v\n%s\n%s", err, out, errOut)
	}
	for _, want := range []string{"match", "read", "write", "RSS:"} {
		if !strings.Contains(out, want) {
			t.Errorf("load output lacks %q:\n%s", want, out)
		}
	}
	if _, _, err := runCmd(t, "load", "--duration", "1h"); exitCode(err) != 2 {
		t.Errorf("load --duration 1h: %v, want a usage error", err)
	}
}

func TestDictionaryOverHTTPAndCLI(t *testing.T) {
	base, out := startServe(t, "--data", filepath.Join(t.TempDir(), "data"))
	analyst := demoTokens(out)["analyst"]
	var d struct {
		Dictionary struct{ Version int }
		Reindex    struct{ Running bool }
	}
	body := `{"words":[{"text":"汇流泵","freq":3000}],"synonyms":[["汇流泵","屏蔽泵"]]}`
	if code := getJSONAs(t, analyst, "PUT", base+"/v1/dictionary", body, &d); code != 200 || d.Dictionary.Version != 1 {
		t.Fatalf("PUT /v1/dictionary: %d %+v", code, d)
	}
	deadline := time.Now().Add(60 * time.Second)
	for getJSONAs(t, analyst, "GET", base+"/v1/dictionary", "", &d); d.Reindex.Running; getJSONAs(t, analyst, "GET", base+"/v1/dictionary", "", &d) {
		if time.Now().After(deadline) {
			t.Fatal("the reindex did not finish in 60 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	var res struct {
		Matches  []struct{ Profile struct{ ID string } }
		Expanded []string
	}
	if code := getJSONAs(t, analyst, "POST", base+"/v1/match", `{"text":"汇流泵","k":5}`, &res); code != 200 || len(res.Matches) == 0 || !slices.Contains(res.Expanded, "汇流泵 → 屏蔽泵") {
		t.Errorf("match with the synonym: %d %+v", code, res)
	}

	// Offline: load text files, and the next start applies them.
	dir := t.TempDir()
	data := filepath.Join(dir, "d2")
	pin := filepath.Join(dir, "p.jsonl")
	b, _ := io.ReadAll(demo.Profiles())
	os.WriteFile(pin, b, 0o644)
	if _, _, err := runCmd(t, "import", "--data", data, "--profiles", pin); err != nil {
		t.Fatal(err)
	}
	words, syns := filepath.Join(dir, "words.txt"), filepath.Join(dir, "synonyms.txt")
	os.WriteFile(words, []byte("汇流泵 3000 n\n"), 0o644)
	os.WriteFile(syns, []byte("# 同义词\n汇流泵 = 屏蔽泵\n"), 0o644)
	if o, _, err := runCmd(t, "dict", "load", "--data", data, "--words", words, "--synonyms", syns); err != nil || !strings.Contains(o, "version 1") {
		t.Fatalf("dict load = %q %v", o, err)
	}
	if o, _, err := runCmd(t, "dict", "save", "--data", data, "--synonyms", "-"); err != nil || strings.TrimSpace(o) != "汇流泵 = 屏蔽泵" {
		t.Errorf("dict save = %q %v", o, err)
	}
	o, e, err := runCmd(t, "match", "--data", data, "--explain", "汇流泵")
	if err != nil || !strings.Contains(o, "10 matches") || !strings.Contains(o, "synonyms: 汇流泵 → 屏蔽泵") || !strings.Contains(e, "index rebuilt") {
		t.Errorf("match after an offline change = %q %q %v", o, e, err)
	}
	os.WriteFile(syns, []byte("只有一个\n"), 0o644)
	if _, _, err := runCmd(t, "dict", "load", "--data", data, "--synonyms", syns); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a one-member synonym line: %v", err)
	}
}
