package service_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
	"github.com/emrchain/emrchain/oracle/state"
	"github.com/emrchain/emrchain/storage/embedded"
)

const note = "2026-11-02 cardiology: stent placed, claim ACME-4471"

// committeeWorld is a world with a committee of proxy nodes, each a service of its own with its
// own keys and state, and a patient, her doctor and a second provider who asks for access.
type committeeWorld struct {
	*oracletest.World
	dir                        string
	nodes                      []*oracle
	committee                  uint64
	patient, doctor, requester *oracletest.Party
	depth                      uint64
}

// proxyConfig is proxy p's configuration: its own state file, events acted on at depth.
func (cw *committeeWorld) proxyConfig(p *oracletest.Proxy) service.Config {
	cfg := cw.ProxyConfig(p, oracletest.ProxyStatePath(cw.dir, p))
	cfg.Finality = logpoller.Depth(cw.depth)
	// Five nodes polling the one in-process chain every few milliseconds starve each other on a
	// busy machine, and a DKG step that comes too late fails the committee.
	cfg.PollInterval, cfg.ReceiptPollInterval = 50*time.Millisecond, 25*time.Millisecond
	return cfg
}

// start runs proxy i in process.
func (cw *committeeWorld) start(t *testing.T, i int, extra ...service.Option) *oracle {
	t.Helper()
	p := cw.Proxies[i]
	opts := append(cw.ProxyOptions(p), service.WithLogger(testLogger(t).With().Str("node", p.Name).Logger()))
	svc, err := service.New(cw.proxyConfig(p), append(opts, extra...)...)
	check(t, err)
	check(t, svc.Start(ctx))
	o := &oracle{Service: svc}
	t.Cleanup(func() { o.stop(t) })
	return o
}

// newCommitteeWorld starts n proxy nodes (extra[i] are node i's options), has the admin create a
// threshold-of-n committee of them and waits until their DKG made it Active.
func newCommitteeWorld(t *testing.T, n, threshold int, depth uint64, extra map[int][]service.Option) *committeeWorld {
	t.Helper()
	w := newWorld(t, oracletest.Options{Proxies: n, BlockTime: 50 * time.Millisecond, Parties: []string{"patient", "doctor", "doctor-b"}})
	cw := &committeeWorld{World: w, dir: t.TempDir(), patient: w.Parties["patient"], doctor: w.Parties["doctor"], requester: w.Parties["doctor-b"], depth: depth}
	check(t, w.EnrolAs(ctx, cw.patient, client.RolePatient, ""))
	check(t, w.EnrolAs(ctx, cw.doctor, client.RoleProvider, "hospital-a"))
	check(t, w.EnrolAs(ctx, cw.requester, client.RoleProvider, "hospital-b"))
	w.ForgetNonces() // the client sent as the admin
	for i := range n {
		cw.nodes = append(cw.nodes, cw.start(t, i, extra[i]...))
	}
	// Phases long enough for n nodes on a busy machine: each member's step is a transaction
	// of its own, and a missed deadline fails the committee.
	c, err := w.CreateCommittee(ctx, w.Proxies, uint8(threshold), uint64(40*n)+2*depth)
	check(t, err)
	st, err := w.WaitCommittee(ctx, c, 2*time.Minute)
	check(t, err)
	if st != oracletest.CommitteeActive {
		t.Fatalf("committee status %d", st)
	}
	cw.committee = c
	return cw
}

// grant puts a record and grants the requester uses get-access calls through the committee.
func (cw *committeeWorld) grant(t *testing.T, threshold int, uses uint16) uint64 {
	t.Helper()
	id, err := cw.PutRecord(ctx, cw.doctor, cw.patient, note, "")
	check(t, err)
	req, err := cw.GrantThrough(ctx, cw.patient, cw.requester, id, cw.committee, threshold, uses)
	check(t, err)
	return req
}

