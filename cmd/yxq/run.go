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
  import    load profiles and needs from JSON Lines, .xlsx or .csv files
            (--dry-run shows what would be added, updated or refused)
  export    write profiles and needs (JSON Lines, .xlsx, .csv), or a staff
            report: needs, a need's matches, the batch plan, the funnel
  match     rank profiles for a need text
  reindex   rebuild the search index from the store
  eval      measure match quality on judged needs (nDCG, P@k, MRR, MAP, recall);
            --folds N cross-validates a trained ranker
  train     learn a ranker from judged needs and write it as a model file
  load      a bounded mixed load (80% match, 15% read, 5% write) on loopback
  bench     measure indexing, Match and HTTP latency on a synthetic corpus; with
            --seed-texts on a realistic one: import, start, memory, stages;
            --peer groonga the same on Groonga; --compare tables of runs
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

// errHelp is returned when a command showed its help: not an error.
var errHelp = errors.New("help shown")

// run is the whole program; main only calls it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if err := dispatch(ctx, args, stdout, stderr); !errors.Is(err, errHelp) {
		return err
	}
	return nil
}

// dispatch runs the command args name.
func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
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
	case "train":
		return cmdTrain(ctx, rest, stdout, stderr)
	case "dict":
		return cmdDict(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usagef("unknown command %q", cmd)
}

// synopses are the command lines of the commands, with their positional
// arguments, as -h shows them above the flags.
var synopses = map[string]string{
	"serve":        "yxq serve [flags]",
	"import":       "yxq import [--data DIR] [--profiles FILE] [--needs FILE] [--mapping FILE] [--dry-run]",
	"export":       "yxq export [--data DIR] [--format jsonl|xlsx|csv] [--profiles FILE] [--needs FILE]\n       yxq export [--data DIR] --report needs|matches|batch|funnel [--need ID] [--month YYYY-MM] [--format xlsx|csv] FILE",
	"match":        "yxq match [flags] \"need text\"",
	"reindex":      "yxq reindex [--data DIR]",
	"eval":         "yxq eval --profiles P --needs N --qrels Q [flags]",
	"train":        "yxq train --profiles P --needs N --qrels Q --out MODEL [flags]",
	"load":         "yxq load [flags]",
	"bench":        "yxq bench [flags]",
	"backup":       "yxq backup [--data DIR | --from URL --token T] FILE",
	"restore":      "yxq restore --data DIR [--force] FILE",
	"batch":        "yxq batch [--month YYYY-MM] [--k N] [--apply] [--json]",
	"token create": "yxq token create --role ROLE [--subject S] [--name N]",
	"token revoke": "yxq token revoke [--data DIR] ID",
	"token list":   "yxq token list [--data DIR]",
	"dict save":    "yxq dict save [--data DIR] --words FILE --synonyms FILE",
	"dict load":    "yxq dict load [--data DIR] --words FILE --synonyms FILE",
}

// newFlags returns a flag set that reports errors instead of exiting; its
// help shows the command's synopsis, then the flags.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("yxq "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if syn, ok := synopses[name]; ok {
		fs.Usage = func() {
			fmt.Fprintf(stderr, "Usage: %s\n\nFlags:\n", syn)
			fs.PrintDefaults()
		}
	}
	return fs
}

// isHelp reports whether a command's first argument asks for help.
func isHelp(arg string) bool { return arg == "-h" || arg == "--help" || arg == "help" }

// parse parses args; -h gives errHelp (help was shown: exit status 0).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{strings.TrimSpace(err.Error())}
	}
	return nil
}
