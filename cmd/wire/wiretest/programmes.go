package wiretest

import (
	"context"
	"testing"

	"yixianqian/cmd/wire"
	"yixianqian/engine"
	"yixianqian/engine/demo"
)

// DemoProgrammes opens an App holding the demo data and the programmes'
// additions (service groups, the team of 仙居县's medical device park and
// its open needs), as the service seeds them.
func DemoProgrammes(tb testing.TB, o wire.Options) *wire.App {
	tb.Helper()
	a := Demo(tb, o)
	if err := LoadProgrammes(context.Background(), a.Engine); err != nil {
		tb.Fatal(err)
	}
	return a
}

// LoadProgrammes stores the programmes' demo profiles, needs and service
// groups through eng.
func LoadProgrammes(ctx context.Context, eng *engine.Engine) error {
	ps, bad, err := engine.ReadProfiles(demo.ProgrammeProfiles())
	if err == nil && len(bad) > 0 {
		err = bad[0]
	}
	if err == nil {
		err = eng.PutProfiles(ctx, ps)
	}
	ns, bad, err2 := engine.ReadNeeds(demo.ProgrammeNeeds())
	if err == nil && err2 == nil && len(bad) > 0 {
		err = bad[0]
	}
	if err == nil && err2 == nil {
		err = eng.PutNeeds(ctx, ns)
	}
	gs, bad, err3 := engine.ReadGroups(demo.Groups())
	if err == nil && err3 == nil && len(bad) > 0 {
		err = bad[0]
	}
	if err == nil && err3 == nil {
		err = eng.PutGroups(ctx, gs)
	}
	for _, e := range []error{err, err2, err3} {
		if e != nil {
			return e
		}
	}
	return nil
}
