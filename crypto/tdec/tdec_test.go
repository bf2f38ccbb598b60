package tdec

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"
	"golang.org/x/crypto/sha3"

	"github.com/emrchain/emrchain/crypto/dleq"
	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/shamir"
)

func testRand(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	s[0], s[1] = byte(seed), byte(seed>>8)
	return rand.NewChaCha8(s)
}

// committee is a dealt committee key: x shared t-of-n, with the key and
// public shares a DKG would publish.
type committee struct {
	x        fr.Element
	shares   []shamir.Share
	key      *CommitteeKey
	pub      *Committee
	pubBytes []byte // Y ‖ X_1 ‖ … ‖ X_n
}

func newCommittee(t testing.TB, threshold, n int, seed uint64) *committee {
	t.Helper()
	r := testRand(seed)
	x, err := group.RandomScalar(r)
	if err != nil {
		t.Fatal(err)
	}
	p, err := shamir.NewPolynomial(r, &x, threshold)
	if err != nil {
		t.Fatal(err)
	}
	shares, err := p.Shares(n)
	if err != nil {
		t.Fatal(err)
	}
	comm := p.Commitments()
	y := group.Encode(&comm[0])
	var xs []byte
	for i := range n {
		xi := comm.At(uint8(i + 1))
		e := group.Encode(&xi)
		xs = append(xs, e[:]...)
	}
	pub, err := NewCommittee(threshold, y[:], xs)
	if err != nil {
		t.Fatal(err)
	}
	return &committee{x: x, shares: shares, key: pub.Key(), pub: pub, pubBytes: append(y[:], xs...)}
}

var (
	reqCtx = [32]byte{'r', 'e', 'q'}
	aad    = []byte("emrchain/test aad")
)

func shareCtx(m uint8) [32]byte { return [32]byte{'s', 'h', 'a', 'r', 'e', m} }

// answers has every listed member answer req.
func (c *committee) answers(t testing.TB, ct *Ciphertext, req *Request, members ...uint8) []*DecryptionShare {
	t.Helper()
	var out []*DecryptionShare
	for _, m := range members {
		s, err := DecryptShare(testRand(uint64(m)+500), &c.shares[m-1], ct, req, reqCtx, shareCtx(m))
		if err != nil {
			t.Fatalf("member %d: %v", m, err)
		}
		out = append(out, s)
	}
	return out
}

func randomKey(seed uint64) [KeySize]byte {
	var k [KeySize]byte
	testRand(seed).Read(k[:])
	return k
}

func subsetsOf(n, k int, f func([]uint8)) {
	var rec func(start int, cur []uint8)
	rec = func(start int, cur []uint8) {
		if len(cur) == k {
			f(append([]uint8(nil), cur...))
			return
		}
		for i := start; i <= n; i++ {
			rec(i+1, append(cur, uint8(i)))
		}
	}
	rec(1, nil)
}

func TestThresholdDecryption(t *testing.T) {
	for _, tn := range [][2]int{{1, 1}, {2, 3}, {3, 5}, {4, 4}} {
		th, n := tn[0], tn[1]
		t.Run(fmt.Sprintf("%d-of-%d", th, n), func(t *testing.T) {
			c := newCommittee(t, th, n, uint64(th*16+n))
			key := randomKey(1)
			ct, err := Encrypt(testRand(2), c.key, key, aad)
			if err != nil {
				t.Fatal(err)
			}
			bl, req, err := Blind(testRand(3), ct, reqCtx)
			if err != nil {
				t.Fatal(err)
			}
			all := make([]uint8, n)
			for i := range all {
				all[i] = uint8(i + 1)
			}
			shares := c.answers(t, ct, req, all...)
			subsetsOf(n, th, func(sub []uint8) {
				var picked []*DecryptionShare
				for _, m := range sub {
					picked = append(picked, shares[m-1])
				}
				got, faulty, err := bl.Combine(c.pub, req, picked, shareCtx, aad)
				if err != nil || got != key || len(faulty) != 0 {
					t.Fatalf("members %v: %x, %v, %v", sub, got, faulty, err)
				}
			})
			if th > 1 {
				subsetsOf(n, th-1, func(sub []uint8) {
					var picked []*DecryptionShare
					for _, m := range sub {
						picked = append(picked, shares[m-1])
					}
					if _, _, err := bl.Combine(c.pub, req, picked, shareCtx, aad); !errors.Is(err, ErrTooFewShares) {
						t.Fatalf("members %v: %v, want ErrTooFewShares", sub, err)
					}
				})
			}
			if _, _, err := bl.Combine(c.pub, req, shares, shareCtx, []byte("other aad")); !errors.Is(err, ErrDecryption) {
				t.Fatalf("other aad: %v", err)
			}
		})
	}
}

