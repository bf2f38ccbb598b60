package client

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/envelope"
	"github.com/emrchain/emrchain/crypto/tdec"
)

// ErrWrongEpoch means a CP-ABE key is of another key epoch than the record's gate: the record's
// CP-ABE half is wrapped under the epoch it was written in.
var ErrWrongEpoch = errors.New("the attribute key is of another epoch than the record")

// Gate fetches and parses a record's gate object, checked against the chain's hash.
func (e *Env) Gate(ctx context.Context, rec bindings.IRecordRegistryRecord) (*tdec.Gate, error) {
	if len(rec.GateRef) == 0 {
		return nil, errors.New("the record has no policy, so no attribute-based access")
	}
	b, err := e.getBytes(ctx, rec.GateRef, rec.GateHash, maxArtifact)
	if err != nil {
		return nil, fmt.Errorf("gate object: %w", err)
	}
	var g tdec.Gate
	if err := g.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("gate object: %w", err)
	}
	return &g, nil
}

// RecordPolicy returns a record's policy (without the epoch), the program the contract evaluates
// and the gate's key epoch, checking the gate's policy against the record's policyHash.
func (e *Env) RecordPolicy(ctx context.Context, recordID [32]byte) (*cpabe.Policy, []byte, uint64, *tdec.Gate, error) {
	rec, err := e.Record(ctx, recordID)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	if rec.Status != RecordActive {
		return nil, nil, 0, nil, fmt.Errorf("record %x was deleted", recordID)
	}
	if rec.PolicyHash == ([32]byte{}) {
		return nil, nil, 0, nil, fmt.Errorf("record %x has no policy, so no attribute reads: its patient grants access one request at a time", recordID)
	}
	g, err := e.Gate(ctx, rec)
	if err != nil {
		return nil, nil, 0, nil, fmt.Errorf("record %x: %w", recordID, err)
	}
	base, epoch, ok := g.Policy().SplitEpoch()
	if !ok {
		return nil, nil, 0, nil, fmt.Errorf("record %x: the gate's policy has no epoch attribute", recordID)
	}
	prog, err := base.Program()
	if err != nil {
		return nil, nil, 0, nil, err
	}
	if programHash(prog) != rec.PolicyHash {
		return nil, nil, 0, nil, fmt.Errorf("record %x: the gate object's policy %q is not the record's policy hash", recordID, base)
	}
	return base, prog, epoch, g, nil
}

// KeyEpochOf returns the key epoch a CP-ABE key carries (its epoch attribute).
func KeyEpochOf(ak *cpabe.AttributeKey) (uint64, bool) {
	for _, a := range ak.Attributes() {
		var e uint64
		if n, err := fmt.Sscanf(a, "epoch:%d", &e); err == nil && n == 1 && cpabe.EpochAttribute(e) == a {
			return e, true
		}
	}
	return 0, false
}

// PendingRead is an attribute read on chain whose shares have not been combined yet. Blinding is
// the requester's secret b: keep it (0600) until the read completes.
type PendingRead struct {
	ReadID   uint64
	RecordID [32]byte
	Blinding []byte
	Request  []byte // the published request (B, C1', proof)
	Tx       *Tx
}

// ReadOptions tune an attribute read.
type ReadOptions struct {
	AwaitOptions
	// Keep, if set, is handed the blinding before the read request is sent, so that an
	// interrupted read can be resumed (the shares are useless without it).
	Keep func(recordID [32]byte, blinding, request []byte) error
}

