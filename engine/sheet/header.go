package sheet

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Mapping maps headers, as written in a file, to field names.
type Mapping map[string]string

// ignoreField is the field name that ignores a column without a warning.
const ignoreField = "-"

// ProfileFields returns the field names a profile column can map to. Besides
// these, "work.N.title", "work.N.text", "work.N.kind", "work.N.year" and
// "work.N.keywords" (N from 1) address the N-th work's parts.
func ProfileFields() []string {
	return []string{"id", "kind", "name", "organisation", "title", "phone", "email", "academy",
		"birth_year", "employer", "fields", "keywords", "industries", "counties", "works", "work_text",
		"capacity", "conflicts", "max_mentees", "members", "schedule", "stations", "inactive"}
}

// NeedFields returns the field names a need column can map to.
func NeedFields() []string {
	return []string{"id", "title", "description", "enterprise", "industry", "county", "modes", "budget", "deadline"}
}

var workField = regexp.MustCompile(`^work\.([1-9][0-9]{0,2})\.(title|text|kind|year|keywords)$`)

// knownField reports whether f is a field name of fields, a numbered work
// field when works is true, or the ignore marker.
func knownField(f string, fields []string, works bool) bool {
	return f == ignoreField || slices.Contains(fields, f) || (works && workField.MatchString(f))
}

// ParseMapping reads a mapping file: one "原始表头 = field" a line, blank
// lines and lines starting with # skipped. A field name that is neither a
// profile nor a need field (nor "-", which ignores the column) is refused
// with an error that names the line and lists the fields.
func ParseMapping(r io.Reader) (Mapping, error) {
	m := Mapping{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64*1024)
	all := slices.Concat(ProfileFields(), NeedFields())
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\uFEFF"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		header, field, ok := strings.Cut(strings.ReplaceAll(line, "＝", "="), "=")
		if !ok {
			return nil, fileProblem("映射文件第 %d 行：缺少“=”，应写成“原始表头 = 字段名”", n)
		}
		header, field = strings.TrimSpace(header), strings.TrimSpace(field)
		if header == "" || field == "" {
			return nil, fileProblem("映射文件第 %d 行：表头和字段名都不能为空", n)
		}
		field = strings.ToLower(foldWidth(field))
		if !knownField(field, all, true) {
			slices.Sort(all)
			all = slices.Compact(all)
			return nil, fileProblem("映射文件第 %d 行：未知字段名“%s”；可用的字段名：%s，work.N.title 等，或 - 表示忽略该列", n, field, strings.Join(all, " "))
		}
		key := normalizeHeader(header)
		if prev, dup := m[key]; dup && prev != field {
			return nil, fileProblem("映射文件第 %d 行：表头“%s”已映射到 %s", n, header, prev)
		}
		m[key] = field
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read mapping: %w", err)
	}
	return m, nil
}

// foldWidth turns full-width ASCII forms and the ideographic space into
// their half-width forms.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

// normalizeHeader folds width and case and drops spaces, markers of
// required columns (※ * ★) and colons: "※ 姓 名：" and "姓名" are one
// header.
func normalizeHeader(h string) string {
	h = strings.ToLower(foldWidth(h))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune("※*★☆:：\uFEFF", r) {
			return -1
		}
		return r
	}, h)
}

// splitParen splits "预算(万元)" into "预算" and "万元"; ok is false when h
// does not end with a parenthesised part. h is normalised, so the brackets
// are half-width.
func splitParen(h string) (base, inner string, ok bool) {
	if !strings.HasSuffix(h, ")") {
		return h, "", false
	}
	i := strings.LastIndex(h, "(")
	if i <= 0 {
		return h, "", false
	}
	return h[:i], h[i+1 : len(h)-1], true
}

// columnField maps one header to a field. It tries the mapping, then the
// synonyms, then the numbered work columns of profiles, then both again
// without a trailing parenthesised part ("预算(万元)", "联系电话(手机)").
// scale is the budget unit in 万元 that the parenthesis gave, 1 otherwise.
func columnField(header string, m Mapping, s *schemaInfo) (field string, scale float64) {
	h := normalizeHeader(header)
	if h == "" {
		return "", 1
	}
	if f := lookupField(h, m, s); f != "" {
		return f, 1
	}
	base, inner, ok := splitParen(h)
	if !ok {
		return "", 1
	}
	f := lookupField(base, m, s)
	if f == "budget" {
		switch inner {
		case "元":
			return f, 1e-4
		case "千元":
			return f, 0.1
		case "亿", "亿元":
			return f, 1e4
		}
	}
	return f, 1
}

