package transport

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"testing"
	"testing/cryptotest"
	"testing/iotest"

	circl "github.com/cloudflare/circl/hpke"

	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors.json")

func mustKey(t testing.TB, seed byte) *PrivateKey {
	t.Helper()
	sk, err := GenerateKey(rand.NewChaCha8([32]byte{seed}))
	if err != nil {
		t.Fatal(err)
	}
	return sk
}

var (
	testInfo = []byte("pre-rekey")
	testAAD  = []byte("patient 0x1234 → proxy, token 7")
	testMsg  = []byte("a re-encryption key, or a CP-ABE key, a few hundred bytes long")
)

func TestRoundTrip(t *testing.T) {
	sk := mustKey(t, 1)
	for _, msg := range [][]byte{nil, {}, {0}, testMsg, bytes.Repeat([]byte{0xa5}, 1<<16)} {
		ct, err := Seal(sk.Public(), testInfo, msg, testAAD)
		if err != nil {
			t.Fatal(err)
		}
		if len(ct) != len(msg)+Overhead {
			t.Fatalf("ciphertext %d bytes for %d-byte plaintext, want overhead %d", len(ct), len(msg), Overhead)
		}
		got, err := Open(sk, testInfo, ct, testAAD)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, msg) {
			t.Fatal("round trip changed the plaintext")
		}
	}
}

func TestSealIsRandomised(t *testing.T) {
	pk := mustKey(t, 1).Public()
	a, _ := Seal(pk, testInfo, testMsg, testAAD)
	b, _ := Seal(pk, testInfo, testMsg, testAAD)
	if bytes.Equal(a, b) {
		t.Fatal("two seals of the same message are identical")
	}
}

func TestWrongKey(t *testing.T) {
	ct, err := Seal(mustKey(t, 1).Public(), testInfo, testMsg, testAAD)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(mustKey(t, 2), testInfo, ct, testAAD); !errors.Is(err, ErrDecryption) {
		t.Fatalf("opened with the wrong key: %v", err)
	}
}

func TestWrongInfoOrAAD(t *testing.T) {
	sk := mustKey(t, 1)
	ct, err := Seal(sk.Public(), testInfo, testMsg, testAAD)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][2][]byte{
		"other info":  {[]byte("cpabe-key"), testAAD},
		"empty info":  {nil, testAAD},
		"other aad":   {testInfo, []byte("patient 0x1234 → proxy, token 8")},
		"missing aad": {testInfo, nil},
		// The label is prepended by Open itself; a caller repeating it names
		// a different purpose.
		"info with label": {append([]byte("emrchain/transport/v1"), testInfo...), testAAD},
	}
	for name, c := range cases {
		if _, err := Open(sk, c[0], ct, c[1]); !errors.Is(err, ErrDecryption) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestTamperEveryByte(t *testing.T) {
	sk := mustKey(t, 1)
	ct, err := Seal(sk.Public(), testInfo, testMsg, testAAD)
	if err != nil {
		t.Fatal(err)
	}
	// Covers the version byte, the encapsulated key, the body and the tag.
	for i := range ct {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			b := bytes.Clone(ct)
			b[i] ^= mask
			if _, err := Open(sk, testInfo, b, testAAD); !errors.Is(err, ErrDecryption) {
				t.Fatalf("byte %d ^ %#x accepted: %v", i, mask, err)
			}
		}
	}
}

func TestTruncationAndExtension(t *testing.T) {
	sk := mustKey(t, 1)
	ct, err := Seal(sk.Public(), testInfo, testMsg, testAAD)
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(ct) {
		if _, err := Open(sk, testInfo, ct[:n], testAAD); !errors.Is(err, ErrDecryption) {
			t.Fatalf("truncated to %d bytes accepted: %v", n, err)
		}
	}
	if _, err := Open(sk, testInfo, append(bytes.Clone(ct), 0), testAAD); !errors.Is(err, ErrDecryption) {
		t.Fatalf("extended ciphertext accepted: %v", err)
	}
}

