package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Word is a dictionary entry: the word, its frequency (0: the segmenter
// picks one) and an optional part-of-speech tag.
type Word struct {
	Text string `json:"text"`
	Freq int    `json:"freq,omitempty"`
	Tag  string `json:"tag,omitempty"`
}

// Dictionary is staff's domain vocabulary on top of the built-in one: words
// the segmenter must keep whole, and synonym groups expanded at query time.
// Each change makes a new version.
type Dictionary struct {
	Version  int        `json:"version"`
	Words    []Word     `json:"words"`
	Synonyms [][]string `json:"synonyms"`
	Updated  time.Time  `json:"updated,omitzero"`
	By       string     `json:"by,omitempty"`
}

// Limits on a dictionary, so that no stored dictionary can make a start
// run out of memory: synonym expansion is linear in the group size, and
// groups are small.
const (
	MaxDictionaryWords = 20000
	MaxSynonymGroups   = 2000
	MaxSynonymGroup    = 20
	MaxSynonymMembers  = 10000 // members of all groups together
)

// SegmenterWords returns the words a segmenter for d must know: the words
// and every synonym, so that each synonym is one token.
func (d *Dictionary) SegmenterWords() []Word {
	out := append([]Word(nil), d.Words...)
	for _, g := range d.Synonyms {
		for _, m := range g {
			out = append(out, Word{Text: m})
		}
	}
	return out
}

// Validate checks words and synonym groups.
func (d *Dictionary) Validate() error {
	if len(d.Words) > MaxDictionaryWords {
		return invalid(fmt.Sprintf("词典最多 %d 个词，提交了 %d 个", MaxDictionaryWords, len(d.Words)), "at most %d words", MaxDictionaryWords)
	}
	if len(d.Synonyms) > MaxSynonymGroups {
		return invalid(fmt.Sprintf("同义词最多 %d 组，提交了 %d 组", MaxSynonymGroups, len(d.Synonyms)), "at most %d synonym groups", MaxSynonymGroups)
	}
	for i, w := range d.Words {
		if err := checkWord(w.Text); err != nil {
			return invalid(fmt.Sprintf("第 %d 个词「%s」须为 1 到 50 个字符的一个词，不含空格", i+1, truncate(w.Text, 20)), "word %d %q: %v", i+1, truncate(w.Text, 20), err)
		}
		if w.Freq < 0 {
			return invalid(fmt.Sprintf("词「%s」的词频不能为负", truncate(w.Text, 20)), "word %q: frequency is negative", w.Text)
		}
	}
	members := 0
	for i, g := range d.Synonyms {
		if len(g) < 2 || len(g) > MaxSynonymGroup {
			return invalid(fmt.Sprintf("第 %d 组同义词只有 %d 个词，每组需 2 到 %d 个，用“=”连接", i+1, len(g), MaxSynonymGroup), "synonym group %d has %d members: 2 to %d", i+1, len(g), MaxSynonymGroup)
		}
		members += len(g)
		for _, m := range g {
			if err := checkWord(m); err != nil {
				return invalid(fmt.Sprintf("第 %d 组同义词「%s」须为 1 到 50 个字符的一个词，不含空格", i+1, truncate(m, 20)), "synonym group %d %q: %v", i+1, truncate(m, 20), err)
			}
		}
	}
	if members > MaxSynonymMembers {
		return invalid(fmt.Sprintf("同义词合计最多 %d 个词，提交了 %d 个", MaxSynonymMembers, members), "at most %d synonyms in all", MaxSynonymMembers)
	}
	return nil
}

func checkWord(w string) error {
	t := strings.TrimSpace(w)
	if t == "" || strings.ContainsAny(t, " \t\r\n") || utf8.RuneCountInString(t) > 50 || !utf8.ValidString(t) || strings.ContainsRune(t, 0) {
		return fmt.Errorf("须为 1 到 50 个字符的一个词，不含空格 (one word of 1 to 50 characters, no spaces)")
	}
	return nil
}

// ReindexProgress tells how far applying a dictionary version has come.
// Error, when set, says why the last attempt stopped short of Total; it is
// retried in the background.
type ReindexProgress struct {
	Version int    `json:"version"`
	Running bool   `json:"running"`
	Done    int    `json:"done"`
	Total   int    `json:"total"`
	Error   string `json:"error,omitempty"`
}

// reindexProgress is updated by the background reindex.
type reindexProgress struct {
	version, done, total atomic.Int64
	running              atomic.Bool
	err                  atomic.Pointer[string]
}

func (p *reindexProgress) errText() string {
	if s := p.err.Load(); s != nil {
		return *s
	}
	return ""
}

// CurrentDictionary returns the dictionary in use and the progress of
// applying it to stored profiles.
func (e *Engine) CurrentDictionary() (Dictionary, ReindexProgress) {
	var d Dictionary
	if p := e.dict.Load(); p != nil {
		d = *p
	}
	return d, ReindexProgress{Version: int(e.prog.version.Load()), Running: e.prog.running.Load(), Done: int(e.prog.done.Load()), Total: int(e.prog.total.Load()), Error: e.prog.errText()}
}

// ViewDictionary returns the dictionary in use and the progress of applying
// it, for v.
func (e *Engine) ViewDictionary(v Viewer) (Dictionary, ReindexProgress, error) {
	if err := v.may(ActDictionary); err != nil {
		return Dictionary{}, ReindexProgress{}, err
	}
	d, p := e.CurrentDictionary()
	return d, p, nil
}

// UpdateDictionary stores a new version of the dictionary and applies it
// without a restart: Search analyses new text with it at once, and a
// background reindex brings every stored profile to the new version while
// searches go on. The new segmentation is built before anything is stored,
// so a dictionary that cannot be used is never stored. It returns the new
// version.
func (e *Engine) UpdateDictionary(ctx context.Context, v Viewer, words []Word, synonyms [][]string) (Dictionary, error) {
	if err := v.may(ActDictionary); err != nil {
		return Dictionary{}, err
	}
	d := Dictionary{Words: words, Synonyms: synonyms, Updated: e.now().UTC(), By: who(v)}
	if err := d.Validate(); err != nil {
		return Dictionary{}, err
	}
	e.writeMu.Lock()
	if e.prog.running.Load() {
		e.writeMu.Unlock()
		return Dictionary{}, Errorf(ErrConflict, fmt.Sprintf("词典第 %d 版仍在生效中，请稍后再改", e.prog.version.Load()), "version %d is still being applied", e.prog.version.Load())
	}
	var err error
	if d.Version, err = e.nextDictionaryVersion(ctx); err != nil {
		e.writeMu.Unlock()
		return Dictionary{}, err
	}
	if err := e.search.UseDictionary(d); err != nil {
		e.writeMu.Unlock()
		return Dictionary{}, err
	}
	if err := e.store.PutDictionary(ctx, d); err != nil {
		if cur := e.dict.Load(); cur != nil {
			e.search.UseDictionary(*cur) // back to the one in use
		}
		e.writeMu.Unlock()
		return Dictionary{}, err
	}
	e.dict.Store(&d)
	e.prog.version.Store(int64(d.Version))
	e.prog.running.Store(true)
	e.prog.done.Store(0)
	e.prog.err.Store(nil)
	e.writeMu.Unlock()
	e.log.Info("dictionary changed; reindexing in the background", "version", d.Version, "words", len(d.Words), "synonyms", len(d.Synonyms))
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		e.applyDictionary(e.bg, d.Version)
	}()
	return d, nil
}

