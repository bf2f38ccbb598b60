package client

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/envelope"
	"github.com/emrchain/emrchain/crypto/tdec"
)

// CareRule is the rule a care read is made under (CareReads.Rule): what entitles the reader to
// the record's network capsule without a grant of her own.
type CareRule uint8

// The care rules, numbered as CareReads numbers them.
const (
	RuleEmergency CareRule = 1 // a break-glass session the reader opened (EmergencyAccess)
	RuleGuardian  CareRule = 2 // a guardian grant the patient's guardians made (Guardians)
	RuleConsent   CareRule = 3 // a standing consent the patient gave (Consents)
)

func (r CareRule) String() string {
	switch r {
	case RuleEmergency:
		return "emergency"
	case RuleGuardian:
		return "guardian"
	case RuleConsent:
		return "consent"
	}
	return fmt.Sprintf("rule %d", uint8(r))
}

// ErrNoNetworkCapsule means a record version carries no network capsule: its patient co-signed
// it with break-glass off and without guardians or consents in mind, so no care read can open it.
var ErrNoNetworkCapsule = errors.New("the record carries no network capsule")

// ActionCareRead is the action of a care read's request transaction.
const ActionCareRead = "request a care read"

func (e *Env) careGate() gate { return e.gate("CareReads", e.Set.Addresses.Care) }

// networkCapsule fetches a record version's gate object and returns its network capsule.
func (e *Env) networkCapsule(ctx context.Context, recordID [32]byte) (*tdec.Ciphertext, error) {
	rec, err := e.Record(ctx, recordID)
	if err != nil {
		return nil, err
	}
	if rec.Status != RecordActive {
		return nil, fmt.Errorf("record %x is not active", recordID)
	}
	if rec.Flags&contracts.FlagNetworkCapsule == 0 || len(rec.GateRef) == 0 {
		return nil, fmt.Errorf("record %x: %w (its patient co-signed it with break-glass off)", recordID, ErrNoNetworkCapsule)
	}
	b, err := e.getBytes(ctx, rec.GateRef, rec.GateHash, maxArtifact)
	if err != nil {
		return nil, fmt.Errorf("record %x: gate object: %w", recordID, err)
	}
	var g tdec.Gate
	if err := g.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("record %x: gate object: %w", recordID, err)
	}
	if g.Capsule() == nil {
		return nil, fmt.Errorf("record %x: %w in its gate object, though its flags say so", recordID, ErrNoNetworkCapsule)
	}
	return g.Capsule(), nil
}

// RequestCareRead starts a care read (docs/care.md): it blinds the record's network capsule,
// bound to CareReads' blinding context for this reader and record, and sends
// CareReads.requestRead under rule's entry ruleID (a session, guardian grant or consent). The
// rule's contract checks its terms now and reverts with its own error (SessionExpired,
// NotEmergencyStaff, EmergencyAccessRefused, CategoryMismatch, …); the read is on the patient's
// timeline. keep, if set, is handed the blinding before the request is sent.
func (e *Env) RequestCareRead(ctx context.Context, requester *Identity, rule CareRule, ruleID uint64, recordID [32]byte, keep func([32]byte, []byte, []byte) error) (*PendingRead, error) {
	ct, err := e.networkCapsule(ctx, recordID)
	if err != nil {
		return nil, err
	}
	c := e.Set.Care
	bctx, err := bind.Call(c.BoundContract, &bind.CallOpts{Context: ctx}, c.ABI.PackBlindingContext(requester.Address(), recordID), c.ABI.UnpackBlindingContext)
	if err != nil {
		return nil, fmt.Errorf("read CareReads' blinding context: %w", decode(err))
	}
	blBytes, reqBytes, err := e.blind(ct, bctx, recordID, keep)
	if err != nil {
		return nil, err
	}
	bKey, blinded, proof := splitRequest(reqBytes)
	tx, rcpt, err := e.send(ctx, requester, ActionCareRead, c.BoundContract,
		c.ABI.PackRequestRead(uint8(rule), ruleID, recordID, blinded, proof, bKey))
	if err != nil {
		return nil, err
	}
	for _, l := range rcpt.Logs {
		if ev, err := c.ABI.UnpackCapsuleReadRequestedEvent(l); err == nil {
			return &PendingRead{ReadID: ev.ReadId, RecordID: recordID, Blinding: blBytes, Request: reqBytes, Tx: tx}, nil
		}
	}
	return nil, fmt.Errorf("request a care read: no CapsuleReadRequested event in %s", tx.Hash)
}

// CareRead is a completed care read.
type CareRead struct {
	ReadID     uint64
	Rule       CareRule
	RuleID     uint64
	Version    uint32
	CommitMask uint16
	Used       []Reveal
	Faults     []Fault
	DataKey    [32]byte
}

