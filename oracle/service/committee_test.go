package service_test

import (
	"strings"
	"sync"

	"fmt"
	"github.com/rs/zerolog"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/crypto/dkg"
	"github.com/emrchain/emrchain/crypto/shamir"
	"github.com/emrchain/emrchain/crypto/tdec"
	"github.com/emrchain/emrchain/oracle/committee"
	"github.com/emrchain/emrchain/oracle/keyring"
	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
)

// startProxy runs proxy p of w in process, with its state in dir.
func startProxy(t *testing.T, w *oracletest.World, p *oracletest.Proxy, dir string, extra ...service.Option) *oracle {
	t.Helper()
	cfg := w.ProxyConfig(p, oracletest.ProxyStatePath(dir, p))
	opts := append(w.ProxyOptions(p), service.WithLogger(testLogger(t).With().Str("node", p.Name).Logger()))
	svc, err := service.New(cfg, append(opts, extra...)...)
	check(t, err)
	check(t, svc.Start(ctx))
	o := &oracle{Service: svc}
	t.Cleanup(func() { o.stop(t) })
	return o
}

// membership waits until node o has finished committee c's DKG.
func membership(t *testing.T, o *oracle, c uint64) *committee.Membership {
	t.Helper()
	var m *committee.Membership
	waitFor(t, "the node's membership", func() bool {
		var ok bool
		m, ok = o.Committees().Membership(c)
		return ok && m.Active
	})
	return m
}

// checkCommittee checks what the members hold against the chain: one Y and one set of public
// shares, the chain's, every share on its public share, and any t shares giving Y.
func checkCommittee(t *testing.T, w *oracletest.World, c uint64, ms []*committee.Membership) {
	t.Helper()
	onChain, err := w.Committee(ctx, c)
	check(t, err)
	var shares []shamir.Share
	for _, m := range ms {
		conf := m.Result.Confirmation()
		if string(conf.PublicKey) != string(onChain.PublicKey) || conf.SharesHash != onChain.SharesHash {
			t.Fatalf("member %d computed another transcript than the chain's", m.Index)
		}
		if m.Share == nil {
			t.Fatalf("member %d has no share: %v", m.Index, m.ShareErr)
		}
		shares = append(shares, *m.Share)
	}
	committeeKey, err := tdec.NewCommittee(ms[0].Threshold, onChain.PublicKey, ms[0].Result.PublicSharesBytes())
	if err != nil {
		t.Fatalf("the chain's key and the members' public shares do not make a committee: %v", err)
	}
	_ = committeeKey
	th := ms[0].Threshold
	x, err := shamir.Combine(shares[:th])
	check(t, err)
	b := x.Bytes()
	priv, err := crypto.ToECDSA(b[:])
	check(t, err)
	if got := crypto.CompressPubkey(&priv.PublicKey); string(got) != string(onChain.PublicKey) {
		t.Fatal("t members' shares do not combine to the committee key")
	}
}

