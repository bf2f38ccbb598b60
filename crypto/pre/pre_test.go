package pre

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"
	"testing/iotest"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
)

// testRand is a deterministic source so failures reproduce.
func testRand(seed byte) *rand.ChaCha8 { return rand.NewChaCha8([32]byte{seed}) }

func mustKey(t testing.TB, r *rand.ChaCha8) *PrivateKey {
	t.Helper()
	sk, err := GenerateKey(r)
	if err != nil {
		t.Fatal(err)
	}
	return sk
}

func testDataKey(r *rand.ChaCha8) [DataKeySize]byte {
	var k [DataKeySize]byte
	r.Read(k[:])
	return k
}

type fixture struct {
	alice, bob, carol *PrivateKey
	dataKey           [DataKeySize]byte
	ct                *Ciphertext
	rk                *ReKey // alice → bob
	rct               *ReCiphertext
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	r := testRand(1)
	f := &fixture{alice: mustKey(t, r), bob: mustKey(t, r), carol: mustKey(t, r), dataKey: testDataKey(r)}
	var err error
	if f.ct, err = Encrypt(r, f.alice.Public(), f.dataKey); err != nil {
		t.Fatal(err)
	}
	if f.rk, err = ReKeyGen(r, f.alice, f.bob.Public()); err != nil {
		t.Fatal(err)
	}
	if f.rct, err = ReEncrypt(f.rk, f.ct); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestDelegatorDecrypts(t *testing.T) {
	f := newFixture(t)
	if err := f.ct.Check(f.alice.Public()); err != nil {
		t.Fatalf("honest ciphertext fails the check: %v", err)
	}
	got, err := f.alice.Decrypt(f.ct)
	if err != nil {
		t.Fatal(err)
	}
	if got != f.dataKey {
		t.Fatal("delegator recovered the wrong data key")
	}
}

func TestDelegateeDecryptsAfterReEncrypt(t *testing.T) {
	f := newFixture(t)
	got, err := f.bob.DecryptReEncrypted(f.rct)
	if err != nil {
		t.Fatal(err)
	}
	if got != f.dataKey {
		t.Fatal("delegatee recovered the wrong data key")
	}
	if !f.rk.Delegator().Equal(f.alice.Public()) {
		t.Fatal("rekey does not name its delegator")
	}
}

func TestEncryptionIsRandomised(t *testing.T) {
	f := newFixture(t)
	again, err := Encrypt(nil, f.alice.Public(), f.dataKey)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := f.ct.MarshalBinary()
	b, _ := again.MarshalBinary()
	if bytes.Equal(a, b) {
		t.Fatal("two encryptions of the same key are identical")
	}
	if got, err := f.alice.Decrypt(again); err != nil || got != f.dataKey {
		t.Fatalf("crypto/rand ciphertext: %v", err)
	}
}

// TestProxyLearnsNothing plays the proxy, which holds rk_{A→B}, the
// second-level ciphertext and its own output, and tries every way of turning
// them into the data key that the scheme's algebra suggests.
func TestProxyLearnsNothing(t *testing.T) {
	f := newFixture(t)
	learned := func(m [DataKeySize]byte) bool { return m == f.dataKey }

	// 1. The data key never appears in the clear in anything the proxy sees.
	for name, v := range map[string]interface{ MarshalBinary() ([]byte, error) }{
		"ciphertext": f.ct, "rekey": f.rk, "re-encrypted": f.rct,
	} {
		b, err := v.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, f.dataKey[:]) {
			t.Fatalf("%s contains the data key", name)
		}
	}

	// 2. Unmasking F with H2 of every point the proxy can compute from E, E'
	// and V with the rekey scalar.
	var rkInv fr.Element
	rkInv.Inverse(&f.rk.rk)
	candidates := []secp256k1.G1Jac{
		group.Mul(&f.ct.e, &f.rk.rk), group.Mul(&f.ct.e, &rkInv),
		group.Mul(&f.ct.d, &f.rk.rk), group.Mul(&f.ct.d, &rkInv),
		group.Mul(&f.rct.v, &f.rk.rk), group.Mul(&f.rct.v, &rkInv),
		group.Mul(&f.rct.e, &rkInv),
	}
	for _, p := range []*secp256k1.G1Affine{&f.ct.d, &f.ct.e, &f.rct.e, &f.rct.v} {
		var j secp256k1.G1Jac
		j.FromAffine(p)
		candidates = append(candidates, j)
	}
	for i := range candidates {
		a := group.Affine(&candidates[i])
		enc := group.Encode(&a)
		mask := h2(&enc)
		m, _ := unmask(&mask, &f.ct.f)
		if learned(m) {
			t.Fatalf("candidate %d unmasks the data key", i)
		}
		hb, _ := unmask(&mask, &f.rct.w)
		var h fr.Element
		if h.SetBytesCanonical(hb[:]) == nil && !h.IsZero() {
			// Even a correct h would not do without g^r; try it anyway.
			h.Inverse(&h)
			gr := group.Mul(&f.rct.e, &h)
			gra := group.Affine(&gr)
			enc := group.Encode(&gra)
			mask := h2(&enc)
			if m, _ := unmask(&mask, &f.ct.f); learned(m) {
				t.Fatalf("candidate %d unmasks h and then the data key", i)
			}
		}
	}

	// 3. Private keys built from the rekey scalar, used on both levels.
	one := fr.One()
	for i, pair := range [][2]fr.Element{{f.rk.rk, f.rk.rk}, {f.rk.rk, one}, {one, f.rk.rk}, {rkInv, one}, {one, rkInv}} {
		sk, err := newPrivateKey(&pair[0], &pair[1])
		if err != nil {
			continue
		}
		if m, err := sk.Decrypt(f.ct); err == nil || learned(m) {
			t.Fatalf("rekey-derived key %d decrypts the ciphertext", i)
		}
		if m, err := sk.DecryptReEncrypted(f.rct); !errors.Is(err, ErrDecryption) || learned(m) {
			t.Fatalf("rekey-derived key %d decrypts the re-encrypted ciphertext: %v", i, err)
		}
	}

	// 4. The re-encrypted ciphertext is useless without the delegatee's key,
	// including to the delegator's key.
	for name, sk := range map[string]*PrivateKey{"delegator": f.alice, "stranger": f.carol} {
		if m, err := sk.DecryptReEncrypted(f.rct); !errors.Is(err, ErrDecryption) || learned(m) {
			t.Fatalf("%s decrypts the re-encrypted ciphertext: %v", name, err)
		}
	}
}

