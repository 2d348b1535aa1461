package engine

import (
	"fmt"
	"slices"
	"strings"
)

// The members of a package, each chosen for its role: the lead
// academician, the doctoral team, the society and the experts, with why.

// chooseLead picks the academician with the best overall fit: the
// strength summed over the needs, a little more for the industry and a
// 院士工作站 in the county.
func (c *composer) chooseLead() error {
	isAcad := func(p *Profile) bool { return p.IsAcademician() }
	if c.req.Lead != "" {
		p, err := c.fixed(c.req.Lead, "领衔院士", isAcad)
		if err != nil {
			return err
		}
		c.add(MemberLead, p, c.leadReason(p, true), true)
		return nil
	}
	p := best(c.filter(isAcad), func(p *Profile) float64 {
		s := c.total(p.ID)
		if slices.Contains(p.Industries, c.req.Industry) {
			s += 0.3
		}
		if c.stationIn(p, StationAcademician) != nil {
			s += 0.1
		}
		return s
	})
	if p == nil {
		c.pkg.Notes = append(c.pkg.Notes, "专家库中没有可担任领衔的院士。")
		return nil
	}
	c.add(MemberLead, p, c.leadReason(p, false), false)
	return nil
}

func (c *composer) leadReason(p *Profile, chosen bool) string {
	parts := []string{p.Academy + "院士"}
	if len(p.Fields) > 0 {
		parts[0] += "，研究方向为" + p.Fields[0]
	}
	if chosen {
		parts = append(parts, "由科协指定")
	} else if len(c.needs) > 0 {
		parts = append(parts, fmt.Sprintf("对%s%s %d 条待对接需求的总体匹配度在院士中最高", c.req.County, c.req.Industry, len(c.needs)))
	} else if slices.Contains(p.Industries, c.req.Industry) {
		parts = append(parts, "专长属于"+c.req.Industry+"产业")
	}
	if t := c.coverText(p.ID); t != "" {
		parts = append(parts, t)
	}
	if s := c.stationIn(p, StationAcademician); s != nil {
		parts = append(parts, "院士工作站「"+s.Name+"」设在"+c.req.County)
	}
	return strings.Join(parts, "；") + "。"
}

// stationIn returns p's station of type typ in the package's county.
func (c *composer) stationIn(p *Profile, typ string) *Station {
	for i, s := range p.Stations {
		if s.County == c.req.County && (s.Type == typ || (s.Type == "" && typ == StationSociety)) {
			return &p.Stations[i]
		}
	}
	return nil
}

// slots returns a team's slots in the package's county and industry,
// from this month on (or, when there are none, the earlier ones).
func (c *composer) slots(p *Profile) (upcoming []Slot, past []Slot) {
	for _, s := range p.Schedule {
		if s.County != c.req.County || s.Industry != c.req.Industry {
			continue
		}
		if s.Month >= c.month {
			upcoming = append(upcoming, s)
		} else {
			past = append(past, s)
		}
	}
	return upcoming, past
}

// chooseTeam picks a doctoral team whose 一月一县一产 schedule includes the
// county and industry, an upcoming slot first, then by fit; without one,
// the team of the industry that fits best, with a note.
func (c *composer) chooseTeam() error {
	isTeam := func(p *Profile) bool { return p.Kind == KindTeam }
	if c.req.Team != "" {
		p, err := c.fixed(c.req.Team, "博士服务团", isTeam)
		if err != nil {
			return err
		}
		c.add(MemberTeam, p, c.teamReason(p, true), true)
		return nil
	}
	scheduled := c.filter(func(p *Profile) bool { up, past := c.slots(p); return isTeam(p) && len(up)+len(past) > 0 })
	p := best(scheduled, func(p *Profile) float64 {
		up, _ := c.slots(p)
		s := c.total(p.ID)
		if len(up) > 0 {
			s += 100 // an upcoming slot before any fit
		}
		return s
	})
	if p == nil {
		p = best(c.filter(func(p *Profile) bool { return isTeam(p) && slices.Contains(p.Industries, c.req.Industry) }), func(p *Profile) float64 { return c.total(p.ID) })
		if p == nil {
			c.pkg.Notes = append(c.pkg.Notes, "没有"+c.req.Industry+"产业的博士服务团。")
			return nil
		}
		c.pkg.Notes = append(c.pkg.Notes, "暂无博士服务团的一月一县一产安排排到"+c.req.County+c.req.Industry+"，建议为"+p.Name+"安排驻点月份。")
	}
	c.add(MemberTeam, p, c.teamReason(p, false), false)
	return nil
}

func (c *composer) teamReason(p *Profile, chosen bool) string {
	var parts []string
	up, past := c.slots(p)
	when := up
	if len(when) == 0 {
		when = past
	}
	if len(when) > 0 {
		months := make([]string, 0, 3)
		for _, s := range when[:min(len(when), 3)] {
			months = append(months, monthName(s.Month))
		}
		parts = append(parts, strings.Join(months, "、")+"在"+c.req.County+"服务"+c.req.Industry+"（一月一县一产）")
	} else {
		parts = append(parts, "一月一县一产安排中暂无"+c.req.County+c.req.Industry)
	}
	if chosen {
		parts = append(parts, "由科协指定")
	}
	if t := c.coverText(p.ID); t != "" {
		parts = append(parts, t)
	}
	return strings.Join(parts, "；") + "。"
}

