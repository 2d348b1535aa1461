package engine

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
)

// ServiceGroup is a themed science and technology service group (科技服务团:
// 博士创新, 乡村振兴, 智能制造, 生物医药 …): profiles that serve together,
// and the funded projects they carry.
type ServiceGroup struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Theme       string    `json:"theme"`
	Organiser   string    `json:"organiser,omitempty"` // 牵头单位
	Description string    `json:"description,omitempty"`
	Profiles    []string  `json:"profiles"`
	Projects    []Project `json:"projects,omitempty"`
}

// Project is a funded project of a service group.
type Project struct {
	Name     string   `json:"name"`
	Year     int      `json:"year,omitempty"`
	Funding  float64  `json:"funding,omitempty"` // 万元
	County   string   `json:"county,omitempty"`
	Industry string   `json:"industry,omitempty"`
	Profiles []string `json:"profiles,omitempty"` // who carries it: members of the group
	Summary  string   `json:"summary,omitempty"`
}

// GroupThemes returns the usual themes of service groups; others may be
// written.
func GroupThemes() []string {
	return []string{"博士创新", "乡村振兴", "智能制造", "生物医药", "新材料", "海洋经济", "绿色低碳", "数字经济"}
}

// Limits of a service group.
const (
	MaxGroupProfiles = 2000
	MaxGroupProjects = 200
)

// GroupStore keeps service groups.
type GroupStore interface {
	// PutGroups stores (creates or replaces) groups in one transaction.
	PutGroups(ctx context.Context, gs []ServiceGroup) error
	// Group returns the group with id, or an error wrapping ErrNotFound.
	Group(ctx context.Context, id string) (ServiceGroup, error)
	// EachGroup calls fn for every group in ID order.
	EachGroup(ctx context.Context, fn func(ServiceGroup) error) error
}

// Validate checks g and returns an ErrInvalid that names the first problem.
func (g *ServiceGroup) Validate() error {
	if err := ValidateID(g.ID); err != nil {
		return err
	}
	for _, t := range []struct {
		name, v  string
		max      int
		required bool
	}{{"name", g.Name, MaxNameLen, true}, {"theme", g.Theme, MaxShortLen, true}, {"organisation", g.Organiser, MaxNameLen, false}, {"description", g.Description, 2000, false}} {
		if err := checkText(t.name, t.v, t.max, t.required); err != nil {
			return fmt.Errorf("group %s: %w", g.ID, err)
		}
	}
	if len(g.Profiles) > MaxGroupProfiles || len(g.Projects) > MaxGroupProjects {
		return invalid(fmt.Sprintf("科技服务团最多 %d 名成员、%d 个项目", MaxGroupProfiles, MaxGroupProjects), "group %s: at most %d profiles and %d projects", g.ID, MaxGroupProfiles, MaxGroupProjects)
	}
	for _, pj := range g.Projects {
		if err := checkText("name", pj.Name, MaxNameLen, true); err != nil {
			return fmt.Errorf("group %s: project: %w", g.ID, err)
		}
		if err := checkText("description", pj.Summary, 2000, false); err != nil {
			return fmt.Errorf("group %s: project %s: %w", g.ID, pj.Name, err)
		}
		if pj.Funding < 0 || (pj.Year != 0 && (pj.Year < 1990 || pj.Year > 2100)) {
			return invalid("项目经费不能为负数，年份须为 1990 到 2100", "group %s: project %s: funding %g, year %d", g.ID, pj.Name, pj.Funding, pj.Year)
		}
		if pj.County != "" && !IsCounty(pj.County) {
			return invalid("项目县（市、区）须为："+strings.Join(Counties(), "、"), "group %s: project %s: county %q", g.ID, pj.Name, pj.County)
		}
		for _, id := range pj.Profiles {
			if !slices.Contains(g.Profiles, id) {
				return invalid("项目承担人须是服务团成员", "group %s: project %s: %s is not a member", g.ID, pj.Name, id)
			}
		}
	}
	return nil
}

// ReadGroups reads service groups, one JSON object a line, like
// ReadProfiles.
func ReadGroups(r io.Reader) ([]ServiceGroup, []*LineError, error) {
	return readLines(r, func(g *ServiceGroup) string { return g.ID }, (*ServiceGroup).Validate)
}

