package client

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/crypto/envelope"
)

// accessPoll is how often waits for the oracle re-read the chain.
const accessPoll = 50 * time.Millisecond

// Access reads one get-access call: its request, status and, once answered, the rejection reason.
func (e *Env) Access(ctx context.Context, accessID uint64) (bindings.IAccessLedgerAccess, error) {
	a, err := bind.Call(e.Set.Access.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Access.ABI.PackAccess(accessID), e.Set.Access.ABI.UnpackAccess)
	if err != nil {
		return a, fmt.Errorf("read access %d: %w", accessID, decode(err))
	}
	return a, nil
}

// ReadFulfilled reads the record behind an access the oracle has already answered, for a
// requester who ran get-access earlier (or whose wait was interrupted): the receipt's
// re-encrypted capsule gives the data key, which opens the record into dst. An access still
// pending is waited for until ctx ends.
func (e *Env) ReadFulfilled(ctx context.Context, requester *Identity, accessID uint64, dst io.Writer) (*Fulfilment, *envelope.Opened, error) {
	a, err := e.Access(ctx, accessID)
	if err != nil {
		return nil, nil, err
	}
	if a.Status == 0 {
		return nil, nil, fmt.Errorf("access %d does not exist", accessID)
	}
	q, err := e.Request(ctx, a.RequestId)
	if err != nil {
		return nil, nil, fmt.Errorf("read request %d: %w", a.RequestId, decode(err))
	}
	if q.Requester != requester.Address() {
		return nil, nil, fmt.Errorf("access %d belongs to requester %s, not %s", accessID, q.Requester, requester.Address())
	}
	f, err := e.WaitAccess(ctx, accessID, accessPoll)
	if err != nil {
		return nil, nil, err
	}
	k, err := e.DataKeyFromFulfilment(ctx, requester, f)
	if err != nil {
		return f, nil, err
	}
	opened, err := e.ReadRecord(ctx, q.RecordId, k, dst)
	return f, opened, err
}
