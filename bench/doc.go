// Package bench measures how good and how fast matching is: trec_eval-style
// ranking metrics over judged needs (qrels), evaluation runs through the
// engine's public API, and latency summaries.
package bench
