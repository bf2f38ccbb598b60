package service

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/oracle/state"
)

// follower is the log poller's Store: it decodes the contracts' logs into jobs and grants and
// hands them, with the headers, to the state database in one transaction.
type follower struct {
	store   *state.Store
	set     *contracts.Set
	role    Role
	log     zerolog.Logger
	metrics *metrics
	hook    Hook
	notify  func()
	rescan  func()
}

var (
	_ logpoller.Store      = (*follower)(nil)
	_ logpoller.ChainStore = (*follower)(nil)
)

var (
	topicInvoked   = bindings.NewAccessLedger().GetABI().Events[bindings.AccessLedgerAccessInvokedEventName].ID
	topicGranted   = bindings.NewAccessLedger().GetABI().Events[bindings.AccessLedgerAccessGrantedEventName].ID
	topicRequested = bindings.NewKeyIssuer().GetABI().Events[bindings.KeyIssuerKeyRequestedEventName].ID
)

// filter returns the addresses and topics the role follows.
func (f *follower) filter() ([]common.Address, [][]common.Hash) {
	var addrs []common.Address
	var topics []common.Hash
	if f.role.Proxy() {
		addrs = append(addrs, f.set.Addresses.Access)
		topics = append(topics, topicInvoked, topicGranted)
	}
	if f.role.Keys() {
		addrs = append(addrs, f.set.Addresses.Keys)
		topics = append(topics, topicRequested)
	}
	return addrs, [][]common.Hash{topics}
}

func toBlock(h logpoller.Header) state.Block {
	return state.Block{Number: h.Number, Hash: h.Hash, Parent: h.ParentHash, Time: h.Time}
}

// Cursor implements logpoller.Store.
func (f *follower) Cursor(ctx context.Context) (logpoller.Header, bool, error) {
	b, ok, err := f.store.Cursor(ctx)
	return logpoller.Header{Number: b.Number, Hash: b.Hash, ParentHash: b.Parent, Time: b.Time}, ok, err
}

// Genesis implements logpoller.ChainStore.
func (f *follower) Genesis(ctx context.Context) (common.Hash, bool, error) {
	return f.store.Genesis(ctx)
}

// SetGenesis implements logpoller.ChainStore.
func (f *follower) SetGenesis(ctx context.Context, h common.Hash) error {
	return f.store.SetGenesis(ctx, h)
}

// HashAt implements logpoller.Store.
func (f *follower) HashAt(ctx context.Context, number uint64) (common.Hash, bool, error) {
	return f.store.HashAt(ctx, number)
}

// Apply implements logpoller.Store.
func (f *follower) Apply(ctx context.Context, r logpoller.Range) error {
	blocks := make([]state.Block, len(r.Headers))
	times := make(map[common.Hash]uint64, len(r.Headers))
	for i, h := range r.Headers {
		blocks[i] = toBlock(h)
		times[h.Hash] = h.Time
	}
	var events []state.Event
	var grants []state.Grant
	var nAccess, nKey int
	for i := range r.Logs {
		l := &r.Logs[i]
		ev, g, err := f.decode(l, times[l.BlockHash])
		if err != nil {
			// Only our own contracts' logs are followed, so this means an ABI mismatch, not
			// a request; without an id there is nothing to answer.
			f.log.Error().Err(err).Uint64("block", l.BlockNumber).Uint("index", l.Index).Stringer("tx", l.TxHash).Msg("undecodable log skipped")
			continue
		}
		switch {
		case ev != nil:
			events = append(events, *ev)
			if ev.Key.Kind == state.KindAccess {
				nAccess++
			} else {
				nKey++
			}
		case g != nil:
			grants = append(grants, *g)
		}
	}
	settled, err := f.store.Apply(ctx, blocks, events, grants)
	if err != nil {
		return err
	}
	if settled > 0 {
		// Answers became final, or reorged answers were reopened, or withdrawn: the
		// dispatcher has work beyond the due jobs.
		f.rescan()
	}
	f.metrics.events.WithLabelValues(state.KindAccess.String()).Add(float64(nAccess))
	f.metrics.events.WithLabelValues(state.KindKey.String()).Add(float64(nKey))
	if len(events) > 0 {
		f.log.Debug().Int("access", nAccess).Int("key", nKey).Uint64("to", r.Last().Number).Msg("requests applied")
		f.hook.at(PointApplied)
		f.notify()
	}
	return nil
}

// Rollback implements logpoller.Store.
func (f *follower) Rollback(ctx context.Context, to logpoller.Header) error {
	if err := f.store.Rollback(ctx, toBlock(to)); err != nil {
		return err
	}
	f.metrics.rollbacks.Inc()
	f.rescan()
	return nil
}

func (f *follower) decode(l *types.Log, blockTime uint64) (*state.Event, *state.Grant, error) {
	if len(l.Topics) == 0 {
		return nil, nil, fmt.Errorf("log without topics")
	}
	base := state.Event{Block: l.BlockNumber, BlockHash: l.BlockHash, BlockTime: blockTime, LogIndex: l.Index, TxHash: l.TxHash}
	switch {
	case l.Topics[0] == topicInvoked && l.Address == f.set.Addresses.Access:
		e, err := f.set.Access.ABI.UnpackAccessInvokedEvent(l)
		if err != nil {
			return nil, nil, fmt.Errorf("AccessInvoked: %w", err)
		}
		base.Key = state.Key{Kind: state.KindAccess, ID: e.AccessId}
		base.RequestID, base.Requester, base.Patient, base.RecordID, base.Version = e.RequestId, e.Requester, e.Patient, e.RecordId, e.Version
		return &base, nil, nil
	case l.Topics[0] == topicGranted && l.Address == f.set.Addresses.Access:
		e, err := f.set.Access.ABI.UnpackAccessGrantedEvent(l)
		if err != nil {
			return nil, nil, fmt.Errorf("AccessGranted: %w", err)
		}
		return nil, &state.Grant{RequestID: e.RequestId, Block: l.BlockNumber, BlockHash: l.BlockHash, RekeyRef: e.RekeyRef, Commitment: e.RekeyCommitment}, nil
	case l.Topics[0] == topicRequested && l.Address == f.set.Addresses.Keys:
		e, err := f.set.Keys.ABI.UnpackKeyRequestedEvent(l)
		if err != nil {
			return nil, nil, fmt.Errorf("KeyRequested: %w", err)
		}
		base.Key = state.Key{Kind: state.KindKey, ID: e.RequestId}
		base.RequestID, base.Requester, base.Patient, base.AttributesHash = e.RequestId, e.Requester, e.Patient, e.AttributesHash
		return &base, nil, nil
	}
	return nil, nil, nil
}
