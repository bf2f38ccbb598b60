package main

import (
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/contracts"
)

func txCommand() *cli.Command {
	return &cli.Command{
		Name:  "tx",
		Usage: "look up transactions, such as one an interrupted command sent",
		Subcommands: []*cli.Command{{
			Name:      "show",
			Usage:     "say whether a transaction is pending, mined (and whether it succeeded) or unknown to the node",
			ArgsUsage: "HASH",
			Action:    action(txShow),
		}},
	}
}

func txShow(s *session) error {
	if s.c.NArg() != 1 {
		return usageErrorf("want one HASH argument (0x-prefixed, 32 bytes), got %d", s.c.NArg())
	}
	h, err := parseHash32("HASH", s.c.Args().First())
	if err != nil {
		return err
	}
	hash := common.Hash(h)
	rpc, _, err := s.dial()
	if err != nil {
		return err
	}
	tx, isPending, err := rpc.TransactionByHash(s.ctx, hash)
	if errors.Is(err, ethereum.NotFound) {
		return s.out.emit(kv("tx", hash), kv("status", "unknown"),
			kv("meaning", "the node has neither mined nor queued it: it was never received, or was dropped; nothing it would have done happened"))
	}
	if err != nil {
		return fmt.Errorf("look up %s: %w", hash.Hex(), err)
	}
	fields := []field{kv("tx", hash)}
	if to := tx.To(); to != nil {
		fields = append(fields, kv("to", *to))
	}
	if isPending {
		return s.out.emit(append(fields, kv("status", "pending"), kv("meaning", "queued at the node, not mined yet: run this again later"))...)
	}
	rcpt, err := rpc.TransactionReceipt(s.ctx, hash)
	if err != nil {
		return fmt.Errorf("receipt of %s: %w", hash.Hex(), err)
	}
	status := "mined, succeeded"
	if rcpt.Status != types.ReceiptStatusSuccessful {
		status = "mined, reverted"
		if from, err := types.Sender(types.LatestSignerForChainID(tx.ChainId()), tx); err == nil {
			if rerr := contracts.ReplayRevert(s.ctx, rpc, from, tx, rcpt); rerr != nil {
				fields = append(fields, kv("revert", readableReverts(rerr, rerr.Error())))
			}
		}
	}
	return s.out.emit(append(fields, kv("status", status), kv("block", rcpt.BlockNumber.Uint64()), kv("gasUsed", rcpt.GasUsed))...)
}
