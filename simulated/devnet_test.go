package simulated_test

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"

	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/simulated"
)

// TestDevnetServesRPC deploys over HTTP and reads the deployment back over WebSocket: the
// miner must seal the RPC client's transactions without help.
func TestDevnetServesRPC(t *testing.T) {
	admin := simulated.DevAccount("admin")
	d, err := simulated.StartDevnet([]simulated.Account{admin}, simulated.RPCConfig{BlockTime: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	httpc, err := ethclient.DialContext(ctx, d.HTTPURL)
	if err != nil {
		t.Fatal(err)
	}
	defer httpc.Close()
	m, err := deploy.Deploy(ctx, httpc, admin.Opts(d.ChainID), admin.Address)
	if err != nil {
		t.Fatalf("deploy over HTTP: %v", err)
	}
	wsc, err := ethclient.DialContext(ctx, d.WSURL)
	if err != nil {
		t.Fatal(err)
	}
	defer wsc.Close()
	if err := deploy.Verify(ctx, wsc, m); err != nil {
		t.Fatalf("verify over WS: %v", err)
	}
	// Empty blocks keep coming, so time advances for grant expiry.
	h1, _ := wsc.BlockNumber(ctx)
	time.Sleep(600 * time.Millisecond)
	h2, _ := wsc.BlockNumber(ctx)
	if h2 <= h1 {
		t.Fatalf("no empty blocks: head %d then %d", h1, h2)
	}
}

// deployOver deploys over the devnet's HTTP endpoint, as an RPC client would.
func deployOver(t *testing.T, ctx context.Context, d *simulated.Devnet) *deploy.Manifest {
	t.Helper()
	admin := simulated.DevAccount("admin")
	c, err := ethclient.DialContext(ctx, d.HTTPURL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	m, err := deploy.Deploy(ctx, c, admin.Opts(d.ChainID), admin.Address)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// verifyOver checks over HTTP that the devnet still holds m's contracts.
func verifyOver(t *testing.T, ctx context.Context, d *simulated.Devnet, m *deploy.Manifest) {
	t.Helper()
	c, err := ethclient.DialContext(ctx, d.HTTPURL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := deploy.Verify(ctx, c, m); err != nil {
		t.Fatalf("after restart: %v", err)
	}
}

func TestDevnetResumesAfterStop(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	accounts := []simulated.Account{simulated.DevAccount("admin")}
	d, err := simulated.StartDevnet(accounts, simulated.RPCConfig{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if d.Resumed {
		t.Fatal("a new directory resumed a chain")
	}
	m := deployOver(t, ctx, d)
	head := d.Backend.Head()
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d, err = simulated.StartDevnet(accounts, simulated.RPCConfig{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if !d.Resumed || d.ResumedAt < head {
		t.Fatalf("resumed=%v at %d, want at ≥ %d", d.Resumed, d.ResumedAt, head)
	}
	verifyOver(t, ctx, d, m)
	// The resumed chain still mines.
	m2 := deployOver(t, ctx, d)
	verifyOver(t, ctx, d, m2)
}

// TestDevnetResumesAfterKill deploys on a devnet in a child process, kills it with SIGKILL as
// soon as the deployment's last receipt is in, and resumes the chain: nothing mined is lost.
func TestDevnetResumesAfterKill(t *testing.T) {
	accounts := []simulated.Account{simulated.DevAccount("admin")}
	if dir := os.Getenv("DEVNET_KILL_CHILD"); dir != "" {
		d, err := simulated.StartDevnet(accounts, simulated.RPCConfig{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		m := deployOver(t, context.Background(), d)
		if err := json.NewEncoder(os.Stdout).Encode(m); err != nil {
			t.Fatal(err)
		}
		select {}
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestDevnetResumesAfterKill$")
	cmd.Env = append(os.Environ(), "DEVNET_KILL_CHILD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var m deploy.Manifest
	decodeErr := json.NewDecoder(out).Decode(&m)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if decodeErr != nil {
		t.Fatalf("child's manifest: %v", decodeErr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	d, err := simulated.StartDevnet(accounts, simulated.RPCConfig{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if !d.Resumed {
		t.Fatal("the killed devnet's chain was not resumed")
	}
	verifyOver(t, ctx, d, &m)
}

func TestDevnetRefusesBusyPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	_, err = simulated.StartDevnet(nil, simulated.RPCConfig{Port: port, Dir: t.TempDir()})
	if !errors.Is(err, simulated.ErrPortInUse) || !strings.Contains(err.Error(), strconv.Itoa(port)) {
		t.Fatalf("StartDevnet on a busy port: %v, want ErrPortInUse naming %d", err, port)
	}
}

func TestDevnetRefusesAnotherGenesis(t *testing.T) {
	dir := t.TempDir()
	d, err := simulated.StartDevnet([]simulated.Account{simulated.DevAccount("admin")}, simulated.RPCConfig{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	d.Backend.Commit()
	d.Close()
	_, err = simulated.StartDevnet([]simulated.Account{simulated.DevAccount("someone else")}, simulated.RPCConfig{Dir: dir})
	if !errors.Is(err, simulated.ErrIncompatibleChain) {
		t.Fatalf("another genesis on a kept chain: %v, want ErrIncompatibleChain", err)
	}
}

// TestDevnetImportsLegacyJournal starts a kept chain on a journal written by earlier devnets,
// which kept their chain in memory: its transactions are mined once, then the journal is set
// aside so the next start resumes the database instead.
func TestDevnetImportsLegacyJournal(t *testing.T) {
	admin := simulated.DevAccount("admin")
	to := simulated.DevAccount("patient").Address
	signer := types.LatestSignerForChainID(big.NewInt(1337))
	var line []string
	for nonce := uint64(0); nonce < 2; nonce++ {
		tx := types.MustSignNewTx(admin.Key, signer, &types.DynamicFeeTx{
			ChainID: big.NewInt(1337), Nonce: nonce, GasTipCap: big.NewInt(params.GWei), GasFeeCap: big.NewInt(params.GWei * 10),
			Gas: 21_000, To: &to, Value: big.NewInt(1000),
		})
		raw, err := tx.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		line = append(line, hexutil.Encode(raw))
	}
	dir := t.TempDir()
	journal := filepath.Join(dir, "chain.journal")
	if err := os.WriteFile(journal, []byte(strings.Join(line, " ")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := simulated.RPCConfig{Dir: filepath.Join(dir, "chain"), Journal: journal}
	d, err := simulated.StartDevnet([]simulated.Account{admin}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if d.Imported != 2 {
		t.Fatalf("imported %d transactions, want 2", d.Imported)
	}
	bal, err := d.Client.BalanceAt(context.Background(), to, nil)
	if err != nil || bal.Int64() != 2000 {
		t.Fatalf("balance after import: %v %v, want 2000", bal, err)
	}
	d.Close()
	if _, err := os.Stat(journal + ".imported"); err != nil {
		t.Fatalf("journal not set aside: %v", err)
	}
	d, err = simulated.StartDevnet([]simulated.Account{admin}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if !d.Resumed || d.Imported != 0 {
		t.Fatalf("second start: resumed=%v imported=%d, want a resumed chain and no import", d.Resumed, d.Imported)
	}
}
