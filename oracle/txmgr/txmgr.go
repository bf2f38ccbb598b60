// Package txmgr sends the oracle's transactions and sees them mined, in the shape of Optimism's
// op-service/txmgr: callers hand over a candidate (destination and calldata), and the manager
// estimates gas, assigns a nonce from a local counter, prices it with EIP-1559 fees, publishes
// it, bumps the fees by at least 10% while it is underpriced or stuck, and returns the receipt
// once it is buried under the configured number of confirmations.
//
// # Exactly once across restarts
//
// Every signed transaction is handed to the caller's Journal before it is broadcast, so a process
// that dies with a transaction in flight knows its nonce and hashes when it comes back. Resume
// takes those transactions, rebroadcasts them and waits for one of them instead of sending a new
// one. If the nonce was consumed by a transaction that is not among them, Resume reports
// ErrNonceConsumed, and the caller must read the chain to learn whether its answer is there.
//
// # Failures
//
// Gas estimation runs the call first, so a transaction the contract would refuse costs nothing:
// Send returns the decoded revert (errors.Is(err, contracts.ErrReverted)) without signing. A
// sender without funds gets ErrInsufficientFunds at once, with the nonce handed back. Any error
// before a transaction reaches the node's pool resets the nonce counter, which is then read again
// from the node, so a gap left by a failed send is filled by the next one. A receipt that
// disappears (its block reorged out) sends the manager back to waiting, with the transaction
// rebroadcast.
//
// # Transactions that must no longer be mined
//
// A caller can attach a Guard to a send. The manager asks it before publishing any version after
// the first and at every poll while it waits: Hold stops rebroadcasts and bumps until the caller
// knows more; Invalid (the answer was computed for an event a reorg replaced) makes the manager
// replace the transaction with a cancellation, a transfer of nothing to itself at the same nonce
// with higher fees, and return ErrCancelled once that is mined. A version mined before the
// cancellation could replace it is returned like any receipt: only the contract can refuse it.
//
// # Transactions the node lost
//
// While it waits, the manager checks that the node still knows the latest version; a node that
// dropped it (a restart, a pool flush) gets it again at once. A nonce below the ones in flight
// that no send of this manager owns and the node has nothing for (a transaction the node lost,
// or one reorged out after its send returned) holds every later transaction back: after
// NonceGapTimeout the lowest send in flight fills it with a cancellation, so the queue moves
// without a restart. When nothing is in flight the next send reads its nonce from the node
// again instead of trusting a counter the node may no longer agree with.
package txmgr

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/contracts"
)

var (
	// ErrInsufficientFunds means the sender cannot pay for gas. It is transient: the same send
	// succeeds once the account is funded.
	ErrInsufficientFunds = errors.New("txmgr: insufficient funds for gas")
	// ErrNonceConsumed means the nonce of a transaction being waited for was used by another
	// transaction: this one will never be mined.
	ErrNonceConsumed = errors.New("txmgr: nonce consumed by another transaction")
	// ErrFeeLimit means no transaction could enter the pool at fees within
	// Config.FeeLimitMultiplier of the first estimate.
	ErrFeeLimit = errors.New("txmgr: fee limit reached")
	// ErrNoTransactions means Resume was given nothing to wait for.
	ErrNoTransactions = errors.New("txmgr: no transactions to resume")
	// ErrCancelled means the guard declared the transaction Invalid and a cancellation took its
	// nonce: none of its versions will be mined.
	ErrCancelled = errors.New("txmgr: transaction withdrawn and replaced by a cancellation")
)

// Validity is a Guard's verdict on a transaction in flight.
type Validity uint8

// Verdicts.
const (
	// Valid: publish, rebroadcast and bump it as needed.
	Valid Validity = iota
	// Hold: publish and bump nothing for now, keep waiting for what was sent.
	Hold
	// Invalid: it must never be mined; replace it with a cancellation.
	Invalid
)

func (v Validity) String() string { return [...]string{"valid", "hold", "invalid"}[v] }

// Guard says whether the transaction of a send may still be mined. It is asked at every poll
// while the manager waits (publishing false: it must be cheap, a local lookup) and before every
// publication after the first (publishing true: it may also check that the caller's view of
// the chain is current, since a receipt that vanished or a node that lost the transaction can
// mean a reorg the caller has not seen yet). An error counts as Hold.
type Guard func(ctx context.Context, publishing bool) (Validity, error)

// CancelJournal is implemented by journals that record cancellations: a journal without it
// records none, which is safe (a cancellation answers nothing) but leaves no trace of it.
type CancelJournal interface {
	RecordCancel(ctx context.Context, tx *types.Transaction) error
}

// Backend is the part of a chain client the manager needs; *ethclient.Client and the simulated
// backend's client both satisfy it.
type Backend interface {
	ChainID(ctx context.Context) (*big.Int, error)
	PendingNonceAt(ctx context.Context, account common.Address) (uint64, error)
	NonceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (uint64, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	BlockNumber(ctx context.Context) (uint64, error)
	SuggestGasTipCap(ctx context.Context) (*big.Int, error)
	EstimateGas(ctx context.Context, call ethereum.CallMsg) (uint64, error)
	SendTransaction(ctx context.Context, tx *types.Transaction) error
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*types.Receipt, error)
	CallContract(ctx context.Context, call ethereum.CallMsg, blockNumber *big.Int) ([]byte, error)
}

