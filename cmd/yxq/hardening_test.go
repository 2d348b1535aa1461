package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

// yxqBinary builds the yxq binary once per test run and returns its path;
// YXQ_TEST_BIN names a prebuilt one instead (to measure another build).
func yxqBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("YXQ_TEST_BIN"); p != "" {
		return p
	}
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "yxq-test-bin"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "yxq")
		if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	if os.Getenv(runAsYxq) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, "yxq:", err)
			os.Exit(exitCode(err))
		}
		os.Exit(0)
	}
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// stop kills the child and waits for it.
func (c *child) stop() {
	c.cmd.Process.Kill()
	c.cmd.Wait()
}

// rssKB reads a process's resident set size from /proc.
func rssKB(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatalf("read RSS: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

// rawRequest sends one request with header hdr on a new connection and
// returns the status (0 when the server cut the connection, as it may
// while refusing a huge header).
func rawRequest(addr, hdr string) int {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return -1
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	go io.WriteString(conn, "GET /v1/needs HTTP/1.1\r\nHost: yxq\r\n"+hdr+"\r\nConnection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestAnonymousTrafficKeepsMemory sends a real server what a client without
// a token can: 1,000 Authorization headers of 1 MB, 3,000 of 12 KB (each
// new), 1,000 spellings of a valid token, then opens up to 6,000 idle
// connections from 40 loopback addresses and holds them; the server's RSS
// must stay within 100 MB of its idle RSS.
func TestAnonymousTrafficKeepsMemory(t *testing.T) {
	c := startChild(t, yxqBinary(t), filepath.Join(t.TempDir(), "data"))
	defer c.stop()
	addr := strings.TrimPrefix(c.base, "http://")
	for range 20 { // warm up: a few real matches
		c.call("POST", "/v1/match", c.tokens["analyst"], `{"text":"注塑模具冷却不均导致翘曲变形"}`)
	}
	time.Sleep(time.Second)
	pid := c.cmd.Process.Pid
	idle := rssKB(t, pid)
	var peak atomic.Int64
	peak.Store(int64(idle))
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
				if kb := int64(rssKB(t, pid)); kb > peak.Load() {
					peak.Store(kb)
				}
			}
		}
	}()
	filler := strings.Repeat("A", 1_000_000) // under Go's default 1 MB header limit
	mid := strings.Repeat("B", 12_000)
	jobs := make(chan string, 64)
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for hdr := range jobs {
				code := rawRequest(addr, hdr)
				mu.Lock()
				codes[code]++
				mu.Unlock()
			}
		}()
	}
	start := time.Now()
	for i := range 1000 {
		jobs <- fmt.Sprintf("Authorization: Bearer %08d%s", i, filler)
	}
	for i := range 3000 {
		jobs <- fmt.Sprintf("Authorization: Bearer %08d%s", i, mid)
	}
	spaces := []string{"  ", "   ", "\t", " \t "}
	for i := range 1000 {
		jobs <- "Authorization: Bearer" + spaces[i%len(spaces)] + strings.Repeat(" ", i%50) + c.tokens["analyst"]
	}
	close(jobs)
	wg.Wait()
	flood := time.Since(start)
	// Idle connections that send half a request and wait.
	var lim syscall.Rlimit
	syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim)
	want := min(6000, int(lim.Cur)-500)
	var idleConns []net.Conn
	for i := range want {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(2+i%40))}}
		conn, err := d.Dial("tcp", addr)
		if err != nil {
			continue
		}
		io.WriteString(conn, "GET /v1/needs HTTP/1.1\r\nHost: yxq\r\n") // and nothing more
		idleConns = append(idleConns, conn)
	}
	defer func() {
		for _, conn := range idleConns {
			conn.Close()
		}
	}()
	time.Sleep(time.Second)
	close(done)
	after := rssKB(t, pid)
	t.Logf("RSS idle %d MB, peak %d MB, after %d MB (%d header requests in %v: %v; %d idle connections opened)",
		idle>>10, peak.Load()>>10, after>>10, 5000, flood.Round(time.Millisecond), codes, len(idleConns))
	if grew := int(peak.Load()) - idle; grew > 100<<10 {
		t.Errorf("anonymous traffic raised RSS by %d MB over idle (%d MB), want under 100 MB", grew>>10, idle>>10)
	}
	if codes[200] > 0 {
		t.Errorf("%d anonymous requests were served", codes[200])
	}
	for _, conn := range idleConns {
		conn.Close()
	}
	time.Sleep(200 * time.Millisecond)
	if code, _, err := c.call("GET", "/v1/me", c.tokens["admin"], ""); err != nil || code != 200 {
		t.Errorf("the admin after the flood: %d %v", code, err)
	}
}

