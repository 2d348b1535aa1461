package engine_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"yixianqian/engine"
	"yixianqian/engine/enginetest"
)

func TestAccountSignInSessionsAndLockout(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	f := enginetest.New(t, &engine.Options{Now: func() time.Time { return now }})
	eng, ctx := f.Engine, context.Background()
	admin := engine.Viewer{Role: engine.RoleAdmin}
	a, err := eng.CreateAccount(ctx, admin, engine.AccountInput{Username: " ZhangMin ", Name: "张敏", Role: engine.RoleAnalyst, Password: "correct-horse-1"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Username != "zhangmin" || !strings.HasPrefix(a.PasswordHash, "$argon2id$") || strings.Contains(a.PasswordHash, "correct-horse") {
		t.Fatalf("stored account %+v", a)
	}
	if _, err := eng.CreateAccount(ctx, admin, engine.AccountInput{Username: "zhangmin", Role: engine.RoleAnalyst, Password: "another-pass"}); !errors.Is(err, engine.ErrConflict) {
		t.Errorf("second zhangmin: %v, want ErrConflict", err)
	}
	if _, err := eng.CreateAccount(ctx, engine.Viewer{Role: engine.RoleAnalyst}, engine.AccountInput{Username: "x1", Role: engine.RoleAdmin, Password: "12345678"}); !errors.Is(err, engine.ErrForbidden) {
		t.Errorf("analyst creating an account: %v, want ErrForbidden", err)
	}
	if _, err := eng.CreateAccount(ctx, admin, engine.AccountInput{Username: "short", Role: engine.RoleAnalyst, Password: "1234"}); engine.Message(err) == "" {
		t.Errorf("short password: %v, want a Chinese refusal", err)
	}

	secret, _, err := eng.SignIn(ctx, "ZHANGMIN", "correct-horse-1")
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := eng.SessionViewer(ctx, secret)
	if err != nil || v.Role != engine.RoleAnalyst || v.Account != a.ID {
		t.Fatalf("session viewer %+v %v", v, err)
	}
	if !engine.CheckCSRF(secret, engine.CSRFToken(secret)) || engine.CheckCSRF(secret, engine.CSRFToken(secret+"x")) {
		t.Error("CSRF token check")
	}

	// Four wrong passwords are refused; the fifth locks, and then even the
	// right password is refused until the lock ends.
	for i := 1; i <= engine.MaxFailedSignIns; i++ {
		_, _, err := eng.SignIn(ctx, "zhangmin", "wrong-password")
		if !errors.Is(err, engine.ErrUnauthorized) {
			t.Fatalf("wrong password %d: %v", i, err)
		}
		if i == engine.MaxFailedSignIns && !strings.Contains(engine.Message(err), "锁定") {
			t.Errorf("failure %d: %q, want the lock said", i, engine.Message(err))
		}
	}
	if _, _, err := eng.SignIn(ctx, "zhangmin", "correct-horse-1"); !strings.Contains(engine.Message(err), "锁定") {
		t.Errorf("right password while locked: %v", err)
	}
	now = now.Add(engine.LockDuration + time.Second)
	if _, _, err := eng.SignIn(ctx, "zhangmin", "correct-horse-1"); err != nil {
		t.Errorf("after the lock: %v", err)
	}

	// Changing one's password ends the other sessions.
	if err := eng.ChangePassword(ctx, v, "wrong", "new-password-2"); engine.Message(err) != "当前密码不正确" {
		t.Errorf("change with a wrong current password: %v", err)
	}
	if err := eng.ChangePassword(ctx, v, "correct-horse-1", "new-password-2"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := eng.SessionViewer(ctx, secret); !errors.Is(err, engine.ErrUnauthorized) {
		t.Errorf("old session after a password change: %v", err)
	}
	if _, _, err := eng.SignIn(ctx, "zhangmin", "new-password-2"); err != nil {
		t.Errorf("new password: %v", err)
	}

	// Sessions expire and end at sign-out.
	s2, _, _ := eng.SignIn(ctx, "zhangmin", "new-password-2")
	if err := eng.SignOut(ctx, s2); err != nil {
		t.Fatal(err)
	}
	if _, _, err := eng.SessionViewer(ctx, s2); err == nil {
		t.Error("session alive after sign-out")
	}
	s3, _, _ := eng.SignIn(ctx, "zhangmin", "new-password-2")
	now = now.Add(engine.SessionTTL)
	if _, _, err := eng.SessionViewer(ctx, s3); err == nil {
		t.Error("session alive after its expiry")
	}
	if _, _, err := eng.SignIn(ctx, "nobody", "new-password-2"); engine.Message(err) != "用户名或密码错误" {
		t.Errorf("unknown user: %v", err)
	}
}

func TestAccountSubjectsAndReset(t *testing.T) {
	f := learnedDemo(t)
	ctx := context.Background()
	admin := engine.Viewer{Role: engine.RoleAdmin}
	if _, err := f.eng.CreateAccount(ctx, admin, engine.AccountInput{Username: "t1", Role: engine.RoleTeam, Subject: "exp-001", Password: "12345678"}); !errors.Is(err, engine.ErrInvalid) {
		t.Errorf("team account on an expert profile: %v", err)
	}
	if _, err := f.eng.CreateAccount(ctx, admin, engine.AccountInput{Username: "c1", Role: engine.RoleCompany, Password: "12345678"}); !errors.Is(err, engine.ErrInvalid) {
		t.Errorf("company account without its enterprise: %v", err)
	}
	a, err := f.eng.CreateAccount(ctx, admin, engine.AccountInput{Username: "13800000001", Name: "王工", Role: engine.RoleTeam, Subject: "team-01", Password: "12345678"})
	if err != nil {
		t.Fatal(err)
	}
	for range engine.MaxFailedSignIns {
		f.eng.SignIn(ctx, "13800000001", "bad-password")
	}
	if err := f.eng.ResetPassword(ctx, engine.Viewer{Role: engine.RoleAnalyst}, a.ID, "87654321"); !errors.Is(err, engine.ErrForbidden) {
		t.Errorf("analyst resets a password: %v", err)
	}
	if err := f.eng.ResetPassword(ctx, admin, a.ID, "87654321"); err != nil {
		t.Fatal(err)
	}
	secret, _, err := f.eng.SignIn(ctx, "13800000001", "87654321")
	if err != nil {
		t.Fatalf("after a reset the account is unlocked: %v", err)
	}
	v, _, _ := f.eng.SessionViewer(ctx, secret)
	if v.Role != engine.RoleTeam || v.Subject != "team-01" {
		t.Errorf("team viewer %+v", v)
	}
	list, err := f.eng.Accounts(ctx, admin)
	if err != nil || len(list) != 1 || list[0].Name != "王工" {
		t.Errorf("accounts %+v %v", list, err)
	}
}

// TestLockoutHoldsAgainstAttemptsAtOnce sends many wrong passwords at once
// and then the right one: the lock must hold, as it does for attempts one
// after another (each attempt is counted before its password is checked).
func TestLockoutHoldsAgainstAttemptsAtOnce(t *testing.T) {
	f := enginetest.New(t, nil)
	eng, ctx := f.Engine, context.Background()
	if _, err := eng.CreateAccount(ctx, engine.Viewer{Role: engine.RoleAdmin}, engine.AccountInput{Username: "lijun", Name: "李军", Role: engine.RoleAnalyst, Password: "right-password-9"}); err != nil {
		t.Fatal(err)
	}
	const attempts = 24
	errs := make(chan error, attempts)
	for i := range attempts {
		go func() {
			_, _, err := eng.SignIn(ctx, "lijun", fmt.Sprintf("wrong-%d", i))
			errs <- err
		}()
	}
	for range attempts {
		if err := <-errs; err == nil {
			t.Fatal("a wrong password signed in")
		}
	}
	if _, _, err := eng.SignIn(ctx, "lijun", "right-password-9"); !strings.Contains(engine.Message(err), "锁定") {
		t.Errorf("right password after %d wrong ones at once: %v, want the account locked", attempts, err)
	}
}
