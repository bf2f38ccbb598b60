package dkg

import (
	"crypto/subtle"
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
	domainShare     = "emrchain/dkg/share/v1"
	domainEphemeral = "emrchain/dkg/ephemeral/v1"
	domainComplaint = "emrchain/dkg/complaint/v1"
)

// Errors Receive, Finish and New return. A message refused by Receive
// changes nothing; the run goes on.
var (
	// ErrParams reports an invalid committee description.
	ErrParams = errors.New("dkg: invalid parameters")
	// ErrSender reports a sender that is not a member of the committee.
	ErrSender = errors.New("dkg: sender is not a member")
	// ErrPhase reports a message or call that comes too early or too late.
	ErrPhase = errors.New("dkg: wrong phase")
	// ErrDuplicate reports a second dealing of a dealer, or a second complaint
	// of one member about one dealer.
	ErrDuplicate = errors.New("dkg: duplicate message")
	// ErrInvalidDealing reports a dealing of the wrong shape or whose proof of
	// knowledge of its ephemeral key fails; the dealer is left out.
	ErrInvalidDealing = errors.New("dkg: invalid dealing")
	// ErrUnknownDealer reports a complaint about a dealer with no valid
	// dealing, or about the complainer itself.
	ErrUnknownDealer = errors.New("dkg: complaint about a dealer without a dealing")
	// ErrInvalidComplaint reports a complaint whose proof fails.
	ErrInvalidComplaint = errors.New("dkg: invalid complaint proof")
	// ErrFalseComplaint reports a complaint whose share, decrypted by
	// everyone, matches the dealer's commitments: the accuser lied.
	ErrFalseComplaint = errors.New("dkg: false complaint: the share is correct")
	// ErrTooFewDealers reports a run that ended with fewer than t qualified
	// dealers; the committee fails and is created anew.
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
	confirmed    map[uint8][32]byte // member → confirmed transcript
}

