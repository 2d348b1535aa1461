package engine

import (
	"context"
)

// Reports carry what staff export as spreadsheets (engine/sheet lays them
// out): records with the names people read next to the IDs, and contact
// details masked as privacy.go says for the viewer.

// AssignedSupplier is a supplier a need was given to, with the assignment.
type AssignedSupplier struct {
	Assignment Assignment `json:"assignment"`
	Profile    Profile    `json:"profile"`
}

// NeedReport is a need with its suppliers.
type NeedReport struct {
	Need      Need               `json:"need"`
	Suppliers []AssignedSupplier `json:"suppliers"`
}

// ReportNeeds returns the needs v may see, in ID order, each with its
// suppliers: every supplier of the need for staff and for the need's
// company, and only itself for a team or an expert.
func (e *Engine) ReportNeeds(ctx context.Context, v Viewer) ([]NeedReport, error) {
	see, err := e.needVisibility(ctx, v)
	if err != nil {
		return nil, err
	}
	out := []NeedReport{}
	at := map[string]int{}
	err = e.store.EachNeed(ctx, func(n Need) error {
		if see(&n) {
			at[n.ID] = len(out)
			out = append(out, NeedReport{Need: n, Suppliers: []AssignedSupplier{}})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	own := v.Role == RoleTeam || v.Role == RoleExpert
	profiles := map[string]Profile{}
	err = e.store.EachAssignment(ctx, func(a Assignment) error {
		i, ok := at[a.NeedID]
		if !ok || own && a.ProfileID != v.Subject {
			return nil
		}
		p, ok := profiles[a.ProfileID]
		if !ok {
			var err error
			if p, err = e.store.Profile(ctx, a.ProfileID); err != nil {
				p = Profile{ID: a.ProfileID, Name: a.ProfileID} // deleted since
			}
			profiles[a.ProfileID] = p
		}
		out[i].Suppliers = append(out[i].Suppliers, AssignedSupplier{Assignment: a, Profile: p})
		return nil
	})
	if err != nil {
		return nil, err
	}
	var ps []*Profile
	for i := range out {
		for j := range out[i].Suppliers {
			ps = append(ps, &out[i].Suppliers[j].Profile)
		}
	}
	return out, e.maskContacts(ctx, v, ps...)
}

// MatchReport is a stored need and its ranked suppliers.
type MatchReport struct {
	Need   Need         `json:"need"`
	Result *MatchResult `json:"result"`
}

// ReportMatches ranks the suppliers of stored need id for v, who must be
// allowed to match and to see the need.
func (e *Engine) ReportMatches(ctx context.Context, v Viewer, id string, opts MatchOptions) (*MatchReport, error) {
	res, err := e.MatchStored(ctx, v, id, opts)
	if err != nil {
		return nil, err
	}
	n, err := e.ViewNeed(ctx, v, id)
	if err != nil {
		return nil, err
	}
	return &MatchReport{Need: n, Result: res}, nil
}

// BatchReport is a plan of the monthly batch with the needs and suppliers
// it names, by ID.
type BatchReport struct {
	Plan     *BatchPlan         `json:"plan"`
	Needs    map[string]Need    `json:"needs"`
	Profiles map[string]Profile `json:"profiles"`
}

// ReportBatch plans the monthly batch (a dry run) and adds the needs and
// suppliers it names.
func (e *Engine) ReportBatch(ctx context.Context, v Viewer, o BatchOptions) (*BatchReport, error) {
	plan, err := e.PlanBatch(ctx, v, o)
	if err != nil {
		return nil, err
	}
	r := &BatchReport{Plan: plan, Needs: map[string]Need{}, Profiles: map[string]Profile{}}
	needIDs := make([]string, 0, len(plan.Pairs)+len(plan.Infeasible))
	for _, p := range plan.Pairs {
		needIDs = append(needIDs, p.NeedID)
		if _, ok := r.Profiles[p.ProfileID]; !ok {
			if pr, err := e.store.Profile(ctx, p.ProfileID); err == nil {
				r.Profiles[p.ProfileID] = pr
			}
		}
	}
	for _, u := range plan.Infeasible {
		needIDs = append(needIDs, u.NeedID)
	}
	for _, id := range needIDs {
		if _, ok := r.Needs[id]; !ok {
			if n, err := e.store.Need(ctx, id); err == nil {
				r.Needs[id] = n
			}
		}
	}
	ps := make([]*Profile, 0, len(r.Profiles))
	for _, p := range r.Profiles {
		ps = append(ps, &p) // a copy per iteration
	}
	if err := e.maskContacts(ctx, v, ps...); err != nil {
		return nil, err
	}
	for _, p := range ps {
		r.Profiles[p.ID] = *p
	}
	return r, nil
}
