// Package service runs an emrchain oracle process: a proxy node (role proxy) follows the
// committee gates' events and ProxyNetwork's, takes part in its committees' DKG (package
// committee), and for every request it is named in commits its answer, reveals it once the
// access is fulfilled and the commit final, and checks the other members' reveals, reporting a
// wrong one (package gates); the key issuer (role keys) answers every KeyRequested with a CP-ABE
// key or a rejection. Each answer is sent exactly once.
//
// # Pipeline
//
//	logpoller → state (SQLite: checkpoint + jobs, one transaction per range)
//	dispatcher → workers (gates.Handler / keys.Handler: on-chain checks, crypto, IPFS)
//	→ batcher (commitMany and revealMany per gate) → txmgr (journal, send, bump, confirm)
//	→ state (job done) and metrics
//
// A gate's request (AccessInvoked, ReadRequested, TokenRequested) makes a commit job; its
// AnswerFulfilled, applied at the node's depth, a reveal job, which waits until this node's
// commit job is done and final; another member's AnswerRevealed a fault-check job. A
// RecordErased makes no job: applying it forgets the record's answers (package state, "Erased
// records"), and no reveal of an erased record is sent, even while its erasure is not yet final.
//
// # Exactly once
//
// The checkpoint and the jobs of a block range are committed together, so a restart resumes
// from the checkpoint with every job of the applied blocks on disk: nothing is missed and no
// event is applied twice. Each job is answered only after reading its state on chain (the
// gate's answer state and liveness, the key request's status), and gas estimation runs the call before anything is
// signed, so a request answered already — by this oracle before a crash, or by another — costs
// no gas. Every signed transaction is recorded with the jobs it answers before it is broadcast;
// after a restart those jobs wait for their recorded transactions instead of sending new ones.
// Writes are tied to the generation of the job's event, so an answer computed for an event that
// a reorg removed is never recorded or sent; one already sent is held, or withdrawn with a
// cancellation when its event changed (package state, "Reorgs and transactions already sent").
//
// # Failures
//
// The request's faults are answered with a reason code (package answer). Everything else — RPC
// or IPFS down, no funds for gas, a node behind — is retried with exponential backoff between
// Config.RetryMin and RetryMax, logged, counted in emrchain_oracle_transient_errors_total and
// shown by /healthz while it lasts; nothing is dropped.
package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/dkg"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/crypto/shamir"
	"github.com/emrchain/emrchain/crypto/tdec"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/oracle/chain"
	"github.com/emrchain/emrchain/oracle/committee"
	"github.com/emrchain/emrchain/oracle/gates"
	"github.com/emrchain/emrchain/oracle/keyring"
	"github.com/emrchain/emrchain/oracle/keys"
	"github.com/emrchain/emrchain/oracle/state"
	"github.com/emrchain/emrchain/oracle/txmgr"
	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/embedded"
	"github.com/emrchain/emrchain/storage/kubo"
)

// Client is what the oracle needs from a node; *ethclient.Client and the simulated backend's
// client satisfy it.
type Client interface {
	bind.ContractBackend
	ChainID(ctx context.Context) (*big.Int, error)
	BlockNumber(ctx context.Context) (uint64, error)
	NonceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (uint64, error)
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*types.Receipt, error)
	BalanceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (*big.Int, error)
}

// Option supplies a dependency instead of building it from Config.
type Option func(*options)

type options struct {
	client   Client
	store    storage.Store
	keys     *keyring.Keys
	log      *zerolog.Logger
	hook     Hook
	registry *prometheus.Registry
	random   io.Reader
	deal     func(*dkg.Participant) (*dkg.Deal, error)
	wrong    bool
}

// WithClient uses client instead of dialling Config.RPCURL.
func WithClient(c Client) Option { return func(o *options) { o.client = c } }

// WithStore uses store instead of opening Config.IPFSAPI or IPFSDir.
func WithStore(s storage.Store) Option { return func(o *options) { o.store = s } }

// WithKeys uses loaded keys instead of reading Config.KeyDir.
func WithKeys(k *keyring.Keys) Option { return func(o *options) { o.keys = k } }

// WithLogger sets the logger (default: JSON lines on stderr).
func WithLogger(l zerolog.Logger) Option { return func(o *options) { o.log = &l } }

