package service_test

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/rs/zerolog"

	indexer "github.com/emrchain/emrchain/indexer/service"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/indexer/verify"
	"github.com/emrchain/emrchain/internal/anvil"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
	"github.com/emrchain/emrchain/oracle/state"
)

// anvilDevKey is anvil's first well-known development key: a public test fixture.
const anvilDevKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"

// anvilBin finds the anvil binary, or skips (CI sets EMRCHAIN_REQUIRE_TOOLCHAIN, and fails).
func anvilBin(t *testing.T) string {
	t.Helper()
	root, _ := filepath.Abs("../..")
	bin, err := anvil.Find(root)
	if err != nil {
		if os.Getenv("EMRCHAIN_REQUIRE_TOOLCHAIN") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return bin
}

// anvilReorg is one anvil with emrchain deployed, an oracle in a child process and an indexer,
// where the test mines the blocks (automine off) and reorgs them with anvil_reorg.
type anvilReorg struct {
	t        *testing.T
	node     *anvil.Node
	rpc      *ethclient.Client
	w        *oracletest.World
	cfg      service.Config
	child    *child
	idx      *indexer.Service
	idxDir   string
	recA     *oracletest.Record
	recB     *oracletest.Record
	reqA     uint64
	reqB     uint64
	reqLater uint64 // alice's, used only after the reorg
	a, b     *oracletest.Party
	patient  *oracletest.Party
	miner    func() // stops the mining loop
}

func newAnvilReorg(t *testing.T, mutate func(*service.Config)) *anvilReorg {
	t.Helper()
	r := &anvilReorg{t: t}
	dir := t.TempDir()
	logf, err := os.Create(filepath.Join(dir, "anvil.log"))
	check(t, err)
	r.node, err = anvil.Start(ctx, anvilBin(t), logf)
	check(t, err)
	t.Cleanup(func() { r.node.Stop(); logf.Close() })
	r.rpc, err = ethclient.DialContext(ctx, r.node.WS())
	check(t, err)
	t.Cleanup(r.rpc.Close)
	key, err := crypto.HexToECDSA(anvilDevKey)
	check(t, err)
	r.w, err = oracletest.NewOnNode(ctx, filepath.Join(dir, "world"), r.node.HTTP(), key,
		oracletest.Options{Parties: []string{"patient", "provider", "alice", "bob"}})
	check(t, err)
	t.Cleanup(r.w.Close)
	w := r.w
	patient, provider := setup(t, w, "alice", "bob")
	r.patient, r.a, r.b = patient, w.Parties["alice"], w.Parties["bob"]
	r.recA = must[*oracletest.Record](t)(w.CreateRecord(ctx, patient, provider, oracletest.GoodCapsule))
	r.recB = must[*oracletest.Record](t)(w.CreateRecord(ctx, patient, provider, oracletest.GoodCapsule))
	r.reqA = must[uint64](t)(w.RequestAccess(ctx, r.a, r.recA.ID))
	r.reqB = must[uint64](t)(w.RequestAccess(ctx, r.b, r.recB.ID))
	r.reqLater = must[uint64](t)(w.RequestAccess(ctx, r.a, r.recA.ID))
	for _, g := range []struct {
		rec *oracletest.Record
		p   *oracletest.Party
		req uint64
	}{{r.recA, r.a, r.reqA}, {r.recB, r.b, r.reqB}, {r.recA, r.a, r.reqLater}} {
		check(t, w.Grant(ctx, g.rec, g.p, g.req, oracletest.GoodRekey))
	}
	w.CloseStore() // the oracle's process owns it from here

	// The indexer follows the same node.
	r.idxDir = filepath.Join(dir, "indexer")
	r.idx = startIndexer(t, r.rpc, w, r.idxDir)

	passFile := filepath.Join(dir, "pass")
	check(t, os.WriteFile(passFile, w.OraclePass.Reveal(), 0o600))
	r.cfg = w.OracleConfig()
	r.cfg.RPCURL = r.node.WS()
	r.cfg.KeyDir, r.cfg.PassphraseFile, r.cfg.IPFSDir = w.OracleDir, passFile, w.StoreDir()
	r.cfg.StatePath = filepath.Join(dir, "oracle.db")
	r.cfg.PollInterval, r.cfg.ReceiptPollInterval = 50*time.Millisecond, 20*time.Millisecond
	r.cfg.Finality = logpoller.Depth(0)
	if mutate != nil {
		mutate(&r.cfg)
	}
	r.child = startChild(t, r.cfg, "")
	r.call(nil, "evm_setAutomine", false)
	// Empty blocks between the set-up and the scenario, so no reorg reaches the grants.
	r.mine(6)
	waitFor(t, "the oracle to follow the chain", func() bool { return r.oracleCursor()+r.cfg.Finality.Confirmations >= r.head() })
	return r
}

func startIndexer(t *testing.T, c *ethclient.Client, w *oracletest.World, dir string) *indexer.Service {
	t.Helper()
	svc, err := indexer.New(indexer.Config{Client: c, Manifest: w.Manifest, DataDir: dir, Listen: "127.0.0.1:0",
		PollInterval: 50 * time.Millisecond, NoPush: true, Log: zerolog.Nop()})
	check(t, err)
	check(t, svc.Start(ctx))
	t.Cleanup(func() { _ = svc.Stop(context.Background()) })
	return svc
}

func (r *anvilReorg) call(out any, method string, args ...any) {
	r.t.Helper()
	if err := r.rpc.Client().CallContext(ctx, out, method, args...); err != nil {
		r.t.Fatalf("%s: %v", method, err)
	}
}

func (r *anvilReorg) head() uint64 {
	r.t.Helper()
	return must[uint64](r.t)(r.rpc.BlockNumber(ctx))
}

func (r *anvilReorg) mine(n int) {
	r.t.Helper()
	for range n {
		r.call(nil, "evm_mine")
	}
}

// mineEvery mines a block every interval until stopped: a chain with a block time.
func (r *anvilReorg) mineEvery(interval time.Duration) {
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(interval):
				_ = r.rpc.Client().CallContext(ctx, nil, "evm_mine")
			}
		}
	}()
	var once sync.Once
	r.miner = func() { once.Do(func() { close(stop); <-done }) }
	r.t.Cleanup(r.miner)
}

