package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// pairingWalk: staff open a round with the rule's candidates, let the
// engine propose, approve two pairs; the first pair's mentee signs in and
// sees its academician, and records a meeting.
func (w *webSite) pairingWalk(t *testing.T) {
	ctx := w.tab(t, false)
	var candidates int
	must(t, chromedp.Do(ctx, w.signIn("analyst"), w.visit("#/rounds", "#round-form"),
		evalInto(`document.querySelectorAll("#round-form .mentee-pick:checked").length`, &candidates)))
	if candidates != 30 {
		t.Errorf("%d mentee candidates picked by the rule, want 30", candidates)
	}
	shot(t, ctx, "staff-rounds-1280")
	must(t, chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#round-name"), "2026 院士结对（第一轮）"), chromedp.Click(chromedp.CSS("#round-open")),
		chromedp.WaitVisible(chromedp.CSS("#round-propose")), chromedp.Click(chromedp.CSS("#round-propose")),
		chromedp.WaitVisible(chromedp.CSS("#pairs-table tbody tr"))))
	var rows int
	var mentees, academicians []string
	must(t, chromedp.Do(ctx, evalInto(`document.querySelectorAll("#pairs-table tbody tr").length`, &rows),
		evalInto(`[...document.querySelectorAll("#pairs-table tbody tr")].slice(0, 2).map(r => r.dataset.mentee)`, &mentees),
		evalInto(`[...document.querySelectorAll("#pairs-table tbody tr")].slice(0, 2).map(r => r.querySelector(".academician-name strong").textContent)`, &academicians)))
	if rows < 10 || len(mentees) != 2 {
		t.Fatalf("%d pairs proposed", rows)
	}
	for i, m := range mentees {
		row := fmt.Sprintf(`#pairs-table tr[data-mentee=%q]`, m)
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(row+" .approve")),
			waitTrue(fmt.Sprintf(`document.querySelector('%s .pair-approved') !== null`, row))))
		if i == 0 {
			var msg string
			must(t, chromedp.Do(ctx, textInto("#round-msg", &msg)))
			if !strings.Contains(msg, "已批准") || !strings.Contains(msg, academicians[0]) {
				t.Errorf("approval message %q", msg)
			}
		}
	}
	var table, approved string
	must(t, chromedp.Do(ctx, textInto("#pairs-table", &table),
		waitTrue(`[...document.querySelectorAll("#round-report .stat")].some(s => s.textContent.includes("已批准"))`),
		evalInto(`[...document.querySelectorAll("#round-report .stat")].find(s => s.textContent.includes("已批准")).querySelector(".stat-value").textContent`, &approved)))
	if rawID.MatchString(table) || !strings.Contains(table, "院士") || approved != "2" {
		t.Errorf("round page: %d approved in the report, table:\n%.600s", len(approved), table)
	}
	var modes int
	must(t, chromedp.Do(ctx, evalInto(`[...document.querySelectorAll("#mode-chart rect")].reduce((s, r) => s + Number(r.dataset.value), 0)`, &modes)))
	if modes != rows {
		t.Errorf("the mode chart counts %d pairs, the table %d", modes, rows)
	}
	shot(t, ctx, "staff-round-1280")
	var roundPage string
	must(t, chromedp.Do(ctx, evalInto(`location.hash`, &roundPage)))
	// The first mentee gets an account and sees its academician.
	user := "mentee-" + strings.ReplaceAll(mentees[0], "-", "")
	if code := getJSONAs(t, w.tokens["admin"], "POST", w.base+"/v1/accounts",
		fmt.Sprintf(`{"username":%q,"role":"expert","subject":%q,"password":"pairing-2026"}`, user, mentees[0]), nil); code != 201 {
		t.Fatalf("create the mentee's account: %d", code)
	}
	ectx := w.tab(t, false)
	var mine string
	must(t, chromedp.Do(ectx, w.signInAs(user, "pairing-2026"), chromedp.WaitVisible(chromedp.CSS("#my-pairing .pair")),
		textInto("#my-pairing .pair .other-name", &mine)))
	if !strings.Contains(mine, "我的结对院士") || !strings.Contains(mine, academicians[0]) {
		t.Errorf("the mentee sees %q, want its academician %s", mine, academicians[0])
	}
	var activity string
	must(t, chromedp.Do(ectx, chromedp.SendKeys(chromedp.CSS("#my-pairing .act-title"), "到院士团队交流，商定联合申报省重点研发项目"),
		chromedp.Click(chromedp.CSS("#my-pairing .record")), chromedp.WaitVisible(chromedp.CSS("#my-pairing ol.activity li")),
		textInto("#my-pairing ol.activity", &activity)))
	if !strings.Contains(activity, "联合申报省重点研发项目") || !strings.Contains(activity, "交流会面") {
		t.Errorf("recorded activity: %q", activity)
	}
	shot(t, ectx, "expert-pairing-1280")
	w.phoneFits(t, "analyst", "", [][2]string{{"#/rounds", "#rounds-table"}, {roundPage, "#pairs-table"}})
	w.phoneFits(t, user, "pairing-2026", [][2]string{{"#/", "#my-pairing .pair"}})
}

