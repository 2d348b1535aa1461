package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"yixianqian/engine"
)

// SeedOptions tunes a SeedCorpus. The zero value means DefaultSeedOptions.
type SeedOptions struct {
	// KindShare is each kind's share of the generated profiles; nil means
	// the seed's own proportions. Shares are normalised to sum to 1; a kind
	// with a positive share must have seed profiles with text.
	KindShare map[engine.Kind]float64
	// Borrow is the probability that a sentence, title or keyword comes from
	// a neighbour of the anchor instead of the anchor itself. 0 means the
	// default; a negative value means never.
	Borrow float64
	// Neighbours is how many seed profiles of the same kind, those that
	// share the most terms with an anchor, it may borrow from. 0 means the
	// default; a negative value means none.
	Neighbours int
	// MinSentenceRunes drops shorter sentence fragments; 0 means the default.
	MinSentenceRunes int
	// Structured is the share of generated profiles that get an
	// organisation, counties, industries and a capacity. 0 means the
	// default; a negative value means none.
	Structured float64
	// Organisations is how many placeholder organisations (单位0001 …)
	// profiles whose anchor has none are spread over; 0 means the default.
	Organisations int
}

// DefaultSeedOptions returns the options a zero SeedOptions stands for.
func DefaultSeedOptions() SeedOptions {
	return SeedOptions{Borrow: 0.1, Neighbours: 8, MinSentenceRunes: 6, Structured: 0.8, Organisations: 1000}
}

func (o SeedOptions) withDefaults() SeedOptions {
	d := DefaultSeedOptions()
	o.Borrow = orDefault(o.Borrow, d.Borrow)
	o.Structured = orDefault(o.Structured, d.Structured)
	o.Neighbours = int(orDefault(float64(o.Neighbours), float64(d.Neighbours)))
	if o.MinSentenceRunes <= 0 {
		o.MinSentenceRunes = d.MinSentenceRunes
	}
	if o.Organisations <= 0 {
		o.Organisations = d.Organisations
	}
	return o
}

