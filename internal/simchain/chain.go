// Package simchain is a chain in process for tests, the demo and the devnet: a go-ethereum node
// sealing blocks on demand, funded development accounts, and a client that mines each transaction
// it sends. It depends on go-ethereum alone, so tests that need only a chain (the oracle's) do not
// pull in the devnet's wiring (package simulated).
package simchain

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

// Account is a funded development account. Its key is derived from a public seed: a test
// fixture, never for real funds.
type Account struct {
	Name    string
	Key     *ecdsa.PrivateKey
	Address common.Address
}

// Opts returns transaction options signing as the account on the given chain.
func (a Account) Opts(chainID *big.Int) *bind.TransactOpts {
	return bind.NewKeyedTransactor(a.Key, chainID)
}

// DevAccount derives the development account with the given name. Deterministic so that demos and
// devnet restarts keep their addresses; the seed is public, so these keys protect nothing.
func DevAccount(name string) Account {
	seed := crypto.Keccak256([]byte("emrchain/dev-account/v1/" + name))
	key, err := crypto.ToECDSA(seed)
	if err != nil {
		panic(fmt.Sprintf("dev account %q: %v", name, err))
	}
	return Account{Name: name, Key: key, Address: crypto.PubkeyToAddress(key.PublicKey)}
}

// Chain is a simulated chain whose client commits a block after every transaction, so code that
// sends and then waits for a receipt works unchanged.
type Chain struct {
	Backend *Backend
	Client  *AutoCommitClient
	ChainID *big.Int
}

// NewChain starts a simulated chain in memory with accounts funded with 1,000,000 ether each.
// Options are the node's (for example to serve JSON-RPC).
func NewChain(accounts []Account, options ...func(*node.Config, *ethconfig.Config)) *Chain {
	c, err := OpenChain("", accounts, options...)
	if err != nil {
		// Only a directory or a listener can fail, and an in-memory chain has neither unless
		// options add one; callers that serve RPC use OpenChain.
		panic(fmt.Sprintf("simulated chain: %v", err))
	}
	return c
}

// OpenChain is NewChain keeping the chain in dir (empty: in memory). A chain already in dir is
// resumed where it stopped; its genesis must be the one accounts give, or the error wraps
// ErrIncompatibleChain.
func OpenChain(dir string, accounts []Account, options ...func(*node.Config, *ethconfig.Config)) (*Chain, error) {
	alloc := types.GenesisAlloc{}
	funds := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether))
	for _, a := range accounts {
		alloc[a.Address] = types.Account{Balance: funds}
	}
	backend, err := NewBackend(BackendConfig{
		Dir: dir, Alloc: alloc,
		Options: append([]func(*node.Config, *ethconfig.Config){liveForkRules}, options...),
	})
	if err != nil {
		return nil, err
	}
	return &Chain{
		Backend: backend,
		Client:  &AutoCommitClient{Client: backend.Client(), backend: backend},
		ChainID: big.NewInt(1337),
	}, nil
}

// Close stops the chain.
func (c *Chain) Close() error { return c.Backend.Close() }

// liveForkRules runs the chain on the fork mainnet runs (Osaka). go-ethereum's dev default also
// switches on the unreleased Bogota fork, whose state-growth repricing makes a new storage slot
// cost several times what it does on any live chain, which would make every gas figure wrong.
func liveForkRules(_ *node.Config, ec *ethconfig.Config) {
	cfg := *params.AllDevChainProtocolChanges
	cfg.BogotaTime = nil
	ec.Genesis.Config = &cfg
}

// AutoCommitClient commits a block after each transaction it sends.
type AutoCommitClient struct {
	simulated.Client
	backend *Backend
	manual  bool
}

// SetManual turns auto-commit off (for tests that batch transactions or fork) or back on.
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