func lookupField(h string, m Mapping, s *schemaInfo) string {
	if f, ok := m[h]; ok {
		return f
	}
	for k, f := range m {
		if normalizeHeader(k) == h {
			return f
		}
	}
	if f, ok := s.synonyms[h]; ok {
		return f
	}
	if s.works {
		return numberedWork(h)
	}
	return ""
}

var numberedWorkHeader = regexp.MustCompile(`^(?:代表)?成果([1-9][0-9]{0,2})(名称|标题|简介|内容|摘要|类型|类别|年份|时间|关键词)?$`)

// numberedWork maps "成果2", "成果2简介", "成果2类型", "成果2年份" and
// "成果2关键词" to the second work's fields.
func numberedWork(h string) string {
	m := numberedWorkHeader.FindStringSubmatch(h)
	if m == nil {
		return ""
	}
	part := "title"
	switch m[2] {
	case "简介", "内容", "摘要":
		part = "text"
	case "类型", "类别":
		part = "kind"
	case "年份", "时间":
		part = "year"
	case "关键词":
		part = "keywords"
	}
	return "work." + m[1] + "." + part
}

// workFieldParts returns the work number and part of a "work.N.part" field.
func workFieldParts(f string) (n int, part string, ok bool) {
	m := workField.FindStringSubmatch(f)
	if m == nil {
		return 0, "", false
	}
	n, _ = strconv.Atoi(m[1])
	return n, m[2], true
}

// synonyms builds a normalised header → field table from field → headers.
func synonyms(byField map[string][]string) map[string]string {
	out := map[string]string{}
	for f, hs := range byField {
		for _, h := range hs {
			out[normalizeHeader(h)] = f
		}
	}
	return out
}

// profileSynonyms are the headers of real profile sheets.
func profileSynonyms() map[string]string {
	return synonyms(map[string][]string{
		"id":           {"编号", "ID", "专家编号", "团队编号"},
		"kind":         {"类型", "类别", "专家类型", "主体类型", "供给类型"},
		"name":         {"姓名", "名称", "专家姓名", "团队名称", "学会名称", "服务团名称", "名字"},
		"organisation": {"单位", "工作单位", "所在单位", "单位名称", "依托单位"},
		"title":        {"职称", "技术职称", "专业技术职称"},
		"fields":       {"研究方向", "专业领域", "擅长领域", "研究领域", "专业方向", "学科领域", "专业"},
		"keywords":     {"关键词", "关键字"},
		"industries":   {"所属产业", "产业", "服务产业", "对接产业", "产业领域", "行业"},
		"counties":     {"服务县区", "县区", "所在县区", "服务地区", "服务区域"},
		"works":        {"代表成果", "主要成果", "成果", "代表性成果", "科研成果"},
		"work_text":    {"成果简介", "简介", "个人简介", "专家简介", "团队简介", "学会简介"},
		"phone":        {"联系电话", "手机", "电话", "手机号", "手机号码", "联系方式"},
		"email":        {"电子邮箱", "邮箱", "Email", "E-mail", "电子邮件"},
		"academy":      {"院士", "是否院士", "院士类别", "院士类型", "所属院"},
		"birth_year":   {"出生年份", "出生年月", "出生日期", "出生年"},
		"employer":     {"单位类型", "单位性质"},
		"capacity":     {"容量", "可承接数", "可承接需求数", "承接数量"},
		"conflicts":    {"回避单位", "回避企业", "需回避单位"},
		"max_mentees":  {"可带教人数", "带教人数"},
		"members":      {"团队成员", "成员"},
		"schedule":     {"服务安排", "服务计划", "月度安排"},
		"stations":     {"工作站", "服务站"},
		"inactive":     {"状态"},
		ignoreField:    {"序号"},
	})
}

// needSynonyms are the headers of real need sheets.
func needSynonyms() map[string]string {
	return synonyms(map[string][]string{
		"id":          {"编号", "ID", "需求编号"},
		"enterprise":  {"企业名称", "需求企业", "单位名称", "企业", "公司名称", "需求单位", "申报单位"},
		"title":       {"需求名称", "需求标题", "项目名称", "标题", "名称"},
		"description": {"需求描述", "需求内容", "技术需求", "具体需求", "需求详情", "需求简介", "技术难题", "问题描述"},
		"industry":    {"所属产业", "所属行业", "行业领域", "产业", "行业", "产业领域", "所属领域", "技术领域"},
		"county":      {"所在县区", "县区", "所在地", "所属县区", "所在区域", "地区", "所在地区", "所属地区"},
		"modes":       {"合作方式", "合作模式", "期望合作方式", "对接方式"},
		"budget":      {"预算", "拟投入资金", "预算金额", "投入资金", "拟投入经费", "预算经费"},
		"deadline":    {"截止日期", "截止时间", "完成时限", "期望完成时间", "需求截止日期"},
		ignoreField:   {"序号", "状态", "需求状态"},
	})
}
