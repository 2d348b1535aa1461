package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"yixianqian/engine"
)

// Config is one configuration of the matcher to evaluate.
type Config struct {
	Name    string         `json:"name"`
	Scoring engine.Scoring `json:"scoring"`
	// Search configures retrieval: the options of the search index, as
	// JSON over its defaults (e.g. {"index": {"analyzer": "cjk"},
	// "semantic_dim": 0}). The Opener reads it; empty means defaults.
	Search json.RawMessage `json:"search,omitempty"`
	// Dictionary, when set, is the staff dictionary (words and synonyms)
	// to evaluate with, on top of the built-in one.
	Dictionary *engine.Dictionary `json:"dictionary,omitempty"`
	// Features are the features a ranker trained under cross-validation
	// may use (default all); a configuration with a fixed ranker
	// (Scoring.Model) is evaluated as it is.
	Features []string `json:"features,omitempty"`
	// Shrink pulls a ranker trained under cross-validation toward the
	// hand-set weights (engine.HandModel): 0 keeps what training found.
	Shrink float64 `json:"shrink,omitempty"`
}

// Opener opens an engine whose profiles are ps, configured by cfg, over
// storage of its own; closing the Closer removes it. The yxq command gives
// bench the opener it serves with (cmd/wire), so that what is measured is
// what runs.
type Opener func(ctx context.Context, cfg Config, ps []engine.Profile) (*engine.Engine, io.Closer, error)

// DefaultConfig is the configuration the service runs with.
func DefaultConfig() Config {
	return Config{Name: "default", Scoring: engine.DefaultScoring()}
}

// Configs returns the named configurations analysts compare: the default
// (the built-in learned ranker), "hand" (the hand-set weights it replaced),
// "lsa-only" (the latent space alone) and lexical baselines with the
// semantic channel off.
func Configs() []Config {
	withModel := func(name string, weights map[string]float64, search string) Config {
		c := Config{Name: name, Scoring: engine.DefaultScoring()}
		m, err := engine.NewModel(name, weights)
		if err != nil {
			panic(err) // the weights below are known features
		}
		c.Scoring.Model = m
		if search != "" {
			c.Search = json.RawMessage(search)
		}
		return c
	}
	lexical := func(name, analyzer, scoring string) Config {
		return withModel(name, map[string]float64{engine.FeatLexical: 1},
			fmt.Sprintf(`{"index": {"analyzer": %q, "scoring": %q, "bigrams": false}, "query_terms": 0, "semantic_dim": 0}`, analyzer, scoring))
	}
	return []Config{
		DefaultConfig(),
		{Name: "hand", Scoring: func() engine.Scoring { sc := engine.DefaultScoring(); sc.Model = engine.HandModel(); return sc }()},
		withModel("lsa-only", map[string]float64{engine.FeatCosine: 1}, ""),
		lexical("cjk-tfidf", "cjk", "tf-idf"),
		lexical("cjk-bm25", "cjk", "bm25"),
		lexical("jieba-tfidf", "jieba", "tf-idf"),
		lexical("jieba-bm25", "jieba", "bm25"),
		lexical("jieba-exact-tfidf", "jieba_exact", "tf-idf"),
	}
}

// LoadConfig returns the named configuration, or reads one from a JSON file
// (a path ending in .json) of the form
// {"name": "...", "scoring": {"semantic": 4, ...}, "search": {"index": {"analyzer": "cjk"}, ...}};
// scoring fields left out keep the defaults.
func LoadConfig(nameOrFile string) (Config, error) {
	if strings.HasSuffix(nameOrFile, ".json") {
		b, err := os.ReadFile(nameOrFile)
		if err != nil {
			return Config{}, fmt.Errorf("config: %w", err)
		}
		c := DefaultConfig()
		c.Name = ""
		if err := engine.DecodeJSON(b, &c); err != nil {
			return Config{}, fmt.Errorf("config %s: %w", nameOrFile, err)
		}
		if c.Name == "" {
			c.Name = strings.TrimSuffix(nameOrFile[strings.LastIndex(nameOrFile, "/")+1:], ".json")
		}
		return c, nil
	}
	var names []string
	for _, c := range Configs() {
		if c.Name == nameOrFile {
			return c, nil
		}
		names = append(names, c.Name)
	}
	return Config{}, fmt.Errorf("%w: unknown config %q (known: %s, or a .json file)", engine.ErrInvalid, nameOrFile, strings.Join(names, ", "))
}
