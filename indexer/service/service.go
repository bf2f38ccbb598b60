// Package service runs the indexer: a log poller that ingests every event of a deployment into
// the store, and the HTTP API that serves timelines from it. `emrchain indexer run` is a
// Service between Start and Stop.
package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/api"
	"github.com/emrchain/emrchain/indexer/auth"
	"github.com/emrchain/emrchain/indexer/directory"
	"github.com/emrchain/emrchain/indexer/fhir"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/store/postgres"
	"github.com/emrchain/emrchain/indexer/store/sqlite"
	"github.com/emrchain/emrchain/indexer/webhook"
	"github.com/emrchain/emrchain/logpoller"
)

// DefaultListen is the API's address when Config.Listen is empty.
const DefaultListen = "127.0.0.1:8780"

// DBFile is the SQLite file's name inside the data directory.
const DBFile = "indexer.db"

// KeyFile is the sign-in key's file inside the data directory, when Config.TokenKey is nil.
const KeyFile = "auth.key"

// DefaultMaxLag is Config.MaxLag's default.
const DefaultMaxLag = 10

// Config configures a Service.
type Config struct {
	// Client reads the chain (an *ethclient.Client; over WebSocket new heads wake the poller).
	Client logpoller.Client
	// Manifest is the deployment to index: its six contracts from its deployment block.
	Manifest *deploy.Manifest
	// DataDir holds the SQLite database when DSN is empty.
	DataDir string
	// DSN selects PostgreSQL when it is a postgres:// or postgresql:// URL.
	DSN string
	// Listen is the API's TCP address ("127.0.0.1:0" picks a free port).
	Listen string
	// Domain is the name clients sign in to; empty means the listen address.
	Domain string
	// TokenKey is the HMAC key of sign-in challenges and bearer tokens (32+ bytes); nil reads
	// DataDir/KeyFile, creating it (mode 0600) the first time, so sign-ins survive restarts.
	TokenKey []byte
	// Finality is how final a block must be before it is ingested; Auto resolves by the
	// manifest's chain (logpoller.Finality.ForChain). The zero value ingests the head at once.
	Finality logpoller.Finality
	// MaxRange and PollInterval tune the log poller (see logpoller.Config).
	MaxRange     uint64
	PollInterval time.Duration
	// MaxLag is how many blocks ingestion may trail its target before /healthz reports it
	// degraded. Zero means DefaultMaxLag.
	MaxLag uint64
	Log    zerolog.Logger
	// NoPush turns off webhooks and the live feed (package webhook), which otherwise run beside
	// the API with their durable outbox in DataDir/push.db.
	NoPush bool
	// Admins may register webhooks for a whole organisation, besides the Registry's admin.
	Admins []common.Address
	// Directory names people and organisations on timelines from their enrolments; nil
	// shows addresses only.
	Directory *directory.Directory
	// WebhookAllowLoopback lets webhooks reach loopback (plain http there too): development
	// only. Private, link-local and metadata addresses stay refused.
	WebhookAllowLoopback bool
}

// Service is a running indexer.
type Service struct {
	cfg      Config
	finality logpoller.Finality
	store    store.Store
	poller   *logpoller.Poller
	server   *http.Server
	ln       net.Listener
	push     *webhook.Push
	registry *prometheus.Registry

	cancel  context.CancelFunc
	done    chan struct{} // closed when the poller stops
	pollErr error
	wg      sync.WaitGroup
}

// OpenStore opens the store a configuration names: PostgreSQL for a postgres:// DSN, else the
// SQLite file in dataDir (created if needed). The CLI's `audit` commands read through it.
func OpenStore(ctx context.Context, dataDir, dsn string) (store.Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return postgres.Open(ctx, dsn)
	}
	if dsn != "" {
		return nil, fmt.Errorf("unsupported database %q: want a postgres:// URL, or none for SQLite", dsn)
	}
	if dataDir == "" {
		return nil, errors.New("no data directory for the SQLite database")
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	return sqlite.Open(ctx, filepath.Join(dataDir, DBFile))
}

// New checks a configuration.
func New(cfg Config) (*Service, error) {
	if cfg.Client == nil {
		return nil, errors.New("indexer: no chain client")
	}
	if cfg.Manifest == nil {
		return nil, errors.New("indexer: no deployment manifest")
	}
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.MaxLag == 0 {
		cfg.MaxLag = DefaultMaxLag
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = logpoller.DefaultPollInterval
	}
	return &Service{cfg: cfg, done: make(chan struct{})}, nil
}

