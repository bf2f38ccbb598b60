// Package storagetest checks that a storage.Store behaves as package storage
// documents. Every backend runs the same suite, so the embedded store and
// the Kubo backend cannot drift apart.
package storagetest

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/dag"
	"github.com/ipfs/go-cid"
	ipld "github.com/ipfs/go-ipld-format"
	mh "github.com/multiformats/go-multihash"
)

// Run runs the suite. open returns the store a subtest uses; it may be
// shared with other subtests and hold other objects (a Kubo node is), so
// the suite never assumes an empty store and uses fresh random content.
func Run(t *testing.T, open func(t *testing.T) storage.Store) {
	var seed [32]byte
	if _, err := crand.Read(seed[:]); err != nil {
		t.Fatal(err)
	}
	t.Logf("content seed %x", seed)
	g := &gen{r: rand.NewChaCha8(seed)}

	tests := []struct {
		name string
		fn   func(*testing.T, storage.Store, *gen)
	}{
		{"RoundTrip", testRoundTrip},
		{"Progress", testProgress},
		{"NotFound", testNotFound},
		{"InvalidCID", testInvalidCID},
		{"RemoveKeepsSharedPinnedBlocks", testRemoveShared},
		{"UnpinnedBlocksAreNotKept", testUnpinnedNotKept},
		{"FailedPutLeavesNoRoot", testFailedPut},
		{"TooLarge", testTooLarge},
		{"Cancelled", testCancelled},
		{"EarlyClose", testEarlyClose},
		{"Concurrent", testConcurrent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t), g) })
	}
}

// gen hands out fresh random content; safe for concurrent use.
type gen struct {
	mu sync.Mutex
	r  *rand.ChaCha8
}

func (g *gen) bytes(n int) []byte {
	b := make([]byte, n)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.r.Read(b)
	return b
}

func put(t *testing.T, s storage.Store, data []byte) cid.Cid {
	t.Helper()
	c, err := s.Put(context.Background(), bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Put %d bytes: %v", len(data), err)
	}
	return c
}

func sum(t *testing.T, data []byte) cid.Cid {
	t.Helper()
	c, err := dag.Sum(context.Background(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func read(s storage.Store, c cid.Cid) ([]byte, error) {
	r, err := s.Get(context.Background(), c)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

func mustRead(t *testing.T, s storage.Store, c cid.Cid, want []byte) {
	t.Helper()
	got, err := read(s, c)
	if err != nil {
		t.Fatalf("read %s: %v", c, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("read %s: got %d bytes, different from the %d stored", c, len(got), len(want))
	}
}

func mustHave(t *testing.T, s storage.Store, c cid.Cid, want bool) {
	t.Helper()
	got, err := s.Has(context.Background(), c)
	if err != nil {
		t.Fatalf("Has %s: %v", c, err)
	}
	if got != want {
		t.Fatalf("Has %s = %v, want %v", c, got, want)
	}
}

func testRoundTrip(t *testing.T, s storage.Store, g *gen) {
	for _, n := range []int{0, 1, dag.ChunkSize - 1, dag.ChunkSize, dag.ChunkSize + 1, 5 << 20} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			data := g.bytes(n)
			c := put(t, s, data)
			if want := sum(t, data); !c.Equals(want) {
				t.Fatalf("Put returned %s, the content's CID is %s", c, want)
			}
			mustHave(t, s, c, true)
			r, err := s.Get(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if r.Size() != int64(n) {
				t.Errorf("Size = %d, want %d", r.Size(), n)
			}
			got, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, data) {
				t.Fatal("read back different bytes")
			}
		})
	}
}

func testProgress(t *testing.T, s storage.Store, g *gen) {
	data := g.bytes(5<<20 + 3)
	var seen []int64
	_, err := s.Put(context.Background(), bytes.NewReader(data), storage.WithProgress(func(done int64) {
		seen = append(seen, done)
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) == 0 {
		t.Fatal("progress never called")
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] <= seen[i-1] {
			t.Fatalf("progress went from %d to %d", seen[i-1], seen[i])
		}
	}
	if last := seen[len(seen)-1]; last != int64(len(data)) {
		t.Fatalf("progress ended at %d, want %d", last, len(data))
	}
}

func testNotFound(t *testing.T, s storage.Store, g *gen) {
	ctx := context.Background()
	for _, n := range []int{100, 3 * dag.ChunkSize} { // a raw root and a dag-pb root
		c := sum(t, g.bytes(n))
		mustHave(t, s, c, false)
		if _, err := s.Get(ctx, c); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Get unknown %s: %v, want ErrNotFound", c, err)
		}
		if err := s.Pin(ctx, c); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Pin unknown %s: %v, want ErrNotFound", c, err)
		}
		if err := s.Remove(ctx, c); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Remove unknown %s: %v, want ErrNotFound", c, err)
		}
		if err := s.Unpin(ctx, c); err != nil {
			t.Errorf("Unpin unknown %s: %v, want nil", c, err)
		}
	}
}

