package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"yixianqian/bench"
	"yixianqian/engine"
	"yixianqian/segment"
)

// writeFile writes through fn to path ("-": stdout), atomically for files.
func writeFile(path string, stdout io.Writer, fn func(io.Writer) error) error {
	if path == "-" {
		return fn(stdout)
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	err = fn(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("export %s: %w", path, err)
	}
	return nil
}

func cmdMatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("match", stderr)
	var d dataFlags
	d.register(fs)
	k := fs.Int("k", 10, "number of matches")
	kind := fs.String("kind", "", "only this `kind`: expert, team or society")
	explain := fs.Bool("explain", false, "show the matched terms")
	if err := parse(fs, args); err != nil {
		return err
	}
	text := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if text == "" {
		return usagef(`give the need text, e.g. yxq match "注塑模具冷却不均导致翘曲变形"`)
	}
	a, err := openSyncedApp(ctx, d, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	opts := engine.MatchOptions{K: *k, Explain: *explain}
	if *kind != "" {
		opts.Kinds = []engine.Kind{engine.Kind(*kind)}
	}
	res, err := a.Engine.Match(ctx, text, opts)
	if err != nil {
		return err
	}
	var t table
	t.add("rank", "score", "kind", "id", "name", "organisation")
	for _, m := range res.Matches {
		t.add(m.Rank, fmt.Sprintf("%.3f", m.Score), m.Profile.Kind, m.Profile.ID, m.Profile.Name, m.Profile.Organisation)
		if m.Explain != nil {
			fields := make([]string, 0, len(m.Explain.Terms))
			for field := range m.Explain.Terms {
				fields = append(fields, field)
			}
			slices.Sort(fields)
			for _, field := range fields {
				t.add("", "", "", "", field+": "+strings.Join(m.Explain.Terms[field], " "))
			}
		}
	}
	if err := t.write(stdout); err != nil {
		return err
	}
	if len(res.Expanded) > 0 {
		fmt.Fprintf(stdout, "synonyms: %s\n", strings.Join(res.Expanded, ", "))
	}
	fmt.Fprintf(stdout, "%s in %.1f ms\n", plural(len(res.Matches), "match", "matches"), bench.Millis(res.Stats.Total))
	return nil
}

func cmdReindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("reindex", stderr)
	var d dataFlags
	d.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openApp(ctx, d, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	r, err := a.Engine.Reindex(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "reindexed %s in %.2f s\n", plural(r.Profiles, "profile", "profiles"), r.Took.Seconds())
	return nil
}

func cmdDict(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const use = "yxq dict export DIR | save --words F --synonyms F | load --words F --synonyms F"
	if len(args) == 0 {
		return usagef("want: %s", use)
	}
	if isHelp(args[0]) {
		fmt.Fprintf(stdout, "Usage: %s\n\n'export' copies gojieba's dictionary files for shipping with a binary;\n'save' writes the staff's words and synonyms to text files, 'load' stores\nthem as a new version, applied at the next start.\nRun 'yxq dict <command> -h' for the flags.\n", use)
		return nil
	}
	switch args[0] {
	case "export":
		return cmdDictExport(args[1:], stdout, stderr)
	case "save", "load":
		return cmdDictStaff(ctx, args[0], args[1:], stdout, stderr)
	}
	return usagef("unknown dict command %q; want: %s", args[0], use)
}

// cmdDictStaff saves the staff's words and synonyms to text files, or
// loads them as a new version (applied at the next start).
func cmdDictStaff(ctx context.Context, verb string, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("dict "+verb, stderr)
	var d dataFlags
	d.register(fs)
	wordsPath := fs.String("words", "", "words `file`: 'word [freq [tag]]' a line")
	synPath := fs.String("synonyms", "", "synonyms `file`: 'a = b [= c …]' a line")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *wordsPath == "" && *synPath == "" {
		return usagef("give --words FILE, --synonyms FILE or both")
	}
	a, err := openApp(ctx, d, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	cur, err := a.Store.Dictionary(ctx)
	if err != nil {
		return err
	}
	if verb == "save" {
		if *wordsPath != "" {
			if err := writeFile(*wordsPath, stdout, func(w io.Writer) error { return segment.FormatWords(w, segmentWords(cur.Words)) }); err != nil {
				return err
			}
		}
		if *synPath != "" {
			if err := writeFile(*synPath, stdout, func(w io.Writer) error { _, err := io.WriteString(w, engine.FormatSynonyms(cur.Synonyms)); return err }); err != nil {
				return err
			}
		}
		fmt.Fprintf(stderr, "saved dictionary version %d\n", cur.Version)
		return nil
	}
	words, synonyms := cur.Words, cur.Synonyms
	if *wordsPath != "" {
		f, err := os.Open(*wordsPath)
		if err != nil {
			return err
		}
		parsed, err := segment.ParseWords(f)
		f.Close()
		words = engineWords(parsed)
		if err != nil {
			return fmt.Errorf("%s: %w", *wordsPath, err)
		}
	}
	if *synPath != "" {
		b, err := os.ReadFile(*synPath)
		if err != nil {
			return err
		}
		if synonyms, err = engine.ParseSynonyms(string(b)); err != nil {
			return fmt.Errorf("%s: %w", *synPath, err)
		}
	}
	nd, err := a.Engine.StoreDictionary(ctx, words, synonyms, "cli")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "stored dictionary version %d: %d words, %d synonym groups; the next start applies it\n", nd.Version, len(nd.Words), len(nd.Synonyms))
	return nil
}

func cmdDictExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("dict export", stderr)
	from := fs.String("dict-dir", "", "source `directory` (default: found automatically)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: yxq dict export [--dict-dir SRC] DIR\n\n"+
			"Copies gojieba's dictionary files (%s) to DIR, so that a binary\n"+
			"built with -trimpath or copied to another machine can run with\n"+
			"--dict-dir DIR, YXQ_DICT_DIR=DIR, or DIR named 'dict' next to it.\n", strings.Join(segment.DictFiles(), ", "))
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one target directory: yxq dict export DIR")
	}
	if err := segment.ExportDictDir(*from, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "copied the dictionary files to %s\n", fs.Arg(0))
	return nil
}
