package dkg

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/dleq"
	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/shamir"
)

func testRand(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	s[0], s[1] = byte(seed), byte(seed>>8)
	return rand.NewChaCha8(s)
}

// posted is one message on the simulated chain: a deal, a complaint or a
// confirmation, with its sender.
type posted struct {
	from      uint8
	deal      *Deal
	complaint *Complaint
	confirm   *Confirmation
}

// chain is a broadcast channel: every message is delivered, in order, to
// every member and to an observer, and whatever a member answers is posted
// after it. It checks that all of them treat each message alike.
type chain struct {
	t       testing.TB
	params  Params
	keys    []*PrivateKey
	members []*Participant
	obs     *Participant
	log     []posted
	errs    []error // the observer's verdict on each message
}

func newChain(t testing.TB, n, threshold int, seed uint64) *chain {
	t.Helper()
	c := &chain{t: t}
	r := testRand(seed)
	c.params.Threshold = threshold
	c.params.CommitteeID = CommitteeID(31337, [20]byte{byte(seed)}, seed)
	for range n {
		k, err := GenerateKey(r)
		if err != nil {
			t.Fatal(err)
		}
		c.keys = append(c.keys, k)
		c.params.Members = append(c.params.Members, k.Public())
	}
	for i := range n {
		p, err := New(c.params, uint8(i+1), c.keys[i], testRand(seed*100+uint64(i)+1))
		if err != nil {
			t.Fatal(err)
		}
		c.members = append(c.members, p)
	}
	obs, err := NewObserver(c.params)
	if err != nil {
		t.Fatal(err)
	}
	c.obs = obs
	return c
}

// deliver hands one message to p and returns its verdict and answer.
func deliver(p *Participant, m posted) (*Complaint, error) {
	switch {
	case m.deal != nil:
		return p.ReceiveDeal(m.from, m.deal.Commitments, m.deal.Shares)
	case m.complaint != nil:
		return nil, p.ReceiveComplaint(m.from, m.complaint.Dealer, m.complaint.SharedPoint, m.complaint.Proof)
	default:
		return nil, p.ReceiveConfirmation(m.from, m.confirm.PublicKey, m.confirm.SharesHash)
	}
}

// post delivers a message and everything it provokes; it returns the
// observer's verdict on the message itself.
func (c *chain) post(m posted) error {
	c.t.Helper()
	queue := []posted{m}
	var first error
	for i := 0; len(queue) > 0; i++ {
		m := queue[0]
		queue = queue[1:]
		c.log = append(c.log, m)
		answer, err := deliver(c.obs, m)
		if answer != nil {
			c.t.Fatal("observer produced a complaint")
		}
		c.errs = append(c.errs, err)
		if i == 0 {
			first = err
		}
		for j, p := range c.members {
			out, perr := deliver(p, m)
			if !sameVerdict(err, perr) {
				c.t.Fatalf("member %d: verdict %v, observer %v", j+1, perr, err)
			}
			if out != nil {
				queue = append(queue, posted{from: uint8(j + 1), complaint: out})
			}
		}
	}
	return first
}

func sameVerdict(a, b error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	for _, s := range []error{ErrMalformed, ErrSender, ErrPhase, ErrDuplicate, ErrInvalidDealing,
		ErrUnknownDealer, ErrInvalidComplaint, ErrFalseComplaint} {
		if errors.Is(a, s) != errors.Is(b, s) {
			return false
		}
	}
	return true
}

// dealAll has every member in dealers deal honestly.
func (c *chain) dealAll(dealers ...uint8) {
	c.t.Helper()
	for _, i := range dealers {
		m, err := c.members[i-1].Deal()
		if err != nil {
			c.t.Fatal(err)
		}
		if err := c.post(posted{from: i, deal: m}); err != nil {
			c.t.Fatalf("honest dealing of %d refused: %v", i, err)
		}
	}
}

func (c *chain) everyone() []uint8 {
	out := make([]uint8, len(c.members))
	for i := range out {
		out[i] = uint8(i + 1)
	}
	return out
}

