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
//
// A node on another chain is not a reorg either. A store that remembers the genesis hash
// (ChainStore) is checked against the node's before the first step, after every failed step and
// before every rollback; and when no block the store holds, down to StartBlock, is on the node's
// chain, the poller stops with ErrWrongChain instead of rolling back past the deployment. Either
// way nothing is rolled back and the error names both chains: a development chain that was reset,
// or an RPC URL pointing at the wrong network, must never wipe a consumer's data.
package logpoller

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
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

// ChainStore is implemented by stores that remember which chain they follow, by its genesis
// hash. The poller records the node's genesis in a fresh store (or in one that has a cursor the
// node agrees with) and from then on refuses, with ErrWrongChain, a node whose genesis differs.
type ChainStore interface {
	// Genesis returns the recorded genesis hash; false when none is recorded.
	Genesis(ctx context.Context) (common.Hash, bool, error)
	// SetGenesis records the genesis hash.
	SetGenesis(ctx context.Context, hash common.Hash) error
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
	// Finalized applies blocks only up to the node's finalized block (and at least
	// Confirmations deep). A node that reports no finalized block yet is waited for; one that
	// does not know the tag makes Run fall back to FallbackConfirmations, with a warning.
	Finalized bool
	// MaxRange bounds the blocks fetched and applied in one step. Zero means DefaultMaxRange.
	MaxRange uint64
	// PollInterval is how often Run asks for a new head when nothing wakes it sooner. Zero
	// means DefaultPollInterval.
	PollInterval time.Duration
	// MaxBackoff caps the wait between retries of a failed step, and so bounds how long the
	// poller takes to notice that a node that was down is back. Zero means DefaultMaxBackoff.
	MaxBackoff time.Duration
}

// Defaults for zero Config fields.
const (
	DefaultMaxRange     = 1000
	DefaultPollInterval = 2 * time.Second
	DefaultMaxBackoff   = time.Second
)

var (
	// ErrInconsistent means the node's answers did not fit together: headers that do not link,
	// or logs whose block hashes are not those of the fetched headers. Usually the chain moved
	// between two calls; the step is abandoned without touching the store and retried.
	ErrInconsistent = errors.New("node returned inconsistent data")
	// ErrReorgTooDeep means a reorg reached below every header the store still has, so there is
	// no common ancestor to roll back to. Run stops with it: an operator has to decide.
	ErrReorgTooDeep = errors.New("reorg deeper than the stored headers")
	// ErrWrongChain means the node disagrees with the store about the genesis block, or about
	// every block the store holds down to StartBlock: it is a different chain, or the chain was
	// reset. Run stops with it; nothing is rolled back.
	ErrWrongChain = errors.New("node is on a different chain than the store")
)

// Poller follows logs into a Store. Step and Run must not be called concurrently; Status may be
// called at any time.
type Poller struct {
	client  Client
	headers headerSource
	cfg     Config
	store   Store
	log     zerolog.Logger

	// chainOK is set once the node's genesis has been checked against the store's (or
	// recorded), and cleared whenever the node may have changed: after a failed step, when it
	// is behind, and before a rollback.
	chainOK bool
	genesis common.Hash // the node's genesis when last read
	behind  behindLog
	// noFinalizedTag is set once the node has refused the finalized block tag.
	noFinalizedTag atomic.Bool

	mu     sync.Mutex
	status Status
}

// New returns a poller reading through client into store.
func New(client Client, cfg Config, store Store, log zerolog.Logger) *Poller {
	if cfg.MaxRange == 0 {
		cfg.MaxRange = DefaultMaxRange
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = DefaultPollInterval
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = DefaultMaxBackoff
	}
	return &Poller{client: client, headers: newHeaderSource(client), cfg: cfg, store: store, log: log}
}

// Step makes one move: apply the next confirmed range, roll back to a common ancestor after a
// reorg, or nothing when there is nothing new or the node is behind. It reports whether the
// store changed. Errors leave the store as it was; they wrap ErrInconsistent, ErrReorgTooDeep
// or ErrWrongChain, or are transport and store errors worth retrying.
func (p *Poller) Step(ctx context.Context) (bool, error) {
	advanced, err := p.step(ctx)
	p.noteStep(err)
	return advanced, err
}

