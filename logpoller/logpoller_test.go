package logpoller_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/simulated"
)

// fixture is a simulated chain with emrchain deployed; a patient emits one RequesterAdded log
// per block on demand.
type fixture struct {
	t        *testing.T
	ctx      context.Context
	chain    *simulated.Chain
	manifest *deploy.Manifest
	set      *contracts.Set
	patient  simulated.Account
	added    int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), patient: simulated.DevAccount("patient")}
	admin := simulated.DevAccount("admin")
	f.chain = simulated.NewChain([]simulated.Account{admin, f.patient})
	t.Cleanup(func() { f.chain.Close() })
	m, err := deploy.Deploy(f.ctx, f.chain.Client, admin.Opts(f.chain.ChainID), admin.Address)
	if err != nil {
		t.Fatalf("deploy: %v", err)
	}
	f.manifest = m
	f.set = contracts.Bind(f.chain.Client, m.Addresses())
	f.enrolPatient(admin)
	return f
}

// enrolPatient enrols the fixture's patient: only an active patient writes her index.
func (f *fixture) enrolPatient(admin simulated.Account) {
	f.t.Helper()
	env := &client.Env{Backend: f.chain.Client, Set: f.set, ChainID: f.chain.ChainID}
	id, err := client.NewIdentity("patient", f.patient.Key, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := env.Enroll(f.ctx, &client.Identity{Name: "admin", Key: admin.Key}, client.EnrollmentOf(id, client.RolePatient, "", "patient")); err != nil {
		f.t.Fatalf("enrol the patient: %v", err)
	}
}

// emit mines k blocks with one log each.
func (f *fixture) emit(k int) {
	f.t.Helper()
	for range k {
		f.added++
		data := f.set.Index.ABI.PackAddRequester(common.BigToAddress(big.NewInt(f.added)))
		if _, err := contracts.Send(f.ctx, f.chain.Client, f.patient.Opts(f.chain.ChainID), f.set.Index.BoundContract, data); err != nil {
			f.t.Fatalf("emit: %v", err)
		}
	}
}

func (f *fixture) config() logpoller.Config {
	return logpoller.Config{
		Addresses:  f.manifest.Addresses().List(),
		StartBlock: f.manifest.DeploymentBlock,
		MaxRange:   4,
	}
}

func (f *fixture) head() *types.Header {
	f.t.Helper()
	h, err := f.chain.Client.HeaderByNumber(f.ctx, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return h
}

func (f *fixture) headerAt(n uint64) *types.Header {
	f.t.Helper()
	h, err := f.chain.Client.HeaderByNumber(f.ctx, new(big.Int).SetUint64(n))
	if err != nil {
		f.t.Fatal(err)
	}
	return h
}

// chainLogs is every log of the deployment on the node's canonical chain from block from.
func (f *fixture) chainLogs(from uint64) []types.Log {
	f.t.Helper()
	logs, err := f.chain.Client.FilterLogs(f.ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from),
		Addresses: f.manifest.Addresses().List(),
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return logs
}

// recorder is a Memory store that also keeps the logs it was given, as a consumer would.
type recorder struct {
	logpoller.Memory
	mu        sync.Mutex
	logs      []types.Log
	ranges    []logpoller.Range
	rollbacks []logpoller.Header
	failApply func(n int) error // called with the number of the Apply, from 1
}

func newRecorder() *recorder {
	r := &recorder{}
	r.OnApply = func(_ context.Context, rg logpoller.Range) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.failApply != nil {
			if err := r.failApply(len(r.ranges) + 1); err != nil {
				return err
			}
		}
		r.ranges = append(r.ranges, rg)
		r.logs = append(r.logs, rg.Logs...)
		return nil
	}
	r.OnRollback = func(_ context.Context, to logpoller.Header) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.rollbacks = append(r.rollbacks, to)
		kept := r.logs[:0]
		for _, l := range r.logs {
			if l.BlockNumber <= to.Number {
				kept = append(kept, l)
			}
		}
		r.logs = kept
		return nil
	}
	return r
}

func (r *recorder) snapshot() []types.Log {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]types.Log(nil), r.logs...)
}

func (r *recorder) cursor(t *testing.T) logpoller.Header {
	t.Helper()
	c, ok, err := r.Cursor(context.Background())
	if err != nil || !ok {
		t.Fatalf("cursor: ok=%v err=%v", ok, err)
	}
	return c
}

// drain steps until the poller stops advancing.
func drain(t *testing.T, p *logpoller.Poller) int {
	t.Helper()
	steps := 0
	for {
		advanced, err := p.Step(context.Background())
		if err != nil {
			t.Fatalf("step %d: %v", steps, err)
		}
		if !advanced {
			return steps
		}
		steps++
	}
}

func sameLogs(t *testing.T, got, want []types.Log) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d logs, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.BlockHash != w.BlockHash || g.Index != w.Index || g.TxHash != w.TxHash || !bytes.Equal(g.Data, w.Data) || g.BlockNumber != w.BlockNumber {
			t.Fatalf("log %d: got block %d/%s index %d, want block %d/%s index %d",
				i, g.BlockNumber, g.BlockHash.Hex(), g.Index, w.BlockNumber, w.BlockHash.Hex(), w.Index)
		}
	}
}

