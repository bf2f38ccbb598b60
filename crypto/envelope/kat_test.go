package envelope

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
)

var update = flag.Bool("update", false, "rewrite testdata vectors")

// katVectors pins the byte format. Plaintexts are the first plaintextSize
// bytes of SHAKE128("kat plaintext"); nonces are the first bytes of
// SHAKE128("kat nonce <name>"). Small envelopes are stored whole so that the
// opening side is checked against stored bytes, not only against Seal.
type katVectors struct {
	DataKey   string        `json:"dataKey"`
	SignerKey string        `json:"signerKey"`
	Signer    string        `json:"signer"`
	AD        string        `json:"ad"`
	Envelopes []katEnvelope `json:"envelopes"`
	Locations []katLocation `json:"locations"`
}

type katEnvelope struct {
	Name            string `json:"name"`
	ChunkSize       int    `json:"chunkSize"`
	PlaintextSize   int64  `json:"plaintextSize"`
	PlaintextSHA256 string `json:"plaintextSHA256"`
	SignatureDigest string `json:"signatureDigest"`
	Signature       string `json:"signature"`
	SealedSize      int64  `json:"sealedSize"`
	SealedSHA256    string `json:"sealedSHA256"`
	Sealed          string `json:"sealed,omitempty"`
}

type katLocation struct {
	CID    string `json:"cid"`
	Sealed string `json:"sealed"`
}

const katStoreLimit = 1024

func computeKAT(t *testing.T) katVectors {
	key := detKey(t, "kat")
	priv := detECDSA(t, "kat")
	signer, err := NewEthereumSigner(priv)
	if err != nil {
		t.Fatal(err)
	}
	ad := []byte("patient 0x00000000000000000000000000000000000000a1 / record 42")
	v := katVectors{
		DataKey: hex.EncodeToString(key[:]), SignerKey: hex.EncodeToString(crypto.FromECDSA(priv)),
		Signer: signer.Address().Hex(), AD: hex.EncodeToString(ad),
	}
	cases := []struct {
		name  string
		n, cs int
	}{
		{"empty", 0, ChunkSize},
		{"short", 100, ChunkSize},
		{"trailer split", minChunkSize - 10, minChunkSize},
		{"one chunk plus one", ChunkSize + 1, ChunkSize},
		{"1 MiB chunks", 3<<20 + 3, maxChunkSize},
	}
	for _, c := range cases {
		plain := detBytes(t, "kat plaintext", c.n)
		var buf bytes.Buffer
		info, err := seal(detReader("kat nonce "+c.name), &buf, bytes.NewReader(plain), key, signer, ad, c.cs)
		if err != nil {
			t.Fatal(err)
		}
		d := SignatureDigest(info.PlaintextSHA256, info.PlaintextSize, ad)
		e := katEnvelope{
			Name: c.name, ChunkSize: c.cs, PlaintextSize: info.PlaintextSize,
			PlaintextSHA256: hex.EncodeToString(info.PlaintextSHA256[:]),
			SignatureDigest: hex.EncodeToString(d[:]), Signature: hex.EncodeToString(info.Signature),
			SealedSize: info.SealedSize, SealedSHA256: hex.EncodeToString(info.SealedSHA256[:]),
		}
		if buf.Len() <= katStoreLimit {
			e.Sealed = hex.EncodeToString(buf.Bytes())
		}
		v.Envelopes = append(v.Envelopes, e)
	}
	for i, cid := range []string{"bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", "Qm"} {
		s, err := SealLocation(detReader("kat location "+cid), key, []byte(cid), ad[:i*10])
		if err != nil {
			t.Fatal(err)
		}
		v.Locations = append(v.Locations, katLocation{CID: cid, Sealed: hex.EncodeToString(s)})
	}
	return v
}

func TestKnownAnswers(t *testing.T) {
	path := filepath.Join("testdata", "vectors.json")
	got, err := json.MarshalIndent(computeKAT(t), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("vectors differ from %s; rerun with -update only if the format change is intended", path)
	}

	var v katVectors
	if err := json.Unmarshal(want, &v); err != nil {
		t.Fatal(err)
	}
	var key [32]byte
	copy(key[:], mustHex(t, v.DataKey))
	ad := mustHex(t, v.AD)
	stored := 0
	for _, e := range v.Envelopes {
		if e.Sealed == "" {
			continue
		}
		stored++
		in := mustHex(t, e.Sealed)
		var out bytes.Buffer
		res, err := Open(&out, bytes.NewReader(in), key, ad)
		if err != nil {
			t.Fatalf("%s: stored envelope does not open: %v", e.Name, err)
		}
		sum := sha256.Sum256(out.Bytes())
		if res.Signer.Hex() != v.Signer || hex.EncodeToString(sum[:]) != e.PlaintextSHA256 {
			t.Errorf("%s: stored envelope opens to the wrong record or signer", e.Name)
		}
	}
	if stored < 2 {
		t.Errorf("only %d envelopes stored whole", stored)
	}
	for i, l := range v.Locations {
		cid, err := OpenLocation(key, mustHex(t, l.Sealed), ad[:i*10])
		if err != nil || string(cid) != l.CID {
			t.Errorf("stored location %d: %q, %v", i, cid, err)
		}
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
