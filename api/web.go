package api

import (
	"embed"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"

	"yixianqian/engine"
)

//go:embed web
var webFiles embed.FS

// routeWeb serves the embedded pages: one HTML shell, and under /assets/
// the scripts (one per area) and the style sheet, all from this server
// (the CSP allows nothing else); and the latest evaluation report.
func (s *Server) routeWeb(g *gin.Engine, reportDir string) {
	sub, _ := fs.Sub(webFiles, "web")
	page, _ := fs.ReadFile(sub, "index.html")
	g.GET("/", func(c *gin.Context) {
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, "text/html; charset=utf-8", page)
	})
	g.GET("/assets/:file", func(c *gin.Context) {
		name := c.Param("file")
		ctype := map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}[path.Ext(name)]
		b, err := fs.ReadFile(sub, name)
		if err != nil || ctype == "" || name == "index.html" {
			s.failWith(c, http.StatusNotFound, "not_found", "没有这个文件："+name, "")
			return
		}
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, ctype, b)
	})
	g.GET("/report/*path", s.report(reportDir))
}

// report serves the evaluation report's files from dir: /report/ opens
// report.html directly; a missing report (or no dir) answers a page that
// says so, in Chinese; directories are never listed.
func (s *Server) report(dir string) gin.HandlerFunc {
	return func(c *gin.Context) {
		// The report is self-contained: inline styles and SVG, no scripts.
		c.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
		name := strings.TrimPrefix(path.Clean("/"+c.Param("path")), "/")
		if name == "" {
			name = "report.html"
		}
		var f string
		if dir != "" {
			f = filepath.Join(dir, filepath.FromSlash(name))
		}
		if st, err := os.Stat(f); f == "" || err != nil || st.IsDir() {
			c.Header("Cache-Control", "no-cache")
			c.Data(http.StatusNotFound, "text/html; charset=utf-8", []byte(noReportPage))
			return
		}
		c.File(f)
	}
}

// noReportPage is the empty state of /report/.
const noReportPage = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>匹配质量评估报告</title></head>
<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1d2733"><h1 style="font-size:1.3rem">暂无匹配质量评估报告</h1>
<p>运行 <code>yxq eval … --report DIR</code> 生成报告，再以 <code>yxq serve --report-dir DIR</code> 启动服务即可在此查看。</p><p><a href="/">返回科企一线牵</a></p></body></html>`

// meResponse tells the pages who is signed in and the lists its forms use.
type meResponse struct {
	Role    engine.Role `json:"role"`
	Subject string      `json:"subject,omitempty"`
	// Name is who is signed in, as the header shows it: the profile's name
	// for a team or an expert, the enterprise for a company, the person's
	// name for staff.
	Name string `json:"name"`
	// Account and CSRF are set under a session cookie: the CSRF token
	// goes with every change in the X-CSRF-Token header.
	Account         *accountView `json:"account,omitempty"`
	CSRF            string       `json:"csrf,omitempty"`
	Counties        []string     `json:"counties"`
	Industries      []string     `json:"industries"`
	Modes           []string     `json:"modes"`
	FeedbackReasons []string     `json:"feedback_reasons"`
}

func (s *Server) me(c *gin.Context) {
	v := viewer(c)
	me := meResponse{Role: v.Role, Subject: v.Subject, Name: engine.RoleNames()[v.Role], CSRF: c.GetString(csrfKey),
		Counties: engine.Counties(), Industries: engine.Industries(), Modes: engine.Modes(), FeedbackReasons: engine.FeedbackReasons()}
	switch v.Role {
	case engine.RoleTeam, engine.RoleExpert:
		me.Name = s.eng.ProfileName(c.Request.Context(), v.Subject)
	case engine.RoleCompany:
		me.Name = v.Subject
	}
	if v.Account != "" {
		if a, err := s.eng.Account(c.Request.Context(), v.Account); err == nil {
			av := s.viewAccount(c, a)
			me.Account = &av
			if isStaffRole(v.Role) && a.Name != "" {
				me.Name = a.Name
			}
		}
	}
	c.JSON(http.StatusOK, me)
}

func isStaffRole(r engine.Role) bool { return r == engine.RoleAdmin || r == engine.RoleAnalyst }