// logBuffer collects zerolog output safely from several goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestBackfillInBoundedRanges(t *testing.T) {
	f := newFixture(t)
	f.emit(11)
	rec := newRecorder()
	p := logpoller.New(f.chain.Client, f.config(), rec, zerolog.Nop())
	drain(t, p)

	head := f.head()
	if c := rec.cursor(t); c.Number != head.Number.Uint64() || c.Hash != head.Hash() {
		t.Fatalf("cursor %d/%s, want head %d/%s", c.Number, c.Hash.Hex(), head.Number, head.Hash().Hex())
	}
	sameLogs(t, rec.snapshot(), f.chainLogs(f.manifest.DeploymentBlock))
	want := f.manifest.DeploymentBlock
	for i, rg := range rec.ranges {
		if n := uint64(len(rg.Headers)); n == 0 || n > 4 {
			t.Fatalf("range %d has %d headers, want 1..4", i, n)
		}
		for _, h := range rg.Headers {
			if h.Number != want {
				t.Fatalf("range %d: header %d, want %d (every block exactly once)", i, h.Number, want)
			}
			if h.Hash != f.headerAt(h.Number).Hash() || h.Time != f.headerAt(h.Number).Time {
				t.Fatalf("header %d differs from the node's", h.Number)
			}
			want++
		}
	}
}

// noBatch hides the simulated client's *rpc.Client and subscription, so the poller fetches
// headers one call at a time and must poll.
type noBatch struct{ c logpoller.Client }

func (n noBatch) HeaderByNumber(ctx context.Context, num *big.Int) (*types.Header, error) {
	return n.c.HeaderByNumber(ctx, num)
}

func (n noBatch) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	return n.c.FilterLogs(ctx, q)
}

func TestBatchAndSingleHeaderFetchAgree(t *testing.T) {
	f := newFixture(t)
	f.emit(7)
	batched, single := newRecorder(), newRecorder()
	drain(t, logpoller.New(f.chain.Client, f.config(), batched, zerolog.Nop()))
	drain(t, logpoller.New(noBatch{f.chain.Client}, f.config(), single, zerolog.Nop()))
	if len(batched.ranges) != len(single.ranges) {
		t.Fatalf("%d ranges batched, %d single", len(batched.ranges), len(single.ranges))
	}
	for i := range batched.ranges {
		b, s := batched.ranges[i].Headers, single.ranges[i].Headers
		for j := range b {
			if b[j] != s[j] {
				t.Fatalf("range %d header %d: batched %+v, single %+v", i, j, b[j], s[j])
			}
		}
	}
	sameLogs(t, single.snapshot(), batched.snapshot())
}

func TestConfirmations(t *testing.T) {
	f := newFixture(t)
	f.emit(5)
	cfg := f.config()
	cfg.Confirmations = 3
	rec := newRecorder()
	p := logpoller.New(f.chain.Client, cfg, rec, zerolog.Nop())
	drain(t, p)
	head := f.head().Number.Uint64()
	if c := rec.cursor(t); c.Number != head-3 {
		t.Fatalf("cursor %d, want head %d - 3", c.Number, head)
	}
	for _, l := range rec.snapshot() {
		if l.BlockNumber > head-3 {
			t.Fatalf("log of unconfirmed block %d applied", l.BlockNumber)
		}
	}
	f.emit(1)
	drain(t, p)
	if c := rec.cursor(t); c.Number != head-2 {
		t.Fatalf("after one more block cursor %d, want %d", c.Number, head-2)
	}
}

func TestReorgRollsBackToCommonAncestor(t *testing.T) {
	for _, depth := range []uint64{3, 70} {
		t.Run("", func(t *testing.T) {
			f := newFixture(t)
			f.emit(int(depth) + 2)
			rec := newRecorder()
			p := logpoller.New(f.chain.Client, f.config(), rec, zerolog.Nop())
			drain(t, p)
			old := rec.cursor(t)
			oldLogs := rec.snapshot()

			ancestor := f.headerAt(old.Number - depth)
			f.chain.Client.SetManual(true)
			if err := f.chain.Backend.Fork(ancestor.Hash()); err != nil {
				t.Fatal(err)
			}
			// The out-forked transactions return to the pool and land in new blocks with new
			// hashes; the new chain ends up longer, so it becomes canonical.
			for range depth + 2 {
				f.chain.Backend.Commit()
			}
			if f.headerAt(old.Number).Hash() == old.Hash {
				t.Fatal("fork did not replace the cursor block")
			}
			drain(t, p)

			if len(rec.rollbacks) != 1 || rec.rollbacks[0].Number != ancestor.Number.Uint64() || rec.rollbacks[0].Hash != ancestor.Hash() {
				t.Fatalf("rollbacks %+v, want one to %d/%s", rec.rollbacks, ancestor.Number, ancestor.Hash().Hex())
			}
			got := rec.snapshot()
			sameLogs(t, got, f.chainLogs(f.manifest.DeploymentBlock))
			moved := 0
			for _, l := range oldLogs {
				if l.BlockNumber > ancestor.Number.Uint64() {
					moved++
					for _, g := range got {
						if g.BlockHash == l.BlockHash {
							t.Fatalf("log from reorged-out block %d survived", l.BlockNumber)
						}
					}
				}
			}
			if moved == 0 {
				t.Fatal("test did not reorg any log")
			}
			if c := rec.cursor(t); c.Hash != f.head().Hash() {
				t.Fatalf("cursor %d not at the new head", c.Number)
			}
		})
	}
}

