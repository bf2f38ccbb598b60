package cpabe

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the known-answer vectors in testdata/")

const katFile = "kat.json"

// katVector is one known-answer test: every output of the scheme for a
// seed, a policy and an attribute set, hex-encoded.
type katVector struct {
	Name         string   `json:"name"`
	Seed         string   `json:"seed"` // seeds the ChaCha8 stream all randomness comes from
	Policy       string   `json:"policy"`
	Attributes   []string `json:"attributes"`
	PublicKey    string   `json:"public_key"`
	MasterKey    string   `json:"master_key"`
	AttributeKey string   `json:"attribute_key"`
	Ciphertext   string   `json:"ciphertext"`
	Key          string   `json:"key"`
	DataKey      string   `json:"data_key"`
	Wrapped      string   `json:"wrapped"`
}

var katInputs = []katVector{
	{Name: "and", Seed: "kat and", Policy: "role:doctor and dept:cardiology and org:hospital-a",
		Attributes: []string{"role:doctor", "dept:cardiology", "org:hospital-a"}},
	{Name: "and-or", Seed: "kat and-or", Policy: "role:insurer and (org:acme or org:globex)",
		Attributes: []string{"role:insurer", "org:globex"}},
	{Name: "threshold", Seed: "kat threshold", Policy: "2 of (dept:cardiology, dept:oncology, role:researcher)",
		Attributes: []string{"dept:oncology", "role:researcher"}},
}

// generateKAT derives every output from the seed alone, in a fixed order of
// draws from the deterministic stream.
func generateKAT(t *testing.T, in katVector) katVector {
	t.Helper()
	r := drbg(in.Seed)
	pk, msk, err := Setup(r)
	if err != nil {
		t.Fatal(err)
	}
	ak, err := msk.KeyGen(r, in.Attributes)
	if err != nil {
		t.Fatal(err)
	}
	p := mustPolicy(t, in.Policy)
	key, ct, err := pk.Encapsulate(r, p)
	if err != nil {
		t.Fatal(err)
	}
	dataKey := sha256.Sum256([]byte(in.Seed + " data key"))
	wrapped, err := Wrap(r, pk, p, dataKey)
	if err != nil {
		t.Fatal(err)
	}
	out := in
	out.PublicKey = marshalHex(t, pk)
	out.MasterKey = marshalHex(t, msk)
	out.AttributeKey = marshalHex(t, ak)
	out.Ciphertext = marshalHex(t, ct)
	out.Key = hex.EncodeToString(key[:])
	out.DataKey = hex.EncodeToString(dataKey[:])
	out.Wrapped = hex.EncodeToString(wrapped)
	return out
}

func marshalHex(t *testing.T, m interface{ MarshalBinary() ([]byte, error) }) string {
	t.Helper()
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func TestKnownAnswers(t *testing.T) {
	path := filepath.Join("testdata", katFile)
	if *update {
		var vs []katVector
		for _, in := range katInputs {
			vs = append(vs, generateKAT(t, in))
		}
		b, err := json.MarshalIndent(vs, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestKnownAnswers -update to create it)", err)
	}
	var stored []katVector
	if err := json.Unmarshal(raw, &stored); err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(katInputs) {
		t.Fatalf("%s has %d vectors, want %d", path, len(stored), len(katInputs))
	}
	for i, want := range stored {
		t.Run(want.Name, func(t *testing.T) {
			// Generation reproduces every byte.
			if got := generateKAT(t, katInputs[i]); !got.equal(want) {
				t.Errorf("regenerated vector differs from %s", path)
			}
			// The stored encodings decode and decrypt to the stored keys,
			// independently of generation.
			var msk MasterKey
			var ak AttributeKey
			var ct Ciphertext
			unmarshalHex(t, want.MasterKey, &msk)
			unmarshalHex(t, want.AttributeKey, &ak)
			unmarshalHex(t, want.Ciphertext, &ct)
			if got := marshalHex(t, msk.PublicKey()); got != want.PublicKey {
				t.Error("stored master key derives a different public key")
			}
			key, err := ak.Decapsulate(&ct)
			if err != nil || hex.EncodeToString(key[:]) != want.Key {
				t.Errorf("Decapsulate of stored vector: %x, %v", key, err)
			}
			wrapped, _ := hex.DecodeString(want.Wrapped)
			dataKey, err := Unwrap(&ak, wrapped)
			if err != nil || hex.EncodeToString(dataKey[:]) != want.DataKey {
				t.Errorf("Unwrap of stored vector: %x, %v", dataKey, err)
			}
		})
	}
}

func unmarshalHex(t *testing.T, s string, u interface{ UnmarshalBinary([]byte) error }) {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := u.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
}

// equal compares vectors field by field (katVector holds a slice, so it
// has no ==).
func (v katVector) equal(w katVector) bool {
	a, _ := json.Marshal(v)
	b, _ := json.Marshal(w)
	return bytes.Equal(a, b)
}

// TestVersion1VectorsStillOpen: ciphertexts and wrapped keys made before the
// version 2 encoding (testdata/kat_v1.json, frozen) still decode, re-encode
// to their own bytes and decrypt; the same ciphertext re-encoded as version
// 2 fails its key confirmation, so each ciphertext has one valid encoding.
func TestVersion1VectorsStillOpen(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "kat_v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var stored []katVector
	if err := json.Unmarshal(raw, &stored); err != nil {
		t.Fatal(err)
	}
	for _, v := range stored {
		var ak AttributeKey
		var ct Ciphertext
		unmarshalHex(t, v.AttributeKey, &ak)
		unmarshalHex(t, v.Ciphertext, &ct)
		if got := marshalHex(t, &ct); got != v.Ciphertext {
			t.Fatalf("%s: version 1 ciphertext re-encodes differently", v.Name)
		}
		key, err := ak.Decapsulate(&ct)
		if err != nil || hex.EncodeToString(key[:]) != v.Key {
			t.Fatalf("%s: Decapsulate: %v", v.Name, err)
		}
		wrapped, _ := hex.DecodeString(v.Wrapped)
		if dk, err := Unwrap(&ak, wrapped); err != nil || hex.EncodeToString(dk[:]) != v.DataKey {
			t.Fatalf("%s: Unwrap: %v", v.Name, err)
		}
		twin := ct
		twin.version = encodingV2
		enc, _ := twin.MarshalBinary()
		var again Ciphertext
		if err := again.UnmarshalBinary(enc); err != nil {
			t.Fatal(err)
		}
		if _, err := ak.Decapsulate(&again); !errors.Is(err, ErrDecryption) {
			t.Fatalf("%s: the version 2 re-encoding decapsulates: %v", v.Name, err)
		}
	}
}
