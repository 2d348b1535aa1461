package engine_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yixianqian/engine"
)

func TestTokens(t *testing.T) {
	f := mustFixture(t, t.TempDir())
	mustDemo(t, f)
	ctx := context.Background()
	secret, tok, err := f.eng.CreateToken(ctx, engine.RoleTeam, "team-01", "demo")
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.eng.Authenticate(ctx, secret)
	if err != nil || v.Role != engine.RoleTeam || v.Subject != "team-01" {
		t.Fatalf("Authenticate = %+v, %v", v, err)
	}
	// The secret is stored nowhere, only its hash.
	f.close()
	raw, err := os.ReadFile(filepath.Join(f.dir, "yxq.db"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), strings.TrimPrefix(secret, "yxq_")) {
		t.Fatal("the token secret is in the data file")
	}
	g := mustFixture(t, f.dir)
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