// WithHook installs a fault-injection hook; see Point.
func WithHook(h Hook) Option { return func(o *options) { o.hook = h } }

// WithRegistry registers the metrics in reg instead of a registry of the service's own.
func WithRegistry(reg *prometheus.Registry) Option { return func(o *options) { o.registry = reg } }

// WithRandom sets the randomness for CP-ABE key generation and the DKG (default crypto/rand).
func WithRandom(r io.Reader) Option { return func(o *options) { o.random = r } }

// WithCommitteeDeal draws the node's DKG deals with deal instead of dkg.Participant.Deal: tests
// use it to play a cheating dealer (dkg.Participant.DealCheating).
func WithCommitteeDeal(deal func(*dkg.Participant) (*dkg.Deal, error)) Option {
	return func(o *options) { o.deal = deal }
}

// WithWrongAnswers makes a proxy node answer every request with a fragment or share made for
// another request (a valid point whose proof fails): tests use it to play a lying member, whose
// fault the other members and the requester report on chain.
func WithWrongAnswers() Option { return func(o *options) { o.wrong = true } }

// Service is a running oracle.
type Service struct {
	cfg      Config
	log      zerolog.Logger
	client   Client
	closers  []func() error
	ipfs     storage.Store
	keys     *keyring.Keys
	set      *contracts.Set
	reader   *chain.Reader
	state    *state.Store
	txm      *txmgr.Manager
	metrics  *metrics
	registry *prometheus.Registry
	hook     Hook
	follower *follower
	poller   *logpoller.Poller
	gates    *gates.Handler
	issuer   *keys.Handler
	random   io.Reader
	start    uint64

	// The proxy role's committee membership: its own log poller over ProxyNetwork.
	committees      *committee.Node
	committeeStore  *committee.Store
	committeePoller *logpoller.Poller
	committeeDeal   func(*dkg.Participant) (*dkg.Deal, error)

	wake    chan struct{}
	rescan  chan struct{} // a full dispatcher pass: after a rollback, or answers settled by the follower
	answers chan pending
	sem     chan struct{}
	health  health

	mu          sync.Mutex
	inflight    map[state.Key]bool
	reveals     map[state.Key]*gates.Reveal // other members' reveals as decoded, for their checks
	withdrawing map[uint64]bool             // nonces being withdrawn

	done      chan struct{} // closed when the follower stops on its own
	followErr error

	runCtx, sendCtx       context.Context
	runCancel, sendCancel context.CancelFunc
	loops, workers, sends sync.WaitGroup
	http                  *http.Server
	httpAddr              string
	started, stopped      bool
}

