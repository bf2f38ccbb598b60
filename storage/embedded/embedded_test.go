package embedded

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/emrchain/emrchain/storage/dag"
	"github.com/ipfs/boxo/datastore/dshelp"
	"github.com/ipfs/go-cid"
	mh "github.com/multiformats/go-multihash"

	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/storagetest"
)

func open(t *testing.T, opts ...Option) *Store {
	t.Helper()
	s, err := Open(t.TempDir(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func TestSuite(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store { return open(t) })
}

func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// blockFiles lists the block files under the store, staged ones included.
func blockFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(filepath.Join(dir, "blocks"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".data") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// blockPath is where flatfs keeps c's block.
func blockPath(s *Store, c cid.Cid) string {
	k := dshelp.MultihashToDsKey(c.Hash()).String()[1:]
	return filepath.Join(s.blocksDir, s.shard(k), k+".data")
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	shared := random(dag.ChunkSize)
	x := append(bytes.Clone(shared), random(dag.ChunkSize)...)
	y := append(bytes.Clone(shared), random(dag.ChunkSize)...)
	cy, err := s.Put(ctx, bytes.NewReader(y))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := s.Get(ctx, cy)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	r.Close()
	if err != nil || !bytes.Equal(got, y) {
		t.Fatalf("after reopening: %v", err)
	}
	// The pin survived too: removing x keeps the chunk y shares with it.
	cx, err := s.Put(ctx, bytes.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Remove(ctx, cx); err != nil {
		t.Fatal(err)
	}
	r, err = s.Get(ctx, cy)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := io.Copy(io.Discard, r); err != nil {
		t.Fatalf("y after removing x: %v", err)
	}
}

func TestCorruptBlockOnDisk(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	data := random(3*dag.ChunkSize + 1)
	root, err := s.Put(ctx, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	list, err := dag.Blocks(ctx, root, source{s.blocks})
	if err != nil {
		t.Fatal(err)
	}
	leaf := list[1]
	if leaf.Type() != cid.Raw {
		t.Fatalf("block %s is not a leaf", leaf)
	}

	readBack := func() error {
		r, err := s.Get(ctx, root)
		if err != nil {
			return err
		}
		defer r.Close()
		_, err = io.Copy(io.Discard, r)
		return err
	}
	for name, damage := range map[string]func([]byte) []byte{
		"flipped bit": func(b []byte) []byte { b[len(b)/2] ^= 0x10; return b },
		"truncated":   func(b []byte) []byte { return b[:len(b)-1] },
		"emptied":     func([]byte) []byte { return nil },
	} {
		for _, victim := range []cid.Cid{leaf, root} {
			path := blockPath(s, victim)
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, damage(bytes.Clone(orig)), 0o600); err != nil {
				t.Fatal(err)
			}
			err = readBack()
			if !errors.Is(err, storage.ErrIntegrity) || !strings.Contains(err.Error(), victim.String()) {
				t.Errorf("%s %s: %v, want ErrIntegrity naming it", name, victim, err)
			}
			if err := os.WriteFile(path, orig, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := readBack(); err != nil {
		t.Fatalf("after repair: %v", err)
	}
}

// TestFailedPutLeavesNothing: blocks of a failed Put are staged, never
// committed, so the store holds no file of it afterwards.
func TestFailedPutLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	boom := errors.New("boom")
	for name, r := range map[string]io.Reader{
		"reader error": io.MultiReader(bytes.NewReader(random(3<<20)), iotest.ErrReader(boom)),
		"too large":    io.LimitReader(rand.Reader, 3<<20+1),
	} {
		if _, err := s.Put(context.Background(), r, storage.WithMaxSize(3<<20)); err == nil {
			t.Fatalf("%s: Put succeeded", name)
		}
		if files := blockFiles(t, dir); len(files) != 0 {
			t.Fatalf("%s: %d block files left, first %s", name, len(files), files[0])
		}
		pins, err := s.pinned()
		if err != nil || len(pins) != 0 {
			t.Fatalf("%s: pins %v, %v", name, pins, err)
		}
	}
}

// TestRemoveFinishesInterrupted simulates a Remove that stopped after
// deleting some leaves and an interior node: calling Remove again deletes
// the rest.
func TestRemoveFinishesInterrupted(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir, NoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// More leaves than one interior node links: the root has interior
	// children.
	root, err := s.Put(ctx, bytes.NewReader(random((dag.MaxLinks+3)*dag.ChunkSize)))
	if err != nil {
		t.Fatal(err)
	}
	list, err := dag.Blocks(ctx, root, source{s.blocks})
	if err != nil {
		t.Fatal(err)
	}
	interior := 0
	for i, c := range list[:len(list)-1] {
		if c.Type() == cid.DagProtobuf {
			interior = i
			break
		}
	}
	if interior == 0 {
		t.Fatal("no interior node below the root")
	}
	// Remove deletes in list order; stop just after the first interior node.
	for _, c := range list[:interior+1] {
		if err := os.Remove(blockPath(s, c)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Remove(ctx, root); err != nil {
		t.Fatalf("finishing the removal: %v", err)
	}
	if files := blockFiles(t, dir); len(files) != 0 {
		t.Fatalf("%d block files left after Remove", len(files))
	}
}

// A Put that would take the disk below the reserve stops with ErrNoSpace and leaves nothing,
// whether the disk is short from the start or runs short part-way.
func TestPutStopsBeforeTheDiskFills(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, NoSync(), MinFree(1<<30))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var free atomic.Uint64
	s.free = func(string) (uint64, error) { return free.Load(), nil }

	free.Store(1<<30 - 1)
	if _, err := s.Put(context.Background(), bytes.NewReader(random(1<<20))); !errors.Is(err, storage.ErrNoSpace) {
		t.Fatalf("Put onto a full disk: %v, want ErrNoSpace", err)
	}

	// Plenty of space at first, then the disk fills while the object streams in.
	free.Store(10 << 30)
	src := &shrinkingDisk{r: bytes.NewReader(random(3 * spaceCheckEvery)), free: &free, after: spaceCheckEvery + 1}
	_, err = s.Put(context.Background(), src)
	if !errors.Is(err, storage.ErrNoSpace) || !strings.Contains(err.Error(), "short of a full disk") {
		t.Fatalf("Put while the disk fills: %v, want ErrNoSpace", err)
	}
	if src.read > 2*spaceCheckEvery+dag.ChunkSize {
		t.Fatalf("the Put read %d bytes after the disk ran short at %d", src.read, src.after)
	}
	if files := blockFiles(t, dir); len(files) != 0 {
		t.Fatalf("%d block files left by a Put that ran out of space", len(files))
	}
}

// shrinkingDisk reports the disk full once more than after bytes have been read.
type shrinkingDisk struct {
	r     io.Reader
	free  *atomic.Uint64
	after int64
	read  int64
}

func (d *shrinkingDisk) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	d.read += int64(n)
	if d.read > d.after {
		d.free.Store(0)
	}
	return n, err
}

// Sweep deletes exactly the blocks no pin reaches: an unpinned object's (except the blocks it
// shares with a pinned one) and stray blocks, and a dry run only counts them.
func TestSweepKeepsWhatPinsReach(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir, NoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	shared := random(2 * dag.ChunkSize)
	a := append(append([]byte{}, shared...), random(dag.ChunkSize+9)...)
	b := append(append([]byte{}, shared...), random(3*dag.ChunkSize+1)...)
	ca, err := s.Put(ctx, bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	cb, err := s.Put(ctx, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Unpin(ctx, cb); err != nil {
		t.Fatal(err)
	}
	stray := random(1000)
	h, err := mh.Sum(stray, mh.SHA2_256, -1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.blocks.Put(ctx, dshelp.MultihashToDsKey(h), stray); err != nil {
		t.Fatal(err)
	}
	pins, err := s.Pins(ctx)
	if err != nil || len(pins) != 1 || !pins[0].CID.Equals(ca) || time.Since(pins[0].Since) > time.Minute {
		t.Fatalf("Pins = %v, %v; want just %s, pinned just now", pins, err, ca)
	}

	before := len(blockFiles(t, dir))
	// b's own blocks: 4 leaves (3 full, 1 byte) and a root, its first two leaves being a's;
	// plus the stray block.
	const want = 4 + 1 + 1
	dry, err := s.Sweep(ctx, true)
	if err != nil || dry.Blocks != want || dry.Bytes < 3*dag.ChunkSize+1000 {
		t.Fatalf("dry run: %+v, %v; want %d blocks", dry, err, want)
	}
	if got := len(blockFiles(t, dir)); got != before {
		t.Fatalf("a dry run deleted %d blocks", before-got)
	}
	swept, err := s.Sweep(ctx, false)
	if err != nil || swept != dry {
		t.Fatalf("sweep: %+v, %v; the dry run said %+v", swept, err, dry)
	}
	if got := len(blockFiles(t, dir)); got != before-want {
		t.Fatalf("%d blocks left, want %d", got, before-want)
	}
	got, err := io.ReadAll(mustGet(t, s, ca))
	if err != nil || !bytes.Equal(got, a) {
		t.Fatalf("the pinned object after a sweep: %d bytes, %v", len(got), err)
	}
	if ok, _ := s.Has(ctx, cb); ok {
		t.Fatal("the unpinned object's root survived the sweep")
	}
}

func mustGet(t *testing.T, s *Store, c cid.Cid) io.Reader {
	t.Helper()
	r, err := s.Get(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