// nextDictionaryVersion is one past every version stored or in use, so
// that a version is never written twice even when the current one cannot
// be read.
func (e *Engine) nextDictionaryVersion(ctx context.Context) (int, error) {
	v := 0
	if cur := e.dict.Load(); cur != nil {
		v = cur.Version
	}
	if cur, err := e.store.Dictionary(ctx); err == nil {
		v = max(v, cur.Version)
	}
	hist, err := e.store.DictionaryHistory(ctx)
	if err != nil {
		return 0, err
	}
	for _, d := range hist {
		v = max(v, d.Version)
	}
	return v + 1, nil
}

// applyDictionary reindexes every stored profile with the new dictionary,
// batch by batch between other writes, then learns the semantic space
// again. It runs in the background: a failure or a panic is logged and
// shown in the progress (Error), never taken for completion, and the
// repair loop tries again.
func (e *Engine) applyDictionary(ctx context.Context, version int) {
	defer e.prog.running.Store(false)
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("dictionary reindex panicked", "version", version, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			e.dictionaryFailed(fmt.Errorf("%w: panic: %v", ErrUnavailable, r))
		}
	}()
	start := e.now()
	if _, err := e.reindex(ctx, false); err != nil {
		e.log.Error("dictionary reindex", "version", version, "err", err)
		e.dictionaryFailed(err)
		return
	}
	if err := e.search.DictionaryApplied(version); err != nil {
		e.log.Error("dictionary reindex", "version", version, "err", err)
		e.dictionaryFailed(err)
		return
	}
	e.prog.err.Store(nil)
	e.health.mu.Lock()
	e.health.dictErr = nil
	e.health.mu.Unlock()
	if st, err := e.search.State(); err == nil && st.Learned > 0 {
		if _, err := e.Learn(ctx); err != nil {
			e.log.Error("learn after dictionary change", "err", err)
		}
	}
	e.log.Info("dictionary applied", "version", version, "profiles", e.prog.done.Load(), "took", e.now().Sub(start))
}

