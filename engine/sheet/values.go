package sheet

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"yixianqian/engine"
)

// countyOf maps a county as staff write it ("临海", "椒江", "台州市椒江区",
// "玉环县") to one of engine.Counties.
func countyOf(v string) (string, bool) {
	s := strings.Join(strings.Fields(foldWidth(v)), "")
	for _, p := range []string{"浙江省", "浙江", "台州市", "台州"} {
		s = strings.TrimPrefix(s, p)
	}
	if s == "" {
		return "", false
	}
	short := strings.TrimRight(s, "区市县")
	for _, c := range engine.Counties() {
		if s == c || short == strings.TrimRight(c, "区市县") {
			return c, true
		}
	}
	return "", false
}

var (
	numberPattern = regexp.MustCompile(`[0-9]+(?:\.[0-9]+)?`)
	// budgetNoise is what staff write around an amount.
	budgetNoise = strings.NewReplacer("人民币", "", "约", "", "大约", "", "左右", "", "以内", "", "以下", "", "以上",
		"", "不超过", "", "不低于", "", "不少于", "", "最多", "", "至少", "", "￥", "", "¥", "", ",", "", " ", "", "rmb", "", "元", "")
)

// budgetUndecided are the values that mean no amount was stated.
var budgetUndecided = []string{"面议", "待定", "协商", "商议", "另议", "不限", "无", "暂无", "未定", "/", "-", "—"}

// parseBudget reads an amount in 万元: "50", "50万", "50万元", "0.5亿",
// "5000元" (with scale 1e-4 from a "(元)" header), "面议" (0). A range
// ("50-100万") gives its upper end and ranged is true. ok is false when the
// value is not an amount.
func parseBudget(v string, scale float64) (amount float64, ranged, ok bool) {
	s := strings.ToLower(foldWidth(strings.TrimSpace(v)))
	for _, u := range budgetUndecided {
		if s == u {
			return 0, false, true
		}
	}
	unit := scale
	switch {
	case strings.Contains(s, "亿"):
		unit = 1e4
	case strings.Contains(s, "千万"):
		unit = 1e3
	case strings.Contains(s, "万"):
		unit = 1
	case strings.HasSuffix(s, "元") && scale == 1:
		unit = 1e-4
	}
	s = budgetNoise.Replace(strings.NewReplacer("千万", "", "亿", "", "万", "").Replace(s))
	nums := numberPattern.FindAllString(s, -1)
	rest := numberPattern.ReplaceAllString(s, "")
	switch {
	case len(nums) == 1 && rest == "":
	case len(nums) == 2 && (rest == "-" || rest == "~" || rest == "至" || rest == "到" || rest == "—" || rest == "～"):
		ranged = true
	default:
		return 0, false, false
	}
	f, err := strconv.ParseFloat(nums[len(nums)-1], 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false, false
	}
	return math.Round(f*unit*1e6) / 1e6, ranged, true
}

var (
	datePattern      = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ tT].*)?$`)
	monthOnlyPattern = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$`)
	compactDate      = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
)

// parseDate reads a deadline: 2026-12-31, 2026/12/31, 2026.12.31,
// 2026年12月31日, 20261231, an Excel serial date, or a month (2026年12月,
// its last day; month is true). ok is false when the value is not a date.
func parseDate(v string) (date string, month, ok bool) {
	s := strings.TrimSpace(foldWidth(v))
	if m := datePattern.FindStringSubmatch(s); m != nil {
		return ymd(m[1], m[2], m[3])
	}
	if m := compactDate.FindStringSubmatch(s); m != nil {
		return ymd(m[1], m[2], m[3])
	}
	if m := monthOnlyPattern.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return "", false, false
		}
		last := time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC)
		return last.Format(time.DateOnly), true, true
	}
	if t, ok := excelSerial(s); ok {
		return t.Format(time.DateOnly), false, true
	}
	return "", false, false
}

func ymd(y, m, d string) (string, bool, bool) {
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Year() != yi || int(t.Month()) != mi || t.Day() != di {
		return "", false, false
	}
	return t.Format(time.DateOnly), false, true
}

// excelSerial reads an Excel serial date (days since 1899-12-30 in the 1900
// date system) between the years 1930 and 2200.
func excelSerial(s string) (time.Time, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 10959 || f > 110000 {
		return time.Time{}, false
	}
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	return epoch.AddDate(0, 0, int(f)), true
}