// orDefault maps 0 to def and a negative value to 0.
func orDefault(v, def float64) float64 {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

const numKinds = 3 // engine.Kinds(): expert, team, society

var (
	kindLetters = [numKinds]byte{'e', 't', 's'}
	kindNames   = [numKinds]string{"专家", "博士服务团", "学会"}
	maxCapacity = [numKinds]int{3, 6, 10}
)

func kindIndex(k engine.Kind) int { return slices.Index(engine.Kinds(), k) }

// SeedCorpus generates realistic profiles from seed profiles: every
// generated profile takes one seed profile as its anchor (its topic) and
// recombines the anchor's sentences, titles and keywords, with a few drawn
// from seed profiles of the same kind that share terms with it. Lengths per
// kind follow the seed's. A SeedCorpus is read-only once built and safe for
// concurrent use.
type SeedCorpus struct {
	opts       SeedOptions
	sentences  []string // distinct sentences
	sentRunes  []int32
	profiles   []seedProfile
	kinds      [numKinds]seedKind
	share      [numKinds]float64
	counties   []string
	industries []string
	stats      SeedStats
}

// seedProfile is what generation reads of one seed profile.
type seedProfile struct {
	sents        []int32 // every kept sentence of its works, in order
	titles       []string
	workKeywords []string
	keywords     []string // profile-level
	fields       []string
	industries   []string // the seed's, or a topic choice made at build time
	counties     []string
	organisation string
	neighbours   []int32 // same kind, most shared terms first
}

// seedKind holds one kind's anchors and its recorded length distributions.
type seedKind struct {
	anchors          []int32 // profiles with at least one sentence
	profiles         int
	worksPerProfile  []int
	runesPerWork     []int
	sentencesPerWork []int
	keywordsPerProf  []int
	keywordsPerWork  []int
	titled, works    int
}

// NewSeedCorpus splits the seeds' works into sentences and records, per
// kind, how many works a profile has, how long a work is and how many
// keywords there are. It fails when a seed is invalid, when no seed has a
// sentence or when opts.KindShare asks for a kind the seeds lack.
func NewSeedCorpus(seeds []engine.Profile, opts SeedOptions) (*SeedCorpus, error) {
	c := &SeedCorpus{opts: opts.withDefaults(), counties: engine.Counties(), industries: engine.Industries()}
	ids := map[string]int32{}
	titles, keywords := map[string]bool{}, map[string]bool{}
	for i := range seeds {
		p := &seeds[i]
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("seed profile %d: %w", i+1, err)
		}
		k := kindIndex(p.Kind)
		sk := &c.kinds[k]
		sp := seedProfile{
			keywords: slices.Clone(p.Keywords), fields: slices.Clone(p.Fields), organisation: p.Organisation,
			counties: slices.Clone(p.Counties), industries: slices.Clone(p.Industries),
		}
		sk.profiles++
		sk.worksPerProfile = append(sk.worksPerProfile, len(p.Works))
		sk.keywordsPerProf = append(sk.keywordsPerProf, len(p.Keywords))
		for _, kw := range p.Keywords {
			keywords[kw] = true
		}
		for _, w := range p.Works {
			n := 0
			c.stats.Dropped += splitSentences(w.Text, c.opts.MinSentenceRunes, func(s string) {
				if utf8.RuneCountInString(s) > engine.MaxTextLen {
					c.stats.Dropped++ // a whole work without a stop, and 。 added
					return
				}
				id, ok := ids[s]
				if !ok {
					id = int32(len(c.sentences))
					ids[s] = id
					c.sentences = append(c.sentences, s)
					c.sentRunes = append(c.sentRunes, int32(utf8.RuneCountInString(s)))
				}
				sp.sents = append(sp.sents, id)
				n++
			})
			c.stats.Sentences += n
			sk.works++
			sk.sentencesPerWork = append(sk.sentencesPerWork, n)
			sk.runesPerWork = append(sk.runesPerWork, utf8.RuneCountInString(w.Text))
			sk.keywordsPerWork = append(sk.keywordsPerWork, len(w.Keywords))
			if w.Title != "" {
				sk.titled++
				sp.titles = append(sp.titles, w.Title)
				titles[w.Title] = true
			}
			for _, kw := range w.Keywords {
				keywords[kw] = true
				if !slices.Contains(sp.workKeywords, kw) {
					sp.workKeywords = append(sp.workKeywords, kw)
				}
			}
		}
		if len(sp.sents) > 0 {
			sk.anchors = append(sk.anchors, int32(len(c.profiles)))
		}
		if len(sp.industries) == 0 {
			sp.industries = topicIndustries(c.industries, uint64(i))
		}
		c.profiles = append(c.profiles, sp)
	}
	if err := c.setShares(); err != nil {
		return nil, err
	}
	for k := range numKinds {
		c.linkNeighbours(k)
	}
	c.stats.Profiles, c.stats.DistinctSentences = len(seeds), len(c.sentences)
	c.stats.Titles, c.stats.Keywords = len(titles), len(keywords)
	c.stats.Kinds = c.kindStats()
	return c, nil
}

// setShares sets each kind's share of generated profiles from the options
// or from the seed.
func (c *SeedCorpus) setShares() error {
	total := 0.0
	for k, kind := range engine.Kinds() {
		share := float64(c.kinds[k].profiles)
		if len(c.kinds[k].anchors) == 0 {
			share = 0
		}
		if c.opts.KindShare != nil {
			share = c.opts.KindShare[kind]
			if share < 0 || math.IsNaN(share) || math.IsInf(share, 0) {
				return fmt.Errorf("seed corpus: share %v for %s is not a non-negative number", share, kind)
			}
			if share > 0 && len(c.kinds[k].anchors) == 0 {
				return fmt.Errorf("seed corpus: share for %s, but no seed %s has text", kind, kind)
			}
		}
		c.share[k] = share
		total += share
	}
	for kind := range c.opts.KindShare {
		if !kind.Valid() {
			return fmt.Errorf("seed corpus: share for unknown kind %q", kind)
		}
	}
	if total == 0 {
		return fmt.Errorf("seed corpus: no seed profile has a sentence of at least %d characters", c.opts.MinSentenceRunes)
	}
	for k := range c.share {
		c.share[k] /= total
	}
	return nil
}

