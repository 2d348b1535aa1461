// 科企一线牵 pages, common part: building elements, calling the API (session
// cookie with its CSRF token, or a bearer token), names and dates, match
// cards, a need's story and confirmations. All user text is set with
// textContent; highlighted snippets are rebuilt from text nodes.
"use strict";

const STATUS = { submitted: "已提交", matched: "已匹配", assigned: "已指派", accepted: "已接受", declined: "已拒绝", in_progress: "进行中", resolved: "已解决", closed: "已关闭", withdrawn: "已撤回" };
const KIND = { expert: "专家", team: "博士服务团", society: "学会" };
const PART = { lexical: "关键词", semantic: "语义", industry: "产业", county: "县区", slot: "本月服务", capacity: "容量", specificity: "类型与专一度" };
const ROLE = { admin: "管理员", analyst: "科协工作人员", company: "企业", team: "博士服务团", expert: "专家" };
const UNSERVED = { no_supplier: "没有匹配的供给方或服务团", conflicted: "候选均需回避", capacity_full: "候选容量已满", outcompeted: "容量已分给更合适的需求", vague: "需求描述过于笼统，需人工对接" };

const App = { me: null, token: null };

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "on") for (const [ev, fn] of Object.entries(v)) e.addEventListener(ev, fn);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(3)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// svg builds an SVG element; attributes are presentation attributes, so
// the strict CSP (no inline styles) is kept.
function svg(tag, attrs, ...children) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, v);
  for (const c of children.flat(3)) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function api(method, path, body, opts) {
  const headers = {};
  if (App.token) headers.Authorization = "Bearer " + App.token;
  else if (App.me && App.me.csrf && method !== "GET") headers["X-CSRF-Token"] = App.me.csrf;
  const init = { method, headers, credentials: "same-origin" };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const resp = await fetch(path, init);
  if (opts && opts.raw) return resp;
  const data = (resp.headers.get("Content-Type") || "").includes("json") ? await resp.json() : await resp.text();
  if (!resp.ok) {
    const msg = data && data.error ? data.error.message : "请求失败（" + resp.status + "）";
    throw Object.assign(new Error(msg), { status: resp.status, code: data && data.error && data.error.code });
  }
  return data;
}

function enc(id) { return encodeURIComponent(id); }

// message shows an outcome: ok in green, an error in red, never the one
// styled as the other.
function say(box, text, ok) {
  box.className = ok ? "msg ok" : "msg error";
  box.setAttribute("role", ok ? "status" : "alert");
  box.textContent = text;
  App.flash = ok ? { box, text, at: Date.now() } : null;
}

// showFlash repeats on a page drawn again, for six seconds and in sight
// wherever the page is scrolled, the outcome an action just reported,
// whose message went with the page it was on.
function showFlash(view) {
  const f = App.flash;
  App.flash = null;
  if (f && !document.contains(f.box) && Date.now() - f.at < 5000) {
    const flash = el("p", { class: "msg ok", id: "flash", role: "status" }, f.text);
    view.prepend(flash);
    setTimeout(() => flash.remove(), 6000);
  }
}

function msgBox(id) { return el("p", { class: "msg", id, "aria-live": "polite" }); }

function empty(text) { return el("p", { class: "empty" }, text || "暂无"); }

function date(s) {
  if (!s) return "—";
  const d = new Date(s);
  if (isNaN(d)) return "—";
  const p = n => String(n).padStart(2, "0");
  return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + " " + p(d.getHours()) + ":" + p(d.getMinutes());
}

function day(s) { return s ? date(s).slice(0, 10) : "—"; }

function monthName(m) { return m ? m.slice(0, 4) + "年" + Number(m.slice(5, 7)) + "月" : "—"; }

function thisMonth() {
  const d = new Date();
  return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0");
}

function needTitle(n) { return n.title || (n.description || "").slice(0, 30) || "（无标题）"; }

function statusTag(s) { return el("span", { class: "tag st-" + (s || "submitted") }, STATUS[s] || STATUS.submitted); }

function pct(x, n) { return n ? (100 * x).toFixed(0) + "%" : "—"; }

