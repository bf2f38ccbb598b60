package tpre

import (
	"testing"

	"github.com/emrchain/emrchain/crypto/pre"
)

var benchMembers = []uint8{1, 2, 3, 4, 5}

// BenchmarkGrant3of5 is the patient's whole grant: ReKeyGen, the 3-of-5
// split, five commitments, five sealed shares, and the encoded bundle.
func BenchmarkGrant3of5(b *testing.B) {
	f := newFixture(b, 1, 3, benchMembers...)
	r := testRand(2)
	for b.Loop() {
		bundle, err := Grant(r, f.patient, f.requester.Public(), 3, f.members)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := bundle.MarshalBinary(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(BundleSize(5)), "bundle-bytes")
}

// BenchmarkUnmarshalBundle3of5 is what every member and the requester pay
// to parse a bundle: every point validated and the degree check.
func BenchmarkUnmarshalBundle3of5(b *testing.B) {
	f := newFixture(b, 1, 3, benchMembers...)
	enc, _ := f.bundle.MarshalBinary()
	for b.Loop() {
		var bundle Bundle
		if err := bundle.UnmarshalBinary(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpenShare(b *testing.B) {
	f := newFixture(b, 1, 3, benchMembers...)
	for b.Loop() {
		if _, err := f.bundle.OpenShare(2, f.keys[2]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFragment is one member's answer: the capsule and delegator
// checks, F_i = rk_i·E and its DLEQ proof.
func BenchmarkFragment(b *testing.B) {
	f := newFixture(b, 1, 3, benchMembers...)
	s := f.share(b, 2)
	r := testRand(3)
	for b.Loop() {
		if _, err := s.Fragment(r, f.capsule, f.bind); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(FragmentSize, "fragment-bytes")
}

func BenchmarkVerifyFragment(b *testing.B) {
	f := newFixture(b, 1, 3, benchMembers...)
	fr := f.fragment(b, 2)
	for b.Loop() {
		if err := f.bundle.VerifyFragment(f.capsule, f.bind, fr); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCombineVerified3 is the combination alone: Lagrange
// coefficients, Σ λ_i·F_i and assembling the first-level ciphertext.
func BenchmarkCombineVerified3(b *testing.B) {
	f := newFixture(b, 1, 3, benchMembers...)
	frags := f.fragments(b, 1, 3, 5)
	for b.Loop() {
		if _, err := f.bundle.CombineVerified(f.capsule, frags); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCombine3 verifies the three proofs and combines.
func BenchmarkCombine3(b *testing.B) {
	f := newFixture(b, 1, 3, benchMembers...)
	frags := f.fragments(b, 1, 3, 5)
	for b.Loop() {
		if _, _, err := f.bundle.Combine(f.capsule, f.bind, frags); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRequesterDecrypt(b *testing.B) {
	f := newFixture(b, 1, 3, benchMembers...)
	rct, err := f.bundle.CombineVerified(f.capsule, f.fragments(b, 1, 3, 5))
	if err != nil {
		b.Fatal(err)
	}
	var m [pre.DataKeySize]byte
	for b.Loop() {
		if m, err = f.requester.DecryptReEncrypted(rct); err != nil {
			b.Fatal(err)
		}
	}
	if m != f.dataKey {
		b.Fatal("wrong data key")
	}
}

func BenchmarkUnmarshalFragment(b *testing.B) {
	f := newFixture(b, 1, 3, benchMembers...)
	enc, _ := f.fragment(b, 2).MarshalBinary()
	for b.Loop() {
		var fr Fragment
		if err := fr.UnmarshalBinary(enc); err != nil {
			b.Fatal(err)
		}
	}
}
