// Command watch-receipts is the smallest integration: it uses the generated bindings directly
// and bind.WatchEvents to print every access fulfilment (seed 000's receipt) on one patient's
// records as it happens. Run it against `emrchain devnet`:
//
//	go run ./examples/watch-receipts --ws ws://127.0.0.1:8545 --manifest ~/.emrchain/manifests/1337.json --patient 0x...
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/deploy"
)

func main() {
	ws := flag.String("ws", "ws://127.0.0.1:8545", "WebSocket JSON-RPC URL")
	manifest := flag.String("manifest", "", "deployment manifest (emrchain deploy / devnet write it)")
	patient := flag.String("patient", "", "patient address to watch (empty: every patient)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *ws, *manifest, *patient); err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, url, manifestPath, patient string) error {
	m, err := deploy.ReadManifest(manifestPath)
	if err != nil {
		return err
	}
	client, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return fmt.Errorf("dial %s: %w", url, err)
	}
	defer client.Close()

	ledger := bindings.NewAccessLedger()
	instance := ledger.Instance(client, m.Addresses().Access)
	// AccessFulfilled(accessId indexed, requestId indexed, patient indexed, ...): the third topic
	// is the patient, so the node filters for us.
	var patientTopic []any
	if patient != "" {
		if !common.IsHexAddress(patient) {
			return fmt.Errorf("--patient %q is not an address", patient)
		}
		patientTopic = []any{common.HexToAddress(patient)}
	}
	sink := make(chan *bindings.AccessLedgerAccessFulfilled)
	sub, err := bind.WatchEvents(instance, &bind.WatchOpts{Context: ctx}, ledger.UnpackAccessFulfilledEvent, sink, nil, nil, patientTopic)
	if err != nil {
		return fmt.Errorf("watch AccessFulfilled: %w", err)
	}
	defer sub.Unsubscribe()
	fmt.Fprintf(os.Stderr, "watching access receipts on %s\n", m.Addresses().Access)
	for {
		select {
		case ev := <-sink:
			fmt.Printf("block %d: access %d (request %d) to %s's record fulfilled for %s by committee members %s\n",
				ev.Raw.BlockNumber, ev.AccessId, ev.RequestId, ev.Patient, ev.Requester, members(ev.CommitMask))
		case err := <-sub.Err():
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// members lists the committee members a commit mask names (bit i − 1 for member i), as "1,3".
func members(mask uint16) string {
	var out []string
	for i := 1; i <= 16; i++ {
		if mask&(1<<(i-1)) != 0 {
			out = append(out, strconv.Itoa(i))
		}
	}
	return strings.Join(out, ",")
}
