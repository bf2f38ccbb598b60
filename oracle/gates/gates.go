// Package gates is a proxy node's answers to the committee gates of docs/trust.md: the PRE
// fragment of a grant (AccessLedger, crypto/tpre), the blinded decryption share of an attribute
// read (AttributeReads, crypto/tdec) or of a care read (CareReads: break-glass, guardian grants
// and standing consents, docs/care.md), and the OPRF evaluation of an index token (KeywordIndex,
// crypto/toprf), each committed by its hash and revealed with its DLEQ proof through
// ThresholdAnswers, and the check of other members' reveals that turns a wrong one into an
// on-chain fault report.
//
// # What a member checks before it commits
//
//   - The access is on chain for the request and requester its event named (else
//     answer.ErrStale), this node is a member of its committee and named in its member mask
//     (else answer.ErrNotNamed), and it has neither committed nor declined (else
//     answer.ErrAnswered).
//   - The gate says the access may be answered now (checkAccess, checkRead, checkTokenRequest:
//     the grant not revoked, the record version current, the requester active in its role, for
//     a read its attributes unchanged since the contract evaluated the policy). When it may not
//     and the access is open, the member declines (GrantNotLive, or RequesterSuspended), which
//     rejects the access with the gate's own error; when it is fulfilled already, there is
//     nothing to add.
//   - Grants: the re-key bundle is the one the grant fixed (SHA-256), parses (SCRAPE degree
//     check), and this member's share opens and matches its commitment; the record is still at
//     the granted version and key generation, its capsule object is the co-signed one
//     (SHA-256 = capsuleHash) and its delegating key is the bundle's delegator (so the re-key
//     opens this record version and nothing else).
//   - Reads: the blinded point is the one the read recorded; its blinding proof verifies against
//     the gate object's committee ciphertext (the member never acts as a decryption oracle for
//     another ciphertext); the member holds its DKG share of the read's committee.
//   - Care reads: as reads, but the record must still be at the version and gate hash the read
//     fixed, and the ciphertext is the gate object's network capsule, never K2's half: a request
//     blinded from the half (which an attribute reader holds the other part of) fails the proof
//     and is declined, so CareReads never releases what only AttributeReads may.
//   - Tokens: the index-key bundle is the one registered for the patient's epoch (its
//     commitment recomputed and compared with the chain's), and this member's share opens.
//
// A failure that is the request's (a bundle that does not open, a capsule of another key) is a
// decline with a reason code; an object missing from IPFS is retried (answer.ErrMissingObject);
// anything else (RPC, IPFS down) is an error and retried.
//
// # Reveals and faults
//
// The fragment and proof a member commits to are kept with its commit (answer.Commit), so the
// reveal sends exactly what was committed, even once the record has a new version. A reveal by
// another member is verified against the gate's statement; a wrong one is reported with the
// witness and statement the contract checks (answer.Fault), and one that is not a point at all is
// logged by the caller, since there is no statement to report it with.
package gates

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/crypto/shamir"
	"github.com/emrchain/emrchain/crypto/tdec"
	"github.com/emrchain/emrchain/crypto/toprf"
	"github.com/emrchain/emrchain/crypto/tpre"
	"github.com/emrchain/emrchain/crypto/transport"
	"github.com/emrchain/emrchain/oracle/answer"
	"github.com/emrchain/emrchain/oracle/chain"
	"github.com/emrchain/emrchain/storage"
)

// Gate names a committee gate.
type Gate uint8

// The committee gates.
const (
	Access Gate = 1 // AccessLedger: grants
	Read   Gate = 3 // AttributeReads: attribute reads
	Token  Gate = 4 // KeywordIndex: index tokens
	Care   Gate = 5 // CareReads: network-capsule reads (break-glass, guardian grants, consents)
)

func (g Gate) String() string {
	switch g {
	case Access:
		return "AccessLedger"
	case Read:
		return "AttributeReads"
	case Token:
		return "KeywordIndex"
	case Care:
		return "CareReads"
	}
	return fmt.Sprintf("Gate(%d)", uint8(g))
}

// Request is one request a gate's event announced.
type Request struct {
	Gate      Gate
	AccessID  uint64 // the gate's access id (a read's and a token request's own id)
	RequestID uint64 // the request it belongs to (equal to AccessID for reads and tokens)
	Requester common.Address
	// First says this is the node's first look at the request since its event was applied. A
	// grant's commit then skips reading the answer state and the grant's liveness: a commit
	// carries only a hash, the contract refuses a second commit of the member, and a commit on a
	// dead grant rejects the access, which is then its answer. A retry reads both.
	First bool
}

// Shares gives the node's DKG standing in a committee (committee.Node is one): its share x_i and
// the public shares. ok is false while the node has no finished DKG for the committee.
type Shares interface {
	Share(committee uint64) (share *shamir.Share, publicShares *tdec.Committee, ok bool, err error)
}

// Config describes the node.
type Config struct {
	Self      common.Address
	ChainID   uint64
	Transport *transport.PrivateKey
	// FromBlock bounds the searches for the events a request refers to (the deployment block).
	FromBlock uint64
	// Random feeds the proofs' hedging (crypto/rand if nil).
	Random io.Reader
	// Wrong makes the node answer every request with a fragment made for another request: a
	// valid point whose proof fails here. Tests use it to play a lying member.
	Wrong bool
}

// Handler computes a member's answers.
type Handler struct {
	cfg    Config
	set    *contracts.Set
	client bind.ContractBackend
	store  storage.Store
	shares Shares

	mu      sync.Mutex
	members map[uint64][]common.Address // committee members never change
	// grants keeps loaded grants by request id: a grant's bundle and capsule never change (a new
	// record version makes its accesses refused by the gate, which every commit asks first), and
	// a grant used many times, or checked against every member's reveal, is parsed once.
	grants map[uint64]*grant
}

// maxGrants bounds the grants kept; the map starts afresh when it is full.
const maxGrants = 4096

