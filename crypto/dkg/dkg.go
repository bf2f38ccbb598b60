package dkg

import (
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/dleq"
	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/shamir"
)

// Domain labels of the hashes this package defines.
const (
	domainShare      = "emrchain/dkg/share/v1"
	domainEphemeral  = "emrchain/dkg/ephemeral/v1"
	domainComplaint  = "emrchain/dkg/complaint/v1"
	domainTranscript = "emrchain/dkg/transcript/v1"
)

// Errors Receive, Finish and New return. A message refused by Receive
// changes nothing; the run goes on.
var (
	// ErrParams reports an invalid committee description.
	ErrParams = errors.New("dkg: invalid parameters")
	// ErrCommittee reports a message of another run.
	ErrCommittee = errors.New("dkg: message of another committee run")
	// ErrSender reports a message whose dealer, accuser or member index is not
	// the sender the chain attests.
	ErrSender = errors.New("dkg: message index is not its sender")
	// ErrPhase reports a message or call that comes too early or too late.
	ErrPhase = errors.New("dkg: wrong phase")
	// ErrDuplicate reports a second dealing of a dealer, or a second complaint
	// of one member about one dealer.
	ErrDuplicate = errors.New("dkg: duplicate message")
	// ErrInvalidDealing reports a dealing of the wrong shape or whose proof of
	// knowledge of its ephemeral key fails; the dealer is left out.
	ErrInvalidDealing = errors.New("dkg: invalid dealing")
	// ErrUnknownDealer reports a complaint about a dealer with no valid
	// dealing.
	ErrUnknownDealer = errors.New("dkg: complaint about a dealer without a dealing")
	// ErrInvalidComplaint reports a complaint whose proof fails.
	ErrInvalidComplaint = errors.New("dkg: invalid complaint proof")
	// ErrFalseComplaint reports a complaint whose share, decrypted by
	// everyone, matches the dealer's commitments: the accuser lied.
	ErrFalseComplaint = errors.New("dkg: false complaint: the share is correct")
	// ErrTooFewDealers reports a run that ended with fewer than t qualified
	// dealers; it must be repeated under a new committee id.
	ErrTooFewDealers = errors.New("dkg: fewer qualified dealers than the threshold")
	// ErrBadShare is the fault of a dealer disqualified by a complaint, and
	// the reason a member's own share is unusable.
	ErrBadShare = errors.New("dkg: share does not match the dealer's commitments")
)

// Params describe one run: the committee id, the threshold t and the
// members' DKG public keys, member i at Members[i−1].
type Params struct {
	CommitteeID [32]byte
	Threshold   int
	Members     []*PublicKey
}

func (p *Params) check() error {
	n := len(p.Members)
	if p.Threshold < 1 || p.Threshold > n || n > MaxMembers {
		return fmt.Errorf("%w: threshold %d of %d members (at most %d)", ErrParams, p.Threshold, n, MaxMembers)
	}
	for i, m := range p.Members {
		if m == nil || m.p.IsInfinity() {
			return fmt.Errorf("%w: member %d has no key", ErrParams, i+1)
		}
		for j := range i {
			if m.Equal(p.Members[j]) {
				return fmt.Errorf("%w: members %d and %d share a key", ErrParams, j+1, i+1)
			}
		}
	}
	return nil
}

type phase int

const (
	phaseDealing phase = iota
	phaseComplaining
	phaseDone
)

// Fault names a member that misbehaved in the run, and how.
type Fault struct {
	Member uint8
	// Reason is ErrBadShare (a dealer disqualified by a complaint; By is the
	// accuser), ErrFalseComplaint or ErrInvalidComplaint (an accuser; By is
	// the dealer complained about) or ErrInvalidDealing (a dealer).
	Reason error
	By     uint8
}

// Participant runs the protocol for one member (or for an observer, which
// holds no key). It is not safe for concurrent use.
type Participant struct {
	params Params
	self   uint8 // 0 for an observer
	key    *PrivateKey
	random io.Reader

	phase        phase
	dealings     [MaxMembers + 1]*received
	complained   map[[2]uint8]bool // (dealer, accuser)
	disqualified map[uint8]bool
	faults       []Fault
	result       *Result
	confirmed    map[uint8][32]byte
}

// received is a valid dealing and, for a member, its own share of it.
type received struct {
	d       *Dealing
	digest  [32]byte // keccak256 of the encoding
	share   fr.Element
	shareOK bool
}

