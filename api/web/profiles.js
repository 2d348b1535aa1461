// 科协 staff pages: the suppliers (a list, a form editor with inline
// validation, spreadsheet import), the dictionary and the accounts.
"use strict";

async function staffProfiles(view) {
  const q = new URLSearchParams(location.hash.split("?")[1] || "");
  const kind = q.get("kind") || "";
  const data = await api("GET", "/v1/profiles?limit=500" + (kind ? "&kind=" + kind : ""));
  const search = el("input", { id: "q", type: "search", placeholder: "姓名、单位或关键词", value: q.get("q") || "" });
  const kinds = select("f-kind", "类型", ["expert", "team", "society"], "全部", KIND);
  kinds.querySelector("select").value = kind;
  kinds.querySelector("select").addEventListener("change", e => { location.hash = "#/profiles" + (e.target.value ? "?kind=" + e.target.value : ""); });
  const body = el("tbody");
  const foot = el("div");
  let offset = 0;
  const show = () => {
    const term = search.value.trim();
    const list = data.profiles.filter(p => !term || [p.name, p.organisation, ...(p.keywords || []), ...(p.fields || [])].some(v => v && v.includes(term)));
    body.replaceChildren(...list.slice(offset, offset + PAGE).map(p => el("tr", { "data-profile": p.id },
      el("td", { "data-label": "名称" }, el("a", { href: "#/profile/" + enc(p.id) }, p.name), p.inactive ? el("span", { class: "tag st-closed" }, "已停用") : null),
      el("td", { "data-label": "类型" }, KIND[p.kind]),
      el("td", { "data-label": "单位" }, p.organisation || "—"),
      el("td", { "data-label": "关键词" }, (p.keywords || []).slice(0, 4).join("、") || "—"),
      el("td", {}, el("a", { class: "button small secondary nowrap", href: "#/profile/" + enc(p.id) }, "编辑")))));
    foot.replaceChildren(list.length ? pager(list.length, offset, PAGE, o => { offset = o; show(); }) || "" : empty("没有符合条件的档案。"));
  };
  search.addEventListener("input", () => { offset = 0; show(); });
  view.append(el("section", { class: "card" },
    el("div", { class: "title-row" }, el("h2", {}, "专家、服务团和学会（" + data.total + "）"), el("a", { class: "button small", href: "#/profile/new", id: "new-profile" }, "新建档案")),
    el("div", { class: "filters" }, field("q", "搜索", search), kinds),
    el("table", { class: "list", id: "profiles-table" }, el("thead", {}, el("tr", {}, ["名称", "类型", "单位", "关键词", ""].map(h => el("th", { scope: "col" }, h)))), body), foot),
    importCard());
  show();
}

// importCard uploads a spreadsheet (xlsx, csv) or JSON Lines: a dry run
// first, shown line by line, then the import. It stays hidden while the
// service has no upload route.
function importCard() {
  const card = el("section", { class: "card", id: "import", hidden: true });
  const fd = new FormData();
  fd.set("dry_run", "true");
  api("POST", "/v1/needs/import", fd, { raw: true }).then(r => { if (r.status !== 404) card.hidden = false; }).catch(() => {});
  const what = select("import-what", "导入内容", ["profiles", "needs"], undefined, { profiles: "专家、服务团和学会", needs: "技术需求" });
  const file = el("input", { id: "import-file", type: "file", accept: ".xlsx,.csv,.jsonl" });
  const msg = msgBox("import-msg");
  const out = el("div", { id: "import-rows" });
  const send = async dry => {
    if (!file.files.length) { say(msg, "请选择文件。"); return; }
    const body = new FormData();
    body.set("file", file.files[0]);
    body.set("dry_run", dry ? "true" : "false");
    try {
      const r = await api("POST", "/v1/" + what.querySelector("select").value + "/import", body);
      say(msg, r.summary || (dry ? "试导入完成。" : "已导入。"), true);
      const act = { add: "新增", update: "更新", refuse: "拒绝", duplicate: "重复" };
      out.replaceChildren((r.rows || []).length ? el("table", { class: "list" },
        el("thead", {}, el("tr", {}, ["行", "处理", "名称", "说明"].map(h => el("th", { scope: "col" }, h)))),
        el("tbody", {}, r.rows.map(x => el("tr", { class: "act-" + x.action },
          el("td", { "data-label": "行" }, x.line), el("td", { "data-label": "处理" }, act[x.action] || x.action),
          el("td", { "data-label": "名称" }, x.name || "—"),
          el("td", { "data-label": "说明" }, [x.message, ...(x.warnings || [])].filter(Boolean).join("；") || "—"))))) : "");
      importBtn.disabled = !dry;
    } catch (e) { say(msg, e.message); }
  };
  const importBtn = el("button", { type: "button", disabled: true, on: { click: async () => {
    if (await confirmAction("按预览导入？", "预览中“拒绝”的行不会导入。", "导入")) send(false);
  } } }, "导入");
  file.addEventListener("change", () => { importBtn.disabled = true; out.replaceChildren(); });
  card.append(el("h2", {}, "批量导入"), el("p", { class: "hint" }, "支持 Excel（.xlsx）、CSV 和 JSON Lines。先预览，逐行核对后再导入。"),
    el("div", { class: "row" }, what, field("import-file", "文件", file)),
    el("div", { class: "actions" }, el("button", { type: "button", class: "secondary", on: { click: () => send(true) } }, "预览"), importBtn), msg, out);
  return card;
}

