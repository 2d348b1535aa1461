package engine

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"
)

// Role is what a token may do.
type Role string

// Roles. A company token is bound to one enterprise, a team or expert
// token to one profile.
const (
	RoleAdmin   Role = "admin"
	RoleAnalyst Role = "analyst"
	RoleCompany Role = "company"
	RoleTeam    Role = "team"
	RoleExpert  Role = "expert"
)

// Roles returns every role.
func Roles() []Role { return []Role{RoleAdmin, RoleAnalyst, RoleCompany, RoleTeam, RoleExpert} }

// Token is a bearer token as stored: never the secret, only its hash.
type Token struct {
	// ID is the first 12 hex digits of the hash: enough to name the token
	// in 'yxq token revoke', useless for signing in.
	ID      string    `json:"id"`
	Hash    string    `json:"hash"` // hex SHA-256 of the secret
	Role    Role      `json:"role"`
	Subject string    `json:"subject,omitempty"` // enterprise or profile ID
	Name    string    `json:"name,omitempty"`
	Created time.Time `json:"created"`
}

// Viewer is who is asking: the role and subject of a valid token.
type Viewer struct {
	Role    Role
	Subject string
	Account string // the account's ID when signed in with a password
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a random token for role and subject and stores its
// hash; the secret is returned once and never stored.
func (e *Engine) CreateToken(ctx context.Context, role Role, subject, name string) (secret string, t Token, err error) {
	switch role {
	case RoleAdmin, RoleAnalyst:
	case RoleCompany:
		if subject == "" {
			return "", Token{}, invalidf("a company token needs the enterprise it acts for")
		}
	case RoleTeam, RoleExpert:
		p, err := e.store.Profile(ctx, subject)
		if err != nil {
			return "", Token{}, fmt.Errorf("token for %s: %w", subject, err)
		}
		if string(p.Kind) != string(role) {
			return "", Token{}, invalidf("profile %s is a %s, not a %s", subject, p.Kind, role)
		}
	default:
		return "", Token{}, invalidf("role %q is not admin, analyst, company, team or expert", role)
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", Token{}, err
	}
	secret = "yxq_" + base64.RawURLEncoding.EncodeToString(raw[:])
	h := hashSecret(secret)
	t = Token{ID: h[:12], Hash: h, Role: role, Subject: subject, Name: name, Created: e.now().UTC()}
	if err := e.store.PutToken(ctx, t); err != nil {
		return "", Token{}, err
	}
	return secret, t, nil
}

// Authenticate returns the viewer of a bearer token secret, or an error
// wrapping ErrUnauthorized.
func (e *Engine) Authenticate(ctx context.Context, secret string) (Viewer, error) {
	if secret == "" {
		return Viewer{}, ErrUnauthorized
	}
	h := hashSecret(secret)
	t, err := e.store.TokenByHash(ctx, h)
	if err != nil {
		return Viewer{}, ErrUnauthorized
	}
	// The lookup is by hash; compare again in constant time all the same.
	if subtle.ConstantTimeCompare([]byte(t.Hash), []byte(h)) != 1 {
		return Viewer{}, ErrUnauthorized
	}
	return Viewer{Role: t.Role, Subject: t.Subject}, nil
}

// RevokeToken deletes the token with id.
func (e *Engine) RevokeToken(ctx context.Context, id string) error {
	return e.store.DeleteToken(ctx, id)
}

// Tokens lists the stored tokens (hashes, never secrets).
func (e *Engine) Tokens(ctx context.Context) ([]Token, error) {
	var out []Token
	err := e.store.EachToken(ctx, func(t Token) error { out = append(out, t); return nil })
	return out, err
}
