package sheet

import (
	"strings"

	"yixianqian/engine"
)

func needSchema() *schema[engine.Need] {
	return &schema[engine.Need]{
		schemaInfo: schemaInfo{
			what: "需求", synonyms: needSynonyms(), fields: NeedFields(),
			required: []requirement{{fields: []string{"title", "description"}, header: "需求名称"}},
		},
		decode:   decodeNeed,
		id:       func(n *engine.Need) string { return n.ID },
		validate: (*engine.Need).Validate,
	}
}

func decodeNeed(rc *rowCells) (engine.Need, error) {
	var n engine.Need
	var err error
	if n.Title, err = rc.text("title", engine.MaxNameLen); err != nil {
		return n, err
	}
	if n.Description, err = rc.text("description", engine.MaxTextLen); err != nil {
		return n, err
	}
	if n.Title == "" && n.Description == "" {
		return n, rc.fail("", "缺少需求名称和需求描述，至少填写一项")
	}
	if n.Enterprise, err = rc.text("enterprise", engine.MaxNameLen); err != nil {
		return n, err
	}
	if n.Industry, err = rc.text("industry", engine.MaxShortLen); err != nil {
		return n, err
	}
	if v, ok := rc.get("county"); ok {
		if c, ok := countyOf(v.value); ok {
			n.County = c
		} else {
			rc.warn(v.header, "县区“%s”无法识别，已留空；可填：%s", v.value, strings.Join(engine.Counties(), "、"))
		}
	}
	for _, v := range rc.vals["modes"] {
		modes, unknown := engine.ParseModes(v.value)
		for _, m := range modes {
			if err := rc.checkLen(v.header, m, engine.MaxShortLen); err != nil {
				return n, err
			}
			n.Modes = appendNew(n.Modes, m)
		}
		if len(unknown) > 0 {
			rc.warn(v.header, "合作方式“%s”不在常用方式（%s）之中，已按原文保留", strings.Join(unknown, "、"), strings.Join(engine.Modes(), "、"))
		}
	}
	if len(n.Modes) > 10 {
		rc.warn("", "合作方式共 %d 项，只保留前 10 项", len(n.Modes))
		n.Modes = n.Modes[:10]
	}
	if v, ok := rc.get("budget"); ok {
		b, ranged, ok := parseBudget(v.value, v.scale)
		switch {
		case !ok:
			rc.warn(v.header, "预算“%s”无法识别（如 50、50万元、0.5亿、面议），已留空", v.value)
		case ranged:
			rc.warn(v.header, "预算“%s”是一个范围，按上限 %s 万元记录", v.value, formatFloat(b))
			n.Budget = b
		default:
			n.Budget = b
		}
	}
	if v, ok := rc.get("deadline"); ok {
		d, month, ok := parseDate(v.value)
		switch {
		case !ok:
			if !isOpenDeadline(v.value) {
				rc.warn(v.header, "截止日期“%s”无法识别（如 2026-12-31、2026/12/31、2026年12月31日），已留空", v.value)
			}
		case month:
			rc.warn(v.header, "截止日期“%s”只有年月，按当月最后一天 %s 记录", v.value, d)
			n.Deadline = d
		default:
			n.Deadline = d
		}
	}
	if v, ok := rc.get("id"); ok {
		if engine.ValidateID(v.value) != nil {
			return n, rc.fail(v.header, "编号“%s”不合规：只能用英文字母、数字和 . _ : -，以字母或数字开头，最长 %d 个字符；也可留空由系统生成", preview([]string{v.value}), engine.MaxIDLen)
		}
		n.ID = v.value
	} else {
		n.ID = NeedID(n.Enterprise, n.Title, n.Description)
	}
	return n, nil
}

// isOpenDeadline reports the values that mean no deadline.
func isOpenDeadline(v string) bool {
	switch strings.TrimSpace(v) {
	case "长期", "不限", "无", "待定", "面议", "尽快", "/", "-", "—":
		return true
	}
	return false
}
