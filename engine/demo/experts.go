package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"yixianqian/engine"
)

// role is what kind of expert a roster entry is.
type role int

const (
	roleSenior  role = iota // 教授, 研究员, 正高级工程师
	roleMid                 // 副教授, 副研究员, 高级工程师
	roleYoung               // a PhD under 45 at a university or institute: a mentee candidate
	roleEnt                 // a technical expert of a leading enterprise: a mentee candidate
	roleAcademy             // 院士
)

// rosterEntry is one expert of the demo, in ID order.
type rosterEntry struct {
	Topic string
	Role  role
	// Org is the organisation of an academician, or the enterprise of an
	// enterprise expert; others draw one from their topic.
	Org string
	// Academy and StationHost: an academician's academy and the enterprise
	// that hosts the academician's 院士工作站.
	Academy     string
	StationHost string
	// ExpertStation is the enterprise hosting the expert's 专家服务站, if any.
	ExpertStation string
	Conflicts     []string
	Inactive      bool
}

func senior(topic string) rosterEntry { return rosterEntry{Topic: topic, Role: roleSenior} }
func mid(topic string) rosterEntry    { return rosterEntry{Topic: topic, Role: roleMid} }
func young(topic string) rosterEntry  { return rosterEntry{Topic: topic, Role: roleYoung} }
func ent(topic, enterprise string) rosterEntry {
	return rosterEntry{Topic: topic, Role: roleEnt, Org: enterprise}
}
func academician(topic, org, academy, host string) rosterEntry {
	return rosterEntry{Topic: topic, Role: roleAcademy, Org: org, Academy: academy, StationHost: host}
}

func (e rosterEntry) station(host string) rosterEntry { e.ExpertStation = host; return e }
func (e rosterEntry) avoid(enterprises ...string) rosterEntry {
	e.Conflicts = enterprises
	return e
}
func (e rosterEntry) inactive() rosterEntry { e.Inactive = true; return e }

