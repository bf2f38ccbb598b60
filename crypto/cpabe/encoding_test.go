package cpabe

import (
	"bytes"
	"encoding"
	"errors"
	"slices"
	"strconv"
	"testing"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fp"
)

func TestMarshalRoundTrip(t *testing.T) {
	pk, msk := authority(t)
	want, ct := encapsulate(t, pk, "role:insurer and (org:acme or org:globex) and 2 of (a:1, b:2, c:3)")
	ak := keyGen(t, msk, "role:insurer", "org:globex", "a:1", "c:3")

	for name, pair := range map[string][2]interface {
		encoding.BinaryMarshaler
		encoding.BinaryUnmarshaler
	}{
		"public key":    {pk, new(PublicKey)},
		"master key":    {msk, new(MasterKey)},
		"attribute key": {ak, new(AttributeKey)},
		"ciphertext":    {ct, new(Ciphertext)},
		"policy":        {ct.Policy(), new(Policy)},
	} {
		b, err := pair[0].MarshalBinary()
		if err != nil {
			t.Fatalf("%s: MarshalBinary: %v", name, err)
		}
		if err := pair[1].UnmarshalBinary(b); err != nil {
			t.Fatalf("%s: UnmarshalBinary: %v", name, err)
		}
		b2, err := pair[1].MarshalBinary()
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("%s: re-encoding differs (%v)", name, err)
		}
	}

	// Decoded objects work together.
	var ak2 AttributeKey
	var ct2 Ciphertext
	var msk2 MasterKey
	mustRoundTrip(t, ak, &ak2)
	mustRoundTrip(t, ct, &ct2)
	mustRoundTrip(t, msk, &msk2)
	if got, err := ak2.Decapsulate(&ct2); err != nil || got != want {
		t.Fatalf("decoded key and ciphertext: %v", err)
	}
	if !slices.Equal(ak2.Attributes(), ak.Attributes()) || ct2.Policy().String() != ct.Policy().String() {
		t.Fatal("decoded attributes or policy differ")
	}
	pkb, _ := pk.MarshalBinary()
	pkb2, _ := msk2.PublicKey().MarshalBinary()
	if !bytes.Equal(pkb, pkb2) {
		t.Fatal("decoded master key derives a different public key")
	}
	if got, err := keyGen(t, &msk2, ak.Attributes()...).Decapsulate(ct); err != nil || got != want {
		t.Fatalf("key from decoded master key: %v", err)
	}
}

func mustRoundTrip(t *testing.T, m encoding.BinaryMarshaler, u encoding.BinaryUnmarshaler) {
	t.Helper()
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if err := u.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
}

// Invalid encodings of points and field elements, each of the right length.
func badG1() map[string][]byte {
	out := map[string][]byte{}
	// An x with no point on the curve.
	for x := uint64(1); ; x++ {
		var fx, rhs fp.Element
		fx.SetUint64(x)
		rhs.Square(&fx).Mul(&rhs, &fx).Add(&rhs, new(fp.Element).SetUint64(4))
		if rhs.Legendre() == -1 {
			b := fx.Bytes()
			b[0] |= 0x80
			out["not on curve"] = b[:]
			break
		}
	}
	var f fp.Element
	f.SetUint64(7)
	j := bls.GeneratePointNotInG1(f)
	var a bls.G1Affine
	a.FromJacobian(&j)
	nb := a.Bytes()
	out["not in subgroup"] = nb[:]
	inf := make([]byte, g1Size)
	inf[0] = 0xc0
	out["identity"] = inf
	_, _, g, _ := bls.Generators()
	raw := g.RawBytes()
	out["uncompressed prefix"] = raw[:g1Size]
	nc := g.Bytes()
	for i := 1; i < len(nc); i++ {
		nc[i] = 0xff
	}
	nc[0] = 0x9f // x ≥ p
	out["x not reduced"] = nc[:]
	return out
}

