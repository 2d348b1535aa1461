package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"yixianqian/engine"
	"yixianqian/engine/sheet"
)

// exportFormats are the formats export writes.
var exportFormats = []string{"jsonl", sheet.FormatXLSX, sheet.FormatCSV}

func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", stderr)
	var d dataFlags
	d.register(fs)
	profiles := fs.String("profiles", "", "profiles `file` to write (- for standard output)")
	needs := fs.String("needs", "", "needs `file` to write (- for standard output)")
	format := fs.String("format", "", "jsonl, xlsx or csv (default: from the file's extension, else jsonl; xlsx for reports)")
	report := fs.String("report", "", "a staff report instead, written to FILE: needs, matches, batch or funnel")
	need := fs.String("need", "", "the need `ID` of a matches report")
	month := fs.String("month", "", "`YYYY-MM` of a batch or funnel report (default: this month for the batch, all months for the funnel)")
	k := fs.Int("k", 10, "suppliers in a matches report")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "" && !slices.Contains(exportFormats, *format) {
		return usagef("--format %q: want jsonl, xlsx or csv", *format)
	}
	if *report != "" {
		if fs.NArg() != 1 {
			return usagef("want one file to write the report to: yxq export --report %s FILE", *report)
		}
		return exportReport(ctx, d, stdout, stderr, reportJob{kind: *report, path: fs.Arg(0), format: *format, need: *need, month: *month, k: *k})
	}
	if *profiles == "" && *needs == "" {
		return usagef("give --profiles FILE, --needs FILE or both (or --report KIND FILE)")
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q; the files follow --profiles and --needs", fs.Arg(0))
	}
	a, err := openApp(ctx, d, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	if *profiles != "" {
		ps, err := a.Engine.Profiles(ctx)
		if err != nil {
			return err
		}
		if err := writeData(*profiles, *format, stdout, ps, func() sheet.Table { return sheet.ProfilesTable(ps) }); err != nil {
			return err
		}
	}
	if *needs != "" {
		ns, err := a.Engine.Needs(ctx)
		if err != nil {
			return err
		}
		if err := writeData(*needs, *format, stdout, ns, func() sheet.Table { return sheet.NeedsTable(ns) }); err != nil {
			return err
		}
	}
	return nil
}

// formatOf returns the format asked for, else the one the file's name
// says, else def.
func formatOf(path, asked, def string) string {
	if asked != "" {
		return asked
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		return sheet.FormatXLSX
	case ".csv":
		return sheet.FormatCSV
	case ".jsonl", ".ndjson", ".json":
		return "jsonl"
	}
	return def
}

// writeData writes records as JSON Lines or as a table that import reads
// back.
func writeData[T any](path, format string, stdout io.Writer, items []T, table func() sheet.Table) error {
	f := formatOf(path, format, "jsonl")
	return writeFile(path, stdout, func(w io.Writer) error {
		if f == "jsonl" {
			return engine.WriteJSONL(w, items)
		}
		return sheet.WriteTable(w, f, table())
	})
}

// reportJob is a staff report to write.
type reportJob struct {
	kind, path, format, need, month string
	k                               int
}

// exportReport writes a staff report: the needs with their suppliers, a
// need's matches, a dry run of the month's batch, or the funnel.
func exportReport(ctx context.Context, d dataFlags, stdout, stderr io.Writer, j reportJob) error {
	f := formatOf(j.path, j.format, sheet.FormatXLSX)
	if f == "jsonl" {
		return usagef("a report is written as xlsx or csv")
	}
	switch j.kind {
	case "needs", "funnel", "matches", "batch":
	default:
		return usagef("--report %q: want needs, matches, batch or funnel", j.kind)
	}
	if j.kind == "matches" && j.need == "" {
		return usagef("a matches report needs --need ID")
	}
	open := openApp
	if j.kind == "matches" || j.kind == "batch" {
		open = openSyncedApp // they match, with the semantic space
	}
	a, err := open(ctx, d, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	t, err := reportTable(ctx, a.Engine, j)
	if err != nil {
		return err
	}
	if err := writeFile(j.path, stdout, func(w io.Writer) error { return sheet.WriteTable(w, f, t) }); err != nil {
		return err
	}
	if j.path != "-" {
		fmt.Fprintf(stdout, "wrote the %s report to %s: %s\n", j.kind, j.path, plural(len(t.Rows), "row", "rows"))
	}
	return nil
}

func reportTable(ctx context.Context, e *engine.Engine, j reportJob) (sheet.Table, error) {
	v := engine.Operator()
	switch j.kind {
	case "needs":
		rs, err := e.ReportNeeds(ctx, v)
		return sheet.NeedsReportTable(rs), err
	case "matches":
		r, err := e.ReportMatches(ctx, v, j.need, engine.MatchOptions{K: j.k, Explain: true})
		if err != nil {
			return sheet.Table{}, err
		}
		return sheet.MatchesTable(r), nil
	case "batch":
		r, err := e.ReportBatch(ctx, v, engine.BatchOptions{Month: j.month})
		if err != nil {
			return sheet.Table{}, err
		}
		return sheet.BatchTable(r), nil
	}
	f, err := e.FunnelStats(ctx, v, j.month)
	return sheet.FunnelTable(f), err
}
