package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"yixianqian/engine"
)

func cmdBatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("batch", stderr)
	var d dataFlags
	d.register(fs)
	month := fs.String("month", "", "`YYYY-MM` whose team slots serve (default this month)")
	k := fs.Int("k", 1, "suppliers per need")
	apply := fs.Bool("apply", false, "make the assignments (default: a dry run)")
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openSyncedApp(ctx, d, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	plan, err := a.Engine.PlanBatch(ctx, engine.Operator(), engine.BatchOptions{Month: *month, K: *k})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(plan); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "month %s: %d pending needs, %d pairs, total score %.2f\n", plan.Month, plan.Needs, len(plan.Pairs), plan.Total)
		var t table
		t.add("need", "supplier", "score")
		for _, p := range plan.Pairs {
			t.add(p.NeedID, p.ProfileID, fmt.Sprintf("%.3f", p.Score))
		}
		if err := t.write(stdout); err != nil {
			return err
		}
		for _, u := range plan.Infeasible {
			fmt.Fprintf(stdout, "cannot serve %s: %s\n", u.NeedID, u.Reason)
		}
	}
	if !*apply {
		fmt.Fprintln(stderr, "dry run: nothing assigned; run again with --apply to assign")
		return nil
	}
	made, refused, err := a.Engine.ApplyBatch(ctx, engine.Viewer{Role: engine.RoleAdmin}, plan)
	if err != nil {
		return err
	}
	for _, r := range refused {
		fmt.Fprintf(stderr, "refused %s: %s\n", r.NeedID, r.Reason)
	}
	fmt.Fprintf(stdout, "assigned %d pairs\n", len(made))
	return nil
}