// read is the requester's whole read of a granted record, as `record get` does it.
func (cw *committeeWorld) read(t *testing.T, req uint64) *client.Answered {
	t.Helper()
	rctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var got bytes.Buffer
	_, ans, _, err := cw.Env().ReadGranted(rctx, cw.Identity(cw.requester), req, &got, client.AwaitOptions{Poll: 20 * time.Millisecond})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if got.String() != note {
		t.Fatalf("read %q", got.String())
	}
	return ans
}

// readAccess is the requester's read of an access it invoked already.
func (cw *committeeWorld) readAccess(t *testing.T, access uint64) *client.Answered {
	t.Helper()
	rctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var got bytes.Buffer
	ans, _, err := cw.Env().ReadAccess(rctx, cw.Identity(cw.requester), access, &got, client.AwaitOptions{Poll: 20 * time.Millisecond})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if got.String() != note {
		t.Fatalf("read %q", got.String())
	}
	return ans
}

// waitReveals waits until every member in want has revealed its answer to an access.
func (cw *committeeWorld) waitReveals(t *testing.T, gate string, access uint64, want uint16) {
	t.Helper()
	waitFor(t, fmt.Sprintf("reveals %016b", want), func() bool {
		st, err := cw.Env().AnswerState(ctx, gate, access)
		return err == nil && st.RevealMask&want == want
	})
}

// TestCommitteeAnswersGrants: a 2-of-3 committee of proxy nodes answers a grant used twice: each
// node commits, reveals once its commit is two blocks deep, and the requester combines two valid
// fragments into the data key. Every named member answers (commits beyond t are spares), and no
// node reports a fault on an honest answer.
func TestCommitteeAnswersGrants(t *testing.T) {
	cw := newCommitteeWorld(t, 3, 2, 2, nil)
	req := cw.grant(t, 2, 2)
	for use := 1; use <= 2; use++ {
		ans := cw.read(t, req)
		if len(ans.Faults) != 0 || len(ans.Used) != 2 {
			t.Fatalf("use %d: faults %+v, %d fragments used", use, ans.Faults, len(ans.Used))
		}
		cw.waitReveals(t, client.GateAccess, ans.AccessID, 0b111)
		st, err := cw.Env().AnswerState(ctx, client.GateAccess, ans.AccessID)
		check(t, err)
		if st.CommitMask != 0b111 || st.FaultMask != 0 || st.DeclineMask != 0 {
			t.Fatalf("use %d: answer state %+v", use, st)
		}
	}
	// Each node's reveal waited for its commit to be final at its depth.
	for i, o := range cw.nodes {
		waitFor(t, fmt.Sprintf("node %d's reveal jobs done", i+1), func() bool {
			counts, err := o.State().Counts(ctx, state.KindAccess+state.KindReveal)
			return err == nil && counts[state.Done] == 2 && len(counts) == 1
		})
	}
}

// TestCommitteeSurvivesFaults: in a 3-of-5 committee one node is stopped and one answers with
// fragments whose proofs fail. The other nodes see the wrong reveal, report it on chain (the
// contract verifies the report), and the requester still reads from the three honest fragments.
func TestCommitteeSurvivesFaults(t *testing.T) {
	cw := newCommitteeWorld(t, 5, 3, 1, map[int][]service.Option{3: {service.WithWrongAnswers()}})
	cw.nodes[1].stop(t)
	req := cw.grant(t, 3, 1)
	// Nobody else reports here, so a fault on chain is the nodes' own report.
	inv, err := cw.Env().GetAccess(ctx, cw.Identity(cw.requester), req)
	check(t, err)
	waitFor(t, "the liar's fault on chain", func() bool {
		st, err := cw.Env().AnswerState(ctx, client.GateAccess, inv.AccessID)
		return err == nil && st.FaultMask == 1<<3
	})
	rctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var got bytes.Buffer
	ans, _, err := cw.Env().ReadAccess(rctx, cw.Identity(cw.requester), inv.AccessID, &got, client.AwaitOptions{Poll: 20 * time.Millisecond})
	check(t, err)
	if got.String() != note {
		t.Fatalf("read %q", got.String())
	}
	if len(ans.Faults) != 1 || ans.Faults[0].Member != 4 {
		t.Fatalf("the requester saw faults %+v, want member 4's", ans.Faults)
	}
	st, err := cw.Env().AnswerState(ctx, client.GateAccess, inv.AccessID)
	check(t, err)
	if st.CommitMask&(1<<1) != 0 || st.Status != client.AnswerFulfilled {
		t.Fatalf("answer state %+v: the stopped node answered, or the access is not fulfilled", st)
	}
}

