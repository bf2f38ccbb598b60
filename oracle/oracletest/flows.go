package oracletest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ipfs/go-cid"
	mh "github.com/multiformats/go-multihash"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/transport"
	"github.com/emrchain/emrchain/oracle/keys"
	"github.com/emrchain/emrchain/oracle/proxy"
)

// Capsule says how CreateRecord makes the record's wrapped key.
type Capsule int

// Capsules.
const (
	GoodCapsule         Capsule = iota
	GarbageCapsule              // bytes that do not parse as a PRE ciphertext
	TamperedCapsule             // a valid encoding that fails the validity check
	ForeignCapsule              // a valid capsule for another key than the patient's
	MissingCapsule              // a well-formed CID of an object never stored
	MalformedCapsuleRef         // wrappedKeyRef bytes that are not a CID
)

// Record is a record created in the world.
type Record struct {
	ID      [32]byte
	Patient *Party
	DataKey [32]byte
	Capsule []byte // the bytes stored at wrappedKeyRef
}

// CreateRecord registers a record of patient by provider whose PRE capsule wraps a fresh data key
// for the patient (docs/protocol.md "A record", steps 1 and 5; the sealed record itself is not
// needed by the oracle and is stood in for by random bytes).
func (w *World) CreateRecord(ctx context.Context, patient, provider *Party, kind Capsule) (*Record, error) {
	r := &Record{Patient: patient}
	if _, err := rand.Read(r.DataKey[:]); err != nil {
		return nil, err
	}
	ref, err := w.capsuleRef(ctx, r, kind)
	if err != nil {
		return nil, err
	}
	content := sha256.Sum256(append([]byte("sealed record "), r.DataKey[:]...))
	loc := make([]byte, 64)
	if _, err := rand.Read(loc); err != nil {
		return nil, err
	}
	r.ID = contracts.RecordID(patient.Address, provider.Address, content)
	input := bindings.IRecordRegistryRecordInput{ContentHash: content, EncryptedLocation: loc, WrappedKeyRef: ref}
	digest := contracts.VersionDigest(w.ChainID, w.Set.Addresses.Records, r.ID, patient.Address, 1, input)
	ps, err := crypto.Sign(digest[:], provider.Key)
	if err != nil {
		return nil, err
	}
	pa, err := crypto.Sign(digest[:], patient.Key)
	if err != nil {
		return nil, err
	}
	if err := w.Call(ctx, provider, w.Set.Records.BoundContract, w.Set.Records.ABI.PackCreateRecord(patient.Address, provider.Address, input, ps, pa)); err != nil {
		return nil, fmt.Errorf("create record: %w", err)
	}
	return r, nil
}

func (w *World) capsuleRef(ctx context.Context, r *Record, kind Capsule) ([]byte, error) {
	switch kind {
	case MissingCapsule:
		return missingRef(), nil
	case MalformedCapsuleRef:
		return []byte("not a CID"), nil
	}
	owner := r.Patient.PRE.Public()
	if kind == ForeignCapsule {
		owner = NewParty("stranger").PRE.Public()
	}
	ct, err := pre.Encrypt(nil, owner, r.DataKey)
	if err != nil {
		return nil, err
	}
	b, err := ct.MarshalBinary()
	if err != nil {
		return nil, err
	}
	switch kind {
	case GarbageCapsule:
		b = []byte("definitely not a capsule")
	case TamperedCapsule:
		// The last bytes are the scalar s; changing it keeps the encoding valid but breaks
		// B^s = D·E^H3(D,E,F).
		b[len(b)-1] ^= 1
		var check pre.Ciphertext
		if check.UnmarshalBinary(b) != nil {
			b[len(b)-1] ^= 3
		}
	}
	r.Capsule = b
	return w.put(ctx, b)
}

// missingRef is a well-formed CIDv1 of content that is never stored.
func missingRef() []byte {
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	sum, err := mh.Sum(append([]byte("never stored "), nonce...), mh.SHA2_256, -1)
	if err != nil {
		panic(err)
	}
	return cid.NewCidV1(cid.Raw, sum).Bytes()
}

