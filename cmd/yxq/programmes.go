package main

import (
	"context"
	"fmt"
	"io"

	"yixianqian/engine"
	"yixianqian/engine/demo"
)

// seedProgrammes loads the demo's additions for pairing rounds and
// packages: the profiles and needs they bring (the doctoral team of
// 仙居县's medical device park and its open needs) and the service groups.
func (a *app) seedProgrammes(ctx context.Context, stdout io.Writer) error {
	ps, bad, err := engine.ReadProfiles(demo.ProgrammeProfiles())
	if err == nil && len(bad) > 0 {
		err = bad[0]
	}
	if err == nil {
		err = a.Engine.PutProfiles(ctx, ps)
	}
	if err != nil {
		return fmt.Errorf("demo programme profiles: %w", err)
	}
	ns, bad, err := engine.ReadNeeds(demo.ProgrammeNeeds())
	if err == nil && len(bad) > 0 {
		err = bad[0]
	}
	if err == nil {
		err = a.Engine.PutNeeds(ctx, ns)
	}
	if err != nil {
		return fmt.Errorf("demo programme needs: %w", err)
	}
	gs, bad, err := engine.ReadGroups(demo.Groups())
	if err == nil && len(bad) > 0 {
		err = bad[0]
	}
	if err == nil {
		err = a.Engine.PutGroups(ctx, gs)
	}
	if err != nil {
		return fmt.Errorf("demo service groups: %w", err)
	}
	fmt.Fprintf(stdout, "seeded the programmes: %s, %s, %s\n", plural(len(ps), "profile", "profiles"), plural(len(ns), "need", "needs"), plural(len(gs), "service group", "service groups"))
	return nil
}
