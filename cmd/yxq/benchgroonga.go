package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"yixianqian/bench"
	"yixianqian/engine"
)

// benchGroonga measures Groonga on the same corpus and queries: a new
// database served over HTTP on loopback, the corpus loaded in batches and
// the index built over it; then a fresh server on the database, timed
// until it answers, its memory, and select latency (bench.GroongaQuery).
func benchGroonga(ctx context.Context, f benchFlags, in *seedInput, stdout, stderr io.Writer) error {
	run := newScaleRun(f, "groonga", in)
	if f.revision == "" {
		run.Revision = groongaVersion(f.groongaBin)
	}
	began := time.Now()
	dir, remove, err := benchDataDir(f.data, "groonga-bench-")
	if err != nil {
		return err
	}
	defer remove()
	db := filepath.Join(dir, "db", "profiles.db")
	if err := os.MkdirAll(filepath.Dir(db), 0o700); err != nil {
		return err
	}
	if err := groongaImport(ctx, f, in, db, &run, stderr); err != nil {
		return err
	}
	if err := groongaServe(ctx, f, in, db, &run, stderr); err != nil {
		return err
	}
	if run.Import.DiskBytes, err = diskUsage(dir); err != nil {
		return err
	}
	run.Notes = append(run.Notes, "Groonga: one text column (fields, keywords, works), TokenBigram + NormalizerAuto, "+
		"index built after the load; a need is an OR of its bigrams, scorer_tf_idf, top 10; served by 'groonga -s --protocol http' (2 threads)")
	run.Machine.LoadEnd, run.Took = bench.LoadAverage(), time.Since(began)
	return writeScaleRun(f, &run, stdout)
}

// startGroonga starts a Groonga HTTP server on db (creating it when
// create) and waits until it answers.
func startGroonga(ctx context.Context, f benchFlags, db string, create bool) (*server, *bench.GroongaClient, time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return nil, nil, 0, err
	}
	args := []string{"-s", "--protocol", "http", "--bind-address", "127.0.0.1", "-p", strconv.Itoa(port)}
	if create {
		args = append(args, "-n")
	}
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	srv, err := startServer(f.groongaBin, append(args, db), base)
	if err != nil {
		return nil, nil, 0, err
	}
	_, ready, err := srv.waitReady(ctx, "/d/status", f.startTimeout)
	if err != nil {
		srv.stop(10 * time.Second)
		return nil, nil, 0, err
	}
	return srv, &bench.GroongaClient{Base: base, HTTP: &http.Client{Timeout: 10 * time.Minute}}, ready, nil
}

// stopGroonga shuts the server down with its own command.
func stopGroonga(ctx context.Context, srv *server, g *bench.GroongaClient) error {
	g.Do(ctx, bench.GroongaCommand{Name: "shutdown"})
	return srv.wait(30 * time.Second)
}

// groongaImport creates the database, loads the corpus in batches and
// builds the index, recording the times and the server's peak memory.
func groongaImport(ctx context.Context, f benchFlags, in *seedInput, db string, run *bench.ScaleRun, stderr io.Writer) error {
	srv, g, _, err := startGroonga(ctx, f, db, true)
	if err != nil {
		return err
	}
	defer srv.stop(10 * time.Second)
	table, index := bench.GroongaSchema()
	for _, c := range table {
		if _, _, err := g.Do(ctx, c); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "loading %d profiles generated from %s into Groonga (%s)…\n", f.profiles, f.seedTexts, db)
	start := time.Now()
	p := progress{w: stderr, total: f.profiles, start: start, every: 10 * time.Second}
	batch := make([]bench.GroongaRecord, 0, f.batch)
	put := func() error {
		if _, err := g.Load(ctx, bench.GroongaTable, batch); err != nil {
			return err
		}
		p.add(len(batch))
		batch = batch[:0]
		return nil
	}
	err = in.corpus.Each(f.profiles, f.seed, func(pr engine.Profile) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		run.TextBytes += bench.ProfileTextBytes([]engine.Profile{pr})
		batch = append(batch, bench.NewGroongaRecord(&pr))
		if len(batch) < f.batch {
			return nil
		}
		return put()
	})
	if err == nil && len(batch) > 0 {
		err = put()
	}
	if err != nil {
		return err
	}
	run.Import.Index = time.Since(start)
	fmt.Fprintln(stderr, "building the index…")
	indexStart := time.Now()
	for _, c := range index {
		if _, _, err := g.Do(ctx, c); err != nil {
			return err
		}
	}
	run.Import.Learn = time.Since(indexStart)
	run.Import.Wall = time.Since(start)
	mem, err := bench.ReadProcMem(srv.pid())
	if err != nil {
		return err
	}
	run.Import.PeakRSS, run.Import.AnonRSS = mem.Peak, mem.AnonRSS
	fmt.Fprintf(stderr, "loaded and indexed in %.1f s; server peak RSS %.0f MB\n", run.Import.Wall.Seconds(), float64(mem.Peak)/1e6)
	return stopGroonga(ctx, srv, g)
}

// groongaServe starts a fresh server on the database and measures its
// start, memory and select latency.
func groongaServe(ctx context.Context, f benchFlags, in *seedInput, db string, run *bench.ScaleRun, stderr io.Writer) error {
	srv, g, ready, err := startGroonga(ctx, f, db, false)
	if err != nil {
		return err
	}
	defer srv.stop(10 * time.Second)
	run.Start.Ready = ready
	if run.Start.AtReady, err = bench.ReadProcMem(srv.pid()); err != nil {
		return err
	}
	load := func(needs []engine.Need, callers, n int) bench.StageLoadResult {
		return bench.GroongaSelectLoad(ctx, g.Base, needs, callers, n)
	}
	if err := measureServing(f, in, srv, "Groonga select", load, run, stderr); err != nil {
		return err
	}
	return stopGroonga(ctx, srv, g)
}

// groongaVersion returns the first line of 'groonga --version'.
func groongaVersion(bin string) string {
	out, err := execOutput(bin, "--version")
	if err != nil {
		return ""
	}
	return firstLine(out)
}