func TestWrongDelegatee(t *testing.T) {
	f := newFixture(t)
	if _, err := f.carol.DecryptReEncrypted(f.rct); !errors.Is(err, ErrDecryption) {
		t.Fatalf("carol opened a ciphertext re-encrypted for bob: %v", err)
	}
	// The delegatee cannot open the second-level ciphertext directly either.
	if _, err := f.bob.Decrypt(f.ct); !errors.Is(err, ErrInvalidCiphertext) {
		t.Fatalf("bob opened alice's second-level ciphertext: %v", err)
	}
}

func TestReKeyOnlyForItsDelegator(t *testing.T) {
	f := newFixture(t)
	r := testRand(2)
	carolCT, err := Encrypt(r, f.carol.Public(), f.dataKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReEncrypt(f.rk, carolCT); !errors.Is(err, ErrInvalidCiphertext) {
		t.Fatalf("rekey alice→bob re-encrypted carol's ciphertext: %v", err)
	}
	if err := carolCT.Check(f.alice.Public()); !errors.Is(err, ErrInvalidCiphertext) {
		t.Fatalf("carol's ciphertext passes alice's check: %v", err)
	}
}

// reparse parses b as a ciphertext, returning nil if it is rejected as an
// encoding (which must then be ErrEncoding).
func reparse(t *testing.T, b []byte) *Ciphertext {
	t.Helper()
	var ct Ciphertext
	if err := ct.UnmarshalBinary(b); err != nil {
		if !errors.Is(err, ErrEncoding) {
			t.Fatalf("parse error is not ErrEncoding: %v", err)
		}
		return nil
	}
	return &ct
}

func assertRejected(t *testing.T, f *fixture, ct *Ciphertext, what string) {
	t.Helper()
	if err := ct.Check(f.alice.Public()); !errors.Is(err, ErrInvalidCiphertext) {
		t.Fatalf("%s: proxy check accepted it: %v", what, err)
	}
	if _, err := f.alice.Decrypt(ct); !errors.Is(err, ErrInvalidCiphertext) {
		t.Fatalf("%s: Decrypt accepted it: %v", what, err)
	}
	if _, err := ReEncrypt(f.rk, ct); !errors.Is(err, ErrInvalidCiphertext) {
		t.Fatalf("%s: ReEncrypt accepted it: %v", what, err)
	}
}

func TestTamperedCiphertextRejected(t *testing.T) {
	f := newFixture(t)
	enc, err := f.ct.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	// Every bit position of every byte: either the encoding stops parsing or
	// the check catches it.
	for i := range enc {
		for bit := range 8 {
			b := bytes.Clone(enc)
			b[i] ^= 1 << bit
			if ct := reparse(t, b); ct != nil {
				assertRejected(t, f, ct, "byte flip")
			}
		}
	}
	// Field by field with values that always parse: another valid point for
	// D and E, a different F, s+1.
	r := testRand(3)
	other := mustKey(t, r).Public().p1
	otherEnc := group.Encode(&other)
	tampered := map[string]func(ct *Ciphertext){
		"D": func(ct *Ciphertext) { ct.d, ct.dEnc = other, otherEnc },
		"E": func(ct *Ciphertext) { ct.e, ct.eEnc = other, otherEnc },
		"F": func(ct *Ciphertext) { ct.f[17] ^= 0x80 },
		"s": func(ct *Ciphertext) { one := fr.One(); ct.s.Add(&ct.s, &one) },
		"D↔E": func(ct *Ciphertext) {
			ct.d, ct.e = ct.e, ct.d
			ct.dEnc, ct.eEnc = ct.eEnc, ct.dEnc
		},
	}
	for name, fn := range tampered {
		ct := *f.ct
		fn(&ct)
		assertRejected(t, f, &ct, name)
	}
}

// TestDecryptChecksBeyondValidity builds a ciphertext whose Schnorr-style
// proof is valid but whose r is not H1(m, ω): the public check cannot see
// this, the decryption checks of both levels must.
func TestDecryptChecksBeyondValidity(t *testing.T) {
	f := newFixture(t)
	r := testRand(4)
	pk := f.alice.Public()
	u, _ := randomScalar(r)
	rnd, _ := randomScalar(r) // not H1(m, ω)
	omega, _ := randomHalf(r)
	pts := secp256k1.BatchJacobianToAffineG1([]secp256k1.G1Jac{group.Mul(&pk.b, &u), group.Mul(&pk.b, &rnd), group.BaseMul(&rnd)})
	ct := &Ciphertext{d: pts[0], e: pts[1]}
	ct.dEnc, ct.eEnc = group.Encode(&ct.d), group.Encode(&ct.e)
	gr := group.Encode(&pts[2])
	mask := h2(&gr)
	ct.f = xorMask(&mask, &f.dataKey, &omega)
	c := h3(&ct.dEnc, &ct.eEnc, &ct.f)
	ct.s.Mul(&rnd, &c).Add(&ct.s, &u)

	if err := ct.Check(pk); err != nil {
		t.Fatalf("crafted ciphertext should pass the public check: %v", err)
	}
	if _, err := f.alice.Decrypt(ct); !errors.Is(err, ErrDecryption) {
		t.Fatalf("Decrypt accepted E ≠ B^H1(m, ω): %v", err)
	}
	rct, err := ReEncrypt(f.rk, ct)
	if err != nil {
		t.Fatalf("proxy should re-encrypt a ciphertext that passes its check: %v", err)
	}
	if _, err := f.bob.DecryptReEncrypted(rct); !errors.Is(err, ErrDecryption) {
		t.Fatalf("DecryptReEncrypted accepted E' ≠ g^(H1(m, ω)·h): %v", err)
	}
}

func TestTamperedReCiphertextRejected(t *testing.T) {
	f := newFixture(t)
	enc, err := f.rct.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for i := range enc {
		for bit := range 8 {
			b := bytes.Clone(enc)
			b[i] ^= 1 << bit
			var rct ReCiphertext
			if err := rct.UnmarshalBinary(b); err != nil {
				if !errors.Is(err, ErrEncoding) {
					t.Fatalf("byte %d: parse error is not ErrEncoding: %v", i, err)
				}
				continue
			}
			if m, err := f.bob.DecryptReEncrypted(&rct); !errors.Is(err, ErrDecryption) || m == f.dataKey {
				t.Fatalf("byte %d bit %d: tampered re-encrypted ciphertext accepted: %v", i, bit, err)
			}
		}
	}
	other := f.carol.Public().p2
	for name, fn := range map[string]func(*ReCiphertext){
		"E'":   func(r *ReCiphertext) { r.e, r.eEnc = other, group.Encode(&other) },
		"V":    func(r *ReCiphertext) { r.v, r.vEnc = other, group.Encode(&other) },
		"F":    func(r *ReCiphertext) { r.f[0] ^= 1 },
		"W":    func(r *ReCiphertext) { r.w[63] ^= 1 },
		"E'↔V": func(r *ReCiphertext) { r.e, r.v, r.eEnc, r.vEnc = r.v, r.e, r.vEnc, r.eEnc },
	} {
		rct := *f.rct
		fn(&rct)
		if _, err := f.bob.DecryptReEncrypted(&rct); !errors.Is(err, ErrDecryption) {
			t.Fatalf("%s tampered: %v", name, err)
		}
	}
}

func TestTamperedReKey(t *testing.T) {
	f := newFixture(t)
	one := fr.One()
	other := f.carol.Public().p2
	for name, fn := range map[string]func(*ReKey){
		"rk": func(rk *ReKey) { rk.rk.Add(&rk.rk, &one) },
		"V":  func(rk *ReKey) { rk.v, rk.vEnc = other, group.Encode(&other) },
		"W":  func(rk *ReKey) { rk.w[5] ^= 4 },
	} {
		rk := *f.rk
		fn(&rk)
		rct, err := ReEncrypt(&rk, f.ct)
		if err != nil {
			t.Fatalf("%s: the proxy cannot tell, so it should re-encrypt: %v", name, err)
		}
		if _, err := f.bob.DecryptReEncrypted(rct); !errors.Is(err, ErrDecryption) {
			t.Fatalf("%s tampered: delegatee accepted: %v", name, err)
		}
	}
	// Swapping in another delegator makes the proxy refuse.
	rk := *f.rk
	rk.from = f.carol.pk
	if _, err := ReEncrypt(&rk, f.ct); !errors.Is(err, ErrInvalidCiphertext) {
		t.Fatalf("rekey with a different delegator re-encrypted: %v", err)
	}
}

// TestNoSecondHop shows a first-level ciphertext cannot be fed back to a
// proxy: not by type, not by its bytes, and not by reassembling its fields
// into a second-level layout.
func TestNoSecondHop(t *testing.T) {
	if in := reflect.TypeOf(ReEncrypt).In(1); in != reflect.TypeFor[*Ciphertext]() {
		t.Fatalf("ReEncrypt accepts %v, want only *Ciphertext", in)
	}
	if reflect.TypeFor[*ReCiphertext]().AssignableTo(reflect.TypeOf(ReEncrypt).In(1)) {
		t.Fatal("a *ReCiphertext is assignable to ReEncrypt's input")
	}

	f := newFixture(t)
	rctBytes, err := f.rct.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var ct Ciphertext
	if err := ct.UnmarshalBinary(rctBytes); !errors.Is(err, ErrEncoding) {
		t.Fatalf("re-encrypted bytes parse as a ciphertext: %v", err)
	}
	if err := ct.UnmarshalBinary(rctBytes[:CiphertextSize]); !errors.Is(err, ErrEncoding) {
		t.Fatalf("re-encrypted bytes truncated parse as a ciphertext: %v", err)
	}

	// Forge: D = V, E = E', F = F, s = first half of W. Parses, fails the
	// check for every key that could hold a rekey.
	forged := make([]byte, 0, CiphertextSize)
	forged = append(forged, tagCiphertext)
	forged = append(forged, f.rct.vEnc[:]...)
	forged = append(forged, f.rct.eEnc[:]...)
	forged = append(forged, f.rct.f[:]...)
	var s fr.Element
	s.SetBytes(f.rct.w[:32])
	sb := s.Bytes()
	forged = append(forged, sb[:]...)
	if err := ct.UnmarshalBinary(forged); err != nil {
		t.Fatalf("forged layout should parse so the check is what rejects it: %v", err)
	}
	r := testRand(5)
	bobToCarol, err := ReKeyGen(r, f.bob, f.carol.Public())
	if err != nil {
		t.Fatal(err)
	}
	for name, rk := range map[string]*ReKey{"alice→bob": f.rk, "bob→carol": bobToCarol} {
		if _, err := ReEncrypt(rk, &ct); !errors.Is(err, ErrInvalidCiphertext) {
			t.Fatalf("%s re-encrypted a first-level ciphertext: %v", name, err)
		}
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	f := newFixture(t)
	type codec interface {
		MarshalBinary() ([]byte, error)
		UnmarshalBinary([]byte) error
	}
	cases := []struct {
		name  string
		value codec
		fresh codec
		size  int
	}{
		{"public key", f.alice.Public(), new(PublicKey), PublicKeySize},
		{"private key", f.alice, new(PrivateKey), PrivateKeySize},
		{"ciphertext", f.ct, new(Ciphertext), CiphertextSize},
		{"rekey", f.rk, new(ReKey), ReKeySize},
		{"re-encrypted", f.rct, new(ReCiphertext), ReCiphertextSize},
	}
	for _, c := range cases {
		b, err := c.value.MarshalBinary()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(b) != c.size {
			t.Fatalf("%s: %d bytes, documented %d", c.name, len(b), c.size)
		}
		if err := c.fresh.UnmarshalBinary(b); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		again, _ := c.fresh.MarshalBinary()
		if !bytes.Equal(b, again) {
			t.Fatalf("%s: round trip changed the encoding", c.name)
		}
		if !reflect.DeepEqual(c.value, c.fresh) {
			t.Fatalf("%s: round trip changed the value", c.name)
		}
	}

	// Parsed objects work end to end.
	var sk PrivateKey
	var ct Ciphertext
	var rk ReKey
	var rct ReCiphertext
	b, _ := f.alice.MarshalBinary()
	_ = sk.UnmarshalBinary(b)
	b, _ = f.ct.MarshalBinary()
	_ = ct.UnmarshalBinary(b)
	b, _ = f.rk.MarshalBinary()
	_ = rk.UnmarshalBinary(b)
	if m, err := sk.Decrypt(&ct); err != nil || m != f.dataKey {
		t.Fatalf("parsed delegator key: %v", err)
	}
	out, err := ReEncrypt(&rk, &ct)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = out.MarshalBinary()
	_ = rct.UnmarshalBinary(b)
	if m, err := f.bob.DecryptReEncrypted(&rct); err != nil || m != f.dataKey {
		t.Fatalf("parsed re-encrypted ciphertext: %v", err)
	}
}

func TestUnmarshalRejects(t *testing.T) {
	f := newFixture(t)
	q := fr.Modulus().Bytes() // q itself: the smallest non-canonical scalar
	var identity [group.PointSize]byte
	var offCurve [group.PointSize]byte
	offCurve[0] = 0x02
	offCurve[group.PointSize-1] = 5 // x = 5: 125+7 = 132 is not a square mod p
	if _, err := group.Decode(offCurve[:]); err == nil {
		t.Fatal("test point x=5 is on the curve; pick another")
	}

	pkBytes, _ := f.alice.Public().MarshalBinary()
	skBytes, _ := f.alice.MarshalBinary()
	ctBytes, _ := f.ct.MarshalBinary()
	rkBytes, _ := f.rk.MarshalBinary()
	rctBytes, _ := f.rct.MarshalBinary()

	with := func(b []byte, off int, part []byte) []byte {
		b = bytes.Clone(b)
		copy(b[off:], part)
		return b
	}
	zero32 := make([]byte, 32)
	type target interface{ UnmarshalBinary([]byte) error }
	cases := []struct {
		name string
		into target
		b    []byte
	}{
		{"pk short", new(PublicKey), pkBytes[:PublicKeySize-1]},
		{"pk long", new(PublicKey), append(bytes.Clone(pkBytes), 0)},
		{"pk tag", new(PublicKey), with(pkBytes, 0, []byte{tagCiphertext})},
		{"pk1 identity", new(PublicKey), with(pkBytes, 1, identity[:])},
		{"pk2 off curve", new(PublicKey), with(pkBytes, 1+group.PointSize, offCurve[:])},
		{"pk degenerate", new(PublicKey), degeneratePublicKey(t)},
		{"sk x1 = q", new(PrivateKey), with(skBytes, 1, q)},
		{"sk x2 = 0", new(PrivateKey), with(skBytes, 33, zero32)},
		{"sk tag", new(PrivateKey), with(skBytes, 0, []byte{tagPublicKey})},
		{"sk empty", new(PrivateKey), nil},
		{"ct D identity", new(Ciphertext), with(ctBytes, 1, identity[:])},
		{"ct E off curve", new(Ciphertext), with(ctBytes, 34, offCurve[:])},
		{"ct s = q", new(Ciphertext), with(ctBytes, CiphertextSize-32, q)},
		{"ct tag", new(Ciphertext), with(ctBytes, 0, []byte{tagReCiphertext})},
		{"ct short", new(Ciphertext), ctBytes[:CiphertextSize-1]},
		{"rk delegator off curve", new(ReKey), with(rkBytes, 1, offCurve[:])},
		{"rk scalar zero", new(ReKey), with(rkBytes, 67, zero32)},
		{"rk scalar = q", new(ReKey), with(rkBytes, 67, q)},
		{"rk V identity", new(ReKey), with(rkBytes, 99, identity[:])},
		{"rk tag", new(ReKey), with(rkBytes, 0, []byte{tagPublicKey})},
		{"rk short", new(ReKey), rkBytes[:ReKeySize-1]},
		{"rct E' off curve", new(ReCiphertext), with(rctBytes, 1, offCurve[:])},
		{"rct V identity", new(ReCiphertext), with(rctBytes, 98, identity[:])},
		{"rct tag", new(ReCiphertext), with(rctBytes, 0, []byte{tagCiphertext})},
		{"rct long", new(ReCiphertext), append(bytes.Clone(rctBytes), 1)},
	}
	for _, c := range cases {
		before := reflect.ValueOf(c.into).Elem().Interface()
		if err := c.into.UnmarshalBinary(c.b); !errors.Is(err, ErrEncoding) {
			t.Errorf("%s: got %v, want ErrEncoding", c.name, err)
		}
		if !reflect.DeepEqual(before, reflect.ValueOf(c.into).Elem().Interface()) {
			t.Errorf("%s: failed parse modified the receiver", c.name)
		}
	}
}

// degeneratePublicKey encodes (g^x1, g^x2) with x1 = -x2/H4(g^x2), whose
// base B = g^(x1·H4(pk2)+x2) is the identity.
func degeneratePublicKey(t *testing.T) []byte {
	t.Helper()
	x2 := fr.NewElement(12345)
	p2j := group.BaseMul(&x2)
	p2 := group.Affine(&p2j)
	e2 := group.Encode(&p2)
	h := h4(&e2)
	var x1 fr.Element
	x1.Inverse(&h).Mul(&x1, &x2).Neg(&x1)
	p1j := group.BaseMul(&x1)
	p1 := group.Affine(&p1j)
	e1 := group.Encode(&p1)
	return append(append([]byte{tagPublicKey}, e1[:]...), e2[:]...)
}

func TestZeroValuesRejected(t *testing.T) {
	f := newFixture(t)
	var dk [DataKeySize]byte
	if _, err := Encrypt(nil, new(PublicKey), dk); err == nil {
		t.Error("Encrypt to a zero public key succeeded")
	}
	if _, err := Encrypt(nil, nil, dk); err == nil {
		t.Error("Encrypt to a nil public key succeeded")
	}
	if err := new(Ciphertext).Check(f.alice.Public()); !errors.Is(err, ErrInvalidCiphertext) {
		t.Errorf("zero ciphertext passes the check: %v", err)
	}
	if _, err := f.alice.Decrypt(new(Ciphertext)); !errors.Is(err, ErrInvalidCiphertext) {
		t.Errorf("zero ciphertext decrypts: %v", err)
	}
	if _, err := new(PrivateKey).Decrypt(f.ct); err == nil {
		t.Error("zero private key decrypts")
	}
	if _, err := ReEncrypt(new(ReKey), f.ct); err == nil {
		t.Error("zero rekey re-encrypts")
	}
	if _, err := ReEncrypt(nil, f.ct); err == nil {
		t.Error("nil rekey re-encrypts")
	}
	if _, err := f.bob.DecryptReEncrypted(new(ReCiphertext)); !errors.Is(err, ErrDecryption) {
		t.Errorf("zero re-encrypted ciphertext decrypts: %v", err)
	}
	if _, err := ReKeyGen(nil, new(PrivateKey), f.bob.Public()); err == nil {
		t.Error("rekey from a zero private key")
	}
	for name, v := range map[string]interface{ MarshalBinary() ([]byte, error) }{
		"pk": new(PublicKey), "sk": new(PrivateKey), "ct": new(Ciphertext), "rk": new(ReKey), "rct": new(ReCiphertext),
	} {
		if _, err := v.MarshalBinary(); err == nil {
			t.Errorf("zero %s marshals", name)
		}
	}
}

func TestRandomnessFailure(t *testing.T) {
	f := newFixture(t)
	boom := errors.New("entropy source broke")
	for name, fn := range map[string]func() error{
		"GenerateKey": func() error { _, err := GenerateKey(iotest.ErrReader(boom)); return err },
		"Encrypt":     func() error { _, err := Encrypt(iotest.ErrReader(boom), f.alice.Public(), f.dataKey); return err },
		"Encrypt ω": func() error {
			_, err := Encrypt(io48(), f.alice.Public(), f.dataKey)
			return err
		},
		"ReKeyGen": func() error { _, err := ReKeyGen(iotest.ErrReader(boom), f.alice, f.bob.Public()); return err },
	} {
		if err := fn(); err == nil {
			t.Errorf("%s succeeded without randomness", name)
		}
	}
}

// io48 yields exactly one scalar's worth of randomness and then EOF.
func io48() *bytes.Reader { return bytes.NewReader(make([]byte, wideBytes)) }
