package client

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/envelope"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/transport"
)

// Operations a request can name; the bit index in a grant's operation set.
const (
	OpRead  uint8 = 0
	OpWrite uint8 = 1
)

// Info strings of the HPKE uses, from docs/protocol.md.
const (
	RekeyInfo  = "emrchain/rekey/v1"
	ABEKeyInfo = "emrchain/abe-key/v1"
)

// RekeyAAD binds a sealed re-key to the record and requester it was made for.
func RekeyAAD(recordID [32]byte, requester common.Address) []byte {
	return append(append([]byte{}, recordID[:]...), requester.Bytes()...)
}

// KeyAAD binds a sealed CP-ABE key to its key request and requester.
func KeyAAD(requestID uint64, requester common.Address) []byte {
	b := binary.BigEndian.AppendUint64(nil, requestID)
	return append(b, requester.Bytes()...)
}

// Purpose turns a purpose-of-use word ("treatment", "claim") into the on-chain code.
func Purpose(word string) [32]byte { return crypto.Keccak256Hash([]byte(word)) }

// RequestAccess asks for access to a record; it returns the request id.
func (e *Env) RequestAccess(ctx context.Context, requester *Identity, recordID [32]byte, op uint8, purpose string) (uint64, *Tx, error) {
	tx, rcpt, err := e.send(ctx, requester, "request access", e.Set.Access.BoundContract,
		e.Set.Access.ABI.PackRequestAccess(recordID, op, Purpose(purpose)))
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

// Request reads a request and its grant.
func (e *Env) Request(ctx context.Context, requestID uint64) (bindings.IAccessLedgerRequest, error) {
	return bind.Call(e.Set.Access.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Access.ABI.PackRequest(requestID), e.Set.Access.ABI.UnpackRequest)
}

// Grant is the patient's consent (seed 000's token): it makes a re-encryption key from the
// patient to the requester, seals it to the proxy, stores it, and grants the request for the
// record's current version with a validity window.
func (e *Env) Grant(ctx context.Context, patient *Identity, requestID uint64, validFor time.Duration, operations uint8) (*Tx, error) {
	q, err := e.Request(ctx, requestID)
	if err != nil {
		return nil, fmt.Errorf("read request %d: %w", requestID, err)
	}
	requesterPRE, err := e.PREKeyOf(ctx, q.Requester)
	if err != nil {
		return nil, err
	}
	proxyKey, err := e.TransportKeyOf(ctx, e.Proxy)
	if err != nil {
		return nil, fmt.Errorf("proxy: %w", err)
	}
	rk, err := pre.ReKeyGen(e.Rand, patient.PRE, requesterPRE)
	if err != nil {
		return nil, fmt.Errorf("re-encryption key: %w", err)
	}
	rkBytes, err := rk.MarshalBinary()
	if err != nil {
		return nil, err
	}
	blob, err := transport.Seal(proxyKey, []byte(RekeyInfo), rkBytes, RekeyAAD(q.RecordId, q.Requester))
	if err != nil {
		return nil, fmt.Errorf("seal re-key to the proxy: %w", err)
	}
	ref, _, err := e.putBytes(ctx, blob)
	if err != nil {
		return nil, fmt.Errorf("re-key: %w", err)
	}
	head, err := e.Backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("read head: %w", err)
	}
	notAfter := head.Time + uint64(validFor/time.Second)
	tx, _, err := e.send(ctx, patient, "grant access", e.Set.Access.BoundContract,
		e.Set.Access.ABI.PackGrantAccess(requestID, 0, notAfter, operations, sha256Sum(rkBytes), ref))
	return tx, err
}

// Revoke revokes a request or grant as the patient or the requester.
func (e *Env) Revoke(ctx context.Context, actor *Identity, requestID uint64) (*Tx, error) {
	tx, _, err := e.send(ctx, actor, "revoke access", e.Set.Access.BoundContract, e.Set.Access.ABI.PackRevokeAccess(requestID))
	return tx, err
}

// GetAccess uses a grant (seed 000's get-access); the chain checks it and the oracle answers.
func (e *Env) GetAccess(ctx context.Context, requester *Identity, requestID uint64) (uint64, *Tx, error) {
	tx, rcpt, err := e.send(ctx, requester, "get access", e.Set.Access.BoundContract, e.Set.Access.ABI.PackGetAccess(requestID))
	if err != nil {
		return 0, nil, err
	}
	for _, l := range rcpt.Logs {
		if ev, err := e.Set.Access.ABI.UnpackAccessInvokedEvent(l); err == nil {
			return ev.AccessId, tx, nil
		}
	}
	return 0, tx, fmt.Errorf("get access: no AccessInvoked event in %s", tx.Hash)
}