// AwaitCareRead waits for the committee's decryption shares of a care read, verifies each
// member's share against its public share, reports wrong ones, combines t valid ones and
// unblinds the network capsule: the record version's data key K.
func (e *Env) AwaitCareRead(ctx context.Context, requester *Identity, p *PendingRead, opts AwaitOptions) (*CareRead, error) {
	c := e.Set.Care
	r, err := bind.Call(c.BoundContract, &bind.CallOpts{Context: ctx}, c.ABI.PackRead(p.ReadID), c.ABI.UnpackRead)
	if err != nil {
		return nil, fmt.Errorf("care read %d: %w", p.ReadID, decode(err))
	}
	switch {
	case r.Requester == (common.Address{}):
		return nil, fmt.Errorf("no care read %d on chain", p.ReadID)
	case r.Requester != requester.Address():
		return nil, fmt.Errorf("care read %d is %s's, not %s's", p.ReadID, r.Requester, requester.Address())
	case r.RecordId != p.RecordID:
		return nil, fmt.Errorf("care read %d is of record %x, not %x", p.ReadID, r.RecordId, p.RecordID)
	}
	var bl tdec.Blinding
	if err := bl.UnmarshalBinary(p.Blinding); err != nil {
		return nil, fmt.Errorf("care read %d's blinding: %w", p.ReadID, err)
	}
	var req tdec.Request
	if err := req.UnmarshalBinary(p.Request); err != nil {
		return nil, fmt.Errorf("care read %d's request: %w", p.ReadID, err)
	}
	patient, err := e.patientOf(ctx, r.RecordId)
	if err != nil {
		return nil, err
	}
	gt := e.careGate()
	st, err := e.waitFulfilled(ctx, gt, p.ReadID, opts.poll(), opts.Progress)
	if err != nil {
		return nil, err
	}
	out := &CareRead{ReadID: p.ReadID, Rule: CareRule(r.Rule), RuleID: r.RuleId, Version: r.Version, CommitMask: st.CommitMask}
	out.DataKey, out.Used, out.Faults, err = e.combineShares(ctx, requester, gt, p.ReadID, r.CommitteeId, &bl, &req,
		tdec.CapsuleAAD(gateRecord(patient, r.RecordId, r.Version)), opts)
	return out, err
}

// patientOf is a record's patient.
func (e *Env) patientOf(ctx context.Context, recordID [32]byte) ([20]byte, error) {
	out, err := bind.Call(e.Set.Records.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Records.ABI.PackRecordState(recordID), e.Set.Records.ABI.UnpackRecordState)
	if err != nil {
		return [20]byte{}, fmt.Errorf("read record %x: %w", recordID, decode(err))
	}
	return out.Patient, nil
}

// FinishCareRead completes a care read requested earlier, opening the record into dst.
func (e *Env) FinishCareRead(ctx context.Context, requester *Identity, p *PendingRead, dst io.Writer, opts AwaitOptions) (*CareRead, *envelope.Opened, error) {
	res, err := e.AwaitCareRead(ctx, requester, p, opts)
	if err != nil {
		return res, nil, err
	}
	rec, err := e.Record(ctx, p.RecordID)
	if err != nil {
		return res, nil, err
	}
	if rec.Version != res.Version {
		return res, nil, fmt.Errorf("record %x moved to version %d after care read %d of version %d: read it again", p.RecordID, rec.Version, p.ReadID, res.Version)
	}
	opened, err := e.ReadRecord(ctx, p.RecordID, res.DataKey, dst)
	return res, opened, err
}

// ReadWithCare runs a whole care read: request, wait, combine, open the record into dst.
func (e *Env) ReadWithCare(ctx context.Context, requester *Identity, rule CareRule, ruleID uint64, recordID [32]byte, dst io.Writer, opts ReadOptions) (*PendingRead, *CareRead, *envelope.Opened, error) {
	p, err := e.RequestCareRead(ctx, requester, rule, ruleID, recordID, opts.Keep)
	if err != nil {
		return nil, nil, nil, err
	}
	res, opened, err := e.FinishCareRead(ctx, requester, p, dst, opts.AwaitOptions)
	return p, res, opened, err
}

// CareReadInfo is a care read as the chain recorded it.
type CareReadInfo struct {
	ReadID    uint64
	Requester [20]byte
	Rule      CareRule
	RuleID    uint64
	RecordID  [32]byte
	Version   uint32
	Committee uint64
}

// CareReadOf reads a care read's terms; an error when there is none.
func (e *Env) CareReadOf(ctx context.Context, readID uint64) (*CareReadInfo, error) {
	c := e.Set.Care
	r, err := bind.Call(c.BoundContract, &bind.CallOpts{Context: ctx}, c.ABI.PackRead(readID), c.ABI.UnpackRead)
	if err != nil {
		return nil, fmt.Errorf("care read %d: %w", readID, decode(err))
	}
	if r.Requester == (common.Address{}) {
		return nil, fmt.Errorf("no care read %d on chain", readID)
	}
	return &CareReadInfo{ReadID: readID, Requester: r.Requester, Rule: CareRule(r.Rule), RuleID: r.RuleId, RecordID: r.RecordId, Version: r.Version, Committee: r.CommitteeId}, nil
}
