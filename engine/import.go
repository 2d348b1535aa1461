package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// An import first plans, line by line, what it would do with a file's
// records (add, update, refuse, or leave out a likely duplicate) and then,
// unless it is a dry run, writes the added and updated ones. A dry run
// writes nothing.

// ImportAction is what an import does with one line.
type ImportAction string

// Import actions.
const (
	ImportAdd       ImportAction = "add"
	ImportUpdate    ImportAction = "update"
	ImportRefuse    ImportAction = "refuse"
	ImportDuplicate ImportAction = "duplicate" // a likely duplicate, not written
)

// Incoming is one line of an import file as a reader parsed it: the
// record, or why it cannot be read (Refused, in Chinese), and the reader's
// warnings (in Chinese).
type Incoming[T any] struct {
	Line     int
	Record   T
	Warnings []string
	Refused  string
}

// ImportRow says what an import does (or, on a dry run, would do) with one
// line; Message and Warnings are in Chinese.
type ImportRow struct {
	Line     int          `json:"line"`
	Action   ImportAction `json:"action"`
	ID       string       `json:"id"`
	Name     string       `json:"name"`
	Message  string       `json:"message"`
	Warnings []string     `json:"warnings"`
}

// ImportReport is an import's plan, line by line, with a one-sentence
// Chinese summary; Written counts the records stored (0 on a dry run).
type ImportReport struct {
	Summary string               `json:"summary"`
	Rows    []ImportRow          `json:"rows"`
	DryRun  bool                 `json:"dry_run"`
	Counts  map[ImportAction]int `json:"counts"`
	Written int                  `json:"written"`
}

func newImportReport(dryRun bool) *ImportReport {
	return &ImportReport{Rows: []ImportRow{}, DryRun: dryRun, Counts: map[ImportAction]int{ImportAdd: 0, ImportUpdate: 0, ImportRefuse: 0, ImportDuplicate: 0}}
}

func (r *ImportReport) add(row ImportRow) {
	if row.Warnings == nil {
		row.Warnings = []string{}
	}
	r.Rows = append(r.Rows, row)
	r.Counts[row.Action]++
}

// summarise writes the summary; what names the records (专家库, 技术需求).
func (r *ImportReport) summarise(what string) {
	warned := 0
	for _, row := range r.Rows {
		warned += len(row.Warnings)
	}
	s := fmt.Sprintf("%s：共 %d 行，新增 %d 条，更新 %d 条，拒绝 %d 条，疑似重复未导入 %d 条，警告 %d 条", what, len(r.Rows),
		r.Counts[ImportAdd], r.Counts[ImportUpdate], r.Counts[ImportRefuse], r.Counts[ImportDuplicate], warned)
	if r.DryRun {
		s += "；这是试运行，没有写入任何数据。"
	} else {
		s += fmt.Sprintf("；已写入 %d 条。", r.Written)
	}
	r.Summary = s
}

// Problems returns the rows that were refused or left out as duplicates.
func (r *ImportReport) Problems() []ImportRow {
	var out []ImportRow
	for _, row := range r.Rows {
		if row.Action == ImportRefuse || row.Action == ImportDuplicate {
			out = append(out, row)
		}
	}
	return out
}

// refusal words err for people: its Chinese message, or the rule it
// breaks.
func refusal(err error) string {
	if m := Message(err); m != "" {
		return m
	}
	return "记录不合规：" + err.Error()
}

