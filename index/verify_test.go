package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestVerifyFindsFlippedBytes flips bytes inside a real segment file: open
// and count do not notice, Verify does.
func TestVerifyFindsFlippedBytes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	x := mustOpen(t, dir, nil)
	if err := x.Apply(context.Background(), testDocs, nil, 1); err != nil {
		t.Fatal(err)
	}
	if err := x.Verify(); err != nil {
		t.Fatalf("fresh index: %v", err)
	}
	x.Close()
	segs, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment file written")
	}
	b, err := os.ReadFile(segs[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ { // the middle of the file: not the footer bleve reads at open
		b[len(b)/3+i*7] ^= 0x5a
	}
	if err := os.WriteFile(segs[0], b, 0o600); err != nil {
		t.Fatal(err)
	}
	y := mustOpen(t, dir, nil)
	defer y.Close()
	if n, err := y.Count(); err != nil || n != uint64(len(testDocs)) {
		t.Fatalf("count after the flip: %d %v (the damage should pass unnoticed here)", n, err)
	}
	if err := y.Verify(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Verify after flipping bytes: %v, want ErrCorrupt", err)
	}
}

// TestGuardTurnsPanicsIntoErrors: a panic inside a guarded call is an
// error that names the call; after a failed write reads are refused until
// a batch goes through.
func TestGuardTurnsPanicsIntoErrors(t *testing.T) {
	err := guard("search", func() error {
		var m map[string]int
		m["x"] = 1 // what bleve does after a failed write on a full disk
		return nil
	})
	if !errors.Is(err, ErrPanicked) {
		t.Fatalf("guard: %v, want ErrPanicked", err)
	}
	var h health
	if err := h.batch("index batch", func() error { panic("nil map") }); !errors.Is(err, ErrPanicked) {
		t.Fatalf("batch: %v", err)
	}
	if err := h.read("search", func() error { t.Fatal("a read ran on a failed index"); return nil }); !errors.Is(err, ErrFailed) {
		t.Errorf("read on a failed index: %v, want ErrFailed", err)
	}
	h.batch("index batch", func() error { return nil })
	n, err := readValue(&h, "count", func() (int, error) { return 3, nil })
	if n != 3 || err != nil {
		t.Errorf("read after a batch went through: %d %v", n, err)
	}
}