// RequestAccess asks for read access to a record and returns the request id.
func (w *World) RequestAccess(ctx context.Context, requester *Party, recordID [32]byte) (uint64, error) {
	rcpt, err := w.call(ctx, requester, w.Set.Access.BoundContract, w.Set.Access.ABI.PackRequestAccess(recordID, 0, crypto.Keccak256Hash([]byte("treatment"))))
	if err != nil {
		return 0, fmt.Errorf("request access: %w", err)
	}
	for _, l := range rcpt.Logs {
		if ev, err := w.Set.Access.ABI.UnpackAccessRequestedEvent(l); err == nil {
			return ev.RequestId, nil
		}
	}
	return 0, errors.New("request access: no AccessRequested event")
}

// Rekey says how Grant makes the re-encryption key blob.
type Rekey int

// Re-key blobs.
const (
	GoodRekey         Rekey = iota
	MismatchedRekey         // a valid re-key, but the grant commits to another one's hash
	WrongProxyRekey         // sealed to a transport key other than the oracle's
	GarbageRekeyBlob        // random bytes instead of a sealed blob
	UnparsableRekey         // a sealed blob whose content (committed to) is not a re-key
	WrongAADRekey           // sealed for another record
	MissingRekey            // a well-formed CID of an object never stored
	MalformedRekeyRef       // rekeyRef bytes that are not a CID
)

// GrantTx builds the grant of request for rec to requester with the re-key made as kind:
// rk = ReKeyGen(patient, requester), rekeyHash = SHA-256(rk), blob sealed to the oracle's
// transport key with aad recordId ‖ requester (docs/protocol.md "Access through the proxy").
func (w *World) GrantTx(ctx context.Context, rec *Record, requester *Party, requestID uint64, kind Rekey) ([]byte, error) {
	rk, err := pre.ReKeyGen(nil, rec.Patient.PRE, requester.PRE.Public())
	if err != nil {
		return nil, err
	}
	rkBytes, err := rk.MarshalBinary()
	if err != nil {
		return nil, err
	}
	committed := rkBytes
	sealed := rkBytes
	proxyKey := w.OracleKeys.Transport.Public()
	aad := append(append([]byte{}, rec.ID[:]...), requester.Address[:]...)
	switch kind {
	case MismatchedRekey:
		other, err := pre.ReKeyGen(nil, rec.Patient.PRE, NewParty("stranger").PRE.Public())
		if err != nil {
			return nil, err
		}
		if committed, err = other.MarshalBinary(); err != nil {
			return nil, err
		}
	case WrongProxyRekey:
		proxyKey = NewParty("stranger").Transport.Public()
	case UnparsableRekey:
		sealed = []byte("a re-key that is not one")
		committed = sealed
	case WrongAADRekey:
		aad[0] ^= 1
	}
	var ref []byte
	switch kind {
	case MissingRekey:
		ref = missingRef()
	case MalformedRekeyRef:
		ref = []byte{0x01, 0x55, 0xff}
	case GarbageRekeyBlob:
		junk := make([]byte, len(rkBytes)+transport.Overhead)
		if _, err := io.ReadFull(rand.Reader, junk); err != nil {
			return nil, err
		}
		if ref, err = w.put(ctx, junk); err != nil {
			return nil, err
		}
	default:
		blob, err := transport.Seal(proxyKey, []byte(proxy.RekeyInfo), sealed, aad)
		if err != nil {
			return nil, err
		}
		if ref, err = w.put(ctx, blob); err != nil {
			return nil, err
		}
	}
	head, err := w.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	return w.Set.Access.ABI.PackGrantAccess(requestID, 0, head.Time+24*3600, 1, sha256.Sum256(committed), ref), nil
}

// Grant grants a request as the record's patient.
func (w *World) Grant(ctx context.Context, rec *Record, requester *Party, requestID uint64, kind Rekey) error {
	data, err := w.GrantTx(ctx, rec, requester, requestID, kind)
	if err != nil {
		return err
	}
	if err := w.Call(ctx, rec.Patient, w.Set.Access.BoundContract, data); err != nil {
		return fmt.Errorf("grant: %w", err)
	}
	return nil
}

