package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// A package (一县一业一策) is made-to-order help for a county's leading
// industry: an academician as lead, a doctoral team whose 一月一县一产
// schedule takes it to the county and industry, a society (one with a
// station there if it can) and experts, chosen so that as many of the
// county × industry's open needs as possible are covered by a member whose
// match strength is at least 中.

// Member roles in a package.
const (
	MemberLead    = "lead"
	MemberTeam    = "team"
	MemberSociety = "society"
	MemberExpert  = "expert"
)

// Package sizes.
const (
	DefaultPackageExperts = 4
	MaxPackageExperts     = 10
)

// PackageRequest asks for a package. Lead, Team, Society and Experts fix
// staff's choices; the engine chooses the rest.
type PackageRequest struct {
	County   string `json:"county"`
	Industry string `json:"industry"`
	// Size is the most experts beside the lead, the team and the society
	// (default DefaultPackageExperts).
	Size    int      `json:"size,omitempty"`
	Lead    string   `json:"lead,omitempty"`
	Team    string   `json:"team,omitempty"`
	Society string   `json:"society,omitempty"`
	Experts []string `json:"experts,omitempty"`
	// Name and GroupID (a service group) are kept when the package is
	// saved.
	Name    string `json:"name,omitempty"`
	GroupID string `json:"group_id,omitempty"`
}

// Package is a composed (and, with an ID, saved) package.
type Package struct {
	ID       string          `json:"id,omitempty"`
	Name     string          `json:"name"`
	County   string          `json:"county"`
	Industry string          `json:"industry"`
	GroupID  string          `json:"group_id,omitempty"`
	Size     int             `json:"size"`
	Members  []PackageMember `json:"members"`
	Needs    []PackageNeed   `json:"needs"`
	// Covered counts the needs covered by a member at 中 or better.
	Covered  int      `json:"covered"`
	Baseline Baseline `json:"baseline"`
	// Notes say what could not be had: no team scheduled there, no society
	// station in the county, no open need.
	Notes   []string  `json:"notes,omitempty"`
	Created time.Time `json:"created,omitzero"`
	By      string    `json:"by,omitempty"`
}

// PackageMember is a member of a package, why it was chosen and the needs
// it covers at 中 or better.
type PackageMember struct {
	Role    string     `json:"role"`
	Profile PersonCard `json:"profile"`
	Reason  string     `json:"reason"`
	Covers  []string   `json:"covers"`
	// Chosen is set when staff fixed the member.
	Chosen bool `json:"chosen,omitempty"`
}

// PackageNeed is an open need of the package and the members covering it.
type PackageNeed struct {
	NeedID     string  `json:"need_id"`
	Title      string  `json:"title"`
	Enterprise string  `json:"enterprise,omitempty"`
	Covers     []Cover `json:"covers"`
	// Explanation says, in Chinese, who covers the need and why, or why no
	// member does.
	Explanation string `json:"explanation"`
	// AssignedTo is the member the need was assigned to from the package.
	AssignedTo string `json:"assigned_to,omitempty"`
}

// Cover is a member's match for a need.
type Cover struct {
	ProfileID string  `json:"profile_id"`
	Name      string  `json:"name"`
	Role      string  `json:"role"`
	Strength  float64 `json:"strength"`
	Label     string  `json:"label"`
	Reason    string  `json:"reason,omitempty"`
}

// Baseline is what the best single experts would cover: the top Size
// experts by their strength summed over the needs (as one need, one
// supplier matching ranks them), Size being the package's number of
// members.
type Baseline struct {
	Size      int      `json:"size"`
	Covered   int      `json:"covered"`
	Suppliers []string `json:"suppliers"`
}

// PackageStore keeps saved packages.
type PackageStore interface {
	// CreatePackage stores p unless a package with its ID exists
	// (ErrConflict).
	CreatePackage(ctx context.Context, p Package) error
	// PutPackage replaces a stored package.
	PutPackage(ctx context.Context, p Package) error
	// Package returns the package with id, or an error wrapping
	// ErrNotFound.
	Package(ctx context.Context, id string) (Package, error)
	// EachPackage calls fn for every package in ID order.
	EachPackage(ctx context.Context, fn func(Package) error) error
}

// checkPackageRequest validates req and applies the default size.
func checkPackageRequest(req *PackageRequest) error {
	if !IsCounty(req.County) {
		return invalid("请选择县（市、区）："+strings.Join(Counties(), "、"), "county %q is not one of %s", req.County, strings.Join(Counties(), " "))
	}
	if err := checkText("industry", req.Industry, MaxShortLen, true); err != nil {
		return err
	}
	if req.Size == 0 {
		req.Size = DefaultPackageExperts
	}
	if req.Size < 0 || req.Size > MaxPackageExperts || len(req.Experts) > MaxPackageExperts {
		return invalid(fmt.Sprintf("专家人数须为 1 到 %d", MaxPackageExperts), "size %d, experts %d: at most %d", req.Size, len(req.Experts), MaxPackageExperts)
	}
	req.Experts = unique(req.Experts)
	req.Size = max(req.Size, len(req.Experts))
	return checkText("name", req.Name, MaxNameLen, false)
}

// ComposePackage composes a package for v without saving it.
func (e *Engine) ComposePackage(ctx context.Context, v Viewer, req PackageRequest) (Package, error) {
	if err := v.may(ActPackages); err != nil {
		return Package{}, err
	}
	if err := checkPackageRequest(&req); err != nil {
		return Package{}, err
	}
	return e.compose(ctx, req)
}

