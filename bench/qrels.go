package bench

import (
	"bufio"
	"fmt"
	"io"
	"sort"

	"yixianqian/engine"
)

// Qrels are graded judgements: need ID → profile ID → grade.
type Qrels map[string]map[string]int

// ReadQrels reads TREC qrels, "need_id 0 profile_id grade" a line, fields
// separated by tabs or spaces (engine.ReadJudgements). A malformed line is
// an error that names it.
func ReadQrels(r io.Reader) (Qrels, error) {
	j, err := engine.ReadJudgements(r)
	return Qrels(j), err
}

// RunEntry is one ranked document of a run.
type RunEntry struct {
	ID    string
	Score float64
}

// WriteRun writes a TREC run file: "need_id Q0 profile_id rank score tag".
// Needs are written in ID order.
func WriteRun(w io.Writer, run map[string][]RunEntry, tag string) error {
	ids := make([]string, 0, len(run))
	for id := range run {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	bw := bufio.NewWriter(w)
	for _, need := range ids {
		for i, e := range run[need] {
			fmt.Fprintf(bw, "%s Q0 %s %d %.6f %s\n", need, e.ID, i+1, e.Score, tag)
		}
	}
	return bw.Flush()
}