// A reorg that replaces the poller's start block itself leaves nothing the store holds on the
// node's chain: the poller must stop with ErrWrongChain and roll nothing back, never re-anchor
// below the start and drop everything.
func TestReorgBelowStartStopsWithoutRollingBack(t *testing.T) {
	f := newFixture(t)
	base := f.head().Number.Uint64()
	f.emit(6)
	cfg := f.config()
	cfg.StartBlock = base + 4
	rec := newRecorder()
	p := logpoller.New(f.chain.Client, cfg, rec, zerolog.Nop())
	drain(t, p)
	before, logsBefore := rec.cursor(t), rec.snapshot()

	f.chain.Client.SetManual(true)
	if err := f.chain.Backend.Fork(f.headerAt(cfg.StartBlock - 2).Hash()); err != nil {
		t.Fatal(err)
	}
	for range 12 {
		f.chain.Backend.Commit()
	}
	_, err := p.Step(f.ctx)
	if !errors.Is(err, logpoller.ErrWrongChain) {
		t.Fatalf("step: %v, want ErrWrongChain", err)
	}
	storedStart, _, _ := rec.HashAt(f.ctx, cfg.StartBlock)
	if !strings.Contains(err.Error(), fmt.Sprintf("at block %d the store has %s", cfg.StartBlock, storedStart.Hex())) {
		t.Fatalf("error does not name the stored chain: %v", err)
	}
	if len(rec.rollbacks) != 0 || rec.cursor(t) != before {
		t.Fatalf("rolled back %+v", rec.rollbacks)
	}
	sameLogs(t, rec.snapshot(), logsBefore)
	if err := p.Run(f.ctx); !errors.Is(err, logpoller.ErrWrongChain) {
		t.Fatalf("Run: %v, want ErrWrongChain", err)
	}
	if st := p.Status(); !errors.Is(st.Stopped, logpoller.ErrWrongChain) {
		t.Fatalf("status %+v", st)
	}
}

// otherChain is a second simulated chain with another genesis (one more funded account) and
// the same deployment, at the same addresses, mined well past the first chain's head.
func otherChain(t *testing.T, f *fixture, extra int) *fixture {
	t.Helper()
	g := &fixture{t: t, ctx: f.ctx, patient: f.patient}
	admin := simulated.DevAccount("admin")
	g.chain = simulated.NewChain([]simulated.Account{admin, f.patient, simulated.DevAccount("someone else")})
	t.Cleanup(func() { g.chain.Close() })
	m, err := deploy.Deploy(g.ctx, g.chain.Client, admin.Opts(g.chain.ChainID), admin.Address)
	if err != nil {
		t.Fatal(err)
	}
	if m.Addresses() != f.manifest.Addresses() {
		t.Fatal("the other chain's deployment is at other addresses")
	}
	g.manifest, g.set = m, contracts.Bind(g.chain.Client, m.Addresses())
	g.enrolPatient(admin)
	g.emit(extra)
	return g
}

// A node on another chain (another genesis, the same contract addresses, longer) must stop the
// poller at its first step with an error naming both genesis hashes, and leave the store as it
// was; the same for a node on a shorter other chain (a development chain that was reset).
func TestForeignChainStopsBeforeTouchingTheStore(t *testing.T) {
	for name, extra := range map[string]int{"longer": 12, "reset": 0} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.emit(5)
			rec := newRecorder()
			drain(t, logpoller.New(f.chain.Client, f.config(), rec, zerolog.Nop()))
			before, logsBefore := rec.cursor(t), rec.snapshot()
			genesis, ok, err := rec.Genesis(f.ctx)
			if err != nil || !ok || genesis != f.headerAt(0).Hash() {
				t.Fatalf("recorded genesis %s %v %v", genesis.Hex(), ok, err)
			}
			g := otherChain(t, f, extra)
			other := g.headerAt(0).Hash()
			if other == genesis {
				t.Fatal("the two chains share a genesis")
			}
			var out logBuffer
			p := logpoller.New(g.chain.Client, f.config(), rec, zerolog.New(&out))
			err = p.Run(f.ctx)
			if !errors.Is(err, logpoller.ErrWrongChain) || !strings.Contains(err.Error(), genesis.Hex()) || !strings.Contains(err.Error(), other.Hex()) {
				t.Fatalf("Run: %v, want ErrWrongChain naming %s and %s", err, genesis.Hex(), other.Hex())
			}
			if len(rec.rollbacks) != 0 || rec.cursor(t) != before {
				t.Fatalf("store changed: rollbacks %+v", rec.rollbacks)
			}
			sameLogs(t, rec.snapshot(), logsBefore)
			if strings.Contains(out.String(), "rolling back") {
				t.Fatalf("logged a rollback: %s", out.String())
			}
		})
	}
}

