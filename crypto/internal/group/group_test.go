package group

import (
	"bytes"
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fp"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"
	dcrd "github.com/decred/dcrd/dcrec/secp256k1/v4"
	ethcrypto "github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/crypto/internal/nearvalid"
	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

func testScalars(t testing.TB, n int) []fr.Element {
	t.Helper()
	r := rand.NewChaCha8([32]byte{7})
	out := make([]fr.Element, n)
	for i := range out {
		var b [48]byte
		r.Read(b[:])
		out[i] = ScalarFromWide(b[:])
	}
	// Edge scalars: small, q-1 and values with long runs of ones/zeros
	// exercise the recoding carries.
	var qm1 fr.Element
	qm1.SetBigInt(qMinusOne)
	var allOnes fr.Element
	allOnes.SetBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(1)))
	return append(out, fr.NewElement(1), fr.NewElement(2), fr.NewElement(15), fr.NewElement(16), fr.NewElement(0), qm1, allOnes)
}

// reference is gnark-crypto's own multiplication, which the fast paths must
// agree with.
func reference(p *secp256k1.G1Affine, k *fr.Element) secp256k1.G1Affine {
	var out secp256k1.G1Affine
	var kb big.Int
	return *out.ScalarMultiplication(p, k.BigInt(&kb))
}

func TestEndomorphismConstants(t *testing.T) {
	_, g := secp256k1.Generators()
	var lam fr.Element
	lam.SetBigInt(&lambda)
	want := reference(&g, &lam)
	got := g
	got.X.Mul(&got.X, &beta)
	if !got.Equal(&want) {
		t.Fatal("φ(G) ≠ [λ]G: GLV constants are wrong")
	}
}

func TestBaseMul(t *testing.T) {
	_, g := secp256k1.Generators()
	for i, k := range testScalars(t, 64) {
		got := BaseMul(&k)
		ga := Affine(&got)
		want := reference(&g, &k)
		if !ga.Equal(&want) {
			t.Fatalf("scalar %d: BaseMul disagrees with reference", i)
		}
	}
}

// TestTableReuse: one table multiplies its point by many scalars, each as
// Mul would, and is not changed by use.
func TestTableReuse(t *testing.T) {
	_, g := secp256k1.Generators()
	ks := testScalars(t, 32)
	p := reference(&g, &ks[3])
	tab := NewTable(&p)
	before := *tab
	for i := range ks {
		got := tab.Mul(&ks[i])
		ga := Affine(&got)
		want := reference(&p, &ks[i])
		if !ga.Equal(&want) {
			t.Fatalf("scalar %d: Table.Mul disagrees with reference", i)
		}
	}
	if *tab != before {
		t.Fatal("multiplying changed the table")
	}
}

func TestMul(t *testing.T) {
	_, g := secp256k1.Generators()
	ks := testScalars(t, 64)
	for i := range ks {
		p := reference(&g, &ks[(i+1)%len(ks)])
		if p.IsInfinity() {
			continue
		}
		got := Mul(&p, &ks[i])
		ga := Affine(&got)
		want := reference(&p, &ks[i])
		if !ga.Equal(&want) {
			t.Fatalf("scalar %d: Mul disagrees with reference", i)
		}
	}
}

func TestMulAdd(t *testing.T) {
	_, g := secp256k1.Generators()
	ks := testScalars(t, 32)
	for i := range ks {
		k1, k2 := ks[i], ks[(i+5)%len(ks)]
		p1 := reference(&g, &ks[(i+1)%len(ks)])
		p2 := reference(&g, &ks[(i+2)%len(ks)])
		if p1.IsInfinity() || p2.IsInfinity() {
			continue
		}
		got := MulAdd(&p1, &k1, &p2, &k2)
		ga := Affine(&got)
		a, b := reference(&p1, &k1), reference(&p2, &k2)
		var want secp256k1.G1Affine
		want.Add(&a, &b)
		if !ga.Equal(&want) {
			t.Fatalf("pair %d: MulAdd disagrees with reference", i)
		}
	}
	// [k]P + [-k]P must be the identity.
	p := reference(&g, &ks[0])
	var negK fr.Element
	negK.Neg(&ks[3])
	id := MulAdd(&p, &ks[3], &p, &negK)
	if !id.Z.IsZero() {
		t.Fatal("[k]P + [-k]P is not the identity")
	}
}

