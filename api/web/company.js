// 科企一线牵 pages: a company submits needs, follows each need's story and
// judges the suppliers it was shown.
"use strict";

async function companyHome(view) {
  const err = msgBox("need-error");
  const form = el("form", { id: "need-form", novalidate: true },
    field("title", "需求标题", el("input", { id: "title", name: "title", maxlength: 200, placeholder: "一句话说明要解决的问题" })),
    field("description", "技术问题描述（必填）", el("textarea", { id: "description", name: "description", maxlength: 20000, required: true, placeholder: "现状、问题表现、已尝试的办法、希望达到的指标" })),
    el("div", { class: "row" },
      select("industry", "产业", App.me.industries, "请选择"),
      select("county", "县（市、区）", App.me.counties, "请选择"),
      select("mode", "合作方式", App.me.modes, "请选择")),
    el("button", { type: "submit" }, "提交需求并查看匹配"), err);
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const f = new FormData(form);
    const description = String(f.get("description") || "").trim();
    if (!description) { say(err, "请描述技术问题。"); form.description.focus(); return; }
    const body = { title: String(f.get("title") || "").trim(), description };
    for (const k of ["industry", "county"]) if (f.get(k)) body[k] = f.get(k);
    if (f.get("mode")) body.modes = [f.get("mode")];
    try {
      const need = await api("POST", "/v1/needs", body);
      location.hash = "#/need/" + enc(need.id);
    } catch (e) { say(err, e.message); }
  });
  const list = el("div", { id: "my-needs" });
  view.append(el("section", { class: "card" }, el("h2", {}, "提交技术需求"), form),
    el("section", { class: "card" }, el("h2", {}, "我的需求"), list));
  const page = await api("GET", "/v1/needs?limit=100&order=newest");
  if (!page.needs.length) { list.append(empty("还没有提交需求。")); return; }
  list.append(el("table", { class: "list" },
    el("thead", {}, el("tr", {}, el("th", {}, "需求"), el("th", {}, "状态"), el("th", {}, "提交时间"))),
    el("tbody", {}, page.needs.map(n => el("tr", {},
      el("td", { "data-label": "需求" }, el("a", { href: "#/need/" + enc(n.id) }, needTitle(n))),
      el("td", { "data-label": "状态" }, statusTag(n.status)),
      el("td", { "data-label": "提交时间" }, day(n.created)))))));
}

async function companyNeed(view, id) {
  let story;
  try {
    story = await api("GET", "/v1/needs/" + enc(id));
  } catch (e) {
    view.append(el("section", { class: "card" }, el("p", { class: "msg error", role: "alert", id: "need-missing" }, e.status === 404 ? "未找到该需求，或您无权查看。" : e.message),
      el("p", {}, el("a", { href: "#/" }, "返回我的需求"))));
    return;
  }
  const msg = msgBox("need-msg");
  const final = ["resolved", "closed", "withdrawn"].includes(story.status);
  const open = ["submitted", "matched", "assigned", "declined"].includes(story.status || "submitted");
  const withdraw = open ? el("button", { type: "button", class: "danger", id: "withdraw", on: { click: async () => {
    if (!await confirmAction("撤回这条需求？", "撤回后不再匹配和指派，已指派的专家或服务团会收到通知。", "撤回")) return;
    try { await api("POST", "/v1/needs/" + enc(id) + "/withdraw"); say(msg, "已撤回。", true); setTimeout(route, 400); }
    catch (e) { say(msg, e.message); }
  } } }, "撤回需求") : null;
  view.append(el("p", { class: "back" }, el("a", { href: "#/" }, "← 我的需求")),
    el("section", { class: "card", id: "need" }, el("div", { class: "title-row" }, el("h2", {}, needTitle(story)), statusTag(story.status)),
      needFacts(story), el("p", { class: "desc" }, story.description), withdraw, msg));
  const suppliers = el("section", { class: "card" }, el("h2", {}, "对接进展"), assignmentsList(story));
  view.append(suppliers, el("section", { class: "card" }, el("h2", {}, "办理经过"), timeline(story)));
  // Contact details of the suppliers that accepted, as the API gives them.
  for (const a of story.assignments.filter(a => ["accepted", "in_progress", "resolved"].includes(a.status))) {
    api("GET", "/v1/profiles/" + enc(a.profile_id)).then(p => {
      const li = suppliers.querySelector('[data-profile="' + CSS.escape(a.profile_id) + '"]');
      if (li && (p.phone || p.email)) li.append(el("p", { class: "contact" }, "联系方式：", [p.phone, p.email].filter(Boolean).join(" · ")));
    }).catch(() => {});
  }
  if (final && story.status !== "resolved") return;
  const results = el("div", { id: "results" }, el("p", { class: "hint" }, "正在匹配…"));
  view.append(el("section", { class: "card" }, el("h2", {}, "推荐的专家、服务团和学会"), results));
  try {
    const res = await api("GET", "/v1/needs/" + enc(id) + "/matches?k=10&explain=true");
    const given = Object.fromEntries((story.feedback || []).map(f => [f.profile_id, f]));
    results.replaceChildren(matchList(res, m => feedbackControls(id, m, given[m.profile.id])));
  } catch (e) { results.replaceChildren(el("p", { class: "msg error", role: "alert" }, e.message)); }
}

// feedbackControls let the company say whether a supplier is useful; the
// feedback given is shown again after a reload.
function feedbackControls(needId, m, given) {
  const reason = el("select", { "aria-label": "反馈原因" }, el("option", { value: "" }, "原因（可选）"), App.me.feedback_reasons.map(r => el("option", { value: r }, r)));
  const msg = el("span", { class: "msg" });
  const state = el("span", { class: "given" });
  const show = f => { state.textContent = f ? "已反馈：" + (f.useful ? "有用" : "没用") + (f.reason ? "（" + f.reason + "）" : "") : ""; };
  show(given);
  if (given && given.reason) reason.value = given.reason;
  const send = useful => async () => {
    try {
      const f = await api("POST", "/v1/needs/" + enc(needId) + "/feedback", { profile_id: m.profile.id, useful, reason: reason.value });
      show(f);
      say(msg, "谢谢您的反馈！", true);
    } catch (e) { say(msg, e.message); }
  };
  return el("div", { class: "actions feedback" }, reason,
    el("button", { type: "button", class: "small", on: { click: send(true) } }, "有用"),
    el("button", { type: "button", class: "small secondary", on: { click: send(false) } }, "没用"), state, msg);
}
