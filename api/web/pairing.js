// 科企一线牵 pages: 院士结对领航. Staff open a round, let the engine propose
// pairs, adjust and approve them, record wishes and conflicts and read the
// round's report; an expert sees its pairing and records its activity.
"use strict";

const PAIR_MODES = ["顾问指导", "项目合作", "进修学习", "引领推荐", "定制培养"];
const EMPLOYER = { university: "高校", institute: "科研院所", enterprise: "企业" };
const ACTIVITY = { meeting: "交流会面", project: "联合项目", outcome: "合作成果" };
const PAIR_STATUS = { proposed: "建议", approved: "已批准" };
const UNPAIRED = { no_fit: "没有研究方向相近的院士", conflicted: "相近的院士均需回避", full: "相近院士的名额已给了更合适的人选", removed: "建议的配对已被移除" };

function personLine(c) {
  if (!c) return "—";
  const age = c.birth_year ? (new Date().getFullYear() - c.birth_year) + " 岁" : "";
  return [c.title, c.organisation, EMPLOYER[c.employer], age].filter(Boolean).join(" · ");
}

function strengthTag(label) {
  return el("span", { class: "strength s-" + ({ "强": "strong", "中": "medium", "弱": "weak" }[label] || "weak") }, "匹配" + (label || "弱"));
}

async function staffRounds(view) {
  const [list, cands] = await Promise.all([api("GET", "/v1/rounds"), api("GET", "/v1/rounds/candidates")]);
  const msg = msgBox("round-msg");
  const places = cands.academicians.reduce((s, a) => s + (a.max_mentees || 0), 0);
  const picks = cands.mentees.map(m => el("label", { class: "check" },
    el("input", { type: "checkbox", class: "mentee-pick", value: m.id, checked: true }), m.name, el("span", { class: "hint" }, "（" + personLine(m) + "）")));
  const form = el("form", { id: "round-form", novalidate: true },
    field("round-name", "轮次名称", el("input", { id: "round-name", value: cands.year + " 院士结对" })),
    el("fieldset", { class: "checks" }, el("legend", {}, "青年人才候选（" + cands.mentees.length + " 人，按规则选出：高校、科研院所 45 岁以下；骨干企业技术专家）"), picks),
    el("p", { class: "hint" }, "参与院士 " + cands.academicians.length + " 位，共 " + places + " 个结对名额：" + cands.academicians.map(a => a.name).join("、") + "。"),
    el("button", { type: "submit", id: "round-open" }, "开启本轮结对"), msg);
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const mentees = [...form.querySelectorAll(".mentee-pick:checked")].map(i => i.value);
    if (!mentees.length) { say(msg, "请至少选择一位青年人才。"); return; }
    try {
      const r = await api("POST", "/v1/rounds", { name: form.querySelector("#round-name").value.trim(), mentees });
      location.hash = "#/round/" + enc(r.id);
    } catch (e) { say(msg, e.message); }
  });
  const table = list.rounds.length ? el("table", { class: "list", id: "rounds-table" },
    el("thead", {}, el("tr", {}, ["轮次", "青年人才", "院士", "配对（已批准）", "开启时间"].map(h => el("th", { scope: "col" }, h)))),
    el("tbody", {}, list.rounds.map(r => el("tr", { "data-round": r.id },
      el("td", { "data-label": "轮次" }, el("a", { href: "#/round/" + enc(r.id) }, r.name)),
      el("td", { "data-label": "青年人才" }, r.mentees.length),
      el("td", { "data-label": "院士" }, r.academicians.length),
      el("td", { "data-label": "配对" }, r.pairs.length + "（" + r.pairs.filter(p => p.status === "approved").length + "）"),
      el("td", { "data-label": "开启" }, day(r.created)))))) : empty("还没有结对轮次。");
  view.append(el("section", { class: "card" }, el("h2", {}, "院士结对领航"), table),
    el("section", { class: "card" }, el("h2", {}, "开启新一轮"), form));
}

