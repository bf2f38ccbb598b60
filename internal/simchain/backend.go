package simchain

import (
	"errors"
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// Backend is a go-ethereum node sealing blocks on demand (Commit), like go-ethereum's own
// simulated backend, except that it can keep its chain in a directory and resume it: go-ethereum's
// rewinds every chain to genesis when it starts, which is right for a test and wrong for a devnet
// that must survive a restart.
type Backend struct {
	node   *node.Node
	eth    *eth.Ethereum
	beacon *catalyst.SimulatedBeacon
	client *ethclient.Client
	// sealing serialises the beacon's block sealing: SimulatedBeacon keeps its fork-choice state
	// unlocked, and two goroutines sealing at once (an auto-committing client in each of several
	// in-process services) can leave both waiting on the transaction pool forever.
	sealing sync.Mutex
}

// BackendConfig configures NewBackend.
type BackendConfig struct {
	// Dir keeps the chain database; empty keeps it in memory. A chain found there is resumed at
	// its head, provided its genesis is the one Alloc gives.
	Dir string
	// Alloc funds accounts at genesis.
	Alloc types.GenesisAlloc
	// Options adjust the node's and the Ethereum service's configuration (for example to serve
	// JSON-RPC).
	Options []func(*node.Config, *ethconfig.Config)
}

// ErrIncompatibleChain means the chain directory holds a chain other than the one asked for.
var ErrIncompatibleChain = errors.New("the chain in this directory has a different genesis")

// NewBackend starts a node with the simulated beacon as its consensus client.
func NewBackend(cfg BackendConfig) (*Backend, error) {
	nodeConf := node.DefaultConfig
	nodeConf.DataDir = cfg.Dir
	// Fixed, or the database's directory would follow the executable's name.
	nodeConf.Name = "node"
	nodeConf.IPCPath = ""
	nodeConf.P2P = p2p.Config{NoDiscovery: true}

	// Every fork is on from genesis, so the system contracts those forks call must exist there.
	alloc := core.SystemContractAllocs()
	maps.Copy(alloc, cfg.Alloc)

	ethConf := ethconfig.Defaults
	ethConf.Genesis = &core.Genesis{
		Config:   params.AllDevChainProtocolChanges,
		GasLimit: ethconfig.Defaults.Miner.GasCeil,
		Alloc:    alloc,
	}
	ethConf.SyncMode = ethconfig.FullSync
	ethConf.TxPool.NoLocals = true
	ethConf.LogNoHistory = true
	if cfg.Dir != "" {
		// goleveldb hands every write to the kernel before returning; pebble, as go-ethereum
		// configures it, buffers its log in the process, so a kill loses the last blocks.
		nodeConf.DBEngine = "leveldb"
		// Archive mode on the hash scheme writes every block's state to the database as the
		// block is written, so a process killed at any moment restarts at its last block. The
		// path scheme and snapshots keep recent state in memory and would rewind the chain.
		ethConf.NoPruning = true
		ethConf.StateScheme = rawdb.HashScheme
		ethConf.SnapshotCache = 0
		// A devnet's chain is small: go-ethereum's defaults (gigabytes of cache) are for mainnet.
		ethConf.DatabaseCache = 64
		ethConf.DatabaseHandles = 256
		ethConf.TrieCleanCache = 32
		ethConf.TrieDirtyCache = 0
	}
	for _, o := range cfg.Options {
		o(&nodeConf, &ethConf)
	}

	stack, err := node.New(&nodeConf)
	if err != nil {
		return nil, fmt.Errorf("chain node: %w", err)
	}
	b := &Backend{node: stack}
	if err := b.start(&ethConf); err != nil {
		stack.Close()
		return nil, err
	}
	return b, nil
}

func (b *Backend) start(conf *ethconfig.Config) error {
	backend, err := eth.New(b.node, conf)
	if err != nil {
		var mismatch *core.GenesisMismatchError
		if errors.As(err, &mismatch) {
			return fmt.Errorf("%w (%v)", ErrIncompatibleChain, err)
		}
		return fmt.Errorf("chain database: %w", err)
	}
	b.eth = backend
	fs := filters.NewFilterSystem(backend.APIBackend, filters.Config{})
	b.node.RegisterAPIs([]rpc.API{{Namespace: "eth", Service: filters.NewFilterAPI(fs)}})
	if err := b.node.Start(); err != nil {
		return err
	}
	// Period 0: blocks are sealed only by Commit.
	beacon, err := catalyst.NewSimulatedBeacon(0, common.Address{}, backend)
	if err != nil {
		return fmt.Errorf("simulated beacon: %w", err)
	}
	b.beacon = beacon
	if backend.BlockChain().CurrentBlock().Number.Sign() == 0 {
		// A fresh chain: make genesis canonical under the beacon, as go-ethereum's simulated
		// backend does, so the transaction pool starts from it.
		if err := beacon.Fork(backend.BlockChain().Genesis().Hash()); err != nil {
			return fmt.Errorf("simulated beacon: %w", err)
		}
	}
	b.client = ethclient.NewClient(b.node.Attach())
	return nil
}

// Close stops the node, writing the chain out if it is kept in a directory.
func (b *Backend) Close() error {
	if b.client != nil {
		b.client.Close()
		b.client = nil
	}
	var err error
	if b.beacon != nil {
		err = b.beacon.Stop()
		b.beacon = nil
	}
	if b.node != nil {
		err = errors.Join(err, b.node.Close())
		b.node = nil
	}
	return err
}

// Commit seals a block of the pending transactions and returns its hash.
func (b *Backend) Commit() common.Hash {
	b.sealing.Lock()
	defer b.sealing.Unlock()
	return b.beacon.Commit()
}

// Rollback drops the pending transactions.
func (b *Backend) Rollback() {
	b.sealing.Lock()
	defer b.sealing.Unlock()
	b.beacon.Rollback()
}

// Fork makes parentHash the head, so the next Commit builds a side chain from it (reorg tests).
func (b *Backend) Fork(parentHash common.Hash) error {
	b.sealing.Lock()
	defer b.sealing.Unlock()
	return b.beacon.Fork(parentHash)
}

// AdjustTime seals an empty block whose time is moved forward by adjustment.
func (b *Backend) AdjustTime(adjustment time.Duration) error {
	b.sealing.Lock()
	defer b.sealing.Unlock()
	return b.beacon.AdjustTime(adjustment)
}

// Head is the number of the chain's current block.
func (b *Backend) Head() uint64 { return b.eth.BlockChain().CurrentBlock().Number.Uint64() }

// Client returns a client of the chain, in process.
func (b *Backend) Client() simulated.Client { return b.client }
