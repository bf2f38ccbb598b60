// Package chain reads the contract state the oracle checks before it answers: the request and
// its grant, the record, the requester's enrolment and attributes. Reads can be pinned to one
// block so that the checks of one job see one consistent state.
package chain

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
)

// Enum values of the contracts (IThresholdAnswers, IKeyIssuer, IRegistry).
const (
	AnswerOpen      uint8 = 0
	AnswerFulfilled uint8 = 1
	AnswerRejected  uint8 = 2

	KeyNone     uint8 = 0
	KeyPending  uint8 = 1
	KeyIssued   uint8 = 2
	KeyRejected uint8 = 3

	RecordErased uint8 = 3 // IRecordRegistry.RecordStatus.Erased

	StatusNone      uint8 = 0
	StatusActive    uint8 = 1
	StatusSuspended uint8 = 2
	StatusRemoved   uint8 = 3

	RoleProvider  uint8 = 2
	RoleRequester uint8 = 3
	RoleOracle    uint8 = 4
	RoleProxy     uint8 = 6
)

// Client is what reading needs from a chain client.
type Client interface {
	bind.ContractBackend
	BlockNumber(ctx context.Context) (uint64, error)
}

// Reader reads one deployment. The zero block means the latest.
type Reader struct {
	set    *contracts.Set
	client Client
	from   uint64 // first block to search for grant events
	block  *big.Int
}

// NewReader reads set through client; fromBlock bounds the search for grant events that were
// not seen as events (the deployment block).
func NewReader(set *contracts.Set, client Client, fromBlock uint64) *Reader {
	return &Reader{set: set, client: client, from: fromBlock}
}

// Pinned returns a reader whose reads all see the current head block.
func (r *Reader) Pinned(ctx context.Context) (*Reader, error) {
	n, err := r.client.BlockNumber(ctx)
	if err != nil {
		return nil, fmt.Errorf("head: %w", err)
	}
	p := *r
	p.block = new(big.Int).SetUint64(n)
	return &p, nil
}

func (r *Reader) opts(ctx context.Context) *bind.CallOpts {
	return &bind.CallOpts{Context: ctx, BlockNumber: r.block}
}

func call[T any](ctx context.Context, r *Reader, c *bind.BoundContract, data []byte, unpack func([]byte) (T, error), what string) (T, error) {
	v, err := bind.Call(c, r.opts(ctx), data, unpack)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("%s: %w", what, contracts.DecodeError(err))
	}
	return v, nil
}

// Access reads a get-access call: its request, committee, member mask and threshold.
func (r *Reader) Access(ctx context.Context, accessID uint64) (bindings.IAccessLedgerAccess, error) {
	a := r.set.Access
	return call(ctx, r, a.BoundContract, a.ABI.PackAccess(accessID), a.ABI.UnpackAccess, fmt.Sprintf("access(%d)", accessID))
}

// Request reads an access request and its grant.
func (r *Reader) Request(ctx context.Context, requestID uint64) (bindings.IAccessLedgerRequest, error) {
	a := r.set.Access
	return call(ctx, r, a.BoundContract, a.ABI.PackRequest(requestID), a.ABI.UnpackRequest, fmt.Sprintf("request(%d)", requestID))
}

// Record reads a record's current version.
func (r *Reader) Record(ctx context.Context, recordID [32]byte) (bindings.IRecordRegistryRecord, error) {
	c := r.set.Records
	return call(ctx, r, c.BoundContract, c.ABI.PackRecord(recordID), c.ABI.UnpackRecord, fmt.Sprintf("record(%x)", recordID))
}

// RoleOf reads an account's role and enrolment status.
func (r *Reader) RoleOf(ctx context.Context, account common.Address) (role, status uint8, err error) {
	c := r.set.Registry
	out, err := call(ctx, r, c.BoundContract, c.ABI.PackRoleOf(account), c.ABI.UnpackRoleOf, fmt.Sprintf("roleOf(%s)", account))
	return out.Role, out.Status, err
}

// Participant reads an account's enrolment, keys included.
func (r *Reader) Participant(ctx context.Context, account common.Address) (bindings.IRegistryParticipant, error) {
	c := r.set.Registry
	return call(ctx, r, c.BoundContract, c.ABI.PackParticipant(account), c.ABI.UnpackParticipant, fmt.Sprintf("participant(%s)", account))
}

// KeyRequest reads a CP-ABE key request.
func (r *Reader) KeyRequest(ctx context.Context, requestID uint64) (bindings.IKeyIssuerKeyRequest, error) {
	c := r.set.Keys
	return call(ctx, r, c.BoundContract, c.ABI.PackKeyRequest(requestID), c.ABI.UnpackKeyRequest, fmt.Sprintf("keyRequest(%d)", requestID))
}

// AttributesOf reads the attribute ids an account holds.
func (r *Reader) AttributesOf(ctx context.Context, holder common.Address) ([][32]byte, error) {
	c := r.set.Attributes
	return call(ctx, r, c.BoundContract, c.ABI.PackAttributesOf(holder), c.ABI.UnpackAttributesOf, fmt.Sprintf("attributesOf(%s)", holder))
}

// AttributesHash reads the commitment to an account's attribute set.
func (r *Reader) AttributesHash(ctx context.Context, holder common.Address) ([32]byte, error) {
	c := r.set.Attributes
	return call(ctx, r, c.BoundContract, c.ABI.PackAttributesHash(holder), c.ABI.UnpackAttributesHash, fmt.Sprintf("attributesHash(%s)", holder))
}

// NameOf reads an attribute's name (empty if undefined).
func (r *Reader) NameOf(ctx context.Context, id [32]byte) (string, error) {
	c := r.set.Attributes
	return call(ctx, r, c.BoundContract, c.ABI.PackNameOf(id), c.ABI.UnpackNameOf, fmt.Sprintf("nameOf(%x)", id))
}

// GrantEvent looks up the AccessGranted event of a request with a filtered eth_getLogs, for
// grants made before the oracle started following. A request is granted at most once.
func (r *Reader) GrantEvent(ctx context.Context, requestID uint64) (*bindings.AccessLedgerAccessGranted, bool, error) {
	a := r.set.Access
	id := a.ABI.GetABI().Events[bindings.AccessLedgerAccessGrantedEventName].ID
	topic := common.BigToHash(new(big.Int).SetUint64(requestID))
	logs, err := r.client.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(r.from),
		ToBlock:   r.block,
		Addresses: []common.Address{a.Address},
		Topics:    [][]common.Hash{{id}, {topic}},
	})
	if err != nil {
		return nil, false, fmt.Errorf("grant event of request %d: %w", requestID, err)
	}
	for i := len(logs) - 1; i >= 0; i-- {
		if logs[i].Removed {
			continue
		}
		ev, err := a.ABI.UnpackAccessGrantedEvent(&logs[i])
		if err != nil {
			return nil, false, fmt.Errorf("grant event of request %d: %w", requestID, err)
		}
		return ev, true, nil
	}
	return nil, false, nil
}