// New returns a handler reading set through client and objects from store.
func New(cfg Config, set *contracts.Set, client bind.ContractBackend, store storage.Store, shares Shares) *Handler {
	return &Handler{cfg: cfg, set: set, client: client, store: store, shares: shares, members: map[uint64][]common.Address{}, grants: map[uint64]*grant{}}
}

// Forget drops what the handler keeps of an erased record: its grants, each with a re-key
// bundle (this member's share, sealed to it) and the version's capsule, from memory, and the
// bundles from the node's store. It returns how many grants it dropped.
func (h *Handler) Forget(ctx context.Context, recordID [32]byte) (int, error) {
	h.mu.Lock()
	var refs [][]byte
	for id, g := range h.grants {
		if g.event.RecordId == recordID {
			refs = append(refs, g.event.BundleRef)
			delete(h.grants, id)
		}
	}
	h.mu.Unlock()
	var errs []error
	for _, ref := range refs {
		c, err := cid.Cast(ref)
		if err != nil {
			continue
		}
		if err := h.store.Remove(ctx, c); err != nil && !errors.Is(err, storage.ErrNotFound) {
			errs = append(errs, fmt.Errorf("remove re-key bundle %s: %w", c, err))
		}
	}
	return len(refs), errors.Join(errs...)
}

var answersABI = bindings.NewAccessLedger()

// Address is a gate's contract.
func (h *Handler) Address(g Gate) common.Address {
	switch g {
	case Access:
		return h.set.Addresses.Access
	case Read:
		return h.set.Addresses.Reads
	case Token:
		return h.set.Addresses.Index
	case Care:
		return h.set.Addresses.Care
	}
	return common.Address{}
}

func (h *Handler) bound(g Gate) *bind.BoundContract {
	return answersABI.Instance(h.client, h.Address(g))
}

func call[T any](ctx context.Context, c *bind.BoundContract, data []byte, unpack func([]byte) (T, error), what string) (T, error) {
	v, err := bind.Call(c, &bind.CallOpts{Context: ctx}, data, unpack)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("%s: %w", what, contracts.DecodeError(err))
	}
	return v, nil
}

// State reads an access's answer state on its gate.
func (h *Handler) State(ctx context.Context, g Gate, accessID uint64) (bindings.IThresholdAnswersAnswerState, error) {
	return call(ctx, h.bound(g), answersABI.PackAnswerState(accessID), answersABI.UnpackAnswerState, fmt.Sprintf("%s.answerState(%d)", g, accessID))
}

// Terms is what a gate says about one access: who answers it, for whom.
type Terms struct {
	Committee  uint64
	MemberMask uint16
	Threshold  uint8
	RequestID  uint64
	Requester  common.Address
	// GrantHash is, for a grant's access, keccak256(abi.encode(grant)) as the request stores it:
	// it fixes the grant's terms, and through their commitment the bundle, share commitments and
	// capsule.
	GrantHash [32]byte
	// Member is this node's index in the committee, 0 when it is not a member.
	Member uint8
}

// Named reports whether the node is a member named to answer.
func (t Terms) Named() bool { return t.Member != 0 && t.MemberMask&bit(t.Member) != 0 }

func bit(member uint8) uint16 { return 1 << (member - 1) }

// Terms reads an access's terms on its gate; answer.ErrStale when the gate has no such access.
func (h *Handler) Terms(ctx context.Context, g Gate, accessID uint64) (Terms, error) {
	var t Terms
	switch g {
	case Access:
		a, err := call(ctx, h.set.Access.BoundContract, h.set.Access.ABI.PackAccess(accessID), h.set.Access.ABI.UnpackAccess, fmt.Sprintf("access(%d)", accessID))
		if err != nil {
			return t, err
		}
		if a.RequestId == 0 {
			return t, fmt.Errorf("%w: access %d", answer.ErrStale, accessID)
		}
		q, err := call(ctx, h.set.Access.BoundContract, h.set.Access.ABI.PackRequest(a.RequestId), h.set.Access.ABI.UnpackRequest, fmt.Sprintf("request(%d)", a.RequestId))
		if err != nil {
			return t, err
		}
		t = Terms{Committee: a.CommitteeId, MemberMask: a.MemberMask, Threshold: a.Threshold, RequestID: a.RequestId, Requester: q.Requester, GrantHash: q.GrantHash}
	case Read:
		r, err := call(ctx, h.set.Reads.BoundContract, h.set.Reads.ABI.PackRead(accessID), h.set.Reads.ABI.UnpackRead, fmt.Sprintf("read(%d)", accessID))
		if err != nil {
			return t, err
		}
		if r.Requester == (common.Address{}) {
			return t, fmt.Errorf("%w: read %d", answer.ErrStale, accessID)
		}
		t = Terms{Committee: r.CommitteeId, MemberMask: r.MemberMask, Threshold: r.Threshold, RequestID: accessID, Requester: r.Requester}
	case Care:
		r, err := call(ctx, h.set.Care.BoundContract, h.set.Care.ABI.PackRead(accessID), h.set.Care.ABI.UnpackRead, fmt.Sprintf("care read(%d)", accessID))
		if err != nil {
			return t, err
		}
		if r.Requester == (common.Address{}) {
			return t, fmt.Errorf("%w: care read %d", answer.ErrStale, accessID)
		}
		t = Terms{Committee: r.CommitteeId, MemberMask: r.MemberMask, Threshold: r.Threshold, RequestID: accessID, Requester: r.Requester}
	case Token:
		x := h.set.Index
		r, err := call(ctx, x.BoundContract, x.ABI.PackTokenRequest(accessID), x.ABI.UnpackTokenRequest, fmt.Sprintf("tokenRequest(%d)", accessID))
		if err != nil {
			return t, err
		}
		if r.Requester == (common.Address{}) {
			return t, fmt.Errorf("%w: token request %d", answer.ErrStale, accessID)
		}
		k, err := call(ctx, x.BoundContract, x.ABI.PackIndexKey(r.Patient, r.Epoch), x.ABI.UnpackIndexKey, fmt.Sprintf("indexKey(%s, %d)", r.Patient, r.Epoch))
		if err != nil {
			return t, err
		}
		t = Terms{Committee: k.CommitteeId, MemberMask: k.MemberMask, Threshold: k.Threshold, RequestID: accessID, Requester: r.Requester}
	default:
		return t, fmt.Errorf("no gate %d", g)
	}
	members, err := h.Members(ctx, t.Committee)
	if err != nil {
		return t, err
	}
	if i := slices.Index(members, h.cfg.Self); i >= 0 {
		t.Member = uint8(i + 1)
	}
	return t, nil
}

