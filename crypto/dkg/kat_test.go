package dkg

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"
	"golang.org/x/crypto/sha3"

	"github.com/emrchain/emrchain/crypto/internal/group"
)

var update = flag.Bool("update", false, "rewrite testdata/kat.json")

// katRun is a 2-of-3 run in which dealer 2 gives member 3 a wrong share and
// member 3's complaint disqualifies it; every byte on the chain and every
// output, hex-encoded.
type katRun struct {
	Comment      string     `json:"comment"`
	CommitteeID  string     `json:"committee_id"`
	Threshold    int        `json:"threshold"`
	PrivateKeys  []string   `json:"private_keys"`
	PublicKeys   []string   `json:"public_keys"`
	Messages     []katEntry `json:"messages"`
	Qualified    []uint8    `json:"qualified"`
	Key          string     `json:"key"`
	Commitments  []string   `json:"commitments"`
	PublicShares []string   `json:"public_shares"`
	SharesHash   string     `json:"public_shares_hash"`
	Transcript   string     `json:"transcript"`
	Shares       []string   `json:"shares"`
}

type katEntry struct {
	From uint8  `json:"from"`
	Data string `json:"data"`
}

func hexPoint(p *secp256k1.G1Affine) string {
	e := group.Encode(p)
	return hex.EncodeToString(e[:])
}

func makeKAT(t *testing.T) katRun {
	c := newChain(t, 3, 2, 2026)
	c.dealAll(1)
	d, err := c.members[1].deal(func(j uint8, v *fr.Element) {
		if j == 3 {
			v.Double(v)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := d.MarshalBinary()
	if err := c.post(2, data); err != nil {
		t.Fatal(err)
	}
	c.dealAll(3)
	results := c.finish()
	r := results[0]
	k := katRun{
		Comment:     "crypto/dkg: 2-of-3 run, dealer 2 cheats member 3 and is disqualified; points SEC 1 compressed, scalars 32-byte big-endian",
		CommitteeID: hex.EncodeToString(c.params.CommitteeID[:]), Threshold: 2,
		Qualified: r.Qualified, Key: hexPoint(&r.Commitments[0]),
	}
	for _, key := range c.keys {
		b, _ := key.MarshalBinary()
		pb, _ := key.Public().MarshalBinary()
		k.PrivateKeys = append(k.PrivateKeys, hex.EncodeToString(b))
		k.PublicKeys = append(k.PublicKeys, hex.EncodeToString(pb))
	}
	for _, m := range c.log {
		k.Messages = append(k.Messages, katEntry{From: m.from, Data: hex.EncodeToString(m.data)})
	}
	for i := range r.Commitments {
		k.Commitments = append(k.Commitments, hexPoint(&r.Commitments[i]))
	}
	for i := range r.PublicShares {
		k.PublicShares = append(k.PublicShares, hexPoint(&r.PublicShares[i]))
	}
	h := r.PublicSharesHash()
	k.SharesHash = hex.EncodeToString(h[:])
	k.Transcript = hex.EncodeToString(r.Transcript[:])
	for _, res := range results {
		v := res.Share.Value.Bytes()
		k.Shares = append(k.Shares, hex.EncodeToString(v[:]))
	}
	return k
}

// TestKnownAnswer pins every encoding and output, and recomputes the shares,
// key and transcript from the vector's bytes with the formulas of the package
// documentation, independently of the state machine.
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
	var k katRun
	if err := json.Unmarshal(want, &k); err != nil {
		t.Fatal(err)
	}
	recompute(t, &k)
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func keccakAll(parts ...[]byte) []byte {
	h := sha3.NewLegacyKeccak256()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

func recompute(t *testing.T, k *katRun) {
	n, th := len(k.PublicKeys), k.Threshold
	id := unhex(t, k.CommitteeID)
	pt := func(b []byte) secp256k1.G1Affine {
		p, err := group.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	xyOf := func(p secp256k1.G1Affine) []byte { u := group.EncodeUncompressed(&p); return u[:] }
	members := make([]secp256k1.G1Affine, n)
	for i := range members {
		members[i] = pt(unhex(t, k.PublicKeys[i]))
	}
	// Dealings as laid out in MarshalBinary's documentation.
	type dealing struct {
		c      []secp256k1.G1Affine
		r      secp256k1.G1Affine
		masked [][]byte
		digest []byte
	}
	dealings := map[uint8]dealing{}
	for _, m := range k.Messages {
		b := unhex(t, m.Data)
		if b[0] != 'D' {
			continue
		}
		var d dealing
		off := 37
		for range th {
			d.c = append(d.c, pt(b[off:off+33]))
			off += 33
		}
		d.r = pt(b[off : off+33])
		off += 33
		for range n {
			d.masked = append(d.masked, b[off:off+32])
			off += 32
		}
		d.digest = keccakAll(b)
		dealings[b[34]] = d
	}
	// Each member's share: Σ over qualified dealers of masked ⊕ pad.
	for j := 1; j <= n; j++ {
		var dj fr.Element
		dj.SetBytes(unhex(t, k.PrivateKeys[j-1]))
		var x fr.Element
		for _, i := range k.Qualified {
			d := dealings[i]
			shared := group.MulAffine(&d.r, &dj)
			pad := keccakAll([]byte("emrchain/dkg/share/v1"), id, []byte{i, uint8(j)}, xyOf(d.r), xyOf(members[j-1]), xyOf(shared))
			v := make([]byte, 32)
			for b := range v {
				v[b] = d.masked[j-1][b] ^ pad[b]
			}
			var s fr.Element
			s.SetBytes(v)
			x.Add(&x, &s)
		}
		if xb := x.Bytes(); hex.EncodeToString(xb[:]) != k.Shares[j-1] {
			t.Fatalf("member %d's share does not follow from the dealings", j)
		}
	}
	// Joint commitments, public shares and the transcript.
	joint := make([]secp256k1.G1Jac, th)
	for _, i := range k.Qualified {
		for c := range joint {
			joint[c].AddMixed(&dealings[i].c[c])
		}
	}
	parts := [][]byte{[]byte("emrchain/dkg/transcript/v1"), id, {byte(th), byte(n)}}
	for _, m := range members {
		parts = append(parts, xyOf(m))
	}
	var mask uint16
	for _, i := range k.Qualified {
		mask |= 1 << (i - 1)
	}
	parts = append(parts, binary.BigEndian.AppendUint16(nil, mask))
	for _, i := range k.Qualified {
		parts = append(parts, dealings[i].digest)
	}
	sharesHash := [][]byte{}
	for c := range joint {
		a := group.Affine(&joint[c])
		if hexPoint(&a) != k.Commitments[c] {
			t.Fatalf("joint commitment %d does not follow from the dealings", c)
		}
		parts = append(parts, xyOf(a))
		if c == 0 {
			sharesHash = append(sharesHash, xyOf(a))
		}
	}
	for j := range n {
		x := pt(unhex(t, k.PublicShares[j]))
		parts = append(parts, xyOf(x))
		sharesHash = append(sharesHash, xyOf(x))
	}
	if hex.EncodeToString(keccakAll(parts...)) != k.Transcript {
		t.Fatal("transcript does not follow the documented formula")
	}
	if hex.EncodeToString(keccakAll(sharesHash...)) != k.SharesHash {
		t.Fatal("public shares hash does not follow the documented formula")
	}
}
