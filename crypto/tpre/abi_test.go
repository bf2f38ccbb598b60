package tpre

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// abiContext is Binding.Context computed with go-ethereum's ABI encoder, as
// Solidity's keccak256(abi.encode(...)) computes it.
func abiContext(t testing.TB, bind Binding, member uint8) [32]byte {
	t.Helper()
	mk := func(name string) abi.Type {
		ty, err := abi.NewType(name, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		return ty
	}
	args := abi.Arguments{{Type: mk("string")}, {Type: mk("uint256")}, {Type: mk("address")}, {Type: mk("uint256")}, {Type: mk("uint8")}}
	packed, err := args.Pack("emrchain/pre-fragment/v1", new(big.Int).SetUint64(bind.ChainID), common.Address(bind.Ledger),
		new(big.Int).SetUint64(bind.RequestID), member)
	if err != nil {
		t.Fatal(err)
	}
	return crypto.Keccak256Hash(packed)
}