// topicIndustries picks one or two industries for a seed profile that has
// none, the same for every profile generated from it, so that an industry
// filter selects coherent topics.
func topicIndustries(all []string, i uint64) []string {
	r := rand.New(rand.NewPCG(0x1d057, mix64(i)))
	a := r.IntN(len(all))
	if r.IntN(2) == 0 {
		return []string{all[a]}
	}
	return []string{all[a], all[(a+1+r.IntN(len(all)-1))%len(all)]}
}

// linkNeighbours gives every anchor of kind k the anchors of the same kind
// whose character bigrams are most like its own: a cosine over bigrams
// weighted by inverse document frequency, counting only bigrams that two to
// a tenth (but at least five) of the kind's anchors share: rarer ones link
// nothing, commoner ones are general words.
func (c *SeedCorpus) linkNeighbours(k int) {
	anchors := c.kinds[k].anchors
	m := len(anchors)
	if m < 2 || c.opts.Neighbours <= 0 {
		return
	}
	ids := map[uint64]int32{} // bigram → term
	var df []int32
	sets := make([][]int32, m) // each anchor's distinct terms
	for a := range m {
		var set []int32
		for _, s := range c.profiles[anchors[a]].sents {
			eachBigram(c.sentences[s], func(b uint64) {
				id, ok := ids[b]
				if !ok {
					id = int32(len(df))
					ids[b] = id
					df = append(df, 0)
				}
				set = append(set, id)
			})
		}
		slices.Sort(set)
		sets[a] = slices.Clip(slices.Compact(set))
		for _, id := range sets[a] {
			df[id]++
		}
	}
	maxDF := int32(min(max(min(m-1, 5), m/10), 200))
	weight := make([]float64, len(df))
	start := make([]int32, len(df)+1) // postings of weighted terms in post[start[id]:start[id+1]]
	for id, d := range df {
		n := int32(0)
		if d >= 2 && d <= maxDF {
			w := math.Log(float64(m) / float64(d))
			weight[id], n = w*w, d
		}
		start[id+1] = start[id] + n
	}
	post := make([]int32, start[len(df)])
	fill := slices.Clone(start[:len(df)])
	norm := make([]float64, m)
	for a, set := range sets {
		for _, id := range set {
			if weight[id] > 0 {
				post[fill[id]] = int32(a)
				fill[id]++
				norm[a] += weight[id]
			}
		}
		norm[a] = math.Sqrt(norm[a])
	}
	score := make([]float64, m)
	var cand []int32
	for a := range m {
		clear(score)
		cand = cand[:0]
		for _, id := range sets[a] {
			w := weight[id]
			if w == 0 {
				continue
			}
			for _, o := range post[start[id]:start[id+1]] {
				if int(o) != a {
					if score[o] == 0 {
						cand = append(cand, o)
					}
					score[o] += w
				}
			}
		}
		slices.SortFunc(cand, func(x, y int32) int {
			sx, sy := score[x]/norm[x], score[y]/norm[y]
			if sx != sy {
				if sx > sy {
					return -1
				}
				return 1
			}
			return int(x - y)
		})
		nb := make([]int32, 0, min(len(cand), c.opts.Neighbours))
		for _, o := range cand[:cap(nb)] {
			nb = append(nb, anchors[o])
		}
		c.profiles[anchors[a]].neighbours = nb
	}
}

// eachBigram calls fn with every pair of adjacent letters or digits in s
// (Han characters count as letters), Latin lower-cased, packed in a uint64.
func eachBigram(s string, fn func(uint64)) {
	prev := rune(-1)
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			prev = -1
			continue
		}
		r = unicode.ToLower(r)
		if prev >= 0 {
			fn(uint64(prev)<<32 | uint64(r))
		}
		prev = r
	}
}