// packageWalk: staff compose a package for 仙居县 × 医疗器械, see which
// needs each member covers, save it and assign its needs.
func (w *webSite) packageWalk(t *testing.T) {
	ctx := w.tab(t, false)
	must(t, chromedp.Do(ctx, w.signIn("analyst"), w.visit("#/packages", "#package-form"),
		chromedp.SetValue(chromedp.CSS("#pkg-county"), "仙居县"), chromedp.SetValue(chromedp.CSS("#pkg-industry"), "医疗器械"),
		chromedp.Click(chromedp.CSS("#pkg-compose")), chromedp.WaitVisible(chromedp.CSS("#package-needs tbody tr"))))
	var roles []string
	var needs, covered, cells, coverWords int
	var result, summary string
	must(t, chromedp.Do(ctx, evalInto(`[...document.querySelectorAll("#package-members li")].map(li => li.dataset.role)`, &roles),
		evalInto(`document.querySelectorAll("#package-needs tbody tr").length`, &needs),
		evalInto(`document.querySelectorAll("#package-needs tbody tr.covered").length`, &covered),
		evalInto(`document.querySelectorAll("#coverage-grid .cover-cell").length`, &cells),
		evalInto(`document.querySelectorAll("#package-members .cover").length`, &coverWords),
		textInto("#package-result", &result), textInto("#package-coverage", &summary)))
	for _, want := range []string{"lead", "team", "society"} {
		if !strings.Contains(strings.Join(roles, " "), want) {
			t.Errorf("members %v lack a %s", roles, want)
		}
	}
	if needs < 5 || covered < needs-1 || cells < covered || coverWords != cells {
		t.Errorf("needs %d, covered %d, grid cells %d, covered needs listed under members %d", needs, covered, cells, coverWords)
	}
	if rawID.MatchString(result) || !strings.Contains(result, "一月一县一产") || !strings.Contains(summary, "覆盖") {
		t.Errorf("package:\n%.800s", result)
	}
	// Every covered need names its member, and that member lists the need.
	var mismatch []string
	must(t, chromedp.Do(ctx, evalInto(`[...document.querySelectorAll("#package-needs tbody tr.covered")].filter(tr => {
		const title = tr.querySelector("td a").textContent, who = tr.querySelector(".cover-by").firstChild.textContent;
		const li = [...document.querySelectorAll("#package-members li")].find(li => li.querySelector("strong").textContent === who);
		return !li || ![...li.querySelectorAll(".cover")].some(c => c.textContent === title);
	}).map(tr => tr.dataset.need)`, &mismatch)))
	if len(mismatch) > 0 {
		t.Errorf("needs whose covering member does not list them: %v", mismatch)
	}
	shot(t, ctx, "staff-package-1280")
	// Staff choose another society; the package is composed around it.
	var society, chosen string
	must(t, chromedp.Do(ctx, evalInto(`document.querySelector('#package-members li[data-role="society"]').dataset.profile`, &society),
		chromedp.Click(chromedp.CSS(".adjust-package summary")), chromedp.WaitVisible(chromedp.CSS("#adjust-society")),
		evalInto(`[...document.querySelectorAll("#adjust-society option")].map(o => o.value).find(v => v !== `+fmt.Sprintf("%q", society)+`)`, &chosen)))
	must(t, chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#adjust-society"), chosen), chromedp.Click(chromedp.CSS("#adjust-apply")),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#package-members li[data-role="society"][data-profile=%q]`, chosen)))))
	var mark string
	must(t, chromedp.Do(ctx, textInto(`#package-members li[data-role="society"]`, &mark)))
	if !strings.Contains(mark, "科协指定") {
		t.Errorf("the chosen society is not marked as staff's choice: %q", mark)
	}
	var funnel string
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#pkg-save")), chromedp.WaitVisible(chromedp.CSS("#package-assign")),
		chromedp.Click(chromedp.CSS("#package-assign")), chromedp.WaitVisible(chromedp.CSS("#confirm-yes")), chromedp.Click(chromedp.CSS("#confirm-yes")),
		chromedp.WaitVisible(chromedp.CSS("#assign-msg.ok")), textInto("#package-funnel", &funnel)))
	if !strings.Contains(funnel, "已指派给成员") || strings.Contains(funnel, "0已指派给成员") {
		t.Errorf("package funnel after assigning: %q", funnel)
	}
	shot(t, ctx, "staff-package-saved-1280")
	var groups int
	must(t, chromedp.Do(ctx, w.visit("#/groups", "#groups .group"), evalInto(`document.querySelectorAll("#groups .group").length`, &groups)))
	if groups != 3 {
		t.Errorf("%d service groups shown, want 3", groups)
	}
	shot(t, ctx, "staff-groups-1280")
	w.phoneFits(t, "analyst", "", [][2]string{{"#/packages", "#package-form"}, {"#/groups", "#groups .group"}})
}

