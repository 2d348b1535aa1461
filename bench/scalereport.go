package bench

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// Figure is one number of a ScaleRun, named so that runs of different
// builds and peers line up in a table.
type Figure struct {
	Key   string  // stable name, e.g. "start.ready" or "http/callers=1.p50"
	Label string  // what a table calls it
	Unit  string  // s, MB, ms, 1/s
	Value float64 // in Unit
	// Higher says that a higher value is better (throughput); for every
	// other figure lower is better.
	Higher bool
}

const mb = 1e6

// Figures returns the run's figures in table order, leaving out those it
// did not measure (zero).
func (r *ScaleRun) Figures() []Figure {
	var out []Figure
	add := func(key, label, unit string, v float64, higher bool) {
		if v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) {
			out = append(out, Figure{Key: key, Label: label, Unit: unit, Value: v, Higher: higher})
		}
	}
	secs := func(d time.Duration) float64 { return d.Seconds() }
	im := r.Import
	if im.Wall > 0 {
		add("import.rate", "import: profiles per second", "1/s", float64(r.Profiles)/im.Wall.Seconds(), true)
	}
	add("import.wall", "import: wall time (yxq: store, index, learn; Groonga: load, index)", "s", secs(im.Wall), false)
	add("import.index", "… of which store and index (Groonga: load)", "s", secs(im.Index), false)
	add("import.learn", "… of which learning (Groonga: building the index)", "s", secs(im.Learn), false)
	add("import.peak", "import: peak RSS (VmHWM)", "MB", float64(im.PeakRSS)/mb, false)
	add("import.anon", "after import: anonymous RSS", "MB", float64(im.AnonRSS)/mb, false)
	add("disk", "data directory on disk", "MB", float64(im.DiskBytes)/mb, false)
	add("latent.recall", "latent search: recall@50 against the full scan", "", r.Extra[ExtraLatentRecall], true)
	add("start.ready", "fresh start until ready", "s", secs(r.Start.Ready), false)
	add("start.peak", "start: peak RSS", "MB", float64(r.Start.AtReady.Peak)/mb, false)
	add("serve.anon", "serving after warm-up: anonymous RSS", "MB", float64(r.Serving.AnonRSS)/mb, false)
	add("serve.rss", "serving after warm-up: total RSS", "MB", float64(r.Serving.RSS)/mb, false)
	add("serve.peak", "serving: peak RSS after the load runs", "MB", float64(r.ServingPeak)/mb, false)
	ms := func(d time.Duration) float64 { return Millis(d) }
	for _, l := range r.Loads {
		n := l.Name
		add(n+".p50", n+" p50", "ms", ms(l.Latency.P50), false)
		add(n+".p95", n+" p95", "ms", ms(l.Latency.P95), false)
		add(n+".p99", n+" p99", "ms", ms(l.Latency.P99), false)
		if l.Callers > 1 {
			add(n+".rate", n+" matches per second", "1/s", l.Throughput, true)
			continue
		}
		for _, s := range []struct {
			stage, pct string
			v          func(LatencySummary) time.Duration
		}{
			{StageTotal, "p50", func(s LatencySummary) time.Duration { return s.P50 }},
			{StageTotal, "p99", func(s LatencySummary) time.Duration { return s.P99 }},
			{StageSegment, "p50", func(s LatencySummary) time.Duration { return s.P50 }},
			{StageRetrieve, "p50", func(s LatencySummary) time.Duration { return s.P50 }},
			{StageRetrieve, "p99", func(s LatencySummary) time.Duration { return s.P99 }},
			{StageScore, "p50", func(s LatencySummary) time.Duration { return s.P50 }},
		} {
			if st, ok := l.Stages[s.stage]; ok {
				label := "… " + s.stage + " " + s.pct
				if s.stage == StageTotal {
					label = "… server side " + s.pct
				}
				add(n+"."+s.stage+"."+s.pct, label, "ms", ms(s.v(st)), false)
			}
		}
	}
	return out
}

// Median returns the median of xs (the mean of the middle two for an even
// count), NaN for none.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Sorted(slices.Values(xs))
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// ScaleRow is one figure at one corpus size: the median over each label's
// runs (NaN where a label has none).
type ScaleRow struct {
	Figure
	Medians []float64 // in the order of the labels
}

// ScaleTable is the comparison at one corpus size.
type ScaleTable struct {
	Profiles int
	Labels   []string
	Runs     []int    // runs per label
	Revs     []string // each label's revision (of its first run that has one)
	Engines  []string // each label's engine
	Rows     []ScaleRow
	LoadMin  float64 // the lowest and highest 1-minute load average seen
	LoadMax  float64 // at the start or end of a run
}

