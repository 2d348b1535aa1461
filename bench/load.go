package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"yixianqian/engine"
)

// LoadResult is the latency and throughput of one load run.
type LoadResult struct {
	Name       string         `json:"name"`
	Callers    int            `json:"callers"`
	Requests   int            `json:"requests"`
	Errors     int            `json:"errors"`
	Elapsed    time.Duration  `json:"elapsed_ns"`
	Throughput float64        `json:"per_second"`
	Latency    LatencySummary `json:"latency"`
}

// MatchLoad runs requests Match calls from callers goroutines, cycling
// through needs, and stops early when ctx is done.
func MatchLoad(ctx context.Context, m Matcher, needs []engine.Need, callers, requests int) LoadResult {
	return load(ctx, fmt.Sprintf("match/callers=%d", callers), callers, requests, func(i int) error {
		_, err := m.Match(ctx, needs[i%len(needs)].Text(), engine.MatchOptions{K: 10})
		return err
	})
}

// HTTPLoad sends requests POST /v1/match calls to the server at base (a
// loopback URL) from callers goroutines. token, when set, is sent as a
// bearer token.
func HTTPLoad(ctx context.Context, base, token string, needs []engine.Need, callers, requests int) LoadResult {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: callers}}
	bodies := make([][]byte, len(needs))
	for i, n := range needs {
		bodies[i], _ = json.Marshal(map[string]any{"text": n.Text(), "k": 10})
	}
	return load(ctx, fmt.Sprintf("http/callers=%d", callers), callers, requests, func(i int) error {
		req, err := http.NewRequestWithContext(ctx, "POST", base+"/v1/match", bytes.NewReader(bodies[i%len(bodies)]))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	})
}

func load(ctx context.Context, name string, callers, requests int, call func(i int) error) LoadResult {
	var (
		mu   sync.Mutex
		lat  = make([]time.Duration, 0, requests)
		errs int
		next int
		wg   sync.WaitGroup
	)
	start := time.Now()
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= requests {
					return
				}
				t := time.Now()
				err := call(i)
				d := time.Since(t)
				mu.Lock()
				if err != nil {
					errs++
				} else {
					lat = append(lat, d)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	return LoadResult{Name: name, Callers: callers, Requests: len(lat) + errs, Errors: errs, Elapsed: el,
		Throughput: float64(len(lat)+errs) / el.Seconds(), Latency: Summarise(lat)}
}

// PeakRSS returns the process's peak resident set size in bytes (VmHWM on
// Linux), 0 when it cannot be read.
func PeakRSS() int64 { return procStatusBytes("VmHWM:") }

// RSS returns the process's current resident set size in bytes (VmRSS),
// 0 when it cannot be read.
func RSS() int64 { return procStatusBytes("VmRSS:") }

// procStatusBytes reads a "Name: N kB" line of /proc/self/status.
func procStatusBytes(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}

// GoBenchLine formats a result as a Go benchmark line, so that benchstat
// can compare runs.
func (r LoadResult) GoBenchLine(prefix string) string {
	ns := float64(0)
	if r.Requests > 0 {
		ns = float64(r.Elapsed.Nanoseconds()) * float64(r.Callers) / float64(r.Requests)
	}
	return fmt.Sprintf("Benchmark%s/%s\t%d\t%.0f ns/op\t%.3f p50-ms\t%.3f p95-ms\t%.3f p99-ms\t%.1f req/s",
		prefix, r.Name, r.Requests, ns, Millis(r.Latency.P50), Millis(r.Latency.P95), Millis(r.Latency.P99), r.Throughput)
}

// ProfileTextBytes returns the bytes of text a profile corpus holds: names,
// organisations, keywords and works, the text indexing reads.
func ProfileTextBytes(ps []engine.Profile) int64 {
	var n int64
	for _, p := range ps {
		n += int64(len(p.Name) + len(p.Organisation))
		for _, k := range p.Keywords {
			n += int64(len(k))
		}
		for _, w := range p.Works {
			n += int64(len(w.Title) + len(w.Text))
		}
	}
	return n
}
