package search

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"slices"

	"yixianqian/engine"
)

// The learned space and every profile's place in it are saved beside the
// index with the store's profile sequence number and the dictionary
// version they reflect, so that a start loads them instead of learning
// again: a restart takes seconds, not minutes. The file is a magic word, a
// CRC-32 of the rest and a gob of snapshot; any mismatch is reported, and
// the engine learns again in the background.

const (
	snapshotMagic  = "YXQSEM01"
	snapshotFormat = 2
)

// snapshot is what is saved of a semIndex.
type snapshot struct {
	Format      int
	Seq         uint64 // the store's profile sequence number the rows reflect
	DictVersion int    // the dictionary the space was learned with
	Dim         int
	Whiten      float64
	Learned     int

	// The space.
	Terms []string // every term of the learned corpus, with DF
	DF    []int32
	NDocs int
	Vocab []string // the columns, in order, with IDF
	IDF   []float32
	Proj  []float32

	// The rows.
	IDs        []string
	Kinds      []string
	Counties   [][]string
	Industries [][]string
	Zero       []bool
	Vecs       []float32

	BigramTerms []string
	BigramDF    []int32

	// The inverted file, when the space has one: its centroids and the
	// centroid of every row.
	IVFK      int
	Centroids []float32
	Assign    []int32
}

// errNoSnapshot says no snapshot was saved.
var errNoSnapshot = errors.New("no saved semantic space")

// snapshotPath is the file beside the index directory.
func (s *Search) snapshotPath() string { return snapshotFile(s.dir) }

func snapshotFile(dir string) string { return dir + ".semantic" }

// Remove removes the index in dir and the semantic space saved beside it,
// as before restoring a store they were not built from.
func Remove(dir string) error {
	return errors.Join(os.RemoveAll(dir), os.RemoveAll(snapshotFile(dir)))
}

func (si *semIndex) snapshot(whiten float64) *snapshot {
	sp := si.space
	snap := &snapshot{Format: snapshotFormat, Seq: si.seq, DictVersion: si.dict, Dim: sp.dim, Whiten: whiten, Learned: si.learned,
		NDocs: sp.ndocs, IDF: sp.idf, Proj: sp.proj, Vecs: si.vecs}
	snap.Terms = make([]string, 0, len(sp.df))
	snap.DF = make([]int32, 0, len(sp.df))
	for t, n := range sp.df {
		snap.Terms = append(snap.Terms, t)
		snap.DF = append(snap.DF, n)
	}
	snap.Vocab = make([]string, len(sp.vocab))
	for t, c := range sp.vocab {
		snap.Vocab[c] = t
	}
	for _, r := range si.rows {
		snap.IDs = append(snap.IDs, r.id)
		snap.Kinds = append(snap.Kinds, string(r.kind))
		snap.Counties = append(snap.Counties, r.counties)
		snap.Industries = append(snap.Industries, r.industries)
		snap.Zero = append(snap.Zero, r.zero)
	}
	for b, n := range si.bigramDF {
		snap.BigramTerms = append(snap.BigramTerms, b)
		snap.BigramDF = append(snap.BigramDF, n)
	}
	if f := si.ivf; f != nil {
		snap.IVFK, snap.Centroids, snap.Assign = f.k, f.centroids, f.assign
	}
	return snap
}

