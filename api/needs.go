package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"yixianqian/engine"
)

func (s *Server) needRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/v1/needs", handle: s.listNeeds},
		{Method: "POST", Path: "/v1/needs", handle: s.submitNeed},
		{Method: "GET", Path: "/v1/needs/:id", handle: s.getNeed},
		{Method: "POST", Path: "/v1/needs/:id/withdraw", handle: s.withdrawNeed},
		{Method: "POST", Path: "/v1/needs/:id/request", handle: s.requestNeed},
		{Method: "GET", Path: "/v1/needs/:id/matches", handle: s.needMatches, match: true},
		{Method: "POST", Path: "/v1/match", handle: s.matchText, match: true},
		{Method: "POST", Path: "/v1/needs/check", handle: s.checkNeed},
	}
}

// checkRequest is the body of POST /v1/needs/check.
type checkRequest struct {
	Title       string `json:"title"`
	Description string `json:"description"`
}

// checkNeed says whether a need text is too vague to match, and what to
// add, before it is submitted.
func (s *Server) checkNeed(c *gin.Context) {
	var req checkRequest
	if !s.bindJSON(c, &req) {
		return
	}
	chk, err := s.eng.CheckNeedFor(viewer(c), req.Title, req.Description)
	s.answer(c, chk, err)
}

// submitResponse is the stored need with the check of its text.
type submitResponse struct {
	engine.Need
	Check engine.NeedCheck `json:"check"`
}

func (s *Server) listNeeds(c *gin.Context) {
	f := engine.NeedFilter{Status: engine.Status(c.Query("status")), County: c.Query("county"), Industry: c.Query("industry"),
		Month: c.Query("month"), Query: c.Query("q"), Newest: c.Query("order") == "newest"}
	if o := c.Query("order"); o != "" && o != "newest" && o != "id" {
		s.fail(c, engine.Errorf(engine.ErrInvalid, "排序须为 newest 或 id", "order %q: newest or id", o))
		return
	}
	var err error
	if f.Offset, f.Limit, err = pageQuery(c); err != nil {
		s.fail(c, err)
		return
	}
	page, err := s.eng.ListNeeds(c.Request.Context(), viewer(c), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, page)
}

func (s *Server) submitNeed(c *gin.Context) {
	var n engine.Need
	if !s.bindJSON(c, &n) {
		return
	}
	stored, err := s.eng.SubmitNeed(c.Request.Context(), viewer(c), n)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, submitResponse{stored, s.eng.CheckNeed(stored.Title, stored.Description)})
}

// getNeed answers with the need's story: the need, its assignments with
// their notes, the feedback and the names the story mentions.
func (s *Server) getNeed(c *gin.Context) {
	n, err := s.eng.Story(c.Request.Context(), viewer(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, n)
}

type requestBody struct {
	Note string `json:"note"`
}

// requestNeed is a team's 申请对接 on a need open in its slot.
func (s *Server) requestNeed(c *gin.Context) {
	var req requestBody
	if c.Request.ContentLength != 0 && !s.bindJSON(c, &req) {
		return
	}
	n, err := s.eng.RequestNeed(c.Request.Context(), viewer(c), c.Param("id"), req.Note)
	s.answer(c, n, err)
}

func (s *Server) withdrawNeed(c *gin.Context) {
	n, err := s.eng.WithdrawNeed(c.Request.Context(), viewer(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, n)
}

// needMatches answers GET /v1/needs/{id}/matches?k=&kind=&explain=&month=.
func (s *Server) needMatches(c *gin.Context) {
	start := time.Now()
	opts, err := matchQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.eng.MatchStored(c.Request.Context(), viewer(c), c.Param("id"), opts)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeMatches(c, res, time.Since(start))
}

// matchRequest is the body of POST /v1/match.
type matchRequest struct {
	Text    string   `json:"text"`
	K       int      `json:"k"`
	Kinds   []string `json:"kinds"`
	Explain bool     `json:"explain"`
	Full    bool     `json:"full"`
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
	opts := engine.MatchOptions{K: req.K, Explain: req.Explain, Full: req.Full}
	for _, k := range req.Kinds {
		opts.Kinds = append(opts.Kinds, engine.Kind(k))
	}
	res, err := s.eng.MatchText(c.Request.Context(), viewer(c), req.Text, opts)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeMatches(c, res, time.Since(start))
}

// matchQuery reads the match options of a query string.
func matchQuery(c *gin.Context) (engine.MatchOptions, error) {
	var o engine.MatchOptions
	var err error
	if o.K, err = intQuery(c, "k"); err != nil {
		return o, err
	}
	for _, k := range c.QueryArray("kind") {
		o.Kinds = append(o.Kinds, engine.Kind(k))
	}
	for name, to := range map[string]*bool{"explain": &o.Explain, "full": &o.Full} {
		if v := c.Query(name); v != "" {
			if *to, err = strconv.ParseBool(v); err != nil {
				return o, engine.Errorf(engine.ErrInvalid, name+" 须为 true 或 false", "%s %q is not true or false", name, v)
			}
		}
	}
	o.Month = c.Query("month")
	o.Counties = c.QueryArray("county")
	o.Industries = c.QueryArray("industry")
	return o, nil
}

// pageQuery reads the offset and limit parameters (0 when absent).
func pageQuery(c *gin.Context) (offset, limit int, err error) {
	if offset, err = intQuery(c, "offset"); err != nil {
		return 0, 0, err
	}
	limit, err = intQuery(c, "limit")
	return offset, limit, err
}

// intQuery reads an optional whole-number query parameter (0 when absent).
func intQuery(c *gin.Context, name string) (int, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, engine.Errorf(engine.ErrInvalid, name+" 须为整数", "%s %q is not a whole number", name, v)
	}
	return n, nil
}

// writeMatches answers with the matches, took_ms and a Server-Timing
// header of the stages.
func (s *Server) writeMatches(c *gin.Context, res *engine.MatchResult, took time.Duration) {
	if s.metrics != nil {
		s.metrics.match(res.Stats)
	}
	st := res.Stats
	c.Header("Server-Timing", fmt.Sprintf("segment;dur=%.3f, retrieve;dur=%.3f, score;dur=%.3f, total;dur=%.3f",
		tookMS(st.Segment), tookMS(st.Retrieve), tookMS(st.Score), tookMS(took)))
	c.JSON(http.StatusOK, matchResponse{MatchResult: res, TookMS: tookMS(took)})
}
