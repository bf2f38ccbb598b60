package cpabe

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

var benchSizes = []int{5, 10, 15, 20, 25}

// freshCount numbers the cold benchmarks' attribute names across every run
// in the process (-count, -cpu 1,2), so that none is ever hashed twice.
var freshCount int

func freshPrefix(kind string) string {
	freshCount++
	return fmt.Sprintf("%s%d", kind, freshCount)
}

// cpuTime is the CPU time this process has used, all threads.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the process's CPU time per call to the benchmark's figures:
// on a machine shared with other work the wall time follows the load, the
// CPU time far less. Call it right before the timed loop and the returned
// function right after.
func reportCPU(b *testing.B) func() {
	start := cpuTime(b)
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime(b)-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		}
	}
}

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
	done := reportCPU(b)
	for b.Loop() {
		if _, _, err := Setup(nil); err != nil {
			b.Fatal(err)
		}
	}
	done()
}

// BenchmarkKeyGen measures with the attribute hashes cached, the steady
// state of an oracle issuing keys over a fixed attribute universe.
func BenchmarkKeyGen(b *testing.B) {
	_, msk := authority(b)
	for _, n := range benchSizes {
		attrs := attrNames("bench", n)
		keyGen(b, msk, attrs...) // warm the hash cache
		b.Run(fmt.Sprintf("attrs-%d", n), func(b *testing.B) {
			done := reportCPU(b)
			for b.Loop() {
				if _, err := msk.KeyGen(nil, attrs); err != nil {
					b.Fatal(err)
				}
			}
			done()
		})
	}
}

// BenchmarkKeyGenColdCache uses attributes never seen before, so every
// attribute costs six hash-to-curve evaluations on top.
func BenchmarkKeyGenColdCache(b *testing.B) {
	_, msk := authority(b)
	done := reportCPU(b)
	for b.Loop() {
		if _, err := msk.KeyGen(nil, attrNames(freshPrefix("cold"), 25)); err != nil {
			b.Fatal(err)
		}
	}
	done()
}

func BenchmarkEncapsulate(b *testing.B) {
	pk, _ := authority(b)
	for _, c := range benchCases() {
		p := mustPolicy(b, c.policy)
		b.Run(c.name, func(b *testing.B) {
			done := reportCPU(b)
			for b.Loop() {
				if _, _, err := pk.Encapsulate(nil, p); err != nil {
					b.Fatal(err)
				}
			}
			done()
		})
	}
}

// BenchmarkEncapsulateFreshPolicy parses the policy on every call, so the
// per-policy row bases are recomputed (attribute hashes stay cached).
func BenchmarkEncapsulateFreshPolicy(b *testing.B) {
	pk, _ := authority(b)
	policy := strings.Join(attrNames("bench", 25), " and ")
	done := reportCPU(b)
	for b.Loop() {
		p, err := ParsePolicy(policy)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := pk.Encapsulate(nil, p); err != nil {
			b.Fatal(err)
		}
	}
	done()
}

func BenchmarkDecapsulate(b *testing.B) {
	pk, msk := authority(b)
	for _, c := range benchCases() {
		_, ct := encapsulate(b, pk, c.policy)
		ak := keyGen(b, msk, c.attrs...)
		b.Run(c.name, func(b *testing.B) {
			done := reportCPU(b)
			for b.Loop() {
				if _, err := ak.Decapsulate(ct); err != nil {
					b.Fatal(err)
				}
			}
			done()
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
	done := reportCPU(b)
	for b.Loop() {
		var c Ciphertext
		if err := c.UnmarshalBinary(enc); err != nil {
			b.Fatal(err)
		}
	}
	done()
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

// BenchmarkEncapsulateColdCache encrypts under an AND of 25 attributes never
// seen before: every attribute costs six hash-to-curve evaluations and its
// row bases are computed afresh.
func BenchmarkEncapsulateColdCache(b *testing.B) {
	pk, _ := authority(b)
	done := reportCPU(b)
	for b.Loop() {
		p, err := ParsePolicy(strings.Join(attrNames(freshPrefix("coldenc"), 25), " and "))
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := pk.Encapsulate(nil, p); err != nil {
			b.Fatal(err)
		}
	}
	done()
}

// BenchmarkUnwrap is decryption from bytes: parsing the wrapped key and
// checking its points, then Decapsulate and the AEAD.
func BenchmarkUnwrap(b *testing.B) {
	pk, msk := authority(b)
	for _, c := range benchCases() {
		wrapped, err := Wrap(nil, pk, mustPolicy(b, c.policy), [32]byte{1})
		if err != nil {
			b.Fatal(err)
		}
		ak := keyGen(b, msk, c.attrs...)
		b.Run(c.name, func(b *testing.B) {
			done := reportCPU(b)
			for b.Loop() {
				if _, err := Unwrap(ak, wrapped); err != nil {
					b.Fatal(err)
				}
			}
			done()
		})
	}
}
