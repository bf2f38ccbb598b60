package txmgr_test

import (
	"context"
	"errors"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/internal/simchain"
	"github.com/emrchain/emrchain/oracle/txmgr"
)

type env struct {
	t      *testing.T
	ctx    context.Context
	chain  *simchain.Chain
	sender simchain.Account
	other  simchain.Account
}

func newEnv(t *testing.T, funded ...simchain.Account) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), sender: simchain.DevAccount("txmgr-sender"), other: simchain.DevAccount("txmgr-other")}
	if funded == nil {
		funded = []simchain.Account{e.sender, e.other}
	}
	e.chain = simchain.NewChain(funded)
	t.Cleanup(func() { e.chain.Close() })
	return e
}

// mine commits a block every interval until the test ends, like a chain with a block time:
// the simulated backend deadlocks when several goroutines commit at once, so concurrent senders
// must not rely on auto-commit.
func (e *env) mine(interval time.Duration) {
	e.chain.Client.SetManual(true)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				e.chain.Backend.Commit()
			}
		}
	}()
	e.t.Cleanup(func() { close(stop); <-done })
}

func (e *env) config(a simchain.Account) txmgr.Config {
	cfg := txmgr.DefaultConfig(a.Address, txmgr.PrivateKeySigner(a.Key, e.chain.ChainID))
	cfg.ReceiptQueryInterval = 5 * time.Millisecond
	cfg.ResubmissionTimeout = 100 * time.Millisecond
	return cfg
}

