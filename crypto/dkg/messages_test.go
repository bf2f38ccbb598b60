package dkg

import (
	"bytes"
	"encoding"
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/dleq"
	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

// nearValid is an input that must be refused, named for what is wrong.
type nearValid struct {
	Name string
	Data []byte
}

func datas(in []nearValid) [][]byte {
	out := make([][]byte, len(in))
	for i := range in {
		out[i] = in[i].Data
	}
	return out
}

// fixture is a deterministic 3-of-4 run state after members 1–3 dealt
// honestly, with member 4's honest deal not yet posted and a genuine
// (false) complaint of member 2 about dealer 1.
type fixture struct {
	c         *chain
	deal      *Deal
	complaint *Complaint
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	c := newChain(t, 4, 3, 42)
	for i := uint8(1); i <= 3; i++ {
		m, err := c.members[i-1].Deal()
		if err != nil {
			t.Fatal(err)
		}
		c.log = append(c.log, posted{from: i, deal: m})
		for _, p := range append(c.members, c.obs) {
			if _, err := p.ReceiveDeal(i, m.Commitments, m.Shares); err != nil {
				t.Fatal(err)
			}
		}
	}
	m4, err := c.members[3].Deal()
	if err != nil {
		t.Fatal(err)
	}
	rec := c.obs.dealings[1]
	k := group.MulAffine(&rec.d.ephemeral, &c.keys[1].d)
	proof, err := dleq.Prove(testRand(5), &c.keys[1].d, &dleq.Statement{P: c.keys[1].pub.p, H: rec.d.ephemeral, Q: k},
		complaintContext(c.params.CommitteeID, 1, 2))
	if err != nil {
		t.Fatal(err)
	}
	pb, _ := proof.MarshalBinary()
	return &fixture{c: c, deal: m4, complaint: &Complaint{Dealer: 1, SharedPoint: compressed(&k), Proof: pb}}
}

func mutate(b []byte, f func([]byte) []byte) []byte { return f(bytes.Clone(b)) }

func set(off int, v ...byte) func([]byte) []byte {
	return func(b []byte) []byte { copy(b[off:], v); return b }
}

var (
	qBytes    = fr.Modulus().FillBytes(make([]byte, 32))
	pBytes    = []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xfc, 0x2f}
	noPointX  = append([]byte{0x02}, append(make([]byte, 31), 5)...) // 5³+7 is not a square mod p
	zeroPoint = make([]byte, 33)
)

// Offsets in a deal's shares field.
const (
	offR      = 0
	offProof  = PointSize
	offMasked = PointSize + ProofSize
)

// badCommitments and badShares are near-valid deal fields for t = 3, n = 4.
func badCommitments(fx *fixture) []nearValid {
	c := fx.deal.Commitments
	return []nearValid{
		{Name: "commitment identity", Data: mutate(c, set(33, zeroPoint...))},
		{Name: "commitment x = p", Data: mutate(c, set(1, pBytes...))},
		{Name: "commitment off curve", Data: mutate(c, set(0, noPointX...))},
		{Name: "commitment prefix 04", Data: mutate(c, set(66, 0x04))},
		{Name: "commitment negated", Data: mutate(c, func(b []byte) []byte { b[0] ^= 1; return b })},
		{Name: "two commitments", Data: c[:66]},
		{Name: "four commitments", Data: append(bytes.Clone(c), c[:33]...)},
		{Name: "truncated", Data: c[:len(c)-1]},
	}
}

func badShares(fx *fixture) []nearValid {
	s := fx.deal.Shares
	return []nearValid{
		{Name: "ephemeral identity", Data: mutate(s, set(offR, zeroPoint...))},
		{Name: "ephemeral off curve", Data: mutate(s, set(offR, noPointX...))},
		{Name: "ephemeral x = p", Data: mutate(s, set(offR+1, pBytes...))},
		{Name: "ephemeral negated", Data: mutate(s, func(b []byte) []byte { b[offR] ^= 1; return b })},
		{Name: "proof c = q", Data: mutate(s, set(offProof, qBytes...))},
		{Name: "proof s = q", Data: mutate(s, set(offProof+32, qBytes...))},
		{Name: "proof s flipped", Data: mutate(s, func(b []byte) []byte { b[offMasked-1] ^= 1; return b })},
		{Name: "masked share flipped", Data: mutate(s, func(b []byte) []byte { b[offMasked+40] ^= 1; return b })},
		{Name: "three masked shares", Data: s[:len(s)-32]},
		{Name: "five masked shares", Data: append(bytes.Clone(s), s[len(s)-32:]...)},
		{Name: "truncated", Data: s[:len(s)-1]},
	}
}

