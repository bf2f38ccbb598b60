package client

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/envelope"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/crypto/tpre"
)

// Operations a request can name; the bit index in a grant's operation set.
const (
	OpRead  uint8 = 0
	OpWrite uint8 = 1
)

// Request statuses as AccessLedger numbers them.
const (
	RequestNone      uint8 = 0
	RequestRequested uint8 = 1
	RequestGranted   uint8 = 2
	RequestRevoked   uint8 = 3
	RequestExpired   uint8 = 4
)

// Info strings of the HPKE uses, from docs/protocol.md.
const ABEKeyInfo = "emrchain/abe-key/v1"

// ErrUnknownPurpose means a purpose word is not one of contracts.Purposes: the patient would be
// shown a bare hash.
var ErrUnknownPurpose = errors.New("unknown purpose of use")

// Purpose turns a purpose-of-use word into its on-chain code, refusing words the patient's
// client could not name back.
func Purpose(word string) ([32]byte, error) {
	code := contracts.PurposeCode(word)
	if contracts.PurposeWord(code) == "" {
		return [32]byte{}, fmt.Errorf("%w %q: use one of %v", ErrUnknownPurpose, word, contracts.Purposes)
	}
	return code, nil
}

// RequestAccess asks for access to a record for a purpose; it returns the request id.
func (e *Env) RequestAccess(ctx context.Context, requester *Identity, recordID [32]byte, op uint8, purpose string) (uint64, *Tx, error) {
	code, err := Purpose(purpose)
	if err != nil {
		return 0, nil, err
	}
	tx, rcpt, err := e.send(ctx, requester, "request access", e.Set.Access.BoundContract,
		e.Set.Access.ABI.PackRequestAccess(recordID, op, code))
	if err != nil {
		return 0, nil, err
	}
	for _, l := range rcpt.Logs {
		if ev, err := e.Set.Access.ABI.UnpackAccessRequestedEvent(l); err == nil {
			return ev.RequestId, tx, nil
		}
	}
	return 0, tx, fmt.Errorf("request access: no AccessRequested event in %s", tx.Hash)
}

// Request reads a request and its grant's changing state.
func (e *Env) Request(ctx context.Context, requestID uint64) (bindings.IAccessLedgerRequest, error) {
	q, err := bind.Call(e.Set.Access.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Access.ABI.PackRequest(requestID), e.Set.Access.ABI.UnpackRequest)
	if err != nil {
		return q, fmt.Errorf("read request %d: %w", requestID, decode(err))
	}
	if q.Status == RequestNone {
		return q, fmt.Errorf("request %d: %w", requestID, contracts.Revert("UnknownRequest"))
	}
	return q, nil
}

// GrantOptions are the patient's choices when granting.
type GrantOptions struct {
	// ValidFor is the window's length from now.
	ValidFor time.Duration
	// Operations is the set of operations allowed (bit OpRead, OpWrite).
	Operations uint8
	// MaxUses is how many get-access calls the grant allows (0 means 1).
	MaxUses uint16
	// CommitteeID is the committee whose members hold the shares (0: the default committee).
	CommitteeID uint64
	// Threshold is t (0: the committee's own threshold); Members the committee indices that
	// hold shares (nil: every member).
	Threshold int
	Members   []uint8
}

// Granted is what a grant put on chain.
type Granted struct {
	Tx          *Tx
	Terms       bindings.IAccessLedgerGrant
	Committee   uint64
	Threshold   int
	Members     []uint8
	MaxUses     uint16
	BundleRef   []byte
	Version     uint32
	Generation  uint32
	NotAfterUTC time.Time
}

