// Package h2c hashes many messages to BLS12-381 G1 at once, with results
// identical to gnark-crypto's HashToG1 (RFC 9380, BLS12381G1_XMD:SHA-256_SSWU_RO_)
// for every message, at fewer field inversions.
//
// gnark-crypto's HashToG1 maps each of its two field elements to the
// 11-isogenous curve E' and divides there, applies the isogeny to each
// point (another inversion each), adds them on E, clears the cofactor and
// converts back to affine form (a fifth inversion). Here, for a batch of
// messages:
//
//   - the simplified SWU map's final division is deferred, and all
//     denominators of the batch are inverted together (Montgomery's trick);
//   - the two points are added on E' before the isogeny is applied, once, to
//     their sum: the isogeny is a group homomorphism, so iso(Q0) + iso(Q1) =
//     iso(Q0 + Q1), which RFC 9380 §6.6.3 allows; the slopes and the
//     isogeny's denominators are again inverted as a batch;
//   - cofactor clearing stays in Jacobian coordinates and the whole batch is
//     converted to affine form with one inversion.
//
// HashToCurve stops before the cofactor clearing, for callers that clear it
// once on a linear combination of hashes instead of on each.
//
// Exceptional inputs (Q0 = ±Q1 on E', or a sum in the isogeny's kernel,
// each with probability about 2⁻³⁸⁰) are mapped with gnark-crypto's
// one-point functions and complete addition for that message, so the output
// is the same in every case.
package h2c

import (
	"fmt"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fp"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/hash_to_curve"
)

// HashToG1 returns bls.HashToG1(msgs[i], dst) for every i.
func HashToG1(msgs [][]byte, dst []byte) ([]bls.G1Affine, error) {
	pre, err := HashToCurve(msgs, dst)
	if err != nil {
		return nil, err
	}
	return ClearCofactors(pre), nil
}

// HashToCurve returns, for every i, RFC 9380's hash_to_curve(msgs[i]) up to
// but not including its last step, clear_cofactor: the point
// iso(map(u0) + map(u1)) of E(Fp), which need not lie in G1. HashToG1 is
// ClearCofactors of it. Since clearing the cofactor is multiplication by the
// constant h_eff, a group homomorphism, a caller that only needs a linear
// combination of hashes may combine these points first and clear the
// cofactor once, on the combination.
func HashToCurve(msgs [][]byte, dst []byte) ([]bls.G1Affine, error) {
	us := make([][2]fp.Element, len(msgs))
	for i, m := range msgs {
		u, err := fp.Hash(m, dst, 2)
		if err != nil {
			return nil, fmt.Errorf("hash to field: %w", err)
		}
		us[i] = [2]fp.Element{u[0], u[1]}
	}
	out, fallback := mapToCurve(us)
	for i, fb := range fallback {
		if fb {
			out[i] = mapToCurveSlow(&us[i])
		}
	}
	return out, nil
}

// ClearCofactors returns clear_cofactor(p) = h_eff·p of every point, in
// affine form, with one inversion for all.
func ClearCofactors(pts []bls.G1Affine) []bls.G1Affine {
	jac := make([]bls.G1Jac, len(pts))
	for i := range pts {
		ClearCofactor(&jac[i], &pts[i])
	}
	return bls.BatchJacobianToAffineG1(jac)
}

// ClearCofactor sets dst = h_eff·p, h_eff = 1 − x = 0xd201000000010001,
// by gnark-crypto's addition chain for |x| (G1Jac.ClearCofactor), with
// mixed additions of the affine p where that takes full Jacobian ones.
func ClearCofactor(dst *bls.G1Jac, p *bls.G1Affine) *bls.G1Jac {
	var res bls.G1Jac
	res.FromAffine(p)
	res.DoubleAssign()
	res.AddMixed(p) // 3
	for _, run := range [...]int{2, 3, 9, 32} {
		for range run {
			res.DoubleAssign()
		}
		res.AddMixed(p)
	}
	for range 16 {
		res.DoubleAssign()
	}
	// res = |x|·p = −x·p; h_eff·p = res + p.
	res.AddMixed(p)
	return dst.Set(&res)
}