// TestCommitteeNodeResumesAfterKill runs member 1 of a 2-of-3 committee as a separate process
// and kills it (os.Exit, no cleanup) right after it recorded its commit, after the node took
// the commit, and after the commit was mined; restarted on the same state it commits and
// reveals exactly once: its account's nonce counts its three DKG transactions, one commit and
// one reveal, and nothing else.
func TestCommitteeNodeResumesAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a proxy node in subprocesses")
	}
	for _, point := range []service.Point{service.PointRecorded, service.PointBroadcast, service.PointMined} {
		t.Run(string(point), func(t *testing.T) { killCommitter(t, point) })
	}
}

func killCommitter(t *testing.T, point service.Point) {
	w := newWorld(t, oracletest.Options{RPC: true, Proxies: 3, BlockTime: 50 * time.Millisecond, Parties: []string{"patient", "doctor", "doctor-b"}})
	cw := &committeeWorld{World: w, dir: t.TempDir(), patient: w.Parties["patient"], doctor: w.Parties["doctor"], requester: w.Parties["doctor-b"], depth: 1}
	check(t, w.EnrolAs(ctx, cw.patient, client.RolePatient, ""))
	check(t, w.EnrolAs(ctx, cw.doctor, client.RoleProvider, "hospital-a"))
	check(t, w.EnrolAs(ctx, cw.requester, client.RoleProvider, "hospital-b"))
	w.ForgetNonces()

	// The victim takes part in the DKG in process, then runs as a process of its own on the
	// same state and keys, with an IPFS store of its own (an embedded store is one process's)
	// into which the objects it needs are copied, as a kubo node would have fetched them.
	for i := range 3 {
		cw.nodes = append(cw.nodes, cw.start(t, i))
	}
	c, err := w.CreateCommittee(ctx, w.Proxies, 2, 120)
	check(t, err)
	st, err := w.WaitCommittee(ctx, c, 3*time.Minute)
	check(t, err)
	if st != oracletest.CommitteeActive {
		t.Fatalf("committee status %d", st)
	}
	cw.committee = c
	membership(t, cw.nodes[0], c)
	req := cw.grant(t, 2, 1)
	cw.nodes[0].stop(t)
	victim := w.Proxies[0]
	passFile := filepath.Join(cw.dir, "pass")
	check(t, os.WriteFile(passFile, oracletest.ProxyPass.Reveal(), 0o600))
	cfg := cw.proxyConfig(victim)
	cfg.RPCURL, cfg.KeyDir, cfg.PassphraseFile, cfg.IPFSDir = w.RPCURL, victim.Dir, passFile, filepath.Join(cw.dir, "victim-ipfs")
	copyObjects(t, cw, req, cfg.IPFSDir)
	first := startChild(t, cfg, point)

	inv, err := cw.Env().GetAccess(ctx, cw.Identity(cw.requester), req)
	check(t, err)
	if code := first.wait(t); code != crashCode {
		t.Fatalf("first run exited with %d, want the crash at %s", code, point)
	}
	second := startChild(t, cfg, "")
	cw.waitReveals(t, client.GateAccess, inv.AccessID, 0b111)
	ans := cw.readAccess(t, inv.AccessID)
	if len(ans.Faults) != 0 {
		t.Fatalf("faults %+v", ans.Faults)
	}
	check(t, second.cmd.Process.Signal(syscall.SIGTERM))
	if code := second.wait(t); code != 0 {
		t.Fatalf("graceful stop exited with %d", code)
	}
	nonce, err := w.Client.NonceAt(ctx, victim.Address, nil)
	check(t, err)
	if nonce != 5 {
		t.Fatalf("the victim sent %d transactions, want 3 for the DKG, 1 commit and 1 reveal", nonce)
	}
}