const splitList = s => s.split(/[,，、;；\n]/).map(x => x.trim()).filter(Boolean);

// staffProfile is the form editor of one profile (id "new": a new one).
async function staffProfile(view, id) {
  const isNew = id === "new";
  const p = isNew ? { kind: "expert", works: [] } : await api("GET", "/v1/profiles/" + enc(id));
  const form = el("form", { id: "profile-form", novalidate: true });
  const msg = msgBox("profile-msg");
  const input = (name, label, value, attrs) => field("p-" + name, label, el("input", Object.assign({ id: "p-" + name, name, value: value ?? "" }, attrs || {})));
  const kindSel = select("p-kind", "类型", ["expert", "team", "society"], undefined, KIND);
  kindSel.querySelector("select").value = p.kind;
  if (!isNew) kindSel.querySelector("select").disabled = true;
  const counties = el("fieldset", { class: "checks" }, el("legend", {}, "服务县（市、区）"), App.me.counties.map(c => el("label", { class: "check" },
    el("input", { type: "checkbox", name: "counties", value: c, checked: (p.counties || []).includes(c) }), c)));
  const industries = el("fieldset", { class: "checks" }, el("legend", {}, "产业"), App.me.industries.map(c => el("label", { class: "check" },
    el("input", { type: "checkbox", name: "industries", value: c, checked: (p.industries || []).includes(c) }), c)));
  const members = rowsEditor("members", "成员", p.members || [], [["name", "姓名", "text", true], ["organisation", "单位", "text"], ["fields", "方向（逗号分隔）", "list"]]);
  const schedule = rowsEditor("schedule", "服务安排（一月一县一产）", p.schedule || [], [["month", "月份", "month", true], ["county", "县区", App.me.counties, true], ["industry", "产业", App.me.industries, true]]);
  const works = rowsEditor("works", "成果（论文、专利、项目）", p.works || [], [["title", "标题", "text"], ["text", "内容", "textarea"], ["keywords", "关键词（逗号分隔）", "list"], ["year", "年份", "number"]]);
  const teamOnly = el("div", { id: "team-fields" }, members.box, schedule.box,
    (p.schedule || []).length ? el("div", { class: "chart-box" }, teamCalendar(p.schedule, App.me.counties)) : null);
  const syncKind = () => { teamOnly.hidden = kindSel.querySelector("select").value !== "team"; };
  kindSel.querySelector("select").addEventListener("change", syncKind);
  form.append(
    el("div", { class: "row" }, isNew ? input("id", "编号（英文字母、数字）", "", { required: true, placeholder: "如 exp-201" }) : null, kindSel,
      input("name", "名称（必填）", p.name, { required: true }), input("organisation", "单位", p.organisation), input("title", "职称", p.title),
      input("phone", "电话", p.phone, { inputmode: "tel" }), input("email", "电子邮箱", p.email, { type: "email" }),
      input("capacity", "同时承接上限（项）", p.capacity || "", { type: "number", min: 0 })),
    input("fields", "研究方向（逗号分隔）", (p.fields || []).join("、")),
    input("keywords", "关键词（逗号分隔）", (p.keywords || []).join("、")),
    input("conflicts", "回避单位（逗号分隔）", (p.conflicts || []).join("、")),
    counties, industries, teamOnly, works.box,
    el("div", { class: "actions" }, el("button", { type: "submit", id: "profile-save" }, isNew ? "创建" : "保存"),
      !isNew && !p.inactive ? el("button", { type: "button", class: "danger", on: { click: async () => {
        if (!await confirmAction("停用" + p.name + "？", "停用后不再参与匹配，已有指派不受影响。", "停用")) return;
        try { await api("POST", "/v1/profiles/" + enc(p.id) + "/deactivate"); say(msg, "已停用。", true); } catch (e) { say(msg, e.message); }
      } } }, "停用") : null), msg);
  syncKind();
  form.addEventListener("input", ev => { if (ev.target.getAttribute("aria-invalid")) clearInvalid(ev.target); });
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const v = name => (form.querySelector("#p-" + name) || {}).value?.trim() || "";
    const out = Object.assign({}, p, {
      id: isNew ? v("id") : p.id, kind: kindSel.querySelector("select").value, name: v("name"), organisation: v("organisation"), title: v("title"),
      phone: v("phone"), email: v("email"), capacity: Number(v("capacity")) || 0,
      fields: splitList(v("fields")), keywords: splitList(v("keywords")), conflicts: splitList(v("conflicts")),
      counties: [...form.querySelectorAll("input[name=counties]:checked")].map(x => x.value),
      industries: [...form.querySelectorAll("input[name=industries]:checked")].map(x => x.value),
      works: works.read(),
    });
    if (out.kind === "team") { out.members = members.read(); out.schedule = schedule.read(); } else { delete out.members; delete out.schedule; }
    for (const k of Object.keys(out)) if (out[k] === "" || (Array.isArray(out[k]) && !out[k].length) || out[k] === 0) delete out[k];
    out.name = out.name || "";
    if (!validateProfile(form, out, schedule, works)) { say(msg, "请按提示修改标红的内容。"); return; }
    try {
      await api(isNew ? "POST" : "PUT", isNew ? "/v1/profiles" : "/v1/profiles/" + enc(p.id), out);
      say(msg, isNew ? "已创建。" : "已保存。", true);
      if (isNew) setTimeout(() => { location.hash = "#/profile/" + enc(out.id); }, 500);
    } catch (e) { say(msg, e.message); }
  });
  view.append(el("p", { class: "back" }, el("a", { href: "#/profiles" }, "← 供给方列表")),
    el("section", { class: "card" }, el("h2", {}, isNew ? "新建档案" : "编辑：" + p.name), form));
}