func testInvalidCID(t *testing.T, s storage.Store, g *gen) {
	ctx := context.Background()
	data := g.bytes(10)
	id, err := mh.Sum(data, mh.IDENTITY, -1)
	if err != nil {
		t.Fatal(err)
	}
	sha, err := mh.Sum(data, mh.SHA2_256, -1)
	if err != nil {
		t.Fatal(err)
	}
	bad := map[string]cid.Cid{
		"undefined": cid.Undef,
		"identity":  cid.NewCidV1(cid.Raw, id),
		"v0":        cid.NewCidV0(sha),
		"dag-cbor":  cid.NewCidV1(cid.DagCBOR, sha),
	}
	for name, c := range bad {
		if _, err := s.Get(ctx, c); !errors.Is(err, storage.ErrInvalidCID) {
			t.Errorf("Get %s CID: %v, want ErrInvalidCID", name, err)
		}
		if _, err := s.Has(ctx, c); !errors.Is(err, storage.ErrInvalidCID) {
			t.Errorf("Has %s CID: %v, want ErrInvalidCID", name, err)
		}
		if err := s.Remove(ctx, c); !errors.Is(err, storage.ErrInvalidCID) {
			t.Errorf("Remove %s CID: %v, want ErrInvalidCID", name, err)
		}
	}
}

// twoSharing returns two objects of three chunks sharing their first.
func twoSharing(g *gen) (x, y []byte) {
	shared := g.bytes(dag.ChunkSize)
	x = append(bytes.Clone(shared), g.bytes(2*dag.ChunkSize)...)
	y = append(bytes.Clone(shared), g.bytes(2*dag.ChunkSize)...)
	return x, y
}

func testRemoveShared(t *testing.T, s storage.Store, g *gen) {
	ctx := context.Background()
	x, y := twoSharing(g)
	cx, cy := put(t, s, x), put(t, s, y)

	if err := s.Remove(ctx, cx); err != nil {
		t.Fatal(err)
	}
	mustHave(t, s, cx, false)
	if _, err := s.Get(ctx, cx); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("Get removed object: %v, want ErrNotFound", err)
	}
	if err := s.Remove(ctx, cx); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("second Remove: %v, want ErrNotFound", err)
	}
	// y is pinned: the chunk it shares with x survived.
	mustRead(t, s, cy, y)

	if err := s.Unpin(ctx, cy); err != nil {
		t.Fatal(err)
	}
	if err := s.Unpin(ctx, cy); err != nil {
		t.Fatalf("second Unpin: %v", err)
	}
	mustRead(t, s, cy, y) // unpinned, still stored
	if err := s.Pin(ctx, cy); err != nil {
		t.Fatal(err)
	}
	if err := s.Remove(ctx, cy); err != nil {
		t.Fatal(err)
	}
	mustHave(t, s, cy, false)
}

func testUnpinnedNotKept(t *testing.T, s storage.Store, g *gen) {
	ctx := context.Background()
	x, y := twoSharing(g)
	cy := put(t, s, y)
	if err := s.Unpin(ctx, cy); err != nil {
		t.Fatal(err)
	}
	cx := put(t, s, x)
	if err := s.Remove(ctx, cx); err != nil {
		t.Fatal(err)
	}
	// Only pins protect blocks: y lost the chunk it shared with x.
	mustHave(t, s, cy, true)
	if _, err := read(s, cy); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("reading an object that lost a block: %v, want ErrNotFound", err)
	}
	if err := s.Pin(ctx, cy); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("pinning an incomplete object: %v, want ErrNotFound", err)
	}
	if err := s.Remove(ctx, cy); err != nil {
		t.Fatalf("removing an incomplete object: %v", err)
	}
	mustHave(t, s, cy, false)
}