// confirmAction shows a confirmation beside the page (a dialog, so the
// page keeps its place) and resolves to true when confirmed.
function confirmAction(question, detail, yes) {
  return new Promise(resolve => {
    const close = v => { overlay.remove(); resolve(v); };
    const ok = el("button", { type: "button", id: "confirm-yes", on: { click: () => close(true) } }, yes || "确认");
    const overlay = el("div", { class: "overlay", role: "dialog", "aria-modal": "true", "aria-labelledby": "confirm-q" },
      el("div", { class: "dialog" }, el("h3", { id: "confirm-q" }, question), detail ? el("p", {}, detail) : null,
        el("div", { class: "actions" }, ok, el("button", { type: "button", class: "secondary", id: "confirm-no", on: { click: () => close(false) } }, "取消"))));
    overlay.addEventListener("keydown", e => { if (e.key === "Escape") close(false); });
    document.body.append(overlay);
    ok.focus();
  });
}

// ---- matches ----

// sentence keeps, of a highlighted fragment, the sentence around its first
// mark, so that a card shows one readable sentence of context.
function sentence(frag) {
  const first = frag.indexOf("<mark>");
  if (first < 0) return frag;
  const stops = /[。！？；!?;\n]/;
  let from = first;
  while (from > 0 && !stops.test(frag[from - 1])) from--;
  let to = frag.indexOf("</mark>", first);
  while (to < frag.length && !stops.test(frag[to])) to++;
  let s = frag.slice(from, Math.min(frag.length, to + 1)).trim();
  // A cut tag at either end would show as text.
  s = s.replace(/^[^<]*?>/, "").replace(/<[^>]*$/, "");
  return s;
}

// snippet turns a fragment with <mark> tags (text already HTML-escaped by
// the server) into nodes, without ever parsing it as HTML into the page.
function snippet(frag) {
  const p = el("p", { class: "snippet" });
  let marked = false, opened = 0;
  for (const part of sentence(frag).split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") { marked = true; opened++; continue; }
    if (part === "</mark>") { marked = false; continue; }
    const text = new DOMParser().parseFromString(part, "text/html").documentElement.textContent;
    p.append(marked ? el("mark", {}, text) : document.createTextNode(text));
  }
  return opened ? p : null;
}

// wholeWords keeps matched terms of two characters or more, each once, and
// drops a term that is part of a longer one shown.
function wholeWords(terms) {
  const list = [...new Set(terms.filter(t => [...t].length >= 2))];
  return list.filter(t => !list.some(o => o !== t && o.includes(t))).slice(0, 8);
}

function matchCard(m, actions) {
  const p = m.profile, ex = m.explanation || {};
  const words = wholeWords(Object.values(ex.terms || {}).flat());
  const snips = [];
  const sn = ex.snippets || {};
  // A sentence of a work or a title reads better than a list of keywords.
  for (const f of [...(sn.text || []), ...(sn.titles || []), ...(sn.keywords || [])]) {
    const s = snippet(f);
    if (s && !snips.some(o => o.textContent === s.textContent)) snips.push(s);
    if (snips.length === 1) break;
  }
  const parts = Object.entries(ex.parts || {}).map(([k, v]) => el("li", {}, (PART[k] || k) + " " + v.toFixed(2)));
  const label = m.label || "中";
  const card = el("article", { class: "match", "data-profile": p.id },
    el("div", { class: "match-head" },
      el("span", { class: "strength s-" + ({ "强": "strong", "中": "medium", "弱": "weak" }[label] || "medium"), title: "匹配强度" }, "匹配" + label),
      el("h3", {}, p.name), el("span", { class: "kind" }, KIND[p.kind] || p.kind)),
    el("p", { class: "org" }, [p.title, p.organisation].filter(Boolean).join(" · ")),
    ex.reason ? el("p", { class: "reason" }, ex.reason) : null,
    m.similar && m.similar.length ? el("p", { class: "similar" }, "另有 " + m.similar.length + " 个相似成果（同一成果的其他登记）") : null,
    words.length ? el("p", { class: "terms" }, "匹配词：", words.map(w => el("span", { class: "word" }, w))) : null,
    snips,
    p.phone || p.email ? el("p", { class: "contact" }, "联系方式：", [p.phone, p.email].filter(Boolean).join(" · ")) : null,
    el("details", { class: "score" }, el("summary", {}, "详细"), el("p", {}, "综合得分 " + m.score.toFixed(2) + "，由以下各项相加："), el("ul", {}, parts)));
  if (actions) card.append(actions(m));
  return card;
}