function invalidAt(input, text) {
  input.setAttribute("aria-invalid", "true");
  const hint = el("span", { class: "field-error" }, text);
  input.after(hint);
  return false;
}

function clearInvalid(input) {
  input.removeAttribute("aria-invalid");
  if (input.nextElementSibling && input.nextElementSibling.classList.contains("field-error")) input.nextElementSibling.remove();
}

// validateProfile checks what the service would refuse and marks each
// field in place.
function validateProfile(form, p, schedule, works) {
  form.querySelectorAll("[aria-invalid]").forEach(clearInvalid);
  let ok = true;
  const at = (sel, text) => { const i = form.querySelector(sel); if (i) ok = invalidAt(i, text); else ok = false; };
  if (form.querySelector("#p-id") && !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(p.id || "")) at("#p-id", "编号须为英文字母、数字或 . _ : -，以字母或数字开头");
  if (!p.name.trim()) at("#p-name", "请填写名称");
  if (p.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(p.email)) at("#p-email", "电子邮箱格式不正确");
  if (p.phone && !/^\+?[0-9][0-9 -]{4,24}$/.test(p.phone)) at("#p-phone", "电话须为 5 到 25 位数字，可含空格和短横线");
  const seen = {};
  (p.schedule || []).forEach((s, i) => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(s.month)) at('[name="schedule-month-' + i + '"]', "请选择月份");
    else if (seen[s.month]) at('[name="schedule-month-' + i + '"]', "同一个月只能服务一个县一个产业");
    seen[s.month] = true;
    if (!s.county) at('[name="schedule-county-' + i + '"]', "请选择县区");
    if (!s.industry) at('[name="schedule-industry-' + i + '"]', "请选择产业");
  });
  (p.members || []).forEach((m, i) => { if (!m.name) at('[name="members-name-' + i + '"]', "请填写成员姓名"); });
  (p.works || []).forEach((w, i) => { if (!w.title && !w.text) at('[name="works-text-' + i + '"]', "标题和内容至少填一项"); });
  if (!ok) { const first = form.querySelector("[aria-invalid]"); if (first) first.focus(); }
  return ok;
}

