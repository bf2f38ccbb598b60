package toprf

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/dleq"
	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/shamir"
	"github.com/emrchain/emrchain/crypto/sse"
)

func testRand(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	s[0], s[1] = byte(seed), byte(seed>>8)
	return rand.NewChaCha8(s)
}

func ctx(m uint8) [32]byte { return [32]byte{'a', 'n', 's', 'w', 'e', 'r', m} }

// index is a patient's index key for one epoch, dealt to a committee.
type index struct {
	key     *Key
	epoch   uint64
	t       int
	commits ShareCommitments
	shares  []shamir.Share
}

func newIndex(tb testing.TB, seed [32]byte, epoch uint64, t, n int) *index {
	tb.Helper()
	k, err := DeriveKey(seed, epoch)
	if err != nil {
		tb.Fatal(err)
	}
	c, shares, err := k.Deal(testRand(epoch+100), t, n)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range shares {
		if err := c.Check(testRand(1), t, &shares[i]); err != nil {
			tb.Fatalf("member %d's honest share: %v", i+1, err)
		}
	}
	return &index{key: k, epoch: epoch, t: t, commits: c, shares: shares}
}

func (ix *index) answer(tb testing.TB, req *Request, members ...uint8) []*Answer {
	tb.Helper()
	var out []*Answer
	for _, m := range members {
		a, err := Evaluate(testRand(uint64(m)+7), &ix.shares[m-1], req, ctx(m))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func (ix *index) token(tb testing.TB, keyword string, epoch uint64, members ...uint8) (Output, error) {
	tb.Helper()
	bl, req, err := Blind(testRand(9), keyword, epoch)
	if err != nil {
		tb.Fatal(err)
	}
	out, _, err := bl.Combine(ix.commits, ix.t, req, ix.answer(tb, req, members...), ctx)
	return out, err
}

var seed = [32]byte{'p', 'a', 't', 'i', 'e', 'n', 't'}

func TestThresholdMatchesKeyHolder(t *testing.T) {
	for _, tn := range [][2]int{{1, 1}, {2, 3}, {3, 5}} {
		th, n := tn[0], tn[1]
		t.Run(fmt.Sprintf("%d-of-%d", th, n), func(t *testing.T) {
			ix := newIndex(t, seed, 4, th, n)
			want, err := ix.key.Evaluate("Type 2 Diabetes", 4)
			if err != nil {
				t.Fatal(err)
			}
			var rec func(start int, cur []uint8)
			rec = func(start int, cur []uint8) {
				if len(cur) == th {
					got, err := ix.token(t, "  type 2   DIABETES ", 4, cur...)
					if err != nil || got != want {
						t.Fatalf("members %v: %x, %v", cur, got, err)
					}
					return
				}
				for i := start; i <= n; i++ {
					rec(i+1, append(cur, uint8(i)))
				}
			}
			rec(1, nil)
		})
	}
}

// TestSearchThroughTheCommittee: the patient writes entries with her own
// evaluation; a requester that obtained the token from the committee finds
// them, and nothing of another keyword.
func TestSearchThroughTheCommittee(t *testing.T) {
	ix := newIndex(t, seed, 1, 2, 3)
	onChain := map[[32]byte][32]byte{}
	write := func(keyword string, ids ...byte) {
		o, err := ix.key.Evaluate(keyword, 1)
		if err != nil {
			t.Fatal(err)
		}
		var ps [][32]byte
		for _, id := range ids {
			ps = append(ps, [32]byte{31: id})
		}
		es, err := o.Token().Entries(0, ps)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			onChain[e.Label] = e.Value
		}
	}
	write("diabetes", 1, 2, 3)
	write("asthma", 4)
	lookup := func(l [32]byte) ([32]byte, bool) { v, ok := onChain[l]; return v, ok }
	o, err := ix.token(t, "Diabetes", 1, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	found := o.Token().Search(lookup)
	if len(found) != 3 || found[0][31] != 1 || found[2][31] != 3 {
		t.Fatalf("found %v", found)
	}
	other, _ := ix.token(t, "hypertension", 1, 2, 3)
	if len(other.Token().Search(lookup)) != 0 {
		t.Fatal("a keyword never written found entries")
	}
}

// TestRemovedRequesterFindsNothingLater plays the attack the per-epoch key
// exists for. While authorised in epoch 5, a requester asks the committee
// for the token of (w, epoch 6), which blinding hides from the members. The
// patient then removes it and moves to epoch 6 with a new key. The token it
// kept finds none of the entries written in epoch 6, while a token issued in
// epoch 6 does.
func TestRemovedRequesterFindsNothingLater(t *testing.T) {
	e5 := newIndex(t, seed, 5, 2, 3)
	e6 := newIndex(t, seed, 6, 2, 3)
	if e5.key.Equal(e6.key) {
		t.Fatal("epochs share a key")
	}
	hoarded, err := e5.token(t, "oncology", 6, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	written, err := e6.key.Evaluate("oncology", 6)
	if err != nil {
		t.Fatal(err)
	}
	es, _ := written.Token().Entries(0, [][32]byte{{31: 9}})
	onChain := map[[32]byte][32]byte{es[0].Label: es[0].Value}
	lookup := func(l [32]byte) ([32]byte, bool) { v, ok := onChain[l]; return v, ok }
	if len(hoarded.Token().Search(lookup)) != 0 {
		t.Fatal("a token obtained in epoch 5 finds entries of epoch 6")
	}
	fresh, err := e6.token(t, "oncology", 6, 2, 3)
	if err != nil || len(fresh.Token().Search(lookup)) != 1 {
		t.Fatalf("a token of epoch 6 finds nothing: %v", err)
	}
	// And the same key evaluated at another epoch is a different token.
	if o, _ := e6.key.Evaluate("oncology", 7); o == written {
		t.Fatal("epoch is not part of the input")
	}
}

func TestForgedAnswersFail(t *testing.T) {
	ix := newIndex(t, seed, 2, 2, 4)
	bl, req, _ := Blind(testRand(20), "cardiology", 2)
	good := ix.answer(t, req, 1, 2, 3, 4)
	_, otherReq, _ := Blind(testRand(21), "cardiology", 2)
	one := fr.NewElement(1)

	changed := *good[0]
	changed.e = group.MulAffine(&changed.e, &fr.Element{3})
	relabelled := *good[1]
	relabelled.index = 3
	forOther := ix.answer(t, otherReq, 4)[0]
	wrongCtx, _ := Evaluate(nil, &ix.shares[2], req, ctx(9))
	var s1 fr.Element
	s1.Add(&ix.shares[3].Value, &one)
	lie := &Answer{index: 4, e: group.MulAffine(&req.blinded, &s1)}
	p, _ := dleq.Prove(nil, &s1, &dleq.Statement{P: ix.commits[3], H: req.blinded, Q: lie.e}, ctx(4))
	lie.proof = *p
	outOfRange := *good[0]
	outOfRange.index = 5
	for name, a := range map[string]*Answer{
		"point changed": &changed, "member 2's answer as member 3's": &relabelled, "answer to another request": forOther,
		"proof for another answer": wrongCtx, "wrong value proved with the wrong key": lie, "member 5 of 4": &outOfRange,
	} {
		if err := VerifyAnswer(ix.commits, req, a, ctx(a.index)); !errors.Is(err, ErrAnswer) {
			t.Errorf("%s: %v, want ErrAnswer", name, err)
		}
	}
	want, _ := ix.key.Evaluate("cardiology", 2)
	got, faulty, err := bl.Combine(ix.commits, 2, req, []*Answer{&changed, lie, good[1], good[2]}, ctx)
	if err != nil || got != want || fmt.Sprint(faulty) != "[1 4]" {
		t.Fatalf("combine around forgeries: %v, faulty %v", err, faulty)
	}
	if _, _, err := bl.Combine(ix.commits, 2, req, []*Answer{&changed, good[1]}, ctx); !errors.Is(err, ErrTooFewAnswers) {
		t.Fatalf("one valid answer: %v", err)
	}
}

// TestFewerThanThresholdLearnNothing: t−1 members, applying their shares
// to the input directly and interpolating, do not get the output.
func TestFewerThanThresholdLearnNothing(t *testing.T) {
	ix := newIndex(t, seed, 3, 3, 5)
	want, _ := ix.key.Evaluate("neurology", 3)
	p, _ := Input("neurology", 3)
	for i := uint8(1); i <= 5; i++ {
		for j := i + 1; j <= 5; j++ {
			pts := []uint8{i, j}
			guess, err := shamir.CombinePoints(pts, []secp256k1.G1Affine{
				group.MulAffine(&p, &ix.shares[i-1].Value), group.MulAffine(&p, &ix.shares[j-1].Value)})
			if err != nil {
				t.Fatal(err)
			}
			if output("neurology", 3, &guess) == want {
				t.Fatalf("members %d and %d computed the token", i, j)
			}
		}
	}
}

func TestShareChecks(t *testing.T) {
	ix := newIndex(t, seed, 8, 2, 4)
	bad := ix.shares[1]
	bad.Value.Add(&bad.Value, &fr.Element{1})
	if err := ix.commits.Check(nil, 2, &bad); !errors.Is(err, ErrShare) {
		t.Errorf("wrong share: %v", err)
	}
	// Commitments off one degree-1 polynomial: member 3's replaced.
	skewed := append(ShareCommitments(nil), ix.commits...)
	skewed[2] = group.Generator()
	if err := skewed.CheckDegree(nil, 2); !errors.Is(err, ErrShare) {
		t.Errorf("skewed commitments: %v", err)
	}
	if err := ix.commits.Check(nil, 2, &shamir.Share{Index: 5}); !errors.Is(err, ErrShare) {
		t.Errorf("member 5 of 4: %v", err)
	}
	if _, err := Evaluate(nil, &shamir.Share{Index: 1}, &Request{blinded: group.Generator()}, ctx(1)); !errors.Is(err, ErrShare) {
		t.Errorf("zero share: %v", err)
	}
}

func TestKeywordChecks(t *testing.T) {
	for _, w := range []string{"", "   ", "\t\n"} {
		if _, _, err := Blind(nil, w, 1); !errors.Is(err, ErrKeyword) {
			t.Errorf("%q: %v", w, err)
		}
	}
	if _, err := Input(string(bytes.Repeat([]byte{'a'}, maxKeywordLen+1)), 1); !errors.Is(err, ErrKeyword) {
		t.Error("over-long keyword accepted")
	}
	// Blinding hides the input: two requests for one keyword differ and are
	// not the input point.
	p, _ := Input("x", 1)
	_, r1, _ := Blind(testRand(1), "x", 1)
	_, r2, _ := Blind(testRand(2), "x", 1)
	if r1.blinded.Equal(&r2.blinded) || r1.blinded.Equal(&p) {
		t.Error("requests are not blinded")
	}
}

func TestEncodingsRoundTrip(t *testing.T) {
	ix := newIndex(t, seed, 9, 2, 3)
	bl, req, _ := Blind(testRand(30), "Ünïcödé  keyword", 9)
	answers := ix.answer(t, req, 1, 3)
	var req2 Request
	b, _ := req.MarshalBinary()
	if req2.UnmarshalBinary(b) != nil || req2 != *req {
		t.Fatal("request")
	}
	var answers2 []*Answer
	for _, a := range answers {
		var a2 Answer
		b, _ := a.MarshalBinary()
		if len(b) != AnswerSize || a2.UnmarshalBinary(b) != nil || a2 != *a {
			t.Fatal("answer")
		}
		answers2 = append(answers2, &a2)
	}
	var c2 ShareCommitments
	b, _ = ix.commits.MarshalBinary()
	if c2.UnmarshalBinary(b) != nil || len(c2) != 3 {
		t.Fatal("commitments")
	}
	var bl2 Blinding
	b, _ = bl.MarshalBinary()
	if bl2.UnmarshalBinary(b) != nil || bl2 != *bl {
		t.Fatal("blinding")
	}
	var k2 Key
	b, _ = ix.key.MarshalBinary()
	if k2.UnmarshalBinary(b) != nil || !k2.Equal(ix.key) {
		t.Fatal("key")
	}
	want, _ := ix.key.Evaluate("ünïcödé keyword", 9)
	got, _, err := bl2.Combine(c2, 2, &req2, answers2, ctx)
	if err != nil || got != want {
		t.Fatalf("after round trips: %v", err)
	}
	if got.Token().Label() == (sse.Token{}).Label() {
		t.Fatal("empty token")
	}
}