func badComplaintPoints(fx *fixture) []nearValid {
	k := fx.complaint.SharedPoint
	return []nearValid{
		{Name: "genuine false complaint", Data: k},
		{Name: "identity", Data: zeroPoint},
		{Name: "off curve", Data: noPointX},
		{Name: "negated", Data: mutate(k, func(b []byte) []byte { b[0] ^= 1; return b })},
		{Name: "x = p", Data: mutate(k, set(1, pBytes...))},
		{Name: "truncated", Data: k[:32]},
	}
}

func badComplaintProofs(fx *fixture) []nearValid {
	p := fx.complaint.Proof
	return []nearValid{
		{Name: "c = q", Data: mutate(p, set(0, qBytes...))},
		{Name: "s = q", Data: mutate(p, set(32, qBytes...))},
		{Name: "s flipped", Data: mutate(p, func(b []byte) []byte { b[63] ^= 1; return b })},
		{Name: "truncated", Data: p[:63]},
		{Name: "trailing byte", Data: append(bytes.Clone(p), 0)},
	}
}

func badKeys() (pub, priv []nearValid) {
	k, _ := GenerateKey(testRand(77))
	pb, _ := k.Public().MarshalBinary()
	pub = []nearValid{
		{Name: "identity", Data: zeroPoint},
		{Name: "x = p", Data: append([]byte{0x02}, pBytes...)},
		{Name: "off curve", Data: noPointX},
		{Name: "prefix 04", Data: mutate(pb, set(0, 0x04))},
		{Name: "truncated", Data: pb[:32]},
		{Name: "trailing byte", Data: append(bytes.Clone(pb), 0)},
	}
	priv = []nearValid{
		{Name: "zero", Data: make([]byte, 32)},
		{Name: "q", Data: qBytes},
		{Name: "all ones", Data: bytes.Repeat([]byte{0xff}, 32)},
		{Name: "truncated", Data: make([]byte, 31)},
	}
	return pub, priv
}

// clone copies an observer's state; dealings are never changed after they
// are received, so they are shared.
func (p *Participant) clone() *Participant {
	q := *p
	q.complained = maps.Clone(p.complained)
	q.disqualified = maps.Clone(p.disqualified)
	q.confirmed = maps.Clone(p.confirmed)
	q.faults = slices.Clone(p.faults)
	return &q
}

func replayObserver(t testing.TB, fx *fixture) *Participant {
	t.Helper()
	obs, err := NewObserver(fx.c.params)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range fx.c.log {
		if _, err := deliver(obs, m); err != nil {
			t.Fatal(err)
		}
	}
	return obs
}

func TestNearValidMessagesRefused(t *testing.T) {
	fx := newFixture(t)
	base := replayObserver(t, fx)
	for _, e := range badCommitments(fx) {
		if _, err := base.clone().ReceiveDeal(4, e.Data, fx.deal.Shares); !errors.Is(err, ErrInvalidDealing) {
			t.Errorf("commitments %q: %v", e.Name, err)
		}
	}
	for _, e := range badShares(fx) {
		if _, err := base.clone().ReceiveDeal(4, fx.deal.Commitments, e.Data); !errors.Is(err, ErrInvalidDealing) {
			t.Errorf("shares %q: %v", e.Name, err)
		}
	}
	if _, err := base.clone().ReceiveDeal(4, fx.deal.Commitments, fx.deal.Shares); err != nil {
		t.Fatalf("the genuine deal: %v", err)
	}
	for _, e := range badComplaintPoints(fx) {
		obs := base.clone()
		if err := obs.ReceiveComplaint(2, 1, e.Data, fx.complaint.Proof); err == nil || len(obs.disqualified) != 0 {
			t.Errorf("complaint point %q upheld against an honest dealer", e.Name)
		}
	}
	for _, e := range badComplaintProofs(fx) {
		obs := base.clone()
		if err := obs.ReceiveComplaint(2, 1, fx.complaint.SharedPoint, e.Data); !errors.Is(err, ErrInvalidComplaint) {
			t.Errorf("complaint proof %q: %v", e.Name, err)
		}
	}
	pub, priv := badKeys()
	for _, e := range pub {
		var k PublicKey
		if err := k.UnmarshalBinary(e.Data); !errors.Is(err, ErrKey) {
			t.Errorf("public key %q: err = %v", e.Name, err)
		}
	}
	for _, e := range priv {
		var k PrivateKey
		if err := k.UnmarshalBinary(e.Data); !errors.Is(err, ErrKey) {
			t.Errorf("private key %q: err = %v", e.Name, err)
		}
	}
}

