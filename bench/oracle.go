package bench

import (
	"context"
	"fmt"
	anvilnode "github.com/emrchain/emrchain/internal/anvil"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
)

// Row names of the Oracle suite, shared with its test.
const (
	oracleSection      = "Oracle"
	oracleRowSimRate   = "grant accesses readable/s, 2-of-3 committee, whole loop, simulated chain (50 ms blocks)"
	oracleRowSimP50    = "get-access → t-th fragment revealed p50, 2-of-3, simulated chain (100 ms blocks)"
	oracleRowSimP99    = "get-access → t-th fragment revealed p99, 2-of-3, simulated chain (100 ms blocks)"
	oracleRowSimBlocks = "get-access → t-th fragment revealed p99 in blocks, 2-of-3, simulated chain (100 ms blocks)"
	oracleRowAnvilP50  = "get-access → t-th fragment revealed p50 in blocks, 3-of-5, anvil (1 s blocks)"
	oracleRowAnvilP99  = "get-access → t-th fragment revealed p99 in blocks, 3-of-5, anvil (1 s blocks)"
	oracleRowAnvilMS   = "get-access → t-th fragment revealed p50, 3-of-5, anvil (1 s blocks)"
	oracleRowReadP50   = "attribute read request → t-th share revealed p50 in blocks, 3-of-5, anvil (1 s blocks)"
	oracleRowReadP99   = "attribute read request → t-th share revealed p99 in blocks, 3-of-5, anvil (1 s blocks)"
	oracleRowReadMS    = "attribute read request → t-th share revealed p50, 3-of-5, anvil (1 s blocks)"
	oracleRowBGP50     = "break-glass session opened → record read p50 in blocks, 3-of-5, anvil (1 s blocks)"
	oracleRowBGMax     = "break-glass session opened → record read max in blocks, 3-of-5, anvil (1 s blocks)"
	oracleRowBGMS      = "break-glass session opened → record read p50, 3-of-5, anvil (1 s blocks)"
)

// Goals for the committee: throughput with batching, and blocks from request to readable.
const (
	oracleGoalRate   = 300.0
	oracleGoalBlocks = 2.0
)

// anvilDevKey is the first of anvil's well-known development accounts (mnemonic "test test …
// junk"): public, funded only on a local anvil.
const anvilDevKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"

// Oracle measures the proxy nodes' whole loop — log followers, on-chain checks, IPFS, threshold
// PRE, batched commitMany and revealMany transactions, receipts, and each node's checks of the
// others' reveals — on the simulated chain, and on anvil when EMRCHAIN_ANVIL_BIN names an anvil
// binary (started here on a free loopback port with --block-time 1 and killed when done). An
// access counts as answered once its t-th fragment is revealed: the requester can then read.
//
// Throughput: a 2-of-3 committee forms, its nodes stop, n get-access calls are mined, and the
// nodes start again with that backlog; the figure is n divided by the time from their start
// until every access is readable. Latency: one get-access at a time while the nodes run, from
// observing its receipt to observing the t-th reveal, and in blocks from the get-access's block.
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

	tp, err := oracleThroughput(ctx, filepath.Join(dir, "sim-rate"), backlog)
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
	anvilSamples := max(samples/2, 4)
	lat, err = oracleLatency(ctx, filepath.Join(dir, "anvil-latency"), anvilSamples, anvil)
	if err != nil {
		return rows, fmt.Errorf("oracle bench: anvil latency: %w", err)
	}
	goal := fmt.Sprintf("≤ %.0f blocks", oracleGoalBlocks)
	rows = append(rows,
		Measurement{Section: oracleSection, Name: oracleRowAnvilP50, Value: lat.p50blocks, Unit: "blocks", Goal: goal, GoalMet: AtMost(lat.p50blocks, oracleGoalBlocks),
			Ratio: fmt.Sprintf("%d samples", anvilSamples)},
		Measurement{Section: oracleSection, Name: oracleRowAnvilP99, Value: lat.p99blocks, Unit: "blocks", Goal: goal, GoalMet: AtMost(lat.p99blocks, oracleGoalBlocks)},
		Measurement{Section: oracleSection, Name: oracleRowAnvilMS, Value: lat.p50ms, Unit: "ms", Ratio: fmt.Sprintf("p99 %.0f ms", lat.p99ms)},
	)
	lat, err = readLatency(ctx, filepath.Join(dir, "anvil-reads"), anvilSamples, anvil)
	if err != nil {
		return rows, fmt.Errorf("oracle bench: anvil attribute reads: %w", err)
	}
	rows = append(rows,
		Measurement{Section: oracleSection, Name: oracleRowReadP50, Value: lat.p50blocks, Unit: "blocks", Goal: goal, GoalMet: AtMost(lat.p50blocks, oracleGoalBlocks),
			Ratio: fmt.Sprintf("%d samples", anvilSamples)},
		Measurement{Section: oracleSection, Name: oracleRowReadP99, Value: lat.p99blocks, Unit: "blocks", Goal: goal, GoalMet: AtMost(lat.p99blocks, oracleGoalBlocks)},
		Measurement{Section: oracleSection, Name: oracleRowReadMS, Value: lat.p50ms, Unit: "ms", Ratio: fmt.Sprintf("p99 %.0f ms", lat.p99ms)},
	)
	bg, err := breakGlassLatency(ctx, filepath.Join(dir, "anvil-break-glass"), anvilSamples, anvil)
	if err != nil {
		return rows, fmt.Errorf("oracle bench: anvil break-glass: %w", err)
	}
	rows = append(rows,
		Measurement{Section: oracleSection, Name: oracleRowBGP50, Value: bg.p50blocks, Unit: "blocks", Ratio: fmt.Sprintf("%d samples", anvilSamples)},
		Measurement{Section: oracleSection, Name: oracleRowBGMax, Value: bg.p99blocks, Unit: "blocks"},
		Measurement{Section: oracleSection, Name: oracleRowBGMS, Value: bg.p50ms, Unit: "ms", Ratio: fmt.Sprintf("max %.0f ms", bg.p99ms)},
	)
	return rows, nil
}

