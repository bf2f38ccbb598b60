package bench

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/store/postgres"
	"github.com/emrchain/emrchain/indexer/store/sqlite"
	"github.com/emrchain/emrchain/indexer/synth"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/simulated"
)

// Row names and goals of the Indexer suite, shared with its test.
const (
	indexerSection       = "Indexer"
	indexerIngestGoal    = 20_000.0 // events/s into SQLite
	indexerQueryGoalMS   = 20.0     // timeline page p99
	indexerRowFetch      = "ingest: fetch + decode only, no database (floor)"
	indexerRowSQLite     = "ingest into SQLite"
	indexerRowSQLiteCPU  = "ingest into SQLite, process CPU time per event (simulated node + poller + store)"
	indexerRowPostgres   = "ingest into PostgreSQL"
	indexerRowQueryP50   = "timeline page of 100, p50"
	indexerRowQueryP99   = "timeline page of 100, p99"
	indexerRowFilterP99  = "timeline page, time window + action filter, p99"
	indexerRowWholeQuery = "whole timeline of the patient (pages of 1,000)"
	indexerRowBuild      = "build the synthetic database (store API, batches of 10,000)"
)

// indexerScale is how big a run is.
type indexerScale struct {
	events       int // real chain events to ingest
	runs         int // ingestion runs; the fastest is reported
	dbEvents     int // synthetic events in the query database
	patientShare int // of which on the measured patient's timeline
	queries      int // timeline pages timed
}

func indexerScaleOf(cfg Config) indexerScale {
	if cfg.Quick {
		return indexerScale{events: 5_000, runs: 1, dbEvents: 20_000, patientShare: 1_000, queries: 200}
	}
	return indexerScale{events: 100_000, runs: 3, dbEvents: 1_000_000, patientShare: 10_000, queries: 2_000}
}

// Indexer measures the audit indexer: ingestion of real contract logs from a simulated chain
// (the in-process node, answering JSON-RPC) into SQLite and, when EMRCHAIN_TEST_POSTGRES names a
// database, PostgreSQL, beside the rate of fetching and decoding alone; and timeline queries on a
// patient with 10,000 events in a database of 1,000,000. That database is synthetic: its events
// are ABI-encoded exactly as the contracts emit them and written through the store's own batch
// API, because mining a million events would take hours, and the query path does not care where
// rows came from. Quick mode scales everything down and says so in the row names.
func Indexer(ctx context.Context, cfg Config) ([]Measurement, error) {
	sc := indexerScaleOf(cfg)
	dir, err := os.MkdirTemp("", "emrchain-bench-indexer")
	if err != nil {
		return nil, fmt.Errorf("indexer bench: %w", err)
	}
	defer os.RemoveAll(dir)

	ingest, err := indexerIngest(ctx, sc, dir)
	if err != nil {
		return nil, fmt.Errorf("indexer bench: ingest: %w", err)
	}
	query, err := indexerQuery(ctx, sc, dir)
	if err != nil {
		return nil, fmt.Errorf("indexer bench: query: %w", err)
	}
	return append(ingest, query...), nil
}

