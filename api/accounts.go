package api

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"yixianqian/engine"
)

// sessionCookie is the cookie of a signed-in browser; csrfHeader carries
// the session's CSRF token on every change the pages ask for.
const (
	sessionCookie = "yxq_session"
	csrfHeader    = "X-CSRF-Token"
)

func (s *Server) accountRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/v1/logout", handle: s.logout},
		{Method: "PUT", Path: "/v1/me/password", handle: s.changePassword},
		{Method: "GET", Path: "/v1/accounts", handle: s.listAccounts},
		{Method: "POST", Path: "/v1/accounts", handle: s.createAccount},
		{Method: "POST", Path: "/v1/accounts/:id/password", handle: s.resetPassword},
	}
}

// accountView is an account as the API shows it: never its password hash.
type accountView struct {
	ID          string      `json:"id"`
	Username    string      `json:"username"`
	Name        string      `json:"name,omitempty"`
	Role        engine.Role `json:"role"`
	Subject     string      `json:"subject,omitempty"`
	SubjectName string      `json:"subject_name,omitempty"`
	Locked      bool        `json:"locked"`
	Created     time.Time   `json:"created"`
}

func (s *Server) viewAccount(c *gin.Context, a engine.Account) accountView {
	v := accountView{ID: a.ID, Username: a.Username, Name: a.Name, Role: a.Role, Subject: a.Subject,
		Locked: s.eng.Now().Before(a.LockedUntil), Created: a.Created}
	if a.Role == engine.RoleTeam || a.Role == engine.RoleExpert {
		v.SubjectName = s.eng.ProfileName(c.Request.Context(), a.Subject)
	}
	return v
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginResponse struct {
	Account accountView `json:"account"`
	CSRF    string      `json:"csrf"`
}

// login answers POST /v1/login: a user name and password open a session
// in an HttpOnly, SameSite=Strict cookie (Secure over TLS). A client
// address with too many failures is refused for a while, besides the
// per-account lock of the engine.
func (s *Server) login(c *gin.Context) {
	addr := c.RemoteIP()
	// The attempt counts against the address before it is checked, so
	// that attempts sent at once cannot all be checked; a success takes
	// it back.
	if wait := s.signins.attempt(addr, time.Now()); wait > 0 {
		mins := int(wait.Minutes()) + 1
		c.Header("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		s.failWith(c, http.StatusTooManyRequests, "rate_limited", fmt.Sprintf("此地址登录失败次数过多，请 %d 分钟后再试", mins), "too many failed sign-ins from this address")
		return
	}
	var req loginRequest
	if !s.bindJSON(c, &req) {
		return
	}
	secret, a, err := s.eng.SignIn(c.Request.Context(), req.Username, req.Password)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.signins.succeeded(addr)
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", MaxAge: int(engine.SessionTTL.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: c.Request.TLS != nil})
	c.JSON(http.StatusOK, loginResponse{Account: s.viewAccount(c, a), CSRF: engine.CSRFToken(secret)})
}

func (s *Server) logout(c *gin.Context) {
	if secret, err := c.Cookie(sessionCookie); err == nil {
		if err := s.eng.SignOut(c.Request.Context(), secret); err != nil {
			s.fail(c, err)
			return
		}
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: c.Request.TLS != nil})
	c.JSON(http.StatusOK, gin.H{"signed_out": true})
}

type passwordRequest struct {
	Current  string `json:"current"`
	Password string `json:"password"`
}

func (s *Server) changePassword(c *gin.Context) {
	var req passwordRequest
	if !s.bindJSON(c, &req) {
		return
	}
	if err := s.eng.ChangePassword(c.Request.Context(), viewer(c), req.Current, req.Password); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"changed": true})
}

func (s *Server) listAccounts(c *gin.Context) {
	list, err := s.eng.Accounts(c.Request.Context(), viewer(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]accountView, 0, len(list))
	for _, a := range list {
		out = append(out, s.viewAccount(c, a))
	}
	c.JSON(http.StatusOK, gin.H{"accounts": out})
}

func (s *Server) createAccount(c *gin.Context) {
	var in engine.AccountInput
	if !s.bindJSON(c, &in) {
		return
	}
	a, err := s.eng.CreateAccount(c.Request.Context(), viewer(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, s.viewAccount(c, a))
}

func (s *Server) resetPassword(c *gin.Context) {
	var req passwordRequest
	if !s.bindJSON(c, &req) {
		return
	}
	if err := s.eng.ResetPassword(c.Request.Context(), viewer(c), c.Param("id"), req.Password); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"reset": true})
}

// Throttling of sign-ins per client address.
const (
	maxAddrFailures = 20               // failed sign-ins from one address …
	addrWindow      = 15 * time.Minute // … within this window block it for the rest of it
	maxAddrs        = 10000            // addresses remembered at once
)

// signinThrottle counts failed sign-ins per client address in a bounded
// map.
type signinThrottle struct {
	mu    sync.Mutex
	addrs map[string]*addrFailures
}

type addrFailures struct {
	since time.Time
	n     int
}

// attempt counts a sign-in from addr as failed, unless addr is blocked:
// then it says for how long.
func (t *signinThrottle) attempt(addr string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if f := t.addrs[addr]; f != nil && now.Sub(f.since) <= addrWindow && f.n >= maxAddrFailures {
		return addrWindow - now.Sub(f.since)
	}
	t.count(addr, now)
	return 0
}

// succeeded takes back the count of a sign-in from addr that succeeded.
func (t *signinThrottle) succeeded(addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if f := t.addrs[addr]; f != nil && f.n > 0 {
		f.n--
	}
}

func (t *signinThrottle) count(addr string, now time.Time) {
	if t.addrs == nil {
		t.addrs = map[string]*addrFailures{}
	}
	f := t.addrs[addr]
	if f == nil || now.Sub(f.since) > addrWindow {
		if len(t.addrs) >= maxAddrs {
			for k, old := range t.addrs {
				if now.Sub(old.since) > addrWindow {
					delete(t.addrs, k)
				}
			}
			if len(t.addrs) >= maxAddrs {
				clear(t.addrs) // a flood of addresses must not grow this without bound
			}
		}
		f = &addrFailures{since: now}
		t.addrs[addr] = f
	}
	f.n++
}
