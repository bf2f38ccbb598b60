// Package gtexp computes a product of two powers a^s·b^t in the pairing
// target group GT of BLS12-381, the session element T1^{s1}·T2^{s2} of a
// FAME encryption.
//
// Each exponent is split as s ≡ s0 + s1·x (mod r), with halves of about
// 128 bits, where x is the curve's seed: on GT the Frobenius map is
// exponentiation by p, and p ≡ x (mod r). This is gnark-crypto's own split
// for GT.ExpGLV; here the four halves are recoded in width-4 NAF (inverses
// in GT are conjugates, so negative digits are free) and share one run of
// about 128 cyclotomic squarings, where two ExpGLV calls run two such runs
// and use unsigned 2-bit windows.
//
// Like gnark-crypto's exponentiation, the running time depends on the
// exponents.
package gtexp

import (
	"math/big"

	"github.com/consensys/gnark-crypto/ecc"
	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

const window = 4

var (
	seed    big.Int // x, the BLS12-381 seed (negative)
	lattice ecc.Lattice
)

func init() {
	seed.SetString("-15132376222941642752", 10)
	ecc.PrecomputeLattice(fr.Modulus(), &seed, &lattice)
}

// table holds the odd powers z, z³, z⁵, z⁷ of one base.
type table [1 << (window - 2)]bls.GT

func newTable(z *bls.GT) table {
	var t table
	var sq bls.GT
	sq.CyclotomicSquare(z)
	t[0] = *z
	for i := 1; i < len(t); i++ {
		t[i].Mul(&t[i-1], &sq)
	}
	return t
}

type stream struct {
	naf []int8
	tab *table
	neg bool
}

// Exp2 returns a^s·b^t. a and b must be in GT.
func Exp2(a, b *bls.GT, s, t *fr.Element) bls.GT {
	var fa, fb bls.GT
	fa.Frobenius(a)
	fb.Frobenius(b)
	tabs := [4]table{newTable(a), newTable(&fa), newTable(b), newTable(&fb)}
	var streams [4]stream
	maxLen := 0
	for i, e := range []*fr.Element{s, t} {
		var k big.Int
		e.BigInt(&k)
		halves := ecc.SplitScalar(&k, &lattice) // k ≡ h0 + h1·x (mod r)
		for j := range halves {
			st := &streams[2*i+j]
			st.tab = &tabs[2*i+j]
			if halves[j].Sign() < 0 {
				st.neg = true
				halves[j].Neg(&halves[j])
			}
			st.naf = wnaf(&halves[j])
			maxLen = max(maxLen, len(st.naf))
		}
	}
	var acc, q bls.GT
	acc.SetOne()
	for bit := maxLen - 1; bit >= 0; bit-- {
		acc.CyclotomicSquare(&acc)
		for i := range streams {
			st := &streams[i]
			if bit >= len(st.naf) || st.naf[bit] == 0 {
				continue
			}
			d := int(st.naf[bit])
			neg := st.neg
			if d < 0 {
				d, neg = -d, !neg
			}
			q = st.tab[d/2]
			if neg {
				q.Conjugate(&q)
			}
			acc.Mul(&acc, &q)
		}
	}
	return acc
}

// wnaf returns the width-4 NAF of k ≥ 0, least significant digit first.
func wnaf(k *big.Int) []int8 {
	var n big.Int
	n.Set(k)
	out := make([]int8, 0, n.BitLen()+1)
	for n.Sign() > 0 {
		var d int64
		if n.Bit(0) == 1 {
			d = int64(n.Bits()[0] & (1<<window - 1))
			if d >= 1<<(window-1) {
				d -= 1 << window
			}
			n.Sub(&n, big.NewInt(d))
		}
		out = append(out, int8(d))
		n.Rsh(&n, 1)
	}
	return out
}
