package service

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/emrchain/emrchain/logpoller"
)

// registerMetrics exposes ingestion on /metrics: progress and health read from the poller's
// status at each scrape, and counters kept by the follower.
func registerMetrics(reg *prometheus.Registry, s *Service) {
	gauge := func(name, help string, f func(logpoller.Status) float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "emrchain", Subsystem: "indexer", Name: name, Help: help},
			func() float64 { return f(s.poller.Status()) })
	}
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		gauge("cursor_block", "The last block whose events are all stored.", func(st logpoller.Status) float64 { return float64(st.Cursor.Number) }),
		gauge("node_head_block", "The node's head as last read.", func(st logpoller.Status) float64 { return float64(st.NodeHead) }),
		gauge("lag_blocks", "Blocks between the cursor and the highest block ingestion may apply (the head less the confirmations, or the finalized block).",
			func(st logpoller.Status) float64 { return float64(st.Lag()) }),
		gauge("node_behind_blocks", "How far the node's head is below the stored cursor (0 unless the node is behind or was reset).",
			func(st logpoller.Status) float64 {
				if !st.Behind || st.NodeHead > st.Cursor.Number {
					return 0
				}
				return float64(st.Cursor.Number - st.NodeHead)
			}),
		gauge("node_silent_seconds", "Seconds since the node last answered.", func(st logpoller.Status) float64 {
			if st.NodeHeadAt.IsZero() {
				return -1
			}
			return time.Since(st.NodeHeadAt).Seconds()
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "emrchain", Subsystem: "indexer", Name: "healthy",
			Help: "1 while ingestion follows the node (what /healthz answers 200 to), else 0."},
			func() float64 {
				if s.Health() == nil {
					return 1
				}
				return 0
			}),
	)
}

// chainFollower is a log poller store that remembers its chain's genesis.
type chainFollower interface {
	logpoller.Store
	logpoller.ChainStore
}

// countingFollower counts what the poller hands the store. It passes the genesis through, so
// the poller still refuses a node on another chain.
type countingFollower struct {
	chainFollower
	ranges, events, rollbacks, rolledBack prometheus.Counter
}

func newCountingFollower(f logpoller.Store, reg *prometheus.Registry) *countingFollower {
	counter := func(name, help string) prometheus.Counter {
		c := prometheus.NewCounter(prometheus.CounterOpts{Namespace: "emrchain", Subsystem: "indexer", Name: name, Help: help})
		reg.MustRegister(c)
		return c
	}
	return &countingFollower{
		chainFollower: f.(chainFollower),
		ranges:        counter("ranges_applied_total", "Block ranges stored."),
		events:        counter("logs_applied_total", "Logs of the deployment stored."),
		rollbacks:     counter("rollbacks_total", "Reorgs rolled back."),
		rolledBack:    counter("rolled_back_blocks_total", "Blocks dropped by rollbacks."),
	}
}

func (c *countingFollower) Apply(ctx context.Context, r logpoller.Range) error {
	if err := c.chainFollower.Apply(ctx, r); err != nil {
		return err
	}
	c.ranges.Inc()
	c.events.Add(float64(len(r.Logs)))
	return nil
}

func (c *countingFollower) Rollback(ctx context.Context, to logpoller.Header) error {
	cur, ok, _ := c.chainFollower.Cursor(ctx)
	if err := c.chainFollower.Rollback(ctx, to); err != nil {
		return err
	}
	c.rollbacks.Inc()
	if ok && cur.Number > to.Number {
		c.rolledBack.Add(float64(cur.Number - to.Number))
	}
	return nil
}
