package engine

import (
	"regexp"
	"slices"
	"unicode/utf8"
)

// NeedCheck says whether a need's text is specific enough to match: a need
// made only of stock phrases (希望与高校合作，解决技术难题，提高产品质量) names
// no product, process, material or parameter, and no supplier can be told
// from another by it.
type NeedCheck struct {
	Vague bool `json:"vague"`
	// Hints say in Chinese what to add.
	Hints []string `json:"hints,omitempty"`
	// Specific are the words of the need that tell suppliers apart.
	Specific []string `json:"specific,omitempty"`
	// Parameters are the figures with units the need states (8%, 0.1mm).
	Parameters []string `json:"parameters,omitempty"`
}

// ReviewVague marks a need whose text was too vague to match when it was
// submitted (Need.Review): staff take it up instead of the matcher.
const ReviewVague = "vague"

// genericWords are words every need may say and no supplier is chosen by.
var genericWords = []string{
	"希望", "合作", "高校", "院校", "专家", "教授", "团队", "技术", "技术难题", "难题", "问题", "解决", "提高", "提升", "降低",
	"减少", "改善", "优化", "产品", "质量", "产品质量", "成本", "效率", "生产", "企业", "公司", "我司", "我们", "需要", "寻求",
	"帮助", "提供", "支持", "研发", "开发", "创新", "升级", "转型", "方案", "服务", "项目", "指导", "咨询", "水平", "能力", "市场",
	"竞争力", "效益", "经济效益", "工艺", "技术水平", "相关", "方面", "进行", "实现", "目前", "存在", "一些", "较高", "较低",
}

// parameterPattern finds a figure with a unit or a share: 8%, 0.1mm, 120℃,
// 3 万件, ±0.02.
var parameterPattern = regexp.MustCompile(`[±]?\d+(\.\d+)?\s*(%|‰|℃|°C|mm|μm|um|nm|cm|m|kg|g|mg|t|吨|万件|件|小时|h|min|秒|s|MPa|kPa|Pa|V|kV|A|W|kW|Hz|rpm|转|dB|ppm|倍|次|天|年|个月|元|万元)`)

// minSpecific is how many specific words a need needs without a parameter.
const minSpecific = 2

// CheckNeed says whether a need text is too vague to match, and what to
// add. A word is specific when it is not a stock word and the profiles
// know it without every other profile holding it.
func (e *Engine) CheckNeed(title, description string) NeedCheck {
	text := title + "\n" + description
	return checkNeed(text, e.search.Words(text))
}

// checkNeed is CheckNeed of text whose words are ws.
func checkNeed(text string, ws []WordShare) NeedCheck {
	var c NeedCheck
	for _, w := range ws {
		if slices.Contains(genericWords, w.Word) || utf8.RuneCountInString(w.Word) < 2 && w.Word[0] >= 0x80 {
			continue
		}
		if w.Share > 0 && w.Share <= 0.3 || w.Share == 0 && isLatinWord(w.Word) {
			c.Specific = append(c.Specific, w.Word)
		}
	}
	for _, m := range parameterPattern.FindAllString(text, 8) {
		c.Parameters = append(c.Parameters, m)
	}
	c.Vague = len(c.Specific) < minSpecific && !(len(c.Specific) == 1 && len(c.Parameters) > 0)
	if !c.Vague {
		return c
	}
	c.Hints = append(c.Hints, "请写明具体的产品、零部件或原料（例如：铝合金压铸件、屏蔽泵、沙坦类原料药）。")
	c.Hints = append(c.Hints, "请写明遇到的技术现象或缺陷（例如：气孔、翘曲变形、杂质超标、噪声偏大）。")
	if len(c.Parameters) == 0 {
		c.Hints = append(c.Hints, "请写明关键参数或指标（例如：缺陷率 8%、温度 120℃、尺寸公差 ±0.02mm）。")
	}
	c.Hints = append(c.Hints, "可写明涉及的工艺、材料或设备（例如：真空压铸、模具排气、结晶工艺）。")
	return c
}

func isLatinWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			return false
		}
	}
	return len(w) >= 2
}

// CheckNeedFor is CheckNeed for a viewer who may submit needs; the text is
// limited as a need's is.
func (e *Engine) CheckNeedFor(v Viewer, title, description string) (NeedCheck, error) {
	if err := v.may(ActSubmitNeed); err != nil {
		return NeedCheck{}, err
	}
	if err := checkText("title", title, MaxNameLen, false); err != nil {
		return NeedCheck{}, err
	}
	if err := checkText("description", description, MaxTextLen, false); err != nil {
		return NeedCheck{}, err
	}
	return e.CheckNeed(title, description), nil
}

// telling returns the words of ws that say what a text is about: whole
// words of two or more characters, not stock phrases, held by at most
// 30% of the profiles.
func telling(ws []WordShare) []string {
	var out []string
	for _, w := range ws {
		if utf8.RuneCountInString(w.Word) >= 2 && w.Share <= 0.3 && !slices.Contains(genericWords, w.Word) {
			out = append(out, w.Word)
		}
	}
	return out
}