// Members reads a committee's members, in index order.
func (h *Handler) Members(ctx context.Context, committee uint64) ([]common.Address, error) {
	h.mu.Lock()
	m, ok := h.members[committee]
	h.mu.Unlock()
	if ok {
		return m, nil
	}
	p := h.set.Proxies
	m, err := call(ctx, p.BoundContract, p.ABI.PackMembers(committee), p.ABI.UnpackMembers, fmt.Sprintf("members(%d)", committee))
	if err != nil {
		return nil, err
	}
	if len(m) > 0 {
		h.mu.Lock()
		h.members[committee] = m
		h.mu.Unlock()
	}
	return m, nil
}

// live asks the gate whether an access may be committed to now; err is the selector of the
// gate's error when not.
func (h *Handler) live(ctx context.Context, g Gate, accessID uint64) (bool, [4]byte, error) {
	switch g {
	case Access:
		a := h.set.Access
		out, err := call(ctx, a.BoundContract, a.ABI.PackCheckAccess(accessID), a.ABI.UnpackCheckAccess, fmt.Sprintf("checkAccess(%d)", accessID))
		return out.Live, out.Err, err
	case Read:
		r := h.set.Reads
		out, err := call(ctx, r.BoundContract, r.ABI.PackCheckRead(accessID), r.ABI.UnpackCheckRead, fmt.Sprintf("checkRead(%d)", accessID))
		return out.Live, out.Err, err
	case Token:
		x := h.set.Index
		out, err := call(ctx, x.BoundContract, x.ABI.PackCheckTokenRequest(accessID), x.ABI.UnpackCheckTokenRequest, fmt.Sprintf("checkTokenRequest(%d)", accessID))
		return out.Live, out.Err, err
	case Care:
		c := h.set.Care
		out, err := call(ctx, c.BoundContract, c.ABI.PackCheckCareRead(accessID), c.ABI.UnpackCheckCareRead, fmt.Sprintf("checkCareRead(%d)", accessID))
		return out.Live, out.Err, err
	}
	return false, [4]byte{}, fmt.Errorf("no gate %d", g)
}

// Commit is the node's answer to a request: a commit to its fragment (or share), or a decline.
// Errors are transient unless they match answer.ErrStale, ErrNotNamed, ErrAnswered or
// ErrMissingObject.
func (h *Handler) Commit(ctx context.Context, r Request) (answer.Answer, error) {
	t, err := h.Terms(ctx, r.Gate, r.AccessID)
	if err != nil {
		return answer.Answer{}, err
	}
	if t.RequestID != r.RequestID || t.Requester != r.Requester {
		return answer.Answer{}, fmt.Errorf("%w: %s access %d belongs to request %d of %s on chain", answer.ErrStale, r.Gate, r.AccessID, t.RequestID, t.Requester)
	}
	if !t.Named() {
		return answer.Answer{}, fmt.Errorf("%w: %s access %d (committee %d, members %016b)", answer.ErrNotNamed, r.Gate, r.AccessID, t.Committee, t.MemberMask)
	}
	if r.First && r.Gate == Access {
		a, err := h.commitGrant(ctx, r, t)
		a.Member = t.Member
		return a, err
	}
	st, err := h.State(ctx, r.Gate, r.AccessID)
	if err != nil {
		return answer.Answer{}, err
	}
	if (st.CommitMask|st.DeclineMask)&bit(t.Member) != 0 || st.Status == chain.AnswerRejected {
		return answer.Answer{}, fmt.Errorf("%w: %s access %d (status %d)", answer.ErrAnswered, r.Gate, r.AccessID, st.Status)
	}
	live, why, err := h.live(ctx, r.Gate, r.AccessID)
	if err != nil {
		return answer.Answer{}, err
	}
	if !live {
		if st.Status != chain.AnswerOpen {
			// Fulfilled already: a spare commit on a dead grant would be refused; the receipt stands.
			return answer.Answer{}, fmt.Errorf("%w: %s access %d is fulfilled and no longer live (%s)", answer.ErrAnswered, r.Gate, r.AccessID, contracts.ErrorName(why, r.Gate.String()))
		}
		reason := answer.GrantNotLive
		if name := contracts.ErrorName(why, r.Gate.String()); name == "RequesterNotActive" {
			reason = answer.RequesterSuspended
		}
		a := answer.Reject(reason, "not live: "+contracts.ErrorName(why, r.Gate.String()))
		a.Member = t.Member
		return a, nil
	}
	var a answer.Answer
	switch r.Gate {
	case Access:
		a, err = h.commitGrant(ctx, r, t)
	case Read, Care:
		a, err = h.commitShare(ctx, r, t)
	case Token:
		a, err = h.commitToken(ctx, r, t)
	default:
		err = fmt.Errorf("no gate %d", r.Gate)
	}
	a.Member = t.Member
	return a, err
}

// grant is what a grant's commit and fault check need.
type grant struct {
	event        *bindings.AccessLedgerAccessGranted
	bundle       tpre.Bundle
	capsule      recordkey.Capsule
	capsuleBytes []byte
}

var errDecline = errors.New("decline")

// declined is a request's fault found while loading what it refers to.
type declined struct {
	reason answer.Reason
	why    string
}

func (d *declined) Error() string { return d.why }
func (d *declined) Is(target error) bool {
	return target == errDecline
}

