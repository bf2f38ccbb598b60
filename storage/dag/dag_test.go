package dag

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emrchain/emrchain/storage"
	"github.com/ipfs/boxo/ipld/merkledag"
	"github.com/ipfs/boxo/ipld/unixfs"
	"github.com/ipfs/go-cid"
	ipld "github.com/ipfs/go-ipld-format"
	mh "github.com/multiformats/go-multihash"
)

// memDAG is an in-memory DAGService and Source, so the layout and the
// verifying reader can be tested without a backend.
type memDAG struct {
	mu     sync.Mutex
	blocks map[cid.Cid][]byte
	order  []cid.Cid
}

func newMemDAG() *memDAG { return &memDAG{blocks: map[cid.Cid][]byte{}} }

func (m *memDAG) Block(_ context.Context, c cid.Cid) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.blocks[c]
	if !ok {
		return nil, fmt.Errorf("%w: %s", storage.ErrNotFound, c)
	}
	return bytes.Clone(b), nil
}

// set replaces or, with nil, deletes a block. Readers closed early may still
// be prefetching, hence the lock.
func (m *memDAG) set(c cid.Cid, b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if b == nil {
		delete(m.blocks, c)
		return
	}
	m.blocks[c] = b
}

func (m *memDAG) get(c cid.Cid) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return bytes.Clone(m.blocks[c])
}

func (m *memDAG) Add(_ context.Context, nd ipld.Node) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.blocks[nd.Cid()]; !ok {
		m.order = append(m.order, nd.Cid())
	}
	m.blocks[nd.Cid()] = bytes.Clone(nd.RawData())
	return nil
}

func (m *memDAG) AddMany(ctx context.Context, nds []ipld.Node) error {
	for _, nd := range nds {
		if err := m.Add(ctx, nd); err != nil {
			return err
		}
	}
	return nil
}

func (m *memDAG) Get(context.Context, cid.Cid) (ipld.Node, error) {
	return nil, errors.New("memDAG: Get is not used by Import")
}

func (m *memDAG) GetMany(context.Context, []cid.Cid) <-chan *ipld.NodeOption {
	panic("memDAG: GetMany is not used by Import")
}
func (m *memDAG) Remove(context.Context, cid.Cid) error       { return nil }
func (m *memDAG) RemoveMany(context.Context, []cid.Cid) error { return nil }

func randomBytes(seed uint64, n int) []byte {
	b := make([]byte, n)
	r := rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8)})
	r.Read(b)
	return b
}

func TestSingleChunkIsRawLeaf(t *testing.T) {
	// Up to one chunk, the root is the raw leaf itself: its CID is the
	// SHA-256 of the bytes, independently of the importer.
	for _, n := range []int{0, 1, ChunkSize - 1, ChunkSize} {
		data := randomBytes(uint64(n), n)
		got, err := Sum(context.Background(), bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		digest := sha256.Sum256(data)
		h, err := mh.Encode(digest[:], mh.SHA2_256)
		if err != nil {
			t.Fatal(err)
		}
		if want := cid.NewCidV1(cid.Raw, h); !got.Equals(want) {
			t.Errorf("%d bytes: Sum = %s, want %s", n, got, want)
		}
	}
}

func TestImportReadRoundTrip(t *testing.T) {
	// 45 MiB exceeds 174 leaves, so the balanced tree gets a second level.
	sizes := []int{0, 1, ChunkSize - 1, ChunkSize, ChunkSize + 1, 5 << 20, 45 << 20}
	for _, n := range sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			ctx := context.Background()
			data := randomBytes(uint64(n), n)
			m := newMemDAG()
			root, err := Import(ctx, bytes.NewReader(data), m)
			if err != nil {
				t.Fatal(err)
			}
			sum, err := Sum(ctx, bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if !sum.Equals(root) {
				t.Fatalf("Sum %s != Import %s", sum, root)
			}
			if last := m.order[len(m.order)-1]; !last.Equals(root) {
				t.Errorf("last block written is %s, want the root %s", last, root)
			}
			r, err := NewReader(ctx, root, m)
			if err != nil {
				t.Fatal(err)
			}
			if r.Size() != int64(n) {
				t.Errorf("Size = %d, want %d", r.Size(), n)
			}
			var got bytes.Buffer
			if _, err := io.Copy(&got, r); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), data) {
				t.Fatal("read back different bytes")
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			// Read, not only WriteTo, must give the same bytes.
			r, err = NewReader(ctx, root, m)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			small, err := io.ReadAll(struct{ io.Reader }{r})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(small, data) {
				t.Fatal("Read gives different bytes from WriteTo")
			}
		})
	}
}

