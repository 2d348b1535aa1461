package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The browser tests walk the pages as each role would, in Debian's
// chromium, on one demo server: one browser process, a fresh browser
// context (own cookies) per walk. With YXQ_SCREENSHOTS=DIR they save a
// screenshot of every page at 1280 and 390 px there.

var accountRE = regexp.MustCompile(`(?m)^account (\w+) (\S+) (\S+)$`)

// demoAccounts reads the "account <role> <user> <password>" lines.
func demoAccounts(out string) map[string][2]string {
	m := map[string][2]string{}
	for _, sub := range accountRE.FindAllStringSubmatch(out, -1) {
		m[sub[1]] = [2]string{sub[2], sub[3]}
	}
	return m
}

// rawID matches what an ID looks like in the demo data; people must not
// read one in a header or a plan.
var rawID = regexp.MustCompile(`\b(need|exp|team|soc|acct)-[0-9a-f]`)

type webSite struct {
	base     string
	tokens   map[string]string
	accounts map[string][2]string
	browser  context.Context
}

// startWeb starts the demo server and one headless chromium.
func startWeb(t *testing.T) *webSite {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium not found: run 'bash .ci/run', which installs it, or apt-get install chromium fonts-wqy-zenhei")
	}
	base, out := startServe(t, "--data", filepath.Join(t.TempDir(), "data"))
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "zh-CN"),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(browser); err != nil {
		t.Fatal(err)
	}
	return &webSite{base: base, tokens: demoTokens(out), accounts: demoAccounts(out), browser: browser}
}

// tab opens a page in a new browser context: 1280 × 900 on a desktop, or a
// phone (390 × 844, mobile emulation) when phone is set. A script error in
// the page fails the test.
func (w *webSite) tab(t *testing.T, phone bool) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(w.browser, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 45*time.Second)
	var mu sync.Mutex
	var errs []string
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		mu.Lock()
		defer mu.Unlock()
		for _, e := range errs {
			t.Errorf("script error in the page: %s", e)
		}
	})
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			mu.Lock()
			errs = append(errs, exceptionText(e.ExceptionDetails))
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	view := chromedp.EmulateViewport(1280, 900)
	if phone {
		view = chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)
	}
	if err := chromedp.Do(ctx, view); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// shot saves a full-page screenshot under $YXQ_SCREENSHOTS, when set.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("YXQ_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
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

// jsDo evaluates a JavaScript statement for its effect.
func jsDo(expr string) chromedp.Action[chromedp.Void] {
	var v any
	return evalInto(expr+"; true", &v)
}

// hasHan reports whether s holds Chinese.
func hasHan(s string) bool { return regexp.MustCompile(`\p{Han}`).MatchString(s) }

func exceptionText(d *runtime.ExceptionDetails) string {
	if d.Exception != nil && d.Exception.Description != "" {
		return d.Exception.Description
	}
	return d.Text
}

// waitTrue waits until a JavaScript expression is true.
func waitTrue(expr string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Poll[bool](expr)(ctx, t)
		return chromedp.Void{}, err
	}
}

// signIn signs in with a user name and password and waits for the header.
func (w *webSite) signIn(role string) chromedp.Action[chromedp.Void] {
	acc := w.accounts[role]
	return chromedp.Steps(
		chromedp.Navigate(w.base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), acc[0]),
		chromedp.SendKeys(chromedp.CSS("#password"), acc[1]),
		chromedp.Click(chromedp.CSS("#signin-submit")),
		chromedp.WaitVisible(chromedp.CSS("#who-name")),
	)
}

// visit opens a page of the app and waits for sel.
func (w *webSite) visit(hash, sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		jsDo(fmt.Sprintf("location.hash = %q", hash)),
		chromedp.WaitVisible(chromedp.CSS(sel)),
	)
}

