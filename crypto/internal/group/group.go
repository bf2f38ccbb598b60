// Package group is the slice of secp256k1 arithmetic emrchain's schemes share
// (proxy re-encryption, threshold sharing, DLEQ proofs, distributed key
// generation), on top of gnark-crypto's field and point types: SEC 1
// compressed point encoding (gnark-crypto has none for this curve), the
// uncompressed x‖y form and Ethereum address of a point that EVM verifiers
// use, a fixed-base table for the generator, and GLV multiplication that
// interleaves any number of bases so a multi-scalar product costs one pass
// of doublings.
//
// secp256k1 has prime order and cofactor 1, so every point on the curve other
// than the identity generates the whole group; decoding therefore only has to
// check that x is a canonical field element with x³+7 a square.
//
// Everything here is variable time, as gnark-crypto's curve arithmetic is: the
// running time of a multiplication depends on the scalar.
package group

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math/big"
	"sync"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fp"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"
	"golang.org/x/crypto/sha3"
)

// PointSize is the length of a SEC 1 compressed point.
const PointSize = 1 + fp.Bytes

// ErrPoint reports an encoding that is not a compressed point of the group.
var ErrPoint = errors.New("group: invalid point encoding")

// Encode returns the SEC 1 compressed encoding of p: 0x02 or 0x03 by the
// parity of y, then x big-endian. The identity has no compressed encoding; it
// is written as all zeroes, which Decode rejects, so it can never travel.
func Encode(p *secp256k1.G1Affine) [PointSize]byte {
	var out [PointSize]byte
	if p.IsInfinity() {
		return out
	}
	out[0] = 0x02 | byte(p.Y.Bits()[0]&1)
	x := p.X.Bytes()
	copy(out[1:], x[:])
	return out
}

// Decode parses a SEC 1 compressed point, rejecting the identity, x ≥ p and
// x with no point above it.
func Decode(b []byte) (secp256k1.G1Affine, error) {
	var p secp256k1.G1Affine
	if len(b) != PointSize || (b[0] != 0x02 && b[0] != 0x03) {
		return p, ErrPoint
	}
	if err := p.X.SetBytesCanonical(b[1:]); err != nil {
		return p, ErrPoint
	}
	_, bCoeff := secp256k1.CurveCoefficients()
	var rhs fp.Element
	rhs.Square(&p.X).Mul(&rhs, &p.X).Add(&rhs, &bCoeff)
	if p.Y.Sqrt(&rhs) == nil {
		return p, ErrPoint
	}
	if byte(p.Y.Bits()[0]&1) != b[0]&1 {
		p.Y.Neg(&p.Y)
	}
	return p, nil
}

// UncompressedSize is the length of the x‖y form EVM code works with.
const UncompressedSize = 2 * fp.Bytes

// EncodeUncompressed returns x‖y, each big-endian: the form Solidity reads a
// point in and hashes for its Ethereum address. The identity is all zeroes.
func EncodeUncompressed(p *secp256k1.G1Affine) [UncompressedSize]byte {
	var out [UncompressedSize]byte
	if p.IsInfinity() {
		return out
	}
	x, y := p.X.Bytes(), p.Y.Bytes()
	copy(out[:fp.Bytes], x[:])
	copy(out[fp.Bytes:], y[:])
	return out
}

// DecodeUncompressed parses x‖y, rejecting non-canonical coordinates, points
// off the curve and the identity.
func DecodeUncompressed(b []byte) (secp256k1.G1Affine, error) {
	var p secp256k1.G1Affine
	if len(b) != UncompressedSize {
		return p, ErrPoint
	}
	if p.X.SetBytesCanonical(b[:fp.Bytes]) != nil || p.Y.SetBytesCanonical(b[fp.Bytes:]) != nil {
		return p, ErrPoint
	}
	if p.IsInfinity() || !p.IsOnCurve() {
		return secp256k1.G1Affine{}, ErrPoint
	}
	return p, nil
}

// Address is the Ethereum address of p read as a public key: the last 20
// bytes of keccak256(x‖y). ecrecover returns exactly this for the point it
// computes, which is how EVM code checks a scalar multiplication cheaply.
func Address(p *secp256k1.G1Affine) [20]byte {
	u := EncodeUncompressed(p)
	h := sha3.NewLegacyKeccak256()
	h.Write(u[:])
	var sum [32]byte
	h.Sum(sum[:0])
	var a [20]byte
	copy(a[:], sum[12:])
	return a
}

