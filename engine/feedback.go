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
	n, err := e.ViewNeed(ctx, v, f.NeedID)
	if err != nil {
		return Feedback{}, err
	}
	if _, err := e.store.Profile(ctx, f.ProfileID); err != nil {
		return Feedback{}, err
	}
	if err := e.judgeable(ctx, &n, f.ProfileID); err != nil {
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

// FeedbackMatches is how deep in a need's matches a supplier may be for
// its company to judge it: the matches pages show far fewer.
const FeedbackMatches = 50

// judgeable refuses feedback on a supplier that was neither assigned to
// the need nor among its matches: feedback feeds the qrels of the
// evaluation, which must hold judgements of what was shown.
func (e *Engine) judgeable(ctx context.Context, n *Need, profileID string) error {
	if _, err := e.store.Assignment(ctx, (&Assignment{NeedID: n.ID, ProfileID: profileID}).Key()); err == nil {
		return nil
	}
	res, err := e.MatchNeed(ctx, n, MatchOptions{K: FeedbackMatches, Full: true})
	if err != nil {
		return err
	}
	for _, m := range res.Matches {
		if m.Profile.ID == profileID {
			return nil
		}
	}
	return invalid("只能评价为该需求匹配或指派过的专家、服务团或学会", "profile %s was neither matched nor assigned to need %s", profileID, n.ID)
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
