package sheet

import (
	"bytes"
	"testing"
)

// FuzzReadCSV feeds arbitrary bytes to both readers: no panic, and every
// row they return has a row number after the header's.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("需求名称,需求描述\n镀膜,\"两行\n描述\"\n"))
	f.Add([]byte("\uFEFF姓名\t单位\t服务县区\n王\t台州学院\t临海\n"))
	f.Add([]byte("sep=;\n姓名;代表成果\n李;\"1. 甲；2. 乙\"\n"))
	f.Add([]byte("\xd0\xcf\x11\xe0"))
	f.Add([]byte("sep=\"\n需求名称\n一\n"))
	f.Add([]byte("\xff\xfe\x59\x5d\x0d\x54\x0a\x00"))
	f.Add([]byte("姓名,\"未闭合\n王"))
	f.Add([]byte("编号,姓名,出生年月,成果1,成果1年份\n,王,1978年5月,论文,20x4\n"))
	f.Add(MustWrite(f, FormatCSV, ProfilesTable(sampleProfiles())))
	f.Add(MustWrite(f, FormatCSV, NeedsTable(sampleNeeds())))
	f.Add([]byte("姓名,联系电话,电子邮箱\n王,/,@\n李,；,a@b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if s, err := ReadNeeds(bytes.NewReader(data), "f.csv", nil); err == nil {
			checkLines(t, s)
		}
		if s, err := ReadProfiles(bytes.NewReader(data), "f.csv", nil); err == nil {
			checkLines(t, s)
		}
	})
}

func checkLines[T any](t *testing.T, s *Sheet[T]) {
	for _, r := range s.Rows {
		if r.Line <= s.HeaderRow {
			t.Fatalf("row line %d not after header %d", r.Line, s.HeaderRow)
		}
	}
	_ = s.Summary()
}