async function staffRound(view, id) {
  let r;
  try { r = await api("GET", "/v1/rounds/" + enc(id)); }
  catch (e) { view.append(el("section", { class: "card" }, el("p", { class: "msg error", role: "alert" }, e.message))); return; }
  const msg = msgBox("round-msg");
  const body = el("div", { id: "round-body" });
  const head = el("div");
  const act = async (method, path, data, done) => {
    try {
      const next = await api(method, "/v1/rounds/" + enc(id) + path, data);
      if (next && next.pairs) r = next;
      draw();
      say(msg, done, true);
    } catch (e) { say(msg, e.message); }
  };
  const propose = el("button", { type: "button", id: "round-propose", on: { click: async () => {
    propose.disabled = true;
    say(msg, "正在按研究方向匹配并求解最优配对…", true);
    await act("POST", "/propose", undefined, "已生成配对建议：已批准和调整过的配对保持不变。");
    propose.disabled = false;
  } } }, "生成配对建议");
  const draw = () => {
    const places = r.academicians.reduce((s, a) => s + ((r.people[a] || {}).max_mentees || 0), 0);
    head.replaceChildren(el("dl", { class: "facts" },
      el("dt", {}, "青年人才"), el("dd", {}, r.mentees.length + " 人"),
      el("dt", {}, "院士"), el("dd", {}, r.academicians.length + " 位，" + places + " 个名额"),
      el("dt", {}, "配对"), el("dd", {}, r.pairs.length + " 对，已批准 " + r.pairs.filter(p => p.status === "approved").length + " 对"),
      el("dt", {}, "建议生成"), el("dd", {}, r.proposed ? date(r.proposed) : "尚未生成")));
    propose.textContent = r.proposed ? "重新生成建议" : "生成配对建议";
    body.replaceChildren(pairsCard(r, act), unpairedCard(r, act), wishesCard(r, act), conflictsCard(r, act), reportCard(id));
  };
  view.append(el("p", { class: "back" }, el("a", { href: "#/rounds" }, "← 结对轮次")),
    el("section", { class: "card" }, el("h2", {}, r.name), head, el("p", { class: "hint" },
      "配对按双方档案的研究方向匹配（与需求匹配相同的关键词和语义方法），在每位院士的名额、每人一位院士、回避关系之内求最优；青年人才填报的意向院士在可行时优先。"),
      el("div", { class: "actions" }, propose), msg), body);
  draw();
}

function academicianSelect(r, current, label) {
  return el("select", { "aria-label": label, class: "academician" }, current ? null : el("option", { value: "" }, "选择院士"),
    r.academicians.map(a => el("option", { value: a, selected: a === current }, (r.people[a] || {}).name + "（" + ((r.people[a] || {}).academy || "") + "）")));
}

function pairsCard(r, act) {
  if (!r.pairs.length) return el("section", { class: "card" }, el("h2", {}, "配对"), empty(r.proposed ? "没有可以配对的青年人才。" : "点击“生成配对建议”，由系统按研究方向提出配对。"));
  const row = p => {
    const m = r.people[p.mentee_id] || {}, a = r.people[p.academician_id] || {};
    const path = "/pairs/" + enc(p.mentee_id);
    const who = el("select", { "aria-label": "更换院士", class: "academician" }, r.academicians.map(x => el("option", { value: x, selected: x === p.academician_id }, (r.people[x] || {}).name)));
    who.addEventListener("change", () => act("PUT", path, { academician_id: who.value }, "已为" + m.name + "更换院士。"));
    const mode = el("select", { "aria-label": "结对方式", class: "mode" }, PAIR_MODES.map(x => el("option", { value: x, selected: x === p.mode }, x)));
    mode.addEventListener("change", () => act("PUT", path, { mode: mode.value }, m.name + "的结对方式已改为" + mode.value + "。"));
    const approved = p.status === "approved";
    return el("tr", { "data-mentee": p.mentee_id, "data-academician": p.academician_id },
      el("td", { "data-label": "青年人才" }, el("strong", {}, m.name), el("br"), el("span", { class: "hint" }, personLine(m))),
      el("td", { "data-label": "院士", class: "academician-name" }, el("strong", {}, a.name), " ", el("span", { class: "hint" }, a.academy || ""), el("br"), approved ? null : who),
      el("td", { "data-label": "匹配" }, strengthTag(p.label), p.preferred ? el("span", { class: "tag wish" }, "本人意向") : null),
      el("td", { "data-label": "方式" }, mode, el("p", { class: "hint" }, p.mode_reason)),
      el("td", { "data-label": "理由", class: "why" }, p.reason),
      el("td", { "data-label": "状态" }, el("span", { class: "tag pair-" + p.status }, PAIR_STATUS[p.status] || p.status), p.adjusted ? el("span", { class: "hint" }, " 已调整") : null,
        (p.activity || []).length ? el("p", { class: "hint" }, "活动 " + p.activity.length + " 次") : null),
      el("td", {}, el("div", { class: "actions" },
        approved ? null : el("button", { type: "button", class: "small approve", on: { click: () => act("POST", path + "/approve", undefined, "已批准" + m.name + "与" + a.name + "院士结对。") } }, "批准"),
        approved || (p.activity || []).length ? null : el("button", { type: "button", class: "small secondary remove", on: { click: async () => {
          if (await confirmAction("移除" + m.name + "与" + a.name + "院士的配对？", "移除后重新生成建议时不会再提出这一对。", "移除")) act("DELETE", path, undefined, "已移除。");
        } } }, "移除"))));
  };
  return el("section", { class: "card" }, el("h2", {}, "配对（" + r.pairs.length + "）"),
    el("table", { class: "list", id: "pairs-table" },
      el("thead", {}, el("tr", {}, ["青年人才", "院士", "匹配", "结对方式", "理由", "状态", ""].map(h => el("th", { scope: "col" }, h)))),
      el("tbody", {}, r.pairs.map(row))));
}

