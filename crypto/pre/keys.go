package pre

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
)

// Encoded sizes in bytes; the layouts are in the package documentation.
const (
	DataKeySize      = halfSize
	PublicKeySize    = 1 + 2*group.PointSize
	PrivateKeySize   = 1 + 2*fr.Bytes
	CiphertextSize   = 1 + 2*group.PointSize + maskSize + fr.Bytes
	ReKeySize        = 1 + 2*group.PointSize + fr.Bytes + group.PointSize + maskSize
	ReCiphertextSize = 1 + group.PointSize + maskSize + group.PointSize + maskSize
)

// Format tags, the first byte of each encoding.
const (
	tagPublicKey    = 0x01
	tagPrivateKey   = 0x02
	tagCiphertext   = 0x03
	tagReKey        = 0x04
	tagReCiphertext = 0x05
)

var (
	// ErrEncoding reports bytes that are not a valid encoding of the type
	// they were parsed as.
	ErrEncoding = errors.New("pre: invalid encoding")
	// ErrInvalidCiphertext reports a second-level ciphertext that fails the
	// public validity check B^s = D·E^H3(D,E,F) for the given public key:
	// it was tampered with, or it was made for someone else.
	ErrInvalidCiphertext = errors.New("pre: ciphertext fails the validity check")
	// ErrDecryption reports a ciphertext that passed parsing but does not
	// decrypt under the key: wrong recipient or tampered.
	ErrDecryption = errors.New("pre: decryption failed")
	// errUnset reports use of a zero-value key, which no constructor returns.
	errUnset = errors.New("pre: key is not initialised")
	// errEmpty reports marshalling a zero-value ciphertext or re-encryption
	// key.
	errEmpty = errors.New("pre: value is empty")
)

// PublicKey is pk = (g^x1, g^x2). It caches the base B = pk1^H4(pk2)·pk2
// every ciphertext for it is built on.
type PublicKey struct {
	p1, p2 secp256k1.G1Affine
	enc    [2 * group.PointSize]byte // pk1 ‖ pk2, compressed
	b      secp256k1.G1Affine
}

// newPublicKey derives B and rejects keys for which it is the identity.
func newPublicKey(p1, p2 *secp256k1.G1Affine) (PublicKey, error) {
	e2 := group.Encode(p2)
	h := h4(&e2)
	b := group.Mul(p1, &h)
	b.AddMixed(p2)
	return assemblePublicKey(p1, p2, &b)
}

func assemblePublicKey(p1, p2 *secp256k1.G1Affine, b *secp256k1.G1Jac) (PublicKey, error) {
	pk := PublicKey{p1: *p1, p2: *p2, b: group.Affine(b)}
	if pk.b.IsInfinity() {
		return PublicKey{}, fmt.Errorf("%w: public key with x1·H4(pk2)+x2 = 0", ErrEncoding)
	}
	e1, e2 := group.Encode(p1), group.Encode(p2)
	copy(pk.enc[:group.PointSize], e1[:])
	copy(pk.enc[group.PointSize:], e2[:])
	return pk, nil
}

func (pk *PublicKey) usable() error {
	if pk == nil || pk.b.IsInfinity() {
		return errUnset
	}
	return nil
}

// Equal reports whether pk and other are the same key.
func (pk *PublicKey) Equal(other *PublicKey) bool {
	return pk != nil && other != nil && pk.enc == other.enc
}

// MarshalBinary returns the 67-byte encoding 0x01 ‖ pk1 ‖ pk2.
func (pk *PublicKey) MarshalBinary() ([]byte, error) {
	if err := pk.usable(); err != nil {
		return nil, err
	}
	return append([]byte{tagPublicKey}, pk.enc[:]...), nil
}

// UnmarshalBinary parses and validates a public key; pk is unchanged on error.
func (pk *PublicKey) UnmarshalBinary(b []byte) error {
	if len(b) != PublicKeySize || b[0] != tagPublicKey {
		return fmt.Errorf("%w: public key: want %d bytes with tag %#x", ErrEncoding, PublicKeySize, tagPublicKey)
	}
	parsed, err := parsePublicKeyBody(b[1:])
	if err != nil {
		return err
	}
	*pk = parsed
	return nil
}

func parsePublicKeyBody(b []byte) (PublicKey, error) {
	p1, err := group.Decode(b[:group.PointSize])
	if err != nil {
		return PublicKey{}, fmt.Errorf("%w: public key pk1: %w", ErrEncoding, err)
	}
	p2, err := group.Decode(b[group.PointSize : 2*group.PointSize])
	if err != nil {
		return PublicKey{}, fmt.Errorf("%w: public key pk2: %w", ErrEncoding, err)
	}
	return newPublicKey(&p1, &p2)
}

