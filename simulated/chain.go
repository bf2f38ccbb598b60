// Package simulated builds emrchain systems on go-ethereum's simulated backend, for tests, the
// demo and the devnet.
package simulated

import (
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/node"

	"github.com/emrchain/emrchain/internal/simchain"
)

// The chain itself is package simchain's, which the oracle's tests use without the devnet's
// wiring; these names keep it where the devnet's users look for it.

type (
	// Account is a funded development account (simchain.Account).
	Account = simchain.Account
	// Chain is a simulated chain that mines each transaction (simchain.Chain).
	Chain = simchain.Chain
	// AutoCommitClient commits a block after each transaction it sends (simchain.AutoCommitClient).
	AutoCommitClient = simchain.AutoCommitClient
	// Backend is a go-ethereum node sealing blocks on demand (simchain.Backend).
	Backend = simchain.Backend
	// BackendConfig configures NewBackend (simchain.BackendConfig).
	BackendConfig = simchain.BackendConfig
)

// ErrIncompatibleChain means the chain directory holds a chain other than the one asked for.
var ErrIncompatibleChain = simchain.ErrIncompatibleChain

// DevAccount derives the development account with the given name (simchain.DevAccount).
func DevAccount(name string) Account { return simchain.DevAccount(name) }

// NewChain starts a simulated chain in memory (simchain.NewChain).
func NewChain(accounts []Account, options ...func(*node.Config, *ethconfig.Config)) *Chain {
	return simchain.NewChain(accounts, options...)
}

// OpenChain is NewChain keeping the chain in dir (simchain.OpenChain).
func OpenChain(dir string, accounts []Account, options ...func(*node.Config, *ethconfig.Config)) (*Chain, error) {
	return simchain.OpenChain(dir, accounts, options...)
}

// NewBackend starts a node with the simulated beacon as its consensus client (simchain.NewBackend).
func NewBackend(cfg BackendConfig) (*Backend, error) { return simchain.NewBackend(cfg) }