// received is a valid dealing and, for a member, its own share of it.
type received struct {
	d       *dealing
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

func (p *Participant) member(i uint8) error {
	if i < 1 || int(i) > p.n() {
		return fmt.Errorf("%w: %d of %d", ErrSender, i, p.n())
	}
	return nil
}

// HasDealt reports whether a valid deal of member i has been received. A
// restarted member checks it before dealing again.
func (p *Participant) HasDealt(i uint8) bool {
	return p.member(i) == nil && p.dealings[i] != nil
}

// Deal draws this member's dealing, to be sent once with the contract's deal
// call. Each call draws a new polynomial and the contract takes one deal per
// member, so call it only when HasDealt(self) is false and no deal of this
// member is pending.
func (p *Participant) Deal() (*Deal, error) {
	d, err := p.deal(nil)
	if err != nil {
		return nil, err
	}
	out := d.encode()
	return &out, nil
}

// DealCheating is Deal with member victim's share made wrong before it is
// masked, every proof still valid: the dealing a corrupt dealer sends, which
// victim's complaint exposes and which disqualifies the dealer. It exists so
// that other packages can test the complaint path end to end (a cheating node
// in a test network); an honest member calls Deal.
func (p *Participant) DealCheating(victim uint8) (*Deal, error) {
	if err := p.member(victim); err != nil {
		return nil, err
	}
	var one fr.Element
	one.SetOne()
	d, err := p.deal(func(j uint8, v *fr.Element) {
		if j == victim {
			v.Add(v, &one)
		}
	})
	if err != nil {
		return nil, err
	}
	out := d.encode()
	return &out, nil
}

// deal draws a dealing. tamper, when not nil, may change the share to member
// j before it is masked; tests use it to play a cheating dealer.
func (p *Participant) deal(tamper func(j uint8, v *fr.Element)) (*dealing, error) {
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
	d := &dealing{
		commitments: poly.Commitments(),
		ephemeral:   group.BaseMulAffine(&r),
		masked:      make([][maskedSize]byte, p.n()),
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
	proof, err := dleq.Prove(p.random, &r, ephemeralStatement(&d.ephemeral), p.ephemeralContext(p.self, d))
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

func (p *Participant) ephemeralContext(dealer uint8, d *dealing) [32]byte {
	id := p.params.CommitteeID
	return keccak([]byte(domainEphemeral), id[:], []byte{dealer}, d.proofBody())
}

func complaintContext(committee [32]byte, dealer, accuser uint8) [32]byte {
	return keccak([]byte(domainComplaint), committee[:], []byte{dealer, accuser})
}

func (p *Participant) sharePad(dealer, recipient uint8, ephemeral, shared *secp256k1.G1Affine) [32]byte {
	id := p.params.CommitteeID
	return keccak([]byte(domainShare), id[:], []byte{dealer, recipient},
		xy(ephemeral), xy(&p.params.Members[recipient-1].p), xy(shared))
}

// openShare unmasks recipient's share of dealer's deal with the shared point
// and checks it against the deal's commitments.
func (p *Participant) openShare(dealer uint8, d *dealing, recipient uint8, shared *secp256k1.G1Affine) (fr.Element, bool) {
	pad := p.sharePad(dealer, recipient, &d.ephemeral, shared)
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

// ReceiveDeal processes member dealer's deal from the chain. For a member
// whose share of it is wrong it returns the complaint to send; an error says
// why the deal was refused (a refused deal changes nothing, and its dealer
// is left out).
func (p *Participant) ReceiveDeal(dealer uint8, commitments, shares []byte) (*Complaint, error) {
	if err := p.member(dealer); err != nil {
		return nil, err
	}
	switch {
	case p.phase != phaseDealing:
		return nil, fmt.Errorf("%w: deal of %d after the dealing window", ErrPhase, dealer)
	case p.dealings[dealer] != nil:
		return nil, fmt.Errorf("%w: second deal of %d", ErrDuplicate, dealer)
	}
	d, err := parseDeal(commitments, shares, p.params.Threshold, p.n())
	if err != nil {
		p.faults = append(p.faults, Fault{Member: dealer, Reason: ErrInvalidDealing})
		return nil, fmt.Errorf("%w: deal of %d: %w", ErrInvalidDealing, dealer, err)
	}
	if err := dleq.Verify(ephemeralStatement(&d.ephemeral), &d.proof, p.ephemeralContext(dealer, d)); err != nil {
		p.faults = append(p.faults, Fault{Member: dealer, Reason: ErrInvalidDealing})
		return nil, fmt.Errorf("%w: deal of %d: ephemeral key proof: %w", ErrInvalidDealing, dealer, err)
	}
	rec := &received{d: d}
	p.dealings[dealer] = rec
	if p.key == nil {
		return nil, nil
	}
	shared := group.MulAffine(&d.ephemeral, &p.key.d)
	rec.share, rec.shareOK = p.openShare(dealer, d, p.self, &shared)
	if rec.shareOK || dealer == p.self {
		return nil, nil
	}
	st := &dleq.Statement{P: p.key.pub.p, H: d.ephemeral, Q: shared}
	proof, err := dleq.Prove(p.random, &p.key.d, st, complaintContext(p.params.CommitteeID, dealer, p.self))
	if err != nil {
		return nil, fmt.Errorf("dkg: complaint about %d: %w", dealer, err)
	}
	pb, _ := proof.MarshalBinary()
	return &Complaint{Dealer: dealer, SharedPoint: compressed(&shared), Proof: pb}, nil
}

// ReceiveComplaint processes member accuser's complaint about dealer from
// the chain. It returns nil when the complaint is upheld (the dealer is
// disqualified), and otherwise why not: ErrFalseComplaint and
// ErrInvalidComplaint also record the accuser as a fault.
func (p *Participant) ReceiveComplaint(accuser, dealer uint8, sharedPoint, proof []byte) error {
	if err := p.member(accuser); err != nil {
		return err
	}
	switch {
	case p.phase == phaseDone:
		return fmt.Errorf("%w: complaint of %d after the complaint window", ErrPhase, accuser)
	case p.member(dealer) != nil || p.dealings[dealer] == nil || dealer == accuser:
		return fmt.Errorf("%w: %d complained about %d", ErrUnknownDealer, accuser, dealer)
	case p.complained[[2]uint8{dealer, accuser}]:
		return fmt.Errorf("%w: %d complained about %d again", ErrDuplicate, accuser, dealer)
	}
	shared, pr, err := parseComplaint(sharedPoint, proof)
	if err != nil {
		p.faults = append(p.faults, Fault{Member: accuser, Reason: ErrInvalidComplaint, By: dealer})
		return fmt.Errorf("%w: %d about %d: %w", ErrInvalidComplaint, accuser, dealer, err)
	}
	d := p.dealings[dealer].d
	st := &dleq.Statement{P: p.params.Members[accuser-1].p, H: d.ephemeral, Q: shared}
	if err := dleq.Verify(st, pr, complaintContext(p.params.CommitteeID, dealer, accuser)); err != nil {
		p.faults = append(p.faults, Fault{Member: accuser, Reason: ErrInvalidComplaint, By: dealer})
		return fmt.Errorf("%w: %d about %d: %w", ErrInvalidComplaint, accuser, dealer, err)
	}
	// Only a complaint with a valid proof counts, so a member's own botched
	// complaint never stands in the way of its real one (the contract takes
	// one complaint per member and dealer, so this only matters off chain).
	p.complained[[2]uint8{dealer, accuser}] = true
	if _, ok := p.openShare(dealer, d, accuser, &shared); ok {
		p.faults = append(p.faults, Fault{Member: accuser, Reason: ErrFalseComplaint, By: dealer})
		return fmt.Errorf("%w: %d about %d", ErrFalseComplaint, accuser, dealer)
	}
	if !p.disqualified[dealer] {
		p.disqualified[dealer] = true
		p.faults = append(p.faults, Fault{Member: dealer, Reason: ErrBadShare, By: accuser})
	}
	return nil
}

// ReceiveConfirmation records member's confirmation from the chain.
func (p *Participant) ReceiveConfirmation(member uint8, publicKey []byte, sharesHash [32]byte) error {
	if err := p.member(member); err != nil {
		return err
	}
	if p.phase != phaseDone {
		return fmt.Errorf("%w: confirmation of %d before the run finished", ErrPhase, member)
	}
	if _, ok := p.confirmed[member]; ok {
		return fmt.Errorf("%w: second confirmation of %d", ErrDuplicate, member)
	}
	if len(publicKey) != PointSize {
		return fmt.Errorf("%w: public key of %d bytes", ErrMalformed, len(publicKey))
	}
	p.confirmed[member] = keccak(publicKey, sharesHash[:])
	return nil
}

// CloseDealings marks the end of the dealing window: later deals are
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

// PublicSharesBytes returns X_1 ‖ … ‖ X_n, each compressed: what a gate
// passes to the contract's publicShare check.
func (r *Result) PublicSharesBytes() []byte {
	var b []byte
	for i := range r.PublicShares {
		b = append(b, compressed(&r.PublicShares[i])...)
	}
	return b
}

// SharesHash returns keccak256(X_1 ‖ … ‖ X_n), the hash the contract keeps.
func (r *Result) SharesHash() [32]byte { return keccak(r.PublicSharesBytes()) }

// Transcript returns keccak256(Y ‖ sharesHash), what the contract counts
// confirmations of. The public shares fix Y (their interpolation at 0) and
// follow from the qualified set, so members that agree on it agree on the
// run.
func (r *Result) Transcript() [32]byte {
	h := r.SharesHash()
	y := r.Key()
	return keccak(compressed(&y), h[:])
}

// Confirmation returns what a member confirms on chain.
func (r *Result) Confirmation() *Confirmation {
	y := r.Key()
	return &Confirmation{PublicKey: compressed(&y), SharesHash: r.SharesHash()}
}

// Finish closes the complaint window (and the dealing window if still open)
// and computes the result. A member gets the confirmation to send; an
// observer gets none. It fails with ErrTooFewDealers when fewer than t
// dealers qualify.
func (p *Participant) Finish() (*Result, *Confirmation, error) {
	if p.phase == phaseDone {
		return nil, nil, fmt.Errorf("%w: already finished", ErrPhase)
	}
	p.phase = phaseDone
	res := &Result{CommitteeID: p.params.CommitteeID, Threshold: p.params.Threshold}
	for i := 1; i <= p.n(); i++ {
		if p.dealings[i] != nil && !p.disqualified[uint8(i)] {
			res.Qualified = append(res.Qualified, uint8(i))
		}
	}
	if len(res.Qualified) < p.params.Threshold {
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
			return nil, nil, fmt.Errorf("%w: joint commitment %d is the identity", ErrTooFewDealers, k)
		}
	}
	res.PublicShares = make([]secp256k1.G1Affine, p.n())
	for j := range res.PublicShares {
		res.PublicShares[j] = res.Commitments.At(uint8(j + 1))
		if res.PublicShares[j].IsInfinity() {
			return nil, nil, fmt.Errorf("%w: public share %d is the identity", ErrTooFewDealers, j+1)
		}
	}
	res.Faults = slices.Clone(p.faults)
	p.result = res
	if p.key == nil {
		return res, nil, nil
	}
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
	return res, res.Confirmation(), nil
}

// Confirmations returns the members whose confirmation matched this
// participant's transcript and those whose did not, each ascending.
func (p *Participant) Confirmations() (agree, disagree []uint8) {
	if p.result == nil {
		return nil, nil
	}
	want := p.result.Transcript()
	for i := 1; i <= p.n(); i++ {
		h, ok := p.confirmed[uint8(i)]
		switch {
		case !ok:
		case h == want:
			agree = append(agree, uint8(i))
		default:
			disagree = append(disagree, uint8(i))
		}
	}
	return agree, disagree
}
