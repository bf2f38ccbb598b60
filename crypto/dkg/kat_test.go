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
	ChainID      uint64     `json:"chain_id"`
	Contract     string     `json:"contract"`
	Committee    uint64     `json:"committee"`
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

// katEntry is one on-chain message: a deal (commitments, shares), a
// complaint (dealer, shared point, proof) or a confirmation (Y, shares hash).
type katEntry struct {
	From        uint8  `json:"from"`
	Kind        string `json:"kind"`
	Commitments string `json:"commitments,omitempty"`
	Shares      string `json:"shares,omitempty"`
	Dealer      uint8  `json:"dealer,omitempty"`
	SharedPoint string `json:"shared_point,omitempty"`
	Proof       string `json:"proof,omitempty"`
	PublicKey   string `json:"public_key,omitempty"`
	SharesHash  string `json:"shares_hash,omitempty"`
}

func hexPoint(p *secp256k1.G1Affine) string {
	e := group.Encode(p)
	return hex.EncodeToString(e[:])
}

var katContract = [20]byte{0xc0, 0xff, 0xee}

func makeKAT(t *testing.T) katRun {
	c := newChain(t, 3, 2, 2026)
	c.params.CommitteeID = CommitteeID(31337, katContract, 7)
	for i := range c.members {
		p, err := New(c.params, uint8(i+1), c.keys[i], testRand(uint64(300+i)))
		if err != nil {
			t.Fatal(err)
		}
		c.members[i] = p
	}
	c.obs, _ = NewObserver(c.params)
	c.dealAll(1)
	d, err := c.members[1].deal(func(j uint8, v *fr.Element) {
		if j == 3 {
			v.Double(v)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	enc := d.encode()
	if err := c.post(posted{from: 2, deal: &enc}); err != nil {
		t.Fatal(err)
	}
	c.dealAll(3)
	results := c.finish()
	r := results[0]
	k := katRun{
		Comment: "crypto/dkg: 2-of-3 run, dealer 2 cheats member 3 and is disqualified; every message as the contract carries it; points SEC 1 compressed, scalars 32-byte big-endian",
		ChainID: 31337, Contract: hex.EncodeToString(katContract[:]), Committee: 7,
		CommitteeID: hex.EncodeToString(c.params.CommitteeID[:]), Threshold: 2,
		Qualified: r.Qualified, Key: hexPoint(&r.Commitments[0]),
	}
	for _, key := range c.keys {
		b, _ := key.MarshalBinary()
		pb, _ := key.Public().MarshalBinary()
		k.PrivateKeys = append(k.PrivateKeys, hex.EncodeToString(b))
		k.PublicKeys = append(k.PublicKeys, hex.EncodeToString(pb))
	}
	hx := hex.EncodeToString
	for _, m := range c.log {
		e := katEntry{From: m.from}
		switch {
		case m.deal != nil:
			e.Kind, e.Commitments, e.Shares = "deal", hx(m.deal.Commitments), hx(m.deal.Shares)
		case m.complaint != nil:
			e.Kind, e.Dealer, e.SharedPoint, e.Proof = "complaint", m.complaint.Dealer, hx(m.complaint.SharedPoint), hx(m.complaint.Proof)
		default:
			e.Kind, e.PublicKey, e.SharesHash = "confirmation", hx(m.confirm.PublicKey), hx(m.confirm.SharesHash[:])
		}
		k.Messages = append(k.Messages, e)
	}
	for i := range r.Commitments {
		k.Commitments = append(k.Commitments, hexPoint(&r.Commitments[i]))
	}
	for i := range r.PublicShares {
		k.PublicShares = append(k.PublicShares, hexPoint(&r.PublicShares[i]))
	}
	h := r.SharesHash()
	k.SharesHash = hex.EncodeToString(h[:])
	tr := r.Transcript()
	k.Transcript = hex.EncodeToString(tr[:])
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
	var chain [32]byte
	binary.BigEndian.PutUint64(chain[24:], k.ChainID)
	id := keccakAll([]byte("emrchain/dkg/committee/v1"), chain[:], unhex(t, k.Contract), binary.BigEndian.AppendUint64(nil, k.Committee))
	if hex.EncodeToString(id) != k.CommitteeID {
		t.Fatal("committee id does not follow the documented formula")
	}
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
	// Deals as laid out in Deal's documentation.
	type deal struct {
		c      []secp256k1.G1Affine
		r      secp256k1.G1Affine
		masked [][]byte
	}
	deals := map[uint8]deal{}
	for _, m := range k.Messages {
		if m.Kind != "deal" {
			continue
		}
		cb, sb := unhex(t, m.Commitments), unhex(t, m.Shares)
		var d deal
		for i := range th {
			d.c = append(d.c, pt(cb[33*i:33*(i+1)]))
		}
		d.r = pt(sb[:33])
		for j := range n {
			d.masked = append(d.masked, sb[33+64+32*j:33+64+32*(j+1)])
		}
		deals[m.From] = d
	}
	// Each member's share: Σ over qualified dealers of masked ⊕ pad.
	for j := 1; j <= n; j++ {
		var kj fr.Element
		kj.SetBytes(unhex(t, k.PrivateKeys[j-1]))
		var x fr.Element
		for _, i := range k.Qualified {
			d := deals[i]
			shared := group.MulAffine(&d.r, &kj)
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
			t.Fatalf("member %d's share does not follow from the deals", j)
		}
	}
	// Joint commitments, public shares, their hash and the transcript.
	joint := make([]secp256k1.G1Jac, th)
	for _, i := range k.Qualified {
		for c := range joint {
			joint[c].AddMixed(&deals[i].c[c])
		}
	}
	for c := range joint {
		a := group.Affine(&joint[c])
		if hexPoint(&a) != k.Commitments[c] {
			t.Fatalf("joint commitment %d does not follow from the deals", c)
		}
	}
	var xs []byte
	for j := range n {
		xs = append(xs, unhex(t, k.PublicShares[j])...)
	}
	sharesHash := keccakAll(xs)
	if hex.EncodeToString(sharesHash) != k.SharesHash {
		t.Fatal("shares hash is not keccak256(X_1 ‖ … ‖ X_n)")
	}
	if hex.EncodeToString(keccakAll(unhex(t, k.Key), sharesHash)) != k.Transcript {
		t.Fatal("transcript is not keccak256(Y ‖ sharesHash)")
	}
	// Every member confirmed exactly that.
	for _, m := range k.Messages {
		if m.Kind == "confirmation" && (m.PublicKey != k.Key || m.SharesHash != k.SharesHash) {
			t.Fatalf("member %d confirmed something else", m.From)
		}
	}
}