// New starts member self (1-based) of the run with its DKG key. random feeds
// the member's dealing and proofs (crypto/rand if nil).
func New(params Params, self uint8, key *PrivateKey, random io.Reader) (*Participant, error) {
	if err := params.check(); err != nil {
		return nil, err
	}
	if self < 1 || int(self) > len(params.Members) {
		return nil, fmt.Errorf("%w: member index %d of %d", ErrParams, self, len(params.Members))
	}
	if key == nil || !key.pub.Equal(params.Members[self-1]) {
		return nil, fmt.Errorf("%w: the key is not member %d's", ErrParams, self)
	}
	p := newParticipant(params)
	p.self, p.key, p.random = self, key, random
	return p, nil
}

// NewObserver follows a run without a key: it computes the same qualified
// set, key, public shares and transcript as the members.
func NewObserver(params Params) (*Participant, error) {
	if err := params.check(); err != nil {
		return nil, err
	}
	return newParticipant(params), nil
}

func newParticipant(params Params) *Participant {
	params.Members = slices.Clone(params.Members)
	return &Participant{
		params:       params,
		complained:   make(map[[2]uint8]bool),
		disqualified: make(map[uint8]bool),
		confirmed:    make(map[uint8][32]byte),
	}
}

func (p *Participant) n() int { return len(p.params.Members) }

// HasDealt reports whether a valid dealing of member i has been received. A
// restarted member checks it before dealing again.
func (p *Participant) HasDealt(i uint8) bool {
	return int(i) <= p.n() && i >= 1 && p.dealings[i] != nil
}

// Deal draws this member's dealing, to be published once. Each call draws a
// new polynomial; only the first dealing of a member that reaches the chain
// counts, so call it only when HasDealt(self) is false and no dealing of
// this member is pending.
func (p *Participant) Deal() (Message, error) {
	d, err := p.deal(nil)
	if err != nil {
		return Message{}, err
	}
	data, err := d.MarshalBinary()
	if err != nil {
		return Message{}, fmt.Errorf("dkg: deal: %w", err)
	}
	return Message{Kind: KindDealing, Data: data}, nil
}

// deal draws a dealing. tamper, when not nil, may change the share to member
// j before it is masked; tests use it to play a cheating dealer.
func (p *Participant) deal(tamper func(j uint8, v *fr.Element)) (*Dealing, error) {
	if p.key == nil {
		return nil, fmt.Errorf("%w: an observer does not deal", ErrPhase)
	}
	if p.phase != phaseDealing {
		return nil, fmt.Errorf("%w: dealing window closed", ErrPhase)
	}
	secret, err := group.RandomScalar(p.random)
	if err != nil {
		return nil, fmt.Errorf("dkg: deal: %w", err)
	}
	poly, err := shamir.NewPolynomial(p.random, &secret, p.params.Threshold)
	if err != nil {
		return nil, fmt.Errorf("dkg: deal: %w", err)
	}
	shares, err := poly.Shares(p.n())
	if err != nil {
		return nil, fmt.Errorf("dkg: deal: %w", err)
	}
	r, err := group.RandomScalar(p.random)
	if err != nil {
		return nil, fmt.Errorf("dkg: deal: %w", err)
	}
	d := &Dealing{
		committee:   p.params.CommitteeID,
		dealer:      p.self,
		commitments: poly.Commitments(),
		ephemeral:   group.BaseMulAffine(&r),
		masked:      make([][32]byte, p.n()),
	}
	for j := range d.masked {
		k := group.MulAffine(&p.params.Members[j].p, &r)
		pad := p.sharePad(p.self, uint8(j+1), &d.ephemeral, &k)
		if tamper != nil {
			tamper(uint8(j+1), &shares[j].Value)
		}
		v := shares[j].Value.Bytes()
		subtle.XORBytes(d.masked[j][:], v[:], pad[:])
	}
	proof, err := dleq.Prove(p.random, &r, ephemeralStatement(&d.ephemeral), ephemeralContext(d))
	if err != nil {
		return nil, fmt.Errorf("dkg: deal: %w", err)
	}
	d.proof = *proof
	return d, nil
}

// ephemeralStatement is log_G R = log_G R: a DLEQ proof of it is a Schnorr
// proof of knowledge of r.
func ephemeralStatement(r *secp256k1.G1Affine) *dleq.Statement {
	return &dleq.Statement{P: *r, H: group.Generator(), Q: *r}
}