func decline(reason answer.Reason, format string, args ...any) error {
	return &declined{reason: reason, why: fmt.Sprintf(format, args...)}
}

// asAnswer turns a decline into the answer, and passes any other error on.
func asAnswer(err error) (answer.Answer, error) {
	var d *declined
	if errors.As(err, &d) {
		return answer.Reject(d.reason, d.why), nil
	}
	return answer.Answer{}, err
}

// loadGrant reads a request's grant and the objects it names, checked against the chain. A grant
// parsed before is used again while its terms hash to the request's grantHash (read with the
// access's terms): a reorg that gives the request id another grant changes that hash.
func (h *Handler) loadGrant(ctx context.Context, requestID uint64, grantHash [32]byte) (*grant, error) {
	h.mu.Lock()
	g, ok := h.grants[requestID]
	h.mu.Unlock()
	if ok && hashGrant(g.event.Grant) == grantHash {
		return g, nil
	}
	a := h.set.Access
	it, err := bind.FilterEvents(a.BoundContract, &bind.FilterOpts{Context: ctx, Start: h.cfg.FromBlock}, a.ABI.UnpackAccessGrantedEvent, []any{requestID})
	if err != nil {
		return nil, fmt.Errorf("grant of request %d: %w", requestID, err)
	}
	var ev *bindings.AccessLedgerAccessGranted
	for it.Next() {
		if e := it.Value(); hashGrant(e.Grant) == grantHash {
			ev = e
		}
	}
	it.Close()
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("grant of request %d: %w", requestID, err)
	}
	if ev == nil {
		return nil, fmt.Errorf("%w: no AccessGranted event for request %d with the terms it holds", answer.ErrStale, requestID)
	}
	if g, err = h.readGrant(ctx, ev); err != nil {
		return nil, err
	}
	h.mu.Lock()
	if len(h.grants) >= maxGrants {
		h.grants = map[uint64]*grant{}
	}
	h.grants[requestID] = g
	h.mu.Unlock()
	return g, nil
}

var grantArgs = abi.Arguments{{Type: bindings.NewAccessLedger().GetABI().Methods["getAccess"].Inputs[1].Type}}

// hashGrant is keccak256(abi.encode(grant)), what a request stores for its grant.
func hashGrant(g bindings.IAccessLedgerGrant) [32]byte {
	b, err := grantArgs.Pack(g)
	if err != nil {
		return [32]byte{}
	}
	return crypto.Keccak256Hash(b)
}

func (h *Handler) readGrant(ctx context.Context, ev *bindings.AccessLedgerAccessGranted) (*grant, error) {
	g := &grant{event: ev}
	b, err := h.fetch(ctx, ev.BundleRef, ev.BundleHash, int64(tpre.BundleSize(16)))
	if err != nil {
		return nil, reasonFor(err, answer.MalformedRekey, "re-key bundle")
	}
	if err := g.bundle.UnmarshalBinary(b); err != nil {
		return nil, decline(answer.MalformedRekey, "re-key bundle: %v", err)
	}
	rec, err := chain.NewReader(h.set, noBlock{h.client}, 0).Record(ctx, ev.RecordId)
	if err != nil {
		return nil, err
	}
	if rec.Version != ev.Version || rec.Generation != ev.Generation {
		return nil, decline(answer.GrantNotLive, "record %x is at version %d generation %d, the grant at %d/%d", ev.RecordId, rec.Version, rec.Generation, ev.Version, ev.Generation)
	}
	if g.capsuleBytes, err = h.fetch(ctx, rec.CapsuleRef, rec.CapsuleHash, 4096); err != nil {
		return nil, reasonFor(err, answer.MalformedCapsule, "capsule")
	}
	if err := g.capsule.UnmarshalBinary(g.capsuleBytes); err != nil {
		return nil, decline(answer.MalformedCapsule, "capsule: %v", err)
	}
	// The co-signed capsule's key must be the re-key's delegator: a re-key made from any other
	// key would let this member convert a ciphertext of another record version.
	if err := g.capsule.CheckDelegator(g.bundle.Delegator()); err != nil {
		return nil, decline(answer.RekeyMismatch, "the re-key's delegator is not the record version's capsule key: %v", err)
	}
	return g, nil
}

func (h *Handler) binding(requestID uint64) tpre.Binding {
	return tpre.Binding{ChainID: h.cfg.ChainID, Ledger: h.set.Addresses.Access, RequestID: requestID}
}

func (h *Handler) commitGrant(ctx context.Context, r Request, t Terms) (answer.Answer, error) {
	g, err := h.loadGrant(ctx, r.RequestID, t.GrantHash)
	if err != nil {
		return asAnswer(err)
	}
	if g.event.Grant.CommitteeId != t.Committee {
		return answer.Answer{}, fmt.Errorf("%w: the grant of request %d names committee %d, the access %d", answer.ErrStale, r.RequestID, g.event.Grant.CommitteeId, t.Committee)
	}
	share, err := g.bundle.OpenShare(t.Member, h.cfg.Transport)
	if err != nil {
		return answer.Reject(answer.MalformedRekey, fmt.Sprintf("member %d's re-key share: %v", t.Member, err)), nil
	}
	b := h.binding(r.RequestID)
	if h.cfg.Wrong {
		b.RequestID++
	}
	f, err := share.Fragment(h.cfg.Random, &g.capsule, b)
	if err != nil {
		return answer.Reject(answer.RekeyMismatch, fmt.Sprintf("fragment: %v", err)), nil
	}
	p := f.Point()
	proof, err := f.Proof().MarshalBinary()
	if err != nil {
		return answer.Answer{}, err
	}
	return answer.Commit(f.Hash(), p[:], proof), nil
}

// read is what a read's commit and fault check need, on either share gate.
type read struct {
	recordID [32]byte
	req      tdec.Request
	// ct is the committee ciphertext the gate releases shares of: K2's for AttributeReads, the
	// network capsule (K itself) for CareReads. Set only when the gate object was loaded.
	ct *tdec.Ciphertext
}

