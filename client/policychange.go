package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/tdec"
)

// PolicyReview is what the patient is shown before her client changes a record's policy: the
// policy now and the one proposed, each in words.
type PolicyReview struct {
	RecordID [32]byte
	Version  uint32
	// Previous is the record's policy now (nil for none); PreviousWords says it in words, or why
	// it cannot be read.
	Previous      *cpabe.Policy
	PreviousWords string
	// Policy is the new policy (nil: no attribute reads any more) and PolicyWords who could read
	// under it.
	Policy      *cpabe.Policy
	PolicyWords string
	// CommitteeID is the committee the new gate object is sealed to (0 without one) and Epoch the
	// key epoch its CP-ABE half is wrapped under.
	CommitteeID uint64
	Epoch       uint64
	// NetworkCapsule says the record's gate also carries the network capsule, which stays.
	NetworkCapsule bool
}

// ChangePolicyOptions tune ChangePolicy.
type ChangePolicyOptions struct {
	// CommitteeID is the committee the new gate object is sealed to; 0 means the newest active one.
	CommitteeID uint64
	// Confirm, if set, is shown the review and may refuse (ErrNotApproved) before anything is
	// stored or sent.
	Confirm func(*PolicyReview) error
}

// PolicyChanged is a record whose policy ChangePolicy replaced.
type PolicyChanged struct {
	Review   *PolicyReview
	GateRef  []byte
	GateHash [32]byte
	// UnpinError says why the old gate object is still in the store, when it is.
	UnpinError error
	Tx         *Tx
}

// ChangePolicy is the patient's client changing who may read a record by attributes
// (RecordRegistry.changePolicy): it recovers the data key from the record's capsule with her
// seed, checks that every attribute of the new policy is defined, lets her confirm the change in
// words, builds a new gate object (the CP-ABE half under the new policy and the current key epoch,
// the other half to the committee, and the network capsule again if the record has one), stores
// it, points the record at it and removes the old gate object. A nil policy removes attribute
// reads. A read already answered under the old policy stays answered; from that block every read
// is judged by the new one, and reads in flight under the old one are rejected at their next
// commit. The same policy again re-wraps the gate under the current key epoch, so keys of older
// epochs no longer open it.
func (e *Env) ChangePolicy(ctx context.Context, patient *Identity, recordID [32]byte, policy *cpabe.Policy, opts ChangePolicyOptions) (*PolicyChanged, error) {
	if patient.Seed == nil {
		return nil, ErrNoSeed
	}
	rec, err := e.Record(ctx, recordID)
	if err != nil {
		return nil, err
	}
	if rec.Patient != patient.Address() {
		return nil, fmt.Errorf("record %x is %s's, not %s's: only its patient changes its policy", recordID, rec.Patient, patient.Address())
	}
	if rec.Status != RecordActive {
		return nil, fmt.Errorf("record %x: %w", recordID, contracts.Revert("RecordTombstoned"))
	}
	rv := &PolicyReview{RecordID: recordID, Version: rec.Version, Policy: policy, PolicyWords: DescribePolicy(policy),
		NetworkCapsule: rec.Flags&contracts.FlagNetworkCapsule != 0}
	rv.PreviousWords = DescribePolicy(nil)
	if rec.PolicyHash != ([32]byte{}) {
		if p, _, _, _, err := e.RecordPolicy(ctx, recordID); err == nil {
			rv.Previous, rv.PreviousWords = p, DescribePolicy(p)
		} else {
			rv.PreviousWords = "unreadable: " + err.Error()
		}
	}
	var policyHash [32]byte
	if policy != nil {
		if e.ABIPublicKey == nil {
			return nil, errors.New("a policy needs the key authority's CP-ABE public key")
		}
		if policyHash, err = e.CheckPolicy(ctx, policy); err != nil {
			return nil, err
		}
	}
	var ckey *tdec.CommitteeKey
	if policy != nil || rv.NetworkCapsule {
		if rv.CommitteeID, err = e.committeeFor(ctx, opts.CommitteeID); err != nil {
			return nil, err
		}
		if ckey, err = e.CommitteeKey(ctx, rv.CommitteeID); err != nil {
			return nil, err
		}
	}
	if policy != nil {
		if rv.Epoch, err = e.KeyEpoch(ctx); err != nil {
			return nil, err
		}
	}
	// The data key first: a seed that cannot open the capsule fails before the patient is asked.
	dataKey, err := e.DataKeyFromCapsule(ctx, patient, recordID)
	if err != nil {
		return nil, err
	}
	defer clear(dataKey[:])
	if opts.Confirm != nil {
		if err := opts.Confirm(rv); err != nil {
			return nil, err
		}
	}
	out := &PolicyChanged{Review: rv}
	if ckey != nil {
		gate, err := tdec.NewGate(e.random(), ckey, gateRecord(rec.Patient, recordID, rec.Version), dataKey,
			tdec.GateOptions{ABE: e.ABIPublicKey, Policy: policy, Epoch: rv.Epoch, NetworkCapsule: rv.NetworkCapsule})
		if err != nil {
			return nil, fmt.Errorf("gate object: %w", err)
		}
		if policy != nil {
			if err := gate.CheckPolicy(policy); err != nil {
				return nil, fmt.Errorf("gate object: %w", err)
			}
		}
		if out.GateRef, out.GateHash, err = e.putObject(ctx, gate); err != nil {
			return nil, fmt.Errorf("gate object: %w", err)
		}
	}
	action := "change record policy"
	if policy == nil {
		action = "remove record policy"
	}
	out.Tx, _, err = e.send(ctx, patient, action, e.Set.Records.BoundContract,
		e.Set.Records.ABI.PackChangePolicy(recordID, policyHash, out.GateHash, rv.CommitteeID, out.GateRef))
	if err != nil {
		if errors.Is(err, contracts.ErrReverted) && len(out.GateRef) > 0 {
			_ = e.Discard(ctx, cidOf(out.GateRef))
		}
		return nil, err
	}
	if len(rec.GateRef) > 0 {
		out.UnpinError = e.Discard(ctx, cidOf(rec.GateRef))
	}
	return out, nil
}