func ephemeralContext(d *Dealing) [32]byte {
	return keccak([]byte(domainEphemeral), d.appendBody(nil))
}

func complaintContext(committee [32]byte, dealer, accuser uint8) [32]byte {
	return keccak([]byte(domainComplaint), committee[:], []byte{dealer, accuser})
}

func (p *Participant) sharePad(dealer, recipient uint8, ephemeral, shared *secp256k1.G1Affine) [32]byte {
	id := p.params.CommitteeID
	return keccak([]byte(domainShare), id[:], []byte{dealer, recipient},
		xy(ephemeral), xy(&p.params.Members[recipient-1].p), xy(shared))
}

// openShare unmasks recipient's share of d with the shared point and checks
// it against d's commitments.
func (p *Participant) openShare(d *Dealing, recipient uint8, shared *secp256k1.G1Affine) (fr.Element, bool) {
	pad := p.sharePad(d.dealer, recipient, &d.ephemeral, shared)
	var v [32]byte
	subtle.XORBytes(v[:], d.masked[recipient-1][:], pad[:])
	s, err := group.DecodeScalar(v[:])
	if err != nil {
		return fr.Element{}, false
	}
	if d.commitments.Verify(&shamir.Share{Index: recipient, Value: s}) != nil {
		return fr.Element{}, false
	}
	return s, true
}

// Receive processes one message from the chain, sent by member from (the
// index the contract attests). It returns what this member must publish in
// answer (a complaint about a dealing whose share to it is wrong), or an
// error saying why the message was refused; a refused message changes
// nothing. ErrFalseComplaint and ErrInvalidComplaint also mean the accuser
// is recorded as a fault.
func (p *Participant) Receive(from uint8, data []byte) ([]Message, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("%w: empty message", ErrMalformed)
	}
	if from < 1 || int(from) > p.n() {
		return nil, fmt.Errorf("%w: sender %d is not a member", ErrSender, from)
	}
	switch Kind(data[0]) {
	case KindDealing:
		var d Dealing
		if err := d.UnmarshalBinary(data); err != nil {
			return nil, err
		}
		return p.receiveDealing(from, &d, data)
	case KindComplaint:
		var c Complaint
		if err := c.UnmarshalBinary(data); err != nil {
			return nil, err
		}
		return nil, p.receiveComplaint(from, &c)
	case KindConfirmation:
		var c Confirmation
		if err := c.UnmarshalBinary(data); err != nil {
			return nil, err
		}
		return nil, p.receiveConfirmation(from, &c)
	default:
		return nil, fmt.Errorf("%w: unknown kind %#x", ErrMalformed, data[0])
	}
}

func (p *Participant) receiveDealing(from uint8, d *Dealing, data []byte) ([]Message, error) {
	switch {
	case d.committee != p.params.CommitteeID:
		return nil, ErrCommittee
	case d.dealer != from:
		return nil, fmt.Errorf("%w: dealing of %d sent by %d", ErrSender, d.dealer, from)
	case p.phase != phaseDealing:
		return nil, fmt.Errorf("%w: dealing of %d after the dealing window", ErrPhase, from)
	case p.dealings[from] != nil:
		return nil, fmt.Errorf("%w: second dealing of %d", ErrDuplicate, from)
	case len(d.commitments) != p.params.Threshold || len(d.masked) != p.n():
		p.faults = append(p.faults, Fault{Member: from, Reason: ErrInvalidDealing})
		return nil, fmt.Errorf("%w: dealing of %d is for t=%d n=%d", ErrInvalidDealing, from, len(d.commitments), len(d.masked))
	}
	if err := dleq.Verify(ephemeralStatement(&d.ephemeral), &d.proof, ephemeralContext(d)); err != nil {
		p.faults = append(p.faults, Fault{Member: from, Reason: ErrInvalidDealing})
		return nil, fmt.Errorf("%w: dealing of %d: ephemeral key proof: %w", ErrInvalidDealing, from, err)
	}
	rec := &received{d: d, digest: keccak(data)}
	p.dealings[from] = rec
	if p.key == nil {
		return nil, nil
	}
	shared := group.MulAffine(&d.ephemeral, &p.key.d)
	rec.share, rec.shareOK = p.openShare(d, p.self, &shared)
	if rec.shareOK {
		return nil, nil
	}
	c := &Complaint{committee: p.params.CommitteeID, dealer: from, accuser: p.self, shared: shared}
	st := &dleq.Statement{P: p.key.pub.p, H: d.ephemeral, Q: shared}
	proof, err := dleq.Prove(p.random, &p.key.d, st, complaintContext(c.committee, c.dealer, c.accuser))
	if err != nil {
		return nil, fmt.Errorf("dkg: complaint about %d: %w", from, err)
	}
	c.proof = *proof
	out, err := c.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("dkg: complaint about %d: %w", from, err)
	}
	return []Message{{Kind: KindComplaint, Data: out}}, nil
}