// Grant is the patient's consent (seed 000's token) through t-of-n proxies: her client derives
// the granted record version's own key from her seed, checks it is the key of the capsule on
// chain, makes the re-key towards the requester and Shamir-splits it among the chosen committee
// members (crypto/tpre), stores the re-key bundle and grants the request with the share
// commitments, the window, the operations and the number of uses.
func (e *Env) Grant(ctx context.Context, patient *Identity, requestID uint64, opts GrantOptions) (*Granted, error) {
	if patient.Seed == nil {
		return nil, ErrNoSeed
	}
	if opts.ValidFor < time.Second {
		return nil, fmt.Errorf("a grant's window must be at least 1s, not %s", opts.ValidFor)
	}
	if opts.MaxUses == 0 {
		opts.MaxUses = 1
	}
	q, err := e.Request(ctx, requestID)
	if err != nil {
		return nil, err
	}
	if q.Status != RequestRequested {
		return nil, fmt.Errorf("request %d is %s, not awaiting a grant", requestID, RequestStatusName(q.Status))
	}
	rec, err := e.Record(ctx, q.RecordId)
	if err != nil {
		return nil, err
	}
	if rec.Patient != patient.Address() {
		return nil, fmt.Errorf("record %x is %s's, not %s's: only its patient grants access", q.RecordId, rec.Patient, patient.Address())
	}
	if rec.Status != RecordActive {
		return nil, fmt.Errorf("record %x was deleted", q.RecordId)
	}
	capsule, err := e.capsuleOf(ctx, rec)
	if err != nil {
		return nil, err
	}
	sk, err := patient.Seed.Derive(e.KeyID(q.RecordId, rec.Version, rec.Generation))
	if err != nil {
		return nil, err
	}
	if err := capsule.CheckDelegator(sk.Public()); err != nil {
		return nil, fmt.Errorf("record %x version %d: its capsule is not wrapped to the key this seed derives (%w): rewrap it with `emrchain record rewrap`", q.RecordId, rec.Version, err)
	}
	requesterPRE, err := e.PREKeyOf(ctx, q.Requester)
	if err != nil {
		return nil, fmt.Errorf("requester: %w", err)
	}
	c, err := e.activeCommittee(ctx, opts.CommitteeID)
	if err != nil {
		return nil, err
	}
	indices := opts.Members
	if len(indices) == 0 {
		indices = MembersOf(c.FullMask())
	}
	t := opts.Threshold
	if t == 0 {
		t = c.Threshold
	}
	if t < 1 || t > len(indices) {
		return nil, fmt.Errorf("threshold %d with %d proxies: want 1 ≤ t ≤ %d", t, len(indices), len(indices))
	}
	members, err := e.memberKeys(ctx, c, indices)
	if err != nil {
		return nil, err
	}
	bundle, err := tpre.Grant(e.random(), sk, requesterPRE, t, members)
	if err != nil {
		return nil, fmt.Errorf("re-key bundle: %w", err)
	}
	ref, hash, err := e.putObject(ctx, bundle)
	if err != nil {
		return nil, fmt.Errorf("re-key bundle: %w", err)
	}
	var commitments []byte
	for _, p := range bundle.EVMCommitments() {
		commitments = append(commitments, p[:]...)
	}
	head, err := e.Backend.HeaderByNumber(ctx, nil)
	if err != nil {
		_ = e.Discard(ctx, cidOf(ref))
		return nil, fmt.Errorf("read head: %w", err)
	}
	in := bindings.IAccessLedgerGrantInput{
		NotBefore: head.Time, NotAfter: head.Time + uint64(opts.ValidFor/time.Second), Operations: opts.Operations,
		MaxUses: opts.MaxUses, CommitteeId: c.ID, Threshold: uint8(t), MemberMask: MaskOf(indices),
		BundleHash: hash, BundleRef: ref,
	}
	tx, rcpt, err := e.send(ctx, patient, fmt.Sprintf("grant access (%d-of-%d proxies)", t, len(indices)), e.Set.Access.BoundContract,
		e.Set.Access.ABI.PackGrantAccess(requestID, in, commitments))
	if err != nil {
		if rcpt == nil {
			_ = e.Discard(ctx, cidOf(ref))
		}
		return nil, err
	}
	g := &Granted{Tx: tx, Committee: c.ID, Threshold: t, Members: indices, MaxUses: opts.MaxUses, BundleRef: ref,
		Version: rec.Version, Generation: rec.Generation, NotAfterUTC: time.Unix(int64(in.NotAfter), 0).UTC()}
	for _, l := range rcpt.Logs {
		if ev, err := e.Set.Access.ABI.UnpackAccessGrantedEvent(l); err == nil {
			g.Terms = ev.Grant
		}
	}
	return g, nil
}