func TestDealLayout(t *testing.T) {
	fx := newFixture(t)
	if len(fx.deal.Commitments) != 3*PointSize || len(fx.deal.Shares) != SharesSize(4) || SharesSize(4) != 33+64+4*32 {
		t.Fatalf("deal fields of %d and %d bytes", len(fx.deal.Commitments), len(fx.deal.Shares))
	}
	d, err := parseDeal(fx.deal.Commitments, fx.deal.Shares, 3, 4)
	if err != nil {
		t.Fatal(err)
	}
	again := d.encode()
	if !bytes.Equal(again.Commitments, fx.deal.Commitments) || !bytes.Equal(again.Shares, fx.deal.Shares) {
		t.Fatal("deal does not re-encode to its bytes")
	}
	k := fx.c.keys[0]
	kb, _ := k.MarshalBinary()
	var k2 PrivateKey
	if err := k2.UnmarshalBinary(kb); err != nil || !k2.Public().Equal(k.Public()) {
		t.Fatal("private key round trip")
	}
	pb, _ := k.Public().MarshalBinary()
	var p2 PublicKey
	if err := p2.UnmarshalBinary(pb); err != nil || !p2.Equal(k.Public()) || len(pb) != PublicKeySize {
		t.Fatal("public key round trip")
	}
}

func fuzzKey[T any, PT interface {
	*T
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}](f *testing.F, seed []byte, nearValid [][]byte) {
	fuzzcorpus.Bytes(f, seed)
	fuzzcorpus.Bytes(f, nearValid...)
	f.Fuzz(func(t *testing.T, data []byte) {
		var v T
		if err := PT(&v).UnmarshalBinary(data); err != nil {
			return
		}
		out, err := PT(&v).MarshalBinary()
		if err != nil || !bytes.Equal(out, data) {
			t.Fatalf("accepted %x but re-encodes to %x (%v)", data, out, err)
		}
	})
}

func FuzzPublicKeyUnmarshalBinary(f *testing.F) {
	k, _ := GenerateKey(testRand(1))
	b, _ := k.Public().MarshalBinary()
	pub, _ := badKeys()
	fuzzKey[PublicKey](f, b, datas(pub))
}

func FuzzPrivateKeyUnmarshalBinary(f *testing.F) {
	k, _ := GenerateKey(testRand(1))
	b, _ := k.MarshalBinary()
	_, priv := badKeys()
	fuzzKey[PrivateKey](f, b, datas(priv))
}

// FuzzReceiveDeal feeds member 4's deal fields to an observer that has seen
// three honest deals. Whatever they are, no honest dealer is disqualified, a
// refused deal leaves the state as it was, and an accepted deal re-encodes
// to its bytes.
func FuzzReceiveDeal(f *testing.F) {
	fx := newFixture(f)
	base := replayObserver(f, fx)
	fuzzcorpus.Add(f, fx.deal.Commitments, fx.deal.Shares)
	for _, e := range badCommitments(fx) {
		fuzzcorpus.Add(f, e.Data, fx.deal.Shares)
	}
	for _, e := range badShares(fx) {
		fuzzcorpus.Add(f, fx.deal.Commitments, e.Data)
	}
	f.Fuzz(func(t *testing.T, commitments, shares []byte) {
		obs := base.clone()
		_, err := obs.ReceiveDeal(4, commitments, shares)
		if len(obs.disqualified) != 0 {
			t.Fatal("an honest dealer was disqualified")
		}
		if err != nil {
			if obs.dealings != base.dealings {
				t.Fatalf("refused deal changed the state: %v", err)
			}
			return
		}
		again := obs.dealings[4].d.encode()
		if !bytes.Equal(again.Commitments, commitments) || !bytes.Equal(again.Shares, shares) {
			t.Fatal("accepted deal does not re-encode to its bytes")
		}
		if !bytes.Equal(commitments, fx.deal.Commitments) || !bytes.Equal(shares, fx.deal.Shares) {
			t.Fatal("a deal other than member 4's own passed its proof of knowledge")
		}
	})
}

// FuzzReceiveComplaint feeds an arbitrary complaint from any member about
// any dealer: no honest dealer may ever be disqualified.
func FuzzReceiveComplaint(f *testing.F) {
	fx := newFixture(f)
	base := replayObserver(f, fx)
	fuzzcorpus.Add(f, uint8(2), uint8(1), fx.complaint.SharedPoint, fx.complaint.Proof)
	for _, e := range badComplaintPoints(fx) {
		fuzzcorpus.Add(f, uint8(2), uint8(1), e.Data, fx.complaint.Proof)
	}
	for _, e := range badComplaintProofs(fx) {
		fuzzcorpus.Add(f, uint8(3), uint8(2), fx.complaint.SharedPoint, e.Data)
	}
	f.Fuzz(func(t *testing.T, accuser, dealer uint8, point, proof []byte) {
		obs := base.clone()
		_ = obs.ReceiveComplaint(accuser, dealer, point, proof)
		if len(obs.disqualified) != 0 {
			t.Fatalf("honest dealer %d disqualified by %d", dealer, accuser)
		}
	})
}
