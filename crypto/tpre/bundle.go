package tpre

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/shamir"
	"github.com/emrchain/emrchain/crypto/transport"
)

// MaxMembers bounds the proxies of one grant: committee indices are single
// bytes and member sets are 16-bit masks on chain.
const MaxMembers = shamir.MaxShares

// Sizes of the encodings; the layouts are in the package documentation.
const (
	// SealedShareSize is one member's sealed share: a 32-byte scalar sealed
	// with crypto/transport.
	SealedShareSize = fr.Bytes + transport.Overhead
	// bundleFixed is the bundle's length without its per-member parts.
	bundleFixed = 1 + pre.PublicKeySize + pre.ReKeyHeaderSize + 2
	// bundlePerMember is each member's index, commitment and sealed share.
	bundlePerMember = 1 + group.PointSize + SealedShareSize
)

// BundleSize returns the length of a bundle for n members.
func BundleSize(n int) int { return bundleFixed + n*bundlePerMember }

const tagBundle = 0x03

// Transport sealing of a share: info names the purpose, aad binds the share
// to its bundle and member (see the package documentation).
var (
	shareInfo     = []byte("emrchain/rekey-share/v1")
	degreeDomain  = []byte("emrchain/tpre/v1/degree-check")
	errEmptyValue = errors.New("tpre: value is empty")
)

var (
	// ErrEncoding reports bytes that are not a valid encoding of the type
	// they were parsed as.
	ErrEncoding = errors.New("tpre: invalid encoding")
	// ErrParameters reports a threshold or member set out of range: 1 ≤ t ≤
	// n ≤ 16, indices 1 … 16 without repeats.
	ErrParameters = errors.New("tpre: invalid threshold or members")
	// ErrDegree reports share commitments that do not lie on a polynomial
	// of degree below the threshold: different sets of t members would
	// combine to different results, so no member should answer.
	ErrDegree = errors.New("tpre: share commitments are not of the bundle's degree")
	// ErrNotMember reports a member index the bundle does not name.
	ErrNotMember = errors.New("tpre: not a member of this grant")
	// ErrShare reports a sealed share that does not open under the member's
	// transport key or does not match the member's commitment.
	ErrShare = errors.New("tpre: share does not open or does not match its commitment")
)

// Member is one proxy named by a grant: its committee index (1 … 16) and
// its enrolled transport key.
type Member struct {
	Index     uint8
	Transport *transport.PublicKey
}

// Bundle is the re-key bundle: the public part of a threshold grant (the
// delegating key, the delegatee header (V, W), threshold, member indices and
// share commitments P_i = rk_i·G) and each member's share sealed to it.
// Every Bundle that Grant, Deal or UnmarshalBinary returns has passed the
// degree check.
type Bundle struct {
	delegator   pre.PublicKey
	header      pre.ReKeyHeader
	threshold   int
	indices     []uint8
	commitments []secp256k1.G1Affine
	sealed      [][]byte
	enc         []byte
	digest      [32]byte // SHA-256 of the public part, bound into every share's aad
}

// Grant runs CWYD's ReKeyGen from the delegating key to the delegatee and
// deals the re-key to the members (Deal). random supplies h, π and the
// polynomial (crypto/rand if nil); sealing draws its ephemeral keys from
// crypto/rand, which crypto/transport cannot take from a reader.
func Grant(random io.Reader, from *pre.PrivateKey, to *pre.PublicKey, threshold int, members []Member) (*Bundle, error) {
	rk, err := pre.ReKeyGen(random, from, to)
	if err != nil {
		return nil, fmt.Errorf("tpre: grant: %w", err)
	}
	return Deal(random, rk, threshold, members)
}

