// Package proxy is the oracle's proxy re-encryption job (seeds 000 and 004, docs/protocol.md
// "Access through the proxy"): on AccessInvoked it turns the record's PRE capsule, which only
// the patient can open, into one only the requester can open, using the re-encryption key the
// patient sealed to the proxy's transport key when granting. The proxy never sees the data key:
// proxy re-encryption gives it none.
//
// # Checks, in order
//
//  1. The get-access call is on chain, for the request and version the event named, and still
//     Pending (otherwise answer.ErrStale or answer.ErrAnswered: nothing is sent).
//  2. The grant is live (checkGrant); a suspended requester gets RequesterSuspended, a removed
//     one RequesterNotEnrolled, any other dead grant GrantNotLive.
//  3. The re-key blob named by the grant's rekeyRef opens with the proxy's transport key under
//     info "emrchain/rekey/v1" and aad recordId ‖ requester (else MalformedRekey); its SHA-256,
//     bound to requester, record and version, equals the grant's rekeyCommitment as the
//     AccessGranted event carries it (else RekeyMismatch); it parses as a re-encryption key
//     (else MalformedRekey).
//  4. The record is still at the granted version (else GrantNotLive), and its wrappedKeyRef names
//     a capsule that parses and passes the public validity check for the re-key's delegator
//     (else MalformedCapsule).
//
// Then ReEncrypt, store the result on IPFS, and answer fulfil(SHA-256(result), CID).
//
// # IPFS failures
//
// A malformed CID, or an object larger than a re-key blob or capsule can be, is the request's
// fault and is rejected at once. An object the store reports as not found is retried: it may not
// have reached this node yet; the caller turns it into MissingObject after its retries. An
// unreachable node, a timeout, or a block that fails its hash check (the node's corruption, not
// the request's) are transient and retried until they clear.
package proxy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/transport"
	"github.com/emrchain/emrchain/oracle/answer"
	"github.com/emrchain/emrchain/oracle/chain"
	"github.com/emrchain/emrchain/storage"
)

// RekeyInfo is the transport info a re-key blob is sealed under (docs/protocol.md).
const RekeyInfo = "emrchain/rekey/v1"

// Size bounds for the objects the proxy fetches: anything larger cannot be a valid one.
const (
	maxRekeyBlob = pre.ReKeySize + transport.Overhead
	maxCapsule   = pre.CiphertextSize
)

// Chain is what the job reads on chain; *chain.Reader implements it.
type Chain interface {
	Access(ctx context.Context, accessID uint64) (bindings.IAccessLedgerAccess, error)
	CheckGrant(ctx context.Context, requestID uint64) (bool, [4]byte, error)
	Record(ctx context.Context, recordID [32]byte) (bindings.IRecordRegistryRecord, error)
	RoleOf(ctx context.Context, account common.Address) (role, status uint8, err error)
}

// Grants finds a grant's rekeyRef and rekeyCommitment: from the AccessGranted events the
// oracle applied, or the chain's logs.
type Grants interface {
	Grant(ctx context.Context, requestID uint64) (rekeyRef []byte, commitment [32]byte, err error)
}

// ErrNoGrantEvent means no AccessGranted event was found for a request the chain says is
// granted; the node's logs are incomplete, which is retried.
var ErrNoGrantEvent = errors.New("proxy: grant event not found")

// Handler runs the job.
type Handler struct {
	grants Grants
	store  storage.Store
	key    *transport.PrivateKey
}

// New returns a handler that opens re-key blobs with key and stores results in store.
func New(grants Grants, store storage.Store, key *transport.PrivateKey) *Handler {
	return &Handler{grants: grants, store: store, key: key}
}

// Request is an AccessInvoked event.
type Request struct {
	AccessID  uint64
	RequestID uint64
	Requester common.Address
	RecordID  [32]byte
	Version   uint32
}

// Handle checks the request against c and answers it. Errors are transient unless they match
// answer.ErrAnswered, answer.ErrStale or answer.ErrMissingObject.
func (h *Handler) Handle(ctx context.Context, c Chain, r Request) (answer.Answer, error) {
	early, err := h.check(ctx, c, r)
	if err != nil {
		return answer.Answer{}, err
	}
	if early != nil {
		return *early, nil
	}
	return h.convert(ctx, c, r)
}

// check is steps 1 and 2: is there anything to answer, and is the grant still live? The
// request's fields come from the event (the access call matches it by request and version), so
// the request itself is not read again.
func (h *Handler) check(ctx context.Context, c Chain, r Request) (*answer.Answer, error) {
	a, err := c.Access(ctx, r.AccessID)
	if err != nil {
		return nil, err
	}
	switch {
	case a.Status == chain.AccessNone || a.RequestId != r.RequestID || a.Version != r.Version:
		return nil, fmt.Errorf("%w: access %d is %+v on chain", answer.ErrStale, r.AccessID, a)
	case a.Status != chain.AccessPending:
		return nil, fmt.Errorf("%w: access %d has status %d", answer.ErrAnswered, r.AccessID, a.Status)
	}
	live, sel, err := c.CheckGrant(ctx, r.RequestID)
	if err != nil {
		return nil, err
	}
	if !live {
		ans, err := deadGrant(ctx, c, r.Requester, sel)
		return &ans, err
	}
	return nil, nil
}

var requesterNotActive = [4]byte(bindings.AccessLedgerRequesterNotActiveErrorID().Bytes()[:4])

