package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// mountTmpfs mounts a tmpfs of size MB on a new directory, unmounted when
// the test ends. It needs root (CI runs .ci/run as root) and fails the test
// clearly otherwise: a full disk cannot be faked closely enough without it.
func mountTmpfs(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if os.Geteuid() != 0 {
		t.Fatalf("this test fills a real disk: it mounts a %d MB tmpfs, which needs root (CI runs .ci/run as root); run it as root", size)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%dm,mode=0700", size), "yxq-test", dir).CombinedOutput(); err != nil {
		t.Fatalf("mount a %d MB tmpfs on %s (needs root and CAP_SYS_ADMIN): %v %s", size, dir, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// fill writes a file until the disk is full and returns its path.
func fill(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill: %v", err)
			}
			return path
		}
	}
}

type apiError struct {
	Error struct{ Code, Message string }
}

// TestFullDiskFailsCleanlyAndRecovers runs the real server on a small
// tmpfs, fills the disk and writes on: every answer is a success or a JSON
// 507/503 (never a 500, never a crash, also in the background dictionary
// reindex), /readyz says the disk is full, and once space is freed the
// service recovers by itself: every acknowledged write is there and
// searchable, the index agrees with the store, the dictionary is applied,
// and it all survives a restart.
func TestFullDiskFailsCleanlyAndRecovers(t *testing.T) {
	mnt := mountTmpfs(t, 48)
	data := filepath.Join(mnt, "data")
	bin := yxqBinary(t)
	c := startChild(t, bin, data, "--repair-every", "200ms")
	defer func() {
		if c != nil {
			c.stop()
		}
	}()
	analyst := c.tokens["analyst"]
	filler := fill(t, mnt)

	type acked struct{ kind, id, keyword string }
	var (
		mu     sync.Mutex
		all    []acked
		codes  = map[string]int{}
		dictOK int
	)
	note := func(what string, code int, body []byte, err error) bool {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			t.Errorf("%s: %v (the server must not die)", what, err)
			return false
		}
		var e apiError
		if code >= 300 && (json.Unmarshal(body, &e) != nil || e.Error.Code == "" || e.Error.Message == "") {
			t.Errorf("%s: %d without a JSON error: %.200s", what, code, body)
		}
		if code == 500 || e.Error.Code == "internal" {
			t.Errorf("%s: %d %s", what, code, body)
		}
		codes[fmt.Sprintf("%d %s", code, e.Error.Code)]++
		return code >= 200 && code < 300
	}
	phase := 0
	writeFor := func(d time.Duration) {
		phase++
		ctx, stop := context.WithTimeout(context.Background(), d)
		defer stop()
		var wg sync.WaitGroup
		for w := range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ctx.Err() == nil; i++ {
					id, kw := fmt.Sprintf("full-%d-%d-%d", phase, w, i), fmt.Sprintf("fullp%dw%di%d", phase, w, i)
					code, body, err := c.call("POST", "/v1/profiles", analyst, `{"id":"p-`+id+`","kind":"expert","name":"测试专家","keywords":["`+kw+`"]}`)
					if note("create profile", code, body, err) {
						mu.Lock()
						all = append(all, acked{"profile", "p-" + id, kw})
						mu.Unlock()
					}
					code, body, err = c.call("POST", "/v1/needs", analyst, `{"id":"n-`+id+`","description":"磁盘已满时提交的需求 `+kw+`"}`)
					if note("submit need", code, body, err) {
						mu.Lock()
						all = append(all, acked{"need", "n-" + id, kw})
						mu.Unlock()
					}
					code, body, err = c.call("POST", "/v1/match", analyst, `{"text":"注塑模具冷却不均导致翘曲变形"}`)
					note("match", code, body, err)
				}
			}()
		}
		wg.Wait()
	}
	// Three seconds on a full disk, with a dictionary change whose reindex
	// runs into it.
	code, body, err := c.call("PUT", "/v1/dictionary", analyst, `{"words":[{"text":"伺服驱动器"}],"synonyms":[["医械","医疗器械"]]}`)
	if note("change the dictionary", code, body, err) {
		dictOK = 1
	}
	writeFor(3 * time.Second)
	var ready apiError
	code, body, _ = c.call("GET", "/readyz", "", "")
	json.Unmarshal(body, &ready)
	t.Logf("on a full disk: %v; /readyz %d %s", codes, code, ready.Error.Message)
	if code != 503 || !strings.Contains(ready.Error.Message, "磁盘空间不足") {
		t.Errorf("/readyz on a full disk: %d %s, want 503 saying the disk is full", code, body)
	}
	if codes["507 insufficient_storage"] == 0 {
		t.Error("no write failed with 507 on the full disk")
	}
	// Three more with 1 MB free: some writes go through, some do not (the
	// store's and the index's files grow at different moments).
	st, err := os.Stat(filler)
	if err == nil {
		err = os.Truncate(filler, st.Size()-1<<20)
	}
	if err != nil {
		t.Fatal(err)
	}
	writeFor(3 * time.Second)
	t.Logf("with 1 MB free as well: %v", codes)

	// Free the space: the service recovers by itself.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	freed := time.Now()
	deadline := freed.Add(30 * time.Second)
	for {
		code, body, _ = c.call("GET", "/readyz", "", "")
		if code == 200 {
			t.Logf("ready %v after space was freed", time.Since(freed).Round(time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready 30 s after space was freed: %s\n%s", body, c.log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	check := func(when string) {
		t.Helper()
		analyst := c.tokens["analyst"] // a restart makes new demo tokens
		for i, a := range all {
			path := "/v1/needs/" + a.id
			if a.kind == "profile" {
				path = "/v1/profiles/" + a.id
			}
			if code, body, err := c.call("GET", path, analyst, ""); err != nil || code != 200 {
				t.Fatalf("%s: acknowledged %s %s is gone: %d %s %v", when, a.kind, a.id, code, body, err)
			}
			if a.kind == "profile" && i%3 == 0 {
				code, body, _ := c.call("POST", "/v1/match", analyst, `{"text":"`+a.keyword+`","k":3}`)
				if code != 200 || !strings.Contains(string(body), `"id":"`+a.id+`"`) {
					t.Fatalf("%s: profile %s is stored but not found by its keyword: %d %.300s", when, a.id, code, body)
				}
			}
		}
		checkIndexAgrees(t, c, 0)
		var d struct {
			Dictionary struct{ Version int }
			Reindex    struct {
				Running     bool
				Done, Total int
				Error       string
			}
		}
		_, body, _ := c.call("GET", "/v1/dictionary", analyst, "")
		json.Unmarshal(body, &d)
		if d.Dictionary.Version < dictOK || d.Reindex.Error != "" || (d.Dictionary.Version > 0 && d.Reindex.Done != d.Reindex.Total) {
			t.Errorf("%s: dictionary %s", when, body)
		}
	}
	deadline = time.Now().Add(30 * time.Second)
	for { // the dictionary reindex resumes after the pending profiles
		_, body, _ := c.call("GET", "/v1/dictionary", analyst, "")
		if !strings.Contains(string(body), `"running":true`) || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	check("after space was freed")
	code, body, err = c.call("POST", "/v1/profiles", analyst, `{"id":"p-after","kind":"expert","name":"测试专家","keywords":["空间恢复后"]}`)
	if err != nil || code != 201 {
		t.Errorf("a write after recovery: %d %s %v", code, body, err)
	}
	if strings.Contains(c.log.String(), "goroutine ") {
		t.Errorf("the log shows a crash:\n%s", c.log.String())
	}
	t.Logf("%d acknowledged writes while the disk was full", len(all))
	c.stop()
	c = startChild(t, bin, data)
	check("after a restart")
}