// splitSentences calls fn with every sentence of text of at least
// minRunes characters and returns how many shorter fragments it dropped.
// Sentences end at 。．.！!？?；; (with any closing quotes or brackets that
// follow) or at a line break; a full stop between two Latin letters or
// digits (3.5, e.g) does not end one. Surrounding spaces are trimmed and a
// sentence without final punctuation gets 。 so that joined sentences stay
// apart.
func splitSentences(text string, minRunes int, fn func(string)) (dropped int) {
	emit := func(s string) {
		s = strings.TrimFunc(s, unicode.IsSpace)
		if s == "" {
			return
		}
		if utf8.RuneCountInString(s) < minRunes {
			dropped++
			return
		}
		if last, _ := utf8.DecodeLastRuneInString(s); !isStop(last) && !isCloser(last) {
			s += "。"
		}
		fn(s)
	}
	start := 0
	prev := rune(-1)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		end := i + size
		switch {
		case r == '\n' || r == '\r':
			emit(text[start:i])
			start = end
		case isStop(r):
			next, _ := utf8.DecodeRuneInString(text[end:])
			if (r == '.' || r == '．') && isAlnum(prev) && isAlnum(next) {
				break
			}
			for end < len(text) {
				n, sz := utf8.DecodeRuneInString(text[end:])
				if !isStop(n) && !isCloser(n) {
					break
				}
				end += sz
			}
			emit(text[start:end])
			start = end
		}
		prev, _ = utf8.DecodeLastRuneInString(text[:end])
		i = end
	}
	emit(text[start:])
	return dropped
}

func isStop(r rune) bool { return strings.ContainsRune("。．.！!？?；;", r) }

func isCloser(r rune) bool { return strings.ContainsRune("”’」』】》）", r) }

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || unicode.IsDigit(r)
}

// mix64 is the splitmix64 finaliser: it spreads consecutive numbers over
// unrelated random streams.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Each generates n profiles and calls fn with each in turn, stopping at the
// first error fn returns. The same seeds, options, n and seed always give
// the same profiles, and a shorter run gives a prefix of a longer one.
// Profiles are made one at a time and not kept: fn owns each one.
//
// Kinds follow the shares, evenly interleaved; IDs are gen-e000001,
// gen-t000001, gen-s000001 … numbered per kind, names are placeholders
// (专家000001). Each kind's anchors are taken in a shuffled order, all of
// them once before any twice.
func (c *SeedCorpus) Each(n int, seed uint64, fn func(engine.Profile) error) error {
	if n < 0 {
		return fmt.Errorf("seed corpus: %d profiles asked for", n)
	}
	g := c.newGenerator(seed)
	for range n {
		if err := fn(g.next()); err != nil {
			return err
		}
	}
	return nil
}

// generator is the state of one Each run; its buffers are reused from one
// profile to the next.
type generator struct {
	c      *SeedCorpus
	seed   uint64
	src    rand.PCG
	rng    *rand.Rand
	i      uint64
	credit [numKinds]float64 // smooth weighted round robin over kinds
	made   [numKinds]int
	order  [numKinds][]int32 // this round's anchors of each kind
	pool   []int32           // the anchor's sentences not used yet in this profile
	work   []int32
	anchor int32 // of the last profile, for tests
}

func (c *SeedCorpus) newGenerator(seed uint64) *generator {
	g := &generator{c: c, seed: seed}
	g.rng = rand.New(&g.src)
	return g
}

