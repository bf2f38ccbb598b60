package dag

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/emrchain/emrchain/storage"
	"github.com/ipfs/boxo/ipld/merkledag"
	"github.com/ipfs/boxo/ipld/unixfs"
	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	ipld "github.com/ipfs/go-ipld-format"
)

// Source yields raw blocks from wherever a backend keeps them. It is not
// trusted: every block it returns is hashed and compared with its CID before
// use.
type Source interface {
	// Block returns the bytes stored under c. A missing block is an error
	// wrapping storage.ErrNotFound.
	Block(ctx context.Context, c cid.Cid) ([]byte, error)
}

// readAhead is how many leaves a Reader fetches and verifies ahead of the one being read, in
// parallel: 8 MiB of 256 KiB leaves. Deep enough that a remote node's latency, or a busy machine
// that schedules the fetching goroutines late, rarely makes the reader wait; shallow enough that
// memory stays a few MiB whatever the object's size.
const readAhead = 32

// Reader streams an object's bytes, verifying each block as it arrives. A walker goroutine
// lists the leaves in order, fetching the (few, small) interior nodes itself, and hands each
// leaf to a fetching goroutine; at most readAhead leaves are in flight. Read and WriteTo take
// the leaves in order.
type Reader struct {
	size   int64
	remain int64 // bytes the root still allows

	cancel context.CancelFunc
	wg     *sync.WaitGroup // the walker and the fetching goroutines
	leaves chan *leaf      // in object order; closed by the walker at the end
	walked chan error      // the walker's final error
	cur    []byte          // unread part of the current leaf
	err    error           // sticky
}

// leaf is one leaf being fetched; ready is closed once data or err is set.
type leaf struct {
	ready chan struct{}
	data  []byte
	err   error
}

var _ storage.Object = (*Reader)(nil)

// NewReader opens the object rooted at root. The root block is fetched and verified before
// NewReader returns; the rest is fetched while reading. Objects declaring more than
// storage.MaxObjectSize bytes are refused with storage.ErrTooLarge, so a hostile CID cannot
// make a reader stream without bound.
func NewReader(ctx context.Context, root cid.Cid, src Source) (*Reader, error) {
	g := getter{src: src}
	nd, err := g.Get(ctx, root)
	if err != nil {
		return nil, err
	}
	size, err := fileSize(nd)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", root, err)
	}
	if size > storage.MaxObjectSize {
		return nil, fmt.Errorf("open %s: %w: root declares %d bytes", root, storage.ErrTooLarge, size)
	}
	ctx, cancel := context.WithCancel(ctx)
	r := &Reader{
		size: int64(size), remain: int64(size), cancel: cancel,
		leaves: make(chan *leaf, readAhead), walked: make(chan error, 1),
	}
	r.wg = &sync.WaitGroup{}
	w := &leafWalker{ctx: ctx, g: g, out: r.leaves, sem: make(chan struct{}, readAhead), wg: r.wg}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		err := w.walk(nd)
		close(r.leaves)
		r.walked <- err
	}()
	return r, nil
}

// fileSize is the length a root declares: a raw block's own, or its UnixFS file size.
func fileSize(nd ipld.Node) (uint64, error) {
	switch n := nd.(type) {
	case *merkledag.RawNode:
		return uint64(len(n.RawData())), nil
	case *merkledag.ProtoNode:
		fs, err := unixfs.FSNodeFromBytes(n.Data())
		if err != nil {
			return 0, fmt.Errorf("not a UnixFS node: %w", err)
		}
		switch fs.Type() {
		case unixfs.TFile, unixfs.TRaw:
			return fs.FileSize(), nil
		}
		return 0, fmt.Errorf("UnixFS %s, not a file", fs.Type())
	}
	return 0, fmt.Errorf("unknown node type %T", nd)
}

// leafWalker lists an object's leaves depth first, in order.
type leafWalker struct {
	ctx context.Context
	g   getter
	out chan<- *leaf
	sem chan struct{} // bounds the fetching goroutines
	wg  *sync.WaitGroup
}

func (w *leafWalker) walk(nd ipld.Node) error {
	links := nd.Links()
	if len(links) == 0 {
		// A leaf that came with its parent, or a root that is a leaf: its data is at hand.
		l := &leaf{ready: make(chan struct{})}
		l.data, l.err = leafData(nd)
		close(l.ready)
		return w.emit(l)
	}
	// As in Kubo's reader, the data of interior nodes is not file data: the balanced layout
	// puts every byte in the leaves.
	for _, link := range links {
		if err := storage.CheckCID(link.Cid); err != nil {
			return err
		}
		if link.Cid.Type() == cid.Raw {
			if err := w.fetch(link.Cid); err != nil {
				return err
			}
			continue
		}
		// An interior node, or a dag-pb leaf: fetch it here to learn what is below.
		child, err := w.g.Get(w.ctx, link.Cid)
		if err != nil {
			return err
		}
		if err := w.walk(child); err != nil {
			return err
		}
	}
	return nil
}

