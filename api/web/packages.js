// 科企一线牵 pages: 一县一业一策 packages (院士 + 产业 + 服务团队 for a
// county's leading industry) and the themed service groups (科技服务团)
// with their projects and funnels.
"use strict";

const MEMBER_ROLE = { lead: "领衔院士", team: "博士服务团", society: "学会", expert: "专家" };

async function staffPackages(view) {
  const [list, groups] = await Promise.all([api("GET", "/v1/packages"), api("GET", "/v1/groups")]);
  const q = new URLSearchParams(location.hash.split("?")[1] || "");
  const county = select("pkg-county", "县（市、区）", App.me.counties);
  const industry = select("pkg-industry", "产业", App.me.industries);
  county.querySelector("select").value = q.get("county") || "仙居县";
  industry.querySelector("select").value = q.get("industry") || "医疗器械";
  const size = field("pkg-size", "专家人数上限", el("input", { id: "pkg-size", type: "number", min: 1, max: 10, value: 4 }));
  const out = el("div", { id: "package-result" });
  const msg = msgBox("package-msg");
  const request = () => ({ county: view.querySelector("#pkg-county").value, industry: view.querySelector("#pkg-industry").value, size: Number(view.querySelector("#pkg-size").value) || 0 });
  let pool = null;
  const compose = async (ev, chosen) => {
    if (ev) ev.preventDefault();
    out.replaceChildren(el("p", { class: "hint" }, "正在匹配该县该产业的待对接需求并组建服务包…"));
    msg.textContent = "";
    try {
      const req = { ...request(), ...(chosen || {}) };
      const p = await api("POST", "/v1/packages/compose", req);
      pool = pool || await memberPool();
      out.replaceChildren(packageView(p), adjustForm(p, pool, c => compose(null, c)), saveForm(p, req, groups.groups));
    } catch (e) { out.replaceChildren(); say(msg, e.message); }
  };
  const form = el("form", { id: "package-form", class: "filters", novalidate: true }, county, industry, size, el("button", { type: "submit", id: "pkg-compose" }, "组建服务包"));
  form.addEventListener("submit", compose);
  view.append(el("section", { class: "card" }, el("h2", {}, "一县一业一策服务包"),
    el("p", { class: "hint" }, "为一个县的一个产业组建“院士 + 产业 + 服务团队”：一位领衔院士、一支一月一县一产排到该县该产业的博士服务团、一个学会（优先在当地设有服务站的），再按覆盖需求最多的原则补充专家。"),
    form, msg, out),
    el("section", { class: "card" }, el("h2", {}, "已保存的服务包（" + list.packages.length + "）"), packagesTable(list.packages)));
}

function packagesTable(ps) {
  if (!ps.length) return empty("还没有保存的服务包。");
  return el("table", { class: "list", id: "packages-table" },
    el("thead", {}, el("tr", {}, ["服务包", "县区 · 产业", "需求覆盖", "已指派", "已接受", "已解决", "创建"].map(h => el("th", { scope: "col", class: ["已指派", "已接受", "已解决"].includes(h) ? "num" : null }, h)))),
    el("tbody", {}, ps.map(p => el("tr", { "data-package": p.id },
      el("td", { "data-label": "服务包" }, el("a", { href: "#/package/" + enc(p.id) }, p.name)),
      el("td", { "data-label": "县区" }, p.county + " · " + p.industry),
      el("td", { "data-label": "覆盖" }, p.covered + " / " + p.needs.length),
      el("td", { "data-label": "已指派", class: "num" }, p.funnel.assigned),
      el("td", { "data-label": "已接受", class: "num" }, p.funnel.accepted),
      el("td", { "data-label": "已解决", class: "num" }, p.funnel.resolved),
      el("td", { "data-label": "创建" }, day(p.created))))));
}

