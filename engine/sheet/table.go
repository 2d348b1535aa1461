package sheet

import (
	"strconv"
	"strings"

	"yixianqian/engine"
)

// profileColumns are the fixed columns of ProfilesTable; each header is one
// that ReadProfiles maps back to the same field.
var profileColumns = []struct {
	header string
	cell   func(p *engine.Profile) string
}{
	{"编号", func(p *engine.Profile) string { return p.ID }},
	{"类型", func(p *engine.Profile) string { return kindLabel(p.Kind) }},
	{"姓名", func(p *engine.Profile) string { return p.Name }},
	{"单位", func(p *engine.Profile) string { return p.Organisation }},
	{"职称", func(p *engine.Profile) string { return p.Title }},
	{"单位类型", func(p *engine.Profile) string { return employerLabel(p.Employer) }},
	{"院士", func(p *engine.Profile) string { return p.Academy }},
	{"出生年份", func(p *engine.Profile) string { return itoa(p.BirthYear) }},
	{"联系电话", func(p *engine.Profile) string { return p.Phone }},
	{"电子邮箱", func(p *engine.Profile) string { return p.Email }},
	{"研究方向", func(p *engine.Profile) string { return strings.Join(p.Fields, "、") }},
	{"关键词", func(p *engine.Profile) string { return strings.Join(p.Keywords, "、") }},
	{"所属产业", func(p *engine.Profile) string { return strings.Join(p.Industries, "、") }},
	{"服务县区", func(p *engine.Profile) string { return strings.Join(p.Counties, "、") }},
	{"可承接数", func(p *engine.Profile) string { return itoa(p.Capacity) }},
	{"可带教人数", func(p *engine.Profile) string { return itoa(p.MaxMentees) }},
	{"回避单位", func(p *engine.Profile) string { return strings.Join(p.Conflicts, "、") }},
	{"团队成员", func(p *engine.Profile) string { return joinLines(p.Members, formatMember) }},
	{"服务安排", func(p *engine.Profile) string { return joinLines(p.Schedule, formatSlot) }},
	{"工作站", func(p *engine.Profile) string { return joinLines(p.Stations, formatStation) }},
	{"状态", func(p *engine.Profile) string {
		if p.Inactive {
			return "停用"
		}
		return "正常"
	}},
}

// workColumns are the parts of each numbered work column group: 成果1,
// 成果1简介, 成果1类型, 成果1年份, 成果1关键词.
var workColumns = []struct {
	suffix string
	cell   func(w *engine.Work) string
}{
	{"", func(w *engine.Work) string { return w.Title }},
	{"简介", func(w *engine.Work) string {
		if w.Text == w.Title {
			return "" // read back as the title
		}
		return w.Text
	}},
	{"类型", func(w *engine.Work) string { return workKindLabel(w.Kind) }},
	{"年份", func(w *engine.Work) string { return itoa(w.Year) }},
	{"关键词", func(w *engine.Work) string { return strings.Join(w.Keywords, "、") }},
}

// ProfilesTable lays profiles out with the Chinese headers ReadProfiles
// understands, one row a profile; works go into numbered column groups
// (成果1, 成果1简介, 成果1类型, 成果1年份, 成果1关键词, 成果2 …), as many
// groups as the profile with the most works needs, leaving out the parts no
// work uses. Read back, the table gives the same profiles (see the package
// caveats for the few values that cannot make the trip).
func ProfilesTable(profiles []engine.Profile) Table {
	t := Table{Sheet: "专家"}
	maxWorks := 0
	used := make([]bool, len(workColumns))
	for i := range profiles {
		maxWorks = max(maxWorks, len(profiles[i].Works))
		for j := range profiles[i].Works {
			for k, c := range workColumns {
				used[k] = used[k] || c.cell(&profiles[i].Works[j]) != ""
			}
		}
	}
	for _, c := range profileColumns {
		t.Header = append(t.Header, c.header)
	}
	for n := 1; n <= maxWorks; n++ {
		for k, c := range workColumns {
			if used[k] {
				t.Header = append(t.Header, "成果"+strconv.Itoa(n)+c.suffix)
			}
		}
	}
	for i := range profiles {
		p := &profiles[i]
		row := make([]string, 0, len(t.Header))
		for _, c := range profileColumns {
			row = append(row, c.cell(p))
		}
		for n := 0; n < maxWorks; n++ {
			for k, c := range workColumns {
				if !used[k] {
					continue
				}
				v := ""
				if n < len(p.Works) {
					v = c.cell(&p.Works[n])
				}
				row = append(row, v)
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// NeedsTable lays needs out with the Chinese headers ReadNeeds understands,
// one row a need, with the status as a last column that ReadNeeds ignores.
func NeedsTable(needs []engine.Need) Table {
	t := Table{Sheet: "技术需求", Header: []string{"编号", "需求名称", "需求描述", "企业名称", "所属产业", "所在县区", "合作方式", "预算(万元)", "截止日期", "状态"}}
	for i := range needs {
		n := &needs[i]
		modes := n.Modes
		if n.Mode != "" {
			modes = append([]string{n.Mode}, modes...)
		}
		t.Rows = append(t.Rows, []string{n.ID, n.Title, n.Description, n.Enterprise, n.Industry, n.County,
			strings.Join(modes, "、"), formatFloat(n.Budget), n.Deadline, statusLabel(n.Status)})
	}
	return t
}

// statusLabel is the Chinese label of a need status.
func statusLabel(s engine.Status) string {
	labels := map[engine.Status]string{
		engine.StatusSubmitted: "已提交", engine.StatusMatched: "已匹配", engine.StatusAssigned: "已分派",
		engine.StatusAccepted: "已接受", engine.StatusDeclined: "已拒绝", engine.StatusInProgress: "进行中",
		engine.StatusResolved: "已解决", engine.StatusClosed: "已关闭", engine.StatusWithdrawn: "已撤回",
	}
	if l, ok := labels[s]; ok {
		return l
	}
	return string(s)
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func joinLines[T any](items []T, format func(T) string) string {
	lines := make([]string, len(items))
	for i, it := range items {
		lines[i] = format(it)
	}
	return strings.Join(lines, "\n")
}