// mapToCurveSlow is iso(map(u0)) + iso(map(u1)) with gnark-crypto's
// one-point functions and complete Jacobian addition, for the exceptional
// pairs mapToCurve leaves: the isogeny is a homomorphism, so this is the same
// point.
func mapToCurveSlow(u *[2]fp.Element) bls.G1Affine {
	var sum bls.G1Jac
	for j := range 2 {
		q := bls.MapToCurve1(&u[j])
		hash_to_curve.G1Isogeny(&q.X, &q.Y)
		sum.AddMixed(&q)
	}
	var out bls.G1Affine
	out.FromJacobian(&sum)
	return out
}

// mapToCurve maps each pair (u0, u1) to iso(map(u0) + map(u1)).
// fallback[i] marks the pairs it could not handle, whose out[i] is unset.
func mapToCurve(us [][2]fp.Element) (out []bls.G1Affine, fallback []bool) {
	n := len(us)
	out = make([]bls.G1Affine, n)
	fallback = make([]bool, n)
	// Simplified SWU on E', with x as a fraction xn/xd.
	xn := make([]fp.Element, 2*n)
	xd := make([]fp.Element, 2*n)
	y := make([]fp.Element, 2*n)
	for i := range us {
		for j := range 2 {
			sswu(&us[i][j], &xn[2*i+j], &xd[2*i+j], &y[2*i+j])
		}
	}
	xdInv := fp.BatchInvert(xd)
	// Q0 + Q1 on E' in affine form (the addition law does not involve the
	// curve's a), with the slopes' denominators inverted together.
	x := make([]fp.Element, 2*n)
	for k := range x {
		x[k].Mul(&xn[k], &xdInv[k])
	}
	dx := make([]fp.Element, n)
	for i := range n {
		dx[i].Sub(&x[2*i+1], &x[2*i])
		if dx[i].IsZero() {
			fallback[i] = true
			dx[i].SetOne()
		}
	}
	dxInv := fp.BatchInvert(dx)
	sx := make([]fp.Element, n)
	sy := make([]fp.Element, n)
	for i := range n {
		if fallback[i] {
			continue
		}
		var lambda, t fp.Element
		lambda.Sub(&y[2*i+1], &y[2*i]).Mul(&lambda, &dxInv[i])
		sx[i].Square(&lambda).Sub(&sx[i], &x[2*i]).Sub(&sx[i], &x[2*i+1])
		t.Sub(&x[2*i], &sx[i])
		sy[i].Mul(&lambda, &t).Sub(&sy[i], &y[2*i])
	}
	// The 11-isogeny E' → E on the sums.
	iso := hash_to_curve.G1IsogenyMap()
	dens := make([]fp.Element, 2*n)
	nums := make([]fp.Element, 2*n)
	for i := range n {
		if fallback[i] {
			dens[2*i].SetOne()
			dens[2*i+1].SetOne()
			continue
		}
		eval(&nums[2*i], iso[0], false, &sx[i])
		eval(&dens[2*i], iso[1], true, &sx[i])
		eval(&nums[2*i+1], iso[2], false, &sx[i])
		nums[2*i+1].Mul(&nums[2*i+1], &sy[i])
		eval(&dens[2*i+1], iso[3], true, &sx[i])
		if dens[2*i].IsZero() || dens[2*i+1].IsZero() {
			fallback[i] = true
			dens[2*i].SetOne()
			dens[2*i+1].SetOne()
		}
	}
	densInv := fp.BatchInvert(dens)
	for i := range n {
		if fallback[i] {
			continue
		}
		out[i].X.Mul(&nums[2*i], &densInv[2*i])
		out[i].Y.Mul(&nums[2*i+1], &densInv[2*i+1])
	}
	return out, fallback
}

