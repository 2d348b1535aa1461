package engine

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"yixianqian/index"
	"yixianqian/segment"
)

// Word is a dictionary entry (the segmenter's type, so callers above the
// engine need not import the segmenter).
type Word = segment.Word

// Dictionary is staff's domain vocabulary on top of the built-in one: words
// the segmenter must keep whole, and synonym groups expanded at query time.
// Each change makes a new version.
type Dictionary struct {
	Version  int            `json:"version"`
	Words    []segment.Word `json:"words"`
	Synonyms [][]string     `json:"synonyms"`
	Updated  time.Time      `json:"updated,omitzero"`
	By       string         `json:"by,omitempty"`
}

// DictionaryStore keeps the current dictionary and its history.
type DictionaryStore interface {
	// Dictionary returns the current dictionary (version 0 when none).
	Dictionary(ctx context.Context) (Dictionary, error)
	// PutDictionary stores d as the current version and keeps it in the
	// history.
	PutDictionary(ctx context.Context, d Dictionary) error
}

// SegmenterWords returns the words a segmenter for d must know: the words
// and every synonym, so that each synonym is one token.
func (d *Dictionary) SegmenterWords() []segment.Word {
	out := append([]segment.Word(nil), d.Words...)
	for _, g := range d.Synonyms {
		for _, m := range g {
			out = append(out, segment.Word{Text: m})
		}
	}
	return out
}

// Validate checks words and synonym groups.
func (d *Dictionary) Validate() error {
	if len(d.Words) > 100000 || len(d.Synonyms) > 10000 {
		return invalidf("at most 100000 words and 10000 synonym groups")
	}
	for i, w := range d.Words {
		t := strings.TrimSpace(w.Text)
		if t == "" || strings.ContainsAny(t, " \t\n") || utf8.RuneCountInString(t) > 50 || !utf8.ValidString(t) {
			return invalidf("word %d %q: one word of 1 to 50 characters, no spaces", i+1, truncate(w.Text, 20))
		}
		if w.Freq < 0 {
			return invalidf("word %q: frequency is negative", t)
		}
	}
	for i, g := range d.Synonyms {
		if len(g) < 2 {
			return invalidf("synonym group %d has %d member; a group needs at least two", i+1, len(g))
		}
		for _, m := range g {
			if strings.TrimSpace(m) == "" || strings.ContainsAny(m, " \t\n") || utf8.RuneCountInString(m) > 50 {
				return invalidf("synonym %q: one word of 1 to 50 characters, no spaces", truncate(m, 20))
			}
		}
	}
	return nil
}

// ReindexProgress tells how far applying a dictionary version has come.
type ReindexProgress struct {
	Version int  `json:"version"`
	Running bool `json:"running"`
	Done    int  `json:"done"`
	Total   int  `json:"total"`
}

// dictState is the dictionary in use with its synonym lookup.
type dictState struct {
	dict     Dictionary
	synonyms map[string][]string // normalised member → the other members
}

func newDictState(d Dictionary) *dictState {
	st := &dictState{dict: d, synonyms: map[string][]string{}}
	for _, g := range d.Synonyms {
		for _, m := range g {
			key := strings.ToLower(strings.TrimSpace(m))
			for _, o := range g {
				if o != m {
					st.synonyms[key] = append(st.synonyms[key], o)
				}
			}
		}
	}
	return st
}

// CurrentDictionary returns the dictionary in use and the progress of
// applying it to stored documents.
func (e *Engine) CurrentDictionary() (Dictionary, ReindexProgress) {
	var d Dictionary
	if st := e.dict.Load(); st != nil {
		d = st.dict
	}
	return d, e.progress()
}

func (e *Engine) progress() ReindexProgress {
	return ReindexProgress{Version: int(e.prog.version.Load()), Running: e.prog.running.Load(), Done: int(e.prog.done.Load()), Total: int(e.prog.total.Load())}
}

// reindexProgress is updated by the background reindex.
type reindexProgress struct {
	version, done, total atomic.Int64
	running              atomic.Bool
}