func (p *Participant) receiveComplaint(from uint8, c *Complaint) error {
	switch {
	case c.committee != p.params.CommitteeID:
		return ErrCommittee
	case c.accuser != from:
		return fmt.Errorf("%w: complaint of %d sent by %d", ErrSender, c.accuser, from)
	case p.phase == phaseDone:
		return fmt.Errorf("%w: complaint of %d after the complaint window", ErrPhase, from)
	case int(c.dealer) > p.n() || p.dealings[c.dealer] == nil:
		return fmt.Errorf("%w: %d complained about %d", ErrUnknownDealer, from, c.dealer)
	case p.complained[[2]uint8{c.dealer, from}]:
		return fmt.Errorf("%w: %d complained about %d again", ErrDuplicate, from, c.dealer)
	}
	d := p.dealings[c.dealer].d
	st := &dleq.Statement{P: p.params.Members[from-1].p, H: d.ephemeral, Q: c.shared}
	if err := dleq.Verify(st, &c.proof, complaintContext(c.committee, c.dealer, from)); err != nil {
		p.faults = append(p.faults, Fault{Member: from, Reason: ErrInvalidComplaint, By: c.dealer})
		return fmt.Errorf("%w: %d about %d: %w", ErrInvalidComplaint, from, c.dealer, err)
	}
	// Only a complaint with a valid proof counts, so a member's own botched
	// complaint never stands in the way of its real one.
	p.complained[[2]uint8{c.dealer, from}] = true
	if _, ok := p.openShare(d, from, &c.shared); ok {
		p.faults = append(p.faults, Fault{Member: from, Reason: ErrFalseComplaint, By: c.dealer})
		return fmt.Errorf("%w: %d about %d", ErrFalseComplaint, from, c.dealer)
	}
	if !p.disqualified[c.dealer] {
		p.disqualified[c.dealer] = true
		p.faults = append(p.faults, Fault{Member: c.dealer, Reason: ErrBadShare, By: from})
	}
	return nil
}

func (p *Participant) receiveConfirmation(from uint8, c *Confirmation) error {
	switch {
	case c.committee != p.params.CommitteeID:
		return ErrCommittee
	case c.member != from:
		return fmt.Errorf("%w: confirmation of %d sent by %d", ErrSender, c.member, from)
	case p.phase != phaseDone:
		return fmt.Errorf("%w: confirmation of %d before the run finished", ErrPhase, from)
	}
	if _, ok := p.confirmed[from]; ok {
		return fmt.Errorf("%w: second confirmation of %d", ErrDuplicate, from)
	}
	p.confirmed[from] = c.transcript
	return nil
}

// CloseDealings marks the end of the dealing window: later dealings are
// refused, complaints are still taken.
func (p *Participant) CloseDealings() error {
	if p.phase != phaseDealing {
		return fmt.Errorf("%w: dealing window already closed", ErrPhase)
	}
	p.phase = phaseComplaining
	return nil
}

// Result is the outcome of a run.
type Result struct {
	CommitteeID [32]byte
	Threshold   int
	// Qualified lists the dealers whose polynomials make up the key,
	// ascending.
	Qualified []uint8
	// Commitments are the joint Feldman commitments A_0 … A_{t−1} of the
	// shared key: A_0 = Y, and member j's public share is Commitments.At(j).
	Commitments shamir.Commitments
	// PublicShares are X_1 … X_n.
	PublicShares []secp256k1.G1Affine
	// Transcript is the hash members confirm on chain.
	Transcript [32]byte
	// Share is this member's secret share x_j (nil for an observer, or when
	// ShareErr says it is unusable). It is secret.
	Share    *shamir.Share
	ShareErr error
	// Faults lists the members that misbehaved, in the order they were
	// found.
	Faults []Fault
}

// Key returns the committee key Y = x·G.
func (r *Result) Key() secp256k1.G1Affine { return r.Commitments[0] }

