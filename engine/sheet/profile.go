package sheet

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"yixianqian/engine"
)

func profileSchema() *schema[engine.Profile] {
	return &schema[engine.Profile]{
		schemaInfo: schemaInfo{
			what: "专家", synonyms: profileSynonyms(), fields: ProfileFields(), works: true,
			required: []requirement{{fields: []string{"name"}, header: "姓名"}},
		},
		decode:   decodeProfile,
		id:       func(p *engine.Profile) string { return p.ID },
		validate: (*engine.Profile).Validate,
	}
}

// ProfileID is the ID a profile row without one gets: "p-" and the first 10
// hex digits of the SHA-256 of its kind, name and organisation, so that
// importing the same sheet again updates the same records.
func ProfileID(kind engine.Kind, name, organisation string) string {
	return "p-" + shortHash(string(kind), name, organisation)
}

// NeedID is the ID a need row without one gets: "n-" and the first 10 hex
// digits of the SHA-256 of its enterprise, title and description.
func NeedID(enterprise, title, description string) string {
	return "n-" + shortHash(enterprise, title, description)
}

func shortHash(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:])[:10]
}

func decodeProfile(rc *rowCells) (engine.Profile, error) {
	var p engine.Profile
	p.Kind = engine.KindExpert
	if v, ok := rc.get("kind"); ok {
		k, ok := kindOf(v.value)
		if !ok {
			return p, rc.fail(v.header, "类型“%s”无法识别，请填 专家、博士服务团 或 学会", v.value)
		}
		p.Kind = k
	}
	var err error
	if p.Name, err = rc.text("name", engine.MaxNameLen); err != nil {
		return p, err
	}
	if p.Name == "" {
		if p.Kind == engine.KindExpert {
			return p, rc.fail("", "缺少姓名")
		}
		return p, rc.fail("", "缺少名称")
	}
	if p.Organisation, err = rc.text("organisation", engine.MaxNameLen); err != nil {
		return p, err
	}
	if p.Title, err = rc.text("title", engine.MaxNameLen); err != nil {
		return p, err
	}
	decodeContact(rc, &p)
	decodePerson(rc, &p)
	lists := []struct {
		field string
		dst   *[]string
	}{{"fields", &p.Fields}, {"keywords", &p.Keywords}, {"industries", &p.Industries}, {"conflicts", &p.Conflicts}}
	for _, l := range lists {
		if *l.dst, err = rc.list(l.field, engine.MaxShortLen); err != nil {
			return p, err
		}
		if n := len(*l.dst); n > engine.MaxListLen {
			return p, rc.fail(rc.vals[l.field][0].header, "共 %d 项，最多 %d 项", n, engine.MaxListLen)
		}
	}
	p.Counties = decodeCounties(rc)
	p.Capacity = decodeCount(rc, "capacity", 1<<20)
	p.MaxMentees = decodeCount(rc, "max_mentees", 100)
	if p.Works, err = decodeWorks(rc); err != nil {
		return p, err
	}
	if err := decodeTeam(rc, &p); err != nil {
		return p, err
	}
	if v, ok := rc.get("inactive"); ok {
		switch v.value {
		case "停用", "暂停", "退出", "无效", "注销":
			p.Inactive = true
		case "正常", "在用", "启用", "有效", "活跃":
		default:
			rc.warn(v.header, "状态“%s”无法识别，按正常处理；停用请填“停用”", v.value)
		}
	}
	if v, ok := rc.get("id"); ok {
		if engine.ValidateID(v.value) != nil {
			return p, rc.fail(v.header, "编号“%s”不合规：只能用英文字母、数字和 . _ : -，以字母或数字开头，最长 %d 个字符；也可留空由系统生成", preview([]string{v.value}), engine.MaxIDLen)
		}
		p.ID = v.value
	} else {
		p.ID = ProfileID(p.Kind, p.Name, p.Organisation)
	}
	return p, nil
}

