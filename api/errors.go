package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"yixianqian/engine"
)

// errorBody is the JSON shape of every error answer.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// statusOf is the one table from engine errors to HTTP status and code.
func statusOf(err error) (int, string) {
	switch {
	case errors.Is(err, engine.ErrInvalid):
		return http.StatusBadRequest, "invalid"
	case errors.Is(err, engine.ErrUnauthorized):
		return http.StatusUnauthorized, "unauthorized"
	case errors.Is(err, engine.ErrForbidden):
		return http.StatusForbidden, "forbidden"
	case errors.Is(err, engine.ErrNotFound):
		return http.StatusNotFound, "not_found"
	case errors.Is(err, engine.ErrConflict):
		return http.StatusConflict, "conflict"
	case errors.Is(err, engine.ErrUnavailable):
		return http.StatusServiceUnavailable, "unavailable"
	}
	return http.StatusInternalServerError, "internal"
}

// fail writes err as a JSON error answer. Internal errors are logged and
// their text is not shown.
func (s *Server) fail(c *gin.Context, err error) {
	status, code := statusOf(err)
	msg := err.Error()
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "route", c.FullPath(), "err", err)
		msg = "服务器内部错误，请稍后重试 (internal error)"
	}
	s.failWith(c, status, code, msg)
}

// failWith writes a JSON error answer with an explicit status.
func (s *Server) failWith(c *gin.Context, status int, code, msg string) {
	if s.metrics != nil {
		s.metrics.errors.WithLabelValues(code).Inc()
	}
	c.AbortWithStatusJSON(status, errorBody{errorDetail{Code: code, Message: msg}})
}