// Fulfilment is the oracle's receipt for one get-access.
type Fulfilment struct {
	AccessID   uint64
	Oracle     common.Address
	ResultRef  []byte
	ResultHash [32]byte
	TxHash     common.Hash
	GasUsed    uint64
}

// WaitAccess waits until the oracle answers accessID and returns its receipt, or an error
// wrapping ErrRejected with the reason.
func (e *Env) WaitAccess(ctx context.Context, accessID uint64, poll time.Duration) (*Fulfilment, error) {
	for {
		a, err := bind.Call(e.Set.Access.BoundContract, &bind.CallOpts{Context: ctx},
			e.Set.Access.ABI.PackAccess(accessID), e.Set.Access.ABI.UnpackAccess)
		if err != nil {
			return nil, fmt.Errorf("read access %d: %w", accessID, err)
		}
		switch a.Status {
		case 2:
			return e.fulfilment(ctx, accessID)
		case 3:
			return nil, fmt.Errorf("access %d: %w: %s", accessID, ErrRejected, contracts.ReasonName(a.Reason))
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the oracle to answer access %d: %w", accessID, ctx.Err())
		case <-time.After(poll):
		}
	}
}

func (e *Env) fulfilment(ctx context.Context, accessID uint64) (*Fulfilment, error) {
	it, err := bind.FilterEvents(e.Set.Access.BoundContract, &bind.FilterOpts{Context: ctx},
		e.Set.Access.ABI.UnpackAccessFulfilledEvent, []any{accessID})
	if err != nil {
		return nil, fmt.Errorf("find receipt of access %d: %w", accessID, err)
	}
	defer it.Close()
	for it.Next() {
		ev := it.Value()
		rcpt, err := e.Backend.TransactionReceipt(ctx, ev.Raw.TxHash)
		var gas uint64
		if err == nil {
			gas = rcpt.GasUsed
		}
		return &Fulfilment{AccessID: accessID, Oracle: ev.Oracle, ResultRef: ev.ResultRef, ResultHash: ev.ResultHash, TxHash: ev.Raw.TxHash, GasUsed: gas}, nil
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("access %d is fulfilled but its receipt event was not found", accessID)
}

// DataKeyFromFulfilment fetches the re-encrypted capsule the oracle stored, checks its hash
// against the receipt and decrypts it with the requester's PRE key.
func (e *Env) DataKeyFromFulfilment(ctx context.Context, requester *Identity, f *Fulfilment) ([32]byte, error) {
	b, err := e.getBytes(ctx, f.ResultRef, f.ResultHash, maxArtifact)
	if err != nil {
		return [32]byte{}, fmt.Errorf("re-encrypted capsule: %w", err)
	}
	var rct pre.ReCiphertext
	if err := rct.UnmarshalBinary(b); err != nil {
		return [32]byte{}, fmt.Errorf("re-encrypted capsule: %w", err)
	}
	k, err := requester.PRE.DecryptReEncrypted(&rct)
	if err != nil {
		return [32]byte{}, fmt.Errorf("decrypt re-encrypted capsule: %w", err)
	}
	return k, nil
}

// ReadGranted runs the requester's whole read: get-access, wait for the oracle, unwrap the key and
// open the record into dst.
func (e *Env) ReadGranted(ctx context.Context, requester *Identity, requestID uint64, dst io.Writer) (*Fulfilment, *envelope.Opened, []*Tx, error) {
	accessID, tx, err := e.GetAccess(ctx, requester, requestID)
	if err != nil {
		return nil, nil, nil, err
	}
	txs := []*Tx{tx}
	f, err := e.WaitAccess(ctx, accessID, 50*time.Millisecond)
	if err != nil {
		return nil, nil, txs, err
	}
	k, err := e.DataKeyFromFulfilment(ctx, requester, f)
	if err != nil {
		return f, nil, txs, err
	}
	q, err := e.Request(ctx, requestID)
	if err != nil {
		return f, nil, txs, err
	}
	opened, err := e.ReadRecord(ctx, q.RecordId, k, dst)
	return f, opened, txs, err
}