// SavePackage composes a package with staff's choices and stores it.
func (e *Engine) SavePackage(ctx context.Context, v Viewer, req PackageRequest) (PackageView, error) {
	if err := v.may(ActPackages); err != nil {
		return PackageView{}, err
	}
	if err := checkPackageRequest(&req); err != nil {
		return PackageView{}, err
	}
	if req.GroupID != "" {
		if _, err := e.store.Group(ctx, req.GroupID); err != nil {
			return PackageView{}, Errorf(ErrInvalid, "找不到该科技服务团", "group %s: %v", req.GroupID, err)
		}
	}
	p, err := e.compose(ctx, req)
	if err != nil {
		return PackageView{}, err
	}
	var b [4]byte
	rand.Read(b[:])
	p.Created, p.By = e.now().UTC(), who(v)
	p.ID = "pkg-" + p.Created.Format("20060102") + "-" + hex.EncodeToString(b[:])
	if err := e.store.CreatePackage(ctx, p); err != nil {
		return PackageView{}, err
	}
	return e.viewPackage(ctx, &p)
}

// PackageView is a saved package with its funnel.
type PackageView struct {
	Package
	Funnel ProgrammeFunnel `json:"funnel"`
}

func (e *Engine) viewPackage(ctx context.Context, p *Package) (PackageView, error) {
	members := make([]string, len(p.Members))
	for i, m := range p.Members {
		members[i] = m.Profile.ID
	}
	needs := make([]string, len(p.Needs))
	for i, n := range p.Needs {
		needs[i] = n.NeedID
	}
	f, err := e.programmeFunnel(ctx, members, needs)
	f.Covered = p.Covered
	return PackageView{Package: *p, Funnel: f}, err
}

// ListPackages returns the saved packages, newest first, with their
// funnels.
func (e *Engine) ListPackages(ctx context.Context, v Viewer) ([]PackageView, error) {
	if err := v.may(ActPackages); err != nil {
		return nil, err
	}
	var ps []Package
	if err := e.store.EachPackage(ctx, func(p Package) error { ps = append(ps, p); return nil }); err != nil {
		return nil, err
	}
	slices.SortFunc(ps, func(a, b Package) int { return b.Created.Compare(a.Created) })
	out := make([]PackageView, 0, len(ps))
	for i := range ps {
		pv, err := e.viewPackage(ctx, &ps[i])
		if err != nil {
			return nil, err
		}
		out = append(out, pv)
	}
	return out, nil
}

// ViewPackage returns saved package id with its funnel.
func (e *Engine) ViewPackage(ctx context.Context, v Viewer, id string) (PackageView, error) {
	if err := v.may(ActPackages); err != nil {
		return PackageView{}, err
	}
	p, err := e.store.Package(ctx, id)
	if err != nil {
		return PackageView{}, err
	}
	return e.viewPackage(ctx, &p)
}

// PackageAssignment is what assigning a package's needs did.
type PackageAssignment struct {
	Package PackageView  `json:"package"`
	Made    []Assignment `json:"made"`
	Refused []Unserved   `json:"refused"`
}

// AssignPackage assigns each covered need of saved package id to its
// strongest member that can take it (each checked by Assign: conflicts,
// capacity, a pair already assigned); a need already assigned from the
// package is left alone.
func (e *Engine) AssignPackage(ctx context.Context, v Viewer, id string) (PackageAssignment, error) {
	if err := v.may(ActPackages); err != nil {
		return PackageAssignment{}, err
	}
	p, err := e.store.Package(ctx, id)
	if err != nil {
		return PackageAssignment{}, err
	}
	out := PackageAssignment{Made: []Assignment{}, Refused: []Unserved{}}
	for i := range p.Needs {
		pn := &p.Needs[i]
		if pn.AssignedTo != "" || len(pn.Covers) == 0 {
			continue
		}
		var why []string
		for _, c := range pn.Covers {
			a, err := e.assign(ctx, pn.NeedID, c.ProfileID, "package "+p.ID+" "+who(v))
			if err == nil {
				pn.AssignedTo = c.ProfileID
				out.Made = append(out.Made, a)
				break
			}
			why = append(why, Message(err))
		}
		if pn.AssignedTo == "" {
			out.Refused = append(out.Refused, Unserved{NeedID: pn.NeedID, Title: pn.Title, Enterprise: pn.Enterprise, Reason: strings.Join(why, "；")})
		}
	}
	saved, err := e.recordAssigned(ctx, &p)
	if err != nil {
		return out, err
	}
	out.Package, err = e.viewPackage(ctx, &saved)
	return out, err
}

// recordAssigned stores which member each need of p went to, merged with
// what a concurrent call recorded meanwhile.
func (e *Engine) recordAssigned(ctx context.Context, p *Package) (Package, error) {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	cur, err := e.store.Package(ctx, p.ID)
	if err != nil {
		return cur, err
	}
	for i := range cur.Needs {
		if cur.Needs[i].AssignedTo == "" && i < len(p.Needs) && p.Needs[i].NeedID == cur.Needs[i].NeedID {
			cur.Needs[i].AssignedTo = p.Needs[i].AssignedTo
		}
	}
	return cur, e.store.PutPackage(ctx, cur)
}
