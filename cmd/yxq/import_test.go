package main

import (
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"yixianqian/engine/demo"
)

// demoData imports the demo into a new data directory and returns it.
func demoData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	pin, nin := filepath.Join(dir, "p.jsonl"), filepath.Join(dir, "n.jsonl")
	for path, r := range map[string]io.Reader{pin: demo.Profiles(), nin: demo.Needs()} {
		b, _ := io.ReadAll(r)
		os.WriteFile(path, b, 0o644)
	}
	data := filepath.Join(dir, "data")
	if _, errOut, err := runCmd(t, "import", "--data", data, "--profiles", pin, "--needs", nin); err != nil {
		t.Fatalf("import demo: %v\n%s", err, errOut)
	}
	return data
}

var createdRE = regexp.MustCompile(`,"created":"[^"]*"`)

// exportJSONL returns a store's profiles and needs as JSON Lines, the
// needs without their creation time.
func exportJSONL(t *testing.T, data string) (profiles, needs []string) {
	t.Helper()
	p, _, err := runCmd(t, "export", "--data", data, "--profiles", "-")
	if err != nil {
		t.Fatal(err)
	}
	n, _, err := runCmd(t, "export", "--data", data, "--needs", "-")
	if err != nil {
		t.Fatal(err)
	}
	return sortedLines(p), sortedLines(createdRE.ReplaceAllString(n, ""))
}

// TestXLSXExportImportedBackGivesTheSameStore exports the demo store as
// xlsx and imports it into an empty one: the profiles come back equal,
// and the needs equal but for their creation time, which a sheet does
// not carry.
func TestXLSXExportImportedBackGivesTheSameStore(t *testing.T) {
	from := demoData(t)
	dir := t.TempDir()
	px, nx := filepath.Join(dir, "专家.xlsx"), filepath.Join(dir, "需求.xlsx")
	if out, errOut, err := runCmd(t, "export", "--data", from, "--profiles", px, "--needs", nx); err != nil {
		t.Fatalf("export: %v %s %s", err, out, errOut)
	}
	to := filepath.Join(dir, "data")
	out, errOut, err := runCmd(t, "import", "--data", to, "--profiles", px, "--needs", nx)
	if err != nil || !strings.Contains(out, "imported 185 profiles") || !strings.Contains(out, "imported 60 needs") {
		t.Fatalf("import of the export: %v\n%s\n%s", err, out, errOut)
	}
	wantP, wantN := exportJSONL(t, from)
	gotP, gotN := exportJSONL(t, to)
	if !slices.Equal(gotP, wantP) {
		t.Errorf("profiles differ after the xlsx round trip: %d lines, want %d", len(gotP), len(wantP))
		for i := range min(len(gotP), len(wantP)) {
			if gotP[i] != wantP[i] {
				t.Errorf("first difference:\n got %s\nwant %s", gotP[i], wantP[i])
				break
			}
		}
	}
	if !slices.Equal(gotN, wantN) {
		t.Errorf("needs differ after the xlsx round trip: %d lines, want %d", len(gotN), len(wantN))
	}
	// Imported again, the same file adds nothing: every line is an update.
	out, _, err = runCmd(t, "import", "--data", to, "--profiles", px)
	if err != nil || !strings.Contains(out, "0 added, 185 updated") {
		t.Errorf("second import: %v %s", err, out)
	}
}

// TestImportGB18030CSVWithMapping imports a CSV that Excel on Chinese
// Windows wrote, with headers of the 科协's own, two of them named in a
// mapping file.
func TestImportGB18030CSVWithMapping(t *testing.T) {
	dir := t.TempDir()
	text := "专家编号,姓名,工作单位,职称,擅长方向,手机,电子邮箱,服务县区\r\n" +
		"zj-01,陈立群,台州学院,教授,伺服电机；矢量控制,13812345678,clq@tzc.edu.cn,温岭市、玉环市\r\n" +
		"zj-02,周静,浙江大学台州研究院,高级工程师,注塑模具；随形冷却,,zj@zju.edu.cn,黄岩区\r\n"
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	csv, mapping := filepath.Join(dir, "专家名单.csv"), filepath.Join(dir, "映射.txt")
	os.WriteFile(csv, b, 0o644)
	os.WriteFile(mapping, []byte("# 本会表头\n擅长方向 = fields\n工作单位 = organisation\n"), 0o644)
	data := filepath.Join(dir, "data")
	out, errOut, err := runCmd(t, "import", "--data", data, "--profiles", csv, "--mapping", mapping)
	if err != nil || !strings.Contains(out, "imported 2 profiles") {
		t.Fatalf("import: %v\n%s\n%s", err, out, errOut)
	}
	got, _, _ := runCmd(t, "export", "--data", data, "--profiles", "-")
	for _, want := range []string{`"id":"zj-01","kind":"expert","name":"陈立群","organisation":"台州学院","title":"教授","phone":"13812345678"`,
		`"fields":["伺服电机","矢量控制"]`, `"counties":["温岭市","玉环市"]`, `"name":"周静","organisation":"浙江大学台州研究院"`} {
		if !strings.Contains(got, want) {
			t.Errorf("exported profiles lack %s:\n%s", want, got)
		}
	}
}

