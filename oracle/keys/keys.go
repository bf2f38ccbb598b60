// Package keys is the oracle's CP-ABE key issuance job (seed 001's KeyGen, docs/protocol.md
// "CP-ABE keys"): on KeyRequested it issues a FAME attribute key for the requester's attributes
// as the attribute registry records them, plus the epoch attribute of the requested key epoch
// (cpabe.EpochAttribute), seals it to the requester's enrolled transport key, stores the sealed
// blob on IPFS and answers issueKey with its SHA-256 and CID. A key request names no patient: a
// key of epoch e opens, with the committee's half of a data key (AttributeReads), the records
// wrapped in epoch e whose policy its attributes satisfy, and no record of a later epoch.
//
// # Checks, in order
//
//  1. The key request is on chain as the event described it (requester, attributes), and still
//     Pending (otherwise answer.ErrStale or answer.ErrAnswered: nothing is sent); its epoch is
//     the one the chain recorded.
//  2. The requester is enrolled and active (else RequesterNotEnrolled or RequesterSuspended) and
//     has a valid X25519 transport key (else NoTransportKey).
//  3. The requester's attribute set still hashes to the event's attributesHash (else
//     AttributesChanged): a key is issued for exactly the attributes the request was made with.
//  4. Every attribute id has a name in the registry that hashes back to it and is a valid CP-ABE
//     attribute (else UnknownAttributes).
//
// All reads of one request come from one block, so the attribute list checked in 3 is the one
// the key is issued for in 4.
package keys

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/transport"
	"github.com/emrchain/emrchain/oracle/answer"
	"github.com/emrchain/emrchain/oracle/chain"
	"github.com/emrchain/emrchain/storage"
)

// KeyInfo is the transport info an issued key is sealed under (docs/protocol.md).
const KeyInfo = "emrchain/abe-key/v1"

// Chain is what the job reads on chain; a pinned *chain.Reader implements it.
type Chain interface {
	KeyRequest(ctx context.Context, requestID uint64) (bindings.IKeyIssuerKeyRequest, error)
	Participant(ctx context.Context, account common.Address) (bindings.IRegistryParticipant, error)
	AttributesOf(ctx context.Context, holder common.Address) ([][32]byte, error)
	AttributesHash(ctx context.Context, holder common.Address) ([32]byte, error)
	NameOf(ctx context.Context, id [32]byte) (string, error)
}

// Handler runs the job.
type Handler struct {
	store  storage.Store
	master *cpabe.MasterKey
	random io.Reader
}

// New returns a handler issuing keys under master and storing them in store. random feeds
// KeyGen (nil: crypto/rand).
func New(store storage.Store, master *cpabe.MasterKey, random io.Reader) *Handler {
	return &Handler{store: store, master: master, random: random}
}

// Request is a KeyRequested event.
type Request struct {
	RequestID      uint64
	Requester      common.Address
	AttributesHash [32]byte
}

// AAD is the associated data an issued key is sealed with: the request id as 8 big-endian
// bytes, then the requester's address.
func AAD(requestID uint64, requester common.Address) []byte {
	aad := binary.BigEndian.AppendUint64(make([]byte, 0, 28), requestID)
	return append(aad, requester[:]...)
}

// Handle checks the request against c (pinned to one block) and answers it. Errors are
// transient unless they match answer.ErrAnswered or answer.ErrStale.
func (h *Handler) Handle(ctx context.Context, c Chain, r Request) (answer.Answer, error) {
	kr, err := c.KeyRequest(ctx, r.RequestID)
	if err != nil {
		return answer.Answer{}, err
	}
	switch {
	case kr.Status == chain.KeyNone || kr.Requester != r.Requester || kr.AttributesHash != r.AttributesHash:
		return answer.Answer{}, fmt.Errorf("%w: key request %d is %+v on chain", answer.ErrStale, r.RequestID, kr)
	case kr.Status != chain.KeyPending:
		return answer.Answer{}, fmt.Errorf("%w: key request %d has status %d", answer.ErrAnswered, r.RequestID, kr.Status)
	}

	p, err := c.Participant(ctx, r.Requester)
	if err != nil {
		return answer.Answer{}, err
	}
	switch p.Status {
	case chain.StatusActive:
	case chain.StatusSuspended:
		return answer.Reject(answer.RequesterSuspended, "requester suspended"), nil
	default:
		return answer.Reject(answer.RequesterNotEnrolled, fmt.Sprintf("requester status %d", p.Status)), nil
	}
	if p.Role != chain.RoleRequester && p.Role != chain.RoleProvider {
		return answer.Reject(answer.RequesterNotEnrolled, fmt.Sprintf("requester has role %d", p.Role)), nil
	}
	var pk transport.PublicKey
	if err := pk.UnmarshalBinary(p.TransportKey[:]); err != nil {
		return answer.Reject(answer.NoTransportKey, "transport key: "+err.Error()), nil
	}

	current, err := c.AttributesHash(ctx, r.Requester)
	if err != nil {
		return answer.Answer{}, err
	}
	if current != r.AttributesHash {
		return answer.Reject(answer.AttributesChanged, "attribute set changed since the request"), nil
	}
	ids, err := c.AttributesOf(ctx, r.Requester)
	if err != nil {
		return answer.Answer{}, err
	}
	if len(ids) == 0 {
		return answer.Reject(answer.AttributesChanged, "requester holds no attributes"), nil
	}
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		name, err := c.NameOf(ctx, id)
		if err != nil {
			return answer.Answer{}, err
		}
		if name == "" || crypto.Keccak256Hash([]byte(name)) != id {
			return answer.Reject(answer.UnknownAttributes, fmt.Sprintf("attribute %x has no name", id)), nil
		}
		// Only the issuer adds the epoch attribute: an attribute that looked like one would
		// make a key of one epoch open another epoch's records.
		if strings.HasPrefix(name, "epoch:") {
			return answer.Reject(answer.UnknownAttributes, fmt.Sprintf("attribute %q is named like the epoch attribute", name)), nil
		}
		names = append(names, name)
	}
	names = append(names, cpabe.EpochAttribute(kr.Epoch))
	ak, err := h.master.KeyGen(h.random, names)
	if errors.Is(err, cpabe.ErrInvalidAttribute) {
		return answer.Reject(answer.UnknownAttributes, err.Error()), nil
	}
	if err != nil {
		return answer.Answer{}, fmt.Errorf("keygen: %w", err)
	}
	akBytes, err := ak.MarshalBinary()
	if err != nil {
		return answer.Answer{}, fmt.Errorf("encode key: %w", err)
	}
	blob, err := transport.Seal(&pk, []byte(KeyInfo), akBytes, AAD(r.RequestID, r.Requester))
	if err != nil {
		return answer.Answer{}, fmt.Errorf("seal key: %w", err)
	}
	id, err := h.store.Put(ctx, bytes.NewReader(blob))
	if err != nil {
		return answer.Answer{}, fmt.Errorf("store sealed key: %w", err)
	}
	return answer.Fulfil(sha256.Sum256(blob), id.Bytes()), nil
}
