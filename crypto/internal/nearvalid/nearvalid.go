// Package nearvalid builds the near-valid inputs that fuzz corpora for secp256k1 encodings
// start from: a real encoding with one point or scalar replaced by a value a careful parser
// must reject (x ≥ p, an x with no point above it, a wrong prefix, the identity's all-zero
// form, a scalar at or above the group order). Random mutation rarely finds these; they are
// exactly where parsers go wrong.
package nearvalid

import (
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/secp256k1/fp"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"
)

// PointSize is a SEC 1 compressed point's length; ScalarSize a scalar's.
const (
	PointSize  = 33
	ScalarSize = 32
)

// badX are x-coordinates no compressed point may carry: p, p+1 (non-canonical) and the
// smallest x with x³+7 a non-residue (off the curve).
var badX = func() [][]byte {
	p := fp.Modulus()
	out := [][]byte{pad(p), pad(new(big.Int).Add(p, big.NewInt(1)))}
	for x := int64(1); ; x++ {
		var e, rhs fp.Element
		e.SetInt64(x)
		rhs.Square(&e).Mul(&rhs, &e)
		var seven fp.Element
		seven.SetInt64(7)
		rhs.Add(&rhs, &seven)
		if rhs.Legendre() == -1 {
			return append(out, pad(big.NewInt(x)))
		}
	}
}()

// Points returns variants of enc with the compressed point at each offset replaced by an
// invalid one: all zeroes, an uncompressed prefix, and each bad x under both prefixes.
func Points(enc []byte, offsets ...int) [][]byte {
	var out [][]byte
	for _, off := range offsets {
		if off < 0 || off+PointSize > len(enc) {
			continue
		}
		replace := func(pt []byte) {
			m := append([]byte(nil), enc...)
			copy(m[off:off+PointSize], pt)
			out = append(out, m)
		}
		replace(make([]byte, PointSize))
		wrongPrefix := append([]byte(nil), enc[off:off+PointSize]...)
		wrongPrefix[0] = 0x04
		replace(wrongPrefix)
		for _, x := range badX {
			for _, prefix := range []byte{0x02, 0x03} {
				replace(append([]byte{prefix}, x...))
			}
		}
	}
	return out
}

// Scalars returns variants of enc with the 32-byte scalar at each offset replaced by q, q+1,
// zero and 2^256−1.
func Scalars(enc []byte, offsets ...int) [][]byte {
	q := fr.Modulus()
	values := [][]byte{
		pad(q),
		pad(new(big.Int).Add(q, big.NewInt(1))),
		make([]byte, ScalarSize),
		pad(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))),
	}
	var out [][]byte
	for _, off := range offsets {
		if off < 0 || off+ScalarSize > len(enc) {
			continue
		}
		for _, v := range values {
			m := append([]byte(nil), enc...)
			copy(m[off:off+ScalarSize], v)
			out = append(out, m)
		}
	}
	return out
}

func pad(n *big.Int) []byte {
	out := make([]byte, 32)
	n.FillBytes(out)
	return out
}