// getAccess signs p's get-access for request at nonce with tip gwei and sends it; the raw bytes
// are returned for anvil_reorg to mine again.
func (r *anvilReorg) getAccess(p *oracletest.Party, request, nonce uint64, tip int64) hexutil.Bytes {
	r.t.Helper()
	w := r.w
	to := w.Set.Addresses.Access
	tipWei := new(big.Int).Mul(big.NewInt(tip), big.NewInt(params.GWei))
	tx := must[*types.Transaction](r.t)(types.SignTx(types.NewTx(&types.DynamicFeeTx{
		ChainID: w.ChainID, Nonce: nonce, Gas: 300_000, To: &to, Data: w.Set.Access.ABI.PackGetAccess(request),
		GasTipCap: tipWei, GasFeeCap: new(big.Int).Mul(big.NewInt(tip+100), big.NewInt(params.GWei)),
	}), types.LatestSignerForChainID(w.ChainID), p.Key))
	check(r.t, r.rpc.SendTransaction(ctx, tx))
	return must[[]byte](r.t)(tx.MarshalBinary())
}

// oracleState opens the child oracle's database read-only.
func (r *anvilReorg) oracleState(f func(*state.Store) bool) bool {
	st, err := state.Open(r.cfg.StatePath, state.Options{ReadOnly: true})
	if err != nil {
		return false
	}
	defer st.Close()
	return f(st)
}

func (r *anvilReorg) oracleCursor() uint64 {
	var n uint64
	r.oracleState(func(st *state.Store) bool {
		c, ok, err := st.Cursor(ctx)
		if err == nil && ok {
			n = c.Number
		}
		return true
	})
	return n
}

// waitAllSent waits until the oracle has sent answers for the four accesses and the pool holds
// them.
func (r *anvilReorg) waitAllSent() {
	r.t.Helper()
	waitFor(r.t, "the four answers sent", func() bool {
		return r.oracleState(func(st *state.Store) bool {
			c, err := st.Counts(ctx, state.KindAccess)
			return err == nil && c[state.Sent] == 4
		})
	})
	waitFor(r.t, "the answers in the mempool", func() bool {
		mined, err1 := r.rpc.NonceAt(ctx, r.w.Oracle.Address, nil)
		pending, err2 := r.rpc.PendingNonceAt(ctx, r.w.Oracle.Address)
		return err1 == nil && err2 == nil && pending > mined && r.oracleTxPending()
	})
}

func (r *anvilReorg) oracleTxPending() bool {
	var pool struct {
		Pending map[string]map[string]any `json:"pending"`
	}
	r.call(&pool, "txpool_content")
	for from := range pool.Pending {
		if common.HexToAddress(from) == r.w.Oracle.Address {
			return true
		}
	}
	return false
}

