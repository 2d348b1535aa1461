package api

import (
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"yixianqian/engine"
)

func (s *Server) rankerRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/v1/rankers", handle: s.listRankers},
		{Method: "POST", Path: "/v1/rankers/train", handle: s.trainRanker},
		{Method: "POST", Path: "/v1/rankers/use", handle: s.useRanker},
	}
}

// rankersResponse lists the rankers staff may choose and the one in use.
type rankersResponse struct {
	Active  string              `json:"active"`
	Rankers []engine.RankerInfo `json:"rankers"`
}

func (s *Server) listRankers(c *gin.Context) {
	rs, err := s.eng.Rankers(c.Request.Context(), viewer(c))
	s.answer(c, rankersResponse{Active: s.eng.Model().Name, Rankers: rs}, err)
}

// trainRequest trains a ranker from the service's feedback and, when
// given, judgements in TREC qrels text ("need_id 0 profile_id grade").
type trainRequest struct {
	Name  string `json:"name"`
	Qrels string `json:"qrels"`
}

func (s *Server) trainRanker(c *gin.Context) {
	var req trainRequest
	if !s.bindJSON(c, &req) {
		return
	}
	extra, err := engine.ReadJudgements(strings.NewReader(req.Qrels))
	if err != nil {
		s.fail(c, err)
		return
	}
	rep, err := s.eng.TrainFromUse(c.Request.Context(), viewer(c), req.Name, extra)
	s.answer(c, rep, err)
}

// useRequest chooses the ranker by name ("builtin": the built-in one).
type useRequest struct {
	Name string `json:"name"`
}

func (s *Server) useRanker(c *gin.Context) {
	var req useRequest
	if !s.bindJSON(c, &req) {
		return
	}
	m, err := s.eng.UseRanker(c.Request.Context(), viewer(c), req.Name)
	s.answer(c, m, err)
}

// rankerCollector exports the ranker in use as yxq_ranker_info{ranker},
// always 1, so a dashboard shows which weights rank the matches.
type rankerCollector struct {
	eng  *engine.Engine
	desc *prometheus.Desc
}

func newRankerCollector(eng *engine.Engine) *rankerCollector {
	return &rankerCollector{eng: eng, desc: prometheus.NewDesc("yxq_ranker_info", "The ranker in use (value always 1).", []string{"ranker"}, nil)}
}

func (r *rankerCollector) Describe(ch chan<- *prometheus.Desc) { ch <- r.desc }

func (r *rankerCollector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(r.desc, prometheus.GaugeValue, 1, r.eng.Model().Name)
}
