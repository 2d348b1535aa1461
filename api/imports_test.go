package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"yixianqian/engine"
)

// form builds a multipart body: files by field name (name and content)
// and plain fields.
func form(t *testing.T, files map[string][2]string, fields map[string]string) (string, io.Reader) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for field, f := range files {
		w, err := mw.CreateFormFile(field, f[0])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, f[1])
	}
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	return mw.FormDataContentType(), &buf
}

func gb18030(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type importRow struct {
	Line     int      `json:"line"`
	Action   string   `json:"action"`
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Message  string   `json:"message"`
	Warnings []string `json:"warnings"`
}

func rowsOf(t *testing.T, a answer) []importRow {
	t.Helper()
	var out []importRow
	for _, r := range a.body["rows"].([]any) {
		m := r.(map[string]any)
		row := importRow{Line: int(m["line"].(float64)), Action: m["action"].(string), Message: m["message"].(string)}
		row.ID, _ = m["id"].(string)
		row.Name, _ = m["name"].(string)
		for _, w := range m["warnings"].([]any) {
			row.Warnings = append(row.Warnings, w.(string))
		}
		out = append(out, row)
	}
	return out
}

// TestUploadProfilesPreviewThenImport uploads a GB18030 CSV with Chinese
// headers, one of them known only through the mapping file: the dry run
// answers line by line and stores nothing, the import stores.
func TestUploadProfilesPreviewThenImport(t *testing.T) {
	w := mustWorld(t)
	csvText := gb18030(t, "专家编号,姓名,工作单位,手机号码,擅长领域\r\n"+
		"x1,李娜,浙江大学,13900001111,阀门密封\r\n"+
		"x2,王伟,台州学院,,伺服电机\r\n"+
		"x3,李 娜,浙江大学,,阀门\r\n"+
		"x4,,台州学院,,泵\r\n")
	mapping := "专家编号 = id\n工作单位 = organisation\n手机号码 = phone\n擅长领域 = keywords\n"
	send := func(dry string) answer {
		ctype, body := form(t, map[string][2]string{"file": {"专家名单.csv", csvText}, "mapping": {"映射.txt", mapping}}, map[string]string{"dry_run": dry})
		return w.do(t, engine.RoleAnalyst, "POST", "/v1/profiles/import", ctype, body)
	}
	a := send("true")
	if a.status != 200 {
		t.Fatalf("dry run: %d %s", a.status, a.raw)
	}
	rows := rowsOf(t, a)
	want := []string{"add", "add", "duplicate", "refuse"}
	if len(rows) != len(want) {
		t.Fatalf("rows %+v, want %v", rows, want)
	}
	for i, r := range rows {
		if r.Action != want[i] || r.Line != i+2 || !hasHan(r.Message) {
			t.Errorf("row %d: %+v, want %s with a Chinese message", i, r, want[i])
		}
	}
	if s, _ := a.body["summary"].(string); !strings.Contains(s, "试运行") {
		t.Errorf("summary %q", s)
	}
	if got := w.do(t, engine.RoleAnalyst, "GET", "/v1/profiles/x1", "", nil); got.status != 404 {
		t.Errorf("after the dry run x1 answers %d, want 404 (nothing written)", got.status)
	}
	if a := send("false"); a.status != 200 || a.body["written"].(float64) != 2 {
		t.Fatalf("import: %d %s", a.status, a.raw)
	}
	got := w.do(t, engine.RoleAnalyst, "GET", "/v1/profiles/x1", "", nil)
	if got.status != 200 || got.body["organisation"] != "浙江大学" || got.body["phone"] != "13900001111" {
		t.Errorf("imported x1: %d %s", got.status, got.raw)
	}
	ctype, body := form(t, map[string][2]string{"file": {"专家名单.csv", csvText}}, map[string]string{"dry_run": "true"})
	if a := w.do(t, engine.RoleCompany, "POST", "/v1/profiles/import", ctype, body); a.status != 403 {
		t.Errorf("a company uploading profiles: %d, want 403", a.status)
	}
}

// TestUploadNeedsWithCombinedAndUnknownModes uploads an xlsx shaped like
// a platform's export of enterprise needs.
func TestUploadNeedsWithCombinedAndUnknownModes(t *testing.T) {
	w := mustWorld(t)
	f := excelize.NewFile()
	rows := [][]any{
		{"2026年企业技术需求汇总表"},
		{"序号", "需求名称", "企业名称", "所在县区", "合作方式", "预算(万元)", "需求描述"},
		{1, "伺服电机低速抖动", "温岭市大众泵业有限公司", "温岭市", "委托开发,其他", "50", "低速运行抖动明显"},
		{2, "阀门密封面寿命短", "玉环华通阀门有限公司", "玉环市", "技术转让,技术许可,委托开发", "面议", "密封面磨损快"},
		{3, "注塑件翘曲", "黄岩精工模塑有限公司", "黄岩区", "股权合作、以物易物", "20-30", "薄壁件翘曲变形"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	var buf bytes.Buffer
	f.Write(&buf)
	ctype, body := form(t, map[string][2]string{"file": {"需求.xlsx", buf.String()}}, map[string]string{"dry_run": "false"})
	a := w.do(t, engine.RoleAnalyst, "POST", "/v1/needs/import", ctype, body)
	if a.status != 200 {
		t.Fatalf("%d %s", a.status, a.raw)
	}
	got := rowsOf(t, a)
	if len(got) != 3 || got[0].Action != "add" || got[2].Action != "add" || len(got[2].Warnings) < 2 || !strings.Contains(strings.Join(got[2].Warnings, " "), "以物易物") {
		t.Fatalf("rows %+v", got)
	}
	if fw := a.body["file_warnings"].([]any); len(fw) == 0 {
		t.Errorf("no warning about the title row: %s", a.raw)
	}
	n := w.do(t, engine.RoleAnalyst, "GET", "/v1/needs/"+got[2].ID, "", nil)
	modes := fmt.Sprint(n.body["modes"])
	if n.status != 200 || !strings.Contains(modes, "以物易物") || !strings.Contains(modes, "股权合作") {
		t.Errorf("stored need: %d %s", n.status, n.raw)
	}
}

func TestBadUploads(t *testing.T) {
	w := mustWorld(t)
	for _, tc := range []struct {
		name   string
		files  map[string][2]string
		fields map[string]string
		status int
		says   string
	}{
		{"no file", nil, map[string]string{"dry_run": "true"}, 400, "file"},
		{"bad dry_run", map[string][2]string{"file": {"a.csv", "姓名\n王伟\n"}}, map[string]string{"dry_run": "maybe"}, 400, "dry_run"},
		{"a PDF", map[string][2]string{"file": {"a.xlsx", "%PDF-1.7 ..."}}, nil, 400, "PDF"},
		{"no header", map[string][2]string{"file": {"a.csv", "甲,乙\n1,2\n"}}, nil, 400, "表头"},
		{"bad mapping", map[string][2]string{"file": {"a.csv", "姓名\n王伟\n"}, "mapping": {"m.txt", "单位 = colour\n"}}, nil, 400, "colour"},
	} {
		ctype, body := form(t, tc.files, tc.fields)
		a := w.do(t, engine.RoleAnalyst, "POST", "/v1/profiles/import", ctype, body)
		msg := fmt.Sprint(a.body["error"])
		if a.status != tc.status || !strings.Contains(msg, tc.says) || !hasHan(msg) {
			t.Errorf("%s: %d %s, want %d mentioning %q in Chinese", tc.name, a.status, a.raw, tc.status, tc.says)
		}
	}
	// A role that may not import is refused before the file is read: a
	// file that could not be read answers 403, not 400.
	ctype, body := form(t, map[string][2]string{"file": {"a.xlsx", "%PDF-1.7 ..."}}, nil)
	if a := w.do(t, engine.RoleCompany, "POST", "/v1/profiles/import", ctype, body); a.status != 403 {
		t.Errorf("a company's profile upload: %d %s, want 403 before the file is read", a.status, a.raw)
	}
	big := strings.Repeat("x", MaxUploadBytes+10)
	ctype, body = form(t, map[string][2]string{"file": {"big.csv", big}}, nil)
	if a := w.do(t, engine.RoleAnalyst, "POST", "/v1/needs/import", ctype, body); a.status != 413 {
		t.Errorf("an upload over %d bytes: %d, want 413", MaxUploadBytes, a.status)
	}
}

// download fetches an export and returns its rows.
func download(t *testing.T, w *world, role engine.Role, path string) (answer, [][]string) {
	t.Helper()
	a := w.do(t, role, "GET", path, "", nil)
	if a.status != 200 {
		return a, nil
	}
	if strings.Contains(path, "format=csv") {
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(a.raw, "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return a, rows
	}
	f, err := excelize.OpenReader(strings.NewReader(a.raw))
	if err != nil {
		t.Fatalf("%s: not an xlsx: %v", path, err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return a, rows
}

func TestExportDownloads(t *testing.T) {
	w := mustWorld(t)
	ctx := context.Background()
	if _, err := w.eng.Assign(ctx, engine.Operator(), "n1", "e1"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, name, header, cell string
	}{
		{"/v1/export/needs", "技术需求_", "需求名称", "王伟：已指派，待答复"},
		{"/v1/export/needs?format=csv", "技术需求_", "需求名称", "甲公司"},
		{"/v1/export/matches?need=n1&format=csv", "匹配结果_伺服电机噪声大", "排名", "王伟"},
		{"/v1/export/batch", "月度批量指派_", "指派给", "本月无法指派"},
		{"/v1/export/funnel?format=csv", "对接漏斗_全部", "类别", "接受率"},
	} {
		a, rows := download(t, w, engine.RoleAnalyst, tc.path)
		if a.status != 200 || len(rows) < 2 {
			t.Errorf("%s: %d, %d rows: %.300s", tc.path, a.status, len(rows), a.raw)
			continue
		}
		cd, _ := url.QueryUnescape(a.header.Get("Content-Disposition"))
		if !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "UTF-8''"+tc.name) {
			t.Errorf("%s: Content-Disposition %q, want a Chinese name starting %s", tc.path, cd, tc.name)
		}
		all := fmt.Sprint(rows)
		if rows[0][0] == "" || !strings.Contains(fmt.Sprint(rows[0]), tc.header) || !strings.Contains(all, tc.cell) {
			t.Errorf("%s: rows %q, want header %s and a cell %s", tc.path, rows, tc.header, tc.cell)
		}
		if strings.Contains(tc.path, "needs") && (strings.Contains(all, " n1 ") || strings.Contains(all, "[n1")) {
			t.Errorf("%s shows need IDs: %q", tc.path, rows)
		}
	}
	a, rows := download(t, w, engine.RoleCompany, "/v1/export/needs?format=csv")
	if a.status != 200 || len(rows) != 2 || rows[1][1] != "甲公司" {
		t.Errorf("a company's needs export: %d %q, want only its own need", a.status, rows)
	}
	for _, bad := range []string{"/v1/export/needs?format=pdf", "/v1/export/matches", "/v1/export/batch?month=2026-13", "/v1/export/funnel?month=x"} {
		if a := w.do(t, engine.RoleAnalyst, "GET", bad, "", nil); a.status != 400 || !hasHan(fmt.Sprint(a.body["error"])) {
			t.Errorf("%s: %d %s, want 400 in Chinese", bad, a.status, a.raw)
		}
	}
	if a := w.do(t, engine.RoleCompany, "GET", "/v1/export/matches?need=n2", "", nil); a.status != 404 {
		t.Errorf("a company exporting another company's matches: %d, want 404", a.status)
	}
}

// TestCompanySeesSupplierPhoneOnlyAfterAcceptance reads the expert's
// phone as the company through every answer that carries it, before and
// after the expert accepts the company's need.
func TestCompanySeesSupplierPhoneOnlyAfterAcceptance(t *testing.T) {
	w := mustWorld(t)
	ctx := context.Background()
	e1, err := w.eng.Profile(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	e1.Phone, e1.Email = "13812345678", "wangwei@tzc.edu.cn"
	if err := w.eng.PutProfiles(ctx, []engine.Profile{e1}); err != nil {
		t.Fatal(err)
	}
	seen := func() (profile, match, export string) {
		t.Helper()
		a := w.do(t, engine.RoleCompany, "GET", "/v1/profiles/e1", "", nil)
		profile, _ = a.body["phone"].(string)
		m := w.do(t, engine.RoleCompany, "GET", "/v1/needs/n1/matches?k=5", "", nil)
		for _, x := range m.body["matches"].([]any) {
			if p := x.(map[string]any)["profile"].(map[string]any); p["id"] == "e1" {
				match, _ = p["phone"].(string)
			}
		}
		_, rows := download(t, w, engine.RoleCompany, "/v1/export/matches?need=n1&format=csv")
		for _, r := range rows {
			if len(r) > 9 && r[2] == "王伟" {
				export = r[9]
			}
		}
		return profile, match, export
	}
	for _, step := range []struct {
		do   func() answer
		want string
	}{
		{nil, "138****5678"},
		{func() answer {
			return w.do(t, engine.RoleAnalyst, "POST", "/v1/needs/n1/assign", "application/json", strings.NewReader(`{"profile_id":"e1"}`))
		}, "138****5678"},
		{func() answer {
			return w.do(t, engine.RoleExpert, "POST", "/v1/needs/n1/respond", "application/json", strings.NewReader(`{"accept":true}`))
		}, "13812345678"},
	} {
		if step.do != nil {
			if a := step.do(); a.status != 200 {
				t.Fatalf("%d %s", a.status, a.raw)
			}
		}
		if p, m, e := seen(); p != step.want || m != step.want || e != step.want {
			t.Errorf("the company sees %q (profile), %q (matches), %q (export); want %q", p, m, e, step.want)
		}
	}
	a := w.do(t, engine.RoleAnalyst, "GET", "/v1/profiles/e1", "", nil)
	if a.body["email"] != "wangwei@tzc.edu.cn" {
		t.Errorf("staff sees e-mail %v", a.body["email"])
	}
}
