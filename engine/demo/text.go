package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode/utf8"

	"yixianqian/engine"
)

// writer writes works (papers, patents, projects, reports) from topic
// material. For the demo it remembers every sentence and title it wrote and
// writes again rather than repeat one; for synthetic corpora (used == nil)
// it does not check.
type writer struct {
	r      *rand.Rand
	used   map[string]bool
	titles map[string]bool
}

func newWriter(r *rand.Rand, unique bool) *writer {
	w := &writer{r: r}
	if unique {
		w.used, w.titles = map[string]bool{}, map[string]bool{}
	}
	return w
}

// sentences splits a text on the marks that end a sentence or a clause of
// equal weight: 。；！？ and their ASCII forms.
func sentences(text string) []string {
	parts := strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("。；！？;!?", r) })
	var out []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// fresh reports whether neither the title nor any sentence of text was
// written before; if so it records them.
func (w *writer) fresh(title, text string) bool {
	if w.used == nil {
		return true
	}
	if w.titles[title] {
		return false
	}
	ss := sentences(text)
	for _, s := range ss {
		if w.used[s] {
			return false
		}
	}
	w.titles[title] = true
	for _, s := range ss {
		w.used[s] = true
	}
	return true
}

// num writes v with dec decimals.
func num(v float64, dec int) string { return fmt.Sprintf("%.*f", dec, v) }

// slots are the words one work is written from.
type slots struct {
	O, O2, D, D2, M, M2, T, Field, Thing, Suffix, Std, County string
	P                                                         param
	K                                                         metric
	pLo, pHi, pV, pV0, kB, kA                                 float64
}

func (w *writer) slots(t *topic) *slots {
	r := w.r
	s := &slots{
		O: pick(r, t.Objects), D: pick(r, t.Defects), M: pick(r, t.Methods), T: pick(r, t.Tools),
		Field: pick(r, t.Fields), Thing: pick(r, t.Things), Suffix: pick(r, t.Suffixes),
		P: pick(r, t.Params), K: pick(r, t.Metrics), County: pick(r, t.counties()),
	}
	s.O2, s.D2, s.M2 = other(r, t.Objects, s.O), other(r, t.Defects, s.D), other(r, t.Methods, s.M)
	if len(t.Standards) > 0 {
		s.Std = pick(r, t.Standards)
	}
	span := s.P.Hi - s.P.Lo
	s.pLo = s.P.Lo + span*0.35*r.Float64()
	s.pHi = s.P.Hi - span*0.35*r.Float64()
	s.pV = s.pLo + (s.pHi-s.pLo)*(0.2+0.6*r.Float64())
	s.pV0 = s.P.Lo + span*r.Float64()
	ks := s.K.Hi - s.K.Lo
	if s.K.Down {
		s.kB = s.K.Hi - ks*0.45*r.Float64()
		s.kA = s.K.Lo + ks*0.4*r.Float64()
	} else {
		s.kB = s.K.Lo + ks*0.45*r.Float64()
		s.kA = s.K.Hi - ks*0.4*r.Float64()
	}
	return s
}

func other(r *rand.Rand, xs []string, not string) string {
	for range 20 {
		if x := pick(r, xs); x != not {
			return x
		}
	}
	return not
}

// fill replaces the {…} placeholders of a frame.
func (w *writer) fill(t *topic, s *slots, frame string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(frame, '{')
		if i < 0 {
			b.WriteString(frame)
			return b.String()
		}
		j := strings.IndexByte(frame[i:], '}')
		if j < 0 {
			b.WriteString(frame)
			return b.String()
		}
		b.WriteString(frame[:i])
		key := frame[i+1 : i+j]
		if v, ok := w.value(t, s, key); ok {
			b.WriteString(v)
		} else {
			b.WriteString(frame[i : i+j+1])
		}
		frame = frame[i+j+1:]
	}
}

