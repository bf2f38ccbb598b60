package txmgr_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/internal/simchain"
	"github.com/emrchain/emrchain/oracle/txmgr"
)

// cancelJournal records answers and cancellations apart.
type cancelJournal struct {
	journal
	cancels []*types.Transaction
}

func (j *cancelJournal) RecordCancel(_ context.Context, tx *types.Transaction) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.cancels = append(j.cancels, tx)
	return nil
}

func (j *cancelJournal) cancelCount() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.cancels)
}

type verdict struct{ v atomic.Uint32 }

func (g *verdict) set(v txmgr.Validity) { g.v.Store(uint32(v)) }

func (g *verdict) guard(context.Context, bool) (txmgr.Validity, error) {
	return txmgr.Validity(g.v.Load()), nil
}

func (j *cancelJournal) firstCancel() *types.Transaction {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.cancels[0]
}

// inPool says whether the node holds transaction h unmined.
func inPool(e *env, h common.Hash) bool {
	_, pending, err := e.chain.Client.TransactionByHash(e.ctx, h)
	return err == nil && pending
}

func pendingNonce(e *env) uint64 {
	n, _ := e.chain.Client.PendingNonceAt(e.ctx, e.sender.Address)
	return n
}

// A transaction in the pool whose guard turns Invalid is replaced by a cancellation at its
// nonce, and never mined.
func TestInvalidTransactionIsReplacedByACancellation(t *testing.T) {
	e := newEnv(t)
	e.chain.Client.SetManual(true)
	cfg := e.config(e.sender)
	cfg.ResubmissionTimeout = time.Hour
	m := e.manager(cfg)
	var g verdict
	j := &cancelJournal{}
	c := transfer(e.other.Address)
	c.Guard = g.guard
	done := make(chan error, 1)
	var rcpt *types.Receipt
	go func() {
		var err error
		rcpt, err = m.Send(e.ctx, c, j)
		done <- err
	}()
	waitFor(t, func() bool { return j.len() == 1 && pendingNonce(e) == 1 })
	g.set(txmgr.Invalid)
	// The journal records the cancellation before it is sent: mine only once the pool holds
	// it, or the block takes the withdrawn transaction.
	waitFor(t, func() bool { return j.cancelCount() == 1 && inPool(e, j.firstCancel().Hash()) })
	e.chain.Backend.Commit()
	err := <-done
	if !errors.Is(err, txmgr.ErrCancelled) || rcpt == nil || rcpt.TxHash != j.cancels[0].Hash() {
		t.Fatalf("send: %v, receipt %v", err, rcpt)
	}
	// Until its indexer has caught up with the new block, the node answers a hash it has not
	// found with "transaction indexing is in progress": ask until it answers.
	var rerr error
	waitFor(t, func() bool {
		_, rerr = e.chain.Client.TransactionReceipt(e.ctx, j.txs[0].Hash())
		return rerr == nil || !strings.Contains(rerr.Error(), "indexing is in progress")
	})
	if !errors.Is(rerr, ethereum.NotFound) {
		t.Fatalf("the withdrawn transaction was mined: %v", rerr)
	}
	cancel := j.cancels[0]
	if *cancel.To() != e.sender.Address || cancel.Value().Sign() != 0 || cancel.Nonce() != 0 ||
		!atLeast110(cancel.GasFeeCap(), j.txs[0].GasFeeCap()) || !atLeast110(cancel.GasTipCap(), j.txs[0].GasTipCap()) {
		t.Fatalf("cancellation %+v", cancel)
	}
	if e.nonce(e.sender.Address) != 1 {
		t.Fatal("the nonce was not consumed")
	}
}

// While the guard says Hold, nothing is bumped or rebroadcast; once it says Valid the send goes
// on as usual.
func TestHeldTransactionIsNeitherBumpedNorCancelled(t *testing.T) {
	e := newEnv(t)
	e.chain.Client.SetManual(true)
	cfg := e.config(e.sender)
	cfg.ResubmissionTimeout = 20 * time.Millisecond
	m := e.manager(cfg)
	var g verdict
	j := &cancelJournal{}
	c := transfer(e.other.Address)
	c.Guard = g.guard
	done := make(chan error, 1)
	go func() {
		_, err := m.Send(e.ctx, c, j)
		done <- err
	}()
	waitFor(t, func() bool { return j.len() == 1 })
	g.set(txmgr.Hold)
	time.Sleep(300 * time.Millisecond) // fifteen resubmission timeouts
	if j.len() != 1 || j.cancelCount() != 0 {
		t.Fatalf("held: %d versions, %d cancellations", j.len(), j.cancelCount())
	}
	g.set(txmgr.Valid)
	e.chain.Backend.Commit()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// lossy is a node that can lose transactions: sent ones it swallows while dropping is on, and
// those it swallowed it does not know.
type lossy struct {
	*simchain.AutoCommitClient
	mu       sync.Mutex
	dropping func(tx *types.Transaction) bool
	lost     map[common.Hash]bool
}

func (l *lossy) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	l.mu.Lock()
	drop := l.dropping != nil && l.dropping(tx)
	if drop {
		l.lost[tx.Hash()] = true
	}
	l.mu.Unlock()
	if drop {
		return nil
	}
	return l.AutoCommitClient.SendTransaction(ctx, tx)
}

