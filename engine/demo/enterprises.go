package demo

// enterprise is a demo company: it submits needs, hosts stations and
// employs the enterprise experts. The names are made up for the demo.
type enterprise struct {
	Name     string
	Short    string // as people call it: 岚澄药业
	County   string
	Industry string
	Domain   string // mail domain under example.cn
}

var enterprises = []enterprise{
	// 医药化工
	{"浙江岚澄药业股份有限公司", "岚澄药业", "椒江区", "医药化工", "lancheng-pharma"},
	{"台州茗川制药有限公司", "茗川制药", "临海市", "医药化工", "mingchuan-pharma"},
	{"浙江弘溪医药化工有限公司", "弘溪医化", "临海市", "医药化工", "hongxi-chem"},
	{"台州瑞岙生物医药有限公司", "瑞岙生物", "黄岩区", "医药化工", "ruiao-bio"},
	{"浙江仙泽药业有限公司", "仙泽药业", "仙居县", "医药化工", "xianze-pharma"},
	{"台州东湾原料药有限公司", "东湾原料药", "椒江区", "医药化工", "dongwan-api"},
	// 医疗器械
	{"台州屿康医疗器械有限公司", "屿康医疗", "黄岩区", "医疗器械", "yukang-med"},
	{"浙江安澜医用高分子有限公司", "安澜医用", "椒江区", "医疗器械", "anlan-med"},
	{"台州骏骨医疗科技有限公司", "骏骨医疗", "路桥区", "医疗器械", "jungu-ortho"},
	{"浙江澈影医疗设备有限公司", "澈影医疗", "椒江区", "医疗器械", "cheying-med"},
	{"玉环市康屿医用器材有限公司", "康屿器材", "玉环市", "医疗器械", "kangyu-med"},
	// 汽摩配
	{"玉环铝翔压铸有限公司", "铝翔压铸", "玉环市", "汽摩配", "lvxiang-die"},
	{"台州驰岙汽车零部件有限公司", "驰岙汽配", "路桥区", "汽摩配", "chiao-auto"},
	{"浙江衡岳制动科技有限公司", "衡岳制动", "温岭市", "汽摩配", "hengyue-brake"},
	{"天台县锦途汽车用品有限公司", "锦途汽车用品", "天台县", "汽摩配", "jintu-auto"},
	{"浙江屹驱新能源科技有限公司", "屹驱新能源", "临海市", "汽摩配", "yiqu-ev"},
	{"温岭市铸岭机车部件有限公司", "铸岭机车", "温岭市", "汽摩配", "zhuling-moto"},
	{"玉环市锐铸汽车配件有限公司", "锐铸汽配", "玉环市", "汽摩配", "ruizhu-auto"},
	// 缝制设备
	{"浙江缝谷智能缝制设备有限公司", "缝谷智能", "椒江区", "缝制设备", "fenggu-sew"},
	{"台州针隆缝纫机有限公司", "针隆缝纫机", "椒江区", "缝制设备", "zhenlong-sew"},
	{"台州绣岚机电有限公司", "绣岚机电", "路桥区", "缝制设备", "xiulan-em"},
	{"台州黄岩飞梭缝制机械有限公司", "飞梭缝制", "黄岩区", "缝制设备", "feisuo-sew"},
	// 泵与电机
	{"温岭市泓川泵业有限公司", "泓川泵业", "温岭市", "泵与电机", "hongchuan-pump"},
	{"浙江屏源屏蔽泵有限公司", "屏源屏蔽泵", "温岭市", "泵与电机", "pingyuan-pump"},
	{"台州磁驰电机有限公司", "磁驰电机", "路桥区", "泵与电机", "cichi-motor"},
	{"温岭市东浦电机有限公司", "东浦电机", "温岭市", "泵与电机", "dongpu-motor"},
	{"浙江澜泵流体科技有限公司", "澜泵流体", "椒江区", "泵与电机", "lanbeng-fluid"},
	// 模具与塑料
	{"台州黄岩精岙模具有限公司", "精岙模具", "黄岩区", "模具与塑料", "jingao-mould"},
	{"浙江模匠精密模具有限公司", "模匠精密", "黄岩区", "模具与塑料", "mojiang-mould"},
	{"台州塑禾新材料有限公司", "塑禾新材料", "黄岩区", "模具与塑料", "suhe-plastic"},
	{"台州岩创压铸模具有限公司", "岩创压铸模具", "黄岩区", "模具与塑料", "yanchuang-die"},
	{"温岭市晟塑日用制品有限公司", "晟塑日用", "温岭市", "模具与塑料", "shengsu-plastic"},
	{"台州再塑环保科技有限公司", "再塑环保", "路桥区", "模具与塑料", "zaisu-recycle"},
	// 智能马桶
	{"浙江洁澜智能卫浴有限公司", "洁澜卫浴", "路桥区", "智能马桶", "jielan-sanitary"},
	{"台州澄瓷卫浴有限公司", "澄瓷卫浴", "椒江区", "智能马桶", "chengci-ceramic"},
	{"浙江温汐智能洁具有限公司", "温汐洁具", "路桥区", "智能马桶", "wenxi-toilet"},
	{"玉环市水岙卫浴五金有限公司", "水岙五金", "玉环市", "智能马桶", "shuiao-hardware"},
	// 阀门
	{"浙江玉澜阀门有限公司", "玉澜阀门", "玉环市", "阀门", "yulan-valve"},
	{"玉环市沙岙铜业有限公司", "沙岙铜业", "玉环市", "阀门", "shaao-copper"},
	{"浙江恒嵘阀门有限公司", "恒嵘阀门", "温岭市", "阀门", "hengrong-valve"},
	{"浙江控流自控阀门有限公司", "控流自控", "路桥区", "阀门", "kongliu-valve"},
	// 光电
	{"临海市杜岙光学眼镜有限公司", "杜岙光学", "临海市", "光电", "duao-optical"},
	{"浙江澈镜光学科技有限公司", "澈镜光学", "临海市", "光电", "chejing-optics"},
	{"台州晶曜照明科技有限公司", "晶曜照明", "椒江区", "光电", "jingyao-led"},
	{"台州激岚激光科技有限公司", "激岚激光", "黄岩区", "光电", "jilan-laser"},
	// 新材料
	{"天台县滤岚过滤科技有限公司", "滤岚过滤", "天台县", "新材料", "lvlan-filter"},
	{"三门县胶源橡胶制品有限公司", "胶源橡胶", "三门县", "新材料", "jiaoyuan-rubber"},
	{"浙江磁岳稀土永磁材料有限公司", "磁岳永磁", "临海市", "新材料", "ciyue-magnet"},
	{"台州盾涂防腐科技有限公司", "盾涂防腐", "路桥区", "新材料", "duntu-coating"},
	{"天台县橡岭输送带有限公司", "橡岭输送带", "天台县", "新材料", "xiangling-belt"},
	// 智能制造
	{"温岭市锐岭数控机床有限公司", "锐岭数控", "温岭市", "智能制造", "ruiling-cnc"},
	{"玉环市精擎机床有限公司", "精擎机床", "玉环市", "智能制造", "jingqing-machine"},
	{"台州智岙自动化科技有限公司", "智岙自动化", "椒江区", "智能制造", "zhiao-auto"},
	{"台州云织工业软件有限公司", "云织工业软件", "路桥区", "智能制造", "yunzhi-soft"},
	// 现代农业
	{"仙居县岭上杨梅专业合作社", "岭上杨梅合作社", "仙居县", "现代农业", "lingshang-bayberry"},
	{"仙居县杨府农业开发有限公司", "杨府农业", "仙居县", "现代农业", "yangfu-agri"},
	{"台州黄岩橘源果业有限公司", "橘源果业", "黄岩区", "现代农业", "juyuan-fruit"},
	{"临海市涌橘农业科技有限公司", "涌橘农业", "临海市", "现代农业", "yongju-agri"},
	{"天台县云岚茶业有限公司", "云岚茶业", "天台县", "现代农业", "yunlan-tea"},
	{"三门县蟹湾水产养殖专业合作社", "蟹湾合作社", "三门县", "现代农业", "xiewan-aqua"},
	{"温岭市东海塘葡萄专业合作社", "东海塘葡萄合作社", "温岭市", "现代农业", "donghaitang-grape"},
	// 食品加工
	{"仙居县梅酿食品有限公司", "梅酿食品", "仙居县", "食品加工", "meiniang-food"},
	{"台州黄岩橘罐食品有限公司", "橘罐食品", "黄岩区", "食品加工", "juguan-food"},
	{"三门县湾鲜水产食品有限公司", "湾鲜水产", "三门县", "食品加工", "wanxian-food"},
	{"临海市绿野速冻食品有限公司", "绿野速冻", "临海市", "食品加工", "lvye-frozen"},
	{"温岭市渔港海产品有限公司", "渔港海产品", "温岭市", "食品加工", "yugang-seafood"},
	// 电子信息
	{"台州储岚新能源科技有限公司", "储岚新能源", "路桥区", "电子信息", "chulan-energy"},
	{"浙江联岙物联科技有限公司", "联岙物联", "椒江区", "电子信息", "lianao-iot"},
	{"温岭市电岭电子有限公司", "电岭电子", "温岭市", "电子信息", "dianling-elec"},
}

func enterpriseNamed(name string) enterprise {
	for _, e := range enterprises {
		if e.Name == name {
			return e
		}
	}
	panic("demo: no enterprise " + name)
}

// enterprisesOf returns the demo enterprises of an industry, in table order.
func enterprisesOf(industry string) []enterprise {
	var out []enterprise
	for _, e := range enterprises {
		if e.Industry == industry {
			out = append(out, e)
		}
	}
	return out
}