// deadGrant picks the reason for a grant checkGrant refuses.
func deadGrant(ctx context.Context, c Chain, requester common.Address, sel [4]byte) (answer.Answer, error) {
	name := fmt.Sprintf("%x", sel)
	for _, e := range bindings.NewAccessLedger().GetABI().Errors {
		if [4]byte(e.ID[:4]) == sel {
			name = e.Name
		}
	}
	if sel != requesterNotActive {
		return answer.Reject(answer.GrantNotLive, "grant not live: "+name), nil
	}
	_, status, err := c.RoleOf(ctx, requester)
	if err != nil {
		return answer.Answer{}, err
	}
	if status == chain.StatusSuspended {
		return answer.Reject(answer.RequesterSuspended, "requester suspended"), nil
	}
	return answer.Reject(answer.RequesterNotEnrolled, fmt.Sprintf("requester status %d", status)), nil
}

// convert is steps 3 and 4 and the re-encryption.
func (h *Handler) convert(ctx context.Context, c Chain, r Request) (answer.Answer, error) {
	ref, commitment, err := h.grants.Grant(ctx, r.RequestID)
	if err != nil {
		return answer.Answer{}, err
	}
	blob, err := fetch(ctx, h.store, ref, maxRekeyBlob)
	if reject, ok := asReject(err, answer.MalformedRekey, "re-key blob"); ok {
		return reject, nil
	}
	if err != nil {
		return answer.Answer{}, fmt.Errorf("re-key blob: %w", err)
	}
	aad := make([]byte, 0, 52)
	aad = append(append(aad, r.RecordID[:]...), r.Requester[:]...)
	rkBytes, err := transport.Open(h.key, []byte(RekeyInfo), blob, aad)
	if err != nil {
		return answer.Reject(answer.MalformedRekey, "re-key blob does not open with the proxy's transport key"), nil
	}
	rekeyHash := sha256.Sum256(rkBytes)
	if contracts.RekeyCommitment(rekeyHash, r.Requester, r.RecordID, r.Version) != commitment {
		return answer.Reject(answer.RekeyMismatch, "re-key does not match the grant's commitment"), nil
	}
	var rk pre.ReKey
	if err := rk.UnmarshalBinary(rkBytes); err != nil {
		return answer.Reject(answer.MalformedRekey, "re-key does not parse: "+err.Error()), nil
	}

	rec, err := c.Record(ctx, r.RecordID)
	if err != nil {
		return answer.Answer{}, err
	}
	if rec.Version != r.Version || rec.Status != 1 {
		return answer.Reject(answer.GrantNotLive, fmt.Sprintf("record at version %d status %d, grant for %d", rec.Version, rec.Status, r.Version)), nil
	}
	raw, err := fetch(ctx, h.store, rec.WrappedKeyRef, maxCapsule)
	if reject, ok := asReject(err, answer.MalformedCapsule, "capsule"); ok {
		return reject, nil
	}
	if err != nil {
		return answer.Answer{}, fmt.Errorf("capsule: %w", err)
	}
	var ct pre.Ciphertext
	if err := ct.UnmarshalBinary(raw); err != nil {
		return answer.Reject(answer.MalformedCapsule, "capsule does not parse: "+err.Error()), nil
	}
	if err := ct.Check(rk.Delegator()); err != nil {
		return answer.Reject(answer.MalformedCapsule, "capsule fails the validity check for the re-key's delegator"), nil
	}
	rct, err := pre.ReEncrypt(&rk, &ct)
	if err != nil {
		return answer.Reject(answer.MalformedCapsule, "re-encryption refused the capsule: "+err.Error()), nil
	}
	out, err := rct.MarshalBinary()
	if err != nil {
		return answer.Answer{}, fmt.Errorf("encode re-encrypted capsule: %w", err)
	}
	id, err := h.store.Put(ctx, bytes.NewReader(out))
	if err != nil {
		return answer.Answer{}, fmt.Errorf("store re-encrypted capsule: %w", err)
	}
	return answer.Fulfil(sha256.Sum256(out), id.Bytes()), nil
}

// errMalformedRef and errTooLarge are the request's faults in a reference or an object.
var (
	errMalformedRef = errors.New("malformed CID")
	errTooLarge     = errors.New("object too large")
)

func asReject(err error, reason answer.Reason, what string) (answer.Answer, bool) {
	if errors.Is(err, errMalformedRef) || errors.Is(err, errTooLarge) {
		return answer.Reject(reason, what+": "+err.Error()), true
	}
	return answer.Answer{}, false
}

// fetch reads the object at the binary CID ref, of at most limit bytes.
func fetch(ctx context.Context, store storage.Store, ref []byte, limit int64) ([]byte, error) {
	c, err := cid.Cast(ref)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformedRef, err)
	}
	if err := storage.CheckCID(c); err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformedRef, err)
	}
	obj, err := store.Get(ctx, c)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, fmt.Errorf("%w: %s", answer.ErrMissingObject, c)
	}
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", c, err)
	}
	defer obj.Close()
	if obj.Size() > limit {
		return nil, fmt.Errorf("%w: %s has %d bytes, at most %d expected", errTooLarge, c, obj.Size(), limit)
	}
	b, err := io.ReadAll(io.LimitReader(obj, limit+1))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, fmt.Errorf("%w: %s", answer.ErrMissingObject, c)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", c, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: %s exceeds %d bytes", errTooLarge, c, limit)
	}
	return b, nil
}
