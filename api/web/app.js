// 科企一线牵 web pages: one script, no external resources. All user text is
// set with textContent; highlighted snippets are rebuilt from text nodes.
"use strict";

const STATUS = { submitted: "已提交", matched: "已匹配", assigned: "已指派", accepted: "已接受", declined: "已拒绝", in_progress: "进行中", resolved: "已解决", closed: "已关闭", withdrawn: "已撤回" };
const KIND = { expert: "专家", team: "博士服务团", society: "学会" };
const PART = { lexical: "关键词", semantic: "语义", industry: "产业", county: "县区", slot: "本月服务", capacity: "容量" };
const ROLE = { admin: "管理员", analyst: "科协分析员", company: "企业", team: "博士服务团", expert: "专家" };

let me = null;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "on") for (const [ev, fn] of Object.entries(v)) e.addEventListener(ev, fn);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function api(method, path, body) {
  const opts = { method, headers: { Authorization: "Bearer " + sessionStorage.getItem("yxq-token") } };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const resp = await fetch(path, opts);
  const data = resp.headers.get("Content-Type")?.includes("json") ? await resp.json() : await resp.text();
  if (!resp.ok) {
    const msg = data && data.error ? data.error.message : "请求失败 (" + resp.status + ")";
    throw Object.assign(new Error(msg), { status: resp.status });
  }
  return data;
}

// snippet turns a fragment with <mark> tags (text already HTML-escaped by
// the server) into nodes, without ever parsing it as HTML into the page.
function snippet(frag) {
  const p = el("p", { class: "snippet" });
  const parts = frag.split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const part of parts) {
    if (part === "<mark>") { marked = true; continue; }
    if (part === "</mark>") { marked = false; continue; }
    const text = new DOMParser().parseFromString(part, "text/html").documentElement.textContent;
    p.append(marked ? el("mark", {}, text) : document.createTextNode(text));
  }
  return p;
}

function matchList(res, needId, actions) {
  const box = el("div", { class: "matches" });
  if (!res.matches.length) box.append(el("p", { class: "hint" }, "暂无匹配的供给方。"));
  for (const m of res.matches) {
    const p = m.profile;
    const ex = m.explanation || {};
    const parts = Object.entries(ex.parts || {}).filter(([, v]) => v > 0).map(([k, v]) => (PART[k] || k) + " " + v.toFixed(2)).join("，");
    const terms = Object.values(ex.terms || {}).flat();
    const div = el("div", { class: "match", "data-profile": p.id },
      el("h3", {}, el("span", { class: "kind" }, KIND[p.kind] || p.kind), m.rank + ". " + p.name, p.organisation ? "（" + p.organisation + "）" : ""),
      el("div", { class: "parts" }, "得分 " + m.score.toFixed(2) + (parts ? "：" + parts : "")),
      terms.length ? el("div", { class: "terms" }, "匹配词：" + [...new Set(terms)].join("、")) : null,
      Object.values(ex.snippets || {}).flat().slice(0, 2).map(snippet));
    if (actions) div.append(actions(m));
    box.append(div);
  }
  return box;
}

function feedbackControls(needId, m) {
  const reason = el("select", { "aria-label": "反馈原因" }, el("option", { value: "" }, "原因（可选）"), me.feedback_reasons.map(r => el("option", { value: r }, r)));
  const msg = el("span", { class: "ok", role: "status" });
  const send = useful => async () => {
    try {
      await api("POST", "/v1/needs/" + encodeURIComponent(needId) + "/feedback", { profile_id: m.profile.id, useful, reason: reason.value });
      msg.textContent = "已收到反馈，谢谢！";
    } catch (e) { msg.textContent = e.message; }
  };
  return el("div", { class: "actions" }, reason, el("button", { type: "button", on: { click: send(true) } }, "有用"), el("button", { type: "button", class: "secondary", on: { click: send(false) } }, "没用"), msg);
}