// header returns who the header says is signed in.
func header(t *testing.T, ctx context.Context) string {
	t.Helper()
	var who string
	if err := chromedp.Do(ctx, textInto("#who", &who)); err != nil {
		t.Fatal(err)
	}
	if rawID.MatchString(who) {
		t.Errorf("the header shows an ID: %q", who)
	}
	return who
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestWebWalks(t *testing.T) {
	w := startWeb(t)
	analyst := w.tokens["analyst"]
	// need-001 is the demo company's; team-01 gets it, to answer it.
	var a struct{ Status string }
	if code := getJSONAs(t, analyst, "POST", w.base+"/v1/needs/need-001/assign", `{"profile_id":"team-01"}`, &a); code != 200 {
		t.Fatalf("assign need-001 to team-01: %d", code)
	}
	t.Run("SignInAndLockout", w.signInAndLockout)
	t.Run("Staff", w.staffWalk)
	t.Run("Team", w.teamWalk)
	t.Run("Company", w.companyWalk)
	t.Run("Expert", w.expertWalk)
	t.Run("Phone", w.phoneWalks)
	t.Run("Pairing", w.pairingWalk)
	t.Run("Package", w.packageWalk)
}

func (w *webSite) signInAndLockout(t *testing.T) {
	var made struct{ ID string }
	if code := getJSONAs(t, w.tokens["admin"], "POST", w.base+"/v1/accounts",
		`{"username":"13905761234","name":"林海","role":"company","subject":"台州市黄岩精工模塑有限公司","password":"linhai-2026"}`, &made); code != 201 {
		t.Fatalf("create account: %d", code)
	}
	ctx := w.tab(t, false)
	try := func(password string) string {
		var msg string
		must(t, chromedp.Do(ctx,
			chromedp.SetValue(chromedp.CSS("#username"), "13905761234"),
			chromedp.SetValue(chromedp.CSS("#password"), password),
			jsDo(`document.getElementById("signin-error").textContent = ""`),
			chromedp.Click(chromedp.CSS("#signin-submit")),
			waitTrue(`document.getElementById("signin-error").textContent !== ""`),
			textInto("#signin-error", &msg)))
		return msg
	}
	must(t, chromedp.Do(ctx, chromedp.Navigate(w.base+"/"), chromedp.WaitVisible(chromedp.CSS("#username"))))
	shot(t, ctx, "signin-1280")
	if msg := try("wrong-one"); !strings.Contains(msg, "用户名或密码错误") {
		t.Errorf("first wrong password: %q", msg)
	}
	for range 3 {
		try("wrong-one")
	}
	if msg := try("wrong-one"); !strings.Contains(msg, "锁定") {
		t.Errorf("fifth wrong password: %q", msg)
	}
	if msg := try("linhai-2026"); !strings.Contains(msg, "锁定") {
		t.Errorf("the right password while locked: %q", msg)
	}
	shot(t, ctx, "signin-locked-1280")
	var cls string
	must(t, chromedp.Do(ctx, evalInto(`document.getElementById("signin-error").className`, &cls)))
	if !strings.Contains(cls, "error") {
		t.Errorf("a refusal styled as %q", cls)
	}
	// The admin resets the password; the account is unlocked.
	if code := getJSONAs(t, w.tokens["admin"], "POST", w.base+"/v1/accounts/"+made.ID+"/password", `{"password":"linhai-2027"}`, nil); code != 200 {
		t.Fatalf("reset: %d", code)
	}
	must(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#username"), "13905761234"),
		chromedp.SetValue(chromedp.CSS("#password"), "linhai-2027"),
		chromedp.Click(chromedp.CSS("#signin-submit")),
		chromedp.WaitVisible(chromedp.CSS("#need-form"))))
	if who := header(t, ctx); !strings.Contains(who, "台州市黄岩精工模塑有限公司") {
		t.Errorf("header after sign-in: %q", who)
	}
}

