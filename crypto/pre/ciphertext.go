package pre

import (
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
)

// Ciphertext is a second-level ciphertext (D, E, F, s): it can be decrypted
// by the delegator or re-encrypted once by a proxy holding a re-encryption
// key.
type Ciphertext struct {
	d, e       secp256k1.G1Affine
	dEnc, eEnc point
	f          [maskSize]byte
	s          fr.Element
}

// Encrypt wraps dataKey for pk at the second level, drawing u and ω from
// random (crypto/rand if nil).
func Encrypt(random io.Reader, pk *PublicKey, dataKey [DataKeySize]byte) (*Ciphertext, error) {
	if err := pk.usable(); err != nil {
		return nil, fmt.Errorf("pre: encrypt: %w", err)
	}
	random = orDefault(random)
	u, err := randomScalar(random)
	if err != nil {
		return nil, fmt.Errorf("pre: encrypt: %w", err)
	}
	omega, err := randomHalf(random)
	if err != nil {
		return nil, fmt.Errorf("pre: encrypt: %w", err)
	}
	r := h1(&dataKey, &omega)

	pts := group.BatchAffine([]secp256k1.G1Jac{
		group.Mul(&pk.b, &u),
		group.Mul(&pk.b, &r),
		group.BaseMul(&r),
	})
	ct := &Ciphertext{d: pts[0], e: pts[1]}
	ct.dEnc, ct.eEnc = group.Encode(&ct.d), group.Encode(&ct.e)
	gr := group.Encode(&pts[2])
	mask := h2(&gr)
	ct.f = xorMask(&mask, &dataKey, &omega)
	c := h3(&ct.dEnc, &ct.eEnc, &ct.f)
	ct.s.Mul(&r, &c).Add(&ct.s, &u)
	return ct, nil
}

// Check is the public validity check of the application paper's §4.3.3 step
// 6 (CWYD's Eq. (1)): B^s = D·E^H3(D, E, F) for the key the ciphertext claims
// to be for. Anyone can run it; the proxy runs it before re-encrypting and
// the delegator before decrypting. It returns ErrInvalidCiphertext if the
// ciphertext was altered or was made for another key.
func (ct *Ciphertext) Check(pk *PublicKey) error {
	if err := pk.usable(); err != nil {
		return err
	}
	if ct == nil || ct.d.IsInfinity() || ct.e.IsInfinity() {
		return ErrInvalidCiphertext
	}
	c := h3(&ct.dEnc, &ct.eEnc, &ct.f)
	c.Neg(&c)
	lhs := group.MulAdd(&pk.b, &ct.s, &ct.e, &c) // B^s · E^-c
	var d secp256k1.G1Jac
	d.FromAffine(&ct.d)
	if !lhs.Equal(&d) {
		return ErrInvalidCiphertext
	}
	return nil
}

// Decrypt recovers the data key from a second-level ciphertext for sk's own
// public key. It returns ErrInvalidCiphertext if the ciphertext fails Check
// and ErrDecryption if it does not open to a consistent (m, ω).
func (sk *PrivateKey) Decrypt(ct *Ciphertext) ([DataKeySize]byte, error) {
	var zero [DataKeySize]byte
	if err := sk.usable(); err != nil {
		return zero, fmt.Errorf("pre: decrypt: %w", err)
	}
	if err := ct.Check(&sk.pk); err != nil {
		return zero, fmt.Errorf("pre: decrypt: %w", err)
	}
	gr := group.Mul(&ct.e, &sk.zInv) // E^(1/z) = g^r
	gra := group.Affine(&gr)
	grEnc := group.Encode(&gra)
	mask := h2(&grEnc)
	m, omega := unmask(&mask, &ct.f)
	// E = B^H1(m, ω) = g^(z·r): the fixed-base table does it with z known.
	var zr fr.Element
	r := h1(&m, &omega)
	zr.Mul(&sk.z, &r)
	want := group.BaseMul(&zr)
	var e secp256k1.G1Jac
	e.FromAffine(&ct.e)
	if !want.Equal(&e) {
		return zero, ErrDecryption
	}
	return m, nil
}

// MarshalBinary returns the 163-byte encoding 0x03 ‖ D ‖ E ‖ F ‖ s.
func (ct *Ciphertext) MarshalBinary() ([]byte, error) {
	if ct == nil || ct.d.IsInfinity() {
		return nil, errEmpty
	}
	out := make([]byte, 0, CiphertextSize)
	out = append(out, tagCiphertext)
	out = append(out, ct.dEnc[:]...)
	out = append(out, ct.eEnc[:]...)
	out = append(out, ct.f[:]...)
	s := ct.s.Bytes()
	return append(out, s[:]...), nil
}

// UnmarshalBinary parses a ciphertext, validating its points and scalar; ct
// is unchanged on error. It does not run Check, which needs the recipient's
// public key.
func (ct *Ciphertext) UnmarshalBinary(b []byte) error {
	if len(b) != CiphertextSize || b[0] != tagCiphertext {
		return fmt.Errorf("%w: ciphertext: want %d bytes with tag %#x", ErrEncoding, CiphertextSize, tagCiphertext)
	}
	var parsed Ciphertext
	rest := b[1:]
	var err error
	if parsed.d, err = group.Decode(rest[:group.PointSize]); err != nil {
		return fmt.Errorf("%w: ciphertext D: %w", ErrEncoding, err)
	}
	rest = rest[group.PointSize:]
	if parsed.e, err = group.Decode(rest[:group.PointSize]); err != nil {
		return fmt.Errorf("%w: ciphertext E: %w", ErrEncoding, err)
	}
	rest = rest[group.PointSize:]
	copy(parsed.f[:], rest[:maskSize])
	rest = rest[maskSize:]
	if parsed.s.SetBytesCanonical(rest) != nil {
		return fmt.Errorf("%w: ciphertext s out of range", ErrEncoding)
	}
	copy(parsed.dEnc[:], b[1:1+group.PointSize])
	copy(parsed.eEnc[:], b[1+group.PointSize:1+2*group.PointSize])
	*ct = parsed
	return nil
}
