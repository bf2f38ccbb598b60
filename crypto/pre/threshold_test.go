package pre

import (
	"bytes"
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
)

// TestAssembleMatchesReEncrypt: E^rk computed outside the package and
// assembled gives byte for byte what ReEncrypt gives.
func TestAssembleMatchesReEncrypt(t *testing.T) {
	f := newFixture(t)
	k := f.rk.Scalar()
	e := f.ct.ReEncryptionBase()
	ej := group.Mul(&e, &k)
	ep := group.Affine(&ej)
	rct, err := AssembleReCiphertext(&ep, f.ct, f.rk.Header())
	if err != nil {
		t.Fatal(err)
	}
	got, _ := rct.MarshalBinary()
	want, _ := f.rct.MarshalBinary()
	if !bytes.Equal(got, want) {
		t.Fatal("assembled first-level ciphertext differs from ReEncrypt's")
	}
	if m, err := f.bob.DecryptReEncrypted(rct); err != nil || m != f.dataKey {
		t.Fatalf("assembled ciphertext does not decrypt: %v", err)
	}
}

// TestAssembleWrongEPrimeFailsDecryption: any E' other than E^rk is caught
// by the delegatee's check, not turned into a wrong data key.
func TestAssembleWrongEPrimeFailsDecryption(t *testing.T) {
	f := newFixture(t)
	k := f.rk.Scalar()
	var one fr.Element
	one.SetOne()
	k.Add(&k, &one)
	e := f.ct.ReEncryptionBase()
	ej := group.Mul(&e, &k)
	ep := group.Affine(&ej)
	rct, err := AssembleReCiphertext(&ep, f.ct, f.rk.Header())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.bob.DecryptReEncrypted(rct); !errors.Is(err, ErrDecryption) {
		t.Fatalf("E^(rk+1): err = %v, want ErrDecryption", err)
	}
	// The header of another grant (alice → carol) does not open for bob.
	other, err := ReKeyGen(testRand(5), f.alice, f.carol.Public())
	if err != nil {
		t.Fatal(err)
	}
	k = f.rk.Scalar()
	ej = group.Mul(&e, &k)
	ep = group.Affine(&ej)
	rct, _ = AssembleReCiphertext(&ep, f.ct, other.Header())
	if _, err := f.bob.DecryptReEncrypted(rct); !errors.Is(err, ErrDecryption) {
		t.Fatalf("another grant's header: err = %v, want ErrDecryption", err)
	}
}

func TestAssembleRejectsBadInputs(t *testing.T) {
	f := newFixture(t)
	e := f.ct.ReEncryptionBase()
	var off secp256k1.G1Affine
	off.X.SetOne()
	off.Y.SetOne() // (1, 1) is not on y² = x³ + 7
	for name, c := range map[string]struct {
		e   *secp256k1.G1Affine
		ct  *Ciphertext
		hdr *ReKeyHeader
	}{
		"nil E'":           {nil, f.ct, f.rk.Header()},
		"identity E'":      {&secp256k1.G1Affine{}, f.ct, f.rk.Header()},
		"E' off curve":     {&off, f.ct, f.rk.Header()},
		"nil ciphertext":   {&e, nil, f.rk.Header()},
		"empty ciphertext": {&e, &Ciphertext{}, f.rk.Header()},
		"nil header":       {&e, f.ct, nil},
		"empty header":     {&e, f.ct, &ReKeyHeader{}},
	} {
		if _, err := AssembleReCiphertext(c.e, c.ct, c.hdr); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestReKeyHeaderRoundTrip(t *testing.T) {
	f := newFixture(t)
	h := f.rk.Header()
	b, err := h.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != ReKeyHeaderSize {
		t.Fatalf("%d bytes, want %d", len(b), ReKeyHeaderSize)
	}
	rkb, _ := f.rk.MarshalBinary()
	if !bytes.Equal(b, rkb[len(rkb)-ReKeyHeaderSize:]) {
		t.Fatal("header is not the V ‖ W tail of the rekey encoding")
	}
	var back ReKeyHeader
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if !back.Equal(h) {
		t.Fatal("round trip changed the header")
	}
	if _, err := (&ReKeyHeader{}).MarshalBinary(); err == nil {
		t.Fatal("empty header marshalled")
	}
	for name, in := range map[string][]byte{
		"empty":  nil,
		"short":  b[:len(b)-1],
		"long":   append(append([]byte(nil), b...), 0),
		"V zero": append(make([]byte, group.PointSize), b[group.PointSize:]...),
		"V off curve": func() []byte {
			m := append([]byte(nil), b...)
			copy(m[1:group.PointSize], bytes.Repeat([]byte{0xff}, group.PointSize-1))
			return m
		}(),
	} {
		keep := back
		if err := back.UnmarshalBinary(in); !errors.Is(err, ErrEncoding) {
			t.Errorf("%s: err = %v, want ErrEncoding", name, err)
		}
		if !back.Equal(&keep) {
			t.Errorf("%s: header changed on error", name)
		}
	}
}

func FuzzReKeyHeader(f *testing.F) {
	fx := newFixture(f)
	seeds(f, []int{0}, nil, fx.rk.Header())
	f.Fuzz(func(t *testing.T, b []byte) {
		var h ReKeyHeader
		if !fuzzCanonical(t, &h, b) {
			return
		}
		// Any parsed header assembles into a first-level ciphertext that the
		// delegatee rejects unless it is the real one.
		k := fx.rk.Scalar()
		e := fx.ct.ReEncryptionBase()
		ej := group.Mul(&e, &k)
		ep := group.Affine(&ej)
		rct, err := AssembleReCiphertext(&ep, fx.ct, &h)
		if err != nil {
			t.Fatal(err)
		}
		m, err := fx.bob.DecryptReEncrypted(rct)
		if err == nil && (m != fx.dataKey || !h.Equal(fx.rk.Header())) {
			t.Fatal("a header other than the grant's decrypted")
		}
	})
}

func BenchmarkAssembleReCiphertext(b *testing.B) {
	f := newFixture(b)
	k := f.rk.Scalar()
	e := f.ct.ReEncryptionBase()
	ej := group.Mul(&e, &k)
	ep := group.Affine(&ej)
	hdr := f.rk.Header()
	for b.Loop() {
		if _, err := AssembleReCiphertext(&ep, f.ct, hdr); err != nil {
			b.Fatal(err)
		}
	}
}
