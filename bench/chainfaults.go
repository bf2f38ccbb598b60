package bench

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/rs/zerolog"

	indexer "github.com/emrchain/emrchain/indexer/service"
	anvilnode "github.com/emrchain/emrchain/internal/anvil"
	"github.com/emrchain/emrchain/internal/tcpproxy"
	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
)

// Row names and goals of the Chain faults suite.
const (
	faultsSection        = "Chain faults"
	faultsRowReorgBlocks = "depth-3 reorg, every access id changing hands → last affected access answered again, in blocks after the reorg, anvil (1 s blocks)"
	faultsRowReorgSecs   = "depth-3 reorg → last affected access answered again, anvil (1 s blocks)"
	faultsRowOracle      = "end of an RPC outage → oracle back at the head, anvil (1 s blocks)"
	faultsRowIndexer     = "end of an RPC outage → indexer back at the head, anvil (1 s blocks)"
	faultsGoalBlocks     = 3.0
	faultsGoalSecs       = 3.0
)

// ChainFaults measures how the oracle and the indexer recover from what a chain does to them,
// on anvil with 1-second blocks (EMRCHAIN_ANVIL_BIN; the suite has no rows without it).
//
// Reorg: two get-access calls of one requester, for two records, are mined and answered by a
// 2-of-3 committee; then anvil_reorg replaces the last three blocks, re-mining the calls in the
// other order, so each access id now belongs to the other request and every member's commit must
// be withdrawn and made again. The figure is how many blocks after the reorg's head the last
// access is readable again (its t-th fragment revealed), and the time from the reorg to seeing it.
//
// Outage: the oracle and the indexer reach anvil over WebSocket through a proxy that is cut for
// 30 s (5 s with Quick) while anvil keeps mining; the figure is the time from the proxy's
// restoration until each has applied the head the node had at that moment.
func ChainFaults(ctx context.Context, cfg Config) ([]Measurement, error) {
	bin := os.Getenv("EMRCHAIN_ANVIL_BIN")
	if bin == "" {
		return nil, nil
	}
	dir, err := os.MkdirTemp("", "emrchain-bench-faults")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	samples, outage := 5, 30*time.Second
	if cfg.Quick {
		samples, outage = 2, 5*time.Second
	}
	var rows []Measurement

	blocks, secs, err := reorgRecovery(ctx, bin, filepath.Join(dir, "reorg"), samples)
	if err != nil {
		return rows, fmt.Errorf("chain faults bench: reorg: %w", err)
	}
	rows = append(rows,
		Measurement{Section: faultsSection, Name: faultsRowReorgBlocks, Value: maxOf(blocks), Unit: "blocks",
			Goal: fmt.Sprintf("≤ %.0f blocks", faultsGoalBlocks), GoalMet: AtMost(maxOf(blocks), faultsGoalBlocks),
			Ratio: fmt.Sprintf("worst of %d reorgs; p50 %.0f blocks", samples, rankPercentile(blocks, 50))},
		Measurement{Section: faultsSection, Name: faultsRowReorgSecs, Value: rankPercentile(secs, 50), Unit: "s",
			Ratio: fmt.Sprintf("p50 of %d; worst %.2f s", samples, maxOf(secs))},
	)

	o, i, err := outageRecovery(ctx, bin, filepath.Join(dir, "outage"), outage)
	if err != nil {
		return rows, fmt.Errorf("chain faults bench: outage: %w", err)
	}
	note := fmt.Sprintf("after a %s outage", outage)
	rows = append(rows,
		Measurement{Section: faultsSection, Name: faultsRowOracle, Value: o.Seconds(), Unit: "s",
			Goal: fmt.Sprintf("≤ %.0f s", faultsGoalSecs), GoalMet: AtMost(o.Seconds(), faultsGoalSecs), Ratio: note},
		Measurement{Section: faultsSection, Name: faultsRowIndexer, Value: i.Seconds(), Unit: "s",
			Goal: fmt.Sprintf("≤ %.0f s", faultsGoalSecs), GoalMet: AtMost(i.Seconds(), faultsGoalSecs), Ratio: note},
	)
	return rows, nil
}

