package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"yixianqian/engine"
)

func (s *Server) profileRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/v1/profiles", handle: s.listProfiles},
		{Method: "POST", Path: "/v1/profiles", handle: s.createProfile},
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
