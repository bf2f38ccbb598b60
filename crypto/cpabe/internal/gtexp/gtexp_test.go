package gtexp

import (
	"math/big"
	"syscall"
	"testing"
	"time"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

func bases(t testing.TB) (bls.GT, bls.GT) {
	t.Helper()
	_, _, g1, g2 := bls.Generators()
	e, err := bls.Pair([]bls.G1Affine{g1}, []bls.G2Affine{g2})
	if err != nil {
		t.Fatal(err)
	}
	var a, b bls.GT
	a.ExpGLV(e, big.NewInt(123456789))
	b.ExpGLV(e, big.NewInt(987654321))
	return a, b
}

// TestExp2: Exp2 equals two gnark-crypto exponentiations for random, zero,
// one, r−1 and small exponents.
func TestExp2(t *testing.T) {
	a, b := bases(t)
	var one, minusOne, zero, small fr.Element
	one.SetOne()
	minusOne.Neg(&one)
	small.SetUint64(7)
	cases := [][2]fr.Element{{zero, zero}, {one, zero}, {zero, one}, {minusOne, one}, {small, minusOne}}
	for range 50 {
		var s, u fr.Element
		if _, err := s.SetRandom(); err != nil {
			t.Fatal(err)
		}
		if _, err := u.SetRandom(); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, [2]fr.Element{s, u})
	}
	for i, c := range cases {
		var ks, kt big.Int
		c[0].BigInt(&ks)
		c[1].BigInt(&kt)
		var want, w2 bls.GT
		want.Exp(a, &ks)
		w2.Exp(b, &kt)
		want.Mul(&want, &w2)
		if got := Exp2(&a, &b, &c[0], &c[1]); !got.Equal(&want) {
			t.Fatalf("case %d: Exp2 differs from Exp·Exp", i)
		}
	}
}

func BenchmarkExp2(b *testing.B) {
	x, y := bases(b)
	var s, u fr.Element
	if _, err := s.SetRandom(); err != nil {
		b.Fatal(err)
	}
	if _, err := u.SetRandom(); err != nil {
		b.Fatal(err)
	}
	var ks, ku big.Int
	s.BigInt(&ks)
	u.BigInt(&ku)
	b.Run("exp2", func(b *testing.B) {
		done := reportCPU(b)
		for b.Loop() {
			Exp2(&x, &y, &s, &u)
		}
		done()
	})
	b.Run("two-expglv", func(b *testing.B) {
		done := reportCPU(b)
		for b.Loop() {
			var r, r2 bls.GT
			r.ExpGLV(x, &ks)
			r2.ExpGLV(y, &ku)
			r.Mul(&r, &r2)
		}
		done()
	})
}

// reportCPU adds the process's CPU time per call to the benchmark's
// figures, which a shared machine's load inflates less than wall time.
func reportCPU(b *testing.B) func() {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := cpu()
	return func() {
		b.ReportMetric(float64(cpu()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}
