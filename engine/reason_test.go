package engine

import "testing"

func TestReasonSaysWhyInWholeWords(t *testing.T) {
	p := &Profile{Keywords: []string{"电动车控制器", "热管理"}, Fields: []string{"电力电子"}, Works: []Work{{Title: "Ti6Al4V 钛合金的高速切削"}}}
	need := &Need{Industry: "汽摩配", County: "黄岩区"}
	cases := []struct {
		terms map[string][]string
		parts map[string]float64
		want  string
	}{
		// Fragments and single characters of a keyword give the keyword.
		{map[string][]string{"keywords": {"电动", "控制器", "动车", "车"}, "text": {"高温", "衰退"}},
			map[string]float64{PartIndustry: 0.5, PartCounty: 0.3},
			"擅长电动车控制器；涉及高温、衰退；同属汽摩配产业；服务黄岩区。"},
		// A word the profile writes in capitals is shown so; a bare number
		// is no strength.
		{map[string][]string{"text": {"1.60", "ti6al4v"}}, map[string]float64{PartSemantic: 1},
			"涉及Ti6Al4V。"},
		// Only the latent space found it: say the field.
		{nil, map[string]float64{PartSemantic: 2.1, PartSlot: 1, PartCounty: 0.3},
			"研究方向（电力电子）与需求相近；2026年12月正在黄岩区驻点服务（一月一县一产）。"},
		{nil, map[string]float64{}, ""},
	}
	for i, c := range cases {
		s := &scored{c: &Candidate{Terms: c.terms}, parts: c.parts}
		if got := reason(p, s, need, "2026-12"); got != c.want {
			t.Errorf("case %d: %q, want %q", i, got, c.want)
		}
	}
}
