package engine

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// reason writes one plain Chinese sentence of why profile p matched: what
// it is good at that the need asks for (its own keywords where a matched
// word is part of one, else the whole matched words), and the structured
// fit: the same industry, serving the need's county, this month's slot.
func reason(p *Profile, s *scored, need *Need, month string) string {
	var parts []string
	if words := strengths(p, s.c.Terms); len(words) > 0 {
		var own, shared []string
		for _, w := range words {
			if slices.Contains(p.Keywords, w) {
				own = append(own, w)
			} else {
				shared = append(shared, w)
			}
		}
		if len(own) > 0 {
			parts = append(parts, "擅长"+strings.Join(own, "、"))
		}
		if len(shared) > 0 { // words it shares with the need, which may name a problem rather than a skill
			parts = append(parts, "涉及"+strings.Join(shared, "、"))
		}
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
// for, its own keywords first: for each matched word (two characters or
// more, not a bare number), the profile's keyword that contains it, or
// the word as the profile writes it (Ti6Al4V, not ti6al4v); a word inside
// another one listed is left out, so no fragment is shown.
func strengths(p *Profile, terms map[string][]string) []string {
	var words []string
	add := func(w string) {
		if !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	for _, field := range []string{"keywords", "titles", "text"} {
		for _, t := range terms[field] {
			if utf8.RuneCountInString(t) < 2 || !strings.ContainsFunc(t, unicode.IsLetter) {
				continue
			}
			whole := ""
			for _, k := range p.Keywords {
				if strings.Contains(strings.ToLower(k), t) && utf8.RuneCountInString(k) <= 12 {
					whole = k
					break
				}
			}
			if whole == "" {
				whole = spelled(p, t)
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
	slices.SortStableFunc(out, func(a, b string) int {
		return cmp.Compare(boolRank(!slices.Contains(p.Keywords, a)), boolRank(!slices.Contains(p.Keywords, b)))
	})
	return out[:min(len(out), 3)]
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// spelled returns the lower-cased term t as profile p writes it, from its
// keywords, fields or works, or t when it is not found.
func spelled(p *Profile, t string) string {
	texts := slices.Concat(p.Keywords, p.Fields)
	for _, w := range p.Works {
		texts = append(append(texts, w.Title), w.Keywords...)
	}
	for _, w := range p.Works {
		texts = append(texts, w.Text)
	}
	for _, text := range texts {
		lower := strings.ToLower(text)
		if len(lower) != len(text) { // lower-casing changed the bytes: offsets would not match
			continue
		}
		if i := strings.Index(lower, t); i >= 0 {
			return text[i : i+len(t)]
		}
	}
	return t
}

// monthName writes YYYY-MM as people say it: 2026年12月.
func monthName(month string) string {
	if len(month) != 7 {
		return month
	}
	return month[:4] + "年" + strings.TrimPrefix(month[5:], "0") + "月"
}