// A store written before genesis hashes were kept records the node's genesis only once the node
// shows the stored cursor; a foreign node is then refused by the ancestor search.
func TestGenesisRecordedOnlyFromTheStoredChain(t *testing.T) {
	f := newFixture(t)
	f.emit(4)
	// The headers of the followed chain, in a store that has never recorded a genesis.
	old := &legacy{}
	for n := f.manifest.DeploymentBlock; n <= f.head().Number.Uint64(); n++ {
		if err := old.Apply(f.ctx, logpoller.Range{Headers: []logpoller.Header{logpoller.HeaderOf(f.headerAt(n))}}); err != nil {
			t.Fatal(err)
		}
	}
	g := otherChain(t, f, 12)
	if _, err := logpoller.New(g.chain.Client, f.config(), old, zerolog.Nop()).Step(f.ctx); !errors.Is(err, logpoller.ErrWrongChain) {
		t.Fatalf("foreign chain against a legacy store: %v", err)
	}
	if _, ok, _ := old.genesisOf(); ok {
		t.Fatal("recorded the foreign chain's genesis")
	}
	drain(t, logpoller.New(f.chain.Client, f.config(), old, zerolog.Nop()))
	if h, ok, _ := old.genesisOf(); !ok || h != f.headerAt(0).Hash() {
		t.Fatal("did not record the genesis of the chain the store follows")
	}
}

// legacy is a Memory store whose genesis starts unrecorded (as a store written by an older
// version) and is visible to the test.
type legacy struct{ logpoller.Memory }

func (l *legacy) genesisOf() (common.Hash, bool, error) { return l.Genesis(context.Background()) }

// lagging serves a node whose head is at a fixed height: later blocks are not found.
type lagging struct {
	c    logpoller.Client
	head uint64
}

func (l lagging) HeaderByNumber(ctx context.Context, num *big.Int) (*types.Header, error) {
	if num == nil {
		num = new(big.Int).SetUint64(l.head)
	}
	if num.Uint64() > l.head {
		return nil, ethereum.NotFound
	}
	return l.c.HeaderByNumber(ctx, num)
}

func (l lagging) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	return l.c.FilterLogs(ctx, q)
}

func TestFalseReorgFromLaggingNode(t *testing.T) {
	f := newFixture(t)
	f.emit(6)
	rec := newRecorder()
	drain(t, logpoller.New(f.chain.Client, f.config(), rec, zerolog.Nop()))
	before := rec.cursor(t)
	logsBefore := rec.snapshot()

	var out logBuffer
	p := logpoller.New(lagging{noBatch{f.chain.Client}, before.Number - 3}, f.config(), rec, zerolog.New(&out))
	for range 3 {
		advanced, err := p.Step(f.ctx)
		if err != nil || advanced {
			t.Fatalf("step against a lagging node: advanced=%v err=%v", advanced, err)
		}
	}
	if c := rec.cursor(t); c != before || len(rec.rollbacks) != 0 {
		t.Fatalf("lagging node moved the cursor to %d or rolled back (%d)", c.Number, len(rec.rollbacks))
	}
	sameLogs(t, rec.snapshot(), logsBefore)
	if s := out.String(); !strings.Contains(s, `"level":"warn"`) || !strings.Contains(s, "behind") || !strings.Contains(s, `"node_head"`) {
		t.Fatalf("no warning with fields about the lagging node: %s", s)
	}
}

// strangerView reports a head above the cursor whose ancestry does not reach the stored
// blocks, and has no blocks at or below the cursor: a node catching up from another view.
type strangerView struct {
	c      logpoller.Client
	cursor uint64
}

func (s strangerView) HeaderByNumber(ctx context.Context, num *big.Int) (*types.Header, error) {
	if num != nil && num.Uint64() <= s.cursor {
		return nil, ethereum.NotFound
	}
	h, err := s.c.HeaderByNumber(ctx, num)
	if err != nil {
		return nil, err
	}
	h = types.CopyHeader(h)
	h.ParentHash = common.Hash{0xee}
	return h, nil
}

func (s strangerView) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	return s.c.FilterLogs(ctx, q)
}

func TestFalseReorgFromNodeMissingStoredBlocks(t *testing.T) {
	f := newFixture(t)
	f.emit(5)
	rec := newRecorder()
	drain(t, logpoller.New(f.chain.Client, f.config(), rec, zerolog.Nop()))
	before := rec.cursor(t)
	f.emit(2)

	var out logBuffer
	p := logpoller.New(strangerView{f.chain.Client, before.Number}, f.config(), rec, zerolog.New(&out))
	advanced, err := p.Step(f.ctx)
	if err != nil || advanced {
		t.Fatalf("step: advanced=%v err=%v", advanced, err)
	}
	if c := rec.cursor(t); c != before || len(rec.rollbacks) != 0 {
		t.Fatalf("node without our blocks caused a rollback to %d", c.Number)
	}
	if !strings.Contains(out.String(), "false reorg") {
		t.Fatalf("no false-reorg warning: %s", out.String())
	}
	// The honest node then moves the store on.
	drain(t, logpoller.New(f.chain.Client, f.config(), rec, zerolog.Nop()))
	if c := rec.cursor(t); c.Hash != f.head().Hash() {
		t.Fatal("store did not catch up afterwards")
	}
}

// tamper corrupts one header's parent hash or one log's block hash.
type tamper struct {
	c         logpoller.Client
	badParent uint64 // header whose parent hash is corrupted (0: none)
	badLogs   bool
}

func (tp tamper) HeaderByNumber(ctx context.Context, num *big.Int) (*types.Header, error) {
	h, err := tp.c.HeaderByNumber(ctx, num)
	if err == nil && num != nil && tp.badParent != 0 && num.Uint64() == tp.badParent {
		h = types.CopyHeader(h)
		h.ParentHash = common.Hash{0xba, 0xd}
	}
	return h, err
}

func (tp tamper) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	logs, err := tp.c.FilterLogs(ctx, q)
	if err == nil && tp.badLogs && len(logs) > 0 {
		logs[len(logs)-1].BlockHash = common.Hash{0xba, 0xd}
	}
	return logs, err
}

