package bench

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/rs/zerolog"

	indexer "github.com/emrchain/emrchain/indexer/service"
	anvilnode "github.com/emrchain/emrchain/internal/anvil"
	"github.com/emrchain/emrchain/internal/tcpproxy"
	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
)

// Row names and goals of the Chain faults suite (issue 16).
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
// Reorg: two get-access calls of one requester, for two records, are mined and answered; then
// anvil_reorg replaces the last three blocks, re-mining the calls in the other order, so each
// access id now belongs to the other request and both answers must be withdrawn and made again.
// The figure is how many blocks after the reorg's head the last of the new answers is mined,
// and the time from the reorg to seeing it.
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

func maxOf(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

// reorgRecovery runs samples depth-3 reorgs and returns, for each, the blocks from the reorg's
// head to the last new answer and the seconds from the reorg to seeing it.
func reorgRecovery(ctx context.Context, bin, dir string, samples int) (blocks, secs []float64, err error) {
	node, err := anvilnode.Start(ctx, bin, nil, "--block-time", "1")
	if err != nil {
		return nil, nil, err
	}
	defer node.Stop()
	w, err := newOracleWorld(ctx, dir, 0, node)
	if err != nil {
		return nil, nil, err
	}
	defer w.Close()
	requester := w.Parties["requester"]
	recA, err := w.CreateRecord(ctx, w.Parties["patient"], w.Parties["provider"], oracletest.GoodCapsule)
	if err != nil {
		return nil, nil, err
	}
	recB, err := w.CreateRecord(ctx, w.Parties["patient"], w.Parties["provider"], oracletest.GoodCapsule)
	if err != nil {
		return nil, nil, err
	}
	reqsA, err := w.GrantMany(ctx, recA, requester, samples)
	if err != nil {
		return nil, nil, err
	}
	reqsB, err := w.GrantMany(ctx, recB, requester, samples)
	if err != nil {
		return nil, nil, err
	}
	svc, err := startBenchOracle(ctx, w, dir, node)
	if err != nil {
		return nil, nil, err
	}
	defer svc.Stop(context.Background())
	rpc, err := ethclient.DialContext(ctx, node.HTTP())
	if err != nil {
		return nil, nil, err
	}
	defer rpc.Close()
	for i := range samples {
		b, s, err := oneReorg(ctx, w, rpc, reqsA[i], reqsB[i])
		if err != nil {
			return nil, nil, fmt.Errorf("reorg %d: %w", i+1, err)
		}
		blocks, secs = append(blocks, b), append(secs, s)
	}
	return blocks, secs, nil
}

// oneReorg mines get-access calls for reqA then reqB, waits for both answers, reorgs the last
// three blocks with the calls in the other order, and measures the new answers.
func oneReorg(ctx context.Context, w *oracletest.World, rpc *ethclient.Client, reqA, reqB uint64) (float64, float64, error) {
	requester := w.Parties["requester"]
	w.ForgetNonces()
	nonce, err := rpc.PendingNonceAt(ctx, requester.Address)
	if err != nil {
		return 0, 0, err
	}
	sign := func(req, n uint64, tip int64) (*types.Transaction, error) {
		to := w.Set.Addresses.Access
		tipWei := new(big.Int).Mul(big.NewInt(tip), big.NewInt(params.GWei))
		return types.SignTx(types.NewTx(&types.DynamicFeeTx{
			ChainID: w.ChainID, Nonce: n, Gas: 300_000, To: &to, Data: w.Set.Access.ABI.PackGetAccess(req),
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
	accA, err := w.AccessIDOf(rcpts[0])
	if err != nil {
		return 0, 0, err
	}
	accB, err := w.AccessIDOf(rcpts[1])
	if err != nil {
		return 0, 0, err
	}
	if _, err := waitAnsweredFrom(ctx, w, calls, accA, accB); err != nil {
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
		return 0, 0, fmt.Errorf("head %d passed the reorg window (calls at %d)", head, calls)
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
	last, err := waitAnsweredFrom(ctx, w, calls, accA, accB)
	if err != nil {
		return 0, 0, err
	}
	return float64(last) - float64(head), time.Since(start).Seconds(), nil
}

// waitAnsweredFrom waits until each access has a fulfilment event from block from on and
// returns the highest block they were fulfilled in.
func waitAnsweredFrom(ctx context.Context, w *oracletest.World, from uint64, ids ...uint64) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	for {
		answers, err := w.AnswersFrom(ctx, from)
		if err != nil {
			return 0, err
		}
		last, done := uint64(0), true
		for _, id := range ids {
			if r := answers.Rejected[id]; len(r) > 0 {
				return 0, fmt.Errorf("access %d rejected with %v", id, r)
			}
			b, _, ok := answers.FulfilledIn(id)
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
	w, err := newOracleWorld(ctx, dir, 0, node)
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
