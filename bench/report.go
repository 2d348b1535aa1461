package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"yixianqian/engine"
)

// WriteReport writes the comparison to dir as report.json, report.md and a
// self-contained report.html (inline SVG charts, no scripts or fonts).
func WriteReport(dir string, c *Comparison) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for name, write := range map[string]func(io.Writer, *Comparison) error{
		"report.json": writeJSON, "report.md": WriteMarkdown, "report.html": WriteHTML,
	} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		err = write(f, c)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("report %s: %w", name, err)
		}
	}
	return nil
}

// writeJSON writes the comparison compactly: with every need's metrics it
// is large.
func writeJSON(w io.Writer, c *Comparison) error {
	return json.NewEncoder(w).Encode(c)
}

// Millis returns d in milliseconds with microsecond precision.
func Millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// significance renders a p-value with the usual stars.
func significance(r *ConfigResult, first bool) string {
	if first {
		return "baseline"
	}
	stars := ""
	switch {
	case r.PValue < 0.001:
		stars = " ***"
	case r.PValue < 0.01:
		stars = " **"
	case r.PValue < 0.05:
		stars = " *"
	}
	return fmt.Sprintf("%+.4f (p = %.4f%s)", r.DeltaNDCG10, r.PValue, stars)
}

// WriteMarkdown writes the comparison as Markdown tables.
func WriteMarkdown(w io.Writer, c *Comparison) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Match quality: %s\n\n", c.Dataset)
	fmt.Fprintf(&b, "%d needs, %d profiles; a grade ≥ %d counts as relevant for P@k, MRR, MAP and recall; nDCG uses the grade as gain (trec_eval).\n", c.Needs, c.Profiles, c.Rel)
	fmt.Fprintf(&b, "Δ nDCG@10 is against the first configuration, with the two-sided p-value of a paired randomisation test (10,000 sign flips; * p < 0.05, ** p < 0.01, *** p < 0.001).\n\n")
	b.WriteString("| config |")
	for _, m := range MetricNames() {
		fmt.Fprintf(&b, " %s |", m)
	}
	b.WriteString(" p50 ms | p95 ms | p99 ms | Δ nDCG@10 vs first |\n|---|")
	for range len(MetricNames()) + 4 {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for i, r := range c.Results {
		fmt.Fprintf(&b, "| %s |", r.Name)
		for _, m := range MetricNames() {
			fmt.Fprintf(&b, " %.4f |", r.Report.Metrics[m])
		}
		l := r.Report.Latency
		fmt.Fprintf(&b, " %.1f | %.1f | %.1f | %s |\n", Millis(l.P50), Millis(l.P95), Millis(l.P99), significance(r, i == 0))
	}
	if len(c.Results) > 0 && len(c.Results[0].Kinds) > 0 {
		b.WriteString("\n## Per supplier kind (nDCG@10 / P@10 / MRR, matches of that kind only)\n\n| config |")
		for _, k := range engine.Kinds() {
			fmt.Fprintf(&b, " %s |", k)
		}
		b.WriteString("\n|---|---|---|---|\n")
		for _, r := range c.Results {
			fmt.Fprintf(&b, "| %s |", r.Name)
			for _, k := range engine.Kinds() {
				if kb, ok := r.Kinds[k]; ok {
					fmt.Fprintf(&b, " %.4f / %.4f / %.4f |", kb.Metrics[MetricNDCG10], kb.Metrics[MetricP10], kb.Metrics[MetricMRR])
				} else {
					b.WriteString(" – |")
				}
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("\n## Configurations\n\n")
	for _, r := range c.Results {
		sc := r.Config.Scoring
		dict := "built-in dictionary"
		if d := r.Config.Dictionary; d != nil {
			dict = fmt.Sprintf("built-in dictionary + %d words, %d synonym groups", len(d.Words), len(d.Synonyms))
		}
		search := "default retrieval"
		if len(r.Config.Search) > 0 {
			search = "retrieval `" + compactJSON(r.Config.Search) + "`"
		}
		model := "built-in ranker"
		if m := sc.Model; m != nil {
			var ws []string
			for i, f := range m.Features {
				ws = append(ws, fmt.Sprintf("%s %.3f", f, m.Weights[i]))
			}
			model = "ranker " + m.Name + " (" + strings.Join(ws, ", ") + ")"
		}
		fmt.Fprintf(&b, "- **%s**: %s; %s; %s\n", r.Name, model, search, dict)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteHTML writes a self-contained page with the tables and SVG charts:
// metric bars per configuration, per-kind nDCG@10, the per-need nDCG@10
// distribution and the latency histogram.
func WriteHTML(w io.Writer, c *Comparison) error {
	var md strings.Builder
	if err := WriteMarkdown(&md, c); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>匹配质量报告</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:sans-serif;margin:1.5em;max-width:1100px}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}td:first-child,th:first-child{text-align:left}svg{max-width:100%;height:auto;display:block;margin:1em 0}h2{margin-top:1.5em}</style></head><body>`)
	fmt.Fprintf(&b, "<h1>匹配质量报告 · %s</h1><p>%d 条需求，%d 个供给方档案。</p>", html.EscapeString(c.Dataset), c.Needs, c.Profiles)
	b.WriteString(tableHTML(c))
	names := make([]string, len(c.Results))
	for i, r := range c.Results {
		names[i] = r.Name
	}
	metrics := []string{MetricNDCG10, MetricP10, MetricMRR, MetricRecall50}
	series := make([][]float64, len(metrics))
	for j, m := range metrics {
		for _, r := range c.Results {
			series[j] = append(series[j], r.Report.Metrics[m])
		}
	}
	b.WriteString("<h2>各配置指标</h2>")
	b.WriteString(barChart(names, metrics, series, 1))
	if len(c.Results) > 0 && len(c.Results[0].Kinds) > 0 {
		var kinds []string
		ks := make([][]float64, 0, 3)
		for _, k := range engine.Kinds() {
			kinds = append(kinds, string(k))
			var row []float64
			for _, r := range c.Results {
				row = append(row, r.Kinds[k].Metrics[MetricNDCG10])
			}
			ks = append(ks, row)
		}
		b.WriteString("<h2>按供给方类型的 nDCG@10</h2>")
		b.WriteString(barChart(names, kinds, ks, 1))
	}
	b.WriteString("<h2>每条需求的 nDCG@10 分布</h2>")
	for _, r := range c.Results {
		b.WriteString(histogram(r.Name, perNeed(r.Report, MetricNDCG10), 0, 1, 10, ""))
	}
	b.WriteString("<h2>延迟分布（毫秒）</h2>")
	for _, r := range c.Results {
		var ms []float64
		for _, n := range r.Report.PerNeed {
			ms = append(ms, Millis(n.Latency))
		}
		hi := Millis(r.Report.Latency.P99) * 1.2
		b.WriteString(histogram(r.Name, ms, 0, max(hi, 1), 20, " ms"))
	}
	b.WriteString("</body></html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func tableHTML(c *Comparison) string {
	var b strings.Builder
	b.WriteString("<table><tr><th>配置</th>")
	for _, m := range MetricNames() {
		fmt.Fprintf(&b, "<th>%s</th>", m)
	}
	b.WriteString("<th>p50 ms</th><th>p99 ms</th><th>Δ nDCG@10（p 值）</th></tr>")
	for i, r := range c.Results {
		fmt.Fprintf(&b, "<tr><td>%s</td>", html.EscapeString(r.Name))
		for _, m := range MetricNames() {
			fmt.Fprintf(&b, "<td>%.4f</td>", r.Report.Metrics[m])
		}
		fmt.Fprintf(&b, "<td>%.1f</td><td>%.1f</td><td>%s</td></tr>", Millis(r.Report.Latency.P50), Millis(r.Report.Latency.P99), html.EscapeString(significance(r, i == 0)))
	}
	b.WriteString("</table>")
	return b.String()
}

var palette = []string{"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"}

// barChart draws grouped bars: one group per category, one bar per
// series entry, values in [0, top].
func barChart(groups, series []string, values [][]float64, top float64) string {
	const h, left, barW, gap = 220.0, 40.0, 14.0, 18.0
	groupW := float64(len(series))*barW + gap
	width := left + float64(len(groups))*groupW + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img">`, width, h+90)
	for i := 0; i <= 4; i++ {
		y := 10 + h - h*float64(i)/4
		fmt.Fprintf(&b, `<line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="2" y="%.1f" font-size="10">%.2f</text>`, left, width-10, y, y, y+3, top*float64(i)/4)
	}
	for g, name := range groups {
		x0 := left + float64(g)*groupW + gap/2
		for s := range series {
			v := values[s][g]
			bh := h * min(max(v/top, 0), 1)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.0f" height="%.1f" fill="%s"><title>%s %s %.4f</title></rect>`,
				x0+float64(s)*barW, 10+h-bh, barW-2, bh, palette[s%len(palette)], html.EscapeString(name), html.EscapeString(series[s]), v)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="10" transform="rotate(30 %.1f %.0f)">%s</text>`, x0, h+24, x0, h+24, html.EscapeString(name))
	}
	for s, name := range series {
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="10" height="10" fill="%s"/><text x="%.0f" y="%.0f" font-size="11">%s</text>`,
			left+float64(s)*110, h+72, palette[s%len(palette)], left+float64(s)*110+14, h+81, html.EscapeString(name))
	}
	b.WriteString("</svg>")
	return b.String()
}

// histogram draws the distribution of values over bins equal bins of
// [lo, hi]; values past hi fall in the last bin.
func histogram(title string, values []float64, lo, hi float64, bins int, unit string) string {
	counts := make([]int, bins)
	top := 1
	for _, v := range values {
		i := int((v - lo) / (hi - lo) * float64(bins))
		i = min(max(i, 0), bins-1)
		counts[i]++
		top = max(top, counts[i])
	}
	const w, h = 420.0, 120.0
	bw := w / float64(bins)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" role="img"><text x="0" y="12" font-size="12">%s</text>`, w+10, h+40, w+10, html.EscapeString(title))
	for i, c := range counts {
		bh := h * float64(c) / float64(top)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#4e79a7"><title>%.2f–%.2f%s: %d</title></rect>`,
			float64(i)*bw, 18+h-bh, bw-1, bh, lo+float64(i)*(hi-lo)/float64(bins), lo+float64(i+1)*(hi-lo)/float64(bins), unit, c)
	}
	fmt.Fprintf(&b, `<text x="0" y="%.0f" font-size="10">%.2f%s</text><text x="%.0f" y="%.0f" font-size="10" text-anchor="end">%.2f%s</text>`, h+32, lo, unit, w, h+32, hi, unit)
	b.WriteString("</svg>")
	return b.String()
}

func compactJSON(raw []byte) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}
