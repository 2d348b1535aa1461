package engine

import (
	"context"
	"strings"
	"unicode/utf8"
)

// Who sees a supplier's phone and e-mail (personal data):
//   - admins and analysts, always;
//   - a team or an expert, on its own profile;
//   - a company, for the suppliers that accepted one of its enterprise's
//     needs (accepted, in progress or resolved);
//   - nobody else: elsewhere both are masked (138****5678, w***@example.cn).
//
// Every engine answer that carries profiles to a viewer ends with one call
// of maskContacts or maskMatches.

// contactRule returns, for v, whether it may see the contact details of the
// profile with an ID, reading what it needs from the store once.
func (e *Engine) contactRule(ctx context.Context, v Viewer) (func(id string) bool, error) {
	switch v.Role {
	case RoleAdmin, RoleAnalyst:
		return func(string) bool { return true }, nil
	case RoleTeam, RoleExpert:
		return func(id string) bool { return id == v.Subject }, nil
	case RoleCompany:
	default:
		return func(string) bool { return false }, nil
	}
	own := map[string]bool{}
	if v.Subject != "" {
		err := e.store.EachNeed(ctx, func(n Need) error {
			if n.Enterprise == v.Subject {
				own[n.ID] = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	accepted := map[string]bool{}
	err := e.store.EachAssignment(ctx, func(a Assignment) error {
		if own[a.NeedID] && contactShared(a.Status) {
			accepted[a.ProfileID] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return func(id string) bool { return accepted[id] }, nil
}

// contactShared reports whether an assignment in status s lets the need's
// company see the supplier's contact details: once the supplier accepted.
func contactShared(s AssignmentStatus) bool {
	return s == AssignAccepted || s == AssignInProgress || s == AssignResolved
}

// maskContacts masks the phone and e-mail of each profile that v may not
// see them of.
func (e *Engine) maskContacts(ctx context.Context, v Viewer, ps ...*Profile) error {
	if len(ps) == 0 {
		return nil
	}
	may, err := e.contactRule(ctx, v)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if !may(p.ID) {
			p.Phone, p.Email = MaskPhone(p.Phone), MaskEmail(p.Email)
		}
	}
	return nil
}

// maskMatches returns a function that applies maskContacts to the
// profiles of a match result, called as e.maskMatches(ctx, v)(e.Match(…)).
func (e *Engine) maskMatches(ctx context.Context, v Viewer) func(*MatchResult, error) (*MatchResult, error) {
	return func(res *MatchResult, err error) (*MatchResult, error) {
		if err != nil || res == nil {
			return res, err
		}
		ps := make([]*Profile, len(res.Matches))
		for i := range res.Matches {
			ps[i] = &res.Matches[i].Profile
		}
		// A match whose time budget ran out answers what it found
		// (Stats.Truncated); masking it is a short read that must still run.
		return res, e.maskContacts(context.WithoutCancel(ctx), v, ps...)
	}
}

// MaskPhone keeps the first three and the last four digits of a phone
// number and stars the rest: 13812345678 → 138****5678. A short number
// keeps only its last two digits.
func MaskPhone(s string) string {
	if s == "" {
		return ""
	}
	var digits []rune
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits = append(digits, r)
		}
	}
	if len(digits) < 8 {
		return strings.Repeat("*", max(len(digits)-2, 1)) + string(digits[max(len(digits)-2, 0):])
	}
	return string(digits[:3]) + strings.Repeat("*", len(digits)-7) + string(digits[len(digits)-4:])
}

// MaskEmail keeps the first character of the local part and the domain:
// wangwei@example.cn → w***@example.cn.
func MaskEmail(s string) string {
	if s == "" {
		return ""
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok {
		return "***"
	}
	r, _ := utf8.DecodeRuneInString(local)
	if r == utf8.RuneError {
		return "***@" + domain
	}
	return string(r) + "***@" + domain
}
