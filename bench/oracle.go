package bench

import (
	"context"
	"fmt"
	anvilnode "github.com/emrchain/emrchain/internal/anvil"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
)

// Row names of the Oracle suite, shared with its test.
const (
	oracleSection      = "Oracle"
	oracleRowSimRate   = "PRE fulfilments/s, whole loop, simulated chain (50 ms blocks)"
	oracleRowSimP50    = "event → mined answer p50, simulated chain (100 ms blocks)"
	oracleRowSimP99    = "event → mined answer p99, simulated chain (100 ms blocks)"
	oracleRowSimBlocks = "event → mined answer p99 in blocks, simulated chain (100 ms blocks)"
	oracleRowAnvilRate = "PRE fulfilments/s, whole loop, anvil (1 s blocks)"
	oracleRowAnvilP50  = "event → mined answer p50 in blocks, anvil (1 s blocks)"
	oracleRowAnvilP99  = "event → mined answer p99 in blocks, anvil (1 s blocks)"
	oracleRowAnvilMS   = "event → mined answer p50, anvil (1 s blocks)"
)

// Goals from issue 5.
const (
	oracleGoalRate   = 300.0
	oracleGoalBlocks = 2.0
)

// anvilDevKey is the first of anvil's well-known development accounts (mnemonic "test test …
// junk"): public, funded only on a local anvil.
const anvilDevKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"

// Oracle measures the oracle's whole loop — log follower, on-chain checks, IPFS, PRE, batched
// fulfilMany transactions and receipts — on the simulated chain, and on anvil when
// EMRCHAIN_ANVIL_BIN names an anvil binary (started here on a free loopback port with
// --block-time 1 and killed when done).
//
// Throughput: n get-access calls are mined first, then the oracle starts with that backlog;
// the figure is n divided by the time from Start until the last answer is mined. Latency: one
// get-access at a time while the oracle runs, from observing its receipt to observing the
// answer, and in blocks from the event's block to the answer's.
func Oracle(ctx context.Context, cfg Config) ([]Measurement, error) {
	dir, err := os.MkdirTemp("", "emrchain-bench-oracle")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	backlog, samples := 1000, 40
	if cfg.Quick {
		backlog, samples = 200, 8
	}
	var rows []Measurement

	tp, err := oracleThroughput(ctx, filepath.Join(dir, "sim-rate"), backlog, nil)
	if err != nil {
		return nil, fmt.Errorf("oracle bench: simulated throughput: %w", err)
	}
	rows = append(rows, Measurement{Section: oracleSection, Name: fmt.Sprintf("%s, backlog %d", oracleRowSimRate, backlog),
		Value: tp.rate, Unit: "ops/s", Goal: fmt.Sprintf("≥ %.0f with batching", oracleGoalRate), GoalMet: AtLeast(tp.rate, oracleGoalRate),
		Ratio: tp.note(backlog)})

	lat, err := oracleLatency(ctx, filepath.Join(dir, "sim-latency"), samples, nil)
	if err != nil {
		return nil, fmt.Errorf("oracle bench: simulated latency: %w", err)
	}
	rows = append(rows,
		Measurement{Section: oracleSection, Name: oracleRowSimP50, Value: lat.p50ms, Unit: "ms", Ratio: fmt.Sprintf("%d samples", samples)},
		Measurement{Section: oracleSection, Name: oracleRowSimP99, Value: lat.p99ms, Unit: "ms"},
		Measurement{Section: oracleSection, Name: oracleRowSimBlocks, Value: lat.p99blocks, Unit: "blocks"},
	)

	bin := os.Getenv("EMRCHAIN_ANVIL_BIN")
	if bin == "" {
		return rows, nil
	}
	anvil, err := anvilnode.Start(ctx, bin, nil, "--block-time", "1")
	if err != nil {
		return rows, fmt.Errorf("oracle bench: %w", err)
	}
	defer anvil.Stop()
	anvilBacklog, anvilSamples := backlog, samples/2
	tp, err = oracleThroughput(ctx, filepath.Join(dir, "anvil-rate"), anvilBacklog, anvil)
	if err != nil {
		return rows, fmt.Errorf("oracle bench: anvil throughput: %w", err)
	}
	lat, err = oracleLatency(ctx, filepath.Join(dir, "anvil-latency"), anvilSamples, anvil)
	if err != nil {
		return rows, fmt.Errorf("oracle bench: anvil latency: %w", err)
	}
	goal := fmt.Sprintf("≤ %.0f blocks", oracleGoalBlocks)
	rows = append(rows,
		Measurement{Section: oracleSection, Name: fmt.Sprintf("%s, backlog %d", oracleRowAnvilRate, anvilBacklog), Value: tp.rate, Unit: "ops/s",
			Goal: fmt.Sprintf("≥ %.0f with batching", oracleGoalRate), GoalMet: AtLeast(tp.rate, oracleGoalRate),
			Ratio: tp.note(anvilBacklog)},
		Measurement{Section: oracleSection, Name: oracleRowAnvilP50, Value: lat.p50blocks, Unit: "blocks", Goal: goal, GoalMet: AtMost(lat.p50blocks, oracleGoalBlocks),
			Ratio: fmt.Sprintf("%d samples", anvilSamples)},
		Measurement{Section: oracleSection, Name: oracleRowAnvilP99, Value: lat.p99blocks, Unit: "blocks", Goal: goal, GoalMet: AtMost(lat.p99blocks, oracleGoalBlocks)},
		Measurement{Section: oracleSection, Name: oracleRowAnvilMS, Value: lat.p50ms, Unit: "ms", Ratio: fmt.Sprintf("p99 %.0f ms", lat.p99ms)},
	)
	return rows, nil
}

