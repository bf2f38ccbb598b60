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
	tx, err := bind.Transact(c, &o, data)
	if err != nil {
		return nil, DecodeCallError(err, data)
	}
	rcpt, err := bind.WaitMined(ctx, backend, tx.Hash())
	if err != nil {
		return nil, fmt.Errorf("wait for %s: %w", tx.Hash(), err)
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

// replayRevert re-runs a failed transaction as a call at its block to recover the revert data,
// which receipts do not carry.
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