func (w *webSite) staffWalk(t *testing.T) {
	ctx := w.tab(t, false)
	must(t, chromedp.Do(ctx, w.signIn("analyst"), chromedp.WaitVisible(chromedp.CSS("#needs-table"))))
	if who := header(t, ctx); !strings.Contains(who, "陈晓雯") || !strings.Contains(who, "科协工作人员") {
		t.Errorf("staff header %q", who)
	}
	var heads string
	var rows int
	must(t, chromedp.Do(ctx, textInto("#needs-table thead", &heads), evalInto(`document.querySelectorAll("#needs-table tbody tr").length`, &rows)))
	if !strings.Contains(heads, "企业") || !strings.Contains(heads, "状态") || rows != 20 {
		t.Errorf("needs table: headers %q, %d rows (want 20 a page)", heads, rows)
	}
	shot(t, ctx, "staff-needs-1280")
	// Filter by status: only assigned needs are left (need-001).
	must(t, chromedp.Do(ctx, w.visit("#/needs?status=assigned", `#needs-table tr[data-need="need-001"]`),
		evalInto(`document.querySelectorAll("#needs-table tbody tr").length`, &rows)))
	if rows != 1 {
		t.Errorf("assigned needs listed: %d, want 1", rows)
	}
	// Match and assign beside the need, with a confirmation.
	var panel, msg string
	must(t, chromedp.Do(ctx, w.visit("#/need/need-003?match=1", "#results .match .assign"),
		textInto("#assign-panel", &panel)))
	for _, want := range []string{"匹配", "详细"} {
		if !strings.Contains(panel, want) {
			t.Errorf("assign panel lacks %q", want)
		}
	}
	var cards int
	must(t, chromedp.Do(ctx, evalInto(`document.querySelectorAll("#results .match").length`, &cards)))
	if cards != 5 {
		t.Errorf("%d match cards before 更多, want 5", cards)
	}
	shot(t, ctx, "staff-need-1280")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#results .match .assign")),
		chromedp.WaitVisible(chromedp.CSS("#confirm-yes")), chromedp.Click(chromedp.CSS("#confirm-yes")),
		waitTrue(`document.querySelector("#assign-msg").textContent.includes("已指派给")`), textInto("#assign-msg", &msg),
		chromedp.WaitVisible(chromedp.CSS("#suppliers li"))))
	if rawID.MatchString(msg) {
		t.Errorf("assign message shows an ID: %q", msg)
	}
	// Assigning the same supplier again is refused in Chinese.
	must(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#results .match .assign")),
		evalInto(`document.querySelector("#suppliers li strong").textContent`, &msg)))
	must(t, chromedp.Do(ctx, jsDo(`[...document.querySelectorAll("#results .match")].find(m => m.querySelector("h3").textContent === `+fmt.Sprintf("%q", msg)+`).querySelector(".assign").click()`),
		chromedp.WaitVisible(chromedp.CSS("#confirm-yes")), chromedp.Click(chromedp.CSS("#confirm-yes")),
		chromedp.WaitVisible(chromedp.CSS("#assign-msg.error")), textInto("#assign-msg", &msg)))
	if !strings.Contains(msg, "已指派给") || !hasHan(msg) {
		t.Errorf("refused assignment: %q", msg)
	}
	// The batch plan names needs and suppliers; applying asks first.
	var plan string
	must(t, chromedp.Do(ctx, w.visit("#/batch", "#dry-run"), chromedp.SetValue(chromedp.CSS("#month"), "2026-12"),
		chromedp.Click(chromedp.CSS("#dry-run")), chromedp.WaitVisible(chromedp.CSS("#pairs")), textInto("#batch-result", &plan)))
	if !strings.Contains(plan, "试算（尚未指派）") || !strings.Contains(plan, "理由") || rawID.MatchString(plan) {
		t.Errorf("batch plan:\n%.800s", plan)
	}
	shot(t, ctx, "staff-batch-1280")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#apply")), chromedp.WaitVisible(chromedp.CSS("#confirm-no")),
		chromedp.Click(chromedp.CSS("#confirm-no"))))
	var need struct{ Status string }
	getJSONAs(t, w.tokens["analyst"], "GET", w.base+"/v1/needs/need-005", "", &need)
	if need.Status != "submitted" {
		t.Errorf("after cancelling the batch need-005 is %s", need.Status)
	}
	// The statistics are pictures with their data.
	var bars, sum, tiles int
	var report string
	must(t, chromedp.Do(ctx, w.visit("#/funnel", "#funnel-chart rect"),
		evalInto(`document.querySelectorAll("#funnel-chart rect[data-value]").length`, &bars),
		evalInto(`[...document.querySelectorAll("#funnel-chart rect")].reduce((s, r) => s + Number(r.dataset.value), 0)`, &sum),
		evalInto(`document.querySelectorAll("#county-map [data-county]").length`, &tiles),
		waitTrue(`!document.getElementById("report-link").textContent.includes("正在")`), textInto("#report-link", &report)))
	if bars != 9 || sum < 60 || tiles != 9 {
		t.Errorf("funnel chart: %d bars summing to %d, county map %d tiles", bars, sum, tiles)
	}
	if !strings.Contains(report, "评估报告") {
		t.Errorf("report link: %q", report)
	}
	shot(t, ctx, "staff-funnel-1280")
	// The profile editor validates in place.
	var fieldErr string
	must(t, chromedp.Do(ctx, w.visit("#/profiles", "#profiles-table tbody tr"), chromedp.Sleep(50*time.Millisecond)))
	shot(t, ctx, "staff-profiles-1280")
	must(t, chromedp.Do(ctx, w.visit("#/profile/team-01", "#profile-form"), chromedp.WaitVisible(chromedp.CSS("#team-calendar .slot"))))
	shot(t, ctx, "staff-profile-1280")
	must(t, chromedp.Do(ctx, jsDo(`document.getElementById("p-name").value = ""`), chromedp.Click(chromedp.CSS("#profile-save")),
		chromedp.WaitVisible(chromedp.CSS(".field-error")), textInto(".field-error", &fieldErr)))
	if fieldErr != "请填写名称" {
		t.Errorf("inline validation: %q", fieldErr)
	}
	must(t, chromedp.Do(ctx, w.visit("#/dictionary", "#dict-save")))
	shot(t, ctx, "staff-dictionary-1280")
}