func TestContinuityErrorsLeaveStoreUntouched(t *testing.T) {
	f := newFixture(t)
	f.emit(3)
	rec := newRecorder()
	drain(t, logpoller.New(f.chain.Client, f.config(), rec, zerolog.Nop()))
	before := rec.cursor(t)
	f.emit(3)

	for name, c := range map[string]logpoller.Client{
		"headers not linked":  tamper{c: f.chain.Client, badParent: before.Number + 2},
		"log of another fork": tamper{c: noBatch{f.chain.Client}, badLogs: true},
	} {
		p := logpoller.New(c, f.config(), rec, zerolog.Nop())
		advanced, err := p.Step(f.ctx)
		if !errors.Is(err, logpoller.ErrInconsistent) || advanced {
			t.Fatalf("%s: advanced=%v err=%v, want ErrInconsistent", name, advanced, err)
		}
		if c := rec.cursor(t); c != before || len(rec.rollbacks) != 0 {
			t.Fatalf("%s: store changed", name)
		}
	}
}

func TestFailedApplyKeepsOldCursorAndRetriesSameRange(t *testing.T) {
	f := newFixture(t)
	f.emit(9)
	rec := newRecorder()
	failures := 0
	rec.failApply = func(n int) error {
		if n == 2 && failures < 2 {
			failures++
			return errors.New("disk full")
		}
		return nil
	}
	p := logpoller.New(f.chain.Client, f.config(), rec, zerolog.Nop())
	if _, err := p.Step(f.ctx); err != nil {
		t.Fatal(err)
	}
	first := rec.cursor(t)
	for range 2 {
		advanced, err := p.Step(f.ctx)
		if err == nil || advanced {
			t.Fatalf("failing apply: advanced=%v err=%v", advanced, err)
		}
		if c := rec.cursor(t); c != first {
			t.Fatalf("failed apply moved the cursor from %d to %d", first.Number, c.Number)
		}
	}
	drain(t, p)
	sameLogs(t, rec.snapshot(), f.chainLogs(f.manifest.DeploymentBlock))
}

func TestRunFollowsHead(t *testing.T) {
	for name, poll := range map[string]bool{"subscription": false, "polling": true} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.emit(2)
			cfg := f.config()
			var client logpoller.Client = f.chain.Client
			cfg.PollInterval = time.Hour // only a new-head notification can wake the poller
			if poll {
				client = noBatch{f.chain.Client}
				cfg.PollInterval = 5 * time.Millisecond
			}
			rec := newRecorder()
			ctx, cancel := context.WithCancel(f.ctx)
			done := make(chan error, 1)
			go func() { done <- logpoller.New(client, cfg, rec, zerolog.Nop()).Run(ctx) }()

			waitFor := func(h *types.Header) {
				t.Helper()
				deadline := time.Now().Add(60 * time.Second)
				for time.Now().Before(deadline) {
					if c, ok, _ := rec.Cursor(f.ctx); ok && c.Hash == h.Hash() {
						return
					}
					time.Sleep(2 * time.Millisecond)
				}
				t.Fatalf("cursor never reached block %d", h.Number)
			}
			waitFor(f.head())
			f.emit(3)
			waitFor(f.head())
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Fatalf("Run returned %v, want context.Canceled", err)
			}
			sameLogs(t, rec.snapshot(), f.chainLogs(f.manifest.DeploymentBlock))
		})
	}
}

// waitCursor waits until the recorder's cursor is the chain's head.
func waitCursor(t *testing.T, f *fixture, rec *recorder) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if c, ok, _ := rec.Cursor(f.ctx); ok && c.Hash == f.head().Hash() {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("cursor never reached block %d", f.head().Number)
}

// Run plans the next range while the store applies the current one; every block must still be
// applied once, in order, and a reorg met while running must still roll back.
func TestRunPipelinesRangesAndReorgs(t *testing.T) {
	f := newFixture(t)
	f.emit(12)
	cfg := f.config()
	cfg.MaxRange = 1
	cfg.PollInterval = 5 * time.Millisecond
	rec := newRecorder()
	ctx, cancel := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- logpoller.New(f.chain.Client, cfg, rec, zerolog.Nop()).Run(ctx) }()
	waitCursor(t, f, rec)
	rec.mu.Lock()
	want := f.manifest.DeploymentBlock
	for _, rg := range rec.ranges {
		if len(rg.Headers) != 1 || rg.Headers[0].Number != want {
			rec.mu.Unlock()
			t.Fatalf("range of block %d, want %d", rg.Headers[0].Number, want)
		}
		want++
	}
	rec.mu.Unlock()

	old := f.head()
	f.chain.Client.SetManual(true)
	if err := f.chain.Backend.Fork(f.headerAt(old.Number.Uint64() - 3).Hash()); err != nil {
		t.Fatal(err)
	}
	for range 6 {
		f.chain.Backend.Commit()
	}
	waitCursor(t, f, rec)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v", err)
	}
	rec.mu.Lock()
	rollbacks := len(rec.rollbacks)
	rec.mu.Unlock()
	if rollbacks != 1 {
		t.Fatalf("%d rollbacks, want 1", rollbacks)
	}
	sameLogs(t, rec.snapshot(), f.chainLogs(f.manifest.DeploymentBlock))
}

