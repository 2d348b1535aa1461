package sheet

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"yixianqian/engine"
)

// workKinds pairs the work kinds of engine data with the labels staff use.
var workKinds = [][2]string{
	{"paper", "论文"}, {"patent", "专利"}, {"project", "项目"}, {"award", "奖励"},
	{"standard", "标准"}, {"book", "专著"}, {"software", "软件著作权"},
}

func workKindOf(label string) string {
	for _, k := range workKinds {
		if label == k[1] || strings.EqualFold(label, k[0]) {
			return k[0]
		}
	}
	return label
}

func workKindLabel(kind string) string {
	for _, k := range workKinds {
		if kind == k[0] {
			return k[1]
		}
	}
	return kind
}

// enumerator is a list number at the start of a line: "1." "2、" "(3)" "④".
var enumerator = regexp.MustCompile(`^(?:[0-9]{1,2}[.、．)）]|[(（][0-9]{1,2}[)）]|[①-⑳])\s*`)

func stripEnumerator(s string) string {
	loc := enumerator.FindStringIndex(s)
	if loc == nil {
		return s
	}
	rest := s[loc[1]:]
	if r, _ := utf8.DecodeRuneInString(rest); r >= '0' && r <= '9' {
		return s // "1.5T 磁共振" is not a list number
	}
	return rest
}

// decodeWorks builds the works from the numbered columns (成果1, 成果1简介
// …), then each line or ；-separated item of the 代表成果 cells, then each
// 简介 cell as a work with only a text.
func decodeWorks(rc *rowCells) ([]engine.Work, error) {
	numbered := map[int]*engine.Work{}
	for f, vs := range rc.vals {
		n, part, ok := workFieldParts(f)
		if !ok {
			continue
		}
		w := numbered[n]
		if w == nil {
			w = &engine.Work{}
			numbered[n] = w
		}
		v := vs[0]
		var err error
		switch part {
		case "title":
			err = rc.checkLen(v.header, v.value, engine.MaxNameLen)
			w.Title = v.value
		case "text":
			err = rc.checkLen(v.header, v.value, engine.MaxTextLen)
			w.Text = v.value
		case "kind":
			err = rc.checkLen(v.header, v.value, engine.MaxShortLen)
			w.Kind = workKindOf(v.value)
		case "year":
			if y, ok := parseBirthYear(v.value); ok {
				w.Year = y
			} else {
				rc.warn(v.header, "“%s”不是年份，已留空", v.value)
			}
		case "keywords":
			w.Keywords, err = rc.list(f, engine.MaxShortLen)
		}
		if err != nil {
			return nil, err
		}
	}
	var works []engine.Work
	keys := make([]int, 0, len(numbered))
	for n := range numbered {
		keys = append(keys, n)
	}
	slices.Sort(keys)
	for _, n := range keys {
		w := numbered[n]
		if w.Title == "" && w.Text == "" {
			rc.warn("", "成果%d 没有名称和简介，已忽略", n)
			continue
		}
		if w.Text == "" {
			w.Text = w.Title
		}
		works = append(works, *w)
	}
	for _, v := range rc.vals["works"] {
		items := strings.FieldsFunc(v.value, func(r rune) bool { return r == '\n' || r == '；' || r == ';' })
		for _, item := range items {
			item = cleanCell(stripEnumerator(cleanCell(item)))
			if item == "" {
				continue
			}
			if err := rc.checkLen(v.header, item, engine.MaxTextLen); err != nil {
				return nil, err
			}
			w := engine.Work{Text: item}
			if utf8.RuneCountInString(item) <= engine.MaxNameLen {
				w.Title = item
			}
			works = append(works, w)
		}
	}
	for _, v := range rc.vals["work_text"] {
		if err := rc.checkLen(v.header, v.value, engine.MaxTextLen); err != nil {
			return nil, err
		}
		works = append(works, engine.Work{Text: v.value})
	}
	if len(works) > engine.MaxWorks {
		return nil, rc.fail("", "共 %d 项成果，最多 %d 项", len(works), engine.MaxWorks)
	}
	return works, nil
}

