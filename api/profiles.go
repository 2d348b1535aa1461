package api

import (
	"bytes"
	"net/http"

	"github.com/gin-gonic/gin"

	"yixianqian/engine"
)

func (s *Server) profileRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/v1/profiles", handle: s.listProfiles},
		{Method: "POST", Path: "/v1/profiles", handle: s.createProfile},
		{Method: "POST", Path: "/v1/profiles/import", handle: s.importProfiles},
		{Method: "GET", Path: "/v1/profiles/:id", handle: s.getProfile},
		{Method: "PUT", Path: "/v1/profiles/:id", handle: s.updateProfile},
		{Method: "POST", Path: "/v1/profiles/:id/deactivate", handle: s.deactivateProfile},
	}
}

func (s *Server) listProfiles(c *gin.Context) {
	f := engine.ProfileFilter{Kind: engine.Kind(c.Query("kind"))}
	var err error
	if f.Offset, f.Limit, err = pageQuery(c); err != nil {
		s.fail(c, err)
		return
	}
	page, err := s.eng.ListProfiles(c.Request.Context(), viewer(c), f)
	s.answer(c, page, err)
}

func (s *Server) getProfile(c *gin.Context) {
	p, err := s.eng.ViewProfile(c.Request.Context(), viewer(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

func (s *Server) createProfile(c *gin.Context) {
	var p engine.Profile
	if !s.bindJSON(c, &p) {
		return
	}
	if err := s.eng.CreateProfile(c.Request.Context(), viewer(c), p); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, p)
}

func (s *Server) updateProfile(c *gin.Context) {
	var p engine.Profile
	if !s.bindJSON(c, &p) {
		return
	}
	if p.ID != c.Param("id") {
		s.fail(c, engine.Errorf(engine.ErrInvalid, "档案编号与地址中的编号不一致", "body id %q differs from the path's %q", p.ID, c.Param("id")))
		return
	}
	if err := s.eng.UpdateProfile(c.Request.Context(), viewer(c), p); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

func (s *Server) deactivateProfile(c *gin.Context) {
	p, err := s.eng.DeactivateProfile(c.Request.Context(), viewer(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

// importResult answers a bulk import: what was stored and which lines
// were refused.
type importResult struct {
	Imported int          `json:"imported"`
	Errors   []lineReport `json:"errors"`
}

type lineReport struct {
	Line    int    `json:"line"`
	ID      string `json:"id,omitempty"`
	Message string `json:"message"`
}

// importProfiles takes a JSON Lines body; bad lines are reported and the
// rest stored.
func (s *Server) importProfiles(c *gin.Context) {
	body, ok := s.readBody(c)
	if !ok {
		return
	}
	ps, bad, err := engine.ReadProfiles(bytes.NewReader(body))
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.eng.ImportProfiles(c.Request.Context(), viewer(c), ps); err != nil {
		s.fail(c, err)
		return
	}
	res := importResult{Imported: len(ps), Errors: []lineReport{}}
	for _, e := range bad {
		res.Errors = append(res.Errors, lineReport{Line: e.Line, ID: e.ID, Message: e.Err.Error()})
	}
	c.JSON(http.StatusOK, res)
}
