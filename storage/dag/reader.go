package dag

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/emrchain/emrchain/storage"
	"github.com/ipfs/boxo/ipld/merkledag"
	uio "github.com/ipfs/boxo/ipld/unixfs/io"
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

// fetchParallelism bounds concurrent block fetches while reading ahead. The
// UnixFS walker asks for up to ten children at a time; fetching them in
// parallel hides a remote node's latency and spreads hashing over cores.
const fetchParallelism = 8

// Reader streams an object's bytes, verifying each block as it arrives.
type Reader struct {
	dr     uio.DagReader
	size   int64
	remain int64 // bytes the root still allows
}

var _ storage.Object = (*Reader)(nil)

// NewReader opens the object rooted at root. The root block is fetched and
// verified before NewReader returns; the rest is fetched while reading.
// Objects declaring more than storage.MaxObjectSize bytes are refused with
// storage.ErrTooLarge, so a hostile CID cannot make a reader stream without
// bound.
func NewReader(ctx context.Context, root cid.Cid, src Source) (*Reader, error) {
	g := getter{src: src}
	nd, err := g.Get(ctx, root)
	if err != nil {
		return nil, err
	}
	dr, err := uio.NewDagReader(ctx, nd, g)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", root, err)
	}
	size := dr.Size()
	if size > storage.MaxObjectSize {
		dr.Close()
		return nil, fmt.Errorf("open %s: %w: root declares %d bytes", root, storage.ErrTooLarge, size)
	}
	return &Reader{dr: dr, size: int64(size), remain: int64(size)}, nil
}

// Size returns the length the root block declares.
func (r *Reader) Size() int64 { return r.size }

// Read reads the next bytes of the object.
func (r *Reader) Read(p []byte) (int, error) {
	n, err := r.dr.Read(p)
	if err := r.account(n); err != nil {
		return 0, err
	}
	return n, err
}

// WriteTo streams the rest of the object to w without an intermediate copy;
// io.Copy uses it.
func (r *Reader) WriteTo(w io.Writer) (int64, error) {
	return r.dr.WriteTo(&boundedWriter{w: w, r: r})
}

// Close releases the reader and stops any read-ahead.
func (r *Reader) Close() error { return r.dr.Close() }

// account enforces the root's declared size: leaves that add up to more than
// the root claims make a malformed DAG, which would otherwise let a small
// declared size front an unbounded stream.
func (r *Reader) account(n int) error {
	r.remain -= int64(n)
	if r.remain < 0 {
		return fmt.Errorf("dag read: leaves exceed the %d bytes the root declares", r.size)
	}
	return nil
}

type boundedWriter struct {
	w io.Writer
	r *Reader
}

func (b *boundedWriter) Write(p []byte) (int, error) {
	if err := b.r.account(len(p)); err != nil {
		return 0, err
	}
	return b.w.Write(p)
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

func (g getter) GetMany(ctx context.Context, cs []cid.Cid) <-chan *ipld.NodeOption {
	// Buffered for every answer so workers never block on a reader that
	// has gone away.
	out := make(chan *ipld.NodeOption, len(cs))
	go func() {
		defer close(out)
		sem := make(chan struct{}, fetchParallelism)
		var wg sync.WaitGroup
		defer wg.Wait()
		for _, c := range cs {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				out <- &ipld.NodeOption{Err: ctx.Err()}
				return
			}
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				nd, err := g.Get(ctx, c)
				out <- &ipld.NodeOption{Node: nd, Err: err}
			}()
		}
	}()
	return out
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