function unpairedCard(r, act) {
  const paired = new Set(r.pairs.map(p => p.mentee_id));
  const left = r.mentees.filter(m => !paired.has(m));
  if (!left.length) return el("div");
  const why = Object.fromEntries((r.unpaired || []).map(u => [u.mentee_id, UNPAIRED[u.reason] || u.reason]));
  return el("section", { class: "card", id: "unpaired" }, el("h2", {}, "暂未配对（" + left.length + "）"),
    el("ul", { class: "suppliers" }, left.map(m => {
      const pick = academicianSelect(r, "", "指定院士");
      return el("li", { "data-mentee": m }, el("strong", {}, (r.people[m] || {}).name), " ", el("span", { class: "hint" }, personLine(r.people[m])),
        el("p", { class: "hint" }, why[m] || "尚未生成建议"),
        el("div", { class: "actions" }, pick, el("button", { type: "button", class: "small secondary", on: { click: () => {
          if (pick.value) act("PUT", "/pairs/" + enc(m), { academician_id: pick.value }, "已为" + (r.people[m] || {}).name + "指定院士。");
        } } }, "指定")));
    })));
}

function wishesCard(r, act) {
  const mentee = el("select", { id: "wish-mentee", "aria-label": "青年人才" }, r.mentees.map(m => el("option", { value: m }, (r.people[m] || {}).name)));
  const mode = el("select", { id: "wish-mode", "aria-label": "意向方式" }, el("option", { value: "" }, "不限方式"), PAIR_MODES.map(x => el("option", { value: x }, x)));
  const picks = [1, 2, 3].map(i => academicianSelect(r, "", "意向院士 " + i));
  const save = () => act("PUT", "/preferences/" + enc(mentee.value), { mode: mode.value, academicians: picks.map(p => p.value).filter(Boolean) },
    "已登记" + (r.people[mentee.value] || {}).name + "的意向，重新生成建议时生效。");
  const list = (r.preferences || []).map(p => el("li", {}, el("strong", {}, (r.people[p.mentee_id] || {}).name), "：",
    [p.mode, (p.academicians || []).map(a => (r.people[a] || {}).name + "院士").join("、")].filter(Boolean).join("；")));
  return el("section", { class: "card", id: "wishes" }, el("h2", {}, "结对意向"),
    list.length ? el("ul", {}, list) : el("p", { class: "hint" }, "青年人才可填报意向方式和至多三位院士（本人也可在自己的页面填报）。"),
    el("div", { class: "actions" }, mentee, mode, picks, el("button", { type: "button", class: "small", on: { click: save } }, "登记意向")));
}

