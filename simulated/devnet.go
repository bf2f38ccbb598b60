package simulated

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

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
	// Dir, when set, keeps the chain's database, so the chain survives a restart, and a kill:
	// every block is on disk once it is mined. Empty keeps the chain in memory.
	Dir string
	// Journal names a transaction journal written by earlier devnets, which kept their chain in
	// memory. When Dir holds no chain yet, the journal's transactions are mined into it once,
	// and the journal is renamed with the suffix ".imported".
	Journal string
}

// ErrPortInUse means the devnet's JSON-RPC port is taken by another program.
var ErrPortInUse = errors.New("port in use")

// Devnet is a simulated chain served over HTTP and WebSocket on one port, with a miner that
// seals a block whenever transactions are pending.
type Devnet struct {
	*Chain
	HTTPURL string
	WSURL   string

	// Resumed is true when the chain was found in Dir and continued from its last block,
	// ResumedAt.
	Resumed   bool
	ResumedAt uint64
	// Imported is how many transactions of a legacy journal were mined at start.
	Imported int

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
	} else if err := checkPort(cfg.Host, port); err != nil {
		// Checked before the chain database is opened, so a taken port costs nothing.
		return nil, err
	}
	chain, err := OpenChain(cfg.Dir, accounts, func(nc *node.Config, _ *ethconfig.Config) {
		nc.HTTPHost, nc.HTTPPort = cfg.Host, port
		nc.WSHost, nc.WSPort = cfg.Host, port
		nc.HTTPModules = []string{"eth", "net", "web3"}
		nc.WSModules = nc.HTTPModules
		nc.WSOrigins = []string{"*"}
		nc.HTTPVirtualHosts = []string{"localhost", cfg.Host}
	})
	if err != nil {
		if isAddrInUse(err) {
			return nil, fmt.Errorf("%s:%d: %w", cfg.Host, port, ErrPortInUse)
		}
		return nil, err
	}
	// Only the miner seals blocks: RPC clients' transactions wait for it like on a real chain.
	chain.Client.SetManual(true)
	ctx, cancel := context.WithCancel(context.Background())
	d := &Devnet{
		Chain:   chain,
		HTTPURL: fmt.Sprintf("http://%s:%d", cfg.Host, port),
		WSURL:   fmt.Sprintf("ws://%s:%d", cfg.Host, port),
		cancel:  cancel,
	}
	d.ResumedAt = chain.Backend.Head()
	d.Resumed = d.ResumedAt > 0
	if cfg.Journal != "" && !d.Resumed {
		n, err := d.importJournal(ctx, cfg.Journal)
		if err != nil {
			cancel()
			chain.Close()
			return nil, err
		}
		d.Imported = n
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

// importJournal re-mines a legacy journal's blocks in order. Transactions that depend on the time
// (a grant whose window has since closed) can fail; those are skipped.
func (d *Devnet) importJournal(ctx context.Context, path string) (int, error) {
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
	if err := sc.Err(); err != nil {
		return n, fmt.Errorf("devnet journal %s: %w", path, err)
	}
	f.Close()
	if err := os.Rename(path, path+".imported"); err != nil {
		return n, fmt.Errorf("devnet journal: %w", err)
	}
	return n, nil
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

// checkPort fails with ErrPortInUse if host:port cannot be listened on.
func checkPort(host string, port int) error {
	l, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		if isAddrInUse(err) {
			return fmt.Errorf("%s:%d: %w", host, port, ErrPortInUse)
		}
		return fmt.Errorf("listen on %s:%d: %w", host, port, err)
	}
	return l.Close()
}

func isAddrInUse(err error) bool {
	return errors.Is(err, syscall.EADDRINUSE) || strings.Contains(err.Error(), "address already in use")
}
