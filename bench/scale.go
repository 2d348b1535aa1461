package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"yixianqian/engine"
)

// ScaleRun is one run of the scale benchmark on one build of yxq or on a
// peer engine: the corpus it built, how long the import and a fresh start
// took, memory, and match latency in process and over HTTP. Its JSON is
// what bench/scale.sh collects from each run and CompareScale reads; a
// figure a run did not measure stays zero and is left out of tables.
type ScaleRun struct {
	// Label names the build or peer ("old", "new", "groonga").
	Label    string `json:"label"`
	Engine   string `json:"engine"` // "yxq" or "groonga"
	Revision string `json:"revision,omitempty"`
	// Profiles, Seed and Queries say which corpus and queries: the same
	// seed texts, count and seed give the same profiles in every build.
	Profiles  int           `json:"profiles"`
	Seed      uint64        `json:"seed"`
	SeedTexts string        `json:"seed_texts"`
	Queries   int           `json:"queries"`
	TextBytes int64         `json:"text_bytes"`
	Machine   Machine       `json:"machine"`
	Import    ImportFigures `json:"import"`
	Start     StartFigures  `json:"start"`
	Serving   ProcMem       `json:"serving"` // the server after warm-up
	// ServingPeak is the server's peak RSS at the end of the load runs.
	ServingPeak int64              `json:"serving_peak_bytes"`
	Loads       []StageLoadResult  `json:"loads"`
	Took        time.Duration      `json:"took_ns"`
	Notes       []string           `json:"notes,omitempty"`
	Extra       map[string]float64 `json:"extra,omitempty"`
}

// ExtraLatentRecall is the Extra figure of the latent search's recall@50
// against the scan of every vector (1 without an inverted file).
const ExtraLatentRecall = "latent_recall_at_50"

// ImportFigures describe loading the corpus into a fresh data directory.
type ImportFigures struct {
	// Wall is the whole import: store and index (Index), then learning
	// (Learn) for yxq; load, then building the index (Learn) for Groonga.
	Wall  time.Duration `json:"wall_ns"`
	Index time.Duration `json:"index_ns"`
	Learn time.Duration `json:"learn_ns"`
	// PeakRSS is the importing process's VmHWM (for a peer, its server's);
	// AnonRSS its RssAnon when the import is done.
	PeakRSS int64 `json:"peak_rss_bytes"`
	AnonRSS int64 `json:"anon_rss_bytes"`
	// DiskBytes is the data directory's size once the server has stopped.
	DiskBytes int64 `json:"disk_bytes"`
}

// StartFigures describe a fresh server process on the imported data.
type StartFigures struct {
	// Ready is from starting the process to the first ready answer
	// (/readyz 200 for yxq), with whatever it loads or learns at start.
	Ready time.Duration `json:"ready_ns"`
	// AtReady is the server's memory at that moment; its Peak is the
	// start's peak.
	AtReady ProcMem `json:"at_ready"`
}

// StageLoadResult is a load run with its per-stage latencies: for Match
// in process the stages of engine.MatchStats, over HTTP those the server
// reports (yxq's Server-Timing header, Groonga's elapsed time) and the
// server-side total.
type StageLoadResult struct {
	LoadResult
	Stages map[string]LatencySummary `json:"stages,omitempty"`
}

// Stage names.
const (
	StageSegment  = "segment"
	StageRetrieve = "retrieve"
	StageScore    = "score"
	StageTotal    = "total" // server side
)

// Machine describes where a run ran.
type Machine struct {
	Cores    int       `json:"cores"`
	CPU      string    `json:"cpu,omitempty"`
	MemTotal int64     `json:"mem_total_bytes,omitempty"`
	Go       string    `json:"go"`
	Load     []float64 `json:"load_start"` // 1, 5 and 15 minute load averages
	LoadEnd  []float64 `json:"load_end"`
}

// ThisMachine describes the machine and its load now.
func ThisMachine() Machine {
	m := Machine{Cores: runtime.NumCPU(), Go: runtime.Version(), Load: LoadAverage()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if mem, err := readProcFields("/proc/meminfo"); err == nil {
		m.MemTotal = mem["MemTotal"]
	}
	return m
}

// LoadAverage returns the 1, 5 and 15 minute load averages, nil when
// /proc/loadavg cannot be read.
func LoadAverage() []float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return nil
	}
	f := strings.Fields(string(b))
	var out []float64
	for _, s := range f[:min(3, len(f))] {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil
		}
		out = append(out, v)
	}
	return out
}

// ProcMem is a process's memory as /proc/PID/status reports it.
type ProcMem struct {
	RSS     int64 `json:"rss_bytes"`      // VmRSS
	AnonRSS int64 `json:"anon_rss_bytes"` // RssAnon: heap and stacks, not mapped files
	FileRSS int64 `json:"file_rss_bytes"` // RssFile: mapped files (index, store, dictionaries)
	Peak    int64 `json:"peak_bytes"`     // VmHWM
}

