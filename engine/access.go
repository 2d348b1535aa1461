package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"strings"
)

// Who sees what:
//   - admins and analysts see every need and profile;
//   - a company sees the needs of its own enterprise;
//   - a team or an expert sees the needs assigned to it, and a team also
//     the submitted needs open in its slot this month (its county and
//     industry, 一月一县一产).

// CanSeeNeed reports whether v may read n.
func (e *Engine) CanSeeNeed(ctx context.Context, v Viewer, n *Need) bool {
	see, err := e.needVisibility(ctx, v)
	return err == nil && see(n)
}

// needVisibility returns the rule of who sees what for v, with what it
// needs from the store read once: the needs assigned to v and its slot
// this month.
func (e *Engine) needVisibility(ctx context.Context, v Viewer) (func(*Need) bool, error) {
	switch v.Role {
	case RoleAdmin, RoleAnalyst:
		return func(*Need) bool { return true }, nil
	case RoleCompany:
		return func(n *Need) bool { return n.Enterprise != "" && n.Enterprise == v.Subject }, nil
	case RoleTeam, RoleExpert:
	default:
		return func(*Need) bool { return false }, nil
	}
	assigned := map[string]bool{}
	err := e.store.EachAssignment(ctx, func(a Assignment) error {
		if a.ProfileID == v.Subject {
			assigned[a.NeedID] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var slot Slot
	var hasSlot bool
	if v.Role == RoleTeam {
		if p, err := e.store.Profile(ctx, v.Subject); err == nil {
			f := factsOf(&p)
			slot, hasSlot = f.slot(e.now().Format("2006-01"))
		}
	}
	return func(n *Need) bool {
		if assigned[n.ID] {
			return true
		}
		open := n.Status == "" || n.Status == StatusSubmitted || n.Status == StatusMatched
		return hasSlot && open && slot.County == n.County && slot.Industry == n.Industry
	}, nil
}

// NeedFilter selects and pages needs; zero values select everything.
type NeedFilter struct {
	Status   Status
	County   string
	Industry string
	// Month (YYYY-MM) keeps the needs submitted that month.
	Month string
	// Query keeps the needs whose title, description or enterprise
	// contains it.
	Query string
	// Newest lists the newest first (by submission), not in ID order.
	Newest bool
	Offset int
	Limit  int // default 50, at most 500
}

// keeps reports whether n passes f's selection.
func (f *NeedFilter) keeps(n *Need) bool {
	if (f.Status != "" && n.Status != f.Status) || (f.County != "" && n.County != f.County) || (f.Industry != "" && n.Industry != f.Industry) {
		return false
	}
	if f.Month != "" && n.Created.Format("2006-01") != f.Month {
		return false
	}
	q := strings.TrimSpace(f.Query)
	return q == "" || strings.Contains(n.Title, q) || strings.Contains(n.Description, q) || strings.Contains(n.Enterprise, q) || n.ID == q
}

// NeedPage is one page of needs and how many match in all.
type NeedPage struct {
	Needs []Need `json:"needs"`
	Total int    `json:"total"`
}

// checkPage applies the default limit (50) and refuses a limit outside 1 to
// 500 or a negative offset.
func checkPage(offset, limit *int) error {
	if *limit == 0 {
		*limit = 50
	}
	if *limit < 0 || *limit > 500 || *offset < 0 {
		return invalid("每页条数须为 1 到 500，起始位置不能为负", "limit must be 1 to 500 and offset not negative")
	}
	return nil
}

// ProfileFilter selects and pages profiles; zero values select everything.
type ProfileFilter struct {
	Kind   Kind
	Offset int
	Limit  int // default 50, at most 500
}

// ProfilePage is one page of profiles and how many match in all.
type ProfilePage struct {
	Profiles []Profile `json:"profiles"`
	Total    int       `json:"total"`
}

// ListProfiles returns the profiles that pass f, in ID order.
func (e *Engine) ListProfiles(ctx context.Context, v Viewer, f ProfileFilter) (ProfilePage, error) {
	if err := v.may(ActListProfiles); err != nil {
		return ProfilePage{}, err
	}
	if err := checkPage(&f.Offset, &f.Limit); err != nil {
		return ProfilePage{}, err
	}
	page := ProfilePage{Profiles: []Profile{}}
	err := e.store.EachProfile(ctx, func(p Profile) error {
		if f.Kind != "" && p.Kind != f.Kind {
			return nil
		}
		if page.Total >= f.Offset && len(page.Profiles) < f.Limit {
			page.Profiles = append(page.Profiles, p)
		}
		page.Total++
		return nil
	})
	if err != nil {
		return page, err
	}
	ps := make([]*Profile, len(page.Profiles))
	for i := range page.Profiles {
		ps[i] = &page.Profiles[i]
	}
	return page, e.maskContacts(ctx, v, ps...)
}

// ListNeeds returns the needs v may see that pass f, in ID order or newest
// first.
func (e *Engine) ListNeeds(ctx context.Context, v Viewer, f NeedFilter) (NeedPage, error) {
	if err := checkPage(&f.Offset, &f.Limit); err != nil {
		return NeedPage{}, err
	}
	if f.Month != "" && !monthPattern.MatchString(f.Month) {
		return NeedPage{}, invalid("月份格式应为 YYYY-MM", "month %q: use YYYY-MM", f.Month)
	}
	see, err := e.needVisibility(ctx, v)
	if err != nil {
		return NeedPage{}, err
	}
	var all []Need
	err = e.store.EachNeed(ctx, func(n Need) error {
		if f.keeps(&n) && see(&n) {
			all = append(all, v.seen(n))
		}
		return nil
	})
	if f.Newest {
		slices.SortStableFunc(all, func(a, b Need) int {
			if c := b.Created.Compare(a.Created); c != 0 {
				return c
			}
			return strings.Compare(b.ID, a.ID)
		})
	}
	page := NeedPage{Needs: []Need{}, Total: len(all)}
	if f.Offset < len(all) {
		page.Needs = all[f.Offset:min(len(all), f.Offset+f.Limit)]
	}
	return page, err
}

// seen is need n as v is shown it: a team or an expert sees the steps and
// requests of its own and of no supplier, not another supplier's decline
// and its reason. (Only for what is shown: a need read to be written
// keeps everything.)
func (v Viewer) seen(n Need) Need {
	if v.Role != RoleTeam && v.Role != RoleExpert {
		return n
	}
	n.History = slices.DeleteFunc(slices.Clone(n.History), func(t Transition) bool { return t.ProfileID != "" && t.ProfileID != v.Subject })
	n.Requests = slices.DeleteFunc(slices.Clone(n.Requests), func(r Request) bool { return r.ProfileID != v.Subject })
	return n
}

// ViewNeed returns need id if v may see it; a need v may not see is
// reported as not found, so its existence does not leak.
func (e *Engine) ViewNeed(ctx context.Context, v Viewer, id string) (Need, error) {
	n, err := e.store.Need(ctx, id)
	if err != nil {
		return Need{}, err
	}
	if !e.CanSeeNeed(ctx, v, &n) {
		return Need{}, Errorf(ErrNotFound, "未找到该需求，或您无权查看", "need %s: not found", id)
	}
	return n, nil
}

// SubmitNeed stores a new need for v. A company's need always belongs to
// its enterprise and gets an ID the service makes: a company that could
// choose one would learn from a conflict that another company's need has
// it. Staff may choose IDs (an empty one is generated). The status,
// creation time and history are the service's to write: a need that
// carries any of them is refused.
func (e *Engine) SubmitNeed(ctx context.Context, v Viewer, n Need) (Need, error) {
	if err := v.may(ActSubmitNeed); err != nil {
		return Need{}, err
	}
	if n.Status != "" || !n.Created.IsZero() || len(n.History) > 0 || len(n.Requests) > 0 || n.Review != "" {
		return Need{}, invalid("需求的状态（status）、提交时间（created）、处理记录（history）、对接申请（requests）和审核标记（review）由系统记录，提交时请勿填写", "status, created, history, requests and review are set by the service")
	}
	if v.Role == RoleCompany {
		if n.Enterprise != "" && n.Enterprise != v.Subject {
			return Need{}, Errorf(ErrForbidden, "企业只能为本企业提交需求", "a company submits needs for its own enterprise only")
		}
		if n.ID != "" {
			return Need{}, invalid("需求编号由系统生成，提交时请勿填写 id", "a company's need IDs are made by the service; leave id out")
		}
		n.Enterprise = v.Subject
	}
	if n.ID == "" {
		var b [6]byte
		rand.Read(b[:])
		n.ID = "need-" + e.now().UTC().Format("20060102") + "-" + hex.EncodeToString(b[:])
	}
	n.Status, n.Created = StatusSubmitted, e.now().UTC()
	n.NormalizeModes()
	if err := n.Validate(); err != nil {
		return Need{}, err
	}
	if e.CheckNeed(n.Title, n.Description).Vague {
		n.Review = ReviewVague
	}
	if err := e.store.CreateNeed(ctx, n); err != nil {
		return Need{}, err
	}
	e.counts.move("", StatusSubmitted)
	return n, nil
}

// WithdrawNeed withdraws a need: its company, an analyst or an admin may.
// Its open assignments are closed, which frees the suppliers' capacity.
func (e *Engine) WithdrawNeed(ctx context.Context, v Viewer, id string) (Need, error) {
	if err := v.may(ActWithdrawNeed); err != nil {
		return Need{}, err
	}
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	n, err := e.ViewNeed(ctx, v, id)
	if err != nil {
		return Need{}, err
	}
	if err := e.moveNeed(&n, StatusWithdrawn, who(v), "", ""); err != nil {
		return Need{}, err
	}
	var open []Assignment
	err = e.store.EachAssignment(ctx, func(a Assignment) error {
		if a.NeedID == id && a.Status.Open() {
			open = append(open, a)
		}
		return nil
	})
	if err != nil {
		return Need{}, err
	}
	for i := range open {
		if err := e.moveAssignment(&open[i], AssignClosed); err != nil {
			return Need{}, err
		}
		if err := e.saveWorkflow(ctx, n, &open[i]); err != nil {
			return Need{}, err
		}
	}
	return n, e.saveWorkflow(ctx, n, nil)
}

// ViewProfile returns profile id if v may see it: staff and companies see
// every profile, a team or an expert its own (another is reported as not
// found). Contact details are masked unless v may see them (privacy.go).
func (e *Engine) ViewProfile(ctx context.Context, v Viewer, id string) (Profile, error) {
	if (v.Role == RoleTeam || v.Role == RoleExpert) && v.Subject != id || !slices.Contains(Roles(), v.Role) {
		return Profile{}, Errorf(ErrNotFound, "未找到该档案，或您无权查看", "profile %s: not found", id)
	}
	p, err := e.store.Profile(ctx, id)
	if err != nil {
		return Profile{}, err
	}
	return p, e.maskContacts(ctx, v, &p)
}

// CreateProfile stores a new profile; an existing ID is a conflict. The
// check and the write are one store transaction, so of two concurrent
// creations of one ID exactly one succeeds.
func (e *Engine) CreateProfile(ctx context.Context, v Viewer, p Profile) error {
	if err := v.may(ActEditProfiles); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	seq, err := e.store.CreateProfile(ctx, p)
	if err != nil {
		return err
	}
	e.facts.put([]Profile{p})
	// Stored is acknowledged; an index failure leaves p pending for repair.
	_ = e.index(context.WithoutCancel(ctx), []Profile{p}, seq)
	return nil
}

// UpdateProfile replaces an existing profile.
func (e *Engine) UpdateProfile(ctx context.Context, v Viewer, p Profile) error {
	if err := v.may(ActEditProfiles); err != nil {
		return err
	}
	if _, err := e.store.Profile(ctx, p.ID); err != nil {
		return err
	}
	return e.PutProfiles(ctx, []Profile{p})
}

// DeactivateProfile marks a profile inactive: it no longer matches.
func (e *Engine) DeactivateProfile(ctx context.Context, v Viewer, id string) (Profile, error) {
	if err := v.may(ActEditProfiles); err != nil {
		return Profile{}, err
	}
	p, err := e.store.Profile(ctx, id)
	if err != nil {
		return Profile{}, err
	}
	p.Inactive = true
	return p, e.PutProfiles(ctx, []Profile{p})
}