// ScaleTables groups runs by corpus size and, within a size, by label (in
// the order given; labels not given follow in order of appearance), and
// takes each figure's median over a label's runs. Rows follow the figures
// of the first label's runs.
func ScaleTables(runs []ScaleRun, labels []string) []ScaleTable {
	labels = slices.Clone(labels)
	for _, r := range runs {
		if !slices.Contains(labels, r.Label) {
			labels = append(labels, r.Label)
		}
	}
	var sizes []int
	for _, r := range runs {
		if !slices.Contains(sizes, r.Profiles) {
			sizes = append(sizes, r.Profiles)
		}
	}
	slices.Sort(sizes)
	var out []ScaleTable
	for _, size := range sizes {
		t := ScaleTable{Profiles: size, Labels: labels, Runs: make([]int, len(labels)), Revs: make([]string, len(labels)),
			Engines: make([]string, len(labels)),
			LoadMin: math.Inf(1), LoadMax: math.Inf(-1)}
		values := map[string][][]float64{} // key → per label
		var order []Figure
		// Rows come in the order of the first label's runs (then of
		// figures only later labels have), so that a peer's runs do not
		// decide it.
		sorted := slices.Clone(runs)
		slices.SortStableFunc(sorted, func(a, b ScaleRun) int {
			return slices.Index(labels, a.Label) - slices.Index(labels, b.Label)
		})
		for _, r := range sorted {
			if r.Profiles != size {
				continue
			}
			li := slices.Index(labels, r.Label)
			t.Runs[li]++
			if t.Revs[li] == "" {
				t.Revs[li] = r.Revision
			}
			if t.Engines[li] == "" {
				t.Engines[li] = r.Engine
			}
			for _, l := range [][]float64{r.Machine.Load, r.Machine.LoadEnd} {
				if len(l) > 0 {
					t.LoadMin, t.LoadMax = min(t.LoadMin, l[0]), max(t.LoadMax, l[0])
				}
			}
			for _, f := range r.Figures() {
				if _, ok := values[f.Key]; !ok {
					values[f.Key] = make([][]float64, len(labels))
					order = append(order, f)
				}
				values[f.Key][li] = append(values[f.Key][li], f.Value)
			}
		}
		for _, f := range order {
			row := ScaleRow{Figure: f, Medians: make([]float64, len(labels))}
			for i, vs := range values[f.Key] {
				row.Medians[i] = Median(vs)
			}
			t.Rows = append(t.Rows, row)
		}
		out = append(out, t)
	}
	return out
}

// Ratio returns a/b, NaN when either is missing or b is 0.
func Ratio(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return math.NaN()
	}
	return a / b
}

// WriteScaleMarkdown writes one Markdown table per corpus size: each
// label's median, then the ratios of the last yxq label (the new build) to
// every other label: new/old, new/groonga. A table of one label has no
// ratios.
func WriteScaleMarkdown(w io.Writer, tables []ScaleTable) error {
	var b strings.Builder
	for _, t := range tables {
		fmt.Fprintf(&b, "### %s profiles\n\n", thousands(t.Profiles))
		var runs []string
		for i, l := range t.Labels {
			switch {
			case t.Runs[i] > 0 && t.Revs[i] != "":
				runs = append(runs, fmt.Sprintf("%s (%s) ×%d", l, t.Revs[i], t.Runs[i]))
			case t.Runs[i] > 0:
				runs = append(runs, fmt.Sprintf("%s ×%d", l, t.Runs[i]))
			}
		}
		fmt.Fprintf(&b, "Medians of %s; 1-minute load average %.1f–%.1f at the runs' starts and ends.\n\n", strings.Join(runs, ", "), t.LoadMin, t.LoadMax)
		b.WriteString("| figure | unit |")
		for _, l := range t.Labels {
			fmt.Fprintf(&b, " %s |", l)
		}
		ratios := ratioColumns(t.Engines)
		for _, r := range ratios {
			fmt.Fprintf(&b, " %s/%s |", t.Labels[r[0]], t.Labels[r[1]])
		}
		b.WriteString("\n|---|---|" + strings.Repeat("---:|", len(t.Labels)+len(ratios)) + "\n")
		for _, row := range t.Rows {
			unit := row.Unit
			if row.Higher {
				unit += " ↑"
			}
			fmt.Fprintf(&b, "| %s | %s |", row.Label, unit)
			for _, v := range row.Medians {
				fmt.Fprintf(&b, " %s |", FormatValue(v))
			}
			for _, r := range ratios {
				fmt.Fprintf(&b, " %s |", FormatRatio(Ratio(row.Medians[r[0]], row.Medians[r[1]])))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ratioColumns returns the pairs (numerator, denominator) of label
// indexes whose ratios a table shows: the last yxq label (the new build)
// over every other label, baseline and peers; none without a yxq label.
func ratioColumns(engines []string) [][2]int {
	num := -1
	for i, e := range engines {
		if e == "yxq" {
			num = i
		}
	}
	if num < 0 {
		return nil
	}
	var out [][2]int
	for i := range engines {
		if i != num {
			out = append(out, [2]int{num, i})
		}
	}
	return out
}

// FormatValue prints a figure with three significant digits or so, "–"
// for a missing one.
func FormatValue(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.Abs(v) >= 1000:
		return thousands(int(math.Round(v)))
	case math.Abs(v) >= 100:
		return fmt.Sprintf("%.0f", v)
	case math.Abs(v) >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// FormatRatio prints a ratio with two decimals below 10 and as FormatValue
// does above, "–" for a missing one.
func FormatRatio(r float64) string {
	switch {
	case math.IsNaN(r):
		return "–"
	case r >= 10:
		return FormatValue(r)
	}
	return fmt.Sprintf("%.2f", r)
}

// thousands writes n with commas: 100000 → 100,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}
