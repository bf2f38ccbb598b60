package cpabe

import (
	"bytes"
	"encoding"
	"errors"
	"testing"

	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

func FuzzParsePolicy(f *testing.F) {
	for _, s := range []string{
		"role:insurer and (org:acme or org:globex)",
		"2 of (dept:cardiology, dept:oncology, role:researcher)",
		"2 of (a:1 and b:2, c:3 or d:4, 2 of (e:5, f:6, g:7))",
		"a:1 AND b:2 Or c:3",
		"((a:1)", "3 of (a:1, b:2)", "a:1 & b:2", "",
		"0 of (a:1, b:2)", "a:1 and", "A:1", "a:", ":1", "a:1 and a:1",
	} {
		fuzzcorpus.Add(f, s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePolicy(s)
		if err != nil {
			var pe *PolicyError
			if !errors.As(err, &pe) || pe.Offset < 0 || pe.Offset > len(s) {
				t.Fatalf("ParsePolicy(%q) = %v, want a *PolicyError within the input", s, err)
			}
			return
		}
		// The canonical form is a fixed point and the binary form round-trips.
		q, err := ParsePolicy(p.String())
		if err != nil || q.String() != p.String() {
			t.Fatalf("canonical form %q of %q does not reparse to itself: %v", p, s, err)
		}
		b, err := p.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var r Policy
		if err := r.UnmarshalBinary(b); err != nil || r.String() != p.String() {
			t.Fatalf("binary round trip of %q: %v", p, err)
		}
		if len(p.msp.rows) > MaxPolicyAttributes {
			t.Fatalf("%d rows exceed the limit", len(p.msp.rows))
		}
	})
}

// fuzzUnmarshal checks that decoding never panics and that whatever decodes
// re-encodes to the same bytes (every object has one encoding).
func fuzzUnmarshal[T any, PT interface {
	*T
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}](f *testing.F, seeds ...[]byte) {
	for _, s := range seeds {
		fuzzcorpus.Bytes(f, s)
		fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(s, 1)...)
		fuzzcorpus.Bytes(f, nearValidPoints(s)...)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v T
		if err := PT(&v).UnmarshalBinary(data); err != nil {
			return
		}
		out, err := PT(&v).MarshalBinary()
		if err != nil {
			t.Fatalf("MarshalBinary after successful UnmarshalBinary: %v", err)
		}
		if !bytes.Equal(out, data) {
			t.Fatalf("re-encoding differs:\n in  %x\n out %x", data, out)
		}
	})
}

// nearValidPoints returns variants of an encoding whose first point (right after the two
// header bytes) carries each flag combination a parser must refuse or handle: compression bit
// cleared, the infinity flag (on a non-zero body, and as the genuine all-zero infinity), and
// the sign bit flipped (the other square root, which may leave the subgroup check to fail).
func nearValidPoints(enc []byte) [][]byte {
	const off = 2
	if len(enc) < off+g1Size {
		return nil
	}
	var out [][]byte
	for _, mutate := range []func(p []byte){
		func(p []byte) { p[0] &^= 0x80 },
		func(p []byte) { p[0] |= 0x40 },
		func(p []byte) { p[0] ^= 0x20 },
		func(p []byte) {
			clear(p[:g1Size])
			p[0] = 0xc0
		},
	} {
		m := append([]byte(nil), enc...)
		mutate(m[off:])
		out = append(out, m)
	}
	return out
}

func fuzzSeeds(f *testing.F) (pk, msk, ak, ct []byte) {
	pkv, mskv := authority(f)
	_, c := encapsulate(f, pkv, "a:1 and (b:2 or c:3)")
	k := keyGen(f, mskv, "a:1", "c:3")
	var err error
	for _, x := range []struct {
		m   encoding.BinaryMarshaler
		dst *[]byte
	}{{pkv, &pk}, {mskv, &msk}, {k, &ak}, {c, &ct}} {
		if *x.dst, err = x.m.MarshalBinary(); err != nil {
			f.Fatal(err)
		}
	}
	return pk, msk, ak, ct
}

func FuzzPolicyUnmarshalBinary(f *testing.F) {
	fuzzUnmarshal[Policy](f,
		append([]byte{1}, "role:insurer and (org:acme or org:globex)"...),
		append([]byte{1}, "2 of (a:1, b:2 or c:3, d:4)"...))
}

func FuzzPublicKeyUnmarshalBinary(f *testing.F) {
	pk, _, _, _ := fuzzSeeds(f)
	fuzzUnmarshal[PublicKey](f, pk)
}

func FuzzMasterKeyUnmarshalBinary(f *testing.F) {
	_, msk, _, _ := fuzzSeeds(f)
	fuzzUnmarshal[MasterKey](f, msk)
}

func FuzzAttributeKeyUnmarshalBinary(f *testing.F) {
	_, _, ak, _ := fuzzSeeds(f)
	fuzzUnmarshal[AttributeKey](f, ak)
}

func FuzzCiphertextUnmarshalBinary(f *testing.F) {
	_, _, _, ct := fuzzSeeds(f)
	fuzzUnmarshal[Ciphertext](f, ct)
}

// FuzzUnwrap feeds arbitrary wrapped keys to Unwrap: it must never panic,
// and must never accept anything but the genuine blob.
func FuzzUnwrap(f *testing.F) {
	pk, msk := authority(f)
	ak := keyGen(f, msk, "a:1", "c:3")
	var dataKey [32]byte
	dataKey[0] = 42
	// Deterministic, so that every fuzzing worker process has the same
	// genuine blob as the seed corpus.
	genuine, err := Wrap(drbg("fuzz unwrap"), pk, mustPolicy(f, "a:1 and (b:2 or c:3)"), dataKey)
	if err != nil {
		f.Fatal(err)
	}
	fuzzcorpus.Bytes(f, genuine)
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(genuine, 0, 2, len(genuine)/2, len(genuine)-1)...)
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Unwrap(ak, data)
		if err == nil && !bytes.Equal(data, genuine) {
			t.Fatalf("Unwrap accepted a modified blob, yielding %x", got)
		}
		if err == nil && got != dataKey {
			t.Fatalf("Unwrap of the genuine blob gave %x", got)
		}
	})
}
