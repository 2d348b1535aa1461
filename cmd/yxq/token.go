package main

import (
	"context"
	"fmt"
	"io"

	"yixianqian/engine"
)

func cmdToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const use = "yxq token create --role ROLE [--subject S] [--name N] | revoke ID | list"
	if len(args) == 0 {
		return usagef("want: %s", use)
	}
	if isHelp(args[0]) {
		fmt.Fprintf(stdout, "Usage: %s\n\nBearer tokens for the HTTP API: 'create' makes one (the secret is shown once\nand stored only as a hash), 'revoke' removes one, 'list' shows them.\nRun 'yxq token create -h' for the flags.\n", use)
		return nil
	}
	fs := newFlags("token "+args[0], stderr)
	var d dataFlags
	d.register(fs)
	role := fs.String("role", "", "admin, analyst, company, team or expert")
	subject := fs.String("subject", "", "the enterprise (company) or profile ID (team, expert) the token acts for")
	name := fs.String("name", "", "a note to tell tokens apart")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	switch args[0] {
	case "create", "revoke", "list":
	default:
		return usagef("unknown token command %q; want: %s", args[0], use)
	}
	if args[0] == "revoke" && fs.NArg() != 1 {
		return usagef("want: yxq token revoke ID (see yxq token list)")
	}
	if args[0] == "create" && *role == "" {
		return usagef("give --role: admin, analyst, company, team or expert")
	}
	a, err := openApp(ctx, d, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	switch args[0] {
	case "create":
		secret, t, err := a.Engine.CreateToken(ctx, engine.Role(*role), *subject, *name)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "token %s %s\n", t.Role, secret)
		fmt.Fprintf(stderr, "token %s created; the secret above is shown once and stored only as a hash\n", t.ID)
	case "revoke":
		if err := a.Engine.RevokeToken(ctx, fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "token %s revoked\n", fs.Arg(0))
	case "list":
		toks, err := a.Engine.Tokens(ctx)
		if err != nil {
			return err
		}
		var tab table
		tab.add("id", "role", "subject", "name", "created")
		for _, t := range toks {
			tab.add(t.ID, t.Role, t.Subject, t.Name, t.Created.Format("2006-01-02 15:04"))
		}
		return tab.write(stdout)
	}
	return nil
}