// TestProxiesRunTheDKG: three proxy nodes, each a service of its own with its own keys, take a
// 2-of-3 committee from creation to Active on the simulated chain; each keeps its share in its
// own 0600 file, and a restarted node finds its standing again from the chain and its files.
func TestProxiesRunTheDKG(t *testing.T) {
	w := newWorld(t, oracletest.Options{Proxies: 3, BlockTime: 100 * time.Millisecond})
	dir := t.TempDir()
	var nodes []*oracle
	for _, p := range w.Proxies {
		nodes = append(nodes, startProxy(t, w, p, dir))
	}
	c, err := w.CreateCommittee(ctx, w.Proxies, 2, 60)
	check(t, err)
	st, err := w.WaitCommittee(ctx, c, 2*time.Minute)
	check(t, err)
	if st != oracletest.CommitteeActive {
		t.Fatalf("committee status %d", st)
	}
	var ms []*committee.Membership
	for _, o := range nodes {
		ms = append(ms, membership(t, o, c))
	}
	checkCommittee(t, w, c, ms)
	for i, p := range w.Proxies {
		share := p.Keys.Committees.SharePath(ms[i].Committee)
		fi, err := os.Stat(share)
		if err != nil || fi.Mode().Perm() != 0o600 || filepath.Dir(filepath.Dir(share)) != p.Dir {
			t.Fatalf("%s's share file %s: %v %v", p.Name, share, fi, err)
		}
		if _, err := os.Stat(filepath.Join(p.Dir, "cpabe-master.key")); !os.IsNotExist(err) {
			t.Fatalf("%s holds a CP-ABE master key (%v)", p.Name, err)
		}
	}
	// A restarted node rebuilds its standing from the chain and its own files.
	nodes[1].stop(t)
	again := startProxy(t, w, w.Proxies[1], dir)
	m := membership(t, again, c)
	if m.Share == nil || !m.Share.Value.Equal(&ms[1].Share.Value) {
		t.Fatal("the restarted node has another share")
	}
}

// TestCheatingDealerIsDisqualified: in a 3-of-5 committee, member 2 deals member 4 a wrong
// share; member 4 complains, every node disqualifies member 2, and the four honest members and
// the cheater agree on the same key, which the chain activates.
func TestCheatingDealerIsDisqualified(t *testing.T) {
	w := newWorld(t, oracletest.Options{Proxies: 5, BlockTime: 100 * time.Millisecond})
	dir := t.TempDir()
	var nodes []*oracle
	for i, p := range w.Proxies {
		var extra []service.Option
		if i == 1 {
			extra = append(extra, service.WithCommitteeDeal(func(p *dkg.Participant) (*dkg.Deal, error) { return p.DealCheating(4) }))
		}
		nodes = append(nodes, startProxy(t, w, p, dir, extra...))
	}
	c, err := w.CreateCommittee(ctx, w.Proxies, 3, 60)
	check(t, err)
	st, err := w.WaitCommittee(ctx, c, 2*time.Minute)
	check(t, err)
	if st != oracletest.CommitteeActive {
		t.Fatalf("committee status %d", st)
	}
	var ms []*committee.Membership
	for _, o := range nodes {
		m := membership(t, o, c)
		if fmt.Sprint(m.Result.Qualified) != "[1 3 4 5]" {
			t.Fatalf("member %d: qualified %v", m.Index, m.Result.Qualified)
		}
		if !slices.ContainsFunc(m.Result.Faults, func(f dkg.Fault) bool { return f.Member == 2 && f.By == 4 }) {
			t.Fatalf("member %d: faults %+v", m.Index, m.Result.Faults)
		}
		ms = append(ms, m)
	}
	checkCommittee(t, w, c, ms)
	complaints, err := w.Complaints(ctx, c, 2)
	check(t, err)
	if complaints != 1<<3 {
		t.Fatalf("complaints about dealer 2: %016b, want member 4's only", complaints)
	}
}

// TestDealSurvivesACrash kills a proxy node in a child process right after it drew its deal,
// and right after it recorded the deal's transaction, and restarts it: the deal on chain is the
// one drawn before the crash (a redrawn polynomial would hand the others shares of two), and
// the committee becomes Active.
func TestDealSurvivesACrash(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a proxy node in subprocesses")
	}
	for _, point := range []service.Point{service.PointDealDrawn, service.PointDealRecorded} {
		t.Run(string(point), func(t *testing.T) { dealCrash(t, point) })
	}
}