func (e *env) manager(cfg txmgr.Config) *txmgr.Manager {
	e.t.Helper()
	m, err := txmgr.New(e.ctx, cfg, e.chain.Client, zerolog.Nop(), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

func (e *env) nonce(a common.Address) uint64 {
	e.t.Helper()
	n, err := e.chain.Client.NonceAt(e.ctx, a, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// journal collects recorded transactions.
type journal struct {
	mu  sync.Mutex
	txs []*types.Transaction
}

func (j *journal) Record(_ context.Context, tx *types.Transaction) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.txs = append(j.txs, tx)
	return nil
}

func (j *journal) len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.txs)
}

func transfer(to common.Address) txmgr.Candidate {
	return txmgr.Candidate{To: to, Value: big.NewInt(1)}
}

// TestSendConcurrentNonces sends n transfers at once, each of its own amount, so a journal entry
// tells which send it belongs to. Every send must get a nonce of its own and be mined once. A
// send that waits longer than ResubmissionTimeout (behind a lower nonce whose goroutine has not
// published yet, on a busy machine) is rightly re-signed with higher fees at the same nonce, so
// the journal may hold more than n versions: they are checked to be bumps of one send, not a
// second send given a nonce already taken.
func TestSendConcurrentNonces(t *testing.T) {
	e := newEnv(t)
	e.mine(5 * time.Millisecond)
	m := e.manager(e.config(e.sender))
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	mined := make(chan common.Hash, n)
	var j journal
	for i := range n {
		wg.Go(func() {
			rcpt, err := m.Send(e.ctx, txmgr.Candidate{To: e.other.Address, Value: big.NewInt(int64(i + 1))}, &j)
			if err == nil && rcpt.Status != types.ReceiptStatusSuccessful {
				err = errors.New("failed receipt")
			}
			if err == nil {
				mined <- rcpt.TxHash
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	close(mined)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := e.nonce(e.sender.Address); got != n {
		t.Fatalf("account nonce %d after %d sends", got, n)
	}
	nonceOf := map[int64]uint64{}             // each send's amount → its nonce
	latest := map[uint64]*types.Transaction{} // each nonce's last version
	journaled := map[common.Hash]bool{}
	for _, tx := range j.txs {
		journaled[tx.Hash()] = true
		v := tx.Value().Int64()
		if nonce, ok := nonceOf[v]; ok && nonce != tx.Nonce() {
			t.Fatalf("the send of %d wei was signed at nonces %d and %d", v, nonce, tx.Nonce())
		}
		nonceOf[v] = tx.Nonce()
		if prev := latest[tx.Nonce()]; prev != nil {
			if prev.Value().Int64() != v {
				t.Fatalf("nonce %d used by the sends of %d and %d wei", tx.Nonce(), prev.Value(), v)
			}
			if tx.GasFeeCap().Cmp(prev.GasFeeCap()) <= 0 || tx.GasTipCap().Cmp(prev.GasTipCap()) < 0 {
				t.Fatalf("nonce %d re-signed without higher fees: %s/%s after %s/%s", tx.Nonce(),
					tx.GasFeeCap(), tx.GasTipCap(), prev.GasFeeCap(), prev.GasTipCap())
			}
		}
		latest[tx.Nonce()] = tx
	}
	if len(nonceOf) != n || len(latest) != n {
		t.Fatalf("the journal holds %d sends at %d nonces, want %d of each", len(nonceOf), len(latest), n)
	}
	for nonce := range latest {
		if nonce >= n {
			t.Fatalf("nonce %d signed for %d sends from a fresh account", nonce, n)
		}
	}
	for h := range mined {
		if !journaled[h] {
			t.Fatalf("mined transaction %s was never journaled", h)
		}
	}
}

func TestEstimateRevertSendsNothing(t *testing.T) {
	e := newEnv(t)
	m := deployFor(t, e)
	set := contracts.Bind(e.chain.Client, m.Addresses())
	mgr := e.manager(e.config(e.sender))
	var j journal
	_, err := mgr.Send(e.ctx, txmgr.Candidate{To: set.Addresses.Keys, Data: set.Keys.ABI.PackRejectKey(1, 1)}, &j)
	if !errors.Is(err, contracts.ErrReverted) || !errors.Is(err, contracts.Revert("NotOracle")) {
		t.Fatalf("got %v, want the decoded NotOracle revert", err)
	}
	if j.len() != 0 || e.nonce(e.sender.Address) != 0 {
		t.Fatalf("a refused call was signed (%d) or sent (nonce %d)", j.len(), e.nonce(e.sender.Address))
	}
	// The nonce counter was not advanced by the refusal.
	if _, err := mgr.Send(e.ctx, transfer(e.other.Address), nil); err != nil {
		t.Fatal(err)
	}
	if got := e.nonce(e.sender.Address); got != 1 {
		t.Fatalf("nonce %d after one successful send", got)
	}
}

func deployFor(t *testing.T, e *env) *deploy.Manifest {
	t.Helper()
	m, err := deploy.Deploy(e.ctx, e.chain.Client, e.other.Opts(e.chain.ChainID), e.other.Address)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestInsufficientFundsThenFunded(t *testing.T) {
	funder := simchain.DevAccount("txmgr-funder")
	poor := simchain.DevAccount("txmgr-poor")
	e := newEnv(t, funder)
	m := e.manager(e.config(poor))
	var j journal
	// With a value, estimation already fails; without one, estimation passes and the pool
	// refuses the transaction for its gas.
	for _, c := range []txmgr.Candidate{transfer(funder.Address), {To: funder.Address}} {
		if _, err := m.Send(e.ctx, c, &j); !errors.Is(err, txmgr.ErrInsufficientFunds) {
			t.Fatalf("got %v, want ErrInsufficientFunds", err)
		}
	}
	fm := e.manager(e.config(funder))
	if _, err := fm.Send(e.ctx, txmgr.Candidate{To: poor.Address, Value: big.NewInt(params.Ether)}, nil); err != nil {
		t.Fatal(err)
	}
	// The pool learns of the new balance asynchronously, so the send is retried as the oracle
	// retries it: the error stays ErrInsufficientFunds until it succeeds.
	var rcpt *types.Receipt
	waitFor(t, func() bool {
		var err error
		rcpt, err = m.Send(e.ctx, transfer(funder.Address), &j)
		if err != nil && !errors.Is(err, txmgr.ErrInsufficientFunds) {
			t.Fatalf("after funding: %v", err)
		}
		return err == nil
	})
	if rcpt.Status != types.ReceiptStatusSuccessful || e.nonce(poor.Address) != 1 {
		t.Fatalf("status %d, nonce %d", rcpt.Status, e.nonce(poor.Address))
	}
}

// TestStuckTransactionIsBumped leaves a transaction unmined past the resubmission timeout and
// checks that each replacement raises both fees by at least 10%, then mines.
func TestStuckTransactionIsBumped(t *testing.T) {
	e := newEnv(t)
	e.chain.Client.SetManual(true)
	m := e.manager(e.config(e.sender))
	j := &journal{}
	done := make(chan error, 1)
	var rcpt *types.Receipt
	go func() {
		var err error
		rcpt, err = m.Send(e.ctx, transfer(e.other.Address), j)
		done <- err
	}()
	waitFor(t, func() bool { return j.len() >= 3 })
	e.chain.Backend.Commit()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(j.txs); i++ {
		prev, cur := j.txs[i-1], j.txs[i]
		if cur.Nonce() != prev.Nonce() {
			t.Fatal("a bump changed the nonce")
		}
		if !atLeast110(cur.GasTipCap(), prev.GasTipCap()) || !atLeast110(cur.GasFeeCap(), prev.GasFeeCap()) {
			t.Fatalf("bump %d: tip %v→%v, cap %v→%v", i, prev.GasTipCap(), cur.GasTipCap(), prev.GasFeeCap(), cur.GasFeeCap())
		}
	}
	if e.nonce(e.sender.Address) != 1 {
		t.Fatal("more than one version was mined")
	}
	found := false
	for _, tx := range j.txs {
		found = found || tx.Hash() == rcpt.TxHash
	}
	if !found {
		t.Fatal("the mined transaction is not one the journal recorded")
	}
}

func atLeast110(cur, prev *big.Int) bool {
	lhs := new(big.Int).Mul(cur, big.NewInt(100))
	rhs := new(big.Int).Mul(prev, big.NewInt(110))
	return lhs.Cmp(rhs) >= 0
}

// TestReplacementUnderpriced makes the manager's nonce collide with a pending transaction that
// pays a little more: the pool refuses ours as underpriced until bumps pass the 10% rule.
func TestReplacementUnderpriced(t *testing.T) {
	e := newEnv(t)
	m := e.manager(e.config(e.sender))
	if _, err := m.Send(e.ctx, transfer(e.other.Address), nil); err != nil {
		t.Fatal(err)
	}
	e.chain.Client.SetManual(true)
	// A transaction from the same account at the nonce the manager will use next, 5% pricier.
	head, err := e.chain.Client.HeaderByNumber(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	tip, _ := e.chain.Client.SuggestGasTipCap(e.ctx)
	feeCap := new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
	to := e.other.Address
	rival, err := types.SignTx(types.NewTx(&types.DynamicFeeTx{
		ChainID: e.chain.ChainID, Nonce: 1, Gas: 21000, To: &to, Value: big.NewInt(2),
		GasTipCap: new(big.Int).Div(new(big.Int).Mul(tip, big.NewInt(105)), big.NewInt(100)),
		GasFeeCap: new(big.Int).Div(new(big.Int).Mul(feeCap, big.NewInt(105)), big.NewInt(100)),
	}), types.LatestSignerForChainID(e.chain.ChainID), e.sender.Key)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.chain.Client.SendTransaction(e.ctx, rival); err != nil {
		t.Fatal(err)
	}
	j := &journal{}
	done := make(chan error, 1)
	var rcpt *types.Receipt
	go func() {
		var err error
		rcpt, err = m.Send(e.ctx, transfer(e.other.Address), j)
		done <- err
	}()
	waitFor(t, func() bool { return j.len() >= 3 })
	e.chain.Backend.Commit()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if rcpt.TxHash == rival.Hash() {
		t.Fatal("the rival was mined: the manager never replaced it")
	}
}

// TestResume publishes a transaction recorded by a "previous process" and waits for it.
func TestResume(t *testing.T) {
	e := newEnv(t)
	m := e.manager(e.config(e.sender))
	tx := signTransfer(t, e, 0, 1)
	rcpt, err := m.Resume(e.ctx, []*types.Transaction{tx}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rcpt.TxHash != tx.Hash() {
		t.Fatal("resume mined another transaction")
	}
	// A resumed transaction that is already mined is just confirmed, not sent again.
	rcpt2, err := m.Resume(e.ctx, []*types.Transaction{tx}, nil, nil)
	if err != nil || rcpt2.TxHash != tx.Hash() || e.nonce(e.sender.Address) != 1 {
		t.Fatalf("second resume: %v (nonce %d)", err, e.nonce(e.sender.Address))
	}
	// A recorded transaction whose nonce was used by another one will never be mined.
	lost := signTransfer(t, e, 1, 7)
	if err := e.chain.Client.SendTransaction(e.ctx, signTransfer(t, e, 1, 8)); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Resume(e.ctx, []*types.Transaction{lost}, nil, nil); !errors.Is(err, txmgr.ErrNonceConsumed) {
		t.Fatalf("got %v, want ErrNonceConsumed", err)
	}
	if _, err := m.Resume(e.ctx, nil, nil, nil); !errors.Is(err, txmgr.ErrNoTransactions) {
		t.Fatalf("empty resume: %v", err)
	}
}

func signTransfer(t *testing.T, e *env, nonce uint64, value int64) *types.Transaction {
	t.Helper()
	head, err := e.chain.Client.HeaderByNumber(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	to := e.other.Address
	tx, err := types.SignTx(types.NewTx(&types.DynamicFeeTx{
		ChainID: e.chain.ChainID, Nonce: nonce, Gas: 21000, To: &to, Value: big.NewInt(value),
		GasTipCap: big.NewInt(params.GWei), GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), big.NewInt(params.GWei)),
	}), types.LatestSignerForChainID(e.chain.ChainID), e.sender.Key)
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

// TestReorgedReceipt waits for three confirmations while the block holding the transaction is
// reorged out; the manager must return the receipt from the new canonical chain.
func TestReorgedReceipt(t *testing.T) {
	e := newEnv(t)
	e.chain.Client.SetManual(true)
	cfg := e.config(e.sender)
	cfg.NumConfirmations = 3
	cfg.ResubmissionTimeout = time.Hour
	m := e.manager(cfg)
	parent, err := e.chain.Client.HeaderByNumber(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	j := &journal{}
	done := make(chan error, 1)
	var rcpt *types.Receipt
	go func() {
		var err error
		rcpt, err = m.Send(e.ctx, transfer(e.other.Address), j)
		done <- err
	}()
	waitFor(t, func() bool { return j.len() == 1 })
	waitFor(t, func() bool { n, _ := e.chain.Client.PendingNonceAt(e.ctx, e.sender.Address); return n == 1 })
	first := e.chain.Backend.Commit()
	// Drop the block with the transaction; the pool takes the transaction back.
	if err := e.chain.Backend.Fork(parent.Hash()); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		e.chain.Backend.Commit()
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	canonical, err := e.chain.Client.BlockByNumber(e.ctx, rcpt.BlockNumber)
	if err != nil {
		t.Fatal(err)
	}
	if rcpt.BlockHash == first || rcpt.BlockHash != canonical.Hash() {
		t.Fatalf("receipt in block %s, canonical %s, reorged %s", rcpt.BlockHash, canonical.Hash(), first)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 30 s")
		}
		time.Sleep(2 * time.Millisecond)
	}
}
