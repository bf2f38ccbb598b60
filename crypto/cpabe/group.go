package cpabe

import (
	"fmt"
	"io"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc"
	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"

	"github.com/emrchain/emrchain/crypto/cpabe/internal/straus"
)

// randomScalar draws a uniform element of Z_r from 64 bytes of rand, so the
// reduction bias is below 2⁻²⁵⁶.
func randomScalar(rand io.Reader) (fr.Element, error) {
	var buf [64]byte
	var s fr.Element
	if _, err := io.ReadFull(rand, buf[:]); err != nil {
		return s, fmt.Errorf("read randomness: %w", err)
	}
	s.SetBytes(buf[:])
	return s, nil
}

// randomNonZero draws a uniform element of Z_r \ {0}.
func randomNonZero(rand io.Reader) (fr.Element, error) {
	for {
		s, err := randomScalar(rand)
		if err != nil || !s.IsZero() {
			return s, err
		}
	}
}

func toBig(s *fr.Element) *big.Int {
	var b big.Int
	return s.BigInt(&b)
}

type unit int

const (
	unitNone unit = iota
	unitZero
	unitOne
	unitMinusOne
)

var minusOne = func() fr.Element {
	var m fr.Element
	m.SetOne()
	return *m.Neg(&m)
}()

// unitKind classifies a coefficient so that the {0, ±1} entries and
// coefficients that AND/OR policies produce cost an addition, not a scalar
// multiplication.
func unitKind(s *fr.Element) unit {
	switch {
	case s.IsZero():
		return unitZero
	case s.IsOne():
		return unitOne
	case s.Equal(&minusOne):
		return unitMinusOne
	default:
		return unitNone
	}
}

// addScaled sets acc += s·p where kind = unitKind(s) and scalar holds s when
// kind is unitNone.
func addScaled(acc *bls.G1Jac, p *bls.G1Affine, kind unit, scalar *big.Int) {
	switch kind {
	case unitZero:
	case unitOne:
		acc.AddMixed(p)
	case unitMinusOne:
		var n bls.G1Affine
		n.Neg(p)
		acc.AddMixed(&n)
	default:
		var q, r bls.G1Jac
		q.FromAffine(p)
		r.ScalarMultiplication(&q, scalar)
		acc.AddAssign(&r)
	}
}

// msmMinPoints is where gnark's MultiExp (Pippenger, on all cores) starts
// to beat a Straus sum with per-call tables; measured, see
// BenchmarkLinearCombination.
const msmMinPoints = 64

// linearCombination returns Σ coefs[i]·points[i]. Unit coefficients are
// additions; the rest go to MultiExp when there are enough of them to
// amortise its buckets, and to a Straus sum otherwise.
func linearCombination(points []bls.G1Affine, coefs []fr.Element) (bls.G1Jac, error) {
	var acc bls.G1Jac
	var restP []bls.G1Affine
	var restS []fr.Element
	for i := range points {
		switch unitKind(&coefs[i]) {
		case unitNone:
			restP = append(restP, points[i])
			restS = append(restS, coefs[i])
		case unitOne:
			acc.AddMixed(&points[i])
		case unitMinusOne:
			var n bls.G1Affine
			n.Neg(&points[i])
			acc.AddMixed(&n)
		}
	}
	var r bls.G1Jac
	switch {
	case len(restP) == 0:
		return acc, nil
	case len(restP) >= msmMinPoints:
		if _, err := r.MultiExp(restP, restS, ecc.MultiExpConfig{}); err != nil {
			return acc, fmt.Errorf("multi-exponentiation: %w", err)
		}
	default:
		r = strausSum(restP, restS)
	}
	acc.AddAssign(&r)
	return acc, nil
}

// strausSum is Σ scalars[i]·points[i] with tables built for this call.
func strausSum(points []bls.G1Affine, scalars []fr.Element) bls.G1Jac {
	tabs := straus.NewTables(points)
	ptrs := make([]*straus.Table, len(tabs))
	for i := range tabs {
		ptrs[i] = &tabs[i]
	}
	var r bls.G1Jac
	straus.Sum(&r, ptrs, scalars)
	return r
}
