package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"yixianqian/bench"
	"yixianqian/cmd/wire"
	"yixianqian/engine"
	"yixianqian/engine/demo"
)

// seedInput is the realistic corpus and the queries of a seed run.
type seedInput struct {
	corpus  *bench.SeedCorpus
	queries []engine.Need // measured, cycled through
	warm    []engine.Need // for warming up, distinct from the first measured ones when there are enough
}

// readSeedInput builds the seed corpus and the queries: SeedQueries of the
// --queries needs (or the demo needs), at least as many as the requests
// and warm-up need, so that no query repeats within a load run when the
// needs suffice.
func readSeedInput(f benchFlags) (*seedInput, error) {
	seeds, err := readJSONL(f.seedTexts, engine.ReadProfiles)
	if err != nil {
		return nil, err
	}
	corpus, err := bench.NewSeedCorpus(seeds, bench.SeedOptions{})
	if err != nil {
		return nil, fmt.Errorf("--seed-texts %s: %w", f.seedTexts, err)
	}
	var needs []engine.Need
	if f.queries != "" {
		if needs, err = readJSONL(f.queries, engine.ReadNeeds); err != nil {
			return nil, err
		}
	} else if needs, _, err = engine.ReadNeeds(demo.Needs()); err != nil {
		return nil, err
	}
	if len(needs) == 0 {
		return nil, usagef("--queries %s holds no need", f.queries)
	}
	qs := bench.SeedQueries(needs, max(len(needs), f.requests+f.warmup), f.seed)
	in := &seedInput{corpus: corpus, queries: qs, warm: qs}
	if len(qs) >= f.requests+f.warmup {
		in.warm = qs[f.requests:]
	}
	return in, nil
}

// readJSONL reads a JSON Lines file of profiles or needs; a bad line is an
// error.
func readJSONL[T any](path string, read func(io.Reader) ([]T, []*engine.LineError, error)) ([]T, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	items, bad, err := read(bufio.NewReader(file))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s:%d: %w (and %d more bad lines)", path, bad[0].Line, bad[0].Err, len(bad)-1)
	}
	return items, nil
}

// newScaleRun starts the record of a seed run.
func newScaleRun(f benchFlags, engineName string, in *seedInput) bench.ScaleRun {
	label := f.label
	if label == "" {
		label = engineName
	}
	rev := f.revision
	if rev == "" {
		rev = buildRevision()
	}
	return bench.ScaleRun{Label: label, Engine: engineName, Revision: rev, Profiles: f.profiles, Seed: f.seed,
		SeedTexts: f.seedTexts, Queries: len(in.queries), Machine: bench.ThisMachine()}
}

// benchSeed measures yxq on the realistic corpus: import into a data
// directory, in-process matching, then a fresh 'yxq serve' on it.
func benchSeed(ctx context.Context, f benchFlags, stdout, stderr io.Writer) error {
	in, err := readSeedInput(f)
	if err != nil {
		return err
	}
	if f.dumpJSONL != "" {
		return dumpCorpus(ctx, f, in, stdout)
	}
	if f.peer == "groonga" {
		return benchGroonga(ctx, f, in, stdout, stderr)
	}
	bin := f.serveBin
	if bin == "" {
		if bin, err = os.Executable(); err != nil {
			return err
		}
	}
	run := newScaleRun(f, "yxq", in)
	began := time.Now()
	dir, remove, err := benchDataDir(f.data, "yxq-bench-")
	if err != nil {
		return err
	}
	defer remove()
	token, err := importSeed(ctx, f, in, dir, &run, stderr)
	if err != nil {
		return err
	}
	if err := serveSeed(ctx, f, in, bin, dir, token, &run, stderr); err != nil {
		return err
	}
	if run.Import.DiskBytes, err = diskUsage(dir); err != nil {
		return err
	}
	run.Machine.LoadEnd, run.Took = bench.LoadAverage(), time.Since(began)
	return writeScaleRun(f, &run, stdout)
}

