package straus

import (
	"fmt"
	"math/big"
	"slices"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

func testPoints(t testing.TB, n int) []bls.G1Affine {
	t.Helper()
	out := make([]bls.G1Affine, n)
	for i := range out {
		p, err := bls.HashToG1([]byte(fmt.Sprint(i)), []byte("STRAUS-TEST"))
		if err != nil {
			t.Fatal(err)
		}
		out[i] = p
	}
	return out
}

func TestEndomorphism(t *testing.T) {
	for _, p := range testPoints(t, 3) {
		var phi, want bls.G1Jac
		phi.FromAffine(&p)
		phi.X.Mul(&phi.X, &omega)
		var pj bls.G1Jac
		pj.FromAffine(&p)
		want.ScalarMultiplication(&pj, &lambda)
		if !phi.Equal(&want) {
			t.Fatal("φ(P) ≠ [λ]P: ω and λ do not match")
		}
	}
}

func TestSumMatchesScalarMultiplication(t *testing.T) {
	var edge []fr.Element
	for _, v := range []string{"0", "1", "2", "15", "16"} {
		var e fr.Element
		e.SetString(v)
		edge = append(edge, e)
	}
	var e fr.Element
	e.SetBigInt(&lambda)
	edge = append(edge, e)
	e.Neg(&e) // -λ
	edge = append(edge, e)
	e.SetOne()
	e.Neg(&e) // r-1
	edge = append(edge, e)

	pts := testPoints(t, 3)
	pts = append(pts, bls.G1Affine{}) // the identity
	tabs := NewTables(pts)
	for n := 1; n <= 3; n++ {
		for trial := range 40 + len(edge) {
			tables := make([]*Table, n)
			scalars := make([]fr.Element, n)
			var want bls.G1Jac
			for i := range n {
				// Mix in the identity for the last term now and then.
				idx := i
				if trial%7 == 6 && i == n-1 {
					idx = 3
				}
				tables[i] = &tabs[idx]
				if trial < len(edge) {
					scalars[i] = edge[(trial+i)%len(edge)]
				} else if _, err := scalars[i].SetRandom(); err != nil {
					t.Fatal(err)
				}
				var pj, term bls.G1Jac
				pj.FromAffine(&pts[idx])
				var s big.Int
				term.ScalarMultiplication(&pj, scalars[i].BigInt(&s))
				want.AddAssign(&term)
			}
			var got bls.G1Jac
			Sum(&got, tables, scalars)
			if !got.Equal(&want) {
				t.Fatalf("%d terms, trial %d: Sum differs from ScalarMultiplication", n, trial)
			}
		}
	}
}

func TestNewTables(t *testing.T) {
	pts := testPoints(t, 2)
	for i, tab := range NewTables(pts) {
		for j := range tab {
			var want bls.G1Affine
			want.ScalarMultiplication(&pts[i], big.NewInt(int64(2*j+1)))
			if !tab[j].Equal(&want) {
				t.Fatalf("table %d entry %d is not %d·P", i, j, 2*j+1)
			}
		}
	}
}

func benchSum(b *testing.B, n int) {
	pts := testPoints(b, n)
	tabs := NewTables(pts)
	tables := make([]*Table, n)
	scalars := make([]fr.Element, n)
	for i := range n {
		tables[i] = &tabs[i]
		if _, err := scalars[i].SetRandom(); err != nil {
			b.Fatal(err)
		}
	}
	var r bls.G1Jac
	for b.Loop() {
		Sum(&r, tables, scalars)
	}
}

func BenchmarkSum1(b *testing.B) { benchSum(b, 1) }
func BenchmarkSum2(b *testing.B) { benchSum(b, 2) }
func BenchmarkSum3(b *testing.B) { benchSum(b, 3) }

// BenchmarkGLV2 is the baseline: two gnark-crypto GLV multiplications.
func BenchmarkGLV2(b *testing.B) {
	pts := testPoints(b, 2)
	var s [2]big.Int
	var jac [2]bls.G1Jac
	for i := range 2 {
		var e fr.Element
		if _, err := e.SetRandom(); err != nil {
			b.Fatal(err)
		}
		e.BigInt(&s[i])
		jac[i].FromAffine(&pts[i])
	}
	for b.Loop() {
		var r, t bls.G1Jac
		r.ScalarMultiplication(&jac[0], &s[0])
		t.ScalarMultiplication(&jac[1], &s[1])
		r.AddAssign(&t)
	}
}

func TestWnafMatchesGnark(t *testing.T) {
	var vals []*big.Int
	for _, v := range []int64{0, 1, 15, 16, 17, 31, 32, 33, 1<<62 - 1} {
		vals = append(vals, big.NewInt(v))
	}
	max := new(big.Int).Lsh(big.NewInt(1), 192)
	vals = append(vals, new(big.Int).Sub(max, big.NewInt(1)))
	for range 200 {
		var e fr.Element
		if _, err := e.SetRandom(); err != nil {
			t.Fatal(err)
		}
		var b big.Int
		e.BigInt(&b)
		vals = append(vals, &b, new(big.Int).Rsh(&b, 120))
	}
	for _, v := range vals {
		var got [fr.Bits + 2]int8
		want := make([]int8, fr.Bits+2)
		n := wnaf(v, &got)
		m := ecc.WnafDecomposition(v, window, want)
		if n != m || !slices.Equal(got[:n], want[:m]) {
			t.Fatalf("wnaf(%s) = %v, gnark %v", v, got[:n], want[:m])
		}
	}
}
