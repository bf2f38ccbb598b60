package service_test

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/fhir"
	"github.com/emrchain/emrchain/indexer/internal/chaintest"
	"github.com/emrchain/emrchain/indexer/service"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/store/sqlite"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/indexer/verify"
	"github.com/emrchain/emrchain/internal/anvil"
	"github.com/emrchain/emrchain/internal/fhircheck"
)

// TestAnvilStoryAsSeparateProcesses plays the trust and care stories on an anvil node (its own
// process), indexes it with an indexer in another process that is killed with SIGKILL midway
// and restarted, and checks the result against the chain: every timeline verifies, reads name
// their path and the nodes that answered, and the patient's timeline is valid FHIR.
func TestAnvilStoryAsSeparateProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs anvil and indexer processes")
	}
	bin, err := anvil.Find("../..")
	if err != nil {
		if os.Getenv("EMRCHAIN_REQUIRE_TOOLCHAIN") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	ctx := context.Background()
	node, err := anvil.Start(ctx, bin, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer node.Stop()
	rc, err := rpc.DialContext(ctx, node.HTTP())
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	client := ethclient.NewClient(rc)
	for _, a := range chaintest.Accounts() {
		if err := rc.CallContext(ctx, nil, "anvil_setBalance", a.Address, hexutil.EncodeBig(eth(1_000_000))); err != nil {
			t.Fatal(err)
		}
	}
	chainID, err := client.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w := chaintest.NewOn(t, &chaintest.Chain{Client: client, ChainID: chainID,
		Mine: func(ctx context.Context) error { return rc.CallContext(ctx, nil, "evm_mine") }})
	w.Story(t)
	w.CareStory(t)
	w.Story(t)
	head, err := client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	manifest := filepath.Join(dir, "manifest.json")
	if err := deploy.WriteManifest(manifest, w.Manifest); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "indexer")
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
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=1", childRPC+"="+node.HTTP(), childManifest+"="+manifest, childData+"="+data)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	target := head.Number.Uint64()
	cmd := start()
	deadline := time.Now().Add(time.Minute)
	for cursor() < w.Manifest.DeploymentBlock+(target-w.Manifest.DeploymentBlock)/2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	midway := cursor()
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	cmd = start()
	for cursor() < target && time.Now().Before(deadline.Add(time.Minute)) {
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if got := cursor(); got < target || midway >= target {
		t.Fatalf("indexer at block %d of %d (killed at %d)", got, target, midway)
	}
	t.Logf("indexer killed at block %d of %d, restarted, caught up", midway, target)

	for _, who := range []struct {
		name string
		addr [20]byte
	}{{"patient", w.Patient.Address}, {"requester", w.Requester.Address}, {"admin", w.Admin.Address}, {"node 1", w.Nodes[0].Address}, {"provider", w.Provider.Address}} {
		rep, err := verify.Patient(ctx, client, w.Manifest, watch, who.addr)
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.Err(); err != nil || rep.Entries == 0 {
			t.Fatalf("%s's timeline (%d entries): %v", who.name, rep.Entries, err)
		}
		t.Logf("%s's timeline: %d entries verified against anvil", who.name, rep.Entries)
	}
	var es []timeline.Entry
	f := store.Filter{Limit: store.MaxLimit}
	es, _, err = watch.Timeline(ctx, w.Patient.Address, f)
	if err != nil {
		t.Fatal(err)
	}
	reads := map[timeline.Path]int{}
	for _, e := range es {
		switch e.Action {
		case timeline.AccessFulfilled, timeline.ReadAnswered, timeline.TokenAnswered, timeline.CapsuleReadAnswered:
			if e.Counterpart == ([20]byte{}) || e.Path == "" || len(e.Nodes) != chaintest.Threshold {
				t.Fatalf("a read without its reader, path or nodes: %+v", e)
			}
			reads[e.Path]++
		}
	}
	if fmt.Sprint(reads) != "map[attributes:2 emergency:1 grant:2 guardian:1 search:2]" {
		t.Fatalf("reads by path: %v", reads)
	}
	fhircheck.Validate(t, map[string]any{"anvil-timeline": fhir.NewBundle(es, fhir.Options{ChainID: chainID.Uint64(), Base: "http://127.0.0.1:8780/fhir"})})
}

// eth is n ether in wei.
func eth(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }
