package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"yixianqian/bench"
)

// writeScaleRun prints a seed run: what was measured where, a table of
// every figure, and Go benchmark lines (benchstat-friendly); with --json
// it also writes the run as JSON.
func writeScaleRun(f benchFlags, run *bench.ScaleRun, stdout io.Writer) error {
	if f.jsonOut != "" {
		b, err := json.MarshalIndent(run, "", "  ")
		if err != nil {
			return err
		}
		b = append(b, '\n')
		if f.jsonOut == "-" {
			_, err = stdout.Write(b)
			return err
		}
		if err := os.WriteFile(f.jsonOut, b, 0o644); err != nil {
			return err
		}
	}
	m := run.Machine
	fmt.Fprintf(stdout, "machine: %d cores (%s), %.1f GB, %s; load average %s at the start, %s at the end\n",
		m.Cores, m.CPU, float64(m.MemTotal)/1e9, m.Go, formatLoad(m.Load), formatLoad(m.LoadEnd))
	rev := run.Revision
	if rev == "" {
		rev = "revision unknown"
	}
	fmt.Fprintf(stdout, "%s (%s, %s): %d profiles from %s (seed %d), %.1f MB of text; %d queries; %.0f s in all\n",
		run.Label, run.Engine, rev, run.Profiles, run.SeedTexts, run.Seed, float64(run.TextBytes)/1e6, run.Queries, run.Took.Seconds())
	for _, n := range run.Notes {
		fmt.Fprintln(stdout, n)
	}
	var t table
	t.add("figure", "value", "unit")
	for _, fig := range run.Figures() {
		t.add(fig.Label, bench.FormatValue(fig.Value), fig.Unit)
	}
	if err := t.write(stdout); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	for _, line := range benchLines(run) {
		fmt.Fprintln(stdout, line)
	}
	return nil
}

// benchLines are the run's figures as Go benchmark lines, one per part
// (import, start, serving, each load run), named
// Benchmark<Engine>Seed/profiles=N/<part>.
func benchLines(run *bench.ScaleRun) []string {
	name := strings.ToUpper(run.Engine[:1]) + run.Engine[1:]
	prefix := fmt.Sprintf("%sSeed/profiles=%d", name, run.Profiles)
	im := run.Import
	var out []string
	if im.Wall > 0 {
		out = append(out, fmt.Sprintf("Benchmark%s/import\t1\t%d ns/op\t%.1f profiles/s\t%.3f learn-s\t%.1f peak-MB\t%.1f anon-MB\t%.1f disk-MB",
			prefix, im.Wall.Nanoseconds(), float64(run.Profiles)/im.Wall.Seconds(), im.Learn.Seconds(),
			float64(im.PeakRSS)/1e6, float64(im.AnonRSS)/1e6, float64(im.DiskBytes)/1e6))
	}
	if run.Start.Ready > 0 {
		out = append(out, fmt.Sprintf("Benchmark%s/start\t1\t%d ns/op\t%.1f peak-MB", prefix, run.Start.Ready.Nanoseconds(), float64(run.Start.AtReady.Peak)/1e6))
		out = append(out, fmt.Sprintf("Benchmark%s/serving\t1\t%.1f anon-MB\t%.1f rss-MB\t%.1f peak-MB",
			prefix, float64(run.Serving.AnonRSS)/1e6, float64(run.Serving.RSS)/1e6, float64(run.ServingPeak)/1e6))
	}
	for _, l := range run.Loads {
		line := l.GoBenchLine(prefix)
		for _, s := range []string{bench.StageTotal, bench.StageSegment, bench.StageRetrieve, bench.StageScore} {
			if st, ok := l.Stages[s]; ok {
				line += fmt.Sprintf("\t%.3f %s-p50-ms\t%.3f %s-p99-ms", bench.Millis(st.P50), s, bench.Millis(st.P99), s)
			}
		}
		out = append(out, line)
	}
	return out
}

func formatLoad(l []float64) string {
	if len(l) == 0 {
		return "unknown"
	}
	s := make([]string, len(l))
	for i, v := range l {
		s[i] = fmt.Sprintf("%.2f", v)
	}
	return strings.Join(s, " ")
}

// benchCompare reads JSON runs and writes Markdown tables of their medians
// per corpus size, with the ratios new/old (and new/peer).
func benchCompare(f benchFlags, stdout io.Writer) error {
	var runs []bench.ScaleRun
	for _, path := range f.files {
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var r bench.ScaleRun
		if err := json.Unmarshal(b, &r); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		runs = append(runs, r)
	}
	return bench.WriteScaleMarkdown(stdout, bench.ScaleTables(runs, f.compare))
}

// execOutput runs a command and returns its standard output.
func execOutput(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).Output()
	return string(out), err
}

// firstLine returns s up to its first line break, without a trailing
// bracketed part ("Groonga 13.0.0 [linux-gnu,…]" → "Groonga 13.0.0").
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	s, _, _ = strings.Cut(s, " [")
	return strings.TrimSpace(s)
}