// value is the text of one placeholder; numbers are drawn anew each time.
func (w *writer) value(t *topic, s *slots, key string) (string, bool) {
	r := w.r
	switch key {
	case "O":
		return s.O, true
	case "O2":
		return s.O2, true
	case "D":
		return s.D, true
	case "D2":
		return s.D2, true
	case "M":
		return s.M, true
	case "M2":
		return s.M2, true
	case "T":
		return s.T, true
	case "field":
		return s.Field, true
	case "thing":
		return s.Thing, true
	case "suffix":
		return s.Suffix, true
	case "std":
		return s.Std, true
	case "county":
		return s.County, true
	case "users":
		return t.Users, true
	case "topic":
		return t.Name, true
	case "P":
		return s.P.Name, true
	case "Pr":
		return num(s.pLo, s.P.Dec) + "–" + num(s.pHi, s.P.Dec) + s.P.Unit, true
	case "Pv":
		return num(s.pV, s.P.Dec) + s.P.Unit, true
	case "Pv0":
		return num(s.pV0, s.P.Dec) + s.P.Unit, true
	case "K":
		return s.K.Name, true
	case "Kb":
		return num(s.kB, s.K.Dec) + s.K.Unit, true
	case "Ka":
		return num(s.kA, s.K.Dec) + s.K.Unit, true
	case "to":
		if s.K.Down {
			return "降至", true
		}
		return "提高到", true
	case "chg":
		if s.K.Down {
			return "降低", true
		}
		return "提高", true
	case "pct":
		pct := int(math.Round(math.Abs(s.kA-s.kB) / math.Max(s.kB, 1e-9) * 100))
		if pct < 3 {
			pct = 3 + r.IntN(5)
		}
		return strconv.Itoa(pct), true
	case "n":
		return strconv.Itoa(2 + r.IntN(9)), true
	case "few":
		return strconv.Itoa(1 + r.IntN(4)), true
	case "batches":
		return strconv.Itoa(6 + r.IntN(40)), true
	case "months":
		return strconv.Itoa(3 + r.IntN(16)), true
	case "money":
		return strconv.Itoa(20 + r.IntN(60)*5), true
	case "err":
		return num(2+6*r.Float64(), 1), true
	case "samples":
		return strconv.Itoa(30 + r.IntN(400)), true
	}
	return "", false
}

// Frames of a paper abstract: an opening with the problem and approach, a
// result with figures, and sometimes where it was applied.
var (
	paperOpenings = []string{
		"针对{O}生产中{D}频发的问题，采用{M}，考察了{P}（{Pr}）对{K}的影响。",
		"{D}是制约{O}质量稳定的主要因素之一，本文以{M}为手段，在{P}{Pr}的范围内开展了正交试验。",
		"以{O}为研究对象，借助{T}分析了{D}的形成机理，并提出基于{M}的改进方案，重点考察{P}的作用。",
		"为解决{O}的{D}问题，本研究结合{T}建立了{P}与{K}之间的响应面模型，试验范围为{Pr}。",
		"{M}对抑制{D}效果明显，但用于{O}时的工艺窗口尚缺少系统数据；本文在{P}{Pr}的范围内研究了{K}的变化规律。",
		"本文提出将{M}与{M2}相结合的技术路线，用于解决{O}的{D}问题，并以{T}验证其效果。",
		"通过对{batches}批次{O}生产数据的统计分析，识别出{P}是诱发{D}的关键因素，进而采用{M}加以控制。",
		"围绕{O}的{D}问题，对比了{M}和{M2}两种方案，以{K}为主要评价指标进行了工艺优化。",
		"{O}在使用中容易出现{D}，本研究从{field}角度出发，采用{M}改善其{K}。",
		"利用{T}对{O}进行了系统表征，结果显示{D}与{P}密切相关，据此设计了{M}方案。",
		"以{users}常见的{O}{D}为切入点，研究了{M}条件下{P}（{Pr}）与{K}的对应关系。",
		"为降低{O}出现{D}的风险，本课题采用{T}与工艺试验相结合的方法，对{M}的关键参数进行了优化。",
	}
	paperResults = []string{
		"结果表明，当{P}为{Pv}时，{K}由{Kb}{to}{Ka}。",
		"优化后{K}{chg}了{pct}%，{D}得到明显抑制。",
		"与原工艺相比，{K}从{Kb}改善至{Ka}，{P}的合理区间为{Pr}。",
		"验证批次中{K}稳定在{Ka}左右，较改进前{chg}约{pct}%。",
		"在{P}取{Pv}的条件下，{K}达到{Ka}，{D}的发生率下降约{pct}%。",
		"所建模型的预测值与实测值相对误差小于{err}%，{P}为{Pv}时{K}为{Ka}。",
		"试验数据显示{K}由{Kb}{to}{Ka}，批次间波动明显减小。",
		"采用{M}后{K}{chg}{pct}%，{P}由原来的{Pv0}调整为{Pv}。",
		"{K}的最优值为{Ka}，对应的{P}为{Pv}，与{T}的预测基本吻合。",
		"{samples}组样品的统计结果显示，{K}平均{chg}{pct}%，{D2}问题也有所缓解。",
	}
	paperStdResults = []string{
		"改进后样品的{K}为{Ka}，满足{std}的要求。",
		"按{std}检验，{K}由{Kb}{to}{Ka}。",
	}
	paperClosings = []string{
		"该方法已在{county}{n}家{users}推广应用。",
		"相关成果已用于{county}一家{users}的生产线，年节约成本约{money}万元。",
		"研究结果可为{O}的设计与生产提供参考。",
		"该方案在{county}完成了{batches}批次中试验证。",
		"成果已在{county}一家{users}的中试线上连续运行{months}个月。",
		"该结论对{O2}同样具有参考价值。",
	}
	paperTitles = []string{
		"{P}对{O}{K}的影响",
		"{O}{D}的形成机理与控制",
		"基于{T}的{O}{D}分析",
		"{M}在{O}中的应用研究",
		"{O}的{M}参数优化",
		"{M}与{M2}协同改善{O}{K}的研究",
		"{O}{D}的影响因素及其控制",
		"面向{D}抑制的{O}{M}参数研究",
		"{O}{K}{chg}的{M}方法",
	}
)

