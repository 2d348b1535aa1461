// 科企一线牵 pages: pictures drawn as SVG in the page (no outside scripts or
// fonts): the funnel, the nine counties' coverage and a team's
// 一月一县一产 calendar. Every mark carries its data in data-* attributes.
"use strict";

// funnelChart draws one bar per status, in lifecycle order.
function funnelChart(f) {
  const rows = Object.keys(STATUS).map(s => [s, (f.by_status || {})[s] || 0]);
  const max = Math.max(1, ...rows.map(r => r[1]));
  // Narrow, so the labels stay readable when a phone scales it down.
  const W = 420, bar = 24, gap = 7, left = 66, H = rows.length * (bar + gap) + 10;
  const g = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "chart", id: "funnel-chart", role: "img", "aria-label": "需求漏斗：各状态的需求数" });
  rows.forEach(([s, n], i) => {
    const y = 5 + i * (bar + gap), w = Math.max(n ? 3 : 0, (W - left - 60) * n / max);
    g.append(svg("text", { x: left - 8, y: y + bar * 0.68, "text-anchor": "end", class: "axis" }, STATUS[s]),
      svg("rect", { x: left, y, width: w, height: bar, rx: 3, class: "bar st-" + s, "data-status": s, "data-value": n }, svg("title", {}, STATUS[s] + "：" + n + " 条")),
      svg("text", { x: left + w + 6, y: y + bar * 0.68, class: "value" }, n));
  });
  return g;
}

// The nine counties placed roughly as on a map of the city (north up):
// a tile picture, not a survey map.
const COUNTY_TILES = {
  "天台县": [1, 0], "三门县": [2, 0], "仙居县": [0, 1], "临海市": [1, 1], "椒江区": [2, 1],
  "黄岩区": [1, 2], "路桥区": [2, 2], "玉环市": [1, 3], "温岭市": [2, 3],
};

// coverageColor goes from pale red (nothing served) through yellow to
// green (all served); grey when the county has no needs.
function coverageColor(x) {
  if (x === undefined) return "#e6e9ed";
  return "hsl(" + Math.round(125 * x) + ",55%," + Math.round(86 - 36 * x) + "%)";
}

// countyMap colours each county by the share of its needs given to at
// least one supplier; a county without needs is grey.
function countyMap(coverage, counts) {
  const S = 120, W = 3 * S + 20, H = 4 * S + 20;
  const g = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "chart map", id: "county-map", role: "img", "aria-label": "九县（市、区）需求对接覆盖率示意图" });
  for (const [name, [cx, cy]] of Object.entries(COUNTY_TILES)) {
    const x = 10 + cx * S, y = 10 + cy * S;
    const v = coverage[name];
    const n = counts ? counts[name] || 0 : undefined;
    const dark = v !== undefined && v > 0.55;
    g.append(svg("g", { class: "tile", "data-county": name, "data-coverage": v === undefined ? "" : v.toFixed(2) },
      svg("rect", { x: x + 3, y: y + 3, width: S - 6, height: S - 6, rx: 10, fill: coverageColor(v), stroke: "#fff", "stroke-width": 2 }),
      svg("text", { x: x + S / 2, y: y + S / 2 - 8, "text-anchor": "middle", class: dark ? "tile-name light" : "tile-name" }, name),
      svg("text", { x: x + S / 2, y: y + S / 2 + 18, "text-anchor": "middle", class: dark ? "tile-value light" : "tile-value" },
        v === undefined ? "暂无需求" : pct(v, 1) + (n !== undefined ? "（" + n + " 条）" : "")),
      svg("title", {}, name + "：" + (v === undefined ? "暂无需求" : "已对接 " + pct(v, 1)))));
  }
  return g;
}

// industryColor gives each industry a stable colour.
function industryColor(s) {
  let h = 0;
  for (const c of s) h = (h * 31 + c.codePointAt(0)) % 360;
  return "hsl(" + h + ",55%,78%)";
}

// teamCalendar draws a team's schedule: a row per month, a column per
// county, the served cell filled with the industry.
function teamCalendar(schedule, counties) {
  const slots = [...(schedule || [])].sort((a, b) => a.month.localeCompare(b.month));
  if (!slots.length) return empty("暂无服务安排。");
  const months = [...new Set(slots.map(s => s.month))];
  const colW = 76, rowH = 26, left = 86, top = 34;
  const W = left + counties.length * colW + 4, H = top + months.length * rowH + 4;
  const now = thisMonth();
  const g = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "chart calendar", id: "team-calendar", role: "img", "aria-label": "一月一县一产服务日历" });
  counties.forEach((c, i) => g.append(svg("text", { x: left + i * colW + colW / 2, y: 22, "text-anchor": "middle", class: "axis" }, c)));
  months.forEach((m, r) => {
    const y = top + r * rowH;
    g.append(svg("text", { x: left - 8, y: y + rowH * 0.68, "text-anchor": "end", class: m === now ? "axis now" : "axis" }, monthName(m)),
      svg("line", { x1: left, x2: W - 4, y1: y, y2: y, class: "grid" }));
    for (const s of slots.filter(s => s.month === m)) {
      const i = counties.indexOf(s.county);
      if (i < 0) continue;
      g.append(svg("g", { class: "slot", "data-month": m, "data-county": s.county, "data-industry": s.industry },
        svg("rect", { x: left + i * colW + 2, y: y + 2, width: colW - 4, height: rowH - 4, rx: 4, fill: industryColor(s.industry), stroke: m === now ? "#0b5394" : "none", "stroke-width": 2 }),
        svg("text", { x: left + i * colW + colW / 2, y: y + rowH * 0.68, "text-anchor": "middle", class: "cell" }, [...s.industry].slice(0, 5).join("")),
        svg("title", {}, monthName(m) + " · " + s.county + " · " + s.industry)));
    }
  });
  return g;
}
