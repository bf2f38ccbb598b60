package recordkey

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/crypto/pre"
)

func testRand(seed byte) *rand.ChaCha8 { return rand.NewChaCha8([32]byte{seed}) }

func testSeed(t testing.TB, seed byte) *Seed {
	t.Helper()
	s, err := NewSeed(testRand(seed))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testID is record 0x11…, version 1, generation 0 of a registry on chain
// 31337.
func testID() KeyID {
	id := KeyID{ChainID: 31337, Version: 1}
	for i := range id.Registry {
		id.Registry[i] = 0xaa
	}
	for i := range id.RecordID {
		id.RecordID[i] = 0x11
	}
	return id
}

func testDataKey(r *rand.ChaCha8) [pre.DataKeySize]byte {
	var k [pre.DataKeySize]byte
	r.Read(k[:])
	return k
}

func mustDerive(t testing.TB, s *Seed, id KeyID) *pre.PrivateKey {
	t.Helper()
	sk, err := s.Derive(id)
	if err != nil {
		t.Fatal(err)
	}
	return sk
}

// scalars returns a private key's x1 and x2, read from its encoding.
func scalars(t testing.TB, sk *pre.PrivateKey) (x1, x2 fr.Element) {
	t.Helper()
	b, err := sk.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if x1.SetBytesCanonical(b[1:33]) != nil || x2.SetBytesCanonical(b[33:65]) != nil {
		t.Fatal("private key encoding")
	}
	return x1, x2
}

func TestInfoLayout(t *testing.T) {
	id := KeyID{ChainID: 0x0102030405060708, Version: 0x090a0b0c, Generation: 0x0d0e0f10}
	id.Registry[0], id.Registry[19] = 0x21, 0x22
	id.RecordID[0], id.RecordID[31] = 0x31, 0x32
	info := id.Info()
	want := []byte{1, 2, 3, 4, 5, 6, 7, 8}
	want = append(want, id.Registry[:]...)
	want = append(want, id.RecordID[:]...)
	want = append(want, 9, 10, 11, 12, 13, 14, 15, 16)
	if !bytes.Equal(info[:], want) {
		t.Fatalf("info\n got %x\nwant %x", info, want)
	}
}

func TestDeriveIsDeterministic(t *testing.T) {
	s := testSeed(t, 1)
	a, b := mustDerive(t, s, testID()), mustDerive(t, s, testID())
	ab, _ := a.MarshalBinary()
	bb, _ := b.MarshalBinary()
	if !bytes.Equal(ab, bb) {
		t.Fatal("same seed and id gave different keys")
	}
	// A seed restored from its bytes derives the same keys: the backup story.
	raw, _ := s.MarshalBinary()
	var restored Seed
	if err := restored.UnmarshalBinary(raw); err != nil {
		t.Fatal(err)
	}
	if c := mustDerive(t, &restored, testID()); !c.Public().Equal(a.Public()) {
		t.Fatal("restored seed derives another key")
	}
}

// variants returns the test id and ids that differ from it in exactly one
// coordinate (by one bit or one unit), plus the same id under another seed.
func variants() map[string]KeyID {
	base := testID()
	out := map[string]KeyID{"base": base}
	v := base
	v.ChainID++
	out["chain"] = v
	v = base
	v.Registry[19] ^= 1
	out["registry"] = v
	v = base
	v.RecordID[31] ^= 1
	out["record"] = v
	v = base
	v.Version++
	out["version"] = v
	v = base
	v.Generation++
	out["generation"] = v
	return out
}

// TestCoordinatesGiveUnrelatedKeys: changing any one coordinate, or the
// seed, gives another key, and no linear relation between two keys'
// secrets holds across seeds. A relation that held for every seed (say
// x(id2) − x(id1) = a public constant, as with a public additive tweak)
// would let one leaked key give the other.
func TestCoordinatesGiveUnrelatedKeys(t *testing.T) {
	s1, s2 := testSeed(t, 1), testSeed(t, 2)
	type pair struct{ x1, x2 fr.Element }
	keys := map[string]pair{}
	seen := map[string]string{}
	for _, seed := range []struct {
		name string
		s    *Seed
	}{{"seed1", s1}, {"seed2", s2}} {
		for name, id := range variants() {
			sk := mustDerive(t, seed.s, id)
			pk, _ := sk.Public().MarshalBinary()
			label := seed.name + "/" + name
			if prev, dup := seen[string(pk)]; dup {
				t.Fatalf("%s and %s derive the same key", label, prev)
			}
			seen[string(pk)] = label
			x1, x2 := scalars(t, sk)
			keys[label] = pair{x1, x2}
		}
	}
	for name := range variants() {
		if name == "base" {
			continue
		}
		var d1, d2, r1, r2 fr.Element
		a, b := keys["seed1/base"], keys["seed1/"+name]
		c, d := keys["seed2/base"], keys["seed2/"+name]
		d1.Sub(&b.x1, &a.x1)
		d2.Sub(&d.x1, &c.x1)
		if d1.Equal(&d2) {
			t.Errorf("%s: x1 differs from the base key by the same amount under both seeds", name)
		}
		r1.Div(&b.x2, &a.x2)
		r2.Div(&d.x2, &c.x2)
		if r1.Equal(&r2) {
			t.Errorf("%s: x2 is the same multiple of the base key's under both seeds", name)
		}
	}
}

// nonHardened is the derivation the package documentation warns against:
// child secret = parent secret + H(parent public key, id), so the child's
// public key is computable from public data alone.
func nonHardened(t testing.TB, parent *pre.PrivateKey, id KeyID) *pre.PrivateKey {
	t.Helper()
	x1, x2 := scalars(t, parent)
	t1, t2 := publicTweak(t, parent.Public(), id)
	x1.Add(&x1, &t1)
	x2.Add(&x2, &t2)
	return keyFromScalars(t, &x1, &x2)
}

func publicTweak(t testing.TB, pk *pre.PublicKey, id KeyID) (t1, t2 fr.Element) {
	t.Helper()
	pkb, _ := pk.MarshalBinary()
	info := id.Info()
	h1 := hashToScalar(append(append([]byte("tweak1"), pkb...), info[:]...))
	h2 := hashToScalar(append(append([]byte("tweak2"), pkb...), info[:]...))
	return h1, h2
}

func keyFromScalars(t testing.TB, x1, x2 *fr.Element) *pre.PrivateKey {
	t.Helper()
	b1, b2 := x1.Bytes(), x2.Bytes()
	enc := append(append([]byte{0x02}, b1[:]...), b2[:]...)
	var sk pre.PrivateKey
	if err := sk.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	return &sk
}

// TestLeakedKeyRevealsNoOther: the secret a proxy and a delegatee learn for
// one record version (here, the whole private key) together with every
// public key gives no other key. The same attack against the non-hardened
// derivation recovers the parent and with it every sibling, which is why
// the derivation is hardened.
func TestLeakedKeyRevealsNoOther(t *testing.T) {
	id := testID()
	sibling := id
	sibling.Version++

	// Non-hardened: leaked child − public tweak = parent; parent + tweak' =
	// sibling.
	parent := mustDerive(t, testSeed(t, 3), KeyID{})
	leaked := nonHardened(t, parent, id)
	if got := attackTweak(t, leaked, parent.Public(), id, sibling); !got.Public().Equal(nonHardened(t, parent, sibling).Public()) {
		t.Fatal("the attack on the non-hardened derivation should recover the sibling key")
	}

	// Hardened: the same attack, with every public key known, misses. There
	// is no parent public key; use the sibling's own, and the leaked key's.
	s := testSeed(t, 3)
	leakedH := mustDerive(t, s, id)
	want := mustDerive(t, s, sibling).Public()
	for _, pub := range []*pre.PublicKey{leakedH.Public(), want} {
		if got := attackTweak(t, leakedH, pub, id, sibling); got.Public().Equal(want) {
			t.Fatal("a leaked per-record key gave its sibling")
		}
	}
}

func attackTweak(t testing.TB, leaked *pre.PrivateKey, parentPub *pre.PublicKey, leakedID, target KeyID) *pre.PrivateKey {
	t.Helper()
	x1, x2 := scalars(t, leaked)
	a1, a2 := publicTweak(t, parentPub, leakedID)
	b1, b2 := publicTweak(t, parentPub, target)
	x1.Sub(&x1, &a1).Add(&x1, &b1)
	x2.Sub(&x2, &a2).Add(&x2, &b2)
	return keyFromScalars(t, &x1, &x2)
}

func TestCapsuleSealOpen(t *testing.T) {
	s := testSeed(t, 4)
	r := testRand(5)
	dk := testDataKey(r)
	id := testID()
	c, err := s.Seal(r, id, dk)
	if err != nil {
		t.Fatal(err)
	}
	if c.Generation() != id.Generation {
		t.Fatal("generation not kept")
	}
	if !c.DelegatingKey().Equal(mustDerive(t, s, id).Public()) {
		t.Fatal("capsule key is not the derived key")
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	got, err := s.Open(id, c)
	if err != nil || got != dk {
		t.Fatalf("open: %v", err)
	}
	// The capsule's holder of the derived key decrypts the ciphertext
	// directly, too.
	if m, err := mustDerive(t, s, id).Decrypt(c.Ciphertext()); err != nil || m != dk {
		t.Fatalf("direct decrypt: %v", err)
	}

	b, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != CapsuleSize || b[0] != 0x02 {
		t.Fatalf("encoding: %d bytes, tag %#x", len(b), b[0])
	}
	var back Capsule
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if back.Hash() != c.Hash() {
		t.Fatal("round trip changed the capsule hash")
	}
	if got, err := s.Open(id, &back); err != nil || got != dk {
		t.Fatalf("open round-tripped: %v", err)
	}
}

// TestCapsuleWrongKey: a capsule opens only under its own seed and id.
func TestCapsuleWrongKey(t *testing.T) {
	s := testSeed(t, 4)
	r := testRand(6)
	id := testID()
	c, err := s.Seal(r, id, testDataKey(r))
	if err != nil {
		t.Fatal(err)
	}
	for name, other := range variants() {
		if name == "base" {
			continue
		}
		if _, err := s.Open(other, c); !errors.Is(err, ErrWrongKey) {
			t.Errorf("opened under another %s: err = %v", name, err)
		}
	}
	if _, err := testSeed(t, 7).Open(id, c); !errors.Is(err, ErrWrongKey) {
		t.Errorf("opened under another seed: err = %v", err)
	}
	// Another key's holder cannot decrypt the ciphertext either.
	if _, err := mustDerive(t, s, variants()["version"]).Decrypt(c.Ciphertext()); err == nil {
		t.Error("another version's key decrypted the capsule")
	}
	if err := c.CheckDelegator(mustDerive(t, s, variants()["record"]).Public()); !errors.Is(err, ErrWrongKey) {
		t.Errorf("delegator of another record accepted: %v", err)
	}
	if err := c.CheckDelegator(c.DelegatingKey()); err != nil {
		t.Errorf("own delegator refused: %v", err)
	}
}

// TestCapsuleTampered: every field of the encoding is covered by parsing or
// by the validity check.
func TestCapsuleTampered(t *testing.T) {
	s := testSeed(t, 4)
	r := testRand(8)
	c, err := s.Seal(r, testID(), testDataKey(r))
	if err != nil {
		t.Fatal(err)
	}
	good, _ := c.MarshalBinary()
	other, err := s.Seal(r, variants()["version"], testDataKey(r))
	if err != nil {
		t.Fatal(err)
	}
	otherB, _ := other.MarshalBinary()

	keyAt, ctAt := 5, 5+pre.PublicKeySize
	cases := map[string][]byte{
		"empty":       nil,
		"short":       good[:len(good)-1],
		"long":        append(append([]byte(nil), good...), 0),
		"tag":         flip(good, 0),
		"key tag":     flip(good, keyAt),
		"key point":   flip(good, keyAt+5),
		"ct tag":      flip(good, ctAt),
		"ct D":        flip(good, ctAt+5),
		"ct E":        flip(good, ctAt+34+5),
		"ct F":        flip(good, ctAt+67+3),
		"ct s":        flip(good, CapsuleSize-1),
		"another key": append(append(append([]byte(nil), good[:keyAt]...), otherB[keyAt:ctAt]...), good[ctAt:]...),
		"another ct":  append(append([]byte(nil), good[:ctAt]...), otherB[ctAt:]...),
	}
	for name, in := range cases {
		var back Capsule
		err := back.UnmarshalBinary(in)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if !errors.Is(err, ErrEncoding) && !errors.Is(err, ErrInvalidCapsule) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	// The generation is not covered by CWYD's check, but it is part of the
	// bytes the chain's capsuleHash pins, and the wrong generation never
	// opens.
	moved := append([]byte(nil), good...)
	moved[4] ^= 1
	var back Capsule
	if err := back.UnmarshalBinary(moved); err != nil {
		t.Fatal(err)
	}
	if back.Hash() == c.Hash() {
		t.Fatal("generation is not in the hash")
	}
	if _, err := s.Open(testID(), &back); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("capsule with a changed generation: err = %v", err)
	}
}

func flip(b []byte, at int) []byte {
	out := append([]byte(nil), b...)
	out[at] ^= 1
	return out
}

func TestZeroValues(t *testing.T) {
	var c Capsule
	if _, err := c.MarshalBinary(); err == nil {
		t.Error("empty capsule marshalled")
	}
	if err := c.Check(); err == nil {
		t.Error("empty capsule passed the check")
	}
	if err := c.CheckDelegator(testSeed(t, 1).mustPublic(t)); err == nil {
		t.Error("empty capsule passed the delegator check")
	}
	var s Seed
	if _, err := s.Derive(testID()); !errors.Is(err, ErrSeed) {
		t.Errorf("zero seed derived: %v", err)
	}
	if _, err := s.MarshalBinary(); !errors.Is(err, ErrSeed) {
		t.Errorf("zero seed marshalled: %v", err)
	}
	if _, err := s.Open(testID(), &c); err == nil {
		t.Error("opened an empty capsule")
	}
	if _, err := NewSeed(bytes.NewReader(make([]byte, SeedSize))); !errors.Is(err, ErrSeed) {
		t.Errorf("all-zero random seed accepted: %v", err)
	}
	if _, err := NewSeed(bytes.NewReader(make([]byte, SeedSize-1))); err == nil {
		t.Error("short randomness accepted")
	}
	live := testSeed(t, 1)
	live.Wipe()
	if _, err := live.Derive(testID()); !errors.Is(err, ErrSeed) {
		t.Errorf("wiped seed still derives: %v", err)
	}
}

func (s *Seed) mustPublic(t testing.TB) *pre.PublicKey {
	return mustDerive(t, s, testID()).Public()
}

func TestSeedUnmarshal(t *testing.T) {
	good := bytes.Repeat([]byte{7}, SeedSize)
	var s Seed
	if err := s.UnmarshalBinary(good); err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string][]byte{
		"empty": nil, "short": good[1:], "long": append(append([]byte(nil), good...), 1),
		"zero": make([]byte, SeedSize),
	} {
		keep := s
		if err := s.UnmarshalBinary(in); !errors.Is(err, ErrEncoding) {
			t.Errorf("%s: err = %v", name, err)
		}
		if !s.Equal(&keep) {
			t.Errorf("%s: seed changed on error", name)
		}
	}
	other := testSeed(t, 9)
	if s.Equal(other) || s.Equal(nil) {
		t.Error("different seeds compare equal")
	}
}

// TestSeedNeverPrints: no fmt verb, JSON or text encoding of a Seed or a
// struct holding one shows its bytes.
func TestSeedNeverPrints(t *testing.T) {
	s := testSeed(t, 10)
	raw, _ := s.MarshalBinary()
	secrets := []string{fmt.Sprintf("%x", raw), fmt.Sprintf("%X", raw), string(raw), fmt.Sprint(raw[:4])}
	holder := struct {
		Seed  *Seed
		Value Seed
	}{s, *s}
	js, _ := json.Marshal(holder)
	outs := []string{string(js)}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		outs = append(outs, fmt.Sprintf(verb, s), fmt.Sprintf(verb, *s), fmt.Sprintf(verb, holder))
	}
	for _, out := range outs {
		for _, sec := range secrets {
			if strings.Contains(out, sec) {
				t.Fatalf("seed bytes printed: %q", out)
			}
		}
	}
}

func TestSeedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "record.seed")
	s := testSeed(t, 11)
	pass := keyfile.NewPassphrase([]byte("seed passphrase"))
	if err := CreateSeedFile(path, testRand(12), s, pass, keyfile.Light); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", st.Mode().Perm())
	}
	raw, _ := s.MarshalBinary()
	onDisk, _ := os.ReadFile(path)
	if bytes.Contains(onDisk, raw) || bytes.Contains(onDisk, []byte(fmt.Sprintf("%x", raw))) {
		t.Fatal("seed stored in the clear")
	}
	kind, err := keyfile.Kind(onDisk)
	if err != nil || kind != KeyfileKind {
		t.Fatalf("kind %q, %v", kind, err)
	}
	got, err := OpenSeedFile(path, pass)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(s) {
		t.Fatal("seed file round trip")
	}
	if _, err := OpenSeedFile(path, keyfile.NewPassphrase([]byte("other"))); !errors.Is(err, keyfile.ErrDecryption) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if err := CreateSeedFile(path, nil, testSeed(t, 13), pass, keyfile.Light); !errors.Is(err, os.ErrExist) {
		t.Fatalf("existing seed file replaced: %v", err)
	}
	// Another kind of secret under the same passphrase is refused.
	other := filepath.Join(dir, "transport.key")
	if err := keyfile.Create(other, nil, "transport-x25519", raw, pass, keyfile.Light); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenSeedFile(other, pass); !errors.Is(err, keyfile.ErrKind) {
		t.Fatalf("transport keyfile opened as a seed: %v", err)
	}
	// A seed file others may read is refused.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenSeedFile(path, pass); !errors.Is(err, keyfile.ErrPermissions) {
		t.Fatalf("world-readable seed file: %v", err)
	}
	if err := CreateSeedFile(filepath.Join(dir, "empty.seed"), nil, &Seed{}, pass, keyfile.Light); !errors.Is(err, ErrSeed) {
		t.Fatalf("empty seed saved: %v", err)
	}
}
