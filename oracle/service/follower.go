package service

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/oracle/state"
)

// follower is the log poller's Store: it decodes the contracts' logs into jobs and grants and
// hands them, with the headers, to the state database in one transaction.
type follower struct {
	store *state.Store
	set   *contracts.Set
	self  common.Address // the node's account: its own reveals need no check
	// revealed is told each other member's reveal as it is decoded, so its check need not look
	// for it on chain again.
	revealed func(k state.Key, node common.Address, fragment, proof []byte)
	// erased is told the records whose erasure was applied, to drop what the node keeps of
	// them outside the state database.
	erased  func(ctx context.Context, recordIDs [][32]byte)
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
	topicInvoked       = bindings.NewAccessLedger().GetABI().Events[bindings.AccessLedgerAccessInvokedEventName].ID
	topicReadRequested = bindings.NewAttributeReads().GetABI().Events[bindings.AttributeReadsReadRequestedEventName].ID
	topicTokenRequest  = bindings.NewKeywordIndex().GetABI().Events[bindings.KeywordIndexTokenRequestedEventName].ID
	topicCareRequested = bindings.NewCareReads().GetABI().Events[bindings.CareReadsCapsuleReadRequestedEventName].ID
	// Every gate shares ThresholdAnswers' events: the same topics at each gate's address.
	topicFulfilled = bindings.NewAccessLedger().GetABI().Events[bindings.AccessLedgerAnswerFulfilledEventName].ID
	topicRevealed  = bindings.NewAccessLedger().GetABI().Events[bindings.AccessLedgerAnswerRevealedEventName].ID
	topicRequested = bindings.NewKeyIssuer().GetABI().Events[bindings.KeyIssuerKeyRequestedEventName].ID
	topicErased    = bindings.NewRecordRegistry().GetABI().Events[bindings.RecordRegistryRecordErasedEventName].ID
)

