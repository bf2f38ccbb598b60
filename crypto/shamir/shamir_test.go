package shamir

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
)

func testRand(seed byte) *rand.ChaCha8 { return rand.NewChaCha8([32]byte{seed}) }

func secret(t testing.TB, seed byte) fr.Element {
	t.Helper()
	s, err := group.RandomScalar(testRand(seed))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// subsets calls f with every subset of shares of size k.
func subsets(shares []Share, k int, f func([]Share)) {
	var rec func(start int, cur []Share)
	rec = func(start int, cur []Share) {
		if len(cur) == k {
			f(append([]Share(nil), cur...))
			return
		}
		for i := start; i < len(shares); i++ {
			rec(i+1, append(cur, shares[i]))
		}
	}
	rec(0, nil)
}

func TestEveryThresholdSubsetRecovers(t *testing.T) {
	for _, tn := range [][2]int{{1, 1}, {1, 3}, {2, 3}, {3, 5}, {5, 5}, {4, 16}} {
		th, n := tn[0], tn[1]
		s := secret(t, byte(th*16+n))
		p, err := NewPolynomial(testRand(1), &s, th)
		if err != nil {
			t.Fatal(err)
		}
		shares, err := p.Shares(n)
		if err != nil {
			t.Fatal(err)
		}
		count := 0
		subsets(shares, th, func(sub []Share) {
			if count > 200 {
				return
			}
			count++
			got, err := Combine(sub)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(&s) {
				t.Fatalf("%d-of-%d: subset %v does not recover the secret", th, n, indicesOf(sub))
			}
		})
	}
}

// TestFewerThanThresholdShares checks that t−1 shares interpolate to
// something other than the secret (they determine nothing: any secret fits a
// degree t−1 polynomial through them).
func TestFewerThanThresholdShares(t *testing.T) {
	s := secret(t, 3)
	p, _ := NewPolynomial(testRand(2), &s, 3)
	shares, _ := p.Shares(5)
	subsets(shares, 2, func(sub []Share) {
		got, err := Combine(sub)
		if err != nil {
			t.Fatal(err)
		}
		if got.Equal(&s) {
			t.Fatalf("shares %v (t−1 of them) recovered the secret", indicesOf(sub))
		}
	})
}

func TestCommitmentsVerifyShares(t *testing.T) {
	s := secret(t, 4)
	p, _ := NewPolynomial(testRand(5), &s, 3)
	c := p.Commitments()
	shares, _ := p.Shares(6)
	for i := range shares {
		if err := c.Verify(&shares[i]); err != nil {
			t.Fatalf("share %d: %v", shares[i].Index, err)
		}
	}
	pub := c.Secret()
	want := group.BaseMul(&s)
	wa := group.Affine(&want)
	if !pub.Equal(&wa) {
		t.Fatal("C_0 is not secret·G")
	}
	tampered := shares[2]
	var one fr.Element
	one.SetOne()
	tampered.Value.Add(&tampered.Value, &one)
	if err := c.Verify(&tampered); !errors.Is(err, ErrShare) {
		t.Fatalf("tampered share: err = %v, want ErrShare", err)
	}
	moved := shares[2]
	moved.Index = 4
	if err := c.Verify(&moved); !errors.Is(err, ErrShare) {
		t.Fatalf("share under another index: err = %v, want ErrShare", err)
	}
	for _, idx := range []uint8{0, MaxShares + 1} {
		bad := shares[0]
		bad.Index = idx
		if err := c.Verify(&bad); !errors.Is(err, ErrIndices) {
			t.Fatalf("index %d: err = %v, want ErrIndices", idx, err)
		}
	}
}

func TestCombinePointsInterpolatesInTheExponent(t *testing.T) {
	s := secret(t, 6)
	p, _ := NewPolynomial(testRand(7), &s, 3)
	shares, _ := p.Shares(5)
	_, g := secp256k1.Generators()
	base := mul(&g, &shares[4].Value) // any base point
	var points []secp256k1.G1Affine
	var idx []uint8
	for _, sh := range []Share{shares[0], shares[2], shares[3]} {
		points = append(points, mul(&base, &sh.Value))
		idx = append(idx, sh.Index)
	}
	got, err := CombinePoints(idx, points)
	if err != nil {
		t.Fatal(err)
	}
	if want := mul(&base, &s); !got.Equal(&want) {
		t.Fatal("Σ λ_i·f(i)·B ≠ f(0)·B")
	}
	if _, err := CombinePoints(idx[:2], points); !errors.Is(err, ErrIndices) {
		t.Fatalf("length mismatch: err = %v", err)
	}
}

func TestCheckDegree(t *testing.T) {
	s := secret(t, 8)
	p, _ := NewPolynomial(testRand(9), &s, 3)
	var pts []secp256k1.G1Affine
	for x := uint8(1); x <= 5; x++ {
		v := p.Eval(x)
		j := group.BaseMul(&v)
		pts = append(pts, group.Affine(&j))
	}
	ok, err := CheckDegree(testRand(10), pts, 3)
	if err != nil || !ok {
		t.Fatalf("honest vector rejected: ok=%v err=%v", ok, err)
	}
	// A vector from a degree-3 polynomial claimed as degree 2 must fail.
	hi, _ := NewPolynomial(testRand(11), &s, 4)
	var bad []secp256k1.G1Affine
	for x := uint8(1); x <= 5; x++ {
		v := hi.Eval(x)
		j := group.BaseMul(&v)
		bad = append(bad, group.Affine(&j))
	}
	if ok, _ := CheckDegree(testRand(12), bad, 3); ok {
		t.Fatal("degree-3 vector accepted as degree 2")
	}
	// One altered point must fail.
	alt := append([]secp256k1.G1Affine(nil), pts...)
	alt[1] = pts[0]
	if ok, _ := CheckDegree(testRand(13), alt, 3); ok {
		t.Fatal("altered vector accepted")
	}
	if _, err := CheckDegree(testRand(14), pts, 6); !errors.Is(err, ErrParameters) {
		t.Fatalf("threshold above n: err = %v", err)
	}
}

func TestParameterErrors(t *testing.T) {
	s := secret(t, 15)
	for _, th := range []int{0, MaxShares + 1} {
		if _, err := NewPolynomial(testRand(1), &s, th); !errors.Is(err, ErrParameters) {
			t.Errorf("threshold %d: err = %v", th, err)
		}
	}
	p, _ := NewPolynomial(testRand(1), &s, 3)
	for _, n := range []int{2, MaxShares + 1} {
		if _, err := p.Shares(n); !errors.Is(err, ErrParameters) {
			t.Errorf("%d shares: err = %v", n, err)
		}
	}
	for name, idx := range map[string][]uint8{"empty": nil, "zero": {0, 1}, "repeat": {1, 2, 1}, "too high": {17}} {
		if _, err := Lagrange(idx); !errors.Is(err, ErrIndices) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

// TestKnownAnswer pins the arithmetic: f(x) = 7 + 3x + 2x², shares at 1, 2, 3
// are 12, 21, 34 and recombine to 7.
func TestKnownAnswer(t *testing.T) {
	p := &Polynomial{coeffs: []fr.Element{fr.NewElement(7), fr.NewElement(3), fr.NewElement(2)}}
	want := []uint64{12, 21, 34}
	shares, _ := p.Shares(3)
	for i, sh := range shares {
		if w := fr.NewElement(want[i]); !sh.Value.Equal(&w) {
			t.Fatalf("f(%d) = %s, want %d", sh.Index, sh.Value.String(), want[i])
		}
	}
	lambda, _ := Lagrange([]uint8{1, 2, 3})
	wantL := []int64{3, -3, 1}
	for i, l := range lambda {
		var w fr.Element
		w.SetInt64(wantL[i])
		if !l.Equal(&w) {
			t.Fatalf("λ_%d = %s, want %d", i+1, l.String(), wantL[i])
		}
	}
	got, _ := Combine(shares)
	if seven := fr.NewElement(7); !got.Equal(&seven) {
		t.Fatalf("combined %s, want 7", got.String())
	}
}

func mul(p *secp256k1.G1Affine, k *fr.Element) secp256k1.G1Affine {
	j := group.Mul(p, k)
	return group.Affine(&j)
}

func indicesOf(shares []Share) []uint8 {
	out := make([]uint8, len(shares))
	for i := range shares {
		out[i] = shares[i].Index
	}
	return out
}

func BenchmarkCombine3(b *testing.B) {
	s := secret(b, 1)
	p, _ := NewPolynomial(testRand(1), &s, 3)
	shares, _ := p.Shares(5)
	for b.Loop() {
		if _, err := Combine(shares[:3]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCombinePoints3(b *testing.B) {
	s := secret(b, 1)
	p, _ := NewPolynomial(testRand(1), &s, 3)
	var pts []secp256k1.G1Affine
	for x := uint8(1); x <= 3; x++ {
		v := p.Eval(x)
		j := group.BaseMul(&v)
		pts = append(pts, group.Affine(&j))
	}
	idx := []uint8{1, 2, 3}
	for b.Loop() {
		if _, err := CombinePoints(idx, pts); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCheckDegreeAtCommitteeIndices: the check works for any index set, not
// only 1 … n, and rejects vectors that are not of the claimed degree there.
func TestCheckDegreeAtCommitteeIndices(t *testing.T) {
	s := secret(t, 16)
	idx := []uint8{2, 5, 7, 11, 16}
	image := func(p *Polynomial) []secp256k1.G1Affine {
		var pts []secp256k1.G1Affine
		for _, x := range idx {
			v := p.Eval(x)
			j := group.BaseMul(&v)
			pts = append(pts, group.Affine(&j))
		}
		return pts
	}
	for th := 1; th <= len(idx); th++ {
		p, _ := NewPolynomial(testRand(byte(17+th)), &s, th)
		pts := image(p)
		if ok, err := CheckDegreeAt(testRand(30), idx, pts, th); err != nil || !ok {
			t.Fatalf("threshold %d: honest vector rejected: ok=%v err=%v", th, ok, err)
		}
		if th < len(idx) {
			hi, _ := NewPolynomial(testRand(byte(40+th)), &s, th+1)
			if ok, _ := CheckDegreeAt(testRand(31), idx, image(hi), th); ok {
				t.Fatalf("degree-%d vector accepted as degree %d", th, th-1)
			}
			// The honest vector read at the wrong indices is not of the
			// claimed degree either.
			if th > 1 {
				shifted := []uint8{1, 2, 3, 4, 5}
				if ok, _ := CheckDegreeAt(testRand(32), shifted, pts, th); ok {
					t.Fatalf("threshold %d: vector accepted at indices it was not made for", th)
				}
			}
		}
	}
	p, _ := NewPolynomial(testRand(50), &s, 3)
	pts := image(p)
	for name, bad := range map[string][]uint8{"short": idx[:4], "repeat": {2, 5, 7, 7, 16}, "zero": {0, 5, 7, 11, 16}, "too high": {2, 5, 7, 11, 17}} {
		if _, err := CheckDegreeAt(testRand(33), bad, pts, 3); !errors.Is(err, ErrIndices) {
			t.Errorf("%s indices: err = %v", name, err)
		}
	}
	if _, err := CheckDegreeAt(bytes.NewReader(nil), idx, pts, 3); err == nil {
		t.Error("failed randomness not reported")
	}
}