// request parses a read's published blinding material (B, C1', proof).
func request(blindingKey, blindedPoint, proof []byte) (tdec.Request, error) {
	raw := append([]byte{'R', 0x01}, blindingKey...)
	raw = append(raw, blindedPoint...)
	raw = append(raw, proof...)
	var req tdec.Request
	err := req.UnmarshalBinary(raw)
	return req, err
}

// loadRead reads a read's request from its event and, withGate, the ciphertext its gate
// releases shares of, from the gate object the record holds now.
func (h *Handler) loadRead(ctx context.Context, g Gate, readID uint64, withGate bool) (*read, error) {
	if g == Care {
		return h.loadCareRead(ctx, readID, withGate)
	}
	x := h.set.Reads
	it, err := bind.FilterEvents(x.BoundContract, &bind.FilterOpts{Context: ctx, Start: h.cfg.FromBlock}, x.ABI.UnpackReadRequestedEvent, []any{readID})
	if err != nil {
		return nil, fmt.Errorf("read %d: %w", readID, err)
	}
	var ev *bindings.AttributeReadsReadRequested
	for it.Next() {
		ev = it.Value()
	}
	it.Close()
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("read %d: %w", readID, err)
	}
	if ev == nil {
		return nil, fmt.Errorf("%w: no ReadRequested event for read %d", answer.ErrStale, readID)
	}
	out := &read{recordID: ev.RecordId}
	if out.req, err = request(ev.BlindingKey, ev.BlindedPoint, ev.BlindingProof); err != nil {
		return nil, decline(answer.MalformedCapsule, "read request: %v", err)
	}
	if !withGate {
		return out, nil
	}
	rec, err := chain.NewReader(h.set, noBlock{h.client}, 0).Record(ctx, ev.RecordId)
	if err != nil {
		return nil, err
	}
	if rec.Version != ev.Version || rec.PolicyHash != ev.PolicyHash {
		return nil, decline(answer.GrantNotLive, "record %x changed since the read", ev.RecordId)
	}
	gate, err := h.gateObject(ctx, rec.GateRef, rec.GateHash)
	if err != nil {
		return nil, err
	}
	if out.ct = gate.Half(); out.ct == nil {
		return nil, decline(answer.MalformedCapsule, "the gate object of record %x has no attribute part", ev.RecordId)
	}
	return out, nil
}

// loadCareRead is loadRead for CareReads. The ciphertext is the gate object's network capsule
// and never K2's half: the half is AttributeReads' to release, behind its policy, and a care
// reader who also held an attribute key could otherwise learn K2 here and K1 there.
func (h *Handler) loadCareRead(ctx context.Context, readID uint64, withGate bool) (*read, error) {
	x := h.set.Care
	it, err := bind.FilterEvents(x.BoundContract, &bind.FilterOpts{Context: ctx, Start: h.cfg.FromBlock}, x.ABI.UnpackCapsuleReadRequestedEvent, []any{readID})
	if err != nil {
		return nil, fmt.Errorf("care read %d: %w", readID, err)
	}
	var ev *bindings.CareReadsCapsuleReadRequested
	for it.Next() {
		ev = it.Value()
	}
	it.Close()
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("care read %d: %w", readID, err)
	}
	if ev == nil {
		return nil, fmt.Errorf("%w: no CapsuleReadRequested event for care read %d", answer.ErrStale, readID)
	}
	out := &read{recordID: ev.RecordId}
	if out.req, err = request(ev.BlindingKey, ev.BlindedPoint, ev.BlindingProof); err != nil {
		return nil, decline(answer.MalformedCapsule, "care read request: %v", err)
	}
	if !withGate {
		return out, nil
	}
	r, err := call(ctx, x.BoundContract, x.ABI.PackRead(readID), x.ABI.UnpackRead, fmt.Sprintf("care read(%d)", readID))
	if err != nil {
		return nil, err
	}
	rec, err := chain.NewReader(h.set, noBlock{h.client}, 0).Record(ctx, ev.RecordId)
	if err != nil {
		return nil, err
	}
	// The read fixed the version and gate hash it may be answered for; the record's current gate
	// reference is fetched only while it is still that object.
	if rec.Version != r.Version || rec.GateHash != r.GateHash || r.Version != ev.Version {
		return nil, decline(answer.GrantNotLive, "record %x changed since the care read", ev.RecordId)
	}
	gate, err := h.gateObject(ctx, rec.GateRef, r.GateHash)
	if err != nil {
		return nil, err
	}
	if out.ct = gate.Capsule(); out.ct == nil {
		return nil, decline(answer.MalformedCapsule, "the gate object of record %x has no network capsule", ev.RecordId)
	}
	return out, nil
}

// gateObject fetches and parses a gate object, checked against the chain's hash.
func (h *Handler) gateObject(ctx context.Context, ref []byte, hash [32]byte) (*tdec.Gate, error) {
	b, err := h.fetch(ctx, ref, hash, 64<<10)
	if err != nil {
		return nil, reasonFor(err, answer.MalformedCapsule, "gate object")
	}
	var g tdec.Gate
	if err := g.UnmarshalBinary(b); err != nil {
		return nil, decline(answer.MalformedCapsule, "gate object: %v", err)
	}
	return &g, nil
}

// blindingContext is the context a read's blinding proof is bound to on gate g (Read or Care):
// each gate binds its own address and label into it, so a request made for one gate fails the
// other's check.
func (h *Handler) blindingContext(ctx context.Context, g Gate, requester common.Address, recordID [32]byte) ([32]byte, error) {
	if g == Care {
		c := h.set.Care
		return call(ctx, c.BoundContract, c.ABI.PackBlindingContext(requester, recordID), c.ABI.UnpackBlindingContext, "CareReads.blindingContext")
	}
	x := h.set.Reads
	return call(ctx, x.BoundContract, x.ABI.PackBlindingContext(requester, recordID), x.ABI.UnpackBlindingContext, "AttributeReads.blindingContext")
}

