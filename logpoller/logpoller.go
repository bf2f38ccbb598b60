// Package logpoller follows contract logs on an Ethereum chain and hands them to a consumer's
// durable Store one bounded block range at a time, surviving reorgs and unreliable nodes.
//
// The design follows two well-known followers: the Optimism indexer's header traversal (fetch
// every header of a range, check that each links to the one before and the first to the last
// one applied) and Chainlink's LogPoller (on a hash mismatch walk back to the latest common
// ancestor and roll the consumer back to it). The consumer owns all durable state, cursor
// included, and applies a range atomically, so a crash at any point leaves either the state
// before the range or the state after it.
//
// A node that is merely behind is not a reorg. When the node's head is below the cursor, or it
// has no block at a height the store has, the poller logs a warning and waits instead of rolling
// anything back: a load-balanced RPC endpoint that answers from a lagging replica must never
// wipe a consumer's data.
package logpoller

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/rs/zerolog"
)

// Header is the part of a block header the poller needs.
type Header struct {
	Number     uint64      `json:"number"`
	Hash       common.Hash `json:"hash"`
	ParentHash common.Hash `json:"parentHash"`
	Time       uint64      `json:"time"`
}

// Range is what the poller hands to Store.Apply: every block in the range, ascending and
// linked by parent hash, and the matching logs of those blocks, ascending by (block, index).
// Every log's BlockHash is the hash of the header at its height.
type Range struct {
	Headers []Header
	Logs    []types.Log
}

// First is the lowest header of the range.
func (r Range) First() Header { return r.Headers[0] }

// Last is the highest header of the range: the cursor after Apply.
func (r Range) Last() Header { return r.Headers[len(r.Headers)-1] }

// Store is the consumer's durable state.
//
// Apply and Rollback must each be atomic (one database transaction), so that a crash at any
// point leaves either the old or the new state, and Apply must be idempotent for a range it has
// applied already (writes keyed by block hash and log index), because a crash after the commit
// but before the poller learns of it makes the poller fetch the range again.
type Store interface {
	// Cursor returns the last applied header; false when nothing has been applied.
	Cursor(ctx context.Context) (Header, bool, error)
	// HashAt returns the stored hash of the block at number; false when none is stored.
	// The poller asks only for heights at or below the cursor, to find a common ancestor.
	HashAt(ctx context.Context, number uint64) (common.Hash, bool, error)
	// Apply stores the effects of r and makes r.Last() the cursor, atomically.
	Apply(ctx context.Context, r Range) error
	// Rollback drops everything above to.Number and makes to the cursor, atomically.
	Rollback(ctx context.Context, to Header) error
}

// Client is the part of an Ethereum client the poller needs. An *ethclient.Client satisfies it;
// when the client also exposes its *rpc.Client (ethclient's Client method), headers are fetched
// with JSON-RPC batch calls, and when it can SubscribeNewHead (WebSocket or in-process), Run
// wakes on new heads instead of waiting for the next poll.
type Client interface {
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
}

// Config says what to follow and how.
type Config struct {
	// Addresses and Topics filter logs as in eth_getLogs.
	Addresses []common.Address
	Topics    [][]common.Hash
	// StartBlock is the first block to read when the store is empty (the deployment block).
	StartBlock uint64
	// Confirmations is how many blocks must be built on a block before it is applied
	// (0 applies the head at once: simulated chains and anvil).
	Confirmations uint64
	// MaxRange bounds the blocks fetched and applied in one step. Zero means DefaultMaxRange.
	MaxRange uint64
	// PollInterval is how often Run asks for a new head when nothing wakes it sooner. Zero
	// means DefaultPollInterval.
	PollInterval time.Duration
}

// Defaults for zero Config fields.
const (
	DefaultMaxRange     = 1000
	DefaultPollInterval = 2 * time.Second
)

var (
	// ErrInconsistent means the node's answers did not fit together: headers that do not link,
	// or logs whose block hashes are not those of the fetched headers. Usually the chain moved
	// between two calls; the step is abandoned without touching the store and retried.
	ErrInconsistent = errors.New("node returned inconsistent data")
	// ErrReorgTooDeep means a reorg reached below every header the store still has, so there is
	// no common ancestor to roll back to. Run stops with it: an operator has to decide.
	ErrReorgTooDeep = errors.New("reorg deeper than the stored headers")
	// ErrWrongChain means the node disagrees with the store about the genesis block or the
	// block before StartBlock: it is a different chain. Run stops with it.
	ErrWrongChain = errors.New("node is on a different chain than the store")
)

// Poller follows logs into a Store. Its methods must not be called concurrently.
type Poller struct {
	client  Client
	headers headerSource
	cfg     Config
	store   Store
	log     zerolog.Logger
}