// Start opens the store, binds the API's address and starts ingesting and serving. The
// context bounds startup only; Stop ends the service.
func (s *Service) Start(ctx context.Context) error {
	st, err := OpenStore(ctx, s.cfg.DataDir, s.cfg.DSN)
	if err != nil {
		return fmt.Errorf("indexer: %w", err)
	}
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		st.Close()
		return fmt.Errorf("indexer: listen: %w", err)
	}
	domain := s.cfg.Domain
	if domain == "" {
		domain = ln.Addr().String()
	}
	key := s.cfg.TokenKey
	if key == nil && s.cfg.DataDir != "" {
		key, err = auth.LoadKey(filepath.Join(s.cfg.DataDir, KeyFile), nil)
	}
	var authority *auth.Authority
	if err == nil {
		authority, err = auth.New(auth.Config{Domain: domain, Key: key})
	}
	if err != nil {
		ln.Close()
		st.Close()
		return fmt.Errorf("indexer: %w", err)
	}
	m := s.cfg.Manifest
	names := fhir.Options{ChainID: m.ChainID, Contracts: map[common.Address]string{}}
	for name, d := range m.Contracts {
		names.Contracts[d.Address] = name
	}
	s.store, s.ln = st, ln
	fin, why := s.cfg.Finality.ForChain(m.ChainID)
	s.finality = fin
	s.registry = prometheus.NewRegistry()
	follower := newCountingFollower(store.Follower(st), s.registry)
	s.poller = logpoller.New(s.cfg.Client, logpoller.Config{
		Addresses:     m.Addresses().List(),
		StartBlock:    m.DeploymentBlock,
		Confirmations: fin.Confirmations,
		Finalized:     fin.Finalized,
		MaxRange:      s.cfg.MaxRange,
		PollInterval:  s.cfg.PollInterval,
	}, follower, s.cfg.Log.With().Str("component", "logpoller").Logger())
	// A node on another chain stops the indexer here, before anything is served or written;
	// a node that does not answer yet is the poller's to wait for.
	if err := s.poller.CheckChain(ctx); errors.Is(err, logpoller.ErrWrongChain) {
		ln.Close()
		st.Close()
		return fmt.Errorf("indexer: %w", err)
	} else if err != nil {
		s.cfg.Log.Warn().Err(err).Msg("could not check the node's chain yet; ingestion starts once it answers")
	}
	registerMetrics(s.registry, s)
	mux := http.NewServeMux()
	mux.Handle("/", api.New(api.Config{Store: st, Auth: authority, FHIR: names, Directory: s.cfg.Directory,
		Log: s.cfg.Log.With().Str("component", "api").Logger(), Sync: s.sync}))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	if !s.cfg.NoPush {
		// Push follows the chain on its own cursor, in its own database: a slow or dead webhook
		// endpoint can never hold up ingestion, and ingestion never waits on delivery.
		if err := os.MkdirAll(s.cfg.DataDir, 0o700); err != nil {
			ln.Close()
			st.Close()
			return fmt.Errorf("indexer: %w", err)
		}
		push, err := webhook.New(webhook.PushConfig{
			Client: s.cfg.Client, Manifest: m, Path: filepath.Join(s.cfg.DataDir, "push.db"), Auth: authority,
			Admins: s.cfg.Admins, Finality: fin, PollInterval: s.cfg.PollInterval,
			Policy: webhook.Policy{AllowLoopback: s.cfg.WebhookAllowLoopback},
			Log:    s.cfg.Log.With().Str("component", "push").Logger(),
		})
		if err == nil {
			err = push.Start(ctx)
		}
		if err != nil {
			ln.Close()
			st.Close()
			return fmt.Errorf("indexer: push: %w", err)
		}
		s.push = push
		// Beside the API's handler, not inside it: the live feed upgrades to WebSocket, which
		// needs the raw ResponseWriter.
		for _, r := range webhook.Routes {
			mux.Handle(r, push.Handler())
		}
	}
	s.server = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}

	runCtx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		defer close(s.done)
		err := s.poller.Run(runCtx)
		if !errors.Is(err, context.Canceled) {
			s.pollErr = err
			s.cfg.Log.Error().Err(err).Msg("ingestion stopped; the API keeps serving what is stored")
		}
	}()
	go func() {
		defer s.wg.Done()
		if err := s.server.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			s.cfg.Log.Error().Err(err).Msg("API server stopped")
		}
	}()
	s.cfg.Log.Info().Str("listen", ln.Addr().String()).Uint64("start_block", m.DeploymentBlock).
		Str("finality", fin.String()).Str("finality_reason", why).Msg("indexer started")
	return nil
}

// Finality is the depth ingestion uses, resolved for the chain (set by Start).
func (s *Service) Finality() logpoller.Finality { return s.finality }

// Health returns nil while ingestion follows the node (and push, when it runs, too), or why
// not: the node unreachable or behind the stored cursor, ingestion far behind or stopped. The
// reason is safe to show anyone.
func (s *Service) Health() error {
	_, err := s.sync()
	return err
}

func (s *Service) sync() (logpoller.Status, error) {
	st := s.poller.Status()
	silence := max(3*s.cfg.PollInterval, 5*time.Second)
	err := st.Health(time.Now(), s.cfg.MaxLag, silence)
	if s.push != nil {
		if perr := s.push.Status().Health(time.Now(), s.cfg.MaxLag, silence); perr != nil && err == nil {
			err = fmt.Errorf("webhooks: %w", perr)
		}
	}
	return st, err
}

func (s *Service) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if err := s.Health(); err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	_, _ = io.WriteString(w, "ok\n")
}

// Addr is the API's bound address.
func (s *Service) Addr() string { return s.ln.Addr().String() }

// Store is the service's store, for in-process readers.
func (s *Service) Store() store.Store { return s.store }

// Done is closed when ingestion stops on its own (a reorg deeper than the stored headers, or
// a node on another chain); Stop then returns the reason.
func (s *Service) Done() <-chan struct{} { return s.done }

// Stop stops ingesting, drains the API within ctx and closes the store. It returns why
// ingestion stopped if it stopped on its own. Stopping a service that never started (Start
// failed, and released what it had opened) does nothing.
func (s *Service) Stop(ctx context.Context) error {
	if s.cancel == nil {
		return nil
	}
	s.cancel()
	shutdownErr := s.server.Shutdown(ctx)
	s.wg.Wait()
	var pushErr error
	if s.push != nil {
		pushErr = s.push.Stop(ctx)
	}
	closeErr := s.store.Close()
	s.cfg.Log.Info().Msg("indexer stopped")
	return errors.Join(s.pollErr, shutdownErr, pushErr, closeErr)
}
