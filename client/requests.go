package client

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
)

// RequestSummary is one access request as a patient or a requester reviews it: what was asked,
// by whom, for what purpose, where it stands now, and its grant when there is one.
type RequestSummary struct {
	Requested
	// PurposeCode is the on-chain code; Purpose (in Requested) names it when it is a known one.
	PurposeCode [32]byte
	// State is the request as the ledger holds it now (status, uses left, the requester's role
	// at request time).
	State bindings.IAccessLedgerRequest
	// Grant is the request's grant, nil while it has none.
	Grant *GrantRecord
}

// RequestFilter narrows Requests to one side of the ledger; set exactly one of Patient and
// Requester.
type RequestFilter struct {
	Patient   common.Address
	Requester common.Address
}

// Requests lists the access requests made to a patient (the patient's view) or by a requester
// (the requester's view), oldest first, each with its current state and grant. The events give
// the history; the ledger's state says what holds now.
func (e *Env) Requests(ctx context.Context, f RequestFilter) ([]RequestSummary, error) {
	var query [][]any
	switch {
	case f.Patient != (common.Address{}) && f.Requester == (common.Address{}):
		query = [][]any{nil, {f.Patient}}
	case f.Requester != (common.Address{}) && f.Patient == (common.Address{}):
		query = [][]any{nil, nil, {f.Requester}}
	default:
		return nil, fmt.Errorf("list requests: name a patient or a requester")
	}
	it, err := bind.FilterEvents(e.Set.Access.BoundContract, &bind.FilterOpts{Context: ctx},
		e.Set.Access.ABI.UnpackAccessRequestedEvent, query...)
	if err != nil {
		return nil, fmt.Errorf("find access requests: %w", err)
	}
	var out []RequestSummary
	for it.Next() {
		ev := it.Value()
		out = append(out, RequestSummary{
			Requested: Requested{RequestID: ev.RequestId, Patient: ev.Patient, Requester: ev.Requester, RecordID: ev.RecordId,
				Operation: ev.Operation, Purpose: contracts.PurposeWord(ev.Purpose), Block: ev.Raw.BlockNumber},
			PurposeCode: ev.Purpose,
		})
	}
	err = it.Error()
	it.Close()
	if err != nil {
		return nil, fmt.Errorf("find access requests: %w", err)
	}
	grants, err := e.grantsBy(ctx, query)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].State, err = e.Request(ctx, out[i].RequestID); err != nil {
			return nil, err
		}
		out[i].Grant = grants[out[i].RequestID]
	}
	return out, nil
}

// grantsBy finds the grants matching an AccessGranted topic query (the same indexed fields as
// AccessRequested), by request id.
func (e *Env) grantsBy(ctx context.Context, query [][]any) (map[uint64]*GrantRecord, error) {
	it, err := bind.FilterEvents(e.Set.Access.BoundContract, &bind.FilterOpts{Context: ctx},
		e.Set.Access.ABI.UnpackAccessGrantedEvent, query...)
	if err != nil {
		return nil, fmt.Errorf("find grants: %w", err)
	}
	defer it.Close()
	out := map[uint64]*GrantRecord{}
	for it.Next() {
		ev := it.Value()
		out[ev.RequestId] = &GrantRecord{RequestID: ev.RequestId, Patient: ev.Patient, Requester: ev.Requester, RecordID: ev.RecordId,
			Version: ev.Version, Generation: ev.Generation, MaxUses: ev.MaxUses, Terms: ev.Grant,
			BundleHash: ev.BundleHash, BundleRef: ev.BundleRef, Commitments: ev.Commitments, Block: ev.Raw.BlockNumber, LogIndex: ev.Raw.Index}
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("find grants: %w", err)
	}
	return out, nil
}
