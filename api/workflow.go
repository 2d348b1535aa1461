package api

import (
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"yixianqian/engine"
)

func (s *Server) workflowRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/v1/needs/:id/matched", handle: s.markMatched},
		{Method: "POST", Path: "/v1/needs/:id/assign", handle: s.assign()},
		{Method: "POST", Path: "/v1/needs/:id/respond", handle: s.respond()},
		{Method: "POST", Path: "/v1/needs/:id/progress", handle: s.progress()},
		{Method: "POST", Path: "/v1/needs/:id/finish", handle: s.finish()},
		{Method: "POST", Path: "/v1/needs/:id/feedback", handle: s.feedback()},
		{Method: "GET", Path: "/v1/inbox", handle: s.inbox},
		{Method: "POST", Path: "/v1/batch", handle: s.batch},
		{Method: "GET", Path: "/v1/funnel", handle: s.funnel},
		{Method: "GET", Path: "/v1/feedback/qrels", handle: s.qrels},
	}
}

func (s *Server) adminRoutes() []Route {
	return []Route{{Method: "GET", Path: "/v1/admin/backup", handle: s.backup}}
}

func (s *Server) markMatched(c *gin.Context) {
	n, err := s.eng.MarkMatched(c.Request.Context(), viewer(c), c.Param("id"))
	s.answer(c, n, err)
}

type assignRequest struct {
	ProfileID string `json:"profile_id"`
}

func (s *Server) assign() gin.HandlerFunc {
	return bodyCall(s, func(c *gin.Context, v engine.Viewer, req assignRequest) (engine.Assignment, error) {
		return s.eng.Assign(c.Request.Context(), v, c.Param("id"), req.ProfileID)
	})
}

type respondRequest struct {
	Accept bool   `json:"accept"`
	Reason string `json:"reason"`
}

type progressRequest struct {
	Note string `json:"note"`
}

type finishRequest struct {
	Resolved bool   `json:"resolved"`
	Note     string `json:"note"`
}

type feedbackRequest struct {
	ProfileID string `json:"profile_id"`
	Useful    bool   `json:"useful"`
	Reason    string `json:"reason"`
	Note      string `json:"note"`
}

// bodyCall is a handler that reads a JSON body of type Req, calls fn and
// answers with its result or error.
func bodyCall[Req, Res any](s *Server, fn func(c *gin.Context, v engine.Viewer, req Req) (Res, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req Req
		if !s.bindJSON(c, &req) {
			return
		}
		res, err := fn(c, viewer(c), req)
		s.answer(c, res, err)
	}
}

func (s *Server) respond() gin.HandlerFunc {
	return bodyCall(s, func(c *gin.Context, v engine.Viewer, req respondRequest) (engine.Need, error) {
		return s.eng.Respond(c.Request.Context(), v, c.Param("id"), req.Accept, req.Reason)
	})
}

func (s *Server) progress() gin.HandlerFunc {
	return bodyCall(s, func(c *gin.Context, v engine.Viewer, req progressRequest) (engine.Need, error) {
		return s.eng.Progress(c.Request.Context(), v, c.Param("id"), req.Note)
	})
}

func (s *Server) finish() gin.HandlerFunc {
	return bodyCall(s, func(c *gin.Context, v engine.Viewer, req finishRequest) (engine.Need, error) {
		return s.eng.Finish(c.Request.Context(), v, c.Param("id"), req.Resolved, req.Note)
	})
}

func (s *Server) feedback() gin.HandlerFunc {
	return bodyCall(s, func(c *gin.Context, v engine.Viewer, req feedbackRequest) (engine.Feedback, error) {
		return s.eng.GiveFeedback(c.Request.Context(), v, engine.Feedback{
			NeedID: c.Param("id"), ProfileID: req.ProfileID, Useful: req.Useful, Reason: req.Reason, Note: req.Note,
		})
	})
}

func (s *Server) inbox(c *gin.Context) {
	box, err := s.eng.Inbox(c.Request.Context(), viewer(c))
	s.answer(c, box, err)
}

// batchRequest is the body of POST /v1/batch: the options, and whether to
// apply the plan (default: a dry run).
type batchRequest struct {
	engine.BatchOptions
	Apply bool `json:"apply"`
}

type batchResponse struct {
	Plan    *engine.BatchPlan   `json:"plan"`
	Applied bool                `json:"applied"`
	Made    []engine.Assignment `json:"made,omitempty"`
	Refused []engine.Unserved   `json:"refused,omitempty"`
}

func (s *Server) batch(c *gin.Context) {
	var req batchRequest
	if !s.bindJSON(c, &req) {
		return
	}
	plan, err := s.eng.PlanBatch(c.Request.Context(), viewer(c), req.BatchOptions)
	if err != nil {
		s.fail(c, err)
		return
	}
	res := batchResponse{Plan: plan}
	if req.Apply {
		res.Made, res.Refused, err = s.eng.ApplyBatch(c.Request.Context(), viewer(c), plan)
		if err != nil {
			s.fail(c, err)
			return
		}
		res.Applied = true
	}
	c.JSON(http.StatusOK, res)
}

func (s *Server) funnel(c *gin.Context) {
	f, err := s.eng.FunnelStats(c.Request.Context(), viewer(c), c.Query("month"))
	s.answer(c, f, err)
}

func (s *Server) qrels(c *gin.Context) {
	lines, err := s.eng.FeedbackQrels(c.Request.Context(), viewer(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	body := strings.Join(lines, "\n")
	if body != "" {
		body += "\n"
	}
	c.Header("Content-Disposition", `attachment; filename="feedback.qrels"`)
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(body))
}

// answer writes v as JSON, or err.
func (s *Server) answer(c *gin.Context, v any, err error) {
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// backup streams a consistent copy of the store (admin only).
func (s *Server) backup(c *gin.Context) {
	v := viewer(c)
	if !v.Allows(engine.ActBackup) {
		_, err := s.eng.Backup(c.Request.Context(), v, io.Discard) // the engine says why not
		s.fail(c, err)
		return
	}
	c.Header("Content-Type", "application/octet-stream")
	c.Header("Content-Disposition", `attachment; filename="yxq-backup.db"`)
	c.Status(http.StatusOK)
	if _, err := s.eng.Backup(c.Request.Context(), v, c.Writer); err != nil {
		// Headers are gone; the client sees a short body. Log it.
		s.log.Error("backup failed", "err", err)
		c.Abort()
	}
}