function select(id, label, values, empty) {
  return [el("label", { for: id }, label), el("select", { id, name: id }, empty ? el("option", { value: "" }, empty) : null, values.map(v => el("option", { value: v }, v)))];
}

// ---- company ----

async function companyView(view) {
  const err = el("p", { class: "error", role: "alert", id: "need-error" });
  const form = el("form", { id: "need-form", novalidate: true },
    el("label", { for: "title" }, "需求标题"), el("input", { id: "title", name: "title", maxlength: 200 }),
    el("label", { for: "description" }, "技术问题描述（必填）"), el("textarea", { id: "description", name: "description", maxlength: 20000, required: true }),
    el("div", { class: "row" },
      el("div", {}, select("industry", "产业", me.industries, "请选择")),
      el("div", {}, select("county", "县（市、区）", me.counties, "请选择")),
      el("div", {}, select("mode", "合作方式", me.modes, "请选择"))),
    el("button", { type: "submit" }, "提交需求并查看匹配"), err);
  const results = el("div", { id: "results" });
  const list = el("div", { id: "my-needs" });
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const f = new FormData(form);
    const description = String(f.get("description") || "").trim();
    if (!description) { err.textContent = "请描述技术问题。"; form.description.focus(); return; }
    if (description.length > 20000) { err.textContent = "描述最多 20000 字。"; return; }
    err.textContent = "";
    const body = { title: f.get("title") || "", description };
    for (const k of ["industry", "county", "mode"]) if (f.get(k)) body[k] = f.get(k);
    try {
      const need = await api("POST", "/v1/needs", body);
      await showMatches(results, need.id, true);
      await loadMyNeeds(list, results);
    } catch (e) { err.textContent = e.message; }
  });
  view.append(el("section", { class: "card" }, el("h2", {}, "提交技术需求"), form), el("section", { class: "card" }, el("h2", {}, "匹配结果"), results), el("section", { class: "card" }, el("h2", {}, "我的需求"), list));
  await loadMyNeeds(list, results);
  const m = location.hash.match(/^#\/need\/(.+)$/);
  if (m) await showMatches(results, decodeURIComponent(m[1]), true);
}

async function showMatches(box, needId, feedback) {
  box.replaceChildren(el("p", { class: "hint" }, "正在匹配…"));
  try {
    const res = await api("GET", "/v1/needs/" + encodeURIComponent(needId) + "/matches?k=10&explain=true");
    box.replaceChildren(el("p", { class: "hint" }, "需求 " + needId + "：" + res.matches.length + " 个匹配，用时 " + res.took_ms.toFixed(1) + " 毫秒"),
      matchList(res, needId, feedback ? m => feedbackControls(needId, m) : null));
  } catch (e) {
    box.replaceChildren(el("p", { class: "error", role: "alert" }, e.status === 404 ? "未找到该需求，或您无权查看。" : e.message));
  }
}

async function loadMyNeeds(box, results) {
  const page = await api("GET", "/v1/needs?limit=100");
  if (!page.needs.length) { box.replaceChildren(el("p", { class: "hint" }, "还没有需求。")); return; }
  box.replaceChildren(el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "需求"), el("th", {}, "状态"), el("th", {}, ""))),
    el("tbody", {}, page.needs.map(n => el("tr", {},
      el("td", {}, n.title || n.description.slice(0, 40)),
      el("td", { class: "status" }, STATUS[n.status] || n.status),
      el("td", {}, el("button", { type: "button", class: "secondary", on: { click: () => showMatches(results, n.id, true) } }, "查看匹配")))))));
}

// ---- team / expert ----