function conflictsCard(r, act) {
  const cs = r.conflicts || [];
  const mentee = el("select", { "aria-label": "青年人才" }, r.mentees.map(m => el("option", { value: m }, (r.people[m] || {}).name)));
  const acad = academicianSelect(r, "", "需回避的院士");
  const reason = el("input", { "aria-label": "回避原因", placeholder: "回避原因，如：亲属关系", class: "grow" });
  const put = list => act("PUT", "/conflicts", { conflicts: list }, "回避关系已更新。");
  return el("section", { class: "card", id: "conflicts" }, el("h2", {}, "回避关系"),
    cs.length ? el("ul", {}, cs.map((c, i) => el("li", {}, (r.people[c.mentee_id] || {}).name + " — " + (r.people[c.academician_id] || {}).name + "院士",
      c.reason ? "（" + c.reason + "）" : "", " ", el("button", { type: "button", class: "link", on: { click: () => put(cs.filter((_, j) => j !== i)) } }, "删除")))) :
      el("p", { class: "hint" }, "档案中声明的回避单位会自动生效；此处登记本轮另需回避的配对。"),
    el("div", { class: "actions" }, mentee, acad, reason, el("button", { type: "button", class: "small secondary", on: { click: () => {
      if (acad.value) put([...cs, { mentee_id: mentee.value, academician_id: acad.value, reason: reason.value.trim() }]);
    } } }, "登记回避")));
}

function reportCard(id) {
  const box = el("section", { class: "card", id: "round-report" }, el("h2", {}, "本轮报告"), el("p", { class: "hint" }, "正在统计…"));
  api("GET", "/v1/rounds/" + enc(id) + "/report").then(rep => {
    const stat = (label, value) => el("div", { class: "stat" }, el("span", { class: "stat-value" }, value), el("span", { class: "stat-label" }, label));
    box.replaceChildren(el("h2", {}, "本轮报告"),
      el("div", { class: "stats" }, stat("配对", rep.pairs), stat("已批准", rep.approved), stat("未配对", rep.unpaired),
        stat("名额占用", rep.pairs + " / " + rep.places), stat("意向满足", rep.wishes ? rep.wishes_honoured + " / " + rep.wishes : "—"),
        stat("有活动的配对", rep.active_pairs)),
      el("div", { class: "split" },
        el("div", {}, el("h3", {}, "结对方式"), countBars("mode-chart", PAIR_MODES.map(m => [m, rep.by_mode[m] || 0]), "各结对方式的配对数")),
        el("div", {}, el("h3", {}, "活动记录（已批准的配对）"), countBars("activity-chart", Object.keys(ACTIVITY).map(k => [ACTIVITY[k], rep.activity[k] || 0]), "各类活动次数"))),
      el("h3", {}, "产业覆盖"),
      el("table", { class: "list", id: "field-coverage" },
        el("thead", {}, el("tr", {}, ["产业", "青年人才", "已配对", "同产业院士", "院士研究方向"].map(h => el("th", { scope: "col" }, h)))),
        el("tbody", {}, rep.fields.map(f => el("tr", { "data-industry": f.industry },
          el("td", { "data-label": "产业" }, f.industry), el("td", { "data-label": "青年人才" }, f.mentees), el("td", { "data-label": "已配对" }, f.paired),
          el("td", { "data-label": "同产业" }, f.same_industry), el("td", { "data-label": "方向", class: "why" }, f.fields.join("、") || "—"))))));
  }).catch(e => box.replaceChildren(el("p", { class: "msg error", role: "alert" }, e.message)));
  return box;
}

// countBars draws one horizontal bar per [label, count].
function countBars(id, rows, title) {
  const max = Math.max(1, ...rows.map(r => r[1]));
  const W = 360, bar = 22, gap = 6, left = 80, H = rows.length * (bar + gap) + 8;
  const g = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "chart", id, role: "img", "aria-label": title });
  rows.forEach(([label, n], i) => {
    const y = 4 + i * (bar + gap), w = Math.max(n ? 3 : 0, (W - left - 40) * n / max);
    g.append(svg("text", { x: left - 8, y: y + bar * 0.7, "text-anchor": "end", class: "axis" }, label),
      svg("rect", { x: left, y, width: w, height: bar, rx: 3, class: "bar", "data-label": label, "data-value": n }, svg("title", {}, label + "：" + n)),
      svg("text", { x: left + w + 6, y: y + bar * 0.7, class: "value" }, n));
  });
  return g;
}