// oracleWorld is a world with n proxy nodes in a t-of-n committee, a patient, her doctor and a
// requester (a provider of another hospital) holding a grant of uses get-access calls on one of
// her records.
type oracleWorld struct {
	*oracletest.World
	committee *oracletest.Committee
	requester *oracletest.Party
	request   uint64
}

func newOracleWorld(ctx context.Context, dir string, blockTime time.Duration, a *anvilnode.Node, n, t int, uses uint16) (*oracleWorld, error) {
	opts := oracletest.Options{BlockTime: blockTime, Proxies: n, Parties: []string{"patient", "doctor", "requester"}}
	var w *oracletest.World
	var err error
	phase := uint64(40 * n)
	if a != nil {
		key, kerr := crypto.HexToECDSA(anvilDevKey)
		if kerr != nil {
			return nil, kerr
		}
		w, err = oracletest.NewOnNode(ctx, dir, a.HTTP(), key, opts)
		phase = 10
	} else {
		w, err = oracletest.New(ctx, dir, opts)
	}
	if err != nil {
		return nil, err
	}
	ow := &oracleWorld{World: w, requester: w.Parties["requester"]}
	fail := func(err error) (*oracleWorld, error) {
		if ow.committee != nil {
			ow.committee.Stop(context.Background())
		}
		w.Close()
		return nil, err
	}
	for name, role := range map[string]uint8{"patient": client.RolePatient, "doctor": client.RoleProvider, "requester": client.RoleProvider} {
		if err := w.EnrolAs(ctx, w.Parties[name], role, "org-"+name); err != nil {
			return fail(err)
		}
	}
	w.ForgetNonces() // the client sent as the admin
	logger := zerolog.Nop()
	if path := os.Getenv("EMRCHAIN_BENCH_ORACLE_LOG"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return fail(err)
		}
		logger = zerolog.New(f).With().Timestamp().Logger()
	}
	ow.committee, err = w.StartCommittee(ctx, dir, n, t, phase, func(i int, cfg *service.Config) []service.Option {
		cfg.MetricsAddr = ""
		cfg.MaxBatch = 100
		cfg.ReceiptPollInterval = max(w.BlockTime()/5, 5*time.Millisecond)
		// The dispatcher makes a full pass over every job kind at this interval: the world's
		// 20 ms would spend the nodes' CPU on SQL rather than on answers.
		cfg.RetryMin = 200 * time.Millisecond
		if a != nil {
			cfg.PollInterval = 100 * time.Millisecond
			cfg.ReceiptPollInterval = 50 * time.Millisecond
		}
		return []service.Option{service.WithLogger(logger.With().Int("node", i+1).Logger())}
	})
	if err != nil {
		return fail(err)
	}
	rec, err := w.PutRecord(ctx, w.Parties["doctor"], w.Parties["patient"], "bench record", "")
	if err != nil {
		return fail(err)
	}
	if ow.request, err = w.GrantThrough(ctx, w.Parties["patient"], ow.requester, rec, ow.committee.ID, t, uses); err != nil {
		return fail(err)
	}
	return ow, nil
}

