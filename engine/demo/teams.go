package demo

import (
	"fmt"
	"math/rand/v2"

	"yixianqian/engine"
)

// teamSpec is one doctoral service team (博士服务团): its industries, the
// topics its doctors work on and the enterprise hosting its 博士创新工作站.
type teamSpec struct {
	Name       string
	Industries []string
	Topics     []string
	Station    string // host enterprise, or ""
}

var teamSpecs = []teamSpec{
	{"模具与塑料产业博士服务团", []string{"模具与塑料"}, []string{"mo-inject", "mo-compound"}, "台州黄岩精岙模具有限公司"},
	{"医药化工产业博士服务团", []string{"医药化工"}, []string{"ph-cryst", "ph-impurity"}, "浙江岚澄药业股份有限公司"},
	{"压铸与汽摩配博士服务团", []string{"汽摩配", "模具与塑料"}, []string{"am-diecast", "mo-diecastdie"}, "玉环铝翔压铸有限公司"},
	{"缝制设备产业博士服务团", []string{"缝制设备"}, []string{"sw-servo", "sw-vision"}, ""},
	{"泵与电机产业博士服务团", []string{"泵与电机"}, []string{"pm-hydraulic", "pm-pmsm"}, "温岭市泓川泵业有限公司"},
	{"医疗器械产业博士服务团", []string{"医疗器械"}, []string{"md-polymer", "md-steril"}, ""},
	{"智能卫浴博士服务团", []string{"智能马桶"}, []string{"tl-heat", "tl-flush"}, "浙江洁澜智能卫浴有限公司"},
	{"阀门产业博士服务团", []string{"阀门"}, []string{"va-seal", "va-flow"}, ""},
	{"光电产业博士服务团", []string{"光电"}, []string{"op-lens", "op-led"}, ""},
	{"新材料产业博士服务团", []string{"新材料"}, []string{"nm-rubber", "nm-filter"}, "天台县滤岚过滤科技有限公司"},
	{"智能制造博士服务团（第一分团）", []string{"智能制造"}, []string{"im-vision", "im-mes"}, ""},
	{"乡村振兴博士服务团（果业分团）", []string{"现代农业", "食品加工"}, []string{"ag-bayberry", "fd-fruit"}, "仙居县岭上杨梅专业合作社"},
	{"乡村振兴博士服务团（茶叶柑橘分团）", []string{"现代农业"}, []string{"ag-tea", "ag-citrus"}, "天台县云岚茶业有限公司"},
	{"食品加工产业博士服务团", []string{"食品加工"}, []string{"fd-seafood", "fd-safety"}, ""},
	{"电子信息产业博士服务团", []string{"电子信息"}, []string{"el-iot", "el-emc"}, ""},
	{"生物医药绿色制造博士服务团", []string{"医药化工"}, []string{"ph-waste", "ph-flow"}, ""},
	{"智能制造博士服务团（第二分团）", []string{"智能制造", "泵与电机"}, []string{"im-pdm", "pm-drive"}, ""},
	{"新能源汽车博士服务团", []string{"汽摩配", "电子信息"}, []string{"am-ev", "el-bms"}, "浙江屹驱新能源科技有限公司"},
	{"海洋渔业博士服务团", []string{"现代农业", "食品加工"}, []string{"ag-crab", "fd-seafood"}, "三门县湾鲜水产食品有限公司"},
	{"汽摩配产业博士服务团", []string{"汽摩配"}, []string{"am-brake", "am-interior"}, ""},
}

// Frames of a team's service report: one month in one county.
var (
	serviceTitles = []string{"{year}年{month}月{county}{ind}企业技术诊断服务", "{county}{ind}“一月一县一产”服务纪要（{year}年{month}月）"}
	serviceTexts  = []string{
		"服务团{few}名博士赴{county}走访{n}家{users}，围绕{O}{D}、{O2}{D2}等问题开展现场诊断，提出以{M}为主的改进建议{n}条。其中一家企业采纳后{K}由{Kb}{to}{Ka}。",
		"本月服务团在{county}驻点，收集{users}技术需求{batches}项，重点是{O}的{D}。团队结合{T}给出了{M}方案，并与{few}家企业签订技术服务协议。",
		"服务团在{county}举办{M}专题交流会，{n}家{users}的技术骨干参加；会后对{O}{D}问题开展跟踪服务，{P}已调整到{Pr}。",
	}
)

// team builds one doctoral service team. Its schedule covers every month
// of 2026 and 2027: one county and one of its industries a month, the
// industries taking turns, each industry touring the counties where it is
// found, never the same county two months running.
func team(r *rand.Rand, w *writer, pp *people, id string, i int, spec teamSpec) engine.Profile {
	p := engine.Profile{
		ID:           id,
		Kind:         engine.KindTeam,
		Name:         "台州市" + spec.Name,
		Organisation: "台州市科学技术协会",
		Industries:   spec.Industries,
		Capacity:     6 + r.IntN(5),
	}
	var ts []*topic
	for _, k := range spec.Topics {
		t := topicByKey(k)
		ts = append(ts, t)
		p.Fields = appendUnique(p.Fields, t.Name)
	}
	for _, t := range ts {
		p.Fields = appendUnique(p.Fields, pick(r, t.Fields))
		p.Keywords = append(p.Keywords, pickN(r, t.Keywords, 3)...)
	}
	for j := range 5 + r.IntN(3) {
		t := ts[j%len(ts)]
		who := pp.names.person(r)
		p.Members = append(p.Members, engine.Member{Name: who.Name, Organisation: pick(r, t.Orgs), Fields: []string{t.Name, pick(r, t.Fields)}})
	}
	next := map[string]int{}
	for _, ind := range spec.Industries {
		next[ind] = i
	}
	prev := ""
	for m := range 24 {
		ind := spec.Industries[m%len(spec.Industries)]
		cs := countiesOf(ind)
		c := cs[next[ind]%len(cs)]
		if c == prev {
			next[ind]++
			c = cs[next[ind]%len(cs)]
		}
		next[ind]++
		prev = c
		p.Schedule = append(p.Schedule, engine.Slot{Month: fmt.Sprintf("%04d-%02d", 2026+m/12, m%12+1), County: c, Industry: ind})
		p.Counties = appendUnique(p.Counties, c)
	}
	if spec.Station != "" {
		host := enterpriseNamed(spec.Station)
		p.Stations = []engine.Station{{Type: engine.StationDoctoral, Name: host.Short + "博士创新工作站", County: host.County, Host: host.Name}}
		p.Counties = appendUnique(p.Counties, host.County)
	}
	for j, t := range ts {
		p.Works = append(p.Works, w.service(t, 2025, 3+j*4+r.IntN(3)))
	}
	pw := w.project(ts[0], fundersSenior)
	pw.Year = 2024 + r.IntN(2)
	p.Works = append(p.Works, pw)
	return p
}

// service writes a team's report of one month of service.
func (w *writer) service(t *topic, year, month int) engine.Work {
	wk := w.write(t, "report", func(s *slots) (string, string) {
		rep := func(f string) string {
			f = w.fill(t, s, f)
			return fillDate(f, year, month, t.Industry)
		}
		return rep(pick(w.r, serviceTitles)), rep(pick(w.r, serviceTexts))
	})
	wk.Year = year
	return wk
}

func fillDate(f string, year, month int, industry string) string {
	return replaceAll(f, "{year}", fmt.Sprint(year), "{month}", fmt.Sprint(month), "{ind}", industry)
}