// Affine converts a Jacobian point; the identity becomes gnark-crypto's
// affine identity (0, 0).
func Affine(p *secp256k1.G1Jac) secp256k1.G1Affine {
	var a secp256k1.G1Affine
	a.FromJacobian(p)
	return a
}

// ScalarFromWide maps a uniformly random byte string of at least 48 bytes
// onto Z_q^* as 1 + (b mod (q-1)). The 128 surplus bits keep the bias below
// 2^-128, and the shift by one makes zero unreachable, which both the random
// scalars and the hash functions of the scheme require.
func ScalarFromWide(b []byte) fr.Element {
	var n big.Int
	n.SetBytes(b)
	n.Mod(&n, qMinusOne)
	n.Add(&n, big.NewInt(1))
	var s fr.Element
	s.SetBigInt(&n)
	return s
}

var qMinusOne = new(big.Int).Sub(fr.Modulus(), big.NewInt(1))

// WideBytes is how much randomness RandomScalar reads.
const WideBytes = 48

// RandomScalar draws a uniform element of Z_q^* from random (crypto/rand if
// nil), with bias below 2^-128.
func RandomScalar(random io.Reader) (fr.Element, error) {
	if random == nil {
		random = rand.Reader
	}
	var wide [WideBytes]byte
	if _, err := io.ReadFull(random, wide[:]); err != nil {
		return fr.Element{}, fmt.Errorf("read randomness: %w", err)
	}
	return ScalarFromWide(wide[:]), nil
}

// ScalarSize is the length of an encoded scalar: 32 bytes big-endian.
const ScalarSize = fr.Bytes

// ErrScalar reports a scalar encoding that is not canonical (not below q) or
// not of ScalarSize bytes.
var ErrScalar = errors.New("group: invalid scalar encoding")

// DecodeScalar parses a canonical 32-byte big-endian scalar (below q). Zero is
// accepted; callers for which zero is not a valid value check IsZero.
func DecodeScalar(b []byte) (fr.Element, error) {
	var s fr.Element
	if len(b) != ScalarSize {
		return s, ErrScalar
	}
	if err := s.SetBytesCanonical(b); err != nil {
		return fr.Element{}, ErrScalar
	}
	return s, nil
}

// Generator returns the standard generator G.
func Generator() secp256k1.G1Affine {
	_, g := secp256k1.Generators()
	return g
}

// BaseMulAffine returns [k]G in affine form.
func BaseMulAffine(k *fr.Element) secp256k1.G1Affine {
	j := BaseMul(k)
	return Affine(&j)
}

// MulAffine returns [k]p in affine form.
func MulAffine(p *secp256k1.G1Affine, k *fr.Element) secp256k1.G1Affine {
	j := Mul(p, k)
	return Affine(&j)
}

// GLV endomorphism φ(x, y) = (βx, y) acts on the group as multiplication by
// λ. Both are fixed constants of secp256k1 (β a cube root of unity in F_p, λ
// one in F_q); the test checks φ(G) = [λ]G.
var (
	beta   fp.Element
	lambda big.Int
	basis  ecc.Lattice
)

func init() {
	if _, err := beta.SetString("55594575648329892869085402983802832744385952214688224221778511981742606582254"); err != nil {
		panic(err)
	}
	lambda.SetString("37718080363155996902926221483475020450927657555482586988616620542887997980018", 10)
	ecc.PrecomputeLattice(fr.Modulus(), &lambda, &basis)
}

// wnafWindow 5 gives tables of 8 odd multiples and one addition every six
// bits on average of each half-length scalar.
const (
	wnafWindow = 5
	tableSize  = 1 << (wnafWindow - 2)
)

// Mul returns [k]p.
func Mul(p *secp256k1.G1Affine, k *fr.Element) secp256k1.G1Jac {
	return multiMul([]secp256k1.G1Affine{*p}, []fr.Element{*k})
}

// MultiMul returns Σ [scalars[i]]points[i] with the doublings shared. The
// slices must have the same length; an empty product is the identity.
func MultiMul(points []secp256k1.G1Affine, scalars []fr.Element) secp256k1.G1Jac {
	if len(points) != len(scalars) {
		panic("group: MultiMul length mismatch")
	}
	if len(points) == 0 {
		var id secp256k1.G1Jac
		id.X.SetOne()
		id.Y.SetOne()
		return id
	}
	return multiMul(points, scalars)
}