// signInAs signs in with a user name and password.
func (w *webSite) signInAs(user, password string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(w.base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS("#signin-submit")),
		chromedp.WaitVisible(chromedp.CSS("#who-name")),
	)
}

// phoneFits opens pages at phone width (a demo role, or a user with a
// password) and checks that nothing overflows sideways and every control
// can be reached; on the packages page it composes first.
func (w *webSite) phoneFits(t *testing.T, user, password string, pages [][2]string) {
	ctx := w.tab(t, true)
	if password == "" {
		must(t, chromedp.Do(ctx, w.signIn(user)))
	} else {
		must(t, chromedp.Do(ctx, w.signInAs(user, password)))
	}
	for _, p := range pages {
		must(t, chromedp.Do(ctx, w.visit(p[0], p[1])))
		if p[0] == "#/packages" {
			must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#pkg-compose")), chromedp.WaitVisible(chromedp.CSS("#package-result .package"))))
		}
		var width, inner int
		var unreachable []string
		must(t, chromedp.Do(ctx, evalInto(`document.documentElement.scrollWidth`, &width), evalInto(`window.innerWidth`, &inner),
			evalInto(`[...document.querySelectorAll("button, a, input, select, textarea")].filter(e => {
				const r = e.getBoundingClientRect();
				return r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1);
			}).map(e => e.textContent || e.id || e.name).slice(0, 5)`, &unreachable)))
		if inner != 390 || width > inner {
			t.Errorf("%s %s: page %d px wide in a %d px window", user, p[0], width, inner)
		}
		if len(unreachable) > 0 {
			t.Errorf("%s %s: controls outside the screen: %q", user, p[0], unreachable)
		}
		shot(t, ctx, "phone-"+strings.Trim(strings.ReplaceAll(p[0], "/", "-"), "#-")+"-390")
	}
}