// UpdateDictionary stores a new version of the dictionary and applies it
// without a restart: a new segmenter with the new words is swapped in at
// once for new text, and a background reindex brings every stored profile
// and need to the new version while searches go on (they look terms up
// under the old and the new segmenter until it is done). It returns the
// new version.
func (e *Engine) UpdateDictionary(ctx context.Context, v Viewer, words []segment.Word, synonyms [][]string) (Dictionary, error) {
	if !isStaff(v) {
		return Dictionary{}, fmt.Errorf("%w: only staff change the dictionary", ErrForbidden)
	}
	ds, ok := e.store.(DictionaryStore)
	if !ok || e.newSegmenter == nil {
		return Dictionary{}, fmt.Errorf("%w: this service cannot change its dictionary", ErrUnavailable)
	}
	d := Dictionary{Words: words, Synonyms: synonyms, Updated: e.now().UTC(), By: who(v)}
	if err := d.Validate(); err != nil {
		return Dictionary{}, err
	}
	if e.prog.running.Load() {
		return Dictionary{}, fmt.Errorf("dictionary version %d is still being applied: %w", e.prog.version.Load(), ErrConflict)
	}
	seg, err := e.newSegmenter(d.SegmenterWords())
	if err != nil {
		return Dictionary{}, fmt.Errorf("build segmenter: %w", err)
	}
	e.writeMu.Lock()
	old, err := ds.Dictionary(ctx)
	if err == nil {
		d.Version = old.Version + 1
		err = ds.PutDictionary(ctx, d)
	}
	if err != nil {
		e.writeMu.Unlock()
		seg.Close()
		return Dictionary{}, err
	}
	prev := e.seg.Swap(seg)
	e.prevSeg.Store(prev)
	e.owned.Store(seg, true)
	index.SetSegmenter(seg)
	e.dict.Store(newDictState(d))
	e.prog.version.Store(int64(d.Version))
	e.prog.running.Store(true)
	e.prog.done.Store(0)
	e.writeMu.Unlock()
	e.log.Info("dictionary changed; reindexing in the background", "version", d.Version, "words", len(d.Words), "synonyms", len(d.Synonyms))
	go e.applyDictionary(context.WithoutCancel(ctx), d.Version, prev)
	return d, nil
}

// applyDictionary reindexes every stored document with the current
// segmenter, batch by batch between other writes, then learns the
// semantic space again and retires the old segmenter.
func (e *Engine) applyDictionary(ctx context.Context, version int, prev *segment.Segmenter) {
	defer e.prog.running.Store(false)
	start := e.now()
	var ids []string
	var needIDs []string
	e.store.EachProfile(ctx, func(p Profile) error { ids = append(ids, p.ID); return nil })
	e.store.EachNeed(ctx, func(n Need) error { needIDs = append(needIDs, n.ID); return nil })
	e.prog.total.Store(int64(len(ids) + len(needIDs)))
	apply := func(docs []index.Document) error {
		e.writeMu.Lock()
		defer e.writeMu.Unlock()
		seq, err := e.store.Seq(ctx)
		if err != nil {
			return err
		}
		for i := range docs {
			docs[i].DictVersion = version
		}
		return e.idx.Apply(ctx, docs, nil, seq)
	}
	var batch []index.Document
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := apply(batch)
		e.prog.done.Add(int64(len(batch)))
		batch = batch[:0]
		return err
	}
	for _, id := range ids {
		p, err := e.store.Profile(ctx, id)
		if err != nil {
			continue // deleted meanwhile
		}
		batch = append(batch, profileDoc(&p))
		if len(batch) >= e.batch {
			if err := flush(); err != nil {
				e.log.Error("dictionary reindex", "err", err)
				return
			}
		}
	}
	for _, id := range needIDs {
		n, err := e.store.Need(ctx, id)
		if err != nil {
			continue
		}
		batch = append(batch, needDoc(&n))
		if len(batch) >= e.batch {
			if err := flush(); err != nil {
				e.log.Error("dictionary reindex", "err", err)
				return
			}
		}
	}
	if err := flush(); err != nil {
		e.log.Error("dictionary reindex", "err", err)
		return
	}
	if err := e.idx.SetDictVersion(version); err != nil {
		e.log.Error("dictionary reindex", "err", err)
	}
	if e.sem.Load() != nil {
		if _, err := e.Learn(ctx); err != nil {
			e.log.Error("learn after dictionary change", "err", err)
		}
	}
	e.prevSeg.Store(nil)
	if _, owned := e.owned.LoadAndDelete(prev); owned {
		// Queries that started with the old segmenter finish in
		// milliseconds; free it a little later. A segmenter the engine
		// was given belongs to its caller.
		time.AfterFunc(5*time.Second, func() { prev.Close() })
	}
	e.log.Info("dictionary applied", "version", version, "documents", e.prog.done.Load(), "took", e.now().Sub(start))
}