// expertPairing is an expert's own 院士结对: its approved pairs, the
// activity it records, and, as a mentee, its wishes.
function expertPairing() {
  const box = el("section", { class: "card", id: "my-pairing", hidden: true });
  const load = () => api("GET", "/v1/me/pairing").then(p => {
    box.hidden = !p.rounds.length;
    box.replaceChildren(el("h2", {}, "院士结对领航"), ...p.rounds.map(r => myRound(r, load)));
  }).catch(e => { box.hidden = false; box.replaceChildren(el("p", { class: "msg error", role: "alert" }, e.message)); });
  load();
  return box;
}

function myRound(r, reload) {
  const out = el("div", { class: "my-round", "data-round": r.round_id }, el("h3", {}, r.round_name));
  for (const p of r.pairs) out.append(myPair(r, p, reload));
  if (!r.pairs.length) out.append(el("p", { class: "hint" }, r.role === "mentee" ? "配对尚在确认中，确认后将在这里显示您的结对院士。" : "暂无已确认的青年人才。"));
  if (r.role === "mentee" && !r.pairs.length) out.append(myWish(r, reload));
  return out;
}

function myPair(r, p, reload) {
  const o = p.other, mentee = r.role === "mentee";
  const msg = el("p", { class: "msg" });
  const kind = el("select", { "aria-label": "活动类型", class: "act-kind" }, Object.entries(ACTIVITY).map(([k, v]) => el("option", { value: k }, v)));
  const when = el("input", { type: "date", "aria-label": "日期", class: "act-date", value: new Date().toISOString().slice(0, 10) });
  const title = el("input", { "aria-label": "活动内容", class: "grow act-title", placeholder: "如：到院士团队交流，商定联合申报项目" });
  const record = async () => {
    if (!title.value.trim()) { say(msg, "请填写活动内容。"); return; }
    try {
      await api("POST", "/v1/rounds/" + enc(r.round_id) + "/pairs/" + enc(p.mentee_id) + "/activity", { kind: kind.value, date: when.value, title: title.value.trim() });
      say(msg, "已记录。", true);
      setTimeout(reload, 400);
    } catch (e) { say(msg, e.message); }
  };
  return el("article", { class: "pair item", "data-other": o.id },
    el("div", { class: "title-row" }, el("h3", { class: "other-name" }, mentee ? "我的结对院士：" + o.name + "（" + (o.academy || "") + "院士）" : "青年人才：" + o.name),
      el("span", { class: "tag pair-approved" }, p.mode)),
    el("p", { class: "hint" }, [o.title, o.organisation].filter(Boolean).join(" · ")),
    el("p", { class: "reason" }, p.reason), el("p", { class: "hint" }, p.mode_reason),
    el("h3", {}, "活动记录"),
    (p.activity || []).length ? el("ol", { class: "timeline activity" }, p.activity.map(a => el("li", {},
      el("span", { class: "when" }, a.date), el("span", { class: "who" }, ACTIVITY[a.kind] || a.kind), el("span", { class: "what" }, a.title)))) : empty("暂无活动记录。"),
    el("div", { class: "actions" }, kind, when, title, el("button", { type: "button", class: "small record", on: { click: record } }, "记录活动")), msg);
}

function myWish(r, reload) {
  const pref = r.preference || {};
  const msg = el("p", { class: "msg" });
  const mode = el("select", { "aria-label": "意向方式" }, el("option", { value: "" }, "不限方式"), PAIR_MODES.map(x => el("option", { value: x, selected: x === pref.mode }, x)));
  const picks = [0, 1, 2].map(i => el("select", { "aria-label": "意向院士 " + (i + 1) }, el("option", { value: "" }, "意向院士（可不选）"),
    (r.academicians || []).map(a => el("option", { value: a.id, selected: (pref.academicians || [])[i] === a.id }, a.name + "（" + (a.fields || [])[0] + "）"))));
  const save = async () => {
    try {
      await api("PUT", "/v1/rounds/" + enc(r.round_id) + "/preferences/" + enc(App.me.subject), { mode: mode.value, academicians: picks.map(p => p.value).filter(Boolean) });
      say(msg, "意向已提交，科协生成配对时会优先考虑。", true);
    } catch (e) { say(msg, e.message); }
  };
  return el("div", { class: "wish" }, el("p", {}, "您可以填报结对意向：方式和至多三位院士。"),
    el("div", { class: "actions" }, mode, picks, el("button", { type: "button", class: "small", on: { click: save } }, "提交意向")), msg);
}