// TestStoredBadDictionaryDoesNotStopAStart: the current dictionary cannot be
// decoded and the one before it breaks the limits (stored by hand, or by an
// older version); the service starts with the last version that loads and
// says so in its log.
func TestStoredBadDictionaryDoesNotStopAStart(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if _, e, err := runCmd(t, "import", "--data", data, "--profiles", filepath.Join("..", "..", "engine", "demo", "profiles.jsonl"),
		"--needs", filepath.Join("..", "..", "engine", "demo", "needs.jsonl")); err != nil {
		t.Fatalf("import: %v %s", err, e)
	}
	words, syns := writeTemp(t, "伺服驱动器"), writeTemp(t, "医械 = 医疗器械")
	if _, e, err := runCmd(t, "dict", "load", "--data", data, "--words", words, "--synonyms", syns); err != nil {
		t.Fatalf("dict load: %v %s", err, e)
	}
	big := make([]string, 20000)
	for i := range big {
		big[i] = fmt.Sprintf("%q", fmt.Sprintf("同义%d", i))
	}
	db, err := bolt.Open(filepath.Join(data, "yxq.db"), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("dictionary"))
		v2 := `{"version":2,"words":[],"synonyms":[[` + strings.Join(big, ",") + `]]}`
		return errorsJoin(b.Put([]byte("v/00000002"), []byte(v2)), b.Put([]byte("v/00000003"), []byte(`{"version":3,"words":[{"te`)),
			b.Put([]byte("current"), []byte(`{"version":3,"words":[{"te`)))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	c := startChild(t, yxqBinary(t), data)
	defer c.stop()
	var d struct {
		Dictionary struct {
			Version int
			Words   []struct{ Text string }
		}
	}
	code, body, err := c.call("GET", "/v1/dictionary", c.tokens["analyst"], "")
	if err != nil || code != 200 || json.Unmarshal(body, &d) != nil {
		t.Fatalf("GET /v1/dictionary: %d %s %v", code, body, err)
	}
	if d.Dictionary.Version != 1 || len(d.Dictionary.Words) != 1 || d.Dictionary.Words[0].Text != "伺服驱动器" {
		t.Errorf("dictionary in use: %+v, want version 1 with 伺服驱动器", d.Dictionary)
	}
	if log := c.log.String(); !strings.Contains(log, "cannot be used") || !strings.Contains(log, "version=2") {
		t.Errorf("the log does not say which version was passed over:\n%s", log)
	}
	// The next change is a version past every readable one (the unreadable
	// version 3 is written over).
	code, body, _ = c.call("PUT", "/v1/dictionary", c.tokens["analyst"], `{"words":[{"text":"屏蔽泵"}],"synonyms":[]}`)
	if code != 200 || !strings.Contains(string(body), `"version":3`) {
		t.Errorf("a change after the fallback: %d %s, want version 3", code, body)
	}
}

