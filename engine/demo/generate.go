package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"yixianqian/engine"
)

// Generate makes the demo dataset, the same every time: 150 experts
// (exp-001 …), 20 doctoral service teams (team-01 …), 15 societies
// (soc-01 …) and 60 needs (need-001 …).
//
// Tests outside this package rely on these properties of the data; keep
// them when changing it:
//
//   - 185 profiles and 60 needs in all (engine TestMatchDemo, TestReindexGivesSameHits,
//     TestSyncRepairsLaggingIndex, TestFeedbackAndFunnel; cmd/yxq import, restore and batch tests).
//   - need-001 and need-002 belong to different enterprises: a company sees
//     its own need and not the other (cmd/yxq serve and web tests, engine
//     TestFeedbackAndFunnel). The demo company token acts for need-001's
//     enterprise, 台州茗川制药有限公司.
//   - need-001 is a crystallisation problem and exp-002 a crystallisation
//     expert, as the progress note of engine TestWorkflow says.
//   - exp-001 … exp-004 are active university or institute experts with no
//     conflicts; exp-001, the first expert with no conflict and a capacity
//     of at least 2, is the subject of engine TestCapacity, the demo expert
//     token and the crash test's assignments.
//   - exp-006 is the first profile with a declared conflict; it is active,
//     has works, and its conflict is not its own organisation, so engine
//     TestConflictRulesAreNeverBroken sees both the declared-conflict and
//     the same-organisation rule.
//   - exp-012 declares a conflict with need-001's enterprise.
//   - Same-organisation cases among the needs: need-004 (浙江屏源屏蔽泵)
//     employs exp-057, need-034 (玉环铝翔压铸) exp-034, need-055 (温岭市锐岭数控)
//     exp-118.
//   - team-01 has a schedule whose slots 4 and 5 are in different counties,
//     keywords and works (engine TestSlotAndCountyFit); it has no tie to
//     need-001's enterprise (cmd/yxq TestWebTeamAcceptsAssignedRequest).
//   - exp-037, exp-074, exp-111 and exp-148 are inactive (engine TestMatchDemo).
//   - No need is of 现代农业 in 三门县: engine TestTeamInboxShowsItsSlot
//     puts a team of its own in that slot this month and counts the needs
//     its inbox lists.
//   - Team schedules cover 2026-01 … 2027-12 and all nine counties, and in
//     2026-12 several teams sit in the county and industry of a need
//     (cmd/yxq TestBatchCommand, the batch page); TestDemoSlotsMeetNeeds
//     checks it.
//   - The probe texts of the engine and cmd tests find their industry:
//     注塑模具冷却不均 → 模具与塑料, 屏蔽泵电机效率 → 泵与电机, 杨梅采后保鲜 →
//     现代农业 (with profiles serving 仙居县).
func Generate() ([]engine.Profile, []engine.Need) {
	r := rand.New(rand.NewPCG(2026, 11))
	w := newWriter(r, true)
	pp := &people{r: r, names: newNamer(), mail: newMailer()}
	var ps []engine.Profile
	for i, e := range roster {
		ps = append(ps, expert(r, w, pp, expertID(i), e))
	}
	for i, spec := range teamSpecs {
		ps = append(ps, team(r, w, pp, fmt.Sprintf("team-%02d", i+1), i, spec))
	}
	for i, spec := range societySpecs {
		ps = append(ps, society(r, w, fmt.Sprintf("soc-%02d", i+1), i, spec))
	}
	return ps, demoNeeds()
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// pickN returns n distinct elements of xs in random order.
func pickN[T any](r *rand.Rand, xs []T, n int) []T {
	idx := r.Perm(len(xs))[:min(n, len(xs))]
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

func appendUnique(xs []string, x string) []string {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

func replaceAll(s string, oldnew ...string) string {
	return strings.NewReplacer(oldnew...).Replace(s)
}

// Synthetic returns n profiles made from the demo material, the same for
// the same n and seed: a corpus for benchmarks at sizes the demo does not
// reach. About 85% are experts, 10% teams and 5% societies. Names, texts
// and titles may repeat.
func Synthetic(n int, seed uint64) []engine.Profile {
	r := rand.New(rand.NewPCG(seed, 7))
	w := newWriter(r, false)
	pp := &people{r: r, names: &namer{}, mail: &mailer{}}
	topics := allTopics()
	roles := []role{roleSenior, roleSenior, roleMid, roleMid, roleYoung, roleEnt}
	out := make([]engine.Profile, 0, n)
	for i := range n {
		id := fmt.Sprintf("syn-%07d", i+1)
		var p engine.Profile
		switch x := r.IntN(20); {
		case x < 17:
			t := pick(r, topics)
			e := rosterEntry{Topic: t.Key, Role: pick(r, roles)}
			if e.Role == roleEnt {
				e.Org = pick(r, enterprisesOf(t.Industry)).Name
			}
			p = expert(r, w, pp, id, e)
		case x < 19:
			p = team(r, w, pp, id, i, teamSpecs[i%len(teamSpecs)])
		default:
			p = society(r, w, id, i, societySpecs[i%len(societySpecs)])
		}
		out = append(out, p)
	}
	return out
}

// Frames of a synthetic need, in a company engineer's words.
var (
	needTitles = []string{"{O}{D}问题", "{O}{D}攻关", "求解{O}{D}"}
	needTexts  = []string{
		"我司主要生产{O}，近期{D}问题突出，{K}只有{Kb}左右。希望找到熟悉{M}的专家，帮助使{K}{to}{Ka}。",
		"公司{O}产线{D}，已尝试把{P}调整到{Pv}，效果有限，急需懂{M}的专家到现场诊断。",
		"计划开发新一代{O}，需要解决{D}的问题，寻求在{field}方面有经验的团队合作，可共同申报项目。",
		"{O}{D}，{K}{Kb}",
	}
)

// SyntheticNeeds returns n needs made from the demo material, the same for
// the same n and seed.
func SyntheticNeeds(n int, seed uint64) []engine.Need {
	r := rand.New(rand.NewPCG(seed, 8))
	w := newWriter(r, false)
	topics := allTopics()
	ms := []string{dev, commiss, coop, transf, consult, service, talent}
	out := make([]engine.Need, 0, n)
	for i := range n {
		t := pick(r, topics)
		s := w.slots(t)
		e := pick(r, enterprisesOf(t.Industry))
		nd := engine.Need{
			ID:          fmt.Sprintf("syn-need-%05d", i+1),
			Title:       w.fill(t, s, pick(r, needTitles)),
			Description: w.fill(t, s, pick(r, needTexts)),
			Enterprise:  e.Name,
			Industry:    t.Industry,
			County:      e.County,
			Modes:       pickN(r, ms, 1+r.IntN(2)),
		}
		if r.IntN(3) > 0 {
			nd.Budget = float64(5 * (1 + r.IntN(30)))
		}
		if r.IntN(2) == 0 {
			nd.Deadline = fmt.Sprintf("2027-%02d-%02d", 1+r.IntN(6), 1+r.IntN(28))
		}
		out = append(out, nd)
	}
	return out
}
