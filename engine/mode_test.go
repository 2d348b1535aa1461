package engine

import (
	"slices"
	"testing"
)

func TestParseModes(t *testing.T) {
	for _, tc := range []struct {
		in             string
		modes, unknown []string
	}{
		{"技术转让,技术许可,委托开发", []string{ModeTransfer, ModeLicence, ModeCommissioned}, nil},
		{"委托开发、其他", []string{ModeCommissioned, ModeOther}, nil},
		{"合作研发；专利许可", []string{ModeCooperative, ModeLicence}, nil},
		{"技术入股 / 人才引进", []string{ModeEquity, ModeTalent}, nil},
		{"技术开发，技术开发", []string{ModeDevelopment}, nil}, // repeats fold
		{"委托开发,以物易物", []string{ModeCommissioned, "以物易物"}, []string{"以物易物"}},
		{"", nil, nil},
		{" , ，", nil, nil},
	} {
		modes, unknown := ParseModes(tc.in)
		if !slices.Equal(modes, tc.modes) || !slices.Equal(unknown, tc.unknown) {
			t.Errorf("ParseModes(%q) = %q, %q; want %q, %q", tc.in, modes, unknown, tc.modes, tc.unknown)
		}
	}
}

func TestNormalizeModes(t *testing.T) {
	n := Need{ID: "n1", Description: "x", Mode: "委托开发,其它", Modes: []string{"技术咨询", "其他"}}
	unknown := n.NormalizeModes()
	want := []string{ModeCommissioned, ModeOther, ModeConsulting}
	if !slices.Equal(n.Modes, want) || n.Mode != "" || len(unknown) != 0 {
		t.Errorf("NormalizeModes: modes %q mode %q unknown %q; want %q", n.Modes, n.Mode, unknown, want)
	}
	if err := n.Validate(); err != nil {
		t.Errorf("Validate after NormalizeModes: %v", err)
	}
}

func TestValidatePerson(t *testing.T) {
	base := func() Profile { return Profile{ID: "e1", Kind: KindExpert, Name: "王伟"} }
	for _, tc := range []struct {
		name string
		edit func(*Profile)
		ok   bool
	}{
		{"plain", func(*Profile) {}, true},
		{"contact", func(p *Profile) { p.Phone, p.Email = "0576-88123456", "wang@example.cn" }, true},
		{"academician", func(p *Profile) { p.Academy, p.MaxMentees, p.BirthYear = AcademyEngineering, 3, 1956 }, true},
		{"station", func(p *Profile) {
			p.Stations = []Station{{Type: StationAcademician, Name: "王伟院士工作站", County: "临海市", Host: "浙江某药业"}}
		}, true},
		{"bad phone", func(p *Profile) { p.Phone = "call me" }, false},
		{"bad email", func(p *Profile) { p.Email = "wang.example.cn" }, false},
		{"unknown academy", func(p *Profile) { p.Academy = "科学院" }, false},
		{"team academician", func(p *Profile) { p.Kind, p.Academy = KindTeam, AcademySciences }, false},
		{"birth year", func(p *Profile) { p.BirthYear = 20 }, false},
		{"employer", func(p *Profile) { p.Employer = "高校" }, false},
		{"station type", func(p *Profile) { p.Stations = []Station{{Type: "工作站", Name: "x", County: "临海市"}} }, false},
	} {
		p := base()
		tc.edit(&p)
		if err := p.Validate(); (err == nil) != tc.ok {
			t.Errorf("%s: Validate() = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}
