package toprf

import (
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/shamir"
	"github.com/emrchain/emrchain/crypto/transport"
)

// The index-key bundle is how a patient deals one epoch's index key to her
// committee: the public part (who, where, which epoch, t, the share
// commitments) and each member's share sealed to its transport key. Its
// SHA-256 is the bundleHash KeywordIndex.registerIndexKey records; the
// commitments also go on chain (33 bytes each), where a fault report's
// statement is checked against them.
//
//	0x05 ‖ chainId (8) ‖ KeywordIndex (20) ‖ patient (20) ‖ epoch (8) ‖ t ‖ n
//	     ‖ S_1 … S_n (n × 33, compressed) ‖ sealed shares (n × 81)
//
// Members are numbered 1 … n (the committee's first n members, in order).
// Each share is sealed with crypto/transport, info "emrchain/index-share/v1",
// aad SHA-256(the public part, everything before the sealed shares) ‖ member
// index, so it opens only for its member, in its own slot, inside the bundle
// it was dealt in, and so only for the patient, chain, contract and epoch the
// public part names: a bundle another patient copies and registers as her own
// opens for no member (its shares' aad names the first patient), so nobody can
// make the committee evaluate someone else's index key. Parsing runs SCRAPE's
// degree check with a challenge drawn from the same digest (Fiat–Shamir), so
// every parsed Bundle has commitments on one polynomial of degree below t.
const (
	// SealedShareSize is one member's sealed share: a 32-byte scalar sealed
	// with crypto/transport.
	SealedShareSize = fr.Bytes + transport.Overhead
	// bundleFixed is the bundle's length without its per-member parts.
	bundleFixed = 1 + 8 + 20 + 20 + 8 + 2
	// bundlePerMember is each member's commitment and sealed share.
	bundlePerMember = group.PointSize + SealedShareSize
	tagBundle       = 0x05
)

var (
	bundleShareInfo    = []byte("emrchain/index-share/v1")
	bundleDegreeDomain = []byte("emrchain/toprf/v1/bundle-degree-check")
	// ErrNotMember reports a member index the bundle does not name.
	ErrNotMember = errors.New("toprf: not a member of this index key")
)

// BundleSize returns the length of an index-key bundle for n members.
func BundleSize(n int) int { return bundleFixed + n*bundlePerMember }

// BundleInfo names what an index-key bundle is for: the patient's index in
// one KeywordIndex contract on one chain, in one index epoch.
type BundleInfo struct {
	ChainID uint64
	Index   [20]byte // the KeywordIndex contract's address
	Patient [20]byte
	Epoch   uint64
}

// Bundle is a parsed index-key bundle. Every Bundle that DealBundle or
// UnmarshalBinary returns has passed the degree check.
type Bundle struct {
	info        BundleInfo
	threshold   int
	commitments ShareCommitments
	sealed      [][]byte
	enc         []byte
	digest      [32]byte
}

// DealBundle splits the key t-of-n among members (member i at index i,
// sealed to members[i−1]), commits to every share and seals each to its
// member. random supplies the polynomial (crypto/rand if nil); sealing draws
// its ephemeral keys from crypto/rand, which crypto/transport cannot take
// from a reader.
func (k *Key) DealBundle(random io.Reader, info BundleInfo, t int, members []*transport.PublicKey) (*Bundle, error) {
	n := len(members)
	if n < 1 || n > shamir.MaxShares || t < 1 || t > n {
		return nil, fmt.Errorf("toprf: deal bundle: %d-of-%d members", t, n)
	}
	for i, m := range members {
		if m == nil {
			return nil, fmt.Errorf("toprf: deal bundle: member %d has no transport key", i+1)
		}
	}
	commitments, shares, err := k.Deal(random, t, n)
	if err != nil {
		return nil, err
	}
	defer func() {
		for i := range shares {
			shares[i].Value.SetZero()
		}
	}()
	for i := range commitments {
		if commitments[i].IsInfinity() {
			// s_i = 0: probability 2^-256 per share, and the identity has no
			// encoding; deal again rather than emit it.
			return k.DealBundle(random, info, t, members)
		}
	}
	b := &Bundle{info: info, threshold: t, commitments: commitments}
	b.encodePublic()
	b.sealed = make([][]byte, n)
	for i, m := range members {
		v := shares[i].Value.Bytes()
		sealed, err := transport.Seal(m, bundleShareInfo, v[:], bundleShareAAD(&b.digest, shares[i].Index))
		clear(v[:])
		if err != nil {
			return nil, fmt.Errorf("toprf: seal share for member %d: %w", i+1, err)
		}
		b.sealed[i] = sealed
		b.enc = append(b.enc, sealed...)
	}
	return b, nil
}

func (b *Bundle) encodePublic() {
	n := len(b.commitments)
	out := make([]byte, 0, BundleSize(n))
	out = append(out, tagBundle)
	out = binary.BigEndian.AppendUint64(out, b.info.ChainID)
	out = append(out, b.info.Index[:]...)
	out = append(out, b.info.Patient[:]...)
	out = binary.BigEndian.AppendUint64(out, b.info.Epoch)
	out = append(out, byte(b.threshold), byte(n))
	for i := range b.commitments {
		e := group.Encode(&b.commitments[i])
		out = append(out, e[:]...)
	}
	b.digest = sha256.Sum256(out)
	b.enc = out
}