func badG2() map[string][]byte {
	out := map[string][]byte{}
	var f bls.E2
	f.A0.SetUint64(7)
	j := bls.GeneratePointNotInG2(f)
	var a bls.G2Affine
	a.FromJacobian(&j)
	nb := a.Bytes()
	out["not in subgroup"] = nb[:]
	inf := make([]byte, g2Size)
	inf[0] = 0xc0
	out["identity"] = inf
	_, _, _, g := bls.Generators()
	raw := g.RawBytes()
	out["uncompressed prefix"] = raw[:g2Size]
	// Replace x by x+1 until the curve equation has no solution.
	for k := uint64(1); ; k++ {
		var x bls.E2
		x.A0.SetUint64(k)
		var rhs, b bls.E2
		rhs.Square(&x).Mul(&rhs, &x)
		b.A0.SetUint64(4)
		b.A1.SetUint64(4)
		rhs.Add(&rhs, &b)
		if rhs.Legendre() == -1 {
			var p bls.G2Affine
			p.X = x
			enc := p.Bytes()
			enc[0] = enc[0]&0x1f | 0x80
			out["not on curve"] = enc[:]
			break
		}
	}
	return out
}

func badGT() map[string][]byte {
	var z bls.GT
	z.SetOne()
	one := z.Bytes()
	if _, err := z.SetRandom(); err != nil {
		panic(err)
	}
	random := z.Bytes()
	notReduced := bytes.Repeat([]byte{0xff}, gtSize)
	return map[string][]byte{"one": one[:], "not in subgroup": random[:], "not reduced": notReduced}
}

func replaced(b []byte, off int, repl []byte) []byte {
	out := slices.Clone(b)
	copy(out[off:], repl)
	return out
}

func expectInvalid(t *testing.T, what string, u encoding.BinaryUnmarshaler, b []byte) {
	t.Helper()
	if err := u.UnmarshalBinary(b); !errors.Is(err, ErrInvalidEncoding) {
		t.Errorf("%s: UnmarshalBinary = %v, want ErrInvalidEncoding", what, err)
	}
}

func TestUnmarshalRejectsInvalidPoints(t *testing.T) {
	pk, msk := authority(t)
	_, ct := encapsulate(t, pk, "a:1 and b:2")
	ak := keyGen(t, msk, "a:1", "b:2")
	pkb, _ := pk.MarshalBinary()
	akb, _ := ak.MarshalBinary()
	ctb, _ := ct.MarshalBinary()
	policyLen := len(ct.policy.appendBinary(nil))

	g1Offsets := map[string][]int{
		"attribute key": {2 + 3*g2Size, 2 + 3*g2Size + 2*g1Size, len(akb) - g1Size},
		"ciphertext":    {2 + 4 + policyLen + 3*g2Size + 2, len(ctb) - tagSize - g1Size},
	}
	g2Offsets := map[string][]int{
		"public key":    {2, 2 + g2Size},
		"attribute key": {2, 2 + 2*g2Size},
		"ciphertext":    {2 + 4 + policyLen, 2 + 4 + policyLen + 2*g2Size},
	}
	enc := map[string][]byte{"public key": pkb, "attribute key": akb, "ciphertext": ctb}
	fresh := map[string]func() encoding.BinaryUnmarshaler{
		"public key":    func() encoding.BinaryUnmarshaler { return new(PublicKey) },
		"attribute key": func() encoding.BinaryUnmarshaler { return new(AttributeKey) },
		"ciphertext":    func() encoding.BinaryUnmarshaler { return new(Ciphertext) },
	}
	for what, offs := range g1Offsets {
		for _, off := range offs {
			for bad, repl := range badG1() {
				expectInvalid(t, what+" G1 at "+strconv.Itoa(off)+" "+bad, fresh[what](), replaced(enc[what], off, repl))
			}
		}
	}
	for what, offs := range g2Offsets {
		for _, off := range offs {
			for bad, repl := range badG2() {
				expectInvalid(t, what+" G2 at "+strconv.Itoa(off)+" "+bad, fresh[what](), replaced(enc[what], off, repl))
			}
		}
	}
	for _, off := range []int{2 + 2*g2Size, 2 + 2*g2Size + gtSize} {
		for bad, repl := range badGT() {
			expectInvalid(t, "public key GT at "+strconv.Itoa(off)+" "+bad, new(PublicKey), replaced(pkb, off, repl))
		}
	}
}