// Deal Shamir-splits rk's scalar into shares rk_i = f(i) of a random
// polynomial f of degree threshold−1 with f(0) = rk, one per member at the
// member's committee index, commits to each as P_i = rk_i·G, and seals each
// share to its member's transport key.
func Deal(random io.Reader, rk *pre.ReKey, threshold int, members []Member) (*Bundle, error) {
	if rk == nil {
		return nil, fmt.Errorf("tpre: deal: %w", errEmptyValue)
	}
	members = slices.Clone(members)
	slices.SortFunc(members, func(a, b Member) int { return int(a.Index) - int(b.Index) })
	indices := make([]uint8, len(members))
	for i, m := range members {
		if m.Transport == nil {
			return nil, fmt.Errorf("%w: member %d has no transport key", ErrParameters, m.Index)
		}
		indices[i] = m.Index
	}
	if err := checkParameters(threshold, indices); err != nil {
		return nil, err
	}
	secret := rk.Scalar()
	poly, err := shamir.NewPolynomial(random, &secret, threshold)
	if err != nil {
		return nil, fmt.Errorf("tpre: deal: %w", err)
	}
	b := &Bundle{delegator: *rk.Delegator(), header: *rk.Header(), threshold: threshold, indices: indices}
	shares := make([]fr.Element, len(indices))
	jac := make([]secp256k1.G1Jac, len(indices))
	for i, x := range indices {
		shares[i] = poly.Eval(x)
		jac[i] = group.BaseMul(&shares[i])
	}
	b.commitments = group.BatchAffine(jac)
	for i := range b.commitments {
		if b.commitments[i].IsInfinity() {
			// rk_i = 0: probability 2^-256 per share; a zero share would
			// have no commitment encoding, so deal again rather than emit it.
			return Deal(random, rk, threshold, members)
		}
	}
	b.encodePublic()
	b.sealed = make([][]byte, len(indices))
	for i, m := range members {
		v := shares[i].Bytes()
		sealed, err := transport.Seal(m.Transport, shareInfo, v[:], shareAAD(&b.digest, m.Index))
		clear(v[:])
		if err != nil {
			return nil, fmt.Errorf("tpre: seal share for member %d: %w", m.Index, err)
		}
		b.sealed[i] = sealed
		b.enc = append(b.enc, sealed...)
	}
	clear(shares)
	return b, nil
}

func checkParameters(threshold int, indices []uint8) error {
	n := len(indices)
	if n < 1 || n > MaxMembers || threshold < 1 || threshold > n {
		return fmt.Errorf("%w: %d-of-%d", ErrParameters, threshold, n)
	}
	for i, x := range indices {
		if x == 0 || x > MaxMembers {
			return fmt.Errorf("%w: member index %d", ErrParameters, x)
		}
		if i > 0 && indices[i-1] >= x {
			return fmt.Errorf("%w: member index %d repeated", ErrParameters, x)
		}
	}
	return nil
}

// encodePublic writes the public part of the encoding and its digest.
func (b *Bundle) encodePublic() {
	n := len(b.indices)
	out := make([]byte, 0, BundleSize(n))
	out = append(out, tagBundle)
	pk, _ := b.delegator.MarshalBinary()
	out = append(out, pk...)
	hdr, _ := b.header.MarshalBinary()
	out = append(out, hdr...)
	out = append(out, byte(b.threshold), byte(n))
	out = append(out, b.indices...)
	for i := range b.commitments {
		e := group.Encode(&b.commitments[i])
		out = append(out, e[:]...)
	}
	b.digest = sha256.Sum256(out)
	b.enc = out
}

// shareAAD is the transport aad of member index's share: the SHA-256 of
// the bundle's public part, then the index.
func shareAAD(digest *[32]byte, index uint8) []byte {
	return append(digest[:len(digest):len(digest)], index)
}

// checkDegree runs SCRAPE's degree check with its random polynomial drawn
// from a stream keyed by the digest of the public part (Fiat–Shamir), so
// that parsing stays deterministic. The dealer fixes the commitments before
// the challenge exists; a vector of the wrong degree passes for a fraction
// at most (n−t)/q of challenges, so finding one that passes means about q
// hash evaluations.
func (b *Bundle) checkDegree() error {
	ok, err := shamir.CheckDegreeAt(newDigestStream(degreeDomain, b.digest[:]), b.indices, b.commitments, b.threshold)
	if err != nil {
		return fmt.Errorf("tpre: degree check: %w", err)
	}
	if !ok {
		return ErrDegree
	}
	return nil
}

