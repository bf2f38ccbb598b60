package service_test

import (
	"bytes"
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

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/client"
	indexer "github.com/emrchain/emrchain/indexer/service"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/indexer/verify"
	"github.com/emrchain/emrchain/internal/anvil"
	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
	"github.com/emrchain/emrchain/oracle/state"
)

const (
	noteA = "2026-11-02 cardiology: stent placed, claim ACME-4471"
	noteB = "2026-11-03 radiology: chest x-ray clear, claim ACME-4502"
)

// anvilCommittee is one anvil with emrchain deployed, a 2-of-3 committee whose members run as
// processes of their own (this test binary re-executed, each with its own keys, state and IPFS
// store), and an indexer; the test mines the blocks (automine off) and reorgs them with
// anvil_reorg. Alice and Bob each hold a grant of their own record through the committee.
type anvilCommittee struct {
	t        *testing.T
	node     *anvil.Node
	rpc      *ethclient.Client
	cw       *committeeWorld
	cfgs     []service.Config
	children []*child
	idx      *indexer.Service
	a, b     *oracletest.Party
	reqA     uint64
	reqB     uint64
	miner    func()
	answers  abi.ABI
}

func newAnvilCommittee(t *testing.T, depth uint64, mutate func(*service.Config)) *anvilCommittee {
	t.Helper()
	r := &anvilCommittee{t: t}
	dir := t.TempDir()
	logf, err := os.Create(filepath.Join(dir, "anvil.log"))
	check(t, err)
	r.node, err = anvil.Start(ctx, anvilBin(t), logf)
	check(t, err)
	t.Cleanup(func() { r.node.Stop(); logf.Close() })
	r.rpc, err = ethclient.DialContext(ctx, r.node.WS())
	check(t, err)
	t.Cleanup(r.rpc.Close)
	parsed, err := bindings.AccessLedgerMetaData.ParseABI()
	check(t, err)
	r.answers = *parsed
	funder, err := crypto.HexToECDSA(anvilDevKey)
	check(t, err)
	w, err := oracletest.NewOnNode(ctx, filepath.Join(dir, "world"), r.node.HTTP(), funder,
		oracletest.Options{Proxies: 3, Parties: []string{"patient", "doctor", "alice", "bob"}})
	check(t, err)
	t.Cleanup(w.Close)
	cw := &committeeWorld{World: w, dir: dir, patient: w.Parties["patient"], doctor: w.Parties["doctor"], depth: depth}
	r.cw, r.a, r.b = cw, w.Parties["alice"], w.Parties["bob"]
	check(t, w.EnrolAs(ctx, cw.patient, client.RolePatient, ""))
	check(t, w.EnrolAs(ctx, cw.doctor, client.RoleProvider, "hospital-a"))
	check(t, w.EnrolAs(ctx, r.a, client.RoleProvider, "hospital-b"))
	check(t, w.EnrolAs(ctx, r.b, client.RoleProvider, "hospital-c"))
	w.ForgetNonces()

	// The committee's key generation runs in process (its phases are counted in blocks, which a
	// mining loop supplies); the members then run as processes of their own on the same state.
	r.mineEvery(100 * time.Millisecond)
	for i := range 3 {
		cw.nodes = append(cw.nodes, cw.start(t, i))
	}
	c, err := w.CreateCommittee(ctx, w.Proxies, 2, 40)
	check(t, err)
	st, err := w.WaitCommittee(ctx, c, 3*time.Minute)
	check(t, err)
	if st != oracletest.CommitteeActive {
		t.Fatalf("committee status %d", st)
	}
	cw.committee = c
	for i := range 3 {
		membership(t, cw.nodes[i], c)
	}
	grant := func(p *oracletest.Party, text string) uint64 {
		id, err := w.PutRecord(ctx, cw.doctor, cw.patient, text, "")
		check(t, err)
		req, err := w.GrantThrough(ctx, cw.patient, p, id, c, 2, 10)
		check(t, err)
		return req
	}
	r.reqA, r.reqB = grant(r.a, noteA), grant(r.b, noteB)
	for _, n := range cw.nodes {
		n.stop(t)
	}

	r.idx = startIndexer(t, r.rpc, w, filepath.Join(dir, "indexer"))
	passFile := filepath.Join(dir, "pass")
	check(t, os.WriteFile(passFile, oracletest.ProxyPass.Reveal(), 0o600))
	for i, p := range w.Proxies {
		cfg := cw.proxyConfig(p)
		cfg.RPCURL, cfg.KeyDir, cfg.PassphraseFile = r.node.WS(), p.Dir, passFile
		cfg.IPFSDir = filepath.Join(dir, p.Name+"-ipfs")
		cfg.PollInterval, cfg.ReceiptPollInterval, cfg.MetricsAddr = 50*time.Millisecond, 20*time.Millisecond, ""
		if mutate != nil {
			mutate(&cfg)
		}
		copyObjects(t, cw, r.reqA, cfg.IPFSDir)
		copyObjects(t, cw, r.reqB, cfg.IPFSDir)
		r.cfgs = append(r.cfgs, cfg)
		r.children = append(r.children, startChild(t, cfg, ""))
		_ = i
	}
	r.miner()
	r.call(nil, "evm_setAutomine", false)
	// Empty blocks between the set-up and the scenario, so no reorg reaches the grants.
	r.mine(int(depth) + 4)
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

func (r *anvilCommittee) call(out any, method string, args ...any) {
	r.t.Helper()
	if err := r.rpc.Client().CallContext(ctx, out, method, args...); err != nil {
		r.t.Fatalf("%s: %v", method, err)
	}
}

func (r *anvilCommittee) head() uint64 {
	r.t.Helper()
	return must[uint64](r.t)(r.rpc.BlockNumber(ctx))
}

func (r *anvilCommittee) mine(n int) {
	r.t.Helper()
	for range n {
		r.call(nil, "evm_mine")
	}
}

// mineEvery mines a block every interval until r.miner is called: a chain with a block time.
func (r *anvilCommittee) mineEvery(interval time.Duration) {
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
func (r *anvilCommittee) getAccess(p *oracletest.Party, request, nonce uint64, tip int64) hexutil.Bytes {
	r.t.Helper()
	w := r.cw.World
	g, err := w.Env().GrantOf(ctx, request)
	check(r.t, err)
	to := w.Set.Addresses.Access
	tipWei := new(big.Int).Mul(big.NewInt(tip), big.NewInt(params.GWei))
	tx := must[*types.Transaction](r.t)(types.SignTx(types.NewTx(&types.DynamicFeeTx{
		ChainID: w.ChainID, Nonce: nonce, Gas: 500_000, To: &to, Data: w.Set.Access.ABI.PackGetAccess(request, g.Terms),
		GasTipCap: tipWei, GasFeeCap: new(big.Int).Mul(big.NewInt(tip+100), big.NewInt(params.GWei)),
	}), types.LatestSignerForChainID(w.ChainID), p.Key))
	check(r.t, r.rpc.SendTransaction(ctx, tx))
	return must[[]byte](r.t)(tx.MarshalBinary())
}

// memberIndex is the committee member number (1-based) of a sender, or 0.
func (r *anvilCommittee) memberIndex(from common.Address) int {
	for i, p := range r.cw.Proxies {
		if p.Address == from {
			return i + 1
		}
	}
	return 0
}

// memberTx is a transaction a member sent, with the block it is in (0: still in the pool).
type memberTx struct {
	tx    *types.Transaction
	from  common.Address
	block uint64
}

// poolTxs lists the members' transactions in the node's pool.
func (r *anvilCommittee) poolTxs() []memberTx {
	r.t.Helper()
	var pool struct {
		Pending map[string]map[string]*types.Transaction `json:"pending"`
		Queued  map[string]map[string]*types.Transaction `json:"queued"`
	}
	r.call(&pool, "txpool_content")
	var out []memberTx
	for _, m := range []map[string]map[string]*types.Transaction{pool.Pending, pool.Queued} {
		for from, byNonce := range m {
			if r.memberIndex(common.HexToAddress(from)) == 0 {
				continue
			}
			for _, tx := range byNonce {
				out = append(out, memberTx{tx: tx, from: common.HexToAddress(from)})
			}
		}
	}
	return out
}

// blockTxs lists the members' transactions in blocks from..to of the chain as it is now.
func (r *anvilCommittee) blockTxs(from, to uint64) []memberTx {
	r.t.Helper()
	var out []memberTx
	signer := types.LatestSignerForChainID(r.cw.ChainID)
	for n := from; n <= to; n++ {
		b := must[*types.Block](r.t)(r.rpc.BlockByNumber(ctx, new(big.Int).SetUint64(n)))
		for _, tx := range b.Transactions() {
			sender, err := types.Sender(signer, tx)
			check(r.t, err)
			if r.memberIndex(sender) != 0 {
				out = append(out, memberTx{tx: tx, from: sender, block: n})
			}
		}
	}
	return out
}

// poolCovers reports whether the pool holds every member's commit (or reveal) of accesses 1..n.
func (r *anvilCommittee) poolCovers(method string, n uint64) bool {
	seen := map[[2]uint64]bool{}
	for _, m := range r.poolTxs() {
		for _, it := range r.items(m.tx, method) {
			seen[it] = true
		}
	}
	for id := uint64(1); id <= n; id++ {
		for m := uint64(1); m <= 3; m++ {
			if !seen[[2]uint64{id, m}] {
				return false
			}
		}
	}
	return true
}

// items lists the (access, member) pairs a member's commit, commitMany, reveal or revealMany
// (method "commit" or "reveal") carries.
func (r *anvilCommittee) items(tx *types.Transaction, method string) [][2]uint64 {
	r.t.Helper()
	if tx.To() == nil || *tx.To() != r.cw.Set.Addresses.Access || len(tx.Data()) < 4 {
		return nil
	}
	m, err := r.answers.MethodById(tx.Data()[:4])
	if err != nil || (m.Name != method && m.Name != method+"Many") {
		return nil
	}
	args, err := m.Inputs.Unpack(tx.Data()[4:])
	check(r.t, err)
	switch m.Name {
	case "commit", "reveal":
		return [][2]uint64{{args[0].(uint64), uint64(args[map[string]int{"commit": 3, "reveal": 1}[m.Name]].(uint8))}}
	case "commitMany":
		var out [][2]uint64
		for _, it := range *abi.ConvertType(args[0], new([]bindings.IThresholdAnswersCommit)).(*[]bindings.IThresholdAnswersCommit) {
			out = append(out, [2]uint64{it.AccessId, uint64(it.Member)})
		}
		return out
	default:
		var out [][2]uint64
		for _, it := range *abi.ConvertType(args[0], new([]bindings.IThresholdAnswersReveal)).(*[]bindings.IThresholdAnswersReveal) {
			out = append(out, [2]uint64{it.AccessId, uint64(it.Member)})
		}
		return out
	}
}

// revealItem is one fragment a member published, in a reveal or an item of a revealMany.
type revealItem struct {
	access   uint64
	member   uint8
	fragment []byte
	block    uint64 // 0: in the pool
}

// reveals decodes the fragments that the members' transactions publish (whether or not they
// succeed: a reverted reveal's calldata is as public as a mined one's).
func (r *anvilCommittee) reveals(txs []memberTx) []revealItem {
	r.t.Helper()
	var out []revealItem
	for _, m := range txs {
		if m.tx.To() == nil || *m.tx.To() != r.cw.Set.Addresses.Access || len(m.tx.Data()) < 4 {
			continue
		}
		method, err := r.answers.MethodById(m.tx.Data()[:4])
		if err != nil {
			continue
		}
		switch method.Name {
		case "reveal":
			args, err := method.Inputs.Unpack(m.tx.Data()[4:])
			check(r.t, err)
			out = append(out, revealItem{access: args[0].(uint64), member: args[1].(uint8), fragment: args[2].([]byte), block: m.block})
		case "revealMany":
			args, err := method.Inputs.Unpack(m.tx.Data()[4:])
			check(r.t, err)
			items := *abi.ConvertType(args[0], new([]bindings.IThresholdAnswersReveal)).(*[]bindings.IThresholdAnswersReveal)
			for _, it := range items {
				out = append(out, revealItem{access: it.AccessId, member: it.Member, fragment: it.Fragment, block: m.block})
			}
		}
		if m := r.memberIndex(m.from); m == 0 {
			r.t.Fatalf("reveal from a non-member")
		}
	}
	return out
}

// commitOf is the member's commit to an access on the chain as it is now: its fragment hash and
// block (0 when there is none), and how many commits it has there.
func (r *anvilCommittee) commitOf(access uint64, member uint8) (hash common.Hash, block uint64, n int) {
	r.t.Helper()
	a := r.cw.Set.Access
	node := r.cw.Proxies[member-1].Address
	it, err := bind.FilterEvents(a.BoundContract, &bind.FilterOpts{Context: ctx}, a.ABI.UnpackAnswerCommittedEvent, []any{access}, []any{node})
	check(r.t, err)
	defer it.Close()
	for it.Next() {
		hash, block = it.Value().FragmentHash, it.Value().Raw.BlockNumber
		n++
	}
	check(r.t, it.Error())
	return hash, block, n
}

// checkReveals fails if a fragment was published for a commit that is not on the chain as it is
// now, or that was not final (depth blocks deep) when the fragment was sent; head is the chain's
// head when the pool was read.
func (r *anvilCommittee) checkReveals(when string, items []revealItem, head, depth uint64) {
	r.t.Helper()
	for _, it := range items {
		hash, cb, _ := r.commitOf(it.access, it.member)
		if cb == 0 {
			r.t.Fatalf("%s: member %d published its fragment for access %d, which it has no commit to on the chain", when, it.member, it.access)
		}
		if common.BytesToHash(crypto.Keccak256(it.fragment)) != hash {
			r.t.Fatalf("%s: member %d published a fragment for access %d that is not the one its commit (block %d) holds", when, it.member, it.access, cb)
		}
		at := it.block
		if at == 0 {
			at = head + 1
		}
		// A commit in block cb is final once depth blocks are built on it; a fragment sent
		// then lands in the next block at the earliest.
		if at < cb+depth+1 {
			r.t.Fatalf("%s: member %d's fragment for access %d published in block %d, its commit in block %d is not %d deep", when, it.member, it.access, at, cb, depth)
		}
	}
}

// settle waits until every access on the chain is revealed by all three members, the members'
// transactions have all been mined, and stops the chain and the members.
func (r *anvilCommittee) settle() uint64 {
	t := r.t
	env := r.cw.Env()
	n := must[uint64](t)(accessCount(r.cw))
	for id := uint64(1); id <= n; id++ {
		waitFor(t, fmt.Sprintf("access %d revealed by every member", id), func() bool {
			st, err := env.AnswerState(ctx, client.GateAccess, id)
			return err == nil && st.RevealMask == 0b111
		})
	}
	waitFor(t, "the members' pool empty", func() bool { return len(r.poolTxs()) == 0 })
	r.miner()
	for i, c := range r.children {
		check(t, c.cmd.Process.Signal(syscall.SIGTERM))
		if code := c.wait(t); code != 0 {
			t.Fatalf("member %d exited with %d", i+1, code)
		}
	}
	return n
}

func accessCount(cw *committeeWorld) (uint64, error) {
	a := cw.Set.Access
	return bind.Call(a.BoundContract, &bind.CallOpts{Context: ctx}, a.ABI.PackAccessCount(), a.ABI.UnpackAccessCount)
}

// holder is the party whose request an access belongs to now, and the text its record holds.
func (r *anvilCommittee) holder(id uint64) (*oracletest.Party, string) {
	r.t.Helper()
	a, err := r.cw.Env().Access(ctx, id)
	check(r.t, err)
	switch a.RequestId {
	case r.reqA:
		return r.a, noteA
	case r.reqB:
		return r.b, noteB
	}
	r.t.Fatalf("access %d belongs to request %d", id, a.RequestId)
	return nil, ""
}

// owners lists the accesses of alice and of bob, as "[alice's] [bob's]".
func (r *anvilCommittee) owners() string {
	n := must[uint64](r.t)(accessCount(r.cw))
	var a, b []uint64
	for id := uint64(1); id <= n; id++ {
		if p, _ := r.holder(id); p == r.a {
			a = append(a, id)
		} else {
			b = append(b, id)
		}
	}
	return fmt.Sprint(a, b)
}

// checkAll ends a scenario: every access on the chain answered once by each member and opened
// by its holder to its own record; every fragment ever published matches a commit on the final
// chain that was final when the fragment was sent; the indexer's timeline equals a fresh
// indexer's, and is verified against the chain.
func (r *anvilCommittee) checkAll(from, depth uint64) {
	t := r.t
	n := r.settle()
	env := r.cw.Env()
	a := r.cw.Set.Access
	for id := uint64(1); id <= n; id++ {
		p, text := r.holder(id)
		rctx, cancel := context.WithTimeout(ctx, time.Minute)
		var got bytes.Buffer
		_, _, err := env.ReadAccess(rctx, r.cw.Identity(p), id, &got, client.AwaitOptions{Poll: 50 * time.Millisecond})
		cancel()
		if err != nil {
			t.Fatalf("access %d (%s's): %v", id, p.Name, err)
		}
		if got.String() != text {
			t.Fatalf("access %d (%s's) opens to %q", id, p.Name, got.String())
		}
		for m := uint8(1); m <= 3; m++ {
			if _, _, c := r.commitOf(id, m); c != 1 {
				t.Fatalf("access %d: member %d committed %d times", id, m, c)
			}
		}
		ful, err := bind.FilterEvents(a.BoundContract, &bind.FilterOpts{Context: ctx}, a.ABI.UnpackAnswerFulfilledEvent, []any{id})
		check(t, err)
		count := 0
		for ful.Next() {
			count++
		}
		ful.Close()
		if count != 1 {
			t.Fatalf("access %d fulfilled %d times", id, count)
		}
	}
	head := r.head()
	r.checkReveals("after the reorg", r.reveals(r.blockTxs(from, head)), head, depth)

	hdr := must[*types.Header](t)(r.rpc.HeaderByNumber(ctx, nil))
	fresh := startIndexer(t, r.rpc, r.cw.World, filepath.Join(t.TempDir(), "fresh"))
	for _, s := range []*indexer.Service{r.idx, fresh} {
		waitFor(t, "the indexers at the head", func() bool {
			c, ok, err := s.Store().Cursor(ctx)
			return err == nil && ok && c.Hash == hdr.Hash()
		})
	}
	for _, p := range []*oracletest.Party{r.cw.patient, r.a, r.b} {
		lived, fresh := timelineOf(t, r.idx.Store(), p.Address), timelineOf(t, fresh.Store(), p.Address)
		if !reflect.DeepEqual(lived, fresh) {
			t.Fatalf("%s's timeline: %d entries after the reorg, %d in a fresh indexer", p.Name, len(lived), len(fresh))
		}
		rep, err := verify.Patient(ctx, r.rpc, r.cw.Manifest, r.idx.Store(), p.Address)
		check(t, err)
		if err := rep.Err(); err != nil {
			t.Fatalf("audit verify (%s): %v", p.Name, err)
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

// TestCommitteeReorgsOnAnvil: four get-access calls (alice, bob, alice, bob) are mined, and
// anvil_reorg replaces the blocks while the members' commits are pending (held for a batch),
// in the mempool, mined but not final, or final with the reveals in the mempool or mined,
// re-mining the calls in another order (bob's first) so every access id changes hands, and in
// some cases leaving bob's second call out so access 4 vanishes. A depth-1 reorg of the commits'
// block alone (the calls unchanged) is also played. Every access that exists afterwards must be
// answered once by each member and opened by its new holder to its own record; no member may
// publish a fragment for a commit that was not final, nor for one the reorg removed; a request
// made after the reorg is answered; the indexer that lived through it agrees with a fresh one.
func TestCommitteeReorgsOnAnvil(t *testing.T) {
	if testing.Short() {
		t.Skip("runs anvil and three member processes per case")
	}
	for _, c := range []struct {
		name   string
		stage  string // where the answers are when the reorg happens
		depth  int    // blocks anvil_reorg replaces (at least)
		final  uint64 // the members' confirmation depth
		vanish bool   // leave bob's second call out of the new branch
		mutate func(*service.Config)
	}{
		{"commits pending/depth1", "pending", 1, 0, false, func(c *service.Config) { c.BatchWait = 3 * time.Second }},
		{"commits in the mempool/depth1", "mempool", 1, 0, false, nil},
		{"commits in the mempool/depth3", "mempool", 3, 2, false, nil},
		{"commits mined/depth3/vanished", "mined", 3, 1, true, nil},
		{"commits only/depth1", "commits only", 1, 2, false, nil},
		{"commits final, reveals in the mempool/deeper than the confirmations", "reveals sent", 3, 1, false, nil},
		{"reveals mined/deeper than the confirmations/vanished", "reveals mined", 3, 1, true, nil},
	} {
		t.Run(c.name, func(t *testing.T) { committeeReorgCase(t, c.stage, c.depth, c.final, c.vanish, c.mutate) })
	}
}

// jobSeen reports whether every member's state holds the job of an access.
func (r *anvilCommittee) jobSeen(id uint64) bool {
	for _, cfg := range r.cfgs {
		st, err := state.Open(cfg.StatePath, state.Options{ReadOnly: true})
		if err != nil {
			return false
		}
		_, ok, err := st.Job(ctx, state.Key{Kind: state.KindAccess, ID: id})
		st.Close()
		if err != nil || !ok {
			return false
		}
	}
	return true
}

func committeeReorgCase(t *testing.T, stage string, depth int, final uint64, vanish bool, mutate func(*service.Config)) {
	r := newAnvilCommittee(t, final, mutate)
	env := r.cw.Env()
	na := must[uint64](t)(r.rpc.NonceAt(ctx, r.a.Address, nil))
	nb := must[uint64](t)(r.rpc.NonceAt(ctx, r.b.Address, nil))
	a1 := r.getAccess(r.a, r.reqA, na, 40)
	b1 := r.getAccess(r.b, r.reqB, nb, 30)
	a2 := r.getAccess(r.a, r.reqA, na+1, 20)
	b2 := r.getAccess(r.b, r.reqB, nb+1, 10)
	r.mine(1)
	calls := r.head()
	if got := r.owners(); got != "[1 3] [2 4]" {
		t.Fatalf("before the reorg: %s", got)
	}
	state := func(id uint64) bindings.IThresholdAnswersAnswerState {
		st, err := env.AnswerState(ctx, client.GateAccess, id)
		check(t, err)
		return st
	}
	poolHas := func(method string) func() bool {
		return func() bool { return r.poolCovers(method, 4) }
	}
	// The members act on the calls once they are final blocks deep.
	r.mine(int(final))
	var commits uint64
	switch stage {
	case "pending":
		// The members hold their commits for a batch; the reorg comes before they send.
		waitFor(t, "every member working on access 4", func() bool { return r.jobSeen(4) })
		if len(r.poolTxs()) != 0 {
			t.Fatal("a member sent before its batch wait ended")
		}
	case "mempool":
		waitFor(t, "the three members' commits in the pool", poolHas("commit"))
	default:
		waitFor(t, "the three members' commits in the pool", poolHas("commit"))
		r.mine(1)
		commits = r.head()
		for id := uint64(1); id <= 4; id++ {
			if st := state(id); st.CommitMask != 0b111 {
				t.Fatalf("access %d: commits %03b mined", id, st.CommitMask)
			}
		}
		if stage == "mined" || stage == "commits only" {
			// The accesses are fulfilled, the commits not final: a node that revealed now
			// would be caught below. Give one that would the time to (the nodes poll every
			// 50 ms); this is no timing assertion, the pass does not depend on it.
			time.Sleep(time.Second)
		}
		if stage == "reveals sent" || stage == "reveals mined" {
			r.mine(int(final))
			waitFor(t, "the three members' reveals in the pool", poolHas("reveal"))
			if stage == "reveals mined" {
				r.mine(1)
				for id := uint64(1); id <= 4; id++ {
					if st := state(id); st.RevealMask != 0b111 {
						t.Fatalf("access %d: reveals %03b mined", id, st.RevealMask)
					}
				}
			}
		}
	}
	head := r.head()
	// What the members published before the reorg: only fragments of final commits.
	r.checkReveals("before the reorg", r.reveals(append(r.blockTxs(calls, head), r.poolTxs()...)), head, final)

	type reinclude [2]any
	txs := []reinclude{}
	want := "[2 4] [1 3]"
	if stage == "commits only" {
		// Only the commits' block is replaced; the calls stay where they are.
		if head != commits || commits <= calls {
			t.Fatalf("head %d, commits at %d, calls at %d", head, commits, calls)
		}
		want = "[1 3] [2 4]"
	} else {
		depth = max(depth, int(head-calls)+1)
		off := int(calls - (head - uint64(depth)) - 1)
		txs = []reinclude{{hexutil.Encode(b1), off}, {hexutil.Encode(a1), off}, {hexutil.Encode(b2), off}, {hexutil.Encode(a2), off}}
		if vanish {
			txs = append(txs[:2], txs[3])
			want = "[2 3] [1]"
		}
	}
	t.Logf("reorg of depth %d at head %d (calls at %d, members' depth %d)", depth, head, calls, final)
	base := head - uint64(depth) + 1
	r.call(nil, "anvil_reorg", depth, txs)
	if got := r.owners(); got != want {
		t.Fatalf("after the reorg: %s, want %s", got, want)
	}

	// A chain with a block time from here on; a request made after the reorg must be answered
	// without waiting on the ones before it.
	r.mineEvery(300 * time.Millisecond)
	r.cw.ForgetNonces()
	later, err := env.GetAccess(ctx, r.cw.Identity(r.a), r.reqA)
	check(t, err)
	waitFor(t, "the later access fulfilled", func() bool { return state(later.AccessID).Status == 1 }) // Fulfilled
	r.checkAll(base, final)
	n := must[uint64](t)(accessCount(r.cw))
	wantN := uint64(5)
	if vanish {
		wantN = 4
	}
	if stage == "commits only" {
		wantN = 5
	}
	if n != wantN {
		t.Fatalf("%d accesses, want %d", n, wantN)
	}
}
