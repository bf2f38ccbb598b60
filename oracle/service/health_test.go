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