// capsuleOf fetches a record's current capsule object and checks it against the chain's hash.
func (e *Env) capsuleOf(ctx context.Context, rec bindings.IRecordRegistryRecord) (*recordkey.Capsule, error) {
	if len(rec.CapsuleRef) == 0 {
		return nil, fmt.Errorf("version %d: %w", rec.Version, ErrNoPatientCapsule)
	}
	b, err := e.getBytes(ctx, rec.CapsuleRef, rec.CapsuleHash, maxArtifact)
	if err != nil {
		return nil, fmt.Errorf("capsule: %w", err)
	}
	var c recordkey.Capsule
	if err := c.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("capsule: %w", err)
	}
	return &c, nil
}

// DataKeyFromCapsule recovers a record's data key with the patient's seed.
func (e *Env) DataKeyFromCapsule(ctx context.Context, patient *Identity, recordID [32]byte) ([32]byte, error) {
	if patient.Seed == nil {
		return [32]byte{}, ErrNoSeed
	}
	rec, err := e.Record(ctx, recordID)
	if err != nil {
		return [32]byte{}, err
	}
	if rec.Patient != patient.Address() {
		return [32]byte{}, fmt.Errorf("record %x is %s's, not %s's", recordID, rec.Patient, patient.Address())
	}
	c, err := e.capsuleOf(ctx, rec)
	if err != nil {
		return [32]byte{}, err
	}
	k, err := patient.Seed.Open(e.KeyID(recordID, rec.Version, rec.Generation), c)
	if err != nil {
		return [32]byte{}, fmt.Errorf("open the capsule of record %x: %w", recordID, err)
	}
	return k, nil
}

// GrantRecord is a grant as AccessGranted announced it: the terms get-access takes back, and the
// re-key bundle the members answer from.
type GrantRecord struct {
	RequestID   uint64
	Patient     common.Address
	Requester   common.Address
	RecordID    [32]byte
	Version     uint32
	Generation  uint32
	MaxUses     uint16
	Terms       bindings.IAccessLedgerGrant
	BundleHash  [32]byte
	BundleRef   []byte
	Commitments []byte
	Block       uint64
	// LogIndex is AccessGranted's position in its block.
	LogIndex uint
}

