package service_test

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"

	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
	"github.com/emrchain/emrchain/oracle/state"
)

// reorgWorld is two requesters with a granted request each, on records of one patient, and an
// oracle following the chain, with block production in the test's hands.
type reorgWorld struct {
	w          *oracletest.World
	o          *oracle
	gate       *gate
	recA, recB *oracletest.Record
	reqA, reqB uint64
	a, b       *oracletest.Party
}

func newReorgWorld(t *testing.T, gated bool, mutate func(*service.Config)) *reorgWorld {
	t.Helper()
	w := newWorld(t, oracletest.Options{Parties: []string{"patient", "provider", "alice", "bob"}})
	patient, provider := setup(t, w, "alice", "bob")
	r := &reorgWorld{w: w, a: w.Parties["alice"], b: w.Parties["bob"]}
	r.recA = must[*oracletest.Record](t)(w.CreateRecord(ctx, patient, provider, oracletest.GoodCapsule))
	r.recB = must[*oracletest.Record](t)(w.CreateRecord(ctx, patient, provider, oracletest.GoodCapsule))
	r.reqA = must[uint64](t)(w.RequestAccess(ctx, r.a, r.recA.ID))
	r.reqB = must[uint64](t)(w.RequestAccess(ctx, r.b, r.recB.ID))
	check(t, w.Grant(ctx, r.recA, r.a, r.reqA, oracletest.GoodRekey))
	check(t, w.Grant(ctx, r.recB, r.b, r.reqB, oracletest.GoodRekey))
	var opts []service.Option
	if gated {
		r.gate = newGate()
		opts = append(opts, service.WithHook(r.gate.hook))
		t.Cleanup(r.gate.release) // before the oracle's stop, which waits for gated workers
	}
	r.o = startOracle(t, w, "", mutate, opts...)
	return r
}

// getAccess signs requester p's get-access for request at nonce, paying tip: the test chooses
// which of two get-access calls runs first, and so which request each access id belongs to.
func (r *reorgWorld) getAccess(t *testing.T, p *oracletest.Party, request, nonce uint64, tip int64) *types.Transaction {
	t.Helper()
	w := r.w
	head := must[*types.Header](t)(w.Client.HeaderByNumber(ctx, nil))
	to := w.Set.Addresses.Access
	tipWei := new(big.Int).Mul(big.NewInt(tip), big.NewInt(params.GWei))
	tx := must[*types.Transaction](t)(types.SignTx(types.NewTx(&types.DynamicFeeTx{
		ChainID: w.ChainID, Nonce: nonce, Gas: 300_000, To: &to, Data: w.Set.Access.ABI.PackGetAccess(request),
		GasTipCap: tipWei, GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(4)), tipWei),
	}), types.LatestSignerForChainID(w.ChainID), p.Key))
	check(t, w.Client.SendTransaction(ctx, tx))
	return tx
}

// accessesOf returns the access ids each requester got, from the canonical chain's events.
func (r *reorgWorld) accessesOf(t *testing.T) map[common.Address][]uint64 {
	t.Helper()
	w := r.w
	out := map[common.Address][]uint64{}
	n := must[uint64](t)(accessCount(w))
	for id := uint64(1); id <= n; id++ {
		a := must[accessView](t)(r.access(id))
		out[a.requester] = append(out[a.requester], id)
	}
	return out
}

type accessView struct {
	request   uint64
	requester common.Address
}

func (r *reorgWorld) access(id uint64) (accessView, error) {
	a, err := r.w.Access(ctx, id)
	if err != nil {
		return accessView{}, err
	}
	q, err := bindCall(r.w.Set.Access.BoundContract, r.w.Set.Access.ABI.PackRequest(a.RequestId), r.w.Set.Access.ABI.UnpackRequest)
	if err != nil {
		return accessView{}, err
	}
	return accessView{request: a.RequestId, requester: q.Requester}, nil
}

// checkAnswers: every access on the canonical chain is fulfilled exactly once, its requester
// opens it to the key of the record the access's request is for, and the oracle sent no
// transaction that carried no answer beyond the cancellations it had to make.
func (r *reorgWorld) checkAnswers(t *testing.T) {
	t.Helper()
	w := r.w
	n := must[uint64](t)(accessCount(w))
	ids := make([]uint64, 0, n)
	for id := uint64(1); id <= n; id++ {
		ids = append(ids, id)
	}
	waitAnswered(t, w, ids...)
	waitFor(t, "every answer final", func() bool {
		counts, err := r.o.State().Counts(ctx, state.KindAccess)
		unfinal, err2 := r.o.State().Unfinal(ctx, state.KindAccess)
		return err == nil && err2 == nil && counts[state.Pending]+counts[state.Sent] == 0 && unfinal == 0
	})
	answers := must[*oracletest.Answers](t)(w.Answers(ctx))
	for _, id := range ids {
		if answers.Fulfilled[id] != 1 || len(answers.Rejected[id]) != 0 {
			t.Fatalf("access %d: %d fulfilments, rejections %v", id, answers.Fulfilled[id], answers.Rejected[id])
		}
		a := must[accessView](t)(r.access(id))
		who, rec := r.a, r.recA
		if a.requester == r.b.Address {
			who, rec = r.b, r.recB
		}
		if k := must[[32]byte](t)(w.OpenResult(ctx, who, answers, id)); k != rec.DataKey {
			t.Fatalf("access %d (request %d of %s) opens to another record's key", id, a.request, who.Name)
		}
	}
	if total := answers.Total(); total != int(n) {
		t.Fatalf("%d answers for %d accesses", total, n)
	}
}

