package engine

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Kind is the kind of a supplier profile.
type Kind string

// Profile kinds.
const (
	KindExpert  Kind = "expert"  // 专家
	KindTeam    Kind = "team"    // 博士服务团
	KindSociety Kind = "society" // 学会
)

// Kinds returns the profile kinds in display order.
func Kinds() []Kind { return []Kind{KindExpert, KindTeam, KindSociety} }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == KindExpert || k == KindTeam || k == KindSociety }

// Profile is a supplier: an expert, a doctoral service team or a society.
// Fields that only one kind uses say so.
type Profile struct {
	ID           string `json:"id"`
	Kind         Kind   `json:"kind"`
	Name         string `json:"name"`
	Organisation string `json:"organisation,omitempty"`
	Title        string `json:"title,omitempty"` // expert: 教授, 研究员, 高级工程师 …
	// Phone and Email are personal data: shown to staff, and to a company
	// only once the supplier has accepted its need.
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
	// Academy is set for an academician (院士): AcademySciences or
	// AcademyEngineering.
	Academy string `json:"academy,omitempty"`
	// BirthYear and Employer (an Employer* value) say who may be paired
	// with an academician as a young researcher (院士结对领航).
	BirthYear int    `json:"birth_year,omitempty"`
	Employer  string `json:"employer,omitempty"`
	// MaxMentees is how many young researchers an academician takes in a
	// pairing round; 0 means not stated.
	MaxMentees int      `json:"max_mentees,omitempty"`
	Fields     []string `json:"fields,omitempty"`
	Keywords   []string `json:"keywords,omitempty"`
	Industries []string `json:"industries,omitempty"`
	Counties   []string `json:"counties,omitempty"`
	Works      []Work   `json:"works,omitempty"`
	// Capacity is how many requests the supplier takes at once (teams: per
	// monthly slot); 0 means not stated.
	Capacity int `json:"capacity,omitempty"`
	// Conflicts lists organisations and enterprises the supplier must not be
	// matched with (回避).
	Conflicts []string  `json:"conflicts,omitempty"`
	Members   []Member  `json:"members,omitempty"`  // team
	Schedule  []Slot    `json:"schedule,omitempty"` // team: 一月一县一产
	Stations  []Station `json:"stations,omitempty"` // 院士工作站, 学会服务站 …
	Inactive  bool      `json:"inactive,omitempty"`
}

// Work is a paper, patent or project of a profile.
type Work struct {
	Kind     string   `json:"kind,omitempty"` // paper, patent, project …
	Title    string   `json:"title,omitempty"`
	Text     string   `json:"text"`
	Keywords []string `json:"keywords,omitempty"`
	Year     int      `json:"year,omitempty"`
}

// Member is a doctor in a doctoral service team.
type Member struct {
	Name         string   `json:"name"`
	Organisation string   `json:"organisation,omitempty"`
	Fields       []string `json:"fields,omitempty"`
}

// Slot is one month of a team's schedule: the county and industry it serves.
type Slot struct {
	Month    string `json:"month"` // YYYY-MM
	County   string `json:"county"`
	Industry string `json:"industry"`
}

// Station is a workstation hosted by an enterprise in a county, through
// which the profile that holds it serves: 院士工作站 (an academician),
// 专家服务站 (an expert), 博士创新工作站 (a doctoral team), 学会服务站 (a
// society).
type Station struct {
	Type   string `json:"type,omitempty"` // one of StationTypes; empty: 学会服务站 for a society
	Name   string `json:"name"`
	County string `json:"county"`
	Host   string `json:"host,omitempty"` // the hosting enterprise
}

// Station types.
const (
	StationAcademician = "院士工作站"
	StationExpert      = "专家服务站"
	StationDoctoral    = "博士创新工作站"
	StationSociety     = "学会服务站"
)

// StationTypes returns the station types.
func StationTypes() []string {
	return []string{StationAcademician, StationExpert, StationDoctoral, StationSociety}
}

// The two academies whose members are academicians (院士).
const (
	AcademySciences    = "中国科学院"
	AcademyEngineering = "中国工程院"
)

// Employer types of an expert.
const (
	EmployerUniversity = "university" // 高校
	EmployerInstitute  = "institute"  // 科研院所
	EmployerEnterprise = "enterprise" // 企业
)

// Employers returns the employer types.
func Employers() []string {
	return []string{EmployerUniversity, EmployerInstitute, EmployerEnterprise}
}

