package engine

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// summaryWorks is how many works a profile summary keeps; excerptRunes is
// the length of a work's excerpt.
const (
	summaryWorks = 3
	excerptRunes = 120
)

// Summary is what a match answer carries of p: who it is, what it works on
// and whom it serves, with its works cut to the distinct ones that hold one
// of words (the need's informative words), most words first, at most three,
// each with an excerpt of its text around the first word it holds instead
// of the whole text. Team members, schedules, stations and conflicts are
// left out; the whole profile is one request away (GET /v1/profiles/{id}).
func (p *Profile) Summary(words []string) Profile {
	return p.summary(DistinctWorks(p), words)
}

// summary is Summary with p's distinct works.
func (p *Profile) summary(works []Work, words []string) Profile {
	s := Profile{ID: p.ID, Kind: p.Kind, Name: p.Name, Organisation: p.Organisation, Title: p.Title,
		Phone: p.Phone, Email: p.Email, Academy: p.Academy, Fields: p.Fields, Keywords: p.Keywords,
		Industries: p.Industries, Counties: p.Counties, Capacity: p.Capacity, Inactive: p.Inactive}
	type hit struct {
		w     Work
		words int
		first string
	}
	var hits []hit
	var all strings.Builder
	for _, w := range works {
		h := hit{w: w}
		all.Reset()
		all.WriteString(w.Title)
		for _, k := range w.Keywords {
			all.WriteString("\n" + k)
		}
		all.WriteString("\n" + w.Text)
		text := all.String()
		for _, word := range words {
			i := strings.Index(text, word)
			if i < 0 {
				continue
			}
			h.words++
			if h.first == "" && (i >= len(text)-len(w.Text) || strings.Contains(w.Text, word)) {
				h.first = word
			}
		}
		if h.words > 0 {
			hits = append(hits, h)
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return b.words - a.words })
	for _, h := range hits[:min(len(hits), summaryWorks)] {
		w := h.w
		w.Text = excerpt(w.Text, h.first)
		s.Works = append(s.Works, w)
	}
	return s
}

// excerpt is about excerptRunes runes of text around the first occurrence
// of word (the start without it), with … where text was cut.
func excerpt(text, word string) string {
	if utf8.RuneCountInString(text) <= excerptRunes {
		return text
	}
	rs := []rune(text)
	from := 0
	if i := strings.Index(text, word); word != "" && i >= 0 {
		from = max(0, utf8.RuneCountInString(text[:i])-excerptRunes/3)
	}
	to := min(len(rs), from+excerptRunes)
	from = max(0, to-excerptRunes)
	out := string(rs[from:to])
	if from > 0 {
		out = "…" + out
	}
	if to < len(rs) {
		out += "…"
	}
	return out
}