func (l *lossy) setDropping(f func(*types.Transaction) bool) {
	l.mu.Lock()
	l.dropping = f
	l.mu.Unlock()
}

func (l *lossy) wasLost(h common.Hash) bool { l.mu.Lock(); defer l.mu.Unlock(); return l.lost[h] }

// A node that loses a published transaction (a restart, a pool flush) gets it again without
// waiting for a fee bump.
func TestLostTransactionIsPublishedAgain(t *testing.T) {
	e := newEnv(t)
	e.chain.Client.SetManual(true)
	node := &lossy{AutoCommitClient: e.chain.Client, lost: map[common.Hash]bool{}}
	once := atomic.Bool{}
	node.setDropping(func(*types.Transaction) bool { return once.CompareAndSwap(false, true) })
	cfg := e.config(e.sender)
	cfg.ResubmissionTimeout = time.Hour
	cfg.RebroadcastInterval = 20 * time.Millisecond
	m, err := txmgr.New(e.ctx, cfg, node, zerolog.Nop(), nil)
	if err != nil {
		t.Fatal(err)
	}
	j := &journal{}
	done := make(chan error, 1)
	go func() {
		_, err := m.Send(e.ctx, transfer(e.other.Address), j)
		done <- err
	}()
	waitFor(t, func() bool { return j.len() == 1 && node.wasLost(j.txs[0].Hash()) })
	waitFor(t, func() bool { return pendingNonce(e) == 1 })
	e.chain.Backend.Commit()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if j.len() != 1 {
		t.Fatalf("%d versions: the lost transaction was bumped instead of published again", j.len())
	}
}

// A nonce that the node lost and no send owns any more (its send gave up) holds every later
// transaction back; the manager fills it with a cancellation and the later one is mined, with no
// restart.
func TestNonceGapIsFilled(t *testing.T) {
	e := newEnv(t)
	e.chain.Client.SetManual(true)
	node := &lossy{AutoCommitClient: e.chain.Client, lost: map[common.Hash]bool{}}
	cfg := e.config(e.sender)
	cfg.ResubmissionTimeout = time.Hour
	cfg.NonceGapTimeout = 50 * time.Millisecond
	m, err := txmgr.New(e.ctx, cfg, node, zerolog.Nop(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// The first send's transaction is lost for good, and its send stops waiting.
	node.setDropping(func(tx *types.Transaction) bool {
		return tx.Nonce() == 0 && tx.To() != nil && *tx.To() == e.other.Address
	})
	first := &journal{}
	ctx1, cancel1 := context.WithCancel(e.ctx)
	done1 := make(chan error, 1)
	go func() {
		_, err := m.Send(ctx1, transfer(e.other.Address), first)
		done1 <- err
	}()
	// A second send starts while the first is in flight, so it takes the next nonce.
	waitFor(t, func() bool { return first.len() == 1 })
	second := &journal{}
	done2 := make(chan error, 1)
	var rcpt *types.Receipt
	go func() {
		var err error
		rcpt, err = m.Send(e.ctx, transfer(e.other.Address), second)
		done2 <- err
	}()
	waitFor(t, func() bool { return second.len() == 1 })
	cancel1()
	if err := <-done1; !errors.Is(err, context.Canceled) {
		t.Fatalf("first send: %v", err)
	}
	if second.txs[0].Nonce() != 1 {
		t.Fatalf("second send took nonce %d", second.txs[0].Nonce())
	}
	// The node has nothing at nonce 0; the filler must go in before the second can be mined.
	waitFor(t, func() bool { return pendingNonce(e) == 2 })
	e.chain.Backend.Commit()
	if err := <-done2; err != nil {
		t.Fatal(err)
	}
	if rcpt.TxHash != second.txs[0].Hash() || e.nonce(e.sender.Address) != 2 {
		t.Fatalf("receipt %s, nonce %d", rcpt.TxHash, e.nonce(e.sender.Address))
	}
}