// A patent: the title and the text are written together.
var patentFrames = []struct{ title, text string }{
	{"一种{O}的{suffix}", "本发明公开了一种{O}的{suffix}，采用{M}，将{P}控制在{Pr}。按该方法实施，{K}可{to}{Ka}，能有效解决{D}的问题。"},
	{"一种{thing}", "本实用新型涉及{field}技术领域，提供一种{thing}，通过{M}实现对{P}的精确控制。使用该装置后{K}稳定在{Ka}，{D}问题明显改善。"},
	{"一种基于{M}的{O}{suffix}", "本发明提供一种基于{M}的{O}{suffix}，包括参数设定、过程监测和闭环调整三个步骤，其中{P}设定为{Pv}。与现有技术相比，{K}{chg}{pct}%以上，{D}得到有效控制。"},
	{"一种用于{O}的{thing}", "本发明涉及一种用于{O}的{thing}，结合{T}在线获取{P}，超出{Pr}时自动报警并调整。该装置可使{D}的发生率降低{pct}%，{K}达到{Ka}。"},
	{"一种解决{O}{D}问题的方法", "本发明公开了一种解决{O}{D}问题的方法：先用{T}确定{P}的合适取值，再采用{M}加以实施。实施例中{P}取{Pv}，{K}由{Kb}{to}{Ka}。"},
}

// A project: funded research or a commissioned development.
var (
	projectTexts = []string{
		"面向{county}{users}{O}{D}的共性难题，研究了{M}与{M2}的工艺匹配，将{P}控制在{Pr}。项目实施后{K}由{Kb}{to}{Ka}，在{n}家企业推广应用。",
		"以{O}为对象，建立了基于{T}的{D}诊断方法，开发了{M}成套工艺。成果在{county}示范应用，{K}{chg}{pct}%，新增产值约{money}万元。",
		"与{county}一家{users}合作，围绕{O}的{D}问题联合攻关，形成{M}技术规范{few}项、授权发明专利{few}项，{K}稳定在{Ka}。",
		"针对{O}的{D}，采用{M}并配合{T}开展试验验证，确定{P}宜取{Pv}。验收时{K}达到{Ka}，较立项时{chg}{pct}%。",
		"研究{P}、{K}与{D}之间的定量关系，提出{O}采用{M}时的参数窗口（{P}{Pr}）。成果已在{county}{n}家{users}应用。",
	}
	projectTitles = []string{
		"{O}{D}控制关键技术研究",
		"{M}技术在{O}中的应用示范",
		"{county}{O}{M}技术集成与推广",
		"{O}{K}{chg}关键技术开发",
		"{O}{M}技术开发及产业化",
	}
	// Funders, written as the clause "本项目…，" that opens a project text.
	fundersSenior = []string{"受国家自然科学基金面上项目资助", "受浙江省重点研发计划资助", "受浙江省自然科学基金资助", "受台州市科技计划资助", "受浙江省“尖兵”“领雁”研发攻关计划资助", "受企业委托", "为国家重点研发计划课题"}
	fundersYoung  = []string{"受国家自然科学基金青年科学基金项目资助", "受浙江省自然科学基金探索项目资助", "受台州市科技计划资助", "受企业委托"}
	fundersEnt    = []string{"为企业技术中心研发项目", "受台州市科技计划资助", "由企业牵头承担浙江省重点研发计划", "列入省级工业新产品试制计划"}
)

