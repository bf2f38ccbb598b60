// Package e2e runs emrchain against a real node: anvil from the npm toolchain, with the oracle and
// the indexer as separate `emrchain` processes talking JSON-RPC over WebSocket, as a deployment
// would run them.
package e2e

import (
	"context"
	"crypto/ecdsa"
	"github.com/emrchain/emrchain/internal/anvil"

	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	cid "github.com/ipfs/go-cid"
	mh "github.com/multiformats/go-multihash"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/demo"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/oracle/keyring"
	"github.com/emrchain/emrchain/simulated"
	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/kubo"
	"github.com/emrchain/emrchain/storage/remote"
)

// anvilKey0 is anvil's first well-known development key (public test fixture, never for funds).
const anvilKey0 = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"

const passphrase = "e2e passphrase"

type proc struct {
	cmd *exec.Cmd
	log *os.File
}

func root(t testing.TB) string {
	t.Helper()
	r, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// startAnvil runs the native anvil binary on a free loopback port with args, logging to
// dir/anvil.log, and returns its address; the test skips (fails with EMRCHAIN_REQUIRE_TOOLCHAIN)
// when anvil is not installed.
func startAnvil(t testing.TB, dir string, args ...string) string {
	t.Helper()
	bin, err := anvil.Find(root(t))
	if err != nil {
		if os.Getenv("EMRCHAIN_REQUIRE_TOOLCHAIN") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	logf, err := os.Create(filepath.Join(dir, "anvil.log"))
	if err != nil {
		t.Fatal(err)
	}
	n, err := anvil.Start(context.Background(), bin, logf, args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Stop(); logf.Close() })
	return n.Addr
}

func stop(p *proc) {
	if p.cmd.Process != nil {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}
	p.log.Close()
}

// built is the CLI binary, built once for all the tests of a run.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
	out  []byte
}

// buildCLI builds the emrchain binary (once per test run) and returns its path; dir is unused
// and kept so callers read as before.
func buildCLI(t testing.TB, _ string) string {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "emrchain-e2e-bin-*")
		if built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "emrchain")
		cmd := exec.Command("go", "build", "-o", built.bin, "./cmd/emrchain")
		cmd.Dir = root(t)
		built.out, built.err = cmd.CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("build emrchain: %v\n%s", built.err, built.out)
	}
	return built.bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// cli runs one emrchain command to completion and returns stdout.