// New builds an oracle from cfg: it loads the keys, opens the state database and the IPFS store
// and dials the node, unless options supply them. Nothing runs until Start.
func New(cfg Config, opts ...Option) (s *Service, err error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	cfg = cfg.WithDefaults()
	if err := cfg.Check(o.client != nil, o.store != nil, o.keys != nil); err != nil {
		return nil, err
	}
	s = &Service{
		cfg: cfg, hook: o.hook, random: o.random, committeeDeal: o.deal,
		done: make(chan struct{}), wake: make(chan struct{}, 1), rescan: make(chan struct{}, 1), answers: make(chan pending, cfg.MaxBatch),
		sem: make(chan struct{}, cfg.MaxInFlight), inflight: map[state.Key]bool{}, withdrawing: map[uint64]bool{},
	}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	if o.log != nil {
		s.log = *o.log
	} else {
		s.log = zerolog.New(os.Stderr).With().Timestamp().Str("service", "oracle").Logger()
	}
	s.log = s.log.With().Str("role", string(cfg.Role)).Logger()

	if s.keys = o.keys; s.keys == nil {
		pass, err := keyring.ReadPassphrases(cfg.Role, true, cfg.PassphraseFiles,
			func(file string) (keyfile.Passphrase, error) { return keyfile.ReadPassphrase(file, "") },
			func() (keyfile.Passphrase, error) {
				return keyfile.ReadPassphrase(cfg.PassphraseFile, cfg.PassphraseEnv)
			})
		if err != nil {
			return nil, err
		}
		if s.keys, err = keyring.Load(cfg.KeyDir, cfg.Role, pass); err != nil {
			return nil, err
		}
	}
	// The development oracle ("all") may run without DKG storage: it then joins no committee.
	if s.keys.Transport == nil || cfg.Role == RoleProxy && s.keys.Committees == nil || cfg.Role.Keys() && s.keys.Master == nil {
		return nil, fmt.Errorf("oracle: role %s needs keys that were not loaded", cfg.Role)
	}
	// Keys supplied in process are checked for the role too: a proxy must not hold the
	// CP-ABE master key.
	if cfg.Role == RoleProxy && s.keys.Master != nil {
		return nil, fmt.Errorf("oracle: %w: the proxy role was given the CP-ABE master key", keyring.ErrForeignSecret)
	}

	addrs, start := cfg.Addresses, cfg.StartBlock
	if cfg.Manifest != "" {
		m, err := deploy.ReadManifest(cfg.Manifest)
		if err != nil {
			return nil, err
		}
		addrs = m.Addresses()
		if start == 0 {
			start = m.DeploymentBlock
		}
	}
	s.start = start

	if s.client = o.client; s.client == nil {
		c, err := ethclient.Dial(cfg.RPCURL)
		if err != nil {
			return nil, fmt.Errorf("oracle: dial %s: %w", cfg.RPCURL, err)
		}
		s.client = c
		s.closers = append(s.closers, func() error { c.Close(); return nil })
	}
	if s.ipfs = o.store; s.ipfs == nil {
		if cfg.IPFSAPI != "" {
			if s.ipfs, err = kubo.New(cfg.IPFSAPI); err != nil {
				return nil, err
			}
		} else {
			e, err := embedded.Open(cfg.IPFSDir)
			if err != nil {
				return nil, err
			}
			s.ipfs = e
			s.closers = append(s.closers, e.Close)
		}
	}
	if s.state, err = state.Open(cfg.StatePath, state.Options{NoSync: cfg.StateNoSync}); err != nil {
		return nil, err
	}
	s.closers = append(s.closers, s.state.Close)
	if cfg.Role.Proxy() && s.keys.Committees != nil {
		if s.committeeStore, err = committee.OpenStore(cfg.StatePath, cfg.StateNoSync); err != nil {
			return nil, err
		}
		s.closers = append(s.closers, s.committeeStore.Close)
	}

	if s.registry = o.registry; s.registry == nil {
		s.registry = prometheus.NewRegistry()
	}
	s.metrics = newMetrics(s.registry)
	s.set = contracts.Bind(s.client, addrs)
	s.reader = chain.NewReader(s.set, s.client, start)
	if cfg.Role.Proxy() {
		chainID, err := s.client.ChainID(context.Background())
		if err != nil {
			return nil, fmt.Errorf("oracle: chain id: %w", err)
		}
		s.gates = gates.New(gates.Config{Self: s.keys.Address, ChainID: chainID.Uint64(), Transport: s.keys.Transport, FromBlock: start,
			Random: s.random, Wrong: o.wrong}, s.set, s.client, s.ipfs, sharesOf{s})
	}
	if cfg.Role.Keys() {
		s.issuer = keys.New(s.ipfs, s.keys.Master, s.random)
	}
	s.reveals = map[state.Key]*gates.Reveal{}
	s.follower = &follower{store: s.state, set: s.set, self: s.keys.Address, revealed: s.keepReveal, erased: s.forgetRecords, role: cfg.Role, log: s.log, metrics: s.metrics, hook: s.hook, notify: s.poke, rescan: s.pokeFull}
	return s, nil
}

