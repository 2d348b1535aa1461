package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"yixianqian/engine"
)

// pairingRoutes are the routes of 院士结对领航: rounds, their pairs, the
// mentees' wishes, the pairs' activity and an expert's own pairing.
func (s *Server) pairingRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/v1/rounds", handle: s.listRounds},
		{Method: "POST", Path: "/v1/rounds", handle: s.openRound},
		{Method: "GET", Path: "/v1/rounds/candidates", handle: s.roundCandidates},
		{Method: "GET", Path: "/v1/rounds/:id", handle: s.getRound},
		{Method: "POST", Path: "/v1/rounds/:id/propose", handle: s.proposePairs},
		{Method: "PUT", Path: "/v1/rounds/:id/conflicts", handle: s.setConflicts()},
		{Method: "PUT", Path: "/v1/rounds/:id/preferences/:mentee", handle: s.setPreference()},
		{Method: "PUT", Path: "/v1/rounds/:id/pairs/:mentee", handle: s.adjustPair()},
		{Method: "DELETE", Path: "/v1/rounds/:id/pairs/:mentee", handle: s.removePair},
		{Method: "POST", Path: "/v1/rounds/:id/pairs/:mentee/approve", handle: s.approvePair},
		{Method: "POST", Path: "/v1/rounds/:id/pairs/:mentee/activity", handle: s.recordActivity},
		{Method: "GET", Path: "/v1/rounds/:id/report", handle: s.roundReport},
		{Method: "GET", Path: "/v1/me/pairing", handle: s.myPairing},
	}
}

type roundList struct {
	Rounds []engine.RoundView `json:"rounds"`
}

func (s *Server) listRounds(c *gin.Context) {
	rs, err := s.eng.ListRounds(c.Request.Context(), viewer(c))
	s.answer(c, roundList{Rounds: rs}, err)
}

func (s *Server) openRound(c *gin.Context) {
	var in engine.RoundInput
	if !s.bindJSON(c, &in) {
		return
	}
	r, err := s.eng.OpenRound(c.Request.Context(), viewer(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, r)
}

func (s *Server) roundCandidates(c *gin.Context) {
	rc, err := s.eng.PairingCandidates(c.Request.Context(), viewer(c))
	s.answer(c, rc, err)
}

func (s *Server) getRound(c *gin.Context) {
	r, err := s.eng.ViewRound(c.Request.Context(), viewer(c), c.Param("id"))
	s.answer(c, r, err)
}

func (s *Server) proposePairs(c *gin.Context) {
	r, err := s.eng.ProposePairs(c.Request.Context(), viewer(c), c.Param("id"))
	s.answer(c, r, err)
}

type conflictsRequest struct {
	Conflicts []engine.PairConflict `json:"conflicts"`
}

func (s *Server) setConflicts() gin.HandlerFunc {
	return bodyCall(s, func(c *gin.Context, v engine.Viewer, req conflictsRequest) (engine.RoundView, error) {
		return s.eng.SetConflicts(c.Request.Context(), v, c.Param("id"), req.Conflicts)
	})
}

type preferenceRequest struct {
	Mode         string   `json:"mode"`
	Academicians []string `json:"academicians"`
}

func (s *Server) setPreference() gin.HandlerFunc {
	return bodyCall(s, func(c *gin.Context, v engine.Viewer, req preferenceRequest) (engine.RoundView, error) {
		return s.eng.SetPreference(c.Request.Context(), v, c.Param("id"), engine.PairPreference{MenteeID: c.Param("mentee"), Mode: req.Mode, Academicians: req.Academicians})
	})
}

func (s *Server) adjustPair() gin.HandlerFunc {
	return bodyCall(s, func(c *gin.Context, v engine.Viewer, req engine.PairAdjust) (engine.RoundView, error) {
		return s.eng.AdjustPair(c.Request.Context(), v, c.Param("id"), c.Param("mentee"), req)
	})
}

func (s *Server) removePair(c *gin.Context) {
	r, err := s.eng.RemovePair(c.Request.Context(), viewer(c), c.Param("id"), c.Param("mentee"))
	s.answer(c, r, err)
}

func (s *Server) approvePair(c *gin.Context) {
	r, err := s.eng.ApprovePair(c.Request.Context(), viewer(c), c.Param("id"), c.Param("mentee"))
	s.answer(c, r, err)
}

func (s *Server) recordActivity(c *gin.Context) {
	var in engine.ActivityInput
	if !s.bindJSON(c, &in) {
		return
	}
	p, err := s.eng.RecordActivity(c.Request.Context(), viewer(c), c.Param("id"), c.Param("mentee"), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, p)
}

func (s *Server) roundReport(c *gin.Context) {
	r, err := s.eng.ReportRound(c.Request.Context(), viewer(c), c.Param("id"))
	s.answer(c, r, err)
}

func (s *Server) myPairing(c *gin.Context) {
	p, err := s.eng.MyPairings(c.Request.Context(), viewer(c))
	s.answer(c, p, err)
}