// indexerChain mines sc.events RequesterAdded logs, 250 per transaction and block, from four
// patients, on a simulated chain with emrchain deployed.
func indexerChain(ctx context.Context, sc indexerScale) (*simulated.Chain, *deploy.Manifest, error) {
	admin := simulated.DevAccount("bench-admin")
	accounts := []simulated.Account{admin}
	for i := range 4 {
		accounts = append(accounts, simulated.DevAccount(fmt.Sprintf("bench-patient-%d", i)))
	}
	chain := simulated.NewChain(accounts)
	m, err := deploy.Deploy(ctx, chain.Client, admin.Opts(chain.ChainID), admin.Address)
	if err != nil {
		chain.Close()
		return nil, nil, err
	}
	set := contracts.Bind(chain.Client, m.Addresses())
	// Only an active patient may write her index.
	env := &client.Env{Backend: chain.Client, Set: set, ChainID: chain.ChainID}
	adminID := &client.Identity{Name: "bench-admin", Key: admin.Key}
	for i, a := range accounts[1:] {
		id, err := client.NewIdentity(fmt.Sprintf("bench-patient-%d", i), a.Key, nil)
		if err == nil {
			_, err = env.Enroll(ctx, adminID, client.EnrollmentOf(id, client.RolePatient, "", id.Name))
		}
		if err != nil {
			chain.Close()
			return nil, nil, fmt.Errorf("enrol %s: %w", a.Address, err)
		}
	}
	const perTx = 250
	for sent := 0; sent < sc.events; sent += perTx {
		if err := ctx.Err(); err != nil {
			chain.Close()
			return nil, nil, err
		}
		rs := make([]common.Address, min(perTx, sc.events-sent))
		for i := range rs {
			rs[i] = common.BigToAddress(big.NewInt(int64(sent + i + 1)))
		}
		who := accounts[1+(sent/perTx)%4]
		if _, err := contracts.Send(ctx, chain.Client, who.Opts(chain.ChainID), set.Index.BoundContract, set.Index.ABI.PackAddRequesters(rs)); err != nil {
			chain.Close()
			return nil, nil, err
		}
	}
	return chain, m, nil
}

// watched signals when a range reaching the target block has been applied.
type watched struct {
	logpoller.Store
	target uint64
	done   chan struct{}
	once   sync.Once
	logs   atomic.Int64 // logs the store accepted
}

func (w *watched) Apply(ctx context.Context, r logpoller.Range) error {
	if err := w.Store.Apply(ctx, r); err != nil {
		return err
	}
	w.logs.Add(int64(len(r.Logs)))
	if r.Last().Number >= w.target {
		w.once.Do(func() { close(w.done) })
	}
	return nil
}

// processCPU is the CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// indexerIngestOnce runs a log poller (Run, which fetches the next range while the store
// writes the current one) from the deployment block to the head into st and returns the
// events per second and the process's CPU time per event, which other load on the machine
// does not inflate.
func indexerIngestOnce(ctx context.Context, chain *simulated.Chain, m *deploy.Manifest, st logpoller.Store, events int) (float64, time.Duration, error) {
	head, err := chain.Client.BlockNumber(ctx)
	if err != nil {
		return 0, 0, err
	}
	w := &watched{Store: st, target: head, done: make(chan struct{})}
	p := logpoller.New(chain.Client, logpoller.Config{
		Addresses: m.Addresses().List(), StartBlock: m.DeploymentBlock, MaxRange: 100, PollInterval: time.Millisecond,
	}, w, zerolog.Nop())
	runCtx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	stopped := make(chan error, 1)
	start, cpu := time.Now(), processCPU()
	go func() { stopped <- p.Run(runCtx) }()
	select {
	case <-w.done:
		elapsed, used := time.Since(start), processCPU()-cpu
		cancel()
		<-stopped
		// The rate is of what the store accepted, not of what was meant to be there: a poller
		// that skipped ranges would otherwise look fast.
		stored := w.logs.Load()
		if stored < int64(events) {
			return 0, 0, fmt.Errorf("the store accepted %d logs, the chain holds at least %d", stored, events)
		}
		return float64(stored) / elapsed.Seconds(), used / time.Duration(stored), nil
	case err := <-stopped:
		return 0, 0, fmt.Errorf("log poller stopped before the head: %w", err)
	}
}

// indexerSink is one ingestion destination: it opens a fresh store for each run.
type indexerSink struct {
	row  string
	open func(run int) (logpoller.Store, func() error, error)
}

