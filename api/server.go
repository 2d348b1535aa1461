package api

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/time/rate"

	"yixianqian/engine"
)

// MaxBodyBytes is the largest request body accepted.
const MaxBodyBytes = 1 << 20

// Options configure New; nil means defaults.
type Options struct {
	Logger *slog.Logger
	// Ready reports whether the service can answer matches (store open and
	// index built); nil means always.
	Ready func() error
	// Registry, when set, receives the service's metrics and is served at
	// /metrics (unless MetricsElsewhere: then cmd serves MetricsHandler on
	// an address of its own). With MetricsAuth, /metrics asks for the
	// bearer token of a role the engine lets read metrics.
	Registry         *prometheus.Registry
	MetricsElsewhere bool
	MetricsAuth      bool
	// Gauges are exported with the metrics.
	Gauges Gauges
	// Limits bound rates, concurrency and match time.
	Limits Limits
	// ReportDir, when it exists, is served at /report/: the latest
	// evaluation report (report.html and friends).
	ReportDir string
}

// Server serves the HTTP API.
type Server struct {
	eng     *engine.Engine
	log     *slog.Logger
	ready   func() error
	metrics *metrics
	gin     *gin.Engine
	signins signinThrottle
	// scrape serves /metrics (nil without a registry).
	scrape http.Handler
}

//go:embed openapi.json
var openAPI []byte

// New returns the API over eng.
func New(eng *engine.Engine, opts *Options) *Server {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{eng: eng, log: slog.New(slog.DiscardHandler), ready: func() error { return nil }}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Logger != nil {
		s.log = o.Logger
	}
	if o.Ready != nil {
		s.ready = o.Ready
	}
	lim := o.Limits.withDefaults()
	g := gin.New()
	g.Use(securityHeaders)
	if o.Registry != nil {
		s.metrics = newMetrics(o.Registry, o.Gauges)
		o.Registry.MustRegister(newFunnelCollector(eng), newRankerCollector(eng))
		registerDictionaryGauges(o.Registry, eng)
		g.Use(s.metrics.observe)
		s.scrape = s.metricsAuth(o.MetricsAuth, lim, promhttp.HandlerFor(o.Registry, promhttp.HandlerOpts{}))
		if !o.MetricsElsewhere {
			g.GET("/metrics", gin.WrapH(s.scrape))
		}
	}
	g.Use(gin.CustomRecovery(func(c *gin.Context, v any) {
		s.log.Error("panic in handler", "route", c.FullPath(), "panic", fmt.Sprint(v))
		s.failWith(c, http.StatusInternalServerError, "internal", "服务器内部错误，请稍后重试", "")
	}))
	g.NoRoute(func(c *gin.Context) {
		s.failWith(c, http.StatusNotFound, "not_found", "没有这个接口："+c.Request.Method+" "+c.Request.URL.Path, "")
	})
	g.HandleMethodNotAllowed = true
	g.NoMethod(func(c *gin.Context) {
		s.failWith(c, http.StatusMethodNotAllowed, "method_not_allowed", "该接口不支持 "+c.Request.Method+" 方法", "")
	})
	g.GET("/healthz", s.healthz)
	g.GET("/readyz", s.readyz)
	g.GET("/openapi.json", func(c *gin.Context) { c.Data(http.StatusOK, "application/json", openAPI) })
	s.routeWeb(g, o.ReportDir)

	g.POST("/v1/login", s.readAhead(lim), s.queue(lim), s.login)
	// Authenticate first, so that limits are keyed on the token or session
	// (and on the address for requests without one); read the body before
	// taking a place in flight.
	v1 := g.Group("/v1", s.authenticate(lim), s.rateLimit(lim), s.readAhead(lim), s.queue(lim))
	for _, r := range s.routes() {
		chain := []gin.HandlerFunc{r.handle}
		if r.match {
			chain = append([]gin.HandlerFunc{budget(lim.MatchBudget)}, chain...)
		}
		v1.Handle(r.Method, strings.TrimPrefix(r.Path, "/v1"), chain...)
	}
	s.gin = g
	return s
}

// Route is one /v1 route. Each noun's file lists its routes; who may call
// a route is decided by the engine method it calls (engine's policy), so
// a route carries no role list.
type Route struct {
	Method, Path string
	handle       gin.HandlerFunc
	// match routes run under the match time budget.
	match bool
}

func (s *Server) routes() []Route {
	return slices.Concat(s.needRoutes(), s.profileRoutes(), s.importRoutes(), s.exportRoutes(), s.workflowRoutes(), s.dictionaryRoutes(), s.adminRoutes(),
		s.accountRoutes(), s.rankerRoutes(), []Route{{Method: "GET", Path: "/v1/me", handle: s.me}}, s.pairingRoutes(), s.packageRoutes())
}

