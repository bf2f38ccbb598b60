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
// honestly, with a genuine (false) complaint of member 2 about dealer 1 and
// the messages the near-valid inputs are made from.
type fixture struct {
	c         *chain
	dealing   []byte // member 4's honest dealing, not yet posted
	complaint []byte // genuine proof, correct share: a false complaint
	confirm   []byte
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	c := newChain(t, 4, 3, 42)
	for i := uint8(1); i <= 3; i++ {
		m, err := c.members[i-1].Deal()
		if err != nil {
			t.Fatal(err)
		}
		c.log = append(c.log, posted{i, m.Data})
		for _, p := range append(c.members, c.obs) {
			if _, err := p.Receive(i, m.Data); err != nil {
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
	comp := &Complaint{committee: c.params.CommitteeID, dealer: 1, accuser: 2, shared: k}
	proof, err := dleq.Prove(testRand(5), &c.keys[1].d, &dleq.Statement{P: c.keys[1].pub.p, H: rec.d.ephemeral, Q: k},
		complaintContext(comp.committee, 1, 2))
	if err != nil {
		t.Fatal(err)
	}
	comp.proof = *proof
	cb, _ := comp.MarshalBinary()
	conf := &Confirmation{committee: c.params.CommitteeID, member: 3, transcript: [32]byte{1}}
	fb, _ := conf.MarshalBinary()
	return &fixture{c: c, dealing: m4.Data, complaint: cb, confirm: fb}
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

// dealing layout offsets for t = 3, n = 4.
const (
	offDealer = 34
	offT      = 35
	offN      = 36
	offC0     = 37
	offR      = offC0 + 3*33
	offMasked = offR + 33
	offProof  = offMasked + 4*32
)

func badDealings(fx *fixture) []nearValid {
	d := fx.dealing
	return []nearValid{
		{Name: "dealer 0", Data: mutate(d, set(offDealer, 0))},
		{Name: "dealer 5 of 4", Data: mutate(d, set(offDealer, 5))},
		{Name: "dealer claims 1", Data: mutate(d, set(offDealer, 1))},
		{Name: "threshold 0", Data: mutate(d, set(offT, 0))},
		{Name: "threshold above n", Data: mutate(d, set(offT, 5))},
		{Name: "n 17", Data: mutate(d, set(offN, 17))},
		{Name: "threshold 2 with 3 commitments", Data: mutate(d, set(offT, 2))},
		{Name: "commitment identity", Data: mutate(d, set(offC0+33, zeroPoint...))},
		{Name: "commitment x = p", Data: mutate(d, set(offC0+1, pBytes...))},
		{Name: "commitment off curve", Data: mutate(d, set(offC0, noPointX...))},
		{Name: "commitment prefix 04", Data: mutate(d, set(offC0, 0x04))},
		{Name: "ephemeral identity", Data: mutate(d, set(offR, zeroPoint...))},
		{Name: "ephemeral off curve", Data: mutate(d, set(offR, noPointX...))},
		{Name: "ephemeral other parity", Data: mutate(d, func(b []byte) []byte { b[offR] ^= 1; return b })},
		{Name: "masked share flipped", Data: mutate(d, func(b []byte) []byte { b[offMasked+40] ^= 1; return b })},
		{Name: "proof c = q", Data: mutate(d, set(offProof, qBytes...))},
		{Name: "proof s = q", Data: mutate(d, set(offProof+32, qBytes...))},
		{Name: "proof s flipped", Data: mutate(d, func(b []byte) []byte { b[len(b)-1] ^= 1; return b })},
		{Name: "another committee", Data: mutate(d, func(b []byte) []byte { b[2] ^= 1; return b })},
		{Name: "version 2", Data: mutate(d, set(1, 2))},
		{Name: "truncated", Data: d[:len(d)-1]},
		{Name: "trailing byte", Data: append(bytes.Clone(d), 0)},
	}
}

func badComplaints(fx *fixture) []nearValid {
	c := fx.complaint
	const offAccuser, offDealerC, offK = 34, 35, 36
	return []nearValid{
		{Name: "genuine false complaint", Data: c},
		{Name: "accuser 0", Data: mutate(c, set(offAccuser, 0))},
		{Name: "accuser 17", Data: mutate(c, set(offAccuser, 17))},
		{Name: "dealer 0", Data: mutate(c, set(offDealerC, 0))},
		{Name: "dealer 4 without dealing", Data: mutate(c, set(offDealerC, 4))},
		{Name: "dealer 3 instead of 1", Data: mutate(c, set(offDealerC, 3))},
		{Name: "shared point identity", Data: mutate(c, set(offK, zeroPoint...))},
		{Name: "shared point off curve", Data: mutate(c, set(offK, noPointX...))},
		{Name: "shared point negated", Data: mutate(c, func(b []byte) []byte { b[offK] ^= 1; return b })},
		{Name: "proof c = q", Data: mutate(c, set(offK+33, qBytes...))},
		{Name: "proof s flipped", Data: mutate(c, func(b []byte) []byte { b[len(b)-1] ^= 1; return b })},
		{Name: "truncated", Data: c[:len(c)-1]},
		{Name: "trailing byte", Data: append(bytes.Clone(c), 0)},
	}
}

func badConfirmations(fx *fixture) []nearValid {
	c := fx.confirm
	return []nearValid{
		{Name: "member 0", Data: mutate(c, set(34, 0))},
		{Name: "member 17", Data: mutate(c, set(34, 17))},
		{Name: "dealing kind", Data: mutate(c, set(0, 'D'))},
		{Name: "truncated", Data: c[:len(c)-1]},
		{Name: "trailing byte", Data: append(bytes.Clone(c), 0)},
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

func TestMessagesRejectNearValid(t *testing.T) {
	fx := newFixture(t)
	for _, e := range badDealings(fx) {
		var d Dealing
		err := d.UnmarshalBinary(e.Data)
		if err == nil {
			// Well formed but wrong: the state machine must refuse it.
			if _, rerr := fx.c.obs.Receive(4, e.Data); rerr == nil {
				t.Errorf("dealing %q accepted", e.Name)
			}
			continue
		}
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("dealing %q: err = %v, want ErrMalformed", e.Name, err)
		}
	}
	for _, e := range badComplaints(fx) {
		var c Complaint
		if err := c.UnmarshalBinary(e.Data); err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("complaint %q: err = %v", e.Name, err)
			}
			continue
		}
		obs := replayObserver(t, fx)
		if _, err := obs.Receive(c.accuser, e.Data); err == nil {
			t.Errorf("complaint %q upheld against an honest dealer", e.Name)
		}
	}
	for _, e := range badConfirmations(fx) {
		var c Confirmation
		if err := c.UnmarshalBinary(e.Data); !errors.Is(err, ErrMalformed) {
			t.Errorf("confirmation %q: err = %v", e.Name, err)
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

func replayObserver(t testing.TB, fx *fixture) *Participant {
	t.Helper()
	obs, err := NewObserver(fx.c.params)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range fx.c.log {
		if _, err := obs.Receive(m.from, m.data); err != nil {
			t.Fatal(err)
		}
	}
	return obs
}

func TestRoundTrips(t *testing.T) {
	fx := newFixture(t)
	for name, c := range map[string]struct {
		data []byte
		v    interface {
			encoding.BinaryMarshaler
			encoding.BinaryUnmarshaler
		}
	}{
		"dealing": {fx.dealing, new(Dealing)}, "complaint": {fx.complaint, new(Complaint)},
		"confirmation": {fx.confirm, new(Confirmation)},
	} {
		if err := c.v.UnmarshalBinary(c.data); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out, err := c.v.MarshalBinary()
		if err != nil || !bytes.Equal(out, c.data) {
			t.Fatalf("%s: round trip differs (%v)", name, err)
		}
	}
	k := fx.c.keys[0]
	kb, _ := k.MarshalBinary()
	var k2 PrivateKey
	if err := k2.UnmarshalBinary(kb); err != nil || !k2.Public().Equal(k.Public()) {
		t.Fatal("private key round trip")
	}
	pb, _ := k.Public().MarshalBinary()
	var p2 PublicKey
	if err := p2.UnmarshalBinary(pb); err != nil || !p2.Equal(k.Public()) {
		t.Fatal("public key round trip")
	}
}

// receiveInputs are the near-valid messages with their sender in front, as
// FuzzReceive takes them.
func receiveInputs(fx *fixture) [][]byte {
	var out [][]byte
	for _, e := range append(append(badDealings(fx), badComplaints(fx)...), badConfirmations(fx)...) {
		from := byte(4)
		if len(e.Data) > 34 && e.Data[0] != 'D' {
			from = e.Data[34]
		}
		out = append(out, append([]byte{from}, e.Data...))
	}
	return append(out, append([]byte{4}, fx.dealing...), append([]byte{2}, fx.complaint...))
}

func fuzzRoundTrip[T any, PT interface {
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

func FuzzDealingUnmarshalBinary(f *testing.F) {
	fx := newFixture(f)
	fuzzRoundTrip[Dealing](f, fx.dealing, datas(badDealings(fx)))
}

func FuzzComplaintUnmarshalBinary(f *testing.F) {
	fx := newFixture(f)
	fuzzRoundTrip[Complaint](f, fx.complaint, datas(badComplaints(fx)))
}

func FuzzConfirmationUnmarshalBinary(f *testing.F) {
	fx := newFixture(f)
	fuzzRoundTrip[Confirmation](f, fx.confirm, datas(badConfirmations(fx)))
}

func FuzzPublicKeyUnmarshalBinary(f *testing.F) {
	k, _ := GenerateKey(testRand(1))
	b, _ := k.Public().MarshalBinary()
	pub, _ := badKeys()
	fuzzRoundTrip[PublicKey](f, b, datas(pub))
}

func FuzzPrivateKeyUnmarshalBinary(f *testing.F) {
	k, _ := GenerateKey(testRand(1))
	b, _ := k.MarshalBinary()
	_, priv := badKeys()
	fuzzRoundTrip[PrivateKey](f, b, datas(priv))
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

// FuzzReceive feeds one arbitrary message (first byte: the sender) to an
// observer that has seen three honest dealings. Whatever it is, no honest
// dealer may be disqualified; a refused message must leave the state as it
// was, and an accepted one may only add the fourth dealer.
func FuzzReceive(f *testing.F) {
	fx := newFixture(f)
	base := replayObserver(f, fx)
	fuzzcorpus.Bytes(f, receiveInputs(fx)...)
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 {
			return
		}
		obs := base.clone()
		_, err := obs.Receive(in[0], in[1:])
		if len(obs.disqualified) != 0 {
			t.Fatalf("an honest dealer was disqualified (err %v)", err)
		}
		if err != nil {
			if obs.dealings != base.dealings || len(obs.complained) > len(base.complained)+1 {
				t.Fatalf("refused message changed the state: %v", err)
			}
			return
		}
		for i, d := range obs.dealings {
			if d != base.dealings[i] && i != 4 {
				t.Fatalf("accepted message changed dealing %d", i)
			}
		}
		_ = obs.CloseDealings()
		got, _, err := obs.Finish()
		if err != nil {
			t.Fatalf("run failed after one message: %v", err)
		}
		for _, i := range []uint8{1, 2, 3} {
			if !slices.Contains(got.Qualified, i) {
				t.Fatalf("honest dealer %d disqualified", i)
			}
		}
	})
}