func cli(t testing.TB, bin string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("emrchain %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// service starts a long-running emrchain command.
func service(t testing.TB, bin, dir, name string, env []string, args ...string) {
	t.Helper()
	logf, err := os.Create(filepath.Join(dir, name+".log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop(&proc{cmd: cmd, log: logf})
		if t.Failed() {
			b, _ := os.ReadFile(logf.Name())
			t.Logf("%s log:\n%s", name, b)
		}
	})
}

type cliAuditor struct {
	t   *testing.T
	bin string
	env []string
}

func (a cliAuditor) Timeline(ctx context.Context, patient common.Address) ([]string, error) {
	out := cli(a.t, a.bin, a.env, "audit", "timeline", "--patient", patient.Hex(), "--format", "table")
	return strings.Split(strings.TrimSpace(out), "\n"), nil
}

func (a cliAuditor) Verify(ctx context.Context, patient common.Address) (int, error) {
	out := cli(a.t, a.bin, a.env, "audit", "verify", "--patient", patient.Hex(), "--json")
	var rep struct {
		Entries int    `json:"entries"`
		Status  string `json:"status"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		return 0, fmt.Errorf("audit verify output %q: %w", out, err)
	}
	if !strings.HasPrefix(rep.Status, "verified") {
		return rep.Entries, fmt.Errorf("audit verify found a mismatch: %s", out)
	}
	return rep.Entries, nil
}

func fund(t testing.TB, ctx context.Context, ec *ethclient.Client, from *ecdsa.PrivateKey, to common.Address) {
	t.Helper()
	chainID, err := ec.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sender := crypto.PubkeyToAddress(from.PublicKey)
	nonce, err := ec.PendingNonceAt(ctx, sender)
	if err != nil {
		t.Fatal(err)
	}
	tip := big.NewInt(params.GWei)
	fee := big.NewInt(100 * params.GWei)
	tx := types.MustSignNewTx(from, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: fee, Gas: 21_000, To: &to,
		Value: new(big.Int).Mul(big.NewInt(100), big.NewInt(params.Ether)),
	})
	if err := ec.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if r, err := ec.TransactionReceipt(ctx, tx.Hash()); err == nil && r.Status == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("funding %s was not mined", to)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestDemoOnAnvil deploys with the CLI, runs the oracle and the indexer as separate processes
// over WebSocket, and plays the whole story against anvil.
func TestDemoOnAnvil(t *testing.T) {
	if testing.Short() {
		t.Skip("starts anvil and three processes")
	}
	dir := t.TempDir()
	addr := startAnvil(t, dir)
	bin := buildCLI(t, dir)
	wsURL, httpURL := "ws://"+addr, "http://"+addr
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	pwFile := filepath.Join(dir, "password")
	if err := os.WriteFile(pwFile, []byte(passphrase), 0o600); err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "admin.key")
	if err := os.WriteFile(keyFile, []byte(anvilKey0), 0o600); err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(dir, "data")
	ipfs := "embedded"
	if api := os.Getenv("EMRCHAIN_KUBO_API"); api != "" {
		ipfs = api
	}
	env := []string{"EMRCHAIN_DATA_DIR=" + dataDir, "EMRCHAIN_RPC_URL=" + wsURL, "EMRCHAIN_PASSWORD_FILE=" + pwFile,
		"EMRCHAIN_IPFS=" + ipfs, "EMRCHAIN_LOG_LEVEL=info", "EMRCHAIN_JSON="}

	// Deploy, and deploy again: the second run verifies instead of deploying twice.
	cli(t, bin, env, "deploy", "--private-key-file", keyFile, "--rpc-url", httpURL)
	again := cli(t, bin, env, "deploy", "--private-key-file", keyFile, "--json")
	if !strings.Contains(again, `"deployed": false`) {
		t.Fatalf("second deploy did not just verify: %s", again)
	}
	m, err := deploy.ReadManifest(deploy.ManifestPath(dataDir, 31337))
	if err != nil {
		t.Fatal(err)
	}

	// The key oracle and three proxy nodes, each with its own key directory, account and state,
	// as their operators would run them.
	loadKeys := func(name string, role keyring.Role) (string, *keyring.Keys) {
		keyDir := filepath.Join(dir, name+"-keys")
		cli(t, bin, env, "oracle", "init", "--role", string(role), "--dir", keyDir)
		keys, err := keyring.Load(keyDir, role, keyring.Same(keyfile.NewPassphrase([]byte(passphrase))))
		if err != nil {
			t.Fatal(err)
		}
		return keyDir, keys
	}
	oracleDir, keys := loadKeys("oracle", keyring.RoleKeys)
	abePK, err := keyring.ReadPublicKey(oracleDir)
	if err != nil {
		t.Fatal(err)
	}

	ec, err := ethclient.DialContext(ctx, wsURL)
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()
	adminKey, err := crypto.HexToECDSA(anvilKey0)
	if err != nil {
		t.Fatal(err)
	}
	cast := &demo.Cast{
		Admin:  &client.Identity{Name: "admin", Key: adminKey},
		Oracle: &client.Identity{Name: "oracle", Key: keys.TxKey, Transport: keys.Transport},
	}
	fund(t, ctx, ec, adminKey, keys.Address)
	var proxyDirs []string
	for i := 1; i <= demo.Members; i++ {
		name := fmt.Sprintf("proxy-%d", i)
		keyDir, pk := loadKeys(name, keyring.RoleProxy)
		proxyDirs = append(proxyDirs, keyDir)
		cast.Proxies = append(cast.Proxies, &client.Identity{Name: name, Key: pk.TxKey, Transport: pk.Transport})
		fund(t, ctx, ec, adminKey, pk.Address)
	}
	for _, slot := range []struct {
		p    **client.Identity
		name string
	}{{&cast.Authority, "authority"}, {&cast.Patient, "patient"}, {&cast.DoctorA, "doctor-a"}, {&cast.Insurer, "insurer"},
		{&cast.DoctorB, "doctor-b"}, {&cast.Researcher, "researcher"}} {
		a := simulated.DevAccount("e2e/" + slot.name)
		id, err := client.NewIdentity(slot.name, a.Key, nil)
		if err != nil {
			t.Fatal(err)
		}
		*slot.p = id
		fund(t, ctx, ec, adminKey, a.Address)
	}
	if cast.Patient.Seed, err = recordkey.NewSeed(nil); err != nil {
		t.Fatal(err)
	}

	service(t, bin, dir, "oracle", env, "oracle", "run", "--key-dir", oracleDir, "--state", filepath.Join(dir, "oracle.db"),
		"--metrics-addr", "", "--poll-interval", "200ms")
	service(t, bin, dir, "indexer", env, "indexer", "run", "--listen", "127.0.0.1:0", "--poll-interval", "200ms")

	var store storage.Store
	if ipfs == "embedded" {
		// The key oracle's process holds the embedded store and serves it; the proxy nodes and
		// the story share through that.
		deadline := time.Now().Add(30 * time.Second)
		for {
			s, err := remote.FromDir(filepath.Join(dataDir, "ipfs"))
			if err == nil {
				if _, err = s.Has(ctx, emptyCID(t)); err == nil {
					store = s
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("the oracle never served its store: %v", err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	} else {
		s, err := kubo.New(ipfs)
		if err != nil {
			t.Fatal(err)
		}
		store = s
	}
	for i, keyDir := range proxyDirs {
		name := fmt.Sprintf("proxy-%d", i+1)
		service(t, bin, dir, name, env, "oracle", "run", "--key-dir", keyDir, "--state", filepath.Join(dir, name+".db"),
			"--metrics-addr", "", "--poll-interval", "200ms")
	}
	chainID, err := ec.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cenv := &client.Env{Backend: ec, Set: contracts.Bind(ec, m.Addresses()), Store: store, ChainID: chainID, ABIPublicKey: abePK}
	tr, err := demo.Run(ctx, cenv, cast, anvilNetwork{cenv, ec}, waitingAuditor{cliAuditor{t, bin, env}, ec, dataDir}, func(s *demo.Step) {
		t.Logf("step %d %s: ok=%v %s", s.Number, s.Title, s.OK, s.Error)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range tr.Steps {
		if !s.OK {
			t.Errorf("step %d failed: %s", s.Number, s.Error)
		}
	}
	if tr.Verified == 0 {
		t.Error("no timeline entries verified")
	}

}

// anvilNetwork forms the story's committee on anvil, whose blocks come only with transactions:
// while the members have nothing left to send in a phase (all dealt, the complaint window open,
// or no progress for a while), it mines empty blocks so that the phase's deadline passes.
type anvilNetwork struct {
	env *client.Env
	ec  *ethclient.Client
}

func (n anvilNetwork) FormCommittee(ctx context.Context, admin *client.Identity, threshold int, members []common.Address) (uint64, []*client.Tx, error) {
	id, tx, err := n.env.CreateCommittee(ctx, admin, members, uint8(threshold), 12)
	if err != nil {
		return 0, nil, err
	}
	return id, []*client.Tx{tx}, awaitCommittee(ctx, n.env, n.ec, id)
}

// emptyCID is the CID of the empty raw object: any well-formed CID tells whether a store answers.
func emptyCID(t testing.TB) cid.Cid {
	sum, err := mh.Sum(nil, mh.SHA2_256, -1)
	if err != nil {
		t.Fatal(err)
	}
	return cid.NewCidV1(cid.Raw, sum)
}

// waitingAuditor waits for the indexer process to reach the chain head before auditing.
type waitingAuditor struct {
	cliAuditor
	ec      *ethclient.Client
	dataDir string
}

func (w waitingAuditor) Timeline(ctx context.Context, patient common.Address) ([]string, error) {
	head, err := w.ec.BlockNumber(ctx)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		out := cli(w.t, w.bin, w.env, "audit", "verify", "--patient", patient.Hex(), "--json")
		var rep struct {
			Block uint64 `json:"block"`
		}
		if json.Unmarshal([]byte(out), &rep) == nil && rep.Block >= head {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("indexer did not reach block %d: %s", head, out)
		}
		time.Sleep(200 * time.Millisecond)
	}
	return w.cliAuditor.Timeline(ctx, patient)
}