// eval sets z to the polynomial with the given coefficients (lowest degree
// first, with an implied leading 1 when monic) at x, by Horner's rule.
func eval(z *fp.Element, coeffs []fp.Element, monic bool, x *fp.Element) {
	acc := coeffs[len(coeffs)-1]
	if monic {
		acc.Add(&acc, x)
	}
	for i := len(coeffs) - 2; i >= 0; i-- {
		acc.Mul(&acc, x).Add(&acc, &coeffs[i])
	}
	*z = acc
}

// sswu is RFC 9380's simplified SWU map to E' (straight-line form for
// q ≡ 3 mod 4), step for step as gnark-crypto's MapToCurve1, except that it
// returns x as xn/xd instead of dividing.
func sswu(u, xn, xd, y *fp.Element) {
	a, b := hash_to_curve.G1SSWUIsogenyCurveCoefficients()
	var tv1, tv2, tv3, tv4, tv5, tv6, one fp.Element
	one.SetOne()
	tv1.Square(u)
	hash_to_curve.G1MulByZ(&tv1, &tv1)
	tv2.Square(&tv1)
	tv2.Add(&tv2, &tv1)
	tv3.Add(&tv2, &one)
	tv3.Mul(&tv3, &b)
	tv2NZero := hash_to_curve.G1NotZero(&tv2)
	tv4 = hash_to_curve.G1SSWUIsogenyZ()
	tv2.Neg(&tv2)
	tv4.Select(int(tv2NZero), &tv4, &tv2)
	tv4.Mul(&tv4, &a)
	tv2.Square(&tv3)
	tv6.Square(&tv4)
	tv5.Mul(&tv6, &a)
	tv2.Add(&tv2, &tv5)
	tv2.Mul(&tv2, &tv3)
	tv6.Mul(&tv6, &tv4)
	tv5.Mul(&tv6, &b)
	tv2.Add(&tv2, &tv5)
	var x, y1 fp.Element
	x.Mul(&tv1, &tv3)
	gx1NSquare := sqrtRatio(&y1, &tv2, &tv6)
	y.Mul(&tv1, u)
	y.Mul(y, &y1)
	x.Select(int(gx1NSquare), &tv3, &x)
	y.Select(int(gx1NSquare), &y1, y)
	y1.Neg(y)
	y.Select(int(hash_to_curve.G1Sgn0(u)^hash_to_curve.G1Sgn0(y)), y, &y1)
	*xn, *xd = x, tv4
}

// sqrtRatio is gnark-crypto's hash_to_curve.G1SqrtRatio (RFC 9380's
// sqrt_ratio for q ≡ 3 mod 4) with its exponentiation by c1 = (q−3)/4 done
// by the fixed addition chain of fp.Element.ExpBySqrtPm3o4 instead of a
// generic windowed exponentiation: the same value, and 300 of these are
// most of a fresh encryption's hashing.
func sqrtRatio(z, u, v *fp.Element) uint64 {
	var tv1, tv2, y1, y2, tv3 fp.Element
	tv1.Square(v)       // 1. tv1 = v²
	tv2.Mul(u, v)       // 2. tv2 = u·v
	tv1.Mul(&tv1, &tv2) // 3. tv1 = tv1·tv2
	y1.ExpBySqrtPm3o4(tv1)
	y1.Mul(&y1, &tv2) // 5. y1 = y1·tv2
	y2.Mul(&y1, &sqrtMinusZ)
	tv3.Square(&y1)
	tv3.Mul(&tv3, v)
	isQNr := tv3.NotEqual(u)
	z.Select(int(isQNr), &y1, &y2)
	return isQNr
}

// sqrtMinusZ is c2 = sqrt(−Z) for Z = 11, in Montgomery form (gnark-crypto's
// constant).
var sqrtMinusZ = fp.Element{17544630987809824292, 17306709551153317753, 8299808889594647786, 5930295261504720397, 675038575008112577, 167386374569371918}
