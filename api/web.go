package api

import (
	"embed"
	"io/fs"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"

	"yixianqian/engine"
)

//go:embed web
var webFiles embed.FS

// web serves the embedded pages: one HTML shell, one script, one style
// sheet, all from this server (the CSP allows nothing else).
func (s *Server) routeWeb(g *gin.Engine, reportDir string) {
	sub, _ := fs.Sub(webFiles, "web")
	serve := func(name, ctype string) gin.HandlerFunc {
		b, _ := fs.ReadFile(sub, name)
		return func(c *gin.Context) {
			c.Header("Cache-Control", "no-cache")
			c.Data(http.StatusOK, ctype, b)
		}
	}
	g.GET("/", serve("index.html", "text/html; charset=utf-8"))
	g.GET("/app.js", serve("app.js", "text/javascript; charset=utf-8"))
	g.GET("/app.css", serve("app.css", "text/css; charset=utf-8"))
	if reportDir != "" {
		if st, err := os.Stat(reportDir); err == nil && st.IsDir() {
			files := http.StripPrefix("/report/", http.FileServer(http.Dir(reportDir)))
			g.GET("/report/*path", func(c *gin.Context) {
				// The report is self-contained: inline styles and SVG, no scripts.
				c.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
				files.ServeHTTP(c.Writer, c.Request)
			})
		}
	}
}

// meResponse tells the pages who is signed in and the lists its forms use.
type meResponse struct {
	Role            engine.Role `json:"role"`
	Subject         string      `json:"subject,omitempty"`
	Counties        []string    `json:"counties"`
	Industries      []string    `json:"industries"`
	Modes           []string    `json:"modes"`
	FeedbackReasons []string    `json:"feedback_reasons"`
}

func (s *Server) me(c *gin.Context) {
	v := viewer(c)
	c.JSON(http.StatusOK, meResponse{Role: v.Role, Subject: v.Subject, Counties: engine.Counties(), Industries: engine.Industries(), Modes: engine.Modes(), FeedbackReasons: engine.FeedbackReasons()})
}
