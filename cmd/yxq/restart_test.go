package main

import (
	"fmt"
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