func (p *Poller) step(ctx context.Context) (bool, error) {
	cursor, haveCursor, err := p.store.Cursor(ctx)
	if err != nil {
		return false, fmt.Errorf("read cursor: %w", err)
	}
	p.noteCursor(cursor, haveCursor)
	if err := p.checkChain(ctx, cursor, haveCursor); err != nil {
		return false, err
	}
	pl, err := p.plan(ctx, cursor, haveCursor)
	if err != nil {
		return false, err
	}
	return p.execute(ctx, cursor, pl)
}

// Canonical reports whether h is the node's block at its height (false when the node has
// another block there, or none): whether what a store applied up to h is still the node's chain.
func (p *Poller) Canonical(ctx context.Context, h Header) (bool, error) {
	hs, err := p.headers.byRange(ctx, h.Number, h.Number)
	if errors.Is(err, errMissing) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return hs[0].Hash == h.Hash, nil
}

// CheckChain compares the node's genesis with the one the store recorded, recording it in a
// store that has none, and returns ErrWrongChain (wrapped, naming both) when they differ. Step
// and Run do this themselves; services call it before they start serving, so that a node on
// the wrong chain stops them at once with nothing written.
func (p *Poller) CheckChain(ctx context.Context) error {
	cursor, haveCursor, err := p.store.Cursor(ctx)
	if err != nil {
		return fmt.Errorf("read cursor: %w", err)
	}
	p.chainOK = false
	return p.checkChain(ctx, cursor, haveCursor)
}

// checkChain is CheckChain once per connection: it does nothing while chainOK holds and the
// store has a cursor. Without a cursor it checks every time: nothing else would notice a node
// replaced by another chain before the first range is applied.
func (p *Poller) checkChain(ctx context.Context, cursor Header, haveCursor bool) error {
	if p.chainOK && haveCursor {
		return nil
	}
	g, err := p.headers.byRange(ctx, 0, 0)
	if errors.Is(err, errMissing) {
		// A node that cannot show its genesis is lagging or pruned oddly; the ancestor search
		// still refuses a foreign chain at StartBlock.
		return nil
	}
	if err != nil {
		return fmt.Errorf("genesis header: %w", err)
	}
	p.genesis = g[0].Hash
	cs, ok := p.store.(ChainStore)
	if !ok {
		p.chainOK = true
		return nil
	}
	stored, have, err := cs.Genesis(ctx)
	if err != nil {
		return fmt.Errorf("stored genesis: %w", err)
	}
	if have {
		if stored != p.genesis {
			err := fmt.Errorf("%w: the store follows the chain with genesis %s, the node serves the chain with genesis %s; "+
				"nothing was rolled back (was the chain reset, or is the RPC URL another network's?)",
				ErrWrongChain, stored.Hex(), p.genesis.Hex())
			p.log.Error().Str("store_genesis", stored.Hex()).Str("node_genesis", p.genesis.Hex()).Msg("node is on another chain; stopping")
			return err
		}
		p.chainOK = true
		return nil
	}
	if haveCursor {
		// A store written before genesis hashes were recorded: record it only once the node
		// shows the stored cursor, so a foreign chain is never recorded as ours.
		h, err := p.headers.byRange(ctx, cursor.Number, cursor.Number)
		if errors.Is(err, errMissing) || (err == nil && h[0].Hash != cursor.Hash) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("header %d: %w", cursor.Number, err)
		}
	}
	if err := cs.SetGenesis(ctx, p.genesis); err != nil {
		return fmt.Errorf("record genesis: %w", err)
	}
	p.log.Info().Str("genesis", p.genesis.Hex()).Msg("recorded the chain's genesis")
	p.chainOK = true
	return nil
}

// planKind is what a step does.
type planKind int

