package main

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

func TestPlantedImportsFail(t *testing.T) {
	for _, tc := range []struct {
		line string
		want string // a problem that must be reported; "" for none
	}{
		{"yixianqian/bench yixianqian/engine fmt", ""},
		{"yixianqian/bench yixianqian/engine yixianqian/index", "bench must not import index"},
		{"yixianqian/bench yixianqian/segment", "bench must not import segment"},
		{"yixianqian/bench yixianqian/engine/boltstore", "bench must not import engine/boltstore"},
		{"yixianqian/engine yixianqian/index", "engine must not import index"},
		{"yixianqian/engine yixianqian/segment", "engine must not import segment"},
		{"yixianqian/api yixianqian/engine/search", "api must not import engine/search"},
		{"yixianqian/engine/search yixianqian/engine yixianqian/index yixianqian/segment", ""},
		{"yixianqian/index yixianqian/engine", "index must not import engine"},
		{"yixianqian/engine yixianqian/engine/flow", ""},
		{"yixianqian/engine/flow yixianqian/engine", "engine/flow must not import engine"},
		{"yixianqian/cmd/yxq yixianqian/index github.com/prometheus/client_golang/prometheus", ""},
		{"yixianqian/engine github.com/prometheus/client_golang/prometheus", "engine must not import Prometheus (expose a stats struct instead)"},
		{"yixianqian/newpkg fmt", "newpkg has no rule; add it to cmd/importcheck and docs/architecture.md"},
	} {
		got, err := check(strings.NewReader(tc.line + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%q: problems %q, want none", tc.line, got)
		case tc.want != "" && !slices.Contains(got, tc.want):
			t.Errorf("%q: problems %q, want %q", tc.line, got, tc.want)
		}
	}
}

// TestModuleFollowsTheRules runs the check over this module as CI does.
func TestModuleFollowsTheRules(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...")
	cmd.Dir = "../.."
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	got, err := check(strings.NewReader(string(out)))
	if err != nil || len(got) > 0 {
		t.Errorf("the module breaks the import rules: %q %v", got, err)
	}
}