// keywordsOf picks three or four keywords of a work from its slots.
func (w *writer) keywordsOf(s *slots) []string {
	kw := []string{s.O, s.M, s.D, s.K.Name}
	w.r.Shuffle(len(kw), func(i, j int) { kw[i], kw[j] = kw[j], kw[i] })
	var out []string
	for _, k := range kw[:3+w.r.IntN(2)] {
		out = appendUnique(out, k)
	}
	return out
}

// write tries frames until it has a title and text of 80 to 250
// characters that were not written before.
func (w *writer) write(t *topic, kind string, make func(s *slots) (title, text string)) engine.Work {
	for attempt := range 500 {
		s := w.slots(t)
		title, text := make(s)
		n := utf8.RuneCountInString(text)
		if w.used == nil && attempt >= 3 { // synthetic: take what comes
			return engine.Work{Kind: kind, Title: title, Text: text, Keywords: w.keywordsOf(s)}
		}
		if n < 80 || n > 250 || !w.fresh(title, text) {
			continue
		}
		return engine.Work{Kind: kind, Title: title, Text: text, Keywords: w.keywordsOf(s)}
	}
	panic("demo: cannot write a new " + kind + " about " + t.Name)
}

// paper writes a paper abstract; a topic note, if one is left, takes the
// place of the closing sentence.
func (w *writer) paper(t *topic) engine.Work {
	return w.write(t, "paper", func(s *slots) (string, string) {
		r := w.r
		text := w.fill(t, s, pick(r, paperOpenings))
		if s.Std != "" && r.IntN(4) == 0 {
			text += w.fill(t, s, pick(r, paperStdResults))
		} else {
			text += w.fill(t, s, pick(r, paperResults))
		}
		if note := w.note(t, s); note != "" && r.IntN(3) > 0 {
			text += note
		} else if r.IntN(3) > 0 {
			text += w.fill(t, s, pick(r, paperClosings))
		}
		return w.fill(t, s, pick(r, paperTitles)), text
	})
}

// note returns a topic note not yet used (demo only) that speaks of the
// work's defect or method, or "".
func (w *writer) note(t *topic, s *slots) string {
	if w.used == nil {
		return ""
	}
	for _, n := range t.Notes {
		if !w.used[strings.TrimSuffix(n, "。")] && (shares(n, s.D) || shares(n, s.M)) {
			return n
		}
	}
	return ""
}

// shares reports whether a and b have two consecutive characters in common.
func shares(a, b string) bool {
	rs := []rune(b)
	for i := 0; i+1 < len(rs); i++ {
		if strings.Contains(a, string(rs[i:i+2])) {
			return true
		}
	}
	return false
}

func (w *writer) patent(t *topic) engine.Work {
	return w.write(t, "patent", func(s *slots) (string, string) {
		f := pick(w.r, patentFrames)
		return w.fill(t, s, f.title), w.fill(t, s, f.text)
	})
}

func (w *writer) project(t *topic, funders []string) engine.Work {
	return w.write(t, "project", func(s *slots) (string, string) {
		text := "本项目" + pick(w.r, funders) + "，" + w.fill(t, s, pick(w.r, projectTexts))
		return w.fill(t, s, pick(w.r, projectTitles)), text
	})
}
