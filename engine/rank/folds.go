package rank

import (
	"hash/fnv"
	"sort"
)

// Folds splits ids into k folds of nearly equal size, by a hash of each id
// so that the split does not depend on their order; every id is in exactly
// one fold.
func Folds(ids []string, k int) [][]string {
	type keyed struct {
		h  uint64
		id string
	}
	ks := make([]keyed, len(ids))
	for i, id := range ids {
		f := fnv.New64a()
		f.Write([]byte(id))
		ks[i] = keyed{f.Sum64(), id}
	}
	sort.Slice(ks, func(i, j int) bool {
		if ks[i].h != ks[j].h {
			return ks[i].h < ks[j].h
		}
		return ks[i].id < ks[j].id
	})
	out := make([][]string, k)
	for i, x := range ks {
		out[i%k] = append(out[i%k], x.id)
	}
	return out
}
