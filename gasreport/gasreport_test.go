package gasreport_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/gasreport"
	"github.com/emrchain/emrchain/simulated"
)

func TestMeasureSeedRows(t *testing.T) {
	ctx := context.Background()
	admin, patient := simulated.DevAccount("gas/admin"), simulated.DevAccount("gas/patient")
	chain := simulated.NewChain([]simulated.Account{admin, patient})
	defer chain.Close()
	m, err := deploy.Deploy(ctx, chain.Client, admin.Opts(chain.ChainID), admin.Address)
	if err != nil {
		t.Fatal(err)
	}
	env := &client.Env{Backend: chain.Client, Set: contracts.Bind(chain.Client, m.Addresses()), ChainID: chain.ChainID}
	var reqs []common.Address
	for i := 0; i < 21; i++ {
		reqs = append(reqs, simulated.DevAccount("gas/requester/"+string(rune('a'+i))).Address)
	}
	rep, err := gasreport.Measure(ctx, env, chain.Client, m, &client.Identity{Name: "patient", Key: patient.Key}, reqs, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	byOp := map[string]gasreport.Row{}
	for _, r := range rep.Rows {
		byOp[r.Operation] = r
	}
	one := byOp["addRequester (one)"]
	batch := byOp["addRequesters (batch of 20)"]
	entries := byOp["addEntries (batch of 20 index entries)"]
	// Receipt gas includes the 21,000 intrinsic gas, so a real transaction is always above it,
	// and a batch of 20 costs less than 20 single transactions.
	if one.Gas <= 21_000 || batch.Gas <= one.Gas || batch.Gas >= 20*one.Gas || entries.PerItem == 0 {
		t.Fatalf("implausible gas: one %d, batch %d, entries/item %d", one.Gas, batch.Gas, entries.PerItem)
	}
	if byOp[fmt.Sprintf("deploy all %d contracts", len(deploy.Order))].Gas != m.TotalGas() {
		t.Fatal("deploy total differs from the manifest")
	}
	// Every transaction's calldata is counted; the design row sent none.
	for _, r := range rep.Rows {
		if (r.Design == "") != (r.Calldata > 0) || r.ZeroBytes > r.Calldata {
			t.Errorf("row %q: design %q, calldata %d with %d zero bytes", r.Operation, r.Design, r.Calldata, r.ZeroBytes)
		}
	}
	var buf bytes.Buffer
	if err := rep.Write(&buf, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "| addRequester (one) |") || !strings.Contains(buf.String(), "47,869") ||
		!strings.Contains(buf.String(), "design fact, not a measurement") {
		t.Fatalf("markdown table lacks rows:\n%s", buf.String())
	}
	t.Logf("\n%s", buf.String())
}
