// 科企一线牵 pages: a doctoral team or an expert works the needs given to
// it; a team also sees, and asks to serve, the needs open in its slot.
"use strict";

async function supplierHome(view) {
  const [box, profile] = await Promise.all([api("GET", "/v1/inbox"), api("GET", "/v1/profiles/" + enc(App.me.subject)).catch(() => null)]);
  const assigned = el("section", { class: "card", id: "assigned" }, el("h2", {}, "指派给我的需求"));
  if (!box.assigned.length) assigned.append(empty("暂无指派给您的需求。"));
  const order = { assigned: 0, accepted: 1, in_progress: 1 };
  box.assigned.sort((a, b) => (order[a.assignment.status] ?? 2) - (order[b.assignment.status] ?? 2));
  for (const item of box.assigned) {
    const n = item.need, a = item.assignment;
    assigned.append(el("article", { class: "item", "data-need": n.id },
      el("div", { class: "title-row" }, el("h3", {}, el("a", { href: "#/need/" + enc(n.id) }, needTitle(n))), statusTag(a.status)),
      el("p", { class: "hint" }, [n.enterprise, n.county, n.industry].filter(Boolean).join(" · ")),
      el("p", { class: "desc clamp" }, n.description),
      assignmentActions(n.id, a)));
  }
  view.append(assigned);
  if (App.me.role === "expert") view.append(expertPairing());
  const summary = profile ? profileSummary(profile) : null;
  if (App.me.role !== "team") { if (summary) view.append(summary); return; }
  const open = el("section", { class: "card", id: "open" }, el("h2", {}, "本月服务县区、产业中的待对接需求"));
  if (!box.open.length) open.append(empty("本月服务的县区和产业中暂无待对接需求。"));
  for (const n of box.open) {
    const mine = (n.requests || []).some(r => r.profile_id === App.me.subject);
    const msg = el("span", { class: "msg" });
    const btn = el("button", { type: "button", class: "small request", disabled: mine, on: { click: async () => {
      try {
        await api("POST", "/v1/needs/" + enc(n.id) + "/request", { note: "" });
        btn.disabled = true; btn.textContent = "已申请";
        say(msg, "已提交申请，等待科协确认。", true);
      } catch (e) { say(msg, e.message); }
    } } }, mine ? "已申请" : "申请对接");
    open.append(el("article", { class: "item", "data-need": n.id },
      el("div", { class: "title-row" }, el("h3", {}, el("a", { href: "#/need/" + enc(n.id) }, needTitle(n))), statusTag(n.status)),
      el("p", { class: "hint" }, [n.enterprise, n.county, n.industry].filter(Boolean).join(" · ")),
      el("p", { class: "desc clamp" }, n.description), el("div", { class: "actions" }, btn, msg)));
  }
  view.append(open);
  if (summary) view.append(summary);
}

// profileSummary shows a supplier its own profile: what it is known for
// and, for a team, its 一月一县一产 calendar.
function profileSummary(p) {
  const now = (p.schedule || []).find(s => s.month === thisMonth());
  return el("section", { class: "card", id: "my-profile" },
    el("div", { class: "title-row" }, el("h2", {}, p.name), el("span", { class: "kind" }, KIND[p.kind])),
    el("p", { class: "hint" }, [p.title, p.organisation].filter(Boolean).join(" · ")),
    (p.keywords || []).length ? el("p", { class: "terms" }, "专长：", p.keywords.slice(0, 10).map(w => el("span", { class: "word" }, w))) : null,
    p.kind === "team" ? [
      el("p", {}, now ? "本月（" + monthName(now.month) + "）在" + now.county + "服务" + now.industry + "产业。" : "本月没有服务安排。"),
      el("h3", {}, "一月一县一产服务日历"), el("div", { class: "chart-box" }, teamCalendar(p.schedule, App.me.counties))] : null);
}

// assignmentActions are what the supplier can do next on its assignment.
function assignmentActions(needId, a) {
  const msg = el("p", { class: "msg" });
  const act = (path, body, done) => async () => {
    const b = body();
    if (b === null) return;
    try {
      await api("POST", "/v1/needs/" + enc(needId) + path, b);
      say(msg, done, true);
      setTimeout(route, 500);
    } catch (e) { say(msg, e.message); }
  };
  const box = el("div", { class: "actions" });
  if (a.status === "assigned") {
    const reason = el("input", { "aria-label": "拒绝原因", placeholder: "如拒绝，请写明原因", class: "grow" });
    box.append(el("button", { type: "button", class: "accept", on: { click: act("/respond", () => ({ accept: true }), "已接受，科协工作人员将协助您与企业对接。") } }, "接受"),
      reason, el("button", { type: "button", class: "secondary decline", on: { click: act("/respond", () => ({ accept: false, reason: reason.value.trim() }), "已拒绝。") } }, "拒绝"));
  } else if (a.status === "accepted" || a.status === "in_progress") {
    const note = el("input", { "aria-label": "进展说明", placeholder: "进展说明，如：已到厂取样", class: "grow" });
    box.append(note, el("button", { type: "button", class: "progress", on: { click: act("/progress", () => ({ note: note.value.trim() }), "进展已记录。") } }, "提交进展"),
      el("button", { type: "button", class: "secondary resolve", on: { click: async () => {
        if (!await confirmAction("确认该需求已解决？", "办结后企业可以评价本次对接。", "已解决")) return;
        act("/finish", () => ({ resolved: true, note: note.value.trim() }), "已办结。")();
      } } }, "已解决"));
  }
  return el("div", {}, box, msg);
}

async function supplierNeed(view, id) {
  let story;
  try { story = await api("GET", "/v1/needs/" + enc(id)); }
  catch (e) {
    view.append(el("section", { class: "card" }, el("p", { class: "msg error", role: "alert" }, e.status === 404 ? "未找到该需求，或它未指派给您。" : e.message)));
    return;
  }
  const mine = (story.assignments || []).find(a => a.profile_id === App.me.subject);
  view.append(el("p", { class: "back" }, el("a", { href: "#/" }, "← 我的待办")),
    el("section", { class: "card", id: "need" }, el("div", { class: "title-row" }, el("h2", {}, needTitle(story)), statusTag(story.status)),
      needFacts(story), el("p", { class: "desc" }, story.description), mine ? assignmentActions(id, mine) : null),
    el("section", { class: "card" }, el("h2", {}, "办理经过"), timeline(story)));
}
