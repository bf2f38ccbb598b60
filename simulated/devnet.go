package simulated

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/node"
)

// RPCConfig exposes a simulated chain over JSON-RPC on loopback.
type RPCConfig struct {
	Host string // default 127.0.0.1
	Port int    // 0 picks a free port
	// BlockTime is the longest a block waits: pending transactions are mined within
	// MinePoll, and an empty block is sealed every BlockTime so time moves on.
	BlockTime time.Duration
	MinePoll  time.Duration
	// Journal, when set, is a file of every transaction mined, block by block. A devnet started
	// on an existing journal replays it first, so the chain's state survives a restart.
	Journal string
}

// Devnet is a simulated chain served over HTTP and WebSocket on one port, with a miner that
// seals a block whenever transactions are pending.
type Devnet struct {
	*Chain
	HTTPURL string
	WSURL   string

	// Replayed is how many journaled transactions were replayed at start.
	Replayed int

	cancel  context.CancelFunc
	wg      sync.WaitGroup
	journal *os.File
}

// StartDevnet starts a chain with the given funded accounts and serves it.
func StartDevnet(accounts []Account, cfg RPCConfig) (*Devnet, error) {
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if cfg.BlockTime == 0 {
		cfg.BlockTime = time.Second
	}
	if cfg.MinePoll == 0 {
		cfg.MinePoll = 10 * time.Millisecond
	}
	port := cfg.Port
	if port == 0 {
		p, err := freePort(cfg.Host)
		if err != nil {
			return nil, err
		}
		port = p
	}
	chain := NewChain(accounts, func(nc *node.Config, _ *ethconfig.Config) {
		nc.HTTPHost, nc.HTTPPort = cfg.Host, port
		nc.WSHost, nc.WSPort = cfg.Host, port
		nc.HTTPModules = []string{"eth", "net", "web3"}
		nc.WSModules = nc.HTTPModules
		nc.WSOrigins = []string{"*"}
		nc.HTTPVirtualHosts = []string{"localhost", cfg.Host}
	})
	// Only the miner seals blocks: RPC clients' transactions wait for it like on a real chain.
	chain.Client.SetManual(true)
	ctx, cancel := context.WithCancel(context.Background())
	d := &Devnet{
		Chain:   chain,
		HTTPURL: fmt.Sprintf("http://%s:%d", cfg.Host, port),
		WSURL:   fmt.Sprintf("ws://%s:%d", cfg.Host, port),
		cancel:  cancel,
	}
	if cfg.Journal != "" {
		n, err := d.replay(ctx, cfg.Journal)
		if err != nil {
			cancel()
			chain.Close()
			return nil, err
		}
		d.Replayed = n
		j, err := os.OpenFile(cfg.Journal, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			cancel()
			chain.Close()
			return nil, fmt.Errorf("open devnet journal: %w", err)
		}
		d.journal = j
	}
	d.wg.Add(1)
	go d.mine(ctx, cfg)
	return d, nil
}

func (d *Devnet) mine(ctx context.Context, cfg RPCConfig) {
	defer d.wg.Done()
	poll := time.NewTicker(cfg.MinePoll)
	defer poll.Stop()
	last := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-poll.C:
		}
		pending, err := d.Backend.Client().PendingTransactionCount(ctx)
		if err != nil {
			continue
		}
		if pending > 0 || time.Since(last) >= cfg.BlockTime {
			hash := d.Backend.Commit()
			last = time.Now()
			if pending > 0 && d.journal != nil {
				d.record(ctx, hash)
			}
		}
	}
}

// record appends a mined block's transactions to the journal, one block per line.
func (d *Devnet) record(ctx context.Context, hash common.Hash) {
	block, err := d.Backend.Client().BlockByHash(ctx, hash)
	if err != nil || len(block.Transactions()) == 0 {
		return
	}
	var line []string
	for _, tx := range block.Transactions() {
		raw, err := tx.MarshalBinary()
		if err != nil {
			return
		}
		line = append(line, hexutil.Encode(raw))
	}
	fmt.Fprintln(d.journal, strings.Join(line, " "))
	_ = d.journal.Sync()
}

// replay re-mines the journal's blocks in order. Transactions that depend on the time (a grant
// whose window has since closed) can fail on replay; those are reported and skipped.
func (d *Devnet) replay(ctx context.Context, path string) (int, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("open devnet journal: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	n := 0
	for sc.Scan() {
		for _, h := range strings.Fields(sc.Text()) {
			raw, err := hexutil.Decode(h)
			if err != nil {
				return n, fmt.Errorf("devnet journal %s: %w", path, err)
			}
			var tx types.Transaction
			if err := tx.UnmarshalBinary(raw); err != nil {
				return n, fmt.Errorf("devnet journal %s: %w", path, err)
			}
			if err := d.Backend.Client().SendTransaction(ctx, &tx); err != nil {
				continue
			}
			n++
		}
		d.Backend.Commit()
	}
	return n, sc.Err()
}

// Close stops the miner and the chain.
func (d *Devnet) Close() error {
	d.cancel()
	d.wg.Wait()
	if d.journal != nil {
		d.journal.Close()
	}
	return d.Chain.Close()
}

func freePort(host string) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return 0, fmt.Errorf("find a free port on %s: %w", host, err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
