package demo

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"yixianqian/engine"
)

var update = flag.Bool("update", false, "rewrite the demo JSON Lines files from Generate")

func TestEmbeddedFilesMatchGenerate(t *testing.T) {
	ps, ns := Generate()
	var pb, nb bytes.Buffer
	if err := engine.WriteJSONL(&pb, ps); err != nil {
		t.Fatal(err)
	}
	if err := engine.WriteJSONL(&nb, ns); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("profiles.jsonl", pb.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("needs.jsonl", nb.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(pb.Bytes(), profiles) || !bytes.Equal(nb.Bytes(), needs) {
		t.Fatal("embedded demo files differ from Generate(); run go test ./engine/demo -update")
	}
}

func TestDemoDataIsValidAndComplete(t *testing.T) {
	ps, bad, err := engine.ReadProfiles(Profiles())
	if err != nil || len(bad) > 0 {
		t.Fatalf("profiles: err %v, bad lines %v", err, bad)
	}
	ns, bad, err := engine.ReadNeeds(Needs())
	if err != nil || len(bad) > 0 {
		t.Fatalf("needs: err %v, bad lines %v", err, bad)
	}
	count := map[engine.Kind]int{}
	stations := 0
	scheduled := map[string]bool{}
	for _, p := range ps {
		count[p.Kind]++
		stations += len(p.Stations)
		for _, s := range p.Schedule {
			scheduled[s.County] = true
		}
	}
	if count[engine.KindExpert] < 150 || count[engine.KindTeam] < 20 || count[engine.KindSociety] < 15 {
		t.Errorf("profiles per kind = %v, want at least 150 experts, 20 teams, 15 societies", count)
	}
	if stations == 0 {
		t.Error("no society runs a service station")
	}
	if len(scheduled) != len(engine.Counties()) {
		t.Errorf("team schedules cover %d counties, want all %d", len(scheduled), len(engine.Counties()))
	}
	if len(ns) < 60 {
		t.Errorf("%d needs, want at least 60", len(ns))
	}
}