// errReorgWindow: the calls were no longer among the last three blocks when the answers were
// readable, so a depth-3 reorg could not move them.
var errReorgWindow = errors.New("the head passed the reorg window")

// maxAttempts bounds the attempts at one reorg sample.
const maxAttempts = 3

func maxOf(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

// reorgRecovery runs samples depth-3 reorgs and returns, for each, the blocks from the reorg's
// head to the last access made readable again and the seconds from the reorg to seeing it. A
// 2-of-3 committee answers; one requester holds a grant on each of two records.
func reorgRecovery(ctx context.Context, bin, dir string, samples int) (blocks, secs []float64, err error) {
	node, err := anvilnode.Start(ctx, bin, nil, "--block-time", "1")
	if err != nil {
		return nil, nil, err
	}
	defer node.Stop()
	// Each attempt spends a use of each grant; a sample may be tried up to maxAttempts times.
	uses := uint16(samples * maxAttempts)
	ow, err := newOracleWorld(ctx, dir, 0, node, 3, 2, uses)
	if err != nil {
		return nil, nil, err
	}
	defer ow.close()
	recB, err := ow.PutRecord(ctx, ow.Parties["doctor"], ow.Parties["patient"], "bench record B", "")
	if err != nil {
		return nil, nil, err
	}
	reqB, err := ow.GrantThrough(ctx, ow.Parties["patient"], ow.requester, recB, ow.committee.ID, 2, uses)
	if err != nil {
		return nil, nil, err
	}
	rpc, err := ethclient.DialContext(ctx, node.HTTP())
	if err != nil {
		return nil, nil, err
	}
	defer rpc.Close()
	for i := range samples {
		var b, s float64
		for attempt := 1; ; attempt++ {
			b, s, err = oneReorg(ctx, ow, rpc, ow.request, reqB)
			// On a loaded machine the answers can take more than two blocks, and the
			// chain's head then passes the depth-3 window before the reorg: that attempt
			// measures nothing, so it is made again with new calls, a few times at most.
			if errors.Is(err, errReorgWindow) && attempt < maxAttempts {
				continue
			}
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("reorg %d: %w", i+1, err)
		}
		blocks, secs = append(blocks, b), append(secs, s)
	}
	return blocks, secs, nil
}

// oneReorg mines get-access calls for reqA then reqB, waits until both accesses are readable,
// reorgs the last three blocks with the calls in the other order (each access id changes hands,
// so every member's commit to it must be withdrawn and made again), and measures the new answers.
func oneReorg(ctx context.Context, ow *oracleWorld, rpc *ethclient.Client, reqA, reqB uint64) (float64, float64, error) {
	w, requester := ow.World, ow.requester
	w.ForgetNonces()
	nonce, err := rpc.PendingNonceAt(ctx, requester.Address)
	if err != nil {
		return 0, 0, err
	}
	calldata := map[uint64][]byte{}
	for _, req := range []uint64{reqA, reqB} {
		g, err := w.Env().GrantOf(ctx, req)
		if err != nil {
			return 0, 0, err
		}
		calldata[req] = w.Set.Access.ABI.PackGetAccess(req, g.Terms)
	}
	sign := func(req, n uint64, tip int64) (*types.Transaction, error) {
		to := w.Set.Addresses.Access
		tipWei := new(big.Int).Mul(big.NewInt(tip), big.NewInt(params.GWei))
		return types.SignTx(types.NewTx(&types.DynamicFeeTx{
			ChainID: w.ChainID, Nonce: n, Gas: 300_000, To: &to, Data: calldata[req],
			GasTipCap: tipWei, GasFeeCap: new(big.Int).Mul(big.NewInt(tip+100), big.NewInt(params.GWei)),
		}), types.LatestSignerForChainID(w.ChainID), requester.Key)
	}
	ta, err := sign(reqA, nonce, 2)
	if err != nil {
		return 0, 0, err
	}
	tb, err := sign(reqB, nonce+1, 2)
	if err != nil {
		return 0, 0, err
	}
	if err := rpc.SendTransaction(ctx, ta); err != nil {
		return 0, 0, err
	}
	if err := rpc.SendTransaction(ctx, tb); err != nil {
		return 0, 0, err
	}
	rcpts, err := w.Wait(ctx, ta.Hash(), tb.Hash())
	if err != nil {
		return 0, 0, err
	}
	if rcpts[0].BlockNumber.Cmp(rcpts[1].BlockNumber) != 0 {
		return 0, 0, fmt.Errorf("the two calls landed in blocks %d and %d", rcpts[0].BlockNumber, rcpts[1].BlockNumber)
	}
	calls := rcpts[0].BlockNumber.Uint64()
	var accs []uint64
	for _, r := range rcpts {
		for _, l := range r.Logs {
			if ev, err := w.Set.Access.ABI.UnpackAccessInvokedEvent(l); err == nil {
				accs = append(accs, ev.AccessId)
			}
		}
	}
	if len(accs) != 2 {
		return 0, 0, fmt.Errorf("two get-access calls made %d accesses", len(accs))
	}
	if _, err := waitReadableFrom(ctx, ow, calls, accs...); err != nil {
		return 0, 0, err
	}
	// Reorg when the calls are the oldest of the last three blocks.
	var head uint64
	for {
		if head, err = rpc.BlockNumber(ctx); err != nil {
			return 0, 0, err
		}
		if head >= calls+2 {
			break
		}
		if err := sleepCtx(ctx, 20*time.Millisecond); err != nil {
			return 0, 0, err
		}
	}
	if head != calls+2 {
		return 0, 0, fmt.Errorf("%w: head %d (calls at %d)", errReorgWindow, head, calls)
	}
	// The other request's call first: each access id changes hands.
	tb2, err := sign(reqB, nonce, 3)
	if err != nil {
		return 0, 0, err
	}
	ta2, err := sign(reqA, nonce+1, 3)
	if err != nil {
		return 0, 0, err
	}
	rawB, _ := tb2.MarshalBinary()
	rawA, _ := ta2.MarshalBinary()
	start := time.Now()
	if err := rpc.Client().CallContext(ctx, nil, "anvil_reorg", 3, [][2]any{{hexutil.Encode(rawB), 0}, {hexutil.Encode(rawA), 0}}); err != nil {
		return 0, 0, err
	}
	last, err := waitReadableFrom(ctx, ow, calls, accs...)
	if err != nil {
		return 0, 0, err
	}
	return float64(last) - float64(head), time.Since(start).Seconds(), nil
}

// waitReadableFrom waits until each access has its committee's t-th reveal from block from on
// and returns the highest block of those.
func waitReadableFrom(ctx context.Context, ow *oracleWorld, from uint64, ids ...uint64) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	for {
		last, done := uint64(0), true
		for _, id := range ids {
			b, ok, err := tthReveal(ctx, ow, id, ow.committee.Threshold, from)
			if err != nil {
				return 0, err
			}
			done = done && ok
			last = max(last, b)
		}
		if done {
			return last, nil
		}
		if err := sleepCtx(ctx, 10*time.Millisecond); err != nil {
			return 0, err
		}
	}
}

