package simulated_test

import (
	"context"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"

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
