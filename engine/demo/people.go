package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Surnames and given-name characters of the demo people, each with the
// initial of its pinyin (for the invented mail addresses). The names are
// made up; any likeness to a real person is chance.
const (
	surnameTable = "王w李l张z刘l陈c杨y黄h赵z吴w周z徐x孙s马m朱z胡h郭g何h林l罗l高g郑z梁l谢x宋s唐t许x韩h冯f邓d曹c彭p曾z" +
		"田t董d潘p袁y蔡c蒋j余y叶y程c魏w苏s吕l丁d任r沈s姚y卢l金j应y陶t钱q方f汪w戴d童t柯k泮p鲍b章z项x褚c缪m包b"
	givenTable = "建j国g明m华h伟w军j平p志z海h红h文w斌b勇y涛t磊l超c杰j峰f俊j浩h宇y晨c鹏p辉h毅y琳l静j敏m燕y丽l芳f" +
		"婷t颖y雪x慧h玲l莉l佳j欣x怡y倩q昕x睿r哲z博b航h旭x彬b翔x锋f帆f瑜y璐l晓x立l永y春c成c德d江j松s荣r康k" +
		"忠z祥x益y振z卫w亮l群q梅m霞x秀x英y萍p蓉r洁j岚l蕾l钧j铭m骏j晔y炜w逸y凌l韬t"
)

type initialled struct {
	char    string
	initial byte
}

func parseTable(s string) []initialled {
	var out []initialled
	rs := []rune(s)
	for i := 0; i+1 < len(rs); i += 2 {
		out = append(out, initialled{string(rs[i]), byte(rs[i+1])})
	}
	return out
}

var (
	surnames   = parseTable(surnameTable)
	givenChars = parseTable(givenTable)
)

// person is a made-up name with the pinyin initials of its characters.
type person struct {
	Name     string
	Initials string
}

// namer makes names no one else in the dataset has.
type namer struct {
	used map[string]bool
}

func newNamer() *namer { return &namer{used: map[string]bool{}} }

func (nm *namer) person(r *rand.Rand) person {
	for {
		s := surnames[r.IntN(len(surnames))]
		name, ini := s.char, string(s.initial)
		for range 1 + r.IntN(2) {
			g := givenChars[r.IntN(len(givenChars))]
			if strings.Contains(name, g.char) {
				continue
			}
			name += g.char
			ini += string(g.initial)
		}
		if len([]rune(name)) < 2 || nm.used[name] {
			continue
		}
		if nm.used != nil {
			nm.used[name] = true
		}
		return person{name, ini}
	}
}

// mailer hands out invented mail addresses, unique per domain.
type mailer struct {
	used map[string]bool
}

func newMailer() *mailer { return &mailer{used: map[string]bool{}} }

func (m *mailer) address(initials, domain string) string {
	for n := 1; ; n++ {
		local := initials
		if n > 1 {
			local = fmt.Sprintf("%s%d", initials, n)
		}
		a := local + "@" + domain + ".example.cn"
		if m.used == nil {
			return a
		}
		if !m.used[a] {
			m.used[a] = true
			return a
		}
	}
}

var mobilePrefixes = []string{"130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "153", "157", "158", "159", "180", "181", "183", "187", "188", "189"}

// phone invents a telephone number: an office line in the organisation's
// area, or a mobile.
func phone(r *rand.Rand, area string) string {
	if r.IntN(5) < 2 {
		return fmt.Sprintf("%s%04d%04d", mobilePrefixes[r.IntN(len(mobilePrefixes))], r.IntN(10000), r.IntN(10000))
	}
	first := "8"
	if len(area) == 3 { // 010, 021 …: the big cities
		first = string("568"[r.IntN(3)])
	}
	return fmt.Sprintf("%s-%s%03d%04d", area, first, r.IntN(1000), r.IntN(10000))
}