func TestKeyEncodings(t *testing.T) {
	sk := mustKey(t, 1)
	skBytes, err := sk.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	pkBytes, err := sk.Public().MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if len(skBytes) != PrivateKeySize || len(pkBytes) != PublicKeySize {
		t.Fatalf("sizes %d/%d, want %d/%d", len(skBytes), len(pkBytes), PrivateKeySize, PublicKeySize)
	}
	var sk2 PrivateKey
	var pk2 PublicKey
	if err := sk2.UnmarshalBinary(skBytes); err != nil {
		t.Fatal(err)
	}
	if err := pk2.UnmarshalBinary(pkBytes); err != nil {
		t.Fatal(err)
	}
	if !sk2.Public().Equal(&pk2) || !pk2.Equal(sk.Public()) {
		t.Fatal("round trip changed the key")
	}
	ct, _ := Seal(&pk2, testInfo, testMsg, testAAD)
	if got, err := Open(&sk2, testInfo, ct, testAAD); err != nil || !bytes.Equal(got, testMsg) {
		t.Fatalf("parsed keys do not work: %v", err)
	}

	p := []byte{0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}
	highBit := bytes.Clone(pkBytes)
	highBit[31] |= 0x80
	one := make([]byte, 32)
	one[0] = 1
	// A point of order 8 (RFC 7748 §6.1 lists the small-order u values).
	order8, _ := hex.DecodeString("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")
	badPK := map[string][]byte{
		"short":    pkBytes[:31],
		"long":     append(bytes.Clone(pkBytes), 0),
		"u = p":    p,
		"high bit": highBit,
		"zero":     make([]byte, 32),
		"u = 1":    one,
		"order 8":  order8,
		"empty":    nil,
	}
	for name, b := range badPK {
		var pk PublicKey
		if err := pk.UnmarshalBinary(b); !errors.Is(err, ErrKey) {
			t.Errorf("public key %s: got %v, want ErrKey", name, err)
		}
		if pk.k != nil {
			t.Errorf("public key %s: failed parse modified the receiver", name)
		}
	}
	for _, n := range []int{0, 31, 33} {
		var k PrivateKey
		if err := k.UnmarshalBinary(make([]byte, n)); !errors.Is(err, ErrKey) {
			t.Errorf("private key of %d bytes: %v", n, err)
		}
	}
	// Zero values fail cleanly.
	if _, err := new(PublicKey).MarshalBinary(); !errors.Is(err, ErrKey) {
		t.Error("empty public key marshals")
	}
	if _, err := new(PrivateKey).MarshalBinary(); !errors.Is(err, ErrKey) {
		t.Error("empty private key marshals")
	}
	if _, err := Seal(new(PublicKey), testInfo, testMsg, nil); !errors.Is(err, ErrKey) {
		t.Error("seal to an empty key")
	}
	if _, err := Open(new(PrivateKey), testInfo, ct, nil); !errors.Is(err, ErrKey) {
		t.Error("open with an empty key")
	}
}

func TestGenerateKeyRandomness(t *testing.T) {
	a, b := mustKey(t, 3), mustKey(t, 3)
	if !a.Public().Equal(b.Public()) {
		t.Fatal("same seed, different keys: the reader is not what the key comes from")
	}
	if mustKey(t, 4).Public().Equal(a.Public()) {
		t.Fatal("different seeds, same key")
	}
	if _, err := GenerateKey(iotest.ErrReader(errors.New("no entropy"))); err == nil {
		t.Fatal("GenerateKey succeeded without randomness")
	}
	if _, err := GenerateKey(nil); err != nil {
		t.Fatal(err)
	}
}

