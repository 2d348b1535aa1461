package engine

import "slices"

// facts are what matching needs to know of a profile besides its text:
// what the hard rules and the structured fit read. The semantic index keeps
// them in memory so ranking does not read the store for every candidate.
type facts struct {
	kind       Kind
	inactive   bool
	counties   []string // its own, its stations' and its schedule's
	industries []string
	orgs       []string // its organisation and its members'
	conflicts  []string
	schedule   []Slot
	capacity   int
}

func factsOf(p *Profile) facts {
	f := facts{
		kind:       p.Kind,
		inactive:   p.Inactive,
		counties:   slices.Clone(p.Counties),
		industries: p.Industries,
		conflicts:  p.Conflicts,
		schedule:   p.Schedule,
		capacity:   p.Capacity,
	}
	add := func(list []string, v string) []string {
		if v != "" && !slices.Contains(list, v) {
			return append(list, v)
		}
		return list
	}
	for _, s := range p.Stations {
		f.counties = add(f.counties, s.County)
	}
	for _, s := range p.Schedule {
		f.counties = add(f.counties, s.County)
	}
	f.orgs = add(f.orgs, p.Organisation)
	for _, m := range p.Members {
		f.orgs = add(f.orgs, m.Organisation)
	}
	return f
}

// slot returns the team's slot for month, if it has one.
func (f *facts) slot(month string) (Slot, bool) {
	for _, s := range f.schedule {
		if s.Month == month {
			return s, true
		}
	}
	return Slot{}, false
}

// Rule names say why a candidate was removed (Filtered.Rule).
const (
	RuleInactive         = "inactive"          // the profile is deactivated
	RuleDeclaredConflict = "declared_conflict" // the profile lists the need's enterprise as a conflict (回避)
	RuleSameOrganisation = "same_organisation" // the profile (or a member) belongs to the need's enterprise
	RuleCapacityFull     = "capacity_full"     // its open assignments fill its stated capacity
)

// breaks returns the hard rule the profile breaks for need n, if any.
func (f *facts) breaks(n *Need) (rule, detail string) {
	if f.inactive {
		return RuleInactive, "已停用"
	}
	if n == nil || n.Enterprise == "" {
		return "", ""
	}
	if slices.Contains(f.conflicts, n.Enterprise) {
		return RuleDeclaredConflict, "声明回避 " + n.Enterprise
	}
	if slices.Contains(f.orgs, n.Enterprise) {
		return RuleSameOrganisation, "与需求企业同属 " + n.Enterprise
	}
	return "", ""
}
