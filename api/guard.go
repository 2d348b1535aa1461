package api

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// Limits protect the service under load; zero values mean defaults.
type Limits struct {
	// RatePerToken is the sustained requests per second one token may make
	// (default 20), Burst how many at once (default 40).
	RatePerToken float64
	Burst        int
	// MaxInFlight bounds the requests being served at once (default 64);
	// QueueWait is how long a request waits for a place before a quick 503
	// (default 100 ms).
	MaxInFlight int
	QueueWait   time.Duration
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
	if l.MaxInFlight == 0 {
		l.MaxInFlight = 64
	}
	if l.QueueWait == 0 {
		l.QueueWait = 100 * time.Millisecond
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

// queue admits at most MaxInFlight requests; the next wait QueueWait for
// a place and are then refused with 503, so overload answers quickly
// instead of piling up.
func (s *Server) queue(l Limits) gin.HandlerFunc {
	slots := make(chan struct{}, l.MaxInFlight)
	return func(c *gin.Context) {
		select {
		case slots <- struct{}{}:
		default:
			t := time.NewTimer(l.QueueWait)
			defer t.Stop()
			select {
			case slots <- struct{}{}:
			case <-t.C:
				c.Header("Retry-After", "1")
				s.failWith(c, http.StatusServiceUnavailable, "overloaded", "服务繁忙，请稍后重试", "too many requests in flight")
				return
			}
		}
		defer func() { <-slots }()
		c.Next()
	}
}

// limiter keeps one token bucket per bearer token.
type limiter struct {
	mu      sync.Mutex
	perSec  rate.Limit
	burst   int
	buckets map[string]*rate.Limiter
}

// rateLimit refuses a token over its rate with 429 and Retry-After.
func (s *Server) rateLimit(l Limits) gin.HandlerFunc {
	lim := &limiter{perSec: rate.Limit(l.RatePerToken), burst: l.Burst, buckets: map[string]*rate.Limiter{}}
	return func(c *gin.Context) {
		key := c.GetHeader("Authorization")
		if key == "" {
			key, _ = c.Cookie(sessionCookie)
		}
		lim.mu.Lock()
		b := lim.buckets[key]
		if b == nil {
			if len(lim.buckets) > 100000 {
				clear(lim.buckets) // unknown tokens must not grow this without bound
			}
			b = rate.NewLimiter(lim.perSec, lim.burst)
			lim.buckets[key] = b
		}
		lim.mu.Unlock()
		r := b.Reserve()
		if d := r.Delay(); d > 0 {
			r.Cancel()
			c.Header("Retry-After", strconv.Itoa(int(math.Ceil(d.Seconds()))))
			s.failWith(c, http.StatusTooManyRequests, "rate_limited", fmt.Sprintf("请求过于频繁，请 %.0f 秒后重试", math.Ceil(d.Seconds())), fmt.Sprintf("rate limit: %.0f requests/s", l.RatePerToken))
		}
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
