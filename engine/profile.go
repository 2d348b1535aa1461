package engine

import (
	"fmt"
	"regexp"
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
	ID           string   `json:"id"`
	Kind         Kind     `json:"kind"`
	Name         string   `json:"name"`
	Organisation string   `json:"organisation,omitempty"`
	Title        string   `json:"title,omitempty"` // expert: 教授, 研究员, 高级工程师 …
	Fields       []string `json:"fields,omitempty"`
	Keywords     []string `json:"keywords,omitempty"`
	Industries   []string `json:"industries,omitempty"`
	Counties     []string `json:"counties,omitempty"`
	Works        []Work   `json:"works,omitempty"`
	// Capacity is how many requests the supplier takes at once (teams: per
	// monthly slot); 0 means not stated.
	Capacity int `json:"capacity,omitempty"`
	// Conflicts lists organisations and enterprises the supplier must not be
	// matched with (回避).
	Conflicts []string  `json:"conflicts,omitempty"`
	Members   []Member  `json:"members,omitempty"`  // team
	Schedule  []Slot    `json:"schedule,omitempty"` // team: 一月一县一产
	Stations  []Station `json:"stations,omitempty"` // society: 学会服务站
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

// Station is a society's service station (学会服务站), hosted by a company.
type Station struct {
	Name   string `json:"name"`
	County string `json:"county"`
	Host   string `json:"host,omitempty"`
}

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
		return invalidf("id is empty")
	}
	if len(id) > MaxIDLen || !idPattern.MatchString(id) {
		return invalidf("id %q: use 1 to %d letters, digits or . _ : -, starting with a letter or digit", truncate(id, 40), MaxIDLen)
	}
	return nil
}

// Validate checks p and returns an ErrInvalid that names the first problem.
func (p *Profile) Validate() error {
	if err := ValidateID(p.ID); err != nil {
		return err
	}
	if !p.Kind.Valid() {
		return invalidf("profile %s: kind %q is not expert, team or society", p.ID, p.Kind)
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
	if len(p.Works) > MaxWorks {
		return invalidf("profile %s: %d works, at most %d", p.ID, len(p.Works), MaxWorks)
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
		return invalidf("profile %s: capacity %d is negative", p.ID, p.Capacity)
	}
	if p.Kind != KindTeam && (len(p.Schedule) > 0 || len(p.Members) > 0) {
		return invalidf("profile %s: only teams have a schedule or members", p.ID)
	}
	if p.Kind != KindSociety && len(p.Stations) > 0 {
		return invalidf("profile %s: only societies have service stations", p.ID)
	}
	seen := map[string]bool{}
	for _, s := range p.Schedule {
		if !monthPattern.MatchString(s.Month) {
			return invalidf("profile %s: schedule month %q: use YYYY-MM", p.ID, s.Month)
		}
		if seen[s.Month] {
			return invalidf("profile %s: schedule has month %s twice (一月一县一产: one county and one industry a month)", p.ID, s.Month)
		}
		seen[s.Month] = true
		if !IsCounty(s.County) {
			return invalidf("profile %s: schedule %s: county %q is not one of %s", p.ID, s.Month, s.County, strings.Join(Counties(), " "))
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
		if !IsCounty(st.County) {
			return invalidf("profile %s: station %s: county %q is not one of %s", p.ID, st.Name, st.County, strings.Join(Counties(), " "))
		}
	}
	return nil
}

// checkText checks one text value: valid UTF-8, no NUL, at most max runes,
// and not blank when required.
func checkText(name, v string, max int, required bool) error {
	if required && strings.TrimSpace(v) == "" {
		return invalidf("%s is empty", name)
	}
	if !utf8.ValidString(v) {
		return invalidf("%s is not valid UTF-8", name)
	}
	if strings.ContainsRune(v, 0) {
		return invalidf("%s contains a NUL character", name)
	}
	if n := utf8.RuneCountInString(v); n > max {
		return invalidf("%s has %d characters, at most %d", name, n, max)
	}
	return nil
}

func checkList(name string, list []string) error {
	if len(list) > MaxListLen {
		return invalidf("%s has %d entries, at most %d", name, len(list), MaxListLen)
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
			return invalidf("county %q is not one of %s", c, strings.Join(Counties(), " "))
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