// check ends the scenario: every access on the chain answered once, for the request that holds
// it, openable by its requester; nothing answered for an access that does not exist; the
// indexer's timeline the same as a fresh indexer's, and verified against the chain.
func (r *anvilReorg) checkAll() {
	t := r.t
	w := r.w
	n := must[uint64](t)(accessCount(w))
	var ids []uint64
	for id := uint64(1); id <= n; id++ {
		ids = append(ids, id)
	}
	waitAnswered(t, w, ids...)
	waitFor(t, "the oracle to settle every job, final", func() bool {
		return r.oracleState(func(st *state.Store) bool {
			counts, err := st.Counts(ctx, state.KindAccess)
			unfinal, err2 := st.Unfinal(ctx, state.KindAccess)
			return err == nil && err2 == nil && counts[state.Pending]+counts[state.Sent] == 0 && unfinal == 0
		})
	})
	r.miner()
	check(t, r.child.cmd.Process.Signal(syscall.SIGTERM))
	if code := r.child.wait(t); code != 0 {
		t.Fatalf("oracle exited with %d", code)
	}
	check(t, w.ReopenStore())
	answers := must[*oracletest.Answers](t)(w.Answers(ctx))
	if answers.Total() != int(n) {
		t.Fatalf("%d answers on chain for %d accesses: fulfilled %v rejected %v", answers.Total(), n, answers.Fulfilled, answers.Rejected)
	}
	ra := reorgWorld{w: w, a: r.a, b: r.b, recA: r.recA, recB: r.recB}
	for _, id := range ids {
		if answers.Fulfilled[id] != 1 {
			t.Fatalf("access %d: %d fulfilments, rejections %v", id, answers.Fulfilled[id], answers.Rejected[id])
		}
		a := must[accessView](t)(ra.access(id))
		who, rec := r.a, r.recA
		if a.requester == r.b.Address {
			who, rec = r.b, r.recB
		}
		if k := must[[32]byte](t)(w.OpenResult(ctx, who, answers, id)); k != rec.DataKey {
			t.Fatalf("access %d (request %d of %s) opens to another record's key", id, a.request, who.Name)
		}
	}

	// The indexer that lived through the reorg against one built afresh now.
	head := must[*types.Header](t)(r.rpc.HeaderByNumber(ctx, nil))
	fresh := startIndexer(t, r.rpc, w, filepath.Join(t.TempDir(), "fresh"))
	for _, s := range []*indexer.Service{r.idx, fresh} {
		waitFor(t, "the indexers at the head", func() bool {
			c, ok, err := s.Store().Cursor(ctx)
			return err == nil && ok && c.Hash == head.Hash()
		})
	}
	for _, p := range []*oracletest.Party{r.patient, r.a, r.b} {
		lived, new := timelineOf(t, r.idx.Store(), p.Address), timelineOf(t, fresh.Store(), p.Address)
		if !reflect.DeepEqual(lived, new) {
			t.Fatalf("%s's timeline: %d entries after the reorg, %d in a fresh indexer", p.Name, len(lived), len(new))
		}
		rep, err := verify.Patient(ctx, r.rpc, w.Manifest, r.idx.Store(), p.Address)
		check(t, err)
		if err := rep.Err(); err != nil {
			t.Fatalf("audit verify: %v", err)
		}
	}
}

func timelineOf(t *testing.T, st store.Store, patient common.Address) []timeline.Entry {
	t.Helper()
	var out []timeline.Entry
	f := store.Filter{Limit: store.MaxLimit}
	for {
		page, next, err := st.Timeline(ctx, patient, f)
		check(t, err)
		out = append(out, page...)
		if next == "" {
			return out
		}
		f.Cursor = next
	}
}

// TestReorgsOnAnvil replays issue 16's findings against anvil, with the oracle in its own process:
// four get-access calls (alice, bob, alice, bob) are mined, and anvil_reorg replaces the blocks
// while the oracle's answer is pending (computed, not sent), in the mempool, mined but not final,
// or final, re-mining the calls in another order (bob first) so every access id changes hands,
// and leaving bob's second call out so access 4 vanishes. The oracle must answer each access
// that exists once, for its new holder, answer nothing for the vanished one, and answer a request
// made after the reorg. A depth-1 reorg of the answer's block alone (the calls unchanged) must
// get the same answers mined again.
func TestReorgsOnAnvil(t *testing.T) {
	if testing.Short() {
		t.Skip("runs anvil and an oracle process per case")
	}
	for _, c := range []struct {
		name   string
		stage  string // where the answer is when the reorg happens
		depth  int    // blocks anvil_reorg replaces (at least)
		vanish bool   // leave bob's second call out of the new branch
		mutate func(*service.Config)
	}{
		{"pending/depth1", "pending", 1, false, func(c *service.Config) { c.BatchWait = 3 * time.Second }},
		{"mempool/depth1", "mempool", 1, false, nil},
		{"mined/depth3/vanished", "mined", 3, true, func(c *service.Config) { c.TxConfirmations = 4 }},
		{"final/depth3", "final", 3, false, nil},
		{"final answer only/depth1", "answer only", 1, false, nil},
		{"final/deeper than the confirmations/vanished", "final", 3, true, func(c *service.Config) { c.Finality = logpoller.Depth(1) }},
	} {
		t.Run(c.name, func(t *testing.T) { anvilReorgCase(t, c.stage, c.depth, c.vanish, c.mutate) })
	}
}

