package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"

	"github.com/emrchain/emrchain/deploy"
)

// gitStatus is the repository's `git status --porcelain`, untracked files included.
func gitStatus(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("git", "status", "--porcelain", "--untracked-files=all")
	cmd.Dir = root(t)
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("git status: %v", err)
	}
	return string(out)
}

// TestDeployAsATestnetUserWould deploys to anvil producing a block a second, as a team deploying
// to a public testnet would: the cost estimated without a key, a Foundry keystore (refused
// until it is private), a fresh key refused for want of funds with the amount it needs, a
// deployment at a given gas price, chain id and depth, a deploy interrupted and resumed without
// sending anything twice, a standard keystore file, verification without a key, the forge script
// writing nothing into the source tree, and a devnet on the same data directory leaving the
// anvil deployment's manifest alone.
func TestDeployAsATestnetUserWould(t *testing.T) {
	if testing.Short() {
		t.Skip("starts anvil and builds the CLI")
	}
	dir := t.TempDir()
	bin := buildCLI(t, dir)
	rpc := "http://" + startAnvil(t, dir, "--block-time", "1")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	ec, err := ethclient.DialContext(ctx, rpc)
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()
	funder, err := crypto.HexToECDSA(anvilKey0)
	if err != nil {
		t.Fatal(err)
	}

	home := filepath.Join(dir, "home")
	dataDir := filepath.Join(home, ".emrchain")
	pwFile := filepath.Join(dir, "password")
	if err := os.WriteFile(pwFile, []byte("a deployment passphrase"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"HOME=" + home, "EMRCHAIN_DATA_DIR=", "EMRCHAIN_RPC_URL=" + rpc, "EMRCHAIN_PASSWORD_FILE=" + pwFile,
		"EMRCHAIN_PASSWORD=", "EMRCHAIN_MANIFEST=", "EMRCHAIN_JSON="}
	manifest := deploy.ManifestPath(dataDir, 31337)

	// The cost, before any key exists.
	est := cliJSON(t, bin, env, "deploy", "--estimate", "--gas-price", "2gwei")
	total, _ := est["totalGas"].(float64)
	if total < 1_000_000 || est["gasPriceWei"] != "2000000000" {
		t.Fatalf("estimate: %v", est)
	}
	wantCost := new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(2*params.GWei))
	if est["costWei"] != wantCost.String() {
		t.Fatalf("estimate cost %v, want %s", est["costWei"], wantCost)
	}

	// A Foundry keystore, as `cast wallet import` writes it (readable by all).
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	deployer := crypto.PubkeyToAddress(key.PublicKey)
	castBin := filepath.Join(root(t), "node_modules", ".bin", "cast")
	imp := exec.Command(castBin, "wallet", "import", "deployer", "--private-key", fmt.Sprintf("0x%x", crypto.FromECDSA(key)),
		"--unsafe-password", "a deployment passphrase")
	imp.Env = append(os.Environ(), "HOME="+home)
	if out, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("cast wallet import: %v\n%s", err, out)
	}
	foundryKey := filepath.Join(home, ".foundry", "keystores", "deployer")
	if err := os.Chmod(foundryKey, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(bin, env, "deploy", "--account", "deployer")
	if code != 1 || !strings.Contains(stderr, "chmod 600 "+foundryKey) {
		t.Fatalf("a keystore open to others: exit %d, %s", code, stderr)
	}
	if err := os.Chmod(foundryKey, 0o600); err != nil {
		t.Fatal(err)
	}

	// Unfunded: refused before anything is sent, saying how much it needs.
	code, _, stderr = runCLI(bin, env, "deploy", "--account", "deployer", "--gas-price", "2gwei")
	if code != 1 || !strings.Contains(stderr, deployer.Hex()+" has 0 ETH on chain 31337") || !strings.Contains(stderr, "fund") ||
		!strings.Contains(stderr, "at 2 gwei") {
		t.Fatalf("unfunded deployer: exit %d, %s", code, stderr)
	}
	if n, _ := ec.NonceAt(ctx, deployer, nil); n != 0 {
		t.Fatalf("the refused deploy sent %d transactions", n)
	}

	// Funded: interrupted after its first transaction, then resumed.
	fund(t, ctx, ec, funder, deployer)
	partialRun := exec.Command(bin, "deploy", "--account", "deployer", "--gas-price", "2gwei", "--confirmations", "2", "--chain-id", "31337")
	partialRun.Env = append(os.Environ(), env...)
	stderrPipe, err := partialRun.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := partialRun.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderrPipe)
	var seen []string
	for sc.Scan() {
		seen = append(seen, sc.Text())
		if strings.Contains(sc.Text(), "contract=RecordRegistry") {
			break
		}
	}
	if err := partialRun.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
		seen = append(seen, sc.Text())
	}
	_ = partialRun.Wait()
	if partialRun.ProcessState.Success() || !strings.Contains(strings.Join(seen, "\n"), "resumes it") {
		t.Fatalf("interrupted deploy: %v\n%s", partialRun.ProcessState, strings.Join(seen, "\n"))
	}
	if _, err := os.Stat(manifest + deploy.PartialSuffix); err != nil {
		t.Fatalf("no record of the deployment under way: %v", err)
	}
	got := cliJSON(t, bin, env, "deploy", "--account", "deployer", "--gas-price", "2gwei", "--confirmations", "2", "--chain-id", "31337")
	if got["deployed"] != true {
		t.Fatalf("resumed deploy: %v", got)
	}
	if n, _ := ec.NonceAt(ctx, deployer, nil); n != uint64(len(deploy.Order)+1) {
		t.Fatalf("the deployer sent %d transactions for %d contracts and the Guardians wiring", n, len(deploy.Order))
	}
	m, err := deploy.ReadManifest(manifest)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range deploy.Order {
		r, err := ec.TransactionReceipt(ctx, m.Contracts[name].TxHash)
		if err != nil {
			t.Fatal(err)
		}
		if r.EffectiveGasPrice.Cmp(big.NewInt(2*params.GWei)) > 0 {
			t.Errorf("%s paid %s per gas, above --gas-price 2gwei", name, r.EffectiveGasPrice)
		}
	}
	if _, err := os.Stat(manifest + deploy.PartialSuffix); !os.IsNotExist(err) {
		t.Fatalf("the partial record outlived the deployment: %v", err)
	}

	// The deployer, who administers the Registry, becomes an identity the CLI acts as.
	adminID := cliJSON(t, bin, env, "keys", "new", "--dir", filepath.Join(dataDir, "admin"), "--name", "admin", "--light", "--import-account", "deployer")
	if adminID["address"] != deployer.Hex() || m.Admin != deployer {
		t.Fatalf("keys new --import-account: %v (admin %s)", adminID, m.Admin)
	}

	// Verification needs no key; a wrong chain id is refused.
	if v := cliJSON(t, bin, env, "deploy"); v["deployed"] != false {
		t.Fatalf("deploy without a key: %v", v)
	}
	code, _, stderr = runCLI(bin, env, "deploy", "--chain-id", "11155111")
	if code != 1 || !strings.Contains(stderr, "is chain 31337, not chain 11155111") {
		t.Fatalf("wrong chain id: exit %d, %s", code, stderr)
	}

	// A standard keystore file (as geth writes it) deploys a second, separate deployment.
	key2, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	// geth's own keystore writes the file (UTC--<time>--<address>, mode 0600).
	acct, err := keystore.NewKeyStore(filepath.Join(dir, "geth-keystore"), keystore.LightScryptN, keystore.LightScryptP).
		ImportECDSA(key2, "a deployment passphrase")
	if err != nil {
		t.Fatal(err)
	}
	ksFile := acct.URL.Path
	fund(t, ctx, ec, funder, crypto.PubkeyToAddress(key2.PublicKey))
	second := filepath.Join(dir, "second.json")
	if d := cliJSON(t, bin, env, "deploy", "--keystore", ksFile, "--manifest", second, "--confirmations", "0"); d["deployed"] != true ||
		d["deployer"] != crypto.PubkeyToAddress(key2.PublicKey).Hex() {
		t.Fatalf("deploy with a keystore file: %v", d)
	}

	// forge script: nothing new in the source tree; its manifest verifies without a key.
	before := gitStatus(t)
	// Bounded: a forge that waits for a transaction that never comes must fail the test, not hang it.
	forgeCtx, cancelForge := context.WithTimeout(ctx, 5*time.Minute)
	defer cancelForge()
	forge := exec.CommandContext(forgeCtx, filepath.Join(root(t), "node_modules", ".bin", "forge"), "script", "solidity/script/Deploy.s.sol",
		"--rpc-url", rpc, "--broadcast", "--slow", "--private-key", "0x"+anvilKey0)
	forge.Dir = root(t)
	if out, err := forge.CombinedOutput(); err != nil {
		t.Fatalf("forge script: %v\n%s", err, out)
	}
	if after := gitStatus(t); after != before {
		t.Fatalf("forge script changed the source tree:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	forgeManifest := filepath.Join(root(t), "out", "manifests", "31337.json")
	t.Cleanup(func() { os.Remove(forgeManifest) })
	if v := cliJSON(t, bin, env, "deploy", "--manifest", forgeManifest); v["deployed"] != false {
		t.Fatalf("verify the forge deployment: %v", v)
	}

	// A devnet on the same data directory keeps its own manifest.
	anvilManifest, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	d := startDevnet(t, bin, dataDir, freeTCPPort(t))
	if d.out["manifest"] != deploy.ManifestPath(dataDir, 1337) {
		t.Fatalf("devnet manifest at %v", d.out["manifest"])
	}
	d.stop(t, syscall.SIGINT)
	if again, err := os.ReadFile(manifest); err != nil || string(again) != string(anvilManifest) {
		t.Fatalf("the devnet changed the anvil deployment's manifest (%v)", err)
	}
	if v := cliJSON(t, bin, env, "deploy"); v["deployed"] != false {
		t.Fatalf("verify after the devnet ran: %v", v)
	}
	var probe map[string]any
	if b, err := os.ReadFile(deploy.ManifestPath(dataDir, 1337)); err != nil || json.Unmarshal(b, &probe) != nil {
		t.Fatalf("devnet manifest: %v", err)
	}
}