// PrivateKey is sk = (x1, x2). It caches z = x1·H4(pk2) + x2 and the
// inverses decryption needs.
type PrivateKey struct {
	x1, x2  fr.Element
	z, zInv fr.Element
	x2Inv   fr.Element
	pk      PublicKey
}

// GenerateKey returns a fresh key pair drawn from random (crypto/rand if nil).
func GenerateKey(random io.Reader) (*PrivateKey, error) {
	random = orDefault(random)
	for {
		x1, err := randomScalar(random)
		if err != nil {
			return nil, fmt.Errorf("pre: generate key: %w", err)
		}
		x2, err := randomScalar(random)
		if err != nil {
			return nil, fmt.Errorf("pre: generate key: %w", err)
		}
		sk, err := newPrivateKey(&x1, &x2)
		if errors.Is(err, ErrEncoding) {
			continue // z = 0: probability 2^-256, but never hand out such a key
		}
		return sk, err
	}
}

func newPrivateKey(x1, x2 *fr.Element) (*PrivateKey, error) {
	if x1.IsZero() || x2.IsZero() {
		return nil, fmt.Errorf("%w: private key scalar is zero", ErrEncoding)
	}
	p1j, p2j := group.BaseMul(x1), group.BaseMul(x2)
	pts := group.BatchAffine([]secp256k1.G1Jac{p1j, p2j})
	sk := &PrivateKey{x1: *x1, x2: *x2}
	e2 := group.Encode(&pts[1])
	h := h4(&e2)
	sk.z.Mul(x1, &h).Add(&sk.z, x2)
	// B = g^z: with z known the fixed-base table replaces a variable-base
	// multiplication.
	b := group.BaseMul(&sk.z)
	pk, err := assemblePublicKey(&pts[0], &pts[1], &b)
	if err != nil {
		return nil, err
	}
	sk.pk = pk
	sk.zInv.Inverse(&sk.z)
	sk.x2Inv.Inverse(x2)
	return sk, nil
}

func (sk *PrivateKey) usable() error {
	if sk == nil || sk.z.IsZero() {
		return errUnset
	}
	return nil
}

// Public returns the matching public key.
func (sk *PrivateKey) Public() *PublicKey {
	pk := sk.pk
	return &pk
}

// MarshalBinary returns the 65-byte encoding 0x02 ‖ x1 ‖ x2. It is secret.
func (sk *PrivateKey) MarshalBinary() ([]byte, error) {
	if err := sk.usable(); err != nil {
		return nil, err
	}
	out := make([]byte, 0, PrivateKeySize)
	x1, x2 := sk.x1.Bytes(), sk.x2.Bytes()
	out = append(out, tagPrivateKey)
	out = append(out, x1[:]...)
	return append(out, x2[:]...), nil
}

// UnmarshalBinary parses and validates a private key; sk is unchanged on
// error.
func (sk *PrivateKey) UnmarshalBinary(b []byte) error {
	if len(b) != PrivateKeySize || b[0] != tagPrivateKey {
		return fmt.Errorf("%w: private key: want %d bytes with tag %#x", ErrEncoding, PrivateKeySize, tagPrivateKey)
	}
	var x1, x2 fr.Element
	if x1.SetBytesCanonical(b[1:1+fr.Bytes]) != nil || x2.SetBytesCanonical(b[1+fr.Bytes:]) != nil {
		return fmt.Errorf("%w: private key scalar out of range", ErrEncoding)
	}
	parsed, err := newPrivateKey(&x1, &x2)
	if err != nil {
		return err
	}
	*sk = *parsed
	return nil
}

func orDefault(random io.Reader) io.Reader {
	if random == nil {
		return rand.Reader
	}
	return random
}

// randomScalar draws a uniform element of Z_q* (bias < 2^-128).
func randomScalar(random io.Reader) (fr.Element, error) {
	var wide [wideBytes]byte
	if _, err := io.ReadFull(random, wide[:]); err != nil {
		return fr.Element{}, fmt.Errorf("read randomness: %w", err)
	}
	return group.ScalarFromWide(wide[:]), nil
}

func randomHalf(random io.Reader) ([halfSize]byte, error) {
	var out [halfSize]byte
	if _, err := io.ReadFull(random, out[:]); err != nil {
		return out, fmt.Errorf("read randomness: %w", err)
	}
	return out, nil
}
