package service_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/node"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/internal/chaintest"
	"github.com/emrchain/emrchain/indexer/service"
	"github.com/emrchain/emrchain/indexer/store/sqlite"
	"github.com/emrchain/emrchain/simulated"
)

// The child process of the kill test: an indexer reading the parent's chain over HTTP.
const (
	childEnv      = "EMRCHAIN_INDEXER_KILLTEST_CHILD"
	childRPC      = "EMRCHAIN_INDEXER_KILLTEST_RPC"
	childManifest = "EMRCHAIN_INDEXER_KILLTEST_MANIFEST"
	childData     = "EMRCHAIN_INDEXER_KILLTEST_DATA"
)

func runChild() int {
	ctx := context.Background()
	fail := func(err error) int { fmt.Fprintln(os.Stderr, "child:", err); return 2 }
	m, err := deploy.ReadManifest(os.Getenv(childManifest))
	if err != nil {
		return fail(err)
	}
	client, err := ethclient.DialContext(ctx, os.Getenv(childRPC))
	if err != nil {
		return fail(err)
	}
	svc, err := service.New(service.Config{
		Client: client, Manifest: m, DataDir: os.Getenv(childData), Listen: "127.0.0.1:0",
		MaxRange: 2, PollInterval: 5 * time.Millisecond, Log: zerolog.New(os.Stderr).Level(zerolog.WarnLevel),
	})
	if err != nil {
		return fail(err)
	}
	if err := svc.Start(ctx); err != nil {
		return fail(err)
	}
	<-svc.Done() // runs until killed
	return fail(svc.Stop(ctx))
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// dump renders every table the chain determines, in key order.
func dump(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, q := range []string{
		"SELECT number, hash, parent_hash, time FROM cursor",
		"SELECT number, hash, parent_hash, time FROM blocks ORDER BY number",
		`SELECT block_hash, log_index, block_number, block_time, tx_hash, tx_index, contract, topics, data, name, patient, action,
			actor, counterpart, record_id, version, request_id, access_id, key_request_id, purpose, not_before, not_after, operations, reason
			FROM events ORDER BY block_number, log_index`,
		"SELECT address, role, block_number FROM participants ORDER BY address",
		"SELECT request_id, record_id, purpose, block_number FROM requests ORDER BY request_id",
		"SELECT request_id, version, block_number FROM grants ORDER BY request_id",
		"SELECT access_id, request_id, version, block_number FROM accesses ORDER BY access_id",
		"SELECT committee_id, members, threshold, block_number FROM committees ORDER BY committee_id",
		"SELECT attribute_id, name, block_number FROM attribute_names ORDER BY attribute_id",
		"SELECT contract, access_id, patient, requester, path, record_id, version, block_number FROM gate_accesses ORDER BY contract, access_id",
		"SELECT contract, access_id, member, node, block_number FROM answers ORDER BY contract, access_id, member",
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		n := 0
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%x\n", vals)
			n++
		}
		rows.Close()
		fmt.Fprintf(&b, "-- %d rows: %s\n", n, strings.Fields(q)[1])
	}
	return b.String()
}

// TestKillDuringIngestion SIGKILLs an indexer process at random points while it ingests,
// restarts it each time, and checks that the database it ends with equals a clean run's:
// nothing lost, nothing duplicated.
func TestKillDuringIngestion(t *testing.T) {
	if testing.Short() {
		t.Skip("kill test runs subprocesses")
	}
	port := freePort(t)
	chain := simulated.NewChain(chaintest.Accounts(), func(nc *node.Config, _ *ethconfig.Config) {
		nc.HTTPHost, nc.HTTPPort = "127.0.0.1", port
		nc.HTTPModules = []string{"eth", "net", "web3"}
	})
	defer chain.Close()
	w := chaintest.New(t, chain)
	for i := range 4 {
		w.Story(t)
		// Batches of index authorizations: many events per block.
		for j := range 8 {
			var rs []common.Address
			for k := range 40 {
				rs = append(rs, common.BigToAddress(big.NewInt(int64(1+k+40*j+1000*i))))
			}
			w.Send(t, w.Patient, w.Set.Index.BoundContract, w.Set.Index.ABI.PackAddRequesters(rs))
		}
	}
	ctx := context.Background()
	head, err := chain.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	manifest := filepath.Join(dir, "manifest.json")
	if err := deploy.WriteManifest(manifest, w.Manifest); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "killed")

	// The parent watches the child's progress through its own connection to the file.
	watch, err := sqlite.Open(ctx, filepath.Join(mkdir(t, data), service.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close()
	cursor := func() uint64 {
		c, ok, err := watch.Cursor(ctx)
		if err != nil {
			t.Fatalf("watch cursor: %v", err)
		}
		if !ok {
			return 0
		}
		return c.Number
	}

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=1", childRPC+"=http://127.0.0.1:"+fmt.Sprint(port), childManifest+"="+manifest, childData+"="+data)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	kills, midway := 0, 0
	target := head.Number.Uint64()
	for kills < 12 && cursor() < target {
		before := cursor()
		cmd := start()
		// Kill only once the child is ingesting, after a random extra delay.
		deadline := time.Now().Add(time.Minute)
		for cursor() == before && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(time.Duration(rng.IntN(20_000)) * time.Microsecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		kills++
		if at := cursor(); at > before && at < target {
			midway++
		}
	}
	// Let the last run finish.
	cmd := start()
	deadline := time.Now().Add(2 * time.Minute)
	for cursor() < target && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	t.Logf("%d kills, %d of them mid-ingestion, %d blocks", kills, midway, target-w.Manifest.DeploymentBlock)
	if midway < 3 {
		t.Fatalf("only %d kills landed mid-ingestion; the test proved little", midway)
	}

	// A clean run of the same code, in process.
	clean := filepath.Join(dir, "clean")
	svc, err := service.New(service.Config{Client: chain.Client, Manifest: w.Manifest, DataDir: clean, Listen: "127.0.0.1:0",
		MaxRange: 50, PollInterval: 5 * time.Millisecond, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, svc.Store(), chain)
	if err := svc.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	got, want := dump(t, filepath.Join(data, service.DBFile)), dump(t, filepath.Join(clean, service.DBFile))
	if got != want {
		t.Fatalf("killed run's database differs from a clean run's:\n--- killed (%d bytes)\n%s\n--- clean (%d bytes)\n%s",
			len(got), tail(got), len(want), tail(want))
	}
	logs, err := chain.Client.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(w.Manifest.DeploymentBlock), Addresses: w.Manifest.Addresses().List()})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(want, fmt.Sprintf("-- %d rows: block_hash", len(logs))) || len(logs) < 1300 {
		t.Fatalf("clean database does not hold the chain's %d logs:\n%s", len(logs), tail(want))
	}
}

func mkdir(t *testing.T, dir string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

func tail(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "--") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
