package engine_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"yixianqian/engine"
)

const servoWork = "针对伺服电机低速转矩脉动大的问题，提出基于扰动观测器的矢量控制方法，已在温岭市水泵企业应用"

// storedExpert is the profile the import tests start from.
func storedExpert() engine.Profile {
	return engine.Profile{ID: "exp-1", Kind: engine.KindExpert, Name: "王伟", Organisation: "台州学院", Title: "副教授",
		Phone: "13812345678", Email: "wangwei@tzc.edu.cn",
		Works: []engine.Work{{Title: "伺服电机转矩脉动抑制", Text: servoWork}}}
}

func in(line int, p engine.Profile) engine.Incoming[engine.Profile] {
	return engine.Incoming[engine.Profile]{Line: line, Record: p}
}

func TestImportProfileLinesPlansEveryLine(t *testing.T) {
	f := newFixture(t, time.Time{})
	ctx := context.Background()
	if err := f.eng.PutProfiles(ctx, []engine.Profile{storedExpert()}); err != nil {
		t.Fatal(err)
	}
	expert := func(id, name, org string) engine.Profile {
		return engine.Profile{ID: id, Kind: engine.KindExpert, Name: name, Organisation: org}
	}
	renamed := storedExpert()
	renamed.ID, renamed.Title = "p-new", "教授"
	li := expert("a1", "李娜", "浙江大学")
	li.Works = []engine.Work{{Title: "阀门密封", Text: "阀门密封面堆焊工艺优化与寿命评估研究"}, {Title: "阀门密封", Text: "阀门密封面堆焊工艺优化与寿命评估研究"}}
	samePhone := expert("a3", "张强", "台州职业技术学院")
	samePhone.Phone = "138-1234-5678"
	sameWorks := expert("a4", "王伟", "台州学院机电工程学院")
	sameWorks.Works = []engine.Work{{Title: "伺服电机转矩脉动抑制", Text: servoWork + "。"}}
	coAuthor := expert("a5", "陈刚", "台州学院")
	coAuthor.Works = []engine.Work{{Title: "伺服电机转矩脉动的抑制", Text: servoWork}, {Text: "注塑模具随形冷却水路设计"}}
	lines := []engine.Incoming[engine.Profile]{
		in(2, renamed),
		in(3, li),
		in(4, expert("a2", "李 娜", "浙江大学")),
		in(5, samePhone),
		in(6, sameWorks),
		in(7, coAuthor),
		{Line: 8, Refused: "第 8 行：缺少姓名"},
		in(9, engine.Profile{ID: "a6", Kind: "robot", Name: "机器"}),
		in(10, expert("a1", "李娜", "浙江大学")),
	}
	want := []struct {
		action   engine.ImportAction
		id, says string
		warns    int
	}{
		{engine.ImportUpdate, "exp-1", "姓名和单位与已有的「王伟」（编号 exp-1）相同", 0},
		{engine.ImportAdd, "a1", "新增", 1},
		{engine.ImportDuplicate, "a2", "第 3 行的「李娜」", 0},
		{engine.ImportDuplicate, "a3", "联系电话与已有的「王伟」", 0},
		{engine.ImportDuplicate, "a4", "每项成果都相同或几乎相同", 0},
		{engine.ImportAdd, "a5", "新增", 1},
		{engine.ImportRefuse, "", "缺少姓名", 0},
		{engine.ImportRefuse, "a6", "类型须为", 0},
		{engine.ImportRefuse, "a1", "与第 3 行相同", 0},
	}
	for _, dry := range []bool{true, false} {
		rep, err := f.eng.ImportProfileLines(ctx, engine.Operator(), lines, dry)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Rows) != len(want) {
			t.Fatalf("%d rows, want %d: %+v", len(rep.Rows), len(want), rep.Rows)
		}
		for i, w := range want {
			r := rep.Rows[i]
			if r.Action != w.action || r.ID != w.id || !strings.Contains(r.Message, w.says) || len(r.Warnings) != w.warns {
				t.Errorf("dry %v line %d: %s %s %q %q; want %s %s %q with %d warnings", dry, r.Line, r.Action, r.ID, r.Message, r.Warnings, w.action, w.id, w.says, w.warns)
			}
		}
		ps, _ := f.eng.Profiles(ctx)
		wantN, wantWritten := 1, 0
		if !dry {
			wantN, wantWritten = 3, 3
		}
		if len(ps) != wantN || rep.Written != wantWritten || rep.DryRun != dry {
			t.Errorf("dry %v: %d profiles stored, written %d; want %d, %d", dry, len(ps), rep.Written, wantN, wantWritten)
		}
		if !strings.Contains(rep.Summary, "新增 2 条，更新 1 条，拒绝 3 条，疑似重复未导入 3 条") {
			t.Errorf("summary %q", rep.Summary)
		}
	}
	p, _ := f.eng.Profile(ctx, "exp-1")
	if p.Title != "教授" {
		t.Errorf("exp-1 title %q after the import, want the file's 教授", p.Title)
	}
	a1, _ := f.eng.Profile(ctx, "a1")
	if len(a1.Works) != 1 {
		t.Errorf("a1 has %d works, want the repeated one dropped", len(a1.Works))
	}
	// The same file again updates and adds nothing new.
	rep, err := f.eng.ImportProfileLines(ctx, engine.Operator(), lines, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts[engine.ImportAdd] != 0 || rep.Counts[engine.ImportUpdate] != 3 {
		t.Errorf("second import: %v, want 3 updates and no additions", rep.Counts)
	}
	if ps, _ := f.eng.Profiles(ctx); len(ps) != 3 {
		t.Errorf("%d profiles after importing twice, want 3", len(ps))
	}
}