// dictionaryFailed records why applying the dictionary stopped, for the
// progress and for repair (unless the engine is closing).
func (e *Engine) dictionaryFailed(err error) {
	err = classify(err)
	msg := "重建索引中断，稍后自动重试"
	if errors.Is(err, ErrNoSpace) {
		msg = "磁盘空间不足，重建索引中断；空间恢复后自动重试"
	}
	e.prog.err.Store(&msg)
	if e.bg.Err() != nil {
		return
	}
	e.health.mu.Lock()
	e.health.dictErr = err
	e.health.mu.Unlock()
	e.startRepair()
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

// StoreDictionary stores a new version without applying it: for offline
// changes, which the next start applies (Sync sees the index's version
// lag and rebuilds it).
func (e *Engine) StoreDictionary(ctx context.Context, words []Word, synonyms [][]string, by string) (Dictionary, error) {
	d := Dictionary{Words: words, Synonyms: synonyms, Updated: e.now().UTC(), By: by}
	if err := d.Validate(); err != nil {
		return Dictionary{}, err
	}
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	var err error
	if d.Version, err = e.nextDictionaryVersion(ctx); err != nil {
		return Dictionary{}, err
	}
	return d, e.store.PutDictionary(ctx, d)
}

// UsableDictionary returns the dictionary a start uses: the stored current
// one when it can be read, passes Validate and try accepts it (try builds
// what the dictionary is for: a segmenter, the search's synonyms);
// otherwise the newest earlier version that does, each one passed over
// logged with its reason, down to no staff dictionary at all (version 0).
// So no stored dictionary can stop a start; only try failing without any
// staff words (the segmenter cannot open at all) is an error.
func UsableDictionary(ctx context.Context, ds DictionaryStore, log *slog.Logger, try func(Dictionary) error) (Dictionary, error) {
	var cands []Dictionary
	cur, err := ds.Dictionary(ctx)
	if err != nil {
		log.Error("the current dictionary cannot be read; trying earlier versions", "err", err)
	} else if cur.Version > 0 {
		cands = append(cands, cur)
	}
	hist, err := ds.DictionaryHistory(ctx)
	if err != nil {
		log.Error("the dictionary history cannot be read", "err", err)
	}
	for _, d := range hist { // newest first
		if len(cands) == 0 || d.Version < cands[len(cands)-1].Version {
			cands = append(cands, d)
		}
	}
	for i, d := range cands {
		err := d.Validate()
		if err == nil {
			err = try(d)
		}
		if err != nil {
			log.Error("stored dictionary version cannot be used; falling back to an earlier one", "version", d.Version, "err", err)
			continue
		}
		if i > 0 || cur.Version != d.Version {
			log.Warn("using an earlier dictionary version; change the dictionary to replace the one that failed", "version", d.Version)
		}
		return d, nil
	}
	if len(cands) > 0 {
		log.Warn("no stored dictionary version can be used; running with the built-in words only")
	}
	if err := try(Dictionary{}); err != nil {
		return Dictionary{}, err
	}
	return Dictionary{}, nil
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
			return nil, invalid(fmt.Sprintf("同义词第 %d 行应写作“词 = 词 [= 词 …]”", i+1), "synonyms line %d: want 'a = b'", i+1)
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
