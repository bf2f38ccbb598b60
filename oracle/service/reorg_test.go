package service_test

import (
	"math/big"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"

	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
	"github.com/emrchain/emrchain/oracle/state"
)

// gate pauses the oracle's workers at PointWork while closed.
type gate struct {
	mu      sync.Mutex
	closed  bool
	arrived int
	open    chan struct{}
}

func newGate() *gate { return &gate{closed: true, open: make(chan struct{})} }

func (g *gate) hook(p service.Point) {
	if p != service.PointWork {
		return
	}
	g.mu.Lock()
	if !g.closed {
		g.mu.Unlock()
		return
	}
	g.arrived++
	g.mu.Unlock()
	<-g.open
}

func (g *gate) waiting() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.arrived
}

// release opens the gate for good; it may be called more than once.
func (g *gate) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		g.closed = false
		close(g.open)
	}
}

// TestReorg makes two get-access calls in one block, then replaces that block with one where
// only the first happened (the requester's second transaction is displaced by another at the
// same nonce), using the simulated backend's Fork. The oracle saw both events before the reorg;
// it must answer the first, which reappeared, exactly once, and never the second.
func TestReorg(t *testing.T) {
	w := newWorld(t, oracletest.Options{Parties: []string{"patient", "provider", "requester"}})
	patient, provider := setup(t, w, "requester")
	requester := w.Parties["requester"]
	recA := must[*oracletest.Record](t)(w.CreateRecord(ctx, patient, provider, oracletest.GoodCapsule))
	recB := must[*oracletest.Record](t)(w.CreateRecord(ctx, patient, provider, oracletest.GoodCapsule))
	reqA := must[uint64](t)(w.RequestAccess(ctx, requester, recA.ID))
	reqB := must[uint64](t)(w.RequestAccess(ctx, requester, recB.ID))
	check(t, w.Grant(ctx, recA, requester, reqA, oracletest.GoodRekey))
	check(t, w.Grant(ctx, recB, requester, reqB, oracletest.GoodRekey))

	g := newGate()
	o := startOracle(t, w, "", nil, service.WithHook(g.hook))
	t.Cleanup(g.release) // runs before the oracle's stop, which would wait for gated workers

	resume := w.PauseMining()
	parent := must[*types.Header](t)(w.Chain.Client.HeaderByNumber(ctx, nil))
	hA := must[[32]byte](t)(w.Submit(ctx, requester, w.Set.Addresses.Access, w.Set.Access.ABI.PackGetAccess(reqA)))
	must[[32]byte](t)(w.Submit(ctx, requester, w.Set.Addresses.Access, w.Set.Access.ABI.PackGetAccess(reqB)))
	w.Chain.Backend.Commit()
	rcpts := must[[]*types.Receipt](t)(w.Wait(ctx, hA))
	if a := must[uint64](t)(w.AccessIDOf(rcpts[0])); a != 1 {
		t.Fatalf("first access id %d", a)
	}
	// Both requests reach the workers, which wait at the gate.
	waitFor(t, "both jobs at the gate", func() bool { return g.waiting() == 2 })

	// Reorg: back to the parent; the pool takes both get-access calls back, and the second is
	// displaced by a plain transfer at its nonce paying more.
	check(t, w.Chain.Backend.Fork(parent.Hash()))
	nonce := must[uint64](t)(w.Chain.Client.NonceAt(ctx, requester.Address, parent.Number))
	head := must[*types.Header](t)(w.Chain.Client.HeaderByNumber(ctx, nil))
	tip := big.NewInt(50 * params.GWei)
	to := requester.Address
	displace := must[*types.Transaction](t)(types.SignTx(types.NewTx(&types.DynamicFeeTx{
		ChainID: w.Chain.ChainID, Nonce: nonce + 1, Gas: 21000, To: &to, Value: big.NewInt(0),
		GasTipCap: tip, GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(4)), tip),
	}), types.LatestSignerForChainID(w.Chain.ChainID), requester.Key))
	check(t, w.Chain.Client.SendTransaction(ctx, displace))
	waitFor(t, "the first get-access back in the pool", func() bool {
		n, err := w.Chain.Client.PendingNonceAt(ctx, requester.Address)
		return err == nil && n == nonce+2
	})
	w.Chain.Backend.Commit()
	w.Chain.Backend.Commit()
	resume()
	if n := must[uint64](t)(w.Chain.Client.NonceAt(ctx, requester.Address, nil)); n != nonce+2 {
		t.Fatalf("requester nonce %d after the fork, want %d", n, nonce+2)
	}
	if a := must[uint64](t)(accessCount(w)); a != 1 {
		t.Fatalf("%d get-access calls on the new chain, want 1", a)
	}

	// The oracle rolls back, drops access 2 and revives access 1 with a new generation.
	waitFor(t, "the follower to settle the reorg", func() bool {
		j1, ok1, err1 := o.State().Job(ctx, state.Key{Kind: state.KindAccess, ID: 1})
		j2, ok2, err2 := o.State().Job(ctx, state.Key{Kind: state.KindAccess, ID: 2})
		return err1 == nil && err2 == nil && ok1 && ok2 && j2.Status == state.Removed && j1.Status == state.Pending && j1.Gen > 1
	})
	g.release()
	waitAnswered(t, w, 1)

	answers := must[*oracletest.Answers](t)(w.Answers(ctx))
	if answers.Fulfilled[1] != 1 || answers.Total() != 1 {
		t.Fatalf("answers after the reorg: fulfilled %v, rejected %v", answers.Fulfilled, answers.Rejected)
	}
	if k := must[[32]byte](t)(w.OpenResult(ctx, requester, answers, 1)); k != recA.DataKey {
		t.Fatal("access 1 was answered with another record's key")
	}
	if n := must[uint64](t)(w.OracleNonce(ctx)); n != 1 {
		t.Fatalf("the oracle sent %d transactions, want 1", n)
	}
	j2, _, _ := o.State().Job(ctx, state.Key{Kind: state.KindAccess, ID: 2})
	if j2.Status != state.Removed {
		t.Fatalf("the reorged-away job is %v", j2.Status)
	}
}

func accessCount(w *oracletest.World) (uint64, error) {
	a := w.Set.Access
	return bindCall(a.BoundContract, a.ABI.PackAccessCount(), a.ABI.UnpackAccessCount)
}