// startCommittees builds the proxy node's committee membership and its log poller over
// ProxyNetwork, with the same finality as the request follower.
func (s *Service) startCommittees(ctx context.Context, chainID *big.Int) error {
	if s.committeeStore == nil {
		return nil
	}
	if s.set.Addresses.Proxies == (common.Address{}) {
		s.log.Warn().Msg("no ProxyNetwork address configured; this node takes part in no committee")
		return nil
	}
	identity := fmt.Sprintf("chain %s proxy network %s", chainID, s.set.Addresses.Proxies)
	if err := s.committeeStore.Bind(ctx, identity); err != nil {
		return err
	}
	s.committees = committee.New(committee.Config{
		Self: s.keys.Address, ChainID: chainID.Uint64(), Contract: s.set.Addresses.Proxies, Keys: s.keys.Committees,
		Random: s.random, Deal: s.committeeDeal,
		Hook: func(event string) {
			switch event {
			case "deal-drawn":
				s.hook.at(PointDealDrawn)
			case "recorded:deal":
				s.hook.at(PointDealRecorded)
			}
		},
	}, s.committeeStore, s.set.Proxies, s.client, s.txm, s.log.With().Str("component", "committees").Logger())
	addrs, topics := s.committees.Filter()
	fin, _ := s.cfg.Finality.ForChain(chainID.Uint64())
	s.committeePoller = logpoller.New(s.client, logpoller.Config{
		Addresses: addrs, Topics: topics, StartBlock: s.start, Confirmations: fin.Confirmations, Finalized: fin.Finalized,
		MaxRange: s.cfg.MaxRange, PollInterval: s.cfg.PollInterval,
	}, s.committees, s.log.With().Str("component", "committee-logpoller").Logger())
	if err := s.committeePoller.CheckChain(ctx); errors.Is(err, logpoller.ErrWrongChain) {
		return fmt.Errorf("oracle: committees: %w", err)
	}
	return nil
}

// Committees is the proxy node's committee membership, nil for the keys role or without a
// ProxyNetwork.
func (s *Service) Committees() *committee.Node { return s.committees }

// Address is the oracle's transaction account, which must be enrolled as an active oracle.
func (s *Service) Address() common.Address { return s.keys.Address }

// Registry is the Prometheus registry holding the oracle's metrics.
func (s *Service) Registry() *prometheus.Registry { return s.registry }

// MetricsAddr is the address the metrics server listens on (useful with port 0), or "".
func (s *Service) MetricsAddr() string { return s.httpAddr }

// State is the oracle's database, for inspection by tests and tools.
func (s *Service) State() *state.Store { return s.state }

// Start checks the node and the deployment, rebroadcasts answers left in flight by a previous
// run, and starts following events. ctx bounds the start-up checks only.
func (s *Service) Start(ctx context.Context) error {
	if s.started {
		return errors.New("oracle: already started")
	}
	chainID, err := s.client.ChainID(ctx)
	if err != nil {
		return fmt.Errorf("oracle: chain id: %w", err)
	}
	if err := s.checkDeployment(ctx, chainID); err != nil {
		return err
	}
	identity := fmt.Sprintf("chain %s access %s keys %s", chainID, s.set.Addresses.Access, s.set.Addresses.Keys)
	if err := s.state.Bind(ctx, identity); err != nil {
		return err
	}
	tcfg := txmgr.DefaultConfig(s.keys.Address, txmgr.PrivateKeySigner(s.keys.TxKey, chainID))
	tcfg.NumConfirmations = s.cfg.TxConfirmations
	tcfg.ReceiptQueryInterval = s.cfg.ReceiptPollInterval
	tcfg.ResubmissionTimeout = s.cfg.ResubmissionTimeout
	tcfg.FeeLimitMultiplier = s.cfg.FeeLimitMultiplier
	tcfg.MinTipCap = s.cfg.MinTipCap
	if s.txm, err = txmgr.New(ctx, tcfg, hookedBackend{Client: s.client, hook: s.hook}, s.log.With().Str("component", "txmgr").Logger(), s.metrics); err != nil {
		return err
	}
	s.checkAccount(ctx)
	s.rebroadcast(ctx)
	if err := s.startCommittees(ctx, chainID); err != nil {
		return err
	}

	s.runCtx, s.runCancel = context.WithCancel(context.Background())
	s.sendCtx, s.sendCancel = context.WithCancel(context.Background())
	if err := s.serveHTTP(); err != nil {
		return err
	}
	addrs, topics := s.follower.filter()
	fin, why := s.cfg.Finality.ForChain(chainID.Uint64())
	poller := logpoller.New(s.client, logpoller.Config{
		Addresses: addrs, Topics: topics, StartBlock: s.start, Confirmations: fin.Confirmations, Finalized: fin.Finalized,
		MaxRange: s.cfg.MaxRange, PollInterval: s.cfg.PollInterval,
	}, s.follower, s.log.With().Str("component", "logpoller").Logger())
	// A node on another chain (or a chain that was reset) must not be answered from this
	// state: stop here, with nothing written.
	if err := poller.CheckChain(ctx); errors.Is(err, logpoller.ErrWrongChain) {
		return fmt.Errorf("oracle: %w", err)
	} else if err != nil {
		s.log.Warn().Err(err).Msg("could not check the node's chain yet; following it once it answers")
	}
	s.poller = poller
	work := make(chan state.Job)
	s.loops.Add(3)
	go func() {
		defer s.loops.Done()
		if err := poller.Run(s.runCtx); err != nil && s.runCtx.Err() == nil {
			s.health.set(&s.health.follower, fmt.Errorf("log follower stopped: %w", err))
			s.log.Error().Err(err).Msg("log follower stopped for good: the node and the state cannot be reconciled")
			s.followErr = err
			close(s.done)
		}
	}()
	go func() { defer s.loops.Done(); s.dispatch(s.runCtx, work) }()
	if s.committees != nil {
		s.loops.Add(2)
		go func() {
			defer s.loops.Done()
			if err := s.committeePoller.Run(s.runCtx); err != nil && s.runCtx.Err() == nil {
				s.health.set(&s.health.committees, fmt.Errorf("committee follower stopped: %w", err))
				s.log.Error().Err(err).Msg("committee follower stopped; the node sees no new DKG messages")
			}
		}()
		go func() { defer s.loops.Done(); s.committees.Run(s.runCtx) }()
	}
	go func() { defer s.loops.Done(); s.watchLag(s.runCtx) }()
	for range s.cfg.Workers {
		s.workers.Add(1)
		go func() {
			defer s.workers.Done()
			for j := range work {
				s.handle(s.sendCtx, j)
			}
		}()
	}
	s.sends.Add(1)
	go func() { defer s.sends.Done(); s.batch() }()
	s.started = true
	s.log.Info().Stringer("account", s.keys.Address).Uint64("start_block", s.start).
		Str("finality", fin.String()).Str("finality_reason", why).Uint64("tx_confirmations", s.cfg.TxConfirmations).
		Str("metrics", s.httpAddr).Msg("oracle started")
	return nil
}