// TestReorgIDsChangeHandsBeforeAnswering: two get-access calls are mined, the oracle starts
// working on them, and a reorg of depth 1 or 3 re-mines them in the other order, so each access
// id now belongs to the other requester. Each access is answered once, for the request that
// holds it on the new branch, and a request made after the reorg is answered too.
func TestReorgIDsChangeHandsBeforeAnswering(t *testing.T) {
	for _, depth := range []int{1, 3} {
		t.Run(fmt.Sprintf("depth%d", depth), func(t *testing.T) {
			r := newReorgWorld(t, true, nil)
			w := r.w
			resume := w.PauseMining()
			parent := must[*types.Header](t)(w.Chain.Client.HeaderByNumber(ctx, nil))
			for range depth - 1 {
				w.Chain.Backend.Commit()
			}
			na := must[uint64](t)(w.Client.NonceAt(ctx, r.a.Address, nil))
			nb := must[uint64](t)(w.Client.NonceAt(ctx, r.b.Address, nil))
			r.getAccess(t, r.a, r.reqA, na, 3)
			r.getAccess(t, r.b, r.reqB, nb, 1)
			w.Chain.Backend.Commit()
			if got := r.accessesOf(t); len(got[r.a.Address]) != 1 || got[r.a.Address][0] != 1 {
				t.Fatalf("before the reorg: %v", got)
			}
			waitFor(t, "both jobs at the gate", func() bool { return r.gate.waiting() == 2 })

			// The new branch: the same calls, bob's first.
			check(t, w.Chain.Backend.Fork(parent.Hash()))
			r.getAccess(t, r.a, r.reqA, na, 5)
			r.getAccess(t, r.b, r.reqB, nb, 20)
			for range depth + 1 {
				w.Chain.Backend.Commit()
			}
			resume()
			if got := r.accessesOf(t); len(got[r.b.Address]) != 1 || got[r.b.Address][0] != 1 {
				t.Fatalf("after the reorg access 1 is not bob's: %v", got)
			}
			waitFor(t, "the follower to settle the reorg", func() bool {
				j, ok, err := r.o.State().Job(ctx, state.Key{Kind: state.KindAccess, ID: 1})
				return err == nil && ok && j.Requester == r.b.Address && j.Status == state.Pending
			})
			r.gate.release()
			w.ForgetNonces()
			reqA2 := must[uint64](t)(w.RequestAccess(ctx, r.a, r.recA.ID))
			check(t, w.Grant(ctx, r.recA, r.a, reqA2, oracletest.GoodRekey))
			must[uint64](t)(w.GetAccess(ctx, r.a, reqA2))
			r.checkAnswers(t)
		})
	}
}

// TestReorgOfMinedAnswers: the oracle's answer is mined (and, with no confirmations, final)
// when a reorg of depth 1, 3, or deeper than the follower's confirmation depth, replaces the
// blocks of the get-access calls and of the answer. The node puts their transactions back in
// its pool, as geth does, and mines them again in some order: if the old answer runs before the
// calls it reverts, if after it lands again. Either way every access ends answered once and
// correctly, and the answers are final again.
func TestReorgOfMinedAnswers(t *testing.T) {
	for _, c := range []struct {
		name          string
		depth         int
		confirmations uint64
	}{{"depth1", 1, 0}, {"depth3", 3, 0}, {"deeper than confirmations", 4, 2}} {
		t.Run(c.name, func(t *testing.T) {
			r := newReorgWorld(t, false, func(cfg *service.Config) { cfg.Finality = logpoller.Depth(c.confirmations) })
			w := r.w
			resume := w.PauseMining()
			parent := must[*types.Header](t)(w.Chain.Client.HeaderByNumber(ctx, nil))
			na := must[uint64](t)(w.Client.NonceAt(ctx, r.a.Address, nil))
			nb := must[uint64](t)(w.Client.NonceAt(ctx, r.b.Address, nil))
			r.getAccess(t, r.a, r.reqA, na, 3)
			r.getAccess(t, r.b, r.reqB, nb, 1)
			w.Chain.Backend.Commit()
			for range c.confirmations {
				w.Chain.Backend.Commit()
			}
			waitFor(t, "the answer in the pool", func() bool {
				n, err := w.Client.PendingNonceAt(ctx, w.Oracle.Address)
				return err == nil && n == 1
			})
			for range max(c.depth-1, 1) + int(c.confirmations) {
				w.Chain.Backend.Commit()
			}
			waitFor(t, "both answers final", func() bool {
				j1, _, _ := r.o.State().Job(ctx, state.Key{Kind: state.KindAccess, ID: 1})
				j2, _, _ := r.o.State().Job(ctx, state.Key{Kind: state.KindAccess, ID: 2})
				return j1.Final && j2.Final
			})
			head := must[*types.Header](t)(w.Chain.Client.HeaderByNumber(ctx, nil))
			forkAt := head.Number.Uint64() - uint64(c.depth)
			if forkAt >= parent.Number.Uint64()+1 {
				forkAt = parent.Number.Uint64() // the reorg must reach the get-access block
			}
			ancestor := must[*types.Header](t)(w.Chain.Client.HeaderByNumber(ctx, new(big.Int).SetUint64(forkAt)))
			check(t, w.Chain.Backend.Fork(ancestor.Hash()))
			for range c.depth + int(c.confirmations) + 2 {
				w.Chain.Backend.Commit()
			}
			resume()
			r.checkAnswers(t)
		})
	}
}
