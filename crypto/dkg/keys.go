package dkg

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
)

// PublicKeySize and PrivateKeySize are the lengths of the key encodings.
const (
	PublicKeySize  = group.PointSize
	PrivateKeySize = group.ScalarSize
)

// ErrKey reports an invalid key encoding.
var ErrKey = errors.New("dkg: invalid key")

// PrivateKey is a member's DKG decryption key d. It is secret.
type PrivateKey struct {
	d   fr.Element
	pub PublicKey
}

// PublicKey is a member's DKG encryption key D = d·G, enrolled on chain.
type PublicKey struct {
	p secp256k1.G1Affine
}

// GenerateKey draws a DKG key pair from random (crypto/rand if nil).
func GenerateKey(random io.Reader) (*PrivateKey, error) {
	d, err := group.RandomScalar(random)
	if err != nil {
		return nil, fmt.Errorf("dkg: generate key: %w", err)
	}
	return newPrivateKey(d), nil
}

func newPrivateKey(d fr.Element) *PrivateKey {
	return &PrivateKey{d: d, pub: PublicKey{p: group.BaseMulAffine(&d)}}
}

// Public returns the matching public key.
func (k *PrivateKey) Public() *PublicKey {
	pub := k.pub
	return &pub
}

// MarshalBinary returns d as 32 bytes big-endian. The result is secret.
func (k *PrivateKey) MarshalBinary() ([]byte, error) {
	if k == nil || k.d.IsZero() {
		return nil, fmt.Errorf("%w: empty private key", ErrKey)
	}
	b := k.d.Bytes()
	return b[:], nil
}

// UnmarshalBinary parses a private key, rejecting zero and values not below
// the group order. k is unchanged on error.
func (k *PrivateKey) UnmarshalBinary(b []byte) error {
	d, err := group.DecodeScalar(b)
	if err != nil || d.IsZero() {
		return fmt.Errorf("%w: private key is not a scalar in 1..q-1", ErrKey)
	}
	*k = *newPrivateKey(d)
	return nil
}

// MarshalBinary returns the SEC 1 compressed point (33 bytes).
func (pk *PublicKey) MarshalBinary() ([]byte, error) {
	if pk == nil || pk.p.IsInfinity() {
		return nil, fmt.Errorf("%w: empty public key", ErrKey)
	}
	e := group.Encode(&pk.p)
	return e[:], nil
}

// UnmarshalBinary parses a compressed point, rejecting anything that is not a
// point of the group other than the identity. pk is unchanged on error.
func (pk *PublicKey) UnmarshalBinary(b []byte) error {
	p, err := group.Decode(b)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrKey, err)
	}
	pk.p = p
	return nil
}

// Equal reports whether two public keys are the same point.
func (pk *PublicKey) Equal(other *PublicKey) bool {
	if pk == nil || other == nil {
		return false
	}
	a, b := group.Encode(&pk.p), group.Encode(&other.p)
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// Point returns the key as a curve point.
func (pk *PublicKey) Point() secp256k1.G1Affine { return pk.p }