// TestFewerThanThresholdMembersLearnNothing plays the natural attack of t−1
// colluding members: without blinding or requests, they apply their shares
// to C1 and interpolate what they have. No subset of t−1 shares yields y·Y.
func TestFewerThanThresholdMembersLearnNothing(t *testing.T) {
	c := newCommittee(t, 3, 5, 7)
	key := randomKey(8)
	ct, err := Encrypt(testRand(9), c.key, key, aad)
	if err != nil {
		t.Fatal(err)
	}
	y := c.key.y
	subsetsOf(5, 2, func(sub []uint8) {
		var pts []secp256k1.G1Affine
		for _, m := range sub {
			pts = append(pts, group.MulAffine(&ct.c1, &c.shares[m-1].Value))
		}
		guess, err := shamir.CombinePoints(sub, pts)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ct.open(&guess, &y, aad); !errors.Is(err, ErrDecryption) {
			t.Fatalf("members %v opened the ciphertext", sub)
		}
	})
	// The whole key opens it, as a check that the attack is set up right.
	full := group.MulAffine(&ct.c1, &c.x)
	if got, err := ct.open(&full, &y, aad); err != nil || got != key {
		t.Fatal("x·C1 does not open the ciphertext")
	}
}

func TestForgedSharesFail(t *testing.T) {
	c := newCommittee(t, 2, 4, 10)
	key := randomKey(11)
	ct, _ := Encrypt(testRand(12), c.key, key, aad)
	bl, req, _ := Blind(testRand(13), ct, reqCtx)
	good := c.answers(t, ct, req, 1, 2, 3, 4)
	_, otherReq, _ := Blind(testRand(14), ct, reqCtx)
	forOther := c.answers(t, ct, otherReq, 2)[0]
	one := fr.NewElement(1)
	g := group.Generator()

	forged := map[string]*DecryptionShare{}
	d := *good[0]
	d.d = group.MulAffine(&d.d, &fr.Element{2}) // any other point
	forged["point changed"] = &d
	relabelled := *good[1]
	relabelled.index = 1
	forged["member 2's share as member 1's"] = &relabelled
	forged["share for another request"] = forOther
	wrongCtx, _ := DecryptShare(testRand(15), &c.shares[2], ct, req, reqCtx, shareCtx(9))
	forged["proof for another answer"] = wrongCtx
	// A share proved with the wrong key: D = (x_4+1)·C1' proved with x_4+1
	// against X_4 fails because log_G X_4 = x_4.
	var x1 fr.Element
	x1.Add(&c.shares[3].Value, &one)
	lie := &DecryptionShare{index: 4, d: group.MulAffine(&req.blinded, &x1)}
	p, _ := dleq.Prove(testRand(16), &x1, &dleq.Statement{P: c.pub.shares[3], H: req.blinded, Q: lie.d}, shareCtx(4))
	lie.proof = *p
	forged["wrong value proved with the wrong key"] = lie
	// The identity and the generator are not shares of anything.
	gen := *good[3]
	gen.d = g
	forged["generator as share"] = &gen

	for name, s := range forged {
		if err := VerifyShare(c.pub, req, s, shareCtx(s.index)); !errors.Is(err, ErrShare) {
			t.Errorf("%s: VerifyShare = %v, want ErrShare", name, err)
		}
	}
	// Combine names the forgers and still succeeds with t valid shares.
	got, faulty, err := bl.Combine(c.pub, req, []*DecryptionShare{forged["point changed"], lie, good[1], good[2]}, shareCtx, aad)
	if err != nil || got != key {
		t.Fatalf("combine around forgeries: %v", err)
	}
	if fmt.Sprint(faulty) != "[1 4]" {
		t.Fatalf("faulty = %v, want [1 4]", faulty)
	}
	// Only forgeries and one honest share: too few.
	if _, faulty, err := bl.Combine(c.pub, req, []*DecryptionShare{forged["point changed"], good[1], wrongCtx}, shareCtx, aad); !errors.Is(err, ErrTooFewShares) || fmt.Sprint(faulty) != "[1 3]" {
		t.Fatalf("forgeries plus one share: %v, faulty %v", err, faulty)
	}
	// Shares of another committee's key.
	other := newCommittee(t, 2, 4, 99)
	if _, _, err := bl.Combine(other.pub, req, good, shareCtx, aad); !errors.Is(err, ErrTooFewShares) {
		t.Fatalf("another committee's public shares: %v", err)
	}
	// A member index outside the committee.
	stranger := *good[0]
	stranger.index = 9
	if err := VerifyShare(c.pub, req, &stranger, shareCtx(9)); !errors.Is(err, ErrShare) {
		t.Fatalf("member 9 of 4: %v", err)
	}
}