// TestImportRealShapedNeedsFile imports needs as a platform exports them
// (GB18030, its own headers, modes combined and unknown): every line is
// imported, the unknown modes kept with a warning, and exit status 0.
func TestImportRealShapedNeedsFile(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	out, errOut, err := runCmd(t, "import", "--data", data, "--needs", "testdata/needs-platform.csv")
	if err != nil || !strings.Contains(out, "imported 6 needs") {
		t.Fatalf("import: %v\n%s\n%s", err, out, errOut)
	}
	for _, want := range []string{":5: 警告：「合作方式」：合作方式“股权合作”", ":6: 警告：「合作方式」：合作方式“以物易物”"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	needs, _, _ := runCmd(t, "export", "--data", data, "--needs", "-")
	for _, want := range []string{`"modes":["委托开发","其他"]`, `"modes":["技术转让","技术许可","委托开发"]`, `"modes":["合作开发","技术入股"]`,
		`"modes":["股权合作"]`, `"modes":["技术服务","以物易物"]`, `"modes":["技术咨询","人才培养"]`, `"county":"温岭市"`, `"industry":"泵与电机"`} {
		if !strings.Contains(needs, want) {
			t.Errorf("exported needs lack %s", want)
		}
	}
}

// TestImportDryRunWritesNothing plans an import on a real store, and on a
// directory without one: the store file is unchanged and no directory is
// made.
func TestImportDryRunWritesNothing(t *testing.T) {
	data := demoData(t)
	db := filepath.Join(data, "yxq.db")
	before := fileSum(t, db)
	in := writeTemp(t,
		`{"id":"exp-001","kind":"expert","name":"高明琳","organisation":"台州职业技术学院","title":"教授"}`,
		`{"id":"new-1","kind":"expert","name":"孙悦","organisation":"台州学院"}`,
		`{"id":"new-2","kind":"robot","name":"坏"}`)
	out, _, err := runCmd(t, "import", "--data", data, "--profiles", in, "--dry-run")
	if err != nil {
		t.Fatalf("dry run: %v", err)
	}
	for _, want := range []string{"1   更新  exp-001  高明琳  更新已有记录", "2   新增  new-1    孙悦", "3   拒绝  new-2", "试运行", "would skip bad lines in " + in + " (1 line)"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	if after := fileSum(t, db); after != before {
		t.Error("the dry run changed the store file")
	}
	if _, err := os.Stat(filepath.Join(data, "index")); err != nil {
		t.Errorf("the index went away: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "new")
	if out, _, err := runCmd(t, "import", "--data", missing, "--profiles", in, "--dry-run"); err != nil || !strings.Contains(out, "新增") {
		t.Errorf("dry run without a store: %v %s", err, out)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dry run made %s: %v", missing, err)
	}
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestImportReportsDuplicatesAndDoesNotDoubleThem imports people and works
// twice under other IDs.
func TestImportReportsDuplicatesAndDoesNotDoubleThem(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	work := `"works":[{"title":"屏蔽泵转子动平衡优化","text":"针对屏蔽泵转子在高转速下振动偏大的问题，提出动平衡与轴承预紧联合优化方法，已在温岭市泵业企业应用"}]`
	in := writeTemp(t,
		`{"id":"a1","kind":"expert","name":"王建国","organisation":"台州学院","phone":"13812345678",`+work+`}`,
		`{"id":"a2","kind":"expert","name":"王建国","organisation":"台州学院"}`,
		`{"id":"a3","kind":"expert","name":"王建国","organisation":"台州学院机电学院",`+work+`}`,
		`{"id":"a4","kind":"expert","name":"李红","organisation":"浙江大学","phone":"138 1234 5678"}`,
		`{"id":"a5","kind":"expert","name":"陈明","organisation":"宁波大学",`+strings.Replace(work, "已在", "已于", 1)+`}`)
	out, errOut, err := runCmd(t, "import", "--data", data, "--profiles", in)
	if exitCode(err) != 1 || !strings.Contains(out, "imported 2 profiles") {
		t.Fatalf("import: %v\n%s\n%s", err, out, errOut)
	}
	for _, want := range []string{":2: 疑似重复：与第 1 行的「王建国」姓名和单位相同", ":3: 疑似重复：与第 1 行的「王建国」同名，且每项成果都相同",
		":4: 疑似重复：联系电话与第 1 行的「王建国」相同", ":5: 警告：成果「屏蔽泵转子动平衡优化」与第 1 行的「王建国」的成果"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if !strings.Contains(err.Error(), "bad lines skipped in "+in+" (3 lines)") {
		t.Errorf("closing line %q", err)
	}
	// A file of the same people under new IDs updates them.
	again := writeTemp(t, `{"id":"b1","kind":"expert","name":"王建国","organisation":"台州学院","title":"教授"}`)
	if out, _, err := runCmd(t, "import", "--data", data, "--profiles", again); err != nil || !strings.Contains(out, "0 added, 1 updated") {
		t.Errorf("import under a new ID: %v %s", err, out)
	}
	got, _, _ := runCmd(t, "export", "--data", data, "--profiles", "-")
	if n := strings.Count(got, "\n"); n != 2 || !strings.Contains(got, `"id":"a1","kind":"expert","name":"王建国","organisation":"台州学院","title":"教授"`) {
		t.Errorf("%d profiles stored, want a1 updated and a5:\n%s", n, got)
	}
}

// TestImportNamesEveryBadFileAndBoundsItsReport imports a binary file and
// a JSON Lines file with many bad lines.
func TestImportNamesEveryBadFileAndBoundsItsReport(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "photo.jpg")
	os.WriteFile(bin, append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, make([]byte, 5000)...), 0o644)
	if _, _, err := runCmd(t, "import", "--data", filepath.Join(dir, "d0"), "--profiles", bin); exitCode(err) != 1 || !strings.Contains(err.Error(), "图片") {
		t.Errorf("a binary file: %v, want one refusal naming what it is", err)
	}
	lines := []string{`{"id":"ok","kind":"expert","name":"王伟"}`}
	for range 50 {
		lines = append(lines, `{"id":`)
	}
	profiles := writeTemp(t, lines...)
	needs := filepath.Join(dir, "needs.jsonl")
	os.WriteFile(needs, []byte(`{"id":"n1","description":"阀门内漏"}`+"\n"+`{"id":"n2"}`+"\n"), 0o644)
	out, errOut, err := runCmd(t, "import", "--data", filepath.Join(dir, "d1"), "--profiles", profiles, "--needs", needs)
	if exitCode(err) != 1 || !strings.Contains(err.Error(), profiles+" (50 lines), "+needs+" (1 line)") {
		t.Fatalf("closing line %v, want both files named", err)
	}
	if n := strings.Count(errOut, profiles+":"); n != 21 || !strings.Contains(errOut, "and 30 more") {
		t.Errorf("%d lines about %s, want 20 and a count of the rest:\n%s", n, profiles, errOut)
	}
	if !strings.Contains(out, "imported 1 profile from") || !strings.Contains(out, "imported 1 need from") {
		t.Errorf("stdout %q", out)
	}
	if strings.Contains(errOut, "learned the semantic space") {
		t.Errorf("import learned the semantic space:\n%s", errOut)
	}
}

func TestHelpShowsArgumentsAndIsNoError(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"match", "-h"}, `yxq match [flags] "need text"`},
		{[]string{"export", "-h"}, "--report needs|matches|batch|funnel"},
		{[]string{"import", "-h"}, "--dry-run"},
		{[]string{"token", "-h"}, "Usage: yxq token create"},
		{[]string{"token", "revoke", "-h"}, "yxq token revoke [--data DIR] ID"},
		{[]string{"dict", "-h"}, "Usage: yxq dict export DIR"},
		{[]string{"dict", "--help"}, "Usage: yxq dict export DIR"},
		{[]string{"backup", "-h"}, "FILE"},
	} {
		out, errOut, err := runCmd(t, tc.args...)
		if err != nil || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("yxq %v: %v, output lacks %q:\n%s%s", tc.args, err, tc.want, out, errOut)
		}
	}
}

