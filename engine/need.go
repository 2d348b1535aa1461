package engine

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Status is where a need stands in its lifecycle.
type Status string

// Need statuses.
const (
	StatusSubmitted Status = "submitted"
	StatusWithdrawn Status = "withdrawn"
)

// Need is a company's technical need (技术需求).
type Need struct {
	ID          string `json:"id"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description"`
	Enterprise  string `json:"enterprise,omitempty"`
	Industry    string `json:"industry,omitempty"`
	County      string `json:"county,omitempty"`
	Mode        string `json:"mode,omitempty"` // one of Modes()
	// Budget in 万元 (10,000 yuan); 0 means not stated.
	Budget   float64 `json:"budget,omitempty"`
	Deadline string  `json:"deadline,omitempty"` // YYYY-MM-DD
	Status   Status  `json:"status,omitempty"`
	// Created is set by the engine when the need is first stored.
	Created time.Time `json:"created,omitzero"`
}

// Text returns the need's title and description as one query text.
func (n *Need) Text() string {
	if n.Title == "" {
		return n.Description
	}
	return n.Title + "\n" + n.Description
}

// Validate checks n and returns an ErrInvalid that names the first problem.
func (n *Need) Validate() error {
	if err := ValidateID(n.ID); err != nil {
		return err
	}
	if strings.TrimSpace(n.Title) == "" && strings.TrimSpace(n.Description) == "" {
		return invalidf("need %s: title and description are both empty; describe the technical problem", n.ID)
	}
	if err := checkText("title", n.Title, MaxNameLen, false); err != nil {
		return fmt.Errorf("need %s: %w", n.ID, err)
	}
	if err := checkText("description", n.Description, MaxTextLen, false); err != nil {
		return fmt.Errorf("need %s: %w", n.ID, err)
	}
	if err := checkText("enterprise", n.Enterprise, MaxNameLen, false); err != nil {
		return fmt.Errorf("need %s: %w", n.ID, err)
	}
	if err := checkText("industry", n.Industry, MaxShortLen, false); err != nil {
		return fmt.Errorf("need %s: %w", n.ID, err)
	}
	if n.County != "" && !IsCounty(n.County) {
		return invalidf("need %s: county %q is not one of %s", n.ID, n.County, strings.Join(Counties(), " "))
	}
	if n.Mode != "" && !slices.Contains(Modes(), n.Mode) {
		return invalidf("need %s: mode %q is not one of %s", n.ID, n.Mode, strings.Join(Modes(), " "))
	}
	if n.Budget < 0 {
		return invalidf("need %s: budget %g is negative", n.ID, n.Budget)
	}
	if n.Deadline != "" {
		if _, err := time.Parse(time.DateOnly, n.Deadline); err != nil {
			return invalidf("need %s: deadline %q: use YYYY-MM-DD", n.ID, n.Deadline)
		}
	}
	switch n.Status {
	case "", StatusSubmitted, StatusWithdrawn:
	default:
		return invalidf("need %s: status %q is not submitted or withdrawn", n.ID, n.Status)
	}
	return nil
}