// TestInteropCircl opens our messages with an independent RFC 9180
// implementation and the other way round, which pins the wire format to the
// standard: version byte, then enc, then the AEAD output of the single-shot
// context.
func TestInteropCircl(t *testing.T) {
	sk := mustKey(t, 5)
	skBytes, _ := sk.MarshalBinary()
	pkBytes, _ := sk.Public().MarshalBinary()
	s := circl.NewSuite(circl.KEM_X25519_HKDF_SHA256, circl.KDF_HKDF_SHA256, circl.AEAD_AES256GCM)
	scheme := circl.KEM_X25519_HKDF_SHA256.Scheme()
	csk, err := scheme.UnmarshalBinaryPrivateKey(skBytes)
	if err != nil {
		t.Fatal(err)
	}
	cpk, err := scheme.UnmarshalBinaryPublicKey(pkBytes)
	if err != nil {
		t.Fatal(err)
	}

	ct, err := Seal(sk.Public(), testInfo, testMsg, testAAD)
	if err != nil {
		t.Fatal(err)
	}
	recv, err := s.NewReceiver(csk, fullInfo(testInfo))
	if err != nil {
		t.Fatal(err)
	}
	opener, err := recv.Setup(ct[1 : 1+encSize])
	if err != nil {
		t.Fatal(err)
	}
	got, err := opener.Open(ct[1+encSize:], testAAD)
	if err != nil || !bytes.Equal(got, testMsg) {
		t.Fatalf("circl cannot open our message: %v", err)
	}

	send, err := s.NewSender(cpk, fullInfo(testInfo))
	if err != nil {
		t.Fatal(err)
	}
	enc, sealer, err := send.Setup(rand.NewChaCha8([32]byte{6}))
	if err != nil {
		t.Fatal(err)
	}
	body, err := sealer.Seal(testMsg, testAAD)
	if err != nil {
		t.Fatal(err)
	}
	wire := append(append([]byte{version1}, enc...), body...)
	if got, err := Open(sk, testInfo, wire, testAAD); err != nil || !bytes.Equal(got, testMsg) {
		t.Fatalf("we cannot open circl's message: %v", err)
	}
}

type vector struct {
	Comment    string `json:"comment"`
	PrivateKey string `json:"private_key"`
	PublicKey  string `json:"public_key"`
	Info       string `json:"info"`
	AAD        string `json:"aad"`
	Plaintext  string `json:"plaintext"`
	Ciphertext string `json:"ciphertext"`
}

const vectorsPath = "testdata/vectors.json"

