package sheet

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"yixianqian/engine"
)

// Staff reports: tables that people read, with names and titles rather
// than IDs. Unlike ProfilesTable and NeedsTable they are not meant to be
// imported again.

// NeedsReportTable lays out needs with their suppliers: one row a need.
func NeedsReportTable(rs []engine.NeedReport) Table {
	t := Table{Sheet: "技术需求", Header: []string{"需求名称", "企业名称", "所属产业", "所在县区", "合作方式", "预算(万元)",
		"截止日期", "状态", "提交日期", "对接方", "联系方式"}}
	for _, r := range rs {
		n := &r.Need
		var who, contact []string
		for _, s := range r.Suppliers {
			who = append(who, supplierName(&s.Profile)+"："+assignmentLabel(s.Assignment.Status))
			contact = append(contact, strings.TrimSpace(s.Profile.Name+" "+s.Profile.Phone+" "+s.Profile.Email))
		}
		created := ""
		if !n.Created.IsZero() {
			created = n.Created.Format("2006-01-02")
		}
		t.Rows = append(t.Rows, []string{needTitle(n), n.Enterprise, n.Industry, n.County, strings.Join(n.Modes, "、"),
			formatFloat(n.Budget), n.Deadline, statusLabel(n.Status), created, strings.Join(who, "\n"), strings.Join(contact, "\n")})
	}
	return t
}

// MatchesTable lays out a need's ranked suppliers.
func MatchesTable(r *engine.MatchReport) Table {
	t := Table{Sheet: "匹配结果", Header: []string{"需求名称", "排名", "名称", "类型", "单位", "职称", "匹配度", "得分",
		"研究方向", "联系电话", "电子邮箱", "推荐理由"}}
	for _, m := range r.Result.Matches {
		p := &m.Profile
		reason := ""
		if m.Explain != nil {
			reason = m.Explain.Reason
		}
		t.Rows = append(t.Rows, []string{needTitle(&r.Need), strconv.Itoa(m.Rank), p.Name, kindLabel(p.Kind), p.Organisation, p.Title,
			m.Label, strconv.FormatFloat(m.Score, 'f', 3, 64), strings.Join(p.Fields, "、"), p.Phone, p.Email, reason})
	}
	return t
}

// BatchTable lays out a plan of the monthly batch: the pairs it makes,
// then the needs it cannot serve and why.
func BatchTable(r *engine.BatchReport) Table {
	t := Table{Sheet: "月度批量指派 " + r.Plan.Month, Header: []string{"需求名称", "企业名称", "所在县区", "所属产业",
		"指派给", "类型", "单位", "得分", "说明"}}
	need := func(id string) []string {
		n, ok := r.Needs[id]
		if !ok {
			return []string{id, "", "", ""}
		}
		return []string{needTitle(&n), n.Enterprise, n.County, n.Industry}
	}
	for _, p := range r.Plan.Pairs {
		pr, ok := r.Profiles[p.ProfileID]
		if !ok {
			pr = engine.Profile{ID: p.ProfileID, Name: p.ProfileID}
		}
		note := "按匹配得分指派"
		if p.Forced {
			note = "工作人员指定"
		}
		t.Rows = append(t.Rows, slices.Concat(need(p.NeedID), []string{supplierName(&pr), kindLabel(pr.Kind), pr.Organisation,
			strconv.FormatFloat(p.Score, 'f', 3, 64), note}))
	}
	for _, u := range r.Plan.Infeasible {
		t.Rows = append(t.Rows, slices.Concat(need(u.NeedID), []string{"", "", "", "", "本月无法指派：" + unservedLabel(u.Reason)}))
	}
	return t
}

// FunnelTable lays out the funnel: the counts, the needs by status, and
// the coverage by county and by industry.
func FunnelTable(f engine.Funnel) Table {
	month := f.Month
	if month == "" {
		month = "全部"
	}
	t := Table{Sheet: "对接漏斗 " + month, Header: []string{"类别", "项目", "数值"}}
	add := func(group, item, value string) { t.Rows = append(t.Rows, []string{group, item, value}) }
	add("概况", "月份", month)
	add("概况", "需求数", strconv.Itoa(f.Needs))
	add("概况", "已答复的指派", strconv.Itoa(f.Answered))
	add("概况", "其中接受", strconv.Itoa(f.Accepted))
	add("概况", "接受率", percent(f.AcceptanceRate))
	add("概况", "被接受的需求", strconv.Itoa(f.AcceptedNeeds))
	add("概况", "提交到接受的中位时长（小时）", strconv.FormatFloat(f.MedianHoursToAccept, 'f', 1, 64))
	for _, s := range engine.Statuses() {
		add("按状态", statusLabel(s), strconv.Itoa(f.ByStatus[s]))
	}
	for _, g := range []struct {
		name string
		m    map[string]float64
	}{{"县区覆盖率", f.CountyCoverage}, {"产业覆盖率", f.IndustryCoverage}} {
		keys := make([]string, 0, len(g.m))
		for k := range g.m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			add(g.name, k, percent(g.m[k]))
		}
	}
	return t
}

func percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }

// needTitle is a need's title, or the start of its description.
func needTitle(n *engine.Need) string {
	if t := strings.TrimSpace(n.Title); t != "" {
		return t
	}
	d := []rune(strings.TrimSpace(n.Description))
	if len(d) > 30 {
		return string(d[:30]) + "…"
	}
	return string(d)
}

// supplierName is a supplier's name with its organisation.
func supplierName(p *engine.Profile) string {
	if p.Organisation == "" || p.Kind != engine.KindExpert {
		return p.Name
	}
	return p.Name + "（" + p.Organisation + "）"
}

// assignmentLabel is the Chinese label of an assignment status.
func assignmentLabel(s engine.AssignmentStatus) string {
	labels := map[engine.AssignmentStatus]string{
		engine.AssignAssigned: "已指派，待答复", engine.AssignAccepted: "已接受", engine.AssignDeclined: "已拒绝",
		engine.AssignInProgress: "进行中", engine.AssignResolved: "已解决", engine.AssignClosed: "已关闭",
	}
	if l, ok := labels[s]; ok {
		return l
	}
	return string(s)
}

// unservedLabel says in Chinese why the batch cannot serve a need.
func unservedLabel(reason string) string {
	labels := map[string]string{
		engine.ReasonNoSupplier:   "没有文本相符的专家，也没有本月服务该县区和产业的博士服务团",
		engine.ReasonConflicted:   "候选方均需回避",
		engine.ReasonCapacityFull: "候选方本月容量已满",
		engine.ReasonOutcompeted:  "候选方的容量已分给匹配更好的需求",
	}
	if l, ok := labels[reason]; ok {
		return l
	}
	return reason
}