func TestRunStopsWhenReorgIsDeeperThanStoredHeaders(t *testing.T) {
	f := newFixture(t)
	f.emit(6)
	rec := newRecorder()
	rec.Keep = 2
	p := logpoller.New(f.chain.Client, f.config(), rec, zerolog.Nop())
	drain(t, p)
	old := rec.cursor(t)
	f.chain.Client.SetManual(true)
	if err := f.chain.Backend.Fork(f.headerAt(old.Number - 4).Hash()); err != nil {
		t.Fatal(err)
	}
	for range 8 {
		f.chain.Backend.Commit()
	}
	if err := p.Run(f.ctx); !errors.Is(err, logpoller.ErrReorgTooDeep) {
		t.Fatalf("Run: %v, want ErrReorgTooDeep", err)
	}
	if c := rec.cursor(t); c != old {
		t.Fatal("cursor moved")
	}
}

// flaky fails every fifth call, to show Run retries transport errors.
type flaky struct {
	c     logpoller.Client
	mu    sync.Mutex
	calls int
}

func (fl *flaky) fail() bool {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	fl.calls++
	return fl.calls%5 == 0
}

func (fl *flaky) HeaderByNumber(ctx context.Context, num *big.Int) (*types.Header, error) {
	if fl.fail() {
		return nil, errors.New("connection reset")
	}
	return fl.c.HeaderByNumber(ctx, num)
}

func (fl *flaky) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	if fl.fail() {
		return nil, errors.New("connection reset")
	}
	return fl.c.FilterLogs(ctx, q)
}

func TestRunRetriesTransientErrors(t *testing.T) {
	f := newFixture(t)
	f.emit(5)
	rec := newRecorder()
	cfg := f.config()
	cfg.PollInterval = time.Millisecond
	cfg.MaxRange = 1 // three calls a step, so some steps fail and some succeed
	var out logBuffer
	ctx, cancel := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- logpoller.New(&flaky{c: f.chain.Client}, cfg, rec, zerolog.New(&out)).Run(ctx) }()
	head := f.head()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if c, ok, _ := rec.Cursor(f.ctx); ok && c.Hash == head.Hash() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("poller did not get past transient errors")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	sameLogs(t, rec.snapshot(), f.chainLogs(f.manifest.DeploymentBlock))
	if !strings.Contains(out.String(), "connection reset") {
		t.Fatal("transient errors were not logged")
	}
}

func TestMemoryRefusesDiscontinuousRange(t *testing.T) {
	var m logpoller.Memory
	ctx := context.Background()
	a := logpoller.Header{Number: 5, Hash: common.Hash{5}}
	if err := m.Apply(ctx, logpoller.Range{Headers: []logpoller.Header{a}}); err != nil {
		t.Fatal(err)
	}
	for _, h := range []logpoller.Header{
		{Number: 7, Hash: common.Hash{7}, ParentHash: common.Hash{5}},
		{Number: 6, Hash: common.Hash{6}, ParentHash: common.Hash{9}},
	} {
		if err := m.Apply(ctx, logpoller.Range{Headers: []logpoller.Header{h}}); err == nil {
			t.Fatalf("range at %d applied over cursor 5", h.Number)
		}
	}
}

// A node that stays behind is reported once when it falls behind and again when it has caught
// up, not at every poll.
func TestLaggingNodeLoggedOnceAndReported(t *testing.T) {
	f := newFixture(t)
	f.emit(6)
	rec := newRecorder()
	drain(t, logpoller.New(f.chain.Client, f.config(), rec, zerolog.Nop()))
	before := rec.cursor(t)
	var out logBuffer
	node := &switchable{c: lagging{noBatch{f.chain.Client}, before.Number - 2}}
	p := logpoller.New(node, f.config(), rec, zerolog.New(&out))
	for range 5 {
		if advanced, err := p.Step(f.ctx); err != nil || advanced {
			t.Fatalf("step: %v %v", advanced, err)
		}
	}
	if n := strings.Count(out.String(), "node is behind"); n != 1 {
		t.Fatalf("%d behind warnings for five polls, want 1:\n%s", n, out.String())
	}
	st := p.Status()
	if !st.Behind || st.Diverged || st.NodeHead != before.Number-2 {
		t.Fatalf("status %+v", st)
	}
	err := st.Health(time.Now(), 5, time.Minute)
	if !errors.Is(err, logpoller.ErrDegraded) || !strings.Contains(err.Error(), "2 blocks behind the stored cursor") {
		t.Fatalf("health: %v", err)
	}
	node.set(f.chain.Client)
	f.emit(1)
	drain(t, p)
	if !strings.Contains(out.String(), "caught up") {
		t.Fatalf("no catch-up line:\n%s", out.String())
	}
	st = p.Status()
	if st.Behind || st.Health(time.Now(), 0, time.Minute) != nil || st.Lag() != 0 {
		t.Fatalf("status after catching up %+v, health %v", st, st.Health(time.Now(), 0, time.Minute))
	}
}

// switchable is a client that can be swapped under a running poller, and can fail every call.
type switchable struct {
	mu    sync.Mutex
	c     logpoller.Client
	down  bool
	calls int
}

func (s *switchable) set(c logpoller.Client) { s.mu.Lock(); s.c = c; s.mu.Unlock() }

func (s *switchable) setDown(down bool) { s.mu.Lock(); s.down = down; s.mu.Unlock() }

