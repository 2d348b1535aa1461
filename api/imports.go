package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"yixianqian/engine"
	"yixianqian/engine/sheet"
)

// MaxUploadBytes is the largest import request: a spreadsheet of up to
// sheet.DefaultMaxBytes, a mapping file and the form around them.
const MaxUploadBytes = sheet.DefaultMaxBytes + 1<<20

func (s *Server) importRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/v1/profiles/import", handle: s.importProfiles},
		{Method: "POST", Path: "/v1/needs/import", handle: s.importNeeds},
	}
}

// importAnswer is the answer of an import: the engine's plan (summary and
// rows, line by line) and the warnings about the whole file.
type importAnswer struct {
	*engine.ImportReport
	FileWarnings []string `json:"file_warnings"`
}

// legacyImportAnswer adds to importAnswer what a JSON Lines body of
// POST /v1/profiles/import has always been answered with: how many were
// stored and the lines that were not.
type legacyImportAnswer struct {
	importAnswer
	Imported int          `json:"imported"`
	Errors   []lineReport `json:"errors"`
}

type lineReport struct {
	Line    int    `json:"line"`
	ID      string `json:"id,omitempty"`
	Message string `json:"message"`
}

// importProfiles takes a multipart form (a file field "file": .xlsx, .csv
// or .jsonl; an optional "mapping" file; dry_run=true|false), or, as
// before, a JSON Lines body, which is imported at once.
func (s *Server) importProfiles(c *gin.Context) {
	if err := viewer(c).Require(engine.ActEditProfiles); err != nil { // before reading what may be 20 MB
		s.fail(c, err)
		return
	}
	if !isMultipart(c) {
		importJSONL(s, c, engine.ReadProfileLines, s.eng.ImportProfileLines)
		return
	}
	up, ok := s.readUpload(c)
	if !ok {
		return
	}
	file, err := sheet.ReadProfileFile(bytes.NewReader(up.data), up.name, up.opts)
	if err != nil {
		s.fail(c, fileError(err))
		return
	}
	rep, err := s.eng.ImportProfileLines(c.Request.Context(), viewer(c), file.Lines, up.dryRun)
	s.answerImport(c, rep, file.Warnings, err)
}

// importNeeds takes a multipart form or a JSON Lines body, like
// importProfiles.
func (s *Server) importNeeds(c *gin.Context) {
	if err := viewer(c).Require(engine.ActImportNeeds); err != nil {
		s.fail(c, err)
		return
	}
	if !isMultipart(c) {
		importJSONL(s, c, engine.ReadNeedLines, s.eng.ImportNeedLines)
		return
	}
	up, ok := s.readUpload(c)
	if !ok {
		return
	}
	file, err := sheet.ReadNeedFile(bytes.NewReader(up.data), up.name, up.opts)
	if err != nil {
		s.fail(c, fileError(err))
		return
	}
	rep, err := s.eng.ImportNeedLines(c.Request.Context(), viewer(c), file.Lines, up.dryRun)
	s.answerImport(c, rep, file.Warnings, err)
}

func (s *Server) answerImport(c *gin.Context, rep *engine.ImportReport, warnings []string, err error) {
	if err != nil {
		s.fail(c, err)
		return
	}
	if warnings == nil {
		warnings = []string{}
	}
	c.JSON(http.StatusOK, importAnswer{ImportReport: rep, FileWarnings: warnings})
}

// importJSONL imports a JSON Lines body (application/x-ndjson,
// application/jsonl or any type but a form) at once: bad lines are
// reported and the rest stored.
func importJSONL[T any](s *Server, c *gin.Context, read func(io.Reader) ([]engine.Incoming[T], error),
	plan func(context.Context, engine.Viewer, []engine.Incoming[T], bool) (*engine.ImportReport, error)) {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, MaxUploadBytes))
	if err != nil {
		s.tooLarge(c, err)
		return
	}
	lines, err := read(bytes.NewReader(body))
	if err != nil {
		s.fail(c, err)
		return
	}
	rep, err := plan(c.Request.Context(), viewer(c), lines, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	res := legacyImportAnswer{importAnswer: importAnswer{ImportReport: rep, FileWarnings: []string{}}, Imported: rep.Written, Errors: []lineReport{}}
	for _, r := range rep.Problems() {
		res.Errors = append(res.Errors, lineReport{Line: r.Line, ID: r.ID, Message: r.Message})
	}
	c.JSON(http.StatusOK, res)
}

func isMultipart(c *gin.Context) bool {
	return strings.HasPrefix(c.ContentType(), "multipart/form-data")
}

// upload is an import form as read.
type upload struct {
	data   []byte
	name   string
	opts   *sheet.Options
	dryRun bool
}

// readUpload reads an import form: the file, the mapping and dry_run.
// Every mistake is answered with a 4xx that says what is wrong.
func (s *Server) readUpload(c *gin.Context) (upload, bool) {
	var up upload
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxUploadBytes)
	if err := c.Request.ParseMultipartForm(MaxUploadBytes); err != nil {
		s.tooLarge(c, err)
		return up, false
	}
	defer c.Request.MultipartForm.RemoveAll()
	if v := c.Request.FormValue("dry_run"); v != "" {
		var err error
		if up.dryRun, err = strconv.ParseBool(v); err != nil {
			s.failWith(c, http.StatusBadRequest, "invalid", fmt.Sprintf("dry_run 只能是 true 或 false，收到的是“%s”", truncateRunes(v, 20)), "dry_run is not true or false")
			return up, false
		}
	}
	files := c.Request.MultipartForm.File["file"]
	if len(files) != 1 {
		s.failWith(c, http.StatusBadRequest, "invalid", "请在表单字段 file 中上传一个文件（.xlsx、.csv 或 .jsonl）", fmt.Sprintf("want one file in field file, got %d", len(files)))
		return up, false
	}
	var err error
	if up.data, err = readPart(files[0]); err != nil {
		s.failWith(c, http.StatusBadRequest, "invalid", "读取上传的文件失败", err.Error())
		return up, false
	}
	up.name, up.opts = files[0].Filename, &sheet.Options{}
	if m := c.Request.MultipartForm.File["mapping"]; len(m) > 0 {
		b, err := readPart(m[0])
		if err == nil {
			up.opts.Mapping, err = sheet.ParseMapping(bytes.NewReader(b))
		}
		if err != nil {
			s.fail(c, fileError(err))
			return up, false
		}
	}
	return up, true
}

// fileError carries the Chinese text of a file the reader refused (a
// *sheet.Problem) as the answer's message.
func fileError(err error) error {
	var p *sheet.Problem
	if errors.As(err, &p) {
		return engine.Errorf(engine.ErrInvalid, p.Error(), "the file cannot be imported: %s", p.Error())
	}
	return err
}

func readPart(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// tooLarge answers a body that could not be read: 413 when it was over
// MaxUploadBytes, 400 otherwise.
func (s *Server) tooLarge(c *gin.Context, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		s.failWith(c, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("上传的内容超过 %d MB，请拆分后再导入", MaxUploadBytes>>20), fmt.Sprintf("body over %d bytes", MaxUploadBytes))
		return
	}
	s.failWith(c, http.StatusBadRequest, "invalid", "上传的内容无法读取，请以表单（multipart/form-data）上传文件", err.Error())
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