func TestUnmarshalRejectsLengthsAndStructure(t *testing.T) {
	pk, msk := authority(t)
	_, ct := encapsulate(t, pk, "a:1 and b:2")
	ak := keyGen(t, msk, "a:1", "b:2")
	pkb, _ := pk.MarshalBinary()
	mskb, _ := msk.MarshalBinary()
	akb, _ := ak.MarshalBinary()
	ctb, _ := ct.MarshalBinary()

	for name, c := range map[string]struct {
		enc []byte
		u   func() encoding.BinaryUnmarshaler
	}{
		"public key":    {pkb, func() encoding.BinaryUnmarshaler { return new(PublicKey) }},
		"master key":    {mskb, func() encoding.BinaryUnmarshaler { return new(MasterKey) }},
		"attribute key": {akb, func() encoding.BinaryUnmarshaler { return new(AttributeKey) }},
		"ciphertext":    {ctb, func() encoding.BinaryUnmarshaler { return new(Ciphertext) }},
	} {
		for n := 0; n < len(c.enc); n++ {
			if err := c.u().UnmarshalBinary(c.enc[:n]); err == nil {
				t.Fatalf("%s truncated to %d bytes decoded", name, n)
			}
		}
		expectInvalid(t, name+" with trailing byte", c.u(), append(slices.Clone(c.enc), 0))
		expectInvalid(t, name+" with wrong version", c.u(), replaced(c.enc, 1, []byte{3}))
		expectInvalid(t, name+" with the other version byte", c.u(), replaced(c.enc, 1, []byte{c.enc[1] ^ 3}))
		expectInvalid(t, name+" with wrong type", c.u(), replaced(c.enc, 0, []byte{'X'}))
	}
	// Each type refuses the others' encodings.
	expectInvalid(t, "public key given a ciphertext", new(PublicKey), ctb)
	expectInvalid(t, "attribute key given a master key", new(AttributeKey), mskb)

	// Master key scalars: ≥ r, and a zero a1.
	expectInvalid(t, "master key scalar not reduced", new(MasterKey), replaced(mskb, 2, bytes.Repeat([]byte{0xff}, scalarSize)))
	expectInvalid(t, "master key a1 = 0", new(MasterKey), replaced(mskb, 2, make([]byte, scalarSize)))

	// Attribute key structure: attributes must be valid, sorted and distinct.
	attrsAt := 2 + 3*g2Size + 3*g1Size + 2
	first := attrsAt + 1                     // "a:1"
	second := attrsAt + 1 + 3 + 3*g1Size + 1 // "b:2"
	expectInvalid(t, "attribute key unsorted", new(AttributeKey), replaced(akb, first, []byte("c:1")))
	expectInvalid(t, "attribute key duplicate", new(AttributeKey), replaced(akb, second, []byte("a:1")))
	expectInvalid(t, "attribute key bad attribute", new(AttributeKey), replaced(akb, first, []byte("A:1")))
	expectInvalid(t, "attribute key zero attributes", new(AttributeKey), replaced(akb[:attrsAt], attrsAt-2, []byte{0, 0}))

	// Ciphertext structure: row count must match the policy, and the policy
	// must be canonical.
	policyLen := len(ct.policy.appendBinary(nil))
	countAt := 2 + 4 + policyLen + 3*g2Size
	expectInvalid(t, "ciphertext row count", new(Ciphertext), replaced(ctb, countAt, []byte{0, 3}))
	expectInvalid(t, "ciphertext policy not canonical", new(Ciphertext), replaced(ctb, 6, []byte{1, 'a', ':', '1', ' ', 'A', 'N', 'D'}))
	var c Ciphertext
	if err := c.UnmarshalBinary(replaced(ctb, 7, []byte("a:1 b:2"))); !errors.Is(err, ErrInvalidPolicy) || !errors.Is(err, ErrInvalidEncoding) {
		t.Errorf("ciphertext with bad policy: %v, want ErrInvalidEncoding and ErrInvalidPolicy", err)
	}
}