// packageView shows the members, which needs each covers (a grid and
// lists), and each need with who covers it and why.
function packageView(p) {
  const titles = Object.fromEntries(p.needs.map(n => [n.need_id, n.title]));
  const members = el("ul", { class: "suppliers", id: "package-members" }, p.members.map(m => el("li", { "data-role": m.role, "data-profile": m.profile.id },
    el("span", { class: "tag role-" + m.role }, MEMBER_ROLE[m.role]), " ", el("strong", {}, m.profile.name), m.profile.academy ? el("span", { class: "kind" }, m.profile.academy + "院士") : null,
    m.chosen ? el("span", { class: "hint" }, " 科协指定") : null,
    el("p", { class: "reason" }, m.reason),
    el("p", { class: "covers" }, (m.covers || []).length ? ["承接需求：", m.covers.map(id => el("span", { class: "word cover" }, titles[id] || "—"))] : el("span", { class: "hint" }, "未覆盖待对接需求（按产业入选）")))));
  const base = p.baseline || {};
  const summary = el("p", { id: "package-coverage", class: "notice" }, p.needs.length
    ? "服务包 " + p.members.length + " 位成员覆盖 " + p.covered + " / " + p.needs.length + " 条待对接需求（匹配中及以上）；按单项匹配取前 " + base.size + " 位专家只覆盖 " + base.covered + " 条。"
    : "该县该产业暂无待对接需求。");
  const needs = p.needs.length ? el("table", { class: "list", id: "package-needs" },
    el("thead", {}, el("tr", {}, ["需求", "企业", "承接成员", "说明"].map(h => el("th", { scope: "col" }, h)))),
    el("tbody", {}, p.needs.map(n => el("tr", { "data-need": n.need_id, class: n.covers.length ? "covered" : "uncovered" },
      el("td", { "data-label": "需求" }, el("a", { href: "#/need/" + enc(n.need_id) }, n.title)),
      el("td", { "data-label": "企业" }, n.enterprise || "—"),
      el("td", { "data-label": "承接成员" }, n.covers.length ? n.covers.map(c => el("span", { class: "cover-by" }, c.name, " ", strengthTag(c.label), " ")) : el("span", { class: "error" }, "暂无"),
        n.assigned_to ? el("p", { class: "hint" }, "已指派给" + ((n.covers.find(c => c.profile_id === n.assigned_to) || {}).name || "成员")) : null),
      el("td", { "data-label": "说明", class: "why" }, n.explanation))))) : null;
  return el("div", { class: "package" },
    el("h3", {}, p.name),
    (p.notes || []).map(t => el("p", { class: "hint note-line" }, t)),
    el("h3", {}, "成员"), members, summary,
    p.needs.length ? [el("h3", {}, "成员与需求"), el("div", { class: "chart-box" }, coverageGrid(p))] : null,
    needs ? [el("h3", {}, "逐条需求"), needs] : null);
}

// clip keeps the first n characters of s, marking a cut with "…" (a name
// without the city's prefix, which every local one shares, tells more).
function clip(s, n) { const cs = [...s]; return cs.length > n ? cs.slice(0, n).join("") + "…" : s; }

// coverageGrid draws the needs (rows) against the members (columns): a
// filled cell where the member covers the need, darker when 强.
function coverageGrid(p) {
  const colW = 92, rowH = 28, left = 230, top = 44;
  const W = left + p.members.length * colW + 4, H = top + p.needs.length * rowH + 4;
  const g = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, class: "chart grid", id: "coverage-grid", role: "img", "aria-label": "服务包成员与需求的覆盖关系" });
  p.members.forEach((m, i) => g.append(svg("text", { x: left + i * colW + colW / 2, y: 18, "text-anchor": "middle", class: "axis" }, MEMBER_ROLE[m.role]),
    svg("text", { x: left + i * colW + colW / 2, y: 36, "text-anchor": "middle", class: "cell" }, clip(m.profile.name.replace(/^台州市/, ""), 6), svg("title", {}, m.profile.name))));
  p.needs.forEach((n, r) => {
    const y = top + r * rowH;
    g.append(svg("text", { x: left - 8, y: y + rowH * 0.68, "text-anchor": "end", class: "axis" }, clip(n.title, 13), svg("title", {}, n.title)),
      svg("line", { x1: 0, x2: W - 4, y1: y, y2: y, class: "grid" }));
    p.members.forEach((m, i) => {
      const c = n.covers.find(c => c.profile_id === m.profile.id);
      if (!c) return;
      g.append(svg("g", { class: "cover-cell", "data-need": n.need_id, "data-profile": m.profile.id, "data-label": c.label },
        svg("rect", { x: left + i * colW + 6, y: y + 3, width: colW - 12, height: rowH - 6, rx: 4, fill: c.label === "强" ? "#1e7b34" : "#f1c232" }),
        svg("text", { x: left + i * colW + colW / 2, y: y + rowH * 0.68, "text-anchor": "middle", class: c.label === "强" ? "cell on-dark" : "cell" }, "匹配" + c.label),
        svg("title", {}, m.profile.name + " 承接「" + n.title + "」：匹配" + c.label)));
    });
  });
  return g;
}

