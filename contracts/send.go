package contracts

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Backend is what sending a transaction and waiting for it needs.
type Backend interface {
	bind.ContractBackend
	bind.DeployBackend
}

// Send packs nothing itself: it sends calldata to c as opts.From, waits until the transaction is
// mined and returns its receipt. A transaction the chain refuses, at estimation or on chain, comes
// back as an error wrapping ErrReverted, decoded to the contract's custom error where possible.
func Send(ctx context.Context, backend Backend, opts *bind.TransactOpts, c *bind.BoundContract, data []byte) (*types.Receipt, error) {
	return SendNotify(ctx, backend, opts, c, data, nil)
}

// PendingError means a transaction was sent but Send stopped waiting before seeing it mined
// (the context ended, the node went away): it may still be mined. Callers that were
// interrupted say so and name Hash, so the user can check rather than send it again.
type PendingError struct {
	Hash common.Hash
	Err  error
}

func (e *PendingError) Error() string {
	return fmt.Sprintf("transaction %s was sent but not seen mined: %v", e.Hash.Hex(), e.Err)
}

func (e *PendingError) Unwrap() error { return e.Err }

// SendNotify is Send that calls sending, if set, with the signed transaction just before it is
// broadcast, so a caller can record its hash durably and print it before anything can be mined.
// From then on an error that leaves the outcome open (the context ended while broadcasting or
// waiting, the node went away) is a *PendingError: the transaction may still be mined.
func SendNotify(ctx context.Context, backend Backend, opts *bind.TransactOpts, c *bind.BoundContract, data []byte, sending func(*types.Transaction)) (*types.Receipt, error) {
	o := *opts
	o.Context = ctx
	if o.GasLimit == 0 {
		to := c.Address()
		est, err := backend.EstimateGas(ctx, ethereum.CallMsg{From: o.From, To: &to, Value: o.Value, Data: data})
		if err != nil {
			return nil, DecodeCallError(err, data)
		}
		o.GasLimit = WithGasMargin(est)
	}
	// Sign without sending, so the hash is known before the node can have seen the transaction.
	o.NoSend = true
	tx, err := bind.Transact(c, &o, data)
	if err != nil {
		return nil, DecodeCallError(err, data)
	}
	if sending != nil {
		sending(tx)
	}
	if err := backend.SendTransaction(ctx, tx); err != nil {
		if ctx.Err() != nil {
			// The request may have reached the node before it was cut off.
			return nil, &PendingError{Hash: tx.Hash(), Err: ctx.Err()}
		}
		return nil, DecodeError(err)
	}
	rcpt, err := bind.WaitMined(ctx, backend, tx.Hash())
	if err != nil {
		return nil, &PendingError{Hash: tx.Hash(), Err: err}
	}
	if rcpt.Status != types.ReceiptStatusSuccessful {
		return rcpt, fmt.Errorf("transaction %s: %w", tx.Hash(), replayRevert(ctx, backend, opts.From, tx, rcpt))
	}
	return rcpt, nil
}

// WithGasMargin pads a gas estimate. Estimates run against the pending block, and a storage
// write's cost depends on whether it changes the slot: a timestamp that equals the stored one in
// the pending block but not in the block that includes the transaction costs 2,800 gas more.
func WithGasMargin(estimate uint64) uint64 { return estimate + estimate/5 + 10_000 }

// ReplayRevert re-runs a failed transaction as a call at its block to recover the revert data,
// which receipts do not carry.
func ReplayRevert(ctx context.Context, backend Backend, from common.Address, tx *types.Transaction, rcpt *types.Receipt) error {
	return replayRevert(ctx, backend, from, tx, rcpt)
}

func replayRevert(ctx context.Context, backend Backend, from common.Address, tx *types.Transaction, rcpt *types.Receipt) error {
	msg := ethereum.CallMsg{From: from, To: tx.To(), Gas: tx.Gas(), Value: tx.Value(), Data: tx.Data()}
	if _, err := backend.CallContract(ctx, msg, rcpt.BlockNumber); err != nil {
		if de := DecodeCallError(err, tx.Data()); de != err {
			return de
		}
		return fmt.Errorf("%w: %v", ErrReverted, err)
	}
	return ErrReverted
}
