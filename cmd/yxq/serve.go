package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"yixianqian/api"
	"yixianqian/engine"
	"yixianqian/engine/demo"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	var d dataFlags
	d.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "`host:port` to listen on (port 0 picks a free one)")
	noDemo := fs.Bool("no-demo", false, "do not seed the demo data into an empty data directory")
	ratePerToken := fs.Float64("rate", 20, "requests per second one token may make (burst: twice that)")
	maxInFlight := fs.Int("max-in-flight", 64, "requests served at once; more wait 100 ms, then get 503")
	reportDir := fs.String("report-dir", filepath.Join("bench", "results", "csl-dev"), "`directory` of the evaluation report served at /report/ (when it exists)")
	metricsAddr := fs.String("metrics-addr", "", "serve /metrics on this `host:port` instead of the API's address")
	debugAddr := fs.String("debug-addr", "", "serve Go's profiler (net/http/pprof) on this `host:port`, the loopback address when no host is given; off when empty")
	metricsAuth := fs.Bool("metrics-auth", false, "/metrics asks for the bearer token of an admin or analyst")
	maxConns := fs.Int("max-conns", 4096, "open connections kept at most; more are closed at once")
	maxConnsPerAddr := fs.Int("max-conns-per-addr", 256, "open connections kept at most from one client address")
	fs.DurationVar(&d.repairEvery, "repair-every", 5*time.Second, "how often writes that failed (a full disk) are retried in the background")
	if err := parse(fs, args); err != nil {
		return err
	}
	// The report's directory is resolved now, so it does not depend on the
	// working directory of later requests (and an absent one shows an
	// empty state, not a listing or a bare 404).
	if *reportDir != "" {
		abs, err := filepath.Abs(*reportDir)
		if err != nil {
			return fmt.Errorf("--report-dir %s: %w", *reportDir, err)
		}
		*reportDir = abs
	}
	a, err := openApp(ctx, d, stderr, true)
	if err != nil {
		return err
	}
	defer a.Close()
	if !*noDemo {
		if err := a.seedDemo(ctx, stdout); err != nil {
			return err
		}
	}
	if err := a.Sync(ctx); err != nil {
		return err
	}
	if !*noDemo {
		if err := a.demoTokens(ctx, stdout); err != nil {
			return err
		}
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), collectors.NewBuildInfoCollector())
	gauges := api.Gauges{
		IndexDocuments: func() float64 { st, _ := a.Engine.SearchState(); return float64(st.Docs) },
		SemanticLearns: func() float64 { st, _ := a.Engine.SearchState(); return float64(st.Learns) },
		StoreBytes:     func() float64 { st, _ := a.Store.Stats(); return float64(st.Bytes) },
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	handler := api.New(a.Engine, &api.Options{Logger: a.Log, Registry: reg, Gauges: gauges, Ready: a.Ready, ReportDir: *reportDir,
		MetricsElsewhere: *metricsAddr != "", MetricsAuth: *metricsAuth,
		Limits: api.Limits{RatePerToken: *ratePerToken, Burst: int(2 * *ratePerToken), MaxInFlight: *maxInFlight}})
	servers := []*http.Server{newHTTPServer(handler)}
	listeners := []net.Listener{api.LimitListener(ln, api.ConnLimits{Total: *maxConns, PerAddr: *maxConnsPerAddr})}
	if *metricsAddr != "" {
		mln, err := net.Listen("tcp", *metricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("listen on %s: %w", *metricsAddr, err)
		}
		servers = append(servers, newHTTPServer(handler.MetricsHandler()))
		listeners = append(listeners, mln)
		fmt.Fprintf(stdout, "yxq metrics on http://%s/metrics\n", mln.Addr())
	}
	if *debugAddr != "" {
		dln, err := listenDebug(*debugAddr)
		if err != nil {
			for _, l := range listeners {
				l.Close()
			}
			return err
		}
		servers = append(servers, newHTTPServer(debugHandler()))
		listeners = append(listeners, dln)
		fmt.Fprintf(stdout, "yxq profiler on http://%s/debug/pprof/\n", dln.Addr())
	}
	fmt.Fprintf(stdout, "yxq listening on http://%s\n", ln.Addr())
	return serveUntil(ctx, a, servers, listeners)
}

