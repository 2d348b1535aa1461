package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"yixianqian/engine"
)

// errCheckFound reports that check found problems (repaired or not).
var errCheckFound = errors.New("problems found")

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	var d dataFlags
	d.register(fs)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("want: yxq check [--data DIR] [--json]")
	}
	// The same check every start runs, reported in full.
	a, err := openApp(ctx, d, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	if _, err := a.Engine.Sync(ctx, false); err != nil {
		return err
	}
	first, err := a.Check(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(first); err != nil {
			return err
		}
	} else {
		writeCheck(stdout, d.dir, &first)
	}
	switch {
	case first.Damaged():
		return fmt.Errorf("check %s: damage remains (restore a backup with 'yxq restore'): %w", d.dir, errCheckFound)
	case !first.Clean():
		return fmt.Errorf("check %s: repaired what was found: %w", d.dir, errCheckFound)
	}
	return nil
}

// writeCheck prints a check report for people.
func writeCheck(w io.Writer, dir string, r *engine.CheckReport) {
	fmt.Fprintf(w, "check of %s (%.1f s)\n", dir, r.Took.Seconds())
	kinds := make([]string, 0, len(r.Store.Records))
	for k := range r.Store.Records {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var counts []string
	for _, k := range kinds {
		counts = append(counts, fmt.Sprintf("%s %d", k, r.Store.Records[k]))
	}
	fmt.Fprintf(w, "store: records read: %s\n", strings.Join(counts, ", "))
	for _, q := range r.Store.Quarantined {
		fmt.Fprintf(w, "store: quarantined %s/%s: %s\n", q.Bucket, q.Key, q.Reason)
	}
	for _, d := range r.Store.Damage {
		fmt.Fprintf(w, "store: DAMAGE: %s\n", d)
	}
	fmt.Fprintf(w, "index: %d documents for %d stored profiles\n", r.IndexDocs, r.StoreProfiles)
	for _, p := range r.Probes {
		if p.Error != "" {
			fmt.Fprintf(w, "index: probe query for %s (%s) failed: %s\n", p.Kind, p.ProfileID, p.Error)
		} else {
			fmt.Fprintf(w, "index: probe query for %s (%s): %d candidates\n", p.Kind, p.ProfileID, p.Candidates)
		}
	}
	for _, p := range r.IndexProblems {
		fmt.Fprintf(w, "index: problem: %s\n", p)
	}
	if r.Rebuilt {
		fmt.Fprintln(w, "index: rebuilt from the store")
	}
	for _, p := range r.IndexAfter {
		fmt.Fprintf(w, "index: DAMAGE after the rebuild: %s\n", p)
	}
	if r.Clean() {
		fmt.Fprintln(w, "ok: nothing wrong")
	}
}