func indexerIngest(ctx context.Context, sc indexerScale, dir string) ([]Measurement, error) {
	chain, m, err := indexerChain(ctx, sc)
	if err != nil {
		return nil, err
	}
	defer chain.Close()
	scale := fmt.Sprintf("%d real RequesterAdded logs", sc.events)
	fastest, least := "one run", "one run"
	if sc.runs > 1 {
		fastest, least = fmt.Sprintf("fastest of %d interleaved runs", sc.runs), fmt.Sprintf("least of %d interleaved runs", sc.runs)
	}
	sinks := []indexerSink{
		{indexerRowFetch, func(int) (logpoller.Store, func() error, error) {
			decodeOnly := &logpoller.Memory{OnApply: func(_ context.Context, r logpoller.Range) error {
				_, err := store.NewBatch(r)
				return err
			}}
			return decodeOnly, func() error { return nil }, nil
		}},
		{indexerRowSQLite, func(run int) (logpoller.Store, func() error, error) {
			st, err := sqlite.Open(ctx, filepath.Join(dir, fmt.Sprintf("ingest-%d.db", run)))
			if err != nil {
				return nil, nil, err
			}
			return store.Follower(st), st.Close, nil
		}},
	}
	if dsn := os.Getenv("EMRCHAIN_TEST_POSTGRES"); dsn != "" {
		sinks = append(sinks, indexerSink{indexerRowPostgres, func(int) (logpoller.Store, func() error, error) {
			schemaDSN, drop, err := postgres.NewSchema(ctx, dsn, "bench_indexer")
			if err != nil {
				return nil, nil, err
			}
			st, err := postgres.Open(ctx, schemaDSN)
			if err != nil {
				drop(ctx)
				return nil, nil, err
			}
			return store.Follower(st), func() error { st.Close(); return drop(ctx) }, nil
		}})
	}
	// Runs are interleaved so that each destination sees the same share of the shared
	// machine's other load; the fastest run of each is the best estimate of its own cost.
	best := make([]float64, len(sinks))
	leastCPU := make([]time.Duration, len(sinks))
	for run := range sc.runs {
		for i, sink := range sinks {
			st, closeFn, err := sink.open(run)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", sink.row, err)
			}
			rate, cpu, err := indexerIngestOnce(ctx, chain, m, st, sc.events)
			if cerr := closeFn(); err == nil {
				err = cerr
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", sink.row, err)
			}
			best[i] = max(best[i], rate)
			if leastCPU[i] == 0 || cpu < leastCPU[i] {
				leastCPU[i] = cpu
			}
		}
	}
	fetch := best[0]
	rows := []Measurement{{Section: indexerSection, Name: indexerRowFetch + ", " + scale, Value: fetch, Unit: "events/s", Stat: fastest}}
	for i, sink := range sinks[1:] {
		r := Measurement{Section: indexerSection, Name: sink.row + ", " + scale, Value: best[i+1], Unit: "events/s", Stat: fastest,
			Ratio: fmt.Sprintf("%.0f%% of the fetch floor", 100*best[i+1]/fetch)}
		if sink.row != indexerRowSQLite {
			rows = append(rows, r)
			continue
		}
		r.Goal, r.GoalMet = fmt.Sprintf("≥ %.0f events/s", indexerIngestGoal), AtLeast(best[i+1], indexerIngestGoal)
		us := float64(leastCPU[i+1].Nanoseconds()) / 1e3
		rows = append(rows, r, Measurement{Section: indexerSection, Name: indexerRowSQLiteCPU + ", " + scale, Value: us, Unit: "µs", Stat: least,
			Ratio: fmt.Sprintf("%.0f events/s per busy core", 1e6/us)})
	}
	return rows, nil
}

