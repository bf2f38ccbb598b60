package client

import (
	"context"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/transport"
)

// AttributeID is the on-chain id of an attribute name.
func AttributeID(name string) [32]byte { return crypto.Keccak256Hash([]byte(name)) }

// DefineAttributes defines attributes owned by authority, skipping ones it already defined.
func (e *Env) DefineAttributes(ctx context.Context, authority *Identity, names ...string) ([]*Tx, error) {
	var txs []*Tx
	for _, n := range names {
		owner, err := bind.Call(e.Set.Attributes.BoundContract, &bind.CallOpts{Context: ctx},
			e.Set.Attributes.ABI.PackAuthorityOf(AttributeID(n)), e.Set.Attributes.ABI.UnpackAuthorityOf)
		if err != nil {
			return txs, fmt.Errorf("read attribute %s: %w", n, err)
		}
		if owner == authority.Address() {
			continue
		}
		tx, _, err := e.send(ctx, authority, "define attribute "+n, e.Set.Attributes.BoundContract, e.Set.Attributes.ABI.PackDefineAttribute(n))
		if err != nil {
			return txs, err
		}
		txs = append(txs, tx)
	}
	return txs, nil
}

// AssignAttributes assigns attributes to a holder.
func (e *Env) AssignAttributes(ctx context.Context, authority *Identity, holder common.Address, names ...string) (*Tx, error) {
	ids := make([][32]byte, len(names))
	for i, n := range names {
		ids[i] = AttributeID(n)
	}
	tx, _, err := e.send(ctx, authority, "assign attributes", e.Set.Attributes.BoundContract, e.Set.Attributes.ABI.PackAssignAttributes(holder, ids))
	return tx, err
}

// RequestKey asks the oracle for a CP-ABE key over the requester's attributes; patient names whose
// records it is for (zero for none) so the request appears on that patient's audit trail.
func (e *Env) RequestKey(ctx context.Context, requester *Identity, patient common.Address) (uint64, *Tx, error) {
	tx, rcpt, err := e.send(ctx, requester, "request CP-ABE key", e.Set.Keys.BoundContract, e.Set.Keys.ABI.PackRequestKey(patient))
	if err != nil {
		return 0, nil, err
	}
	for _, l := range rcpt.Logs {
		if ev, err := e.Set.Keys.ABI.UnpackKeyRequestedEvent(l); err == nil {
			return ev.RequestId, tx, nil
		}
	}
	return 0, tx, fmt.Errorf("request key: no KeyRequested event in %s", tx.Hash)
}

// IssuedKey is the oracle's answer to a key request.
type IssuedKey struct {
	RequestID uint64
	KeyRef    []byte
	KeyHash   [32]byte
	TxHash    common.Hash
	GasUsed   uint64
}

// WaitKey waits for the oracle to answer a key request.
func (e *Env) WaitKey(ctx context.Context, requestID uint64, poll time.Duration) (*IssuedKey, error) {
	for {
		k, err := bind.Call(e.Set.Keys.BoundContract, &bind.CallOpts{Context: ctx},
			e.Set.Keys.ABI.PackKeyRequest(requestID), e.Set.Keys.ABI.UnpackKeyRequest)
		if err != nil {
			return nil, fmt.Errorf("read key request %d: %w", requestID, err)
		}
		switch k.Status {
		case 2:
			return e.issuedKey(ctx, requestID)
		case 3:
			return nil, fmt.Errorf("key request %d: %w: %s", requestID, ErrRejected, contracts.ReasonName(k.Reason))
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the oracle to answer key request %d: %w", requestID, ctx.Err())
		case <-time.After(poll):
		}
	}
}

func (e *Env) issuedKey(ctx context.Context, requestID uint64) (*IssuedKey, error) {
	it, err := bind.FilterEvents(e.Set.Keys.BoundContract, &bind.FilterOpts{Context: ctx},
		e.Set.Keys.ABI.UnpackKeyIssuedEvent, []any{requestID})
	if err != nil {
		return nil, fmt.Errorf("find key of request %d: %w", requestID, err)
	}
	defer it.Close()
	for it.Next() {
		ev := it.Value()
		var gas uint64
		if rcpt, err := e.Backend.TransactionReceipt(ctx, ev.Raw.TxHash); err == nil {
			gas = rcpt.GasUsed
		}
		return &IssuedKey{RequestID: requestID, KeyRef: ev.KeyRef, KeyHash: ev.KeyHash, TxHash: ev.Raw.TxHash, GasUsed: gas}, nil
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("key request %d is issued but its event was not found", requestID)
}

// OpenIssuedKey fetches an issued key, checks its hash and opens it with the requester's
// transport key.
func (e *Env) OpenIssuedKey(ctx context.Context, requester *Identity, k *IssuedKey) (*cpabe.AttributeKey, error) {
	blob, err := e.getBytes(ctx, k.KeyRef, k.KeyHash, maxArtifact)
	if err != nil {
		return nil, fmt.Errorf("issued key: %w", err)
	}
	raw, err := transport.Open(requester.Transport, []byte(ABEKeyInfo), blob, KeyAAD(k.RequestID, requester.Address()))
	if err != nil {
		return nil, fmt.Errorf("open issued key: %w", err)
	}
	var ak cpabe.AttributeKey
	if err := ak.UnmarshalBinary(raw); err != nil {
		return nil, fmt.Errorf("issued key: %w", err)
	}
	return &ak, nil
}