// ServedCounties returns the counties the profile serves: its own, its
// stations' and its schedule's, each once.
func (p *Profile) ServedCounties() []string {
	out := slices.Clone(p.Counties)
	add := func(c string) {
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	for _, s := range p.Stations {
		add(s.County)
	}
	for _, s := range p.Schedule {
		add(s.County)
	}
	return out
}

// IsAcademician reports whether p is a member of one of the two academies.
func (p *Profile) IsAcademician() bool { return p.Academy != "" }

// Limits on profile and need content.
const (
	MaxIDLen    = 128
	MaxNameLen  = 200   // runes
	MaxTextLen  = 20000 // runes, one work's or one need's text
	MaxWorks    = 500
	MaxListLen  = 200 // entries in one list field
	MaxShortLen = 100 // runes, one list entry
)

var (
	idPattern    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]*$`)
	monthPattern = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)
)

// ValidateID checks an ID: 1 to 128 ASCII letters, digits or . _ : -,
// starting with a letter or digit.
func ValidateID(id string) error {
	if id == "" {
		return invalid("编号不能为空", "id is empty")
	}
	if len(id) > MaxIDLen || !idPattern.MatchString(id) {
		return invalid(fmt.Sprintf("编号须为 1 到 %d 个英文字母、数字或 . _ : -，以字母或数字开头", MaxIDLen), "id %q: use 1 to %d letters, digits or . _ : -, starting with a letter or digit", truncate(id, 40), MaxIDLen)
	}
	return nil
}

// Validate checks p and returns an ErrInvalid that names the first problem.
func (p *Profile) Validate() error {
	if err := ValidateID(p.ID); err != nil {
		return err
	}
	if !p.Kind.Valid() {
		return invalid("类型须为专家、博士服务团或学会", "profile %s: kind %q is not expert, team or society", p.ID, p.Kind)
	}
	if err := checkText("name", p.Name, MaxNameLen, true); err != nil {
		return fmt.Errorf("profile %s: %w", p.ID, err)
	}
	if err := checkText("organisation", p.Organisation, MaxNameLen, false); err != nil {
		return fmt.Errorf("profile %s: %w", p.ID, err)
	}
	if err := checkText("title", p.Title, MaxNameLen, false); err != nil {
		return fmt.Errorf("profile %s: %w", p.ID, err)
	}
	lists := []struct {
		name string
		list []string
	}{{"fields", p.Fields}, {"keywords", p.Keywords}, {"industries", p.Industries}, {"conflicts", p.Conflicts}}
	for _, l := range lists {
		if err := checkList(l.name, l.list); err != nil {
			return fmt.Errorf("profile %s: %w", p.ID, err)
		}
	}
	if err := checkCounties(p.Counties); err != nil {
		return fmt.Errorf("profile %s: %w", p.ID, err)
	}
	if err := p.validateWorks(); err != nil {
		return err
	}
	if err := p.validatePerson(); err != nil {
		return err
	}
	return p.validateTeamAndStations()
}

// validateTeamAndStations checks a team's schedule and members and the
// stations.
func (p *Profile) validateTeamAndStations() error {
	seen := map[string]bool{}
	for _, s := range p.Schedule {
		if !monthPattern.MatchString(s.Month) {
			return invalid("服务月份格式应为 YYYY-MM："+truncate(s.Month, 20), "profile %s: schedule month %q: use YYYY-MM", p.ID, s.Month)
		}
		if seen[s.Month] {
			return invalid(fmt.Sprintf("服务安排中 %s 出现了两次（一月一县一产：每月只服务一个县一个产业）", s.Month), "profile %s: schedule has month %s twice", p.ID, s.Month)
		}
		seen[s.Month] = true
		if !IsCounty(s.County) {
			return invalid(fmt.Sprintf("%s 的服务县区须为：%s", s.Month, strings.Join(Counties(), "、")), "profile %s: schedule %s: county %q is not one of %s", p.ID, s.Month, s.County, strings.Join(Counties(), " "))
		}
		if err := checkText("industry", s.Industry, MaxShortLen, true); err != nil {
			return fmt.Errorf("profile %s: schedule %s: %w", p.ID, s.Month, err)
		}
	}
	for _, m := range p.Members {
		if err := checkText("member name", m.Name, MaxNameLen, true); err != nil {
			return fmt.Errorf("profile %s: %w", p.ID, err)
		}
	}
	for _, st := range p.Stations {
		if err := checkText("station name", st.Name, MaxNameLen, true); err != nil {
			return fmt.Errorf("profile %s: %w", p.ID, err)
		}
		if st.Type != "" && !slices.Contains(StationTypes(), st.Type) {
			return invalid("工作站类型须为："+strings.Join(StationTypes(), "、"), "profile %s: station %s: type %q is not one of %s", p.ID, st.Name, st.Type, strings.Join(StationTypes(), " "))
		}
		if err := checkText("station host", st.Host, MaxNameLen, false); err != nil {
			return fmt.Errorf("profile %s: %w", p.ID, err)
		}
		if !IsCounty(st.County) {
			return invalid(fmt.Sprintf("工作站「%s」的县区须为：%s", st.Name, strings.Join(Counties(), "、")), "profile %s: station %s: county %q is not one of %s", p.ID, st.Name, st.County, strings.Join(Counties(), " "))
		}
	}
	return nil
}

var (
	phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 -]{4,24}$`)
	emailPattern = regexp.MustCompile(`^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{1,20}$`)
)

