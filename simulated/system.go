package simulated

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/transport"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/directory"
	"github.com/emrchain/emrchain/indexer/service"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/indexer/verify"
	"github.com/emrchain/emrchain/oracle/keyring"
	oracle "github.com/emrchain/emrchain/oracle/service"
	"github.com/emrchain/emrchain/storage/embedded"
	"github.com/emrchain/emrchain/storage/remote"
)

// Cast names the development identities a System creates, in enrolment order.
var Cast = []string{"admin", "oracle", "authority", "patient", "doctor-a", "insurer", "doctor-b", "researcher"}

// SystemConfig configures a whole emrchain in one process.
type SystemConfig struct {
	// DataDir holds the IPFS blocks, the oracle's state and the indexer's database. Empty means
	// a temporary directory removed on Close.
	DataDir string
	// RPC, when set, serves the chain over HTTP and WebSocket and mines on a timer (devnet);
	// otherwise every transaction is mined as it is sent.
	RPC *RPCConfig
	// Extra funds more accounts (the gas report's requesters, integrations).
	Extra []Account
	// Log receives the oracle's and the indexer's logs; zero value discards them.
	Log zerolog.Logger
	// IndexerListen is the indexer API's address; empty means a free port on 127.0.0.1.
	IndexerListen string
	// Persist keeps the chain across restarts (with RPC): every mined transaction is journaled
	// under DataDir and replayed on the next start. The oracle's and the indexer's state is
	// derived from the chain, so it is rebuilt from the replayed chain rather than trusted.
	Persist bool
}

// System is a chain with every contract deployed, the embedded IPFS store, the oracle (both
// roles) and the indexer on SQLite: the whole of emrchain, for tests, the demo and the devnet.
type System struct {
	Chain      *Chain
	Devnet     *Devnet // nil without RPC
	Manifest   *deploy.Manifest
	Store      *embedded.Store
	Oracle     *oracle.Service
	Indexer    *service.Service
	Env        *client.Env
	Identities map[string]*client.Identity
	DataDir    string

	tmp         bool
	storeServer *remote.Server
}

