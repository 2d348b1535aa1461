// Package segmenttest gives tests one shared Segmenter: gojieba takes about
// 130 MB and 0.6 s to load, too much to repeat per test.
package segmenttest

import (
	"sync"
	"testing"

	"yixianqian/segment"
)

var (
	once sync.Once
	seg  *segment.Segmenter
	err  error
)

// Shared returns the test binary's Segmenter with default options, opening
// it on first use; it fails tb when it cannot be opened. It is never
// closed: it lives as long as the test binary.
func Shared(tb testing.TB) *segment.Segmenter {
	tb.Helper()
	once.Do(func() { seg, err = segment.Open(nil) })
	if err != nil {
		tb.Fatalf("open segmenter: %v", err)
	}
	return seg
}