// GetAccess uses a grant and returns the access id the oracle answers under.
func (w *World) GetAccess(ctx context.Context, requester *Party, requestID uint64) (uint64, error) {
	rcpt, err := w.call(ctx, requester, w.Set.Access.BoundContract, w.Set.Access.ABI.PackGetAccess(requestID))
	if err != nil {
		return 0, fmt.Errorf("get access: %w", err)
	}
	return w.AccessIDOf(rcpt)
}

// AccessIDOf finds the access id in a get-access receipt.
func (w *World) AccessIDOf(rcpt *types.Receipt) (uint64, error) {
	for _, l := range rcpt.Logs {
		if ev, err := w.Set.Access.ABI.UnpackAccessInvokedEvent(l); err == nil {
			return ev.AccessId, nil
		}
	}
	return 0, errors.New("get access: no AccessInvoked event")
}

// Access reads a get-access call's state.
func (w *World) Access(ctx context.Context, accessID uint64) (bindings.IAccessLedgerAccess, error) {
	a := w.Set.Access
	return bindCall(ctx, a.BoundContract, a.ABI.PackAccess(accessID), a.ABI.UnpackAccess)
}

// KeyRequest reads a key request's state.
func (w *World) KeyRequest(ctx context.Context, requestID uint64) (bindings.IKeyIssuerKeyRequest, error) {
	k := w.Set.Keys
	return bindCall(ctx, k.BoundContract, k.ABI.PackKeyRequest(requestID), k.ABI.UnpackKeyRequest)
}

// Answers counts every answer event on chain.
type Answers struct {
	Fulfilled map[uint64]int     // access id → AccessFulfilled events
	Rejected  map[uint64][]uint8 // access id → reasons of AccessRejected events
	Issued    map[uint64]int     // key request id → KeyIssued events
	KeyReject map[uint64][]uint8
	// Txs counts the answers each transaction carried.
	Txs       map[common.Hash]int
	fulfilled map[uint64]*bindings.AccessLedgerAccessFulfilled
	issued    map[uint64]*bindings.KeyIssuerKeyIssued
}

// Answers reads every answer event of the canonical chain.
func (w *World) Answers(ctx context.Context) (*Answers, error) {
	return w.AnswersFrom(ctx, w.Manifest.DeploymentBlock)
}

// AnswersFrom reads the answer events of the canonical chain from block from on.
//
// Waiting for an answer by its event, rather than by reading the access's status, is what a
// benchmark on anvil must do: anvil serves calls from the state of a block whose logs a query
// may not return yet.
func (w *World) AnswersFrom(ctx context.Context, from uint64) (*Answers, error) {
	a := &Answers{Fulfilled: map[uint64]int{}, Rejected: map[uint64][]uint8{}, Issued: map[uint64]int{}, KeyReject: map[uint64][]uint8{}, Txs: map[common.Hash]int{},
		fulfilled: map[uint64]*bindings.AccessLedgerAccessFulfilled{}, issued: map[uint64]*bindings.KeyIssuerKeyIssued{}}
	logs, err := w.Client.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from),
		Addresses: []common.Address{w.Set.Addresses.Access, w.Set.Addresses.Keys},
	})
	if err != nil {
		return nil, err
	}
	for i := range logs {
		l := &logs[i]
		if ev, err := w.Set.Access.ABI.UnpackAccessFulfilledEvent(l); err == nil {
			a.Fulfilled[ev.AccessId]++
			a.Txs[l.TxHash]++
			a.fulfilled[ev.AccessId] = ev
		} else if ev, err := w.Set.Access.ABI.UnpackAccessRejectedEvent(l); err == nil {
			a.Rejected[ev.AccessId] = append(a.Rejected[ev.AccessId], ev.Reason)
			a.Txs[l.TxHash]++
		} else if ev, err := w.Set.Keys.ABI.UnpackKeyIssuedEvent(l); err == nil {
			a.Issued[ev.RequestId]++
			a.Txs[l.TxHash]++
			a.issued[ev.RequestId] = ev
		} else if ev, err := w.Set.Keys.ABI.UnpackKeyRejectedEvent(l); err == nil {
			a.KeyReject[ev.RequestId] = append(a.KeyReject[ev.RequestId], ev.Reason)
			a.Txs[l.TxHash]++
		}
	}
	return a, nil
}