// newOracleWorld builds a world on the simulated chain, or on anvil when a is set.
func newOracleWorld(ctx context.Context, dir string, blockTime time.Duration, a *anvilnode.Node) (*oracletest.World, error) {
	opts := oracletest.Options{BlockTime: blockTime, Parties: []string{"patient", "provider", "requester"}}
	var w *oracletest.World
	var err error
	if a != nil {
		key, kerr := crypto.HexToECDSA(anvilDevKey)
		if kerr != nil {
			return nil, kerr
		}
		w, err = oracletest.NewOnNode(ctx, dir, a.HTTP(), key, opts)
	} else {
		w, err = oracletest.New(ctx, dir, opts)
	}
	if err != nil {
		return nil, err
	}
	for name, role := range map[string]uint8{"patient": oracletest.RolePatient, "provider": oracletest.RoleProvider, "requester": oracletest.RoleRequester} {
		if err := w.Enrol(ctx, w.Parties[name], role); err != nil {
			w.Close()
			return nil, err
		}
	}
	return w, nil
}

func startBenchOracle(ctx context.Context, w *oracletest.World, dir string, a *anvilnode.Node) (*service.Service, error) {
	cfg := w.OracleConfig()
	cfg.StatePath = filepath.Join(dir, "oracle.db")
	cfg.MetricsAddr = ""
	cfg.MaxBatch = 100
	cfg.ReceiptPollInterval = w.BlockTime() / 5
	if a != nil {
		cfg.PollInterval = 100 * time.Millisecond
		cfg.ReceiptPollInterval = 50 * time.Millisecond
	}
	logger := zerolog.Nop()
	if path := os.Getenv("EMRCHAIN_BENCH_ORACLE_LOG"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		logger = zerolog.New(f).With().Timestamp().Logger()
	}
	svc, err := service.New(cfg, append(w.OracleOptions(), service.WithLogger(logger))...)
	if err != nil {
		return nil, err
	}
	if err := svc.Start(ctx); err != nil {
		return nil, err
	}
	return svc, nil
}

type throughput struct {
	rate float64
	txs  int
	// cpuPerAnswer is this process's CPU time per answer while the oracle ran: on the simulated
	// chain it includes the node (EVM, JSON-RPC, block building), on anvil only the oracle and
	// the client side. It shows what the figure would be on an idle machine, where 2 cores give
	// 2 s of CPU per second.
	cpuPerAnswer time.Duration
}

