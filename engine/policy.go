package engine

import (
	"slices"
)

// Action is something a viewer asks to do. The policy below is the one
// place that says which roles may do what; every engine method a role can
// reach through the API checks it. What a role may see of a record (its
// own needs, its own profile) is decided next to the record.
type Action string

// Actions.
const (
	ActListProfiles Action = "list_profiles" // every profile, with contact details
	ActEditProfiles Action = "edit_profiles" // create, update, import, deactivate
	ActSubmitNeed   Action = "submit_need"
	ActImportNeeds  Action = "import_needs" // many needs at once, from a file
	ActWithdrawNeed Action = "withdraw_need"
	ActMatch        Action = "match" // rank suppliers for a text or a visible need
	ActMarkMatched  Action = "mark_matched"
	ActAssign       Action = "assign"
	ActRespond      Action = "respond"  // accept or decline an assignment
	ActProgress     Action = "progress" // note progress on an accepted assignment
	ActFinish       Action = "finish"   // resolve or close
	ActFeedback     Action = "feedback"
	ActInbox        Action = "inbox"
	ActBatch        Action = "batch"
	ActFunnel       Action = "funnel" // the funnel and the feedback qrels
	ActDictionary   Action = "dictionary"
	ActBackup       Action = "backup"
	ActRanker       Action = "ranker"       // train and choose the ranker
	ActAccounts     Action = "accounts"     // create accounts, reset passwords
	ActRequestNeed  Action = "request_need" // a team asks to serve a need open in its slot
	ActMetrics      Action = "metrics"      // /metrics, when it asks for a token

	// 院士结对领航, packages and service groups.
	ActRounds         Action = "rounds"          // open pairing rounds, propose, adjust and approve pairs, reports
	ActPairPreference Action = "pair_preference" // state a mentee's wishes (an expert its own)
	ActPairActivity   Action = "pair_activity"   // record a pair's activity (an expert in its own pair)
	ActMyPairing      Action = "my_pairing"      // an expert sees its pairing
	ActPackages       Action = "packages"        // compose, save and assign county × industry packages
	ActServiceGroups  Action = "service_groups"  // themed service groups, their projects and funnels
)

// actionNames are the actions in Chinese, for refusals people read.
var actionNames = map[Action]string{
	ActListProfiles: "查看全部专家库", ActEditProfiles: "维护专家库", ActSubmitNeed: "提交需求", ActWithdrawNeed: "撤回需求",
	ActMatch: "匹配供给方", ActMarkMatched: "标记已匹配", ActAssign: "指派", ActRespond: "接受或拒绝指派", ActProgress: "记录进展",
	ActFinish: "办结需求", ActFeedback: "评价对接效果", ActInbox: "查看待办", ActBatch: "运行月度批量指派",
	ActFunnel: "查看对接漏斗", ActDictionary: "维护词典", ActBackup: "备份数据", ActRanker: "训练和切换排序模型",
	ActAccounts: "管理账号", ActRequestNeed: "申请对接", ActImportNeeds: "批量导入需求", ActMetrics: "读取运行指标",
	ActRounds: "管理院士结对", ActPairPreference: "填报结对意向", ActPairActivity: "记录结对活动", ActMyPairing: "查看本人的院士结对",
	ActPackages: "组建服务包", ActServiceGroups: "管理科技服务团",
}

// RoleNames returns the roles in Chinese.
func RoleNames() map[Role]string {
	return map[Role]string{RoleAdmin: "管理员", RoleAnalyst: "科协工作人员", RoleCompany: "企业", RoleTeam: "博士服务团", RoleExpert: "专家"}
}

// policy says which roles may do each action.
func policy(a Action) []Role {
	staff := []Role{RoleAdmin, RoleAnalyst}
	switch a {
	case ActSubmitNeed, ActWithdrawNeed, ActMatch, ActFeedback:
		return append(staff, RoleCompany)
	case ActRespond, ActProgress, ActInbox:
		return []Role{RoleTeam, RoleExpert}
	case ActFinish:
		return append(staff, RoleTeam, RoleExpert)
	case ActBackup, ActAccounts:
		return []Role{RoleAdmin}
	case ActRequestNeed:
		return []Role{RoleTeam}
	case ActPairPreference, ActPairActivity:
		return append(staff, RoleExpert)
	case ActMyPairing:
		return []Role{RoleExpert}
	}
	return staff
}

// Allows reports whether v's role may do a.
func (v Viewer) Allows(a Action) bool { return slices.Contains(policy(a), v.Role) }

// Require is may for callers outside the engine that must refuse before
// costly work (reading an uploaded file) that the engine would refuse
// after it.
func (v Viewer) Require(a Action) error { return v.may(a) }

// may returns an ErrForbidden that says, in Chinese first, who may not do
// what, unless v's role may do a.
func (v Viewer) may(a Action) error {
	if v.Allows(a) {
		return nil
	}
	return Errorf(ErrForbidden, RoleNames()[v.Role]+"无权"+actionNames[a], "role %s may not %s", v.Role, a)
}

// Operator is the viewer of the command-line tools, which act for the
// service's administrator on its data directory.
func Operator() Viewer { return Viewer{Role: RoleAdmin, Subject: "yxq"} }
