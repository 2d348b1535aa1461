package engine

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Status is where a need stands in its lifecycle.
type Status string

// Need statuses: submitted → matched → assigned → accepted / declined →
// in_progress → resolved or closed (unresolved); withdrawn by the company.
const (
	StatusSubmitted  Status = "submitted"
	StatusMatched    Status = "matched"
	StatusAssigned   Status = "assigned"
	StatusAccepted   Status = "accepted"
	StatusDeclined   Status = "declined"
	StatusInProgress Status = "in_progress"
	StatusResolved   Status = "resolved"
	StatusClosed     Status = "closed"
	StatusWithdrawn  Status = "withdrawn"
)

// Statuses returns every need status in lifecycle order.
func Statuses() []Status {
	return []Status{StatusSubmitted, StatusMatched, StatusAssigned, StatusAccepted, StatusDeclined, StatusInProgress, StatusResolved, StatusClosed, StatusWithdrawn}
}

// Transition is one step of a need's lifecycle, kept in its history.
type Transition struct {
	From      Status    `json:"from"`
	To        Status    `json:"to"`
	By        string    `json:"by"`
	At        time.Time `json:"at"`
	ProfileID string    `json:"profile_id,omitempty"`
	Reason    string    `json:"reason,omitempty"`
}

// Need is a company's technical need (技术需求).
type Need struct {
	ID          string `json:"id"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description"`
	Enterprise  string `json:"enterprise,omitempty"`
	Industry    string `json:"industry,omitempty"`
	County      string `json:"county,omitempty"`
	// Modes are the cooperation modes asked for (Modes(), or a value kept
	// as written when an import did not know it).
	Modes []string `json:"modes,omitempty"`
	// Mode is the single-value spelling of older files and exports
	// ("委托开发,其他"); NormalizeModes moves it into Modes.
	Mode string `json:"mode,omitempty"`
	// Budget in 万元 (10,000 yuan); 0 means not stated.
	Budget   float64 `json:"budget,omitempty"`
	Deadline string  `json:"deadline,omitempty"` // YYYY-MM-DD
	Status   Status  `json:"status,omitempty"`
	// History lists every status change, oldest first.
	History []Transition `json:"history,omitempty"`
	// Requests are teams' applications to serve the need (申请对接).
	Requests []Request `json:"requests,omitempty"`
	// Review is set by the service when staff should look at the need
	// themselves: ReviewVague for a text too vague to match.
	Review string `json:"review,omitempty"`
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
		return invalid("请填写需求标题或技术问题描述", "need %s: title and description are both empty; describe the technical problem", n.ID)
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
		return invalid("县（市、区）须为："+strings.Join(Counties(), "、"), "need %s: county %q is not one of %s", n.ID, n.County, strings.Join(Counties(), " "))
	}
	if len(n.Modes) > maxModesPerNeed {
		return invalid(fmt.Sprintf("合作方式最多选 %d 种", maxModesPerNeed), "need %s: %d cooperation modes, at most %d", n.ID, len(n.Modes), maxModesPerNeed)
	}
	for _, m := range append(n.Modes, n.Mode) {
		if err := checkText("mode", m, MaxShortLen, false); err != nil {
			return fmt.Errorf("need %s: %w", n.ID, err)
		}
	}
	if n.Budget < 0 {
		return invalid("预算不能为负数", "need %s: budget %g is negative", n.ID, n.Budget)
	}
	if n.Deadline != "" {
		if _, err := time.Parse(time.DateOnly, n.Deadline); err != nil {
			return invalid("截止日期格式应为 YYYY-MM-DD", "need %s: deadline %q: use YYYY-MM-DD", n.ID, n.Deadline)
		}
	}
	if n.Status != "" && !slices.Contains(Statuses(), n.Status) {
		return invalid("需求状态不正确", "need %s: status %q is not one of %v", n.ID, n.Status, Statuses())
	}
	return nil
}

// StatusName returns a status in Chinese.
func StatusName(s Status) string {
	switch s {
	case StatusSubmitted, "":
		return "已提交"
	case StatusMatched:
		return "已匹配"
	case StatusAssigned:
		return "已指派"
	case StatusAccepted:
		return "已接受"
	case StatusDeclined:
		return "已拒绝"
	case StatusInProgress:
		return "进行中"
	case StatusResolved:
		return "已解决"
	case StatusClosed:
		return "已关闭"
	case StatusWithdrawn:
		return "已撤回"
	}
	return string(s)
}