async function inboxView(view) {
  const box = await api("GET", "/v1/inbox");
  const assigned = el("section", { class: "card", id: "assigned" }, el("h2", {}, "指派给我的需求"));
  if (!box.assigned.length) assigned.append(el("p", { class: "hint" }, "暂无指派。"));
  for (const item of box.assigned) {
    const n = item.need, a = item.assignment;
    const msg = el("p", { class: "ok", role: "status" });
    const reason = el("input", { "aria-label": "拒绝原因", placeholder: "拒绝原因" });
    const note = el("input", { "aria-label": "进展说明", placeholder: "进展说明" });
    const act = (path, body) => async () => {
      try {
        const r = await api("POST", "/v1/needs/" + encodeURIComponent(n.id) + path, body());
        msg.textContent = "已更新：" + (STATUS[r.status] || r.status);
        setTimeout(render, 300);
      } catch (e) { msg.textContent = e.message; }
    };
    const actions = el("div", { class: "actions" });
    if (a.status === "assigned") {
      actions.append(el("button", { type: "button", on: { click: act("/respond", () => ({ accept: true })) } }, "接受"), reason,
        el("button", { type: "button", class: "secondary", on: { click: act("/respond", () => ({ accept: false, reason: reason.value })) } }, "拒绝"));
    } else if (a.status === "accepted" || a.status === "in_progress") {
      actions.append(note, el("button", { type: "button", on: { click: act("/progress", () => ({ note: note.value })) } }, "提交进展"),
        el("button", { type: "button", on: { click: act("/finish", () => ({ resolved: true, note: note.value })) } }, "已解决"));
    }
    assigned.append(el("div", { class: "match", "data-need": n.id },
      el("h3", {}, n.title || n.id), el("p", {}, n.description),
      el("p", { class: "parts" }, (n.enterprise || "") + " " + (n.county || "") + " " + (n.industry || "") + " · 指派状态：" + (STATUS[a.status] || a.status)),
      actions, msg));
  }
  const open = el("section", { class: "card", id: "open" }, el("h2", {}, "本月服务县区、产业中的待对接需求"));
  if (!box.open.length) open.append(el("p", { class: "hint" }, "暂无。"));
  for (const n of box.open) open.append(el("div", { class: "match" }, el("h3", {}, n.title || n.id), el("p", {}, n.description), el("p", { class: "parts" }, n.county + " " + n.industry)));
  view.append(assigned, open);
}

// ---- analyst / admin ----

