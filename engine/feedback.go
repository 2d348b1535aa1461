package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Feedback reason codes.
const (
	FeedbackOffTopic   = "方向不对口"
	FeedbackNotCapable = "能力不足"
	FeedbackSlow       = "响应太慢"
	FeedbackPrice      = "报价不合适"
	FeedbackSolved     = "已解决"
)

// FeedbackReasons returns the reason codes a company may give.
func FeedbackReasons() []string {
	return []string{FeedbackOffTopic, FeedbackNotCapable, FeedbackSlow, FeedbackPrice, FeedbackSolved}
}

// Feedback is a company's judgement of one supplier for one need: of a
// match it was shown, or of a finished assignment.
type Feedback struct {
	NeedID    string    `json:"need_id"`
	ProfileID string    `json:"profile_id"`
	Useful    bool      `json:"useful"`
	Reason    string    `json:"reason,omitempty"` // one of FeedbackReasons
	Note      string    `json:"note,omitempty"`
	By        string    `json:"by"`
	At        time.Time `json:"at"`
}

// GiveFeedback records v's feedback on a supplier for one of its needs.
func (e *Engine) GiveFeedback(ctx context.Context, v Viewer, f Feedback) (Feedback, error) {
	if err := v.may(ActFeedback); err != nil {
		return Feedback{}, err
	}
	if _, err := e.ViewNeed(ctx, v, f.NeedID); err != nil {
		return Feedback{}, err
	}
	if _, err := e.store.Profile(ctx, f.ProfileID); err != nil {
		return Feedback{}, err
	}
	if f.Reason != "" && !slices.Contains(FeedbackReasons(), f.Reason) {
		return Feedback{}, invalid("反馈原因须为："+strings.Join(FeedbackReasons(), "、"), "reason %q is not one of %s", f.Reason, strings.Join(FeedbackReasons(), " "))
	}
	if err := checkText("note", f.Note, 2000, false); err != nil {
		return Feedback{}, err
	}
	f.By, f.At = who(v), e.now().UTC()
	return f, e.store.PutFeedback(ctx, f)
}

// FeedbackQrels returns the feedback as TREC qrels lines, "need 0 profile
// grade": useful is grade 2, not useful grade 0, so real judgements can
// join the evaluation.
func (e *Engine) FeedbackQrels(ctx context.Context, v Viewer) ([]string, error) {
	if err := v.may(ActFunnel); err != nil {
		return nil, err
	}
	var out []string
	err := e.store.EachFeedback(ctx, func(f Feedback) error {
		g := 0
		if f.Useful {
			g = 2
		}
		out = append(out, fmt.Sprintf("%s\t0\t%s\t%d", f.NeedID, f.ProfileID, g))
		return nil
	})
	sort.Strings(out)
	return out, err
}
