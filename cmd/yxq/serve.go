package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"yixianqian/api"
	"yixianqian/engine/demo"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	var d dataFlags
	d.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "`host:port` to listen on (port 0 picks a free one)")
	noDemo := fs.Bool("no-demo", false, "do not seed the demo data into an empty data directory")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openApp(ctx, d, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	if !*noDemo {
		if err := a.seedDemo(ctx, stdout); err != nil {
			return err
		}
	}
	if err := a.sync(ctx); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	srv := &http.Server{
		Handler:           api.New(a.eng, &api.Options{Logger: a.log}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	fmt.Fprintf(stdout, "yxq listening on http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	a.log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// seedDemo loads the embedded demo data into a store that has never been
// written to.
func (a *app) seedDemo(ctx context.Context, stdout io.Writer) error {
	seq, err := a.store.Seq(ctx)
	if err != nil || seq > 0 {
		return err
	}
	np, err := importProfiles(ctx, a, demo.Profiles(), "demo profiles", io.Discard)
	if err != nil {
		return err
	}
	nn, err := importNeeds(ctx, a, demo.Needs(), "demo needs", io.Discard)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seeded the demo data: %d profiles, %d needs\n", np, nn)
	return nil
}