// roster lists the 150 demo experts: exp-001 is the first. The tests of
// other packages rely on some of them; generate.go says which and why.
var roster = []rosterEntry{
	// 医药化工: exp-001 … exp-014
	senior("ph-cryst"), senior("ph-cryst").station("台州东湾原料药有限公司"), senior("ph-flow"), senior("ph-enzyme"),
	academician("ph-flow", "华东理工大学药学院", engine.AcademyEngineering, "台州茗川制药有限公司"),
	mid("ph-impurity").avoid("台州东湾原料药有限公司"), senior("ph-waste"), young("ph-cryst"), young("ph-enzyme"),
	ent("ph-impurity", "浙江弘溪医药化工有限公司"), ent("ph-flow", "台州东湾原料药有限公司"),
	mid("ph-waste").avoid("台州茗川制药有限公司"), senior("ph-impurity"), mid("ph-enzyme"),
	// 医疗器械: exp-015 … exp-025
	senior("md-polymer"), academician("md-ortho", "东南大学生物科学与医学工程学院", engine.AcademyEngineering, "台州骏骨医疗科技有限公司"),
	senior("md-steril").station("玉环市康屿医用器材有限公司"), senior("md-imaging"), mid("md-polymer"),
	senior("md-ortho").avoid("台州骏骨医疗科技有限公司"), young("md-imaging"), mid("md-steril"),
	ent("md-polymer", "浙江安澜医用高分子有限公司"), mid("md-ortho"), mid("md-imaging"),
	// 汽摩配: exp-026 … exp-038
	senior("am-diecast").station("玉环市锐铸汽车配件有限公司"), senior("am-diecast"), senior("am-brake").avoid("浙江衡岳制动科技有限公司"),
	academician("am-ev", "清华大学车辆与运载学院", engine.AcademySciences, "浙江屹驱新能源科技有限公司"),
	senior("am-interior").station("天台县锦途汽车用品有限公司"), young("am-diecast"), mid("am-brake"), senior("am-ev"),
	ent("am-diecast", "玉环铝翔压铸有限公司"), mid("am-interior"), ent("am-brake", "浙江衡岳制动科技有限公司"),
	mid("am-ev").inactive(), mid("am-interior"),
	// 缝制设备: exp-039 … exp-047
	senior("sw-mech").station("台州针隆缝纫机有限公司"), senior("sw-servo"), senior("sw-vision"), mid("sw-mech").avoid("台州针隆缝纫机有限公司"),
	young("sw-servo"), mid("sw-vision"), ent("sw-mech", "浙江缝谷智能缝制设备有限公司"), mid("sw-servo"), senior("sw-vision"),
	// 泵与电机: exp-048 … exp-060
	senior("pm-hydraulic").station("温岭市泓川泵业有限公司"), senior("pm-pmsm"),
	academician("pm-pmsm", "哈尔滨工业大学电气工程及自动化学院", engine.AcademyEngineering, "浙江屏源屏蔽泵有限公司"),
	senior("pm-drive"), senior("pm-seal"), mid("pm-hydraulic").avoid("温岭市泓川泵业有限公司"), young("pm-pmsm"),
	ent("pm-hydraulic", "温岭市泓川泵业有限公司"), mid("pm-drive"), ent("pm-pmsm", "浙江屏源屏蔽泵有限公司"),
	mid("pm-seal"), senior("pm-hydraulic"), mid("pm-drive"),
	// 模具与塑料: exp-061 … exp-073
	senior("mo-inject").station("台州黄岩精岙模具有限公司"), senior("mo-diecastdie"),
	academician("mo-inject", "华中科技大学材料科学与工程学院", engine.AcademyEngineering, "浙江模匠精密模具有限公司"),
	senior("mo-compound"), senior("mo-additive"), young("mo-diecastdie"), mid("mo-inject").avoid("台州黄岩精岙模具有限公司"),
	mid("mo-compound"), young("mo-additive"), ent("mo-diecastdie", "台州岩创压铸模具有限公司"), mid("mo-inject"),
	senior("mo-compound"), mid("mo-additive"),
	// 智能马桶: exp-074 … exp-082
	senior("tl-heat").inactive(), senior("tl-flush"), senior("tl-ceramic"), mid("tl-heat"), young("tl-flush"),
	mid("tl-ceramic").avoid("台州澄瓷卫浴有限公司"), ent("tl-heat", "浙江温汐智能洁具有限公司"), mid("tl-flush"), senior("tl-ceramic"),
	// 阀门: exp-083 … exp-092
	senior("va-seal").station("浙江玉澜阀门有限公司"), senior("va-cast"), senior("va-flow"), mid("va-cast").avoid("玉环市沙岙铜业有限公司"),
	mid("va-seal"), young("va-flow"), ent("va-cast", "玉环市沙岙铜业有限公司"), senior("va-seal"), mid("va-flow"), senior("va-cast"),
	// 光电: exp-093 … exp-101
	senior("op-lens"), academician("op-lens", "中国科学院长春光学精密机械与物理研究所", engine.AcademySciences, "浙江澈镜光学科技有限公司"),
	senior("op-led").station("台州晶曜照明科技有限公司"), senior("op-laser"), mid("op-lens"), young("op-led"),
	mid("op-laser").avoid("台州激岚激光科技有限公司"), ent("op-lens", "临海市杜岙光学眼镜有限公司"), mid("op-led"),
	// 新材料: exp-102 … exp-111
	senior("nm-magnet"), academician("nm-magnet", "中国科学院宁波材料技术与工程研究所", engine.AcademySciences, "浙江磁岳稀土永磁材料有限公司"),
	senior("nm-rubber").station("三门县胶源橡胶制品有限公司"), senior("nm-filter"), senior("nm-coating"), young("nm-magnet"),
	ent("nm-rubber", "天台县橡岭输送带有限公司"), mid("nm-filter"), mid("nm-coating").avoid("台州盾涂防腐科技有限公司"),
	mid("nm-rubber").inactive(),
	// 智能制造: exp-112 … exp-121
	senior("im-vision"), academician("im-pdm", "西安交通大学机械工程学院", engine.AcademyEngineering, "温岭市锐岭数控机床有限公司"),
	senior("im-cnc"), senior("im-mes"), young("im-vision"), senior("im-pdm").station("台州智岙自动化科技有限公司"),
	ent("im-cnc", "温岭市锐岭数控机床有限公司"), mid("im-mes").avoid("台州云织工业软件有限公司"), mid("im-vision"), mid("im-pdm"),
	// 现代农业: exp-122 … exp-135
	senior("ag-bayberry").station("仙居县杨府农业开发有限公司"), senior("ag-bayberry"),
	academician("ag-citrus", "华中农业大学园艺林学学院", engine.AcademyEngineering, "台州黄岩橘源果业有限公司"),
	senior("ag-tea").station("天台县云岚茶业有限公司"), senior("ag-citrus"), senior("ag-crab"), young("ag-bayberry"), senior("ag-tea"),
	mid("ag-citrus"), mid("ag-bayberry").avoid("仙居县岭上杨梅专业合作社"), mid("ag-tea"), mid("ag-crab"), senior("ag-citrus"), mid("ag-tea"),
	// 食品加工: exp-136 … exp-143
	senior("fd-fruit"), senior("fd-seafood").station("三门县湾鲜水产食品有限公司"),
	academician("fd-fruit", "江南大学食品学院", engine.AcademyEngineering, "仙居县梅酿食品有限公司"),
	senior("fd-safety"), mid("fd-seafood"), ent("fd-fruit", "仙居县梅酿食品有限公司"),
	mid("fd-safety").avoid("临海市绿野速冻食品有限公司"), senior("fd-seafood"),
	// 电子信息: exp-144 … exp-150
	senior("el-bms"), senior("el-iot"), senior("el-emc"), young("el-bms"), mid("el-iot").inactive(), mid("el-emc").avoid("温岭市电岭电子有限公司"), mid("el-bms"),
}

// people makes the names, telephone numbers and mail addresses of the
// demo, each name and address once.
type people struct {
	r     *rand.Rand
	names *namer
	mail  *mailer
}

