package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"yixianqian/engine"
)

// societySpec is one society (学会): one discipline, its topics, the
// enterprises hosting its 学会服务站, and the code of its group standards.
type societySpec struct {
	Name       string
	Industries []string
	Topics     []string
	Stations   []string // host enterprises
	Code       string   // group standard prefix: T/TZYX …
}

var societySpecs = []societySpec{
	{"台州市药学会", []string{"医药化工"}, []string{"ph-cryst", "ph-impurity"}, []string{"浙江岚澄药业股份有限公司", "台州茗川制药有限公司"}, "T/TZYX"},
	{"台州市生物医学工程学会", []string{"医疗器械"}, []string{"md-ortho", "md-imaging"}, []string{"台州屿康医疗器械有限公司"}, "T/TZSYG"},
	{"台州市汽车工程学会", []string{"汽摩配"}, []string{"am-ev", "am-brake"}, []string{"台州驰岙汽车零部件有限公司"}, "T/TZQG"},
	{"台州市铸造学会", []string{"汽摩配", "阀门"}, []string{"am-diecast", "va-cast"}, []string{"玉环市沙岙铜业有限公司", "玉环铝翔压铸有限公司"}, "T/TZZZ"},
	{"台州市机械工程学会", []string{"缝制设备"}, []string{"sw-mech", "sw-servo"}, []string{"台州针隆缝纫机有限公司"}, "T/TZJX"},
	{"台州市电机工程学会", []string{"泵与电机"}, []string{"pm-pmsm", "pm-drive"}, []string{"温岭市东浦电机有限公司"}, "T/TZDJ"},
	{"台州市模具工业学会", []string{"模具与塑料"}, []string{"mo-inject", "mo-additive"}, []string{"浙江模匠精密模具有限公司"}, "T/TZMJ"},
	{"台州市卫浴洁具学会", []string{"智能马桶"}, []string{"tl-flush", "tl-ceramic"}, []string{"台州澄瓷卫浴有限公司"}, "T/TZWY"},
	{"台州市光学学会", []string{"光电"}, []string{"op-lens", "op-laser"}, []string{"临海市杜岙光学眼镜有限公司"}, "T/TZGX"},
	{"台州市材料学会", []string{"新材料"}, []string{"nm-magnet", "nm-coating"}, []string{"浙江磁岳稀土永磁材料有限公司", "台州盾涂防腐科技有限公司"}, "T/TZCL"},
	{"台州市自动化学会", []string{"智能制造"}, []string{"im-vision", "im-pdm"}, []string{"台州智岙自动化科技有限公司"}, "T/TZZDH"},
	{"台州市园艺学会", []string{"现代农业"}, []string{"ag-bayberry", "ag-citrus"}, []string{"仙居县杨府农业开发有限公司", "台州黄岩橘源果业有限公司"}, "T/TZYY"},
	{"台州市茶叶学会", []string{"现代农业"}, []string{"ag-tea"}, []string{"天台县云岚茶业有限公司"}, "T/TZCY"},
	{"台州市食品科学技术学会", []string{"食品加工"}, []string{"fd-safety", "fd-fruit"}, []string{"三门县湾鲜水产食品有限公司"}, "T/TZSP"},
	{"台州市电子学会", []string{"电子信息"}, []string{"el-emc", "el-bms"}, []string{"台州储岚新能源科技有限公司"}, "T/TZDZ"},
}

// Frames of a society's works: its annual meeting, a group standard and a
// survey report.
var (
	meetingTexts = []string{
		"年会在{county}召开，{n}家会员企业和高校院所的{samples}名代表参加，围绕{O}{D}、{M}等议题作了{batches}场报告。会上发布了{O2}{M2}典型案例{few}个。",
		"本届学术年会以{topic}为主题，邀请专家就{M}与{M2}作专题报告。会议期间组织代表赴{county}的会员企业现场交流{O}{D}的解决经验。",
	}
	standardTexts = []string{
		"该团体标准由学会组织{n}家会员企业和科研单位共同起草，规定了{O}的{P}控制范围（{Pr}）、{K}检验方法和判定规则。标准实施后，{county}相关企业的{D}明显减少。",
		"标准针对{O}生产中的{D}问题，给出了{M}的工艺要求和{T}的检验方法，要求{K}不劣于{Ka}。",
	}
	surveyTexts = []string{
		"学会对{county}等地{batches}家{users}开展问卷和走访调研，梳理出{O}{D}、{O2}{D2}等共性技术难题{n}项。报告建议以{M}为重点组织联合攻关，并依托学会服务站开展{M2}技术培训。",
		"报告汇总了{n}家会员企业近三年提出的{batches}项技术需求，其中涉及{O}{D}的需求最多。报告建议通过{M}和{M2}联合攻关，并在{county}的学会服务站开展专题培训和现场诊断。",
	}
)

// society builds one society with its stations and its works.
func society(r *rand.Rand, w *writer, id string, i int, spec societySpec) engine.Profile {
	p := engine.Profile{
		ID:           id,
		Kind:         engine.KindSociety,
		Name:         spec.Name,
		Organisation: "台州市科学技术协会",
		Industries:   spec.Industries,
		Capacity:     8 + r.IntN(5),
	}
	var ts []*topic
	for _, k := range spec.Topics {
		t := topicByKey(k)
		ts = append(ts, t)
		p.Fields = appendUnique(p.Fields, t.Name)
	}
	for _, t := range ts {
		for _, f := range pickN(r, t.Fields, 2) {
			p.Fields = appendUnique(p.Fields, f)
		}
		for _, k := range pickN(r, t.Keywords, 6/len(ts)) {
			p.Keywords = appendUnique(p.Keywords, k)
		}
	}
	short := strings.TrimPrefix(spec.Name, "台州市")
	for _, h := range spec.Stations {
		host := enterpriseNamed(h)
		p.Stations = append(p.Stations, engine.Station{Type: engine.StationSociety, Name: short + strings.TrimRight(host.County, "区县市") + "服务站（" + host.Short + "）", County: host.County, Host: host.Name})
		p.Counties = appendUnique(p.Counties, host.County)
	}
	year := 2025
	meeting := w.write(ts[0], "activity", func(s *slots) (string, string) {
		return fmt.Sprintf("%d年%s学术年会", year, spec.Name), w.fill(ts[0], s, pick(r, meetingTexts))
	})
	meeting.Year = year
	t := ts[len(ts)-1]
	std := w.write(t, "standard", func(s *slots) (string, string) {
		return fmt.Sprintf("%s %03d—%d《%s%s技术规范》", spec.Code, 1+r.IntN(12), 2024, s.O, s.Suffix), w.fill(t, s, pick(r, standardTexts))
	})
	std.Year = 2024
	survey := w.write(ts[0], "report", func(s *slots) (string, string) {
		return fmt.Sprintf("台州市%s技术需求调研报告（%d）", ts[0].Name, 2023+i%2), w.fill(ts[0], s, pick(r, surveyTexts))
	})
	survey.Year = 2023 + i%2
	p.Works = []engine.Work{meeting, std, survey}
	return p
}