// listenDebug listens on addr for the profiler; with no host, on the
// loopback address only.
func listenDebug(addr string) (net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("--debug-addr %s: want host:port or :port", addr)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

// debugHandler serves Go's profiler: CPU, heap, goroutines, traces.
func debugHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// newHTTPServer is an http.Server with the service's timeouts and header
// limit: larger headers get 431 before the API sees them.
func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    api.MaxHeaderBytes,
	}
}

// serveUntil serves each server on its listener until ctx ends or one
// fails, then shuts them all down.
func serveUntil(ctx context.Context, a *app, servers []*http.Server, listeners []net.Listener) error {
	errc := make(chan error, len(servers))
	for i, srv := range servers {
		go func() { errc <- srv.Serve(listeners[i]) }()
	}
	var failed error
	select {
	case err := <-errc:
		failed = fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	a.Log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, srv := range servers {
		if err := srv.Shutdown(shutdownCtx); err != nil && failed == nil {
			failed = fmt.Errorf("shutdown: %w", err)
		}
	}
	if failed != nil {
		return failed
	}
	for range servers {
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
	}
	return nil
}

// seedDemo loads the embedded demo data into a store that has never been
// written to.
func (a *app) seedDemo(ctx context.Context, stdout io.Writer) error {
	seq, err := a.Store.Seq(ctx)
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
	fmt.Fprintf(stdout, "seeded the demo data: %s, %s\n", plural(np, "profile", "profiles"), plural(nn, "need", "needs"))
	return a.seedProgrammes(ctx, stdout)
}

// demoTokens replaces the demo tokens with one new token per role and
// prints them, one line each: "token <role> <token>". They act for demo
// subjects: the enterprise of need-001, team-01 and exp-001.
func (a *app) demoTokens(ctx context.Context, stdout io.Writer) error {
	n, err := a.Engine.Need(ctx, "need-001")
	if err != nil {
		return nil // not the demo data: no demo tokens
	}
	toks, err := a.Engine.Tokens(ctx)
	if err != nil {
		return err
	}
	for _, t := range toks {
		if strings.HasPrefix(t.Name, "demo-") {
			if err := a.Engine.RevokeToken(ctx, t.ID); err != nil {
				return err
			}
		}
	}
	subjects := map[engine.Role]string{engine.RoleCompany: n.Enterprise, engine.RoleTeam: "team-01", engine.RoleExpert: "exp-001"}
	for _, role := range engine.Roles() {
		secret, _, err := a.Engine.CreateToken(ctx, role, subjects[role], "demo-"+string(role))
		if err != nil {
			return fmt.Errorf("demo token for %s: %w", role, err)
		}
		fmt.Fprintf(stdout, "token %s %s\n", role, secret)
	}
	return a.demoAccounts(ctx, stdout, subjects)
}

// demoAccounts makes sure there is one account per role for the demo
// subjects, with the same demo password at every start (so a newcomer can
// sign in after a restart), and prints them: "account <role> <user>
// <password>".
func (a *app) demoAccounts(ctx context.Context, stdout io.Writer, subjects map[engine.Role]string) error {
	accounts := []engine.AccountInput{
		{Role: engine.RoleAdmin, Username: "admin", Name: "系统管理员", Password: "demo-admin-2026"},
		{Role: engine.RoleAnalyst, Username: "kexie", Name: "陈晓雯", Password: "demo-kexie-2026"},
		{Role: engine.RoleCompany, Username: "qiye", Name: "企业联络人", Password: "demo-qiye-2026"},
		{Role: engine.RoleTeam, Username: "fuwutuan", Name: "服务团联络人", Password: "demo-team-2026"},
		{Role: engine.RoleExpert, Username: "zhuanjia", Name: "专家本人", Password: "demo-expert-2026"},
	}
	for _, in := range accounts {
		in.Subject = subjects[in.Role]
		if old, err := a.Engine.AccountByUsername(ctx, in.Username); err == nil {
			if err := a.Engine.ResetPassword(ctx, engine.Operator(), old.ID, in.Password); err != nil {
				return fmt.Errorf("demo account %s: %w", in.Username, err)
			}
		} else if _, err := a.Engine.CreateAccount(ctx, engine.Operator(), in); err != nil {
			return fmt.Errorf("demo account %s: %w", in.Username, err)
		}
		fmt.Fprintf(stdout, "account %s %s %s\n", in.Role, in.Username, in.Password)
	}
	return nil
}
