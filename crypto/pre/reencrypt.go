package pre

import (
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
)

// ReKey is a re-encryption key rk_{A→B} = (rk, V, W) from delegator A to
// delegatee B, together with A's public key, which ReEncrypt checks
// ciphertexts against. A proxy holding it can turn A's second-level
// ciphertexts into first-level ones for B, and can decrypt neither.
type ReKey struct {
	from PublicKey
	rk   fr.Element // h / z_A
	v    secp256k1.G1Affine
	vEnc point
	w    [maskSize]byte
}

// ReKeyGen is run by the delegator: it derives rk_{from→to} with h and π
// drawn from random (crypto/rand if nil).
func ReKeyGen(random io.Reader, from *PrivateKey, to *PublicKey) (*ReKey, error) {
	if err := from.usable(); err != nil {
		return nil, fmt.Errorf("pre: rekey: delegator: %w", err)
	}
	if err := to.usable(); err != nil {
		return nil, fmt.Errorf("pre: rekey: delegatee: %w", err)
	}
	random = orDefault(random)
	h, err := randomScalar(random)
	if err != nil {
		return nil, fmt.Errorf("pre: rekey: %w", err)
	}
	pi, err := randomHalf(random)
	if err != nil {
		return nil, fmt.Errorf("pre: rekey: %w", err)
	}
	hBytes := h.Bytes()
	v := h1(&hBytes, &pi)
	pts := group.BatchAffine([]secp256k1.G1Jac{
		group.Mul(&to.p2, &v),
		group.BaseMul(&v),
	})
	rk := &ReKey{from: from.pk, v: pts[0]}
	rk.vEnc = group.Encode(&rk.v)
	gv := group.Encode(&pts[1])
	mask := h2(&gv)
	rk.w = xorMask(&mask, &hBytes, &pi)
	rk.rk.Mul(&h, &from.zInv)
	return rk, nil
}

// Delegator returns the public key whose ciphertexts rk re-encrypts.
func (rk *ReKey) Delegator() *PublicKey {
	pk := rk.from
	return &pk
}

// ReEncrypt is the proxy's step (application paper §4.3.5, CWYD ReEncrypt):
// it checks ct against the delegator's public key and, if it holds, outputs
// (E^rk, F, V, W). A ciphertext for anyone but the delegator, or one that
// was altered, yields ErrInvalidCiphertext.
func ReEncrypt(rk *ReKey, ct *Ciphertext) (*ReCiphertext, error) {
	if rk == nil {
		return nil, fmt.Errorf("pre: re-encrypt: %w", errUnset)
	}
	if err := ct.Check(&rk.from); err != nil {
		return nil, fmt.Errorf("pre: re-encrypt: %w", err)
	}
	e := group.Mul(&ct.e, &rk.rk)
	rct := &ReCiphertext{e: group.Affine(&e), f: ct.f, v: rk.v, vEnc: rk.vEnc, w: rk.w}
	rct.eEnc = group.Encode(&rct.e)
	return rct, nil
}

// ReCiphertext is a first-level ciphertext (E', F, V, W). Only the delegatee
// can decrypt it, and nothing can re-encrypt it: ReEncrypt takes only a
// second-level *Ciphertext, and the encodings differ in tag and length.
type ReCiphertext struct {
	e, v       secp256k1.G1Affine
	eEnc, vEnc point
	f, w       [maskSize]byte
}

// DecryptReEncrypted is the delegatee's first-level decryption (application
// paper §4.3.6): it recovers (h, π) from W, then the data key from F, and
// accepts only if V = pk2^H1(h, π) and E' = g^(H1(m, ω)·h). Any failure is
// ErrDecryption, without saying which check failed.
func (sk *PrivateKey) DecryptReEncrypted(rct *ReCiphertext) ([DataKeySize]byte, error) {
	var zero [DataKeySize]byte
	if err := sk.usable(); err != nil {
		return zero, fmt.Errorf("pre: decrypt re-encrypted: %w", err)
	}
	if rct == nil || rct.e.IsInfinity() || rct.v.IsInfinity() {
		return zero, ErrDecryption
	}
	gv := group.Mul(&rct.v, &sk.x2Inv) // V^(1/x2) = g^v
	gva := group.Affine(&gv)
	gvEnc := group.Encode(&gva)
	mask := h2(&gvEnc)
	hBytes, pi := unmask(&mask, &rct.w)
	var h fr.Element
	if h.SetBytesCanonical(hBytes[:]) != nil || h.IsZero() {
		return zero, ErrDecryption
	}
	// V = pk2^v = g^(x2·v): the fixed-base table does it with x2 known.
	var x2v fr.Element
	v := h1(&hBytes, &pi)
	x2v.Mul(&sk.x2, &v)
	wantV := group.BaseMul(&x2v)
	var gotV secp256k1.G1Jac
	gotV.FromAffine(&rct.v)
	if !wantV.Equal(&gotV) {
		return zero, ErrDecryption
	}

	var hInv fr.Element
	hInv.Inverse(&h)
	gr := group.Mul(&rct.e, &hInv) // E'^(1/h) = g^r
	gra := group.Affine(&gr)
	grEnc := group.Encode(&gra)
	mask = h2(&grEnc)
	m, omega := unmask(&mask, &rct.f)
	var rh fr.Element
	r := h1(&m, &omega)
	rh.Mul(&r, &h)
	wantE := group.BaseMul(&rh)
	var gotE secp256k1.G1Jac
	gotE.FromAffine(&rct.e)
	if !wantE.Equal(&gotE) {
		return zero, ErrDecryption
	}
	return m, nil
}