// Routes returns the /v1 routes; the OpenAPI document lists the same.
func Routes() []Route { return (*Server)(nil).routes() }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.gin.ServeHTTP(w, r) }

const (
	viewerKey    = "yxq.viewer"
	tokenKeyName = "yxq.token" // the token's limit key, not its secret
)

// authenticate reads the bearer token and stores the viewer. A request
// without a valid token is counted against its client address; past that
// address's rate it gets 429 instead of 401.
func (s *Server) authenticate(l Limits) gin.HandlerFunc {
	addrs := newBuckets(l.MaxClients, rate.Limit(l.RatePerAddr), l.BurstPerAddr)
	return func(c *gin.Context) {
		secret, ok := bearerToken(c.Request.Header)
		if !ok && len(c.Request.Header.Values("Authorization")) == 0 {
			if cookie, err := c.Cookie(sessionCookie); err == nil && cookie != "" {
				if s.authenticateSession(c, cookie) {
					// One account's sessions share one rate and one share of
					// the places in flight: signing in again makes no more.
					key := tokenKey(cookie)
					if a := viewer(c).Account; a != "" {
						key = "account:" + a
					}
					c.Set(tokenKeyName, key)
					return
				}
				if !c.IsAborted() && !s.throttle(c, addrs, clientAddr(c), l.RatePerAddr) {
					s.failWith(c, http.StatusUnauthorized, "unauthorized", "登录已过期，请重新登录", "invalid or expired session")
				}
				return
			}
		}
		var v engine.Viewer
		var err error
		if ok {
			v, err = s.eng.Authenticate(c.Request.Context(), secret)
		}
		if ok && err == nil {
			c.Set(viewerKey, v)
			c.Set(tokenKeyName, tokenKey(secret))
			return
		}
		if s.throttle(c, addrs, clientAddr(c), l.RatePerAddr) {
			return
		}
		if !ok {
			s.failWith(c, http.StatusUnauthorized, "unauthorized", "请先登录，或提供令牌：Authorization: Bearer <token>", "missing or malformed bearer token")
			return
		}
		s.failWith(c, http.StatusUnauthorized, "unauthorized", "令牌无效或已撤销，请重新登录", "invalid or revoked token")
	}
}

// authenticateSession stores the viewer of a session cookie and reports
// whether it is valid. A change asked for under a session cookie must carry
// the session's CSRF token (bearer requests need none: no browser sends
// them by itself); without it the request is refused here (403).
func (s *Server) authenticateSession(c *gin.Context, secret string) bool {
	v, _, err := s.eng.SessionViewer(c.Request.Context(), secret)
	if err != nil {
		return false
	}
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		if !engine.CheckCSRF(secret, c.GetHeader(csrfHeader)) {
			s.failWith(c, http.StatusForbidden, "csrf", "页面已过期，请刷新后重试", "missing or wrong "+csrfHeader+" header")
			return false
		}
	}
	c.Set(viewerKey, v)
	c.Set(csrfKey, engine.CSRFToken(secret))
	return true
}

const csrfKey = "yxq.csrf"

func viewer(c *gin.Context) engine.Viewer {
	v, _ := c.Get(viewerKey)
	return v.(engine.Viewer)
}

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

func (s *Server) readyz(c *gin.Context) {
	if err := s.ready(); err != nil {
		msg := "服务尚未就绪"
		if m := engine.Message(err); m != "" {
			msg += "：" + m
		}
		s.failWith(c, http.StatusServiceUnavailable, "not_ready", msg, err.Error())
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

// bindJSON reads a JSON body of at most MaxBodyBytes into v, refusing
// unknown fields, wrong types and invalid UTF-8 with a 4xx answer.
func (s *Server) bindJSON(c *gin.Context, v any) bool {
	body, ok := s.readBody(c)
	if !ok {
		return false
	}
	if ct := c.ContentType(); ct != "" && !strings.HasSuffix(ct, "json") {
		s.failWith(c, http.StatusUnsupportedMediaType, "unsupported_media_type", "请以 JSON 提交 (Content-Type: application/json)", "")
		return false
	}
	if err := engine.DecodeJSON(body, v); err != nil {
		s.fail(c, err)
		return false
	}
	return true
}

// readBody reads at most MaxBodyBytes of the request body.
func (s *Server) readBody(c *gin.Context) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.failWith(c, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("提交的内容超过 %d KB", MaxBodyBytes>>10), fmt.Sprintf("body over %d bytes", MaxBodyBytes))
			return nil, false
		}
		s.failWith(c, http.StatusBadRequest, "invalid", "读取提交的内容失败", "cannot read body")
		return nil, false
	}
	return body, true
}

// tookMS is a duration in milliseconds with microsecond precision.
func tookMS(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