// TestEncodeMatchesSEC1 cross-checks the compressed encoding against an
// independent secp256k1 implementation.
func TestEncodeMatchesSEC1(t *testing.T) {
	_, g := secp256k1.Generators()
	for i, k := range testScalars(t, 32) {
		p := reference(&g, &k)
		if p.IsInfinity() {
			continue
		}
		enc := Encode(&p)
		raw := p.RawBytes()
		var x, y dcrd.FieldVal
		x.SetByteSlice(raw[:32])
		y.SetByteSlice(raw[32:])
		want := dcrd.NewPublicKey(&x, &y).SerializeCompressed()
		if !bytes.Equal(enc[:], want) {
			t.Fatalf("point %d: encoding %x, SEC 1 says %x", i, enc, want)
		}
		back, err := Decode(enc[:])
		if err != nil {
			t.Fatalf("point %d: %v", i, err)
		}
		if !back.Equal(&p) {
			t.Fatalf("point %d: decode(encode(p)) ≠ p", i)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	_, g := secp256k1.Generators()
	good := Encode(&g)
	var id secp256k1.G1Affine
	idEnc := Encode(&id)

	pMinus := fp.Modulus()
	var overflow [PointSize]byte
	overflow[0] = 0x02
	pMinus.FillBytes(overflow[1:]) // x = p: not canonical

	// Find an x with no point above it.
	var offCurve [PointSize]byte
	offCurve[0] = 0x02
	for x := uint64(1); ; x++ {
		var xe, rhs fp.Element
		xe.SetUint64(x)
		_, b := secp256k1.CurveCoefficients()
		rhs.Square(&xe).Mul(&rhs, &xe).Add(&rhs, &b)
		if rhs.Legendre() == -1 {
			xb := xe.Bytes()
			copy(offCurve[1:], xb[:])
			break
		}
	}

	cases := map[string][]byte{
		"empty":        nil,
		"short":        good[:PointSize-1],
		"long":         append(good[:], 0),
		"uncompressed": append([]byte{0x04}, good[1:]...),
		"prefix 0x00":  append([]byte{0x00}, good[1:]...),
		"identity":     idEnc[:],
		"x = p":        overflow[:],
		"not on curve": offCurve[:],
	}
	for name, b := range cases {
		if _, err := Decode(b); !errors.Is(err, ErrPoint) {
			t.Errorf("%s: got %v, want ErrPoint", name, err)
		}
	}
}

func TestScalarFromWideNeverZero(t *testing.T) {
	// q-1 reduces to 0 mod (q-1) and must land on 1, not 0.
	qm1 := qMinusOne.Bytes()
	wide := make([]byte, 48)
	copy(wide[48-len(qm1):], qm1)
	s := ScalarFromWide(wide)
	if !s.IsOne() {
		t.Fatalf("ScalarFromWide(q-1) = %s, want 1", s.String())
	}
	s = ScalarFromWide(make([]byte, 48))
	if !s.IsOne() {
		t.Fatalf("ScalarFromWide(0) = %s, want 1", s.String())
	}
}

func FuzzDecode(f *testing.F) {
	_, g := secp256k1.Generators()
	enc := Encode(&g)
	fuzzcorpus.Bytes(f, enc[:])
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(enc[:], 0, 1, PointSize-1)...)
	fuzzcorpus.Bytes(f, nearvalid.Points(enc[:], 0)...)
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Decode(b)
		if err != nil {
			return
		}
		if !p.IsOnCurve() || p.IsInfinity() {
			t.Fatal("Decode accepted a point off the curve")
		}
		if again := Encode(&p); !bytes.Equal(again[:], b) {
			t.Fatalf("non-canonical encoding accepted: %x re-encodes as %x", b, again)
		}
	})
}