// rowsEditor edits a list of records as rows of inputs, with add and
// remove; columns are [key, label, type or list of choices, required].
function rowsEditor(name, legend, rows, cols) {
  const list = el("div", { class: "rows", id: name + "-rows" });
  const add = r => {
    const i = list.children.length;
    const cells = cols.map(([k, label, type]) => {
      const v = r[k];
      const id = name + "-" + k + "-" + i;
      let input;
      if (Array.isArray(type)) {
        input = el("select", { id, name: id }, el("option", { value: "" }, "请选择"), type.map(c => el("option", { value: c }, c)));
        input.value = v || "";
        if (v && input.value !== v) { input.append(el("option", { value: v }, v)); input.value = v; }
      } else if (type === "textarea") {
        input = el("textarea", { id, name: id, rows: 3 });
        input.value = v || "";
      } else {
        input = el("input", { id, name: id, type: type === "list" ? "text" : type, value: type === "list" ? (v || []).join("、") : v ?? "" });
      }
      input.dataset.key = k;
      input.dataset.type = Array.isArray(type) ? "choice" : type;
      return el("div", { class: type === "textarea" ? "field wide" : "field" }, el("label", { for: id }, label), input);
    });
    const row = el("div", { class: "edit-row" }, cells, el("button", { type: "button", class: "small secondary remove", on: { click: () => row.remove() } }, "删除"));
    list.append(row);
  };
  rows.forEach(add);
  const addBtn = el("button", { type: "button", class: "small secondary add", on: { click: () => { add({}); more.open = true; } } }, "添加");
  // A long list (works) starts folded, so the form stays short.
  const more = el("details", { class: "rows-more", open: rows.length <= 3 }, el("summary", {}, rows.length ? "共 " + rows.length + " 项，展开编辑" : "暂无，点“添加”录入"), list);
  const box = el("fieldset", { class: "rows-box", id: name }, el("legend", {}, legend), more, addBtn);
  const read = () => [...list.children].map(row => {
    const r = {};
    for (const input of row.querySelectorAll("[data-key]")) {
      const v = input.value.trim();
      if (input.dataset.type === "list") { if (v) r[input.dataset.key] = splitList(v); }
      else if (input.dataset.type === "number") { if (v) r[input.dataset.key] = Number(v); }
      else if (v) r[input.dataset.key] = v;
    }
    return r;
  }).filter(r => Object.keys(r).length);
  return { box, read };
}

async function staffDictionary(view) {
  const data = await api("GET", "/v1/dictionary");
  const d = data.dictionary;
  const words = el("textarea", { id: "dict-words", rows: 10 });
  words.value = (d.words || []).map(w => [w.text, w.freq || "", w.tag || ""].join(" ").trim()).join("\n");
  const syns = el("textarea", { id: "dict-synonyms", rows: 6 });
  syns.value = (d.synonyms || []).map(g => g.join(" = ")).join("\n");
  const status = el("p", { id: "dict-status", role: "status" }, progressText(data));
  const poll = async () => {
    const r = await api("GET", "/v1/dictionary");
    status.textContent = progressText(r);
    if (r.reindex.running) setTimeout(poll, 500);
  };
  const save = async () => {
    const body = { words: [], synonyms: [] };
    for (const line of words.value.split("\n").map(l => l.trim()).filter(Boolean)) {
      const [text, freq, tag] = line.split(/\s+/);
      body.words.push({ text, freq: Number(freq) || 0, tag: tag || "" });
    }
    for (const line of syns.value.split("\n").map(l => l.trim()).filter(Boolean)) body.synonyms.push(line.split("=").map(x => x.trim()).filter(Boolean));
    try {
      const r = await api("PUT", "/v1/dictionary", body);
      say(status, progressText(r), true);
      poll();
    } catch (e) { say(status, e.message); }
  };
  view.append(el("section", { class: "card" }, el("h2", {}, "领域词典与同义词（第 " + d.version + " 版）"),
    field("dict-words", "词条：每行“词 [词频 [词性]]”", words),
    field("dict-synonyms", "同义词：每行“词 = 词 [= 词 …]”", syns),
    el("button", { type: "button", id: "dict-save", on: { click: save } }, "保存并生效"), status));
}

