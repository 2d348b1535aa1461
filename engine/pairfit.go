package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// MinPairCloseness is the least topical closeness that makes an
// academician a candidate for a mentee; an academician of the mentee's
// industry, or one the mentee named, is a candidate whatever it is.
const MinPairCloseness = 0.125

// studyCloseness is the closeness from which a researcher's field counts
// as near the academician's (进修学习) rather than only related (引领推荐).
const studyCloseness = 0.15

// pairCloseScale is the text score (lexical + semantic parts) of a match
// taken as full closeness: a good match of a need scores 2 to 4.
const pairCloseScale = 4

// pairFit is how well an academician fits a mentee, from the match of the
// academician's profile for the mentee's profile text (the same lexical
// and semantic machinery as a need's matching): the strength and its
// label, the text score and the academician's strengths the mentee's
// profile asks for.
type pairFit struct {
	strength float64
	label    string
	text     float64
	words    []string
}

// closeness is the topical closeness in [0, 1]: the text score over
// pairCloseScale, capped. The strength, calibrated for needs, is near 0
// for any academician not on the mentee's own topic; the text score still
// tells a neighbouring field from an unrelated one.
func (f pairFit) closeness() float64 { return min(max(f.text/pairCloseScale, 0), 1) }

// ProfileQuery returns the text that stands for profile p when it is
// matched against other profiles: its fields, keywords and works' titles.
func ProfileQuery(p *Profile) string {
	parts := slices.Concat(p.Fields, p.Keywords)
	for _, w := range p.Works {
		if w.Title != "" {
			parts = append(parts, w.Title)
		}
	}
	return truncate(strings.Join(parts, "；"), MaxTextLen-1)
}

// pairFits ranks the round's academicians for each mentee. Mentees without
// any profile text get no candidates.
func (e *Engine) pairFits(ctx context.Context, mentees []string, academicians []string, people map[string]*Profile) (map[PairRef]pairFit, error) {
	out := map[PairRef]pairFit{}
	for _, m := range mentees {
		p := people[m]
		if p == nil {
			continue
		}
		text := ProfileQuery(p)
		if strings.TrimSpace(text) == "" {
			continue
		}
		res, err := e.Match(ctx, text, MatchOptions{K: MaxK, Kinds: []Kind{KindExpert}, Explain: true, Full: true, ProfileText: true})
		if err != nil {
			return nil, fmt.Errorf("pairing: mentee %s: %w", m, err)
		}
		for _, mt := range res.Matches {
			if !slices.Contains(academicians, mt.Profile.ID) {
				continue
			}
			f := pairFit{strength: mt.Strength, label: mt.Label}
			if mt.Explain != nil {
				f.text = mt.Explain.Parts[PartLexical] + mt.Explain.Parts[PartSemantic]
				f.words = wholeKeywords(&mt.Profile, strengths(&mt.Profile, mt.Explain.Terms))
			}
			out[PairRef{m, mt.Profile.ID}] = f
		}
	}
	return out, nil
}

// wholeKeywords keeps the words that are the academician's own keywords or
// fields, so that a reason names what the academician is known for, never
// a fragment of it.
func wholeKeywords(a *Profile, words []string) []string {
	return slices.DeleteFunc(words, func(w string) bool {
		return !slices.Contains(a.Keywords, w) && !slices.Contains(a.Fields, w)
	})
}

// score is the fit the solver maximises: the closeness, and a quarter more
// for an academician of the mentee's industry.
func (f pairFit) score(m, a *Profile) float64 {
	s := f.closeness()
	if sharedIndustry(m, a) != "" {
		s += 0.25
	}
	return s
}

// candidate reports whether the academician may be proposed for the
// mentee at all: near enough in topic, or of the mentee's industry.
func (f pairFit) candidate(m, a *Profile) bool {
	return f.closeness() >= MinPairCloseness || sharedIndustry(m, a) != ""
}

func sharedIndustry(m, a *Profile) string {
	for _, ind := range m.Industries {
		if slices.Contains(a.Industries, ind) {
			return ind
		}
	}
	return ""
}