func dealCrash(t *testing.T, point service.Point) {
	w := newWorld(t, oracletest.Options{RPC: true, Proxies: 3, BlockTime: 100 * time.Millisecond})
	dir := t.TempDir()
	passFile := filepath.Join(dir, "pass")
	check(t, os.WriteFile(passFile, oracletest.ProxyPass.Reveal(), 0o600))
	victim := w.Proxies[0]
	cfg := w.ProxyConfig(victim, oracletest.ProxyStatePath(dir, victim))
	cfg.RPCURL, cfg.KeyDir, cfg.PassphraseFile, cfg.IPFSDir = w.RPCURL, victim.Dir, passFile, filepath.Join(dir, "ipfs")
	first := startChild(t, cfg, point)
	for _, p := range w.Proxies[1:] {
		startProxy(t, w, p, dir)
	}
	c, err := w.CreateCommittee(ctx, w.Proxies, 2, 200)
	check(t, err)
	if code := first.wait(t); code != crashCode {
		t.Fatalf("first run exited with %d, want the crash at %s; log:\n%s", code, point, first.stderr.String())
	}
	st, err := committee.OpenStore(cfg.StatePath, true)
	check(t, err)
	commitments, shares, ok, err := st.OwnDeal(ctx, c)
	check(t, err)
	check(t, st.Close())
	if !ok {
		t.Fatal("the node crashed after drawing its deal, but kept none")
	}

	second := startChild(t, cfg, "")
	status, err := w.WaitCommittee(ctx, c, 3*time.Minute)
	check(t, err)
	if status != oracletest.CommitteeActive {
		t.Fatalf("committee status %d; victim's log:\n%s", status, second.stderr.String())
	}
	onChain, err := w.DealHash(ctx, c, 1)
	check(t, err)
	if want := crypto.Keccak256Hash(commitments, shares); onChain != want {
		t.Fatal("the restarted node sent another deal than the one it drew before the crash")
	}
	check(t, second.cmd.Process.Signal(syscall.SIGTERM))
	if code := second.wait(t); code != 0 {
		t.Fatalf("graceful stop exited with %d", code)
	}
	if _, err := os.Stat(victim.Keys.Committees.SharePath(keyring.Committee{Number: c, ID: dkg.CommitteeID(w.ChainID.Uint64(), w.Set.Addresses.Proxies, c)})); err != nil {
		t.Fatalf("the restarted node kept no share: %v", err)
	}
}

// countingWriter counts the log lines that contain a phrase, whichever node writes them.
type countingWriter struct {
	mu     sync.Mutex
	phrase string
	n      int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n += strings.Count(string(p), c.phrase)
	return len(p), nil
}

func (c *countingWriter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// TestRefusedDKGStepWaitsForANewBlock: a member's confirmation sent in the block that closes
// the complaints is refused (the estimate still sees the complaint phase). The node tries it
// again when a new block may have changed the answer, not at every step: with blocks of half a
// second and steps every 20 ms, the nodes refuse at most once per block per action.
func TestRefusedDKGStepWaitsForANewBlock(t *testing.T) {
	w := newWorld(t, oracletest.Options{Proxies: 3, BlockTime: 500 * time.Millisecond})
	dir := t.TempDir()
	refusals := &countingWriter{phrase: "not taken"}
	for _, p := range w.Proxies {
		log := zerolog.New(zerolog.MultiLevelWriter(refusals, zerolog.ConsoleWriter{Out: testWriter{t}, NoColor: true})).
			Level(zerolog.InfoLevel).With().Str("node", p.Name).Logger()
		startProxy(t, w, p, dir, service.WithLogger(log))
	}
	from, err := w.Client.BlockNumber(ctx)
	check(t, err)
	c, err := w.CreateCommittee(ctx, w.Proxies, 2, 4)
	check(t, err)
	st, err := w.WaitCommittee(ctx, c, 2*time.Minute)
	check(t, err)
	if st != oracletest.CommitteeActive {
		t.Fatalf("committee status %d", st)
	}
	to, err := w.Client.BlockNumber(ctx)
	check(t, err)
	// Each node has at most one action open per block once the confirmations are due.
	if n, limit := refusals.count(), 3*int(to-from+1); n > limit {
		t.Fatalf("%d refused sends over %d blocks: the nodes retry without waiting for a block (limit %d)", n, to-from+1, limit)
	}
}
