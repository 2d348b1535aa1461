// 科企一线牵 pages, the shell: sign-in (user name and password; a token for
// API users), the header with who is signed in, the navigation of each
// role and the routes.
"use strict";

const NAV = {
  company: [["#/", "我的需求"]],
  team: [["#/", "我的待办"]],
  expert: [["#/", "我的待办"]],
  analyst: [["#/needs", "需求"], ["#/batch", "月度批量"], ["#/funnel", "统计"], ["#/profiles", "供给方"], ["#/rounds", "院士结对"], ["#/packages", "服务包"], ["#/groups", "科技服务团"], ["#/dictionary", "词典"]],
};
NAV.admin = [...NAV.analyst, ["#/accounts", "账号"]];

// route shows the page of the current address for the signed-in role.
async function route() {
  const view = document.getElementById("view");
  view.replaceChildren();
  document.querySelectorAll(".overlay").forEach(o => o.remove());
  if (!App.me) { showSignIn(); return; }
  const hash = location.hash.split("?")[0];
  const [, page, arg] = hash.match(/^#\/([a-z]*)\/?(.*)$/) || [, "", ""];
  const id = decodeURIComponent(arg || "");
  for (const a of document.querySelectorAll("#nav a")) a.toggleAttribute("aria-current", a.getAttribute("href") === "#/" + page || (page === "" && a.getAttribute("href") === "#/"));
  const role = App.me.role, staff = role === "admin" || role === "analyst";
  const render = async () => {
    if (page === "password") return passwordPage(view);
    if (role === "company") return page === "need" ? companyNeed(view, id) : companyHome(view);
    if (role === "team" || role === "expert") return page === "need" ? supplierNeed(view, id) : supplierHome(view);
    if (staff) {
      const pages = { need: () => staffNeed(view, id), batch: () => staffBatch(view), funnel: () => staffFunnel(view), profiles: () => staffProfiles(view),
        profile: () => staffProfile(view, id), dictionary: () => staffDictionary(view), accounts: () => adminAccounts(view),
        rounds: () => staffRounds(view), round: () => staffRound(view, id), packages: () => staffPackages(view), package: () => staffPackage(view, id), groups: () => staffGroups(view) };
      return (pages[page] || (() => staffNeeds(view)))();
    }
  };
  try {
    await render();
    showFlash(view);
  } catch (e) {
    if (e.status === 401) { signedOut(e.message); return; }
    view.append(el("p", { class: "msg error", role: "alert" }, e.message));
  }
}

function showSignIn() {
  document.getElementById("signin").hidden = false;
  document.getElementById("nav").replaceChildren();
  document.getElementById("who").textContent = "";
  document.getElementById("username").focus();
}

function signedOut(message) {
  App.me = null;
  App.token = null;
  sessionStorage.removeItem("yxq-token");
  showSignIn();
  if (message) say(document.getElementById("signin-error"), message);
}

// signedIn draws the header for who is signed in and shows the page.
function signedIn(me) {
  App.me = me;
  document.getElementById("signin").hidden = true;
  document.getElementById("signin-error").textContent = "";
  document.getElementById("who").replaceChildren(el("span", { class: "who-name", id: "who-name" }, me.name || ROLE[me.role]), " ", el("span", { class: "who-role" }, ROLE[me.role]));
  const links = (NAV[me.role] || []).map(([href, label]) => el("a", { href }, label));
  links.push(el("a", { href: "#/password" }, "修改密码"), el("button", { type: "button", class: "link", id: "signout", on: { click: signOut } }, "退出"));
  document.getElementById("nav").replaceChildren(...links);
  route();
}

async function signOut() {
  if (!App.token) await api("POST", "/v1/logout").catch(() => {});
  signedOut();
  location.hash = "#/";
}

async function passwordPage(view) {
  const msg = msgBox("password-msg");
  if (!App.me.account) {
    view.append(el("section", { class: "card" }, el("h2", {}, "修改密码"), empty("您用访问令牌登录，没有密码可改。")));
    return;
  }
  const form = el("form", { id: "password-form", novalidate: true },
    field("pw-current", "当前密码", el("input", { id: "pw-current", type: "password", autocomplete: "current-password" })),
    field("pw-new", "新密码（至少 8 位）", el("input", { id: "pw-new", type: "password", autocomplete: "new-password" })),
    field("pw-again", "再输入一次新密码", el("input", { id: "pw-again", type: "password", autocomplete: "new-password" })),
    el("button", { type: "submit" }, "修改密码"), msg);
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const v = id => form.querySelector("#" + id).value;
    if (v("pw-new").length < 8) { say(msg, "新密码至少 8 位。"); return; }
    if (v("pw-new") !== v("pw-again")) { say(msg, "两次输入的新密码不一致。"); return; }
    try { await api("PUT", "/v1/me/password", { current: v("pw-current"), password: v("pw-new") }); say(msg, "密码已修改，其他设备上的登录已退出。", true); form.reset(); }
    catch (e) { say(msg, e.message); }
  });
  view.append(el("section", { class: "card narrow-card" }, el("h2", {}, "修改密码"), el("p", { class: "hint" }, "账号：" + App.me.account.username), form));
}

document.addEventListener("DOMContentLoaded", async () => {
  const err = document.getElementById("signin-error");
  document.getElementById("signin-form").addEventListener("submit", async ev => {
    ev.preventDefault();
    const username = document.getElementById("username").value.trim(), password = document.getElementById("password").value;
    if (!username || !password) { say(err, "请输入用户名和密码。"); return; }
    try {
      await api("POST", "/v1/login", { username, password });
      document.getElementById("password").value = "";
      signedIn(await api("GET", "/v1/me"));
    } catch (e) { say(err, e.message); }
  });
  document.getElementById("token-form").addEventListener("submit", async ev => {
    ev.preventDefault();
    App.token = document.getElementById("token").value.trim();
    try {
      const me = await api("GET", "/v1/me");
      sessionStorage.setItem("yxq-token", App.token);
      signedIn(me);
    } catch (e) { App.token = null; say(err, e.message); }
  });
  window.addEventListener("hashchange", route);
  App.token = sessionStorage.getItem("yxq-token");
  try { signedIn(await api("GET", "/v1/me")); }
  catch (e) { signedOut(App.token ? e.message : ""); }
});