// finish closes both windows for everyone, checks they all agree, posts the
// confirmations and returns the members' results.
func (c *chain) finish() []*Result {
	c.t.Helper()
	for _, p := range append([]*Participant{c.obs}, c.members...) {
		if p.phase == phaseDealing {
			if err := p.CloseDealings(); err != nil {
				c.t.Fatal(err)
			}
		}
	}
	want, out, err := c.obs.Finish()
	if err != nil {
		c.t.Fatal(err)
	}
	if out != nil {
		c.t.Fatal("observer confirms")
	}
	var results []*Result
	var confirms []posted
	for i, p := range c.members {
		res, out, err := p.Finish()
		if err != nil {
			c.t.Fatalf("member %d: %v", i+1, err)
		}
		if res.Transcript() != want.Transcript() || res.SharesHash() != want.SharesHash() ||
			fmt.Sprint(res.Qualified) != fmt.Sprint(want.Qualified) {
			c.t.Fatalf("member %d disagrees with the observer", i+1)
		}
		if out == nil || out.SharesHash != want.SharesHash() {
			c.t.Fatalf("member %d: confirmation %v", i+1, out)
		}
		confirms = append(confirms, posted{from: uint8(i + 1), confirm: out})
		results = append(results, res)
	}
	for _, m := range confirms {
		if err := c.post(m); err != nil {
			c.t.Fatal(err)
		}
	}
	agree, disagree := c.obs.Confirmations()
	if len(agree) != len(c.members) || len(disagree) != 0 {
		c.t.Fatalf("confirmations: agree %v, disagree %v", agree, disagree)
	}
	return results
}

// checkKey verifies every member's share against the public shares, that
// every t-subset recovers log Y (the test-only combiner) and that no
// (t−1)-subset does.
func checkKey(t *testing.T, results []*Result, usable []uint8) {
	t.Helper()
	r0 := results[0]
	y := r0.Key()
	var shares []shamir.Share
	for _, j := range usable {
		res := results[j-1]
		if res.Share == nil {
			t.Fatalf("member %d has no share: %v", j, res.ShareErr)
		}
		got := group.BaseMulAffine(&res.Share.Value)
		if !got.Equal(&r0.PublicShares[j-1]) {
			t.Fatalf("member %d: share does not match X_%d", j, j)
		}
		shares = append(shares, *res.Share)
	}
	th := r0.Threshold
	subsets(shares, th, func(sub []shamir.Share) {
		x, err := shamir.Combine(sub)
		if err != nil {
			t.Fatal(err)
		}
		if got := group.BaseMulAffine(&x); !got.Equal(&y) {
			t.Fatalf("shares %v do not recover the key", indices(sub))
		}
	})
	if th > 1 {
		subsets(shares, th-1, func(sub []shamir.Share) {
			x, err := shamir.Combine(sub)
			if err != nil {
				t.Fatal(err)
			}
			if got := group.BaseMulAffine(&x); got.Equal(&y) {
				t.Fatalf("%d shares %v recover the key", th-1, indices(sub))
			}
		})
	}
}

func subsets(s []shamir.Share, k int, f func([]shamir.Share)) {
	var rec func(start int, cur []shamir.Share)
	rec = func(start int, cur []shamir.Share) {
		if len(cur) == k {
			f(append([]shamir.Share(nil), cur...))
			return
		}
		for i := start; i < len(s); i++ {
			rec(i+1, append(cur, s[i]))
		}
	}
	rec(0, nil)
}

func indices(s []shamir.Share) []uint8 {
	out := make([]uint8, len(s))
	for i := range s {
		out[i] = s[i].Index
	}
	return out
}