// validateWorks checks the works and the capacity.
func (p *Profile) validateWorks() error {
	if len(p.Works) > MaxWorks {
		return invalid(fmt.Sprintf("成果最多 %d 项", MaxWorks), "profile %s: %d works, at most %d", p.ID, len(p.Works), MaxWorks)
	}
	for i, w := range p.Works {
		if err := checkText("text", w.Text, MaxTextLen, w.Title == ""); err != nil {
			return fmt.Errorf("profile %s: work %d: %w", p.ID, i+1, err)
		}
		if err := checkText("title", w.Title, MaxNameLen, false); err != nil {
			return fmt.Errorf("profile %s: work %d: %w", p.ID, i+1, err)
		}
		if err := checkList("keywords", w.Keywords); err != nil {
			return fmt.Errorf("profile %s: work %d: %w", p.ID, i+1, err)
		}
	}
	if p.Capacity < 0 {
		return invalid("对接容量不能为负数", "profile %s: capacity %d is negative", p.ID, p.Capacity)
	}
	if p.Kind != KindTeam && (len(p.Schedule) > 0 || len(p.Members) > 0) {
		return invalid("只有博士服务团有成员和服务安排", "profile %s: only teams have a schedule or members", p.ID)
	}
	return nil
}

// validatePerson checks the fields about a person: contact details, academy,
// birth year, employer and mentees.
func (p *Profile) validatePerson() error {
	if p.Phone != "" && !phonePattern.MatchString(p.Phone) {
		return invalid("电话须为 5 到 25 位数字，可含空格和短横线", "profile %s: phone %q: digits, spaces and dashes, 5 to 25 characters", p.ID, truncate(p.Phone, 30))
	}
	if p.Email != "" && !emailPattern.MatchString(p.Email) {
		return invalid("电子邮箱格式不正确", "profile %s: e-mail %q is not an address", p.ID, truncate(p.Email, 40))
	}
	if p.Academy != "" && p.Academy != AcademySciences && p.Academy != AcademyEngineering {
		return invalid("院士所属须为"+AcademySciences+"或"+AcademyEngineering, "profile %s: academy %q is not %s or %s", p.ID, truncate(p.Academy, 20), AcademySciences, AcademyEngineering)
	}
	if p.Academy != "" && p.Kind != KindExpert {
		return invalid("只有专家可以是院士", "profile %s: only an expert can be an academician", p.ID)
	}
	if p.BirthYear != 0 && (p.BirthYear < 1900 || p.BirthYear > 2100) {
		return invalid("出生年份不正确", "profile %s: birth year %d is not a year", p.ID, p.BirthYear)
	}
	if p.Employer != "" && !slices.Contains(Employers(), p.Employer) {
		return invalid("单位类型须为高校、科研院所或企业", "profile %s: employer %q is not one of %s", p.ID, truncate(p.Employer, 20), strings.Join(Employers(), " "))
	}
	if p.MaxMentees < 0 || p.MaxMentees > 100 {
		return invalid("结对人数须为 0 到 100", "profile %s: max_mentees %d, want 0 to 100", p.ID, p.MaxMentees)
	}
	return nil
}

// checkText checks one text value: valid UTF-8, no NUL, at most max runes,
// and not blank when required.
func checkText(name, v string, max int, required bool) error {
	if required && strings.TrimSpace(v) == "" {
		return invalid(fieldName(name)+"不能为空", "%s is empty", name)
	}
	if !utf8.ValidString(v) {
		return invalid(fieldName(name)+"含有无法识别的字符", "%s is not valid UTF-8", name)
	}
	if strings.ContainsRune(v, 0) {
		return invalid(fieldName(name)+"含有无法识别的字符", "%s contains a NUL character", name)
	}
	if n := utf8.RuneCountInString(v); n > max {
		return invalid(fmt.Sprintf("%s最多 %d 个字，现有 %d 个", fieldName(name), max, n), "%s has %d characters, at most %d", name, n, max)
	}
	return nil
}

func checkList(name string, list []string) error {
	if len(list) > MaxListLen {
		return invalid(fmt.Sprintf("%s最多 %d 项", fieldName(name), MaxListLen), "%s has %d entries, at most %d", name, len(list), MaxListLen)
	}
	for _, v := range list {
		if err := checkText(name+" entry", v, MaxShortLen, true); err != nil {
			return err
		}
	}
	return nil
}

func checkCounties(list []string) error {
	for _, c := range list {
		if !IsCounty(c) {
			return invalid("县（市、区）须为："+strings.Join(Counties(), "、"), "county %q is not one of %s", c, strings.Join(Counties(), " "))
		}
	}
	return nil
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// fieldName returns a field's name in Chinese, for messages people read.
func fieldName(name string) string {
	switch strings.TrimSuffix(name, " entry") {
	case "name":
		return "名称"
	case "organisation":
		return "单位"
	case "title":
		return "标题"
	case "text":
		return "正文"
	case "description":
		return "描述"
	case "enterprise":
		return "企业名称"
	case "industry", "industries":
		return "产业"
	case "mode":
		return "合作方式"
	case "note":
		return "说明"
	case "need text":
		return "需求内容"
	case "fields":
		return "研究方向"
	case "keywords":
		return "关键词"
	case "conflicts":
		return "回避单位"
	case "member name":
		return "成员姓名"
	case "station name":
		return "工作站名称"
	case "station host":
		return "工作站依托企业"
	case "theme":
		return "主题"
	}
	return name
}