// shareContext is the context a member's decryption share proof is bound to on gate g.
func (h *Handler) shareContext(ctx context.Context, g Gate, readID uint64, member uint8) ([32]byte, error) {
	if g == Care {
		c := h.set.Care
		return call(ctx, c.BoundContract, c.ABI.PackShareContext(readID, member), c.ABI.UnpackShareContext, "CareReads.shareContext")
	}
	x := h.set.Reads
	return call(ctx, x.BoundContract, x.ABI.PackShareContext(readID, member), x.ABI.UnpackShareContext, "AttributeReads.shareContext")
}

// commitShare commits to this member's decryption share of a read on AttributeReads or
// CareReads.
func (h *Handler) commitShare(ctx context.Context, r Request, t Terms) (answer.Answer, error) {
	rd, err := h.loadRead(ctx, r.Gate, r.AccessID, true)
	if err != nil {
		return asAnswer(err)
	}
	share, _, ok, err := h.shares.Share(t.Committee)
	if err != nil {
		return answer.Answer{}, err
	}
	if !ok {
		return answer.Answer{}, fmt.Errorf("%w: this node has not finished committee %d's key generation", answer.ErrNotYet, t.Committee)
	}
	if share == nil {
		return answer.Reject(answer.MalformedRekey, fmt.Sprintf("this node holds no usable share of committee %d's key", t.Committee)), nil
	}
	bctx, err := h.blindingContext(ctx, r.Gate, r.Requester, rd.recordID)
	if err != nil {
		return answer.Answer{}, err
	}
	id := r.AccessID
	if h.cfg.Wrong {
		id += 1 << 32
	}
	sctx, err := h.shareContext(ctx, r.Gate, id, t.Member)
	if err != nil {
		return answer.Answer{}, err
	}
	// DecryptShare checks the blinding proof against the gate's ciphertext first: a request
	// for any other ciphertext is refused, so the member is no decryption oracle.
	s, err := tdec.DecryptShare(h.cfg.Random, share, rd.ct, &rd.req, bctx, sctx)
	if err != nil {
		return answer.Reject(answer.MalformedCapsule, fmt.Sprintf("decryption share: %v", err)), nil
	}
	p := s.Point()
	proof, err := s.Proof().MarshalBinary()
	if err != nil {
		return answer.Answer{}, err
	}
	cp := compress(&p)
	return answer.Commit(crypto.Keccak256Hash(cp), cp, proof), nil
}

// token is what a token request's commit and fault check need.
type token struct {
	event  *bindings.KeywordIndexTokenRequested
	key    *bindings.KeywordIndexIndexKeyRegistered
	bundle toprf.Bundle
	req    toprf.Request
}

func (h *Handler) loadToken(ctx context.Context, requestID uint64) (*token, error) {
	x := h.set.Index
	it, err := bind.FilterEvents(x.BoundContract, &bind.FilterOpts{Context: ctx, Start: h.cfg.FromBlock}, x.ABI.UnpackTokenRequestedEvent, []any{requestID})
	if err != nil {
		return nil, fmt.Errorf("token request %d: %w", requestID, err)
	}
	out := &token{}
	for it.Next() {
		out.event = it.Value()
	}
	it.Close()
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("token request %d: %w", requestID, err)
	}
	if out.event == nil {
		return nil, fmt.Errorf("%w: no TokenRequested event for request %d", answer.ErrStale, requestID)
	}
	ev := out.event
	if err := out.req.UnmarshalBinary(append([]byte{'Q', 0x01}, ev.BlindedPoint...)); err != nil {
		return nil, decline(answer.MalformedCapsule, "token request: %v", err)
	}
	onChain, err := call(ctx, x.BoundContract, x.ABI.PackIndexKey(ev.Patient, ev.Epoch), x.ABI.UnpackIndexKey, "indexKey")
	if err != nil {
		return nil, err
	}
	kit, err := bind.FilterEvents(x.BoundContract, &bind.FilterOpts{Context: ctx, Start: h.cfg.FromBlock}, x.ABI.UnpackIndexKeyRegisteredEvent, []any{ev.Patient})
	if err != nil {
		return nil, fmt.Errorf("index keys of %s: %w", ev.Patient, err)
	}
	for kit.Next() {
		k := kit.Value()
		if k.Epoch == ev.Epoch && contracts.IndexKeyCommitment(k.BundleHash, k.Commitments, ev.Patient, k.Epoch, k.CommitteeId, k.Threshold, k.MemberMask) == onChain.Commitment {
			out.key = k
		}
	}
	kit.Close()
	if err := kit.Error(); err != nil {
		return nil, fmt.Errorf("index keys of %s: %w", ev.Patient, err)
	}
	if out.key == nil {
		return nil, fmt.Errorf("%w: no IndexKeyRegistered event of %s's epoch %d matches the chain's commitment", answer.ErrStale, ev.Patient, ev.Epoch)
	}
	b, err := h.fetch(ctx, out.key.BundleRef, out.key.BundleHash, int64(toprf.BundleSize(16)))
	if err != nil {
		return nil, reasonFor(err, answer.MalformedRekey, "index-key bundle")
	}
	if err := out.bundle.UnmarshalBinary(b); err != nil {
		return nil, decline(answer.MalformedRekey, "index-key bundle: %v", err)
	}
	return out, nil
}