async function analystView(view) {
  const tabs = [["needs", "需求与指派"], ["batch", "月度批量"], ["funnel", "漏斗"], ["profiles", "供给方"], ["dictionary", "词典"]];
  const current = (location.hash.match(/^#\/(\w+)/) || [])[1] || "needs";
  view.append(el("p", { class: "actions" }, tabs.map(([k, label]) => el("a", { href: "#/" + k, "aria-current": k === current ? "page" : null }, label + " "))));
  const card = el("section", { class: "card" });
  view.append(card);
  if (current === "batch") return batchTab(card);
  if (current === "funnel") return funnelTab(card);
  if (current === "profiles") return profilesTab(card);
  if (current === "dictionary") return dictionaryTab(card);
  return needsTab(card);
}

async function needsTab(card) {
  const page = await api("GET", "/v1/needs?limit=200");
  const results = el("div", { id: "results" });
  card.append(el("h2", {}, "需求（" + page.total + "）"), el("table", {}, el("tbody", {}, page.needs.map(n => el("tr", {},
    el("td", {}, n.title || n.id), el("td", {}, n.county || ""), el("td", { class: "status" }, STATUS[n.status] || n.status),
    el("td", {}, el("button", { type: "button", class: "secondary", on: { click: () => assignFrom(results, n.id) } }, "匹配并指派")))))), results);
}

async function assignFrom(box, needId) {
  box.replaceChildren(el("p", { class: "hint" }, "正在匹配…"));
  const res = await api("GET", "/v1/needs/" + encodeURIComponent(needId) + "/matches?k=10&explain=true");
  box.replaceChildren(el("h2", {}, "为需求 " + needId + " 指派"), matchList(res, needId, m => {
    const msg = el("span", { class: "ok", role: "status" });
    return el("div", { class: "actions" }, el("button", { type: "button", on: { click: async () => {
      try { await api("POST", "/v1/needs/" + encodeURIComponent(needId) + "/assign", { profile_id: m.profile.id }); msg.textContent = "已指派给 " + m.profile.name; }
      catch (e) { msg.textContent = e.message; }
    } } }, "指派"), msg);
  }));
}

async function batchTab(card) {
  const month = el("input", { id: "month", type: "month", value: new Date().toISOString().slice(0, 7) });
  const out = el("div", { id: "batch-result" });
  const run = apply => async () => {
    out.replaceChildren(el("p", { class: "hint" }, apply ? "正在指派…" : "正在试算…"));
    try {
      const r = await api("POST", "/v1/batch", { month: month.value, apply });
      const p = r.plan;
      out.replaceChildren(
        el("p", {}, (r.applied ? "已指派 " + (r.made || []).length + " 对。" : "试算（未指派）：") + p.needs + " 条待指派需求，" + p.pairs.length + " 对，总分 " + p.total.toFixed(2)),
        el("h3", {}, "可行性"), p.infeasible.length ? el("ul", { id: "infeasible" }, p.infeasible.map(u => el("li", {}, u.need_id + "：" + ({ no_supplier: "没有匹配的供给方或服务团", conflicted: "候选均需回避", capacity_full: "候选容量已满", outcompeted: "容量已分给得分更高的需求" }[u.reason] || u.reason)))) : el("p", {}, "全部可服务。"),
        el("h3", {}, "配对"), el("table", { id: "pairs" }, el("tbody", {}, p.pairs.map(x => el("tr", {}, el("td", {}, x.need_id), el("td", {}, x.profile_id), el("td", {}, x.score.toFixed(2)))))));
    } catch (e) { out.replaceChildren(el("p", { class: "error", role: "alert" }, e.message)); }
  };
  card.append(el("h2", {}, "月度批量指派（一月一县一产）"), el("label", { for: "month" }, "月份"), month,
    el("button", { type: "button", id: "dry-run", on: { click: run(false) } }, "试算"), " ",
    el("button", { type: "button", class: "secondary", id: "apply", on: { click: run(true) } }, "确认指派"), out);
}

async function funnelTab(card) {
  const f = await api("GET", "/v1/funnel");
  card.append(el("h2", {}, "需求漏斗（共 " + f.needs + " 条）"),
    el("table", { id: "funnel" }, el("tbody", {}, Object.keys(STATUS).map(s => el("tr", {}, el("td", {}, STATUS[s]), el("td", {}, f.by_status[s] || 0))))),
    el("p", {}, "接受率 " + (f.acceptance_rate * 100).toFixed(1) + "%，首次接受中位用时 " + f.median_hours_to_accept.toFixed(1) + " 小时"),
    el("p", {}, el("a", { href: "/report/" }, "最新匹配质量评估报告")));
}

async function profilesTab(card) {
  const data = await api("GET", "/v1/profiles?limit=500");
  const q = el("input", { id: "q", type: "search", placeholder: "按姓名、单位或关键词筛选", "aria-label": "筛选" });
  const list = el("tbody");
  const editor = el("div", { id: "editor" });
  const show = () => {
    const term = q.value.trim();
    list.replaceChildren(...data.profiles.filter(p => !term || JSON.stringify([p.name, p.organisation, p.keywords, p.fields]).includes(term)).slice(0, 100).map(p =>
      el("tr", {}, el("td", {}, KIND[p.kind]), el("td", {}, p.name), el("td", {}, p.organisation || ""), el("td", {}, (p.keywords || []).join("、")),
        el("td", {}, el("button", { type: "button", class: "secondary", on: { click: () => edit(editor, p) } }, "编辑")))));
  };
  q.addEventListener("input", show);
  card.append(el("h2", {}, "供给方（" + data.total + "）"), q, el("table", {}, list), editor);
  show();
}

async function dictionaryTab(card) {
  const data = await api("GET", "/v1/dictionary");
  const d = data.dictionary;
  const words = el("textarea", { id: "dict-words", rows: 10, "aria-label": "词条" });
  words.value = (d.words || []).map(w => [w.text, w.freq || "", w.tag || ""].join(" ").trim()).join("\n");
  const syns = el("textarea", { id: "dict-synonyms", rows: 6, "aria-label": "同义词" });
  syns.value = (d.synonyms || []).map(g => g.join(" = ")).join("\n");
  const status = el("p", { id: "dict-status", role: "status" }, progressText(data));
  const save = async () => {
    const body = { words: [], synonyms: [] };
    for (const line of words.value.split("\n").map(l => l.trim()).filter(Boolean)) {
      const [text, freq, tag] = line.split(/\s+/);
      body.words.push({ text, freq: Number(freq) || 0, tag: tag || "" });
    }
    for (const line of syns.value.split("\n").map(l => l.trim()).filter(Boolean)) {
      body.synonyms.push(line.split("=").map(x => x.trim()).filter(Boolean));
    }
    try {
      const r = await api("PUT", "/v1/dictionary", body);
      status.className = "ok";
      status.textContent = progressText(r);
      poll();
    } catch (e) { status.className = "error"; status.textContent = e.message; }
  };
  const poll = async () => {
    const r = await api("GET", "/v1/dictionary");
    status.textContent = progressText(r);
    if (r.reindex.running) setTimeout(poll, 500);
  };
  card.append(el("h2", {}, "领域词典与同义词（版本 " + d.version + "）"),
    el("label", { for: "dict-words" }, "词条：每行“词 [词频 [词性]]”"), words,
    el("label", { for: "dict-synonyms" }, "同义词：每行“词 = 词 [= 词 …]”"), syns,
    el("button", { type: "button", id: "dict-save", on: { click: save } }, "保存并生效"), status);
}

function progressText(r) {
  const p = r.reindex;
  return "词典版本 " + r.dictionary.version + (p.running ? "：正在重建索引 " + p.done + " / " + p.total : p.error ? "：已重建 " + p.done + " / " + p.total + "，" + p.error : "：已全部生效");
}

function edit(box, p) {
  const text = el("textarea", { id: "profile-json", "aria-label": "档案 JSON", rows: 16 });
  text.value = JSON.stringify(p, null, 2);
  const msg = el("p", { role: "status" });
  box.replaceChildren(el("h3", {}, "编辑 " + p.name), text, el("button", { type: "button", on: { click: async () => {
    try { const v = JSON.parse(text.value); await api("PUT", "/v1/profiles/" + encodeURIComponent(p.id), v); msg.className = "ok"; msg.textContent = "已保存。"; }
    catch (e) { msg.className = "error"; msg.textContent = e.message; }
  } } }, "保存"), msg);
}

// ---- shell ----

async function render() {
  const view = document.getElementById("view");
  view.replaceChildren();
  const signin = document.getElementById("signin");
  if (!sessionStorage.getItem("yxq-token")) { signin.hidden = false; return; }
  try {
    me = me || await api("GET", "/v1/me");
  } catch (e) {
    sessionStorage.removeItem("yxq-token");
    signin.hidden = false;
    document.getElementById("signin-error").textContent = e.message;
    return;
  }
  signin.hidden = true;
  document.getElementById("who").textContent = ROLE[me.role] + (me.subject ? "：" + me.subject : "");
  const nav = document.getElementById("nav");
  nav.replaceChildren(el("a", { href: "#/", on: { click: () => { sessionStorage.removeItem("yxq-token"); me = null; } } }, "退出"));
  try {
    if (me.role === "company") await companyView(view);
    else if (me.role === "team" || me.role === "expert") await inboxView(view);
    else await analystView(view);
  } catch (e) {
    view.append(el("p", { class: "error", role: "alert" }, e.message));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("signin-form").addEventListener("submit", ev => {
    ev.preventDefault();
    sessionStorage.setItem("yxq-token", document.getElementById("token").value.trim());
    me = null;
    render();
  });
  window.addEventListener("hashchange", render);
  render();
});
