package sheet

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"yixianqian/engine"
)

func TestGB18030CSVWithMapping(t *testing.T) {
	mapping, err := ParseMapping(strings.NewReader(`# 某县科协导出的专家表
专家名 = name
研究专长 = fields

所在院校 = organisation
备用号码 = -
`))
	if err != nil {
		t.Fatal(err)
	}
	text := csvText(
		"序号,专家名,所在院校,职称,研究专长,服务县区,联系电话,出生年月,院士,备用号码",
		"1,王建国,台州学院,教授,\"机械设计、模具\",\"临海,椒江\",13805760001,1975年3月,否,0576-1",
		"2,李秀兰,浙江工业大学,研究员,泵与电机/流体机械,温岭,0576-86001234,1980-05,中国科学院,",
	)
	data := MustGB18030(t, text)
	if bytes.Equal(data, []byte(text)) {
		t.Fatal("fixture is not GB18030")
	}
	s := MustReadProfiles(t, data, "专家.csv", &Options{Mapping: mapping})
	if s.Encoding != "GB18030" || s.Format != FormatCSV {
		t.Errorf("format %s encoding %s, want csv GB18030", s.Format, s.Encoding)
	}
	got := s.Records()
	want := []engine.Profile{
		{ID: ProfileID(engine.KindExpert, "王建国", "台州学院"), Kind: engine.KindExpert, Name: "王建国", Organisation: "台州学院",
			Title: "教授", Fields: []string{"机械设计", "模具"}, Counties: []string{"临海市", "椒江区"}, Phone: "13805760001", BirthYear: 1975},
		{ID: ProfileID(engine.KindExpert, "李秀兰", "浙江工业大学"), Kind: engine.KindExpert, Name: "李秀兰", Organisation: "浙江工业大学",
			Title: "研究员", Fields: []string{"泵与电机", "流体机械"}, Counties: []string{"温岭市"}, Phone: "0576-86001234", BirthYear: 1980,
			Academy: engine.AcademySciences},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v\n%s", got, want, problems(s))
	}
	if p := problems(s); p != "" {
		t.Errorf("unexpected warnings:\n%s", p)
	}
	if s.Rows[1].Line != 3 {
		t.Errorf("second row is line %d, want 3", s.Rows[1].Line)
	}
}

func TestParseMappingRefusesUnknownField(t *testing.T) {
	_, err := ParseMapping(strings.NewReader("专家名 = name\n研究专长 = feilds\n"))
	if err == nil || !strings.Contains(err.Error(), "第 2 行") || !strings.Contains(err.Error(), "feilds") {
		t.Fatalf("err = %v, want one naming line 2 and the field", err)
	}
	if !errors.Is(err, engine.ErrInvalid) {
		t.Errorf("err does not match engine.ErrInvalid")
	}
	if _, err := ParseMapping(strings.NewReader("专家名 name\n")); err == nil {
		t.Error("a line without = was taken")
	}
	m, err := ParseMapping(strings.NewReader("\uFEFF成果２标题 ＝ work.2.title\n"))
	if err != nil || m[normalizeHeader("成果2标题")] != "work.2.title" {
		t.Errorf("m = %v, err = %v", m, err)
	}
}

func TestUTF8BOMCSVNeeds(t *testing.T) {
	data := append([]byte{0xEF, 0xBB, 0xBF}, csvText(
		"※需求名称,需求描述,企业名称,所属行业,所在地,合作方式,预算（万元）,截止时间",
		"注塑件缩痕,\"汽车门板注塑件出现缩痕，\n需优化模具冷却\",浙江某模塑有限公司,模具与塑料,黄岩,委托开发,80,2026/9/30",
	)...)
	s := MustReadNeeds(t, data, "needs.csv", nil)
	if s.Encoding != "UTF-8" {
		t.Errorf("encoding %s", s.Encoding)
	}
	want := engine.Need{Title: "注塑件缩痕", Description: "汽车门板注塑件出现缩痕，\n需优化模具冷却", Enterprise: "浙江某模塑有限公司",
		Industry: "模具与塑料", County: "黄岩区", Modes: []string{engine.ModeCommissioned}, Budget: 80, Deadline: "2026-09-30"}
	want.ID = NeedID(want.Enterprise, want.Title, want.Description)
	if got := s.Records(); len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("got %+v\nwant %+v\n%s", got, want, problems(s))
	}
}

