package bench

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Qrels are graded judgements: need ID → profile ID → grade.
type Qrels map[string]map[string]int

// ReadQrels reads TREC qrels, "need_id 0 profile_id grade" a line, fields
// separated by tabs or spaces. A malformed line is an error that names it.
func ReadQrels(r io.Reader) (Qrels, error) {
	q := Qrels{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 4 {
			return nil, fmt.Errorf("qrels line %d: want 'need_id 0 profile_id grade', got %d fields", n, len(f))
		}
		g, err := strconv.Atoi(f[3])
		if err != nil {
			return nil, fmt.Errorf("qrels line %d: grade %q is not a whole number", n, f[3])
		}
		if q[f[0]] == nil {
			q[f[0]] = map[string]int{}
		}
		q[f[0]][f[2]] = g
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read qrels: %w", err)
	}
	return q, nil
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