func (pp *people) contact(p *engine.Profile, area, domain string) {
	who := pp.names.person(pp.r)
	p.Name = who.Name
	p.Phone = phone(pp.r, area)
	p.Email = pp.mail.address(who.Initials, domain)
}

// expert builds one roster entry into a profile; w writes its works.
func expert(r *rand.Rand, w *writer, pp *people, id string, e rosterEntry) engine.Profile {
	t := topicByKey(e.Topic)
	p := engine.Profile{ID: id, Kind: engine.KindExpert, Industries: []string{t.Industry}, Inactive: e.Inactive, Conflicts: e.Conflicts}
	p.Fields = append([]string{t.Name}, pickN(r, t.Fields, 2)...)
	p.Keywords = pickN(r, t.Keywords, 4+r.IntN(3))
	switch e.Role {
	case roleEnt:
		ent := enterpriseNamed(e.Org)
		p.Organisation, p.Employer = ent.Name, engine.EmployerEnterprise
		pp.contact(&p, "0576", ent.Domain)
		p.Counties = []string{ent.County}
	default:
		name := e.Org
		if name == "" {
			name = pick(r, t.Orgs)
		}
		o := orgNamed(name)
		p.Organisation, p.Employer = o.Name, o.Employer
		pp.contact(&p, o.Area, o.Domain)
		p.Counties = pickN(r, countiesOf(t.Industry), 1+r.IntN(2))
	}
	p.Title = titleOf(r, e.Role, p.Employer, p.Organisation)
	var kinds []string
	var funders []string
	first := 2012
	switch e.Role {
	case roleAcademy:
		p.Academy = e.Academy
		p.BirthYear = 1947 + r.IntN(18)
		p.MaxMentees = 2 + r.IntN(3)
		p.Capacity = 2
		host := enterpriseNamed(e.StationHost)
		p.Stations = append(p.Stations, engine.Station{Type: engine.StationAcademician, Name: host.Short + "院士工作站", County: host.County, Host: host.Name})
		p.Counties = []string{host.County}
		kinds, funders, first = []string{"paper", "project", "patent", "paper", "project", "paper"}, fundersSenior, 2008
	case roleSenior:
		p.BirthYear = 1962 + r.IntN(17)
		p.Capacity = 3 + r.IntN(2)
		kinds, funders = []string{"paper", "patent", "project", "paper", "paper"}[:4+r.IntN(2)], fundersSenior
	case roleMid:
		p.BirthYear = 1970 + r.IntN(12)
		p.Capacity = 3 + r.IntN(3)
		kinds, funders, first = []string{"paper", "project", "patent", "paper"}[:3+r.IntN(2)], fundersSenior, 2014
	case roleYoung:
		p.BirthYear = 1984 + r.IntN(11)
		p.Capacity = 3 + r.IntN(3)
		kinds, funders, first = []string{"paper", "project", "paper"}, fundersYoung, 2019
	case roleEnt:
		p.BirthYear = 1976 + r.IntN(15)
		p.Capacity = 2 + r.IntN(2)
		kinds, funders, first = []string{"patent", "project", "patent"}, fundersEnt, 2016
	}
	if e.ExpertStation != "" {
		host := enterpriseNamed(e.ExpertStation)
		p.Stations = append(p.Stations, engine.Station{Type: engine.StationExpert, Name: p.Name + "专家服务站（" + host.Short + "）", County: host.County, Host: host.Name})
		p.Counties = appendUnique(p.Counties, host.County)
	}
	p.Works = works(r, w, t, kinds, funders, first)
	return p
}

// works writes one work of each kind, newest first, with years from first
// to 2025.
func works(r *rand.Rand, w *writer, t *topic, kinds, funders []string, first int) []engine.Work {
	var out []engine.Work
	year := 2025 - r.IntN(2)
	for _, k := range kinds {
		var wk engine.Work
		switch k {
		case "paper":
			wk = w.paper(t)
		case "patent":
			wk = w.patent(t)
		default:
			wk = w.project(t, funders)
		}
		wk.Year = year
		out = append(out, wk)
		year = max(first, year-1-r.IntN(3))
	}
	return out
}

// titleOf gives the professional title for a role at an employer.
func titleOf(r *rand.Rand, ro role, employer, org string) string {
	engineering := strings.Contains(org, "检验") || strings.Contains(org, "检测") || strings.Contains(org, "设计研究院") || strings.Contains(org, "通用机械")
	switch {
	case ro == roleEnt:
		return pick(r, []string{"高级工程师", "技术总监", "研发部经理、高级工程师"})
	case ro == roleYoung && employer == engine.EmployerUniversity:
		return pick(r, []string{"讲师（博士）", "副教授（博士）"})
	case ro == roleYoung:
		return "助理研究员（博士）"
	case ro == roleMid && employer == engine.EmployerUniversity:
		return "副教授"
	case ro == roleMid && engineering:
		return "高级工程师"
	case ro == roleMid:
		return "副研究员"
	case employer == engine.EmployerUniversity:
		return "教授"
	case engineering:
		return "正高级工程师"
	}
	return "研究员"
}

func expertID(i int) string { return fmt.Sprintf("exp-%03d", i+1) }