// sameJSON reports whether a and b encode alike: an update that changes
// nothing.
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// ImportProfileLines plans the import of profiles for v and, unless dryRun,
// stores the added and updated ones. A line is an update when a stored
// profile has its ID, or, when its ID is new, the same name and
// organisation (then that profile is updated under its own ID). A line is
// left out as a likely duplicate when an earlier line is the same person,
// or another profile of its kind has its phone or e-mail, or another
// profile of the same name has all its works.
func (e *Engine) ImportProfileLines(ctx context.Context, v Viewer, lines []Incoming[Profile], dryRun bool) (*ImportReport, error) {
	if err := v.may(ActEditProfiles); err != nil {
		return nil, err
	}
	pl := &profilePlan{stored: map[string]Profile{}, idx: newDupIndex(), seen: map[string]int{}}
	err := e.store.EachProfile(ctx, func(p Profile) error {
		pl.stored[p.ID] = p
		pl.idx.add(&p, 0)
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep := newImportReport(dryRun)
	var write []Profile
	for i := range lines {
		row, p, ok := pl.line(&lines[i])
		rep.add(row)
		if ok {
			write = append(write, p)
		}
	}
	if !dryRun && len(write) > 0 {
		if err := e.PutProfiles(ctx, write); err != nil {
			return nil, err
		}
		rep.Written = len(write)
	}
	rep.summarise("专家库导入")
	return rep, nil
}

// profilePlan is what planning profiles keeps from line to line.
type profilePlan struct {
	stored map[string]Profile
	idx    *dupIndex
	seen   map[string]int // ID → the line that writes it
}

// line plans one line: its row, and the profile to write when ok.
func (pl *profilePlan) line(in *Incoming[Profile]) (row ImportRow, p Profile, ok bool) {
	p = in.Record
	row = ImportRow{Line: in.Line, ID: p.ID, Name: p.Name, Warnings: append([]string(nil), in.Warnings...)}
	if in.Refused != "" {
		row.Action, row.Message = ImportRefuse, in.Refused
		return row, p, false
	}
	row.Warnings = append(row.Warnings, dropRepeatedWorks(&p)...)
	if err := p.Validate(); err != nil {
		row.Action, row.Message = ImportRefuse, refusal(err)
		return row, p, false
	}
	if first, dup := pl.seen[p.ID]; dup {
		row.Action, row.Message = ImportRefuse, fmt.Sprintf("编号 %s 与第 %d 行相同，本行未导入", p.ID, first)
		return row, p, false
	}
	old, exists := pl.stored[p.ID]
	if !exists {
		var msg string
		if msg, exists = pl.sameAs(&p); msg != "" && !exists {
			row.Action, row.Message = ImportDuplicate, msg
			return row, p, false
		}
		old, row.ID, row.Message = pl.stored[p.ID], p.ID, msg
	}
	if first, dup := pl.seen[p.ID]; dup {
		row.Action, row.Message = ImportDuplicate, fmt.Sprintf("与第 %d 行是同一人（姓名和单位相同），本行未导入", first)
		return row, p, false
	}
	row.Warnings = append(row.Warnings, pl.warnings(&p)...)
	pl.seen[p.ID] = in.Line
	pl.idx.add(&p, in.Line)
	switch {
	case !exists:
		row.Action, row.Message = ImportAdd, "新增"
	case sameJSON(old, p):
		row.Action, row.Message = ImportUpdate, "与已有记录相同，没有变化"
	default:
		row.Action = ImportUpdate
		if row.Message == "" {
			row.Message = "更新已有记录"
		}
	}
	return row, p, true
}

// sameAs looks for the person of a line whose ID is new: a stored profile
// with its name and organisation turns the line into an update of that
// profile (p.ID is set to it, exists is true); an earlier line of the same
// person, another profile of its kind with its phone or e-mail, or one of
// its name with all its works, make it a likely duplicate (msg says why).
func (pl *profilePlan) sameAs(p *Profile) (msg string, exists bool) {
	if o, ok := pl.idx.person(p); ok {
		if o.line > 0 {
			return fmt.Sprintf("与%s姓名和单位相同，是同一人，本行未导入", o), false
		}
		p.ID = o.id
		return fmt.Sprintf("编号是新的，但姓名和单位与%s相同：更新该记录，不新增", o), true
	}
	if o, what, ok := pl.idx.contact(p); ok {
		return fmt.Sprintf("%s与%s相同，可能是同一人，本行未导入；如确是不同的人，请核对%s，如是同一人，请用编号 %s 更新", what, o, what, o.id), false
	}
	if len(p.Works) == 0 {
		return "", false
	}
	var same *owner
	for i := range p.Works {
		r, ok := pl.idx.similarWork(&p.Works[i], p.ID)
		if !ok || normKey(r.owner.name) != normKey(p.Name) || (same != nil && r.owner.id != same.id) {
			return "", false
		}
		same = &r.owner
	}
	return fmt.Sprintf("与%s同名，且每项成果都相同或几乎相同，可能是同一人，本行未导入", *same), false
}

// warnings notes what a written line shares with other profiles: a phone
// or e-mail, and works that are the same or nearly the same.
func (pl *profilePlan) warnings(p *Profile) []string {
	var out []string
	if o, what, ok := pl.idx.contact(p); ok {
		out = append(out, fmt.Sprintf("%s与%s相同，请核对是否是同一人", what, o))
	}
	for i := range p.Works {
		if r, ok := pl.idx.similarWork(&p.Works[i], p.ID); ok {
			out = append(out, fmt.Sprintf("成果「%s」与%s的成果「%s」相同或几乎相同，可能重复", truncate(workLabel(&p.Works[i]), 30), r.owner, truncate(r.title, 30)))
		}
		if len(out) >= 5 {
			out = append(out, "还有更多相同的成果，未一一列出")
			break
		}
	}
	return out
}

// ImportNeedLines plans the import of needs for v and, unless dryRun,
// stores the added and updated ones. A stored need with the line's ID is
// updated, keeping its status, history and creation time when the line has
// no status (a sheet never has); a line with a new ID whose enterprise,
// title and description are those of another need is left out as a likely
// duplicate.
func (e *Engine) ImportNeedLines(ctx context.Context, v Viewer, lines []Incoming[Need], dryRun bool) (*ImportReport, error) {
	if err := v.may(ActImportNeeds); err != nil {
		return nil, err
	}
	stored, keys := map[string]Need{}, map[string]owner{}
	err := e.store.EachNeed(ctx, func(n Need) error {
		stored[n.ID] = n
		if _, ok := keys[needKey(&n)]; !ok {
			keys[needKey(&n)] = owner{id: n.ID, name: needName(&n)}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep := newImportReport(dryRun)
	seen := map[string]int{}
	var write []Need
	for i := range lines {
		row, n, ok := planNeed(&lines[i], stored, keys, seen)
		rep.add(row)
		if ok {
			write = append(write, n)
		}
	}
	if !dryRun && len(write) > 0 {
		if err := e.PutNeeds(ctx, write); err != nil {
			return nil, err
		}
		rep.Written = len(write)
	}
	rep.summarise("技术需求导入")
	return rep, nil
}

// planNeed plans one line of needs: its row, and the need to write when ok.
func planNeed(in *Incoming[Need], stored map[string]Need, keys map[string]owner, seen map[string]int) (ImportRow, Need, bool) {
	n := in.Record
	n.NormalizeModes()
	row := ImportRow{Line: in.Line, ID: n.ID, Name: needName(&n), Warnings: append([]string(nil), in.Warnings...)}
	if in.Refused != "" {
		row.Action, row.Message = ImportRefuse, in.Refused
		return row, n, false
	}
	if err := n.Validate(); err != nil {
		row.Action, row.Message = ImportRefuse, refusal(err)
		return row, n, false
	}
	if first, dup := seen[n.ID]; dup {
		row.Action, row.Message = ImportRefuse, fmt.Sprintf("编号 %s 与第 %d 行相同，本行未导入", n.ID, first)
		return row, n, false
	}
	old, exists := stored[n.ID]
	k := needKey(&n)
	if o, ok := keys[k]; ok && !exists && o.id != n.ID {
		row.Action, row.Message = ImportDuplicate, fmt.Sprintf("企业、需求名称和描述与%s相同，可能重复，本行未导入", o)
		return row, n, false
	}
	seen[n.ID] = in.Line
	if _, ok := keys[k]; !ok {
		keys[k] = owner{id: n.ID, name: row.Name, line: in.Line}
	}
	if !exists {
		row.Action, row.Message = ImportAdd, "新增"
		return row, n, true
	}
	if n.Status == "" {
		n.Status, n.History, n.Created = old.Status, old.History, old.Created
	}
	row.Action, row.Message = ImportUpdate, "更新已有需求"
	if sameJSON(old, n) {
		row.Message = "与已有需求相同，没有变化"
	}
	return row, n, true
}

// needName is what people call a need: its title, or the start of its
// description.
func needName(n *Need) string {
	if t := strings.TrimSpace(n.Title); t != "" {
		return t
	}
	return truncate(strings.TrimSpace(n.Description), 30)
}
