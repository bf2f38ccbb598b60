// Package storage keeps sealed records and the oracle's off-chain artifacts
// (re-encryption keys, re-encrypted key capsules, issued CP-ABE keys) on IPFS,
// addressed by CIDv1.
//
// # Trust model
//
// The IPFS node is never trusted. A CID is the SHA-256 of a block, and every
// block a Store hands back has been hashed and compared with the CID it was
// asked for, as it is read, on every backend: the embedded store re-hashes
// blocks read from its own disk, and the Kubo backend fetches raw blocks with
// block/get and walks the DAG itself instead of trusting cat. A block that
// does not match fails the read with ErrIntegrity naming the block's CID. On
// Put, the Kubo backend also computes the root CID locally while streaming and
// rejects a node that answers with a different one. Confidentiality does not
// depend on the node either: records are sealed (signed, then AES-256-GCM)
// before they reach this package.
//
// # Layout
//
// Objects are UnixFS files: CIDv1, SHA-256, raw leaves, fixed 256 KiB chunks
// and the balanced layout, which is what `ipfs add --cid-version=1` produces
// with Kubo's defaults, so the same bytes get the same CID on every backend.
// Package storage/dag holds that layout.
//
// # Deletion
//
// Remove is the storage half of a record deletion: it unpins the object and
// deletes its blocks locally, keeping blocks another pinned object still
// references. The chain keeps the tombstone; other nodes that fetched the
// object keep their copies, which is why records are sealed before upload.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/ipfs/go-cid"
	mh "github.com/multiformats/go-multihash"
)

// MaxObjectSize is the largest object a Store accepts unless a Put sets its own limit
// (WithMaxSize): 1 TiB, far above the largest imaging study, yet a bound on what a reader will
// stream from a root that declares an absurd size. Objects stream through every backend in
// memory bounded by a few blocks whatever their size; what a large object needs is disk, which
// the embedded store checks as it writes (ErrNoSpace).
const MaxObjectSize = 1 << 40

var (
	// ErrNotFound means the object, or a block of it, is not available.
	ErrNotFound = errors.New("storage: not found")
	// ErrIntegrity means a block did not hash to its CID, or the node
	// reported a CID other than the one computed locally. The error text
	// names the CID.
	ErrIntegrity = errors.New("storage: integrity check failed")
	// ErrUnavailable means the node could not be reached, after retries.
	ErrUnavailable = errors.New("storage: node unavailable")
	// ErrInvalidCID means a CID is malformed or of a kind this package
	// never produces.
	ErrInvalidCID = errors.New("storage: invalid CID")
	// ErrTooLarge means an object exceeds MaxObjectSize or the Put's own limit.
	ErrTooLarge = errors.New("storage: object too large")
	// ErrNoSpace means a Put stopped because the disk under the store was about to fill up.
	ErrNoSpace = errors.New("storage: not enough free disk space")
)

// Store is content-addressed storage for sealed records and artifacts.
//
// Put stores and pins; the returned CID is what the chain records. Get
// streams an object back, verifying every block against its CID. Has reports
// whether the object's root block is held locally. Pin and Unpin manage
// whether an object is kept; Unpin of an object that is not pinned is not an
// error, so deletions can be retried. Remove unpins and deletes the object's
// blocks that no other pinned object references.
type Store interface {
	Put(ctx context.Context, r io.Reader, opts ...PutOption) (cid.Cid, error)
	Get(ctx context.Context, c cid.Cid) (Object, error)
	Has(ctx context.Context, c cid.Cid) (bool, error)
	Pin(ctx context.Context, c cid.Cid) error
	Unpin(ctx context.Context, c cid.Cid) error
	Remove(ctx context.Context, c cid.Cid) error
}

// Pin is a pinned object as a store lists it.
type Pin struct {
	CID cid.Cid
	// Since is when the object was pinned; zero when the store does not say (Kubo).
	Since time.Time
}

// PinLister is a store that can list what it keeps: what a garbage collection starts from.
type PinLister interface {
	Pins(ctx context.Context) ([]Pin, error)
}

// Swept counts the blocks a sweep deleted, or with a dry run would delete.
type Swept struct {
	Blocks int
	Bytes  int64
}

// Sweeper is a store that can delete the blocks no pinned object reaches: what interrupted or
// failed puts and removed objects leave behind. With dryRun it only counts them.
type Sweeper interface {
	Sweep(ctx context.Context, dryRun bool) (Swept, error)
}

// Object is a stored object being read. Reads fail with ErrIntegrity as soon
// as a block does not match its CID, so bytes that were read before the
// failure must be discarded by callers that need the whole object, which is
// always the case for sealed records: their AEAD tag covers everything.
type Object interface {
	io.ReadCloser
	// Size is the length the object's root block declares. The root is
	// verified, so the figure is bound to the CID, but it is a hint for
	// progress bars: the bytes read are what the CID commits to.
	Size() int64
}

// ParseCID parses a CID as printed by this package or by
// `ipfs add --cid-version=1`. Malformed strings, and CIDs this package never
// produces (CIDv0, other codecs or hash functions), give an error wrapping
// ErrInvalidCID.
func ParseCID(s string) (cid.Cid, error) {
	c, err := cid.Decode(s)
	if err != nil {
		return cid.Undef, fmt.Errorf("%w %q: %v", ErrInvalidCID, clip(s), err)
	}
	if err := CheckCID(c); err != nil {
		return cid.Undef, err
	}
	return c, nil
}

// CheckCID reports whether c is a kind of CID this package produces:
// version 1, dag-pb or raw, SHA2-256. Backends check every CID they are given
// so that a CID with a weak or identity hash can never pass verification.
func CheckCID(c cid.Cid) error {
	if !c.Defined() {
		return fmt.Errorf("%w: undefined", ErrInvalidCID)
	}
	p := c.Prefix()
	if p.Version != 1 {
		return fmt.Errorf("%w %s: version %d, want 1", ErrInvalidCID, c, p.Version)
	}
	if p.Codec != cid.Raw && p.Codec != cid.DagProtobuf {
		return fmt.Errorf("%w %s: codec 0x%x, want raw or dag-pb", ErrInvalidCID, c, p.Codec)
	}
	if p.MhType != mh.SHA2_256 || p.MhLength != 32 {
		return fmt.Errorf("%w %s: multihash 0x%x/%d, want sha2-256/32", ErrInvalidCID, c, p.MhType, p.MhLength)
	}
	return nil
}

// clip bounds how much of a malformed input is echoed back in an error.
func clip(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}
