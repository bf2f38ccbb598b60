package anvil_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/emrchain/emrchain/internal/anvil"
)

func TestStartServesJSONRPCAndStops(t *testing.T) {
	root, _ := filepath.Abs("../..")
	bin, err := anvil.Find(root)
	if err != nil {
		if os.Getenv("EMRCHAIN_REQUIRE_TOOLCHAIN") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	ctx := context.Background()
	n, err := anvil.Start(ctx, bin, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ethclient.DialContext(ctx, n.WS())
	if err != nil {
		t.Fatal(err)
	}
	id, err := c.ChainID(ctx)
	c.Close()
	if err != nil || id.Uint64() != 31337 {
		t.Fatalf("chain id %v, %v; want anvil's 31337", id, err)
	}
	n.Stop()
	// Dialling HTTP never connects; the call is what reaches the node.
	c2, err := ethclient.DialContext(ctx, n.HTTP())
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if _, err := c2.ChainID(ctx); err == nil {
		t.Fatal("anvil still answers after Stop")
	}
}
