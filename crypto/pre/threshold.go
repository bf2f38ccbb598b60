package pre

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
)

// Hooks for threshold re-encryption (crypto/tpre). CWYD's re-encryption
// E' = E^rk is linear in rk, so a re-encryption key's scalar can be Shamir
// shared among proxies whose partial results E^{rk_i} combine by Lagrange
// interpolation in the exponent. These functions expose exactly the pieces
// that needs: the scalar of a ReKey, its delegatee header (V, W), the base E
// of a ciphertext, and assembling a first-level ciphertext from an E'
// computed elsewhere. None of them gives anything that the encodings did not
// already give: a ReKey's bytes contain rk, V and W, a Ciphertext's contain
// E, and any E' can be put into a ReCiphertext's bytes. DecryptReEncrypted
// still checks E' = g^(H1(m, ω)·h), so a wrong E' yields ErrDecryption,
// never a wrong data key.

// ReKeyHeaderSize is the length of a ReKeyHeader's encoding V ‖ W.
const ReKeyHeaderSize = group.PointSize + maskSize

// ReKeyHeader is the delegatee's part (V, W) of a re-encryption key: V =
// pkB2^v and W = H2(g^v) ⊕ (h‖π). Only the delegatee can open W; the header
// travels beside E' in every first-level ciphertext, so it is not secret.
type ReKeyHeader struct {
	v    secp256k1.G1Affine
	vEnc point
	w    [maskSize]byte
}

// Scalar returns rk = h/z_A. It is as secret as the ReKey itself: together
// with the delegatee's key it yields z_A (the package documentation's
// weak-secret property), so it may only be stored sealed, or split.
func (rk *ReKey) Scalar() fr.Element { return rk.rk }

// Header returns the re-encryption key's delegatee header (V, W).
func (rk *ReKey) Header() *ReKeyHeader {
	return &ReKeyHeader{v: rk.v, vEnc: rk.vEnc, w: rk.w}
}

// MarshalBinary returns the 97-byte encoding V ‖ W (no tag: it only ever
// travels inside a larger object that has one).
func (h *ReKeyHeader) MarshalBinary() ([]byte, error) {
	if h == nil || h.v.IsInfinity() {
		return nil, errEmpty
	}
	out := make([]byte, 0, ReKeyHeaderSize)
	out = append(out, h.vEnc[:]...)
	return append(out, h.w[:]...), nil
}

// UnmarshalBinary parses V ‖ W, rejecting a V that is not a point of the
// group; h is unchanged on error.
func (h *ReKeyHeader) UnmarshalBinary(b []byte) error {
	if len(b) != ReKeyHeaderSize {
		return fmt.Errorf("%w: rekey header: want %d bytes", ErrEncoding, ReKeyHeaderSize)
	}
	var parsed ReKeyHeader
	var err error
	if parsed.v, err = group.Decode(b[:group.PointSize]); err != nil {
		return fmt.Errorf("%w: rekey header V: %w", ErrEncoding, err)
	}
	copy(parsed.vEnc[:], b[:group.PointSize])
	copy(parsed.w[:], b[group.PointSize:])
	*h = parsed
	return nil
}

// Equal reports whether h and other are the same header.
func (h *ReKeyHeader) Equal(other *ReKeyHeader) bool {
	return h != nil && other != nil && h.vEnc == other.vEnc && h.w == other.w
}

// ReEncryptionBase returns E, the point a proxy raises to rk. It does not
// check the ciphertext: callers run Check against the delegator first, as
// ReEncrypt does.
func (ct *Ciphertext) ReEncryptionBase() secp256k1.G1Affine { return ct.e }

// AssembleReCiphertext returns the first-level ciphertext (E', F, V, W) for
// an E' = E^rk computed outside this package (by combining threshold
// fragments), with F taken from ct and (V, W) from hdr. It checks only that
// the points are in the group; whether E' is right is checked by
// DecryptReEncrypted.
func AssembleReCiphertext(ePrime *secp256k1.G1Affine, ct *Ciphertext, hdr *ReKeyHeader) (*ReCiphertext, error) {
	if ePrime == nil || ePrime.IsInfinity() || !ePrime.IsOnCurve() {
		return nil, fmt.Errorf("%w: E' is not a point of the group", ErrEncoding)
	}
	if ct == nil || ct.e.IsInfinity() {
		return nil, fmt.Errorf("pre: assemble: ciphertext: %w", errEmpty)
	}
	if hdr == nil || hdr.v.IsInfinity() {
		return nil, fmt.Errorf("pre: assemble: header: %w", errEmpty)
	}
	rct := &ReCiphertext{e: *ePrime, f: ct.f, v: hdr.v, vEnc: hdr.vEnc, w: hdr.w}
	rct.eEnc = group.Encode(&rct.e)
	return rct, nil
}
