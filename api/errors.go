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

// errorDetail says what went wrong: Message in Chinese for people, Detail
// in English for developers (omitted when it adds nothing).
type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Detail  string `json:"detail,omitempty"`
}

// generic are the Chinese messages of errors that carry none of their own.
var generic = map[string]string{
	"invalid":              "输入有误",
	"forbidden":            "无权进行此操作",
	"not_found":            "未找到",
	"conflict":             "与当前状态冲突，操作未执行",
	"unavailable":          "服务暂时不可用，请稍后重试",
	"insufficient_storage": "磁盘空间不足，未能保存；请联系管理员清理磁盘后重试",
	"unauthorized":         "请先登录",
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
	case errors.Is(err, engine.ErrNoSpace):
		return http.StatusInsufficientStorage, "insufficient_storage"
	case errors.Is(err, engine.ErrUnavailable):
		return http.StatusServiceUnavailable, "unavailable"
	}
	return http.StatusInternalServerError, "internal"
}

// fail writes err as a JSON error answer: the engine's Chinese message (or
// the kind's), and the English chain as the detail. Internal errors are
// logged and their text is not shown.
func (s *Server) fail(c *gin.Context, err error) {
	status, code := statusOf(err)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "route", c.FullPath(), "err", err)
		s.failWith(c, status, code, "服务器内部错误，请稍后重试", "")
		return
	}
	msg := engine.Message(err)
	if msg == "" {
		msg = generic[code]
	}
	s.failWith(c, status, code, msg, err.Error())
}

// failWith writes a JSON error answer with an explicit status.
func (s *Server) failWith(c *gin.Context, status int, code, msg, detail string) {
	if s.metrics != nil {
		s.metrics.errors.WithLabelValues(code).Inc()
	}
	if detail == msg {
		detail = ""
	}
	c.AbortWithStatusJSON(status, errorBody{errorDetail{Code: code, Message: msg, Detail: detail}})
}