// StartSystem builds and starts everything. Identities come from DevAccount, so addresses are the
// same on every run.
func StartSystem(ctx context.Context, cfg SystemConfig) (sys *System, err error) {
	s := &System{Identities: map[string]*client.Identity{}, DataDir: cfg.DataDir}
	defer func() {
		if err != nil {
			s.Close(context.Background())
		}
	}()
	if s.DataDir == "" {
		dir, err := os.MkdirTemp("", "emrchain-system-*")
		if err != nil {
			return nil, err
		}
		s.DataDir, s.tmp = dir, true
	}
	accounts := append([]Account{}, cfg.Extra...)
	for _, name := range Cast {
		a := DevAccount(name)
		accounts = append(accounts, a)
		id, err := client.NewIdentity(name, a.Key, DevRandom("identity/"+name))
		if err != nil {
			return nil, err
		}
		s.Identities[name] = id
	}
	// Roles that never receive re-encryptions or sealed keys have no business holding such keys.
	for _, name := range []string{"admin", "authority"} {
		s.Identities[name].PRE, s.Identities[name].Transport = nil, nil
	}

	if cfg.RPC != nil {
		rpc := *cfg.RPC
		if cfg.Persist {
			rpc.Dir = filepath.Join(s.DataDir, "chain")
			rpc.Journal = filepath.Join(s.DataDir, "chain.journal")
		}
		d, err := StartDevnet(accounts, rpc)
		if err != nil {
			return nil, err
		}
		s.Devnet, s.Chain = d, d.Chain
	} else {
		s.Chain = NewChain(accounts)
	}
	if err := s.deployment(ctx); err != nil {
		return nil, err
	}
	m := s.Manifest

	ipfsDir := filepath.Join(s.DataDir, "ipfs")
	s.Store, err = embedded.Open(ipfsDir)
	if err != nil {
		return nil, fmt.Errorf("embedded IPFS: %w", err)
	}
	// CLI commands pointed at this data directory share the store through this endpoint.
	s.storeServer, err = remote.Serve(s.Store, ipfsDir)
	if err != nil {
		return nil, err
	}

	// The oracle's keys: its account is the dev "oracle", its transport key is the one the
	// identity enrols, and a fresh CP-ABE master key whose public half every client uses.
	oid := s.Identities["oracle"]
	oid.PRE = nil
	pk, msk, err := cpabe.Setup(DevRandom("cpabe-master"))
	if err != nil {
		return nil, err
	}
	pkBytes, err := pk.MarshalBinary()
	if err != nil {
		return nil, err
	}
	// Where the CLI looks for it by default (--abe-public-key <data-dir>/abe-public.key).
	if err := os.WriteFile(filepath.Join(s.DataDir, "abe-public.key"), pkBytes, 0o644); err != nil {
		return nil, fmt.Errorf("write the CP-ABE public key: %w", err)
	}
	keys := &keyring.Keys{TxKey: oid.Key, Address: oid.Address(), Transport: oid.Transport, Master: msk}
	ocfg := oracle.DefaultConfig()
	ocfg.Role = oracle.RoleAll
	ocfg.Addresses = m.Addresses()
	ocfg.StartBlock = m.DeploymentBlock
	ocfg.StatePath = filepath.Join(s.DataDir, "oracle-state.db")
	ocfg.PollInterval = 50 * time.Millisecond
	ocfg.MetricsAddr = ""
	s.Oracle, err = oracle.New(ocfg, oracle.WithClient(s.Chain.Client), oracle.WithStore(s.Store), oracle.WithKeys(keys),
		oracle.WithLogger(cfg.Log.With().Str("service", "oracle").Logger()))
	if err != nil {
		return nil, fmt.Errorf("oracle: %w", err)
	}

	listen := cfg.IndexerListen
	if listen == "" {
		listen = "127.0.0.1:0"
	}
	s.Indexer, err = service.New(service.Config{
		Client: s.Chain.Client, Manifest: m, DataDir: filepath.Join(s.DataDir, "indexer"), Listen: listen,
		PollInterval: 50 * time.Millisecond, Log: cfg.Log.With().Str("service", "indexer").Logger(),
		Admins: []common.Address{s.Identities["admin"].Address()},
		// A development system: integrations try webhooks with a receiver beside it.
		WebhookAllowLoopback: true,
		Directory:            castDirectory(),
	})
	if err != nil {
		return nil, fmt.Errorf("indexer: %w", err)
	}
	if err := s.Oracle.Start(ctx); err != nil {
		return nil, fmt.Errorf("start oracle: %w", err)
	}
	if err := s.Indexer.Start(ctx); err != nil {
		return nil, fmt.Errorf("start indexer: %w", err)
	}
	s.Env = &client.Env{
		Backend: s.Chain.Client, Set: contracts.Bind(s.Chain.Client, m.Addresses()), Store: s.Store,
		ChainID: s.Chain.ChainID, ABIPublicKey: pk, Proxy: oid.Address(),
	}
	return s, nil
}

// deployment resumes the deployment a kept chain already holds, or deploys the contracts.
func (s *System) deployment(ctx context.Context) error {
	path := filepath.Join(s.DataDir, "manifest.json")
	kept := s.Devnet != nil && (s.Devnet.Resumed || s.Devnet.Imported > 0)
	if kept {
		m, err := deploy.ReadManifest(path)
		switch {
		case err == nil:
			if err := deploy.Verify(ctx, s.Chain.Client, m); err != nil {
				return fmt.Errorf("the chain in %s does not hold the deployment in %s: %w", s.DataDir, path, err)
			}
			s.Manifest = m
			if s.Devnet.Resumed {
				// The same chain, block for block: the oracle and the indexer resume from their
				// own cursors.
				return nil
			}
		case errors.Is(err, os.ErrNotExist):
			// Stopped before the first deployment finished: its contracts are abandoned.
			kept = false
		default:
			return err
		}
	}
	// The oracle's and the indexer's state describe another chain (the one before an import,
	// or one whose directory was removed): it is rebuilt from this chain, not reconciled.
	if err := errors.Join(removeGlob(filepath.Join(s.DataDir, "oracle-state.db*")), os.RemoveAll(filepath.Join(s.DataDir, "indexer"))); err != nil {
		return fmt.Errorf("reset derived state: %w", err)
	}
	if kept {
		return nil
	}
	m, err := deploy.Deploy(ctx, s.Chain.Client, DevAccount("admin").Opts(s.Chain.ChainID), s.Identities["admin"].Address())
	if err != nil {
		return err
	}
	s.Manifest = m
	return deploy.WriteManifest(path, m)
}

// Identity returns a cast member's identity.
func (s *System) Identity(name string) *client.Identity { return s.Identities[name] }

