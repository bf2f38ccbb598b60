// Package group is the slice of secp256k1 arithmetic emrchain's schemes share
// (proxy re-encryption, threshold sharing, DLEQ proofs, distributed key
// generation), on top of gnark-crypto's field and point types: SEC 1
// compressed point encoding (gnark-crypto has none for this curve), the
// uncompressed x‖y form and Ethereum address of a point that EVM verifiers
// use, a fixed-base table for the generator, GLV multiplication that
// interleaves any number of bases so a multi-scalar product costs one pass
// of doublings, a per-point Table for several multiplications of one point,
// and a batch conversion to affine form. The scalar recoding (GLV split and
// wNAF) works on machine words, so a multiplication allocates only its
// table.
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
	"math/bits"
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

// BatchAffine converts Jacobian points to affine with one field inversion
// (Montgomery's trick); the identity becomes (0, 0). It is gnark-crypto's
// BatchJacobianToAffineG1 without the goroutines that function starts for
// its last loop, which for the handful of points a scheme converts cost more
// than the loop, and on a busy machine wait to be scheduled.
func BatchAffine(points []secp256k1.G1Jac) []secp256k1.G1Affine {
	out := make([]secp256k1.G1Affine, len(points))
	batchAffine(out, points)
	return out
}

// batchAffine is BatchAffine into dst, which must be as long as points.
func batchAffine(dst []secp256k1.G1Affine, points []secp256k1.G1Jac) {
	acc := fp.One()
	// dst[i].X holds the product of the Z before i until it becomes 1/Z_i.
	for i := range points {
		if points[i].Z.IsZero() {
			continue
		}
		dst[i].X = acc
		acc.Mul(&acc, &points[i].Z)
	}
	var inv fp.Element
	inv.Inverse(&acc)
	for i := len(points) - 1; i >= 0; i-- {
		if points[i].Z.IsZero() {
			dst[i] = secp256k1.G1Affine{}
			continue
		}
		zInv := dst[i].X
		zInv.Mul(&zInv, &inv)
		inv.Mul(&inv, &points[i].Z)
		var zInv2 fp.Element
		zInv2.Square(&zInv)
		dst[i].X.Mul(&points[i].X, &zInv2)
		dst[i].Y.Mul(&points[i].Y, &zInv2).Mul(&dst[i].Y, &zInv)
	}
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
	return NewTable(p).Mul(k)
}

// Table holds a point's precomputed odd multiples P, 3P, …, 15P in affine form, so that
// several multiplications of the same point (a fragment rk_i·E and its proof's k·E) build and
// invert them once.
type Table struct {
	odd [tableSize]secp256k1.G1Affine
}

// NewTable precomputes p's odd multiples.
func NewTable(p *secp256k1.G1Affine) *Table {
	var jac [tableSize]secp256k1.G1Jac
	var two secp256k1.G1Jac
	jac[0].FromAffine(p)
	two.DoubleMixed(p)
	for j := 1; j < tableSize; j++ {
		jac[j].Set(&jac[j-1]).AddAssign(&two)
	}
	t := &Table{}
	batchAffine(t.odd[:], jac[:])
	return t
}

// Mul returns [k]p for the table's point p.
func (t *Table) Mul(k *fr.Element) secp256k1.G1Jac {
	return evaluate(t.odd[:], []fr.Element{*k})
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
	return evaluate(BatchAffine(jac), scalars)
}