// TestKnownAnswers checks stored messages still open to the stored
// plaintexts. The ciphertexts were produced once with -update under
// cryptotest.SetGlobalRandom; they are not regenerated on every run because
// crypto/hpke does not promise how it consumes randomness across Go releases,
// and a changed ephemeral key is not a regression.
func TestKnownAnswers(t *testing.T) {
	if *update {
		cryptotest.SetGlobalRandom(t, 2026)
		var vs []vector
		for i, c := range []struct{ info, aad, msg []byte }{
			{testInfo, testAAD, testMsg},
			{[]byte("cpabe-key"), nil, bytes.Repeat([]byte{0x42}, 300)},
			{nil, nil, nil},
		} {
			sk := mustKey(t, byte(10+i))
			ct, err := Seal(sk.Public(), c.info, c.msg, c.aad)
			if err != nil {
				t.Fatal(err)
			}
			skb, _ := sk.MarshalBinary()
			pkb, _ := sk.Public().MarshalBinary()
			vs = append(vs, vector{
				Comment:    "HPKE base, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM; wire = 0x01 ‖ enc ‖ ct; HPKE info = \"emrchain/transport/v1\" ‖ info",
				PrivateKey: hex.EncodeToString(skb), PublicKey: hex.EncodeToString(pkb),
				Info: hex.EncodeToString(c.info), AAD: hex.EncodeToString(c.aad),
				Plaintext: hex.EncodeToString(c.msg), Ciphertext: hex.EncodeToString(ct),
			})
		}
		b, _ := json.MarshalIndent(vs, "", "  ")
		if err := os.WriteFile(vectorsPath, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(vectorsPath)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	var vs []vector
	if err := json.Unmarshal(raw, &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		t.Fatal("no vectors")
	}
	unhex := func(s string) []byte {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for i, v := range vs {
		var sk PrivateKey
		var pk PublicKey
		if err := sk.UnmarshalBinary(unhex(v.PrivateKey)); err != nil {
			t.Fatal(err)
		}
		if err := pk.UnmarshalBinary(unhex(v.PublicKey)); err != nil {
			t.Fatal(err)
		}
		if !sk.Public().Equal(&pk) {
			t.Fatalf("vector %d: public key does not match private key", i)
		}
		got, err := Open(&sk, unhex(v.Info), unhex(v.Ciphertext), unhex(v.AAD))
		if err != nil {
			t.Fatalf("vector %d: %v", i, err)
		}
		if !bytes.Equal(got, unhex(v.Plaintext)) {
			t.Fatalf("vector %d: wrong plaintext", i)
		}
	}
}

func FuzzOpen(f *testing.F) {
	sk := mustKey(f, 1)
	ct, _ := Seal(sk.Public(), testInfo, testMsg, testAAD)
	fuzzcorpus.Add(f, ct, testInfo, testAAD)
	fuzzcorpus.Add(f, []byte{version1}, []byte{}, []byte{})
	// The right ciphertext under the wrong info or aad, and one bit flipped in the version,
	// the encapsulated key, the body and the tag.
	fuzzcorpus.Add(f, ct, []byte("emrchain/other/v1"), testAAD)
	fuzzcorpus.Add(f, ct, testInfo, append(append([]byte(nil), testAAD...), 0))
	for _, m := range fuzzcorpus.Mutations(ct, 0, 1, 33, len(ct)-1) {
		fuzzcorpus.Add(f, m, testInfo, testAAD)
	}
	f.Fuzz(func(t *testing.T, ct, info, aad []byte) {
		got, err := Open(sk, info, ct, aad)
		if err != nil {
			if !errors.Is(err, ErrDecryption) {
				t.Fatalf("error is not ErrDecryption: %v", err)
			}
			return
		}
		// A forgery is out of reach for a fuzzer; only the seed opens.
		if !bytes.Equal(got, testMsg) {
			t.Fatalf("opened to an unexpected plaintext %q", got)
		}
	})
}

func FuzzPublicKey(f *testing.F) {
	pkb, _ := mustKey(f, 1).Public().MarshalBinary()
	fuzzcorpus.Bytes(f, pkb)
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(pkb, 0, 31)...)
	fuzzcorpus.Bytes(f, lowOrderX25519()...)
	f.Fuzz(func(t *testing.T, b []byte) {
		var pk PublicKey
		if err := pk.UnmarshalBinary(b); err != nil {
			if !errors.Is(err, ErrKey) {
				t.Fatalf("error is not ErrKey: %v", err)
			}
			return
		}
		again, _ := pk.MarshalBinary()
		if !bytes.Equal(again, b) {
			t.Fatal("non-canonical public key accepted")
		}
		if _, err := Seal(&pk, nil, []byte("x"), nil); err != nil {
			t.Fatalf("accepted key cannot be sealed to: %v", err)
		}
	})
}

func FuzzPrivateKey(f *testing.F) {
	skb, _ := mustKey(f, 1).MarshalBinary()
	fuzzcorpus.Bytes(f, skb, make([]byte, 32))
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(skb, 0, 31)...)
	f.Fuzz(func(t *testing.T, b []byte) {
		var sk PrivateKey
		if err := sk.UnmarshalBinary(b); err != nil {
			if !errors.Is(err, ErrKey) {
				t.Fatalf("error is not ErrKey: %v", err)
			}
			return
		}
		// The clamped encoding denotes the same key.
		enc, _ := sk.MarshalBinary()
		var again PrivateKey
		if err := again.UnmarshalBinary(enc); err != nil || !again.Public().Equal(sk.Public()) {
			t.Fatalf("re-encoding changed the key: %v", err)
		}
	})
}

// lowOrderX25519 are the encodings of X25519's small-order points and of p−1, p and p+1
// (libsodium's blocklist): a shared secret with any of them is fixed whatever the private key.
func lowOrderX25519() [][]byte {
	hexes := []string{
		"0000000000000000000000000000000000000000000000000000000000000000",
		"0100000000000000000000000000000000000000000000000000000000000000",
		"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
		"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	}
	out := make([][]byte, len(hexes))
	for i, h := range hexes {
		out[i], _ = hex.DecodeString(h)
	}
	return out
}

func BenchmarkSeal(b *testing.B) {
	pk := mustKey(b, 1).Public()
	msg := make([]byte, 512)
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		if _, err := Seal(pk, testInfo, msg, testAAD); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	sk := mustKey(b, 1)
	msg := make([]byte, 512)
	ct, _ := Seal(sk.Public(), testInfo, msg, testAAD)
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		if _, err := Open(sk, testInfo, ct, testAAD); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnmarshalPublicKey(b *testing.B) {
	pkb, _ := mustKey(b, 1).Public().MarshalBinary()
	for b.Loop() {
		var pk PublicKey
		if err := pk.UnmarshalBinary(pkb); err != nil {
			b.Fatal(err)
		}
	}
}
