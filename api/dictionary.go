package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"yixianqian/engine"
)

// dictionaryResponse is the dictionary in use and how far it is applied.
type dictionaryResponse struct {
	Dictionary engine.Dictionary      `json:"dictionary"`
	Reindex    engine.ReindexProgress `json:"reindex"`
}

func (s *Server) dictionaryRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/v1/dictionary", handle: s.getDictionary},
		{Method: "PUT", Path: "/v1/dictionary", handle: s.putDictionary},
	}
}

func (s *Server) getDictionary(c *gin.Context) {
	d, p, err := s.eng.ViewDictionary(viewer(c))
	s.answer(c, dictionaryResponse{d, p}, err)
}

// dictionaryRequest replaces the staff's words and synonym groups.
type dictionaryRequest struct {
	Words    []engine.Word `json:"words"`
	Synonyms [][]string    `json:"synonyms"`
}

func (s *Server) putDictionary(c *gin.Context) {
	var req dictionaryRequest
	if !s.bindJSON(c, &req) {
		return
	}
	if _, err := s.eng.UpdateDictionary(c.Request.Context(), viewer(c), req.Words, req.Synonyms); err != nil {
		s.fail(c, err)
		return
	}
	d, p := s.eng.CurrentDictionary()
	c.JSON(http.StatusOK, dictionaryResponse{d, p})
}

// registerDictionaryGauges exports the dictionary version and the
// reindex progress.
func registerDictionaryGauges(reg prometheus.Registerer, eng *engine.Engine) {
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "yxq_dictionary_version", Help: "Dictionary version in use."},
			func() float64 { d, _ := eng.CurrentDictionary(); return float64(d.Version) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "yxq_dictionary_reindex_done", Help: "Documents brought to the current dictionary version by the running or last reindex."},
			func() float64 { _, p := eng.CurrentDictionary(); return float64(p.Done) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "yxq_dictionary_reindex_total", Help: "Documents the running or last dictionary reindex covers."},
			func() float64 { _, p := eng.CurrentDictionary(); return float64(p.Total) }),
	)
}