// failingReader yields data then fails.
type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func testFailedPut(t *testing.T, s storage.Store, g *gen) {
	data := g.bytes(3 << 20)
	boom := errors.New("reader failed mid-stream")
	_, err := s.Put(context.Background(), &failingReader{data: data[:2<<20], err: boom})
	if !errors.Is(err, boom) {
		t.Fatalf("Put from a failing reader: %v, want the reader's error", err)
	}
	mustHave(t, s, sum(t, data), false)
	mustHave(t, s, sum(t, data[:2<<20]), false)
}

// zeros is an endless stream of zero bytes; its chunks are all one block,
// so streaming it costs no storage.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func testTooLarge(t *testing.T, s storage.Store, _ *gen) {
	const limit = 3<<20 + 7
	var last int64
	_, err := s.Put(context.Background(), zeros{}, storage.WithProgress(func(n int64) { last = n }), storage.WithMaxSize(limit))
	if !errors.Is(err, storage.ErrTooLarge) {
		t.Fatalf("Put of an endless stream: %v, want ErrTooLarge", err)
	}
	if last > limit {
		t.Fatalf("progress reported %d bytes, past the %d limit", last, limit)
	}
	exact := io.LimitReader(zeros{}, limit)
	c, err := s.Put(context.Background(), exact, storage.WithMaxSize(limit))
	if err != nil {
		t.Fatalf("Put of exactly the limit: %v", err)
	}
	if err := s.Remove(context.Background(), c); err != nil {
		t.Fatal(err)
	}
}

func testCancelled(t *testing.T, s storage.Store, g *gen) {
	data := g.bytes(1 << 20)
	c := put(t, s, data)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Put(ctx, bytes.NewReader(g.bytes(1<<20))); !errors.Is(err, context.Canceled) {
		t.Errorf("Put with a cancelled context: %v", err)
	}
	if r, err := s.Get(ctx, c); err == nil {
		_, err = io.ReadAll(r)
		r.Close()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("reading with a cancelled context: %v", err)
		}
	} else if !errors.Is(err, context.Canceled) {
		t.Errorf("Get with a cancelled context: %v", err)
	}
}

func testEarlyClose(t *testing.T, s storage.Store, g *gen) {
	c := put(t, s, g.bytes(5<<20))
	r, err := s.Get(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(r, make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
}

func testConcurrent(t *testing.T, s storage.Store, g *gen) {
	const workers = 4
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data := g.bytes(300<<10 + w)
			c, err := s.Put(context.Background(), bytes.NewReader(data))
			if err != nil {
				errs <- err
				return
			}
			got, err := read(s, c)
			if err != nil {
				errs <- err
				return
			}
			if !bytes.Equal(got, data) {
				errs <- fmt.Errorf("worker %d read different bytes", w)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// Blocks returns the root and the blocks dag.Import makes of data: what a
// fake node serving the object needs.
func Blocks(t *testing.T, data []byte) (cid.Cid, map[cid.Cid][]byte) {
	t.Helper()
	c := collector{}
	root, err := dag.Import(context.Background(), bytes.NewReader(data), c)
	if err != nil {
		t.Fatal(err)
	}
	return root, c
}

// collector keeps the blocks an import adds; it serves nothing back.
type collector map[cid.Cid][]byte

func (c collector) Add(_ context.Context, nd ipld.Node) error {
	c[nd.Cid()] = bytes.Clone(nd.RawData())
	return nil
}

func (c collector) AddMany(ctx context.Context, nds []ipld.Node) error {
	for _, nd := range nds {
		if err := c.Add(ctx, nd); err != nil {
			return err
		}
	}
	return nil
}

func (c collector) Get(_ context.Context, k cid.Cid) (ipld.Node, error) {
	return nil, ipld.ErrNotFound{Cid: k}
}

func (c collector) GetMany(_ context.Context, ks []cid.Cid) <-chan *ipld.NodeOption {
	out := make(chan *ipld.NodeOption, len(ks))
	for _, k := range ks {
		out <- &ipld.NodeOption{Err: ipld.ErrNotFound{Cid: k}}
	}
	close(out)
	return out
}

func (c collector) Remove(context.Context, cid.Cid) error       { return nil }
func (c collector) RemoveMany(context.Context, []cid.Cid) error { return nil }
