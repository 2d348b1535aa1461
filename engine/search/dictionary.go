package search

import (
	"fmt"
	"strings"
	"time"

	"yixianqian/engine"
	"yixianqian/segment"
)

// dictState is the dictionary in use with its synonym lookup. A member
// maps to its groups, not to every other member, so the lookup grows
// linearly with the synonyms.
type dictState struct {
	dict   engine.Dictionary
	groups map[string][]int // normalised member → indexes of its groups
}

func newDictState(d engine.Dictionary) *dictState {
	st := &dictState{dict: d, groups: map[string][]int{}}
	for i, g := range d.Synonyms {
		for _, m := range g {
			key := strings.ToLower(strings.TrimSpace(m))
			if gs := st.groups[key]; len(gs) == 0 || gs[len(gs)-1] != i {
				st.groups[key] = append(gs, i)
			}
		}
	}
	return st
}

// synonyms calls fn for every other member of term's groups.
func (st *dictState) synonyms(term string, fn func(string)) {
	for _, gi := range st.groups[term] {
		for _, m := range st.dict.Synonyms[gi] {
			if strings.ToLower(strings.TrimSpace(m)) != term {
				fn(m)
			}
		}
	}
}

// UseDictionary analyses new text with d's words and expands queries with
// its synonyms; see engine.Search. The dictionary the segmenter was built
// with (Options.SegmenterDict) needs no new segmenter.
func (s *Search) UseDictionary(d engine.Dictionary) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d.Version == s.segDict || s.opts.Segmenter == nil {
		s.dict.Store(newDictState(d))
		return nil
	}
	if s.opts.NewSegmenter == nil {
		return fmt.Errorf("%w: this service cannot change its dictionary", engine.ErrUnavailable)
	}
	seg, err := s.opts.NewSegmenter(segmenterWords(&d))
	if err != nil {
		return fmt.Errorf("build segmenter: %w", err)
	}
	s.owned.Store(seg, true)
	prev := s.idx.Segmenter()
	s.prevSeg.Store(prev)
	s.idx.SetSegmenter(seg)
	s.segDict = d.Version
	s.dict.Store(newDictState(d))
	return nil
}

// segmenterWords returns the words a segmenter for d must know: the words
// and every synonym, so that each synonym is one token.
func segmenterWords(d *engine.Dictionary) []segment.Word {
	words := d.SegmenterWords()
	out := make([]segment.Word, len(words))
	for i, w := range words {
		out[i] = segment.Word(w)
	}
	return out
}

// DictionaryApplied records that every profile is indexed with version v and
// retires the previous dictionary's segmenter.
func (s *Search) DictionaryApplied(v int) error {
	if err := s.idx.SetDictVersion(v); err != nil {
		return err
	}
	prev := s.prevSeg.Swap(nil)
	if prev == nil {
		return nil
	}
	if _, owned := s.owned.LoadAndDelete(prev); owned {
		// Queries that started with the old segmenter finish in
		// milliseconds; free it a little later. A segmenter the Search
		// was given belongs to its caller.
		time.AfterFunc(5*time.Second, func() { prev.Close() })
	}
	return nil
}

// queryTerms analyses a need text for matching: with the current
// segmenter, and while a dictionary change is being applied also with the
// previous one, so profiles not yet reindexed still match; then adds the
// synonyms of its terms. It returns the expansions made, as "a → b".
func (s *Search) queryTerms(text string) (terms, expanded []string) {
	terms = s.idx.Terms(text)
	if prev := s.prevSeg.Load(); prev != nil {
		terms = append(terms, s.idx.TermsWith(prev, text)...)
	}
	st := s.dict.Load()
	if len(st.groups) == 0 {
		return terms, nil
	}
	seen := map[string]bool{}
	for _, t := range terms {
		if seen[t] {
			continue
		}
		seen[t] = true
		st.synonyms(t, func(syn string) {
			terms = append(terms, s.idx.Terms(syn)...)
			expanded = append(expanded, t+" → "+syn)
		})
	}
	return terms, expanded
}