func (ow *oracleWorld) close() {
	ow.committee.Stop(context.Background())
	ow.Close()
}

type throughput struct {
	rate float64
	txs  uint64
	// cpuPerAnswer is this process's CPU time per access while the nodes ran: on the simulated
	// chain it includes the node (EVM, JSON-RPC, block building) and all three proxy nodes. It
	// shows what the figure would be on an idle machine, where 2 cores give 2 s of CPU per second.
	cpuPerAnswer time.Duration
}

// oracleThroughput answers a backlog of n get-access calls with a 2-of-3 committee.
func oracleThroughput(ctx context.Context, dir string, n int) (throughput, error) {
	ow, err := newOracleWorld(ctx, dir, 50*time.Millisecond, nil, 3, 2, uint16(n))
	if err != nil {
		return throughput{}, err
	}
	defer ow.close()
	ow.committee.Stop(ctx)
	nonces := func() (uint64, error) {
		var sum uint64
		for _, p := range ow.Proxies {
			nonce, err := ow.Client.NonceAt(ctx, p.Address, nil)
			if err != nil {
				return 0, err
			}
			sum += nonce
		}
		return sum, nil
	}
	before, err := nonces()
	if err != nil {
		return throughput{}, err
	}
	accs, _, err := ow.InvokeMany(ctx, ow.requester, ow.request, n)
	if err != nil {
		return throughput{}, err
	}
	start, cpu0 := time.Now(), processCPU()
	if err := ow.committee.Start(ctx); err != nil {
		return throughput{}, err
	}
	pending := slices.Clone(accs)
	for len(pending) > 0 {
		// Batches land out of order: look at the last one first, then sweep.
		ok, err := ow.Readable(ctx, pending[len(pending)-1], 2)
		if err != nil {
			return throughput{}, err
		}
		if ok {
			var left []uint64
			for _, id := range pending {
				if ok, err := ow.Readable(ctx, id, 2); err != nil {
					return throughput{}, err
				} else if !ok {
					left = append(left, id)
				}
			}
			pending = left
		}
		if len(pending) > 0 {
			if err := sleepCtx(ctx, 20*time.Millisecond); err != nil {
				return throughput{}, err
			}
		}
	}
	elapsed := time.Since(start)
	after, err := nonces()
	if err != nil {
		return throughput{}, err
	}
	return throughput{rate: float64(n) / elapsed.Seconds(), txs: after - before, cpuPerAnswer: (processCPU() - cpu0) / time.Duration(n)}, nil
}

func (t throughput) note(n int) string {
	return fmt.Sprintf("%d accesses in %d transactions of the three nodes (commits, reveals); %.1f ms CPU per access in this process", n, t.txs, float64(t.cpuPerAnswer.Microseconds())/1000)
}

type latency struct {
	p50ms, p99ms, p50blocks, p99blocks float64
}