func anvilReorgCase(t *testing.T, stage string, depth int, vanish bool, mutate func(*service.Config)) {
	r := newAnvilReorg(t, mutate)
	w := r.w
	na := must[uint64](t)(r.rpc.NonceAt(ctx, r.a.Address, nil))
	nb := must[uint64](t)(r.rpc.NonceAt(ctx, r.b.Address, nil))
	a1 := r.getAccess(r.a, r.reqA, na, 40)
	b1 := r.getAccess(r.b, r.reqB, nb, 30)
	a2 := r.getAccess(r.a, r.reqA, na+1, 20)
	b2 := r.getAccess(r.b, r.reqB, nb+1, 10)
	r.mine(1)
	calls := r.head()
	ra := reorgWorld{w: w, a: r.a, b: r.b}
	if got := ra.accessesOf(t); fmt.Sprint(got[r.a.Address], got[r.b.Address]) != "[1 3] [2 4]" {
		t.Fatalf("before the reorg: alice %v, bob %v", got[r.a.Address], got[r.b.Address])
	}
	r.mine(int(r.cfg.Finality.Confirmations))
	waitFor(t, "the oracle to see the calls", func() bool { return r.oracleCursor() >= calls })
	switch stage {
	case "pending":
		waitFor(t, "the jobs worked on", func() bool {
			return r.oracleState(func(st *state.Store) bool {
				j, ok, err := st.Job(ctx, state.Key{Kind: state.KindAccess, ID: 4})
				return err == nil && ok && j.Status == state.Pending
			})
		})
	case "mempool":
		r.waitAllSent()
	default: // mined, final, answer only
		r.waitAllSent()
		r.mine(1)
		waitFor(t, "the answers mined", func() bool {
			st, err := w.Access(ctx, 4)
			return err == nil && st.Status == 2
		})
		if stage != "mined" {
			r.mine(max(0, depth-2))
			if stage == "final" && r.cfg.Finality.Confirmations > 0 {
				r.mine(int(r.cfg.Finality.Confirmations))
			}
			waitFor(t, "the answers final", func() bool {
				return r.oracleState(func(st *state.Store) bool {
					u, err := st.Unfinal(ctx, state.KindAccess)
					c, err2 := st.Counts(ctx, state.KindAccess)
					return err == nil && err2 == nil && u == 0 && c[state.Done] == 4
				})
			})
		}
	}
	head := r.head()
	type reinclude [2]any
	txs := []reinclude{}
	switch stage {
	case "answer only":
		// Only the answer's block is replaced; the calls stay where they are.
		if head != calls+1 {
			t.Fatalf("head %d, calls at %d", head, calls)
		}
	default:
		// Deep enough to replace the calls' block.
		depth = max(depth, int(head-calls)+1)
		t.Logf("reorg of depth %d at head %d (calls at %d, confirmations %d)", depth, head, calls, r.cfg.Finality.Confirmations)
		// The calls again, bob's first, so every access id changes hands; with vanish bob's
		// second is left out, and access 4 goes to the request alice makes after the reorg.
		off := int(calls - (head - uint64(depth)) - 1)
		txs = []reinclude{{hexutil.Encode(b1), off}, {hexutil.Encode(a1), off}, {hexutil.Encode(b2), off}, {hexutil.Encode(a2), off}}
		if vanish {
			txs = append(txs[:2], txs[3])
		}
	}
	r.call(nil, "anvil_reorg", depth, txs)
	want := "[2 4] [1 3]"
	switch {
	case stage == "answer only":
		want = "[1 3] [2 4]"
	case vanish:
		want = "[2 3] [1]"
	}
	if got := ra.accessesOf(t); fmt.Sprint(got[r.a.Address], got[r.b.Address]) != want {
		t.Fatalf("after the reorg: alice %v, bob %v, want %s", got[r.a.Address], got[r.b.Address], want)
	}
	if stage == "mempool" {
		// The old answer is still in the pool and would be mined in the next block: the
		// oracle has until then to replace it. Give it up to two seconds (a chain with
		// 1-second blocks gives it one), then mine whatever the pool holds.
		deadline := time.Now().Add(2 * time.Second)
		for !r.cancellationPending() && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
	}
	// A chain with a block time from here on; a request made after the reorg must not wait on
	// the ones before it.
	r.mineEvery(300 * time.Millisecond)
	w.ForgetNonces()
	must[uint64](t)(w.GetAccess(ctx, r.a, r.reqLater))
	r.checkAll()
	want4 := uint64(5) // four re-mined calls and the later one
	if vanish {
		want4 = 4
	}
	if n := must[uint64](t)(accessCount(w)); n != want4 {
		t.Fatalf("%d accesses, want %d", n, want4)
	}
}

