package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"yixianqian/engine"
)

// Groonga is the peer the scale benchmark compares yxq with: a full-text
// engine with a Chinese-capable tokenizer that needs no dictionary. Each
// profile is one record whose text column holds what it says about its
// subject (fields, keywords, works' titles, texts and keywords; not its
// placeholder name), indexed with TokenBigram and NormalizerAuto; a need
// is an OR of its bigrams (GroongaQuery), scored with scorer_tf_idf.

// GroongaTable and GroongaLexicon are the tables the peer benchmark makes.
const (
	GroongaTable   = "Profiles"
	GroongaLexicon = "Terms"
)

// GroongaSchema returns the commands that create the profile table (before
// the load) and the index (after it: Groonga builds an index over loaded
// data faster than it updates one record by record).
func GroongaSchema() (table, index []GroongaCommand) {
	table = []GroongaCommand{
		{"table_create", url.Values{"name": {GroongaTable}, "flags": {"TABLE_HASH_KEY"}, "key_type": {"ShortText"}}},
		{"column_create", url.Values{"table": {GroongaTable}, "name": {"text"}, "flags": {"COLUMN_SCALAR"}, "type": {"LongText"}}},
	}
	index = []GroongaCommand{
		{"table_create", url.Values{"name": {GroongaLexicon}, "flags": {"TABLE_PAT_KEY"}, "key_type": {"ShortText"},
			"default_tokenizer": {"TokenBigram"}, "normalizer": {"NormalizerAuto"}}},
		{"column_create", url.Values{"table": {GroongaLexicon}, "name": {"profiles_text"}, "flags": {"COLUMN_INDEX|WITH_POSITION"},
			"type": {GroongaTable}, "source": {"text"}}},
	}
	return table, index
}

// GroongaCommand is one Groonga command and its arguments.
type GroongaCommand struct {
	Name string
	Args url.Values
}

// GroongaRecord is a profile as the peer stores it.
type GroongaRecord struct {
	Key  string `json:"_key"`
	Text string `json:"text"`
}

// NewGroongaRecord makes p's record: its fields, keywords and works, one
// a line.
func NewGroongaRecord(p *engine.Profile) GroongaRecord {
	var b strings.Builder
	line := func(s string) {
		if s != "" {
			b.WriteString(s)
			b.WriteByte('\n')
		}
	}
	line(strings.Join(p.Fields, " "))
	line(strings.Join(p.Keywords, " "))
	for _, w := range p.Works {
		line(w.Title)
		line(w.Text)
		line(strings.Join(w.Keywords, " "))
	}
	return GroongaRecord{Key: p.ID, Text: b.String()}
}

// GroongaQuery writes text as Groonga query syntax: an OR of the tokens
// TokenBigram makes of it that are two characters or longer, each once
// and quoted: the bigrams of every run of Han (and kana, hangul)
// characters, and whole runs of Latin letters, of digits and of other
// letters. Latin is lower-cased and full-width forms are narrowed, as
// NormalizerAuto does. A text without such a token gives "".
func GroongaQuery(text string) string {
	const (
		none = iota
		wide
		alpha
		digit
		other
	)
	class := func(r rune) int {
		switch {
		case r >= 'a' && r <= 'z':
			return alpha
		case r >= '0' && r <= '9':
			return digit
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			return wide
		case unicode.IsLetter(r):
			return other
		}
		return none
	}
	seen := map[string]bool{}
	var terms []string
	emit := func(t string) {
		if !seen[t] {
			seen[t] = true
			terms = append(terms, `"`+strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(t)+`"`)
		}
	}
	var run []rune
	runClass := none
	flush := func() {
		switch {
		case runClass == wide:
			for i := 0; i+1 < len(run); i++ {
				emit(string(run[i : i+2]))
			}
		case runClass != none && len(run) >= 2:
			emit(string(run))
		}
		run = run[:0]
	}
	for _, r := range text {
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
			r -= 0xFEE0
		}
		r = unicode.ToLower(r)
		c := class(r)
		if c != runClass {
			flush()
			runClass = c
		}
		if c != none {
			run = append(run, r)
		}
	}
	flush()
	return strings.Join(terms, " OR ")
}

// GroongaClient sends commands to a Groonga HTTP server.
type GroongaClient struct {
	Base string // e.g. http://127.0.0.1:10041
	HTTP *http.Client
}

