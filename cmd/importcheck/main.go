// Command importcheck fails when a package of this module imports one of
// ours that the one-way graph of docs/architecture.md does not allow, or
// when a package below api and cmd imports Prometheus. CI runs it over
// `go list ./...`; it reads that listing from standard input when given
// "-", and runs go list itself otherwise.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
)

const module = "yixianqian"

// allowed maps each package to the packages of ours it may import; "*"
// allows anything. A package missing here is itself a failure, so a new
// package gets a rule before it lands.
var allowed = map[string][]string{
	"segment":             nil,
	"segment/segmenttest": {"segment"},
	"index":               {"segment"},
	"engine":              {"engine/flow", "engine/rank"},
	"engine/flow":         nil,
	"engine/rank":         nil,
	"engine/boltstore":    {"engine"},
	"engine/demo":         {"engine"},
	"engine/sheet":        {"engine"},
	"engine/enginetest":   {"engine", "engine/demo"},
	"engine/search":       {"engine", "index", "segment"},
	"api":                 {"engine", "engine/sheet"},
	"bench":               {"engine"},
	"cmd/*":               {"*"},
}

// prometheusAllowed lists the packages that may know Prometheus; the others
// expose stats structs.
var prometheusAllowed = map[string][]string{"api": nil, "cmd/*": nil}

func main() {
	in, err := listing(os.Args[1:])
	if err == nil {
		var problems []string
		problems, err = check(in)
		for _, p := range problems {
			fmt.Println("importcheck:", p)
		}
		if err == nil && len(problems) > 0 {
			os.Exit(1)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "importcheck:", err)
		os.Exit(2)
	}
}

// listing returns the package listing to check: standard input for "-",
// else `go list` over the module.
func listing(args []string) (io.Reader, error) {
	if len(args) == 1 && args[0] == "-" {
		return os.Stdin, nil
	}
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	return strings.NewReader(string(out)), nil
}

// rule returns the rule of package pkg (relative to the module).
func rule(table map[string][]string, pkg string) ([]string, bool) {
	if r, ok := table[pkg]; ok {
		return r, true
	}
	for pattern, r := range table {
		if prefix, ok := strings.CutSuffix(pattern, "/*"); ok && strings.HasPrefix(pkg, prefix+"/") {
			return r, true
		}
	}
	return nil, false
}

// check reads lines "package import import …" and returns every broken
// rule.
func check(r io.Reader) ([]string, error) {
	var problems []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		pkg, ok := strings.CutPrefix(fields[0], module+"/")
		if !ok {
			continue
		}
		allow, known := rule(allowed, pkg)
		if !known {
			problems = append(problems, fmt.Sprintf("%s has no rule; add it to cmd/importcheck and docs/architecture.md", pkg))
			continue
		}
		_, mayProm := rule(prometheusAllowed, pkg)
		for _, imp := range fields[1:] {
			if strings.HasPrefix(imp, "github.com/prometheus/") && !mayProm {
				problems = append(problems, fmt.Sprintf("%s must not import Prometheus (expose a stats struct instead)", pkg))
			}
			ours, ok := strings.CutPrefix(imp, module+"/")
			if !ok || slices.Contains(allow, "*") || slices.Contains(allow, ours) {
				continue
			}
			problems = append(problems, fmt.Sprintf("%s must not import %s", pkg, ours))
		}
	}
	return problems, sc.Err()
}
