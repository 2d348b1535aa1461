package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"yixianqian/cmd/wire"
	"yixianqian/engine"
	"yixianqian/engine/sheet"
)

// errBadLines reports that an import skipped lines; the rest was loaded.
var errBadLines = errors.New("some lines were not imported")

// maxListedLines is how many refused lines of one file the import prints
// before it only counts the rest.
const maxListedLines = 20

// importJob is one file to import: what it holds, read before the store
// is opened, so that a missing or unreadable file creates nothing.
type importJob struct {
	path     string
	what     string // profiles or needs
	format   string
	warnings []string
	plan     func(ctx context.Context, e *engine.Engine, dry bool) (*engine.ImportReport, error)
}

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	var d dataFlags
	d.register(fs)
	profiles := fs.String("profiles", "", "profiles `file`: JSON Lines, .xlsx or .csv (found from the content)")
	needs := fs.String("needs", "", "needs `file`: JSON Lines, .xlsx or .csv")
	mapping := fs.String("mapping", "", "`file` of '原始表头 = field' lines for headers the reader does not know")
	dry := fs.Bool("dry-run", false, "print what would be added, updated or refused, line by line, and write nothing")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *profiles == "" && *needs == "" {
		return usagef("give --profiles FILE, --needs FILE or both")
	}
	jobs, err := readImportFiles(*profiles, *needs, *mapping)
	if err != nil {
		return err
	}
	a, err := openForImport(ctx, d, stderr, *dry)
	if err != nil {
		return err
	}
	defer a.Close()
	var bad []string
	written := 0
	for _, job := range jobs {
		for _, w := range job.warnings {
			fmt.Fprintf(stderr, "%s: %s\n", job.path, w)
		}
		rep, err := job.plan(ctx, a.Engine, *dry)
		if err != nil {
			return fmt.Errorf("import %s: %w", job.path, err)
		}
		if *dry {
			err = printPlan(stdout, job, rep)
		} else {
			err = printImport(stdout, stderr, job, rep)
		}
		if err != nil {
			return err
		}
		if n := len(rep.Problems()); n > 0 {
			bad = append(bad, fmt.Sprintf("%s (%s)", job.path, plural(n, "line", "lines")))
		}
		if job.what == "profiles" && !*dry {
			written += rep.Written
		}
	}
	if written >= compactAfter {
		// What was imported is stored: a failed compaction only costs
		// match time, and must not hide the import's report.
		if err := compactIndex(ctx, a.Search, stderr); err != nil {
			fmt.Fprintf(stderr, "warning: the index was not compacted: %v\n", err)
		}
	}
	switch {
	case len(bad) == 0:
		return nil
	case *dry:
		fmt.Fprintf(stdout, "dry run: would skip bad lines in %s; nothing was written\n", strings.Join(bad, ", "))
		return nil
	}
	return fmt.Errorf("bad lines skipped in %s; the rest was imported: %w", strings.Join(bad, ", "), errBadLines)
}

// compactAfter is the number of profiles an import writes from which it
// merges the index into one segment: a bulk load leaves many, and a match
// looks each term up in every one.
const compactAfter = 1000

// readImportFiles reads the mapping and the files to import.
func readImportFiles(profiles, needs, mapping string) ([]importJob, error) {
	opts := &sheet.Options{}
	if mapping != "" {
		f, err := os.Open(mapping)
		if err != nil {
			return nil, err
		}
		opts.Mapping, err = sheet.ParseMapping(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", mapping, err)
		}
	}
	var jobs []importJob
	if profiles != "" {
		file, err := readImportFile(profiles, opts, sheet.ReadProfileFile)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, importJob{path: profiles, what: "profiles", format: file.Format, warnings: file.Warnings,
			plan: func(ctx context.Context, e *engine.Engine, dry bool) (*engine.ImportReport, error) {
				return e.ImportProfileLines(ctx, engine.Operator(), file.Lines, dry)
			}})
	}
	if needs != "" {
		file, err := readImportFile(needs, opts, sheet.ReadNeedFile)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, importJob{path: needs, what: "needs", format: file.Format, warnings: file.Warnings,
			plan: func(ctx context.Context, e *engine.Engine, dry bool) (*engine.ImportReport, error) {
				return e.ImportNeedLines(ctx, engine.Operator(), file.Lines, dry)
			}})
	}
	return jobs, nil
}

func readImportFile[T any](path string, opts *sheet.Options, read func(io.Reader, string, *sheet.Options) (*sheet.ImportFile[T], error)) (*sheet.ImportFile[T], error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	file, err := read(f, path, opts)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", path, err)
	}
	return file, nil
}

