package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// MaxHeaderBytes is the header size the service accepts; cmd sets it on
// its http.Server, which refuses larger headers with 431 before anything
// here sees them.
const MaxHeaderBytes = 16 << 10

// Limits protect the service under load; zero values mean defaults.
type Limits struct {
	// RatePerToken is the sustained requests per second one token may make
	// (default 20), Burst how many at once (default 40).
	RatePerToken float64
	Burst        int
	// RatePerAddr and BurstPerAddr bound the requests without a valid
	// token from one client address (default 10 per second, 100 at once);
	// past them such requests get 429 before their token is looked up.
	RatePerAddr  float64
	BurstPerAddr int
	// MaxClients bounds how many addresses and tokens the limits remember
	// (default 10,000); the least recently seen are forgotten first, so no
	// stream of new clients grows memory.
	MaxClients int
	// MaxInFlight bounds the requests being served at once (default 64);
	// QueueWait is how long a request waits for a place before a quick 503
	// (default 100 ms). MaxInFlightPerToken bounds one token's share
	// (default a quarter of MaxInFlight).
	MaxInFlight         int
	MaxInFlightPerToken int
	QueueWait           time.Duration
	// BodyTimeout bounds the time a client may take to send a request body
	// (default 10 s). The body is read before the request takes a place, so
	// slow senders hold none.
	BodyTimeout time.Duration
	// MatchBudget bounds one match; past it the ranked prefix comes back
	// marked truncated (default 2 s).
	MatchBudget time.Duration
}

func (l Limits) withDefaults() Limits {
	if l.RatePerToken == 0 {
		l.RatePerToken = 20
	}
	if l.Burst == 0 {
		l.Burst = 40
	}
	if l.RatePerAddr == 0 {
		l.RatePerAddr = 10
	}
	if l.BurstPerAddr == 0 {
		l.BurstPerAddr = 100
	}
	if l.MaxClients == 0 {
		l.MaxClients = 10000
	}
	if l.MaxInFlight == 0 {
		l.MaxInFlight = 64
	}
	if l.MaxInFlightPerToken == 0 {
		l.MaxInFlightPerToken = max(1, l.MaxInFlight/4)
	}
	if l.QueueWait == 0 {
		l.QueueWait = 100 * time.Millisecond
	}
	if l.BodyTimeout == 0 {
		l.BodyTimeout = 10 * time.Second
	}
	if l.MatchBudget == 0 {
		l.MatchBudget = 2 * time.Second
	}
	return l
}

// securityHeaders sets a strict Content-Security-Policy and friends on
// every answer: nothing may load from elsewhere, nothing inline runs.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
}

// bearerToken parses the Authorization header once, strictly: exactly
// one header, the scheme Bearer, one space and a token of URL-safe
// characters (at most 256). Anything else is no token, so that no
// variation of a header can pass for another client.
func bearerToken(h http.Header) (string, bool) {
	vals := h.Values("Authorization")
	if len(vals) != 1 {
		return "", false
	}
	v := vals[0]
	const scheme = "bearer "
	if len(v) <= len(scheme) || len(v) > len(scheme)+256 || !asciiEqualFold(v[:len(scheme)], scheme) {
		return "", false
	}
	tok := v[len(scheme):]
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '/' || c == '='
		if !ok {
			return "", false
		}
	}
	return tok, true
}

func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// tokenKey names a token for the limits without keeping its secret.
func tokenKey(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:8])
}

// clientAddr is the address requests are limited by before they are
// authenticated: the connection's peer (never a forwarded header, which
// the client writes), an IPv6 address by its /64.
func clientAddr(c *gin.Context) string {
	host, _, err := net.SplitHostPort(c.Request.RemoteAddr)
	if err != nil {
		host = c.Request.RemoteAddr
	}
	return addrKey(host)
}