// SignerFn signs a transaction as Config.From.
type SignerFn func(ctx context.Context, tx *types.Transaction) (*types.Transaction, error)

// Journal persists a signed transaction before it is broadcast. An error stops the send: a
// transaction that could not be recorded is never published.
type Journal interface {
	Record(ctx context.Context, tx *types.Transaction) error
}

// JournalFunc adapts a function to Journal.
type JournalFunc func(ctx context.Context, tx *types.Transaction) error

// Record calls f.
func (f JournalFunc) Record(ctx context.Context, tx *types.Transaction) error { return f(ctx, tx) }

// Metrics observes what the manager does. Implementations must be safe for concurrent use.
type Metrics interface {
	TxPublished()
	TxBumped()
	TxConfirmed(rcpt *types.Receipt)
	InsufficientFunds()
}

type noMetrics struct{}

func (noMetrics) TxPublished()               {}
func (noMetrics) TxBumped()                  {}
func (noMetrics) TxConfirmed(*types.Receipt) {}
func (noMetrics) InsufficientFunds()         {}

// Config tunes the manager.
type Config struct {
	From   common.Address
	Signer SignerFn
	// NumConfirmations is how deep a receipt must be before Send returns: 1 means mined.
	NumConfirmations uint64
	// ReceiptQueryInterval is how often receipts and the head are polled.
	ReceiptQueryInterval time.Duration
	// ResubmissionTimeout is how long a published transaction may stay unmined before its fees
	// are bumped.
	ResubmissionTimeout time.Duration
	// FeeLimitMultiplier caps bumping: the fee cap never exceeds this multiple of the first
	// transaction's. Past it the manager keeps waiting without bumping.
	FeeLimitMultiplier uint64
	// MinTipCap and MinBaseFee are floors for the fee estimate, in wei (nil: none).
	MinTipCap  *big.Int
	MinBaseFee *big.Int
	// GasLimitMarginPercent is added to estimated gas, since state can change between
	// estimation and inclusion.
	GasLimitMarginPercent uint64
	// MaxPublishRetries bounds retries of a broadcast that failed for a reason other than fees,
	// funds or nonce (a node that is down, say), with backoff.
	MaxPublishRetries int
	// SafeAbortNonceTooLowCount is how many "nonce too low" answers, with none of the
	// transaction's versions mined, make the manager give up on that nonce.
	SafeAbortNonceTooLowCount int
	// NetworkTimeout bounds each call to the node.
	NetworkTimeout time.Duration
	// RebroadcastInterval is how often a waiting send checks that the node still has its
	// latest version, and republishes it if not. Zero means max(4 × ReceiptQueryInterval, 1 s).
	RebroadcastInterval time.Duration
	// NonceGapTimeout is how long a nonce below the sends in flight may stay missing from the
	// node, with no send of this manager owning it, before it is filled with a cancellation.
	// It gives a caller that is about to resume that nonce time to claim it.
	NonceGapTimeout time.Duration
}

// DefaultConfig returns settings suited to a chain with blocks every few seconds.
func DefaultConfig(from common.Address, signer SignerFn) Config {
	return Config{
		From:                      from,
		Signer:                    signer,
		NumConfirmations:          1,
		ReceiptQueryInterval:      500 * time.Millisecond,
		ResubmissionTimeout:       30 * time.Second,
		FeeLimitMultiplier:        5,
		GasLimitMarginPercent:     20,
		MaxPublishRetries:         5,
		SafeAbortNonceTooLowCount: 3,
		NetworkTimeout:            10 * time.Second,
		NonceGapTimeout:           3 * time.Second,
	}
}

func (c *Config) check() error {
	switch {
	case c.Signer == nil:
		return errors.New("txmgr: no signer")
	case c.NumConfirmations == 0:
		return errors.New("txmgr: NumConfirmations must be at least 1")
	case c.ReceiptQueryInterval <= 0 || c.ResubmissionTimeout <= 0 || c.NetworkTimeout <= 0:
		return errors.New("txmgr: intervals and timeouts must be positive")
	case c.FeeLimitMultiplier < 1:
		return errors.New("txmgr: FeeLimitMultiplier must be at least 1")
	case c.SafeAbortNonceTooLowCount < 1:
		return errors.New("txmgr: SafeAbortNonceTooLowCount must be at least 1")
	case c.NonceGapTimeout <= 0:
		return errors.New("txmgr: NonceGapTimeout must be positive")
	}
	if c.RebroadcastInterval <= 0 {
		c.RebroadcastInterval = max(4*c.ReceiptQueryInterval, time.Second)
	}
	return nil
}

// Candidate is a transaction to send.
type Candidate struct {
	To       common.Address
	Data     []byte
	GasLimit uint64 // 0: estimate
	// GasExtra is added to an estimate: for a call whose cost depends on what lands before it
	// (a committee member's commit that turns out to be the fulfilling one, a confirmation that
	// activates the committee), which the estimate on the current state does not see.
	GasExtra uint64
	Value    *big.Int // nil: zero
	// Guard, when set, is asked whether the transaction may still be mined; see Validity.
	Guard Guard
}