// Done is closed when following the chain stops on its own for good: the node is on another
// chain than the state (a reset development chain, a wrong RPC URL) or reorged deeper than the
// stored headers. Stop then returns why.
func (s *Service) Done() <-chan struct{} { return s.done }

// Stop stops following events, lets the workers finish the jobs they hold, sends what they
// produced and waits for every answer in flight to be confirmed, until ctx is done; answers
// still in flight then are resumed at the next start. It closes the database and the node, and
// returns why following the chain stopped if it stopped on its own.
func (s *Service) Stop(ctx context.Context) error {
	if !s.started || s.stopped {
		return s.close()
	}
	s.stopped = true
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.cfg.ShutdownTimeout)
		defer cancel()
	}
	s.runCancel()
	s.loops.Wait()
	done := make(chan struct{})
	go func() {
		s.workers.Wait()
		close(s.answers)
		s.sends.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		s.log.Warn().Msg("shutdown deadline: answers still in flight are resumed at the next start")
		s.sendCancel()
		<-done
	}
	s.sendCancel()
	if s.http != nil {
		hctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = s.http.Shutdown(hctx)
		cancel()
	}
	s.log.Info().Msg("oracle stopped")
	return errors.Join(s.followErr, s.close())
}

func (s *Service) close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i]())
	}
	s.closers = nil
	return errors.Join(errs...)
}

// checkDeployment makes sure the configured addresses hold contracts on this chain.
func (s *Service) checkDeployment(ctx context.Context, chainID *big.Int) error {
	if s.cfg.Manifest != "" {
		m, err := deploy.ReadManifest(s.cfg.Manifest)
		if err != nil {
			return err
		}
		if m.ChainID != chainID.Uint64() {
			return fmt.Errorf("oracle: manifest is for chain %d, node is on chain %s", m.ChainID, chainID)
		}
	}
	check := map[string]common.Address{"AccessLedger": s.set.Addresses.Access, "KeyIssuer": s.set.Addresses.Keys,
		"Registry": s.set.Addresses.Registry, "RecordRegistry": s.set.Addresses.Records, "AttributeRegistry": s.set.Addresses.Attributes}
	if s.committeeStore != nil && s.set.Addresses.Proxies != (common.Address{}) {
		check["ProxyNetwork"] = s.set.Addresses.Proxies
	}
	for name, a := range check {
		code, err := s.client.CodeAt(ctx, a, nil)
		if err != nil {
			return fmt.Errorf("oracle: code of %s: %w", name, err)
		}
		if len(code) == 0 {
			return fmt.Errorf("oracle: no contract at %s's address %s", name, a)
		}
	}
	return nil
}