// throttle refuses with 429 and Retry-After when bucket key of b is empty.
func (s *Server) throttle(c *gin.Context, b *buckets, key string, perSec float64) bool {
	d := b.take(key)
	if d <= 0 {
		return false
	}
	secs := math.Ceil(d.Seconds())
	c.Header("Retry-After", strconv.Itoa(int(secs)))
	s.failWith(c, http.StatusTooManyRequests, "rate_limited", fmt.Sprintf("请求过于频繁，请 %.0f 秒后重试", secs), fmt.Sprintf("rate limit: %g requests/s", perSec))
	return true
}

// rateLimit refuses a token over its rate with 429 and Retry-After. It
// runs after authenticate: buckets are keyed on the authenticated token.
func (s *Server) rateLimit(l Limits) gin.HandlerFunc {
	b := newBuckets(l.MaxClients, rate.Limit(l.RatePerToken), l.Burst)
	return func(c *gin.Context) {
		s.throttle(c, b, c.GetString(tokenKeyName), l.RatePerToken)
	}
}

// readAhead reads the request body (up to MaxBodyBytes) within
// BodyTimeout before the request takes a place in flight, so that a slow
// sender holds no place. A body over the limit is passed on unread past
// it, for the handler's own limit to refuse.
func (s *Server) readAhead(l Limits) gin.HandlerFunc {
	return func(c *gin.Context) {
		r := c.Request
		if r.Body == nil || r.Body == http.NoBody {
			return
		}
		rc := http.NewResponseController(c.Writer)
		deadlineSet := rc.SetReadDeadline(time.Now().Add(l.BodyTimeout)) == nil
		body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
		if err != nil {
			var ne net.Error
			if errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
				c.Header("Connection", "close")
				s.failWith(c, http.StatusRequestTimeout, "request_timeout", fmt.Sprintf("提交的内容未在 %.0f 秒内传完，请重试", l.BodyTimeout.Seconds()), "body not received within the body timeout")
				return
			}
			s.failWith(c, http.StatusBadRequest, "invalid", "读取提交的内容失败", "cannot read body")
			return
		}
		if len(body) > MaxBodyBytes {
			r.Body = struct {
				io.Reader
				io.Closer
			}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
			return
		}
		if deadlineSet {
			rc.SetReadDeadline(time.Time{})
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
}

// queue admits at most MaxInFlight requests, and at most
// MaxInFlightPerToken of one token; the next wait QueueWait for a place
// and are then refused with 503 (429 for a token over its share), so
// overload answers quickly instead of piling up.
func (s *Server) queue(l Limits) gin.HandlerFunc {
	slots := make(chan struct{}, l.MaxInFlight)
	perToken := l.MaxInFlightPerToken
	if perToken <= 0 {
		perToken = l.MaxInFlight
	}
	var mu sync.Mutex
	held := map[string]int{} // only tokens holding places: at most MaxInFlight keys
	release := func(key string) {
		mu.Lock()
		if held[key]--; held[key] <= 0 {
			delete(held, key)
		}
		mu.Unlock()
	}
	return func(c *gin.Context) {
		key := c.GetString(tokenKeyName) // "" only outside /v1's chain: no share to keep
		mu.Lock()
		if key != "" && held[key] >= perToken {
			mu.Unlock()
			c.Header("Retry-After", "1")
			s.failWith(c, http.StatusTooManyRequests, "too_many_in_flight", fmt.Sprintf("同一令牌最多同时进行 %d 个请求，请稍后重试", perToken), "too many requests in flight for this token")
			return
		}
		held[key]++
		mu.Unlock()
		select {
		case slots <- struct{}{}:
		default:
			t := time.NewTimer(l.QueueWait)
			defer t.Stop()
			select {
			case slots <- struct{}{}:
			case <-t.C:
				release(key)
				c.Header("Retry-After", "1")
				s.failWith(c, http.StatusServiceUnavailable, "overloaded", "服务繁忙，请稍后重试", "too many requests in flight")
				return
			}
		}
		defer func() { <-slots; release(key) }()
		c.Next()
	}
}

// budget gives a match request's context the match budget.
func budget(d time.Duration) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), d)
		defer cancel()
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}
