package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// MaxPackageNeeds bounds the open needs one package is composed for (the
// oldest first).
const MaxPackageNeeds = 100

// MemberRoleNames returns the package member roles in Chinese.
func MemberRoleNames() map[string]string {
	return map[string]string{MemberLead: "领衔院士", MemberTeam: "博士服务团", MemberSociety: "学会", MemberExpert: "专家"}
}

// composer holds what composing one package reads: the open needs, every
// supplier's match for each of them and the active profiles.
type composer struct {
	req    PackageRequest
	month  string
	needs  []Need
	cover  map[string]map[string]Cover // profile → need → its match
	active []*Profile
	pkg    *Package
}

// compose composes a package for req (checked).
func (e *Engine) compose(ctx context.Context, req PackageRequest) (Package, error) {
	c := &composer{req: req, month: e.now().Format("2006-01"), cover: map[string]map[string]Cover{}}
	name := strings.TrimSpace(req.Name)
	if name == "" {
		name = req.County + req.Industry + "产业服务包（一县一业一策）"
	}
	c.pkg = &Package{Name: name, County: req.County, Industry: req.Industry, GroupID: req.GroupID, Size: req.Size, Members: []PackageMember{}, Needs: []PackageNeed{}}
	if err := e.composeInputs(ctx, c); err != nil {
		return Package{}, err
	}
	for _, choose := range []func() error{c.chooseLead, c.chooseTeam, c.chooseSociety, c.chooseExperts} {
		if err := choose(); err != nil {
			return Package{}, err
		}
	}
	c.explainNeeds()
	c.baseline()
	return *c.pkg, nil
}

// composeInputs reads the county × industry's open needs (pending, with no
// open assignment), ranks every supplier for each and reads the active
// profiles.
func (e *Engine) composeInputs(ctx context.Context, c *composer) error {
	pending, err := e.pendingNeeds(ctx)
	if err != nil {
		return err
	}
	for _, n := range pending {
		if n.County == c.req.County && n.Industry == c.req.Industry {
			c.needs = append(c.needs, n)
		}
	}
	slices.SortStableFunc(c.needs, func(a, b Need) int { return a.Created.Compare(b.Created) })
	if len(c.needs) > MaxPackageNeeds {
		c.pkg.Notes = append(c.pkg.Notes, fmt.Sprintf("待对接需求较多，本服务包按提交先后取前 %d 条。", MaxPackageNeeds))
		c.needs = c.needs[:MaxPackageNeeds]
	}
	if len(c.needs) == 0 {
		c.pkg.Notes = append(c.pkg.Notes, c.req.County+c.req.Industry+"暂无待对接的需求，成员按产业选取。")
	}
	for i := range c.needs {
		res, err := e.MatchNeed(ctx, &c.needs[i], MatchOptions{K: MaxK, Month: c.month, Explain: true, Full: true})
		if err != nil {
			return fmt.Errorf("package: need %s: %w", c.needs[i].ID, err)
		}
		for _, m := range res.Matches {
			if c.cover[m.Profile.ID] == nil {
				c.cover[m.Profile.ID] = map[string]Cover{}
			}
			c.cover[m.Profile.ID][c.needs[i].ID] = Cover{ProfileID: m.Profile.ID, Name: m.Profile.Name, Strength: m.Strength, Label: m.Label, Reason: m.Explain.Reason}
		}
	}
	return e.store.EachProfile(ctx, func(p Profile) error {
		if !p.Inactive {
			c.active = append(c.active, &p)
		}
		return nil
	})
}

// strong reports whether a label is at least 中.
func strong(label string) bool { return label == LabelStrong || label == LabelMedium }

// total is a supplier's strength summed over the needs.
func (c *composer) total(id string) float64 {
	s := 0.0
	for _, cv := range c.cover[id] {
		s += cv.Strength
	}
	return s
}

// covers returns the needs a supplier covers at 中 or better, in order.
func (c *composer) covers(id string) []string {
	out := []string{}
	for _, n := range c.needs {
		if cv, ok := c.cover[id][n.ID]; ok && strong(cv.Label) {
			out = append(out, n.ID)
		}
	}
	return out
}

func (c *composer) member(id string) bool {
	return slices.ContainsFunc(c.pkg.Members, func(m PackageMember) bool { return m.Profile.ID == id })
}

func (c *composer) add(role string, p *Profile, reason string, chosen bool) {
	c.pkg.Members = append(c.pkg.Members, PackageMember{Role: role, Profile: cardOf(p), Reason: reason, Covers: c.covers(p.ID), Chosen: chosen})
}