// TestMemberRefusesUnboundRequests: a member answers only a blinded request
// whose proof ties it to the ciphertext it was asked about.
func TestMemberRefusesUnboundRequests(t *testing.T) {
	c := newCommittee(t, 2, 3, 20)
	ct, _ := Encrypt(testRand(21), c.key, randomKey(22), aad)
	other, _ := Encrypt(testRand(23), c.key, randomKey(24), aad)
	mk := func(b fr.Element, base *Ciphertext, proveWith *fr.Element, ctx [32]byte) *Request {
		req := &Request{blindKey: group.BaseMulAffine(&b), blinded: group.MulAffine(&base.c1, &b)}
		p, err := dleq.Prove(testRand(25), proveWith, &dleq.Statement{P: req.blindKey, H: base.c1, Q: req.blinded}, ctx)
		if err != nil {
			t.Fatal(err)
		}
		req.proof = *p
		return req
	}
	one := fr.NewElement(1)
	var minusOne fr.Element
	minusOne.Neg(&one)
	b := fr.NewElement(123456789)
	b2 := fr.NewElement(987654321)
	_, honest, _ := Blind(testRand(26), ct, reqCtx)
	swapped := *honest
	swapped.blinded = group.MulAffine(&ct.c1, &b2)
	cases := map[string]*Request{
		"unblinded (b = 1)":                 mk(one, ct, &one, reqCtx),
		"b = −1":                            mk(minusOne, ct, &minusOne, reqCtx),
		"another ciphertext's C1":           mk(b, other, &b, reqCtx),
		"proof with another scalar":         mk(b, ct, &b2, reqCtx),
		"proof for another request context": mk(b, ct, &b, [32]byte{'x'}),
		"C1' changed after proving":         &swapped,
	}
	for name, req := range cases {
		if _, err := DecryptShare(testRand(27), &c.shares[0], ct, req, reqCtx, shareCtx(1)); !errors.Is(err, ErrRequest) {
			t.Errorf("%s: %v, want ErrRequest", name, err)
		}
	}
	if _, err := DecryptShare(testRand(28), &c.shares[0], ct, honest, reqCtx, shareCtx(1)); err != nil {
		t.Fatalf("honest request refused: %v", err)
	}
	// A blinding combines only its own request's shares.
	bl, _, _ := Blind(testRand(29), ct, reqCtx)
	if _, _, err := bl.Combine(c.pub, honest, c.answers(t, ct, honest, 1, 2), shareCtx, aad); !errors.Is(err, ErrRequest) {
		t.Fatalf("combine with another request: %v", err)
	}
}

func TestEncodingsRoundTrip(t *testing.T) {
	c := newCommittee(t, 2, 3, 30)
	key := randomKey(31)
	ct, _ := Encrypt(testRand(32), c.key, key, aad)
	bl, req, _ := Blind(testRand(33), ct, reqCtx)
	shares := c.answers(t, ct, req, 1, 3)

	var ct2 Ciphertext
	b, _ := ct.MarshalBinary()
	if len(b) != CiphertextSize || ct2.UnmarshalBinary(b) != nil || ct2 != *ct {
		t.Fatal("ciphertext round trip")
	}
	var req2 Request
	b, _ = req.MarshalBinary()
	if len(b) != RequestSize || req2.UnmarshalBinary(b) != nil || req2 != *req {
		t.Fatal("request round trip")
	}
	var shares2 []*DecryptionShare
	for _, s := range shares {
		var s2 DecryptionShare
		b, _ = s.MarshalBinary()
		if len(b) != ShareSize || s2.UnmarshalBinary(b) != nil || s2 != *s {
			t.Fatal("share round trip")
		}
		shares2 = append(shares2, &s2)
	}
	// A requester that restarted restores its blinding and still opens.
	b, _ = bl.MarshalBinary()
	var bl2 Blinding
	if len(b) != BlindingSize || bl2.UnmarshalBinary(b) != nil {
		t.Fatal("blinding round trip")
	}
	got, _, err := bl2.Combine(c.pub, &req2, shares2, shareCtx, aad)
	if err != nil || got != key {
		t.Fatalf("after round trips: %v", err)
	}
	// Any flipped bit of the sealed key is caught.
	for i := 2 + group.PointSize; i < CiphertextSize; i += 7 {
		ctb, _ := ct.MarshalBinary()
		ctb[i] ^= 1
		var bad Ciphertext
		if err := bad.UnmarshalBinary(ctb); err != nil {
			t.Fatal(err)
		}
		bl3 := *bl
		bl3.ct = bad
		if _, _, err := bl3.Combine(c.pub, req, shares, shareCtx, aad); !errors.Is(err, ErrDecryption) {
			t.Fatalf("byte %d flipped: %v", i, err)
		}
	}
}