// outageRecovery cuts the oracle's and the indexer's link to anvil for d and returns how long
// each takes, once it is back, to apply the head the node had at that moment.
func outageRecovery(ctx context.Context, bin, dir string, d time.Duration) (oracleTook, indexerTook time.Duration, err error) {
	node, err := anvilnode.Start(ctx, bin, nil, "--block-time", "1")
	if err != nil {
		return 0, 0, err
	}
	defer node.Stop()
	key, err := crypto.HexToECDSA(anvilDevKey)
	if err != nil {
		return 0, 0, err
	}
	w, err := oracletest.NewOnNode(ctx, dir, node.HTTP(), key, oracletest.Options{})
	if err != nil {
		return 0, 0, err
	}
	defer w.Close()
	proxy, err := tcpproxy.Start(node.Addr)
	if err != nil {
		return 0, 0, err
	}
	defer proxy.Close()
	dial := func() (*ethclient.Client, error) { return ethclient.DialContext(ctx, "ws://"+proxy.Addr()) }

	oc, err := dial()
	if err != nil {
		return 0, 0, err
	}
	defer oc.Close()
	ocfg := w.OracleConfig()
	ocfg.StatePath, ocfg.MetricsAddr = filepath.Join(dir, "oracle.db"), ""
	ocfg.PollInterval = time.Second
	svc, err := service.New(ocfg, service.WithClient(oc), service.WithStore(w.Store()), service.WithKeys(w.OracleKeys),
		service.WithLogger(zerolog.Nop()))
	if err != nil {
		return 0, 0, err
	}
	if err := svc.Start(ctx); err != nil {
		return 0, 0, err
	}
	defer svc.Stop(context.Background())

	ic, err := dial()
	if err != nil {
		return 0, 0, err
	}
	defer ic.Close()
	idx, err := indexer.New(indexer.Config{Client: ic, Manifest: w.Manifest, DataDir: filepath.Join(dir, "indexer"),
		Listen: "127.0.0.1:0", NoPush: true, Log: zerolog.Nop()})
	if err != nil {
		return 0, 0, err
	}
	if err := idx.Start(ctx); err != nil {
		return 0, 0, err
	}
	defer idx.Stop(context.Background())

	direct, err := ethclient.DialContext(ctx, node.HTTP())
	if err != nil {
		return 0, 0, err
	}
	defer direct.Close()
	cursors := func() (uint64, uint64) {
		var o, i uint64
		if c, ok, err := svc.State().Cursor(ctx); err == nil && ok {
			o = c.Number
		}
		if c, ok, err := idx.Store().Cursor(ctx); err == nil && ok {
			i = c.Number
		}
		return o, i
	}
	// Both at the head first.
	deadline := time.Now().Add(time.Minute)
	for {
		head, err := direct.BlockNumber(ctx)
		if err != nil {
			return 0, 0, err
		}
		if o, i := cursors(); o >= head && i >= head {
			break
		}
		if time.Now().After(deadline) {
			return 0, 0, fmt.Errorf("the oracle and the indexer did not reach the head before the outage")
		}
		if err := sleepCtx(ctx, 20*time.Millisecond); err != nil {
			return 0, 0, err
		}
	}
	proxy.Cut()
	if err := sleepCtx(ctx, d); err != nil {
		return 0, 0, err
	}
	head, err := direct.BlockNumber(ctx)
	if err != nil {
		return 0, 0, err
	}
	if err := proxy.Restore(); err != nil {
		return 0, 0, err
	}
	back := time.Now()
	deadline = back.Add(2 * time.Minute)
	for oracleTook == 0 || indexerTook == 0 {
		o, i := cursors()
		if oracleTook == 0 && o >= head {
			oracleTook = time.Since(back)
		}
		if indexerTook == 0 && i >= head {
			indexerTook = time.Since(back)
		}
		if time.Now().After(deadline) {
			return 0, 0, fmt.Errorf("not back at block %d two minutes after the outage (oracle at %d, indexer at %d)", head, o, i)
		}
		if err := sleepCtx(ctx, 10*time.Millisecond); err != nil {
			return 0, 0, err
		}
	}
	return oracleTook, indexerTook, nil
}
