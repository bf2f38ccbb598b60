package h2c

import (
	"fmt"
	"math/rand/v2"
	"testing"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fp"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/hash_to_curve"
)

var dst = []byte("EMRCHAIN-CPABE-FAME-V01-BLS12381G1_XMD:SHA-256_SSWU_RO_")

// TestMatchesGnark: for thousands of messages of every length up to 300
// bytes, in batches of every size, the batch equals HashToG1 message by
// message.
func TestMatchesGnark(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for batch := 1; batch <= 64; batch += 7 {
		msgs := make([][]byte, batch)
		for i := range msgs {
			msgs[i] = make([]byte, r.IntN(300))
			for j := range msgs[i] {
				msgs[i][j] = byte(r.Uint32())
			}
		}
		got, err := HashToG1(msgs, dst)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range msgs {
			want, err := bls.HashToG1(m, dst)
			if err != nil {
				t.Fatal(err)
			}
			if !got[i].Equal(&want) {
				t.Fatalf("batch %d, message %d (%x): differs from HashToG1", batch, i, m)
			}
		}
	}
	// RFC 9380 Appendix J.9.1 vector for msg "abc" with the RFC's own DST.
	rfcDST := []byte("QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_")
	got, err := HashToG1([][]byte{[]byte("abc")}, rfcDST)
	if err != nil {
		t.Fatal(err)
	}
	var want bls.G1Affine
	if _, err := want.X.SetString("0x03567bc5ef9c690c2ab2ecdf6a96ef1c139cc0b2f284dca0a9a7943388a49a3aee664ba5379a7655d3c68900be2f6903"); err != nil {
		t.Fatal(err)
	}
	if _, err := want.Y.SetString("0x0b9c15f3fe6e5cf4211f346271d7b01c8f3b28be689c8429c85b67af215533311f0b8dfaaa154fa6b88176c229f2885d"); err != nil {
		t.Fatal(err)
	}
	if !got[0].Equal(&want) {
		t.Fatal("RFC 9380 J.9.1 vector for \"abc\" differs")
	}
}

// TestFallback: a pair with u0 = u1 (Q0 = Q1, so the addition is a
// doubling the batch does not do) is left to the fallback, the others in
// the batch are unaffected, and the fallback's point is the RFC's.
func TestFallback(t *testing.T) {
	var u, v fp.Element
	u.SetUint64(5)
	v.SetUint64(6)
	out, fb := mapToCurve([][2]fp.Element{{u, u}, {u, v}})
	if !fb[0] || fb[1] {
		t.Fatalf("fallback flags %v", fb)
	}
	q0, q1 := bls.MapToCurve1(&u), bls.MapToCurve1(&v)
	hash_to_curve.G1Isogeny(&q0.X, &q0.Y)
	hash_to_curve.G1Isogeny(&q1.X, &q1.Y)
	var j bls.G1Jac
	j.FromAffine(&q0)
	j.AddMixed(&q1)
	j.ClearCofactor(&j)
	var want bls.G1Affine
	want.FromJacobian(&j)
	if got := ClearCofactors(out[1:2]); !got[0].Equal(&want) {
		t.Fatal("the regular pair next to a fallback differs")
	}

	// The fallback: clear_cofactor(2·iso(map(u))).
	j.FromAffine(&q0)
	j.DoubleAssign()
	j.ClearCofactor(&j)
	want.FromJacobian(&j)
	slow := mapToCurveSlow(&[2]fp.Element{u, u})
	if got := ClearCofactors([]bls.G1Affine{slow}); !got[0].Equal(&want) {
		t.Fatal("the fallback differs from the RFC's point")
	}
}

// TestHashToCurveIsBeforeClearing: HashToCurve's points are on the curve,
// almost never in G1, and clear to HashToG1's; clearing commutes with sums,
// which is what lets a caller clear a combination once.
func TestHashToCurveIsBeforeClearing(t *testing.T) {
	msgs := [][]byte{[]byte("a"), []byte("b"), []byte("c")}
	pre, err := HashToCurve(msgs, dst)
	if err != nil {
		t.Fatal(err)
	}
	want, err := HashToG1(msgs, dst)
	if err != nil {
		t.Fatal(err)
	}
	cleared := ClearCofactors(pre)
	var sumPre, sumCleared bls.G1Jac
	for i := range pre {
		if !pre[i].IsOnCurve() || pre[i].IsInSubGroup() {
			t.Fatalf("point %d: on curve %v, in G1 %v", i, pre[i].IsOnCurve(), pre[i].IsInSubGroup())
		}
		if !cleared[i].Equal(&want[i]) {
			t.Fatalf("point %d clears to another point than HashToG1's", i)
		}
		sumPre.AddMixed(&pre[i])
		sumCleared.AddMixed(&want[i])
	}
	var a bls.G1Affine
	a.FromJacobian(&sumPre)
	got := ClearCofactors([]bls.G1Affine{a})
	var b bls.G1Affine
	b.FromJacobian(&sumCleared)
	if !got[0].Equal(&b) {
		t.Fatal("clearing the sum differs from summing the cleared points")
	}
}

func BenchmarkHashToG1(b *testing.B) {
	for _, n := range []int{1, 6, 150} {
		msgs := make([][]byte, n)
		for i := range msgs {
			msgs[i] = []byte(fmt.Sprintf("attribute %d", i))
		}
		b.Run(fmt.Sprintf("batch-%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := HashToG1(msgs, dst); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("gnark-%d", n), func(b *testing.B) {
			for b.Loop() {
				for _, m := range msgs {
					if _, err := bls.HashToG1(m, dst); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// TestSqrtRatio: sqrtRatio equals gnark-crypto's G1SqrtRatio, value and
// flag, for random u and v (about half of u/v are squares) and u = 0.
func TestSqrtRatio(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	squares := 0
	for i := range 2000 {
		var u, v fp.Element
		u.SetUint64(r.Uint64())
		u.Mul(&u, &u).Add(&u, new(fp.Element).SetUint64(r.Uint64()))
		v.SetUint64(r.Uint64() | 1)
		v.Mul(&v, &u).Add(&v, new(fp.Element).SetUint64(r.Uint64()))
		if i == 0 {
			u.SetZero()
		}
		var got, want fp.Element
		gf := sqrtRatio(&got, &u, &v)
		wf := hash_to_curve.G1SqrtRatio(&want, &u, &v)
		if gf != wf || !got.Equal(&want) {
			t.Fatalf("input %d: sqrtRatio differs from G1SqrtRatio", i)
		}
		if gf == 0 {
			squares++
		}
	}
	if squares < 800 || squares > 1200 {
		t.Fatalf("%d of 2000 ratios were squares", squares)
	}
}

// TestClearCofactor: ClearCofactor equals gnark-crypto's G1Jac.ClearCofactor
// on points outside G1, in G1, and at infinity.
func TestClearCofactor(t *testing.T) {
	pre, err := HashToCurve([][]byte{[]byte("a"), []byte("b")}, dst)
	if err != nil {
		t.Fatal(err)
	}
	var inf bls.G1Affine
	inf.SetInfinity()
	g1 := ClearCofactors(pre[:1])[0]
	for i, p := range append(pre, inf, g1) {
		var want, got bls.G1Jac
		want.FromAffine(&p)
		want.ClearCofactor(&want)
		ClearCofactor(&got, &p)
		if !got.Equal(&want) {
			t.Fatalf("point %d: differs from G1Jac.ClearCofactor", i)
		}
	}
}
