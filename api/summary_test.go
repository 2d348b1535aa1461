package api

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"yixianqian/engine"
)

// TestMatchesCarrySummaries checks that a match answer carries each
// profile's summary by default (no members or schedule; only the works
// holding the need's words, with an excerpt) and the whole profile with
// full.
func TestMatchesCarrySummaries(t *testing.T) {
	w := mustWorld(t)
	long := strings.Repeat("本项目研究屏蔽泵在化工流程中的应用与维护。", 20) + "重点解决屏蔽泵轴承磨损导致的振动超标问题。" + strings.Repeat("成果已在多家企业推广。", 10)
	p := engine.Profile{ID: "t2", Kind: engine.KindTeam, Name: "流体机械博士服务团", Keywords: []string{"屏蔽泵", "轴承磨损"},
		Members: []engine.Member{{Name: "李明", Fields: []string{"流体机械"}}},
		Works: []engine.Work{
			{Kind: "project", Title: "屏蔽泵轴承磨损在线监测", Text: long, Year: 2024},
			{Kind: "paper", Title: "园林灌溉系统设计", Text: "城市绿地的节水灌溉。", Year: 2020},
		}}
	if err := w.eng.PutProfiles(context.Background(), []engine.Profile{p}); err != nil {
		t.Fatal(err)
	}
	find := func(a answer) map[string]any {
		t.Helper()
		if a.status != 200 {
			t.Fatalf("match: %d %s", a.status, a.raw)
		}
		for _, m := range a.body["matches"].([]any) {
			if pr := m.(map[string]any)["profile"].(map[string]any); pr["id"] == "t2" {
				return pr
			}
		}
		t.Fatalf("t2 not matched: %s", a.raw)
		return nil
	}
	body := `{"text":"屏蔽泵轴承磨损，振动超标"}`
	s := find(w.do(t, engine.RoleAnalyst, "POST", "/v1/match", "application/json", strings.NewReader(body)))
	if s["members"] != nil || s["name"] != "流体机械博士服务团" {
		t.Errorf("summary carries members or lacks the name: %v", s)
	}
	works, _ := s["works"].([]any)
	if len(works) != 1 {
		t.Fatalf("summary works %v; want the one that holds the need's words", works)
	}
	text := works[0].(map[string]any)["text"].(string)
	if n := utf8.RuneCountInString(text); n > 125 || !strings.Contains(text, "屏蔽泵") || !strings.HasSuffix(text, "…") {
		t.Errorf("excerpt of %d runes: %q; want about 120 around the need's words, cut with …", n, text)
	}
	full := find(w.do(t, engine.RoleAnalyst, "POST", "/v1/match", "application/json", strings.NewReader(`{"text":"屏蔽泵轴承磨损，振动超标","full":true}`)))
	if fw, _ := full["works"].([]any); len(fw) != 2 || full["members"] == nil || fw[0].(map[string]any)["text"] != long {
		t.Errorf("full profile: %d works, members %v", len(fw), full["members"])
	}
	if a := w.do(t, engine.RoleAnalyst, "GET", "/v1/needs/n1/matches?full=maybe", "", nil); a.status != 400 || !strings.Contains(a.raw, "full") {
		t.Errorf("full=maybe: %d %s; want 400 naming full", a.status, a.raw)
	}
}