// copyObjects puts the grant's bundle and the record's capsule into the store at dir.
func copyObjects(t *testing.T, cw *committeeWorld, req uint64, dir string) {
	t.Helper()
	env := cw.Env()
	g, err := env.GrantOf(ctx, req)
	check(t, err)
	rec, err := env.Record(ctx, g.RecordID)
	check(t, err)
	dst, err := embedded.Open(dir, embedded.NoSync())
	check(t, err)
	defer dst.Close()
	for _, ref := range [][]byte{g.BundleRef, rec.CapsuleRef} {
		c, err := cid.Cast(ref)
		check(t, err)
		obj, err := cw.Store().Get(ctx, c)
		check(t, err)
		got, err := dst.Put(ctx, obj)
		obj.Close()
		check(t, err)
		if !got.Equals(c) {
			t.Fatalf("copied object has CID %s, want %s", got, c)
		}
	}
}

// TestCommitteeCommitReorged drops the block holding the first member's commit (and those after
// it) before the commits are final at the nodes' depth, and mines a longer branch. No node reveals
// for a commit that is not final: each reveal lands at least depth blocks after its commit as the
// final chain holds it, each node sent exactly one commit and one reveal, and the requester reads.
func TestCommitteeCommitReorged(t *testing.T) {
	const depth = 4
	cw := newCommitteeWorld(t, 3, 2, depth, nil)
	req := cw.grant(t, 2, 1)
	env := cw.Env()
	// From the get-access on, the test makes the blocks, one at a time, until one holds a
	// member's commit: that commit is then the head, nowhere near final at the nodes' depth. (With
	// the world's miner running, a loaded machine could see every commit final and revealed
	// before the test looked.)
	pause := cw.PauseMining()
	var once sync.Once
	resume := func() { once.Do(pause) }
	t.Cleanup(resume) // before the world's close, which waits for the miner
	type invoked struct {
		inv *client.Invoked
		err error
	}
	sent := make(chan invoked, 1)
	go func() {
		inv, err := env.GetAccess(ctx, cw.Identity(cw.requester), req)
		sent <- invoked{inv, err}
	}()
	// Exactly one block, holding the get-access: the commits come in later blocks.
	waitFor(t, "the get-access in the pool", func() bool {
		n, err := cw.Chain.Backend.Client().PendingTransactionCount(ctx)
		return err == nil && n > 0
	})
	cw.Chain.Backend.Commit()
	r := <-sent
	check(t, r.err)
	inv := r.inv
	waitFor(t, "a block with a commit", func() bool {
		cw.Chain.Backend.Commit()
		time.Sleep(100 * time.Millisecond) // time for the nodes to see the block and send
		st, err := env.AnswerState(ctx, client.GateAccess, inv.AccessID)
		return err == nil && st.CommitMask != 0
	})
	// The state is read after each block: the first commit is in the head.
	head, err := cw.Client.BlockNumber(ctx)
	check(t, err)
	first := head
	if st, err := env.AnswerState(ctx, client.GateAccess, inv.AccessID); err != nil || st.RevealMask != 0 {
		t.Fatalf("a node revealed before its commit was %d blocks deep: %+v, %v", depth, st, err)
	}
	parent, err := cw.Client.HeaderByNumber(ctx, new(big.Int).SetUint64(first-1))
	check(t, err)
	// The fork needs an empty pool: the nodes may be sending, so seal what they sent (it is
	// dropped with the branch) until the pool is empty at the fork.
	for err := errors.New("not yet"); err != nil; {
		cw.Chain.Backend.Commit()
		head++
		err = cw.Chain.Backend.Fork(parent.Hash())
	}
	for range head - first + 3 {
		cw.Chain.Backend.Commit()
	}
	resume()

	cw.waitReveals(t, client.GateAccess, inv.AccessID, 0b111)
	if ans := cw.readAccess(t, inv.AccessID); len(ans.Faults) != 0 {
		t.Fatalf("faults %+v", ans.Faults)
	}
	for i, p := range cw.Proxies {
		c, r := nodeBlocks(t, cw, inv.AccessID, p.Address)
		if r < c+depth {
			t.Fatalf("node %d revealed in block %d, its commit is in block %d: not %d deep", i+1, r, c, depth)
		}
	}
	// Each node answered each access once: its DKG, and a commit and a reveal per access.
	for i, p := range cw.Proxies {
		nonce, err := cw.Client.NonceAt(ctx, p.Address, nil)
		check(t, err)
		if want := 3 + 2*inv.AccessID; nonce != want {
			t.Fatalf("node %d sent %d transactions, want %d", i+1, nonce, want)
		}
	}
}