func bundleShareAAD(digest *[32]byte, index uint8) []byte {
	return append(digest[:len(digest):len(digest)], index)
}

func (b *Bundle) checkDegree() error {
	stream, err := newBundleStream(b.digest[:])
	if err != nil {
		return err
	}
	return b.commitments.CheckDegree(stream, b.threshold)
}

// newBundleStream is a deterministic stream keyed by the bundle's digest,
// for the Fiat–Shamir challenge of the degree check.
func newBundleStream(digest []byte) (io.Reader, error) {
	// SCRAPE draws n field elements at most 16 × 48 bytes; HKDF-SHA256 gives
	// up to 8160.
	b, err := hkdf.Key(sha256.New, digest, nil, string(bundleDegreeDomain), 255*sha256.Size)
	if err != nil {
		return nil, fmt.Errorf("toprf: degree check stream: %w", err)
	}
	return &sliceReader{b: b}, nil
}

type sliceReader struct{ b []byte }

func (r *sliceReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

// MarshalBinary returns the bundle's encoding.
func (b *Bundle) MarshalBinary() ([]byte, error) {
	if b == nil || len(b.enc) == 0 {
		return nil, fmt.Errorf("%w: empty bundle", ErrEncoding)
	}
	return slices.Clone(b.enc), nil
}

// UnmarshalBinary parses an index-key bundle, validating its length, tag,
// threshold, every commitment point, and running the degree check; b is
// unchanged on error. The sealed shares are checked only for length: only
// their members can open them (OpenShare).
func (b *Bundle) UnmarshalBinary(data []byte) error {
	if len(data) < bundleFixed || data[0] != tagBundle {
		return fmt.Errorf("%w: index-key bundle: want at least %d bytes with tag %#x", ErrEncoding, bundleFixed, tagBundle)
	}
	var parsed Bundle
	rest := data[1:]
	parsed.info.ChainID = binary.BigEndian.Uint64(rest)
	copy(parsed.info.Index[:], rest[8:28])
	copy(parsed.info.Patient[:], rest[28:48])
	parsed.info.Epoch = binary.BigEndian.Uint64(rest[48:56])
	t, n := int(rest[56]), int(rest[57])
	rest = rest[58:]
	if n < 1 || n > shamir.MaxShares || t < 1 || t > n || len(data) != BundleSize(n) {
		return fmt.Errorf("%w: index-key bundle of %d bytes, %d-of-%d", ErrEncoding, len(data), t, n)
	}
	parsed.threshold = t
	parsed.commitments = make(ShareCommitments, n)
	for i := range n {
		p, err := group.Decode(rest[:group.PointSize])
		if err != nil {
			return fmt.Errorf("%w: commitment of member %d: %w", ErrEncoding, i+1, err)
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

// Hash returns SHA-256 of the encoding: the bundleHash the index key's
// registration records on chain.
func (b *Bundle) Hash() [32]byte { return sha256.Sum256(b.enc) }

// Info returns what the bundle is for.
func (b *Bundle) Info() BundleInfo { return b.info }

// Threshold returns t.
func (b *Bundle) Threshold() int { return b.threshold }

// Size returns n, the number of members.
func (b *Bundle) Size() int { return len(b.commitments) }

// Commitments returns the share commitments S_1 … S_n.
func (b *Bundle) Commitments() ShareCommitments { return slices.Clone(b.commitments) }

// ChainCommitments returns the commitments as KeywordIndex takes them:
// each 33 bytes compressed, in member order.
func (b *Bundle) ChainCommitments() []byte {
	out := make([]byte, 0, len(b.commitments)*group.PointSize)
	for i := range b.commitments {
		e := group.Encode(&b.commitments[i])
		out = append(out, e[:]...)
	}
	return out
}

// OpenShare is a member's step when an index key names it: it opens the
// member's sealed share with its transport key and checks s_i·G = S_i. The
// degree check ran when the bundle was parsed, so a share that matches its
// commitment lies on the one polynomial every member's does. The share is
// secret: keep it only in the member's own key store.
func (b *Bundle) OpenShare(index uint8, key *transport.PrivateKey) (*shamir.Share, error) {
	if index == 0 || int(index) > len(b.commitments) {
		return nil, fmt.Errorf("%w: member %d of %d", ErrNotMember, index, len(b.commitments))
	}
	plain, err := transport.Open(key, bundleShareInfo, b.sealed[index-1], bundleShareAAD(&b.digest, index))
	if err != nil {
		return nil, fmt.Errorf("%w: member %d: %w", ErrShare, index, err)
	}
	defer clear(plain)
	var v fr.Element
	if len(plain) != fr.Bytes || v.SetBytesCanonical(plain) != nil || v.IsZero() {
		return nil, fmt.Errorf("%w: member %d: share scalar out of range", ErrShare, index)
	}
	got := group.BaseMulAffine(&v)
	if !got.Equal(&b.commitments[index-1]) {
		v.SetZero()
		return nil, fmt.Errorf("%w: member %d: s_i·G ≠ S_i", ErrShare, index)
	}
	return &shamir.Share{Index: index, Value: v}, nil
}