// Do runs a command (GET /d/NAME?ARGS) and returns its body, checking the
// return code in the answer's header; elapsed is the time Groonga says it
// took.
func (g *GroongaClient) Do(ctx context.Context, c GroongaCommand) (body json.RawMessage, elapsed time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, "GET", g.Base+"/d/"+c.Name+"?"+c.Args.Encode(), nil)
	if err != nil {
		return nil, 0, err
	}
	return g.send(req, c.Name)
}

// Load posts records to the table as one load command and returns how many
// Groonga took.
func (g *GroongaClient) Load(ctx context.Context, table string, records []GroongaRecord) (int, error) {
	data, err := json.Marshal(records)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, "POST", g.Base+"/d/load?"+url.Values{"table": {table}}.Encode(), bytes.NewReader(data))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	body, _, err := g.send(req, "load")
	if err != nil {
		return 0, err
	}
	var n int
	if err := json.Unmarshal(body, &n); err != nil {
		return 0, fmt.Errorf("groonga load: answer %.100s: %w", body, err)
	}
	if n != len(records) {
		return n, fmt.Errorf("groonga load: %d of %d records loaded", n, len(records))
	}
	return n, nil
}

func (g *GroongaClient) send(req *http.Request, name string) (json.RawMessage, time.Duration, error) {
	client := g.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("groonga %s: %w", name, err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, 0, fmt.Errorf("groonga %s: %w", name, err)
	}
	body, elapsed, err := ParseGroongaAnswer(b)
	if err != nil {
		return nil, 0, fmt.Errorf("groonga %s (HTTP %d): %w", name, resp.StatusCode, err)
	}
	return body, elapsed, nil
}

// ParseGroongaAnswer reads a Groonga JSON answer,
// [[return_code, start, elapsed, message…], body]: it returns the body and
// the elapsed time, or an error with Groonga's message when the return
// code is not 0.
func ParseGroongaAnswer(b []byte) (json.RawMessage, time.Duration, error) {
	var answer []json.RawMessage
	if err := json.Unmarshal(b, &answer); err != nil || len(answer) == 0 {
		return nil, 0, fmt.Errorf("not a Groonga answer: %.200s", b)
	}
	var header []any
	if err := json.Unmarshal(answer[0], &header); err != nil || len(header) < 3 {
		return nil, 0, fmt.Errorf("not a Groonga header: %.200s", answer[0])
	}
	code, ok1 := header[0].(float64)
	secs, ok2 := header[2].(float64)
	if !ok1 || !ok2 {
		return nil, 0, fmt.Errorf("not a Groonga header: %.200s", answer[0])
	}
	if code != 0 {
		msg := ""
		if len(header) > 3 {
			msg = fmt.Sprint(header[3])
		}
		return nil, 0, fmt.Errorf("return code %v: %s", code, msg)
	}
	var body json.RawMessage
	if len(answer) > 1 {
		body = answer[1]
	}
	return body, time.Duration(secs * float64(time.Second)), nil
}

// GroongaSelectLoad sends the needs, as GroongaQuery makes them, to a
// Groonga server as select commands (top ten by TF-IDF, bypassing its
// query cache) from callers
// goroutines, like HTTPStageLoad does to yxq; the stage "total" is the time
// Groonga reports.
func GroongaSelectLoad(ctx context.Context, base string, needs []engine.Need, callers, requests int) StageLoadResult {
	urls := make([]string, len(needs))
	for i, n := range needs {
		urls[i] = base + "/d/select?" + url.Values{
			"table": {GroongaTable}, "match_columns": {"scorer_tf_idf(text)"}, "query": {GroongaQuery(n.Text())},
			"output_columns": {"_key,_score"}, "sortby": {"-_score"}, "limit": {"10"},
			"cache": {"no"}, // every load run repeats the queries: measure the search, not the cache
		}.Encode()
	}
	return httpStageLoad(ctx, fmt.Sprintf("http/callers=%d", callers), callers, requests,
		func(i int) (*http.Request, error) {
			return http.NewRequestWithContext(ctx, "GET", urls[i%len(urls)], nil)
		},
		func(_ *http.Response, b []byte) (map[string]time.Duration, error) {
			_, elapsed, err := ParseGroongaAnswer(b)
			if err != nil {
				return nil, err
			}
			return map[string]time.Duration{StageTotal: elapsed}, nil
		})
}
