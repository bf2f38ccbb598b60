package toprf

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/internal/nearvalid"
	"github.com/emrchain/emrchain/crypto/shamir"
	"github.com/emrchain/emrchain/crypto/transport"
	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

var bundleInfo = BundleInfo{ChainID: 31337, Index: [20]byte{'k', 'w'}, Patient: [20]byte{'a', 'l', 'i', 'c', 'e'}, Epoch: 4}

type bundleFixture struct {
	key    *Key
	keys   []*transport.PrivateKey
	bundle *Bundle
	enc    []byte
}

func newBundleFixture(tb testing.TB, info BundleInfo, t, n int) *bundleFixture {
	tb.Helper()
	k, err := DeriveKey(seed, info.Epoch)
	if err != nil {
		tb.Fatal(err)
	}
	fx := &bundleFixture{key: k}
	var pubs []*transport.PublicKey
	for range n {
		tk, err := transport.GenerateKey(nil)
		if err != nil {
			tb.Fatal(err)
		}
		fx.keys = append(fx.keys, tk)
		pubs = append(pubs, tk.Public())
	}
	if fx.bundle, err = k.DealBundle(testRand(info.Epoch+50), info, t, pubs); err != nil {
		tb.Fatal(err)
	}
	fx.enc, _ = fx.bundle.MarshalBinary()
	return fx
}

// Every member opens its own share from the bundle, and t of them answer a
// token request with the same output the key holder computes.
func TestBundleDealsTheKey(t *testing.T) {
	fx := newBundleFixture(t, bundleInfo, 2, 3)
	if len(fx.enc) != BundleSize(3) {
		t.Fatalf("bundle is %d bytes, want %d", len(fx.enc), BundleSize(3))
	}
	var parsed Bundle
	if err := parsed.UnmarshalBinary(fx.enc); err != nil {
		t.Fatal(err)
	}
	if parsed.Info() != bundleInfo || parsed.Threshold() != 2 || parsed.Size() != 3 || parsed.Hash() != sha256.Sum256(fx.enc) {
		t.Fatalf("parsed %+v %d-of-%d", parsed.Info(), parsed.Threshold(), parsed.Size())
	}
	if got := parsed.ChainCommitments(); len(got) != 3*group.PointSize {
		t.Fatalf("chain commitments are %d bytes", len(got))
	}
	var shares []shamir.Share
	for i, k := range fx.keys {
		s, err := parsed.OpenShare(uint8(i+1), k)
		if err != nil {
			t.Fatalf("member %d: %v", i+1, err)
		}
		shares = append(shares, *s)
	}
	bl, req, err := Blind(testRand(3), "asthma", bundleInfo.Epoch)
	if err != nil {
		t.Fatal(err)
	}
	var answers []*Answer
	for _, s := range shares[1:] {
		a, err := Evaluate(testRand(uint64(s.Index)), &s, req, ctx(s.Index))
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, a)
	}
	out, faulty, err := bl.Combine(parsed.Commitments(), 2, req, answers, ctx)
	if err != nil || len(faulty) != 0 {
		t.Fatalf("combine: %v, faulty %v", err, faulty)
	}
	want, err := fx.key.Evaluate("asthma", bundleInfo.Epoch)
	if err != nil || out != want {
		t.Fatalf("committee output differs from the key holder's: %v", err)
	}
}

// A share opens only for its own member, in its own slot, in the bundle it
// was dealt in: another member's key, a moved share, altered public bytes or
// the same shares under another patient all fail.
func TestBundleShareBinding(t *testing.T) {
	fx := newBundleFixture(t, bundleInfo, 2, 3)
	var b Bundle
	if err := b.UnmarshalBinary(fx.enc); err != nil {
		t.Fatal(err)
	}
	if _, err := b.OpenShare(2, fx.keys[0]); !errors.Is(err, ErrShare) {
		t.Fatalf("member 1's key opened member 2's share: %v", err)
	}
	if _, err := b.OpenShare(4, fx.keys[0]); !errors.Is(err, ErrNotMember) {
		t.Fatalf("member 4 of 3: %v", err)
	}
	if _, err := b.OpenShare(0, fx.keys[0]); !errors.Is(err, ErrNotMember) {
		t.Fatalf("member 0: %v", err)
	}
	sealedAt := len(fx.enc) - 3*SealedShareSize
	// Swap the sealed shares of members 1 and 2: neither opens in the other's slot.
	swapped := bytes.Clone(fx.enc)
	copy(swapped[sealedAt:], fx.enc[sealedAt+SealedShareSize:sealedAt+2*SealedShareSize])
	copy(swapped[sealedAt+SealedShareSize:], fx.enc[sealedAt:sealedAt+SealedShareSize])
	var moved Bundle
	if err := moved.UnmarshalBinary(swapped); err != nil {
		t.Fatal(err)
	}
	if _, err := moved.OpenShare(2, fx.keys[0]); !errors.Is(err, ErrShare) {
		t.Fatalf("a share moved to another slot opened: %v", err)
	}
	// The same sealed shares in a bundle naming another patient (a copy registered by
	// someone else), another epoch, chain or contract: no member can open its share.
	for name, at := range map[string]int{"chain": 1, "contract": 9, "patient": 29, "epoch": 49 + 7} {
		copied := bytes.Clone(fx.enc)
		copied[at] ^= 1
		var other Bundle
		if err := other.UnmarshalBinary(copied); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, k := range fx.keys {
			if _, err := other.OpenShare(uint8(i+1), k); !errors.Is(err, ErrShare) {
				t.Fatalf("with another %s, member %d's share opened: %v", name, i+1, err)
			}
		}
	}
}