// RequestRead starts an attribute read (docs/trust.md, "Attribute reads through the
// committee"): it checks the record's gate against its policy hash and the key's epoch against
// the gate's, blinds the gate's committee ciphertext, and sends the on-chain read request with
// the policy program and the blinding proof. The contract evaluates the policy against the
// requester's attributes now; the read is on the patient's timeline.
func (e *Env) RequestRead(ctx context.Context, requester *Identity, ak *cpabe.AttributeKey, recordID [32]byte, keep func([32]byte, []byte, []byte) error) (*PendingRead, error) {
	_, prog, epoch, g, err := e.RecordPolicy(ctx, recordID)
	if err != nil {
		return nil, err
	}
	if ak != nil {
		if ke, ok := KeyEpochOf(ak); !ok || ke != epoch {
			return nil, fmt.Errorf("%w: record %x was written in key epoch %d; request a key of that epoch (`emrchain keys request --epoch %d`)", ErrWrongEpoch, recordID, epoch, epoch)
		}
	}
	bctx, err := bind.Call(e.Set.Reads.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Reads.ABI.PackBlindingContext(requester.Address(), recordID), e.Set.Reads.ABI.UnpackBlindingContext)
	if err != nil {
		return nil, fmt.Errorf("read the blinding context: %w", decode(err))
	}
	blBytes, reqBytes, err := e.blind(g.Half(), bctx, recordID, keep)
	if err != nil {
		return nil, err
	}
	bKey, blinded, proof := splitRequest(reqBytes)
	tx, rcpt, err := e.send(ctx, requester, "request an attribute read", e.Set.Reads.BoundContract,
		e.Set.Reads.ABI.PackRequestRead(recordID, prog, blinded, proof, bKey))
	if err != nil {
		return nil, err
	}
	for _, l := range rcpt.Logs {
		if ev, err := e.Set.Reads.ABI.UnpackReadRequestedEvent(l); err == nil {
			return &PendingRead{ReadID: ev.ReadId, RecordID: recordID, Blinding: blBytes, Request: reqBytes, Tx: tx}, nil
		}
	}
	return nil, fmt.Errorf("request read: no ReadRequested event in %s", tx.Hash)
}

// blind draws the requester's blinding of a committee ciphertext, bound to the gate's blinding
// context, and hands it to keep (if set) before anything is sent.
func (e *Env) blind(ct *tdec.Ciphertext, bctx [32]byte, recordID [32]byte, keep func([32]byte, []byte, []byte) error) (blinding, request []byte, err error) {
	if ct == nil {
		return nil, nil, errors.New("the gate object has no such ciphertext")
	}
	bl, req, err := tdec.Blind(e.random(), ct, bctx)
	if err != nil {
		return nil, nil, fmt.Errorf("blind the read request: %w", err)
	}
	if blinding, err = bl.MarshalBinary(); err != nil {
		return nil, nil, err
	}
	if request, err = req.MarshalBinary(); err != nil {
		return nil, nil, err
	}
	if keep != nil {
		if err := keep(recordID, blinding, request); err != nil {
			return nil, nil, fmt.Errorf("keep the read's blinding: %w", err)
		}
	}
	return blinding, request, nil
}

// splitRequest splits an encoded read request 'R' ‖ 0x01 ‖ B (33) ‖ C1' (33) ‖ proof (64) into
// the parts the gates take.
func splitRequest(req []byte) (blindingKey, blindedPoint, proof []byte) {
	return req[2:35], req[35:68], req[68:132]
}

// AttributeRead is a completed attribute read.
type AttributeRead struct {
	ReadID     uint64
	CommitMask uint16
	Used       []Reveal
	Faults     []Fault
	Attributes []string // the attributes the contract used, by name
	DataKey    [32]byte
}