// next makes the next profile.
func (g *generator) next() engine.Profile {
	c := g.c
	k := g.nextKind()
	j := g.made[k]
	g.made[k]++
	g.anchor = g.anchorOf(k, j)
	g.src.Seed(g.seed, mix64(g.i))
	g.i++
	sk, a := &c.kinds[k], &c.profiles[g.anchor]
	p := engine.Profile{
		ID:   fmt.Sprintf("gen-%c%06d", kindLetters[k], j+1),
		Kind: engine.Kinds()[k],
		Name: fmt.Sprintf("%s%06d", kindNames[k], j+1),
	}
	p.Fields = slices.Clone(a.fields)
	p.Keywords = g.keywords(a, sample(g.rng, sk.keywordsPerProf), false)
	g.pool = g.pool[:0]
	if nw := sample(g.rng, sk.worksPerProfile); nw > 0 {
		p.Works = make([]engine.Work, nw)
		for w := range p.Works {
			p.Works[w] = g.makeWork(sk, a)
		}
	}
	if g.rng.Float64() < c.opts.Structured {
		p.Organisation = a.organisation
		if p.Organisation == "" {
			p.Organisation = fmt.Sprintf("单位%04d", 1+g.rng.IntN(c.opts.Organisations))
		}
		p.Counties = slices.Clone(a.counties)
		if len(p.Counties) == 0 {
			first := g.rng.IntN(len(c.counties))
			for d := range 1 + g.rng.IntN(3) {
				p.Counties = append(p.Counties, c.counties[(first+2*d)%len(c.counties)])
			}
		}
		p.Industries = slices.Clone(a.industries)
		p.Capacity = 1 + g.rng.IntN(maxCapacity[k])
	}
	return p
}

// nextKind picks the kind whose share is furthest ahead of its count, so
// every prefix of the run holds each kind within one of its share.
func (g *generator) nextKind() int {
	best := -1
	for k := range numKinds {
		if g.c.share[k] == 0 {
			continue
		}
		g.credit[k] += g.c.share[k]
		if best < 0 || g.credit[k] > g.credit[best] {
			best = k
		}
	}
	g.credit[best]--
	return best
}

// anchorOf returns the anchor of the j-th profile of kind k.
func (g *generator) anchorOf(k, j int) int32 {
	anchors := g.c.kinds[k].anchors
	m := len(anchors)
	if j%m == 0 {
		g.order[k] = append(g.order[k][:0], anchors...)
		g.src.Seed(g.seed^0xa5c4, mix64(uint64(k)<<48|uint64(j/m)))
		o := g.order[k]
		g.rng.Shuffle(m, func(x, y int) { o[x], o[y] = o[y], o[x] })
	}
	return g.order[k][j%m]
}

// makeWork draws sentences until the work reaches a length sampled from the
// kind's works, stopping short when the next sentence would overshoot by
// more than it would leave missing.
func (g *generator) makeWork(sk *seedKind, a *seedProfile) engine.Work {
	c := g.c
	target := sample(g.rng, sk.runesPerWork)
	g.work = g.work[:0]
	runes, size := 0, 0
	for tries := 0; runes < target && tries < 256; tries++ {
		s := g.sentence(a)
		if slices.Contains(g.work, s) {
			continue
		}
		r := int(c.sentRunes[s])
		if runes+r > engine.MaxTextLen || len(g.work) > 0 && runes+r-target > target-runes {
			break
		}
		g.work = append(g.work, s)
		runes += r
		size += len(c.sentences[s])
	}
	var b strings.Builder
	b.Grow(size)
	for _, s := range g.work {
		b.WriteString(c.sentences[s])
	}
	w := engine.Work{Text: b.String()}
	if sk.titled > 0 && g.rng.IntN(sk.works) < sk.titled {
		w.Title = g.pick(a, func(p *seedProfile) []string { return p.titles })
	}
	w.Keywords = g.keywords(a, sample(g.rng, sk.keywordsPerWork), true)
	return w
}

