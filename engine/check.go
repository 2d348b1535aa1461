package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// CheckReport says what Check found and did.
type CheckReport struct {
	Store StoreCheck `json:"store"`
	// StoreProfiles and IndexDocs must be equal.
	StoreProfiles int    `json:"store_profiles"`
	IndexDocs     uint64 `json:"index_documents"`
	// Probes are the test queries run, one per kind of profile stored.
	Probes []Probe `json:"probes"`
	// IndexProblems lists what was wrong with the index; Rebuilt says it
	// was rebuilt from the store, and IndexAfter what a second check of
	// the rebuilt index found (empty: nothing).
	IndexProblems []string      `json:"index_problems,omitempty"`
	Rebuilt       bool          `json:"rebuilt"`
	IndexAfter    []string      `json:"index_after,omitempty"`
	Took          time.Duration `json:"took_ns"`
}

// Probe is one test query of Check.
type Probe struct {
	Kind       Kind   `json:"kind"`
	ProfileID  string `json:"profile_id"` // whose words were asked for
	Candidates int    `json:"candidates"`
	Error      string `json:"error,omitempty"`
}

// Clean reports whether the check found nothing wrong.
func (r *CheckReport) Clean() bool {
	return len(r.Store.Quarantined) == 0 && len(r.Store.Damage) == 0 && len(r.IndexProblems) == 0
}

// Damaged reports whether something is still wrong after the check's
// repairs: structural damage of the store (restore a backup), or an index
// that failed again after its rebuild.
func (r *CheckReport) Damaged() bool {
	return len(r.Store.Damage) > 0 || len(r.IndexAfter) > 0
}

// Check verifies the store and the search index and repairs what it can:
// every record must decode (one that does not is quarantined by the store,
// and the engine reloads what it keeps in memory); the index's files must
// pass their checksums, hold as many documents as the store holds profiles
// and answer a probe query for each kind of profile. When the index fails
// and repair is set, it is rebuilt from the store and checked again. The
// service runs it at start; 'yxq check' runs it on demand.
func (e *Engine) Check(ctx context.Context, repair bool) (CheckReport, error) {
	start := e.now()
	var r CheckReport
	var err error
	if r.Store, err = e.store.Check(ctx); err != nil {
		return r, fmt.Errorf("check store: %w", err)
	}
	if len(r.Store.Quarantined) > 0 {
		for _, q := range r.Store.Quarantined {
			e.log.Error("record quarantined: it cannot be read", "bucket", q.Bucket, "key", q.Key, "reason", q.Reason)
		}
		if err := errors.Join(e.loadLoads(ctx), e.facts.load(ctx, e.store.EachProfile), e.loadCounts(ctx)); err != nil {
			return r, fmt.Errorf("check: reload: %w", err)
		}
	}
	for _, d := range r.Store.Damage {
		e.log.Error("store file damaged; restore a backup ('yxq restore')", "problem", d)
	}
	r.IndexProblems = e.checkIndex(ctx, &r)
	if len(r.IndexProblems) > 0 && repair {
		e.log.Error("search index failed its check; rebuilding it from the store", "problems", strings.Join(r.IndexProblems, "; "))
		if _, err := e.Reindex(ctx); err != nil {
			return r, fmt.Errorf("check: rebuild index: %w", err)
		}
		if d := e.dict.Load(); d != nil {
			if err := e.search.DictionaryApplied(d.Version); err != nil {
				return r, fmt.Errorf("check: rebuild index: %w", err)
			}
		}
		r.Rebuilt = true
		var again CheckReport
		r.IndexAfter = e.checkIndex(ctx, &again)
		r.IndexDocs, r.Probes = again.IndexDocs, again.Probes
	}
	r.Took = e.now().Sub(start)
	return r, nil
}

// checkIndex verifies the index against the store and returns its
// problems.
func (e *Engine) checkIndex(ctx context.Context, r *CheckReport) []string {
	var problems []string
	if err := e.safeVerify(ctx); err != nil {
		problems = append(problems, err.Error())
	}
	// Heads are enough to count, and far cheaper than whole profiles
	// (Store.Check decoded those); a few of each kind are read whole for
	// the probe, whose words may be in the works.
	const probeTries = 5
	tries := map[Kind][]string{}
	r.StoreProfiles = 0
	err := e.store.EachProfileHead(ctx, func(p Profile) error {
		r.StoreProfiles++
		if len(tries[p.Kind]) < probeTries {
			tries[p.Kind] = append(tries[p.Kind], p.ID)
		}
		return nil
	})
	if err != nil {
		return append(problems, "read profiles: "+err.Error())
	}
	first := map[Kind]Profile{}
	for k, ids := range tries {
		for _, id := range ids {
			if p, err := e.store.Profile(ctx, id); err == nil && probeText(&p) != "" {
				first[k] = p
				break
			}
		}
	}
	st, err := e.search.State()
	if err != nil {
		return append(problems, "index state: "+err.Error())
	}
	r.IndexDocs = st.Docs
	if st.Docs != uint64(r.StoreProfiles) {
		problems = append(problems, fmt.Sprintf("index holds %d documents, the store %d profiles", st.Docs, r.StoreProfiles))
	}
	r.Probes = nil
	for _, k := range Kinds() {
		p, ok := first[k]
		if !ok {
			continue
		}
		pr := Probe{Kind: k, ProfileID: p.ID}
		ret, err := e.safeRetrieve(ctx, SearchQuery{Text: probeText(&p), Kinds: []Kind{k}, N: 10})
		if err != nil {
			pr.Error = err.Error()
			problems = append(problems, fmt.Sprintf("probe query for %s (%s): %v", k, p.ID, err))
		} else {
			pr.Candidates = len(ret.Candidates)
		}
		r.Probes = append(r.Probes, pr)
	}
	return problems
}

// probeText is what a probe query asks for: a profile's own words.
func probeText(p *Profile) string {
	words := append(append([]string(nil), p.Keywords...), p.Fields...)
	for _, w := range p.Works {
		if len(words) >= 8 {
			break
		}
		words = append(append(words, w.Title), w.Keywords...)
	}
	if text := strings.TrimSpace(strings.Join(words, " ")); text != "" {
		return truncate(text, 200)
	}
	for _, w := range p.Works { // no keywords or titles: the start of a text
		if text := strings.TrimSpace(w.Text); text != "" {
			return truncate(text, 60)
		}
	}
	return ""
}

func (e *Engine) safeVerify(ctx context.Context) (err error) {
	defer recoverTo(&err, "verify index")
	return e.search.Verify(ctx)
}

func (e *Engine) safeRetrieve(ctx context.Context, q SearchQuery) (r *Retrieval, err error) {
	defer recoverTo(&err, "probe query")
	return e.search.Retrieve(ctx, q)
}
