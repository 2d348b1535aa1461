package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// child is a yxq serve process.
type child struct {
	cmd    *exec.Cmd
	base   string
	tokens map[string]string
}

func startChild(t *testing.T, bin, data string) *child {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:0", "--rate", "1000000", "--max-in-flight", "256")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, tokens: map[string]string{}}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		if m := tokenRE.FindStringSubmatch(line); m != nil {
			c.tokens[m[1]] = m[2]
		}
		if m := addrRE.FindStringSubmatch(line); m != nil {
			c.base = m[1]
			break
		}
	}
	if c.base == "" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("child printed no address")
	}
	go io.Copy(io.Discard, stdout)
	return c
}

func (c *child) call(method, path, token, body string) (int, []byte, error) {
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// TestCrashSafety runs the real server as a child process, writes needs,
// profiles and assignments from several goroutines, kills the server with
// SIGKILL at a random moment, restarts it, and checks that every write
// acknowledged with 2xx is there, that the index agrees with the store,
// and that the bbolt file passes its consistency check. 20 rounds.
func TestCrashSafety(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "yxq")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	r := rand.New(rand.NewPCG(7, 7))
	type acked struct {
		kind, id, keyword string
	}
	var all []acked
	for round := range 20 {
		c := startChild(t, bin, data)
		// Everything acknowledged before must be there, and found by search.
		for i, a := range all {
			path := "/v1/needs/" + a.id
			if a.kind == "profile" {
				path = "/v1/profiles/" + a.id
			}
			code, body, err := c.call("GET", path, c.tokens["analyst"], "")
			if err != nil || code != 200 {
				t.Fatalf("round %d: acknowledged %s %s is gone: %d %s %v", round, a.kind, a.id, code, body, err)
			}
			if a.kind == "assignment" && !strings.Contains(string(body), `"status":"assigned"`) {
				t.Fatalf("round %d: acknowledged assignment of %s lost: %s", round, a.id, body)
			}
			if a.kind == "profile" && i%7 == 0 {
				code, body, _ := c.call("POST", "/v1/match", c.tokens["analyst"], `{"text":"`+a.keyword+`","k":3}`)
				if code != 200 || !strings.Contains(string(body), `"id":"`+a.id+`"`) {
					t.Fatalf("round %d: profile %s is stored but not found by its keyword %s: %s", round, a.id, a.keyword, body)
				}
			}
		}
		checkIndexAgrees(t, c, round)

		// Write concurrently, then kill at a random moment.
		var mu sync.Mutex
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ctx.Err() == nil; i++ {
					id := fmt.Sprintf("r%dw%di%d", round, w, i)
					kw := fmt.Sprintf("kw%dx%dx%d", round, w, i)
					code, _, err := c.call("POST", "/v1/profiles", c.tokens["analyst"], `{"id":"p-`+id+`","kind":"expert","name":"测试专家","keywords":["`+kw+`"]}`)
					if err == nil && code == 201 {
						mu.Lock()
						all = append(all, acked{"profile", "p-" + id, kw})
						mu.Unlock()
					}
					code, _, err = c.call("POST", "/v1/needs", c.tokens["analyst"], `{"id":"n-`+id+`","description":"崩溃测试需求 `+kw+`"}`)
					if err != nil || code != 201 {
						continue
					}
					mu.Lock()
					all = append(all, acked{"need", "n-" + id, kw})
					mu.Unlock()
					code, _, err = c.call("POST", "/v1/needs/n-"+id+"/assign", c.tokens["analyst"], `{"profile_id":"exp-001"}`)
					if err == nil && code == 200 {
						mu.Lock()
						all = append(all, acked{"assignment", "n-" + id, ""})
						mu.Unlock()
					}
				}
			}()
		}
		time.Sleep(time.Duration(150+r.IntN(500)) * time.Millisecond)
		c.cmd.Process.Signal(syscall.SIGKILL)
		c.cmd.Wait()
		stop()
		wg.Wait()
	}
	if len(all) < 100 {
		t.Errorf("only %d writes were acknowledged in 20 rounds; the test did not stress much", len(all))
	}
	// The file itself is consistent.
	db, err := bolt.Open(filepath.Join(data, "yxq.db"), 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	})
	if err != nil {
		t.Errorf("bbolt consistency check: %v", err)
	}
	t.Logf("%d acknowledged writes survived 20 SIGKILLs", len(all))
}

// checkIndexAgrees compares the index's document count with the store's
// profiles and needs.
func checkIndexAgrees(t *testing.T, c *child, round int) {
	t.Helper()
	count := func(path, key string) int {
		_, body, err := c.call("GET", path, c.tokens["analyst"], "")
		if err != nil {
			t.Fatal(err)
		}
		var v map[string]any
		json.Unmarshal(body, &v)
		n, _ := v[key].(float64)
		return int(n)
	}
	stored := count("/v1/profiles?limit=1", "total") // needs are not indexed
	_, body, _ := c.call("GET", "/metrics", "", "")
	var indexed int
	for _, line := range strings.Split(string(body), "\n") {
		if rest, ok := strings.CutPrefix(line, "yxq_index_documents "); ok {
			fmt.Sscan(rest, &indexed)
		}
	}
	if indexed != stored {
		t.Fatalf("round %d: index holds %d documents, store %d", round, indexed, stored)
	}
}
