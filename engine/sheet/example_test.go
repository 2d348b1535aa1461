package sheet_test

import (
	"bytes"
	"fmt"
	"strings"

	"yixianqian/engine"
	"yixianqian/engine/sheet"
)

func ExampleReadNeeds() {
	csv := "需求名称,企业名称,所在县区,合作方式,预算(万元),截止日期\n" +
		"原料药结晶工艺优化,浙江甲制药有限公司,临海,\"技术转让,技术许可,委托开发\",50万,2026年12月31日\n" +
		"阀门密封寿命,浙江乙阀门有限公司,玉环,以物易物,面议,2026/6/30\n" +
		",浙江丙光电有限公司,椒江,,,\n"
	s, err := sheet.ReadNeeds(strings.NewReader(csv), "需求.csv", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range s.Records() {
		fmt.Println(n.Title, n.County, n.Modes, n.Budget, n.Deadline)
	}
	fmt.Print(s.Summary())
	// Output:
	// 原料药结晶工艺优化 临海市 [技术转让 技术许可 委托开发] 50 2026-12-31
	// 阀门密封寿命 玉环市 [以物易物] 0 2026-06-30
	// 共 3 行数据：可导入 2 行，拒绝 1 行，警告 1 条。
	// 第 4 行：缺少需求名称和需求描述，至少填写一项
	// 第 3 行「合作方式」：合作方式“以物易物”不在常用方式（技术开发、委托开发、合作开发、技术转让、技术许可、技术咨询、技术服务、技术入股、人才培养、其他）之中，已按原文保留
}

func ExampleWriteTable() {
	needs := []engine.Need{{ID: "need-001", Title: "镀膜均匀性", Description: "镜片镀膜不均匀", County: "椒江区", Modes: []string{engine.ModeCommissioned}, Budget: 20}}
	var buf bytes.Buffer
	if err := sheet.WriteTable(&buf, sheet.FormatCSV, sheet.NeedsTable(needs)); err != nil {
		fmt.Println(err)
	}
	out := strings.TrimPrefix(buf.String(), "\uFEFF") // the BOM that tells Excel it is UTF-8
	fmt.Print(strings.ReplaceAll(out, "\r\n", "\n"))
	// Output:
	// 编号,需求名称,需求描述,企业名称,所属产业,所在县区,合作方式,预算(万元),截止日期,状态
	// need-001,镀膜均匀性,镜片镀膜不均匀,,,椒江区,委托开发,20,,
}