// evaluate returns Σ [scalars[i]]P_i given the odd multiples of each P_i,
// tableSize per point in aff.
func evaluate(aff []secp256k1.G1Affine, scalars []fr.Element) secp256k1.G1Jac {
	n := len(scalars)
	type stream struct {
		table  [tableSize]secp256k1.G1Affine
		digits [fr.Bits + 2]int8
		length int
	}
	// Two streams per scalar; up to two scalars fit on the stack, which
	// keeps the common single and double multiplications from allocating.
	var small [4]stream
	var streams []stream
	if 2*n <= len(small) {
		streams = small[:2*n]
	} else {
		streams = make([]stream, 2*n)
	}
	for i := range n {
		halves := splitGLV(&scalars[i])
		for h := range 2 {
			s := &streams[2*i+h]
			copy(s.table[:], aff[i*tableSize:(i+1)*tableSize])
			if h == 1 {
				for j := range s.table {
					s.table[j].X.Mul(&s.table[j].X, &beta)
				}
			}
			if halves[h].neg {
				for j := range s.table {
					s.table[j].Y.Neg(&s.table[j].Y)
				}
			}
			s.length = wnaf(&halves[h].abs, s.digits[:])
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

// half is one GLV half of a scalar: a sign and a magnitude below 2^192
// (about 2^128 in fact), little-endian words.
type half struct {
	abs [3]uint64
	neg bool
}

// GLV decomposition k = k1 + k2·λ (mod q) with |k1|, |k2| about √q. The
// basis (v1, v2) of the lattice {(x, y): x + y·λ ≡ 0} comes from
// gnark-crypto's PrecomputeLattice; writing (k, 0) = β1·v1 + β2·v2 gives
// β1 = k·v2[1]/D and β2 = −k·v1[1]/D (D the determinant), and with c_i the
// rounded β_i, (k1, k2) = (k, 0) − c1·v1 − c2·v2 is short. c_i is computed
// as round(k·g_i / 2^384) with g_i = round(2^384·(β_i/k)), on machine words,
// where gnark-crypto's SplitScalar uses math/big.
var (
	glvG         [2][4]uint64 // |g1|, |g2|
	glvGNeg      [2]bool
	glvV1, glvV2 [2]fr.Element // the basis vectors' coordinates mod q
	glvLambda    fr.Element
	two64        fr.Element
	halfQ        [4]uint64 // (q−1)/2: residues above it stand for negative halves
)

func init() {
	shift := new(big.Int).Lsh(big.NewInt(1), 384)
	num := [2]*big.Int{
		new(big.Int).Mul(shift, &basis.V2[1]),
		new(big.Int).Neg(new(big.Int).Mul(shift, &basis.V1[1])),
	}
	for i, x := range num {
		g := roundDiv(x, &basis.Det)
		glvGNeg[i] = g.Sign() < 0
		g.Abs(g)
		if g.BitLen() > 256 {
			panic("group: GLV constant out of range")
		}
		for j, w := range g.Bits() {
			glvG[i][j] = uint64(w)
		}
	}
	glvV1[0].SetBigInt(&basis.V1[0])
	glvV1[1].SetBigInt(&basis.V1[1])
	glvV2[0].SetBigInt(&basis.V2[0])
	glvV2[1].SetBigInt(&basis.V2[1])
	glvLambda.SetBigInt(&lambda)
	two64.SetBigInt(new(big.Int).Lsh(big.NewInt(1), 64))
	h := new(big.Int).Rsh(fr.Modulus(), 1)
	for j, w := range h.Bits() {
		halfQ[j] = uint64(w)
	}
}

// roundDiv returns x/d rounded to the nearest integer.
func roundDiv(x, d *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(x, d, new(big.Int))
	r2 := new(big.Int).Abs(r)
	r2.Lsh(r2, 1)
	if r2.CmpAbs(d) >= 0 {
		if (x.Sign() < 0) != (d.Sign() < 0) {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// splitGLV returns k1 and k2 with k ≡ k1 + k2·λ (mod q).
func splitGLV(k *fr.Element) [2]half {
	kw := k.Bits()
	var c [2]fr.Element
	for i := range 2 {
		lo, hi := mulShift384(&kw, &glvG[i])
		c[i].SetUint64(hi)
		c[i].Mul(&c[i], &two64)
		var l fr.Element
		l.SetUint64(lo)
		c[i].Add(&c[i], &l)
		if glvGNeg[i] {
			c[i].Neg(&c[i])
		}
	}
	// k2 = −(c1·v1[1] + c2·v2[1]), k1 = k − k2·λ.
	var k1, k2, t fr.Element
	k2.Mul(&c[0], &glvV1[1])
	t.Mul(&c[1], &glvV2[1])
	k2.Add(&k2, &t).Neg(&k2)
	t.Mul(&k2, &glvLambda)
	k1.Sub(k, &t)
	return [2]half{toHalf(&k1), toHalf(&k2)}
}

// toHalf reads a residue as the signed integer of least magnitude.
func toHalf(e *fr.Element) half {
	w := e.Bits()
	var h half
	if greater(&w, &halfQ) {
		var m fr.Element
		m.Neg(e)
		w = m.Bits()
		h.neg = true
	}
	if w[3] != 0 {
		// Never for a correct split (both halves are near 2^128); a wrong
		// constant would land here and must not pass silently.
		panic("group: GLV half out of range")
	}
	copy(h.abs[:], w[:3])
	return h
}

// greater reports a > b for little-endian words.
func greater(a, b *[4]uint64) bool {
	for i := 3; i >= 0; i-- {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return false
}

// mulShift384 returns round(a·b / 2^384) for 256-bit a and b, which must be
// below 2^128 (it is about √q for the GLV constants), as two words.
func mulShift384(a, b *[4]uint64) (lo, hi uint64) {
	var p [8]uint64
	for i := range 4 {
		var carry uint64
		for j := range 4 {
			h, l := bits.Mul64(a[i], b[j])
			var c uint64
			l, c = bits.Add64(l, p[i+j], 0)
			h += c
			l, c = bits.Add64(l, carry, 0)
			h += c
			p[i+j] = l
			carry = h
		}
		p[i+4] = carry
	}
	// Bits 384…511 are words 6 and 7; bit 383, the top of word 5, rounds.
	var c uint64
	lo, c = bits.Add64(p[6], p[5]>>63, 0)
	hi = p[7] + c
	return lo, hi
}

// wnaf writes the width-wnafWindow NAF of the magnitude a (below 2^192)
// into digits, least significant first, and returns its length: each digit
// is zero or odd in (−2^(w−1), 2^(w−1)), and any w consecutive digits hold
// at most one non-zero. It is ecc.WnafDecomposition on machine words
// instead of math/big; the test checks the two agree.
func wnaf(a *[3]uint64, digits []int8) int {
	v := [4]uint64{a[0], a[1], a[2]} // the spare word takes the carry of adding back a negative digit
	const (
		mask = 1<<wnafWindow - 1
		half = 1 << (wnafWindow - 1)
	)
	n := 0
	for v[0]|v[1]|v[2]|v[3] != 0 {
		var d int64
		if v[0]&1 == 1 {
			d = int64(v[0] & mask)
			if d > half {
				d -= 1 << wnafWindow
			}
			if d > 0 {
				var borrow uint64
				v[0], borrow = bits.Sub64(v[0], uint64(d), 0)
				v[1], borrow = bits.Sub64(v[1], 0, borrow)
				v[2], borrow = bits.Sub64(v[2], 0, borrow)
				v[3], _ = bits.Sub64(v[3], 0, borrow)
			} else {
				var carry uint64
				v[0], carry = bits.Add64(v[0], uint64(-d), 0)
				v[1], carry = bits.Add64(v[1], 0, carry)
				v[2], carry = bits.Add64(v[2], 0, carry)
				v[3], _ = bits.Add64(v[3], 0, carry)
			}
		}
		digits[n] = int8(d)
		n++
		v[0] = v[0]>>1 | v[1]<<63
		v[1] = v[1]>>1 | v[2]<<63
		v[2] = v[2]>>1 | v[3]<<63
		v[3] >>= 1
	}
	return n
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
	return BatchAffine(jac)
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
