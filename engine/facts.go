package engine

import (
	"context"
	"slices"
	"sync"
)

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
	// works is worked out from the profile's works the first time a
	// match needs it (the facts read at start have none); a write
	// replaces the facts and with them this.
	works *workFacts
}

// workFacts is what matching needs of a profile's works: which are
// distinct (indexes into Works) and the fingerprint they make.
type workFacts struct {
	once     sync.Once
	n        int // len(Works) they were worked out from
	distinct []int
	print    uint64
}

// of returns p's distinct works and fingerprint, worked out once per
// stored version of p.
func (wf *workFacts) of(p *Profile) ([]Work, uint64) {
	wf.once.Do(func() {
		wf.n, wf.distinct = len(p.Works), distinctWorkIndexes(p)
		wf.print = fingerprint(p, pick(p.Works, wf.distinct))
	})
	if wf.n != len(p.Works) { // p was rewritten since the facts were read
		works := DistinctWorks(p)
		return works, fingerprint(p, works)
	}
	return pick(p.Works, wf.distinct), wf.print
}

func pick(works []Work, idx []int) []Work {
	out := make([]Work, len(idx))
	for i, j := range idx {
		out[i] = works[j]
	}
	return out
}

func factsOf(p *Profile) facts {
	f := facts{
		works:      &workFacts{},
		kind:       p.Kind,
		inactive:   p.Inactive,
		counties:   p.ServedCounties(),
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

// servesSlot reports whether a team's slot for month is need n's county and
// industry (一月一县一产).
func (f *facts) servesSlot(n *Need, month string) bool {
	if n == nil || n.County == "" {
		return false
	}
	s, ok := f.slot(month)
	return ok && s.County == n.County && s.Industry == n.Industry
}

// factTable keeps the facts of every profile in memory, so that ranking
// does not read the store for every candidate.
type factTable struct {
	mu sync.RWMutex
	m  map[string]*facts
}

func (t *factTable) get(id string) (*facts, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	f, ok := t.m[id]
	return f, ok
}

func (t *factTable) put(ps []Profile) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = make(map[string]*facts, len(ps))
	}
	for i := range ps {
		f := factsOf(&ps[i])
		t.m[ps[i].ID] = &f
	}
}

// load replaces the table with the facts of every stored profile.
func (t *factTable) load(ctx context.Context, walk ProfileWalk) error {
	m := map[string]*facts{}
	err := walk(ctx, func(p Profile) error {
		f := factsOf(&p)
		m[p.ID] = &f
		return nil
	})
	if err != nil {
		return err
	}
	t.mu.Lock()
	t.m = m
	t.mu.Unlock()
	return nil
}

// factsFor returns the facts of profile id, from the table or, when the
// table does not know it, from the store.
func (e *Engine) factsFor(ctx context.Context, id string) (*facts, bool) {
	if f, ok := e.facts.get(id); ok {
		return f, true
	}
	p, err := e.store.Profile(ctx, id)
	if err != nil {
		return nil, false
	}
	f := factsOf(&p)
	return &f, true
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
