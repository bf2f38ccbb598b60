package pre

import (
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"
	"github.com/consensys/gnark-crypto/field/hash"

	"github.com/emrchain/emrchain/crypto/internal/group"
)

// Domain separation tags for H1..H4; see the package documentation.
var (
	dstH1 = []byte("emrchain/pre/v1/CWYD-secp256k1/H1")
	dstH2 = []byte("emrchain/pre/v1/CWYD-secp256k1/H2")
	dstH3 = []byte("emrchain/pre/v1/CWYD-secp256k1/H3")
	dstH4 = []byte("emrchain/pre/v1/CWYD-secp256k1/H4")
)

const (
	halfSize  = 32           // ℓ0 = ℓ1 = 256 bits: |m| = |ω| = |h| = |π|
	maskSize  = 2 * halfSize // H2 output, the length of m‖ω and h‖π
	wideBytes = 48           // expansion length for a scalar in Z_q*
)

type point = [group.PointSize]byte

func expand(msg, dst []byte, n int) []byte {
	out, err := hash.ExpandMsgXmd(msg, dst, n)
	if err != nil {
		// Only reachable with a DST over 255 bytes or an output over 8160
		// bytes; both are constants here.
		panic("pre: expand_message_xmd: " + err.Error())
	}
	return out
}

func hashToScalar(dst []byte, parts ...[]byte) fr.Element {
	var msg []byte
	for _, p := range parts {
		msg = append(msg, p...)
	}
	return group.ScalarFromWide(expand(msg, dst, wideBytes))
}

// h1 is H1: {0,1}^256 × {0,1}^256 → Z_q*.
func h1(a, b *[halfSize]byte) fr.Element { return hashToScalar(dstH1, a[:], b[:]) }

// h2 is H2: G → {0,1}^512.
func h2(p *point) [maskSize]byte {
	var out [maskSize]byte
	copy(out[:], expand(p[:], dstH2, maskSize))
	return out
}

// h3 is H3: G × G × {0,1}^512 → Z_q*.
func h3(d, e *point, f *[maskSize]byte) fr.Element {
	return hashToScalar(dstH3, d[:], e[:], f[:])
}

// h4 is H4: G → Z_q*.
func h4(p *point) fr.Element { return hashToScalar(dstH4, p[:]) }

// xorMask returns mask ⊕ (a‖b).
func xorMask(mask *[maskSize]byte, a, b *[halfSize]byte) [maskSize]byte {
	var out [maskSize]byte
	for i := range halfSize {
		out[i] = mask[i] ^ a[i]
		out[halfSize+i] = mask[halfSize+i] ^ b[i]
	}
	return out
}

// unmask splits mask ⊕ c into its two halves.
func unmask(mask, c *[maskSize]byte) (a, b [halfSize]byte) {
	for i := range halfSize {
		a[i] = mask[i] ^ c[i]
		b[i] = mask[halfSize+i] ^ c[halfSize+i]
	}
	return a, b
}