func (h *Handler) commitToken(ctx context.Context, r Request, t Terms) (answer.Answer, error) {
	tk, err := h.loadToken(ctx, r.AccessID)
	if err != nil {
		return asAnswer(err)
	}
	share, err := tk.bundle.OpenShare(t.Member, h.cfg.Transport)
	if err != nil {
		return answer.Reject(answer.MalformedRekey, fmt.Sprintf("member %d's index-key share: %v", t.Member, err)), nil
	}
	id := r.AccessID
	if h.cfg.Wrong {
		id += 1 << 32
	}
	x := h.set.Index
	actx, err := call(ctx, x.BoundContract, x.ABI.PackAnswerContext(id, t.Member), x.ABI.UnpackAnswerContext, "answerContext")
	if err != nil {
		return answer.Answer{}, err
	}
	a, err := toprf.Evaluate(h.cfg.Random, share, &tk.req, actx)
	if err != nil {
		return answer.Reject(answer.MalformedCapsule, fmt.Sprintf("evaluation: %v", err)), nil
	}
	p := a.Point()
	proof, err := a.Proof().MarshalBinary()
	if err != nil {
		return answer.Answer{}, err
	}
	c := compress(&p)
	return answer.Commit(crypto.Keccak256Hash(c), c, proof), nil
}

// Reveal is one member's revealed answer as the chain published it.
type Reveal struct {
	Gate     Gate
	AccessID uint64
	Member   uint8
	Node     common.Address
	Fragment []byte
	Proof    []byte
}

// FindReveal reads member's AnswerRevealed for an access; answer.ErrStale when there is none.
func (h *Handler) FindReveal(ctx context.Context, g Gate, accessID uint64, member uint8) (*Reveal, error) {
	it, err := bind.FilterEvents(h.bound(g), &bind.FilterOpts{Context: ctx, Start: h.cfg.FromBlock}, answersABI.UnpackAnswerRevealedEvent, []any{accessID})
	if err != nil {
		return nil, fmt.Errorf("reveals of %s access %d: %w", g, accessID, err)
	}
	defer it.Close()
	var out *Reveal
	for it.Next() {
		ev := it.Value()
		if ev.Member == member {
			out = &Reveal{Gate: g, AccessID: accessID, Member: member, Node: ev.Node, Fragment: ev.Fragment, Proof: ev.Proof}
		}
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	if out == nil {
		return nil, fmt.Errorf("%w: member %d revealed nothing for %s access %d", answer.ErrStale, member, g, accessID)
	}
	return out, nil
}

// ErrValid means a checked reveal verifies: there is nothing to report.
var ErrValid = errors.New("the revealed answer verifies")

// ErrUnreportable means a reveal is wrong in a way no statement can show (the fragment is not a
// point): the requester skips it, and there is nothing to report.
var ErrUnreportable = errors.New("wrong, but not reportable")

// Check verifies another member's reveal. A valid one returns ErrValid (nothing to report); a wrong one returns the fault report. The node checks only accesses of committees it
// is a member of, since it holds their public shares (answer.ErrNotNamed otherwise).
func (h *Handler) Check(ctx context.Context, rv *Reveal) (answer.Answer, error) {
	t, err := h.Terms(ctx, rv.Gate, rv.AccessID)
	if err != nil {
		return answer.Answer{}, err
	}
	if t.Member == 0 {
		return answer.Answer{}, fmt.Errorf("%w: not a member of committee %d", answer.ErrNotNamed, t.Committee)
	}
	st, err := h.State(ctx, rv.Gate, rv.AccessID)
	if err != nil {
		return answer.Answer{}, err
	}
	if st.FaultMask&bit(rv.Member) != 0 {
		return answer.Answer{}, fmt.Errorf("%w: member %d's fault on %s access %d is recorded", answer.ErrAnswered, rv.Member, rv.Gate, rv.AccessID)
	}
	var wit, statement []byte
	switch rv.Gate {
	case Access:
		wit, statement, err = h.checkFragment(ctx, rv, t)
	case Read, Care:
		wit, statement, err = h.checkShare(ctx, rv, t)
	case Token:
		wit, statement, err = h.checkEvaluation(ctx, rv)
	default:
		err = fmt.Errorf("no gate %d", rv.Gate)
	}
	if err != nil {
		return answer.Answer{}, err
	}
	a := answer.Fault(rv.Fragment, rv.Proof, wit, statement)
	a.Member = t.Member // the reporter's own index, for taking turns; the report names rv.Member
	return a, nil
}

// accessStatementArgs is AccessLedger's fault statement: abi.encode(bytes capsule, bytes
// commitments, bytes32 bundleHash, Grant grant).
var accessStatementArgs = func() abi.Arguments {
	grantType := bindings.NewAccessLedger().GetABI().Methods["getAccess"].Inputs[1].Type
	return abi.Arguments{{Type: abiType("bytes")}, {Type: abiType("bytes")}, {Type: abiType("bytes32")}, {Type: grantType}}
}()

// readStatementArgs is AttributeReads' fault statement: abi.encode(bytes shares, bytes blindedPoint).
var readStatementArgs = abi.Arguments{{Type: abiType("bytes")}, {Type: abiType("bytes")}}

// tokenStatementArgs is KeywordIndex's fault statement: abi.encode(bytes commitments, bytes32
// bundleHash, bytes blindedPoint).
var tokenStatementArgs = abi.Arguments{{Type: abiType("bytes")}, {Type: abiType("bytes32")}, {Type: abiType("bytes")}}

func abiType(s string) abi.Type {
	t, err := abi.NewType(s, "", nil)
	if err != nil {
		panic(err)
	}
	return t
}

func (h *Handler) checkFragment(ctx context.Context, rv *Reveal, t Terms) ([]byte, []byte, error) {
	var f tpre.Fragment
	b := append([]byte{0x04, rv.Member}, rv.Fragment...)
	if err := f.UnmarshalBinary(append(b, rv.Proof...)); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrUnreportable, err)
	}
	g, err := h.loadGrant(ctx, t.RequestID, t.GrantHash)
	if errors.Is(err, errDecline) {
		// The grant's objects no longer check (a new record version): the requester has them
		// from before; this node cannot rebuild the statement.
		return nil, nil, fmt.Errorf("%w: %v", answer.ErrNotNamed, err)
	}
	if err != nil {
		return nil, nil, err
	}
	if err := g.bundle.VerifyFragment(&g.capsule, h.binding(t.RequestID), &f); err == nil {
		return nil, nil, fmt.Errorf("%w: member %d's fragment", ErrValid, rv.Member)
	}
	st, err := g.bundle.Statement(&g.capsule, &f)
	if err != nil {
		return nil, nil, err
	}
	u, v := f.Proof().Witness(st)
	statement, err := accessStatementArgs.Pack(g.capsuleBytes, g.event.Commitments, g.event.BundleHash, g.event.Grant)
	if err != nil {
		return nil, nil, fmt.Errorf("encode the fault statement: %w", err)
	}
	return witness(u, v), statement, nil
}

