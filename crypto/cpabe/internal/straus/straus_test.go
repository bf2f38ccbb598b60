package straus

import (
	"fmt"
	"math/big"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fp"
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

// TestSumBatch: every batched sum equals Sum's, for one to three terms, with
// zero, small and random scalars, repeated points (so that additions meet
// doublings and cancellations) and points outside G1.
func TestSumBatch(t *testing.T) {
	pts := testPoints(t, 6)
	outside := make([]bls.G1Affine, 2)
	for i := range outside {
		var f fp.Element
		f.SetUint64(uint64(7 + i))
		j := bls.GeneratePointNotInG1(f)
		outside[i].FromJacobian(&j)
	}
	pts = append(pts, outside...)
	tabs := NewTables(pts)
	var rnd, rnd2 fr.Element
	if _, err := rnd.SetRandom(); err != nil {
		t.Fatal(err)
	}
	if _, err := rnd2.SetRandom(); err != nil {
		t.Fatal(err)
	}
	var one, zero, minusRnd fr.Element
	one.SetOne()
	minusRnd.Neg(&rnd)
	scalarSets := [][]fr.Element{
		{rnd}, {rnd, rnd2}, {rnd, rnd2, one}, {zero, rnd}, {zero, zero}, {one, one}, {rnd, minusRnd}, {rnd, rnd},
	}
	for si, sc := range scalarSets {
		// Sums: distinct points, a point twice (P·s + P·s', which cancels
		// for s' = −s), and points outside G1.
		var sums [][]int
		for k := range 6 {
			row := make([]int, len(sc))
			for t := range row {
				row[t] = (k + t) % 8
			}
			sums = append(sums, row)
		}
		same := make([]int, len(sc))
		sums = append(sums, same)
		out := make([]int, len(sc))
		for t := range out {
			out[t] = 6 + t%2
		}
		sums = append(sums, out)

		tables := make([][]*Table, len(sums))
		for k, row := range sums {
			for _, i := range row {
				tables[k] = append(tables[k], &tabs[i])
			}
		}
		got := make([]bls.G1Affine, len(sums))
		SumBatch(got, tables, slices.Clone(sc))
		for k := range sums {
			var want bls.G1Jac
			Sum(&want, tables[k], slices.Clone(sc))
			var w bls.G1Affine
			w.FromJacobian(&want)
			if !got[k].Equal(&w) {
				t.Fatalf("scalar set %d, sum %d: batch differs from Sum", si, k)
			}
		}
	}
}

func BenchmarkSumBatch2x75(b *testing.B) {
	pts := testPoints(b, 150)
	tabs := NewTables(pts)
	tables := make([][]*Table, 75)
	for k := range tables {
		tables[k] = []*Table{&tabs[2*k], &tabs[2*k+1]}
	}
	scalars := make([]fr.Element, 2)
	for i := range scalars {
		if _, err := scalars[i].SetRandom(); err != nil {
			b.Fatal(err)
		}
	}
	out := make([]bls.G1Affine, 75)
	b.Run("batch", func(b *testing.B) {
		done := reportCPU(b)
		for b.Loop() {
			SumBatch(out, tables, scalars)
		}
		done()
	})
	b.Run("sum", func(b *testing.B) {
		jac := make([]bls.G1Jac, 75)
		done := reportCPU(b)
		for b.Loop() {
			for k := range tables {
				Sum(&jac[k], tables[k], scalars)
			}
			bls.BatchJacobianToAffineG1(jac)
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

// TestNewTablesSpecialPoints: the entries are the odd multiples, also for
// the point at infinity, a point of order 3 (where P + 2P is at infinity)
// and points outside G1, in both ways of building them.
func TestNewTablesSpecialPoints(t *testing.T) {
	pts := testPoints(t, 2)
	var inf bls.G1Affine
	inf.SetInfinity()
	// A point of order 3 in E(Fp): (h/3)·P for P outside G1 has order
	// dividing 3r/…; take [h·r/3]·P, which has order 1 or 3.
	var f fp.Element
	f.SetUint64(11)
	outside := bls.GeneratePointNotInG1(f)
	h, _ := new(big.Int).SetString("396c8c005555e1568c00aaab0000aaab", 16)
	e := new(big.Int).Mul(h, fr.Modulus())
	e.Div(e, big.NewInt(3))
	// Plain double-and-add: gnark's multiplication uses the GLV split,
	// which is exact only in G1.
	var o3 bls.G1Jac
	for i := e.BitLen() - 1; i >= 0; i-- {
		o3.DoubleAssign()
		if e.Bit(i) == 1 {
			o3.AddAssign(&outside)
		}
	}
	var order3, outsideAff bls.G1Affine
	order3.FromJacobian(&o3)
	outsideAff.FromJacobian(&outside)
	var thrice bls.G1Jac
	thrice.FromAffine(&order3)
	thrice.Triple(&thrice)
	if order3.IsInfinity() || !thrice.Z.IsZero() {
		t.Fatal("no point of order 3 from this seed")
	}
	pts = append(pts, inf, order3, outsideAff)
	// Below batchMin points the tables are built in Jacobian coordinates,
	// from it in affine batches: check both.
	for len(pts) < batchMin {
		pts = append(pts, pts...)
	}
	checkTables(t, pts[:5])
	checkTables(t, pts)
}

func checkTables(t *testing.T, pts []bls.G1Affine) {
	t.Helper()
	tabs := NewTables(pts)
	for i, p := range pts {
		var j bls.G1Jac
		j.FromAffine(&p)
		for m := range len(Table{}) {
			var want bls.G1Jac
			want.ScalarMultiplication(&j, big.NewInt(int64(2*m+1)))
			var w bls.G1Affine
			w.FromJacobian(&want)
			if !tabs[i][m].Equal(&w) {
				t.Fatalf("point %d entry %d is not %d·P", i, m, 2*m+1)
			}
		}
	}
}