var leadingYear = regexp.MustCompile(`^(\d{4})(?:\D|$)`)

// parseBirthYear reads 1978, 1978-05, 1978年5月, 1978.05 or an Excel
// serial date.
func parseBirthYear(v string) (int, bool) {
	s := strings.TrimSpace(foldWidth(v))
	if m := leadingYear.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		if y >= 1900 && y <= 2100 {
			return y, true
		}
	}
	if t, ok := excelSerial(s); ok {
		return t.Year(), true
	}
	return 0, false
}

// kindOf maps 专家, 博士服务团 and 学会 (and the English names) to a kind.
func kindOf(v string) (engine.Kind, bool) {
	s := strings.ToLower(strings.TrimSpace(foldWidth(v)))
	switch s {
	case "", "专家", "个人", "expert", "院士", "院士专家":
		return engine.KindExpert, true
	case "博士服务团", "服务团", "博士团", "团队", "博士服务团队", "科技服务团", "team":
		return engine.KindTeam, true
	case "学会", "协会", "研究会", "society":
		return engine.KindSociety, true
	}
	switch {
	case strings.HasSuffix(s, "服务团") || strings.HasSuffix(s, "团队"):
		return engine.KindTeam, true
	case strings.HasSuffix(s, "学会"):
		return engine.KindSociety, true
	}
	return "", false
}

// kindLabel is the Chinese label ProfilesTable writes for a kind.
func kindLabel(k engine.Kind) string {
	switch k {
	case engine.KindTeam:
		return "博士服务团"
	case engine.KindSociety:
		return "学会"
	}
	return "专家"
}

// academyOf reads an academy cell: the academy's name, or 是/否 (yes is
// true when the cell says only that the person is an academician).
func academyOf(v string) (academy string, yes, ok bool) {
	s := strings.TrimSpace(foldWidth(v))
	switch {
	case strings.Contains(s, "科学院") || strings.Contains(s, "中科院"):
		return engine.AcademySciences, true, true
	case strings.Contains(s, "工程院"):
		return engine.AcademyEngineering, true, true
	}
	switch strings.ToLower(s) {
	case "是", "y", "yes", "true", "1", "√", "院士":
		return "", true, true
	case "否", "n", "no", "false", "0", "无", "不是", "×", "非院士":
		return "", false, true
	}
	return "", false, false
}

// employerOf maps 高校, 科研院所 and 企业 (and near spellings) to an
// engine.Employer* value.
func employerOf(v string) (string, bool) {
	s := strings.ToLower(strings.TrimSpace(foldWidth(v)))
	switch {
	case s == engine.EmployerInstitute || strings.Contains(s, "院所") || strings.Contains(s, "研究院") || strings.Contains(s, "研究所") || strings.Contains(s, "科学院") || strings.Contains(s, "科研机构") || strings.Contains(s, "事业单位"):
		return engine.EmployerInstitute, true
	case s == engine.EmployerUniversity || strings.Contains(s, "高校") || strings.Contains(s, "大学") || strings.Contains(s, "学院") || strings.Contains(s, "院校"):
		return engine.EmployerUniversity, true
	case s == engine.EmployerEnterprise || strings.Contains(s, "企业") || strings.Contains(s, "公司"):
		return engine.EmployerEnterprise, true
	}
	return "", false
}

// employerLabel is the Chinese label ProfilesTable writes for an employer.
func employerLabel(e string) string {
	switch e {
	case engine.EmployerUniversity:
		return "高校"
	case engine.EmployerInstitute:
		return "科研院所"
	case engine.EmployerEnterprise:
		return "企业"
	}
	return e
}

var countPattern = regexp.MustCompile(`^(\d{1,6})(?:\.0+)?\s*(?:个|项|人|名|条|件)?$`)

// parseCount reads a small whole number such as a capacity: "3", "3个",
// "3项".
func parseCount(v string) (int, bool) {
	m := countPattern.FindStringSubmatch(strings.TrimSpace(foldWidth(v)))
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// formatFloat writes a budget as staff read it: 50, 0.5, 12.75.
func formatFloat(f float64) string {
	if f == 0 {
		return ""
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
