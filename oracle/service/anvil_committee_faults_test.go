package service_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/oracle/service"
)

// TestCommitteeNodeDropsPendingCommits: the node forgets a member's commits in its pool
// (anvil_dropTransaction, as a restarted or flushed node would): first only the lowest of the
// four, so the others wait behind a nonce the node no longer has, then every transaction in the
// pool. With no fee bump for an hour, only noticing the nonce gap can bring them back: the members
// publish them again without a restart, every access is answered, and so is one made afterwards.
func TestCommitteeNodeDropsPendingCommits(t *testing.T) {
	if testing.Short() {
		t.Skip("runs anvil and three member processes")
	}
	r := newAnvilCommittee(t, 0, func(c *service.Config) { c.MaxBatch, c.ResubmissionTimeout = 1, time.Hour })
	start := r.head() + 1
	na := must[uint64](t)(r.rpc.NonceAt(ctx, r.a.Address, nil))
	nb := must[uint64](t)(r.rpc.NonceAt(ctx, r.b.Address, nil))
	r.getAccess(r.a, r.reqA, na, 40)
	r.getAccess(r.b, r.reqB, nb, 30)
	r.getAccess(r.a, r.reqA, na+1, 20)
	r.getAccess(r.b, r.reqB, nb+1, 10)
	r.mine(1)
	waitFor(t, "every member's commits in the pool", func() bool { return r.poolCovers("commit", 4) })
	victim := r.cw.Proxies[0].Address
	var lowest *memberTx
	count := 0
	for _, m := range r.poolTxs() {
		if m.from == victim {
			count++
			if lowest == nil || m.tx.Nonce() < lowest.tx.Nonce() {
				lowest = &m
			}
		}
	}
	if count < 2 {
		t.Fatalf("member 1 has %d transactions in the pool, want one per access (MaxBatch 1)", count)
	}
	var dropped *common.Hash
	r.call(&dropped, "anvil_dropTransaction", lowest.tx.Hash())
	if dropped == nil || *dropped != lowest.tx.Hash() {
		t.Fatalf("anvil did not drop %s: %v", lowest.tx.Hash(), dropped)
	}
	if r.poolCovers("commit", 4) {
		t.Fatal("the dropped commit is still in the pool")
	}
	waitFor(t, "the dropped commit published again", func() bool { return r.poolCovers("commit", 4) })
	r.call(nil, "anvil_dropAllTransactions")
	waitFor(t, "every commit published again", func() bool { return r.poolCovers("commit", 4) })
	r.mineEvery(300 * time.Millisecond)
	r.cw.ForgetNonces()
	later, err := r.cw.Env().GetAccess(ctx, r.cw.Identity(r.a), r.reqA)
	check(t, err)
	t.Logf("later access %d", later.AccessID)
	r.checkAll(start, 0)
}

// TestCommitteeMemberKillStorm kills member 1 with SIGKILL again and again (at random moments,
// restarting it on the same state each time) while a stream of get-access calls of two requesters
// comes in on a chain with 300 ms blocks. Every access is answered by every member exactly once
// (one commit and one reveal each), none is missing, every requester opens its own record, and no
// member sent a transaction that failed or had an item refused.
func TestCommitteeMemberKillStorm(t *testing.T) {
	if testing.Short() {
		t.Skip("runs anvil and three member processes, one killed repeatedly")
	}
	const depth, accesses, kills = 1, 16, 10
	r := newAnvilCommittee(t, depth, nil)
	start := r.head() + 1
	r.mineEvery(300 * time.Millisecond)
	r.cw.ForgetNonces()
	env := r.cw.Env()
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range accesses {
			p, req := r.a, r.reqA
			if i%2 == 1 {
				p, req = r.b, r.reqB
			}
			if _, err := env.GetAccess(ctx, r.cw.Identity(p), req); err != nil {
				errs <- fmt.Errorf("get access %d: %w", i+1, err)
				return
			}
		}
	}()
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 16))
	for k := range kills {
		time.Sleep(time.Duration(200+rnd.IntN(1300)) * time.Millisecond)
		c := r.children[0]
		check(t, c.cmd.Process.Kill())
		c.wait(t)
		t.Logf("kill %d of member 1", k+1)
		r.children[0] = startChild(t, r.cfgs[0], "")
	}
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
	n := must[uint64](t)(accessCount(r.cw))
	if n != accesses {
		t.Fatalf("%d accesses, want %d", n, accesses)
	}
	r.checkAll(start, depth)
	// Nothing a member sent failed or was refused: no answer was sent twice.
	head := r.head()
	for _, m := range r.blockTxs(start, head) {
		rc, err := r.rpc.TransactionReceipt(ctx, m.tx.Hash())
		check(t, err)
		if rc.Status != 1 {
			t.Fatalf("member %d's transaction %s (nonce %d) failed in block %d", r.memberIndex(m.from), m.tx.Hash(), m.tx.Nonce(), m.block)
		}
	}
	a := r.cw.Set.Access
	it, err := bind.FilterEvents(a.BoundContract, &bind.FilterOpts{Context: ctx, Start: start}, a.ABI.UnpackAnswerRefusedEvent)
	check(t, err)
	var refused []string
	for it.Next() {
		refused = append(refused, fmt.Sprintf("access %d by %s: %x", it.Value().AccessId, it.Value().Node, it.Value().Error))
	}
	it.Close()
	if len(refused) != 0 {
		slices.Sort(refused)
		t.Fatalf("items refused: %v", refused)
	}
}