// memberPool lists who may take each role: academicians, teams, societies.
async function memberPool() {
  const [experts, teams, societies] = await Promise.all(["expert", "team", "society"].map(k => api("GET", "/v1/profiles?limit=500&kind=" + k)));
  return { lead: experts.profiles.filter(p => p.academy && !p.inactive), team: teams.profiles.filter(p => !p.inactive), society: societies.profiles.filter(p => !p.inactive) };
}

// adjustForm lets staff choose the lead, the team and the society
// themselves; the experts are then chosen again around them.
function adjustForm(p, pool, recompose) {
  const current = role => (p.members.find(m => m.role === role) || { profile: {} }).profile.id;
  const pick = role => el("select", { id: "adjust-" + role, "aria-label": MEMBER_ROLE[role] }, pool[role].map(x => el("option", { value: x.id, selected: x.id === current(role) }, x.name)));
  const selects = ["lead", "team", "society"].map(pick);
  return el("details", { class: "adjust-package" }, el("summary", {}, "调整成员"),
    el("div", { class: "row" }, selects.map((s, i) => field(s.id, MEMBER_ROLE[["lead", "team", "society"][i]], s))),
    el("button", { type: "button", class: "secondary", id: "adjust-apply", on: { click: () => recompose({ lead: selects[0].value, team: selects[1].value, society: selects[2].value }) } }, "按所选成员重新组建"));
}

function saveForm(p, req, groups) {
  const msg = msgBox("save-msg");
  const name = el("input", { id: "pkg-name", value: p.name });
  const group = el("select", { id: "pkg-group" }, el("option", { value: "" }, "不归入科技服务团"), groups.map(g => el("option", { value: g.id }, g.name)));
  const save = el("button", { type: "button", id: "pkg-save", on: { click: async () => {
    const chosen = role => (p.members.find(m => m.role === role) || { profile: {} }).profile.id;
    try {
      const saved = await api("POST", "/v1/packages", { ...req, name: name.value.trim(), group_id: group.value,
        lead: chosen("lead"), team: chosen("team"), society: chosen("society"), experts: p.members.filter(m => m.role === "expert").map(m => m.profile.id) });
      say(msg, "已保存：" + saved.name + "。", true);
      save.disabled = true;
      setTimeout(() => { location.hash = "#/package/" + enc(saved.id); }, 500);
    } catch (e) { say(msg, e.message); }
  } } }, "保存服务包");
  return el("div", { class: "save-package" }, el("h3", {}, "保存"), el("div", { class: "row" }, field("pkg-name", "服务包名称", name), field("pkg-group", "归入科技服务团", group)), save, msg);
}