// oracleLatency makes one get-access at a time and times its t-th reveal: 2-of-3 on the
// simulated chain, 3-of-5 on anvil.
func oracleLatency(ctx context.Context, dir string, samples int, a *anvilnode.Node) (latency, error) {
	n, t := 3, 2
	if a != nil {
		n, t = 5, 3
	}
	ow, err := newOracleWorld(ctx, dir, 100*time.Millisecond, a, n, t, uint16(samples+1))
	if err != nil {
		return latency{}, err
	}
	defer ow.close()
	g, err := ow.Env().GrantOf(ctx, ow.request)
	if err != nil {
		return latency{}, err
	}
	acc := ow.Set.Access
	data := acc.ABI.PackGetAccess(ow.request, g.Terms)
	var ms, blocks []float64
	for i := range samples + 1 {
		h, err := ow.Submit(ctx, ow.requester, acc.Address, data)
		if err != nil {
			return latency{}, err
		}
		rcpts, err := ow.Wait(ctx, h)
		if err != nil {
			return latency{}, err
		}
		seen := time.Now()
		var id uint64
		for _, l := range rcpts[0].Logs {
			if ev, err := acc.ABI.UnpackAccessInvokedEvent(l); err == nil {
				id = ev.AccessId
			}
		}
		// Waited for by the reveals' events, not the answer state: anvil answers calls from a
		// block whose logs a query may not return yet.
		var b uint64
		for {
			var ok bool
			if b, ok, err = tthReveal(ctx, ow, id, t, rcpts[0].BlockNumber.Uint64()); err != nil {
				return latency{}, err
			} else if ok {
				break
			}
			if err := sleepCtx(ctx, 2*time.Millisecond); err != nil {
				return latency{}, err
			}
		}
		revealed := time.Now()
		if i == 0 {
			continue // the first answer includes the followers' start-up
		}
		ms = append(ms, float64(revealed.Sub(seen).Microseconds())/1000)
		blocks = append(blocks, float64(b-rcpts[0].BlockNumber.Uint64()))
	}
	return latency{p50ms: rankPercentile(ms, 50), p99ms: rankPercentile(ms, 99), p50blocks: rankPercentile(blocks, 50), p99blocks: rankPercentile(blocks, 99)}, nil
}

// tthReveal returns the block of an access's t-th reveal, once there is one.
func tthReveal(ctx context.Context, ow *oracleWorld, access uint64, t int, from uint64) (uint64, bool, error) {
	a := ow.Set.Access
	return tthRevealOn(ctx, a.BoundContract, a.ABI.UnpackAnswerRevealedEvent, func(e *bindings.AccessLedgerAnswerRevealed) *types.Log { return e.Raw }, access, t, from)
}