func BenchmarkBaseMul(b *testing.B) {
	k := testScalars(b, 1)[0]
	for b.Loop() {
		BaseMul(&k)
	}
}

func BenchmarkMul(b *testing.B) {
	_, g := secp256k1.Generators()
	k := testScalars(b, 1)[0]
	for b.Loop() {
		Mul(&g, &k)
	}
}

func BenchmarkMulAdd(b *testing.B) {
	_, g := secp256k1.Generators()
	ks := testScalars(b, 3)
	p := reference(&g, &ks[2])
	for b.Loop() {
		MulAdd(&g, &ks[0], &p, &ks[1])
	}
}

func BenchmarkDecode(b *testing.B) {
	_, g := secp256k1.Generators()
	enc := Encode(&g)
	for b.Loop() {
		if _, err := Decode(enc[:]); err != nil {
			b.Fatal(err)
		}
	}
}

func TestMultiMul(t *testing.T) {
	_, g := secp256k1.Generators()
	ks := testScalars(t, 16)
	for n := 0; n <= 6; n++ {
		points := make([]secp256k1.G1Affine, n)
		scalars := make([]fr.Element, n)
		var want secp256k1.G1Affine
		for i := range n {
			points[i] = reference(&g, &ks[(i+3)%len(ks)])
			scalars[i] = ks[(i*5+1)%len(ks)]
			term := reference(&points[i], &scalars[i])
			want.Add(&want, &term)
		}
		got := MultiMul(points, scalars)
		ga := Affine(&got)
		if !ga.Equal(&want) {
			t.Fatalf("%d terms: MultiMul disagrees with the sum of products", n)
		}
	}
}

// TestAddressMatchesEthereum checks Address against go-ethereum's own
// derivation of an account address from a public key, through dcrd's
// independent point encoding.
func TestAddressMatchesEthereum(t *testing.T) {
	for i, k := range testScalars(t, 8)[:8] {
		kb := k.Bytes()
		priv := dcrd.PrivKeyFromBytes(kb[:])
		pub := priv.PubKey().SerializeUncompressed() // 0x04 ‖ x ‖ y
		p, err := DecodeUncompressed(pub[1:])
		if err != nil {
			t.Fatalf("key %d: %v", i, err)
		}
		want := ethAddress(pub[1:])
		if got := Address(&p); got != want {
			t.Fatalf("key %d: address %x, want %x", i, got, want)
		}
		enc := EncodeUncompressed(&p)
		if !bytes.Equal(enc[:], pub[1:]) {
			t.Fatalf("key %d: uncompressed encoding differs from SEC 1", i)
		}
	}
}

func TestDecodeUncompressedRejects(t *testing.T) {
	_, g := secp256k1.Generators()
	good := EncodeUncompressed(&g)
	offCurve := good
	offCurve[63] ^= 1
	var pBytes [32]byte
	fp.Modulus().FillBytes(pBytes[:])
	nonCanonical := good
	copy(nonCanonical[:32], pBytes[:])
	for name, in := range map[string][]byte{
		"empty":     nil,
		"short":     good[:63],
		"long":      append(good[:], 0),
		"identity":  make([]byte, 64),
		"off curve": offCurve[:],
		"x = p":     nonCanonical[:],
	} {
		if _, err := DecodeUncompressed(in); !errors.Is(err, ErrPoint) {
			t.Errorf("%s: err = %v, want ErrPoint", name, err)
		}
	}
	if p, err := DecodeUncompressed(good[:]); err != nil || !p.Equal(&g) {
		t.Fatalf("generator does not round-trip: %v", err)
	}
}

func ethAddress(xy []byte) [20]byte {
	return [20]byte(ethcrypto.Keccak256(xy)[12:])
}