// MarshalBinary returns the bundle's encoding.
func (b *Bundle) MarshalBinary() ([]byte, error) {
	if b == nil || len(b.enc) == 0 {
		return nil, errEmptyValue
	}
	return slices.Clone(b.enc), nil
}

// UnmarshalBinary parses a bundle, validating its length, tag, delegating
// key, header, parameters and every commitment point, and runs the degree
// check; b is unchanged on error. The sealed shares are checked only for
// length: only their members can open them (OpenShare).
func (b *Bundle) UnmarshalBinary(data []byte) error {
	if len(data) < bundleFixed || data[0] != tagBundle {
		return fmt.Errorf("%w: bundle: want at least %d bytes with tag %#x", ErrEncoding, bundleFixed, tagBundle)
	}
	rest := data[1:]
	var parsed Bundle
	if err := parsed.delegator.UnmarshalBinary(rest[:pre.PublicKeySize]); err != nil {
		return fmt.Errorf("%w: bundle delegator: %w", ErrEncoding, err)
	}
	rest = rest[pre.PublicKeySize:]
	if err := parsed.header.UnmarshalBinary(rest[:pre.ReKeyHeaderSize]); err != nil {
		return fmt.Errorf("%w: bundle header: %w", ErrEncoding, err)
	}
	rest = rest[pre.ReKeyHeaderSize:]
	threshold, n := int(rest[0]), int(rest[1])
	rest = rest[2:]
	if n < 1 || n > MaxMembers || len(data) != BundleSize(n) {
		return fmt.Errorf("%w: bundle of %d bytes for %d members", ErrEncoding, len(data), n)
	}
	parsed.threshold = threshold
	parsed.indices = slices.Clone(rest[:n])
	if err := checkParameters(threshold, parsed.indices); err != nil {
		return fmt.Errorf("%w: %w", ErrEncoding, err)
	}
	rest = rest[n:]
	parsed.commitments = make([]secp256k1.G1Affine, n)
	for i := range n {
		p, err := group.Decode(rest[:group.PointSize])
		if err != nil {
			return fmt.Errorf("%w: commitment of member %d: %w", ErrEncoding, parsed.indices[i], err)
		}
		parsed.commitments[i] = p
		rest = rest[group.PointSize:]
	}
	parsed.sealed = make([][]byte, n)
	for i := range n {
		parsed.sealed[i] = slices.Clone(rest[:SealedShareSize])
		rest = rest[SealedShareSize:]
	}
	parsed.encodePublic()
	parsed.enc = append(parsed.enc, data[len(parsed.enc):]...)
	if err := parsed.checkDegree(); err != nil {
		return fmt.Errorf("%w: %w", ErrEncoding, err)
	}
	*b = parsed
	return nil
}

// Hash returns SHA-256 of the encoding: the bundleHash a grant records on
// chain.
func (b *Bundle) Hash() [32]byte { return sha256.Sum256(b.enc) }

// Delegator returns the delegating public key: the record version's key,
// which the capsule must carry.
func (b *Bundle) Delegator() *pre.PublicKey {
	k := b.delegator
	return &k
}

// Header returns the delegatee header (V, W) every combined first-level
// ciphertext carries.
func (b *Bundle) Header() *pre.ReKeyHeader {
	h := b.header
	return &h
}

// Threshold returns t, the number of fragments that combine.
func (b *Bundle) Threshold() int { return b.threshold }

// Members returns the member indices in increasing order.
func (b *Bundle) Members() []uint8 { return slices.Clone(b.indices) }

// EVMCommitments returns the share commitments P_i, in the order of
// Members, as the 64-byte x‖y form Solidity reads (a grant's calldata
// carries them and the contract checks fault reports against them).
func (b *Bundle) EVMCommitments() [][group.UncompressedSize]byte {
	out := make([][group.UncompressedSize]byte, len(b.commitments))
	for i := range b.commitments {
		out[i] = group.EncodeUncompressed(&b.commitments[i])
	}
	return out
}

// position returns where member index sits in the bundle's lists.
func (b *Bundle) position(index uint8) (int, error) {
	if i, ok := slices.BinarySearch(b.indices, index); ok {
		return i, nil
	}
	return 0, fmt.Errorf("%w: member %d", ErrNotMember, index)
}