// ReadProcMem reads the memory of process pid (0: this process).
func ReadProcMem(pid int) (ProcMem, error) {
	path := "/proc/self/status"
	if pid > 0 {
		path = fmt.Sprintf("/proc/%d/status", pid)
	}
	f, err := readProcFields(path)
	if err != nil {
		return ProcMem{}, err
	}
	// The kernel updates VmHWM lazily: it can lag the current VmRSS by a
	// few pages, and a peak is never below what is resident now.
	return ProcMem{RSS: f["VmRSS"], AnonRSS: f["RssAnon"], FileRSS: f["RssFile"], Peak: max(f["VmHWM"], f["VmRSS"])}, nil
}

// readProcFields reads the "Name: N kB" lines of a /proc file, in bytes.
func readProcFields(path string) (map[string]int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		f := strings.Fields(v)
		if !ok || len(f) != 2 || f[1] != "kB" {
			continue
		}
		if n, err := strconv.ParseInt(f[0], 10, 64); err == nil {
			out[k] = n * 1024
		}
	}
	return out, nil
}

// stageRecorder collects per-stage durations from concurrent callers.
type stageRecorder struct {
	mu     sync.Mutex
	stages map[string][]time.Duration
}

func (s *stageRecorder) add(stage map[string]time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stages == nil {
		s.stages = map[string][]time.Duration{}
	}
	for k, d := range stage {
		s.stages[k] = append(s.stages[k], d)
	}
}

func (s *stageRecorder) summary() map[string]LatencySummary {
	if len(s.stages) == 0 {
		return nil
	}
	out := map[string]LatencySummary{}
	for k, ds := range s.stages {
		out[k] = Summarise(ds)
	}
	return out
}

// MatchStageLoad is MatchLoad that also summarises the stages each Match
// reports (segment, retrieve, score).
func MatchStageLoad(ctx context.Context, m Matcher, needs []engine.Need, callers, requests int) StageLoadResult {
	var rec stageRecorder
	r := load(ctx, fmt.Sprintf("match/callers=%d", callers), callers, requests, func(i int) error {
		res, err := m.Match(ctx, needs[i%len(needs)].Text(), engine.MatchOptions{K: 10})
		if err == nil {
			rec.add(map[string]time.Duration{StageSegment: res.Stats.Segment, StageRetrieve: res.Stats.Retrieve, StageScore: res.Stats.Score})
		}
		return err
	})
	return StageLoadResult{LoadResult: r, Stages: rec.summary()}
}

// HTTPStageLoad is HTTPLoad that also summarises the stages the server
// reports in its Server-Timing header (segment, retrieve, score, total).
func HTTPStageLoad(ctx context.Context, base, token string, needs []engine.Need, callers, requests int) StageLoadResult {
	bodies := make([][]byte, len(needs))
	for i, n := range needs {
		bodies[i], _ = json.Marshal(map[string]any{"text": n.Text(), "k": 10})
	}
	return httpStageLoad(ctx, fmt.Sprintf("http/callers=%d", callers), callers, requests,
		func(i int) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, "POST", base+"/v1/match", bytes.NewReader(bodies[i%len(bodies)]))
			if err == nil {
				req.Header.Set("Content-Type", "application/json")
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
			}
			return req, err
		},
		func(resp *http.Response, _ []byte) (map[string]time.Duration, error) {
			return ParseServerTiming(resp.Header.Get("Server-Timing")), nil
		})
}

// httpStageLoad sends the requests newReq makes from callers goroutines;
// stages reads the server's stage times from each 200 answer.
func httpStageLoad(ctx context.Context, name string, callers, requests int, newReq func(int) (*http.Request, error),
	stages func(*http.Response, []byte) (map[string]time.Duration, error)) StageLoadResult {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: callers}}
	defer client.CloseIdleConnections()
	var rec stageRecorder
	r := load(ctx, name, callers, requests, func(i int) error {
		req, err := newReq(i)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d: %.200s", resp.StatusCode, body)
		}
		st, err := stages(resp, body)
		if err != nil {
			return err
		}
		if len(st) > 0 {
			rec.add(st)
		}
		return nil
	})
	return StageLoadResult{LoadResult: r, Stages: rec.summary()}
}

// ParseServerTiming reads the durations of a Server-Timing header
// ("segment;dur=0.120, retrieve;dur=3.5, …", milliseconds); entries
// without a valid dur are left out.
func ParseServerTiming(h string) map[string]time.Duration {
	out := map[string]time.Duration{}
	for _, entry := range strings.Split(h, ",") {
		parts := strings.Split(entry, ";")
		name := strings.TrimSpace(parts[0])
		for _, p := range parts[1:] {
			v, ok := strings.CutPrefix(strings.TrimSpace(p), "dur=")
			if !ok {
				continue
			}
			ms, err := strconv.ParseFloat(v, 64)
			if err == nil && ms >= 0 && name != "" {
				out[name] = time.Duration(ms * float64(time.Millisecond))
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Load returns the load run called name, and whether there is one.
func (r *ScaleRun) Load(name string) (StageLoadResult, bool) {
	for _, l := range r.Loads {
		if l.Name == name {
			return l, true
		}
	}
	return StageLoadResult{}, false
}
