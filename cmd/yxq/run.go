package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

const usage = `yxq — 一线牵, the matchmaking engine of 科企一线牵

Usage: yxq <command> [flags]

Commands:
  serve     run the HTTP service (seeds the demo data on first start)
  import    load profiles and needs from JSON Lines files
  export    write profiles and needs as JSON Lines
  match     rank profiles for a need text
  reindex   rebuild the search index from the store
  eval      measure match quality on judged needs (nDCG, P@k, MRR, MAP, recall)
  load      a bounded mixed load (80% match, 15% read, 5% write) on loopback
  bench     index a synthetic corpus and measure indexing, Match and HTTP latency
  backup    a consistent copy of the store (offline, or --from a running service)
  restore   bring a backup back and rebuild the index
  check     verify the store and the index; quarantine unreadable records,
            rebuild a damaged index (every start does the same)
  batch     the monthly batch: a dry run, or --apply to assign
  token     bearer tokens: create, revoke, list
  dict      dictionaries: 'dict export DIR' copies gojieba's files for shipping;
            'dict save|load --words F --synonyms F' the staff's words and synonyms

Run 'yxq <command> -h' for a command's flags.
`

// usageError is a mistake in the command line; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// run is the whole program; main only calls it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usagef("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, rest, stdout, stderr)
	case "import":
		return cmdImport(ctx, rest, stdout, stderr)
	case "export":
		return cmdExport(ctx, rest, stdout, stderr)
	case "match":
		return cmdMatch(ctx, rest, stdout, stderr)
	case "reindex":
		return cmdReindex(ctx, rest, stdout, stderr)
	case "load":
		return cmdLoad(ctx, rest, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, rest, stdout, stderr)
	case "restore":
		return cmdRestore(ctx, rest, stdout, stderr)
	case "check":
		return cmdCheck(ctx, rest, stdout, stderr)
	case "batch":
		return cmdBatch(ctx, rest, stdout, stderr)
	case "token":
		return cmdToken(ctx, rest, stdout, stderr)
	case "bench":
		return cmdBench(ctx, rest, stdout, stderr)
	case "eval":
		return cmdEval(ctx, rest, stdout, stderr)
	case "dict":
		return cmdDict(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usagef("unknown command %q", cmd)
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("yxq "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses args; -h gives a usageError with no message (help was shown).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return usageError{}
		}
		return usageError{strings.TrimSpace(err.Error())}
	}
	return nil
}