// openForImport opens the data directory for an import: created when
// missing, with the index brought up to the store (no semantic space: an
// import does not match). A dry run opens the store for reading only, or
// plans against an empty store when there is none yet.
func openForImport(ctx context.Context, d dataFlags, stderr io.Writer, dry bool) (*app, error) {
	if dry {
		a, err := openAppWith(ctx, d, stderr, wire.Options{ReadOnly: true})
		if !errors.Is(err, wire.ErrNoStore) {
			return a, err
		}
		fmt.Fprintf(stderr, "no store in %s yet: the dry run plans against an empty one\n", d.dir)
		tmp, err := os.MkdirTemp("", "yxq-dry-run-")
		if err != nil {
			return nil, err
		}
		a, err = openAppWith(ctx, dataFlags{dir: tmp, dictDir: d.dictDir}, stderr, wire.Options{Create: true})
		if err != nil {
			os.RemoveAll(tmp)
			return nil, err
		}
		a.removeDir = tmp
		return a, nil
	}
	a, err := openApp(ctx, d, stderr, true)
	if err != nil {
		return nil, err
	}
	if _, err := a.Engine.Sync(ctx, false); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// actionLabels are the import actions as the plan prints them.
var actionLabels = map[engine.ImportAction]string{
	engine.ImportAdd: "新增", engine.ImportUpdate: "更新", engine.ImportRefuse: "拒绝", engine.ImportDuplicate: "疑似重复",
}

// printPlan prints a dry run's plan of one file, line by line.
func printPlan(w io.Writer, job importJob, rep *engine.ImportReport) error {
	fmt.Fprintf(w, "%s (%s, %s):\n", job.path, job.what, job.format)
	var t table
	t.add("行", "处理", "编号", "名称", "说明")
	for _, r := range rep.Rows {
		t.add(r.Line, actionLabels[r.Action], r.ID, r.Name, r.Message)
		for _, warn := range r.Warnings {
			t.add("", "", "", "", "警告："+warn)
		}
	}
	if err := t.write(w); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, rep.Summary)
	return err
}

// printImport reports an import of one file: the first maxListedLines
// refused, duplicate or warned lines on stderr, the counts on stdout.
func printImport(stdout, stderr io.Writer, job importJob, rep *engine.ImportReport) error {
	listed, more := 0, 0
	note := func(line int, msg string) {
		if listed < maxListedLines {
			fmt.Fprintf(stderr, "%s:%d: %s\n", job.path, line, msg)
			listed++
		} else {
			more++
		}
	}
	for _, r := range rep.Problems() {
		note(r.Line, actionLabels[r.Action]+"："+r.Message)
	}
	for _, r := range rep.Rows {
		for _, warn := range r.Warnings {
			note(r.Line, "警告："+warn)
		}
	}
	if more > 0 {
		fmt.Fprintf(stderr, "%s: and %d more (run with --dry-run to see every line)\n", job.path, more)
	}
	_, err := fmt.Fprintf(stdout, "imported %s from %s: %d added, %d updated\n%s\n", plural(rep.Written, singular(job.what), job.what), job.path,
		rep.Counts[engine.ImportAdd], rep.Counts[engine.ImportUpdate], rep.Summary)
	return err
}

func singular(what string) string { return strings.TrimSuffix(what, "s") }

// importProfiles stores the JSON Lines profiles of r as they are (the demo
// seeding of serve), reporting bad lines to report. It returns how many
// were stored; errBadLines when some lines were skipped.
func importProfiles(ctx context.Context, a *app, r io.Reader, name string, report io.Writer) (int, error) {
	return importJSONL(ctx, r, name, report, engine.ReadProfiles, a.Engine.PutProfiles)
}

// importNeeds is importProfiles for needs.
func importNeeds(ctx context.Context, a *app, r io.Reader, name string, report io.Writer) (int, error) {
	return importJSONL(ctx, r, name, report, engine.ReadNeeds, a.Engine.PutNeeds)
}

func importJSONL[T any](ctx context.Context, r io.Reader, name string, report io.Writer,
	read func(io.Reader) ([]T, []*engine.LineError, error), put func(context.Context, []T) error) (int, error) {
	items, bad, err := read(r)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", name, err)
	}
	if err := put(ctx, items); err != nil {
		return 0, fmt.Errorf("store %s: %w", name, err)
	}
	for _, e := range bad {
		fmt.Fprintf(report, "%s:%d: %v\n", name, e.Line, e.Err)
	}
	if len(bad) > 0 {
		return len(items), fmt.Errorf("%s: %d bad lines skipped: %w", name, len(bad), errBadLines)
	}
	return len(items), nil
}
