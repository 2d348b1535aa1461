package api

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

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
}

// Server serves the HTTP API.
type Server struct {
	eng   *engine.Engine
	log   *slog.Logger
	ready func() error
	gin   *gin.Engine
}

// New returns the API over eng.
func New(eng *engine.Engine, opts *Options) *Server {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{eng: eng, log: slog.New(slog.DiscardHandler), ready: func() error { return nil }}
	if opts != nil {
		if opts.Logger != nil {
			s.log = opts.Logger
		}
		if opts.Ready != nil {
			s.ready = opts.Ready
		}
	}
	g := gin.New()
	g.Use(gin.CustomRecovery(func(c *gin.Context, v any) {
		s.log.Error("panic in handler", "route", c.FullPath(), "panic", fmt.Sprint(v))
		failWith(c, http.StatusInternalServerError, "internal", "服务器内部错误，请稍后重试 (internal error)")
	}))
	g.NoRoute(func(c *gin.Context) {
		failWith(c, http.StatusNotFound, "not_found", "没有这个接口: "+c.Request.Method+" "+c.Request.URL.Path)
	})
	g.HandleMethodNotAllowed = true
	g.NoMethod(func(c *gin.Context) {
		failWith(c, http.StatusMethodNotAllowed, "method_not_allowed", "该接口不支持 "+c.Request.Method)
	})
	g.GET("/healthz", s.healthz)
	g.GET("/readyz", s.readyz)
	v1 := g.Group("/v1")
	v1.POST("/match", s.matchText)
	v1.GET("/profiles/:id", s.getProfile)
	v1.GET("/needs/:id", s.getNeed)
	v1.GET("/needs/:id/matches", s.needMatches)
	s.gin = g
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.gin.ServeHTTP(w, r) }

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

func (s *Server) readyz(c *gin.Context) {
	if err := s.ready(); err != nil {
		failWith(c, http.StatusServiceUnavailable, "not_ready", err.Error())
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

// matchRequest is the body of POST /v1/match.
type matchRequest struct {
	Text    string   `json:"text"`
	K       int      `json:"k"`
	Kinds   []string `json:"kinds"`
	Explain bool     `json:"explain"`
}

type matchResponse struct {
	*engine.MatchResult
	TookMS float64 `json:"took_ms"`
}

func (s *Server) matchText(c *gin.Context) {
	start := time.Now()
	var req matchRequest
	if !s.bindJSON(c, &req) {
		return
	}
	opts := engine.MatchOptions{K: req.K, Explain: req.Explain}
	for _, k := range req.Kinds {
		opts.Kinds = append(opts.Kinds, engine.Kind(k))
	}
	res, err := s.eng.Match(c.Request.Context(), req.Text, opts)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeMatches(c, res, time.Since(start))
}

// needMatches answers GET /v1/needs/{id}/matches?k=&kind=&explain=&month=.
func (s *Server) needMatches(c *gin.Context) {
	start := time.Now()
	opts, err := matchQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	n, err := s.eng.Need(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.eng.MatchNeed(c.Request.Context(), &n, opts)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeMatches(c, res, time.Since(start))
}

// matchQuery reads the match options of a query string.
func matchQuery(c *gin.Context) (engine.MatchOptions, error) {
	var o engine.MatchOptions
	if v := c.Query("k"); v != "" {
		k, err := strconv.Atoi(v)
		if err != nil {
			return o, fmt.Errorf("%w: k %q is not a whole number", engine.ErrInvalid, v)
		}
		o.K = k
	}
	for _, k := range c.QueryArray("kind") {
		o.Kinds = append(o.Kinds, engine.Kind(k))
	}
	if v := c.Query("explain"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return o, fmt.Errorf("%w: explain %q is not true or false", engine.ErrInvalid, v)
		}
		o.Explain = b
	}
	o.Month = c.Query("month")
	o.Counties = c.QueryArray("county")
	o.Industries = c.QueryArray("industry")
	return o, nil
}

func (s *Server) writeMatches(c *gin.Context, res *engine.MatchResult, took time.Duration) {
	ms := float64(took.Microseconds()) / 1000
	c.Header("Server-Timing", fmt.Sprintf("segment;dur=%.3f, retrieve;dur=%.3f, score;dur=%.3f, total;dur=%.3f",
		float64(res.Stats.Segment.Microseconds())/1000, float64(res.Stats.Retrieve.Microseconds())/1000,
		float64(res.Stats.Score.Microseconds())/1000, ms))
	c.JSON(http.StatusOK, matchResponse{MatchResult: res, TookMS: ms})
}

func (s *Server) getProfile(c *gin.Context) {
	p, err := s.eng.Profile(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

func (s *Server) getNeed(c *gin.Context) {
	n, err := s.eng.Need(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, n)
}

// bindJSON reads a JSON body of at most MaxBodyBytes into v, refusing
// unknown fields, wrong types and invalid UTF-8 with a 4xx answer.
func (s *Server) bindJSON(c *gin.Context, v any) bool {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			failWith(c, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("请求体超过 %d 字节 (body over %d bytes)", MaxBodyBytes, MaxBodyBytes))
			return false
		}
		failWith(c, http.StatusBadRequest, "invalid", "读取请求体失败 (cannot read body)")
		return false
	}
	if ct := c.ContentType(); ct != "" && !strings.HasSuffix(ct, "json") {
		failWith(c, http.StatusUnsupportedMediaType, "unsupported_media_type", "请使用 Content-Type: application/json")
		return false
	}
	if err := engine.DecodeJSON(body, v); err != nil {
		s.fail(c, err)
		return false
	}
	return true
}
