package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"yixianqian/engine/boltstore"
	"yixianqian/engine/search"
)

func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	var d dataFlags
	d.register(fs)
	from := fs.String("from", "", "`URL` of a running service to back up through its API (needs --token of an admin)")
	token := fs.String("token", "", "admin bearer `token` for --from")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want: yxq backup [--data DIR | --from URL --token T] FILE")
	}
	out := fs.Arg(0)
	write := func(w io.Writer) error {
		if *from != "" {
			return fetchBackup(ctx, *from, *token, w)
		}
		store, err := boltstore.Open(filepath.Join(d.dir, "yxq.db"), &boltstore.Options{Timeout: time.Second, ReadOnly: true})
		if err != nil {
			return fmt.Errorf("%w (if the service is running, back up through it: --from URL --token T)", err)
		}
		defer store.Close()
		_, err = store.Backup(w)
		return err
	}
	if err := writeFile(out, stdout, write); err != nil {
		return err
	}
	if err := checkStoreFile(out); err != nil {
		os.Remove(out)
		return fmt.Errorf("backup is not readable: %w", err)
	}
	fmt.Fprintf(stdout, "backed up to %s\n", out)
	return nil
}

func fetchBackup(ctx context.Context, base, token string, w io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/v1/admin/backup", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("backup from %s: %w", base, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return fmt.Errorf("backup from %s: %s: %s", base, resp.Status, b)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}

// checkStoreFile opens a store file read-only to see that it is whole.
func checkStoreFile(path string) error {
	s, err := boltstore.Open(path, &boltstore.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		return err
	}
	_, err = s.Stats()
	s.Close()
	return err
}

func cmdRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("restore", stderr)
	var d dataFlags
	d.register(fs)
	force := fs.Bool("force", false, "replace the data directory's store")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want: yxq restore --data DIR [--force] FILE")
	}
	src := fs.Arg(0)
	if err := checkStoreFile(src); err != nil {
		return fmt.Errorf("restore: %s is not a readable yxq store: %w", src, err)
	}
	dst := filepath.Join(d.dir, "yxq.db")
	if _, err := os.Stat(dst); err == nil && !*force {
		return errors.New("restore: " + dst + " exists; stop the service and pass --force to replace it")
	}
	if err := os.MkdirAll(d.dir, 0o700); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := writeFile(dst, stdout, func(w io.Writer) error { _, err := io.Copy(w, in); return err }); err != nil {
		return err
	}
	// The index and the semantic space are derived: drop them and build
	// them again from the restored store.
	if err := search.Remove(filepath.Join(d.dir, "index")); err != nil {
		return err
	}
	a, err := openSyncedApp(ctx, d, stderr, true)
	if err != nil {
		return err
	}
	defer a.Close()
	st, _ := a.Store.Stats()
	fmt.Fprintf(stdout, "restored %d profiles and %d needs into %s; index rebuilt\n", st.Profiles, st.Needs, d.dir)
	return nil
}