// OracleTransport is the key the oracle's enrolment must carry.
func (s *System) OracleTransport() *transport.PublicKey {
	return s.Identities["oracle"].Transport.Public()
}

// Timeline returns the patient's stored audit timeline, waiting until the indexer has caught up
// with the chain head.
func (s *System) Timeline(ctx context.Context, patient common.Address) ([]timeline.Entry, error) {
	if err := s.WaitIndexed(ctx); err != nil {
		return nil, err
	}
	var all []timeline.Entry
	f := timelineFilter()
	for {
		page, next, err := s.Indexer.Store().Timeline(ctx, patient, f)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if next == "" {
			return all, nil
		}
		f.Cursor = next
	}
}

// Verify re-reads the patient's events from the chain and checks the stored timeline.
func (s *System) Verify(ctx context.Context, patient common.Address) (*verify.Report, error) {
	if err := s.WaitIndexed(ctx); err != nil {
		return nil, err
	}
	return verify.Patient(ctx, s.Chain.Client, s.Manifest, s.Indexer.Store(), patient)
}

// WaitIndexed waits until the indexer's cursor reaches the chain head.
func (s *System) WaitIndexed(ctx context.Context) error {
	for {
		head, err := s.Chain.Client.BlockNumber(ctx)
		if err != nil {
			return err
		}
		cur, ok, err := s.Indexer.Store().Cursor(ctx)
		if err != nil {
			return err
		}
		if ok && cur.Number >= head {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the indexer to reach block %d: %w", head, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Close stops the services and the chain; a temporary data directory is removed.
func (s *System) Close(ctx context.Context) error {
	var errs []error
	if s.Oracle != nil {
		errs = append(errs, s.Oracle.Stop(ctx))
	}
	if s.Indexer != nil {
		errs = append(errs, s.Indexer.Stop(ctx))
	}
	if s.storeServer != nil {
		errs = append(errs, s.storeServer.Close())
	}
	if s.Store != nil {
		errs = append(errs, s.Store.Close())
	}
	if s.Devnet != nil {
		errs = append(errs, s.Devnet.Close())
	} else if s.Chain != nil {
		errs = append(errs, s.Chain.Close())
	}
	if s.tmp {
		errs = append(errs, os.RemoveAll(s.DataDir))
	}
	return errors.Join(errs...)
}

func removeGlob(pattern string) error {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return err
	}
	var errs []error
	for _, m := range matches {
		errs = append(errs, os.Remove(m))
	}
	return errors.Join(errs...)
}

func timelineFilter() store.Filter { return store.Filter{Limit: 500} }

// CastRoles are the roles and organisations the devnet enrols its cast with.
var CastRoles = map[string]struct {
	Role uint8
	Org  string
}{
	"oracle":     {client.RoleOracle, "emrchain-oracle"},
	"authority":  {client.RoleAttributeAuthority, "national-health-registry"},
	"patient":    {client.RolePatient, ""},
	"doctor-a":   {client.RoleProvider, "hospital-a"},
	"insurer":    {client.RoleRequester, "acme-insurance"},
	"doctor-b":   {client.RoleProvider, "hospital-b"},
	"researcher": {client.RoleRequester, "university-lab"},
}

// castDirectory names the cast on timelines: its registrar records are the names it is
// enrolled with, and its organisations are CastRoles'.
func castDirectory() *directory.Directory {
	var f directory.File
	for _, name := range Cast {
		f.Records = append(f.Records, name)
		if org := CastRoles[name].Org; org != "" {
			f.Organisations = append(f.Organisations, org)
		}
	}
	return directory.New(f, client.OrgID)
}

// EnrollCast enrols every cast member but the admin (who administers the registry) with its
// CastRoles entry, skipping any already enrolled.
func (s *System) EnrollCast(ctx context.Context) ([]*client.Tx, error) {
	var txs []*client.Tx
	for _, name := range Cast[1:] {
		id := s.Identities[name]
		p, err := s.Env.Participant(ctx, id.Address())
		if err != nil {
			return txs, err
		}
		if p.Status != 0 {
			continue
		}
		r := CastRoles[name]
		tx, err := s.Env.Enroll(ctx, s.Identities["admin"], client.EnrollmentOf(id, r.Role, r.Org, name))
		if err != nil {
			return txs, err
		}
		txs = append(txs, tx)
	}
	return txs, nil
}
