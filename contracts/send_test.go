package contracts_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/emrchain/emrchain/contracts"
)

// A transaction's hash is handed out before the transaction is broadcast, and a wait that is
// cut short names that hash as a PendingError: the transaction may still be mined, and is.
func TestSendNotifyNamesThePendingTransaction(t *testing.T) {
	f := newFlow(t)
	// The backend's own client commits no block by itself, so the transaction stays pending.
	raw := f.chain.Backend.Client()
	var announced common.Hash
	ctx, cancel := context.WithCancel(context.Background())
	pre := make([]byte, 67)
	pre[1], pre[34] = 2, 3
	data := f.set.Registry.ABI.PackEnroll(f.patient.Address, rolePatient, [32]byte{}, sha256.Sum256([]byte("p")), [32]byte{1}, pre)
	done := make(chan error, 1)
	go func() {
		_, err := contracts.SendNotify(ctx, raw, f.admin.Opts(f.chain.ChainID), f.set.Registry.BoundContract, data, func(tx *types.Transaction) {
			announced = tx.Hash()
		})
		done <- err
	}()
	// Wait until the node holds it, as a user waits for the printed hash before pressing Ctrl-C.
	for {
		if n, err := raw.PendingNonceAt(context.Background(), f.admin.Address); err == nil && n > 0 {
			if m, _ := raw.NonceAt(context.Background(), f.admin.Address, nil); n > m {
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	err := <-done
	var pe *contracts.PendingError
	if !errors.As(err, &pe) || !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted wait: %v, want a PendingError wrapping context.Canceled", err)
	}
	if pe.Hash != announced || announced == (common.Hash{}) {
		t.Fatalf("PendingError names %s, the hook was given %s", pe.Hash, announced)
	}
	f.chain.Backend.Commit()
	rcpt, err := raw.TransactionReceipt(context.Background(), pe.Hash)
	if err != nil || rcpt.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("the interrupted transaction was not mined: %v, %v", rcpt, err)
	}
}
