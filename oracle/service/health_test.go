package service_test

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
)

// flakyNode is the world's node with a switch that makes the log follower's calls fail, as an
// RPC endpoint that went away would.
type flakyNode struct {
	service.Client
	down atomic.Bool
}

var errNodeDown = errors.New(`Post "http://127.0.0.1:8545": dial tcp 127.0.0.1:8545: connect: connection refused`)

func (n *flakyNode) HeaderByNumber(ctx context.Context, num *big.Int) (*types.Header, error) {
	if n.down.Load() {
		return nil, errNodeDown
	}
	return n.Client.HeaderByNumber(ctx, num)
}

func (n *flakyNode) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	if n.down.Load() {
		return nil, errNodeDown
	}
	return n.Client.FilterLogs(ctx, q)
}

// While its node is unreachable the oracle's health says so (and without the node's address),
// and it recovers once the node is back.
func TestHealthWhileNodeIsDown(t *testing.T) {
	w := newWorld(t, oracletest.Options{Parties: []string{"patient", "provider", "requester"}})
	node := &flakyNode{Client: w.Client.(service.Client)}
	o := startOracle(t, w, "", func(c *service.Config) { c.PollInterval = 20 * time.Millisecond }, service.WithClient(node))
	waitFor(t, "healthy", func() bool { return o.Health() == nil })
	node.down.Store(true)
	waitFor(t, "the outage in the health", func() bool {
		err := o.Health()
		return err != nil && strings.Contains(err.Error(), "unreachable")
	})
	if err := o.Health(); strings.Contains(err.Error(), "127.0.0.1") {
		t.Fatalf("health leaks the node's address: %v", err)
	}
	node.down.Store(false)
	waitFor(t, "healthy again", func() bool { return o.Health() == nil })
}

// resetNode answers the log follower from another chain once reset: a node restarted with a new
// genesis, as a development chain is.
type resetNode struct {
	service.Client
	other service.Client
	reset atomic.Bool
}

func (n *resetNode) follower() service.Client {
	if n.reset.Load() {
		return n.other
	}
	return n.Client
}

func (n *resetNode) HeaderByNumber(ctx context.Context, num *big.Int) (*types.Header, error) {
	return n.follower().HeaderByNumber(ctx, num)
}

func (n *resetNode) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	return n.follower().FilterLogs(ctx, q)
}

// A chain reset under a running oracle stops it (Done, and Stop says why) instead of leaving it
// waiting for ever on a node "behind" its state.
func TestChainResetStopsTheOracle(t *testing.T) {
	w := newWorld(t, oracletest.Options{Parties: []string{"patient", "provider", "requester"}})
	other := newWorld(t, oracletest.Options{Parties: []string{"someone else"}})
	node := &resetNode{Client: w.Client.(service.Client), other: other.Client.(service.Client)}
	o := startOracle(t, w, "", nil, service.WithClient(node))
	waitFor(t, "healthy", func() bool { return o.Health() == nil })
	node.reset.Store(true)
	select {
	case <-o.Done():
	case <-time.After(20 * time.Second):
		t.Fatal("the oracle kept following a reset chain")
	}
	if err := o.Health(); err == nil || !strings.Contains(err.Error(), "another chain") {
		t.Fatalf("health: %v", err)
	}
	o.stopped = true
	if err := o.Stop(ctx); !errors.Is(err, logpoller.ErrWrongChain) {
		t.Fatalf("stop: %v, want ErrWrongChain", err)
	}
}
