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
// doubling the batch does not do) is left to the fallback, and the others in
// the batch are unaffected.
func TestFallback(t *testing.T) {
	var u, v fp.Element
	u.SetUint64(5)
	v.SetUint64(6)
	out, fb := mapToG1([][2]fp.Element{{u, u}, {u, v}})
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
	if !out[1].Equal(&want) {
		t.Fatal("the regular pair next to a fallback differs")
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