func (w *webSite) teamWalk(t *testing.T) {
	ctx := w.tab(t, false)
	item := `#assigned [data-need="need-001"]`
	must(t, chromedp.Do(ctx, w.signIn("team"), chromedp.WaitVisible(chromedp.CSS(item+" .accept"))))
	who := header(t, ctx)
	var slots int
	must(t, chromedp.Do(ctx, evalInto(`document.querySelectorAll("#team-calendar .slot[data-industry]").length`, &slots)))
	if slots < 12 {
		t.Errorf("team calendar has %d slots", slots)
	}
	shot(t, ctx, "team-inbox-1280")
	// Declining without a reason is refused, in Chinese, styled as an error.
	var msg string
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(item+" .decline")), chromedp.WaitVisible(chromedp.CSS(item+" .msg.error")), textInto(item+" .msg.error", &msg)))
	if msg != "拒绝时请填写原因" {
		t.Errorf("decline without a reason: %q", msg)
	}
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(item+" .accept")), chromedp.WaitVisible(chromedp.CSS(item+" .progress")),
		chromedp.SendKeys(chromedp.CSS(item+` input[aria-label="进展说明"]`), "已与企业电话沟通，约定下周到厂取样"),
		chromedp.Click(chromedp.CSS(item+" .progress")), chromedp.WaitVisible(chromedp.CSS(item+" .msg.ok"))))
	// The page is drawn again after the step; its outcome stays on top.
	var flash string
	must(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#flash")), textInto("#flash", &flash)))
	if !strings.HasPrefix(flash, "已") {
		t.Errorf("after a progress note the redrawn page says %q, want the step's outcome", flash)
	}
	var timeline string
	must(t, chromedp.Do(ctx, w.visit("#/need/need-001", "#timeline"), textInto("#timeline", &timeline)))
	if !strings.Contains(timeline, "已与企业电话沟通，约定下周到厂取样") || !strings.Contains(timeline, strings.Fields(who)[0]) {
		t.Errorf("team's timeline:\n%s", timeline)
	}
	shot(t, ctx, "team-need-1280")
}

func (w *webSite) companyWalk(t *testing.T) {
	ctx := w.tab(t, false)
	must(t, chromedp.Do(ctx, w.signIn("company"), chromedp.WaitVisible(chromedp.CSS("#my-needs table"))))
	header(t, ctx)
	shot(t, ctx, "company-home-1280")
	var timeline, suppliers, labels string
	must(t, chromedp.Do(ctx, w.visit("#/need/need-001", "#results .match"), textInto("#timeline", &timeline), textInto("#suppliers", &suppliers),
		evalInto(`[...document.querySelectorAll("#results .strength")].map(s => s.textContent).join(" ")`, &labels)))
	if !strings.Contains(timeline, "已与企业电话沟通，约定下周到厂取样") || !strings.Contains(timeline, "提交需求") {
		t.Errorf("company's timeline:\n%s", timeline)
	}
	if rawID.MatchString(suppliers) || !strings.Contains(suppliers, "进行中") {
		t.Errorf("suppliers of the need: %q", suppliers)
	}
	if !regexp.MustCompile(`匹配[强中弱]`).MatchString(labels) {
		t.Errorf("strength labels %q", labels)
	}
	shot(t, ctx, "company-need-1280")
	// Feedback is remembered after a reload.
	first := `#results .match:first-of-type .feedback`
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(first+" button")), chromedp.WaitVisible(chromedp.CSS(first+" .msg.ok")),
		chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#results .match"))))
	var given string
	must(t, chromedp.Do(ctx, textInto(first+" .given", &given)))
	if given != "已反馈：有用" {
		t.Errorf("feedback after a reload: %q", given)
	}
	// A new need opens its page with the matches.
	must(t, chromedp.Do(ctx, w.visit("#/", "#need-form"),
		chromedp.SendKeys(chromedp.CSS("#title"), "注塑模具冷却不均"),
		chromedp.SendKeys(chromedp.CSS("#description"), "我司汽车保险杠注塑模具冷却不均导致翘曲变形，希望优化随形冷却水路"),
		chromedp.SetValue(chromedp.CSS("#industry"), "模具与塑料"),
		chromedp.SetValue(chromedp.CSS("#county"), "黄岩区"),
		chromedp.Click(chromedp.CSS("#need-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#results .match .reason"))))
	var card string
	must(t, chromedp.Do(ctx, textInto("#results .match", &card)))
	if !strings.Contains(card, "匹配") || strings.Contains(card, "容量 0.30") {
		t.Errorf("first card:\n%s", card)
	}
	// Another company's need is not shown.
	var missing string
	must(t, chromedp.Do(ctx, w.visit("#/need/need-002", "#need-missing"), textInto("#need-missing", &missing)))
	if !strings.Contains(missing, "未找到该需求，或您无权查看") {
		t.Errorf("another company's need: %q", missing)
	}
}

