package backup

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/shamir"
)

// testRand is a deterministic stream for known-answer tests.
type testRand struct{ ctr uint64 }

func (r *testRand) Read(p []byte) (int, error) {
	for i := range p {
		r.ctr++
		h := sha256.Sum256([]byte{byte(r.ctr), byte(r.ctr >> 8), byte(r.ctr >> 16)})
		p[i] = h[0]
	}
	return len(p), nil
}

func secrets() *Secrets {
	return &Secrets{
		Account:   bytes.Repeat([]byte{0x11}, 32),
		Seed:      bytes.Repeat([]byte{0x22}, 32),
		PRE:       bytes.Repeat([]byte{0x33}, 65),
		Transport: bytes.Repeat([]byte{0x44}, 32),
	}
}

func key(v uint64) fr.Element {
	var k fr.Element
	k.SetUint64(v)
	return k
}

func TestSealOpenRoundTrip(t *testing.T) {
	k := key(7)
	obj, err := Seal(&testRand{}, &k, secrets(), []byte("patient A, generation 1"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Open(&k, obj, []byte("patient A, generation 1"))
	if err != nil {
		t.Fatal(err)
	}
	want := secrets()
	for i, pair := range [][2][]byte{{got.Account, want.Account}, {got.Seed, want.Seed}, {got.PRE, want.PRE}, {got.Transport, want.Transport}} {
		if !bytes.Equal(pair[0], pair[1]) {
			t.Fatalf("secret %d changed in the round trip", i)
		}
	}
}

// A known answer computed independently of this package (Python: HKDF-SHA256 per RFC 5869 with
// a zero salt, then AES-256-GCM from the cryptography package, over the same header, nonce,
// secrets encoding and associated data): the format and key derivation must not drift, or old
// backups would stop opening.
func TestSealKnownAnswer(t *testing.T) {
	k := key(7)
	obj, err := Seal(&testRand{}, &k, secrets(), []byte("aad"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(obj)
	if got := hex.EncodeToString(sum[:]); got != knownAnswer {
		t.Fatalf("backup object SHA-256 %s, want %s", got, knownAnswer)
	}
}

const knownAnswer = "012971ff0f98a438295c95ed55c96d20005bb845a4a5f39f522157b8571d5d0d"

func TestOpenRefusesWrongKeyAADAndTampering(t *testing.T) {
	k := key(7)
	obj, err := Seal(nil, &k, secrets(), []byte("aad"))
	if err != nil {
		t.Fatal(err)
	}
	other := key(8)
	if _, err := Open(&other, obj, []byte("aad")); !errors.Is(err, ErrDecryption) {
		t.Fatalf("wrong key: %v", err)
	}
	if _, err := Open(&k, obj, []byte("another patient")); !errors.Is(err, ErrDecryption) {
		t.Fatalf("wrong aad: %v", err)
	}
	for i := range obj {
		bad := bytes.Clone(obj)
		bad[i] ^= 1
		if _, err := Open(&k, bad, []byte("aad")); err == nil {
			t.Fatalf("a flipped bit at byte %d opened", i)
		}
	}
	if _, err := Open(&k, obj[:len(obj)-1], []byte("aad")); err == nil {
		t.Fatal("a truncated backup opened")
	}
	var zero fr.Element
	if _, err := Seal(nil, &zero, secrets(), nil); err == nil {
		t.Fatal("sealed under the zero key")
	}
}

// The recovery property end to end at this layer: the backup key shared 2-of-3 opens the
// backup from any two shares, and never from one (one share is independent of the key).
func TestThresholdRecovery(t *testing.T) {
	k := key(123456789)
	obj, err := Seal(nil, &k, secrets(), []byte("aad"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := shamir.NewPolynomial(nil, &k, 2)
	if err != nil {
		t.Fatal(err)
	}
	shares, err := p.Shares(3)
	if err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][]int{{0, 1}, {0, 2}, {1, 2}} {
		b, err := shamir.Combine([]shamir.Share{shares[pair[0]], shares[pair[1]]})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Open(&b, obj, []byte("aad")); err != nil {
			t.Fatalf("shares %v: %v", pair, err)
		}
	}
	for _, s := range shares {
		// t − 1 = 1 share: whatever the holder makes of it alone, it is not the key.
		b, err := shamir.Combine([]shamir.Share{s})
		if err != nil {
			continue
		}
		if _, err := Open(&b, obj, []byte("aad")); err == nil {
			t.Fatalf("share %d alone opened the backup", s.Index)
		}
	}
}

func TestSecretsEncodingRefusesNearValid(t *testing.T) {
	good, err := secrets().MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"empty":          nil,
		"truncated":      good[:len(good)-1],
		"trailing":       append(bytes.Clone(good), 0),
		"zero length":    append([]byte{0, 0}, good[2:]...),
		"length too big": append([]byte{0xff, 0xff}, good[2:]...),
	}
	for name, b := range cases {
		var s Secrets
		if err := s.UnmarshalBinary(b); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := (&Secrets{Account: []byte{1}}).MarshalBinary(); err == nil {
		t.Error("marshalled secrets with empty fields")
	}
}

func TestSharesRoundTripAndRefusals(t *testing.T) {
	s := Shares{[]byte("one"), bytes.Repeat([]byte{2}, 100), []byte("three")}
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got Shares
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || !bytes.Equal(got[1], s[1]) {
		t.Fatalf("round trip: %q", got)
	}
	for name, bad := range map[string][]byte{
		"magic":    append([]byte("EMRX"), b[4:]...),
		"version":  append(append([]byte("EMRS"), 2), b[5:]...),
		"count 0":  append(append([]byte("EMRS"), 1, 0), b[6:]...),
		"count 17": append(append([]byte("EMRS"), 1, 17), b[6:]...),
		"trailing": append(bytes.Clone(b), 0),
		"short":    b[:len(b)-1],
	} {
		var x Shares
		if err := x.UnmarshalBinary(bad); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := (Shares{}).MarshalBinary(); err == nil {
		t.Error("marshalled no shares")
	}
}

func FuzzOpen(f *testing.F) {
	k := key(7)
	obj, err := Seal(&testRand{}, &k, secrets(), []byte("aad"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(obj)
	f.Add(obj[:headerSize])
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Open(&k, b, []byte("aad"))
		if err == nil && !bytes.Equal(s.Seed, secrets().Seed) {
			t.Fatal("opened a different backup under the same key")
		}
	})
}

func FuzzSecrets(f *testing.F) {
	good, _ := secrets().MarshalBinary()
	f.Add(good)
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Secrets
		if s.UnmarshalBinary(b) != nil {
			return
		}
		again, err := s.MarshalBinary()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("accepted %x but re-encodes to %x (%v)", b, again, err)
		}
	})
}

func FuzzShares(f *testing.F) {
	good, _ := Shares{[]byte("one"), []byte("two")}.MarshalBinary()
	f.Add(good)
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Shares
		if s.UnmarshalBinary(b) != nil {
			return
		}
		again, err := s.MarshalBinary()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("accepted %x but re-encodes to %x (%v)", b, again, err)
		}
	})
}

func BenchmarkSealOpen(b *testing.B) {
	k := key(7)
	s := secrets()
	for b.Loop() {
		obj, err := Seal(nil, &k, s, []byte("aad"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Open(&k, obj, []byte("aad")); err != nil {
			b.Fatal(err)
		}
	}
}

var _ io.Reader = (*testRand)(nil)