async function staffPackage(view, id) {
  let p;
  try { p = await api("GET", "/v1/packages/" + enc(id)); }
  catch (e) { view.append(el("section", { class: "card" }, el("p", { class: "msg error", role: "alert" }, e.message))); return; }
  const msg = msgBox("assign-msg");
  const body = el("div");
  const draw = () => {
    const f = p.funnel;
    const stat = (label, value) => el("div", { class: "stat" }, el("span", { class: "stat-value" }, value), el("span", { class: "stat-label" }, label));
    body.replaceChildren(el("div", { class: "stats", id: "package-funnel" }, stat("待对接需求", f.needs), stat("成员覆盖", f.covered), stat("已指派给成员", f.assigned), stat("已接受", f.accepted), stat("已解决", f.resolved)),
      packageView(p));
  };
  const assign = el("button", { type: "button", id: "package-assign", on: { click: async () => {
    if (!await confirmAction("把已覆盖的需求指派给服务包成员？", "每条需求指派给匹配最强、仍有容量的成员；对方会在待办中看到。", "确认指派")) return;
    try {
      const res = await api("POST", "/v1/packages/" + enc(id) + "/assign");
      p = res.package;
      draw();
      say(msg, "已指派 " + res.made.length + " 条" + (res.refused.length ? "，" + res.refused.length + " 条未能指派：" + res.refused.map(u => u.title + "（" + u.reason + "）").join("；") : "") + "。", true);
    } catch (e) { say(msg, e.message); }
  } } }, "指派给成员");
  view.append(el("p", { class: "back" }, el("a", { href: "#/packages" }, "← 服务包")),
    el("section", { class: "card" }, el("div", { class: "title-row" }, el("h2", {}, p.name), el("span", { class: "tag" }, p.county + " · " + p.industry)),
      el("p", { class: "hint" }, "保存于 " + date(p.created)), el("div", { class: "actions" }, assign), msg, body));
  draw();
}

async function staffGroups(view) {
  const list = await api("GET", "/v1/groups");
  const stat = (label, value) => el("div", { class: "stat" }, el("span", { class: "stat-value" }, value), el("span", { class: "stat-label" }, label));
  const card = g => el("section", { class: "card group", "data-group": g.id },
    el("div", { class: "title-row" }, el("h2", {}, g.name), el("span", { class: "tag" }, g.theme)),
    g.organiser ? el("p", { class: "hint" }, "牵头：" + g.organiser) : null,
    g.description ? el("p", {}, g.description) : null,
    el("div", { class: "stats" }, stat("成员", g.members.length), stat("资助项目", (g.projects || []).length), stat("项目经费（万元）", g.funding),
      stat("对接需求", g.funnel.needs), stat("已接受", g.funnel.accepted), stat("已解决", g.funnel.resolved)),
    (g.projects || []).length ? [el("h3", {}, "资助项目"), el("table", { class: "list projects" },
      el("thead", {}, el("tr", {}, ["项目", "年度", "县区 · 产业", "经费（万元）", "承担"].map(h => el("th", { scope: "col" }, h)))),
      el("tbody", {}, g.projects.map(pj => el("tr", {},
        el("td", { "data-label": "项目" }, el("strong", {}, pj.name), pj.summary ? el("p", { class: "hint" }, pj.summary) : null),
        el("td", { "data-label": "年度" }, pj.year || "—"),
        el("td", { "data-label": "县区" }, [pj.county, pj.industry].filter(Boolean).join(" · ") || "—"),
        el("td", { "data-label": "经费", class: "num" }, pj.funding || "—"),
        el("td", { "data-label": "承担" }, (pj.profiles || []).map(id => (g.members.find(m => m.id === id) || {}).name || "—").join("、"))))))] : null,
    el("details", { class: "rows-more" }, el("summary", {}, "成员（" + g.members.length + "）"),
      el("p", {}, g.members.map(m => el("span", { class: "word" }, m.name + (m.academy ? "院士" : "") + (m.kind && m.kind !== "expert" ? "（" + KIND[m.kind] + "）" : ""))))));
  view.append(el("section", { class: "card" }, el("h2", {}, "科技服务团"), el("p", { class: "hint" }, "对接需求：指派给服务团成员的需求数；已接受、已解决按成员的指派统计。")),
    list.groups.length ? el("div", { id: "groups" }, list.groups.map(card)) : el("section", { class: "card" }, empty("还没有科技服务团。")));
}