func (w *webSite) expertWalk(t *testing.T) {
	ctx := w.tab(t, false)
	must(t, chromedp.Do(ctx, w.signIn("expert"), chromedp.WaitVisible(chromedp.CSS("#my-profile"))))
	who := header(t, ctx)
	var open int
	must(t, chromedp.Do(ctx, evalInto(`document.querySelectorAll("#open").length`, &open)))
	if open != 0 || !hasHan(who) {
		t.Errorf("expert page: header %q, slot section shown %d", who, open)
	}
	shot(t, ctx, "expert-inbox-1280")
	must(t, chromedp.Do(ctx, w.visit("#/password", "#password-form")))
	shot(t, ctx, "password-1280")
}

// phoneWalks open every page at phone width: nothing overflows sideways
// and every button and link can be reached.
func (w *webSite) phoneWalks(t *testing.T) {
	pages := map[string][][2]string{
		"analyst": {{"#/needs", "#needs-table"}, {"#/need/need-004?match=1", "#results .match"}, {"#/batch", "#dry-run"}, {"#/funnel", "#county-map"},
			{"#/profiles", "#profiles-table"}, {"#/profile/team-01", "#team-calendar"}, {"#/dictionary", "#dict-save"}},
		"admin":   {{"#/accounts", "#accounts-table"}},
		"company": {{"#/", "#need-form"}, {"#/need/need-001", "#results .match"}},
		"team":    {{"#/", "#team-calendar"}, {"#/need/need-001", "#timeline"}},
		"expert":  {{"#/", "#my-profile"}, {"#/password", "#password-form"}},
	}
	for _, role := range []string{"analyst", "admin", "company", "team", "expert"} {
		ctx := w.tab(t, true)
		must(t, chromedp.Do(ctx, w.signIn(role)))
		for _, p := range pages[role] {
			must(t, chromedp.Do(ctx, w.visit(p[0], p[1])))
			if p[0] == "#/batch" {
				must(t, chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#month"), "2026-12"), chromedp.Click(chromedp.CSS("#dry-run")), chromedp.WaitVisible(chromedp.CSS("#pairs"))))
			}
			var width, inner int
			var unreachable []string
			must(t, chromedp.Do(ctx, evalInto(`document.documentElement.scrollWidth`, &width), evalInto(`window.innerWidth`, &inner),
				evalInto(`[...document.querySelectorAll("button, a, input, select, textarea")].filter(e => {
					const r = e.getBoundingClientRect();
					return r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1);
				}).map(e => e.textContent || e.id || e.name).slice(0, 5)`, &unreachable)))
			if inner != 390 || width > inner {
				t.Errorf("%s %s: page %d px wide in a %d px window", role, p[0], width, inner)
			}
			if len(unreachable) > 0 {
				t.Errorf("%s %s: controls outside the screen: %q", role, p[0], unreachable)
			}
			name := strings.Trim(strings.NewReplacer("#/", "", "/", "-", "?match=1", "").Replace(p[0]), "-")
			if name == "" {
				name = "home"
			}
			shot(t, ctx, role+"-"+name+"-390")
		}
	}
}
