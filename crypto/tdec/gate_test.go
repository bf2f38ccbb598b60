package tdec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/internal/group"
)

// world is one record version with a gate object: a CP-ABE authority, a
// 2-of-3 committee, a policy and the data key K.
type world struct {
	pk      *cpabe.PublicKey
	msk     *cpabe.MasterKey
	c       *committee
	rec     Record
	policy  *cpabe.Policy
	epoch   uint64
	key     [KeySize]byte
	gate    *Gate
	encoded []byte
}

const testPolicy = "hospital-a/role:doctor and (hospital-a/dept:cardiology or hospital-b/dept:cardiology)"

func newWorld(t testing.TB, capsule bool) *world {
	t.Helper()
	w := &world{c: newCommittee(t, 2, 3, 50), epoch: 17, key: randomKey(51)}
	var err error
	if w.pk, w.msk, err = cpabe.Setup(testRand(52)); err != nil {
		t.Fatal(err)
	}
	if w.policy, err = cpabe.ParsePolicy(testPolicy); err != nil {
		t.Fatal(err)
	}
	w.rec = Record{Patient: [20]byte{0xaa}, RecordID: [32]byte{0xbb}, Version: 3}
	w.gate, err = NewGate(testRand(53), w.c.key, w.rec, w.key, GateOptions{ABE: w.pk, Policy: w.policy, Epoch: w.epoch, NetworkCapsule: capsule})
	if err != nil {
		t.Fatal(err)
	}
	if w.encoded, err = w.gate.MarshalBinary(); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) policyHash(t testing.TB) [32]byte {
	h, err := w.policy.ProgramHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// read is a requester's whole attribute read: parse the gate from bytes,
// blind, let members answer, combine and open with its CP-ABE key.
func (w *world) read(t testing.TB, ak *cpabe.AttributeKey, members ...uint8) ([KeySize]byte, error) {
	t.Helper()
	var g Gate
	if err := g.UnmarshalBinary(w.encoded); err != nil {
		t.Fatal(err)
	}
	bl, req, err := Blind(testRand(60), g.Half(), reqCtx)
	if err != nil {
		t.Fatal(err)
	}
	shares := w.c.answers(t, g.Half(), req, members...)
	k2, _, err := bl.Combine(w.c.pub, req, shares, shareCtx, HalfAAD(w.rec, w.policyHash(t)))
	if err != nil {
		return [KeySize]byte{}, err
	}
	return g.OpenRead(ak, k2)
}

func (w *world) keyFor(t testing.TB, attrs ...string) *cpabe.AttributeKey {
	t.Helper()
	ak, err := w.msk.KeyGen(testRand(61), attrs)
	if err != nil {
		t.Fatal(err)
	}
	return ak
}

func TestAttributeRead(t *testing.T) {
	w := newWorld(t, false)
	doctor := w.keyFor(t, "hospital-a/role:doctor", "hospital-b/dept:cardiology", cpabe.EpochAttribute(17))
	got, err := w.read(t, doctor, 1, 3)
	if err != nil || got != w.key {
		t.Fatalf("read = %x, %v", got, err)
	}
	// A key of another epoch opens nothing of this record.
	old := w.keyFor(t, "hospital-a/role:doctor", "hospital-b/dept:cardiology", cpabe.EpochAttribute(16))
	if _, err := w.read(t, old, 1, 2); !errors.Is(err, cpabe.ErrPolicyNotSatisfied) {
		t.Fatalf("key of epoch 16: %v", err)
	}
	// Attributes that do not satisfy the policy.
	nurse := w.keyFor(t, "hospital-a/role:nurse", "hospital-a/dept:cardiology", cpabe.EpochAttribute(17))
	if _, err := w.read(t, nurse, 1, 2); !errors.Is(err, cpabe.ErrPolicyNotSatisfied) {
		t.Fatalf("nurse: %v", err)
	}
	// One member is not enough.
	if _, err := w.read(t, doctor, 2); !errors.Is(err, ErrTooFewShares) {
		t.Fatalf("one share: %v", err)
	}
}

// TestAuthorityAloneOpensNothing: the CP-ABE master key mints a key with
// every attribute there is, and gets K1; K stays out of reach without t
// members, and t−1 members' shares do not supply K2.
func TestAuthorityAloneOpensNothing(t *testing.T) {
	w := newWorld(t, false)
	everything := w.keyFor(t, "hospital-a/role:doctor", "hospital-a/dept:cardiology", "hospital-b/dept:cardiology", cpabe.EpochAttribute(17))
	var g Gate
	if err := g.UnmarshalBinary(w.encoded); err != nil {
		t.Fatal(err)
	}
	k1, err := g.wrapped.Unwrap(everything)
	if err != nil {
		t.Fatal(err)
	}
	if k1 == w.key {
		t.Fatal("K1 is the data key")
	}
	wantK1, wantK2 := SplitKey(w.key)
	if k1 != wantK1 || k1 == wantK2 {
		t.Fatal("K1 is not the CP-ABE half")
	}
	// Whatever the authority guesses for K2 short of the real one, the key
	// it gets is not K; with t−1 shares (any one member) plus the master
	// key, interpolation gives a point that does not open K2's ciphertext.
	if got, _ := g.OpenRead(everything, [KeySize]byte{}); got == w.key {
		t.Fatal("K1 alone gave K")
	}
	bl, req, _ := Blind(testRand(70), g.Half(), reqCtx)
	for m := uint8(1); m <= 3; m++ {
		one := w.c.answers(t, g.Half(), req, m)
		if _, _, err := bl.Combine(w.c.pub, req, one, shareCtx, HalfAAD(w.rec, w.policyHash(t))); !errors.Is(err, ErrTooFewShares) {
			t.Fatalf("member %d alone: %v", m, err)
		}
		// The colluding member holds x_m itself: x_m·C1 (what
		// interpolating one share gives) is not y·Y.
		guess := group.MulAffine(&g.Half().c1, &w.c.shares[m-1].Value)
		y := w.c.key.y
		if _, err := g.Half().open(&guess, &y, HalfAAD(w.rec, w.policyHash(t))); !errors.Is(err, ErrDecryption) {
			t.Fatalf("member %d's share opened K2", m)
		}
	}
}

// TestSharesOfOneReadOpenNoOtherRecord: the shares revealed for one record's
// read, public on chain, open neither another record's half nor the same
// record's network capsule.
func TestSharesOfOneReadOpenNoOtherRecord(t *testing.T) {
	w := newWorld(t, true)
	other := newWorld(t, false)
	other.rec.RecordID[0] ^= 1
	other.gate, _ = NewGate(testRand(80), w.c.key, other.rec, randomKey(81), GateOptions{ABE: w.pk, Policy: w.policy, Epoch: 17})

	bl, req, _ := Blind(testRand(82), w.gate.Half(), reqCtx)
	shares := w.c.answers(t, w.gate.Half(), req, 1, 2)
	// The requester's own blinding applied to the other record.
	blOther := *bl
	blOther.ct = *other.gate.Half()
	reqOther := *req
	reqOther.blinded = req.blinded
	if _, _, err := blOther.Combine(w.c.pub, &reqOther, shares, shareCtx, HalfAAD(other.rec, w.policyHash(t))); err == nil {
		t.Fatal("shares of one read opened another record's K2")
	}
	// A request for the half is not a request for the capsule: members
	// asked about the capsule refuse it, and the half's shares do not open
	// the capsule.
	if _, err := DecryptShare(nil, &w.c.shares[0], w.gate.Capsule(), req, reqCtx, shareCtx(1)); !errors.Is(err, ErrRequest) {
		t.Fatalf("half's request answered for the capsule: %v", err)
	}
	blCap := *bl
	blCap.ct = *w.gate.Capsule()
	if _, _, err := blCap.Combine(w.c.pub, req, shares, shareCtx, CapsuleAAD(w.rec)); err == nil {
		t.Fatal("half's shares opened the capsule")
	}
}

func TestNetworkCapsule(t *testing.T) {
	w := newWorld(t, true)
	if w.gate.Flags() != FlagAttribute|FlagCapsule {
		t.Fatalf("flags %#x", w.gate.Flags())
	}
	bl, req, _ := Blind(testRand(90), w.gate.Capsule(), reqCtx)
	shares := w.c.answers(t, w.gate.Capsule(), req, 2, 3)
	got, _, err := bl.Combine(w.c.pub, req, shares, shareCtx, CapsuleAAD(w.rec))
	if err != nil || got != w.key {
		t.Fatalf("capsule: %x, %v", got, err)
	}
	if _, _, err := bl.Combine(w.c.pub, req, shares, shareCtx, HalfAAD(w.rec, w.policyHash(t))); !errors.Is(err, ErrDecryption) {
		t.Fatalf("capsule opened with the half's aad: %v", err)
	}
	// A gate with only the capsule.
	g, err := NewGate(nil, w.c.key, w.rec, w.key, GateOptions{NetworkCapsule: true})
	if err != nil || g.Half() != nil || g.Policy() != nil || g.Flags() != FlagCapsule {
		t.Fatalf("capsule-only gate: %v", err)
	}
	if _, err := NewGate(nil, w.c.key, w.rec, w.key, GateOptions{}); err == nil {
		t.Fatal("empty gate built")
	}
	if _, err := NewGate(nil, w.c.key, w.rec, w.key, GateOptions{Policy: w.policy}); err == nil {
		t.Fatal("policy without the authority's key accepted")
	}
}

func TestGatePolicyChecks(t *testing.T) {
	w := newWorld(t, false)
	if err := w.gate.CheckPolicy(w.policy); err != nil {
		t.Fatal(err)
	}
	broader, _ := cpabe.ParsePolicy("hospital-a/role:doctor")
	if err := w.gate.CheckPolicy(broader); err == nil {
		t.Fatal("gate accepted as wrapping a broader policy")
	}
	if e, ok := w.gate.Epoch(); !ok || e != 17 {
		t.Fatal("epoch")
	}
	if w.gate.Policy().String() != testPolicy+" and epoch:17" {
		t.Fatalf("policy %q", w.gate.Policy())
	}
}

// badGates are near-valid gate objects, each wrong in one way.
func badGates(t testing.TB, w *world) map[string][]byte {
	enc := w.encoded
	mut := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(enc)) }
	n := int(binary.BigEndian.Uint32(enc[11:15]))
	halfAt := 15 + n
	// A gate whose K1 is wrapped under a policy without the epoch.
	raw, err := cpabe.Wrap(testRand(3), w.pk, w.policy, randomKey(4))
	if err != nil {
		t.Fatal(err)
	}
	noEpoch := append([]byte{'G', 1, FlagAttribute}, enc[3:11]...)
	noEpoch = binary.BigEndian.AppendUint32(noEpoch, uint32(len(raw)))
	noEpoch = append(append(noEpoch, raw...), enc[halfAt:]...)
	return map[string][]byte{
		"flags 0":                  mut(func(b []byte) []byte { b[2] = 0; return b }),
		"unknown flag":             mut(func(b []byte) []byte { b[2] |= 4; return b }),
		"capsule flag, no capsule": mut(func(b []byte) []byte { b[2] |= FlagCapsule; return b }),
		"epoch 18":                 mut(func(b []byte) []byte { b[10] = 18; return b }),
		"wrapped length one more":  mut(func(b []byte) []byte { binary.BigEndian.PutUint32(b[11:], uint32(n+1)); return b }),
		"wrapped length huge":      mut(func(b []byte) []byte { binary.BigEndian.PutUint32(b[11:], 1<<31); return b }),
		"K1 under no epoch":        noEpoch,
		"half C1 off curve": mut(func(b []byte) []byte {
			copy(b[halfAt+2:], append([]byte{2}, make([]byte, 31)...))
			b[halfAt+2+32] = 5
			return b
		}),
		"half type byte":            mut(func(b []byte) []byte { b[halfAt] = 'X'; return b }),
		"wrapped key point flipped": mut(func(b []byte) []byte { b[15+n/2] ^= 0x10; return b }),
		"truncated":                 enc[:len(enc)-1],
		"trailing byte":             append(bytes.Clone(enc), 0),
		"header only":               enc[:3],
	}
}

func TestGateRejectsNearValid(t *testing.T) {
	w := newWorld(t, false)
	var g Gate
	if err := g.UnmarshalBinary(w.encoded); err != nil {
		t.Fatal(err)
	}
	again, _ := g.MarshalBinary()
	if !bytes.Equal(again, w.encoded) {
		t.Fatal("gate round trip differs")
	}
	for name, b := range badGates(t, w) {
		var g2 Gate
		err := g2.UnmarshalBinary(b)
		if err == nil {
			// The one flip that can leave a valid encoding must still fail
			// to open.
			ak := w.keyFor(t, "hospital-a/role:doctor", "hospital-a/dept:cardiology", cpabe.EpochAttribute(17))
			if _, err := g2.OpenRead(ak, [KeySize]byte{}); err == nil {
				t.Errorf("%s: accepted and opened", name)
			}
			continue
		}
		if !errors.Is(err, ErrEncoding) {
			t.Errorf("%s: err = %v, want ErrEncoding", name, err)
		}
	}
}
