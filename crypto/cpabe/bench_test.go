package cpabe

import (
	"fmt"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

var benchSizes = []int{5, 10, 15, 20, 25}

// mixedPolicy is a0 and (a1 or a2) and (a3 or a4) and …, with n leaves
// (n odd).
func mixedPolicy(attrs []string) string {
	parts := []string{attrs[0]}
	for i := 1; i+1 < len(attrs); i += 2 {
		parts = append(parts, "("+attrs[i]+" or "+attrs[i+1]+")")
	}
	return strings.Join(parts, " and ")
}

type benchCase struct {
	name   string
	attrs  []string // the key's attributes
	policy string
}

// benchCases are AND policies over 5…25 attributes, as in seed paper 001's
// Table 4, and one mixed AND/OR policy over 25.
func benchCases() []benchCase {
	var out []benchCase
	for _, n := range benchSizes {
		a := attrNames("bench", n)
		out = append(out, benchCase{fmt.Sprintf("and-%d", n), a, strings.Join(a, " and ")})
	}
	a := attrNames("bench", 25)
	return append(out, benchCase{"mixed-25", a, mixedPolicy(a)})
}

func BenchmarkSetup(b *testing.B) {
	for b.Loop() {
		if _, _, err := Setup(nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKeyGen measures with the attribute hashes cached, the steady
// state of an oracle issuing keys over a fixed attribute universe.
func BenchmarkKeyGen(b *testing.B) {
	_, msk := authority(b)
	for _, n := range benchSizes {
		attrs := attrNames("bench", n)
		keyGen(b, msk, attrs...) // warm the hash cache
		b.Run(fmt.Sprintf("attrs-%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := msk.KeyGen(nil, attrs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkKeyGenColdCache uses attributes never seen before, so every
// attribute costs six hash-to-curve evaluations on top.
func BenchmarkKeyGenColdCache(b *testing.B) {
	_, msk := authority(b)
	i := 0
	for b.Loop() {
		i++
		if _, err := msk.KeyGen(nil, attrNames(fmt.Sprintf("cold%d", i), 25)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncapsulate(b *testing.B) {
	pk, _ := authority(b)
	for _, c := range benchCases() {
		p := mustPolicy(b, c.policy)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := pk.Encapsulate(nil, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEncapsulateFreshPolicy parses the policy on every call, so the
// per-policy row bases are recomputed (attribute hashes stay cached).
func BenchmarkEncapsulateFreshPolicy(b *testing.B) {
	pk, _ := authority(b)
	policy := strings.Join(attrNames("bench", 25), " and ")
	for b.Loop() {
		p, err := ParsePolicy(policy)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := pk.Encapsulate(nil, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecapsulate(b *testing.B) {
	pk, msk := authority(b)
	for _, c := range benchCases() {
		_, ct := encapsulate(b, pk, c.policy)
		ak := keyGen(b, msk, c.attrs...)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ak.Decapsulate(ct); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCiphertextUnmarshal is the validation cost a receiver pays
// before Decapsulate: decompression and a subgroup check per point.
func BenchmarkCiphertextUnmarshal(b *testing.B) {
	pk, _ := authority(b)
	_, ct := encapsulate(b, pk, strings.Join(attrNames("bench", 25), " and "))
	enc, err := ct.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(enc)))
	for b.Loop() {
		var c Ciphertext
		if err := c.UnmarshalBinary(enc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLinearCombination compares the two ways linearCombination can
// handle general coefficients (threshold gates), to place msmMinPoints.
func BenchmarkLinearCombination(b *testing.B) {
	for _, n := range []int{4, 8, 16, 32, 64} {
		pts := make([]bls.G1Affine, n)
		sc := make([]fr.Element, n)
		for i := range pts {
			h, err := columnHashes(1000 + i)
			if err != nil {
				b.Fatal(err)
			}
			pts[i] = *h.point(0, 0)
			if _, err := sc[i].SetRandom(); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(fmt.Sprintf("straus-%d", n), func(b *testing.B) {
			for b.Loop() {
				strausSum(pts, sc)
			}
		})
		b.Run(fmt.Sprintf("multiexp-%d", n), func(b *testing.B) {
			for b.Loop() {
				var acc bls.G1Jac
				if _, err := acc.MultiExp(pts, sc, ecc.MultiExpConfig{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