func TestNeedsWithCombinedAndUnknownModes(t *testing.T) {
	data := MustXLSX(t, [][]any{
		{"台州市2026年第二批企业技术需求汇总表"},
		{"序号", "企业名称", "需求名称", "具体需求", "行业领域", "所在县区", "合作方式", "拟投入资金", "截止日期", "联系人"},
		{1, "浙江甲制药有限公司", "原料药结晶工艺优化", "收率偏低", "医药化工", "临海", "技术转让,技术许可,委托开发", "50万", "2026年12月31日", "张工"},
		{2, "浙江乙阀门有限公司", "阀门密封寿命", "密封件易老化", "阀门", "玉环县", "委托开发,其他", "面议", 46387, "李工"},
		{3, "浙江丙光电有限公司", "镜片镀膜", "镀膜均匀性差", "光电", "台州市椒江区", "以物易物", "0.5亿", "2026-6", ""},
		{4},
		{5},
	})
	s := MustReadNeeds(t, data, "汇总.xlsx", nil)
	if len(s.Refused()) != 0 {
		t.Fatalf("refused rows:\n%s", s.Summary())
	}
	got := s.Records()
	if len(got) != 3 {
		t.Fatalf("%d needs, want 3\n%s", len(got), s.Summary())
	}
	wantModes := [][]string{
		{engine.ModeTransfer, engine.ModeLicence, engine.ModeCommissioned},
		{engine.ModeCommissioned, engine.ModeOther},
		{"以物易物"},
	}
	wantCounty := []string{"临海市", "玉环市", "椒江区"}
	wantBudget := []float64{50, 0, 5000}
	wantDeadline := []string{"2026-12-31", "2026-12-31", "2026-06-30"}
	for i, n := range got {
		if !reflect.DeepEqual(n.Modes, wantModes[i]) || n.County != wantCounty[i] || n.Budget != wantBudget[i] || n.Deadline != wantDeadline[i] {
			t.Errorf("need %d: modes %v county %s budget %g deadline %s", i+1, n.Modes, n.County, n.Budget, n.Deadline)
		}
	}
	if s.HeaderRow != 2 || s.Rows[0].Line != 3 {
		t.Errorf("header row %d, first data line %d; want 2 and 3", s.HeaderRow, s.Rows[0].Line)
	}
	if w := s.Rows[2].Warnings; len(w) != 2 || !strings.Contains(w[0].Error(), "第 5 行「合作方式」") || !strings.Contains(w[0].Error(), "以物易物") {
		t.Errorf("row 5 warnings: %v", w)
	}
	if len(s.Rows[0].Warnings)+len(s.Rows[1].Warnings) != 0 {
		t.Errorf("warnings on rows 3 and 4:\n%s", problems(s))
	}
	// The title row is reported, and the unknown 联系人 column once.
	if len(s.Warnings) != 2 || !strings.Contains(s.Warnings[1].Error(), "联系人") {
		t.Errorf("file warnings: %v", s.Warnings)
	}
}

func TestMissingNameRefused(t *testing.T) {
	data := MustXLSX(t, [][]any{
		{"姓名", "工作单位", "研究方向"},
		{"王建国", "台州学院", "模具"},
		{"", "浙江大学", "材料"},
		{"李秀兰", "浙江工业大学", "泵"},
		{"王建国", "台州学院", "重复的一行"},
	})
	s := MustReadProfiles(t, data, "专家.xlsx", nil)
	if got := len(s.Records()); got != 2 {
		t.Errorf("%d profiles imported, want 2", got)
	}
	refused := s.Refused()
	if len(refused) != 2 {
		t.Fatalf("refused %d rows, want 2\n%s", len(refused), s.Summary())
	}
	if refused[0].Line != 3 || refused[0].Err.Error() != "第 3 行：缺少姓名" {
		t.Errorf("first refusal: line %d, %v", refused[0].Line, refused[0].Err)
	}
	if refused[1].Line != 5 || !strings.Contains(refused[1].Err.Error(), "第 2 行") {
		t.Errorf("duplicate refusal: line %d, %v", refused[1].Line, refused[1].Err)
	}
	if !errors.Is(refused[0].Err, engine.ErrInvalid) {
		t.Error("row error does not match engine.ErrInvalid")
	}
	if sum := s.Summary(); !strings.Contains(sum, "可导入 2 行，拒绝 2 行") {
		t.Errorf("summary:\n%s", sum)
	}
}

