// Package fixedbase multiplies one fixed G1 point by many scalars using a
// precomputed table of its multiples, trading 0.8 MB of memory for scalar
// multiplications several times faster than gnark-crypto's GLV method.
//
// The scalar is split into 32 bytes b_w and [s]P = Σ_w [b_w·2^{8w}]P is read
// off the table with at most 32 mixed additions and no doublings. Like
// gnark-crypto's own scalar multiplication, the table lookups and the
// skipped zero bytes make the running time depend on the scalar.
package fixedbase

import (
	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

const (
	windows   = fr.Bytes // one window per scalar byte; r < 2^256
	perWindow = 255      // multiples 1..255 of the window's base
)

// G1 is the multiplication table of one point. It is read-only after New
// and safe for concurrent use.
type G1 struct {
	table [windows][perWindow]bls.G1Affine
}

// New precomputes the table of base.
func New(base *bls.G1Affine) *G1 {
	jac := make([]bls.G1Jac, 0, windows*perWindow)
	var windowBase bls.G1Jac
	windowBase.FromAffine(base)
	for range windows {
		var acc bls.G1Jac
		acc.Set(&windowBase)
		for range perWindow {
			jac = append(jac, acc)
			acc.AddAssign(&windowBase)
		}
		// acc is now 256·windowBase, the next window's base.
		windowBase.Set(&acc)
	}
	aff := bls.BatchJacobianToAffineG1(jac)
	t := new(G1)
	for w := range windows {
		copy(t.table[w][:], aff[w*perWindow:(w+1)*perWindow])
	}
	return t
}

// Mul sets dst = [s]base and returns dst.
func (t *G1) Mul(dst *bls.G1Jac, s *fr.Element) *bls.G1Jac {
	b := s.Bytes() // big-endian, canonical (not Montgomery) form
	var acc bls.G1Jac
	for w := range windows {
		if d := b[fr.Bytes-1-w]; d != 0 {
			acc.AddMixed(&t.table[w][d-1])
		}
	}
	return dst.Set(&acc)
}