// measureServing measures a server the benchmark started and timed: its
// memory after a warm-up, the loads of the queries for each number of
// callers (load runs n requests of needs with that many callers; what
// names them in messages), and its peak after them.
func measureServing(f benchFlags, in *seedInput, srv *server, what string, load func(needs []engine.Need, callers, n int) bench.StageLoadResult,
	run *bench.ScaleRun, stderr io.Writer) error {
	if w := load(in.warm, 1, f.warmup); w.Errors > 0 {
		return fmt.Errorf("%s, warm-up: %d of %d requests failed; server output:\n%s", what, w.Errors, w.Requests, trimLines(srv.log.String(), 20))
	}
	var err error
	if run.Serving, err = bench.ReadProcMem(srv.pid()); err != nil {
		return err
	}
	for _, c := range f.callers {
		fmt.Fprintf(stderr, "%s, %d callers…\n", what, c)
		r := load(in.queries, c, f.requests)
		if r.Errors > 0 {
			return fmt.Errorf("%s: %d of %d requests failed", what, r.Errors, r.Requests)
		}
		run.Loads = append(run.Loads, r)
	}
	mem, err := bench.ReadProcMem(srv.pid())
	if err != nil {
		return err
	}
	run.ServingPeak = max(mem.Peak, run.Serving.RSS) // VmHWM may lag a sample taken before it
	return nil
}

// compacter merges an index's segments into one (search.Search).
type compacter interface {
	Compact(context.Context) (before, after int, err error)
}

// compactIndex compacts the index and says so.
func compactIndex(ctx context.Context, c compacter, stderr io.Writer) error {
	start := time.Now()
	before, after, err := c.Compact(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "index compacted: %d segments → %d in %.1f s\n", before, after, time.Since(start).Seconds())
	return nil
}

// importSeed streams the corpus into the engine in batches, learns, runs
// the in-process loads and returns an analyst token for the HTTP loads.
func importSeed(ctx context.Context, f benchFlags, in *seedInput, dir string, run *bench.ScaleRun, stderr io.Writer) (string, error) {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := wire.Open(ctx, wire.Options{Dir: dir, Create: true, DictDir: f.dictDir, Logger: log})
	if err != nil {
		return "", err
	}
	defer a.Close()
	if _, err := a.Engine.Sync(ctx, false); err != nil {
		return "", err
	}
	fmt.Fprintf(stderr, "importing %d profiles generated from %s into %s…\n", f.profiles, f.seedTexts, dir)
	start := time.Now()
	p := progress{w: stderr, total: f.profiles, start: start, every: 10 * time.Second}
	batch := make([]engine.Profile, 0, f.batch)
	put := func() error {
		if err := a.Engine.PutProfiles(ctx, batch); err != nil {
			return err
		}
		run.TextBytes += bench.ProfileTextBytes(batch)
		p.add(len(batch))
		batch = batch[:0]
		return nil
	}
	err = in.corpus.Each(f.profiles, f.seed, func(pr engine.Profile) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		batch = append(batch, pr)
		if len(batch) < f.batch {
			return nil
		}
		return put()
	})
	if err == nil && len(batch) > 0 {
		err = put()
	}
	if err != nil {
		return "", fmt.Errorf("import: %w", err)
	}
	// scale.sh builds older revisions with this harness: compact only
	// where the build can.
	if c, ok := any(a.Search).(compacter); ok {
		if err := compactIndex(ctx, c, stderr); err != nil {
			return "", err
		}
	}
	run.Import.Index = time.Since(start)
	learnStart := time.Now()
	if err := a.Sync(ctx); err != nil { // what a start does after the index is up to date: learn
		return "", err
	}
	run.Import.Learn = time.Since(learnStart)
	run.Import.Wall = time.Since(start)
	texts := make([]string, len(in.queries))
	for i := range in.queries {
		texts[i] = in.queries[i].Text()
	}
	run.Extra = map[string]float64{bench.ExtraLatentRecall: a.Search.ScanRecall(ctx, texts, 50)}
	mem, _ := bench.ReadProcMem(0)
	run.Import.PeakRSS, run.Import.AnonRSS = mem.Peak, mem.AnonRSS
	fmt.Fprintf(stderr, "imported in %.1f s (learning %.1f s); peak RSS %.0f MB\n", run.Import.Wall.Seconds(), run.Import.Learn.Seconds(), float64(mem.Peak)/1e6)

	bench.MatchLoad(ctx, a.Engine, in.warm, 1, f.warmup)
	for _, c := range f.callers {
		fmt.Fprintf(stderr, "matching in process, %d callers…\n", c)
		r := bench.MatchStageLoad(ctx, a.Engine, in.queries, c, f.requests)
		if r.Errors > 0 {
			return "", fmt.Errorf("match load: %d of %d requests failed", r.Errors, r.Requests)
		}
		run.Loads = append(run.Loads, r)
	}
	token, _, err := a.Engine.CreateToken(ctx, engine.RoleAnalyst, "", "bench")
	return token, err
}