// filter returns the addresses and topics the role follows.
func (f *follower) filter() ([]common.Address, [][]common.Hash) {
	var addrs []common.Address
	var topics []common.Hash
	if f.role.Proxy() {
		addrs = append(addrs, f.set.Addresses.Access, f.set.Addresses.Reads, f.set.Addresses.Index)
		topics = append(topics, topicInvoked, topicReadRequested, topicTokenRequest, topicFulfilled, topicRevealed)
		if f.set.Addresses.Care != (common.Address{}) {
			addrs = append(addrs, f.set.Addresses.Care)
			topics = append(topics, topicCareRequested)
		}
		// A record's erasure: the node forgets what it keeps for the record's accesses.
		addrs = append(addrs, f.set.Addresses.Records)
		topics = append(topics, topicErased)
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
	var erasures []state.Erasure
	var nAccess, nKey int
	for i := range r.Logs {
		l := &r.Logs[i]
		if l.Address == f.set.Addresses.Records && len(l.Topics) > 0 && l.Topics[0] == topicErased {
			e, err := f.set.Records.ABI.UnpackRecordErasedEvent(l)
			if err != nil {
				f.log.Error().Err(err).Uint64("block", l.BlockNumber).Uint("index", l.Index).Stringer("tx", l.TxHash).Msg("undecodable RecordErased skipped")
				continue
			}
			erasures = append(erasures, state.Erasure{RecordID: e.RecordId, Block: l.BlockNumber, BlockHash: l.BlockHash})
			continue
		}
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
			if ev.Key.Kind == state.KindKey {
				nKey++
			} else {
				nAccess++
			}
		case g != nil:
			grants = append(grants, *g)
		}
	}
	settled, err := f.store.Apply(ctx, blocks, events, grants, erasures...)
	if err != nil {
		return err
	}
	if len(erasures) > 0 {
		ids := make([][32]byte, len(erasures))
		for i, x := range erasures {
			ids[i] = x.RecordID
			f.log.Info().Hex("record", x.RecordID[:]).Uint64("block", x.Block).Msg("record erased: its answers and grants forgotten, no reveal of it will be sent")
		}
		if f.erased != nil {
			f.erased(ctx, ids)
		}
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

// gateKind is the job kind of a committee gate's address; 0 for any other address.
func (f *follower) gateKind(a common.Address) state.Kind {
	switch a {
	case f.set.Addresses.Access:
		return state.KindAccess
	case f.set.Addresses.Reads:
		return state.KindRead
	case f.set.Addresses.Index:
		return state.KindToken
	case f.set.Addresses.Care:
		if a != (common.Address{}) {
			return state.KindCare
		}
	}
	return 0
}

func (f *follower) decode(l *types.Log, blockTime uint64) (*state.Event, *state.Grant, error) {
	if len(l.Topics) == 0 {
		return nil, nil, fmt.Errorf("log without topics")
	}
	base := state.Event{Block: l.BlockNumber, BlockHash: l.BlockHash, BlockTime: blockTime, LogIndex: l.Index, TxHash: l.TxHash}
	gate := f.gateKind(l.Address)
	switch {
	case l.Topics[0] == topicInvoked && gate == state.KindAccess:
		e, err := f.set.Access.ABI.UnpackAccessInvokedEvent(l)
		if err != nil {
			return nil, nil, fmt.Errorf("AccessInvoked: %w", err)
		}
		base.Key = state.Key{Kind: state.KindAccess, ID: e.AccessId}
		base.RequestID, base.Requester, base.Patient, base.RecordID, base.Version = e.RequestId, e.Requester, e.Patient, e.RecordId, e.Version
		return &base, nil, nil
	case l.Topics[0] == topicReadRequested && gate == state.KindRead:
		e, err := f.set.Reads.ABI.UnpackReadRequestedEvent(l)
		if err != nil {
			return nil, nil, fmt.Errorf("ReadRequested: %w", err)
		}
		base.Key = state.Key{Kind: state.KindRead, ID: e.ReadId}
		base.RequestID, base.Requester, base.Patient, base.RecordID, base.Version = e.ReadId, e.Requester, e.Patient, e.RecordId, e.Version
		base.AttributesHash = crypto.Keccak256Hash(e.BlindedPoint)
		return &base, nil, nil
	case l.Topics[0] == topicTokenRequest && gate == state.KindToken:
		e, err := f.set.Index.ABI.UnpackTokenRequestedEvent(l)
		if err != nil {
			return nil, nil, fmt.Errorf("TokenRequested: %w", err)
		}
		base.Key = state.Key{Kind: state.KindToken, ID: e.RequestId}
		base.RequestID, base.Requester, base.Patient, base.Version = e.RequestId, e.Requester, e.Patient, e.Epoch
		base.AttributesHash = crypto.Keccak256Hash(e.BlindedPoint)
		return &base, nil, nil
	case l.Topics[0] == topicCareRequested && gate == state.KindCare:
		e, err := f.set.Care.ABI.UnpackCapsuleReadRequestedEvent(l)
		if err != nil {
			return nil, nil, fmt.Errorf("CapsuleReadRequested: %w", err)
		}
		base.Key = state.Key{Kind: state.KindCare, ID: e.ReadId}
		base.RequestID, base.Requester, base.Patient, base.RecordID, base.Version = e.ReadId, e.Requester, e.Patient, e.RecordId, e.Version
		base.AttributesHash = crypto.Keccak256Hash(e.BlindedPoint)
		return &base, nil, nil
	case l.Topics[0] == topicFulfilled && gate != 0:
		e, err := f.set.Access.ABI.UnpackAnswerFulfilledEvent(l)
		if err != nil {
			return nil, nil, fmt.Errorf("AnswerFulfilled: %w", err)
		}
		base.Key = state.Key{Kind: gate + state.KindReveal, ID: e.AccessId}
		base.RequestID, base.Requester = e.RequestId, e.Requester
		return &base, nil, nil
	case l.Topics[0] == topicRevealed && gate != 0:
		e, err := f.set.Access.ABI.UnpackAnswerRevealedEvent(l)
		if err != nil {
			return nil, nil, fmt.Errorf("AnswerRevealed: %w", err)
		}
		if e.Node == f.self {
			return nil, nil, nil // its own reveal: checked when it was made
		}
		base.Key = state.Key{Kind: gate + state.KindFault, ID: state.FaultID(e.AccessId, e.Member)}
		base.RequestID, base.Requester = e.AccessId, e.Node
		base.AttributesHash = crypto.Keccak256Hash(e.Fragment, e.Proof)
		if f.revealed != nil {
			f.revealed(base.Key, e.Node, e.Fragment, e.Proof)
		}
		return &base, nil, nil
	case l.Topics[0] == topicRequested && l.Address == f.set.Addresses.Keys:
		e, err := f.set.Keys.ABI.UnpackKeyRequestedEvent(l)
		if err != nil {
			return nil, nil, fmt.Errorf("KeyRequested: %w", err)
		}
		base.Key = state.Key{Kind: state.KindKey, ID: e.RequestId}
		base.RequestID, base.Requester, base.AttributesHash = e.RequestId, e.Requester, e.AttributesHash
		return &base, nil, nil
	}
	return nil, nil, nil
}
