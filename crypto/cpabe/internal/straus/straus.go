// Package straus computes short sums Σ sᵢ·Pᵢ in BLS12-381 G1, the two- and
// three-term sums that FAME's encryption and key generation consist of.
//
// Each scalar is split by the GLV endomorphism φ(x, y) = (ωx, y) = [λ](x, y)
// into two halves of about 128 bits, each half is written in width-5 NAF,
// and all 2n digit streams share one run of about 128 doublings
// (Straus–Shamir interleaving). The odd multiples P, 3P, …, 15P come from a
// precomputed affine Table, so every addition is a mixed addition and φ of
// a table entry costs one field multiplication. Against one gnark-crypto
// GLV multiplication per term, this halves the doublings of a two-term sum
// and removes the per-call table construction.
//
// Like gnark-crypto's scalar multiplication, the running time depends on
// the scalars.
package straus

import (
	"math/big"
	"math/bits"
	"slices"

	"github.com/consensys/gnark-crypto/ecc"
	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fp"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

const window = 5

// Table holds the odd multiples P, 3P, …, 15P of a point P, so Table[0] is
// P itself.
type Table [1 << (window - 2)]bls.G1Affine

// GLV constants of BLS12-381 G1 (the values gnark-crypto uses): ω is a
// primitive cube root of unity in Fp and λ = x₀² − 1 the matching
// eigenvalue, so (ωx, y) = [λ](x, y) on G1. TestEndomorphism checks the
// pairing of the two.
var (
	omega   fp.Element
	lambda  big.Int
	lattice ecc.Lattice
)

func init() {
	if _, err := omega.SetString("4002409555221667392624310435006688643935503118305586438271171395842971157480381377015405980053539358417135540939436"); err != nil {
		panic(err)
	}
	lambda.SetString("228988810152649578064853576960394133503", 10)
	ecc.PrecomputeLattice(fr.Modulus(), &lambda, &lattice)
}

// batchMin is the fewest points for which NewTables' affine steps, each
// with a field inversion shared by all points, beat Jacobian additions.
const batchMin = 16

// NewTables builds the tables of points. Many points are done at once in
// affine coordinates with one field inversion per step (see SumBatch); a
// few in Jacobian coordinates with one inversion for all at the end.
func NewTables(points []bls.G1Affine) []Table {
	const n = len(Table{})
	if len(points) < batchMin {
		return newTablesJacobian(points)
	}
	out := make([]Table, len(points))
	b := newBatch(len(points))
	twice := slices.Clone(points)
	for i := range points {
		b.inf[i] = points[i].IsInfinity()
	}
	b.double(twice)
	for i := range points {
		if b.inf[i] {
			twice[i].SetInfinity()
		}
		out[i][0] = points[i]
	}
	acc := slices.Clone(points)
	for j := 1; j < n; j++ {
		b.add(acc, twice)
		for i := range acc {
			out[i][j] = acc[i]
			if b.inf[i] {
				out[i][j].SetInfinity()
			}
		}
	}
	return out
}

func newTablesJacobian(points []bls.G1Affine) []Table {
	const n = len(Table{})
	jac := make([]bls.G1Jac, 0, len(points)*n)
	for i := range points {
		var p, twice bls.G1Jac
		p.FromAffine(&points[i])
		twice.Double(&p)
		jac = append(jac, p)
		for range n - 1 {
			p.AddAssign(&twice)
			jac = append(jac, p)
		}
	}
	aff := bls.BatchJacobianToAffineG1(jac)
	out := make([]Table, len(points))
	for i := range out {
		copy(out[i][:], aff[i*n:])
	}
	return out
}

// stream is the NAF of one GLV half-scalar and where its points come from.
type stream struct {
	naf   [fr.Bits + 2]int8
	len   int
	table *Table
	phi   bool // use φ(table entries)
	neg   bool // the half-scalar was negative
}

// Sum sets dst = Σ scalars[i]·Pᵢ, where tables[i] is the Table of Pᵢ, and
// returns dst. The slices must have equal length.
func Sum(dst *bls.G1Jac, tables []*Table, scalars []fr.Element) *bls.G1Jac {
	streams := make([]stream, 2*len(tables))
	maxLen := 0
	var s big.Int
	for i := range tables {
		scalars[i].BigInt(&s)
		k := ecc.SplitScalar(&s, &lattice) // s ≡ k₀ + k₁·λ (mod r)
		for j := range k {
			st := &streams[2*i+j]
			st.table, st.phi = tables[i], j == 1
			if k[j].Sign() < 0 {
				st.neg = true
				k[j].Neg(&k[j])
			}
			st.len = wnaf(&k[j], &st.naf)
			maxLen = max(maxLen, st.len)
		}
	}

	var acc bls.G1Jac
	var q bls.G1Affine
	for bit := maxLen - 1; bit >= 0; bit-- {
		acc.DoubleAssign()
		for i := range streams {
			st := &streams[i]
			if bit >= st.len || st.naf[bit] == 0 {
				continue
			}
			d := int(st.naf[bit])
			neg := st.neg
			if d < 0 {
				d, neg = -d, !neg
			}
			q = st.table[d/2]
			if st.phi {
				q.X.Mul(&q.X, &omega)
			}
			if neg {
				q.Y.Neg(&q.Y)
			}
			acc.AddMixed(&q)
		}
	}
	return dst.Set(&acc)
}

// wnaf writes the width-5 NAF of k ≥ 0 (k < 2^(fr.Bits+1), as GLV halves
// are) little-endian into naf and returns its length. It works on machine
// words; ecc.WnafDecomposition does the same with big.Int arithmetic per
// bit, which was a tenth of Sum's time.
func wnaf(k *big.Int, naf *[fr.Bits + 2]int8) int {
	var w [4]uint64 // one spare word absorbs the carry of a negative digit
	for i, word := range k.Bits() {
		w[i] = uint64(word)
	}
	n := 0
	for w != [4]uint64{} {
		var d int8
		if w[0]&1 == 1 {
			u := int64(w[0] & (1<<window - 1))
			if u >= 1<<(window-1) {
				u -= 1 << window
			}
			d = int8(u)
			if u > 0 {
				w = sub(w, uint64(u))
			} else {
				w = add(w, uint64(-u))
			}
		}
		naf[n] = d
		n++
		w[0] = w[0]>>1 | w[1]<<63
		w[1] = w[1]>>1 | w[2]<<63
		w[2] = w[2]>>1 | w[3]<<63
		w[3] >>= 1
	}
	return n
}

func add(w [4]uint64, v uint64) [4]uint64 {
	var c uint64
	w[0], c = bits.Add64(w[0], v, 0)
	w[1], c = bits.Add64(w[1], 0, c)
	w[2], c = bits.Add64(w[2], 0, c)
	w[3], _ = bits.Add64(w[3], 0, c)
	return w
}

func sub(w [4]uint64, v uint64) [4]uint64 {
	var b uint64
	w[0], b = bits.Sub64(w[0], v, 0)
	w[1], b = bits.Sub64(w[1], 0, b)
	w[2], b = bits.Sub64(w[2], 0, b)
	w[3], _ = bits.Sub64(w[3], 0, b)
	return w
}