func TestImportNeedLinesKeepsWorkflowAndFindsDuplicates(t *testing.T) {
	f := newFixture(t, time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	if err := f.eng.PutProfiles(ctx, []engine.Profile{storedExpert()}); err != nil {
		t.Fatal(err)
	}
	n1 := engine.Need{ID: "n1", Title: "屏蔽泵效率偏低", Description: "屏蔽泵电机效率偏低，需优化定子结构", Enterprise: "温岭水泵厂"}
	if err := f.eng.PutNeeds(ctx, []engine.Need{n1}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.Assign(ctx, engine.Operator(), "n1", "exp-1"); err != nil {
		t.Fatal(err)
	}
	edited := n1
	edited.Budget, edited.Modes = 30, []string{"委托开发,其他", "以物易物"}
	again := n1
	again.ID = "n-copy"
	lines := []engine.Incoming[engine.Need]{
		{Line: 2, Record: edited, Warnings: []string{"合作方式“以物易物”不在常用方式之中，已按原文保留"}},
		{Line: 3, Record: again},
		{Line: 4, Record: engine.Need{ID: "n2", Title: "阀门内漏", Description: "球阀密封面磨损内漏", Modes: []string{"技术转让,技术许可,委托开发"}}},
		{Line: 5, Record: engine.Need{ID: "n3"}},
	}
	company := engine.Viewer{Role: engine.RoleCompany, Subject: "温岭水泵厂"}
	if _, err := f.eng.ImportNeedLines(ctx, company, lines, true); err == nil {
		t.Error("a company imported needs in bulk")
	}
	rep, err := f.eng.ImportNeedLines(ctx, engine.Operator(), lines, false)
	if err != nil {
		t.Fatal(err)
	}
	got := []engine.ImportAction{}
	for _, r := range rep.Rows {
		got = append(got, r.Action)
	}
	want := []engine.ImportAction{engine.ImportUpdate, engine.ImportDuplicate, engine.ImportAdd, engine.ImportRefuse}
	if strings.Join(actions(got), " ") != strings.Join(actions(want), " ") {
		t.Fatalf("actions %v, want %v: %+v", got, want, rep.Rows)
	}
	if len(rep.Rows[0].Warnings) != 1 || rep.Rows[0].Name != "屏蔽泵效率偏低" {
		t.Errorf("row 1: %+v", rep.Rows[0])
	}
	n, _ := f.eng.Need(ctx, "n1")
	if n.Status != engine.StatusAssigned || len(n.History) != 1 || n.Budget != 30 || strings.Join(n.Modes, " ") != "委托开发 其他 以物易物" {
		t.Errorf("updated n1: status %s, %d history, budget %g, modes %q", n.Status, len(n.History), n.Budget, n.Modes)
	}
	n2, _ := f.eng.Need(ctx, "n2")
	if strings.Join(n2.Modes, " ") != "技术转让 技术许可 委托开发" || n2.Status != engine.StatusSubmitted {
		t.Errorf("n2: modes %q status %s", n2.Modes, n2.Status)
	}
	if _, err := f.eng.Need(ctx, "n-copy"); err == nil {
		t.Error("the duplicate need was stored")
	}
}

func actions(as []engine.ImportAction) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = string(a)
	}
	return out
}

func TestReadNeedLinesWarnsOnUnknownModes(t *testing.T) {
	file := strings.Join([]string{
		"\uFEFF" + `{"id":"n1","title":"电机噪声","description":"伺服电机噪声大","mode":"委托开发,其他"}`,
		``,
		`{"id":"n2","description":"阀门内漏","modes":["技术转让,技术许可,委托开发","股权合作"]}`,
		"\x00\x01garbage",
	}, "\n")
	lines, err := engine.ReadNeedLines(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 3 || lines[0].Line != 1 || lines[1].Line != 3 || lines[2].Line != 4 {
		t.Fatalf("lines %+v", lines)
	}
	if len(lines[0].Warnings) != 0 || strings.Join(lines[0].Record.Modes, " ") != "委托开发 其他" {
		t.Errorf("line 1: %+v", lines[0])
	}
	if len(lines[1].Warnings) != 1 || !strings.Contains(lines[1].Warnings[0], "股权合作") || lines[1].Refused != "" {
		t.Errorf("line 3: %+v", lines[1])
	}
	if !strings.Contains(lines[2].Refused, "JSON") {
		t.Errorf("line 4: %+v, want refused as not JSON", lines[2])
	}
}
