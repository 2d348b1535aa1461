package main

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// matchIDRE finds the matched profiles' IDs in a match answer.
var matchIDRE = regexp.MustCompile(`"profile":\{"id":"[^"]+"`)

// metric reads one unlabelled value from the child's /metrics.
func (c *child) metric(t *testing.T, name string) float64 {
	t.Helper()
	_, body, err := c.call("GET", "/metrics", "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(body), "\n") {
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			var v float64
			fmt.Sscan(rest, &v)
			return v
		}
	}
	t.Fatalf("no %s in /metrics", name)
	return 0
}

// TestRestartDoesNotRelearn starts the service on the demo data (it
// learns the semantic space), stops it, and starts it again twice, after
// a clean stop and after SIGKILL: neither start learns (the log and
// yxq_semantic_learns say so) and a match answers as before.
func TestRestartDoesNotRelearn(t *testing.T) {
	bin := yxqBinary(t)
	data := filepath.Join(t.TempDir(), "data")
	const query = `{"text":"铝合金压铸件气孔多，良品率低，需要优化压铸工艺","k":5}`
	match := func(c *child) string {
		t.Helper()
		code, body, err := c.call("POST", "/v1/match", c.tokens["analyst"], query)
		if err != nil || code != 200 {
			t.Fatalf("match: %d %s %v", code, body, err)
		}
		return strings.Join(matchIDRE.FindAllString(string(body), -1), " ")
	}
	c := startChild(t, bin, data)
	if n := c.metric(t, "yxq_semantic_learns"); n != 1 || !strings.Contains(c.log.String(), "learned the semantic space") {
		t.Fatalf("first start: %g learnings; want 1. Log:\n%s", n, c.log.String())
	}
	want := match(c)
	if strings.Count(want, `"id"`) != 5 {
		t.Fatalf("first match found %q; want five profiles", want)
	}
	for _, stop := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		c.cmd.Process.Signal(stop)
		c.cmd.Wait()
		c = startChild(t, bin, data)
		log := c.log.String()
		if n := c.metric(t, "yxq_semantic_learns"); n != 0 || strings.Contains(log, "learned the semantic space") || !strings.Contains(log, "semantic space loaded, not learned again") {
			t.Errorf("start after %v: %g learnings; want the saved space loaded. Log:\n%s", stop, n, log)
		}
		if got := match(c); got != want {
			t.Errorf("after %v the match answers %s; before %s", stop, got, want)
		}
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	c.cmd.Wait()
}

// TestDebugListener checks the profiler: off by default, on the loopback
// address when --debug-addr names no host, never on the API's address.
func TestDebugListener(t *testing.T) {
	bin := yxqBinary(t)
	data := filepath.Join(t.TempDir(), "data")
	c := startChild(t, bin, data, "--no-demo")
	if strings.Contains(strings.Join(c.out, "\n"), "profiler") {
		t.Errorf("a profiler without --debug-addr: %q", c.out)
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	c.cmd.Wait()
	c = startChild(t, bin, data, "--no-demo", "--debug-addr", ":0")
	defer func() { c.cmd.Process.Signal(syscall.SIGTERM); c.cmd.Wait() }()
	var base string
	for _, line := range c.out {
		if rest, ok := strings.CutPrefix(line, "yxq profiler on "); ok {
			base = strings.TrimSuffix(rest, "/debug/pprof/")
		}
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("profiler address %q; want the loopback address. Output: %q", base, c.out)
	}
	resp, err := http.Get(base + "/debug/pprof/heap?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "heap profile") {
		t.Errorf("heap profile: %d %.200s", resp.StatusCode, body)
	}
	if code, _, err := c.call("GET", "/debug/pprof/heap", "", ""); err != nil || code != 404 {
		t.Errorf("the API address serves the profiler: %d %v", code, err)
	}
}