// New returns a poller reading through client into store.
func New(client Client, cfg Config, store Store, log zerolog.Logger) *Poller {
	if cfg.MaxRange == 0 {
		cfg.MaxRange = DefaultMaxRange
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = DefaultPollInterval
	}
	return &Poller{client: client, headers: newHeaderSource(client), cfg: cfg, store: store, log: log}
}

// Step makes one move: apply the next confirmed range, roll back to a common ancestor after a
// reorg, or nothing when there is nothing new or the node is behind. It reports whether the
// store changed. Errors leave the store as it was; they wrap ErrInconsistent, ErrReorgTooDeep
// or ErrWrongChain, or are transport and store errors worth retrying.
func (p *Poller) Step(ctx context.Context) (bool, error) {
	cursor, haveCursor, err := p.store.Cursor(ctx)
	if err != nil {
		return false, fmt.Errorf("read cursor: %w", err)
	}
	pl, err := p.plan(ctx, cursor, haveCursor)
	if err != nil {
		return false, err
	}
	return p.execute(ctx, cursor, pl)
}

// planKind is what a step does.
type planKind int

const (
	idle   planKind = iota // nothing to do now
	apply                  // apply rng
	rewind                 // the node's chain does not continue the cursor: find the ancestor
)

type plan struct {
	kind planKind
	rng  Range
}

// plan decides the step after cursor from the node alone, without touching the store, so that
// Run can plan the next range while the store applies this one.
func (p *Poller) plan(ctx context.Context, cursor Header, haveCursor bool) (plan, error) {
	head, err := p.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return plan{}, fmt.Errorf("latest header: %w", err)
	}
	headNum := head.Number.Uint64()
	if haveCursor && headNum < cursor.Number {
		p.log.Warn().Uint64("node_head", headNum).Uint64("cursor", cursor.Number).Str("cursor_hash", cursor.Hash.Hex()).
			Msg("node is behind the stored cursor; not a reorg, nothing rolled back, waiting for it to catch up")
		return plan{}, nil
	}
	if headNum < p.cfg.Confirmations {
		return plan{}, nil
	}
	safe := headNum - p.cfg.Confirmations
	next := p.cfg.StartBlock
	if haveCursor {
		next = cursor.Number + 1
	}
	if safe < next {
		return plan{}, nil
	}
	end := min(safe, next+p.cfg.MaxRange-1)

	hs, err := p.headers.byRange(ctx, next, end)
	if errors.Is(err, errMissing) {
		p.log.Warn().Uint64("from", next).Uint64("to", end).Uint64("node_head", headNum).Err(err).
			Msg("node reported a head but lacks blocks below it; treating it as lagging and waiting")
		return plan{}, nil
	}
	if err != nil {
		return plan{}, fmt.Errorf("headers %d-%d: %w", next, end, err)
	}
	if haveCursor && hs[0].ParentHash != cursor.Hash {
		p.log.Warn().Uint64("cursor", cursor.Number).Str("stored_hash", cursor.Hash.Hex()).
			Str("node_parent_hash", hs[0].ParentHash.Hex()).Msg("parent hash differs from the stored cursor: possible reorg")
		return plan{kind: rewind}, nil
	}
	if err := checkLinks(hs); err != nil {
		return plan{}, err
	}

	logs, err := p.client.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(next),
		ToBlock:   new(big.Int).SetUint64(end),
		Addresses: p.cfg.Addresses,
		Topics:    p.cfg.Topics,
	})
	if err != nil {
		return plan{}, fmt.Errorf("logs %d-%d: %w", next, end, err)
	}
	if err := matchLogs(hs, logs); err != nil {
		// The logs came from another fork than the headers: the chain moved between the
		// calls. If it moved below the cursor the next step's parent check finds it.
		return plan{}, err
	}
	return plan{kind: apply, rng: Range{Headers: hs, Logs: logs}}, nil
}

// execute carries out a plan made for cursor.
func (p *Poller) execute(ctx context.Context, cursor Header, pl plan) (bool, error) {
	switch pl.kind {
	case rewind:
		return p.rewind(ctx, cursor)
	case apply:
		first, last := pl.rng.First().Number, pl.rng.Last().Number
		if err := p.store.Apply(ctx, pl.rng); err != nil {
			return false, fmt.Errorf("apply %d-%d: %w", first, last, err)
		}
		p.log.Debug().Uint64("from", first).Uint64("to", last).Int("logs", len(pl.rng.Logs)).Msg("applied range")
		return true, nil
	default:
		return false, nil
	}
}

