package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// browser starts Debian's chromium headless for one test, with a window of
// width × height, and returns a chromedp context bounded to 60 s.
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium not found: run 'bash .ci/run', which installs it, or apt-get install chromium fonts-wqy-zenhei")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	return ctx
}

// screenshot saves the page under the test's temp dir.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(t.TempDir(), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("YXQ_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	t.Logf("screenshot %s", path)
}

// textInto reads the text of the element sel into dst.
func textInto(sel string, dst *string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		v, err := chromedp.Text(chromedp.CSS(sel))(ctx, t)
		*dst = v
		return chromedp.Void{}, err
	}
}

// evalInto evaluates a JavaScript expression into dst.
func evalInto[T any](expr string, dst *T) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		v, err := chromedp.Evaluate[T](expr)(ctx, t)
		*dst = v
		return chromedp.Void{}, err
	}
}

// waitTrue waits until a JavaScript expression is true.
func waitTrue(expr string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Poll[bool](expr)(ctx, t)
		return chromedp.Void{}, err
	}
}

func signIn(base, token string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#token")),
		chromedp.SendKeys(chromedp.CSS("#token"), token),
		chromedp.Click(chromedp.CSS("#signin-form button")),
	)
}

func TestWebCompanySubmitsAndSeesHighlightedMatches(t *testing.T) {
	base, out := startServe(t, "--data", filepath.Join(t.TempDir(), "data"))
	ctx := browser(t, 1280, 1000)
	var results, needs string
	var marks int
	err := chromedp.Do(ctx, signIn(base, demoTokens(out)["company"]),
		chromedp.WaitVisible(chromedp.CSS("#need-form")),
		chromedp.SendKeys(chromedp.CSS("#title"), "注塑模具冷却不均"),
		chromedp.SendKeys(chromedp.CSS("#description"), "我司汽车保险杠注塑模具冷却不均导致翘曲变形，希望优化随形冷却水路"),
		chromedp.SetValue(chromedp.CSS("#industry"), "模具与塑料"),
		chromedp.SetValue(chromedp.CSS("#county"), "黄岩区"),
		chromedp.Click(chromedp.CSS("#need-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#results .match mark")),
		textInto("#results", &results),
		evalInto(`document.querySelectorAll("#results mark").length`, &marks),
		chromedp.WaitVisible(chromedp.CSS("#my-needs table")),
		textInto("#my-needs", &needs),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "company-matches")
	for _, want := range []string{"个匹配", "得分", "匹配词", "模具"} {
		if !strings.Contains(results, want) {
			t.Errorf("matches lack %q:\n%s", want, results)
		}
	}
	if marks == 0 {
		t.Error("no highlighted term in the matches")
	}
	if !strings.Contains(needs, "注塑模具冷却不均") || !strings.Contains(needs, "已提交") {
		t.Errorf("own needs list:\n%s", needs)
	}
}

func TestWebCompanyCannotSeeAnotherCompanysNeed(t *testing.T) {
	base, out := startServe(t, "--data", filepath.Join(t.TempDir(), "data"))
	ctx := browser(t, 390, 844) // a phone
	var text string
	// Keyboard only: type the token and press Enter.
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#token")),
		chromedp.SendKeys(chromedp.CSS("#token"), demoTokens(out)["company"]+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("#need-form")),
		chromedp.Navigate(base+"/#/need/need-002"),
		chromedp.WaitVisible(chromedp.CSS("#results .error")),
		textInto("#results", &text),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "company-phone-forbidden")
	if !strings.Contains(text, "未找到该需求，或您无权查看") {
		t.Errorf("another company's need: %q", text)
	}
	var own string
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/#/need/need-001"), chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS("#results .match")), textInto("#results", &own)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(own, "need-001") {
		t.Errorf("own need: %q", own)
	}
}

