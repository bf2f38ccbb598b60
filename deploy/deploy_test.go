package deploy_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/simulated"
)

// TestInterruptedDeploymentResumes stops a deployment right after its first contract and runs
// it again: the second run deploys only the other five, and the estimate it starts from leaves
// out what is already paid for.
func TestInterruptedDeploymentResumes(t *testing.T) {
	admin := simulated.DevAccount("admin")
	chain := simulated.NewChain([]simulated.Account{admin})
	defer chain.Close()
	path := filepath.Join(t.TempDir(), "manifests", "1337.json")

	full, err := deploy.EstimateDeployment(context.Background(), chain.Client, admin.Address, admin.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	sent := 0
	_, _, err = deploy.EnsureWith(ctx, chain.Client, admin.Opts(chain.ChainID), admin.Address, path, deploy.Options{
		Sent: func(string, common.Hash) {
			if sent++; sent == 1 {
				cancel()
			}
		},
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted deployment: %v", err)
	}
	partial, err := deploy.ReadPartial(path)
	if err != nil || partial == nil {
		t.Fatalf("no record of the deployment under way: %v", err)
	}
	// Registry is recorded (mined or only sent, depending on when the interrupt landed).
	reg, ok := partial.Contracts[deploy.Registry]
	if !ok || reg.TxHash == (common.Hash{}) || len(partial.Contracts) != 1 {
		t.Fatalf("partial record: %+v", partial.Contracts)
	}
	for {
		if _, err := chain.Client.TransactionReceipt(context.Background(), reg.TxHash); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	rest, err := deploy.EstimateDeployment(context.Background(), chain.Client, admin.Address, admin.Address, partial)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rest.Gas[deploy.Registry]; ok || rest.Total != full.Total-full.Gas[deploy.Registry] {
		t.Fatalf("estimate of the rest: %d (%v), want %d without Registry", rest.Total, rest.Gas, full.Total-full.Gas[deploy.Registry])
	}

	// Another deployer may not take over a deployment under way.
	other := simulated.DevAccount("patient")
	if _, _, err := deploy.EnsureWith(context.Background(), chain.Client, other.Opts(chain.ChainID), admin.Address, path, deploy.Options{}); !errors.Is(err, deploy.ErrPartialMismatch) {
		t.Fatalf("another deployer resuming: %v", err)
	}

	m, deployed, err := deploy.EnsureWith(context.Background(), chain.Client, admin.Opts(chain.ChainID), admin.Address, path, deploy.Options{})
	if err != nil || !deployed {
		t.Fatalf("resumed deployment: %v (deployed %v)", err, deployed)
	}
	if m.Contracts[deploy.Registry].Address != reg.Address || m.Contracts[deploy.Registry].TxHash != reg.TxHash {
		t.Fatalf("Registry deployed again: %+v, was %+v", m.Contracts[deploy.Registry], partial.Contracts[deploy.Registry])
	}
	// Every contract once, and the one wiring call.
	if n, err := chain.Client.NonceAt(context.Background(), admin.Address, nil); err != nil || n != uint64(len(deploy.Order)+1) {
		t.Fatalf("the deployer sent %d transactions (%v), want %d", n, err, len(deploy.Order)+1)
	}
	if _, err := os.Stat(path + deploy.PartialSuffix); !os.IsNotExist(err) {
		t.Fatalf("the partial record outlived the deployment: %v", err)
	}
	if got := full.Total; got < m.TotalGas()-m.TotalGas()/10 || got > m.TotalGas()+m.TotalGas()/10 {
		t.Fatalf("estimated %d gas, the deployment used %d", got, m.TotalGas())
	}
	// Checking it again needs no key and sends nothing.
	again, err := deploy.Existing(context.Background(), chain.Client, path)
	if err != nil || again == nil || again.Contracts[deploy.KeyIssuer] != m.Contracts[deploy.KeyIssuer] {
		t.Fatalf("Existing: %v, %v", again, err)
	}
}

// TestManifestsPerChain keeps one manifest per chain id, and moves a legacy manifest.json to its
// chain's place only when that is the chain asked for.
func TestManifestsPerChain(t *testing.T) {
	dir := t.TempDir()
	if got, want := deploy.ManifestPath(dir, 31337), filepath.Join(dir, "manifests", "31337.json"); got != want {
		t.Fatalf("ManifestPath = %s, want %s", got, want)
	}
	m := &deploy.Manifest{ChainID: 31337, Contracts: map[string]deploy.Deployed{}}
	for _, n := range deploy.Order {
		m.Contracts[n] = deploy.Deployed{Address: common.HexToAddress("0x01"), Block: 1}
	}
	legacy := filepath.Join(dir, deploy.LegacyManifest)
	if err := deploy.WriteManifest(legacy, m); err != nil {
		t.Fatal(err)
	}
	p, err := deploy.FindManifest(dir, 1337)
	if err != nil || p != deploy.ManifestPath(dir, 1337) {
		t.Fatalf("FindManifest(1337) = %s, %v", p, err)
	}
	if _, err := os.Stat(legacy); err != nil {
		t.Fatalf("the legacy manifest of another chain was moved: %v", err)
	}
	p, err = deploy.FindManifest(dir, 31337)
	if err != nil || p != deploy.ManifestPath(dir, 31337) {
		t.Fatalf("FindManifest(31337) = %s, %v", p, err)
	}
	if _, err := os.Stat(legacy); !os.IsNotExist(err) {
		t.Fatalf("the legacy manifest was not moved: %v", err)
	}
	if got, err := deploy.ReadManifest(p); err != nil || got.ChainID != 31337 {
		t.Fatalf("moved manifest: %v, %v", got, err)
	}
}

// acceptedThenInterrupted is a node that takes the first contract deployment it is sent and
// then reports the caller's interrupt, as when Ctrl-C lands while the node is answering.
type acceptedThenInterrupted struct {
	*simulated.AutoCommitClient
	cancel context.CancelFunc
	sent   bool
}

func (b *acceptedThenInterrupted) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if b.sent {
		return b.AutoCommitClient.SendTransaction(ctx, tx)
	}
	b.sent = true
	if err := b.AutoCommitClient.SendTransaction(context.Background(), tx); err != nil {
		return err
	}
	b.cancel()
	return ctx.Err()
}

// TestInterruptWhileSendingIsRecorded interrupts a deployment while the node is taking its first
// transaction: the record of the deployment under way already names that transaction, so the
// resumed deployment uses the contract it made instead of deploying it again.
func TestInterruptWhileSendingIsRecorded(t *testing.T) {
	admin := simulated.DevAccount("admin")
	chain := simulated.NewChain([]simulated.Account{admin})
	defer chain.Close()
	path := filepath.Join(t.TempDir(), "manifests", "1337.json")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	node := &acceptedThenInterrupted{AutoCommitClient: chain.Client, cancel: cancel}
	if _, _, err := deploy.EnsureWith(ctx, node, admin.Opts(chain.ChainID), admin.Address, path, deploy.Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted deployment: %v", err)
	}
	partial, err := deploy.ReadPartial(path)
	if err != nil || partial == nil || partial.Contracts[deploy.Registry].TxHash == (common.Hash{}) {
		t.Fatalf("the transaction the node took is not recorded: %+v, %v", partial, err)
	}

	m, deployed, err := deploy.EnsureWith(context.Background(), chain.Client, admin.Opts(chain.ChainID), admin.Address, path, deploy.Options{})
	if err != nil || !deployed {
		t.Fatalf("resumed deployment: %v (deployed %v)", err, deployed)
	}
	if m.Contracts[deploy.Registry].TxHash != partial.Contracts[deploy.Registry].TxHash {
		t.Fatalf("Registry deployed again: %s, the first was %s", m.Contracts[deploy.Registry].TxHash, partial.Contracts[deploy.Registry].TxHash)
	}
	// Every contract once, and the one wiring call.
	if n, err := chain.Client.NonceAt(context.Background(), admin.Address, nil); err != nil || n != uint64(len(deploy.Order)+1) {
		t.Fatalf("the deployer sent %d transactions (%v), want %d", n, err, len(deploy.Order)+1)
	}
}
