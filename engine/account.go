package engine

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Account is a person who signs in with a user name (or a phone number)
// and a password. Its role and subject say what it may do and for whom,
// as a token's do: a company account acts for one enterprise, a team or
// expert account for one profile.
type Account struct {
	ID       string `json:"id"`
	Username string `json:"username"` // lower-case, unique
	Name     string `json:"name"`     // the person's name, for the pages
	Role     Role   `json:"role"`
	Subject  string `json:"subject,omitempty"`
	// PasswordHash is the argon2id hash in PHC form; never shown.
	PasswordHash string `json:"password_hash"`
	// Failed counts the sign-ins failed in a row; at MaxFailedSignIns the
	// account is locked until LockedUntil.
	Failed      int       `json:"failed,omitempty"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
	Created     time.Time `json:"created"`
	// PasswordChanged is when the password was last set.
	PasswordChanged time.Time `json:"password_changed,omitzero"`
}

// Session is a signed-in browser: the hash of its random secret (the
// cookie's value is never stored), its account and its expiry.
type Session struct {
	Hash      string    `json:"hash"`
	AccountID string    `json:"account_id"`
	Created   time.Time `json:"created"`
	Expires   time.Time `json:"expires"`
}

// Sign-in limits.
const (
	// MaxFailedSignIns failed in a row lock an account for LockDuration.
	MaxFailedSignIns = 5
	LockDuration     = 15 * time.Minute
	// SessionTTL is how long a session lasts after sign-in.
	SessionTTL = 12 * time.Hour
	// MinPasswordLen and MaxPasswordLen bound a password, in characters.
	MinPasswordLen = 8
	MaxPasswordLen = 128
)

// AccountInput is what an administrator gives to create an account.
type AccountInput struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	Role     Role   `json:"role"`
	Subject  string `json:"subject"`
	Password string `json:"password"`
}

// NormalizeUsername returns the form user names are stored and looked up
// in: trimmed, Latin letters lower-case.
func NormalizeUsername(u string) string { return strings.ToLower(strings.TrimSpace(u)) }

func checkUsername(u string) error {
	n := utf8.RuneCountInString(u)
	if n < 2 || n > 64 || !utf8.ValidString(u) || strings.IndexFunc(u, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }) >= 0 {
		return invalid("用户名须为 2 到 64 个字符，不含空格", "username %q: 2 to 64 printable characters, no spaces", truncate(u, 70))
	}
	return nil
}

func checkPassword(p string) error {
	if n := utf8.RuneCountInString(p); n < MinPasswordLen || n > MaxPasswordLen {
		return invalid(fmt.Sprintf("密码须为 %d 到 %d 个字符", MinPasswordLen, MaxPasswordLen), "password: %d to %d characters", MinPasswordLen, MaxPasswordLen)
	}
	return nil
}

// checkSubject checks that role may act for subject, as CreateToken does.
func (e *Engine) checkSubject(ctx context.Context, role Role, subject string) error {
	switch role {
	case RoleAdmin, RoleAnalyst:
		return nil
	case RoleCompany:
		if strings.TrimSpace(subject) == "" {
			return invalid("企业账号须填写所属企业名称", "a company account needs the enterprise it acts for")
		}
		return checkText("enterprise", subject, MaxNameLen, true)
	case RoleTeam, RoleExpert:
		p, err := e.store.Profile(ctx, subject)
		if err != nil {
			return invalid("找不到对应的专家或服务团档案："+truncate(subject, 40), "profile %q not found", subject)
		}
		if string(p.Kind) != string(role) {
			return invalid(fmt.Sprintf("档案「%s」不是%s", p.Name, RoleNames()[role]), "profile %s is a %s, not a %s", subject, p.Kind, role)
		}
		return nil
	}
	return invalid("角色须为管理员、科协工作人员、企业、博士服务团或专家", "role %q is not admin, analyst, company, team or expert", role)
}

// CreateAccount makes an account (administrators only); a user name in use
// is a conflict.
func (e *Engine) CreateAccount(ctx context.Context, v Viewer, in AccountInput) (Account, error) {
	if err := v.may(ActAccounts); err != nil {
		return Account{}, err
	}
	in.Username = NormalizeUsername(in.Username)
	if err := checkUsername(in.Username); err != nil {
		return Account{}, err
	}
	if err := checkText("name", in.Name, MaxNameLen, false); err != nil {
		return Account{}, err
	}
	if err := e.checkSubject(ctx, in.Role, in.Subject); err != nil {
		return Account{}, err
	}
	if err := checkPassword(in.Password); err != nil {
		return Account{}, err
	}
	now := e.now().UTC()
	a := Account{ID: "acct-" + randomHex(8), Username: in.Username, Name: strings.TrimSpace(in.Name), Role: in.Role,
		Subject: in.Subject, PasswordHash: hashPassword(in.Password), Created: now, PasswordChanged: now}
	if err := e.store.CreateAccount(ctx, a); err != nil {
		return Account{}, err
	}
	return a, nil
}

// Accounts lists every account (administrators only), by user name.
func (e *Engine) Accounts(ctx context.Context, v Viewer) ([]Account, error) {
	if err := v.may(ActAccounts); err != nil {
		return nil, err
	}
	out := []Account{}
	err := e.store.EachAccount(ctx, func(a Account) error { out = append(out, a); return nil })
	return out, err
}

// AccountByUsername returns the account with that user name.
func (e *Engine) AccountByUsername(ctx context.Context, username string) (Account, error) {
	return e.store.AccountByUsername(ctx, NormalizeUsername(username))
}

// ResetPassword sets an account's password (administrators only): it
// unlocks the account and ends its sessions.
func (e *Engine) ResetPassword(ctx context.Context, v Viewer, id, password string) error {
	if err := v.may(ActAccounts); err != nil {
		return err
	}
	return e.setPassword(ctx, id, password)
}

// ChangePassword sets the password of v's own account, given the current
// one; the account's other sessions end.
func (e *Engine) ChangePassword(ctx context.Context, v Viewer, current, password string) error {
	if v.Account == "" {
		return Errorf(ErrForbidden, "令牌登录无法修改密码，请用账号密码登录", "a token has no password to change")
	}
	a, err := e.store.Account(ctx, v.Account)
	if err != nil {
		return err
	}
	if !verifyPassword(a.PasswordHash, current) {
		return invalid("当前密码不正确", "the current password is wrong")
	}
	return e.setPassword(ctx, a.ID, password)
}

func (e *Engine) setPassword(ctx context.Context, id, password string) error {
	if err := checkPassword(password); err != nil {
		return err
	}
	a, err := e.store.Account(ctx, id)
	if err != nil {
		return Errorf(ErrNotFound, "没有这个账号", "account %s: %v", id, err)
	}
	a.PasswordHash, a.Failed, a.LockedUntil, a.PasswordChanged = hashPassword(password), 0, time.Time{}, e.now().UTC()
	if err := e.store.PutAccount(ctx, a); err != nil {
		return err
	}
	_, err = e.store.DeleteSessions(ctx, a.ID)
	return err
}

// SignIn checks a user name and password and opens a session: it returns
// the session's secret (for the cookie; only its hash is stored) and the
// account. Failures in a row lock the account for LockDuration; a locked
// account is refused even with the right password.
//
// Each attempt is counted as failed before its password is checked, and
// uncounted when it succeeds: attempts sent at once cannot all be checked
// before the lock. At most GOMAXPROCS passwords are checked at once.
func (e *Engine) SignIn(ctx context.Context, username, password string) (string, Account, error) {
	wrong := Errorf(ErrUnauthorized, "用户名或密码错误", "wrong user name or password")
	a, locked, err := e.countAttempt(ctx, NormalizeUsername(username))
	switch {
	case errors.Is(err, ErrNotFound):
		// The same time as for a real account (a dummy hash is never right).
		if err := e.checkPassword(ctx, dummyHash, password); err != nil && !errors.Is(err, errWrongPassword) {
			return "", Account{}, err
		}
		return "", Account{}, wrong
	case err != nil:
		return "", Account{}, err
	case locked:
		mins := int(a.LockedUntil.Sub(e.now().UTC()).Minutes()) + 1
		return "", Account{}, Errorf(ErrUnauthorized, fmt.Sprintf("连续登录失败次数过多，账号已锁定，请 %d 分钟后再试或联系管理员重置密码", mins),
			"account locked until %s after %d failed sign-ins", a.LockedUntil.Format(time.RFC3339), a.Failed)
	}
	if err := e.checkPassword(ctx, a.PasswordHash, password); err != nil {
		if !errors.Is(err, errWrongPassword) {
			return "", Account{}, err
		}
		if a.Failed >= MaxFailedSignIns {
			return "", Account{}, Errorf(ErrUnauthorized, fmt.Sprintf("连续 %d 次登录失败，账号已锁定 %d 分钟", a.Failed, int(LockDuration.Minutes())), "account locked after %d failed sign-ins", a.Failed)
		}
		return "", Account{}, wrong
	}
	if a, err = e.signedIn(ctx, a.ID); err != nil {
		return "", Account{}, err
	}
	now := e.now().UTC()
	secret := randomSecret()
	s := Session{Hash: hashSecret(secret), AccountID: a.ID, Created: now, Expires: now.Add(SessionTTL)}
	if err := e.store.PutSession(ctx, s); err != nil {
		return "", Account{}, err
	}
	return secret, a, nil
}

// SessionViewer returns the viewer of a session secret and its account,
// or an error wrapping ErrUnauthorized when the session is unknown,
// expired or its account gone.
func (e *Engine) SessionViewer(ctx context.Context, secret string) (Viewer, Account, error) {
	expired := Errorf(ErrUnauthorized, "登录已过期，请重新登录", "unknown or expired session")
	if secret == "" {
		return Viewer{}, Account{}, expired
	}
	s, err := e.store.SessionByHash(ctx, hashSecret(secret))
	if err != nil {
		return Viewer{}, Account{}, expired
	}
	if !e.now().Before(s.Expires) {
		e.store.DeleteSession(ctx, s.Hash)
		return Viewer{}, Account{}, expired
	}
	a, err := e.store.Account(ctx, s.AccountID)
	if err != nil {
		return Viewer{}, Account{}, expired
	}
	return Viewer{Role: a.Role, Subject: a.Subject, Account: a.ID}, a, nil
}

// SignOut ends the session of secret; an unknown session is no error.
func (e *Engine) SignOut(ctx context.Context, secret string) error {
	if secret == "" {
		return nil
	}
	return e.store.DeleteSession(ctx, hashSecret(secret))
}

// CSRFToken returns the token a page must send with every change it asks
// for under the session of secret. It is derived from the secret, so it
// is not stored, and another site, which cannot read the cookie nor the
// pages' answers, cannot know it.
func CSRFToken(secret string) string {
	return hashSecret("csrf\x00" + secret)[:32]
}

// CheckCSRF reports whether token is the CSRF token of secret.
func CheckCSRF(secret, token string) bool {
	return subtle.ConstantTimeCompare([]byte(CSRFToken(secret)), []byte(token)) == 1
}

// Argon2id parameters (RFC 9106's second recommendation scaled to a small
// server: 19 MiB, two passes).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// countAttempt counts a sign-in to the account of username as failed
// (locking it at MaxFailedSignIns) unless it is locked already, and
// returns the account as counted.
func (e *Engine) countAttempt(ctx context.Context, username string) (a Account, locked bool, err error) {
	e.accountMu.Lock()
	defer e.accountMu.Unlock()
	if a, err = e.store.AccountByUsername(ctx, username); err != nil {
		return a, false, err
	}
	now := e.now().UTC()
	if now.Before(a.LockedUntil) {
		return a, true, nil
	}
	a.Failed++
	if a.Failed >= MaxFailedSignIns {
		a.LockedUntil = now.Add(LockDuration)
	}
	return a, false, e.store.PutAccount(ctx, a)
}

// signedIn clears the failures of an account whose password was right.
func (e *Engine) signedIn(ctx context.Context, id string) (Account, error) {
	e.accountMu.Lock()
	defer e.accountMu.Unlock()
	a, err := e.store.Account(ctx, id)
	if err != nil {
		return a, err
	}
	a.Failed, a.LockedUntil = 0, time.Time{}
	return a, e.store.PutAccount(ctx, a)
}

// errWrongPassword is checkPassword's answer to a wrong password.
var errWrongPassword = errors.New("wrong password")

// signInWait is how long a sign-in waits for its turn to check a password.
const signInWait = 5 * time.Second

// checkPassword checks p against hash when one of the sign-in places is
// free (ErrUnavailable after signInWait): a crowd of sign-ins queues
// instead of taking 19 MiB each at once.
func (e *Engine) checkPassword(ctx context.Context, hash, p string) error {
	wait := time.NewTimer(signInWait)
	defer wait.Stop()
	select {
	case e.signIns <- struct{}{}:
	case <-wait.C:
		return Errorf(ErrUnavailable, "登录的人较多，请稍后再试", "no sign-in place free in %s", signInWait)
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-e.signIns }()
	if !verifyPassword(hash, p) {
		return errWrongPassword
	}
	return nil
}

// dummyHash is verified against when the user name is unknown, so that
// the answer takes as long as for a known one.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$9woFpXdmgK4fk2L7ULXJ7A$n1z5puU71i/bZj45A0iijqwuNATDT6idw/MeH5YkqhU"

func hashPassword(p string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(p), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// verifyPassword checks p against a hash made by hashPassword, with the
// parameters the hash records.
func verifyPassword(hash, p string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &threads); err != nil || m == 0 || m > 1<<20 || t == 0 || t > 10 || threads == 0 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(p), salt, t, m, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func randomSecret() string {
	var raw [32]byte
	rand.Read(raw[:])
	return base64.RawURLEncoding.EncodeToString(raw[:])
}

// Account returns the account with id.
func (e *Engine) Account(ctx context.Context, id string) (Account, error) {
	return e.store.Account(ctx, id)
}