// sentence draws the next sentence: usually the next of the anchor's
// sentences in a shuffled order (reshuffled when all are used), with
// probability Borrow a random one of a neighbour.
func (g *generator) sentence(a *seedProfile) int32 {
	if len(a.neighbours) > 0 && g.rng.Float64() < g.c.opts.Borrow {
		nb := &g.c.profiles[a.neighbours[g.rng.IntN(len(a.neighbours))]]
		return nb.sents[g.rng.IntN(len(nb.sents))]
	}
	if len(g.pool) == 0 {
		g.pool = append(g.pool, a.sents...)
		g.rng.Shuffle(len(g.pool), func(x, y int) { g.pool[x], g.pool[y] = g.pool[y], g.pool[x] })
	}
	s := g.pool[len(g.pool)-1]
	g.pool = g.pool[:len(g.pool)-1]
	return s
}

// pick returns a random entry of the anchor's list or, with probability
// Borrow, of a neighbour's; "" when the chosen list is empty.
func (g *generator) pick(a *seedProfile, list func(*seedProfile) []string) string {
	from := a
	if len(a.neighbours) > 0 && g.rng.Float64() < g.c.opts.Borrow {
		from = &g.c.profiles[a.neighbours[g.rng.IntN(len(a.neighbours))]]
	}
	l := list(from)
	if len(l) == 0 {
		return ""
	}
	return l[g.rng.IntN(len(l))]
}