// serveSeed starts 'yxq serve' on the data directory, times it until
// /readyz answers 200, and measures its memory and the HTTP loads.
func serveSeed(ctx context.Context, f benchFlags, in *seedInput, bin, dir, token string, run *bench.ScaleRun, stderr io.Writer) error {
	args := []string{"serve", "--no-demo", "--data", dir, "--addr", "127.0.0.1:0", "--rate", "1000000", "--max-in-flight", "1024"}
	if f.dictDir != "" {
		args = append(args, "--dict-dir", f.dictDir)
	}
	fmt.Fprintf(stderr, "starting %s %s…\n", bin, strings.Join(args, " "))
	srv, err := startServer(bin, args, "")
	if err != nil {
		return err
	}
	defer srv.stop(30 * time.Second)
	base, ready, err := srv.waitReady(ctx, "/readyz", f.startTimeout)
	if err != nil {
		return err
	}
	run.Start.Ready = ready
	if run.Start.AtReady, err = bench.ReadProcMem(srv.pid()); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "ready after %.1f s; peak RSS %.0f MB\n", ready.Seconds(), float64(run.Start.AtReady.Peak)/1e6)
	load := func(needs []engine.Need, callers, n int) bench.StageLoadResult {
		return bench.HTTPStageLoad(ctx, base, token, needs, callers, n)
	}
	if err := measureServing(f, in, srv, "matching over HTTP", load, run, stderr); err != nil {
		return err
	}
	if err := srv.stop(30 * time.Second); err != nil {
		return fmt.Errorf("stop the server: %w", err)
	}
	return nil
}

// progress reports an import's progress every so often.
type progress struct {
	w            io.Writer
	total, done  int
	start, shown time.Time
	every        time.Duration
}

func (p *progress) add(n int) {
	p.done += n
	now := time.Now()
	if p.done < p.total && now.Sub(p.shown) < p.every {
		return
	}
	p.shown = now
	el := now.Sub(p.start).Seconds()
	mem, _ := bench.ReadProcMem(0)
	fmt.Fprintf(p.w, "  %d/%d profiles (%.0f%%) in %.0f s, %.0f profiles/s, RSS %.0f MB\n",
		p.done, p.total, 100*float64(p.done)/float64(p.total), el, float64(p.done)/el, float64(mem.RSS)/1e6)
}

// dumpCorpus writes the generated profiles as JSON Lines.
func dumpCorpus(ctx context.Context, f benchFlags, in *seedInput, stdout io.Writer) error {
	out, err := os.Create(f.dumpJSONL)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(out, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	err = in.corpus.Each(f.profiles, f.seed, func(p engine.Profile) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return enc.Encode(p)
	})
	if err == nil {
		err = w.Flush()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.dumpJSONL)
		return fmt.Errorf("dump %s: %w", f.dumpJSONL, err)
	}
	_, err = fmt.Fprintf(stdout, "wrote %d profiles to %s\n", f.profiles, f.dumpJSONL)
	return err
}

// buildRevision returns the VCS revision the binary was built from, with
// "+dirty" when the tree had changes; "" when unknown.
func buildRevision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(12, len(s.Value))]
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev != "" && dirty {
		rev += "+dirty"
	}
	return rev
}