// checkAccount reports, without failing, an account that cannot answer yet: not an active
// oracle, or without funds. Both clear themselves once fixed on chain.
func (s *Service) checkAccount(ctx context.Context) {
	role, status, err := s.reader.RoleOf(ctx, s.keys.Address)
	if err != nil {
		s.log.Warn().Err(err).Msg("could not read the oracle's enrolment")
	} else if !s.enrolledAs(role) || status != chain.StatusActive {
		err := fmt.Errorf("account %s is not an active %s (role %d, status %d): enrol it with the transport key in %s", s.keys.Address, s.cfg.Role.EnrolAs(), role, status, keyring.InfoFile)
		s.health.set(&s.health.oracle, err)
		s.log.Error().Err(err).Msg("answers will be refused until the account is enrolled")
	}
	bal, err := s.client.BalanceAt(ctx, s.keys.Address, nil)
	if err == nil && bal.Sign() == 0 {
		err := fmt.Errorf("%w: account %s has a balance of 0", txmgr.ErrInsufficientFunds, s.keys.Address)
		s.health.set(&s.health.funds, err)
		s.log.Error().Err(err).Msg("fund the oracle's account; requests queue until it can pay for gas")
	}
}

// enrolledAs reports whether a Registry role fits the process's role: the key issuer is an
// Oracle, a committee member a Proxy.
func (s *Service) enrolledAs(role uint8) bool {
	switch s.cfg.Role {
	case RoleProxy:
		return role == chain.RoleProxy
	case RoleKeys:
		return role == chain.RoleOracle
	}
	return role == chain.RoleOracle || role == chain.RoleProxy
}

// recheckAccount clears account problems fixed on chain, so /healthz recovers without waiting
// for the next answer.
func (s *Service) recheckAccount(ctx context.Context) {
	s.health.mu.Lock()
	funds, oracle := s.health.funds, s.health.oracle
	s.health.mu.Unlock()
	if funds != nil {
		if bal, err := s.client.BalanceAt(ctx, s.keys.Address, nil); err == nil && bal.Sign() > 0 {
			s.health.set(&s.health.funds, nil)
			s.log.Info().Stringer("balance", bal).Msg("the oracle's account has funds again")
		}
	}
	if oracle != nil {
		if role, status, err := s.reader.RoleOf(ctx, s.keys.Address); err == nil && s.enrolledAs(role) && status == chain.StatusActive {
			s.health.set(&s.health.oracle, nil)
			s.log.Info().Msg("the account is now an active oracle")
		}
	}
}

// rebroadcast republishes the latest recorded transaction of every job left in flight, before
// any new transaction takes a nonce, in case the node forgot them.
func (s *Service) rebroadcast(ctx context.Context) {
	for _, kind := range s.kinds() {
		jobs, err := s.state.InFlight(ctx, kind)
		if err != nil {
			s.log.Warn().Err(err).Msg("reading jobs in flight")
			return
		}
		seen := map[common.Hash]bool{}
		for _, j := range jobs {
			txs, err := s.state.Transactions(ctx, j.Key)
			if err != nil || len(txs) == 0 {
				continue
			}
			last := txs[len(txs)-1]
			if seen[last.Hash()] {
				continue
			}
			seen[last.Hash()] = true
			if st, err := s.state.TxStanding(ctx, last.Hash()); err != nil || st != state.Live {
				continue // held or withdrawn answers are the dispatcher's to settle
			}
			err = s.client.SendTransaction(ctx, last)
			s.log.Info().Stringer("job", j.Key).Stringer("tx", last.Hash()).Uint64("nonce", last.Nonce()).AnErr("send", err).Msg("rebroadcast answer left in flight")
		}
	}
}

