package engine

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// reason writes one plain Chinese sentence of why profile p matched: the
// whole words of the need it knows (two characters or more), and the
// structured fit with the need.
func reason(p *Profile, s *scored, need *Need, month string) string {
	var words []string
	for _, field := range []string{"keywords", "titles", "text"} {
		for _, t := range s.c.Terms[field] {
			if utf8.RuneCountInString(t) >= 2 && !slices.Contains(words, t) {
				words = append(words, t)
			}
		}
	}
	var parts []string
	if len(words) > 0 {
		parts = append(parts, "熟悉"+strings.Join(words[:min(len(words), 4)], "、"))
	} else if s.parts[PartSemantic] > 0 {
		parts = append(parts, "研究方向与需求相近")
	}
	if s.parts[PartIndustry] > 0 && need != nil {
		parts = append(parts, "同属"+need.Industry+"产业")
	}
	if s.parts[PartSlot] > 0 && need != nil {
		parts = append(parts, fmt.Sprintf("%s在%s服务（一月一县一产）", monthName(month), need.County))
	} else if s.parts[PartCounty] > 0 && need != nil {
		parts = append(parts, "服务"+need.County)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "；") + "。"
}

// monthName writes YYYY-MM as people say it: 2026年12月.
func monthName(month string) string {
	if len(month) != 7 {
		return month
	}
	return month[:4] + "年" + strings.TrimPrefix(month[5:], "0") + "月"
}