// pairConflicted reports whether m and a must not be paired: a declared
// conflict of the round, or either profile lists the other (its ID, name
// or organisation) among its conflicts.
func pairConflicted(r *Round, m, a *Profile) bool {
	if slices.ContainsFunc(r.Conflicts, func(c PairConflict) bool { return c.MenteeID == m.ID && c.AcademicianID == a.ID }) {
		return true
	}
	lists := func(p, other *Profile) bool {
		return slices.ContainsFunc(p.Conflicts, func(c string) bool {
			return c == other.ID || c == other.Name || (other.Organisation != "" && c == other.Organisation)
		})
	}
	return lists(m, a) || lists(a, m)
}

// hostsStationFor returns the academician's 院士工作站 hosted by the
// mentee's organisation, if any.
func hostsStationFor(a, m *Profile) (Station, bool) {
	for _, s := range a.Stations {
		if s.Type == StationAcademician && s.Host != "" && s.Host == m.Organisation {
			return s, true
		}
	}
	return Station{}, false
}

// pairReason writes, in one Chinese sentence, why the academician fits the
// mentee: what the academician is good at that the mentee's profile asks
// for, the shared industry, a workstation at the mentee's enterprise and
// the mentee's own wish.
func pairReason(m, a *Profile, f pairFit, preferred bool) string {
	var parts []string
	field := ""
	if len(m.Fields) > 0 {
		field = "「" + m.Fields[0] + "」"
	}
	near := "相关"
	if strong(f.label) {
		near = "相近"
	}
	switch {
	case len(f.words) > 0:
		parts = append(parts, fmt.Sprintf("%s院士擅长%s，与%s的%s方向%s（匹配%s）", a.Name, strings.Join(f.words, "、"), m.Name, field, near, f.label))
	case f.closeness() >= MinPairCloseness:
		parts = append(parts, fmt.Sprintf("%s院士的研究方向与%s的%s方向%s（匹配%s）", a.Name, m.Name, field, near, f.label))
	default:
		parts = append(parts, fmt.Sprintf("%s院士与%s的研究方向相距较远", a.Name, m.Name))
	}
	if ind := sharedIndustry(m, a); ind != "" {
		parts = append(parts, "同属"+ind+"产业")
	}
	if s, ok := hostsStationFor(a, m); ok {
		parts = append(parts, "院士工作站「"+s.Name+"」就设在"+m.Organisation)
	}
	if preferred {
		parts = append(parts, "本人填报的意向院士")
	}
	return strings.Join(parts, "；") + "。"
}

// suggestMode picks one of the five modes for a pair, and says why: the
// mentee's own wish first; an enterprise expert works on projects with an
// academician whose workstation is at its enterprise or whose field is the
// same, else is advised; a researcher under 40 in the academician's own
// field gets a training plan of its own, an older one or one in a near
// field studies in the academician's team; one in a related field is led
// and recommended.
func suggestMode(m, a *Profile, f pairFit, wish string, year int) (string, string) {
	if wish != "" {
		return wish, "按本人意向：" + wish + "。"
	}
	_, station := hostsStationFor(a, m)
	switch {
	case m.Employer == EmployerEnterprise && station:
		return PairProject, "院士工作站设在其所在企业，宜围绕企业的技术难题开展项目合作。"
	case m.Employer == EmployerEnterprise && f.label == LabelStrong:
		return PairProject, "企业技术骨干，方向与院士高度契合，宜联合承担项目。"
	case m.Employer == EmployerEnterprise:
		return PairAdvice, "企业技术骨干，由院士在技术路线和攻关方向上顾问指导。"
	case f.label == LabelStrong && m.BirthYear > 0 && year-m.BirthYear < 40:
		return PairCustom, "40 岁以下青年博士，方向与院士一致，宜制定个人培养计划（定制培养）。"
	case strong(f.label) || f.closeness() >= studyCloseness:
		return PairStudy, "方向与院士相近，宜到院士团队进修学习。"
	}
	if f.closeness() < MinPairCloseness {
		return PairReferral, "研究方向与院士不同，由院士引领方向，推荐参与重大项目和人才计划。"
	}
	return PairReferral, "方向相关但不完全一致，由院士引领方向，推荐参与重大项目和人才计划。"
}