func TestHonestRun(t *testing.T) {
	for _, tc := range []struct{ n, t int }{{3, 2}, {5, 3}, {1, 1}, {4, 4}, {7, 1}} {
		t.Run(fmt.Sprintf("%d-of-%d", tc.t, tc.n), func(t *testing.T) {
			c := newChain(t, tc.n, tc.t, uint64(tc.n*16+tc.t))
			c.dealAll(c.everyone()...)
			results := c.finish()
			r := results[0]
			if len(r.Qualified) != tc.n || len(r.Faults) != 0 {
				t.Fatalf("qualified %v, faults %v", r.Qualified, r.Faults)
			}
			// Y is the sum of the dealers' secrets' images.
			var sum secp256k1.G1Jac
			for _, p := range c.members {
				sum.AddMixed(&p.dealings[p.self].d.commitments[0])
			}
			if y := group.Affine(&sum); !y.Equal(&r.Commitments[0]) {
				t.Fatal("Y is not the sum of the dealers' C_0")
			}
			checkKey(t, results, c.everyone())
		})
	}
}

func TestBadShareDisqualifiesDealer(t *testing.T) {
	c := newChain(t, 5, 3, 1)
	c.dealAll(1)
	// Dealer 2 gives member 4 a share off its polynomial.
	d, err := c.members[1].deal(func(j uint8, v *fr.Element) {
		if j == 4 {
			var one fr.Element
			one.SetOne()
			v.Add(v, &one)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	enc := d.encode()
	if err := c.post(posted{from: 2, deal: &enc}); err != nil {
		t.Fatalf("the deal itself is well formed: %v", err)
	}
	// Member 4's complaint was posted and upheld by everyone.
	last := c.log[len(c.log)-1]
	if last.from != 4 || last.complaint == nil || last.complaint.Dealer != 2 || c.errs[len(c.errs)-1] != nil {
		t.Fatalf("expected an upheld complaint of member 4, got %+v: %v", last, c.errs[len(c.errs)-1])
	}
	c.dealAll(3, 4, 5)
	results := c.finish()
	r := results[0]
	if fmt.Sprint(r.Qualified) != "[1 3 4 5]" {
		t.Fatalf("qualified %v", r.Qualified)
	}
	if len(r.Faults) != 1 || r.Faults[0].Member != 2 || !errors.Is(r.Faults[0].Reason, ErrBadShare) || r.Faults[0].By != 4 {
		t.Fatalf("faults %+v", r.Faults)
	}
	checkKey(t, results, c.everyone())
}

// DealCheating is what a corrupt dealer sends: well formed, with a valid
// proof, and a wrong share for its victim, whose complaint disqualifies it.
func TestDealCheating(t *testing.T) {
	c := newChain(t, 3, 2, 3)
	if _, err := c.members[0].DealCheating(4); !errors.Is(err, ErrSender) {
		t.Fatalf("victim outside the committee: %v", err)
	}
	d, err := c.members[0].DealCheating(3)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Shares) != SharesSize(3) {
		t.Fatalf("shares of %d bytes", len(d.Shares))
	}
	if err := c.post(posted{from: 1, deal: d}); err != nil {
		t.Fatalf("the cheating deal is well formed: %v", err)
	}
	last := c.log[len(c.log)-1]
	if last.from != 3 || last.complaint == nil || last.complaint.Dealer != 1 {
		t.Fatalf("expected member 3's complaint about dealer 1, got %+v", last)
	}
	c.dealAll(2, 3)
	results := c.finish()
	if fmt.Sprint(results[0].Qualified) != "[2 3]" {
		t.Fatalf("qualified %v", results[0].Qualified)
	}
	checkKey(t, results, c.everyone())
}

func TestFalseComplaintIsRejected(t *testing.T) {
	c := newChain(t, 5, 3, 2)
	c.dealAll(c.everyone()...)
	// Member 3 complains about dealer 1's correct share, with a genuine proof.
	rec := c.members[2].dealings[1]
	k := group.MulAffine(&rec.d.ephemeral, &c.keys[2].d)
	proof, err := dleq.Prove(testRand(9), &c.keys[2].d, &dleq.Statement{P: c.keys[2].pub.p, H: rec.d.ephemeral, Q: k},
		complaintContext(c.params.CommitteeID, 1, 3))
	if err != nil {
		t.Fatal(err)
	}
	pb, _ := proof.MarshalBinary()
	comp := &Complaint{Dealer: 1, SharedPoint: compressed(&k), Proof: pb}
	if err := c.post(posted{from: 3, complaint: comp}); !errors.Is(err, ErrFalseComplaint) {
		t.Fatalf("false complaint: %v", err)
	}
	results := c.finish()
	r := results[0]
	if len(r.Qualified) != 5 {
		t.Fatalf("qualified %v after a false complaint", r.Qualified)
	}
	if len(r.Faults) != 1 || r.Faults[0].Member != 3 || !errors.Is(r.Faults[0].Reason, ErrFalseComplaint) {
		t.Fatalf("faults %+v", r.Faults)
	}
	checkKey(t, results, c.everyone())
}

// TestForgedComplaintsFail: a complaint whose proof does not bind its shared
// point to the accuser's key must never disqualify anyone.
func TestForgedComplaintsFail(t *testing.T) {
	c := newChain(t, 4, 2, 3)
	c.dealAll(c.everyone()...)
	rec := c.obs.dealings[2]
	// A shared point that decrypts dealer 2's share to member 1 to garbage,
	// with proofs that do not hold.
	var junk fr.Element
	junk.SetUint64(12345)
	fake := group.BaseMulAffine(&junk)
	honest := group.MulAffine(&rec.d.ephemeral, &c.keys[0].d)
	build := func(shared secp256k1.G1Affine, key *fr.Element, base secp256k1.G1Affine, ctx [32]byte) *Complaint {
		st := &dleq.Statement{P: c.keys[0].pub.p, H: base, Q: shared}
		p, err := dleq.Prove(testRand(4), key, st, ctx)
		if err != nil {
			t.Fatal(err)
		}
		pb, _ := p.MarshalBinary()
		return &Complaint{Dealer: 2, SharedPoint: compressed(&shared), Proof: pb}
	}
	ctx := complaintContext(c.params.CommitteeID, 2, 1)
	otherCtx := complaintContext(c.params.CommitteeID, 3, 1)
	cases := map[string]*Complaint{
		"junk point, proof with the real key":                build(fake, &c.keys[0].d, rec.d.ephemeral, ctx),
		"junk point, proof with the junk key":                build(fake, &junk, rec.d.ephemeral, ctx),
		"honest point, proof for another base":               build(honest, &c.keys[0].d, group.Generator(), ctx),
		"honest point, proof for another dealer's complaint": build(honest, &c.keys[0].d, rec.d.ephemeral, otherCtx),
		"honest point, another member's key":                 build(honest, &c.keys[1].d, rec.d.ephemeral, ctx),
	}
	flipped := build(honest, &c.keys[0].d, rec.d.ephemeral, ctx)
	flipped.Proof[len(flipped.Proof)-1] ^= 1
	cases["honest point, s flipped"] = flipped
	for name, comp := range cases {
		// Each case is a fresh complaint: use a fresh chain state per case.
		c2 := newChain(t, 4, 2, 3)
		c2.dealAll(c2.everyone()...)
		if err := c2.post(posted{from: 1, complaint: comp}); !errors.Is(err, ErrInvalidComplaint) && !errors.Is(err, ErrFalseComplaint) {
			t.Errorf("%s: err = %v, want a refused complaint", name, err)
		}
		res := c2.finish()
		if len(res[0].Qualified) != 4 {
			t.Errorf("%s: qualified %v", name, res[0].Qualified)
		}
	}
}

func TestMissingDealerIsLeftOut(t *testing.T) {
	c := newChain(t, 5, 3, 4)
	c.dealAll(1, 2, 4, 5)
	results := c.finish()
	if fmt.Sprint(results[0].Qualified) != "[1 2 4 5]" {
		t.Fatalf("qualified %v", results[0].Qualified)
	}
	// Member 3 dealt nothing but still holds a share of the others' key.
	checkKey(t, results, c.everyone())
}

func TestTooFewDealers(t *testing.T) {
	c := newChain(t, 5, 3, 5)
	c.dealAll(1, 2)
	for _, p := range append(c.members, c.obs) {
		if _, _, err := p.Finish(); !errors.Is(err, ErrTooFewDealers) {
			t.Fatalf("err = %v, want ErrTooFewDealers", err)
		}
	}
}

// TestCopiedEphemeralIsRefused plays the attack the proof of knowledge of r
// exists for: dealer 2 reuses dealer 1's ephemeral point R_1 (and even its
// proof) so that a complaint by member 3 would publish d_3·R_1 and with it
// dealer 1's share to member 3.
func TestCopiedEphemeralIsRefused(t *testing.T) {
	c := newChain(t, 4, 2, 6)
	c.dealAll(1)
	victim := c.obs.dealings[1].d
	d, err := c.members[1].deal(nil)
	if err != nil {
		t.Fatal(err)
	}
	d.ephemeral = victim.ephemeral
	d.proof = victim.proof
	enc := d.encode()
	if err := c.post(posted{from: 2, deal: &enc}); !errors.Is(err, ErrInvalidDealing) {
		t.Fatalf("copied ephemeral with copied proof: %v", err)
	}
	// A fresh proof needs r_1, which dealer 2 does not have; a proof with
	// any other scalar fails, and so does one for R_1 + p·G with p known.
	var guess fr.Element
	guess.SetUint64(7)
	p, err := dleq.Prove(testRand(1), &guess, ephemeralStatement(&d.ephemeral), c.obs.ephemeralContext(2, d))
	if err != nil {
		t.Fatal(err)
	}
	d.proof = *p
	enc = d.encode()
	if err := c.post(posted{from: 2, deal: &enc}); !errors.Is(err, ErrInvalidDealing) {
		t.Fatalf("copied ephemeral with a guessed proof: %v", err)
	}
	shifted := group.BaseMulAffine(&guess)
	var sum secp256k1.G1Jac
	sum.FromAffine(&victim.ephemeral)
	sum.AddMixed(&shifted)
	d.ephemeral = group.Affine(&sum)
	p, err = dleq.Prove(testRand(2), &guess, ephemeralStatement(&d.ephemeral), c.obs.ephemeralContext(2, d))
	if err != nil {
		t.Fatal(err)
	}
	d.proof = *p
	enc = d.encode()
	if err := c.post(posted{from: 2, deal: &enc}); !errors.Is(err, ErrInvalidDealing) {
		t.Fatalf("shifted ephemeral: %v", err)
	}
	for _, m := range c.log {
		if m.complaint != nil {
			t.Fatal("a member complained about a refused deal")
		}
	}
}

func TestRefusedMessages(t *testing.T) {
	c := newChain(t, 3, 2, 7)
	m1, _ := c.members[0].Deal()
	m1b, _ := c.members[0].Deal()
	if err := c.post(posted{from: 2, deal: m1}); !errors.Is(err, ErrInvalidDealing) {
		t.Errorf("deal of 1 sent by 2 (its proof binds dealer 1): %v", err)
	}
	if err := c.post(posted{from: 1, deal: m1}); err != nil {
		t.Fatal(err)
	}
	if err := c.post(posted{from: 1, deal: m1b}); !errors.Is(err, ErrDuplicate) {
		t.Errorf("second deal: %v", err)
	}
	other := newChain(t, 3, 2, 8)
	mo, _ := other.members[2].Deal()
	if err := c.post(posted{from: 3, deal: mo}); !errors.Is(err, ErrInvalidDealing) {
		t.Errorf("deal of another run: %v", err)
	}
	for _, from := range []uint8{0, 4} {
		if _, err := c.obs.ReceiveDeal(from, m1.Commitments, m1.Shares); !errors.Is(err, ErrSender) {
			t.Errorf("sender %d: %v", from, err)
		}
	}
	conf := &Confirmation{PublicKey: m1.Commitments[:PointSize], SharesHash: [32]byte{1}}
	if err := c.post(posted{from: 2, confirm: conf}); !errors.Is(err, ErrPhase) {
		t.Errorf("confirmation before the end: %v", err)
	}
	g := group.Generator()
	comp := &Complaint{Dealer: 3, SharedPoint: compressed(&g), Proof: make([]byte, ProofSize)}
	if err := c.post(posted{from: 2, complaint: comp}); !errors.Is(err, ErrUnknownDealer) {
		t.Errorf("complaint about a missing dealer: %v", err)
	}
	self := &Complaint{Dealer: 1, SharedPoint: compressed(&g), Proof: make([]byte, ProofSize)}
	if err := c.post(posted{from: 1, complaint: self}); !errors.Is(err, ErrUnknownDealer) {
		t.Errorf("complaint about oneself: %v", err)
	}
	m2, _ := c.members[1].Deal()
	for _, p := range append(c.members, c.obs) {
		if err := p.CloseDealings(); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.post(posted{from: 2, deal: m2}); !errors.Is(err, ErrPhase) {
		t.Errorf("deal after the window: %v", err)
	}
	if _, err := c.members[1].Deal(); !errors.Is(err, ErrPhase) {
		t.Errorf("Deal after the window: %v", err)
	}
	if _, err := c.obs.Deal(); !errors.Is(err, ErrPhase) {
		t.Errorf("observer dealt: %v", err)
	}
}

// TestRestartRebuildsState: a member that lost everything but its DKG key
// replays the chain and ends with the same result and share.
func TestRestartRebuildsState(t *testing.T) {
	c := newChain(t, 5, 3, 10)
	c.dealAll(c.everyone()...)
	replay, err := New(c.params, 4, c.keys[3], testRand(99))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range c.log {
		if _, err := deliver(replay, m); err != nil {
			t.Fatal(err)
		}
	}
	if !replay.HasDealt(4) {
		t.Fatal("replayed member does not know it dealt")
	}
	results := c.finish()
	if err := replay.CloseDealings(); err != nil {
		t.Fatal(err)
	}
	got, _, err := replay.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if got.Transcript() != results[3].Transcript() || got.Share == nil || got.Share.Value != results[3].Share.Value {
		t.Fatal("replayed member ended differently")
	}
}

func TestOwnShareUnusableWhenComplaintMissed(t *testing.T) {
	c := newChain(t, 4, 2, 11)
	c.dealAll(1, 3, 4)
	d, err := c.members[1].deal(func(j uint8, v *fr.Element) {
		if j == 3 {
			v.SetUint64(1)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	enc := d.encode()
	// Everyone sees the deal, but member 3's complaint never lands.
	for _, p := range append(c.members, c.obs) {
		if _, err := p.ReceiveDeal(2, enc.Commitments, enc.Shares); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range append(c.members, c.obs) {
		_ = p.CloseDealings()
	}
	res, _, err := c.members[2].Finish()
	if err != nil {
		t.Fatal(err)
	}
	if res.Share != nil || !errors.Is(res.ShareErr, ErrBadShare) {
		t.Fatalf("share %v, err %v", res.Share, res.ShareErr)
	}
}

func TestParams(t *testing.T) {
	c := newChain(t, 3, 2, 12)
	bad := map[string]Params{
		"threshold 0":       {CommitteeID: c.params.CommitteeID, Threshold: 0, Members: c.params.Members},
		"threshold above n": {Threshold: 4, Members: c.params.Members},
		"repeated key":      {Threshold: 2, Members: []*PublicKey{c.params.Members[0], c.params.Members[0]}},
		"nil key":           {Threshold: 1, Members: []*PublicKey{nil}},
		"too many members":  {Threshold: 1, Members: make([]*PublicKey, MaxMembers+1)},
		"no members":        {Threshold: 1},
	}
	for name, p := range bad {
		if _, err := NewObserver(p); !errors.Is(err, ErrParams) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := New(c.params, 1, c.keys[1], nil); !errors.Is(err, ErrParams) {
		t.Errorf("wrong key for index: %v", err)
	}
	if _, err := New(c.params, 0, c.keys[0], nil); !errors.Is(err, ErrParams) {
		t.Errorf("index 0: %v", err)
	}
}
