package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
	log    *syncBuffer // its standard error
	out    []string    // its standard output up to the address
}

// startChild runs 'yxq serve' on data with extra flags and waits for its
// address.
func startChild(t *testing.T, bin, data string, extra ...string) *child {
	t.Helper()
	args := append([]string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--rate", "1000000", "--max-in-flight", "256"}, extra...)
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, tokens: map[string]string{}, log: logs}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		c.out = append(c.out, line)
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
		t.Fatalf("child printed no address; its log:\n%s", logs.String())
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
// profiles and assignments from several goroutines while a dictionary
// change is being applied and backups are taken, kills the server with
// SIGKILL at a random moment, restarts it, and checks that every write
// acknowledged with 2xx is there, that the index agrees with the store,
// that the dictionary is at least the last acknowledged version, that
// every complete backup opens, and that the bbolt file passes its
// consistency check. 20 rounds.
func TestCrashSafety(t *testing.T) {
	dir := t.TempDir()
	bin := yxqBinary(t)
	data := filepath.Join(dir, "data")
	r := rand.New(rand.NewPCG(7, 7))
	type acked struct {
		kind, id, keyword string
	}
	var all []acked
	dictAcked, backups, midReindex := 0, 0, 0
	lag := regexp.MustCompile(`dictionary=(\d+) index_dictionary=(\d+)`)
	for round := range 20 {
		c := startChild(t, bin, data)
		if m := lag.FindStringSubmatch(c.log.String()); m != nil && m[1] != m[2] {
			midReindex++ // killed while a dictionary change was being applied
		}
		var dict struct {
			Dictionary struct{ Version int }
			Reindex    struct{ Running bool }
		}
		if _, body, err := c.call("GET", "/v1/dictionary", c.tokens["analyst"], ""); err != nil || json.Unmarshal(body, &dict) != nil || dict.Dictionary.Version < dictAcked {
			t.Fatalf("round %d: dictionary version %d, acknowledged %d: %s %v", round, dict.Dictionary.Version, dictAcked, body, err)
		}
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
		// Backups all along, and every other round a dictionary change,
		// killed while its reindex runs in the background.
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				code, body, err := c.call("GET", "/v1/admin/backup", c.tokens["admin"], "")
				if err != nil || code != 200 {
					continue // cut off by the kill: not a backup anyone was given
				}
				path := filepath.Join(dir, fmt.Sprintf("backup-%d-%d.db", round, i))
				if err := os.WriteFile(path, body, 0o600); err != nil {
					t.Error(err)
					return
				}
				if err := checkStoreFile(path); err != nil {
					t.Errorf("round %d: a complete backup (%d bytes) does not open: %v", round, len(body), err)
				}
				os.Remove(path)
				mu.Lock()
				backups++
				mu.Unlock()
				time.Sleep(100 * time.Millisecond)
			}
		}()
		if round%2 == 1 {
			body := fmt.Sprintf(`{"words":[{"text":"伺服驱动%d号"}],"synonyms":[["医械","医疗器械%d"]]}`, round, round)
			code, resp, err := c.call("PUT", "/v1/dictionary", c.tokens["analyst"], body)
			var d struct{ Dictionary struct{ Version int } }
			if err != nil || code != 200 || json.Unmarshal(resp, &d) != nil {
				t.Fatalf("round %d: PUT /v1/dictionary: %d %s %v", round, code, resp, err)
			}
			dictAcked = d.Dictionary.Version
		}
		time.Sleep(time.Duration(150+r.IntN(500)) * time.Millisecond)
		c.cmd.Process.Signal(syscall.SIGKILL)
		c.cmd.Wait()
		stop()
		wg.Wait()
	}
	if dictAcked < 10 || backups < 20 {
		t.Errorf("only %d dictionary versions and %d backups were completed in 20 rounds", dictAcked, backups)
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
	t.Logf("%d acknowledged writes, %d dictionary versions (%d kills during their reindex) and %d complete backups survived 20 SIGKILLs", len(all), dictAcked, midReindex, backups)
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
