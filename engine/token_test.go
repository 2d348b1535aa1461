package engine_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"yixianqian/engine"
)

func TestTokens(t *testing.T) {
	f := learnedDemo(t)
	ctx := context.Background()
	secret, tok, err := f.eng.CreateToken(ctx, engine.RoleTeam, "team-01", "demo")
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.eng.Authenticate(ctx, secret)
	if err != nil || v.Role != engine.RoleTeam || v.Subject != "team-01" {
		t.Fatalf("Authenticate = %+v, %v", v, err)
	}
	// The secret is given to the store nowhere, only its hash.
	var raw strings.Builder
	if _, err := f.store.Backup(&raw); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(raw.String(), tok.Hash) || strings.Contains(raw.String(), strings.TrimPrefix(secret, "yxq_")) {
		t.Fatal("the store holds the token secret, or not its hash")
	}
	g := &fixture{eng: engine.New(f.store, f.search, nil)}
	if _, err := g.eng.Authenticate(ctx, secret); err != nil {
		t.Errorf("after reopen: %v", err)
	}
	if err := g.eng.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := g.eng.Authenticate(ctx, secret); !errors.Is(err, engine.ErrUnauthorized) {
		t.Errorf("revoked token: %v, want ErrUnauthorized", err)
	}
	for _, bad := range []struct {
		role    engine.Role
		subject string
	}{{"root", ""}, {engine.RoleCompany, ""}, {engine.RoleTeam, "exp-001"}, {engine.RoleExpert, "nobody"}} {
		if _, _, err := g.eng.CreateToken(ctx, bad.role, bad.subject, ""); err == nil {
			t.Errorf("CreateToken(%s, %q) succeeded", bad.role, bad.subject)
		}
	}
	if _, err := g.eng.Authenticate(ctx, "yxq_guess"); !errors.Is(err, engine.ErrUnauthorized) {
		t.Errorf("unknown secret: %v", err)
	}
}