func (s *switchable) get() (logpoller.Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.down {
		return nil, errors.New("dial tcp 127.0.0.1:8545: connect: connection refused")
	}
	return s.c, nil
}

func (s *switchable) count() int { s.mu.Lock(); defer s.mu.Unlock(); return s.calls }

func (s *switchable) HeaderByNumber(ctx context.Context, num *big.Int) (*types.Header, error) {
	c, err := s.get()
	if err != nil {
		return nil, err
	}
	return c.HeaderByNumber(ctx, num)
}

func (s *switchable) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	c, err := s.get()
	if err != nil {
		return nil, err
	}
	return c.FilterLogs(ctx, q)
}

// While the node is down the poller keeps retrying at most MaxBackoff apart, reports the outage
// in its status, logs it once rather than at every retry, and follows the node again once it is
// back.
func TestOutageRetriesCappedAndReported(t *testing.T) {
	f := newFixture(t)
	f.emit(3)
	rec := newRecorder()
	cfg := f.config()
	cfg.PollInterval = time.Hour // only retries of the failing step can bring it back
	cfg.MaxBackoff = 20 * time.Millisecond
	node := &switchable{c: noBatch{f.chain.Client}}
	var out logBuffer
	p := logpoller.New(node, cfg, rec, zerolog.New(&out))
	drain(t, p)
	node.setDown(true)
	ctx, cancel := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	start := node.count()
	deadline := time.Now().Add(time.Minute)
	for node.count()-start < 40 {
		if time.Now().After(deadline) {
			t.Fatalf("only %d retries in a minute with a 20 ms cap", node.count()-start)
		}
		time.Sleep(10 * time.Millisecond)
	}
	st := p.Status()
	if st.Err == nil || st.FailingSince.IsZero() {
		t.Fatalf("status during the outage %+v", st)
	}
	if err := st.Health(time.Now(), 5, 0); !errors.Is(err, logpoller.ErrDegraded) || !strings.Contains(err.Error(), "unreachable") || strings.Contains(err.Error(), "127.0.0.1") {
		t.Fatalf("health during the outage: %v", err)
	}
	if n := strings.Count(out.String(), "step failed"); n != 1 {
		t.Fatalf("%d failure lines for 40 retries, want 1", n)
	}
	f.emit(2)
	node.setDown(false)
	waitCursor(t, f, rec)
	cancel()
	<-done
	if !strings.Contains(out.String(), "recovered") {
		t.Fatal("no recovery line")
	}
	if p.Status().Err != nil {
		t.Fatalf("status after recovery %+v", p.Status())
	}
	sameLogs(t, rec.snapshot(), f.chainLogs(f.manifest.DeploymentBlock))
}

// flakySubscriber refuses its first subscriptions, as a WebSocket node that is restarting does.
type flakySubscriber struct {
	*simulated.AutoCommitClient
	mu       sync.Mutex
	refusals int
}

func (s *flakySubscriber) SubscribeNewHead(ctx context.Context, ch chan<- *types.Header) (ethereum.Subscription, error) {
	s.mu.Lock()
	refuse := s.refusals > 0
	if refuse {
		s.refusals--
	}
	s.mu.Unlock()
	if refuse {
		return nil, errors.New("websocket: connection refused")
	}
	return s.AutoCommitClient.SubscribeNewHead(ctx, ch)
}

// A subscription that could not be made is tried again; the poller does not fall back to
// polling for the rest of its life.
func TestSubscriptionRetriedAfterFailure(t *testing.T) {
	f := newFixture(t)
	f.emit(2)
	cfg := f.config()
	cfg.PollInterval = time.Hour // only a new-head notification can wake the poller
	rec := newRecorder()
	client := &flakySubscriber{AutoCommitClient: f.chain.Client, refusals: 3}
	ctx, cancel := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- logpoller.New(client, cfg, rec, zerolog.Nop()).Run(ctx) }()
	waitCursor(t, f, rec)
	for range 3 {
		f.emit(1)
		waitCursor(t, f, rec)
	}
	cancel()
	<-done
	sameLogs(t, rec.snapshot(), f.chainLogs(f.manifest.DeploymentBlock))
}