// answerBlocks returns the first block holding a commit to an access, and the first holding a
// reveal (0 if none), on the chain as it is now.
func answerBlocks(t *testing.T, cw *committeeWorld, access uint64) (commit, reveal uint64) {
	t.Helper()
	for _, p := range cw.Proxies {
		c, r := nodeBlocks(t, cw, access, p.Address)
		if c != 0 && (commit == 0 || c < commit) {
			commit = c
		}
		if r != 0 && (reveal == 0 || r < reveal) {
			reveal = r
		}
	}
	return commit, reveal
}

// nodeBlocks returns the blocks of a node's commit and reveal to an access (0 if none).
func nodeBlocks(t *testing.T, cw *committeeWorld, access uint64, node common.Address) (commit, reveal uint64) {
	t.Helper()
	a := cw.Set.Access
	cit, err := bind.FilterEvents(a.BoundContract, &bind.FilterOpts{Context: ctx}, a.ABI.UnpackAnswerCommittedEvent, []any{access}, []any{node})
	check(t, err)
	for cit.Next() {
		commit = cit.Value().Raw.BlockNumber
	}
	cit.Close()
	rit, err := bind.FilterEvents(a.BoundContract, &bind.FilterOpts{Context: ctx}, a.ABI.UnpackAnswerRevealedEvent, []any{access}, []any{node})
	check(t, err)
	for rit.Next() {
		reveal = rit.Value().Raw.BlockNumber
	}
	rit.Close()
	return commit, reveal
}

