package client

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"sort"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/crypto/dkg"
	"github.com/emrchain/emrchain/crypto/tdec"
	"github.com/emrchain/emrchain/crypto/tpre"
)

// Committee statuses as ProxyNetwork derives them.
const (
	CommitteeNone uint8 = iota
	CommitteeRegistering
	CommitteeDealing
	CommitteeComplaining
	CommitteeConfirming
	CommitteeActive
	CommitteeFailed
	CommitteeRetired
)

var committeeStatusNames = []string{"none", "registering keys", "dealing", "complaints", "confirming", "active", "failed", "retired"}

// CommitteeStatusName names a committee status.
func CommitteeStatusName(s uint8) string {
	if int(s) < len(committeeStatusNames) {
		return committeeStatusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

// ErrNoCommittee means no active proxy committee exists (or the one named is not active).
var ErrNoCommittee = errors.New("no active proxy committee")

// CommitteeInfo is a committee as ProxyNetwork keeps it.
type CommitteeInfo struct {
	ID        uint64
	Status    uint8
	Threshold int
	// Members are the member accounts; member i is Members[i−1].
	Members []common.Address
	State   bindings.IProxyNetworkCommittee
}

// FullMask is the member mask naming every member.
func (c *CommitteeInfo) FullMask() uint16 { return uint16(1)<<len(c.Members) - 1 }

// Committee reads committee id.
func (e *Env) Committee(ctx context.Context, id uint64) (*CommitteeInfo, error) {
	call := &bind.CallOpts{Context: ctx}
	st, err := bind.Call(e.Set.Proxies.BoundContract, call, e.Set.Proxies.ABI.PackCommittee(id), e.Set.Proxies.ABI.UnpackCommittee)
	if err != nil {
		return nil, fmt.Errorf("read committee %d: %w", id, decode(err))
	}
	if st.Size == 0 {
		return nil, fmt.Errorf("committee %d does not exist", id)
	}
	status, err := bind.Call(e.Set.Proxies.BoundContract, call, e.Set.Proxies.ABI.PackStatus(id), e.Set.Proxies.ABI.UnpackStatus)
	if err != nil {
		return nil, fmt.Errorf("read committee %d: %w", id, decode(err))
	}
	members, err := bind.Call(e.Set.Proxies.BoundContract, call, e.Set.Proxies.ABI.PackMembers(id), e.Set.Proxies.ABI.UnpackMembers)
	if err != nil {
		return nil, fmt.Errorf("read committee %d: %w", id, decode(err))
	}
	return &CommitteeInfo{ID: id, Status: status, Threshold: int(st.Threshold), Members: members, State: st}, nil
}

// Committees lists every committee, newest first.
func (e *Env) Committees(ctx context.Context) ([]*CommitteeInfo, error) {
	n, err := bind.Call(e.Set.Proxies.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Proxies.ABI.PackCommitteeCount(), e.Set.Proxies.ABI.UnpackCommitteeCount)
	if err != nil {
		return nil, fmt.Errorf("count committees: %w", decode(err))
	}
	var out []*CommitteeInfo
	for id := n; id >= 1; id-- {
		c, err := e.Committee(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// DefaultCommittee is the newest active committee: the one grants, gates and index keys use
// unless told otherwise.
func (e *Env) DefaultCommittee(ctx context.Context) (*CommitteeInfo, error) {
	all, err := e.Committees(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range all {
		if c.Status == CommitteeActive {
			return c, nil
		}
	}
	return nil, fmt.Errorf("%w: the admin creates one with `emrchain committee create`", ErrNoCommittee)
}

// committeeFor resolves a committee id, 0 meaning the default, and checks it is active.
func (e *Env) committeeFor(ctx context.Context, id uint64) (uint64, error) {
	c, err := e.activeCommittee(ctx, id)
	if err != nil {
		return 0, err
	}
	return c.ID, nil
}

func (e *Env) activeCommittee(ctx context.Context, id uint64) (*CommitteeInfo, error) {
	if id == 0 {
		return e.DefaultCommittee(ctx)
	}
	c, err := e.Committee(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.Status != CommitteeActive {
		return nil, fmt.Errorf("%w: committee %d is %s", ErrNoCommittee, id, CommitteeStatusName(c.Status))
	}
	return c, nil
}

// CommitteeKey reads an active committee's DKG key Y, what gate objects are sealed to.
func (e *Env) CommitteeKey(ctx context.Context, id uint64) (*tdec.CommitteeKey, error) {
	c, err := e.activeCommittee(ctx, id)
	if err != nil {
		return nil, err
	}
	k, err := tdec.ParseCommitteeKey(c.State.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("committee %d's key: %w", id, err)
	}
	return k, nil
}

// CommitteeShares rebuilds a committee's public shares X_1 … X_n from its DKG on chain (an
// observer's replay of the deals and complaints) and checks them against the sharesHash and key
// the contract fixed: what checking and combining decryption shares needs.
func (e *Env) CommitteeShares(ctx context.Context, id uint64) (*tdec.Committee, error) {
	c, err := e.Committee(ctx, id)
	if err != nil {
		return nil, err
	}
	if !c.State.Active {
		return nil, fmt.Errorf("%w: committee %d never completed its key generation", ErrNoCommittee, id)
	}
	keys := make([]*dkg.PublicKey, len(c.Members))
	kit, err := bind.FilterEvents(e.Set.Proxies.BoundContract, &bind.FilterOpts{Context: ctx},
		e.Set.Proxies.ABI.UnpackDkgKeyRegisteredEvent, []any{id})
	if err != nil {
		return nil, fmt.Errorf("committee %d: DKG keys: %w", id, err)
	}
	for kit.Next() {
		ev := kit.Value()
		if ev.Member == 0 || int(ev.Member) > len(keys) {
			continue
		}
		var pk dkg.PublicKey
		if err := pk.UnmarshalBinary(ev.Key); err == nil {
			keys[ev.Member-1] = &pk
		}
	}
	kit.Close()
	if err := kit.Error(); err != nil {
		return nil, fmt.Errorf("committee %d: DKG keys: %w", id, err)
	}
	for i, k := range keys {
		if k == nil {
			return nil, fmt.Errorf("committee %d: member %d's DKG key is missing from the chain's events", id, i+1)
		}
	}
	obs, err := dkg.NewObserver(dkg.Params{CommitteeID: dkg.CommitteeID(e.ChainID.Uint64(), e.Set.Addresses.Proxies, id), Threshold: c.Threshold, Members: keys})
	if err != nil {
		return nil, fmt.Errorf("committee %d: %w", id, err)
	}
	type message struct {
		block, index uint64
		apply        func()
	}
	var msgs []message
	dit, err := bind.FilterEvents(e.Set.Proxies.BoundContract, &bind.FilterOpts{Context: ctx},
		e.Set.Proxies.ABI.UnpackDealPublishedEvent, []any{id})
	if err != nil {
		return nil, fmt.Errorf("committee %d: deals: %w", id, err)
	}
	for dit.Next() {
		ev := dit.Value()
		msgs = append(msgs, message{ev.Raw.BlockNumber, uint64(ev.Raw.Index), func() { _, _ = obs.ReceiveDeal(ev.Member, ev.Commitments, ev.Shares) }})
	}
	dit.Close()
	if err := dit.Error(); err != nil {
		return nil, fmt.Errorf("committee %d: deals: %w", id, err)
	}
	cit, err := bind.FilterEvents(e.Set.Proxies.BoundContract, &bind.FilterOpts{Context: ctx},
		e.Set.Proxies.ABI.UnpackComplaintFiledEvent, []any{id})
	if err != nil {
		return nil, fmt.Errorf("committee %d: complaints: %w", id, err)
	}
	for cit.Next() {
		ev := cit.Value()
		msgs = append(msgs, message{ev.Raw.BlockNumber, uint64(ev.Raw.Index), func() { _ = obs.ReceiveComplaint(ev.Member, ev.Dealer, ev.SharedPoint, ev.Proof) }})
	}
	cit.Close()
	if err := cit.Error(); err != nil {
		return nil, fmt.Errorf("committee %d: complaints: %w", id, err)
	}
	sort.SliceStable(msgs, func(i, j int) bool {
		if msgs[i].block != msgs[j].block {
			return msgs[i].block < msgs[j].block
		}
		return msgs[i].index < msgs[j].index
	})
	for _, m := range msgs {
		m.apply()
	}
	res, _, err := obs.Finish()
	if err != nil {
		return nil, fmt.Errorf("committee %d: replaying its key generation: %w", id, err)
	}
	if res.SharesHash() != c.State.SharesHash {
		return nil, fmt.Errorf("committee %d: the public shares replayed from its key generation do not match the chain's sharesHash", id)
	}
	committee, err := tdec.CommitteeFromDKG(res)
	if err != nil {
		return nil, fmt.Errorf("committee %d: %w", id, err)
	}
	want, _ := committee.Key().MarshalBinary()
	if string(want) != string(c.State.PublicKey) {
		return nil, fmt.Errorf("committee %d: the replayed key differs from the chain's", id)
	}
	return committee, nil
}

// Members resolves a committee's members by index to their enrolled transport keys, the keys
// re-key and index-key shares are sealed to.
func (e *Env) memberKeys(ctx context.Context, c *CommitteeInfo, indices []uint8) ([]tpre.Member, error) {
	out := make([]tpre.Member, 0, len(indices))
	for _, i := range indices {
		if i == 0 || int(i) > len(c.Members) {
			return nil, fmt.Errorf("committee %d has no member %d (it has %d)", c.ID, i, len(c.Members))
		}
		tk, err := e.TransportKeyOf(ctx, c.Members[i-1])
		if err != nil {
			return nil, fmt.Errorf("committee %d member %d: %w", c.ID, i, err)
		}
		out = append(out, tpre.Member{Index: i, Transport: tk})
	}
	return out, nil
}

// MaskOf turns member indices into a member mask (bit i−1 for member i).
func MaskOf(indices []uint8) uint16 {
	var m uint16
	for _, i := range indices {
		m |= 1 << (i - 1)
	}
	return m
}

// MembersOf lists the member indices of a mask, ascending.
func MembersOf(mask uint16) []uint8 {
	var out []uint8
	for m := mask; m != 0; m &= m - 1 {
		out = append(out, uint8(bits.TrailingZeros16(m))+1)
	}
	return out
}

// CreateCommittee has the admin create a committee of active proxies and start its key
// generation; phaseBlocks is the length of each DKG phase. It returns the committee id.
func (e *Env) CreateCommittee(ctx context.Context, admin *Identity, members []common.Address, threshold uint8, phaseBlocks uint64) (uint64, *Tx, error) {
	tx, rcpt, err := e.send(ctx, admin, fmt.Sprintf("create a %d-of-%d committee", threshold, len(members)), e.Set.Proxies.BoundContract,
		e.Set.Proxies.ABI.PackCreateCommittee(members, threshold, phaseBlocks))
	if err != nil {
		return 0, nil, err
	}
	for _, l := range rcpt.Logs {
		if ev, err := e.Set.Proxies.ABI.UnpackCommitteeCreatedEvent(l); err == nil {
			return ev.CommitteeId, tx, nil
		}
	}
	return 0, tx, fmt.Errorf("create committee: no CommitteeCreated event in %s", tx.Hash)
}

// RetireCommittee has the admin retire a committee: no new grant, gate or index key may name it;
// answers already open still complete.
func (e *Env) RetireCommittee(ctx context.Context, admin *Identity, id uint64) (*Tx, error) {
	tx, _, err := e.send(ctx, admin, fmt.Sprintf("retire committee %d", id), e.Set.Proxies.BoundContract, e.Set.Proxies.ABI.PackRetire(id))
	return tx, err
}