// AwaitRead waits for the committee's decryption shares of a read, verifies each against the
// member's public share (from the committee's DKG, checked against the chain), reports wrong ones,
// combines t valid ones, unblinds K2 and unwraps K1 with the CP-ABE key: the data key.
func (e *Env) AwaitRead(ctx context.Context, requester *Identity, ak *cpabe.AttributeKey, p *PendingRead, opts AwaitOptions) (*AttributeRead, error) {
	r, err := bind.Call(e.Set.Reads.BoundContract, &bind.CallOpts{Context: ctx}, e.Set.Reads.ABI.PackRead(p.ReadID), e.Set.Reads.ABI.UnpackRead)
	if err != nil {
		return nil, fmt.Errorf("read %d: %w", p.ReadID, decode(err))
	}
	if r.Requester != requester.Address() {
		return nil, fmt.Errorf("read %d is %s's, not %s's", p.ReadID, r.Requester, requester.Address())
	}
	var bl tdec.Blinding
	if err := bl.UnmarshalBinary(p.Blinding); err != nil {
		return nil, fmt.Errorf("read %d's blinding: %w", p.ReadID, err)
	}
	var req tdec.Request
	if err := req.UnmarshalBinary(p.Request); err != nil {
		return nil, fmt.Errorf("read %d's request: %w", p.ReadID, err)
	}
	rec, err := e.Record(ctx, r.RecordId)
	if err != nil {
		return nil, err
	}
	g, err := e.Gate(ctx, rec)
	if err != nil {
		return nil, err
	}
	gt := e.readsGate()
	st, err := e.waitFulfilled(ctx, gt, p.ReadID, opts.poll(), opts.Progress)
	if err != nil {
		return nil, err
	}
	out := &AttributeRead{ReadID: p.ReadID, CommitMask: st.CommitMask}
	if out.Attributes, err = e.readAttributes(ctx, p.ReadID); err != nil {
		return nil, err
	}
	k2, used, faults, err := e.combineShares(ctx, requester, gt, p.ReadID, r.CommitteeId, &bl, &req,
		tdec.HalfAAD(gateRecord(rec.Patient, r.RecordId, r.Version), r.PolicyHash), opts)
	out.Used, out.Faults = used, faults
	if err != nil {
		return out, err
	}
	if out.DataKey, err = g.OpenRead(ak, k2); err != nil {
		return out, fmt.Errorf("unwrap the CP-ABE half with the attribute key: %w", err)
	}
	return out, nil
}

// combineShares waits for t valid decryption shares of a read on a share gate (AttributeReads or
// CareReads), verifies each member's share and DLEQ proof against the member's public share
// (from the committee's DKG, checked against the chain), reports wrong ones unless told not to,
// and combines t valid ones with the requester's blinding into the key the ciphertext with
// associated data aad holds.
func (e *Env) combineShares(ctx context.Context, requester *Identity, gt gate, readID, committeeID uint64, bl *tdec.Blinding, req *tdec.Request, aad []byte, opts AwaitOptions) ([32]byte, []Reveal, []Fault, error) {
	var used []Reveal
	var faults []Fault
	committee, err := e.CommitteeShares(ctx, committeeID)
	if err != nil {
		return [32]byte{}, nil, nil, err
	}
	contexts := map[uint8][32]byte{}
	shareCtx := func(m uint8) [32]byte {
		if c, ok := contexts[m]; ok {
			return c
		}
		// Both share gates have shareContext(uint64, uint8); each binds its own address into it.
		c, err := bind.Call(gt.c, &bind.CallOpts{Context: ctx}, e.Set.Reads.ABI.PackShareContext(readID, m), e.Set.Reads.ABI.UnpackShareContext)
		if err == nil {
			contexts[m] = c
		}
		return c
	}
	checked := map[uint8]bool{}
	var valid []*tdec.DecryptionShare
	for {
		reveals, err := gt.reveals(ctx, readID)
		if err != nil {
			return [32]byte{}, used, faults, err
		}
		for _, rv := range reveals {
			if checked[rv.Member] {
				continue
			}
			checked[rv.Member] = true
			s, verr := revealedShare(rv)
			if verr == nil {
				verr = tdec.VerifyShare(committee, req, s, shareCtx(rv.Member))
			}
			if verr != nil {
				fault := Fault{Member: rv.Member, Node: rv.Node, Err: verr}
				if !opts.NoFaultReports {
					fault.Report, fault.ReportErr = e.reportReadFault(ctx, requester, gt, readID, rv, committee, req)
				}
				faults = append(faults, fault)
				continue
			}
			valid = append(valid, s)
			used = append(used, rv)
		}
		if len(valid) >= committee.Threshold() {
			break
		}
		if err := sleep(ctx, opts.poll()); err != nil {
			return [32]byte{}, used, faults, fmt.Errorf("waiting for the committee's shares of %s read %d (%d of %d valid so far): %w", gt.name, readID, len(valid), committee.Threshold(), err)
		}
	}
	t := committee.Threshold()
	used = used[:t]
	k, _, err := bl.Combine(committee, req, valid[:t], shareCtx, aad)
	if err != nil {
		return k, used, faults, fmt.Errorf("combine the committee's shares: %w", err)
	}
	return k, used, faults, nil
}