func (s *Service) kinds() []state.Kind {
	var k []state.Kind
	if s.cfg.Role.Proxy() {
		for _, g := range []state.Kind{state.KindAccess, state.KindRead, state.KindToken, state.KindCare} {
			k = append(k, g, g+state.KindReveal, g+state.KindFault)
		}
	}
	if s.cfg.Role.Keys() {
		k = append(k, state.KindKey)
	}
	return k
}

func (s *Service) serveHTTP() error {
	if s.cfg.MetricsAddr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", s.cfg.MetricsAddr)
	if err != nil {
		return fmt.Errorf("oracle: metrics listener: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		if err := s.Health(); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, "ok\n")
	})
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	s.httpAddr = ln.Addr().String()
	go func() {
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error().Err(err).Msg("metrics server stopped")
		}
	}()
	return nil
}

// Health returns nil when the oracle can answer, or what stops it: no funds, not an active
// oracle, a node that is unreachable or behind, a follower far behind the chain or stopped.
func (s *Service) Health() error {
	err := s.health.err()
	if s.poller != nil {
		silence := max(3*s.cfg.PollInterval, 5*time.Second)
		if ferr := s.poller.Status().Health(time.Now(), maxLag, silence); ferr != nil {
			err = errors.Join(err, fmt.Errorf("following the chain: %w", ferr))
		}
		if s.committeePoller != nil {
			if ferr := s.committeePoller.Status().Health(time.Now(), maxLag, silence); ferr != nil {
				err = errors.Join(err, fmt.Errorf("following the committees: %w", ferr))
			}
		}
	}
	return err
}

// maxLag is how many blocks the follower may trail its target before /healthz reports it.
const maxLag = 10

type health struct {
	mu                                  sync.Mutex
	funds, oracle, follower, committees error
}

func (h *health) set(field *error, err error) {
	h.mu.Lock()
	*field = err
	h.mu.Unlock()
}

func (h *health) err() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return errors.Join(h.funds, h.oracle, h.follower, h.committees)
}

// watchLag keeps the lag gauge current.
func (s *Service) watchLag(ctx context.Context) {
	t := time.NewTicker(s.cfg.PollInterval)
	defer t.Stop()
	for {
		if head, err := s.client.BlockNumber(ctx); err == nil {
			if c, ok, err := s.state.Cursor(ctx); err == nil && ok && head >= c.Number {
				s.metrics.lag.Set(float64(head - c.Number))
			}
		}
		s.recheckAccount(ctx)
		s.findLostAnswers(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// findLostAnswers reopens answers the journal saw mined that the node no longer has: the
// account's nonce at the head is below theirs and their receipts are gone (a node restarted
// from an older state, or a reorg the follower has not seen, such as one below its cursor while
// the node is behind it). Their jobs go back to waiting for them, and the dispatcher sends them
// again, or withdraws them if their events changed meanwhile.
func (s *Service) findLostAnswers(ctx context.Context) {
	n, err := s.client.NonceAt(ctx, s.keys.Address, nil)
	if err != nil {
		return
	}
	mined, err := s.state.MinedFrom(ctx, n)
	if err != nil || len(mined) == 0 {
		return
	}
	reopened := 0
	for _, h := range mined {
		if _, err := s.client.TransactionReceipt(ctx, h); !errors.Is(err, ethereum.NotFound) {
			continue
		}
		k, err := s.state.Unmined(ctx, h)
		if err != nil {
			s.log.Error().Err(err).Stringer("tx", h).Msg("reopening a lost answer")
			continue
		}
		reopened += k
		s.log.Warn().Stringer("tx", h).Uint64("node_nonce", n).Int("jobs", k).Msg("an answer seen mined is no longer on the node's chain; sending it again")
	}
	if reopened > 0 {
		s.pokeFull()
	}
}

// sharesOf gives the gates the node's DKG standing once the committee follower runs.
type sharesOf struct{ s *Service }

func (c sharesOf) Share(committee uint64) (*shamir.Share, *tdec.Committee, bool, error) {
	if c.s.committees == nil {
		return nil, nil, false, nil
	}
	return c.s.committees.Share(committee)
}

// hookedBackend runs the broadcast hook after the node accepts a transaction.
type hookedBackend struct {
	Client
	hook Hook
}

func (b hookedBackend) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := b.Client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	b.hook.at(PointBroadcast)
	return nil
}