// tthRevealOn returns the block of the t-th AnswerRevealed event of answer id on one gate
// contract, once there is one.
func tthRevealOn[E bind.ContractEvent](ctx context.Context, c *bind.BoundContract, unpack func(*types.Log) (*E, error), raw func(*E) *types.Log, id uint64, t int, from uint64) (uint64, bool, error) {
	it, err := bind.FilterEvents(c, &bind.FilterOpts{Context: ctx, Start: from}, unpack, []any{id})
	if err != nil {
		return 0, false, err
	}
	defer it.Close()
	var blocks []uint64
	for it.Next() {
		blocks = append(blocks, raw(it.Value()).BlockNumber)
	}
	if err := it.Error(); err != nil || len(blocks) < t {
		return 0, false, err
	}
	slices.Sort(blocks)
	return blocks[t-1], true, nil
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

// readLatency makes one attribute read at a time, as an insurer holding a CP-ABE key of the
// current epoch would, of a record whose policy the insurer's attribute satisfies, and times the
// t-th share's reveal on AttributeReads: 3-of-5 on anvil (2-of-3 on the simulated chain).
func readLatency(ctx context.Context, dir string, samples int, a *anvilnode.Node) (latency, error) {
	n, t := 3, 2
	if a != nil {
		n, t = 5, 3
	}
	ow, err := newOracleWorld(ctx, dir, 100*time.Millisecond, a, n, t, 1)
	if err != nil {
		return latency{}, err
	}
	defer ow.close()
	env := ow.Env()
	insurer := oracletest.NewParty("insurer")
	if err := ow.Fund(ctx, insurer.Address, 10); err != nil {
		return latency{}, err
	}
	if err := ow.EnrolAs(ctx, insurer, client.RoleRequester, "acme-insurance"); err != nil {
		return latency{}, err
	}
	authority := ow.Identity(ow.Authority)
	if _, err := env.RegisterAuthority(ctx, ow.AdminID(), ow.Authority.Address, "acme"); err != nil {
		return latency{}, err
	}
	full, _, err := env.DefineAttributes(ctx, authority, "role:insurer")
	if err != nil {
		return latency{}, err
	}
	if _, err := env.AssignAttributes(ctx, authority, insurer.Address, full...); err != nil {
		return latency{}, err
	}
	ow.ForgetNonces()
	epoch, err := env.KeyEpoch(ctx)
	if err != nil {
		return latency{}, err
	}
	// The key oracle's issuance is not what is timed: the key is made from its master key here.
	ak, err := ow.OracleKeys.Master.KeyGen(nil, append(slices.Clone(full), cpabe.EpochAttribute(epoch)))
	if err != nil {
		return latency{}, err
	}
	rec, err := ow.PutRecord(ctx, ow.Parties["doctor"], ow.Parties["patient"], "bench record read by attributes", full[0])
	if err != nil {
		return latency{}, err
	}
	reads := ow.Set.Reads
	raw := func(e *bindings.AttributeReadsAnswerRevealed) *types.Log { return e.Raw }
	var ms, blocks []float64
	for i := range samples + 1 {
		p, err := env.RequestRead(ctx, ow.Identity(insurer), ak, rec, nil)
		if err != nil {
			return latency{}, err
		}
		seen := time.Now()
		var b uint64
		for {
			var ok bool
			if b, ok, err = tthRevealOn(ctx, reads.BoundContract, reads.ABI.UnpackAnswerRevealedEvent, raw, p.ReadID, t, p.Tx.Block); err != nil {
				return latency{}, err
			} else if ok {
				break
			}
			if err := sleepCtx(ctx, 2*time.Millisecond); err != nil {
				return latency{}, err
			}
		}
		revealed := time.Now()
		if i == 0 {
			continue // the first answer includes the followers' start-up
		}
		ms = append(ms, float64(revealed.Sub(seen).Microseconds())/1000)
		blocks = append(blocks, float64(b-p.Tx.Block))
	}
	return latency{p50ms: rankPercentile(ms, 50), p99ms: rankPercentile(ms, 99), p50blocks: rankPercentile(blocks, 50), p99blocks: rankPercentile(blocks, 99)}, nil
}

// breakGlassLatency times break-glass as an emergency room lives it: emergency staff of another
// hospital open a session for the patient and read her record (its network capsule) through the
// committee's care read, from observing the opening's receipt until the record is decrypted, and
// in blocks from the opening's block to the t-th share's reveal on CareReads. One session per
// sample, closed after it (untimed). p99blocks and p99ms carry the maximum.
func breakGlassLatency(ctx context.Context, dir string, samples int, a *anvilnode.Node) (latency, error) {
	n, t := 3, 2
	if a != nil {
		n, t = 5, 3
	}
	ow, err := newOracleWorld(ctx, dir, 100*time.Millisecond, a, n, t, 1)
	if err != nil {
		return latency{}, err
	}
	defer ow.close()
	env := ow.Env()
	staff, patient := ow.Identity(ow.requester), ow.Parties["patient"]
	if _, err := env.SetEmergencyStaff(ctx, ow.AdminID(), staff.Address(), true); err != nil {
		return latency{}, err
	}
	ow.ForgetNonces()
	rec, err := ow.PutRecord(ctx, ow.Parties["doctor"], patient, "bench record read by break-glass", "")
	if err != nil {
		return latency{}, err
	}
	care := ow.Set.Care
	raw := func(e *bindings.CareReadsAnswerRevealed) *types.Log { return e.Raw }
	var ms, blocks []float64
	for i := range samples + 1 {
		sess, tx, err := env.OpenSession(ctx, staff, patient.Address, "unconscious", time.Hour)
		if err != nil {
			return latency{}, err
		}
		opened := time.Now()
		p, _, _, err := env.EmergencyRead(ctx, staff, sess.ID, rec, io.Discard, client.ReadOptions{})
		if err != nil {
			return latency{}, err
		}
		read := time.Now()
		b, ok, err := tthRevealOn(ctx, care.BoundContract, care.ABI.UnpackAnswerRevealedEvent, raw, p.ReadID, t, tx.Block)
		if err != nil {
			return latency{}, err
		}
		if !ok {
			return latency{}, fmt.Errorf("care read %d was read with fewer than %d reveals on chain", p.ReadID, t)
		}
		if _, err := env.CloseSession(ctx, staff, sess.ID); err != nil {
			return latency{}, err
		}
		if i == 0 {
			continue // the first read includes the followers' start-up
		}
		ms = append(ms, float64(read.Sub(opened).Microseconds())/1000)
		blocks = append(blocks, float64(b-tx.Block))
	}
	return latency{p50ms: rankPercentile(ms, 50), p99ms: slices.Max(ms), p50blocks: rankPercentile(blocks, 50), p99blocks: slices.Max(blocks)}, nil
}
