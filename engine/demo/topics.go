package demo

import "slices"

// topic is the material for one research direction of one industry: who
// works on it, what they study and how. Experts, teams and societies draw
// their works from topics, each profile from one industry.
type topic struct {
	Key       string
	Industry  string
	Name      string   // the research direction, a field of its experts
	Fields    []string // research fields
	Keywords  []string
	Orgs      []string // organisations (orgTable) of its university and institute experts
	Users     string   // who applies the results: 压铸企业, 杨梅专业合作社 …
	Objects   []string // parts, materials, crops studied
	Defects   []string // the problems companies meet
	Methods   []string // processes and methods that address them
	Tools     []string // equipment, software, analyses
	Params    []param  // process parameters with realistic ranges
	Metrics   []metric // what improves, with realistic ranges
	Things    []string // devices and products named in patents
	Suffixes  []string // what a patented method is: 压铸方法, 保鲜方法 …
	Standards []string
	Notes     []string // hand-written sentences, each used at most once
	// Counties narrows the industry's counties to where the topic's
	// crops or products are found.
	Counties []string
}

// counties returns where the topic's work is applied.
func (t *topic) counties() []string {
	if len(t.Counties) > 0 {
		return t.Counties
	}
	return countiesOf(t.Industry)
}

// param is a process parameter and its usual range.
type param struct {
	Name, Unit string
	Lo, Hi     float64
	Dec        int
}

// metric is a result measure, its usual range and whether lower is better.
type metric struct {
	Name, Unit string
	Lo, Hi     float64
	Down       bool
	Dec        int
}

func p(name, unit string, lo, hi float64, dec int) param {
	return param{name, unit, lo, hi, dec}
}

// down is a metric where lower is better; up one where higher is better.
func down(name, unit string, lo, hi float64, dec int) metric {
	return metric{name, unit, lo, hi, true, dec}
}

func up(name, unit string, lo, hi float64, dec int) metric {
	return metric{name, unit, lo, hi, false, dec}
}

// allTopics returns the topics of every industry, in industry order.
func allTopics() []*topic {
	var out []*topic
	for _, group := range [][]topic{pharmaTopics, deviceTopics, autoTopics, sewingTopics, pumpTopics,
		mouldTopics, toiletTopics, valveTopics, opticsTopics, materialTopics, manufacturingTopics,
		agricultureTopics, foodTopics, electronicsTopics} {
		for i := range group {
			out = append(out, &group[i])
		}
	}
	return out
}

// topicByKey returns the topic with key k; a missing key is a bug in the
// demo tables.
func topicByKey(k string) *topic {
	for _, t := range allTopics() {
		if t.Key == k {
			return t
		}
	}
	panic("demo: no topic " + k)
}

// industryCounties says where each industry is found in the city: needs,
// stations and team slots of an industry use these counties only.
var industryCounties = map[string][]string{
	"医药化工":  {"椒江区", "临海市", "黄岩区", "仙居县"},
	"医疗器械":  {"椒江区", "黄岩区", "路桥区", "玉环市"},
	"汽摩配":   {"路桥区", "玉环市", "温岭市", "临海市", "天台县"},
	"缝制设备":  {"椒江区", "路桥区", "黄岩区"},
	"泵与电机":  {"温岭市", "路桥区", "椒江区"},
	"模具与塑料": {"黄岩区", "路桥区", "温岭市", "椒江区"},
	"智能马桶":  {"路桥区", "椒江区", "玉环市", "黄岩区"},
	"阀门":    {"玉环市", "温岭市", "路桥区"},
	"光电":    {"临海市", "椒江区", "黄岩区"},
	"新材料":   {"天台县", "三门县", "临海市", "路桥区"},
	"智能制造":  {"温岭市", "玉环市", "椒江区", "路桥区", "黄岩区"},
	"现代农业":  {"仙居县", "天台县", "黄岩区", "临海市", "三门县", "温岭市"},
	"食品加工":  {"三门县", "仙居县", "黄岩区", "临海市", "温岭市"},
	"电子信息":  {"路桥区", "椒江区", "温岭市"},
}

func countiesOf(industry string) []string {
	cs, ok := industryCounties[industry]
	if !ok {
		panic("demo: no counties for industry " + industry)
	}
	return slices.Clone(cs)
}