func (h *Handler) checkShare(ctx context.Context, rv *Reveal, t Terms) ([]byte, []byte, error) {
	var s tdec.DecryptionShare
	b := append([]byte{'S', 0x01, rv.Member}, rv.Fragment...)
	if err := s.UnmarshalBinary(append(b, rv.Proof...)); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrUnreportable, err)
	}
	_, committee, ok, err := h.shares.Share(t.Committee)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, fmt.Errorf("%w: this node has not finished committee %d's key generation", answer.ErrNotYet, t.Committee)
	}
	rd, err := h.loadRead(ctx, rv.Gate, rv.AccessID, false)
	if err != nil {
		return nil, nil, err
	}
	sctx, err := h.shareContext(ctx, rv.Gate, rv.AccessID, rv.Member)
	if err != nil {
		return nil, nil, err
	}
	if err := tdec.VerifyShare(committee, &rd.req, &s, sctx); err == nil {
		return nil, nil, fmt.Errorf("%w: member %d's share", ErrValid, rv.Member)
	}
	st, err := s.Statement(committee, &rd.req)
	if err != nil {
		return nil, nil, err
	}
	u, v := s.Proof().Witness(st)
	var shares []byte
	for i := 1; i <= committee.Size(); i++ {
		x, _ := committee.PublicShare(uint8(i))
		shares = append(shares, compress(&x)...)
	}
	statement, err := readStatementArgs.Pack(shares, compress(&st.H))
	if err != nil {
		return nil, nil, err
	}
	return witness(u, v), statement, nil
}

func (h *Handler) checkEvaluation(ctx context.Context, rv *Reveal) ([]byte, []byte, error) {
	var a toprf.Answer
	b := append([]byte{'A', 0x01, rv.Member}, rv.Fragment...)
	if err := a.UnmarshalBinary(append(b, rv.Proof...)); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrUnreportable, err)
	}
	tk, err := h.loadToken(ctx, rv.AccessID)
	if errors.Is(err, errDecline) {
		return nil, nil, fmt.Errorf("%w: %v", answer.ErrNotNamed, err)
	}
	if err != nil {
		return nil, nil, err
	}
	x := h.set.Index
	actx, err := call(ctx, x.BoundContract, x.ABI.PackAnswerContext(rv.AccessID, rv.Member), x.ABI.UnpackAnswerContext, "answerContext")
	if err != nil {
		return nil, nil, err
	}
	commits := tk.bundle.Commitments()
	if err := toprf.VerifyAnswer(commits, &tk.req, &a, actx); err == nil {
		return nil, nil, fmt.Errorf("%w: member %d's evaluation", ErrValid, rv.Member)
	}
	st, err := a.Statement(commits, &tk.req)
	if err != nil {
		return nil, nil, err
	}
	u, v := a.Proof().Witness(st)
	blinded := tk.req.Blinded()
	statement, err := tokenStatementArgs.Pack(tk.key.Commitments, tk.key.BundleHash, compress(&blinded))
	if err != nil {
		return nil, nil, err
	}
	return witness(u, v), statement, nil
}

// witness encodes a DLEQ verifier's witness U ‖ V, each x ‖ y (64 bytes).
func witness(u, v secp256k1.G1Affine) []byte {
	out := make([]byte, 0, 128)
	for _, p := range []*secp256k1.G1Affine{&u, &v} {
		x, y := p.X.Bytes(), p.Y.Bytes()
		out = append(append(out, x[:]...), y[:]...)
	}
	return out
}

// compress is a point's SEC 1 compressed encoding, as the contracts take points.
func compress(p *secp256k1.G1Affine) []byte {
	x, y := p.X.Bytes(), p.Y.Bytes()
	return append([]byte{0x02 | y[31]&1}, x[:]...)
}

var (
	errMalformedRef = errors.New("malformed object reference")
	errTooLarge     = errors.New("object too large")
	errHash         = errors.New("object does not hash to the chain's hash")
)

// reasonFor makes an object's fault a decline, and passes transient errors on.
func reasonFor(err error, reason answer.Reason, what string) error {
	if errors.Is(err, errMalformedRef) || errors.Is(err, errTooLarge) || errors.Is(err, errHash) {
		return decline(reason, "%s: %v", what, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// fetch reads the object at the binary CID ref, of at most limit bytes, and checks its SHA-256.
func (h *Handler) fetch(ctx context.Context, ref []byte, want [32]byte, limit int64) ([]byte, error) {
	c, err := cid.Cast(ref)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformedRef, err)
	}
	if err := storage.CheckCID(c); err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformedRef, err)
	}
	obj, err := h.store.Get(ctx, c)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, fmt.Errorf("%w: %s", answer.ErrMissingObject, c)
	}
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", c, err)
	}
	defer obj.Close()
	if obj.Size() > limit {
		return nil, fmt.Errorf("%w: %s has %d bytes, at most %d expected", errTooLarge, c, obj.Size(), limit)
	}
	b, err := io.ReadAll(io.LimitReader(obj, limit+1))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, fmt.Errorf("%w: %s", answer.ErrMissingObject, c)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", c, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: %s exceeds %d bytes", errTooLarge, c, limit)
	}
	if sha256.Sum256(b) != want {
		return nil, fmt.Errorf("%w: %s", errHash, c)
	}
	return b, nil
}

// noBlock adapts a contract backend to chain.Client for reads at the head.
type noBlock struct{ bind.ContractBackend }

func (noBlock) BlockNumber(context.Context) (uint64, error) { return 0, nil }