function progressText(r) {
  const p = r.reindex;
  return "词典第 " + r.dictionary.version + " 版" + (p.running ? "：正在重建索引 " + p.done + " / " + p.total : p.error ? "：已重建 " + p.done + " / " + p.total + "，" + p.error : "：已全部生效");
}

async function adminAccounts(view) {
  const data = await api("GET", "/v1/accounts");
  const msg = msgBox("account-msg");
  // The accounts made most often first; an administrator is chosen on purpose.
  const role = select("a-role", "角色", ["company", "team", "expert", "analyst", "admin"], undefined, ROLE);
  const subjectBox = el("div", { class: "field", id: "a-subject-box" });
  const syncSubject = async () => {
    const r = role.querySelector("select").value;
    if (r === "company") subjectBox.replaceChildren(el("label", { for: "a-subject" }, "所属企业（全称）"), el("input", { id: "a-subject", required: true }));
    else if (r === "team" || r === "expert") {
      const ps = await api("GET", "/v1/profiles?limit=500&kind=" + r);
      subjectBox.replaceChildren(el("label", { for: "a-subject" }, r === "team" ? "对应服务团" : "对应专家"),
        el("select", { id: "a-subject" }, ps.profiles.map(p => el("option", { value: p.id }, p.name + (p.organisation ? "（" + p.organisation + "）" : "")))));
    } else subjectBox.replaceChildren();
  };
  role.querySelector("select").addEventListener("change", syncSubject);
  syncSubject();
  const form = el("form", { id: "account-form", novalidate: true },
    el("div", { class: "row" }, field("a-username", "用户名或手机号", el("input", { id: "a-username", required: true, autocomplete: "off" })),
      field("a-name", "姓名", el("input", { id: "a-name" })), role, subjectBox,
      field("a-password", "初始密码（至少 8 位）", el("input", { id: "a-password", type: "password", autocomplete: "new-password", minlength: 8 }))),
    el("button", { type: "submit" }, "创建账号"), msg);
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const v = id => (form.querySelector("#" + id) || {}).value || "";
    try {
      await api("POST", "/v1/accounts", { username: v("a-username"), name: v("a-name"), role: v("a-role"), subject: v("a-subject"), password: v("a-password") });
      say(msg, "已创建账号 " + v("a-username") + "。", true);
      setTimeout(route, 600);
    } catch (e) { say(msg, e.message); }
  });
  const rows = data.accounts.map(a => {
    const pw = el("input", { type: "password", "aria-label": "新密码", placeholder: "新密码", autocomplete: "new-password", class: "grow" });
    const m = el("span", { class: "msg" });
    return el("tr", {}, el("td", { "data-label": "用户名" }, a.username), el("td", { "data-label": "姓名" }, a.name || "—"),
      el("td", { "data-label": "角色" }, ROLE[a.role]), el("td", { "data-label": "对应" }, a.subject_name || a.subject || "—"),
      el("td", { "data-label": "状态" }, a.locked ? el("span", { class: "tag st-declined" }, "已锁定") : "正常"),
      el("td", {}, el("div", { class: "actions" }, pw, el("button", { type: "button", class: "small secondary", on: { click: async () => {
        try { await api("POST", "/v1/accounts/" + enc(a.id) + "/password", { password: pw.value }); say(m, "已重置并解锁。", true); pw.value = ""; }
        catch (e) { say(m, e.message); }
      } } }, "重置密码"), m)));
  });
  view.append(el("section", { class: "card" }, el("h2", {}, "新建账号"), form),
    el("section", { class: "card" }, el("h2", {}, "账号（" + data.accounts.length + "）"),
      el("table", { class: "list", id: "accounts-table" }, el("thead", {}, el("tr", {}, ["用户名", "姓名", "角色", "对应", "状态", ""].map(h => el("th", { scope: "col" }, h)))), el("tbody", {}, rows))));
}
