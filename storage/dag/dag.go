// Package dag fixes how storage objects become IPFS DAGs and reads DAGs back
// verifying every block against its CID.
//
// The layout is Kubo's `ipfs add --cid-version=1` with default settings:
// UnixFS file, CIDv1, SHA2-256, raw leaves, fixed 256 KiB chunks, balanced
// tree of at most 174 links per node. Any node, embedded or remote, that
// imports the same bytes this way derives the same root CID, so a CID
// recorded on chain can be checked against bytes without trusting whoever
// stored them.
package dag

import (
	"context"
	"errors"
	"fmt"
	"io"

	chunker "github.com/ipfs/boxo/chunker"
	"github.com/ipfs/boxo/ipld/unixfs/importer/balanced"
	"github.com/ipfs/boxo/ipld/unixfs/importer/helpers"
	"github.com/ipfs/go-cid"
	ipld "github.com/ipfs/go-ipld-format"
	mh "github.com/multiformats/go-multihash"
)

// ChunkSize is the leaf size: Kubo's default fixed-size chunker
// (chunker.DefaultBlockSize, which boxo declares as a variable). It is fixed
// here because changing it would change every CID.
const ChunkSize = 256 << 10

// MaxLinks is the most children an interior node has: Kubo's default
// (helpers.DefaultLinksPerBlock, a variable in boxo), fixed here for the same
// reason as ChunkSize.
const MaxLinks = 174

// prefix builds interior nodes; the importer switches the codec to raw for
// leaves.
var prefix = cid.Prefix{Version: 1, Codec: cid.DagProtobuf, MhType: mh.SHA2_256, MhLength: -1}

// Import chunks r into a DAG, writes its blocks to dst and returns the root
// CID. Blocks reach dst children first and the root last, so a root is never
// written before the blocks under it. r is read to EOF; its errors are
// returned wrapped.
func Import(ctx context.Context, r io.Reader, dst ipld.DAGService) (cid.Cid, error) {
	params := helpers.DagBuilderParams{
		Maxlinks:   MaxLinks,
		RawLeaves:  true,
		CidBuilder: prefix,
		Dagserv:    dst,
	}
	db, err := params.New(chunker.NewSizeSplitter(ctxReader{ctx, r}, ChunkSize))
	if err != nil {
		return cid.Undef, fmt.Errorf("dag import: %w", err)
	}
	root, err := balanced.Layout(db)
	if err != nil {
		return cid.Undef, fmt.Errorf("dag import: %w", err)
	}
	return root.Cid(), nil
}

// Sum returns the CID r would be stored under, without storing anything.
func Sum(ctx context.Context, r io.Reader) (cid.Cid, error) {
	return Import(ctx, r, discard{})
}

// ctxReader stops an import when its context ends: the chunker itself only
// sees an io.Reader.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		// The chunker takes io.ErrUnexpectedEOF for the end of the input (it is what
		// io.ReadFull says of a short last chunk), so a source that reports being cut off, as an
		// HTTP body whose connection dropped does, would be stored truncated. An error that does
		// not wrap it fails the import instead.
		return n, fmt.Errorf("%w: %v", ErrCutShort, err)
	}
	return n, err
}

// ErrCutShort means the input ended with io.ErrUnexpectedEOF, its source's way of saying it was
// cut off. It deliberately does not wrap io.ErrUnexpectedEOF.
var ErrCutShort = errors.New("input cut short")

// discard is a DAGService that keeps nothing; Import only ever adds.
type discard struct{}

func (discard) Add(context.Context, ipld.Node) error        { return nil }
func (discard) AddMany(context.Context, []ipld.Node) error  { return nil }
func (discard) Remove(context.Context, cid.Cid) error       { return nil }
func (discard) RemoveMany(context.Context, []cid.Cid) error { return nil }

func (discard) Get(_ context.Context, c cid.Cid) (ipld.Node, error) {
	return nil, ipld.ErrNotFound{Cid: c}
}

func (discard) GetMany(_ context.Context, cs []cid.Cid) <-chan *ipld.NodeOption {
	out := make(chan *ipld.NodeOption, len(cs))
	for _, c := range cs {
		out <- &ipld.NodeOption{Err: ipld.ErrNotFound{Cid: c}}
	}
	close(out)
	return out
}