func TestProfileKindsAndPersonColumns(t *testing.T) {
	data := MustXLSX(t, [][]any{
		{"类别", "名称", "单位类型", "是否院士", "院士类别", "出生年月", "邮箱", "可承接数", "代表成果", "个人简介"},
		{"专家", "周院士", "中国科学院化学研究所", "是", "中国科学院", "1962-11", "zhou@iccas.ac.cn", "2项", "1. 手性催化剂的设计；2、连续流反应器", "从事催化研究三十年。"},
		{"服务团", "光电博士服务团", "", "", "", "", "", 5, "", ""},
		{"学会", "台州市化工学会", "", "是", "", "", "", "", "", ""},
		{"院长", "某某", "", "", "", "", "", "", "", ""},
	})
	s := MustReadProfiles(t, data, "p.xlsx", nil)
	if len(s.Rows) != 4 {
		t.Fatalf("%d rows", len(s.Rows))
	}
	p := s.Rows[0].Record
	if p.Academy != engine.AcademySciences || p.Employer != engine.EmployerInstitute || p.BirthYear != 1962 || p.Capacity != 2 || p.Email != "zhou@iccas.ac.cn" {
		t.Errorf("expert: %+v", p)
	}
	wantWorks := []engine.Work{{Title: "手性催化剂的设计", Text: "手性催化剂的设计"}, {Title: "连续流反应器", Text: "连续流反应器"}, {Text: "从事催化研究三十年。"}}
	if !reflect.DeepEqual(p.Works, wantWorks) {
		t.Errorf("works %+v", p.Works)
	}
	if k := s.Rows[1].Record.Kind; k != engine.KindTeam || s.Rows[1].Record.Capacity != 5 {
		t.Errorf("team: %+v", s.Rows[1].Record)
	}
	if r := s.Rows[2]; r.Err != nil || r.Record.Kind != engine.KindSociety || r.Record.Academy != "" || len(r.Warnings) == 0 {
		t.Errorf("society: %+v %v %v", r.Record, r.Err, r.Warnings)
	}
	if r := s.Rows[3]; r.Err == nil || !strings.Contains(r.Err.Error(), "类型“院长”无法识别") {
		t.Errorf("unknown kind: %v", r.Err)
	}
}

