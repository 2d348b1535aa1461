package engine

import "slices"

// Counties returns the city's nine county-level divisions, the places needs
// come from and doctoral teams serve.
func Counties() []string {
	return []string{"椒江区", "黄岩区", "路桥区", "临海市", "温岭市", "玉环市", "天台县", "仙居县", "三门县"}
}

// IsCounty reports whether c is one of Counties.
func IsCounty(c string) bool { return slices.Contains(Counties(), c) }

// Industries returns the city's main industries, the values needs and
// profiles use for their industry field.
func Industries() []string {
	return []string{
		"医药化工", "医疗器械", "汽摩配", "缝制设备", "泵与电机", "模具与塑料",
		"智能马桶", "阀门", "光电", "新材料", "智能制造", "现代农业", "食品加工", "电子信息",
	}
}