func TestBlocksOrder(t *testing.T) {
	ctx := context.Background()
	m := newMemDAG()
	data := randomBytes(7, 45<<20)
	root, err := Import(ctx, bytes.NewReader(data), m)
	if err != nil {
		t.Fatal(err)
	}
	list, err := Blocks(ctx, root, m)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(m.blocks) {
		t.Fatalf("Blocks lists %d blocks, the DAG has %d", len(list), len(m.blocks))
	}
	if !list[len(list)-1].Equals(root) {
		t.Fatal("root is not last")
	}
	pos := map[cid.Cid]int{}
	for i, c := range list {
		pos[c] = i
	}
	for _, c := range list {
		if c.Type() != cid.DagProtobuf {
			continue
		}
		nd, err := getter{src: m}.Get(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range nd.Links() {
			if pos[l.Cid] >= pos[c] {
				t.Fatalf("child %s listed after its parent %s", l.Cid, c)
			}
		}
	}

	// An interior node already deleted is listed without its subtree,
	// so an interrupted removal can finish.
	var interior cid.Cid
	for _, c := range list[:len(list)-1] {
		if c.Type() == cid.DagProtobuf {
			interior = c
			break
		}
	}
	if !interior.Defined() {
		t.Fatal("45 MiB should have interior nodes below the root")
	}
	m.set(interior, nil)
	partial, err := Blocks(ctx, root, m)
	if err != nil {
		t.Fatalf("Blocks with a missing interior node: %v", err)
	}
	if len(partial) >= len(list) || !partial[len(partial)-1].Equals(root) {
		t.Fatalf("partial walk listed %d of %d blocks", len(partial), len(list))
	}

	m.set(root, nil)
	if only, err := Blocks(ctx, root, m); err != nil || len(only) != 1 || !only[0].Equals(root) {
		t.Fatalf("Blocks of a missing root = %v, %v; want just the root", only, err)
	}
}

func TestTamperedBlocks(t *testing.T) {
	ctx := context.Background()
	m := newMemDAG()
	data := randomBytes(3, 3*ChunkSize+5)
	root, err := Import(ctx, bytes.NewReader(data), m)
	if err != nil {
		t.Fatal(err)
	}
	var leaf cid.Cid
	for c := range m.blocks {
		if c.Type() == cid.Raw {
			leaf = c
			break
		}
	}

	origLeaf, origRoot := m.get(leaf), m.get(root)
	m.set(leaf, flip(origLeaf))
	r, err := NewReader(ctx, root, m)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.Copy(io.Discard, r)
	r.Close()
	if !errors.Is(err, storage.ErrIntegrity) || !strings.Contains(err.Error(), leaf.String()) {
		t.Fatalf("reading a tampered leaf: %v, want ErrIntegrity naming %s", err, leaf)
	}
	m.set(leaf, origLeaf)

	m.set(root, append(bytes.Clone(origRoot), 0))
	if _, err := NewReader(ctx, root, m); !errors.Is(err, storage.ErrIntegrity) || !strings.Contains(err.Error(), root.String()) {
		t.Fatalf("opening a tampered root: %v, want ErrIntegrity naming %s", err, root)
	}
	if _, err := Blocks(ctx, root, m); !errors.Is(err, storage.ErrIntegrity) {
		t.Fatalf("walking a tampered root: %v, want ErrIntegrity", err)
	}
	// Raw blocks are never read by Blocks, so a tampered leaf does not stop
	// a walk (and the removal it serves).
	m.set(root, origRoot)
	m.set(leaf, flip(origLeaf))
	if list, err := Blocks(ctx, root, m); err != nil || len(list) != len(m.blocks) {
		t.Fatalf("walking with a tampered leaf: %d blocks, %v", len(list), err)
	}
}

func TestRefusesForeignCIDs(t *testing.T) {
	ctx := context.Background()
	m := newMemDAG()
	data := []byte("inline")
	h, err := mh.Sum(data, mh.IDENTITY, -1)
	if err != nil {
		t.Fatal(err)
	}
	id := cid.NewCidV1(cid.Raw, h)
	m.set(id, data)
	if _, err := NewReader(ctx, id, m); !errors.Is(err, storage.ErrInvalidCID) {
		t.Fatalf("identity-hash CID: %v, want ErrInvalidCID", err)
	}
}

func TestImportPropagatesReaderError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(bytes.NewReader(randomBytes(1, 2*ChunkSize+3)), iotestErr{boom})
	m := newMemDAG()
	if _, err := Import(context.Background(), r, m); !errors.Is(err, boom) {
		t.Fatalf("Import = %v, want the reader's error", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Import(ctx, bytes.NewReader([]byte("x")), m); !errors.Is(err, context.Canceled) {
		t.Fatalf("Import with a cancelled context = %v", err)
	}
}

func flip(b []byte) []byte {
	b = bytes.Clone(b)
	b[0] ^= 1
	return b
}

type iotestErr struct{ err error }

func (e iotestErr) Read([]byte) (int, error) { return 0, e.err }

// A source that reports being cut off (io.ErrUnexpectedEOF, as a dropped HTTP body does) fails
// the import: the chunker would otherwise take it for the end of the input and store a
// truncated object.
func TestImportRefusesCutShortInput(t *testing.T) {
	data := randomBytes(9, 2*ChunkSize+3)
	r := io.MultiReader(bytes.NewReader(data), iotestErr{io.ErrUnexpectedEOF})
	m := newMemDAG()
	if _, err := Import(context.Background(), r, m); !errors.Is(err, ErrCutShort) {
		t.Fatalf("Import of a cut-short input = %v, want ErrCutShort", err)
	}
}

// A root that declares more bytes than its leaves hold is malformed: reading it ends in an
// error, not in a short object taken for whole.
func TestShortLeavesAreAnError(t *testing.T) {
	ctx := context.Background()
	m := newMemDAG()
	data := randomBytes(11, 2*ChunkSize+5)
	root, err := Import(ctx, bytes.NewReader(data), m)
	if err != nil {
		t.Fatal(err)
	}
	nd, err := getter{src: m}.Get(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	fs := unixfs.NewFSNode(unixfs.TFile)
	for range nd.Links() {
		fs.AddBlockSize(ChunkSize) // the last leaf holds 5 bytes, not a whole chunk
	}
	raw, err := fs.GetBytes()
	if err != nil {
		t.Fatal(err)
	}
	liar := merkledag.NodeWithData(raw)
	if err := liar.SetCidBuilder(prefix); err != nil {
		t.Fatal(err)
	}
	for _, l := range nd.Links() {
		if err := liar.AddRawLink("", l); err != nil {
			t.Fatal(err)
		}
	}
	m.set(liar.Cid(), liar.RawData())
	r, err := NewReader(ctx, liar.Cid(), m)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Size() != 3*ChunkSize {
		t.Fatalf("Size = %d, want the declared %d", r.Size(), 3*ChunkSize)
	}
	got, err := io.ReadAll(r)
	if err == nil || !strings.Contains(err.Error(), "fewer than") {
		t.Fatalf("read %d bytes, %v; want an error about the missing bytes", len(got), err)
	}
}

// FuzzReader feeds the reader a root block and one child of a hostile node's choosing (each
// stored under its own hash, as a node can always do): it must fail or read within the size
// the root declares, and never panic or hang.
func FuzzReader(f *testing.F) {
	m := newMemDAG()
	root, err := Import(context.Background(), bytes.NewReader(randomBytes(5, 2*ChunkSize+7)), m)
	if err != nil {
		f.Fatal(err)
	}
	nd, err := getter{src: m}.Get(context.Background(), root)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(nd.RawData(), m.get(nd.Links()[0].Cid))
	f.Add([]byte{0x0a, 0x02, 0x08, 0x02}, []byte("leaf"))
	f.Fuzz(func(t *testing.T, rootBlock, child []byte) {
		m := newMemDAG()
		put := func(codec uint64, b []byte) cid.Cid {
			c, err := cid.Prefix{Version: 1, Codec: codec, MhType: mh.SHA2_256, MhLength: -1}.Sum(b)
			if err != nil {
				t.Fatal(err)
			}
			m.set(c, b)
			return c
		}
		put(cid.Raw, child)
		put(cid.DagProtobuf, child)
		rc := put(cid.DagProtobuf, rootBlock)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		r, err := NewReader(ctx, rc, m)
		if err != nil {
			return
		}
		defer r.Close()
		n, _ := io.Copy(io.Discard, io.LimitReader(r, 64<<20))
		if n > r.Size() {
			t.Fatalf("read %d bytes of an object declaring %d", n, r.Size())
		}
	})
}