// decodeContact sets the phone and e-mail; a value that is not one is left
// out with a warning, and of several numbers the first is kept.
func decodeContact(rc *rowCells, p *engine.Profile) {
	var emailFromPhone string
	if v, ok := rc.get("phone"); ok {
		s := foldWidth(v.value)
		parts := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("/，,、；;\n", r) })
		if len(parts) == 0 {
			parts = []string{s}
		}
		if len(parts) > 1 {
			rc.warn(v.header, "有多个号码，只保留第一个“%s”", strings.TrimSpace(parts[0]))
		}
		phone := strings.TrimSpace(parts[0])
		switch {
		case strings.Contains(phone, "@"):
			emailFromPhone = phone
		case validPhone(phone):
			p.Phone = phone
		default:
			rc.warn(v.header, "电话“%s”格式不对（数字、空格和短横线，5 至 25 位），已留空", preview([]string{phone}))
		}
	}
	email := emailFromPhone
	header := ""
	if v, ok := rc.get("email"); ok {
		email, header = strings.TrimSpace(foldWidth(v.value)), v.header
	}
	if email != "" {
		if validEmail(email) {
			p.Email = email
		} else {
			rc.warn(header, "邮箱“%s”格式不对，已留空", preview([]string{email}))
		}
	}
}

// validPhone and validEmail ask the engine's own rules.
func validPhone(s string) bool {
	p := engine.Profile{ID: "x", Kind: engine.KindExpert, Name: "x", Phone: s}
	return p.Validate() == nil
}

func validEmail(s string) bool {
	p := engine.Profile{ID: "x", Kind: engine.KindExpert, Name: "x", Email: s}
	return p.Validate() == nil
}

// decodePerson sets the academy, birth year and employer.
func decodePerson(rc *rowCells, p *engine.Profile) {
	said := false
	for _, v := range rc.vals["academy"] {
		a, yes, ok := academyOf(v.value)
		switch {
		case !ok:
			rc.warn(v.header, "“%s”无法识别，请填 中国科学院、中国工程院、是 或 否", v.value)
		case a != "":
			p.Academy = a
		case yes:
			said = true
		}
	}
	if p.Academy == "" {
		if a, _, _ := academyOf(p.Title); a != "" && strings.Contains(p.Title, "院士") {
			p.Academy = a
		}
	}
	if said && p.Academy == "" {
		rc.warn("", "注明是院士，但没有写明中国科学院或中国工程院，未记为院士")
	}
	if p.Academy != "" && p.Kind != engine.KindExpert {
		rc.warn("", "只有专家可以是院士，院士信息已忽略")
		p.Academy = ""
	}
	if v, ok := rc.get("birth_year"); ok {
		if y, ok := parseBirthYear(v.value); ok {
			p.BirthYear = y
		} else {
			rc.warn(v.header, "“%s”不是出生年份（如 1978、1978-05、1978年5月），已留空", v.value)
		}
	}
	if v, ok := rc.get("employer"); ok {
		if e, ok := employerOf(v.value); ok {
			p.Employer = e
		} else {
			rc.warn(v.header, "单位类型“%s”无法识别（可填 高校、科研院所、企业），已留空", v.value)
		}
	}
}

// decodeCounties maps each county a cell names; 全市 stands for all of them.
func decodeCounties(rc *rowCells) []string {
	var out []string
	for _, v := range rc.vals["counties"] {
		for _, item := range splitList(v.value) {
			if item == "全市" || item == "全部" || item == "不限" || item == "台州市" {
				for _, c := range engine.Counties() {
					out = appendNew(out, c)
				}
				continue
			}
			c, ok := countyOf(item)
			if !ok {
				rc.warn(v.header, "县区“%s”无法识别，已忽略；可填：%s", item, strings.Join(engine.Counties(), "、"))
				continue
			}
			out = appendNew(out, c)
		}
	}
	return out
}

// decodeCount reads a whole number from 0 to max; anything else is left
// out with a warning.
func decodeCount(rc *rowCells, field string, max int) int {
	v, ok := rc.get(field)
	if !ok {
		return 0
	}
	n, ok := parseCount(v.value)
	if !ok || n > max {
		rc.warn(v.header, "“%s”不是 0 至 %d 的整数，已留空", v.value, max)
		return 0
	}
	return n
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
