package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"yixianqian/engine"
	"yixianqian/engine/sheet"
)

func (s *Server) exportRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/v1/export/needs", handle: s.exportNeeds},
		{Method: "GET", Path: "/v1/export/matches", handle: s.exportMatches, match: true},
		{Method: "GET", Path: "/v1/export/batch", handle: s.exportBatch},
		{Method: "GET", Path: "/v1/export/funnel", handle: s.exportFunnel},
	}
}

// exportNeeds downloads the needs the viewer may see, with their
// suppliers: GET /v1/export/needs?format=xlsx|csv.
func (s *Server) exportNeeds(c *gin.Context) {
	format, ok := s.exportFormat(c)
	if !ok {
		return
	}
	rs, err := s.eng.ReportNeeds(c.Request.Context(), viewer(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.download(c, format, "技术需求_"+s.eng.Now().Format("20060102"), "needs", sheet.NeedsReportTable(rs))
}

// exportMatches downloads a need's ranked suppliers:
// GET /v1/export/matches?need=ID&format=&k=.
func (s *Server) exportMatches(c *gin.Context) {
	format, ok := s.exportFormat(c)
	if !ok {
		return
	}
	id := c.Query("need")
	if id == "" {
		s.failWith(c, http.StatusBadRequest, "invalid", "请用参数 need 指明需求编号", "need is missing")
		return
	}
	opts, err := matchQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	opts.Explain = true // the reasons go into the sheet
	r, err := s.eng.ReportMatches(c.Request.Context(), viewer(c), id, opts)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.download(c, format, "匹配结果_"+fileSafe(sheetTitle(&r.Need)), "matches", sheet.MatchesTable(r))
}

// exportBatch downloads a dry run of the month's batch:
// GET /v1/export/batch?month=YYYY-MM&format=.
func (s *Server) exportBatch(c *gin.Context) {
	format, ok := s.exportFormat(c)
	if !ok {
		return
	}
	r, err := s.eng.ReportBatch(c.Request.Context(), viewer(c), engine.BatchOptions{Month: c.Query("month")})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.download(c, format, "月度批量指派_"+r.Plan.Month, "batch-"+r.Plan.Month, sheet.BatchTable(r))
}

// exportFunnel downloads the funnel: GET /v1/export/funnel?month=&format=.
func (s *Server) exportFunnel(c *gin.Context) {
	format, ok := s.exportFormat(c)
	if !ok {
		return
	}
	f, err := s.eng.FunnelStats(c.Request.Context(), viewer(c), c.Query("month"))
	if err != nil {
		s.fail(c, err)
		return
	}
	month := f.Month
	if month == "" {
		month = "全部"
	}
	s.download(c, format, "对接漏斗_"+month, "funnel-"+f.Month, sheet.FunnelTable(f))
}

// exportFormat reads format: xlsx (the default) or csv.
func (s *Server) exportFormat(c *gin.Context) (string, bool) {
	switch f := strings.ToLower(c.Query("format")); f {
	case "", sheet.FormatXLSX:
		return sheet.FormatXLSX, true
	case sheet.FormatCSV:
		return f, true
	}
	s.failWith(c, http.StatusBadRequest, "invalid", "导出格式只能是 xlsx 或 csv", fmt.Sprintf("format %q is not xlsx or csv", truncateRunes(c.Query("format"), 20)))
	return "", false
}

// download answers with t as a file: name is its Chinese name, ascii a
// plain one for clients that do not read RFC 5987 names.
func (s *Server) download(c *gin.Context, format, name, ascii string, t sheet.Table) {
	var buf bytes.Buffer
	if err := sheet.WriteTable(&buf, format, t); err != nil {
		s.fail(c, err)
		return
	}
	ctype := "text/csv; charset=utf-8"
	if format == sheet.FormatXLSX {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"; filename*=UTF-8''%s.%s`,
		strings.Trim(fileSafe(ascii), "-"), format, rfc5987(name), format))
	c.Data(http.StatusOK, ctype, buf.Bytes())
}

// fileSafe drops what a file name may not hold and shortens it.
func fileSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\:*?"<>|'`, r) {
			return -1
		}
		return r
	}, s)
	return truncateRunes(strings.TrimSpace(s), 40)
}

// rfc5987 percent-encodes s for a filename* parameter.
func rfc5987(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// sheetTitle is a need's title, or the start of its description.
func sheetTitle(n *engine.Need) string {
	if n.Title != "" {
		return n.Title
	}
	return truncateRunes(n.Description, 20)
}
