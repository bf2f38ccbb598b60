package fixedbase

import (
	"math/big"
	"testing"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

func TestMulMatchesScalarMultiplication(t *testing.T) {
	_, _, g, _ := bls.Generators()
	base, err := bls.HashToG1([]byte("fixedbase test"), []byte("FIXEDBASE-TEST"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []bls.G1Affine{g, base} {
		tab := New(&p)
		var edge [4]fr.Element
		edge[1].SetOne()
		edge[2].SetUint64(256)
		edge[3].SetOne()
		edge[3].Neg(&edge[3]) // r-1: every byte window is used
		scalars := edge[:]
		for range 32 {
			var s fr.Element
			if _, err := s.SetRandom(); err != nil {
				t.Fatal(err)
			}
			scalars = append(scalars, s)
		}
		for _, s := range scalars {
			var got, want bls.G1Jac
			tab.Mul(&got, &s)
			var pj bls.G1Jac
			pj.FromAffine(&p)
			var sb big.Int
			want.ScalarMultiplication(&pj, s.BigInt(&sb))
			if !got.Equal(&want) {
				t.Fatalf("[%s]P differs from ScalarMultiplication", s.String())
			}
		}
	}
}

func BenchmarkMul(b *testing.B) {
	_, _, g, _ := bls.Generators()
	tab := New(&g)
	var s fr.Element
	if _, err := s.SetRandom(); err != nil {
		b.Fatal(err)
	}
	var r bls.G1Jac
	for b.Loop() {
		tab.Mul(&r, &s)
	}
}

func BenchmarkScalarMultiplicationBase(b *testing.B) {
	var s fr.Element
	if _, err := s.SetRandom(); err != nil {
		b.Fatal(err)
	}
	var sb big.Int
	s.BigInt(&sb)
	var r bls.G1Jac
	for b.Loop() {
		r.ScalarMultiplicationBase(&sb)
	}
}

func BenchmarkNew(b *testing.B) {
	_, _, g, _ := bls.Generators()
	for b.Loop() {
		New(&g)
	}
}