// decodeTeam reads a team's members (one a line: 姓名（单位）：领域、领域),
// schedule (one month a line: 2026-03 椒江区 医药化工) and any profile's
// stations (one a line: 类型｜名称｜县区｜依托企业).
func decodeTeam(rc *rowCells, p *engine.Profile) error {
	if p.Kind != engine.KindTeam && (len(rc.vals["members"]) > 0 || len(rc.vals["schedule"]) > 0) {
		return rc.fail("", "只有博士服务团可以填写团队成员和服务安排；请检查“类型”列")
	}
	for _, v := range rc.vals["members"] {
		for _, line := range lines(v.value) {
			m, ok := parseMember(line)
			if !ok || utf8.RuneCountInString(m.Name) > engine.MaxNameLen || utf8.RuneCountInString(m.Organisation) > engine.MaxNameLen {
				rc.warn(v.header, "成员“%s”无法识别（应写成 姓名（单位）：领域、领域），已忽略", line)
				continue
			}
			p.Members = append(p.Members, m)
		}
	}
	for _, v := range rc.vals["schedule"] {
		for _, line := range lines(v.value) {
			s, ok := parseSlot(line)
			switch {
			case !ok:
				rc.warn(v.header, "服务安排“%s”无法识别（应写成 2026-03 椒江区 医药化工），已忽略", line)
			case slices.ContainsFunc(p.Schedule, func(o engine.Slot) bool { return o.Month == s.Month }):
				rc.warn(v.header, "%s 已有服务安排（一月一县一产），“%s”已忽略", s.Month, line)
			default:
				p.Schedule = append(p.Schedule, s)
			}
		}
	}
	for _, v := range rc.vals["stations"] {
		for _, line := range lines(v.value) {
			st, ok := parseStation(line)
			if !ok {
				rc.warn(v.header, "工作站“%s”无法识别（应写成 类型｜名称｜县区｜依托企业），已忽略", line)
				continue
			}
			p.Stations = append(p.Stations, st)
		}
	}
	return nil
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = cleanCell(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func parseMember(line string) (engine.Member, bool) {
	var m engine.Member
	head, fields, _ := strings.Cut(strings.Replace(line, "：", ":", 1), ":")
	head = strings.ReplaceAll(strings.ReplaceAll(head, "（", "("), "）", ")")
	if i := strings.Index(head, "("); i >= 0 && strings.HasSuffix(head, ")") {
		m.Organisation = strings.TrimSpace(head[i+1 : len(head)-1])
		head = head[:i]
	}
	m.Name = strings.TrimSpace(head)
	for _, f := range splitList(fields) {
		if utf8.RuneCountInString(f) > engine.MaxShortLen {
			return m, false
		}
		m.Fields = appendNew(m.Fields, f)
	}
	return m, m.Name != ""
}

func formatMember(m engine.Member) string {
	s := m.Name
	if m.Organisation != "" {
		s += "（" + m.Organisation + "）"
	}
	if len(m.Fields) > 0 {
		s += "：" + strings.Join(m.Fields, "、")
	}
	return s
}

var slotMonth = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$`)

func parseSlot(line string) (engine.Slot, bool) {
	parts := strings.FieldsFunc(foldWidth(line), func(r rune) bool { return r == ' ' || r == '\t' || strings.ContainsRune("，,、|｜", r) })
	if len(parts) != 3 {
		return engine.Slot{}, false
	}
	m := slotMonth.FindStringSubmatch(parts[0])
	if m == nil {
		return engine.Slot{}, false
	}
	mo, _ := strconv.Atoi(m[2])
	county, ok := countyOf(parts[1])
	if mo < 1 || mo > 12 || !ok || utf8.RuneCountInString(parts[2]) > engine.MaxShortLen {
		return engine.Slot{}, false
	}
	return engine.Slot{Month: m[1] + "-" + twoDigits(mo), County: county, Industry: parts[2]}, true
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func formatSlot(s engine.Slot) string { return s.Month + " " + s.County + " " + s.Industry }

func parseStation(line string) (engine.Station, bool) {
	parts := strings.FieldsFunc(line, func(r rune) bool { return r == '|' || r == '｜' })
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	var st engine.Station
	if len(parts) > 0 && slices.Contains(engine.StationTypes(), parts[0]) {
		st.Type, parts = parts[0], parts[1:]
	}
	if len(parts) < 2 || len(parts) > 3 {
		return st, false
	}
	county, ok := countyOf(parts[1])
	if !ok || parts[0] == "" {
		return st, false
	}
	st.Name, st.County = parts[0], county
	if len(parts) == 3 {
		st.Host = parts[2]
	}
	if utf8.RuneCountInString(st.Name) > engine.MaxNameLen || utf8.RuneCountInString(st.Host) > engine.MaxNameLen {
		return st, false
	}
	return st, true
}

func formatStation(st engine.Station) string {
	parts := []string{st.Name, st.County}
	if st.Type != "" {
		parts = append([]string{st.Type}, parts...)
	}
	if st.Host != "" {
		parts = append(parts, st.Host)
	}
	return strings.Join(parts, "｜")
}