const (
	idle   planKind = iota // nothing to do now
	apply                  // apply rng
	rewind                 // the node's chain does not continue the cursor: find the ancestor
	behind                 // the node's head is below the cursor
)

type plan struct {
	kind planKind
	rng  Range
	head uint64 // the node's head when planned
}

// plan decides the step after cursor from the node alone, without touching the store, so that
// Run can plan the next range while the store applies this one.
func (p *Poller) plan(ctx context.Context, cursor Header, haveCursor bool) (plan, error) {
	head, err := p.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return plan{}, fmt.Errorf("latest header: %w", err)
	}
	headNum := head.Number.Uint64()
	p.noteHead(headNum)
	if haveCursor && headNum < cursor.Number {
		return plan{kind: behind, head: headNum}, nil
	}
	conf, useFinalized := p.depth()
	if headNum < conf {
		return plan{head: headNum}, nil
	}
	safe := headNum - conf
	if useFinalized {
		fin, ok, err := p.finalized(ctx)
		if err != nil {
			return plan{}, err
		}
		if !ok {
			return plan{head: headNum}, nil
		}
		safe = min(safe, fin)
	}
	p.noteTarget(safe)
	next := p.cfg.StartBlock
	if haveCursor {
		next = cursor.Number + 1
	}
	if safe < next {
		if haveCursor && safe == cursor.Number {
			// Caught up: a reorg that kept the height (anvil_reorg, or a fork choice between two
			// blocks at the head) shows only as another block at the cursor's height.
			hs, err := p.headers.byRange(ctx, cursor.Number, cursor.Number)
			if err == nil && hs[0].Hash != cursor.Hash {
				p.log.Warn().Uint64("cursor", cursor.Number).Str("stored_hash", cursor.Hash.Hex()).Str("node_hash", hs[0].Hash.Hex()).
					Msg("the node has another block at the cursor's height: possible reorg")
				return plan{kind: rewind, head: headNum}, nil
			}
			if err != nil && !errors.Is(err, errMissing) {
				return plan{}, fmt.Errorf("header %d: %w", cursor.Number, err)
			}
		}
		return plan{head: headNum}, nil
	}
	end := min(safe, next+p.cfg.MaxRange-1)

	hs, err := p.headers.byRange(ctx, next, end)
	if errors.Is(err, errMissing) {
		p.log.Warn().Uint64("from", next).Uint64("to", end).Uint64("node_head", headNum).Err(err).
			Msg("node reported a head but lacks blocks below it; treating it as lagging and waiting")
		return plan{head: headNum}, nil
	}
	if err != nil {
		return plan{}, fmt.Errorf("headers %d-%d: %w", next, end, err)
	}
	if haveCursor && hs[0].ParentHash != cursor.Hash {
		p.log.Warn().Uint64("cursor", cursor.Number).Str("stored_hash", cursor.Hash.Hex()).
			Str("node_parent_hash", hs[0].ParentHash.Hex()).Msg("parent hash differs from the stored cursor: possible reorg")
		return plan{kind: rewind, head: headNum}, nil
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
	return plan{kind: apply, rng: Range{Headers: hs, Logs: logs}, head: headNum}, nil
}

// depth is the confirmations kept behind the head and whether the finalized block is waited for.
func (p *Poller) depth() (uint64, bool) {
	if p.cfg.Finalized && p.noFinalizedTag.Load() {
		return max(p.cfg.Confirmations, FallbackConfirmations), false
	}
	return p.cfg.Confirmations, p.cfg.Finalized
}

// finalized returns the node's finalized block number; false when it has none yet. A node that
// does not know the tag at all is followed FallbackConfirmations behind its head instead.
func (p *Poller) finalized(ctx context.Context) (uint64, bool, error) {
	h, err := p.client.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
	switch {
	case err == nil && h != nil:
		return h.Number.Uint64(), true, nil
	case errors.Is(err, ethereum.NotFound) || (err == nil && h == nil) || isNoFinalized(err):
		return 0, false, nil
	case isUnknownTag(err):
		if !p.noFinalizedTag.Swap(true) {
			p.log.Warn().Err(err).Uint64("confirmations", max(p.cfg.Confirmations, FallbackConfirmations)).
				Msg("the node does not know the finalized block tag; following a fixed depth instead")
		}
		return 0, false, nil
	}
	return 0, false, fmt.Errorf("finalized header: %w", err)
}

