package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"

	"yixianqian/engine"
)

// metrics are the service's Prometheus collectors, registered on the
// registerer cmd passes in.
type metrics struct {
	requests   *prometheus.HistogramVec
	stages     *prometheus.HistogramVec
	candidates prometheus.Histogram
	errors     *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer, gauges Gauges) *metrics {
	m := &metrics{
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "yxq_http_request_duration_seconds",
			Help:    "HTTP request duration by route template, method and status.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}, []string{"route", "method", "status"}),
		stages: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "yxq_match_stage_duration_seconds",
			Help:    "Match duration by stage: segment, retrieve, score and total.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 2, 14),
		}, []string{"stage"}),
		candidates: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "yxq_match_candidates",
			Help:    "Candidates scored per match.",
			Buckets: prometheus.ExponentialBuckets(1, 2, 12),
		}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "yxq_errors_total",
			Help: "Error answers by code.",
		}, []string{"code"}),
	}
	reg.MustRegister(m.requests, m.stages, m.candidates, m.errors)
	if gauges.IndexDocuments != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "yxq_index_documents", Help: "Documents in the search index.",
		}, gauges.IndexDocuments))
	}
	if gauges.SemanticLearns != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "yxq_semantic_learns", Help: "Times the semantic space was learned since start; 0 when the saved one was loaded.",
		}, gauges.SemanticLearns))
	}
	if gauges.StoreBytes != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "yxq_store_bytes", Help: "Size of the bbolt data file.",
		}, gauges.StoreBytes))
	}
	return m
}

// Gauges are read when /metrics is scraped.
type Gauges struct {
	IndexDocuments func() float64
	SemanticLearns func() float64
	StoreBytes     func() float64
}

// observe is the middleware that times every request by route template.
func (m *metrics) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, methodLabel(c.Request.Method), strconv.Itoa(c.Writer.Status())).Observe(time.Since(start).Seconds())
}

// methodLabel is the method as a label: one of HTTP's own, or "other", so
// that made-up methods cannot grow the metrics without bound.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "other"
}

func (m *metrics) match(st engine.MatchStats) {
	m.stages.WithLabelValues("segment").Observe(st.Segment.Seconds())
	m.stages.WithLabelValues("retrieve").Observe(st.Retrieve.Seconds())
	m.stages.WithLabelValues("score").Observe(st.Score.Seconds())
	m.stages.WithLabelValues("total").Observe(st.Total.Seconds())
	m.candidates.Observe(float64(st.Candidates))
}

// funnelCollector exports the funnel as gauges, computed when scraped.
type funnelCollector struct {
	eng        *engine.Engine
	needs      *prometheus.Desc
	acceptance *prometheus.Desc
}

func newFunnelCollector(eng *engine.Engine) *funnelCollector {
	return &funnelCollector{
		eng:        eng,
		needs:      prometheus.NewDesc("yxq_needs", "Needs by lifecycle status.", []string{"status"}, nil),
		acceptance: prometheus.NewDesc("yxq_acceptance_rate", "Share of answered assignments that were accepted.", nil, nil),
	}
}

func (f *funnelCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- f.needs
	ch <- f.acceptance
}

// Collect reads the counts the engine keeps up to date on every write: a
// scrape decodes nothing.
func (f *funnelCollector) Collect(ch chan<- prometheus.Metric) {
	byStatus, acceptance := f.eng.NeedCounts()
	for _, st := range engine.Statuses() {
		ch <- prometheus.MustNewConstMetric(f.needs, prometheus.GaugeValue, float64(byStatus[st]), string(st))
	}
	ch <- prometheus.MustNewConstMetric(f.acceptance, prometheus.GaugeValue, acceptance)
}

// MetricsHandler serves the metrics, with the same token check as the
// /metrics route, for cmd to serve on an address of its own; nil without a
// registry.
func (s *Server) MetricsHandler() http.Handler { return s.scrape }

// metricsAuth asks for a bearer token of a role the engine lets read
// metrics, when on; requests without a valid one count against their
// address like any other.
func (s *Server) metricsAuth(on bool, l Limits, h http.Handler) http.Handler {
	if !on {
		return h
	}
	addrs := newBuckets(l.MaxClients, rate.Limit(l.RatePerAddr), l.BurstPerAddr)
	g := gin.New()
	g.Use(func(c *gin.Context) {
		secret, ok := bearerToken(c.Request.Header)
		var v engine.Viewer
		var err error
		if ok {
			v, err = s.eng.Authenticate(c.Request.Context(), secret)
		}
		if !ok || err != nil {
			if !s.throttle(c, addrs, clientAddr(c), l.RatePerAddr) {
				s.failWith(c, http.StatusUnauthorized, "unauthorized", "读取运行指标需要令牌：Authorization: Bearer <token>", "metrics need a bearer token")
			}
			return
		}
		if err := s.eng.ViewMetrics(v); err != nil {
			s.fail(c, err)
		}
	})
	g.GET("/metrics", gin.WrapH(h))
	return g
}
