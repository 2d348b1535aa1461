package api

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"yixianqian/engine"
)

func (s *Server) listProfiles(c *gin.Context) {
	f := engine.ProfileFilter{Kind: engine.Kind(c.Query("kind"))}
	var err error
	if f.Offset, f.Limit, err = pageQuery(c); err != nil {
		s.fail(c, err)
		return
	}
	page, err := s.eng.ListProfiles(c.Request.Context(), f)
	s.answer(c, page, err)
}

func (s *Server) getProfile(c *gin.Context) {
	v := viewer(c)
	id := c.Param("id")
	// Teams and experts see their own profile; companies and staff any.
	if (v.Role == engine.RoleTeam || v.Role == engine.RoleExpert) && v.Subject != id {
		s.fail(c, fmt.Errorf("profile %s: %w", id, engine.ErrNotFound))
		return
	}
	p, err := s.eng.Profile(c.Request.Context(), id)
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
	if err := s.eng.CreateProfile(c.Request.Context(), p); err != nil {
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
		s.fail(c, fmt.Errorf("%w: body id %q differs from the path's %q", engine.ErrInvalid, p.ID, c.Param("id")))
		return
	}
	if err := s.eng.UpdateProfile(c.Request.Context(), p); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

func (s *Server) deactivateProfile(c *gin.Context) {
	p, err := s.eng.DeactivateProfile(c.Request.Context(), c.Param("id"))
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
	if err := s.eng.PutProfiles(c.Request.Context(), ps); err != nil {
		s.fail(c, err)
		return
	}
	res := importResult{Imported: len(ps), Errors: []lineReport{}}
	for _, e := range bad {
		res.Errors = append(res.Errors, lineReport{Line: e.Line, ID: e.ID, Message: e.Err.Error()})
	}
	c.JSON(http.StatusOK, res)
}