// PutGroups validates and stores groups whose members are all stored
// profiles (the command line and the demo).
func (e *Engine) PutGroups(ctx context.Context, gs []ServiceGroup) error {
	for i := range gs {
		gs[i].Profiles = unique(gs[i].Profiles)
		if err := gs[i].Validate(); err != nil {
			return err
		}
		for _, id := range gs[i].Profiles {
			if _, err := e.store.Profile(ctx, id); err != nil {
				return Errorf(ErrInvalid, "科技服务团「"+gs[i].Name+"」的成员不在专家库中："+truncate(id, 40), "group %s: member %s: %v", gs[i].ID, id, err)
			}
		}
	}
	return e.store.PutGroups(ctx, gs)
}

// SaveGroup creates or replaces a service group for v.
func (e *Engine) SaveGroup(ctx context.Context, v Viewer, g ServiceGroup) (GroupView, error) {
	if err := v.may(ActServiceGroups); err != nil {
		return GroupView{}, err
	}
	if err := e.PutGroups(ctx, []ServiceGroup{g}); err != nil {
		return GroupView{}, err
	}
	return e.viewGroup(ctx, &g)
}

// GroupView is a service group with its members' cards, its projects'
// total funding and its funnel.
type GroupView struct {
	ServiceGroup
	Members []PersonCard    `json:"members"`
	Funding float64         `json:"funding"`
	Funnel  ProgrammeFunnel `json:"funnel"`
}

// ListGroups returns every service group with its funnel.
func (e *Engine) ListGroups(ctx context.Context, v Viewer) ([]GroupView, error) {
	if err := v.may(ActServiceGroups); err != nil {
		return nil, err
	}
	out := []GroupView{}
	err := e.store.EachGroup(ctx, func(g ServiceGroup) error {
		gv, err := e.viewGroup(ctx, &g)
		out = append(out, gv)
		return err
	})
	return out, err
}

// ViewGroup returns service group id with its funnel.
func (e *Engine) ViewGroup(ctx context.Context, v Viewer, id string) (GroupView, error) {
	if err := v.may(ActServiceGroups); err != nil {
		return GroupView{}, err
	}
	g, err := e.store.Group(ctx, id)
	if err != nil {
		return GroupView{}, err
	}
	return e.viewGroup(ctx, &g)
}

func (e *Engine) viewGroup(ctx context.Context, g *ServiceGroup) (GroupView, error) {
	gv := GroupView{ServiceGroup: *g, Members: []PersonCard{}}
	for _, id := range g.Profiles {
		gv.Members = append(gv.Members, e.card(ctx, id))
	}
	for _, pj := range g.Projects {
		gv.Funding += pj.Funding
	}
	var err error
	gv.Funnel, err = e.programmeFunnel(ctx, g.Profiles, nil)
	return gv, err
}

// ProgrammeFunnel counts needs along the workflow for a package or a
// service group: the needs it serves, and of them those assigned to one of
// its members, accepted by one (and since in progress or resolved) and
// resolved by one.
type ProgrammeFunnel struct {
	Needs    int `json:"needs"`
	Covered  int `json:"covered"` // a package's needs covered by a member at 中 or better
	Assigned int `json:"assigned"`
	Accepted int `json:"accepted"`
	Resolved int `json:"resolved"`
}

// programmeFunnel counts the needs assigned to members. With needs nil, a
// group's needs are those assigned to any member; otherwise a package's
// own needs.
func (e *Engine) programmeFunnel(ctx context.Context, members []string, needs []string) (ProgrammeFunnel, error) {
	f := ProgrammeFunnel{Needs: len(needs)}
	assigned, accepted, resolved := map[string]bool{}, map[string]bool{}, map[string]bool{}
	err := e.store.EachAssignment(ctx, func(a Assignment) error {
		if !slices.Contains(members, a.ProfileID) || (needs != nil && !slices.Contains(needs, a.NeedID)) {
			return nil
		}
		assigned[a.NeedID] = true
		switch a.Status {
		case AssignAccepted, AssignInProgress:
			accepted[a.NeedID] = true
		case AssignResolved:
			accepted[a.NeedID], resolved[a.NeedID] = true, true
		}
		return nil
	})
	if needs == nil {
		f.Needs = len(assigned)
	}
	f.Assigned, f.Accepted, f.Resolved = len(assigned), len(accepted), len(resolved)
	return f, err
}
