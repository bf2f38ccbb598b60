package tdec

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/internal/group"
)

var update = flag.Bool("update", false, "rewrite testdata/kat.json")

// katVector is an attribute read end to end, every value hex.
type katVector struct {
	Comment    string   `json:"comment"`
	CommitteeX string   `json:"committee_secret"`
	Committee  string   `json:"committee_key_and_public_shares"`
	Patient    string   `json:"patient"`
	RecordID   string   `json:"record_id"`
	Version    uint32   `json:"version"`
	Policy     string   `json:"policy"`
	PolicyHash string   `json:"policy_hash"`
	Epoch      uint64   `json:"epoch"`
	DataKey    string   `json:"data_key"`
	Gate       string   `json:"gate"`
	Blinding   string   `json:"blinding"`
	Request    string   `json:"request"`
	Shares     []string `json:"shares"`
}

func makeKAT(t *testing.T) katVector {
	w := newWorld(t, true)
	x := w.c.x.Bytes()
	cb := w.c.pubBytes
	bl, req, err := Blind(testRand(100), w.gate.Half(), reqCtx)
	if err != nil {
		t.Fatal(err)
	}
	blb, _ := bl.MarshalBinary()
	rb, _ := req.MarshalBinary()
	v := katVector{
		Comment:    "crypto/tdec: gate object with attribute part and network capsule, and a 2-of-3 read of K2; committee = Y ‖ X_1 ‖ X_2 ‖ X_3; request context 'req', share context 'share'‖member",
		CommitteeX: hex.EncodeToString(x[:]), Committee: hex.EncodeToString(cb),
		Patient: hex.EncodeToString(w.rec.Patient[:]), RecordID: hex.EncodeToString(w.rec.RecordID[:]), Version: w.rec.Version,
		Policy: w.policy.String(), Epoch: w.epoch, DataKey: hex.EncodeToString(w.key[:]),
		Gate: hex.EncodeToString(w.encoded), Blinding: hex.EncodeToString(blb), Request: hex.EncodeToString(rb),
	}
	ph := w.policyHash(t)
	v.PolicyHash = hex.EncodeToString(ph[:])
	for _, s := range w.c.answers(t, w.gate.Half(), req, 1, 3) {
		sb, _ := s.MarshalBinary()
		v.Shares = append(v.Shares, hex.EncodeToString(sb))
	}
	return v
}

// TestKnownAnswer pins every encoding, then opens both committee
// ciphertexts of the vector with the documented formulas alone (x·C1 into
// HKDF-SHA256 and AES-256-GCM), and runs the read through the API.
func TestKnownAnswer(t *testing.T) {
	const path = "testdata/kat.json"
	got := makeKAT(t)
	enc, _ := json.MarshalIndent(got, "", "  ")
	enc = append(enc, '\n')
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, enc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestKnownAnswer -update once)", err)
	}
	if !bytes.Equal(want, enc) {
		t.Fatal("output differs from testdata/kat.json (rerun with -update only if the format change is intended)")
	}
	var v katVector
	if err := json.Unmarshal(want, &v); err != nil {
		t.Fatal(err)
	}
	un := func(s string) []byte {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	gate, committee, dataKey := un(v.Gate), un(v.Committee), un(v.DataKey)
	var x fr.Element
	x.SetBytes(un(v.CommitteeX))
	y := committee[:33] // Y, then X_1 … X_n
	// The two 83-byte ciphertexts at the end of the gate: K2's, then K's.
	openDoc := func(ct, aad []byte) []byte {
		c1, err := group.Decode(ct[2:35])
		if err != nil {
			t.Fatal(err)
		}
		shared := group.MulAffine(&c1, &x)
		s := group.Encode(&shared)
		k, err := hkdf.Key(sha256.New, s[:], []byte("emrchain/tdec/v1"), string(ct[2:35])+string(y), 32)
		if err != nil {
			t.Fatal(err)
		}
		block, _ := aes.NewCipher(k)
		gcm, _ := cipher.NewGCM(block)
		plain, err := gcm.Open(nil, make([]byte, 12), ct[35:], aad)
		if err != nil {
			t.Fatalf("documented formula does not open the ciphertext: %v", err)
		}
		return plain
	}
	rec := append(append(append([]byte(nil), un(v.Patient)...), un(v.RecordID)...), binary.BigEndian.AppendUint32(nil, v.Version)...)
	halfAAD := append(append([]byte("emrchain/gate/abe-half/v1"), rec...), un(v.PolicyHash)...)
	capsuleAAD := append([]byte("emrchain/gate/network-capsule/v1"), rec...)
	k2 := openDoc(gate[len(gate)-2*CiphertextSize:len(gate)-CiphertextSize], halfAAD)
	k := openDoc(gate[len(gate)-CiphertextSize:], capsuleAAD)
	if !bytes.Equal(k, dataKey) {
		t.Fatal("the network capsule does not hold the data key")
	}
	k1, err := hkdf.Key(sha256.New, dataKey, nil, "emrchain/abe-half/v1", 32)
	if err != nil {
		t.Fatal(err)
	}
	for i := range k1 {
		if k1[i]^k2[i] != dataKey[i] {
			t.Fatal("K2 is not K ⊕ HKDF(K, \"emrchain/abe-half/v1\")")
		}
	}
	// The same read through the API, from the vector's bytes.
	var g Gate
	var bl Blinding
	var req Request
	if g.UnmarshalBinary(gate) != nil || bl.UnmarshalBinary(un(v.Blinding)) != nil || req.UnmarshalBinary(un(v.Request)) != nil {
		t.Fatal("vector does not parse")
	}
	var shares []*DecryptionShare
	for _, s := range v.Shares {
		var sh DecryptionShare
		if err := sh.UnmarshalBinary(un(s)); err != nil {
			t.Fatal(err)
		}
		shares = append(shares, &sh)
	}
	w := newWorld(t, true)
	var ph [32]byte
	copy(ph[:], un(v.PolicyHash))
	fromVector, err := NewCommittee(2, committee[:33], committee[33:])
	if err != nil {
		t.Fatal(err)
	}
	got2, _, err := bl.Combine(fromVector, &req, shares, shareCtx, HalfAAD(w.rec, ph))
	if err != nil || !bytes.Equal(got2[:], k2) {
		t.Fatalf("API read of K2: %v", err)
	}
	ak, err := w.msk.KeyGen(testRand(7), []string{"hospital-a/role:doctor", "hospital-a/dept:cardiology", cpabe.EpochAttribute(v.Epoch)})
	if err != nil {
		t.Fatal(err)
	}
	full, err := g.OpenRead(ak, got2)
	if err != nil || !bytes.Equal(full[:], dataKey) {
		t.Fatalf("API read of K: %v", err)
	}
}