// Manager sends transactions from one account. It is safe for concurrent use: concurrent sends
// get consecutive nonces.
type Manager struct {
	cfg     Config
	backend Backend
	chainID *big.Int
	log     zerolog.Logger
	metrics Metrics

	nonceMu sync.Mutex
	nonce   *uint64

	minedMu sync.Mutex
	mined   uint64
	minedAt time.Time

	// active counts the sends in flight at each nonce.
	activeMu sync.Mutex
	active   map[uint64]int
}

// New returns a manager for cfg.From on backend. metrics may be nil.
func New(ctx context.Context, cfg Config, backend Backend, log zerolog.Logger, metrics Metrics) (*Manager, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	cctx, cancel := context.WithTimeout(ctx, cfg.NetworkTimeout)
	defer cancel()
	chainID, err := backend.ChainID(cctx)
	if err != nil {
		return nil, fmt.Errorf("txmgr: chain id: %w", err)
	}
	if metrics == nil {
		metrics = noMetrics{}
	}
	return &Manager{cfg: cfg, backend: backend, chainID: chainID, log: log, metrics: metrics, active: map[uint64]int{}}, nil
}

// From is the sending account.
func (m *Manager) From() common.Address { return m.cfg.From }

// Send estimates, signs and publishes a transaction for c, recording each signed version in j
// (nil: none) before broadcasting it, and returns its receipt once confirmed. A receipt with a
// failed status is returned together with an error wrapping contracts.ErrReverted.
func (m *Manager) Send(ctx context.Context, c Candidate, j Journal) (*types.Receipt, error) {
	gas := c.GasLimit
	if gas == 0 {
		est, err := m.estimate(ctx, c)
		if err != nil {
			return nil, err
		}
		gas = est + est*m.cfg.GasLimitMarginPercent/100 + c.GasExtra
	}
	tip, feeCap, err := m.suggestFees(ctx)
	if err != nil {
		return nil, err
	}
	nonce, err := m.nextNonce(ctx)
	if err != nil {
		return nil, err
	}
	value := c.Value
	if value == nil {
		value = new(big.Int)
	}
	to := c.To
	tx, err := m.sign(ctx, &types.DynamicFeeTx{
		ChainID: m.chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap,
		Gas: gas, To: &to, Value: value, Data: c.Data,
	})
	if err != nil {
		m.release(nonce)
		m.resetNonce()
		return nil, err
	}
	st := newSendState(tx)
	st.guard = c.Guard
	defer m.release(nonce)
	return m.drive(ctx, st, j)
}

// Resume waits for transactions a previous process (or a send that gave up) recorded and may
// have published: all versions of one nonce, cancellations among them recognised by their shape.
// It rebroadcasts them while guard (nil: always Valid) allows, bumps fees while they stay stuck
// (recording the new versions in j), and returns the receipt of whichever is mined.
// ErrNonceConsumed means the nonce went to a transaction that is not among them; ErrCancelled
// that a cancellation took it.
func (m *Manager) Resume(ctx context.Context, txs []*types.Transaction, j Journal, guard Guard) (*types.Receipt, error) {
	if len(txs) == 0 {
		return nil, ErrNoTransactions
	}
	st := newSendState(txs[0])
	for _, tx := range txs {
		if tx.Nonce() != st.nonce {
			return nil, fmt.Errorf("txmgr: resume: transactions with nonces %d and %d", st.nonce, tx.Nonce())
		}
		st.add(tx)
		st.recorded[tx.Hash()] = true
		if m.isCancel(tx) {
			st.cancels[tx.Hash()] = true
		}
	}
	st.resumed, st.guard = true, guard
	m.claim(st.nonce)
	defer m.release(st.nonce)
	return m.drive(ctx, st, j)
}

// Active reports whether a send or a resume of this manager is in flight at nonce.
func (m *Manager) Active(nonce uint64) bool {
	m.activeMu.Lock()
	defer m.activeMu.Unlock()
	return m.active[nonce] > 0
}

func (m *Manager) claim(nonce uint64) {
	m.activeMu.Lock()
	m.active[nonce]++
	m.activeMu.Unlock()
}

func (m *Manager) release(nonce uint64) {
	m.activeMu.Lock()
	if m.active[nonce]--; m.active[nonce] <= 0 {
		delete(m.active, nonce)
	}
	m.activeMu.Unlock()
}

// lowestActive is the lowest nonce in flight; false when none is.
func (m *Manager) lowestActive() (uint64, bool) {
	m.activeMu.Lock()
	defer m.activeMu.Unlock()
	lowest, ok := uint64(0), false
	for n := range m.active {
		if !ok || n < lowest {
			lowest, ok = n, true
		}
	}
	return lowest, ok
}

// isCancel reports whether tx has the shape of a cancellation: nothing sent to oneself.
func (m *Manager) isCancel(tx *types.Transaction) bool {
	return tx.To() != nil && *tx.To() == m.cfg.From && len(tx.Data()) == 0 && tx.Value().Sign() == 0
}

