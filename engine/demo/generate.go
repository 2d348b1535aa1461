package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"yixianqian/engine"
)

// Surnames and given-name characters for the demo people. The names are made
// up; any likeness to a real person is chance.
var (
	surnames   = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢")
	givenChars = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力斌宇浩凯健俊帆鹏志晨宁欣悦琳")
	expertOrgs = []string{
		"浙江大学", "浙江工业大学", "台州学院", "中国计量大学", "浙江理工大学", "宁波大学", "温州医科大学",
		"浙江农林大学", "浙江省农业科学院", "台州职业技术学院", "浙江大学台州研究院", "浙江师范大学",
		"中国科学院宁波材料技术与工程研究所", "浙江科技大学", "杭州电子科技大学", "浙江海洋大学",
	}
	titles      = []string{"教授", "研究员", "副教授", "高级工程师", "正高级工程师", "副研究员"}
	brandSyl    = []rune("华东海宏远盛达恒信泰安博创新瑞丰隆兴永嘉鑫源天工精锐")
	companyTail = []string{"股份有限公司", "科技有限公司", "制造有限公司", "实业有限公司", "有限公司"}
)

// Generate makes the demo dataset: 150 experts, 20 doctoral service teams,
// 15 societies and 60 needs, the same every time.
func Generate() ([]engine.Profile, []engine.Need) {
	r := rand.New(rand.NewPCG(2026, 11))
	var ps []engine.Profile
	for i := range 150 {
		ps = append(ps, expert(r, i))
	}
	for i := range 20 {
		ps = append(ps, team(r, i))
	}
	for i, s := range societySpecs {
		ps = append(ps, society(r, i, s))
	}
	var ns []engine.Need
	for i := range 60 {
		ns = append(ns, need(r, i))
	}
	return ps, ns
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// pickN returns n distinct elements of xs in random order.
func pickN[T any](r *rand.Rand, xs []T, n int) []T {
	idx := r.Perm(len(xs))[:min(n, len(xs))]
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

func personName(r *rand.Rand) string {
	n := string(pick(r, surnames)) + string(pick(r, givenChars))
	if r.IntN(3) > 0 {
		n += string(pick(r, givenChars))
	}
	return n
}

func companyName(r *rand.Rand, ind industry) string {
	brand := string(pick(r, brandSyl)) + string(pick(r, brandSyl))
	return "浙江" + brand + pick(r, ind.Products) + pick(r, companyTail)
}

// workText writes one abstract-like paragraph about applying a method to a
// problem of an object.
func workText(r *rand.Rand, ind industry) (title, text string, keywords []string) {
	obj, prob, meth := pick(r, ind.Objects), pick(r, ind.Problems), pick(r, ind.Methods)
	county := pick(r, engine.Counties())
	gain := 10 + r.IntN(35)
	title = fmt.Sprintf("基于%s的%s%s问题研究", meth, obj, prob)
	openers := []string{
		fmt.Sprintf("针对%s生产中%s的问题，", obj, prob),
		fmt.Sprintf("%s企业普遍存在%s%s的难题，", ind.Name, obj, prob),
		fmt.Sprintf("为解决%s%s这一行业共性问题，", obj, prob),
	}
	middles := []string{
		fmt.Sprintf("本研究采用%s，建立了关键工艺参数与产品性能之间的关系模型，", meth),
		fmt.Sprintf("提出一种结合%s与%s的方法，", meth, pick(r, ind.Methods)),
		fmt.Sprintf("从%s角度分析了失效机理，并以%s进行改进，", pick(r, ind.Fields), meth),
	}
	closers := []string{
		fmt.Sprintf("在%s一家企业试用后，相关指标改善约%d%%。", county, gain),
		fmt.Sprintf("中试结果表明，%s明显缓解，综合成本下降%d%%。", prob, gain/2+3),
		fmt.Sprintf("成果已在%s多家%s企业推广应用。", county, ind.Name),
	}
	text = pick(r, openers) + pick(r, middles) + pick(r, closers)
	return title, text, []string{obj, meth}
}

func expert(r *rand.Rand, i int) engine.Profile {
	ind := vocabulary[i%len(vocabulary)]
	p := engine.Profile{
		ID:           fmt.Sprintf("exp-%03d", i+1),
		Kind:         engine.KindExpert,
		Name:         personName(r),
		Organisation: pick(r, expertOrgs),
		Title:        pick(r, titles),
		Fields:       pickN(r, ind.Fields, 2+r.IntN(2)),
		Keywords:     append(pickN(r, ind.Objects, 2), pickN(r, ind.Methods, 2)...),
		Industries:   []string{ind.Name},
		Counties:     pickN(r, engine.Counties(), 1+r.IntN(2)),
		Capacity:     2 + r.IntN(4),
	}
	for range 2 + r.IntN(3) {
		title, text, kw := workText(r, ind)
		kind := pick(r, []string{"paper", "paper", "patent", "project"})
		p.Works = append(p.Works, engine.Work{Kind: kind, Title: title, Text: text, Keywords: kw, Year: 2018 + r.IntN(8)})
	}
	if r.IntN(6) == 0 {
		p.Conflicts = []string{companyName(r, ind)}
	}
	if i%37 == 36 {
		p.Inactive = true
	}
	return p
}

var teamOrdinals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// ordinal writes the 0-based n as a Chinese ordinal for the first ten.
func ordinal(n int) string {
	if n < len(teamOrdinals) {
		return teamOrdinals[n]
	}
	return fmt.Sprint(n + 1)
}

func team(r *rand.Rand, i int) engine.Profile {
	ind := vocabulary[i%len(vocabulary)]
	p := engine.Profile{
		ID:           fmt.Sprintf("team-%02d", i+1),
		Kind:         engine.KindTeam,
		Name:         fmt.Sprintf("台州市%s博士服务团第%s分团", ind.Name, ordinal(i/len(vocabulary))),
		Organisation: "台州市科学技术协会",
		Fields:       pickN(r, ind.Fields, 3),
		Keywords:     append(pickN(r, ind.Objects, 3), pickN(r, ind.Methods, 3)...),
		Industries:   []string{ind.Name},
		Capacity:     6 + r.IntN(5),
	}
	for range 4 + r.IntN(3) {
		p.Members = append(p.Members, engine.Member{Name: personName(r), Organisation: pick(r, expertOrgs), Fields: pickN(r, ind.Fields, 1)})
	}
	// 一月一县一产: twelve months from 2026-07, a different county each month
	// where the schedule allows, the team's own industry.
	counties := engine.Counties()
	off := r.IntN(len(counties))
	for m := range 12 {
		month := fmt.Sprintf("%04d-%02d", 2026+(6+m)/12, (6+m)%12+1)
		p.Schedule = append(p.Schedule, engine.Slot{Month: month, County: counties[(off+m)%len(counties)], Industry: ind.Name})
	}
	for _, s := range p.Schedule {
		p.Counties = appendUnique(p.Counties, s.County)
	}
	for range 2 {
		title, text, kw := workText(r, ind)
		p.Works = append(p.Works, engine.Work{Kind: "project", Title: title, Text: text, Keywords: kw, Year: 2024 + r.IntN(3)})
	}
	return p
}

func appendUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

type societySpec struct {
	Name     string
	Industry string // a vocabulary industry
	Station  string // county of its service station, if it runs one
}

var societySpecs = []societySpec{
	{"台州市药学会", "医药化工", "椒江区"},
	{"台州市化工学会", "医药化工", "临海市"},
	{"台州市生物医学工程学会", "医疗器械", "黄岩区"},
	{"台州市汽车工程学会", "汽摩配", "玉环市"},
	{"台州市机械工程学会", "缝制设备", "椒江区"},
	{"台州市电机工程学会", "泵与电机", "温岭市"},
	{"台州市模具工业学会", "模具与塑料", "黄岩区"},
	{"台州市卫浴洁具技术学会", "智能马桶", "路桥区"},
	{"台州市流体工程学会", "阀门", "玉环市"},
	{"台州市光学学会", "光电", ""},
	{"台州市材料学会", "新材料", ""},
	{"台州市自动化学会", "智能制造", "路桥区"},
	{"台州市园艺学会", "现代农业", "仙居县"},
	{"台州市茶叶学会", "现代农业", "天台县"},
	{"台州市食品科学技术学会", "食品加工", "三门县"},
}

func vocabFor(name string) industry {
	for _, v := range vocabulary {
		if v.Name == name {
			return v
		}
	}
	panic("demo: no vocabulary for " + name)
}

func society(r *rand.Rand, i int, s societySpec) engine.Profile {
	ind := vocabFor(s.Industry)
	p := engine.Profile{
		ID:         fmt.Sprintf("soc-%02d", i+1),
		Kind:       engine.KindSociety,
		Name:       s.Name,
		Fields:     pickN(r, ind.Fields, 4),
		Keywords:   append(pickN(r, ind.Objects, 3), pickN(r, ind.Methods, 3)...),
		Industries: []string{ind.Name},
		Capacity:   10,
	}
	if s.Station != "" {
		host := companyName(r, ind)
		p.Stations = []engine.Station{{Name: strings.TrimPrefix(s.Name, "台州市") + s.Station + "服务站", County: s.Station, Host: host}}
		p.Counties = []string{s.Station}
	}
	for range 3 {
		title, text, kw := workText(r, ind)
		p.Works = append(p.Works, engine.Work{Kind: "project", Title: title, Text: text, Keywords: kw, Year: 2022 + r.IntN(4)})
	}
	return p
}

func need(r *rand.Rand, i int) engine.Need {
	ind := vocabulary[i%len(vocabulary)]
	obj, prob := pick(r, ind.Objects), pick(r, ind.Problems)
	company := companyName(r, ind)
	descs := []string{
		fmt.Sprintf("我司主要生产%s，目前%s%s，影响交付和客户满意度。希望与高校或科研院所合作，在半年内找到可落地的改进方案。", pick(r, ind.Products), obj, prob),
		fmt.Sprintf("公司%s产线近期%s问题突出，已尝试调整工艺参数但效果有限，急需熟悉%s的专家现场诊断。", obj, prob, pick(r, ind.Methods)),
		fmt.Sprintf("计划开发新一代%s，需要解决%s的技术瓶颈，寻求在%s方面有经验的团队联合攻关，可共同申报项目。", obj, prob, pick(r, ind.Fields)),
		fmt.Sprintf("%s%s", obj, prob),
	}
	n := engine.Need{
		ID:          fmt.Sprintf("need-%03d", i+1),
		Title:       fmt.Sprintf("%s%s攻关", obj, prob),
		Description: pick(r, descs),
		Enterprise:  company,
		Industry:    ind.Name,
		County:      pick(r, engine.Counties()),
		Modes:       []string{pick(r, []string{engine.ModeDevelopment, engine.ModeTransfer, engine.ModeConsulting, engine.ModeService, engine.ModeTalent})},
	}
	if r.IntN(3) > 0 {
		n.Budget = float64(5 * (1 + r.IntN(40)))
	}
	if r.IntN(2) == 0 {
		n.Deadline = fmt.Sprintf("2027-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
	}
	return n
}

// Synthetic returns n profiles made from the demo vocabulary, the same for
// the same n and seed: a corpus for benchmarks at sizes the demo does not
// reach. About 85% are experts, 10% teams and 5% societies.
func Synthetic(n int, seed uint64) []engine.Profile {
	r := rand.New(rand.NewPCG(seed, 7))
	out := make([]engine.Profile, 0, n)
	for i := range n {
		var p engine.Profile
		switch x := r.IntN(20); {
		case x < 17:
			p = expert(r, i)
		case x < 19:
			p = team(r, i)
		default:
			p = society(r, i, societySpecs[i%len(societySpecs)])
		}
		p.ID = fmt.Sprintf("syn-%07d", i+1)
		out = append(out, p)
	}
	return out
}

// SyntheticNeeds returns n need texts made from the demo vocabulary.
func SyntheticNeeds(n int, seed uint64) []engine.Need {
	r := rand.New(rand.NewPCG(seed, 8))
	out := make([]engine.Need, 0, n)
	for i := range n {
		nd := need(r, i)
		nd.ID = fmt.Sprintf("syn-need-%05d", i+1)
		out = append(out, nd)
	}
	return out
}