// Total is the number of answer events.
func (a *Answers) Total() int {
	n := 0
	for _, c := range a.Fulfilled {
		n += c
	}
	for _, c := range a.Issued {
		n += c
	}
	for _, r := range a.Rejected {
		n += len(r)
	}
	for _, r := range a.KeyReject {
		n += len(r)
	}
	return n
}

// OpenResult does the requester's side of a fulfilment: fetch the re-encrypted capsule, check
// it against the receipt's hash, and decrypt it to the data key.
func (w *World) OpenResult(ctx context.Context, requester *Party, a *Answers, accessID uint64) ([32]byte, error) {
	ev, ok := a.fulfilled[accessID]
	if !ok {
		return [32]byte{}, fmt.Errorf("access %d not fulfilled", accessID)
	}
	b, err := w.get(ctx, ev.ResultRef, ev.ResultHash)
	if err != nil {
		return [32]byte{}, err
	}
	var rct pre.ReCiphertext
	if err := rct.UnmarshalBinary(b); err != nil {
		return [32]byte{}, err
	}
	return requester.PRE.DecryptReEncrypted(&rct)
}

func (w *World) get(ctx context.Context, ref []byte, hash [32]byte) ([]byte, error) {
	c, err := cid.Cast(ref)
	if err != nil {
		return nil, err
	}
	obj, err := w.Store().Get(ctx, c)
	if err != nil {
		return nil, err
	}
	defer obj.Close()
	b, err := io.ReadAll(obj)
	if err != nil {
		return nil, err
	}
	if sha256.Sum256(b) != hash {
		return nil, errors.New("object does not match the on-chain hash")
	}
	return b, nil
}

// DefineAttributes defines attributes as the world's attribute authority.
func (w *World) DefineAttributes(ctx context.Context, names ...string) error {
	for _, n := range names {
		if err := w.Call(ctx, w.Authority, w.Set.Attributes.BoundContract, w.Set.Attributes.ABI.PackDefineAttribute(n)); err != nil {
			return fmt.Errorf("define %s: %w", n, err)
		}
	}
	return nil
}

// Assign assigns attributes to a holder.
func (w *World) Assign(ctx context.Context, holder *Party, names ...string) error {
	ids := make([][32]byte, len(names))
	for i, n := range names {
		ids[i] = crypto.Keccak256Hash([]byte(n))
	}
	return w.Call(ctx, w.Authority, w.Set.Attributes.BoundContract, w.Set.Attributes.ABI.PackAssignAttributes(holder.Address, ids))
}

// Revoke withdraws attributes from a holder.
func (w *World) Revoke(ctx context.Context, holder *Party, names ...string) error {
	ids := make([][32]byte, len(names))
	for i, n := range names {
		ids[i] = crypto.Keccak256Hash([]byte(n))
	}
	return w.Call(ctx, w.Authority, w.Set.Attributes.BoundContract, w.Set.Attributes.ABI.PackRevokeAttributes(holder.Address, ids))
}

// RequestKey asks for a CP-ABE key and returns the key request id.
func (w *World) RequestKey(ctx context.Context, requester *Party, patient common.Address) (uint64, error) {
	rcpt, err := w.call(ctx, requester, w.Set.Keys.BoundContract, w.Set.Keys.ABI.PackRequestKey(patient))
	if err != nil {
		return 0, fmt.Errorf("request key: %w", err)
	}
	for _, l := range rcpt.Logs {
		if ev, err := w.Set.Keys.ABI.UnpackKeyRequestedEvent(l); err == nil {
			return ev.RequestId, nil
		}
	}
	return 0, errors.New("request key: no KeyRequested event")
}