// errorsJoin is errors.Join without the import clash in this file.
func errorsJoin(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// flipRecord flips three bytes of every copy of the JSON record that
// starts with prefix in a bbolt file.
func flipRecord(t *testing.T, path, prefix string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for from := 0; ; {
		at := strings.Index(string(b[from:]), prefix)
		if at < 0 {
			break
		}
		for _, off := range []int{0, 6, 9} {
			b[from+at+off] ^= 0x20
		}
		from += at + len(prefix)
		n++
	}
	if n == 0 {
		t.Fatalf("%s not found in %s", prefix, path)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// flipSegment flips n bytes in the body of the largest index segment (not
// in the footer bleve reads when it opens it).
func flipSegment(t *testing.T, data string, n int, seed uint64) string {
	t.Helper()
	segs, _ := filepath.Glob(filepath.Join(data, "index", "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no index segment")
	}
	sort.Slice(segs, func(i, j int) bool {
		a, _ := os.Stat(segs[i])
		b, _ := os.Stat(segs[j])
		return a.Size() > b.Size()
	})
	b, err := os.ReadFile(segs[0])
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(seed, seed))
	for range n {
		b[r.IntN(len(b)-200)] ^= byte(1 + r.IntN(255))
	}
	if err := os.WriteFile(segs[0], b, 0o600); err != nil {
		t.Fatal(err)
	}
	return segs[0]
}

// TestCorruptionFoundAtStart flips bytes in a need's record in the bbolt
// file and 200 bytes in an index segment: 'yxq check' quarantines the
// record and rebuilds the index; flipped again, a start does the same, and
// the service answers every listing and match.
func TestCorruptionFoundAtStart(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if _, e, err := runCmd(t, "import", "--data", data, "--profiles", filepath.Join("..", "..", "engine", "demo", "profiles.jsonl"),
		"--needs", filepath.Join("..", "..", "engine", "demo", "needs.jsonl")); err != nil {
		t.Fatalf("import: %v %s", err, e)
	}
	flipRecord(t, filepath.Join(data, "yxq.db"), `{"id":"need-007",`)
	seg := flipSegment(t, data, 200, 1)
	out, _, err := runCmd(t, "check", "--data", data)
	if err == nil {
		t.Errorf("check found nothing:\n%s", out)
	}
	for _, want := range []string{"quarantined needs/need-007", "checksum", filepath.Base(seg), "rebuilt"} {
		if !strings.Contains(out, want) {
			t.Errorf("check report lacks %q:\n%s", want, out)
		}
	}
	if out, _, err := runCmd(t, "check", "--data", data); err != nil || !strings.Contains(out, "ok: nothing wrong") {
		t.Errorf("check after the repair: %v\n%s", err, out)
	}

	flipRecord(t, filepath.Join(data, "yxq.db"), `{"id":"need-008",`)
	flipSegment(t, data, 200, 2)
	base, out := startServe(t, "--data", data)
	analyst := demoTokens(out)["analyst"]
	var page struct{ Total int }
	if code := getJSONAs(t, analyst, "GET", base+"/v1/needs?limit=500", "", &page); code != 200 || page.Total != 58 {
		t.Errorf("needs listing: %d with %d needs, want 200 with 58 (60 less the two quarantined)", code, page.Total)
	}
	if code := getJSONAs(t, analyst, "GET", base+"/v1/needs/need-008", "", nil); code != 404 {
		t.Errorf("the quarantined need: %d, want 404", code)
	}
	texts := []string{"注塑模具冷却不均导致翘曲变形", "屏蔽泵电机效率偏低", "阀门密封面磨损内漏", "伺服电机转矩脉动", "缝纫机送布机构噪声",
		"原料药结晶工艺收率低", "医疗器械注册检验", "杨梅保鲜运输", "智能马桶水路设计", "汽车零部件表面处理"}
	served := 0
	for _, text := range texts {
		var res struct{ Matches []any }
		if code := getJSONAs(t, analyst, "POST", base+"/v1/match", `{"text":"`+text+`","k":5}`, &res); code == 200 && len(res.Matches) > 0 {
			served++
		}
	}
	if served != len(texts) {
		t.Errorf("%d of %d matches answered with results after the start-time check", served, len(texts))
	}
	if code := getJSON(t, "GET", base+"/readyz", "", nil); code != 200 {
		t.Errorf("/readyz after the repair: %d", code)
	}
}

// regexpFind returns the first submatch of pattern in s, or "".
func regexpFind(pattern, s string) string {
	if m := regexp.MustCompile(pattern).FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

// TestBackupsArePrivate: backups, restored stores and exports hold contact
// details and token hashes: only their owner may read them.
func TestBackupsArePrivate(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if _, e, err := runCmd(t, "import", "--data", data, "--profiles", filepath.Join("..", "..", "engine", "demo", "profiles.jsonl")); err != nil {
		t.Fatalf("import: %v %s", err, e)
	}
	backup := filepath.Join(dir, "backup.db")
	if _, e, err := runCmd(t, "backup", "--data", data, backup); err != nil {
		t.Fatalf("backup: %v %s", err, e)
	}
	restored := filepath.Join(dir, "restored")
	if _, e, err := runCmd(t, "restore", "--data", restored, backup); err != nil {
		t.Fatalf("restore: %v %s", err, e)
	}
	export := filepath.Join(dir, "profiles.jsonl")
	if _, e, err := runCmd(t, "export", "--data", data, "--profiles", export); err != nil {
		t.Fatalf("export: %v %s", err, e)
	}
	for _, f := range []string{backup, filepath.Join(restored, "yxq.db"), export} {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v, want -rw-------", filepath.Base(f), st.Mode().Perm())
		}
	}
	if st, _ := os.Stat(restored); st.Mode().Perm()&0o077 != 0 {
		t.Errorf("restored data directory is %v, want it closed to others", st.Mode().Perm())
	}
}

// TestMetricsOnItsOwnAddress: --metrics-addr moves /metrics off the API's
// address; --metrics-auth asks for a staff token there.
func TestMetricsOnItsOwnAddress(t *testing.T) {
	base, out := startServe(t, "--data", filepath.Join(t.TempDir(), "data"), "--metrics-addr", "127.0.0.1:0", "--metrics-auth")
	m := regexpFind(`metrics on (http://\S+)`, out)
	if m == "" {
		t.Fatalf("no metrics address printed:\n%s", out)
	}
	tokens := demoTokens(out)
	if code := getJSON(t, "GET", base+"/metrics", "", nil); code != 404 {
		t.Errorf("/metrics on the API's address: %d, want 404", code)
	}
	var e map[string]any
	if code := getJSON(t, "GET", m, "", &e); code != 401 {
		t.Errorf("anonymous /metrics: %d, want 401", code)
	}
	req, _ := http.NewRequestWithContext(context.Background(), "GET", m, nil)
	req.Header.Set("Authorization", "Bearer "+tokens["analyst"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !regexp.MustCompile(`yxq_needs\{status="submitted"\} [1-9]`).Match(body) {
		t.Errorf("/metrics with an analyst token: %d %.300s", resp.StatusCode, body)
	}
}
