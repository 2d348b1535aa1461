package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"yixianqian/engine"
)

// MixedOptions describe a mixed load run against a server on loopback.
type MixedOptions struct {
	Base     string        // http://127.0.0.1:port
	Token    string        // an analyst token
	Needs    []engine.Need // texts for matches and new needs
	ReadIDs  []string      // profile IDs to read
	Rate     float64       // requests per second offered
	Duration time.Duration // how long
	Callers  int           // concurrent clients
	// Sample is called every SampleEvery with the elapsed time, to record
	// memory while the run goes on.
	Sample      func(elapsed time.Duration)
	SampleEvery time.Duration
}

// MixedResult is the outcome per kind of request.
type MixedResult struct {
	Kinds      map[string]LoadResult `json:"kinds"` // match, read, write
	Requests   int                   `json:"requests"`
	Errors     int                   `json:"errors"`
	Throughput float64               `json:"per_second"`
}

// MixedLoad offers o.Rate requests a second for o.Duration: 80% matches
// (POST /v1/match), 15% reads (GET /v1/profiles/{id}), 5% writes (POST
// /v1/needs). Any non-2xx answer counts as an error.
func MixedLoad(ctx context.Context, o MixedOptions) MixedResult {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: o.Callers}}
	lim := rate.NewLimiter(rate.Limit(o.Rate), 1)
	ctx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	var (
		mu   sync.Mutex
		lat  = map[string][]time.Duration{}
		errs = map[string]int{}
		seq  int
		wg   sync.WaitGroup
	)
	do := func(kind, method, path string, body []byte) {
		req, _ := http.NewRequest(method, o.Base+path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+o.Token)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		start := time.Now()
		resp, err := client.Do(req)
		d := time.Since(start)
		ok := err == nil && resp.StatusCode/100 == 2
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		mu.Lock()
		if ok {
			lat[kind] = append(lat[kind], d)
		} else {
			errs[kind]++
		}
		mu.Unlock()
	}
	started := time.Now()
	if o.Sample != nil && o.SampleEvery > 0 {
		go func() {
			t := time.NewTicker(o.SampleEvery)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					o.Sample(time.Since(started))
				}
			}
		}()
	}
	for c := range o.Callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(c), 99))
			for lim.Wait(ctx) == nil {
				n := o.Needs[r.IntN(len(o.Needs))]
				switch x := r.IntN(100); {
				case x < 80:
					b, _ := json.Marshal(map[string]any{"text": n.Text(), "k": 10})
					do("match", "POST", "/v1/match", b)
				case x < 95:
					do("read", "GET", "/v1/profiles/"+o.ReadIDs[r.IntN(len(o.ReadIDs))], nil)
				default:
					mu.Lock()
					seq++
					id := fmt.Sprintf("load-%d-%d", c, seq)
					mu.Unlock()
					b, _ := json.Marshal(map[string]any{"id": id, "title": n.Title, "description": n.Description, "county": n.County, "industry": n.Industry})
					do("write", "POST", "/v1/needs", b)
				}
			}
		}()
	}
	wg.Wait()
	el := time.Since(started)
	res := MixedResult{Kinds: map[string]LoadResult{}}
	for _, k := range []string{"match", "read", "write"} {
		n := len(lat[k]) + errs[k]
		res.Kinds[k] = LoadResult{Name: k, Callers: o.Callers, Requests: n, Errors: errs[k], Elapsed: el, Throughput: float64(n) / el.Seconds(), Latency: Summarise(lat[k])}
		res.Requests += n
		res.Errors += errs[k]
	}
	res.Throughput = float64(res.Requests) / el.Seconds()
	return res
}