func TestHealth(t *testing.T) {
	now := time.Now()
	ok := logpoller.Status{Cursor: logpoller.Header{Number: 98}, HaveCursor: true, NodeHead: 100, NodeHeadAt: now, Confirmations: 2, Target: 98}
	if err := ok.Health(now, 0, time.Minute); err != nil {
		t.Fatalf("caught up: %v", err)
	}
	for name, tc := range map[string]struct {
		s    logpoller.Status
		want string
	}{
		"lagging":  {logpoller.Status{Cursor: logpoller.Header{Number: 10}, HaveCursor: true, NodeHead: 100, Target: 100, NodeHeadAt: now}, "90 blocks behind the node's head 100"},
		"silent":   {logpoller.Status{Cursor: logpoller.Header{Number: 100}, HaveCursor: true, NodeHead: 100, NodeHeadAt: now.Add(-2 * time.Minute)}, "no answer from the node for 2m0s"},
		"failing":  {logpoller.Status{HaveCursor: true, NodeHeadAt: now, Err: errors.New("connection refused"), FailingSince: now.Add(-time.Minute)}, "node unreachable or failing for 1m0s"},
		"stopped":  {logpoller.Status{Stopped: fmt.Errorf("%w: genesis 0x01", logpoller.ErrWrongChain)}, "another chain"},
		"never":    {logpoller.Status{}, "no answer from the node yet"},
		"first":    {logpoller.Status{StartBlock: 10, Target: 100, NodeHead: 100, NodeHeadAt: now}, "catching up: 91 blocks behind"},
		"diverged": {logpoller.Status{Cursor: logpoller.Header{Number: 100}, HaveCursor: true, NodeHead: 90, NodeHeadAt: now, Behind: true, Diverged: true}, "differs"},
	} {
		err := tc.s.Health(now, 5, 30*time.Second)
		if !errors.Is(err, logpoller.ErrDegraded) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}

// With Finalized the poller applies nothing past the node's finalized block.
func TestFinalized(t *testing.T) {
	f := newFixture(t)
	cfg := f.config()
	cfg.Finalized = true
	rec := newRecorder()
	p := logpoller.New(f.chain.Client, cfg, rec, zerolog.Nop())
	finalized := func() uint64 {
		h, err := f.chain.Client.HeaderByNumber(f.ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
		if err != nil {
			return 0
		}
		return h.Number.Uint64()
	}
	drain(t, p)
	if _, ok, _ := rec.Cursor(f.ctx); ok && finalized() < f.manifest.DeploymentBlock {
		t.Fatal("applied blocks before any was finalized")
	}
	f.emit(80)
	drain(t, p)
	fin := finalized()
	if fin <= f.manifest.DeploymentBlock || fin >= f.head().Number.Uint64() {
		t.Fatalf("finalized %d, head %d: the simulated chain does not finalize as expected", fin, f.head().Number)
	}
	if c := rec.cursor(t); c.Number != fin {
		t.Fatalf("cursor %d, finalized %d", c.Number, fin)
	}
	if st := p.Status(); !st.Finalized || st.Target != fin || st.Lag() != 0 {
		t.Fatalf("status %+v", st)
	}
}

func TestParseFinality(t *testing.T) {
	for in, want := range map[string]logpoller.Finality{
		"": logpoller.Auto(), "auto": logpoller.Auto(), "finalized": {Finalized: true}, "12": logpoller.Depth(12), "0": logpoller.Depth(0),
	} {
		got, err := logpoller.ParseFinality(in)
		if err != nil || got != want {
			t.Errorf("%q: %+v %v", in, got, err)
		}
	}
	if _, err := logpoller.ParseFinality("-1"); err == nil {
		t.Error("-1 accepted")
	}
	if f, why := logpoller.Auto().ForChain(31337); f != logpoller.Depth(0) || !strings.Contains(why, "development") {
		t.Errorf("anvil: %+v %s", f, why)
	}
	if f, why := logpoller.Auto().ForChain(11155111); !f.Finalized || !strings.Contains(why, "finalized") {
		t.Errorf("sepolia: %+v %s", f, why)
	}
	if f, _ := logpoller.Depth(3).ForChain(1); f != logpoller.Depth(3) {
		t.Errorf("explicit depth changed: %+v", f)
	}
}

// A reorg that keeps the height (anvil_reorg replaces the last blocks with as many new ones) is
// seen at the next poll, not only once a block is built on top.
func TestReorgAtTheSameHeight(t *testing.T) {
	f := newFixture(t)
	f.emit(4)
	rec := newRecorder()
	p := logpoller.New(f.chain.Client, f.config(), rec, zerolog.Nop())
	drain(t, p)
	old := rec.cursor(t)
	f.chain.Client.SetManual(true)
	if err := f.chain.Backend.Fork(f.headerAt(old.Number - 1).Hash()); err != nil {
		t.Fatal(err)
	}
	f.chain.Backend.Commit()
	if h := f.head(); h.Number.Uint64() != old.Number || h.Hash() == old.Hash {
		t.Fatalf("head %d %s, want another block at %d", h.Number, h.Hash().Hex(), old.Number)
	}
	drain(t, p)
	if len(rec.rollbacks) != 1 || rec.rollbacks[0].Number != old.Number-1 {
		t.Fatalf("rollbacks %+v", rec.rollbacks)
	}
	if c := rec.cursor(t); c.Hash != f.head().Hash() {
		t.Fatal("cursor not on the new head")
	}
	sameLogs(t, rec.snapshot(), f.chainLogs(f.manifest.DeploymentBlock))
}

// Before the first range is applied nothing but the genesis tells two chains apart: a node
// replaced by another chain then is refused too.
func TestForeignChainBeforeTheFirstRange(t *testing.T) {
	f := newFixture(t)
	cfg := f.config()
	cfg.StartBlock = f.head().Number.Uint64() + 100 // nothing to apply for a while
	rec := newRecorder()
	node := &switchable{c: f.chain.Client}
	p := logpoller.New(node, cfg, rec, zerolog.Nop())
	if advanced, err := p.Step(f.ctx); advanced || err != nil {
		t.Fatalf("first step: %v %v", advanced, err)
	}
	if _, ok, _ := rec.Genesis(f.ctx); !ok {
		t.Fatal("genesis not recorded")
	}
	node.set(otherChain(t, f, 0).chain.Client)
	if _, err := p.Step(f.ctx); !errors.Is(err, logpoller.ErrWrongChain) {
		t.Fatalf("step on another chain: %v", err)
	}
	if st := p.Status(); st.Lag() != 0 {
		t.Fatalf("lag before the start block: %d", st.Lag())
	}
}