// keywords picks up to n distinct keywords, from works' keywords when
// ofWork, else from profiles' keywords.
func (g *generator) keywords(a *seedProfile, n int, ofWork bool) []string {
	list := func(p *seedProfile) []string { return p.keywords }
	if ofWork {
		list = func(p *seedProfile) []string { return p.workKeywords }
	}
	if n <= 0 {
		return nil
	}
	out := make([]string, 0, n)
	for tries := 0; len(out) < n && tries < 4*n; tries++ {
		if kw := g.pick(a, list); kw != "" && !slices.Contains(out, kw) {
			out = append(out, kw)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// sample returns a random element of xs, 0 when it is empty.
func sample(r *rand.Rand, xs []int) int {
	if len(xs) == 0 {
		return 0
	}
	return xs[r.IntN(len(xs))]
}

// SeedStats describes a seed corpus: what generation draws from.
type SeedStats struct {
	Profiles          int // seed profiles
	Sentences         int // sentences kept, repeats included
	DistinctSentences int
	Dropped           int // fragments shorter than MinSentenceRunes (or longer than a work may be)
	Titles, Keywords  int // distinct work titles and keywords
	Kinds             []SeedKindStats
}

// SeedKindStats describes the seed profiles of one kind.
type SeedKindStats struct {
	Kind     engine.Kind
	Profiles int
	Anchors  int     // profiles with at least one sentence
	Share    float64 // of generated profiles
	// MeanNeighbours is how many seed profiles an anchor borrows from on
	// average.
	MeanNeighbours     float64
	WorksPerProfile    SeedDist
	SentencesPerWork   SeedDist
	RunesPerWork       SeedDist
	KeywordsPerProfile SeedDist
	TitledWorks        float64 // share of works with a title
}

// SeedDist summarises a distribution of counts.
type SeedDist struct {
	N                       int
	Mean                    float64
	Min, P10, P50, P90, Max int
}

// NewSeedDist summarises xs.
func NewSeedDist(xs []int) SeedDist {
	if len(xs) == 0 {
		return SeedDist{}
	}
	s := slices.Sorted(slices.Values(xs))
	sum := 0
	for _, x := range s {
		sum += x
	}
	q := func(f float64) int { return s[int(f*float64(len(s)-1)+0.5)] }
	return SeedDist{N: len(s), Mean: float64(sum) / float64(len(s)), Min: s[0], P10: q(0.1), P50: q(0.5), P90: q(0.9), Max: s[len(s)-1]}
}

// String gives min/p10/p50/p90/max and the mean.
func (d SeedDist) String() string {
	return fmt.Sprintf("%d/%d/%d/%d/%d mean %.1f", d.Min, d.P10, d.P50, d.P90, d.Max, d.Mean)
}

// Stats describes the seed: distinct sentences and, per kind, the length
// distributions that generated profiles follow.
func (c *SeedCorpus) Stats() SeedStats {
	s := c.stats
	s.Kinds = slices.Clone(s.Kinds)
	return s
}

func (c *SeedCorpus) kindStats() []SeedKindStats {
	var out []SeedKindStats
	for k, kind := range engine.Kinds() {
		sk := &c.kinds[k]
		if sk.profiles == 0 {
			continue
		}
		nb := 0
		for _, a := range sk.anchors {
			nb += len(c.profiles[a].neighbours)
		}
		ks := SeedKindStats{
			Kind: kind, Profiles: sk.profiles, Anchors: len(sk.anchors), Share: c.share[k],
			WorksPerProfile:    NewSeedDist(sk.worksPerProfile),
			SentencesPerWork:   NewSeedDist(sk.sentencesPerWork),
			RunesPerWork:       NewSeedDist(sk.runesPerWork),
			KeywordsPerProfile: NewSeedDist(sk.keywordsPerProf),
		}
		if len(sk.anchors) > 0 {
			ks.MeanNeighbours = float64(nb) / float64(len(sk.anchors))
		}
		if sk.works > 0 {
			ks.TitledWorks = float64(sk.titled) / float64(sk.works)
		}
		out = append(out, ks)
	}
	return out
}

// String reports the stats in a few lines; distributions read
// min/p10/p50/p90/max.
func (s SeedStats) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed: %d profiles, %d sentences (%d distinct, %d fragments dropped), %d titles, %d keywords\n",
		s.Profiles, s.Sentences, s.DistinctSentences, s.Dropped, s.Titles, s.Keywords)
	for _, k := range s.Kinds {
		fmt.Fprintf(&b, "%-7s %5d profiles (%d anchors, share %.3f, %.1f neighbours); works/profile %v; sentences/work %v; characters/work %v; keywords/profile %v; titled works %.2f\n",
			k.Kind, k.Profiles, k.Anchors, k.Share, k.MeanNeighbours, k.WorksPerProfile, k.SentencesPerWork, k.RunesPerWork, k.KeywordsPerProfile, k.TitledWorks)
	}
	return b.String()
}

// SeedQueries makes n query needs from real ones, the same for the same
// needs, n and seed. The needs are taken in an order shuffled by seed; the
// first len(needs) queries are the needs themselves, and each later one
// recombines about half the sentences of one need (its title, industry
// and county too) with about half of another's. IDs are gen-q00001 …
func SeedQueries(needs []engine.Need, n int, seed uint64) []engine.Need {
	if len(needs) == 0 || n <= 0 {
		return nil
	}
	var src rand.PCG
	src.Seed(seed, 0x9e5d)
	rng := rand.New(&src)
	order := rng.Perm(len(needs))
	out := make([]engine.Need, n)
	for i := range out {
		a := &needs[order[i%len(needs)]]
		q := engine.Need{
			ID: fmt.Sprintf("gen-q%05d", i+1), Title: a.Title, Description: a.Description,
			Enterprise: a.Enterprise, Industry: a.Industry, County: a.County,
			Modes: slices.Clone(a.Modes), Mode: a.Mode, Budget: a.Budget, Deadline: a.Deadline,
		}
		if i >= len(needs) && len(needs) > 1 {
			src.Seed(seed, mix64(uint64(i)))
			b := &needs[order[(i+1+rng.IntN(len(needs)-1))%len(needs)]]
			q.Description = halfOf(rng, a.Description) + halfOf(rng, b.Description)
		}
		out[i] = q
	}
	return out
}

// halfOf returns about half of text's sentences, at least one, in their
// order; text itself when it has no whole sentence.
func halfOf(r *rand.Rand, text string) string {
	var ss []string
	splitSentences(text, DefaultSeedOptions().MinSentenceRunes, func(s string) { ss = append(ss, s) })
	if len(ss) == 0 {
		return text
	}
	keep := r.Perm(len(ss))[:max(1, len(ss)/2)]
	slices.Sort(keep)
	var b strings.Builder
	for _, i := range keep {
		b.WriteString(ss[i])
	}
	return b.String()
}
