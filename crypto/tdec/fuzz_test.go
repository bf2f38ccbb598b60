package tdec

import (
	"bytes"
	"encoding"
	"testing"

	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/internal/nearvalid"
	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

// fuzzFixture is a deterministic request and its answers, the genuine
// objects every fuzz target compares against.
type fuzzFixture struct {
	c      *committee
	ct     *Ciphertext
	bl     *Blinding
	req    *Request
	share  *DecryptionShare
	encCt  []byte
	encReq []byte
	encSh  []byte
	encBl  []byte
}

func newFuzzFixture(t testing.TB) *fuzzFixture {
	fx := &fuzzFixture{c: newCommittee(t, 2, 3, 1)}
	var err error
	if fx.ct, err = Encrypt(testRand(2), fx.c.key, randomKey(3), aad); err != nil {
		t.Fatal(err)
	}
	if fx.bl, fx.req, err = Blind(testRand(4), fx.ct, reqCtx); err != nil {
		t.Fatal(err)
	}
	fx.share = fx.c.answers(t, fx.ct, fx.req, 2)[0]
	fx.encCt, _ = fx.ct.MarshalBinary()
	fx.encReq, _ = fx.req.MarshalBinary()
	fx.encSh, _ = fx.share.MarshalBinary()
	fx.encBl, _ = fx.bl.MarshalBinary()
	return fx
}

func seeds(f *testing.F, good []byte, points, scalars []int, flips ...int) {
	fuzzcorpus.Bytes(f, good)
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(good, flips...)...)
	fuzzcorpus.Bytes(f, nearvalid.Points(good, points...)...)
	fuzzcorpus.Bytes(f, nearvalid.Scalars(good, scalars...)...)
}

func roundTrip[T any, PT interface {
	*T
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}](t *testing.T, data []byte) (PT, bool) {
	var v T
	if err := PT(&v).UnmarshalBinary(data); err != nil {
		return nil, false
	}
	out, err := PT(&v).MarshalBinary()
	if err != nil || !bytes.Equal(out, data) {
		t.Fatalf("accepted %x but re-encodes to %x (%v)", data, out, err)
	}
	return &v, true
}

func FuzzCiphertextUnmarshalBinary(f *testing.F) {
	fx := newFuzzFixture(f)
	seeds(f, fx.encCt, []int{2}, nil, 0, 1, 2, 40, CiphertextSize-1)
	f.Fuzz(func(t *testing.T, data []byte) {
		ct, ok := roundTrip[Ciphertext](t, data)
		if !ok {
			return
		}
		// Only the genuine ciphertext opens under the genuine shares.
		bl := *fx.bl
		bl.ct = *ct
		if _, _, err := bl.Combine(fx.c.pub, fx.req, fx.c.answers(t, fx.ct, fx.req, 1, 2), shareCtx, aad); err == nil && !bytes.Equal(data, fx.encCt) {
			t.Fatal("a modified ciphertext opened")
		}
	})
}

// FuzzRequestUnmarshalBinary: a member must answer nothing but the genuine
// request.
func FuzzRequestUnmarshalBinary(f *testing.F) {
	fx := newFuzzFixture(f)
	seeds(f, fx.encReq, []int{2, 35}, []int{68, 100}, 2, 36, RequestSize-1)
	f.Fuzz(func(t *testing.T, data []byte) {
		req, ok := roundTrip[Request](t, data)
		if !ok {
			return
		}
		if req.Verify(fx.ct, reqCtx) == nil && !bytes.Equal(data, fx.encReq) {
			t.Fatal("a request other than the genuine one verified")
		}
	})
}

// FuzzShareUnmarshalBinary: no share but the genuine one verifies.
func FuzzShareUnmarshalBinary(f *testing.F) {
	fx := newFuzzFixture(f)
	seeds(f, fx.encSh, []int{3}, []int{36, 68}, 2, 3, 40, ShareSize-1)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, ok := roundTrip[DecryptionShare](t, data)
		if !ok {
			return
		}
		if VerifyShare(fx.c.pub, fx.req, s, shareCtx(s.index)) == nil && !bytes.Equal(data, fx.encSh) {
			t.Fatal("a share other than the genuine one verified")
		}
	})
}

func FuzzBlindingUnmarshalBinary(f *testing.F) {
	fx := newFuzzFixture(f)
	seeds(f, fx.encBl, []int{2 + 32 + 2}, []int{2}, 2, 33, BlindingSize-1)
	f.Fuzz(func(t *testing.T, data []byte) {
		if bl, ok := roundTrip[Blinding](t, data); ok && bl.b.IsZero() {
			t.Fatal("a zero blinding scalar was accepted")
		}
	})
}

// FuzzGateUnmarshalBinary: every parsed gate re-encodes to its bytes, and
// any gate but the genuine one fails to open for the genuine reader.
func FuzzGateUnmarshalBinary(f *testing.F) {
	w := newSmallWorld(f)
	fuzzcorpus.Bytes(f, w.encoded)
	for _, b := range badGates(f, w) {
		fuzzcorpus.Bytes(f, b)
	}
	ak, err := w.msk.KeyGen(testRand(5), []string{"a/x:1", cpabe.EpochAttribute(w.epoch)})
	if err != nil {
		f.Fatal(err)
	}
	_, k2 := SplitKey(w.key)
	f.Fuzz(func(t *testing.T, data []byte) {
		g, ok := roundTrip[Gate](t, data)
		if !ok || len(data) < CiphertextSize {
			return
		}
		// Opening costs a pairing product; a gate whose CP-ABE part is the
		// genuine one opens as the genuine one does, so only others are
		// tried.
		if bytes.Equal(data[:len(data)-CiphertextSize], w.encoded[:len(w.encoded)-CiphertextSize]) {
			return
		}
		if k, err := g.OpenRead(ak, k2); err == nil && k == w.key {
			t.Fatal("a modified wrapped key opened")
		}
	})
}

// newSmallWorld is newWorld with a one-attribute policy, so a gate parses
// fast enough to fuzz.
func newSmallWorld(t testing.TB) *world {
	t.Helper()
	w := &world{c: newCommittee(t, 2, 3, 50), epoch: 4, key: randomKey(51)}
	var err error
	if w.pk, w.msk, err = cpabe.Setup(testRand(52)); err != nil {
		t.Fatal(err)
	}
	if w.policy, err = cpabe.ParsePolicy("a/x:1"); err != nil {
		t.Fatal(err)
	}
	w.rec = Record{Version: 1}
	if w.gate, err = NewGate(testRand(53), w.c.key, w.rec, w.key, GateOptions{ABE: w.pk, Policy: w.policy, Epoch: w.epoch}); err != nil {
		t.Fatal(err)
	}
	if w.encoded, err = w.gate.MarshalBinary(); err != nil {
		t.Fatal(err)
	}
	return w
}