// A dealer who seals a share that does not match its commitment is caught by
// the member; a commitment vector of the wrong degree fails to parse.
func TestBundleRejectsBadDealings(t *testing.T) {
	fx := newBundleFixture(t, bundleInfo, 2, 3)
	// Seal a wrong value in member 3's slot, properly, under the right aad.
	var b Bundle
	if err := b.UnmarshalBinary(fx.enc); err != nil {
		t.Fatal(err)
	}
	var wrong fr.Element
	wrong.SetUint64(12345)
	v := wrong.Bytes()
	sealed, err := transport.Seal(fx.keys[2].Public(), bundleShareInfo, v[:], bundleShareAAD(&b.digest, 3))
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Clone(fx.enc)
	copy(bad[len(bad)-SealedShareSize:], sealed)
	var forged Bundle
	if err := forged.UnmarshalBinary(bad); err != nil {
		t.Fatal(err)
	}
	if _, err := forged.OpenShare(3, fx.keys[2]); !errors.Is(err, ErrShare) {
		t.Fatalf("a share that does not match its commitment opened: %v", err)
	}

	// Commitments of a degree-2 polynomial in a bundle that claims t = 2.
	poly, err := shamir.NewPolynomial(testRand(8), &fx.key.s, 3)
	if err != nil {
		t.Fatal(err)
	}
	shares, err := poly.Shares(3)
	if err != nil {
		t.Fatal(err)
	}
	wrongDegree := &Bundle{info: bundleInfo, threshold: 2}
	for _, s := range shares {
		wrongDegree.commitments = append(wrongDegree.commitments, group.BaseMulAffine(&s.Value))
	}
	wrongDegree.encodePublic()
	enc := append(wrongDegree.enc, fx.enc[len(fx.enc)-3*SealedShareSize:]...)
	var parsed Bundle
	if err := parsed.UnmarshalBinary(enc); !errors.Is(err, ErrEncoding) || !errors.Is(err, ErrShare) {
		t.Fatalf("commitments of the wrong degree: %v", err)
	}
	// Raising t to 3 makes the honest 2-of-3 commitments acceptable degree-wise, but the
	// shares no longer open: t is part of the public part.
	raised := bytes.Clone(fx.enc)
	raised[57] = 3
	var r Bundle
	if err := r.UnmarshalBinary(raised); err != nil {
		t.Fatal(err)
	}
	if _, err := r.OpenShare(1, fx.keys[0]); !errors.Is(err, ErrShare) {
		t.Fatalf("a share opened under another threshold: %v", err)
	}
}

func TestBundleParameters(t *testing.T) {
	k, err := DeriveKey(seed, 1)
	if err != nil {
		t.Fatal(err)
	}
	tk, _ := transport.GenerateKey(nil)
	for _, c := range []struct {
		t       int
		members []*transport.PublicKey
	}{{0, []*transport.PublicKey{tk.Public()}}, {2, []*transport.PublicKey{tk.Public()}}, {1, nil}, {1, []*transport.PublicKey{nil}}} {
		if _, err := k.DealBundle(nil, bundleInfo, c.t, c.members); err == nil {
			t.Fatalf("dealt %d-of-%d", c.t, len(c.members))
		}
	}
	if _, err := (*Bundle)(nil).MarshalBinary(); !errors.Is(err, ErrEncoding) {
		t.Fatalf("nil bundle marshalled: %v", err)
	}
}

func FuzzBundleUnmarshalBinary(f *testing.F) {
	fx := newBundleFixture(f, bundleInfo, 2, 3)
	n := 3
	comAt := bundleFixed
	sealedAt := comAt + n*group.PointSize
	var points []int
	for i := range n {
		points = append(points, comAt+i*group.PointSize)
	}
	fuzzcorpus.Bytes(f, fx.enc, []byte{}, fx.enc[:bundleFixed])
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(fx.enc, 0, 1, 29, 57, 58, sealedAt, len(fx.enc)-1)...)
	fuzzcorpus.Bytes(f, nearvalid.Points(fx.enc, points...)...)
	other := newBundleFixture(f, bundleInfo, 2, 3)
	spliced := bytes.Clone(fx.enc)
	copy(spliced[comAt:], other.enc[comAt:comAt+group.PointSize])
	fuzzcorpus.Bytes(f, spliced)
	f.Fuzz(func(t *testing.T, data []byte) {
		var b Bundle
		if err := b.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("parse error of another class: %v", err)
			}
			return
		}
		again, err := b.MarshalBinary()
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("accepted bundle does not re-encode to itself: %v", err)
		}
		// Only the genuine bundle's slots open for the genuine members.
		for i, k := range fx.keys {
			if i >= b.Size() {
				break
			}
			if _, err := b.OpenShare(uint8(i+1), k); err == nil && !bytes.Equal(data[:sealedAt], fx.enc[:sealedAt]) {
				t.Fatalf("member %d's share opened in a bundle with other public bytes", i+1)
			}
		}
	})
}

