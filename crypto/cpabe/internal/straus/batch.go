package straus

import (
	"math/big"

	"github.com/consensys/gnark-crypto/ecc"
	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fp"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

// SumBatch sets dst[k] = Σ_t scalars[t]·P_{k,t} for every k, where
// tables[k][t] is the Table of P_{k,t}: many sums that share their scalars,
// as the rows of one ciphertext do. The scalars are split and recoded once,
// and every sum then goes through the same doublings and additions, which
// are done for all sums at once in affine coordinates with one field
// inversion per step (Montgomery's trick). An affine addition then costs
// about 6 multiplications where a mixed Jacobian one costs 11; a doubling
// costs about the same either way. The results are affine, so no conversion
// follows.
//
// Exceptional steps (an addition of a point to itself or its negative, or
// a sum at infinity) are handled exactly, element by element. Every
// tables[k] must have len(scalars) entries.
func SumBatch(dst []bls.G1Affine, tables [][]*Table, scalars []fr.Element) {
	n := len(dst)
	if n == 0 {
		return
	}
	// The digit streams, shared by every sum: stream 2t+j is half j of
	// scalar t's GLV split.
	type digits struct {
		naf [fr.Bits + 2]int8
		len int
		phi bool
		neg bool
		t   int
	}
	streams := make([]digits, 2*len(scalars))
	maxLen := 0
	var s big.Int
	for t := range scalars {
		scalars[t].BigInt(&s)
		k := ecc.SplitScalar(&s, &lattice) // s ≡ k₀ + k₁·λ (mod r)
		for j := range k {
			st := &streams[2*t+j]
			st.t, st.phi = t, j == 1
			if k[j].Sign() < 0 {
				st.neg = true
				k[j].Neg(&k[j])
			}
			st.len = wnaf(&k[j], &st.naf)
			maxLen = max(maxLen, st.len)
		}
	}

	b := newBatch(n)
	acc := dst
	q := make([]bls.G1Affine, n)
	started := false
	for bit := maxLen - 1; bit >= 0; bit-- {
		if started {
			b.double(acc)
		}
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
			for k := range n {
				q[k] = tables[k][st.t][d/2]
				if st.phi {
					q[k].X.Mul(&q[k].X, &omega)
				}
				if neg {
					q[k].Y.Neg(&q[k].Y)
				}
			}
			if !started {
				copy(acc, q)
				for k := range q {
					b.inf[k] = q[k].IsInfinity()
				}
				started = true
				continue
			}
			b.add(acc, q)
		}
	}
	if !started { // every scalar is zero
		for k := range acc {
			acc[k].SetInfinity()
		}
		return
	}
	for k := range acc {
		if b.inf[k] {
			acc[k].SetInfinity()
		}
	}
}

// batch is the scratch space of SumBatch's affine steps. inf marks the
// sums that are at infinity (the affine point beside it is then stale).
type batch struct {
	inf      []bool
	den, pre []fp.Element
	exc      []bool
}

func newBatch(n int) *batch {
	return &batch{inf: make([]bool, n), den: make([]fp.Element, n), pre: make([]fp.Element, n), exc: make([]bool, n)}
}

// invert replaces every den[k] (all non-zero) by its inverse: prefix
// products, one inversion, and a backward pass, about 3 multiplications
// each.
func (b *batch) invert() {
	den, pre := b.den, b.pre
	pre[0] = den[0]
	for k := 1; k < len(den); k++ {
		pre[k].Mul(&pre[k-1], &den[k])
	}
	var inv fp.Element
	inv.Inverse(&pre[len(den)-1])
	for k := len(den) - 1; k > 0; k-- {
		var t fp.Element
		t.Mul(&inv, &pre[k-1]) // 1/den[k]
		inv.Mul(&inv, &den[k])
		den[k] = t
	}
	den[0] = inv
}

// double sets every acc[k] = 2·acc[k]. E(Fp) has odd order, so y ≠ 0 for
// every point other than infinity.
func (b *batch) double(acc []bls.G1Affine) {
	for k := range acc {
		if b.inf[k] {
			b.den[k].SetOne()
			continue
		}
		b.den[k].Double(&acc[k].Y)
	}
	b.invert()
	for k := range acc {
		if b.inf[k] {
			continue
		}
		p := &acc[k]
		var lambda, x3, t fp.Element
		lambda.Square(&p.X)
		t.Double(&lambda)
		lambda.Add(&lambda, &t).Mul(&lambda, &b.den[k]) // 3x² / 2y
		x3.Square(&lambda).Sub(&x3, &p.X).Sub(&x3, &p.X)
		t.Sub(&p.X, &x3)
		t.Mul(&lambda, &t)
		p.Y.Sub(&t, &p.Y)
		p.X = x3
	}
}

// add sets every acc[k] = acc[k] + q[k].
func (b *batch) add(acc, q []bls.G1Affine) {
	for k := range acc {
		b.exc[k] = b.inf[k] || acc[k].X.Equal(&q[k].X) || q[k].IsInfinity()
		if b.exc[k] {
			b.den[k].SetOne()
			continue
		}
		b.den[k].Sub(&q[k].X, &acc[k].X)
	}
	b.invert()
	for k := range acc {
		p := &acc[k]
		if b.exc[k] {
			b.addExceptional(k, p, &q[k])
			continue
		}
		var lambda, x3, t fp.Element
		lambda.Sub(&q[k].Y, &p.Y).Mul(&lambda, &b.den[k])
		x3.Square(&lambda).Sub(&x3, &p.X).Sub(&x3, &q[k].X)
		t.Sub(&p.X, &x3)
		t.Mul(&lambda, &t)
		p.Y.Sub(&t, &p.Y)
		p.X = x3
	}
}

// addExceptional adds q to the sum k when the affine formula does not
// apply: the sum is at infinity, or shares q's x coordinate.
func (b *batch) addExceptional(k int, p, q *bls.G1Affine) {
	switch {
	case q.IsInfinity():
	case b.inf[k]:
		*p, b.inf[k] = *q, false
	case p.Y.Equal(&q.Y): // p = q
		var j bls.G1Jac
		j.FromAffine(q)
		j.DoubleAssign()
		p.FromJacobian(&j)
	default: // p = −q
		b.inf[k] = true
	}
}