// oracleThroughput answers a backlog of n get-access calls.
func oracleThroughput(ctx context.Context, dir string, n int, a *anvilnode.Node) (throughput, error) {
	w, err := newOracleWorld(ctx, dir, 50*time.Millisecond, a)
	if err != nil {
		return throughput{}, err
	}
	defer w.Close()
	requester := w.Parties["requester"]
	rec, err := w.CreateRecord(ctx, w.Parties["patient"], w.Parties["provider"], oracletest.GoodCapsule)
	if err != nil {
		return throughput{}, err
	}
	reqs, err := w.GrantMany(ctx, rec, requester, n)
	if err != nil {
		return throughput{}, err
	}
	accs, _, err := w.InvokeMany(ctx, requester, reqs)
	if err != nil {
		return throughput{}, err
	}
	start, cpu0 := time.Now(), processCPU()
	svc, err := startBenchOracle(ctx, w, dir, a)
	if err != nil {
		return throughput{}, err
	}
	defer svc.Stop(context.Background())
	last := accs[len(accs)-1]
	for {
		// Access ids are answered in event order but batches land out of order, so the last
		// one is not enough: wait for every one.
		done := true
		for _, id := range []uint64{last, accs[0], accs[len(accs)/2]} {
			st, err := w.Access(ctx, id)
			if err != nil {
				return throughput{}, err
			}
			done = done && st.Status >= 2
		}
		if done {
			answers, err := w.Answers(ctx)
			if err != nil {
				return throughput{}, err
			}
			if answers.Total() >= n {
				elapsed := time.Since(start)
				for _, id := range accs {
					if answers.Fulfilled[id] != 1 {
						return throughput{}, fmt.Errorf("access %d fulfilled %d times", id, answers.Fulfilled[id])
					}
				}
				return throughput{rate: float64(n) / elapsed.Seconds(), txs: len(answers.Txs),
					cpuPerAnswer: (processCPU() - cpu0) / time.Duration(n)}, nil
			}
		}
		if err := sleepCtx(ctx, 5*time.Millisecond); err != nil {
			return throughput{}, err
		}
	}
}

func (t throughput) note(n int) string {
	return fmt.Sprintf("%d answers in %d transactions; %.1f ms CPU per answer in this process", n, t.txs, float64(t.cpuPerAnswer.Microseconds())/1000)
}

type latency struct {
	p50ms, p99ms, p50blocks, p99blocks float64
}

// oracleLatency makes one get-access at a time and times its answer.
func oracleLatency(ctx context.Context, dir string, samples int, a *anvilnode.Node) (latency, error) {
	w, err := newOracleWorld(ctx, dir, 100*time.Millisecond, a)
	if err != nil {
		return latency{}, err
	}
	defer w.Close()
	requester := w.Parties["requester"]
	rec, err := w.CreateRecord(ctx, w.Parties["patient"], w.Parties["provider"], oracletest.GoodCapsule)
	if err != nil {
		return latency{}, err
	}
	reqs, err := w.GrantMany(ctx, rec, requester, samples+1)
	if err != nil {
		return latency{}, err
	}
	svc, err := startBenchOracle(ctx, w, dir, a)
	if err != nil {
		return latency{}, err
	}
	defer svc.Stop(context.Background())
	var ms, blocks []float64
	for i, req := range reqs {
		h, err := w.Submit(ctx, requester, w.Set.Addresses.Access, w.Set.Access.ABI.PackGetAccess(req))
		if err != nil {
			return latency{}, err
		}
		rcpts, err := w.Wait(ctx, h)
		if err != nil {
			return latency{}, err
		}
		seen := time.Now()
		acc, err := w.AccessIDOf(rcpts[0])
		if err != nil {
			return latency{}, err
		}
		// The answer is waited for by its event, not by the access's status: anvil answers calls
		// from a block whose logs a query may not return yet, which made an answered access
		// look unfulfilled.
		var b uint64
		for {
			answers, err := w.AnswersFrom(ctx, rcpts[0].BlockNumber.Uint64())
			if err != nil {
				return latency{}, err
			}
			if r := answers.Rejected[acc]; len(r) > 0 {
				return latency{}, fmt.Errorf("access %d rejected with reasons %v", acc, r)
			}
			var ok bool
			if b, _, ok = answers.FulfilledIn(acc); ok {
				break
			}
			if err := sleepCtx(ctx, 2*time.Millisecond); err != nil {
				return latency{}, err
			}
		}
		answered := time.Now()
		if i == 0 {
			continue // the first answer includes the follower's start-up
		}
		ms = append(ms, float64(answered.Sub(seen).Microseconds())/1000)
		blocks = append(blocks, float64(b-rcpts[0].BlockNumber.Uint64()))
	}
	return latency{p50ms: rankPercentile(ms, 50), p99ms: rankPercentile(ms, 99), p50blocks: rankPercentile(blocks, 50), p99blocks: rankPercentile(blocks, 99)}, nil
}

// rankPercentile is the nearest-rank percentile of xs.
func rankPercentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[max(rank-1, 0)]
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func anvilConfigured() bool { return os.Getenv("EMRCHAIN_ANVIL_BIN") != "" }