func TestExcelDateCells(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range [][2]any{{"A1", "需求名称"}, {"B1", "截止日期"}, {"A2", "耐磨涂层"}, {"B2", 46023.0}} {
		if err := f.SetCellValue("Sheet1", c[0].(string), c[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellStyle("Sheet1", "B2", "B2", style); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	s := MustReadNeeds(t, buf.Bytes(), "d.xlsx", nil)
	if got := s.Records(); len(got) != 1 || got[0].Deadline != "2026-01-01" {
		t.Errorf("records %+v\n%s", got, problems(s))
	}
}

func TestCSVDelimitersAndRowNumbers(t *testing.T) {
	for name, text := range map[string]string{
		"tab":       "需求名称\t需求描述\t所在县区\n镀膜\t\"两行\n描述\"\t三门\n\n焊接\t焊缝开裂\t仙居\n",
		"semicolon": "需求名称;需求描述;所在县区\n镀膜;\"两行\n描述\";三门\n\n焊接;焊缝开裂;仙居\n",
		"sep line":  "sep=|\n需求名称|需求描述|所在县区\n镀膜|\"两行\n描述\"|三门\n\n焊接|焊缝开裂|仙居\n",
		"sep tab":   "sep=\t\r\n需求名称\t需求描述\t所在县区\r\n镀膜\t\"两行\n描述\"\t三门\r\n\r\n焊接\t焊缝开裂\t仙居\r\n",
	} {
		s := MustReadNeeds(t, []byte(text), name+".txt", nil)
		got := s.Records()
		if len(got) != 2 || got[0].Description != "两行\n描述" || got[1].County != "仙居县" {
			t.Errorf("%s: %+v\n%s", name, got, problems(s))
			continue
		}
		// Excel shows: header 1, 镀膜 2, blank 3, 焊接 4.
		if s.Rows[0].Line != 2 || s.Rows[1].Line != 4 {
			t.Errorf("%s: lines %d %d, want 2 4", name, s.Rows[0].Line, s.Rows[1].Line)
		}
	}
}

func TestNotASpreadsheet(t *testing.T) {
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(i*7919 + i/3)
	}
	cases := map[string][]byte{
		"report.pdf":  []byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
		"old.xls":     append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, garbage...),
		"random.csv":  garbage,
		"letter.docx": MustZip(t, "word/document.xml", "<w:document/>"),
		"export.xls":  []byte("<html><body><table><tr><td>姓名</td></tr></table></body></html>"),
		"broken.xlsx": append([]byte("PK\x03\x04"), garbage[:100]...),
	}
	for name, data := range cases {
		_, err := ReadProfiles(bytes.NewReader(data), name, nil)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		msg := err.Error()
		if !errors.Is(err, engine.ErrInvalid) || !strings.Contains(msg, name) || len([]rune(msg)) > 200 {
			t.Errorf("%s: %q", name, msg)
		}
	}
	// Plain text that is no sheet of ours: one error that shows the first line.
	_, err := ReadNeeds(strings.NewReader("Hello, this is a letter.\nBest wishes\n"), "letter.txt", nil)
	if err == nil || !strings.Contains(err.Error(), "没有认出") || !strings.Contains(err.Error(), "Hello") {
		t.Errorf("text file: %v", err)
	}
	// A profile sheet read as needs says which column is missing.
	_, err = ReadNeeds(bytes.NewReader(MustXLSX(t, [][]any{{"编号", "所在县区"}, {"a", "临海"}})), "p.xlsx", nil)
	if err == nil || !strings.Contains(err.Error(), "缺少「需求名称」列") {
		t.Errorf("missing column: %v", err)
	}
}

func TestLimits(t *testing.T) {
	text := "需求名称\n" + strings.Repeat("一个需求\n", 11)
	if _, err := ReadNeeds(strings.NewReader(text), "big.csv", &Options{MaxRows: 10}); err == nil || !strings.Contains(err.Error(), "超过 10 行") {
		t.Errorf("rows: %v", err)
	}
	if _, err := ReadNeeds(strings.NewReader(text), "big.csv", &Options{MaxBytes: 1 << 20}); err != nil {
		t.Errorf("small file refused: %v", err)
	}
	if _, err := ReadNeeds(bytes.NewReader(make([]byte, 2<<20)), "big.csv", &Options{MaxBytes: 1 << 20}); err == nil || !strings.Contains(err.Error(), "超过 1 MB") {
		t.Errorf("bytes: %v", err)
	}
	long := strings.Repeat("长", engine.MaxNameLen+1)
	s := MustReadNeeds(t, []byte("需求名称,需求描述\n"+long+",x\n短,y\n"), "n.csv", nil)
	if r := s.Rows[0]; r.Err == nil || !strings.Contains(r.Err.Error(), "第 2 行「需求名称」：内容有 201 个字") {
		t.Errorf("long cell: %v", r.Err)
	}
	if len(s.Records()) != 1 {
		t.Errorf("the short row was not imported")
	}
}

func TestSheetOption(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if _, err := f.NewSheet("需求"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetRow("需求", "A1", &[]any{"需求名称"}); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetRow("需求", "A2", &[]any{"第二个工作表的需求"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	s := MustReadNeeds(t, buf.Bytes(), "two.xlsx", &Options{Sheet: "需求"})
	if got := s.Records(); len(got) != 1 || s.SheetName != "需求" {
		t.Errorf("records %+v sheet %s", got, s.SheetName)
	}
	_, err := ReadNeeds(bytes.NewReader(buf.Bytes()), "two.xlsx", &Options{Sheet: "专家"})
	if err == nil || !strings.Contains(err.Error(), "没有工作表「专家」") || !slices.ContainsFunc([]string{"Sheet1"}, func(s string) bool { return strings.Contains(err.Error(), s) }) {
		t.Errorf("missing sheet: %v", err)
	}
}

func TestTitleRowThatReadsLikeAHeader(t *testing.T) {
	data := MustXLSX(t, [][]any{
		{"技术需求"},
		{},
		{"企业名称", "需求名称", "需求描述"},
		{"浙江甲公司", "镀膜", "均匀性差"},
	})
	s := MustReadNeeds(t, data, "t.xlsx", nil)
	got := s.Records()
	if s.HeaderRow != 3 || len(got) != 1 || got[0].Title != "镀膜" || s.Rows[0].Line != 4 {
		t.Fatalf("header row %d, records %+v\n%s", s.HeaderRow, got, problems(s))
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0].Error(), "表头在第 3 行") {
		t.Errorf("warnings %v", s.Warnings)
	}
}

func TestTemplateRowsWithOnlySerialNumbersAreSkipped(t *testing.T) {
	rows := [][]any{{"序号", "姓名", "单位"}, {1, "王建国", "台州学院"}}
	for i := 2; i <= 50; i++ {
		rows = append(rows, []any{i})
	}
	s := MustReadProfiles(t, MustXLSX(t, rows), "template.xlsx", nil)
	if len(s.Rows) != 1 || s.Summary() != "共 1 行数据：可导入 1 行，拒绝 0 行，警告 0 条。\n" {
		t.Errorf("%d rows\n%s", len(s.Rows), s.Summary())
	}
	// Importing the same sheet again gives the same IDs.
	again := MustReadProfiles(t, MustXLSX(t, rows), "template.xlsx", nil)
	if again.Rows[0].Record.ID != s.Rows[0].Record.ID || !strings.HasPrefix(s.Rows[0].Record.ID, "p-") || len(s.Rows[0].Record.ID) != 12 {
		t.Errorf("IDs %s and %s", s.Rows[0].Record.ID, again.Rows[0].Record.ID)
	}
}

func TestSummaryListsTwentyProblems(t *testing.T) {
	text := "姓名,单位\n" + strings.Repeat(",某单位\n", 30) + "王建国,台州学院\n"
	s := MustReadProfiles(t, []byte(text), "p.csv", nil)
	sum := s.Summary()
	lines := strings.Split(strings.TrimSpace(sum), "\n")
	if len(lines) != 22 || lines[0] != "共 31 行数据：可导入 1 行，拒绝 30 行，警告 0 条。" ||
		lines[1] != "第 2 行：缺少姓名" || lines[21] != "另有 10 条未列出。" {
		t.Errorf("summary:\n%s", sum)
	}
}

func TestTeamColumns(t *testing.T) {
	data := MustXLSX(t, [][]any{
		{"类型", "团队名称", "团队成员", "服务安排", "工作站"},
		{"博士服务团", "智能制造博士服务团", "张三（浙江大学）：机器人、视觉\n李四", "2026年7月 温岭 智能制造\n2026-07 玉环 阀门\n2026-13 椒江 光电",
			"博士创新工作站｜温岭博士创新工作站｜温岭｜浙江某泵业\n某站｜杭州"},
		{"专家", "王五", "赵六", "", ""},
	})
	s := MustReadProfiles(t, data, "teams.xlsx", nil)
	team := s.Rows[0].Record
	wantMembers := []engine.Member{{Name: "张三", Organisation: "浙江大学", Fields: []string{"机器人", "视觉"}}, {Name: "李四"}}
	wantSlots := []engine.Slot{{Month: "2026-07", County: "温岭市", Industry: "智能制造"}}
	wantStations := []engine.Station{{Type: engine.StationDoctoral, Name: "温岭博士创新工作站", County: "温岭市", Host: "浙江某泵业"}}
	if s.Rows[0].Err != nil || !reflect.DeepEqual(team.Members, wantMembers) || !reflect.DeepEqual(team.Schedule, wantSlots) || !reflect.DeepEqual(team.Stations, wantStations) {
		t.Errorf("team %+v, %v", team, s.Rows[0].Err)
	}
	// The second July, the 13th month and the station in 杭州 are warned about.
	if w := s.Rows[0].Warnings; len(w) != 3 {
		t.Errorf("warnings %v", w)
	}
	if err := s.Rows[1].Err; err == nil || !strings.Contains(err.Error(), "只有博士服务团") {
		t.Errorf("members on an expert: %v", err)
	}
}
