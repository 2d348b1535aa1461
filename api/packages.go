package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"yixianqian/engine"
)

// packageRoutes are the routes of 一县一业一策 packages and of the themed
// service groups (科技服务团).
func (s *Server) packageRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/v1/packages/compose", handle: s.composePackage()},
		{Method: "POST", Path: "/v1/packages", handle: s.savePackage},
		{Method: "GET", Path: "/v1/packages", handle: s.listPackages},
		{Method: "GET", Path: "/v1/packages/:id", handle: s.getPackage},
		{Method: "POST", Path: "/v1/packages/:id/assign", handle: s.assignPackage},
		{Method: "GET", Path: "/v1/groups", handle: s.listGroups},
		{Method: "GET", Path: "/v1/groups/:id", handle: s.getGroup},
		{Method: "PUT", Path: "/v1/groups/:id", handle: s.saveGroup},
	}
}

func (s *Server) composePackage() gin.HandlerFunc {
	return bodyCall(s, func(c *gin.Context, v engine.Viewer, req engine.PackageRequest) (engine.Package, error) {
		return s.eng.ComposePackage(c.Request.Context(), v, req)
	})
}

func (s *Server) savePackage(c *gin.Context) {
	var req engine.PackageRequest
	if !s.bindJSON(c, &req) {
		return
	}
	p, err := s.eng.SavePackage(c.Request.Context(), viewer(c), req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, p)
}

type packageList struct {
	Packages []engine.PackageView `json:"packages"`
}

func (s *Server) listPackages(c *gin.Context) {
	ps, err := s.eng.ListPackages(c.Request.Context(), viewer(c))
	s.answer(c, packageList{Packages: ps}, err)
}

func (s *Server) getPackage(c *gin.Context) {
	p, err := s.eng.ViewPackage(c.Request.Context(), viewer(c), c.Param("id"))
	s.answer(c, p, err)
}

func (s *Server) assignPackage(c *gin.Context) {
	res, err := s.eng.AssignPackage(c.Request.Context(), viewer(c), c.Param("id"))
	s.answer(c, res, err)
}

type groupList struct {
	Groups []engine.GroupView `json:"groups"`
}

func (s *Server) listGroups(c *gin.Context) {
	gs, err := s.eng.ListGroups(c.Request.Context(), viewer(c))
	s.answer(c, groupList{Groups: gs}, err)
}

func (s *Server) getGroup(c *gin.Context) {
	g, err := s.eng.ViewGroup(c.Request.Context(), viewer(c), c.Param("id"))
	s.answer(c, g, err)
}

// saveGroup creates or replaces the group of the path; the body's ID,
// when given, must be the same.
func (s *Server) saveGroup(c *gin.Context) {
	var g engine.ServiceGroup
	if !s.bindJSON(c, &g) {
		return
	}
	if g.ID == "" {
		g.ID = c.Param("id")
	}
	if g.ID != c.Param("id") {
		s.fail(c, engine.Errorf(engine.ErrInvalid, "提交内容中的编号与地址中的不一致", "body id %q differs from the path's %q", g.ID, c.Param("id")))
		return
	}
	gv, err := s.eng.SaveGroup(c.Request.Context(), viewer(c), g)
	s.answer(c, gv, err)
}
