package simulated

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

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
}

// Devnet is a simulated chain served over HTTP and WebSocket on one port, with a miner that
// seals a block whenever transactions are pending.
type Devnet struct {
	*Chain
	HTTPURL string
	WSURL   string

	cancel context.CancelFunc
	wg     sync.WaitGroup
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
			d.Backend.Commit()
			last = time.Now()
		}
	}
}

// Close stops the miner and the chain.
func (d *Devnet) Close() error {
	d.cancel()
	d.wg.Wait()
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
