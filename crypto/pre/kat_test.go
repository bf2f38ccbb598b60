package pre

import (
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors.json from the deterministic generator")

const vectorsPath = "testdata/vectors.json"

// vectors are known answers produced by one fixed sequence of calls on a
// ChaCha8 stream: alice's key, bob's key, data key, Encrypt, ReKeyGen. They
// pin the hash functions, encodings and randomness consumption.
type vectors struct {
	Comment      string `json:"comment"`
	Seed         string `json:"seed"`
	DataKey      string `json:"data_key"`
	AliceSK      string `json:"alice_sk"`
	AlicePK      string `json:"alice_pk"`
	BobSK        string `json:"bob_sk"`
	BobPK        string `json:"bob_pk"`
	Ciphertext   string `json:"ciphertext"`
	ReKey        string `json:"rekey"`
	ReCiphertext string `json:"reciphertext"`
}

func generateVectors(t *testing.T, seed byte) vectors {
	t.Helper()
	r := testRand(seed)
	alice, bob := mustKey(t, r), mustKey(t, r)
	dk := testDataKey(r)
	ct, err := Encrypt(r, alice.Public(), dk)
	if err != nil {
		t.Fatal(err)
	}
	rk, err := ReKeyGen(r, alice, bob.Public())
	if err != nil {
		t.Fatal(err)
	}
	rct, err := ReEncrypt(rk, ct)
	if err != nil {
		t.Fatal(err)
	}
	hexOf := func(v interface{ MarshalBinary() ([]byte, error) }) string {
		b, err := v.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		return hex.EncodeToString(b)
	}
	return vectors{
		Comment:      "CWYD PRE over secp256k1; randomness: math/rand/v2 ChaCha8 with seed [32]byte{seed}; calls: GenerateKey(alice), GenerateKey(bob), Read(data key), Encrypt(alice), ReKeyGen(alice→bob), ReEncrypt",
		Seed:         hex.EncodeToString([]byte{seed}),
		DataKey:      hex.EncodeToString(dk[:]),
		AliceSK:      hexOf(alice),
		AlicePK:      hexOf(alice.Public()),
		BobSK:        hexOf(bob),
		BobPK:        hexOf(bob.Public()),
		Ciphertext:   hexOf(ct),
		ReKey:        hexOf(rk),
		ReCiphertext: hexOf(rct),
	}
}

func TestKnownAnswers(t *testing.T) {
	got := generateVectors(t, 42)
	if *update {
		b, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(vectorsPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(vectorsPath, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(vectorsPath)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	var want vectors
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("deterministic output changed:\n got %+v\nwant %+v", got, want)
	}

	// The stored bytes decrypt on their own, independently of the generator.
	unhex := func(s string) []byte {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var alice, bob PrivateKey
	var alicePK PublicKey
	var ct Ciphertext
	var rk ReKey
	var rct ReCiphertext
	for _, p := range []struct {
		into interface{ UnmarshalBinary([]byte) error }
		hex  string
	}{{&alice, want.AliceSK}, {&bob, want.BobSK}, {&alicePK, want.AlicePK}, {&ct, want.Ciphertext}, {&rk, want.ReKey}, {&rct, want.ReCiphertext}} {
		if err := p.into.UnmarshalBinary(unhex(p.hex)); err != nil {
			t.Fatal(err)
		}
	}
	dk := [DataKeySize]byte(unhex(want.DataKey))
	if !alice.Public().Equal(&alicePK) {
		t.Fatal("stored public key does not match stored private key")
	}
	if m, err := alice.Decrypt(&ct); err != nil || m != dk {
		t.Fatalf("stored ciphertext: %v", err)
	}
	if m, err := bob.DecryptReEncrypted(&rct); err != nil || m != dk {
		t.Fatalf("stored re-encrypted ciphertext: %v", err)
	}
	// ReEncrypt is deterministic, so the stored rekey reproduces the stored
	// re-encryption.
	again, err := ReEncrypt(&rk, &ct)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := again.MarshalBinary()
	if hex.EncodeToString(b) != want.ReCiphertext {
		t.Fatal("ReEncrypt of stored values differs from stored re-encryption")
	}
}
