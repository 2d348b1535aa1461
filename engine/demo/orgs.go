package demo

import (
	"strings"

	"yixianqian/engine"
)

// org is a university, institute or enterprise an expert works at: the
// employer type, the mail domain the demo invents for it (under
// example.cn, so no mail reaches anyone) and the telephone area code.
type org struct {
	Name     string
	Employer string
	Domain   string
	Area     string
}

func uni(name, domain, area string) org  { return org{name, engine.EmployerUniversity, domain, area} }
func inst(name, domain, area string) org { return org{name, engine.EmployerInstitute, domain, area} }

// orgTable lists the organisations of university and institute experts,
// schools and institutes named as people write them on a card.
var orgTable = []org{
	// National universities and institutes, where the academicians work.
	uni("华东理工大学药学院", "ecust", "021"),
	uni("东南大学生物科学与医学工程学院", "seu", "025"),
	uni("清华大学车辆与运载学院", "tsinghua", "010"),
	uni("哈尔滨工业大学电气工程及自动化学院", "hit", "0451"),
	uni("华中科技大学材料科学与工程学院", "hust", "027"),
	inst("中国科学院长春光学精密机械与物理研究所", "ciomp", "0431"),
	inst("中国科学院宁波材料技术与工程研究所", "nimte", "0574"),
	uni("西安交通大学机械工程学院", "xjtu", "029"),
	uni("华中农业大学园艺林学学院", "hzau", "027"),
	uni("江南大学食品学院", "jiangnan", "0510"),
	inst("中国科学院天津工业生物技术研究所", "tib", "022"),
	// Universities of the province.
	uni("浙江大学化学工程与生物工程学院", "zju", "0571"),
	uni("浙江大学机械工程学院", "zju", "0571"),
	uni("浙江大学电气工程学院", "zju", "0571"),
	uni("浙江大学光电科学与工程学院", "zju", "0571"),
	uni("浙江大学生物系统工程与食品科学学院", "zju", "0571"),
	uni("浙江大学农业与生物技术学院", "zju", "0571"),
	uni("浙江大学环境与资源学院", "zju", "0571"),
	uni("浙江工业大学药学院", "zjut", "0571"),
	uni("浙江工业大学化学工程学院", "zjut", "0571"),
	uni("浙江工业大学生物工程学院", "zjut", "0571"),
	uni("浙江工业大学环境学院", "zjut", "0571"),
	uni("浙江工业大学机械工程学院", "zjut", "0571"),
	uni("浙江工业大学材料科学与工程学院", "zjut", "0571"),
	uni("浙江工业大学信息工程学院", "zjut", "0571"),
	uni("浙江理工大学机械工程学院", "zstu", "0571"),
	uni("浙江理工大学纺织科学与工程学院", "zstu", "0571"),
	uni("中国计量大学计量测试工程学院", "cjlu", "0571"),
	uni("中国计量大学光学与电子科技学院", "cjlu", "0571"),
	uni("中国计量大学质量与安全工程学院", "cjlu", "0571"),
	uni("杭州电子科技大学自动化学院", "hdu", "0571"),
	uni("杭州电子科技大学电子信息学院", "hdu", "0571"),
	uni("浙江科技大学生物与化学工程学院", "zust", "0571"),
	uni("浙江科技大学机械与能源工程学院", "zust", "0571"),
	uni("浙江农林大学园艺科学学院", "zafu", "0571"),
	uni("浙江农林大学茶学与茶文化学院", "zafu", "0571"),
	uni("浙江工商大学食品与生物工程学院", "zjgsu", "0571"),
	uni("宁波大学机械工程与力学学院", "nbu", "0574"),
	uni("宁波大学食品与药学学院", "nbu", "0574"),
	uni("宁波大学材料科学与化学工程学院", "nbu", "0574"),
	uni("温州医科大学眼视光学院", "wmu", "0577"),
	uni("温州大学机电工程学院", "wzu", "0577"),
	uni("浙江海洋大学食品与药学学院", "zjou", "0580"),
	uni("浙江海洋大学水产学院", "zjou", "0580"),
	uni("台州学院医药化工与材料工程学院", "tzc", "0576"),
	uni("台州学院智能制造学院", "tzc", "0576"),
	uni("台州学院电子与信息工程学院", "tzc", "0576"),
	uni("台州学院生命科学学院", "tzc", "0576"),
	uni("台州职业技术学院机电工程学院", "tzvtc", "0576"),
	uni("台州职业技术学院农业与生物工程学院", "tzvtc", "0576"),
	// Institutes of the province and the city.
	inst("浙江省化工研究院", "zjchem", "0571"),
	inst("浙江省医疗器械检验研究院", "zjmdt", "0571"),
	inst("浙江省食品药品检验研究院", "zjifdc", "0571"),
	inst("台州市食品药品检验研究院", "tzifdc", "0576"),
	inst("浙江省机电设计研究院", "zjmedi", "0571"),
	inst("浙江大学台州研究院", "zjutz", "0576"),
	inst("合肥通用机械研究院", "gmri", "0551"),
	inst("台州市特种设备检验检测研究院", "tzsei", "0576"),
	inst("浙江省农业科学院园艺研究所", "zaas", "0571"),
	inst("浙江省农业科学院农产品质量安全与营养研究所", "zaas", "0571"),
	inst("浙江省农业科学院食品科学研究所", "zaas", "0571"),
	inst("台州市农业科学研究院", "tzaas", "0576"),
	inst("中国农业科学院茶叶研究所", "tricaas", "0571"),
	inst("浙江省海洋水产研究所", "zjmfri", "0580"),
	inst("台州市产品质量安全检测研究院", "tzqi", "0576"),
	inst("浙江清华长三角研究院", "yrdi", "0573"),
}

func orgNamed(name string) org {
	for _, o := range orgTable {
		if o.Name == name {
			return o
		}
	}
	panic("demo: no organisation " + name)
}

// institution returns the university or institute of an organisation
// without the school: 浙江工业大学 for 浙江工业大学药学院.
func institution(name string) string {
	for _, sep := range []string{"大学", "学院", "研究院", "研究所"} {
		if i := strings.Index(name, sep); i > 0 {
			return name[:i+len(sep)]
		}
	}
	return name
}