// indexerSynthetic fills st with sc.dbEvents events; sc.patientShare of them, spread evenly,
// are on target's timeline, cycling through the access protocol so that every join of the
// timeline query has rows to find. The rest belong to 9,999 other patients. It returns how many
// events the store accepted.
func indexerSynthetic(ctx context.Context, sc indexerScale, st store.Store, target common.Address) (int, error) {
	addrs := contracts.Addresses{
		Registry: common.Address{1}, Records: common.Address{2}, Index: common.Address{3},
		Access: common.Address{4}, Attributes: common.Address{5}, Keys: common.Address{6},
		Proxies: common.Address{7}, Reads: common.Address{8},
	}
	c := synth.New(addrs, 1_000, 1_700_000_000)
	requester, oracle, registrar := common.Address{0xaa}, common.Address{0xbb}, common.Address{0xcc}
	emit := func(contract, event string, args ...any) error {
		_, err := c.Emit(contract, event, args...)
		return err
	}
	follower := store.Follower(st)
	accepted := 0
	flush := func() error {
		r, ok := c.Take()
		if !ok {
			return nil
		}
		c.Forget()
		if err := follower.Apply(ctx, r); err != nil {
			return err
		}
		accepted += len(r.Logs)
		return nil
	}
	c.Block()
	for _, p := range []struct {
		a    common.Address
		role uint8
	}{{target, 1}, {requester, 3}, {oracle, 6}} {
		if err := emit(deploy.Registry, "ParticipantEnrolled", p.a, p.role, [32]byte{}, registrar, [32]byte{}, [32]byte{}, []byte{}); err != nil {
			return 0, err
		}
	}
	purpose := crypto.Keccak256Hash([]byte("treatment"))
	every := sc.dbEvents / sc.patientShare
	var request, access uint64
	// The enrolments above are three events, the target's first entry among them.
	for i := 1; i <= sc.dbEvents-3; i++ {
		if i%100 == 0 {
			c.Block()
		}
		var err error
		if i%every == 0 {
			record := crypto.Keccak256Hash(big.NewInt(int64(i)).Bytes())
			switch (i / every) % 7 {
			case 0:
				request++
				err = emit(deploy.AccessLedger, "AccessRequested", request, target, requester, record, uint8(0), purpose)
			case 1:
				grant := bindings.IAccessLedgerGrant{NotAfter: 2_000_000_000, Operations: 1, CommitteeId: 1, Threshold: 1, MemberMask: 1}
				err = emit(deploy.AccessLedger, "AccessGranted", request, target, requester, record, uint32(1), uint32(0), uint16(1), grant, [32]byte{1}, []byte("rekey"), make([]byte, 64))
			case 2:
				access++
				err = emit(deploy.AccessLedger, "AccessInvoked", access, request, target, requester, record, uint32(1), uint16(0))
			case 3:
				err = emit(deploy.AccessLedger, "AnswerCommitted", access, oracle, uint8(1), [32]byte{2})
			case 4:
				err = emit(deploy.AccessLedger, "AccessFulfilled", access, request, target, requester, uint16(1))
			case 5:
				err = emit(deploy.KeywordIndex, "SearchPerformed", target, requester, [32]byte{3}, big.NewInt(0), big.NewInt(10))
			case 6:
				err = emit(deploy.KeywordIndex, "RequesterAdded", target, common.BigToAddress(big.NewInt(int64(i))))
			}
		} else {
			other := common.BigToAddress(big.NewInt(int64(1 + i%9_999)))
			err = emit(deploy.KeywordIndex, "RequesterAdded", other, requester)
		}
		if err != nil {
			return 0, err
		}
		if i%10_000 == 9_999 {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := flush(); err != nil {
		return 0, err
	}
	return accepted, nil
}

func percentile(sorted []time.Duration, p float64) float64 {
	i := int(p * float64(len(sorted)-1))
	return float64(sorted[i].Microseconds()) / 1000
}

func indexerQuery(ctx context.Context, sc indexerScale, dir string) ([]Measurement, error) {
	st, err := sqlite.Open(ctx, filepath.Join(dir, "query.db"))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	target := common.HexToAddress("0x7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a")
	start := time.Now()
	stored, err := indexerSynthetic(ctx, sc, st, target)
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	build := time.Since(start)
	// The rate is of what the store accepted, as for ingestion.
	if stored < sc.dbEvents {
		return nil, fmt.Errorf("build: the store accepted %d of %d synthetic events", stored, sc.dbEvents)
	}

	// Every page start, then pages from random starts.
	var cursors []string
	f := store.Filter{Limit: 100}
	total := 0
	wholeStart := time.Now()
	for {
		page, next, err := st.Timeline(ctx, target, store.Filter{Limit: store.MaxLimit, Cursor: f.Cursor})
		if err != nil {
			return nil, err
		}
		total += len(page)
		if next == "" {
			break
		}
		f.Cursor = next
	}
	whole := time.Since(wholeStart)
	if total != sc.patientShare {
		return nil, fmt.Errorf("patient has %d entries, want %d", total, sc.patientShare)
	}
	f.Cursor = ""
	for {
		cursors = append(cursors, f.Cursor)
		_, next, err := st.Timeline(ctx, target, f)
		if err != nil {
			return nil, err
		}
		if next == "" {
			break
		}
		f.Cursor = next
	}
	rng := rand.New(rand.NewPCG(1, 2))
	timePage := func(f store.Filter) (time.Duration, error) {
		t0 := time.Now()
		page, _, err := st.Timeline(ctx, target, f)
		d := time.Since(t0)
		if err == nil && len(page) == 0 {
			err = fmt.Errorf("empty page")
		}
		return d, err
	}
	var plain, filtered []time.Duration
	first, last := time.Unix(1_700_000_000, 0), time.Unix(1_700_000_000+int64(sc.dbEvents/100)*synth.BlockTime, 0)
	span := last.Sub(first)
	for range sc.queries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, err := timePage(store.Filter{Limit: 100, Cursor: cursors[rng.IntN(len(cursors))]})
		if err != nil {
			return nil, err
		}
		plain = append(plain, d)
		from := first.Add(time.Duration(rng.Int64N(int64(span / 2))))
		d, err = timePage(store.Filter{Limit: 100, From: from, To: from.Add(span / 2),
			Actions: []timeline.Action{timeline.AccessGranted, timeline.AccessFulfilled}})
		if err != nil {
			return nil, err
		}
		filtered = append(filtered, d)
	}
	sort.Slice(plain, func(i, j int) bool { return plain[i] < plain[j] })
	sort.Slice(filtered, func(i, j int) bool { return filtered[i] < filtered[j] })

	scale := fmt.Sprintf("SQLite, patient with %d of %d synthetic events", sc.patientShare, sc.dbEvents)
	if sc.dbEvents < 1_000_000 {
		scale += " (quick scale; the goal is stated at 10,000 of 1,000,000)"
	}
	p99 := percentile(plain, 0.99)
	return []Measurement{
		{Section: indexerSection, Name: indexerRowBuild + ", " + scale, Value: float64(stored) / build.Seconds(), Unit: "events/s"},
		{Section: indexerSection, Name: indexerRowQueryP50 + ", " + scale, Value: percentile(plain, 0.5), Unit: "ms",
			Ratio: fmt.Sprintf("%d random pages", sc.queries)},
		{Section: indexerSection, Name: indexerRowQueryP99 + ", " + scale, Value: p99, Unit: "ms",
			Goal: fmt.Sprintf("≤ %.0f ms", indexerQueryGoalMS), GoalMet: AtMost(p99, indexerQueryGoalMS),
			Ratio: fmt.Sprintf("%d random pages", sc.queries)},
		{Section: indexerSection, Name: indexerRowFilterP99 + ", " + scale, Value: percentile(filtered, 0.99), Unit: "ms",
			Ratio: "2 of 6 actions over a random half of the chain's time"},
		{Section: indexerSection, Name: indexerRowWholeQuery + ", " + scale, Value: float64(whole.Microseconds()) / 1000, Unit: "ms"},
	}, nil
}
