package toprf

import (
	"bytes"
	"encoding"
	"testing"

	"github.com/emrchain/emrchain/crypto/internal/nearvalid"
	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

type fuzzFixture struct {
	ix                    *index
	bl                    *Blinding
	req                   *Request
	answer                *Answer
	encReq, encAns, encBl []byte
	encCommits, encKey    []byte
}

func newFuzzFixture(t testing.TB) *fuzzFixture {
	fx := &fuzzFixture{ix: newIndex(t, seed, 1, 2, 3)}
	var err error
	if fx.bl, fx.req, err = Blind(testRand(2), "diabetes", 1); err != nil {
		t.Fatal(err)
	}
	fx.answer = fx.ix.answer(t, fx.req, 2)[0]
	fx.encReq, _ = fx.req.MarshalBinary()
	fx.encAns, _ = fx.answer.MarshalBinary()
	fx.encBl, _ = fx.bl.MarshalBinary()
	fx.encCommits, _ = fx.ix.commits.MarshalBinary()
	fx.encKey, _ = fx.ix.key.MarshalBinary()
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

func FuzzRequestUnmarshalBinary(f *testing.F) {
	fx := newFuzzFixture(f)
	seeds(f, fx.encReq, []int{2}, nil, 0, 1, 2, RequestSize-1)
	f.Fuzz(func(t *testing.T, data []byte) { roundTrip[Request](t, data) })
}

// FuzzAnswerUnmarshalBinary: no answer but the genuine one verifies.
func FuzzAnswerUnmarshalBinary(f *testing.F) {
	fx := newFuzzFixture(f)
	seeds(f, fx.encAns, []int{3}, []int{36, 68}, 2, 3, 40, AnswerSize-1)
	f.Fuzz(func(t *testing.T, data []byte) {
		a, ok := roundTrip[Answer](t, data)
		if ok && VerifyAnswer(fx.ix.commits, fx.req, a, ctx(a.index)) == nil && !bytes.Equal(data, fx.encAns) {
			t.Fatal("an answer other than the genuine one verified")
		}
	})
}

func FuzzShareCommitmentsUnmarshalBinary(f *testing.F) {
	fx := newFuzzFixture(f)
	seeds(f, fx.encCommits, []int{3, 36, 69}, nil, 2, 3, len(fx.encCommits)-1)
	f.Fuzz(func(t *testing.T, data []byte) { roundTrip[ShareCommitments](t, data) })
}

func FuzzBlindingUnmarshalBinary(f *testing.F) {
	fx := newFuzzFixture(f)
	seeds(f, fx.encBl, nil, []int{2}, 2, 40, len(fx.encBl)-1)
	fuzzcorpus.Bytes(f, append(bytes.Clone(fx.encBl[:42]), "Diabetes"...), append(bytes.Clone(fx.encBl[:42]), " diabetes"...))
	f.Fuzz(func(t *testing.T, data []byte) { roundTrip[Blinding](t, data) })
}

func FuzzKeyUnmarshalBinary(f *testing.F) {
	fx := newFuzzFixture(f)
	seeds(f, fx.encKey, nil, []int{0}, 0, 31)
	f.Fuzz(func(t *testing.T, data []byte) { roundTrip[Key](t, data) })
}
