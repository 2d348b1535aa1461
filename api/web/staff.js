// 科协 staff pages: the needs (search, filters, paging, newest first), a
// need's page with its story and the matches to assign from, the monthly
// batch, and the statistics with their pictures.
"use strict";

const PAGE = 20;

async function staffNeeds(view) {
  const q = new URLSearchParams(location.hash.split("?")[1] || "");
  const filters = el("form", { class: "filters", id: "need-filters", role: "search" },
    field("f-q", "搜索", el("input", { id: "f-q", name: "q", type: "search", placeholder: "标题、描述或企业", value: q.get("q") || "" })),
    select("f-status", "状态", Object.keys(STATUS), "全部", STATUS),
    select("f-county", "县（市、区）", App.me.counties, "全部"),
    select("f-industry", "产业", App.me.industries, "全部"),
    field("f-month", "提交月份", el("input", { id: "f-month", name: "month", type: "month", value: q.get("month") || "" })),
    el("button", { type: "submit" }, "筛选"));
  for (const [k, id] of [["status", "f-status"], ["county", "f-county"], ["industry", "f-industry"]]) filters.querySelector("#" + id).value = q.get(k) || "";
  const go = offset => {
    const p = new URLSearchParams();
    for (const [k, id] of [["q", "f-q"], ["status", "f-status"], ["county", "f-county"], ["industry", "f-industry"], ["month", "f-month"]]) {
      const v = filters.querySelector("#" + id).value.trim();
      if (v) p.set(k, v);
    }
    if (offset) p.set("offset", offset);
    location.hash = "#/needs?" + p.toString();
  };
  filters.addEventListener("submit", ev => { ev.preventDefault(); go(0); });
  filters.addEventListener("change", () => go(0));
  const offset = Number(q.get("offset")) || 0;
  const params = new URLSearchParams(q);
  params.set("order", "newest"); params.set("limit", PAGE); params.set("offset", offset);
  const page = await api("GET", "/v1/needs?" + params.toString());
  const table = page.needs.length ? el("table", { class: "list", id: "needs-table" },
    el("thead", {}, el("tr", {}, ["需求", "企业", "县（市、区）", "产业", "状态", "提交时间", ""].map(h => el("th", { scope: "col" }, h)))),
    el("tbody", {}, page.needs.map(n => el("tr", { "data-need": n.id },
      el("td", { "data-label": "需求" }, el("a", { href: "#/need/" + enc(n.id) }, needTitle(n)), (n.requests || []).length ? el("span", { class: "tag req" }, "有申请") : null),
      el("td", { "data-label": "企业" }, n.enterprise || "—"),
      el("td", { "data-label": "县区" }, n.county || "—"),
      el("td", { "data-label": "产业" }, n.industry || "—"),
      el("td", { "data-label": "状态" }, statusTag(n.status), n.review === "vague" ? el("span", { class: "tag review", title: "需求描述较笼统，需人工对接" }, "需人工对接") : null),
      el("td", { "data-label": "提交" }, day(n.created)),
      el("td", {}, el("a", { class: "button small", href: "#/need/" + enc(n.id) + "?match=1" }, "匹配并指派")))))) : empty("没有符合条件的需求。");
  view.append(el("section", { class: "card" }, el("h2", {}, "需求（" + page.total + "）"), filters, table, pager(page.total, offset, PAGE, go)));
}