func TestCommitteeKeyChecked(t *testing.T) {
	if _, err := Encrypt(nil, nil, [32]byte{}, nil); !errors.Is(err, ErrCommittee) {
		t.Errorf("no key: %v", err)
	}
	if _, err := Encrypt(nil, &CommitteeKey{}, [32]byte{}, nil); !errors.Is(err, ErrCommittee) {
		t.Errorf("identity key: %v", err)
	}
	c := newCommittee(t, 2, 3, 40)
	ct, _ := Encrypt(nil, c.key, [32]byte{}, nil)
	_, req, _ := Blind(nil, ct, reqCtx)
	if _, err := DecryptShare(nil, &shamir.Share{Index: 0}, ct, req, reqCtx, shareCtx(0)); !errors.Is(err, ErrCommittee) {
		t.Errorf("share index 0: %v", err)
	}
}

func TestShortRandomness(t *testing.T) {
	c := newCommittee(t, 2, 3, 41)
	if _, err := Encrypt(bytes.NewReader(make([]byte, 5)), c.key, [32]byte{}, nil); err == nil {
		t.Error("Encrypt with short randomness")
	}
	ct, _ := Encrypt(nil, c.key, [32]byte{}, nil)
	if _, _, err := Blind(bytes.NewReader(make([]byte, 50)), ct, reqCtx); err == nil {
		t.Error("Blind with short randomness")
	}
}

// TestNewCommitteeChecks: the chain's key and public shares are accepted
// only when consistent: the shares on one polynomial of degree below t that
// interpolates to Y.
func TestNewCommitteeChecks(t *testing.T) {
	c := newCommittee(t, 2, 4, 60)
	y, xs := c.pubBytes[:33], c.pubBytes[33:]
	other := newCommittee(t, 2, 4, 61)
	swapped := bytes.Clone(xs)
	copy(swapped[33:66], other.pubBytes[66:99]) // X_2 of another committee
	for name, tc := range map[string]struct {
		t     int
		y, xs []byte
	}{
		"another committee's key":  {2, other.pubBytes[:33], xs},
		"one share swapped":        {2, y, swapped},
		"threshold 1 for degree 1": {1, y, xs},
		"threshold above n":        {5, y, xs},
		"threshold 0":              {0, y, xs},
		"truncated shares":         {2, y, xs[:len(xs)-1]},
		"no shares":                {2, y, nil},
		"key off curve":            {2, append([]byte{2}, make([]byte, 32)...), xs},
	} {
		if _, err := NewCommittee(tc.t, tc.y, tc.xs); !errors.Is(err, ErrCommittee) {
			t.Errorf("%s: %v", name, err)
		}
	}
	got, err := NewCommittee(2, y, xs)
	if err != nil || got.Size() != 4 || got.Threshold() != 2 {
		t.Fatalf("genuine committee: %v", err)
	}
	kb, _ := got.Key().MarshalBinary()
	if !bytes.Equal(kb, y) {
		t.Fatal("key round trip")
	}
	if got.SharesHash() != keccak256(xs) {
		t.Fatal("shares hash is not keccak256(X_1 ‖ … ‖ X_n)")
	}
}

func keccak256(b []byte) [32]byte {
	h := sha3.NewLegacyKeccak256()
	h.Write(b)
	var out [32]byte
	h.Sum(out[:0])
	return out
}
