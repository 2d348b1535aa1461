package search_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"yixianqian/engine"
	"yixianqian/engine/search"
)

// TestLearnFromSample learns the demo's space from 60 of its 185 profiles:
// every profile is placed, the learning is the same each time, and the
// drift rule does not count the sample as the corpus.
func TestLearnFromSample(t *testing.T) {
	o := search.DefaultOptions()
	o.SemanticSample = 60
	ctx := context.Background()
	var first map[string][]string
	for round := range 2 {
		var logs logBuffer
		f := logFixture(t, t.TempDir(), &o, logs.logger())
		mustDemo(t, f)
		if r, err := f.eng.Sync(ctx, true); err != nil || r.Semantic != "learned" {
			t.Fatalf("Sync = %+v, %v", r, err)
		}
		if !strings.Contains(logs.String(), "profiles=185 sample=60") {
			t.Fatalf("the log does not say 185 profiles were placed in a space learned from 60:\n%s", logs.String())
		}
		st, _ := f.eng.SearchState()
		if st.Learned != 185 || st.Placed != 185 {
			t.Errorf("state %+v; want 185 learned and placed", st)
		}
		got := ranks(t, f.eng)
		if round == 0 {
			first = got
			continue
		}
		for q, ids := range got {
			if !slices.Equal(ids, first[q]) || len(ids) == 0 {
				t.Errorf("%q: %v, then %v; want the same sample and ranks", q, first[q], ids)
			}
		}
		// One more profile is no drift: the sample is not the corpus.
		if err := f.eng.PutProfiles(ctx, []engine.Profile{{ID: "x", Kind: engine.KindExpert, Name: "新", Keywords: []string{"注塑模具"}}}); err != nil {
			t.Fatal(err)
		}
		if f.eng.Learning() {
			t.Error("one profile more started a relearning")
		}
	}
}