// PublicSharesHash returns keccak256(Y ‖ X_1 ‖ … ‖ X_n) with points as x‖y.
func (r *Result) PublicSharesHash() [32]byte {
	parts := [][]byte{xy(&r.Commitments[0])}
	for i := range r.PublicShares {
		parts = append(parts, xy(&r.PublicShares[i]))
	}
	return keccak(parts...)
}

// Finish closes the complaint window (and the dealing window if still open)
// and computes the result. A member gets the confirmation to publish;
// an observer gets none. It fails with ErrTooFewDealers when fewer than t
// dealers qualify.
func (p *Participant) Finish() (*Result, []Message, error) {
	if p.phase == phaseDone {
		return nil, nil, fmt.Errorf("%w: already finished", ErrPhase)
	}
	res := &Result{CommitteeID: p.params.CommitteeID, Threshold: p.params.Threshold}
	for i := 1; i <= p.n(); i++ {
		if p.dealings[i] != nil && !p.disqualified[uint8(i)] {
			res.Qualified = append(res.Qualified, uint8(i))
		}
	}
	if len(res.Qualified) < p.params.Threshold {
		p.phase = phaseDone
		return nil, nil, fmt.Errorf("%w: %d qualified, threshold %d", ErrTooFewDealers, len(res.Qualified), p.params.Threshold)
	}
	t := p.params.Threshold
	joint := make([]secp256k1.G1Jac, t)
	for k := range joint {
		for _, i := range res.Qualified {
			joint[k].AddMixed(&p.dealings[i].d.commitments[k])
		}
	}
	res.Commitments = secp256k1.BatchJacobianToAffineG1(joint)
	for k := range res.Commitments {
		if res.Commitments[k].IsInfinity() {
			// Only possible if dealers cancelled each other's coefficients on
			// purpose; such a key is not usable.
			p.phase = phaseDone
			return nil, nil, fmt.Errorf("%w: joint commitment %d is the identity", ErrTooFewDealers, k)
		}
	}
	res.PublicShares = make([]secp256k1.G1Affine, p.n())
	for j := range res.PublicShares {
		res.PublicShares[j] = res.Commitments.At(uint8(j + 1))
	}
	res.Transcript = p.transcript(res)
	res.Faults = slices.Clone(p.faults)

	var out []Message
	if p.key != nil {
		var x fr.Element
		for _, i := range res.Qualified {
			rec := p.dealings[i]
			if !rec.shareOK {
				res.ShareErr = fmt.Errorf("%w: the share from qualified dealer %d", ErrBadShare, i)
				break
			}
			x.Add(&x, &rec.share)
		}
		if res.ShareErr == nil {
			res.Share = &shamir.Share{Index: p.self, Value: x}
		}
		c := &Confirmation{committee: p.params.CommitteeID, member: p.self, transcript: res.Transcript}
		data, err := c.MarshalBinary()
		if err != nil {
			return nil, nil, err
		}
		out = append(out, Message{Kind: KindConfirmation, Data: data})
	}
	p.phase = phaseDone
	p.result = res
	return res, out, nil
}

func (p *Participant) transcript(res *Result) [32]byte {
	id := p.params.CommitteeID
	parts := [][]byte{[]byte(domainTranscript), id[:], {byte(p.params.Threshold), byte(p.n())}}
	for _, m := range p.params.Members {
		parts = append(parts, xy(&m.p))
	}
	var mask uint16
	for _, i := range res.Qualified {
		mask |= 1 << (i - 1)
	}
	parts = append(parts, binary.BigEndian.AppendUint16(nil, mask))
	for _, i := range res.Qualified {
		parts = append(parts, p.dealings[i].digest[:])
	}
	for k := range res.Commitments {
		parts = append(parts, xy(&res.Commitments[k]))
	}
	for j := range res.PublicShares {
		parts = append(parts, xy(&res.PublicShares[j]))
	}
	return keccak(parts...)
}

// Confirmations returns the members whose confirmation matched this
// participant's transcript and those whose did not, each ascending. The
// committee is active once a quorum of members agree.
func (p *Participant) Confirmations() (agree, disagree []uint8) {
	if p.result == nil {
		return nil, nil
	}
	for i := 1; i <= p.n(); i++ {
		h, ok := p.confirmed[uint8(i)]
		switch {
		case !ok:
		case h == p.result.Transcript:
			agree = append(agree, uint8(i))
		default:
			disagree = append(disagree, uint8(i))
		}
	}
	return agree, disagree
}