// rewind looks for the latest block where the store and the node agree and rolls back to it.
// The node's headers are fetched in descending batches; a height the node does not have means
// it is lagging, not reorging, and nothing is rolled back.
func (p *Poller) rewind(ctx context.Context, cursor Header) (bool, error) {
	floor := min(p.cfg.StartBlock, cursor.Number)
	const batch = 64
	for hi := cursor.Number; ; {
		lo := floor
		if hi-floor >= batch {
			lo = hi - batch + 1
		}
		hs, err := p.headers.byRange(ctx, lo, hi)
		if errors.Is(err, errMissing) {
			p.log.Warn().Uint64("from", lo).Uint64("to", hi).Uint64("cursor", cursor.Number).Err(err).
				Msg("false reorg: node lacks blocks the store has; it is behind, nothing rolled back")
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("ancestor search %d-%d: %w", lo, hi, err)
		}
		for i := len(hs) - 1; i >= 0; i-- {
			h := hs[i]
			stored := cursor.Hash
			if h.Number != cursor.Number {
				s, ok, err := p.store.HashAt(ctx, h.Number)
				if err != nil {
					return false, fmt.Errorf("stored hash at %d: %w", h.Number, err)
				}
				if !ok {
					p.log.Error().Uint64("height", h.Number).Uint64("cursor", cursor.Number).
						Msg("reorg reaches below the stored headers; stopping")
					return false, fmt.Errorf("%w: no stored hash at %d (cursor %d)", ErrReorgTooDeep, h.Number, cursor.Number)
				}
				stored = s
			}
			if stored == h.Hash {
				return p.rollback(ctx, cursor, h)
			}
		}
		if lo == floor {
			break
		}
		hi = lo - 1
	}
	// Nothing the store has is on the node's chain: re-anchor before the first stored block.
	if floor == 0 {
		p.log.Error().Uint64("cursor", cursor.Number).Msg("node disagrees about the genesis block; stopping")
		return false, fmt.Errorf("%w: genesis differs", ErrWrongChain)
	}
	anchor, err := p.headers.byRange(ctx, floor-1, floor-1)
	if errors.Is(err, errMissing) {
		p.log.Warn().Uint64("height", floor-1).Msg("false reorg: node lacks the block before the start; nothing rolled back")
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("anchor header %d: %w", floor-1, err)
	}
	return p.rollback(ctx, cursor, anchor[0])
}

func (p *Poller) rollback(ctx context.Context, cursor, to Header) (bool, error) {
	depth := cursor.Number - to.Number
	ev := p.log.Warn()
	if depth > p.cfg.Confirmations && p.cfg.Confirmations > 0 {
		ev = p.log.Error() // a reorg deeper than the confirmation depth we were told to trust
	}
	ev.Uint64("ancestor", to.Number).Str("ancestor_hash", to.Hash.Hex()).Uint64("old_cursor", cursor.Number).
		Uint64("depth", depth).Msg("reorg: rolling back to the common ancestor")
	if err := p.store.Rollback(ctx, to); err != nil {
		return false, fmt.Errorf("rollback to %d: %w", to.Number, err)
	}
	return true, nil
}

// checkLinks verifies that each header's parent is the one before it.
func checkLinks(hs []Header) error {
	for i := 1; i < len(hs); i++ {
		if hs[i].ParentHash != hs[i-1].Hash {
			return fmt.Errorf("%w: block %d's parent %s is not block %d's hash %s",
				ErrInconsistent, hs[i].Number, hs[i].ParentHash.Hex(), hs[i-1].Number, hs[i-1].Hash.Hex())
		}
	}
	return nil
}

// matchLogs verifies that every log belongs to one of the headers and sorts logs ascending.
func matchLogs(hs []Header, logs []types.Log) error {
	first := hs[0].Number
	for i := range logs {
		l := &logs[i]
		if l.Removed {
			return fmt.Errorf("%w: removed log in block %d", ErrInconsistent, l.BlockNumber)
		}
		if l.BlockNumber < first || l.BlockNumber-first >= uint64(len(hs)) {
			return fmt.Errorf("%w: log in block %d outside %d-%d", ErrInconsistent, l.BlockNumber, first, hs[len(hs)-1].Number)
		}
		if want := hs[l.BlockNumber-first].Hash; l.BlockHash != want {
			return fmt.Errorf("%w: log %d of block %d has block hash %s, header says %s",
				ErrInconsistent, l.Index, l.BlockNumber, l.BlockHash.Hex(), want.Hex())
		}
	}
	sort.SliceStable(logs, func(i, j int) bool {
		if logs[i].BlockNumber != logs[j].BlockNumber {
			return logs[i].BlockNumber < logs[j].BlockNumber
		}
		return logs[i].Index < logs[j].Index
	})
	for i := 1; i < len(logs); i++ {
		if logs[i].BlockNumber == logs[i-1].BlockNumber && logs[i].Index == logs[i-1].Index {
			return fmt.Errorf("%w: log %d of block %d returned twice", ErrInconsistent, logs[i].Index, logs[i].BlockNumber)
		}
	}
	return nil
}