// fetch queues a raw leaf and fetches it on its own goroutine, at most readAhead at a time.
func (w *leafWalker) fetch(c cid.Cid) error {
	select {
	case w.sem <- struct{}{}:
	case <-w.ctx.Done():
		return w.ctx.Err()
	}
	l := &leaf{ready: make(chan struct{})}
	w.wg.Add(1)
	go func() {
		defer func() { <-w.sem; w.wg.Done() }()
		nd, err := w.g.Get(w.ctx, c)
		if err == nil {
			l.data = nd.RawData()
		}
		l.err = err
		close(l.ready)
	}()
	return w.emit(l)
}

func (w *leafWalker) emit(l *leaf) error {
	select {
	case w.out <- l:
		return nil
	case <-w.ctx.Done():
		return w.ctx.Err()
	}
}

// leafData is the file data a leaf holds.
func leafData(nd ipld.Node) ([]byte, error) {
	switch n := nd.(type) {
	case *merkledag.RawNode:
		return n.RawData(), nil
	case *merkledag.ProtoNode:
		fs, err := unixfs.FSNodeFromBytes(n.Data())
		if err != nil {
			return nil, fmt.Errorf("leaf %s is not a UnixFS node: %w", nd.Cid(), err)
		}
		switch fs.Type() {
		case unixfs.TFile, unixfs.TRaw:
			return fs.Data(), nil
		}
		return nil, fmt.Errorf("leaf %s is UnixFS %s, not file data", nd.Cid(), fs.Type())
	}
	return nil, fmt.Errorf("leaf %s: unknown node type %T", nd.Cid(), nd)
}

// Size returns the length the root block declares.
func (r *Reader) Size() int64 { return r.size }

// next makes r.cur the next leaf's data, or returns io.EOF after the last.
func (r *Reader) next() error {
	for len(r.cur) == 0 {
		l, ok := <-r.leaves
		if !ok {
			if err := <-r.walked; err != nil {
				return err
			}
			if r.remain != 0 {
				return fmt.Errorf("dag read: leaves hold %d bytes fewer than the %d the root declares", r.remain, r.size)
			}
			return io.EOF
		}
		<-l.ready
		if l.err != nil {
			return l.err
		}
		if err := r.account(len(l.data)); err != nil {
			return err
		}
		r.cur = l.data
	}
	return nil
}

// Read reads the next bytes of the object.
func (r *Reader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if err := r.next(); err != nil {
		r.err = err
		return 0, err
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// WriteTo streams the rest of the object to w without an intermediate copy; io.Copy uses it.
func (r *Reader) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for {
		if r.err != nil {
			if r.err == io.EOF {
				return total, nil
			}
			return total, r.err
		}
		if err := r.next(); err != nil {
			r.err = err
			continue
		}
		n, err := w.Write(r.cur)
		total += int64(n)
		r.cur = r.cur[n:]
		if err != nil {
			return total, err
		}
	}
}

// Close stops the read-ahead and returns once nothing reads from the source any more, so a
// store may be closed right after.
func (r *Reader) Close() error {
	r.cancel()
	for range r.leaves {
		// Let the walker see its context end and finish.
	}
	r.wg.Wait()
	return nil
}

// account enforces the root's declared size: leaves that add up to more than the root claims
// make a malformed DAG, which would otherwise let a small declared size front an unbounded
// stream.
func (r *Reader) account(n int) error {
	r.remain -= int64(n)
	if r.remain < 0 {
		return fmt.Errorf("dag read: leaves exceed the %d bytes the root declares", r.size)
	}
	return nil
}

// getter is the verifying ipld.NodeGetter both backends read through.
type getter struct{ src Source }

func (g getter) Get(ctx context.Context, c cid.Cid) (ipld.Node, error) {
	if err := storage.CheckCID(c); err != nil {
		return nil, err
	}
	data, err := g.src.Block(ctx, c)
	if err != nil {
		return nil, err
	}
	if err := verify(c, data); err != nil {
		return nil, err
	}
	blk, err := blocks.NewBlockWithCid(data, c)
	if err != nil {
		return nil, fmt.Errorf("block %s: %w", c, err)
	}
	var nd ipld.Node
	switch c.Type() {
	case cid.Raw:
		nd, err = merkledag.DecodeRawBlock(blk)
	default: // CheckCID admits only raw and dag-pb
		nd, err = merkledag.DecodeProtobufBlock(blk)
	}
	if err != nil {
		return nil, fmt.Errorf("decode block %s: %w", c, err)
	}
	return nd, nil
}

// verify hashes data with c's own prefix and compares. CheckCID has already
// pinned the prefix to SHA2-256, so an identity or truncated hash can never
// make a forged block pass.
func verify(c cid.Cid, data []byte) error {
	got, err := c.Prefix().Sum(data)
	if err != nil {
		return fmt.Errorf("hash block %s: %w", c, err)
	}
	if !got.Equals(c) {
		return fmt.Errorf("%w: block %s does not hash to its CID", storage.ErrIntegrity, c)
	}
	return nil
}
