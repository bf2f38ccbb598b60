package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// Measuring against a peer. The machine is shared by several busy processes, where an
// operation's wall time mostly measures its neighbours (a CPU-bound loop here can get a fifth of
// a core), so suites that compare with umbral-pre time both sides by the CPU time their process
// spends per call, user + system over all its threads (the Go runtime's collector, node's V8
// threads): what the operation costs, and on an idle machine its wall time. Wall time is
// recorded beside it. Each side is measured in rounds interleaved with the other, and the
// fastest round is kept: other work only ever makes a round slower.

// sample is one measurement: mean milliseconds per call.
type sample struct {
	CPU, Wall float64
}

// Budgets of one measurement: it loops until it has used measureCPU of CPU time, or
// measureWall of wall time on a machine too busy to give it that, and at least measureMinCalls
// calls. Quick mode times measureQuickCalls calls.
const (
	measureCPU        = 250 * time.Millisecond
	measureWarm       = 100 * time.Millisecond // node's only: V8 optimises WASM as it runs
	measureWall       = 3 * time.Second
	measureMinCalls   = 3
	measureQuickCalls = 5
	peerRoundsFull    = 3
)

// measure times op, after one untimed call that also checks it works. It runs op in batches
// that double in size until the budget is spent, reading the clocks only between batches (a
// getrusage call per operation would add its own cost to every figure). It uses processCPU,
// which the indexer suite measures with too.
func measure(cfg Config, op func() error) (sample, error) {
	if err := op(); err != nil {
		return sample{}, err
	}
	n, batch := 0, 1
	if cfg.Quick {
		batch = measureQuickCalls
	}
	cpu0, wall0 := processCPU(), time.Now()
	for {
		for range batch {
			if err := op(); err != nil {
				return sample{}, err
			}
		}
		n += batch
		if cfg.Quick || n >= measureMinCalls && (processCPU()-cpu0 >= measureCPU || time.Since(wall0) >= measureWall) {
			break
		}
		batch = min(2*batch, 1024)
	}
	cpu, wall := processCPU()-cpu0, time.Since(wall0)
	return sample{CPU: float64(cpu.Nanoseconds()) / 1e6 / float64(n), Wall: float64(wall.Nanoseconds()) / 1e6 / float64(n)}, nil
}

// timedOp is one of our operations to time.
type timedOp struct {
	name string
	op   func() error
}

// peerRounds measures our operations and umbral-pre's named ones in interleaved rounds (ours,
// then a node run of theirs, then ours again, …) and keeps the fastest sample of each, so that
// the machine's load over the run falls on both sides alike. Quick mode does one short round.
// Without node or the package ours are still measured, and the returned run says what is
// missing (EMRCHAIN_REQUIRE_TOOLCHAIN makes that an error instead, as in CI).
func peerRounds(ctx context.Context, cfg Config, ours []timedOp, threshold, shares int, theirs []string) (map[string]sample, *umbralRun, error) {
	rounds, warmMS, cpuMS := peerRoundCount(cfg), float64(measureWarm.Milliseconds()), float64(measureCPU.Milliseconds())
	if cfg.Quick {
		warmMS, cpuMS = 0, 5
	}
	best := map[string]sample{}
	var peer *umbralRun
	for range rounds {
		for _, o := range ours {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
			s, err := measure(cfg, o.op)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", o.name, err)
			}
			if cur, ok := best[o.name]; ok {
				s.CPU, s.Wall = min(s.CPU, cur.CPU), min(s.Wall, cur.Wall)
			}
			best[o.name] = s
		}
		if len(theirs) == 0 {
			continue
		}
		run, err := umbralMeasure(ctx, warmMS, cpuMS, float64(measureWall.Milliseconds()), 1, threshold, shares, theirs)
		if errors.Is(err, ErrUmbralMissing) && os.Getenv("EMRCHAIN_REQUIRE_TOOLCHAIN") == "" {
			peer, theirs = &umbralRun{Missing: err.Error()}, nil
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		peer = peer.merge(run)
	}
	if peer == nil {
		peer = &umbralRun{Missing: "no umbral-pre operation was asked for"}
	}
	return best, peer, nil
}

// peerRoundCount is how many rounds peerRounds measures.
func peerRoundCount(cfg Config) int {
	if cfg.Quick {
		return 1
	}
	return peerRoundsFull
}

// roundsStat labels a figure kept as the fastest of rounds interleaved rounds.
func roundsStat(rounds int) string {
	if rounds == 1 {
		return "mean of one round"
	}
	return fmt.Sprintf("fastest of %d interleaved rounds", rounds)
}

// wallNote records a row's wall time beside its CPU time.
func wallNote(s sample) string {
	return fmt.Sprintf("wall %s", formatValue(s.Wall, "ms"))
}

// joinNotes joins the non-empty notes of a row.
func joinNotes(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "; ")
}