func TestWebTeamAcceptsAssignedRequest(t *testing.T) {
	base, out := startServe(t, "--data", filepath.Join(t.TempDir(), "data"))
	tokens := demoTokens(out)
	var res struct{ Status string }
	if code := getJSONAs(t, tokens["analyst"], "POST", base+"/v1/needs/need-001/assign", `{"profile_id":"team-01"}`, &res); code != 200 {
		t.Fatalf("assign: %d", code)
	}
	ctx := browser(t, 1280, 900)
	var before, after string
	err := chromedp.Do(ctx, signIn(base, tokens["team"]),
		chromedp.WaitVisible(chromedp.CSS(`#assigned [data-need="need-001"] button`)),
		textInto("#assigned", &before),
		chromedp.Click(chromedp.CSS(`#assigned [data-need="need-001"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#assigned [data-need="need-001"] input[placeholder="进展说明"]`)),
		textInto("#assigned", &after),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "team-accepted")
	if !strings.Contains(before, "指派状态：已指派") || !strings.Contains(after, "指派状态：已接受") {
		t.Errorf("before:\n%s\nafter:\n%s", before, after)
	}
	var need struct{ Status string }
	getJSONAs(t, tokens["analyst"], "GET", base+"/v1/needs/need-001", "", &need)
	if need.Status != "accepted" {
		t.Errorf("need status after accepting in the page: %s", need.Status)
	}
}

func TestWebAnalystRunsBatchDryRun(t *testing.T) {
	base, out := startServe(t, "--data", filepath.Join(t.TempDir(), "data"))
	ctx := browser(t, 1280, 1000)
	var text string
	err := chromedp.Do(ctx, signIn(base, demoTokens(out)["analyst"]),
		chromedp.WaitVisible(chromedp.CSS("#view table")),
		chromedp.Navigate(base+"/#/batch"),
		chromedp.WaitVisible(chromedp.CSS("#dry-run")),
		chromedp.SetValue(chromedp.CSS("#month"), "2026-12"),
		chromedp.Click(chromedp.CSS("#dry-run")),
		chromedp.WaitVisible(chromedp.CSS("#pairs")),
		textInto("#batch-result", &text),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "analyst-batch")
	for _, want := range []string{"试算（未指派）", "60 条待指派需求", "可行性", "配对"} {
		if !strings.Contains(text, want) {
			t.Errorf("batch page lacks %q:\n%.500s", want, text)
		}
	}
	// A dry run changes nothing.
	var need struct{ Status string }
	getJSONAs(t, demoTokens(out)["analyst"], "GET", base+"/v1/needs/need-001", "", &need)
	if need.Status != "submitted" {
		t.Errorf("after a dry run need-001 is %s", need.Status)
	}
}

func TestWebAnalystChangesDictionary(t *testing.T) {
	base, out := startServe(t, "--data", filepath.Join(t.TempDir(), "data"))
	ctx := browser(t, 1280, 900)
	var status string
	err := chromedp.Do(ctx, signIn(base, demoTokens(out)["analyst"]),
		chromedp.WaitVisible(chromedp.CSS("#view table")),
		chromedp.Navigate(base+"/#/dictionary"),
		chromedp.WaitVisible(chromedp.CSS("#dict-save")),
		chromedp.SendKeys(chromedp.CSS("#dict-words"), "汇流泵 3000 n"),
		chromedp.SendKeys(chromedp.CSS("#dict-synonyms"), "汇流泵 = 屏蔽泵"),
		chromedp.Click(chromedp.CSS("#dict-save")),
		chromedp.WaitVisible(chromedp.CSS("#dict-status.ok")),
		waitTrue(`document.getElementById("dict-status").textContent.includes("已全部生效")`),
		textInto("#dict-status", &status),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "analyst-dictionary")
	if !strings.Contains(status, "词典版本 1") {
		t.Errorf("status %q", status)
	}
	var d struct {
		Dictionary struct {
			Version  int
			Synonyms [][]string
		}
	}
	getJSONAs(t, demoTokens(out)["analyst"], "GET", base+"/v1/dictionary", "", &d)
	if d.Dictionary.Version != 1 || len(d.Dictionary.Synonyms) != 1 {
		t.Errorf("stored dictionary %+v", d)
	}
}