func (m *Manager) estimate(ctx context.Context, c Candidate) (uint64, error) {
	cctx, cancel := context.WithTimeout(ctx, m.cfg.NetworkTimeout)
	defer cancel()
	gas, err := m.backend.EstimateGas(cctx, ethereum.CallMsg{From: m.cfg.From, To: &c.To, Value: c.Value, Data: c.Data})
	if err != nil {
		de := contracts.DecodeError(err)
		var re *contracts.RevertError
		if errors.As(de, &re) {
			return 0, fmt.Errorf("estimate gas: %w", de)
		}
		if isInsufficientFunds(err) {
			m.metrics.InsufficientFunds()
			return 0, fmt.Errorf("%w: account %s: %v", ErrInsufficientFunds, m.cfg.From, err)
		}
		if isRevert(err) {
			return 0, fmt.Errorf("estimate gas: %w: %v", contracts.ErrReverted, err)
		}
		return 0, fmt.Errorf("estimate gas: %w", err)
	}
	return gas, nil
}

func (m *Manager) sign(ctx context.Context, inner *types.DynamicFeeTx) (*types.Transaction, error) {
	tx, err := m.cfg.Signer(ctx, types.NewTx(inner))
	if err != nil {
		return nil, fmt.Errorf("txmgr: sign: %w", err)
	}
	return tx, nil
}

// nextNonce hands out the next nonce and marks it in flight. With nothing in flight it reads the
// node's pending nonce again: the node may have lost or reorged out what the counter counted.
func (m *Manager) nextNonce(ctx context.Context) (uint64, error) {
	m.nonceMu.Lock()
	defer m.nonceMu.Unlock()
	if _, busy := m.lowestActive(); !busy {
		m.nonce = nil
	}
	if m.nonce == nil {
		cctx, cancel := context.WithTimeout(ctx, m.cfg.NetworkTimeout)
		defer cancel()
		n, err := m.backend.PendingNonceAt(cctx, m.cfg.From)
		if err != nil {
			return 0, fmt.Errorf("txmgr: pending nonce: %w", err)
		}
		m.nonce = &n
	}
	n := *m.nonce
	*m.nonce++
	m.claim(n)
	return n, nil
}

// resetNonce makes the next send read the nonce from the node again.
func (m *Manager) resetNonce() {
	m.nonceMu.Lock()
	m.nonce = nil
	m.nonceMu.Unlock()
}

func (m *Manager) suggestFees(ctx context.Context) (tip, feeCap *big.Int, err error) {
	cctx, cancel := context.WithTimeout(ctx, m.cfg.NetworkTimeout)
	defer cancel()
	tip, err = m.backend.SuggestGasTipCap(cctx)
	if err != nil {
		return nil, nil, fmt.Errorf("txmgr: suggest tip: %w", err)
	}
	head, err := m.backend.HeaderByNumber(cctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("txmgr: head: %w", err)
	}
	if head.BaseFee == nil {
		return nil, nil, errors.New("txmgr: chain has no base fee (EIP-1559 not active)")
	}
	if m.cfg.MinTipCap != nil && tip.Cmp(m.cfg.MinTipCap) < 0 {
		tip = new(big.Int).Set(m.cfg.MinTipCap)
	}
	baseFee := head.BaseFee
	if m.cfg.MinBaseFee != nil && baseFee.Cmp(m.cfg.MinBaseFee) < 0 {
		baseFee = m.cfg.MinBaseFee
	}
	// Twice the base fee survives six full blocks of base-fee growth before the cap binds.
	feeCap = new(big.Int).Add(new(big.Int).Mul(baseFee, big.NewInt(2)), tip)
	return tip, feeCap, nil
}

// bumpFees returns fees at least 10% above the old ones (what geth and anvil require of a
// replacement) and at least the current suggestion.
func (m *Manager) bumpFees(ctx context.Context, oldTip, oldFeeCap *big.Int) (tip, feeCap *big.Int, err error) {
	tip, feeCap, err = m.suggestFees(ctx)
	if err != nil {
		return nil, nil, err
	}
	return maxBig(tip, bump(oldTip)), maxBig(feeCap, bump(oldFeeCap)), nil
}

// bump returns ceil(x·1.1), and at least x+1 so that a zero tip still rises.
func bump(x *big.Int) *big.Int {
	b := new(big.Int).Mul(x, big.NewInt(110))
	b.Add(b, big.NewInt(99))
	b.Div(b, big.NewInt(100))
	if b.Cmp(x) <= 0 {
		b.Add(x, big.NewInt(1))
	}
	return b
}

