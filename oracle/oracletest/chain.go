package oracletest

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
)

// The world's chain is go-ethereum's simulated backend itself, so the oracle's tests do not
// depend on the devnet wiring (package simulated), which pulls in the indexer and the CLI's
// world.

// Account is a funded test account. Its key is derived from a public seed: a test fixture,
// never for real funds.
type Account struct {
	Name    string
	Key     *ecdsa.PrivateKey
	Address common.Address
}

// Opts returns transaction options signing as the account on the given chain.
func (a Account) Opts(chainID *big.Int) *bind.TransactOpts {
	return bind.NewKeyedTransactor(a.Key, chainID)
}

// DevAccount derives the test account with the given name, as the devnet derives its accounts.
func DevAccount(name string) Account {
	seed := crypto.Keccak256([]byte("emrchain/dev-account/v1/" + name))
	key, err := crypto.ToECDSA(seed)
	if err != nil {
		panic(fmt.Sprintf("dev account %q: %v", name, err))
	}
	return Account{Name: name, Key: key, Address: crypto.PubkeyToAddress(key.PublicKey)}
}

// Chain is a simulated chain in memory; its client commits a block after every transaction until
// SetManual(true).
type Chain struct {
	Backend *simulated.Backend
	Client  *AutoCommitClient
	ChainID *big.Int
}

// NewChain starts a simulated chain with accounts funded with 1,000,000 ether each. Options are
// the node's (for example to serve JSON-RPC).
func NewChain(accounts []Account, options ...func(*node.Config, *ethconfig.Config)) *Chain {
	alloc := types.GenesisAlloc{}
	funds := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether))
	for _, a := range accounts {
		alloc[a.Address] = types.Account{Balance: funds}
	}
	b := simulated.NewBackend(alloc, append([]func(*node.Config, *ethconfig.Config){liveForkRules}, options...)...)
	return &Chain{Backend: b, Client: &AutoCommitClient{Client: b.Client(), backend: b}, ChainID: big.NewInt(1337)}
}

// Close stops the chain.
func (c *Chain) Close() error { return c.Backend.Close() }

// liveForkRules runs the chain on the fork mainnet runs, as the devnet does: go-ethereum's dev
// default also switches on the unreleased Bogota fork, whose repricing would skew every gas figure.
func liveForkRules(_ *node.Config, ec *ethconfig.Config) {
	cfg := *params.AllDevChainProtocolChanges
	cfg.BogotaTime = nil
	ec.Genesis.Config = &cfg
}

// AutoCommitClient commits a block after each transaction it sends, unless manual.
type AutoCommitClient struct {
	simulated.Client
	backend *simulated.Backend
	manual  bool
}

// SetManual turns auto-commit off (the world then mines on a clock) or back on.
func (c *AutoCommitClient) SetManual(manual bool) { c.manual = manual }

// SendTransaction sends tx and, unless in manual mode, mines it at once.
func (c *AutoCommitClient) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := c.Client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	if !c.manual {
		c.backend.Commit()
	}
	return nil
}
