package engine

import (
	"slices"
	"strings"
)

// Cooperation modes a need may ask for: the technology contracts of the
// 民法典 (技术开发, split into 委托开发 and 合作开发 when known; 技术转让;
// 技术许可; 技术咨询; 技术服务) plus 技术入股, 人才培养 and 其他.
const (
	ModeDevelopment   = "技术开发"
	ModeCommissioned  = "委托开发"
	ModeCooperative   = "合作开发"
	ModeTransfer      = "技术转让"
	ModeLicence       = "技术许可"
	ModeConsulting    = "技术咨询"
	ModeService       = "技术服务"
	ModeEquity        = "技术入股"
	ModeTalent        = "人才培养"
	ModeOther         = "其他"
	maxModesPerNeed   = 10
	modeSeparatorsSet = ",，、;；/|+ \t"
)

// Modes returns the cooperation modes in display order.
func Modes() []string {
	return []string{ModeDevelopment, ModeCommissioned, ModeCooperative, ModeTransfer, ModeLicence, ModeConsulting, ModeService, ModeEquity, ModeTalent, ModeOther}
}

// modeSpellings maps spellings seen in real exports to a mode.
var modeSpellings = map[string]string{
	"开发": ModeDevelopment, "技术开发": ModeDevelopment, "研发": ModeDevelopment, "技术研发": ModeDevelopment,
	"联合攻关": ModeCooperative, "合作开发": ModeCooperative, "合作研发": ModeCooperative, "联合开发": ModeCooperative, "联合研发": ModeCooperative, "产学研合作": ModeCooperative,
	"委托开发": ModeCommissioned, "委托研发": ModeCommissioned, "委托研究": ModeCommissioned, "技术委托": ModeCommissioned,
	"技术转让": ModeTransfer, "转让": ModeTransfer, "成果转让": ModeTransfer, "专利转让": ModeTransfer, "专利权转让": ModeTransfer, "技术秘密转让": ModeTransfer, "成果转化": ModeTransfer,
	"技术许可": ModeLicence, "许可": ModeLicence, "专利许可": ModeLicence, "实施许可": ModeLicence, "专利实施许可": ModeLicence, "许可使用": ModeLicence,
	"技术咨询": ModeConsulting, "咨询": ModeConsulting, "技术顾问": ModeConsulting, "顾问": ModeConsulting,
	"技术服务": ModeService, "服务": ModeService, "检测": ModeService, "检测服务": ModeService, "技术培训": ModeService, "技术中介": ModeService,
	"技术入股": ModeEquity, "入股": ModeEquity, "作价入股": ModeEquity, "技术作价入股": ModeEquity,
	"人才培养": ModeTalent, "人才引进": ModeTalent, "联合培养": ModeTalent, "人才": ModeTalent, "共建平台": ModeTalent,
	"其他": ModeOther, "其它": ModeOther, "面议": ModeOther, "不限": ModeOther,
}

// ParseModes splits a cooperation-mode value as spreadsheets and platform
// exports write it ("技术转让,技术许可,委托开发", "委托开发、其他") and maps
// each part to a mode. A part it does not know is kept as written and
// reported in unknown, so that no line is refused for it.
func ParseModes(s string) (modes, unknown []string) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(modeSeparatorsSet, r) })
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		m, ok := modeSpellings[p]
		if !ok {
			m = p
			unknown = append(unknown, p)
		}
		if !slices.Contains(modes, m) {
			modes = append(modes, m)
		}
	}
	return modes, unknown
}

// IsMode reports whether m is one of Modes.
func IsMode(m string) bool { return slices.Contains(Modes(), m) }

// NormalizeModes folds the need's legacy single Mode into Modes, maps known
// spellings to their mode and drops repeats. It returns the values it did not
// know, which are kept as written: the caller may warn about them.
func (n *Need) NormalizeModes() (unknown []string) {
	in := n.Modes
	if n.Mode != "" {
		in = append([]string{n.Mode}, in...)
		n.Mode = ""
	}
	var out []string
	for _, v := range in {
		ms, unk := ParseModes(v)
		unknown = append(unknown, unk...)
		for _, m := range ms {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	n.Modes = out
	return unknown
}
