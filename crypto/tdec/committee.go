package tdec

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"golang.org/x/crypto/sha3"

	"github.com/emrchain/emrchain/crypto/dkg"
	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/shamir"
)

// CommitteeKey is a committee's public key Y = x·G, as ProxyNetwork keeps it
// (publicKey, 33 bytes compressed). Encrypting to the committee needs
// nothing else.
type CommitteeKey struct {
	y secp256k1.G1Affine
}

// ParseCommitteeKey parses Y, refusing anything but a point of the group
// other than the identity.
func ParseCommitteeKey(b []byte) (*CommitteeKey, error) {
	var k CommitteeKey
	if err := k.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return &k, nil
}

// MarshalBinary returns Y compressed (33 bytes).
func (k *CommitteeKey) MarshalBinary() ([]byte, error) {
	if k.y.IsInfinity() {
		return nil, fmt.Errorf("%w: empty key", ErrCommittee)
	}
	e := group.Encode(&k.y)
	return e[:], nil
}

// UnmarshalBinary parses Y. k is unchanged on error.
func (k *CommitteeKey) UnmarshalBinary(b []byte) error {
	y, err := group.Decode(b)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrCommittee, err)
	}
	k.y = y
	return nil
}

// Committee is what checking and combining decryption shares needs: the
// threshold t, Y and every member's public share X_i = x_i·G, as a gate
// passes them to ProxyNetwork.publicShare (X_1 ‖ … ‖ X_n, whose keccak256
// is the committee's sharesHash on chain).
type Committee struct {
	threshold int
	key       CommitteeKey
	shares    []secp256k1.G1Affine
}

// NewCommittee parses a committee's key material: Y (33 bytes) and the
// public shares X_1 ‖ … ‖ X_n (33 bytes each). It checks that the shares lie
// on one polynomial of degree below t (SCRAPE's test) whose value at 0 is
// Y, so that any t valid decryption shares combine to x·C1.
func NewCommittee(threshold int, key, publicShares []byte) (*Committee, error) {
	var c Committee
	if err := c.key.UnmarshalBinary(key); err != nil {
		return nil, err
	}
	n := len(publicShares) / group.PointSize
	if len(publicShares)%group.PointSize != 0 || threshold < 1 || n < threshold || n > shamir.MaxShares {
		return nil, fmt.Errorf("%w: %d bytes of public shares for threshold %d", ErrCommittee, len(publicShares), threshold)
	}
	c.threshold = threshold
	c.shares = make([]secp256k1.G1Affine, n)
	for i := range c.shares {
		p, err := group.Decode(publicShares[i*group.PointSize : (i+1)*group.PointSize])
		if err != nil {
			return nil, fmt.Errorf("%w: public share %d: %w", ErrCommittee, i+1, err)
		}
		c.shares[i] = p
	}
	ok, err := shamir.CheckDegree(nil, c.shares, threshold)
	if err != nil || !ok {
		return nil, fmt.Errorf("%w: public shares are not on one polynomial of degree below %d", ErrCommittee, threshold)
	}
	indices := make([]uint8, threshold)
	for i := range indices {
		indices[i] = uint8(i + 1)
	}
	y, err := shamir.CombinePoints(indices, c.shares[:threshold])
	if err != nil || !y.Equal(&c.key.y) {
		return nil, fmt.Errorf("%w: public shares do not interpolate to the key", ErrCommittee)
	}
	return &c, nil
}

// CommitteeFromDKG returns the committee a DKG run produced.
func CommitteeFromDKG(r *dkg.Result) (*Committee, error) {
	y := r.Key()
	e := group.Encode(&y)
	return NewCommittee(r.Threshold, e[:], r.PublicSharesBytes())
}

// Key returns the committee key Y.
func (c *Committee) Key() *CommitteeKey { k := c.key; return &k }

// Threshold returns t.
func (c *Committee) Threshold() int { return c.threshold }

// Size returns n.
func (c *Committee) Size() int { return len(c.shares) }

// PublicShare returns X_i, and whether member i exists.
func (c *Committee) PublicShare(i uint8) (secp256k1.G1Affine, bool) {
	if i == 0 || int(i) > len(c.shares) {
		return secp256k1.G1Affine{}, false
	}
	return c.shares[i-1], true
}

// SharesHash returns keccak256(X_1 ‖ … ‖ X_n), to compare with the chain's.
func (c *Committee) SharesHash() [32]byte {
	h := sha3.NewLegacyKeccak256()
	for i := range c.shares {
		e := group.Encode(&c.shares[i])
		h.Write(e[:])
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}