async function staffNeed(view, id) {
  let story;
  try { story = await api("GET", "/v1/needs/" + enc(id)); }
  catch (e) { view.append(el("section", { class: "card" }, el("p", { class: "msg error", role: "alert" }, e.message))); return; }
  const names = story.names || {};
  const msg = msgBox("assign-msg");
  const requests = (story.requests || []).filter(r => !(story.assignments || []).some(a => a.profile_id === r.profile_id && ["assigned", "accepted", "in_progress"].includes(a.status)));
  const left = el("div", { class: "col" },
    el("section", { class: "card", id: "need" }, el("div", { class: "title-row" }, el("h2", {}, needTitle(story)), statusTag(story.status)),
      needFacts(story), el("p", { class: "desc" }, story.description)),
    requests.length ? el("section", { class: "card", id: "requests" }, el("h2", {}, "服务团申请对接"), el("ul", { class: "suppliers" }, requests.map(r => el("li", {},
      el("strong", {}, names[r.profile_id] || "—"), " ", el("span", { class: "hint" }, "申请于 " + date(r.at)), r.note ? el("q", { class: "note" }, r.note) : null,
      el("button", { type: "button", class: "small confirm-request", on: { click: () => assignTo(id, r.profile_id, names[r.profile_id], msg) } }, "确认指派"))))) : null,
    el("section", { class: "card" }, el("h2", {}, "已指派"), assignmentsList(story)),
    el("section", { class: "card" }, el("h2", {}, "办理经过"), timeline(story)));
  const matches = el("div", { id: "results" }, el("p", { class: "hint" }, "正在匹配…"));
  const right = el("div", { class: "col" }, el("section", { class: "card", id: "assign-panel" },
    el("h2", {}, story.assignments.length ? "重新指派或追加指派" : "匹配并指派"), msg, matches));
  view.append(el("p", { class: "back" }, el("a", { href: "#/needs" }, "← 需求列表")), el("div", { class: "split" }, left, right));
  if (location.hash.includes("match=1")) right.scrollIntoView({ block: "start" });
  const final = ["resolved", "closed", "withdrawn"].includes(story.status);
  if (final) { matches.replaceChildren(empty("需求已" + STATUS[story.status] + "，无需指派。")); return; }
  try {
    const res = await api("GET", "/v1/needs/" + enc(id) + "/matches?k=10&explain=true");
    matches.replaceChildren(matchList(res, m => el("div", { class: "actions" },
      el("button", { type: "button", class: "small assign", on: { click: () => assignTo(id, m.profile.id, m.profile.name, msg) } }, "指派"))));
  } catch (e) { matches.replaceChildren(el("p", { class: "msg error", role: "alert" }, e.message)); }
}

async function assignTo(needId, profileId, name, msg) {
  if (!await confirmAction("指派给" + name + "？", "对方会在待办中看到这条需求，并可接受或拒绝。", "确认指派")) return;
  try {
    await api("POST", "/v1/needs/" + enc(needId) + "/assign", { profile_id: profileId });
    say(msg, "已指派给" + name + "。", true);
    setTimeout(route, 600);
  } catch (e) { say(msg, e.message); }
  msg.scrollIntoView({ block: "nearest" });
}

async function staffBatch(view) {
  const month = el("input", { id: "month", type: "month", value: thisMonth() });
  const out = el("div", { id: "batch-result" });
  const msg = msgBox("batch-msg");
  let plan = null;
  const apply = el("button", { type: "button", class: "secondary", id: "apply", disabled: true, on: { click: async () => {
    if (!plan || !await confirmAction("按试算结果指派 " + plan.pairs.length + " 对？", monthName(plan.month) + "的方案会逐对再核对一次，无法撤销。", "确认指派")) return;
    try {
      const r = await api("POST", "/v1/batch", { month: month.value, apply: true });
      say(msg, "已指派 " + (r.made || []).length + " 对" + ((r.refused || []).length ? "，" + r.refused.length + " 对未能指派" : "") + "。", true);
      apply.disabled = true;
    } catch (e) { say(msg, e.message); }
  } } }, "确认指派");
  const dry = async () => {
    out.replaceChildren(el("p", { class: "hint" }, "正在试算…"));
    try {
      const r = await api("POST", "/v1/batch", { month: month.value, apply: false });
      plan = r.plan;
      apply.disabled = !plan.pairs.length;
      out.replaceChildren(batchPlan(plan));
    } catch (e) { out.replaceChildren(el("p", { class: "msg error", role: "alert" }, e.message)); }
  };
  view.append(el("section", { class: "card" }, el("h2", {}, "月度批量指派（一月一县一产）"),
    el("p", { class: "hint" }, "先试算，看过方案再确认指派。服务团只承接本月服务县区和产业的需求，已满的容量不再分配。"),
    el("div", { class: "row narrow" }, field("month", "月份", month)),
    el("div", { class: "actions" }, el("button", { type: "button", id: "dry-run", on: { click: dry } }, "试算"), apply), msg, out));
}

function batchPlan(p) {
  const pairs = p.pairs.length ? el("table", { class: "list", id: "pairs" },
    el("thead", {}, el("tr", {}, ["需求", "企业", "指派给", "得分", "理由"].map(h => el("th", { scope: "col", class: h === "得分" ? "num" : null }, h)))),
    el("tbody", {}, p.pairs.map(x => el("tr", {},
      el("td", { "data-label": "需求" }, el("a", { href: "#/need/" + enc(x.need_id) }, x.title || "—")),
      el("td", { "data-label": "企业" }, x.enterprise || "—"),
      el("td", { "data-label": "指派给" }, x.supplier || "—", x.kind ? el("span", { class: "kind" }, KIND[x.kind]) : null),
      el("td", { "data-label": "得分", class: "num" }, x.score.toFixed(2)),
      el("td", { "data-label": "理由", class: "why" }, x.reason || "—"))))) : empty("没有可指派的配对。");
  return el("div", {},
    el("p", { id: "batch-summary" }, monthName(p.month) + "试算（尚未指派）：" + p.needs + " 条待指派需求，可指派 " + p.pairs.length + " 对。"),
    el("h3", {}, "配对方案"), pairs,
    el("h3", {}, "本月无法安排的需求（" + p.infeasible.length + "）"),
    p.infeasible.length ? el("ul", { id: "infeasible" }, p.infeasible.map(u => el("li", {}, el("a", { href: "#/need/" + enc(u.need_id) }, u.title || "—"),
      u.enterprise ? "（" + u.enterprise + "）" : "", "：", UNSERVED[u.reason] || u.reason))) : el("p", {}, "全部可以安排。"));
}

