package sheet

import "testing"

func TestCountyOf(t *testing.T) {
	for in, want := range map[string]string{
		"临海": "临海市", "临海市": "临海市", "椒江": "椒江区", "椒江区": "椒江区", "台州市椒江区": "椒江区",
		"浙江省台州市黄岩区": "黄岩区", "玉环县": "玉环市", "三门": "三门县", " 仙 居 ": "仙居县", "路桥": "路桥区",
		"台州": "", "杭州市": "", "": "", "临": "",
	} {
		got, ok := countyOf(in)
		if got != want || ok != (want != "") {
			t.Errorf("countyOf(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestParseBudget(t *testing.T) {
	for _, c := range []struct {
		in     string
		scale  float64
		want   float64
		ranged bool
		ok     bool
	}{
		{"50", 1, 50, false, true},
		{"50万", 1, 50, false, true},
		{"50万元", 1, 50, false, true},
		{"５０万元", 1, 50, false, true}, // full-width digits
		{"0.5亿", 1, 5000, false, true},
		{"0.5亿元", 1, 5000, false, true},
		{"面议", 1, 0, false, true},
		{"约30万元左右", 1, 30, false, true},
		{"不超过100万", 1, 100, false, true},
		{"1,200万元", 1, 1200, false, true},
		{"5000元", 1, 0.5, false, true},
		{"30000", 1e-4, 3, false, true}, // a 预算(元) column
		{"50-100万", 1, 100, true, true},
		{"50～100万元", 1, 100, true, true},
		{"很多", 1, 0, false, false},
		{"-5", 1, 0, false, false},
		{"50万或以上看情况", 1, 0, false, false},
	} {
		got, ranged, ok := parseBudget(c.in, c.scale)
		if got != c.want || ranged != c.ranged || ok != c.ok {
			t.Errorf("parseBudget(%q, %g) = %g, %v, %v; want %g, %v, %v", c.in, c.scale, got, ranged, ok, c.want, c.ranged, c.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in, want string
		month    bool
	}{
		{"2026-12-31", "2026-12-31", false},
		{"2026/12/31", "2026-12-31", false},
		{"2026/1/5", "2026-01-05", false},
		{"2026.12.31", "2026-12-31", false},
		{"2026年12月31日", "2026-12-31", false},
		{"2026 年 12 月 31 日", "2026-12-31", false},
		{"20261231", "2026-12-31", false},
		{"2026-12-31T00:00:00Z", "2026-12-31", false},
		{"2026-12-31 17:30:00", "2026-12-31", false},
		{"46387", "2026-12-31", false}, // Excel serial date
		{"46387.5", "2026-12-31", false},
		{"2026年6月", "2026-06-30", true},
		{"2028-02", "2028-02-29", true},
		{"2026-02-30", "", false},
		{"明年", "", false},
		{"12/31/2026", "", false},
	} {
		got, month, ok := parseDate(c.in)
		if got != c.want || month != c.month || ok != (c.want != "") {
			t.Errorf("parseDate(%q) = %q, %v, %v; want %q, %v", c.in, got, month, ok, c.want, c.month)
		}
	}
}

func TestParseBirthYear(t *testing.T) {
	for in, want := range map[string]int{
		"1978": 1978, "1978-05": 1978, "1978年5月": 1978, "1978.05": 1978, "1978/5/1": 1978,
		"28611": 1978, // Excel serial date of 1978-05-01
		"78":    0, "不详": 0, "1850": 0,
	} {
		got, ok := parseBirthYear(in)
		if got != want || ok != (want != 0) {
			t.Errorf("parseBirthYear(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
}

func TestNormalizeHeader(t *testing.T) {
	for _, in := range []string{"姓名", " 姓 名 ", "※姓名：", "*姓名:", "姓\u3000名", "＊姓名"} {
		if got := normalizeHeader(in); got != "姓名" {
			t.Errorf("normalizeHeader(%q) = %q", in, got)
		}
	}
	s := &profileSchema().schemaInfo
	for in, want := range map[string]string{
		"E-MAIL": "email", "ｅｍａｉｌ": "email", "联系电话（手机）": "phone", "出生年月(yyyy-mm)": "birth_year",
		"成果12简介": "work.12.text", "代表成果3": "work.3.title", "序号": ignoreField, "备注": "",
	} {
		if got, _ := columnField(in, nil, s); got != want {
			t.Errorf("columnField(%q) = %q, want %q", in, got, want)
		}
	}
	n := &needSchema().schemaInfo
	for in, want := range map[string]float64{"预算(万元)": 1, "预算（元）": 1e-4, "拟投入资金(亿元)": 1e4, "预算": 1} {
		if f, scale := columnField(in, nil, n); f != "budget" || scale != want {
			t.Errorf("columnField(%q) = %q, %g; want budget, %g", in, f, scale, want)
		}
	}
}