// MarshalBinary returns the 196-byte encoding 0x04 ‖ pkA1 ‖ pkA2 ‖ rk ‖ V ‖ W.
func (rk *ReKey) MarshalBinary() ([]byte, error) {
	if rk == nil || rk.from.usable() != nil {
		return nil, errEmpty
	}
	out := make([]byte, 0, ReKeySize)
	out = append(out, tagReKey)
	out = append(out, rk.from.enc[:]...)
	k := rk.rk.Bytes()
	out = append(out, k[:]...)
	out = append(out, rk.vEnc[:]...)
	return append(out, rk.w[:]...), nil
}

// UnmarshalBinary parses and validates a re-encryption key; rk is unchanged
// on error.
func (rk *ReKey) UnmarshalBinary(b []byte) error {
	if len(b) != ReKeySize || b[0] != tagReKey {
		return fmt.Errorf("%w: rekey: want %d bytes with tag %#x", ErrEncoding, ReKeySize, tagReKey)
	}
	rest := b[1:]
	from, err := parsePublicKeyBody(rest[:2*group.PointSize])
	if err != nil {
		return fmt.Errorf("rekey delegator: %w", err)
	}
	rest = rest[2*group.PointSize:]
	parsed := ReKey{from: from}
	if parsed.rk.SetBytesCanonical(rest[:fr.Bytes]) != nil || parsed.rk.IsZero() {
		return fmt.Errorf("%w: rekey scalar out of range", ErrEncoding)
	}
	rest = rest[fr.Bytes:]
	if parsed.v, err = group.Decode(rest[:group.PointSize]); err != nil {
		return fmt.Errorf("%w: rekey V: %w", ErrEncoding, err)
	}
	copy(parsed.vEnc[:], rest[:group.PointSize])
	copy(parsed.w[:], rest[group.PointSize:])
	*rk = parsed
	return nil
}

// MarshalBinary returns the 195-byte encoding 0x05 ‖ E' ‖ F ‖ V ‖ W.
func (rct *ReCiphertext) MarshalBinary() ([]byte, error) {
	if rct == nil || rct.e.IsInfinity() {
		return nil, errEmpty
	}
	out := make([]byte, 0, ReCiphertextSize)
	out = append(out, tagReCiphertext)
	out = append(out, rct.eEnc[:]...)
	out = append(out, rct.f[:]...)
	out = append(out, rct.vEnc[:]...)
	return append(out, rct.w[:]...), nil
}

// UnmarshalBinary parses and validates a re-encrypted ciphertext; rct is
// unchanged on error.
func (rct *ReCiphertext) UnmarshalBinary(b []byte) error {
	if len(b) != ReCiphertextSize || b[0] != tagReCiphertext {
		return fmt.Errorf("%w: re-encrypted ciphertext: want %d bytes with tag %#x", ErrEncoding, ReCiphertextSize, tagReCiphertext)
	}
	var parsed ReCiphertext
	rest := b[1:]
	var err error
	if parsed.e, err = group.Decode(rest[:group.PointSize]); err != nil {
		return fmt.Errorf("%w: re-encrypted ciphertext E': %w", ErrEncoding, err)
	}
	copy(parsed.eEnc[:], rest[:group.PointSize])
	rest = rest[group.PointSize:]
	copy(parsed.f[:], rest[:maskSize])
	rest = rest[maskSize:]
	if parsed.v, err = group.Decode(rest[:group.PointSize]); err != nil {
		return fmt.Errorf("%w: re-encrypted ciphertext V: %w", ErrEncoding, err)
	}
	copy(parsed.vEnc[:], rest[:group.PointSize])
	copy(parsed.w[:], rest[group.PointSize:])
	*rct = parsed
	return nil
}