// The nodes' wordings: geth "finalized block not found", anvil answers a block; old nodes
// reject the tag as an invalid argument.
func isNoFinalized(err error) bool {
	return err != nil && strings.Contains(strings.ToLower(err.Error()), "finalized block not found")
}

func isUnknownTag(err error) bool {
	if err == nil {
		return false
	}
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "invalid argument") || strings.Contains(s, "invalid block") || strings.Contains(s, "unknown block")
}

// execute carries out a plan made for cursor.
func (p *Poller) execute(ctx context.Context, cursor Header, pl plan) (bool, error) {
	if pl.kind != behind {
		p.behind.caughtUp(p.log, pl.head)
	}
	switch pl.kind {
	case rewind:
		p.chainOK = false
		if err := p.checkChain(ctx, cursor, true); err != nil {
			return false, err
		}
		return p.rewind(ctx, cursor)
	case behind:
		return false, p.nodeBehind(ctx, cursor, pl.head)
	case apply:
		first, last := pl.rng.First().Number, pl.rng.Last().Number
		if err := p.store.Apply(ctx, pl.rng); err != nil {
			return false, fmt.Errorf("apply %d-%d: %w", first, last, err)
		}
		p.noteCursor(pl.rng.Last(), true)
		p.log.Debug().Uint64("from", first).Uint64("to", last).Int("logs", len(pl.rng.Logs)).Msg("applied range")
		return true, nil
	default:
		return false, nil
	}
}

// nodeBehind handles a node whose head is below the cursor. If the node has the store's block at
// its head height it is lagging: wait. If it has another block there, its chain is shorter and
// different: a reset chain (refused by the genesis check) or a reorg onto a shorter branch,
// which is rolled back once the branch passes the cursor. Nothing is rolled back here.
func (p *Poller) nodeBehind(ctx context.Context, cursor Header, head uint64) error {
	p.chainOK = false
	if err := p.checkChain(ctx, cursor, true); err != nil {
		return err
	}
	stored, ok, err := p.store.HashAt(ctx, head)
	if err != nil {
		return fmt.Errorf("stored hash at %d: %w", head, err)
	}
	differs := false
	if ok {
		hs, err := p.headers.byRange(ctx, head, head)
		if err != nil && !errors.Is(err, errMissing) {
			return fmt.Errorf("header %d: %w", head, err)
		}
		differs = err == nil && hs[0].Hash != stored
	}
	p.behind.note(p.log, cursor, head, differs)
	return nil
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
	// Nothing the store has, down to the first block it follows, is on the node's chain: that
	// is another chain (or the deployment itself was reorged away), never something to roll
	// back over.
	stored, _, err := p.store.HashAt(ctx, floor)
	if err != nil {
		return false, fmt.Errorf("stored hash at %d: %w", floor, err)
	}
	if floor == cursor.Number {
		stored = cursor.Hash
	}
	node, err := p.headers.byRange(ctx, floor, floor)
	if err != nil {
		return false, fmt.Errorf("header %d: %w", floor, err)
	}
	p.log.Error().Uint64("start_block", floor).Str("store_hash", stored.Hex()).Str("node_hash", node[0].Hash.Hex()).
		Str("node_genesis", p.genesis.Hex()).Uint64("cursor", cursor.Number).Msg("no stored block is on the node's chain; stopping")
	return false, fmt.Errorf("%w: no block the store holds (%d-%d) is on the node's chain: at block %d the store has %s, "+
		"the node (genesis %s) has %s; nothing was rolled back (was the chain reset, or is the RPC URL another network's?)",
		ErrWrongChain, floor, cursor.Number, floor, stored.Hex(), p.genesis.Hex(), node[0].Hash.Hex())
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