// MulAdd returns [k1]p1 + [k2]p2 with the doublings shared (Straus).
func MulAdd(p1 *secp256k1.G1Affine, k1 *fr.Element, p2 *secp256k1.G1Affine, k2 *fr.Element) secp256k1.G1Jac {
	return multiMul([]secp256k1.G1Affine{*p1, *p2}, []fr.Element{*k1, *k2})
}

// multiMul splits every scalar into two ~128-bit halves with the GLV
// endomorphism and walks all the halves' wNAF digits together, so the result
// costs about 130 doublings however many bases there are. Odd multiples are
// kept in affine form (one shared inversion) so every addition is a mixed one.
func multiMul(points []secp256k1.G1Affine, scalars []fr.Element) secp256k1.G1Jac {
	n := len(points)
	jac := make([]secp256k1.G1Jac, n*tableSize)
	for i := range points {
		var two secp256k1.G1Jac
		row := jac[i*tableSize : (i+1)*tableSize]
		row[0].FromAffine(&points[i])
		two.DoubleMixed(&points[i])
		for j := 1; j < tableSize; j++ {
			row[j].Set(&row[j-1]).AddAssign(&two)
		}
	}
	aff := secp256k1.BatchJacobianToAffineG1(jac)

	type stream struct {
		table  [tableSize]secp256k1.G1Affine
		digits [fr.Bits + 2]int8
		length int
	}
	streams := make([]stream, 2*n)
	var k big.Int
	for i := range points {
		scalars[i].BigInt(&k)
		halves := ecc.SplitScalar(&k, &basis)
		for h := range 2 {
			s := &streams[2*i+h]
			copy(s.table[:], aff[i*tableSize:(i+1)*tableSize])
			if h == 1 {
				for j := range s.table {
					s.table[j].X.Mul(&s.table[j].X, &beta)
				}
			}
			if halves[h].Sign() < 0 {
				halves[h].Neg(&halves[h])
				for j := range s.table {
					s.table[j].Y.Neg(&s.table[j].Y)
				}
			}
			s.length = ecc.WnafDecomposition(&halves[h], wnafWindow, s.digits[:])
		}
	}

	top := 0
	for i := range streams {
		top = max(top, streams[i].length)
	}
	var acc secp256k1.G1Jac
	acc.X.SetOne()
	acc.Y.SetOne() // Z = 0: the identity
	var neg secp256k1.G1Affine
	for bit := top - 1; bit >= 0; bit-- {
		acc.DoubleAssign()
		for i := range streams {
			s := &streams[i]
			if bit >= s.length {
				continue
			}
			switch d := s.digits[bit]; {
			case d > 0:
				acc.AddMixed(&s.table[(d-1)/2])
			case d < 0:
				neg.Neg(&s.table[(-d-1)/2])
				acc.AddMixed(&neg)
			}
		}
	}
	return acc
}

// Fixed-base multiplication of the generator uses signed radix-16 digits
// d_i ∈ [-8, 8) and a table of [j·16^i]G for j = 1..8: 65 mixed additions and
// no doublings. The 33 KiB table is built on first use.
const (
	baseWindows = fr.Bits/4 + 1 // one more for the carry out of the top digit
	baseDigits  = 8
)

var baseTable = sync.OnceValue(func() []secp256k1.G1Affine {
	jac := make([]secp256k1.G1Jac, baseWindows*baseDigits)
	base, _ := secp256k1.Generators()
	for i := range baseWindows {
		row := jac[i*baseDigits : (i+1)*baseDigits]
		row[0].Set(&base)
		for j := 1; j < baseDigits; j++ {
			row[j].Set(&row[j-1]).AddAssign(&base)
		}
		base.Double(&row[baseDigits-1]) // 16·16^i G
	}
	return secp256k1.BatchJacobianToAffineG1(jac)
})

// BaseMul returns [k]G for the standard generator G.
func BaseMul(k *fr.Element) secp256k1.G1Jac {
	table := baseTable()
	limbs := k.Bits() // little-endian 64-bit limbs of the canonical value
	var acc secp256k1.G1Jac
	acc.X.SetOne()
	acc.Y.SetOne()
	var neg secp256k1.G1Affine
	carry := 0
	for i := range baseWindows {
		d := carry
		if i < fr.Bits/4 {
			d += int(limbs[i/16]>>(4*(i%16))) & 0xf
		}
		carry = 0
		if d >= baseDigits {
			d -= 16
			carry = 1
		}
		switch {
		case d > 0:
			acc.AddMixed(&table[i*baseDigits+d-1])
		case d < 0:
			neg.Neg(&table[i*baseDigits-d-1])
			acc.AddMixed(&neg)
		}
	}
	return acc
}