// fixed returns staff's choice for a role, checked against what the role
// takes.
func (c *composer) fixed(id, what string, fits func(*Profile) bool) (*Profile, error) {
	i := slices.IndexFunc(c.active, func(p *Profile) bool { return p.ID == id })
	if i < 0 || !fits(c.active[i]) {
		return nil, invalid(fmt.Sprintf("所选的%s不存在、已停用或不能担任该角色", what), "%s %s: not an active profile for the role", what, id)
	}
	if c.member(id) {
		return nil, invalid(c.active[i].Name+"已在服务包中", "%s is already a member", id)
	}
	return c.active[i], nil
}

// best returns the candidate with the highest score (ties: smaller ID).
func best(cands []*Profile, score func(*Profile) float64) *Profile {
	var out *Profile
	top := 0.0
	for _, p := range cands {
		s := score(p)
		if out == nil || s > top || (s == top && p.ID < out.ID) {
			out, top = p, s
		}
	}
	return out
}

func (c *composer) filter(keep func(*Profile) bool) []*Profile {
	var out []*Profile
	for _, p := range c.active {
		if keep(p) && !c.member(p.ID) {
			out = append(out, p)
		}
	}
	return out
}

// coverText says how many needs a member covers.
func (c *composer) coverText(id string) string {
	n := len(c.covers(id))
	if len(c.needs) == 0 {
		return ""
	}
	if n == 0 {
		return fmt.Sprintf("对 %d 条待对接需求均未达到中等匹配", len(c.needs))
	}
	return fmt.Sprintf("覆盖 %d 条待对接需求（匹配中及以上）", n)
}

func (c *composer) title(needID string) string {
	for i := range c.needs {
		if c.needs[i].ID == needID {
			if c.needs[i].Title != "" {
				return c.needs[i].Title
			}
			return truncate(c.needs[i].Description, 30)
		}
	}
	return needID
}

// explainNeeds lists, per need, the members covering it at 中 or better
// (strongest first) and says in Chinese who takes it and why, or why no
// member does.
func (c *composer) explainNeeds() {
	roles := MemberRoleNames()
	for i := range c.needs {
		n := &c.needs[i]
		pn := PackageNeed{NeedID: n.ID, Title: c.title(n.ID), Enterprise: n.Enterprise, Covers: []Cover{}}
		var weak *Cover
		for _, m := range c.pkg.Members {
			cv, ok := c.cover[m.Profile.ID][n.ID]
			if !ok {
				continue
			}
			cv.Role = m.Role
			if strong(cv.Label) {
				pn.Covers = append(pn.Covers, cv)
			} else if weak == nil || cv.Strength > weak.Strength {
				weak = &cv
			}
		}
		sort.SliceStable(pn.Covers, func(a, b int) bool { return pn.Covers[a].Strength > pn.Covers[b].Strength })
		switch {
		case len(pn.Covers) > 0:
			top := pn.Covers[0]
			pn.Explanation = fmt.Sprintf("由%s（%s，匹配%s）承接：%s", top.Name, roles[top.Role], top.Label, strings.TrimSuffix(top.Reason, "。"))
			if len(pn.Covers) > 1 {
				var others []string
				for _, o := range pn.Covers[1:] {
					others = append(others, o.Name)
				}
				pn.Explanation += "；" + strings.Join(others, "、") + "也可协助"
			}
			pn.Explanation += "。"
			c.pkg.Covered++
		case weak != nil:
			pn.Explanation = fmt.Sprintf("成员中匹配度最高的是%s（匹配%s），未达到中等，建议由科协人工对接或调整成员。", weak.Name, weak.Label)
		default:
			pn.Explanation = "服务包成员中没有与之匹配的，建议由科协人工对接或调整成员。"
		}
		c.pkg.Needs = append(c.pkg.Needs, pn)
	}
}

// baseline measures the top single experts: as many as the package has
// members, ranked by their strength summed over the needs (how one need,
// one supplier matching ranks them), and how many needs they cover at 中
// or better.
func (c *composer) baseline() {
	var ids []string
	for _, p := range c.active {
		if p.Kind == KindExpert && len(c.cover[p.ID]) > 0 {
			ids = append(ids, p.ID)
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		ti, tj := c.total(ids[i]), c.total(ids[j])
		if ti != tj {
			return ti > tj
		}
		return ids[i] < ids[j]
	})
	b := Baseline{Size: len(c.pkg.Members), Suppliers: []string{}}
	covered := map[string]bool{}
	for _, id := range ids[:min(b.Size, len(ids))] {
		for _, n := range c.covers(id) {
			covered[n] = true
		}
		for _, cv := range c.cover[id] {
			b.Suppliers = append(b.Suppliers, cv.Name)
			break
		}
	}
	b.Covered = len(covered)
	c.pkg.Baseline = b
}
