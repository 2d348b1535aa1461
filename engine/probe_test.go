package engine

import "testing"

func TestProbeTextFromWhatAProfileHas(t *testing.T) {
	tests := []struct {
		name string
		p    Profile
		want string
	}{
		{"keywords first", Profile{Keywords: []string{"压铸"}, Works: []Work{{Title: "真空压铸工艺"}}}, "压铸 真空压铸工艺"},
		{"work keywords", Profile{Works: []Work{{Keywords: []string{"模具排气"}}}}, "模具排气"},
		{"only a text", Profile{Works: []Work{{}, {Text: "  铝合金低压铸造件气孔缺陷的成因与控制  "}}}, "铝合金低压铸造件气孔缺陷的成因与控制"},
		{"nothing", Profile{Name: "张三"}, ""},
	}
	for _, tt := range tests {
		if got := probeText(&tt.p); got != tt.want {
			t.Errorf("%s: probeText = %q, want %q", tt.name, got, tt.want)
		}
	}
}
