package service

import (
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/emrchain/emrchain/oracle/state"
)

// metrics are the oracle's Prometheus series, all under emrchain_oracle_.
type metrics struct {
	events      *prometheus.CounterVec   // kind
	answered    *prometheus.CounterVec   // kind, outcome
	rejected    *prometheus.CounterVec   // kind, reason
	transient   *prometheus.CounterVec   // kind
	lag         prometheus.Gauge         // blocks between the head and the checkpoint
	latency     *prometheus.HistogramVec // kind; event block → answer block, in blocks
	latencySecs *prometheus.HistogramVec // kind; event block time → answer block time
	published   prometheus.Counter
	bumped      prometheus.Counter
	confirmed   prometheus.Counter
	gasUsed     prometheus.Counter
	noFunds     prometheus.Counter
	batchSize   prometheus.Histogram
	rollbacks   prometheus.Counter // reorgs the follower rolled back
	staleLanded prometheus.Counter // answers computed before a reorg and mined for a changed request
}

func newMetrics(reg prometheus.Registerer) *metrics {
	const ns = "emrchain_oracle"
	m := &metrics{
		events: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "events_total",
			Help: "Requests seen in applied blocks (AccessInvoked, KeyRequested)."}, []string{"kind"}),
		answered: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "answered_total",
			Help: "Requests answered: fulfilled or rejected by this oracle, or found answered elsewhere."}, []string{"kind", "outcome"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "rejected_total",
			Help: "Rejections mined, by reason code."}, []string{"kind", "reason"}),
		transient: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "transient_errors_total",
			Help: "Job attempts that failed for a transient reason and were retried."}, []string{"kind"}),
		lag: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "lag_blocks",
			Help: "Blocks between the node's head and the last applied block."}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "answer_latency_blocks",
			Help: "Blocks from a request's event to its answer being mined.", Buckets: []float64{0, 1, 2, 3, 5, 10, 20, 50, 100}}, []string{"kind"}),
		latencySecs: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "answer_latency_seconds",
			Help: "Seconds from a request's block to its answer's block.", Buckets: prometheus.ExponentialBuckets(0.25, 2, 12)}, []string{"kind"}),
		published: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "txs_published_total", Help: "Transactions broadcast, bumps included."}),
		bumped:    prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "txs_bumped_total", Help: "Fee bumps of stuck or underpriced transactions."}),
		confirmed: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "txs_confirmed_total", Help: "Transactions mined and confirmed."}),
		gasUsed:   prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "gas_used_total", Help: "Gas used by confirmed transactions."}),
		noFunds:   prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "insufficient_funds_total", Help: "Sends refused because the oracle cannot pay for gas."}),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: ns, Name: "batch_size",
			Help: "Answers per transaction.", Buckets: []float64{1, 2, 5, 10, 20, 50, 100, 200}}),
		rollbacks: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "reorgs_total", Help: "Reorgs the log follower rolled back."}),
		staleLanded: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "stale_answers_mined_total",
			Help: "Answers computed before a reorg that were mined for an access whose request had changed (only binding answers to the request on chain prevents this)."}),
	}
	reg.MustRegister(m.events, m.answered, m.rejected, m.transient, m.lag, m.latency, m.latencySecs,
		m.published, m.bumped, m.confirmed, m.gasUsed, m.noFunds, m.batchSize, m.rollbacks, m.staleLanded)
	return m
}

// txmgr.Metrics.
func (m *metrics) TxPublished()       { m.published.Inc() }
func (m *metrics) TxBumped()          { m.bumped.Inc() }
func (m *metrics) InsufficientFunds() { m.noFunds.Inc() }
func (m *metrics) TxConfirmed(r *types.Receipt) {
	m.confirmed.Inc()
	m.gasUsed.Add(float64(r.GasUsed))
}

func outcomeLabel(o state.Outcome) string {
	switch o {
	case state.Fulfilled:
		return "fulfilled"
	case state.Rejected:
		return "rejected"
	case state.Erased:
		return "erased"
	}
	return "elsewhere"
}
