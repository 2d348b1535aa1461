package engine

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestReadProfilesReportsBadLines(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"a","kind":"expert","name":"甲","works":[{"text":"伺服电机"}]}`,
		`{"id":"b","kind":"robot","name":"乙"}`, // 2: bad kind
		`not json`,                             // 3
		``,                                     // 4: blank, skipped
		`{"id":"c","kind":"team","name":"丙","colour":"red"}`,                                                  // 5: unknown field
		`{"id":"a","kind":"expert","name":"甲again"}`,                                                          // 6: duplicate
		`{"id":"d","kind":"society","name":"丁","capacity":"x"}`,                                               // 7: wrong type
		`{"id":"e","kind":"expert","name":"戊"} {"id":"f"}`,                                                    // 8: two values
		"{\"id\":\"g\",\"kind\":\"expert\",\"name\":\"\xff\"}",                                                // 9: invalid UTF-8
		`{"id":"h","kind":"team","name":"己","schedule":[{"month":"2026-13","county":"椒江区","industry":"阀门"}]}`, // 10
		`{"id":"i","kind":"society","name":"庚"}`,
	}, "\n")
	ps, bad, err := ReadProfiles(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].ID != "a" || ps[1].ID != "i" {
		t.Errorf("loaded %+v, want a and i", ps)
	}
	wantLines := map[int]string{2: "kind", 3: "bad JSON", 5: "unknown field", 6: "already on line 1", 7: "capacity", 8: "more than one", 9: "UTF-8", 10: "YYYY-MM"}
	if len(bad) != len(wantLines) {
		t.Errorf("%d bad lines, want %d: %v", len(bad), len(wantLines), bad)
	}
	for _, e := range bad {
		want, ok := wantLines[e.Line]
		if !ok || !strings.Contains(e.Error(), want) {
			t.Errorf("bad line %d: %v; want a message with %q", e.Line, e, want)
		}
		if !errors.Is(e, ErrInvalid) {
			t.Errorf("bad line %d: %v does not wrap ErrInvalid", e.Line, e)
		}
	}
}

func TestReadLongLine(t *testing.T) {
	long := `{"id":"x","description":"` + strings.Repeat("长", MaxLineBytes/3+10) + `"}`
	in := long + "\n" + `{"id":"y","description":"阀门内漏"}` + "\n"
	ns, bad, err := ReadNeeds(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 1 || ns[0].ID != "y" {
		t.Errorf("loaded %v, want y only", ns)
	}
	if len(bad) != 1 || bad[0].Line != 1 {
		t.Errorf("bad = %v, want line 1 too long", bad)
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	ps := []Profile{{
		ID: "team-1", Kind: KindTeam, Name: "泵与电机博士服务团", Capacity: 8,
		Members:  []Member{{Name: "王伟", Fields: []string{"电机"}}},
		Schedule: []Slot{{Month: "2026-12", County: "温岭市", Industry: "泵与电机"}},
		Works:    []Work{{Title: "屏蔽泵", Text: "效率提升<script>", Keywords: []string{"屏蔽泵"}}},
	}}
	var b bytes.Buffer
	if err := WriteJSONL(&b, ps); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "<script>") {
		t.Errorf("WriteJSONL escaped HTML: %s", b.String())
	}
	back, bad, err := ReadProfiles(&b)
	if err != nil || len(bad) > 0 || len(back) != 1 {
		t.Fatalf("read back: %v %v %v", back, bad, err)
	}
	if back[0].Schedule[0] != ps[0].Schedule[0] || back[0].Members[0].Name != "王伟" || back[0].Works[0].Text != ps[0].Works[0].Text {
		t.Errorf("round trip = %+v, want %+v", back[0], ps[0])
	}
}

func TestValidate(t *testing.T) {
	okExpert := func() Profile { return Profile{ID: "e", Kind: KindExpert, Name: "甲"} }
	tests := []struct {
		name string
		edit func(*Profile)
		want string // "" means valid
	}{
		{"minimal expert", func(*Profile) {}, ""},
		{"empty id", func(p *Profile) { p.ID = "" }, "id is empty"},
		{"id with slash", func(p *Profile) { p.ID = "a/b" }, "letters, digits"},
		{"no name", func(p *Profile) { p.Name = " " }, "name is empty"},
		{"unknown county", func(p *Profile) { p.Counties = []string{"杭州市"} }, "county"},
		{"negative capacity", func(p *Profile) { p.Capacity = -1 }, "negative"},
		{"expert with schedule", func(p *Profile) { p.Schedule = []Slot{{Month: "2026-12", County: "椒江区", Industry: "阀门"}} }, "only teams"},
		{"station of unknown type", func(p *Profile) { p.Stations = []Station{{Type: "工作室", Name: "站", County: "椒江区"}} }, "type"},
		{"work without text or title", func(p *Profile) { p.Works = []Work{{}} }, "work 1: text is empty"},
		{"work with title only", func(p *Profile) { p.Works = []Work{{Title: "标题"}} }, ""},
		{"long text", func(p *Profile) { p.Works = []Work{{Text: strings.Repeat("字", MaxTextLen+1)}} }, "at most"},
		{"NUL in name", func(p *Profile) { p.Name = "a\x00b" }, "NUL"},
		{"team slot twice", func(p *Profile) {
			p.Kind = KindTeam
			p.Schedule = []Slot{{Month: "2026-12", County: "椒江区", Industry: "阀门"}, {Month: "2026-12", County: "黄岩区", Industry: "阀门"}}
		}, "twice"},
		{"team slot bad county", func(p *Profile) {
			p.Kind = KindTeam
			p.Schedule = []Slot{{Month: "2026-12", County: "外地", Industry: "阀门"}}
		}, "county"},
		{"society station", func(p *Profile) {
			p.Kind = KindSociety
			p.Stations = []Station{{Name: "温岭泵业服务站", County: "温岭市", Host: "某泵业公司"}}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := okExpert()
			tt.edit(&p)
			err := p.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrInvalid)):
				t.Errorf("Validate = %v, want ErrInvalid with %q", err, tt.want)
			}
		})
	}
}

func TestValidateNeed(t *testing.T) {
	tests := []struct {
		n    Need
		want string
	}{
		{Need{ID: "n", Description: "阀门内漏"}, ""},
		{Need{ID: "n", Title: "阀门内漏"}, ""},
		{Need{ID: "n"}, "both empty"},
		{Need{ID: "n", Description: "x", County: "杭州"}, "county"},
		{Need{ID: "n", Description: "x", Modes: make([]string, 11)}, "modes"},
		{Need{ID: "n", Description: "x", Deadline: "2027/01/01"}, "YYYY-MM-DD"},
		{Need{ID: "n", Description: "x", Budget: -5}, "negative"},
		{Need{ID: "n", Description: "x", Status: "lost"}, "status"},
	}
	for _, tt := range tests {
		err := tt.n.Validate()
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("Validate(%+v) = %v, want %q", tt.n, err, tt.want)
		}
	}
}

// FuzzReadProfiles: any input reads without panic; every profile read is
// valid and every bad line is named by a line number inside the input.
func FuzzReadProfiles(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","kind":"expert","name":"甲","works":[{"text":"伺服电机"}]}`,
		"{\"id\":\"a\"}\n\n{\"id\":\"a\",\"kind\":\"team\",\"name\":\"x\",\"schedule\":[{\"month\":\"2026-01\",\"county\":\"椒江区\",\"industry\":\"阀门\"}]}",
		"\xff\xfe", "[]", "{}", `{"id":"a","kind":"society","name":"b","stations":[{"name":"s","county":"?"}]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ps, bad, err := ReadProfiles(strings.NewReader(in))
		if err != nil {
			t.Fatalf("reader error on a string: %v", err)
		}
		lines := strings.Count(in, "\n") + 1
		for _, e := range bad {
			if e.Line < 1 || e.Line > lines {
				t.Fatalf("bad line %d outside 1..%d", e.Line, lines)
			}
		}
		for _, p := range ps {
			if err := p.Validate(); err != nil {
				t.Fatalf("invalid profile read: %v", err)
			}
		}
	})
}

// FuzzReadNeeds is FuzzReadProfiles for needs.
func FuzzReadNeeds(f *testing.F) {
	for _, s := range []string{`{"id":"n","description":"阀门内漏","budget":5,"deadline":"2027-01-01"}`, `{"id":"n","mode":"?"}`, "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ns, _, err := ReadNeeds(strings.NewReader(in))
		if err != nil {
			t.Fatalf("reader error on a string: %v", err)
		}
		for _, n := range ns {
			if err := n.Validate(); err != nil {
				t.Fatalf("invalid need read: %v", err)
			}
		}
	})
}
