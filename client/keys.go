package client

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/transport"
)

// Key request statuses as KeyIssuer numbers them.
const (
	KeyPending  uint8 = 1
	KeyIssued   uint8 = 2
	KeyRejected uint8 = 3
)

// AttributeID is the on-chain id of an attribute's full name (namespace/kind:value).
func AttributeID(fullName string) [32]byte { return cpabe.AttributeID(fullName) }

// KeyAAD binds a sealed CP-ABE key to its key request and requester.
func KeyAAD(requestID uint64, requester common.Address) []byte {
	b := binary.BigEndian.AppendUint64(nil, requestID)
	return append(b, requester.Bytes()...)
}

// RegisterAuthority has the admin register an attribute authority with its namespace: the
// authority defines attributes only inside it.
func (e *Env) RegisterAuthority(ctx context.Context, admin *Identity, authority common.Address, namespace string) (*Tx, error) {
	tx, _, err := e.send(ctx, admin, "register attribute authority "+namespace, e.Set.Attributes.BoundContract,
		e.Set.Attributes.ABI.PackRegisterAuthority(authority, namespace))
	return tx, err
}

// Namespace returns an authority's namespace ("" when it has none).
func (e *Env) Namespace(ctx context.Context, authority common.Address) (string, error) {
	ns, err := bind.Call(e.Set.Attributes.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Attributes.ABI.PackNamespaceOf(authority), e.Set.Attributes.ABI.UnpackNamespaceOf)
	if err != nil {
		return "", fmt.Errorf("read the namespace of %s: %w", authority, decode(err))
	}
	return ns, nil
}

// FullName is the name an attribute has on chain: the authority's namespace, "/", then the
// name it defined (kind:value).
func FullName(namespace, name string) string { return namespace + "/" + name }

// DefineAttributes defines attributes (kind:value, without namespace) in the authority's
// namespace, skipping ones it already defined, and returns their full names.
func (e *Env) DefineAttributes(ctx context.Context, authority *Identity, names ...string) ([]string, []*Tx, error) {
	ns, err := e.Namespace(ctx, authority.Address())
	if err != nil {
		return nil, nil, err
	}
	if ns == "" {
		return nil, nil, fmt.Errorf("%s has no namespace: the admin registers it first (`emrchain attributes namespace`)", authority.Address())
	}
	var (
		full []string
		txs  []*Tx
	)
	for _, n := range names {
		f := FullName(ns, n)
		full = append(full, f)
		owner, err := e.AttributeAuthority(ctx, AttributeID(f))
		if err != nil {
			return full, txs, err
		}
		if owner == authority.Address() {
			continue
		}
		tx, _, err := e.send(ctx, authority, "define attribute "+f, e.Set.Attributes.BoundContract, e.Set.Attributes.ABI.PackDefineAttribute(n))
		if err != nil {
			return full, txs, err
		}
		txs = append(txs, tx)
	}
	return full, txs, nil
}

// AssignAttributes assigns attributes (full names) to a holder.
func (e *Env) AssignAttributes(ctx context.Context, authority *Identity, holder common.Address, fullNames ...string) (*Tx, error) {
	tx, _, err := e.send(ctx, authority, "assign attributes", e.Set.Attributes.BoundContract, e.Set.Attributes.ABI.PackAssignAttributes(holder, ids(fullNames)))
	return tx, err
}

// RevokeAttributes withdraws attributes (full names) from a holder: her next attribute read is
// refused, and reads in flight stop being answered.
func (e *Env) RevokeAttributes(ctx context.Context, authority *Identity, holder common.Address, fullNames ...string) (*Tx, error) {
	tx, _, err := e.send(ctx, authority, "revoke attributes", e.Set.Attributes.BoundContract, e.Set.Attributes.ABI.PackRevokeAttributes(holder, ids(fullNames)))
	return tx, err
}

func ids(names []string) [][32]byte {
	out := make([][32]byte, len(names))
	for i, n := range names {
		out[i] = AttributeID(n)
	}
	return out
}

// AttributesOf names the attributes a holder has now.
func (e *Env) AttributesOf(ctx context.Context, holder common.Address) ([]string, error) {
	idList, err := bind.Call(e.Set.Attributes.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Attributes.ABI.PackAttributesOf(holder), e.Set.Attributes.ABI.UnpackAttributesOf)
	if err != nil {
		return nil, fmt.Errorf("read the attributes of %s: %w", holder, decode(err))
	}
	var out []string
	for _, id := range idList {
		n, err := e.AttributeName(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// RequestKey asks the key oracle for a CP-ABE key over the requester's current attributes for a
// key epoch (one that has begun); it returns the key request id.
func (e *Env) RequestKey(ctx context.Context, requester *Identity, epoch uint64) (uint64, *Tx, error) {
	tx, rcpt, err := e.send(ctx, requester, fmt.Sprintf("request a CP-ABE key for epoch %d", epoch), e.Set.Keys.BoundContract, e.Set.Keys.ABI.PackRequestKey(epoch))
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

// IssuedKey is the key oracle's answer to a key request.
type IssuedKey struct {
	RequestID uint64
	Epoch     uint64
	KeyRef    []byte
	KeyHash   [32]byte
	TxHash    common.Hash
	GasUsed   uint64
}

// KeyRequest reads a key request.
func (e *Env) KeyRequest(ctx context.Context, requestID uint64) (bindings.IKeyIssuerKeyRequest, error) {
	k, err := bind.Call(e.Set.Keys.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Keys.ABI.PackKeyRequest(requestID), e.Set.Keys.ABI.UnpackKeyRequest)
	if err != nil {
		return k, fmt.Errorf("read key request %d: %w", requestID, decode(err))
	}
	return k, nil
}

// WaitKey waits for the key oracle to answer a key request.
func (e *Env) WaitKey(ctx context.Context, requestID uint64, poll time.Duration) (*IssuedKey, error) {
	for {
		k, err := e.KeyRequest(ctx, requestID)
		if err != nil {
			return nil, err
		}
		switch k.Status {
		case KeyIssued:
			return e.issuedKey(ctx, requestID)
		case KeyRejected:
			return nil, fmt.Errorf("key request %d: %w: %s", requestID, ErrRejected, contracts.ReasonName(k.Reason))
		case 0:
			return nil, fmt.Errorf("key request %d does not exist", requestID)
		}
		if err := sleep(ctx, poll); err != nil {
			return nil, fmt.Errorf("waiting for the key oracle to answer key request %d: %w", requestID, err)
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
		return &IssuedKey{RequestID: requestID, Epoch: ev.Epoch, KeyRef: ev.KeyRef, KeyHash: ev.KeyHash, TxHash: ev.Raw.TxHash, GasUsed: gas}, nil
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