// semIndex rebuilds the semantic index a snapshot holds.
func (snap *snapshot) semIndex() (*semIndex, error) {
	if len(snap.Terms) != len(snap.DF) || len(snap.Vocab) != len(snap.IDF) || len(snap.Proj) != len(snap.Vocab)*snap.Dim ||
		len(snap.Vecs) != len(snap.IDs)*snap.Dim || len(snap.Kinds) != len(snap.IDs) || len(snap.Zero) != len(snap.IDs) ||
		len(snap.Counties) != len(snap.IDs) || len(snap.Industries) != len(snap.IDs) || len(snap.BigramTerms) != len(snap.BigramDF) {
		return nil, fmt.Errorf("saved semantic space is inconsistent")
	}
	sp := &lsaSpace{df: make(map[string]int32, len(snap.Terms)), ndocs: snap.NDocs, vocab: make(map[string]int32, len(snap.Vocab)),
		idf: snap.IDF, dim: snap.Dim, proj: snap.Proj}
	for i, t := range snap.Terms {
		sp.df[t] = snap.DF[i]
	}
	for c, t := range snap.Vocab {
		sp.vocab[t] = int32(c)
	}
	si := &semIndex{space: sp, learned: snap.Learned, rows: make([]semRow, len(snap.IDs)), byID: make(map[string]int, len(snap.IDs)),
		vecs: snap.Vecs, bigramDF: make(map[string]int32, len(snap.BigramTerms)), seq: snap.Seq, dict: snap.DictVersion}
	for i, id := range snap.IDs {
		si.rows[i] = semRow{id: id, kind: engine.Kind(snap.Kinds[i]), counties: snap.Counties[i], industries: snap.Industries[i], zero: snap.Zero[i]}
		si.byID[id] = i
	}
	for i, b := range snap.BigramTerms {
		si.bigramDF[b] = snap.BigramDF[i]
	}
	if snap.IVFK > 0 {
		if len(snap.Centroids) != snap.IVFK*snap.Dim || len(snap.Assign) != len(snap.IDs) ||
			slices.ContainsFunc(snap.Assign, func(c int32) bool { return c < 0 || int(c) >= snap.IVFK }) {
			return nil, fmt.Errorf("saved semantic space: inconsistent inverted file")
		}
		si.ivf = (&ivf{k: snap.IVFK, centroids: snap.Centroids, assign: snap.Assign}).withLists(si)
	}
	return si, nil
}

// saveSnapshot writes si atomically: a temporary file, synced, renamed.
func (s *Search) saveSnapshot(si *semIndex) error {
	var body bytes.Buffer
	if err := gob.NewEncoder(&body).Encode(si.snapshot(s.opts.SemanticWhiten)); err != nil {
		return fmt.Errorf("save semantic space: %w", err)
	}
	path := s.snapshotPath()
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("save semantic space: %w", err)
	}
	w := bufio.NewWriter(f)
	var crc [4]byte
	binary.BigEndian.PutUint32(crc[:], crc32.ChecksumIEEE(body.Bytes()))
	_, err = w.WriteString(snapshotMagic)
	if err == nil {
		_, err = w.Write(crc[:])
	}
	if err == nil {
		_, err = body.WriteTo(w)
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("save semantic space: %w", err)
	}
	return nil
}

// loadSnapshot reads the saved space; errNoSnapshot when there is none.
func (s *Search) loadSnapshot() (*semIndex, error) {
	b, err := os.ReadFile(s.snapshotPath())
	if errors.Is(err, os.ErrNotExist) {
		return nil, errNoSnapshot
	}
	if err != nil {
		return nil, fmt.Errorf("saved semantic space: %w", err)
	}
	if len(b) < len(snapshotMagic)+4 || string(b[:len(snapshotMagic)]) != snapshotMagic {
		return nil, fmt.Errorf("saved semantic space: not a snapshot of this format")
	}
	body := b[len(snapshotMagic)+4:]
	if crc32.ChecksumIEEE(body) != binary.BigEndian.Uint32(b[len(snapshotMagic):]) {
		return nil, fmt.Errorf("saved semantic space: checksum mismatch")
	}
	var snap snapshot
	if err := gob.NewDecoder(bytes.NewReader(body)).Decode(&snap); err != nil {
		return nil, fmt.Errorf("saved semantic space: %w", err)
	}
	if snap.Format != snapshotFormat || snap.Dim != s.opts.SemanticDim || snap.Whiten != s.opts.SemanticWhiten {
		return nil, fmt.Errorf("saved semantic space: format %d, %d dimensions, whitening %g; this service learns format %d, %d, %g",
			snap.Format, snap.Dim, snap.Whiten, snapshotFormat, s.opts.SemanticDim, s.opts.SemanticWhiten)
	}
	return snap.semIndex()
}