// chooseSociety picks, among the societies of the industry or covering a
// need, one with a station in the county first, then by fit.
func (c *composer) chooseSociety() error {
	isSoc := func(p *Profile) bool { return p.Kind == KindSociety }
	if c.req.Society != "" {
		p, err := c.fixed(c.req.Society, "学会", isSoc)
		if err != nil {
			return err
		}
		c.add(MemberSociety, p, c.societyReason(p, true), true)
		return nil
	}
	relevant := c.filter(func(p *Profile) bool {
		return isSoc(p) && (slices.Contains(p.Industries, c.req.Industry) || len(c.covers(p.ID)) > 0)
	})
	score := func(p *Profile) float64 {
		s := c.total(p.ID)
		if c.stationIn(p, StationSociety) != nil {
			s += 100 // a station in the county before any fit
		}
		return s
	}
	p := best(relevant, score)
	if p == nil {
		p = best(c.filter(isSoc), score)
		if p == nil {
			c.pkg.Notes = append(c.pkg.Notes, "专家库中没有学会。")
			return nil
		}
	}
	if c.stationIn(p, StationSociety) == nil {
		c.pkg.Notes = append(c.pkg.Notes, c.req.County+"暂无"+c.req.Industry+"相关学会的服务站，可由"+p.Name+"在当地设站。")
	}
	c.add(MemberSociety, p, c.societyReason(p, false), false)
	return nil
}

func (c *composer) societyReason(p *Profile, chosen bool) string {
	var parts []string
	if s := c.stationIn(p, StationSociety); s != nil {
		host := ""
		if s.Host != "" {
			host = "（依托" + s.Host + "）"
		}
		parts = append(parts, "在"+c.req.County+"设有学会服务站「"+s.Name+"」"+host)
	} else if len(p.Industries) > 0 {
		parts = append(parts, "服务"+strings.Join(p.Industries, "、")+"产业")
	}
	if len(p.Fields) > 0 {
		parts = append(parts, "专业方向："+strings.Join(p.Fields[:min(len(p.Fields), 3)], "、"))
	}
	if chosen {
		parts = append(parts, "由科协指定")
	}
	if t := c.coverText(p.ID); t != "" {
		parts = append(parts, t)
	}
	return strings.Join(parts, "；") + "。"
}

// chooseExperts adds staff's experts, then greedily the expert that covers
// the most needs not yet covered at 中 or better (ties: the larger strength
// on those needs, then overall), until Size experts or no gain: the greedy
// cover, within 1 − 1/e of the best cover of that size.
func (c *composer) chooseExperts() error {
	isExpert := func(p *Profile) bool { return p.Kind == KindExpert }
	for _, id := range c.req.Experts {
		p, err := c.fixed(id, "专家", isExpert)
		if err != nil {
			return err
		}
		c.add(MemberExpert, p, c.expertReason(p, nil, true), true)
	}
	covered := map[string]bool{}
	for _, m := range c.pkg.Members {
		for _, n := range m.Covers {
			covered[n] = true
		}
	}
	for experts := len(c.req.Experts); experts < c.req.Size; experts++ {
		gain := func(p *Profile) []string {
			return slices.DeleteFunc(c.covers(p.ID), func(n string) bool { return covered[n] })
		}
		p := best(c.filter(func(p *Profile) bool { return isExpert(p) && len(gain(p)) > 0 }), func(p *Profile) float64 {
			s := 0.0
			for _, n := range gain(p) {
				s += c.cover[p.ID][n].Strength
			}
			return float64(len(gain(p)))*1000 + s*10 + c.total(p.ID)/100
		})
		if p == nil {
			if len(covered) == len(c.needs) && len(c.needs) > 0 {
				c.pkg.Notes = append(c.pkg.Notes, "待对接需求已全部由上述成员覆盖，无需再补充专家。")
			}
			break
		}
		added := gain(p)
		for _, n := range added {
			covered[n] = true
		}
		c.add(MemberExpert, p, c.expertReason(p, added, false), false)
	}
	return nil
}

func (c *composer) expertReason(p *Profile, added []string, chosen bool) string {
	var parts []string
	if len(p.Fields) > 0 {
		who := slices.DeleteFunc([]string{p.Title, p.Organisation}, func(s string) bool { return s == "" })
		parts = append(parts, strings.Join(append(who, "研究方向为"+p.Fields[0]), "，"))
	}
	if chosen {
		parts = append(parts, "由科协指定")
		if t := c.coverText(p.ID); t != "" {
			parts = append(parts, t)
		}
	} else {
		titles := make([]string, 0, len(added))
		for _, id := range added {
			titles = append(titles, "「"+c.title(id)+"」")
		}
		parts = append(parts, fmt.Sprintf("补上其他成员未覆盖的 %d 条需求：%s", len(added), strings.Join(titles, "、")))
	}
	return strings.Join(parts, "；") + "。"
}