// readAttributes names the attributes a read's ReadRequested event says the contract used.
func (e *Env) readAttributes(ctx context.Context, readID uint64) ([]string, error) {
	it, err := bind.FilterEvents(e.Set.Reads.BoundContract, &bind.FilterOpts{Context: ctx}, e.Set.Reads.ABI.UnpackReadRequestedEvent, []any{readID})
	if err != nil {
		return nil, fmt.Errorf("find read %d: %w", readID, err)
	}
	defer it.Close()
	var names []string
	for it.Next() {
		for _, id := range it.Value().Attributes {
			n, err := e.AttributeName(ctx, id)
			if err != nil {
				return nil, err
			}
			names = append(names, n)
		}
	}
	return names, it.Error()
}

// revealedShare rebuilds a member's decryption share encoding from its reveal.
func revealedShare(r Reveal) (*tdec.DecryptionShare, error) {
	b := append([]byte{'S', 0x01, r.Member}, r.Point...)
	b = append(b, r.Proof...)
	var s tdec.DecryptionShare
	if err := s.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return &s, nil
}

// readStatementArgs is AttributeReads' fault statement: abi.encode(bytes shares, bytes blindedPoint).
var readStatementArgs = func() abi.Arguments {
	b, _ := abi.NewType("bytes", "", nil)
	return abi.Arguments{{Type: b}, {Type: b}}
}()

func (e *Env) reportReadFault(ctx context.Context, reporter *Identity, g gate, readID uint64, r Reveal, committee *tdec.Committee, req *tdec.Request) (*Tx, error) {
	s, err := revealedShare(r)
	if err != nil {
		return nil, errors.New("the revealed share is not a point: there is no proof statement to report")
	}
	var shares []byte
	for i := 1; i <= committee.Size(); i++ {
		x, _ := committee.PublicShare(uint8(i))
		shares = append(shares, compressed(&x)...)
	}
	st, err := s.Statement(committee, req)
	if err != nil {
		return nil, err
	}
	u, v := s.Proof().Witness(st)
	statement, err := readStatementArgs.Pack(shares, compressed(&st.H))
	if err != nil {
		return nil, err
	}
	return e.reportFault(ctx, reporter, g, readID, r, witness(u, v), statement)
}

// ReadWithAttributes runs a whole attribute read: request, wait, combine, open the record into
// dst.
func (e *Env) ReadWithAttributes(ctx context.Context, requester *Identity, ak *cpabe.AttributeKey, recordID [32]byte, dst io.Writer, opts ReadOptions) (*PendingRead, *AttributeRead, *envelope.Opened, error) {
	p, err := e.RequestRead(ctx, requester, ak, recordID, opts.Keep)
	if err != nil {
		return nil, nil, nil, err
	}
	res, opened, err := e.FinishRead(ctx, requester, ak, p, dst, opts.AwaitOptions)
	return p, res, opened, err
}

// FinishRead completes a read requested earlier (RequestRead), opening the record into dst.
func (e *Env) FinishRead(ctx context.Context, requester *Identity, ak *cpabe.AttributeKey, p *PendingRead, dst io.Writer, opts AwaitOptions) (*AttributeRead, *envelope.Opened, error) {
	res, err := e.AwaitRead(ctx, requester, ak, p, opts)
	if err != nil {
		return res, nil, err
	}
	opened, err := e.ReadRecord(ctx, p.RecordID, res.DataKey, dst)
	return res, opened, err
}