// GrantOf finds a request's grant.
func (e *Env) GrantOf(ctx context.Context, requestID uint64) (*GrantRecord, error) {
	it, err := bind.FilterEvents(e.Set.Access.BoundContract, &bind.FilterOpts{Context: ctx},
		e.Set.Access.ABI.UnpackAccessGrantedEvent, []any{requestID})
	if err != nil {
		return nil, fmt.Errorf("find the grant of request %d: %w", requestID, err)
	}
	defer it.Close()
	var g *GrantRecord
	for it.Next() {
		ev := it.Value()
		g = &GrantRecord{RequestID: ev.RequestId, Patient: ev.Patient, Requester: ev.Requester, RecordID: ev.RecordId,
			Version: ev.Version, Generation: ev.Generation, MaxUses: ev.MaxUses, Terms: ev.Grant,
			BundleHash: ev.BundleHash, BundleRef: ev.BundleRef, Commitments: ev.Commitments, Block: ev.Raw.BlockNumber, LogIndex: ev.Raw.Index}
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	if g == nil {
		return nil, fmt.Errorf("request %d has not been granted", requestID)
	}
	return g, nil
}

// Revoke revokes a request or grant as the patient or the requester.
func (e *Env) Revoke(ctx context.Context, actor *Identity, requestID uint64) (*Tx, error) {
	tx, _, err := e.send(ctx, actor, "revoke access", e.Set.Access.BoundContract, e.Set.Access.ABI.PackRevokeAccess(requestID))
	return tx, err
}

// Expire marks a grant whose window has ended as expired (anyone may).
func (e *Env) Expire(ctx context.Context, actor *Identity, requestID uint64) (*Tx, error) {
	g, err := e.GrantOf(ctx, requestID)
	if err != nil {
		return nil, err
	}
	tx, _, err := e.send(ctx, actor, "mark grant expired", e.Set.Access.BoundContract, e.Set.Access.ABI.PackExpire(requestID, g.Terms))
	return tx, err
}

// Invoked is one get-access call.
type Invoked struct {
	AccessID uint64
	UsesLeft uint16
	Tx       *Tx
}

// GetAccess uses a grant (seed 000's get-access): the chain checks it and spends a use, and the
// grant's committee members answer.
func (e *Env) GetAccess(ctx context.Context, requester *Identity, requestID uint64) (*Invoked, error) {
	g, err := e.GrantOf(ctx, requestID)
	if err != nil {
		return nil, err
	}
	if err := e.checkGrantKey(ctx, g); err != nil {
		return nil, err
	}
	tx, rcpt, err := e.send(ctx, requester, "get access", e.Set.Access.BoundContract, e.Set.Access.ABI.PackGetAccess(requestID, g.Terms))
	if err != nil {
		return nil, err
	}
	for _, l := range rcpt.Logs {
		if ev, err := e.Set.Access.ABI.UnpackAccessInvokedEvent(l); err == nil {
			return &Invoked{AccessID: ev.AccessId, UsesLeft: ev.UsesLeft, Tx: tx}, nil
		}
	}
	return nil, fmt.Errorf("get access: no AccessInvoked event in %s", tx.Hash)
}

// Access reads one get-access call's terms (its request, committee, members and threshold).
func (e *Env) Access(ctx context.Context, accessID uint64) (bindings.IAccessLedgerAccess, error) {
	a, err := bind.Call(e.Set.Access.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Access.ABI.PackAccess(accessID), e.Set.Access.ABI.UnpackAccess)
	if err != nil {
		return a, fmt.Errorf("read access %d: %w", accessID, decode(err))
	}
	if a.RequestId == 0 {
		return a, fmt.Errorf("access %d does not exist", accessID)
	}
	return a, nil
}

// Answered is a combined answer to a get-access: the data key, which members' fragments made it,
// and the faults found on the way.
type Answered struct {
	AccessID  uint64
	RequestID uint64
	// CommitMask are the members that committed (the receipt's), Used the ones whose
	// fragments were combined.
	CommitMask uint16
	Used       []Reveal
	Faults     []Fault
	DataKey    [32]byte
}

// AwaitOptions tune waiting for a committee's answers.
type AwaitOptions struct {
	Poll     time.Duration // how often to re-read the chain (default 200 ms)
	Progress AnswerProgress
	// NoFaultReports skips reporting wrong answers on chain (they are still named).
	NoFaultReports bool
}

func (o AwaitOptions) poll() time.Duration {
	if o.Poll <= 0 {
		return 200 * time.Millisecond
	}
	return o.Poll
}

// AwaitAccess waits for the members' answers to a get-access: the receipt (t commits), then the
// reveals. It verifies each revealed fragment against the grant's commitments and the capsule,
// reports a wrong one on chain (naming its proxy), combines t valid ones and decrypts the data
// key with the requester's PRE key.
func (e *Env) AwaitAccess(ctx context.Context, requester *Identity, accessID uint64, opts AwaitOptions) (*Answered, error) {
	if requester.PRE == nil {
		return nil, fmt.Errorf("identity %s has no PRE key, which grants re-encrypt to", requester.Name)
	}
	a, err := e.Access(ctx, accessID)
	if err != nil {
		return nil, err
	}
	q, err := e.Request(ctx, a.RequestId)
	if err != nil {
		return nil, err
	}
	if q.Requester != requester.Address() {
		return nil, fmt.Errorf("access %d belongs to requester %s, not %s", accessID, q.Requester, requester.Address())
	}
	g, err := e.GrantOf(ctx, a.RequestId)
	if err != nil {
		return nil, err
	}
	bundleBytes, err := e.getBytes(ctx, g.BundleRef, g.BundleHash, maxArtifact)
	if err != nil {
		return nil, fmt.Errorf("re-key bundle: %w", err)
	}
	var bundle tpre.Bundle
	if err := bundle.UnmarshalBinary(bundleBytes); err != nil {
		return nil, fmt.Errorf("re-key bundle: %w", err)
	}
	rec, err := e.Record(ctx, g.RecordID)
	if err != nil {
		return nil, err
	}
	capsuleBytes, err := e.getBytes(ctx, rec.CapsuleRef, rec.CapsuleHash, maxArtifact)
	if err != nil {
		return nil, fmt.Errorf("capsule: %w", err)
	}
	capsule, err := e.capsuleOf(ctx, rec)
	if err != nil {
		return nil, err
	}
	gt := e.accessGate()
	st, err := e.waitFulfilled(ctx, gt, accessID, opts.poll(), opts.Progress)
	if err != nil {
		return nil, err
	}
	bind := tpre.Binding{ChainID: e.ChainID.Uint64(), Ledger: e.Set.Addresses.Access, RequestID: a.RequestId}
	out := &Answered{AccessID: accessID, RequestID: a.RequestId, CommitMask: st.CommitMask}
	checked := map[uint8]bool{}
	var valid []*tpre.Fragment
	for {
		reveals, err := gt.reveals(ctx, accessID)
		if err != nil {
			return nil, err
		}
		for _, r := range reveals {
			if checked[r.Member] {
				continue
			}
			checked[r.Member] = true
			f, verr := revealedFragment(r)
			if verr == nil {
				verr = bundle.VerifyFragment(capsule, bind, f)
			}
			if verr != nil {
				fault := Fault{Member: r.Member, Node: r.Node, Err: verr}
				if !opts.NoFaultReports {
					fault.Report, fault.ReportErr = e.reportAccessFault(ctx, requester, gt, accessID, r, f, &bundle, capsule, capsuleBytes, g)
				}
				out.Faults = append(out.Faults, fault)
				continue
			}
			valid = append(valid, f)
			out.Used = append(out.Used, r)
		}
		if len(valid) >= bundle.Threshold() {
			break
		}
		if opts.Progress != nil {
			st.RevealMask = revealMask(reveals)
			opts.Progress("revealed", st)
		}
		if err := sleep(ctx, opts.poll()); err != nil {
			return out, fmt.Errorf("waiting for the proxies' fragments of access %d (%d of %d valid so far): %w", accessID, len(valid), bundle.Threshold(), err)
		}
		if st, err = gt.state(ctx, accessID); err != nil {
			return out, err
		}
		out.CommitMask = st.CommitMask
	}
	out.Used = out.Used[:bundle.Threshold()]
	rct, err := bundle.CombineVerified(capsule, valid[:bundle.Threshold()])
	if err != nil {
		return out, fmt.Errorf("combine fragments: %w", err)
	}
	if out.DataKey, err = requester.PRE.DecryptReEncrypted(rct); err != nil {
		return out, fmt.Errorf("decrypt the re-encrypted capsule: %w", err)
	}
	return out, nil
}

func revealMask(rs []Reveal) uint16 {
	var m uint16
	for _, r := range rs {
		m |= 1 << (r.Member - 1)
	}
	return m
}

// revealedFragment rebuilds a member's fragment encoding from its reveal.
func revealedFragment(r Reveal) (*tpre.Fragment, error) {
	b := append([]byte{0x04, r.Member}, r.Point...)
	b = append(b, r.Proof...)
	var f tpre.Fragment
	if err := f.UnmarshalBinary(b); err != nil {
		return nil, &tpre.FaultError{Member: r.Member, Err: err}
	}
	return &f, nil
}

// reportAccessFault reports a member's wrong fragment: the contract rebuilds the statement from
// the capsule (checked by its SHA-256 in the grant's commitment), the share commitments and the
// grant's terms, and records the fault when the proof fails.
func (e *Env) reportAccessFault(ctx context.Context, reporter *Identity, g gate, accessID uint64, r Reveal, f *tpre.Fragment, bundle *tpre.Bundle, capsule *recordkey.Capsule, capsuleBytes []byte, gr *GrantRecord) (*Tx, error) {
	if f == nil {
		return nil, errors.New("the revealed fragment is not a point: there is no proof statement to report")
	}
	st, err := bundle.Statement(capsule, f)
	if err != nil {
		return nil, err
	}
	u, v := f.Proof().Witness(st)
	statement, err := accessStatementArgs.Pack(capsuleBytes, gr.Commitments, gr.BundleHash, gr.Terms)
	if err != nil {
		return nil, fmt.Errorf("encode the fault statement: %w", err)
	}
	return e.reportFault(ctx, reporter, g, accessID, r, witness(u, v), statement)
}

// accessStatementArgs is AccessLedger's fault statement: abi.encode(bytes capsule, bytes
// commitments, bytes32 bundleHash, Grant grant).
var accessStatementArgs = func() abi.Arguments {
	grantType := bindings.NewAccessLedger().GetABI().Methods["getAccess"].Inputs[1].Type
	mk := func(t string) abi.Type { ty, _ := abi.NewType(t, "", nil); return ty }
	return abi.Arguments{{Type: mk("bytes")}, {Type: mk("bytes")}, {Type: mk("bytes32")}, {Type: grantType}}
}()

// ReadGranted runs the requester's whole read: get-access, wait for the proxies, combine the
// fragments, decrypt the data key and open the record into dst.
func (e *Env) ReadGranted(ctx context.Context, requester *Identity, requestID uint64, dst io.Writer, opts AwaitOptions) (*Invoked, *Answered, *envelope.Opened, error) {
	inv, err := e.GetAccess(ctx, requester, requestID)
	if err != nil {
		return nil, nil, nil, err
	}
	ans, opened, err := e.ReadAccess(ctx, requester, inv.AccessID, dst, opts)
	return inv, ans, opened, err
}

// ReadAccess reads the record behind a get-access made earlier (or whose wait was interrupted):
// it waits for the answers, combines them and opens the granted version into dst.
func (e *Env) ReadAccess(ctx context.Context, requester *Identity, accessID uint64, dst io.Writer, opts AwaitOptions) (*Answered, *envelope.Opened, error) {
	ans, err := e.AwaitAccess(ctx, requester, accessID, opts)
	if err != nil {
		return ans, nil, err
	}
	q, err := e.Request(ctx, ans.RequestID)
	if err != nil {
		return ans, nil, err
	}
	opened, err := e.ReadRecord(ctx, q.RecordId, ans.DataKey, dst)
	return ans, opened, err
}

// RequestStatusName names a request status.
func RequestStatusName(s uint8) string {
	names := []string{"none", "requested", "granted", "revoked", "expired"}
	if int(s) < len(names) {
		return names[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

func bundleHashOf(b []byte) [32]byte { return sha256.Sum256(b) }

// Requested is a request as AccessRequested announced it: what the patient is asked to grant.
type Requested struct {
	RequestID uint64
	Patient   common.Address
	Requester common.Address
	RecordID  [32]byte
	Operation uint8
	// Purpose is the purpose of use in words ("" for a code this client cannot name).
	Purpose string
	Block   uint64
}

// RequestedEvent finds a request's AccessRequested event.
func (e *Env) RequestedEvent(ctx context.Context, requestID uint64) (*Requested, error) {
	it, err := bind.FilterEvents(e.Set.Access.BoundContract, &bind.FilterOpts{Context: ctx},
		e.Set.Access.ABI.UnpackAccessRequestedEvent, []any{requestID})
	if err != nil {
		return nil, fmt.Errorf("find request %d: %w", requestID, err)
	}
	defer it.Close()
	for it.Next() {
		ev := it.Value()
		return &Requested{RequestID: ev.RequestId, Patient: ev.Patient, Requester: ev.Requester, RecordID: ev.RecordId,
			Operation: ev.Operation, Purpose: contracts.PurposeWord(ev.Purpose), Block: ev.Raw.BlockNumber}, nil
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("request %d: no AccessRequested event", requestID)
}
