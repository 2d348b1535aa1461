package sheet

import (
	"os"
	"reflect"
	"testing"

	"yixianqian/engine"
)

func sampleProfiles() []engine.Profile {
	return []engine.Profile{
		{
			ID: "exp-001", Kind: engine.KindExpert, Name: "高明琳", Organisation: "浙江大学", Title: "中国工程院院士",
			Phone: "0576-88123456", Email: "gml@zju.edu.cn", Academy: engine.AcademyEngineering, BirthYear: 1958,
			Employer: engine.EmployerUniversity, MaxMentees: 5,
			Fields: []string{"绿色化工", "化学工程"}, Keywords: []string{"手性药物", "膜分离与溶剂回收"},
			Industries: []string{"医药化工"}, Counties: []string{"临海市", "椒江区"},
			Works: []engine.Work{
				{Kind: "project", Title: "原料药晶型不稳定问题研究", Text: "针对原料药生产中晶型不稳定的问题，提出一种结合膜分离的方法。", Keywords: []string{"原料药", "晶型"}, Year: 2024},
				{Kind: "patent", Title: "一种他汀类原料药的连续流合成方法", Text: "一种他汀类原料药的连续流合成方法", Year: 2021},
				{Text: "只有简介、没有名称的成果：\n第二行。"},
			},
			Capacity: 3, Conflicts: []string{"浙江华恒原料药股份有限公司"},
			Stations: []engine.Station{{Type: engine.StationAcademician, Name: "高明琳院士工作站", County: "临海市", Host: "浙江华恒原料药股份有限公司"}},
		},
		{
			ID: "team-007", Kind: engine.KindTeam, Name: "医疗器械博士服务团", Organisation: "台州市科协",
			Industries: []string{"医疗器械"}, Counties: []string{"天台县"}, Capacity: 8,
			Members:  []engine.Member{{Name: "唐霞悦", Organisation: "浙江大学", Fields: []string{"有机合成", "高分子"}}, {Name: "李四"}},
			Schedule: []engine.Slot{{Month: "2026-07", County: "温岭市", Industry: "医疗器械"}, {Month: "2026-08", County: "玉环市", Industry: "医疗器械"}},
			Works:    []engine.Work{{Kind: "paper", Title: "医用高分子共混改性", Text: "研究医用高分子共混改性。"}},
		},
		{
			ID: "soc-01", Kind: engine.KindSociety, Name: "台州市机械工程学会", Phone: "+86 138 0013 8000", Inactive: true,
			Stations: []engine.Station{{Name: "缝制设备学会服务站", County: "椒江区"}},
		},
	}
}

func sampleNeeds() []engine.Need {
	return []engine.Need{
		{ID: "need-001", Title: "抗生素中间体杂质超标攻关", Description: "我司抗生素中间体杂质超标，影响交付。\n希望半年内找到方案。",
			Enterprise: "浙江华恒原料药股份有限公司", Industry: "医药化工", County: "仙居县",
			Modes: []string{engine.ModeTransfer, engine.ModeLicence, engine.ModeCommissioned}, Budget: 50, Deadline: "2027-04-13"},
		{ID: "need-002", Title: "内窥镜生物相容性不达标", Enterprise: "浙江信博医疗器械有限公司", Modes: []string{"以物易物"}, Budget: 0.5},
		{ID: "need-003", Description: "=SUM(A1:A3) 只有描述的需求", County: "椒江区", Deadline: "2026-12-31"},
	}
}

func TestRoundTrip(t *testing.T) {
	for _, format := range []string{FormatXLSX, FormatCSV} {
		t.Run(format, func(t *testing.T) {
			want := sampleProfiles()
			ps := MustReadProfiles(t, MustWrite(t, format, ProfilesTable(want)), "专家."+format, nil)
			if got := ps.Records(); !reflect.DeepEqual(got, want) {
				t.Errorf("profiles differ after %s round trip\n got %+v\nwant %+v\n%s", format, got, want, problems(ps))
			}
			if p := problems(ps); p != "" {
				t.Errorf("profile warnings: %s", p)
			}
			if ps.Format != format {
				t.Errorf("format %q, want %q", ps.Format, format)
			}

			wantNeeds := sampleNeeds()
			ns := MustReadNeeds(t, MustWrite(t, format, NeedsTable(wantNeeds)), "需求."+format, nil)
			if got := ns.Records(); !reflect.DeepEqual(got, wantNeeds) {
				t.Errorf("needs differ after %s round trip\n got %+v\nwant %+v", format, got, wantNeeds)
			}
			for _, r := range ns.Rows {
				if r.Err != nil {
					t.Errorf("row refused: %v", r.Err)
				}
			}
		})
	}
}

// TestRoundTripDemo sends the demo data set through both formats when it is
// there.
func TestRoundTripDemo(t *testing.T) {
	pf, err := os.Open("../demo/profiles.jsonl")
	if err != nil {
		t.Skip("no demo data:", err)
	}
	defer pf.Close()
	profiles, bad, err := engine.ReadProfiles(pf)
	if err != nil || len(bad) > 0 {
		t.Fatalf("demo profiles: %v %v", err, bad)
	}
	nf, err := os.Open("../demo/needs.jsonl")
	if err != nil {
		t.Skip("no demo needs:", err)
	}
	defer nf.Close()
	needs, bad2, err := engine.ReadNeeds(nf)
	if err != nil || len(bad2) > 0 {
		t.Fatalf("demo needs: %v %v", err, bad2)
	}
	for _, format := range []string{FormatXLSX, FormatCSV} {
		ps := MustReadProfiles(t, MustWrite(t, format, ProfilesTable(profiles)), "demo."+format, nil)
		got := ps.Records()
		if len(got) != len(profiles) {
			t.Fatalf("%s: %d profiles back, want %d\n%s", format, len(got), len(profiles), ps.Summary())
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], profiles[i]) {
				t.Errorf("%s: profile %s differs\n got %+v\nwant %+v", format, profiles[i].ID, got[i], profiles[i])
			}
		}
		ns := MustReadNeeds(t, MustWrite(t, format, NeedsTable(needs)), "demo."+format, nil)
		gotNeeds := ns.Records()
		for i := range needs {
			needs[i].Status, needs[i].History, needs[i].Created = "", nil, gotNeeds[i].Created
		}
		if !reflect.DeepEqual(gotNeeds, needs) {
			t.Errorf("%s: demo needs differ\n%s", format, ns.Summary())
		}
	}
}