// WaitDictionary waits until no dictionary is being applied or ctx ends.
func (e *Engine) WaitDictionary(ctx context.Context) error {
	for e.prog.running.Load() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	return nil
}

// queryTerms analyses a need text for matching: with the current
// segmenter, and while a dictionary change is being applied also with the
// previous one, so documents not yet reindexed still match; then adds the
// synonyms of its terms. It returns the expansions made, as "a → b".
func (e *Engine) queryTerms(text string) ([]string, []string, error) {
	terms, err := e.idx.Terms(text)
	if err != nil {
		return nil, nil, err
	}
	if prev := e.prevSeg.Load(); prev != nil {
		old, err := e.idx.TermsWith(prev, text)
		if err != nil {
			return nil, nil, err
		}
		terms = append(terms, old...)
	}
	st := e.dict.Load()
	if st == nil || len(st.synonyms) == 0 {
		return terms, nil, nil
	}
	var expanded []string
	seen := map[string]bool{}
	for _, t := range terms {
		if seen[t] {
			continue
		}
		seen[t] = true
		for _, syn := range st.synonyms[t] {
			more, err := e.idx.Terms(syn)
			if err != nil {
				return nil, nil, err
			}
			terms = append(terms, more...)
			expanded = append(expanded, t+" → "+syn)
		}
	}
	return terms, expanded, nil
}

// StoreDictionary stores a new version without applying it: for offline
// changes, which the next start applies (Sync sees the index's version
// lag and rebuilds it).
func (e *Engine) StoreDictionary(ctx context.Context, words []segment.Word, synonyms [][]string, by string) (Dictionary, error) {
	ds, ok := e.store.(DictionaryStore)
	if !ok {
		return Dictionary{}, fmt.Errorf("%w: the store keeps no dictionary", ErrUnavailable)
	}
	d := Dictionary{Words: words, Synonyms: synonyms, Updated: e.now().UTC(), By: by}
	if err := d.Validate(); err != nil {
		return Dictionary{}, err
	}
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	old, err := ds.Dictionary(ctx)
	if err != nil {
		return Dictionary{}, err
	}
	d.Version = old.Version + 1
	return d, ds.PutDictionary(ctx, d)
}

// ParseSynonyms reads synonym groups, one a line, members separated by
// "=" ("医械 = 医疗器械"); blank lines and lines starting with # are
// skipped.
func ParseSynonyms(text string) ([][]string, error) {
	var out [][]string
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var g []string
		for _, m := range strings.Split(line, "=") {
			if m = strings.TrimSpace(m); m != "" {
				g = append(g, m)
			}
		}
		if len(g) < 2 {
			return nil, invalidf("synonyms line %d: want 'a = b [= c …]'", i+1)
		}
		out = append(out, g)
	}
	return out, nil
}

// FormatSynonyms writes groups in the format ParseSynonyms reads.
func FormatSynonyms(groups [][]string) string {
	var b strings.Builder
	for _, g := range groups {
		b.WriteString(strings.Join(g, " = "))
		b.WriteByte('\n')
	}
	return b.String()
}