async function staffFunnel(view) {
  const q = new URLSearchParams(location.hash.split("?")[1] || "");
  const m = q.get("month") || "";
  const month = el("input", { id: "funnel-month", type: "month", value: m, on: { change: () => { location.hash = "#/funnel" + (month.value ? "?month=" + month.value : ""); } } });
  const [f, needs] = await Promise.all([api("GET", "/v1/funnel" + (m ? "?month=" + m : "")), api("GET", "/v1/needs?limit=500" + (m ? "&month=" + m : ""))]);
  const counts = {};
  for (const n of needs.needs) if (n.county) counts[n.county] = (counts[n.county] || 0) + 1;
  const stat = (label, value) => el("div", { class: "stat" }, el("span", { class: "stat-value" }, value), el("span", { class: "stat-label" }, label));
  const report = el("p", { id: "report-link" }, el("span", { class: "hint" }, "正在查找评估报告…"));
  view.append(el("section", { class: "card" }, el("h2", {}, "对接统计" + (m ? "（" + monthName(m) + "提交）" : "（全部）")),
    el("div", { class: "row narrow" }, field("funnel-month", "提交月份（留空为全部）", month)),
    el("div", { class: "stats" }, stat("需求", f.needs), stat("已答复的指派", f.answered || "—"),
      stat("接受率", f.answered ? pct(f.acceptance_rate, 1) : "—"),
      stat("首次接受中位用时", f.accepted_needs ? hoursText(f.median_hours_to_accept) : "—"))),
    el("div", { class: "split" },
      el("section", { class: "card" }, el("h2", {}, "需求漏斗"), f.needs ? funnelChart(f) : empty("暂无需求。")),
      el("section", { class: "card" }, el("h2", {}, "九县（市、区）对接覆盖"), el("p", { class: "hint" }, "各县已指派给至少一位专家或服务团的需求占比（示意图）：越绿越高，灰色为暂无需求。"), countyMap(f.county_coverage || {}, counts))),
    el("section", { class: "card" }, el("h2", {}, "匹配质量评估"), report, exportLinks()));
  const r = await api("GET", "/report/report.html", undefined, { raw: true }).catch(() => null);
  report.replaceChildren(r && r.ok ? el("a", { href: "/report/report.html", target: "_blank", rel: "noopener" }, "打开最新匹配质量评估报告")
    : el("span", { class: "empty" }, "暂无评估报告（运行 yxq eval --report 生成）。"));
}

// exportLinks offer the spreadsheet downloads when the service has them.
function exportLinks() {
  const box = el("div", { id: "exports", hidden: true }, el("h3", {}, "导出"));
  api("GET", "/v1/export/funnel?format=csv", undefined, { raw: true }).then(r => {
    if (r.status === 404) return;
    box.hidden = false;
    for (const [what, label] of [["needs", "需求表"], ["funnel", "漏斗统计"], ["batch", "本月批量方案"]]) {
      for (const fmt of ["xlsx", "csv"]) box.append(el("button", { type: "button", class: "small secondary", on: { click: () => download("/v1/export/" + what + "?format=" + fmt + (what === "batch" ? "&month=" + thisMonth() : ""), label + "." + fmt) } }, label + "（" + fmt.toUpperCase() + "）"));
    }
  }).catch(() => {});
  return box;
}

async function download(path, name) {
  const r = await api("GET", path, undefined, { raw: true });
  if (!r.ok) return;
  const url = URL.createObjectURL(await r.blob());
  const a = el("a", { href: url, download: name });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// hoursText writes a duration in hours as people say it.
function hoursText(h) {
  if (h >= 48) return (h / 24).toFixed(1) + " 天";
  if (h >= 1) return h.toFixed(1) + " 小时";
  return h * 60 < 1 ? "1 分钟内" : Math.round(h * 60) + " 分钟";
}