func TestDecodeScalar(t *testing.T) {
	q := fr.Modulus().Bytes()
	for name, in := range map[string][]byte{
		"short": make([]byte, 31), "long": make([]byte, 33), "q": q,
		"all ones": bytes.Repeat([]byte{0xff}, 32),
	} {
		if _, err := DecodeScalar(in); !errors.Is(err, ErrScalar) {
			t.Errorf("%s: err = %v, want ErrScalar", name, err)
		}
	}
	for _, k := range testScalars(t, 8) {
		b := k.Bytes()
		got, err := DecodeScalar(b[:])
		if err != nil || !got.Equal(&k) {
			t.Fatalf("round trip of %x: %v", b, err)
		}
	}
}

// TestWnafMatchesGnark: the word-based recoding gives gnark-crypto's digits
// for random values of the GLV halves' size and for edge values.
func TestWnafMatchesGnark(t *testing.T) {
	r := rand.NewChaCha8([32]byte{11})
	var values []*big.Int
	for bitsLen := 1; bitsLen <= 190; bitsLen += 3 {
		for range 20 {
			var b [24]byte
			r.Read(b[:])
			v := new(big.Int).SetBytes(b[:])
			v.Rsh(v, uint(192-bitsLen))
			values = append(values, v)
		}
	}
	for _, e := range []int64{0, 1, 15, 16, 17, 31, 32, 33} {
		values = append(values, big.NewInt(e))
	}
	one := big.NewInt(1)
	for _, k := range []uint{64, 127, 128, 129, 191} {
		values = append(values, new(big.Int).Sub(new(big.Int).Lsh(one, k), one), new(big.Int).Lsh(one, k))
	}
	for _, v := range values {
		var w [3]uint64
		for i, x := range v.Bits() {
			w[i] = uint64(x)
		}
		var got, want [200]int8
		n := wnaf(&w, got[:])
		m := ecc.WnafDecomposition(v, wnafWindow, want[:])
		if n != m || got != want {
			t.Fatalf("wnaf(%s): %v (%d) vs gnark %v (%d)", v, got[:n], n, want[:m], m)
		}
	}
}

// TestSplitGLV: k1 + k2·λ = k for random and edge scalars, with both halves
// below 2^129 (the lattice's bound is about 2^128).
func TestSplitGLV(t *testing.T) {
	ks := testScalars(t, 2000)
	bound := new(big.Int).Lsh(big.NewInt(1), 129)
	for i, k := range ks {
		h := splitGLV(&k)
		var sum fr.Element
		var parts [2]fr.Element
		for j := range 2 {
			v := new(big.Int)
			for w := 2; w >= 0; w-- {
				v.Lsh(v, 64).Or(v, new(big.Int).SetUint64(h[j].abs[w]))
			}
			if v.Cmp(bound) >= 0 {
				t.Fatalf("scalar %d: half %d has %d bits", i, j, v.BitLen())
			}
			if h[j].neg {
				v.Neg(v)
			}
			parts[j].SetBigInt(v)
		}
		sum.Mul(&parts[1], &glvLambda).Add(&sum, &parts[0])
		if !sum.Equal(&k) {
			t.Fatalf("scalar %d: k1 + k2·λ ≠ k", i)
		}
	}
}

// TestBatchAffine agrees with gnark-crypto's conversion, identities
// included.
func TestBatchAffine(t *testing.T) {
	_, g := secp256k1.Generators()
	ks := testScalars(t, 20)
	var jac []secp256k1.G1Jac
	for i := range ks {
		jac = append(jac, Mul(&g, &ks[i]))
		if i%7 == 3 {
			var id secp256k1.G1Jac
			id.X.SetOne()
			id.Y.SetOne()
			jac = append(jac, id)
		}
	}
	got := BatchAffine(jac)
	want := secp256k1.BatchJacobianToAffineG1(jac)
	for i := range want {
		if !got[i].Equal(&want[i]) || got[i].IsInfinity() != jac[i].Z.IsZero() {
			t.Fatalf("point %d differs", i)
		}
	}
	if len(BatchAffine(nil)) != 0 {
		t.Fatal("empty batch")
	}
}
