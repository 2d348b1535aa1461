package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"
)

// server is a server process the benchmark started: a yxq serve on the
// imported data, or a peer.
type server struct {
	cmd     *exec.Cmd
	started time.Time
	base    chan string // the base URL, once known
	exited  chan struct{}
	err     error // of Wait, once exited is closed
	log     *tailBuffer
}

// addrPattern finds the address a server prints when it listens.
var addrPattern = regexp.MustCompile(`http://(127\.0\.0\.1|localhost|\[::1\]):\d+`)

// startServer starts bin with args. When base is "", the base URL is the
// first loopback http:// address the process prints on stdout; its stdout
// and stderr are kept (the last few KB) for error messages.
func startServer(bin string, args []string, base string) (*server, error) {
	s := &server{cmd: exec.Command(bin, args...), base: make(chan string, 1), exited: make(chan struct{}), log: &tailBuffer{max: 16 << 10}}
	s.cmd.Stderr = s.log
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	s.started = time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	if base != "" {
		s.base <- base
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		found := base != ""
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(s.log, line)
			if m := addrPattern.FindString(line); !found && m != "" {
				s.base <- m
				found = true
			}
		}
		io.Copy(io.Discard, stdout)
		s.err = s.cmd.Wait()
		close(s.exited)
	}()
	return s, nil
}

// pid returns the server's process ID.
func (s *server) pid() int { return s.cmd.Process.Pid }

// waitReady polls path on the server every 10 ms until it answers 200 and
// returns the base URL and the time since the process started; it fails
// when the process exits or timeout passes first.
func (s *server) waitReady(ctx context.Context, path string, timeout time.Duration) (string, time.Duration, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	client := &http.Client{Timeout: 5 * time.Second}
	base := ""
	for {
		select {
		case <-ctx.Done():
			return "", 0, ctx.Err()
		case <-deadline.C:
			return "", 0, fmt.Errorf("%s was not ready after %s; its output ends:\n%s", s.cmd.Path, timeout, s.log.String())
		case <-s.exited:
			return "", 0, fmt.Errorf("%s exited before it was ready (%v); its output ends:\n%s", s.cmd.Path, s.err, s.log.String())
		case base = <-s.base:
			continue
		case <-tick.C:
		}
		if base == "" {
			continue
		}
		resp, err := client.Get(base + path)
		if err != nil {
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return base, time.Since(s.started), nil
		}
	}
}

// stop asks the server to stop (SIGINT) and waits for it, killing it after
// grace.
func (s *server) stop(grace time.Duration) error {
	select {
	case <-s.exited:
		return s.err
	default:
	}
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
		return s.err
	case <-time.After(grace):
		s.cmd.Process.Kill()
		<-s.exited
		return fmt.Errorf("%s did not stop within %s; killed", s.cmd.Path, grace)
	}
}

// wait waits up to timeout for the server to exit by itself.
func (s *server) wait(timeout time.Duration) error {
	select {
	case <-s.exited:
		return nil
	case <-time.After(timeout):
		return s.stop(10 * time.Second)
	}
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

// freePort returns a loopback port that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// diskUsage returns the bytes the files under dir occupy on disk
// (allocated blocks, so sparse and preallocated files count as they are).
func diskUsage(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			n += st.Blocks * 512
		} else {
			n += info.Size()
		}
		return nil
	})
	return n, err
}

// benchDataDir returns the directory to import into: dir, which must not
// exist or be empty, or a new temporary one; remove removes a temporary one.
func benchDataDir(dir, prefix string) (string, func(), error) {
	if dir == "" {
		tmp, err := os.MkdirTemp("", prefix)
		if err != nil {
			return "", nil, err
		}
		return tmp, func() { os.RemoveAll(tmp) }, nil
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return dir, func() {}, os.MkdirAll(dir, 0o700)
	case err != nil:
		return "", nil, err
	case len(entries) > 0:
		return "", nil, usagef("--data %s is not empty; the benchmark imports into an empty directory", dir)
	}
	return dir, func() {}, nil
}

// trimLines keeps the last n lines of s.
func trimLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