// TestCommitteeAnswersReadsAndTokens: the key issuer (its own process role, with the CP-ABE
// master key the proxies never hold) issues an insurer a key of the current epoch; the 2-of-3
// committee answers the insurer's attribute read of a gated record with blinded decryption
// shares, and the patient's index tokens with OPRF evaluations, while member 3 answers both with
// shares whose proofs fail: the honest members report it on each gate (the requester reports
// nothing here) and the requester combines the two valid ones. A read requested while every node
// is down, whose requester loses the attribute before the nodes come back, is declined by the
// nodes (the gate no longer lets it be answered): it is rejected and nothing is revealed.
func TestCommitteeAnswersReadsAndTokens(t *testing.T) {
	liar := map[int][]service.Option{2: {service.WithWrongAnswers()}}
	cw := newCommitteeWorld(t, 3, 2, 1, liar)
	env := cw.Env()
	insurer := oracletest.NewParty("insurer")
	check(t, cw.Fund(ctx, insurer.Address, 10))
	check(t, cw.EnrolAs(ctx, insurer, client.RoleRequester, "acme-insurance"))
	authority := cw.Identity(cw.Authority)
	_, err := env.RegisterAuthority(ctx, cw.AdminID(), cw.Authority.Address, "acme-insurance")
	check(t, err)
	full, _, err := env.DefineAttributes(ctx, authority, "role:insurer")
	check(t, err)
	_, err = env.AssignAttributes(ctx, authority, insurer.Address, full...)
	check(t, err)
	cw.ForgetNonces()

	startOracle(t, cw.World, "", func(c *service.Config) { c.Role = service.RoleKeys })
	epoch, err := env.KeyEpoch(ctx)
	check(t, err)
	kr, _, err := env.RequestKey(ctx, cw.Identity(insurer), epoch)
	check(t, err)
	issued, err := env.WaitKey(ctx, kr, 20*time.Millisecond)
	check(t, err)
	ak, err := env.OpenIssuedKey(ctx, cw.Identity(insurer), issued)
	check(t, err)
	if e, ok := client.KeyEpochOf(ak); !ok || e != epoch {
		t.Fatalf("the issued key is of epoch %d (%t), want %d", e, ok, epoch)
	}

	rec, err := cw.PutRecord(ctx, cw.doctor, cw.patient, note, "acme-insurance/role:insurer")
	check(t, err)
	rctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var got bytes.Buffer
	quiet := client.AwaitOptions{Poll: 20 * time.Millisecond, NoFaultReports: true}
	_, res, _, err := env.ReadWithAttributes(rctx, cw.Identity(insurer), ak, rec, &got, client.ReadOptions{AwaitOptions: quiet})
	check(t, err)
	if got.String() != note || len(res.Attributes) != 1 || slices.ContainsFunc(res.Used, func(r client.Reveal) bool { return r.Member == 3 }) {
		t.Fatalf("read %q, used %+v, attributes %v", got.String(), res.Used, res.Attributes)
	}
	waitFor(t, "member 3's fault on the read reported by the nodes", func() bool {
		st, err := env.AnswerState(ctx, client.GateRead, res.ReadID)
		return err == nil && st.FaultMask == 1<<2
	})

	if _, err := env.SetupIndex(ctx, cw.Identity(cw.patient), cw.committee); err != nil {
		t.Fatal(err)
	}
	_, err = env.IndexRecord(ctx, cw.Identity(cw.patient), rec, "cardiology")
	check(t, err)
	_, err = env.AddRequesters(ctx, cw.Identity(cw.patient), insurer.Address)
	check(t, err)
	found, err := env.Search(rctx, cw.Identity(insurer), cw.patient.Address, "cardiology", quiet)
	check(t, err)
	if len(found) != 1 || len(found[0].Records) != 1 || found[0].Records[0] != rec {
		t.Fatalf("search found %+v", found)
	}
	tokens, err := env.Set.Index.ABI.UnpackTokenRequestCount(mustCall(t, env, env.Set.Addresses.Index, env.Set.Index.ABI.PackTokenRequestCount()))
	check(t, err)
	waitFor(t, "member 3's fault on the token reported by the nodes", func() bool {
		st, err := env.AnswerState(ctx, client.GateToken, tokens)
		return err == nil && st.FaultMask == 1<<2
	})

	// Every node down; a read is requested, then the attribute revoked.
	for _, o := range cw.nodes {
		o.stop(t)
	}
	p, err := env.RequestRead(ctx, cw.Identity(insurer), ak, rec, nil)
	check(t, err)
	_, err = env.RevokeAttributes(ctx, authority, insurer.Address, full...)
	check(t, err)
	for i := range cw.nodes {
		cw.nodes[i] = cw.start(t, i, liar[i]...)
	}
	waitFor(t, "the read rejected", func() bool {
		st, err := env.AnswerState(ctx, client.GateRead, p.ReadID)
		return err == nil && st.Status == client.AnswerRejected
	})
	st, err := env.AnswerState(ctx, client.GateRead, p.ReadID)
	check(t, err)
	if st.CommitMask != 0 || st.RevealMask != 0 {
		t.Fatalf("a node answered a read whose requester lost its attribute: %+v", st)
	}
}

// mustCall makes a read-only call to a contract.
func mustCall(t *testing.T, env *client.Env, to common.Address, data []byte) []byte {
	t.Helper()
	out, err := env.Backend.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, nil)
	check(t, err)
	return out
}