// TestExportReports writes each staff report of the demo store.
func TestExportReports(t *testing.T) {
	data := demoData(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--report", "needs", filepath.Join(dir, "needs.csv")}, "needs report"},
		{[]string{"--report", "matches", "--need", "need-001", filepath.Join(dir, "m.xlsx")}, "10 rows"},
		{[]string{"--report", "batch", "--month", "2026-12", filepath.Join(dir, "b.xlsx")}, "batch report"},
		{[]string{"--report", "funnel", "--format", "csv", "-"}, "概况,需求数,60"},
	} {
		out, errOut, err := runCmd(t, append([]string{"export", "--data", data}, tc.args...)...)
		if err != nil || !strings.Contains(out, tc.want) {
			t.Errorf("export %v: %v %s %s", tc.args, err, out, errOut)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "needs.csv"))
	if !strings.HasPrefix(string(b), "\uFEFF需求名称,企业名称") || strings.Contains(string(b), "need-001") || strings.Count(string(b), "\r\n") < 61 {
		t.Errorf("needs report: %.200s", b)
	}
	for _, bad := range [][]string{{"--report", "matches", filepath.Join(dir, "x.xlsx")}, {"--report", "gossip", "x.csv"}, {"--report", "needs"}, {"--format", "pdf", "--profiles", "-"}} {
		if _, _, err := runCmd(t, append([]string{"export", "--data", data}, bad...)...); exitCode(err) != 2 {
			t.Errorf("export %v: %v, want a usage error", bad, err)
		}
	}
}