// cancellationPending reports whether the pool holds a transfer of nothing from the oracle to
// itself: its withdrawal of an answer.
func (r *anvilReorg) cancellationPending() bool {
	var pool struct {
		Pending map[string]map[string]struct {
			To    string `json:"to"`
			Input string `json:"input"`
		} `json:"pending"`
	}
	r.call(&pool, "txpool_content")
	for from, byNonce := range pool.Pending {
		if common.HexToAddress(from) != r.w.Oracle.Address {
			continue
		}
		for _, tx := range byNonce {
			if common.HexToAddress(tx.To) == r.w.Oracle.Address && (tx.Input == "0x" || tx.Input == "") {
				return true
			}
		}
	}
	return false
}

// TestNodeDropsPendingAnswers: the node forgets the oracle's answers in its pool (anvil_drop*,
// as a restarted or flushed node would): first only the lower of two, so the other waits behind
// a nonce the node no longer has, then everything. The oracle notices and publishes them again,
// with no restart, and a request made afterwards is answered too.
func TestNodeDropsPendingAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs anvil and an oracle process")
	}
	// No fee bump for an hour: only noticing the loss can bring the answers back.
	r := newAnvilReorg(t, func(c *service.Config) { c.MaxBatch, c.ResubmissionTimeout = 2, time.Hour })
	na := must[uint64](t)(r.rpc.NonceAt(ctx, r.a.Address, nil))
	nb := must[uint64](t)(r.rpc.NonceAt(ctx, r.b.Address, nil))
	r.getAccess(r.a, r.reqA, na, 40)
	r.getAccess(r.b, r.reqB, nb, 30)
	r.getAccess(r.a, r.reqA, na+1, 20)
	r.getAccess(r.b, r.reqB, nb+1, 10)
	r.mine(1)
	r.waitAllSent()
	waitFor(t, "two answer transactions in the pool", func() bool { return len(r.oracleTxs()) == 2 })
	txs := r.oracleTxs()
	var dropped *common.Hash
	r.call(&dropped, "anvil_dropTransaction", txs[0])
	if dropped == nil || *dropped != txs[0] {
		t.Fatalf("anvil did not drop %s: %v", txs[0], dropped)
	}
	waitFor(t, "the dropped answer published again", func() bool { return len(r.oracleTxs()) == 2 })
	r.call(nil, "anvil_dropAllTransactions")
	waitFor(t, "both answers published again", func() bool { return len(r.oracleTxs()) == 2 })
	r.mineEvery(300 * time.Millisecond)
	r.w.ForgetNonces()
	must[uint64](t)(r.w.GetAccess(ctx, r.a, r.reqLater))
	r.checkAll()
}

// oracleTxs lists the hashes of the oracle's transactions in the pool, lowest nonce first.
func (r *anvilReorg) oracleTxs() []common.Hash {
	var pool struct {
		Pending map[string]map[string]struct {
			Hash  common.Hash    `json:"hash"`
			Nonce hexutil.Uint64 `json:"nonce"`
		} `json:"pending"`
	}
	r.call(&pool, "txpool_content")
	var out []common.Hash
	var nonces []uint64
	for from, byNonce := range pool.Pending {
		if common.HexToAddress(from) != r.w.Oracle.Address {
			continue
		}
		for _, tx := range byNonce {
			i := len(nonces)
			for i > 0 && nonces[i-1] > uint64(tx.Nonce) {
				i--
			}
			nonces = append(nonces[:i], append([]uint64{uint64(tx.Nonce)}, nonces[i:]...)...)
			out = append(out[:i], append([]common.Hash{tx.Hash}, out[i:]...)...)
		}
	}
	return out
}