func maxBig(a, b *big.Int) *big.Int {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

// sendState is what one nonce's send knows: every version signed, which were accepted by the
// node, and how often the node said the nonce was too low.
type sendState struct {
	nonce       uint64
	txs         []*types.Transaction // every version, in signing order
	latest      *types.Transaction
	published   int
	nonceTooLow int
	resumed     bool
	feeLimit    *big.Int
	recorded    map[common.Hash]bool // versions the journal has already
	guard       Guard
	cancels     map[common.Hash]bool // versions that are cancellations
	checkedAt   time.Time            // when the node was last asked for the latest version
	gapSince    time.Time            // since when a nonce below this one has been missing
}

func newSendState(first *types.Transaction) *sendState {
	return &sendState{nonce: first.Nonce(), txs: []*types.Transaction{first}, latest: first,
		recorded: map[common.Hash]bool{}, cancels: map[common.Hash]bool{}}
}

// cancelling reports whether a cancellation has been signed for the nonce.
func (s *sendState) cancelling() bool { return len(s.cancels) > 0 }

// verdict asks the guard; with a cancellation signed there is nothing left to ask.
func (m *Manager) verdict(ctx context.Context, st *sendState, publishing bool, log zerolog.Logger) Validity {
	if st.guard == nil || st.cancelling() {
		return Valid
	}
	v, err := st.guard(ctx, publishing)
	if err != nil {
		log.Warn().Err(err).Msg("asking whether the transaction may still be mined failed; holding it")
		return Hold
	}
	return v
}

func (s *sendState) add(tx *types.Transaction) {
	for _, t := range s.txs {
		if t.Hash() == tx.Hash() {
			s.pickLatest(t)
			return
		}
	}
	s.txs = append(s.txs, tx)
	s.pickLatest(tx)
}

func (s *sendState) pickLatest(tx *types.Transaction) {
	if tx.GasFeeCap().Cmp(s.latest.GasFeeCap()) >= 0 {
		s.latest = tx
	}
}

// drive publishes st.latest and its bumped successors until one is mined and confirmed, and
// replaces them with a cancellation if the guard says they must not be mined.
func (m *Manager) drive(ctx context.Context, st *sendState, j Journal) (*types.Receipt, error) {
	log := m.log.With().Uint64("nonce", st.nonce).Logger()
	st.feeLimit = new(big.Int).Mul(st.txs[0].GasFeeCap(), new(big.Int).SetUint64(m.cfg.FeeLimitMultiplier))
	pending := st.txs
	if !st.resumed {
		pending = []*types.Transaction{st.latest}
	} else {
		switch m.verdict(ctx, st, true, log) {
		case Hold:
			pending = nil
		case Invalid:
			next, err := m.cancellation(ctx, st, log)
			if err != nil {
				return nil, err
			}
			pending = []*types.Transaction{next}
		}
	}
	atLimit := false
	for {
		underpriced := false
	publish:
		for _, tx := range pending {
			err := m.publish(ctx, st, tx, j, log)
			switch {
			case err == nil:
			case errors.Is(err, errUnderpriced):
				underpriced = true
			case errors.Is(err, errNonceTooLow):
				if st.nonceTooLow < m.cfg.SafeAbortNonceTooLowCount {
					// waitMined tells our own mined version from someone else's.
					break publish
				}
				if st.published == 0 && !st.resumed {
					m.resetNonce()
				}
				if rcpt, err := m.findReceipt(ctx, st); err == nil && rcpt != nil {
					return m.confirm(ctx, st, rcpt, j, log)
				}
				return nil, fmt.Errorf("%w: nonce %d", ErrNonceConsumed, st.nonce)
			case st.published == 0 && !st.resumed:
				m.resetNonce()
				return nil, err
			default:
				log.Warn().Err(err).Stringer("tx", tx.Hash()).Msg("broadcast failed; waiting for a version already sent")
			}
		}
		pending = nil
		if !underpriced || atLimit {
			rcpt, err := m.waitMined(ctx, st, m.cfg.ResubmissionTimeout, j, log)
			if errors.Is(err, errWithdraw) {
				next, err := m.cancellation(ctx, st, log)
				if err != nil {
					return nil, err
				}
				pending = []*types.Transaction{next}
				continue
			}
			if err != nil {
				return nil, err
			}
			if rcpt != nil {
				return m.confirm(ctx, st, rcpt, j, log)
			}
		}
		switch m.verdict(ctx, st, true, log) {
		case Hold:
			continue // neither bump nor publish while the caller does not know
		case Invalid:
			next, err := m.cancellation(ctx, st, log)
			if err != nil {
				return nil, err
			}
			pending = []*types.Transaction{next}
			continue
		}
		next, err := m.bumped(ctx, st, log)
		if err != nil {
			return nil, err
		}
		if next == nil {
			if st.published == 0 && !st.resumed {
				m.resetNonce()
				return nil, fmt.Errorf("%w: nonce %d", ErrFeeLimit, st.nonce)
			}
			atLimit = true
			continue
		}
		m.metrics.TxBumped()
		st.add(next)
		pending = []*types.Transaction{next}
	}
}

// errWithdraw is waitMined telling drive that the guard declared the transaction Invalid.
var errWithdraw = errors.New("txmgr: withdraw")

// cancellation signs a transfer of nothing to the sender at st's nonce, with fees at least 10%
// above every version signed so far so that it replaces them in any pool, and adds it to st. A
// cancellation has no fee limit: it is 21,000 gas, and a withdrawn answer must not be mined.
func (m *Manager) cancellation(ctx context.Context, st *sendState, log zerolog.Logger) (*types.Transaction, error) {
	tipFloor, capFloor := new(big.Int), new(big.Int)
	for _, tx := range st.txs {
		tipFloor, capFloor = maxBig(tipFloor, tx.GasTipCap()), maxBig(capFloor, tx.GasFeeCap())
	}
	tip, feeCap, err := m.bumpFees(ctx, tipFloor, capFloor)
	if err != nil {
		return nil, err
	}
	if tip.Cmp(feeCap) > 0 {
		tip = new(big.Int).Set(feeCap)
	}
	self := m.cfg.From
	tx, err := m.sign(ctx, &types.DynamicFeeTx{
		ChainID: m.chainID, Nonce: st.nonce, GasTipCap: tip, GasFeeCap: feeCap, Gas: params.TxGas, To: &self, Value: new(big.Int),
	})
	if err != nil {
		return nil, err
	}
	st.cancels[tx.Hash()] = true
	st.add(tx)
	st.feeLimit = maxBig(st.feeLimit, new(big.Int).Mul(feeCap, big.NewInt(int64(m.cfg.FeeLimitMultiplier))))
	log.Warn().Stringer("withdrawn", st.txs[0].Hash()).Stringer("cancellation", tx.Hash()).Stringer("feeCap", feeCap).
		Msg("transaction may no longer be mined; replacing it with a cancellation")
	return tx, nil
}

var (
	errUnderpriced = errors.New("underpriced")
	errNonceTooLow = errors.New("nonce too low")
)

// publish records tx in the journal and broadcasts it, retrying transient failures.
func (m *Manager) publish(ctx context.Context, st *sendState, tx *types.Transaction, j Journal, log zerolog.Logger) error {
	if j != nil && !st.recorded[tx.Hash()] {
		var err error
		if st.cancels[tx.Hash()] {
			if cj, ok := j.(CancelJournal); ok {
				err = cj.RecordCancel(ctx, tx)
			}
		} else {
			err = j.Record(ctx, tx)
		}
		if err != nil {
			return fmt.Errorf("txmgr: journal: %w", err)
		}
		st.recorded[tx.Hash()] = true
	}
	backoff := m.cfg.ReceiptQueryInterval
	for attempt := 0; ; attempt++ {
		cctx, cancel := context.WithTimeout(ctx, m.cfg.NetworkTimeout)
		err := m.backend.SendTransaction(cctx, tx)
		cancel()
		switch {
		case err == nil || isAlreadyKnown(err):
			st.published++
			m.metrics.TxPublished()
			log.Debug().Stringer("tx", tx.Hash()).Stringer("tip", tx.GasTipCap()).Stringer("feeCap", tx.GasFeeCap()).Msg("published")
			return nil
		case isNonceTooLow(err):
			st.nonceTooLow++
			return fmt.Errorf("txmgr: %w: %v", errNonceTooLow, err)
		case isUnderpriced(err):
			return fmt.Errorf("txmgr: %w: %v", errUnderpriced, err)
		case isInsufficientFunds(err):
			m.metrics.InsufficientFunds()
			return fmt.Errorf("%w: account %s: %v", ErrInsufficientFunds, m.cfg.From, err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if attempt >= m.cfg.MaxPublishRetries {
			return fmt.Errorf("txmgr: publish %s after %d attempts: %w", tx.Hash(), attempt+1, err)
		}
		log.Warn().Err(err).Int("attempt", attempt+1).Msg("publish failed, retrying")
		if err := sleep(ctx, backoff); err != nil {
			return err
		}
		backoff *= 2
	}
}

// bumped signs the next version of st's transaction with fees at least 10% higher, or returns
// nil when that would pass the fee limit.
func (m *Manager) bumped(ctx context.Context, st *sendState, log zerolog.Logger) (*types.Transaction, error) {
	old := st.latest
	tip, feeCap, err := m.bumpFees(ctx, old.GasTipCap(), old.GasFeeCap())
	if err != nil {
		return nil, err
	}
	if feeCap.Cmp(st.feeLimit) > 0 {
		log.Warn().Stringer("feeCap", feeCap).Stringer("limit", st.feeLimit).Msg("fee limit reached; waiting without bumping")
		return nil, nil
	}
	if tip.Cmp(feeCap) > 0 {
		tip = new(big.Int).Set(feeCap)
	}
	to := old.To()
	next, err := m.sign(ctx, &types.DynamicFeeTx{
		ChainID: m.chainID, Nonce: old.Nonce(), GasTipCap: tip, GasFeeCap: feeCap,
		Gas: old.Gas(), To: to, Value: old.Value(), Data: old.Data(),
	})
	if err != nil {
		return nil, err
	}
	if st.cancels[old.Hash()] {
		st.cancels[next.Hash()] = true
	}
	log.Info().Stringer("old", old.Hash()).Stringer("new", next.Hash()).Stringer("feeCap", feeCap).Msg("bumping fees")
	return next, nil
}

// waitMined waits up to d for a version of st's transaction to be mined. It watches the
// account's nonce, which one call answers for every transaction in flight, and looks for
// receipts only once the nonce has moved past st's. It returns nil, nil when d passes with
// nothing mined, ErrNonceConsumed when the nonce went to a transaction that is not ours, and
// errWithdraw when the guard says the transaction must not be mined. While it waits it
// republishes a latest version the node has lost, and fills nonce gaps below st.
func (m *Manager) waitMined(ctx context.Context, st *sendState, d time.Duration, j Journal, log zerolog.Logger) (*types.Receipt, error) {
	deadline := time.Now().Add(d)
	strays := 0
	for {
		n, err := m.minedNonce(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			m.log.Warn().Err(err).Msg("reading the account nonce failed")
		}
		if err != nil || n > st.nonce {
			rcpt, err := m.findReceipt(ctx, st)
			if err != nil || rcpt != nil {
				return rcpt, err
			}
			// A node may index the receipt a moment after the nonce moves; only a nonce that
			// stays consumed without one of our receipts means another transaction took it.
			if n > st.nonce {
				if strays++; strays >= 3 {
					return nil, fmt.Errorf("%w: nonce %d", ErrNonceConsumed, st.nonce)
				}
			}
		} else {
			strays = 0
			if m.verdict(ctx, st, false, log) == Invalid {
				return nil, errWithdraw
			}
			m.keepPublished(ctx, st, j, log)
			m.fillGap(ctx, st, n, log)
		}
		if !time.Now().Before(deadline) {
			return nil, nil
		}
		if err := sleep(ctx, m.cfg.ReceiptQueryInterval); err != nil {
			return nil, err
		}
	}
}

// keepPublished republishes st's latest version if the node no longer holds a transaction at
// st's nonce, checked at most every RebroadcastInterval: a node that restarted or flushed its
// pool has lost it, and waiting for a fee bump would leave every later nonce stuck behind it
// meanwhile. The node's pending nonce says it, on every node (a lookup by hash does not: geth
// answers "indexing in progress" for a transaction it never saw).
func (m *Manager) keepPublished(ctx context.Context, st *sendState, j Journal, log zerolog.Logger) {
	if time.Since(st.checkedAt) < m.cfg.RebroadcastInterval || st.published == 0 {
		return
	}
	st.checkedAt = time.Now()
	cctx, cancel := context.WithTimeout(ctx, m.cfg.NetworkTimeout)
	pending, err := m.backend.PendingNonceAt(cctx, m.cfg.From)
	cancel()
	if err != nil || pending > st.nonce {
		return
	}
	if m.verdict(ctx, st, true, log) != Valid {
		return
	}
	log.Warn().Stringer("tx", st.latest.Hash()).Uint64("node_pending_nonce", pending).Msg("the node holds nothing at this nonce; publishing the transaction again")
	if err := m.publish(ctx, st, st.latest, j, log); err != nil {
		log.Warn().Err(err).Stringer("tx", st.latest.Hash()).Msg("republishing failed")
	}
}

// fillGap fills nonces below st's that the account has not used, that no send of this manager
// owns and that the node has nothing pending for, once that has lasted NonceGapTimeout: without
// it st and every later nonce would wait for ever. Only the lowest send in flight fills, so a gap
// is filled once.
func (m *Manager) fillGap(ctx context.Context, st *sendState, mined uint64, log zerolog.Logger) {
	if mined >= st.nonce {
		st.gapSince = time.Time{}
		return
	}
	if lowest, ok := m.lowestActive(); !ok || lowest != st.nonce {
		st.gapSince = time.Time{}
		return
	}
	cctx, cancel := context.WithTimeout(ctx, m.cfg.NetworkTimeout)
	pending, err := m.backend.PendingNonceAt(cctx, m.cfg.From)
	cancel()
	if err != nil || pending >= st.nonce {
		// The node holds transactions up to ours (or cannot say): no gap.
		st.gapSince = time.Time{}
		return
	}
	if st.gapSince.IsZero() {
		st.gapSince = time.Now()
		return
	}
	if time.Since(st.gapSince) < m.cfg.NonceGapTimeout {
		return
	}
	st.gapSince = time.Time{}
	tip, feeCap, err := m.suggestFees(ctx)
	if err != nil {
		log.Warn().Err(err).Msg("filling a nonce gap: fees")
		return
	}
	for n := pending; n < st.nonce; n++ {
		if m.Active(n) {
			continue
		}
		self := m.cfg.From
		tx, err := m.sign(ctx, &types.DynamicFeeTx{
			ChainID: m.chainID, Nonce: n, GasTipCap: tip, GasFeeCap: feeCap, Gas: params.TxGas, To: &self, Value: new(big.Int),
		})
		if err != nil {
			log.Warn().Err(err).Uint64("gap", n).Msg("filling a nonce gap: sign")
			return
		}
		cctx, cancel := context.WithTimeout(ctx, m.cfg.NetworkTimeout)
		err = m.backend.SendTransaction(cctx, tx)
		cancel()
		log.Warn().Uint64("gap", n).Uint64("waiting", st.nonce).Stringer("filler", tx.Hash()).AnErr("send", err).
			Msg("a nonce below this transaction was lost by the node and is owned by no send; filling it with a cancellation")
	}
}

// minedNonce is the account's nonce at the latest block, shared by every wait for half a
// polling interval.
func (m *Manager) minedNonce(ctx context.Context) (uint64, error) {
	m.minedMu.Lock()
	defer m.minedMu.Unlock()
	if time.Since(m.minedAt) < m.cfg.ReceiptQueryInterval/2 {
		return m.mined, nil
	}
	cctx, cancel := context.WithTimeout(ctx, m.cfg.NetworkTimeout)
	defer cancel()
	n, err := m.backend.NonceAt(cctx, m.cfg.From, nil)
	if err != nil {
		return 0, err
	}
	m.mined, m.minedAt = n, time.Now()
	return n, nil
}

func (m *Manager) findReceipt(ctx context.Context, st *sendState) (*types.Receipt, error) {
	for _, tx := range st.txs {
		cctx, cancel := context.WithTimeout(ctx, m.cfg.NetworkTimeout)
		rcpt, err := m.backend.TransactionReceipt(cctx, tx.Hash())
		cancel()
		if err == nil && rcpt != nil {
			return rcpt, nil
		}
		if err != nil && !errors.Is(err, ethereum.NotFound) {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			m.log.Warn().Err(err).Stringer("tx", tx.Hash()).Msg("receipt query failed")
		}
	}
	return nil, nil
}

// confirm waits until rcpt is NumConfirmations deep, going back to waiting for a receipt if its
// block is reorged out, and decodes the revert of a failed transaction.
func (m *Manager) confirm(ctx context.Context, st *sendState, rcpt *types.Receipt, j Journal, log zerolog.Logger) (*types.Receipt, error) {
	if m.cfg.NumConfirmations == 1 {
		// Just found at the head: nothing to wait for.
		m.metrics.TxConfirmed(rcpt)
		return m.confirmed(ctx, st, rcpt, log)
	}
	for {
		cctx, cancel := context.WithTimeout(ctx, m.cfg.NetworkTimeout)
		head, err := m.backend.BlockNumber(cctx)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			log.Warn().Err(err).Msg("head query failed")
		} else if head+1 >= rcpt.BlockNumber.Uint64()+m.cfg.NumConfirmations {
			again, err := m.findReceipt(ctx, st)
			if err != nil {
				return nil, err
			}
			if again != nil && again.BlockHash == rcpt.BlockHash {
				m.metrics.TxConfirmed(again)
				return m.confirmed(ctx, st, again, log)
			}
			if again != nil {
				rcpt = again
				continue
			}
			log.Warn().Stringer("tx", rcpt.TxHash).Uint64("block", rcpt.BlockNumber.Uint64()).Msg("receipt reorged out; waiting again")
			st.resumed = true
			return m.drive(ctx, st, j)
		}
		if err := sleep(ctx, m.cfg.ReceiptQueryInterval); err != nil {
			return nil, err
		}
	}
}

// confirmed returns a confirmed receipt: ErrCancelled with it when a cancellation was mined,
// and the decoded revert of a failed answer.
func (m *Manager) confirmed(ctx context.Context, st *sendState, rcpt *types.Receipt, log zerolog.Logger) (*types.Receipt, error) {
	if st.cancels[rcpt.TxHash] {
		return rcpt, fmt.Errorf("%w: nonce %d", ErrCancelled, st.nonce)
	}
	if st.cancelling() {
		log.Error().Stringer("tx", rcpt.TxHash).Uint64("block", rcpt.BlockNumber.Uint64()).
			Msg("a withdrawn transaction was mined before its cancellation could replace it")
	}
	return rcpt, m.checkStatus(ctx, rcpt, st)
}

func (m *Manager) checkStatus(ctx context.Context, rcpt *types.Receipt, st *sendState) error {
	if rcpt.Status == types.ReceiptStatusSuccessful {
		return nil
	}
	var tx *types.Transaction
	for _, t := range st.txs {
		if t.Hash() == rcpt.TxHash {
			tx = t
		}
	}
	if tx == nil {
		return fmt.Errorf("transaction %s: %w", rcpt.TxHash, contracts.ErrReverted)
	}
	// Receipts do not carry revert data; replaying the call at its block recovers it.
	msg := ethereum.CallMsg{From: m.cfg.From, To: tx.To(), Gas: tx.Gas(), Value: tx.Value(), Data: tx.Data()}
	cctx, cancel := context.WithTimeout(ctx, m.cfg.NetworkTimeout)
	defer cancel()
	if _, err := m.backend.CallContract(cctx, msg, rcpt.BlockNumber); err != nil {
		var re *contracts.RevertError
		if de := contracts.DecodeError(err); errors.As(de, &re) {
			return fmt.Errorf("transaction %s: %w", rcpt.TxHash, de)
		}
		return fmt.Errorf("transaction %s: %w: %v", rcpt.TxHash, contracts.ErrReverted, err)
	}
	return fmt.Errorf("transaction %s: %w", rcpt.TxHash, contracts.ErrReverted)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// The pool's errors reach us as JSON-RPC messages, so they are matched by text; the strings
// cover geth's legacy pool and anvil.
func isAlreadyKnown(err error) bool {
	return containsAny(err, "already known", "already imported", "known transaction")
}

func isNonceTooLow(err error) bool { return containsAny(err, "nonce too low") }

func isUnderpriced(err error) bool {
	return containsAny(err, "underpriced", "fee too low", "less than block base fee", "max fee per gas less than")
}

func isInsufficientFunds(err error) bool {
	return containsAny(err, "insufficient funds", "insufficient balance")
}

func isRevert(err error) bool { return containsAny(err, "execution reverted", "revert") }

func containsAny(err error, subs ...string) bool {
	s := strings.ToLower(err.Error())
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// PrivateKeySigner signs with key for chainID; the oracle loads key from its keystore.
func PrivateKeySigner(key *ecdsa.PrivateKey, chainID *big.Int) SignerFn {
	signer := types.LatestSignerForChainID(chainID)
	return func(_ context.Context, tx *types.Transaction) (*types.Transaction, error) {
		return types.SignTx(tx, signer, key)
	}
}