// OpenKey does the requester's side of an issued key: fetch, check the hash, open with the
// transport key (info "emrchain/abe-key/v1", aad requestId ‖ requester) and parse.
func (w *World) OpenKey(ctx context.Context, requester *Party, a *Answers, requestID uint64) (*cpabe.AttributeKey, error) {
	ev, ok := a.issued[requestID]
	if !ok {
		return nil, fmt.Errorf("key request %d not issued", requestID)
	}
	blob, err := w.get(ctx, ev.KeyRef, ev.KeyHash)
	if err != nil {
		return nil, err
	}
	aad := binary.BigEndian.AppendUint64(nil, requestID)
	aad = append(aad, requester.Address[:]...)
	b, err := transport.Open(requester.Transport, []byte(keys.KeyInfo), blob, aad)
	if err != nil {
		return nil, err
	}
	ak := new(cpabe.AttributeKey)
	if err := ak.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return ak, nil
}

// Suspend suspends a participant.
func (w *World) Suspend(ctx context.Context, p *Party) error {
	return w.Call(ctx, w.Admin, w.Set.Registry.BoundContract, w.Set.Registry.ABI.PackSuspend(p.Address))
}

// RevokeAccess revokes a request as its patient.
func (w *World) RevokeAccess(ctx context.Context, patient *Party, requestID uint64) error {
	return w.Call(ctx, patient, w.Set.Access.BoundContract, w.Set.Access.ABI.PackRevokeAccess(requestID))
}

// OracleNonce is how many transactions the oracle has had mined.
func (w *World) OracleNonce(ctx context.Context) (uint64, error) {
	return w.Client.NonceAt(ctx, w.Oracle.Address, nil)
}

// GrantMany makes n requests by requester for rec and grants them all, submitting each phase's
// transactions together. It returns the request ids.
func (w *World) GrantMany(ctx context.Context, rec *Record, requester *Party, n int) ([]uint64, error) {
	purpose := crypto.Keccak256Hash([]byte("treatment"))
	hashes := make([]common.Hash, n)
	for i := range hashes {
		h, err := w.Submit(ctx, requester, w.Set.Addresses.Access, w.Set.Access.ABI.PackRequestAccess(rec.ID, 0, purpose))
		if err != nil {
			return nil, err
		}
		hashes[i] = h
	}
	rcpts, err := w.Wait(ctx, hashes...)
	if err != nil {
		return nil, err
	}
	ids := make([]uint64, n)
	for i, r := range rcpts {
		for _, l := range r.Logs {
			if ev, err := w.Set.Access.ABI.UnpackAccessRequestedEvent(l); err == nil {
				ids[i] = ev.RequestId
			}
		}
	}
	for i, id := range ids {
		data, err := w.GrantTx(ctx, rec, requester, id, GoodRekey)
		if err != nil {
			return nil, err
		}
		if hashes[i], err = w.Submit(ctx, rec.Patient, w.Set.Addresses.Access, data); err != nil {
			return nil, err
		}
	}
	if _, err := w.Wait(ctx, hashes...); err != nil {
		return nil, err
	}
	return ids, nil
}

// InvokeMany submits get-access calls for every request at once and returns their access ids,
// with the time each was submitted.
func (w *World) InvokeMany(ctx context.Context, requester *Party, requests []uint64) ([]uint64, []*types.Receipt, error) {
	hashes := make([]common.Hash, len(requests))
	for i, id := range requests {
		h, err := w.Submit(ctx, requester, w.Set.Addresses.Access, w.Set.Access.ABI.PackGetAccess(id))
		if err != nil {
			return nil, nil, err
		}
		hashes[i] = h
	}
	rcpts, err := w.Wait(ctx, hashes...)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]uint64, len(rcpts))
	for i, r := range rcpts {
		if ids[i], err = w.AccessIDOf(r); err != nil {
			return nil, nil, err
		}
	}
	return ids, rcpts, nil
}

// FulfilledIn returns the block and transaction of an access's fulfilment.
func (a *Answers) FulfilledIn(accessID uint64) (block uint64, tx common.Hash, ok bool) {
	ev, ok := a.fulfilled[accessID]
	if !ok {
		return 0, common.Hash{}, false
	}
	return ev.Raw.BlockNumber, ev.Raw.TxHash, true
}