// matchList shows five cards, then a 更多 button for the rest.
function matchList(res, actions) {
  const box = el("div", { class: "matches" });
  const chk = res.check || {};
  if (chk.vague) {
    box.append(el("div", { class: "notice vague" }, el("p", {}, "需求描述较笼统，难以找准对口的专家。建议补充："),
      el("ul", {}, (chk.hints || []).map(h => el("li", {}, h)))));
  } else if (res.weak && res.matches.length) {
    box.append(el("p", { class: "notice" }, "匹配度都不高，建议由科协工作人员人工对接。"));
  }
  if (!res.matches.length) { box.append(empty("暂无匹配的专家、服务团或学会。")); return box; }
  const cards = res.matches.map(m => matchCard(m, actions));
  box.append(...cards.slice(0, 5));
  if (cards.length > 5) {
    const more = el("button", { type: "button", class: "secondary more", on: { click: () => { more.replaceWith(...cards.slice(5)); } } }, "更多（" + (cards.length - 5) + "）");
    box.append(more);
  }
  return box;
}

// ---- a need's story ----

function needFacts(n) {
  const facts = [["企业", n.enterprise], ["产业", n.industry], ["县（市、区）", n.county], ["合作方式", (n.modes || []).join("、") || n.mode],
    ["预算", n.budget ? n.budget + " 万元" : ""], ["期限", n.deadline], ["提交时间", date(n.created)]];
  return el("dl", { class: "facts" }, facts.filter(([, v]) => v).map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

// timeline lists the need's history and the suppliers' progress notes,
// oldest first, with who and when.
function timeline(story) {
  const names = story.names || {};
  const who = by => names[by] || ROLE[by] || "—";
  // Moves into progress are shown by their notes, below.
  const items = (story.history || []).filter(h => h.to !== "in_progress").map(h => ({
    at: h.at, by: who(h.by),
    what: (h.to === h.from ? "" : "状态：" + (STATUS[h.from] || "") + " → " + (STATUS[h.to] || h.to)) + (h.profile_id && h.to === "assigned" ? "，指派给 " + (names[h.profile_id] || "—") : ""),
    note: h.to === "in_progress" ? "" : h.reason,
  }));
  for (const a of story.assignments || []) for (const n of a.notes || []) items.push({ at: n.at, by: who(n.by), what: "进展", note: n.text, progress: true });
  for (const r of story.requests || []) items.push({ at: r.at, by: names[r.profile_id] || "—", what: "申请对接", note: r.note });
  items.sort((a, b) => new Date(a.at) - new Date(b.at));
  items.unshift({ at: story.created, by: story.enterprise || "企业", what: "提交需求" });
  return el("ol", { class: "timeline", id: "timeline" }, items.map(i => el("li", { class: i.progress ? "progress" : "" },
    el("span", { class: "when" }, date(i.at)), el("span", { class: "who" }, i.by), el("span", { class: "what" }, i.what),
    i.note ? el("q", { class: "note" }, i.note) : null)));
}

function assignmentsList(story, actions) {
  const names = story.names || {};
  if (!(story.assignments || []).length) return empty("尚未指派。");
  return el("ul", { class: "suppliers", id: "suppliers" }, story.assignments.map(a => el("li", { "data-profile": a.profile_id },
    el("strong", {}, names[a.profile_id] || "—"), " ", statusTag(a.status), " ", el("span", { class: "hint" }, "指派于 " + day(a.created)),
    a.reason ? el("p", { class: "hint" }, "拒绝原因：" + a.reason) : null,
    (a.notes || []).length ? el("p", { class: "note" }, "最新进展：" + a.notes[a.notes.length - 1].text) : null,
    actions ? actions(a) : null)));
}

function pager(total, offset, limit, go) {
  if (total <= limit) return null;
  const pages = Math.ceil(total / limit), page = Math.floor(offset / limit) + 1;
  return el("nav", { class: "pager", "aria-label": "翻页" },
    el("button", { type: "button", class: "secondary", disabled: page <= 1, on: { click: () => go(offset - limit) } }, "上一页"),
    el("span", {}, "第 " + page + " / " + pages + " 页，共 " + total + " 条"),
    el("button", { type: "button", class: "secondary", disabled: page >= pages, on: { click: () => go(offset + limit) } }, "下一页"));
}

function select(id, label, values, empty, labels) {
  return el("div", { class: "field" }, el("label", { for: id }, label),
    el("select", { id, name: id }, empty !== undefined ? el("option", { value: "" }, empty) : null,
      values.map(v => el("option", { value: v }, labels ? labels[v] || v : v))));
}

function field(id, label, input) { return el("div", { class: "field" }, el("label", { for: id }, label), input); }