func BenchmarkDealBundle(b *testing.B) {
	k, _ := DeriveKey(seed, 1)
	var pubs []*transport.PublicKey
	for range 3 {
		tk, _ := transport.GenerateKey(nil)
		pubs = append(pubs, tk.Public())
	}
	for b.Loop() {
		if _, err := k.DealBundle(nil, bundleInfo, 2, pubs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpenBundleShare(b *testing.B) {
	fx := newBundleFixture(b, bundleInfo, 2, 3)
	for b.Loop() {
		var parsed Bundle
		if err := parsed.UnmarshalBinary(fx.enc); err != nil {
			b.Fatal(err)
		}
		if _, err := parsed.OpenShare(2, fx.keys[1]); err != nil {
			b.Fatal(err)
		}
	}
}

type bundleVector struct {
	Comment      string   `json:"comment"`
	ChainID      uint64   `json:"chain_id"`
	Index        string   `json:"keyword_index"`
	Patient      string   `json:"patient"`
	Epoch        uint64   `json:"epoch"`
	Threshold    int      `json:"threshold"`
	PublicPart   string   `json:"public_part"`
	Shares       []string `json:"shares"`
	TransportKey []string `json:"transport_private_keys"`
	Bundle       string   `json:"bundle"`
}

// TestBundleKnownAnswer pins the public part's layout (from a deterministic dealing) and, for a
// bundle sealed once and stored, that each share opens with the documented info and aad:
// transport.Open(key, "emrchain/index-share/v1", sealed, SHA-256(public part) ‖ member).
func TestBundleKnownAnswer(t *testing.T) {
	const path = "testdata/bundle.json"
	k, err := DeriveKey(seed, bundleInfo.Epoch)
	if err != nil {
		t.Fatal(err)
	}
	var keys []*transport.PrivateKey
	var pubs []*transport.PublicKey
	for i := range 3 {
		var raw [32]byte
		raw[0], raw[31] = 't', byte(i+1)
		var tk transport.PrivateKey
		if err := tk.UnmarshalBinary(raw[:]); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, &tk)
		pubs = append(pubs, tk.Public())
	}
	b, err := k.DealBundle(testRand(77), bundleInfo, 2, pubs)
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := b.MarshalBinary()
	public := enc[:len(enc)-3*SealedShareSize]
	if *update {
		v := bundleVector{Comment: "crypto/toprf index-key bundle, 2-of-3, key DeriveKey(seed, 4), polynomial from ChaCha8 seed 77; shares sealed once",
			ChainID: bundleInfo.ChainID, Index: hex.EncodeToString(bundleInfo.Index[:]), Patient: hex.EncodeToString(bundleInfo.Patient[:]),
			Epoch: bundleInfo.Epoch, Threshold: 2, PublicPart: hex.EncodeToString(public), Bundle: hex.EncodeToString(enc)}
		for i, tk := range keys {
			s, err := b.OpenShare(uint8(i+1), tk)
			if err != nil {
				t.Fatal(err)
			}
			sv := s.Value.Bytes()
			raw, _ := tk.MarshalBinary()
			v.Shares = append(v.Shares, hex.EncodeToString(sv[:]))
			v.TransportKey = append(v.TransportKey, hex.EncodeToString(raw))
		}
		out, _ := json.MarshalIndent(v, "", "  ")
		if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestBundleKnownAnswer -update once)", err)
	}
	var v bundleVector
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	if hex.EncodeToString(public) != v.PublicPart {
		t.Fatal("the dealing's public part differs from testdata/bundle.json")
	}
	// The documented layout, rebuilt by hand.
	want := []byte{0x05}
	want = binary.BigEndian.AppendUint64(want, bundleInfo.ChainID)
	want = append(append(want, bundleInfo.Index[:]...), bundleInfo.Patient[:]...)
	want = binary.BigEndian.AppendUint64(want, bundleInfo.Epoch)
	want = append(want, 2, 3)
	if !bytes.HasPrefix(public, want) || len(public) != len(want)+3*group.PointSize {
		t.Fatal("the public part does not follow the documented layout")
	}
	stored, _ := hex.DecodeString(v.Bundle)
	digest := sha256.Sum256(stored[:len(public)])
	for i := range 3 {
		sealed := stored[len(public)+i*SealedShareSize : len(public)+(i+1)*SealedShareSize]
		plain, err := transport.Open(keys[i], []byte("emrchain/index-share/v1"), sealed, append(digest[:], byte(i+1)))
		if err != nil || hex.EncodeToString(plain) != v.Shares[i] {
			t.Fatalf("member %d's stored share does not open with the documented info and aad: %v", i+1, err)
		}
	}
}
