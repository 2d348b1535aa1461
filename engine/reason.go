package engine

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// reason writes one plain Chinese sentence of why profile p matched: what
// it is good at that the need asks for (its own keywords where a matched
// word is part of one, else the whole matched words), and the structured
// fit: the same industry, serving the need's county, this month's slot.
func reason(p *Profile, s *scored, need *Need, month string) string {
	var parts []string
	if words := strengths(p, s.c.Terms); len(words) > 0 {
		parts = append(parts, "擅长"+strings.Join(words, "、"))
	} else if s.parts[PartSemantic] > 0 {
		if len(p.Fields) > 0 {
			parts = append(parts, "研究方向（"+p.Fields[0]+"）与需求相近")
		} else {
			parts = append(parts, "研究方向与需求相近")
		}
	}
	if s.parts[PartIndustry] > 0 && need != nil {
		parts = append(parts, "同属"+need.Industry+"产业")
	}
	if s.parts[PartSlot] > 0 && need != nil {
		parts = append(parts, fmt.Sprintf("%s正在%s驻点服务（一月一县一产）", monthName(month), need.County))
	} else if s.parts[PartCounty] > 0 && need != nil {
		parts = append(parts, "服务"+need.County)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "；") + "。"
}

// strengths returns at most three things p is good at that the need asks
// for: for each matched word (two characters or more), the profile's
// keyword that contains it, or the word itself; a word inside another one
// listed is left out, so no fragment is shown.
func strengths(p *Profile, terms map[string][]string) []string {
	var words []string
	add := func(w string) {
		if !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	for _, field := range []string{"keywords", "titles", "text"} {
		for _, t := range terms[field] {
			if utf8.RuneCountInString(t) < 2 {
				continue
			}
			whole := t
			for _, k := range p.Keywords {
				if strings.Contains(strings.ToLower(k), t) && utf8.RuneCountInString(k) <= 12 {
					whole = k
					break
				}
			}
			add(whole)
		}
	}
	var out []string
	for _, w := range words {
		inside := slices.ContainsFunc(words, func(o string) bool { return o != w && strings.Contains(strings.ToLower(o), strings.ToLower(w)) })
		if !inside {
			out = append(out, w)
		}
	}
	return out[:min(len(out), 3)]
}

// monthName writes YYYY-MM as people say it: 2026年12月.
func monthName(month string) string {
	if len(month) != 7 {
		return month
	}
	return month[:4] + "年" + strings.TrimPrefix(month[5:], "0") + "月"
}
