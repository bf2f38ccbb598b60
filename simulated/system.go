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
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/crypto/recordkey"
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

// Cast names the development identities a System creates, in enrolment order. "oracle" is the key
// oracle (it issues CP-ABE keys); the proxy nodes are Proxies.
var Cast = []string{"admin", "oracle", "authority", "patient", "doctor-a", "insurer", "doctor-b", "researcher"}

// Proxies names the proxy nodes a System runs, each its own oracle service in the proxy role with
// its own keys; the default committee is any CommitteeThreshold of them.
var Proxies = []string{"proxy-1", "proxy-2", "proxy-3"}

// The default committee: any 2 of the 3 proxies answer.
const CommitteeThreshold = 2

// AuthorityNamespace is the development attribute authority's namespace.
const AuthorityNamespace = "nhr"

// committeePhase is each key-generation phase's length in blocks: short, since a development
// chain has no slow members to wait for.
const committeePhase = 4

// devPassphrase seals the proxies' committee keys on disk: development keys, protecting nothing.
var devPassphrase = keyfile.NewPassphrase([]byte("emrchain development proxy keys"))

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
	// Reproducible draws the services' randomness (the proxies' key generation, the key
	// oracle's CP-ABE keys) from fixed development streams, so that a scenario's transactions are
	// the same bytes on every run (the gas report prices calldata and signatures). Development
	// only: every such secret derives from a public seed.
	Reproducible bool
	// EnrollCast enrols the cast and the proxies (System.EnrollCast) before the oracle and the
	// proxy nodes start, so that none of them starts as an account that is not enrolled.
	EnrollCast bool
	// Persist keeps the chain across restarts (with RPC): every mined transaction is journaled
	// under DataDir and replayed on the next start. The oracle's and the indexer's state is
	// derived from the chain, so it is rebuilt from the replayed chain rather than trusted.
	Persist bool
}

// System is a chain with every contract deployed, the embedded IPFS store, the key oracle, three
// proxy nodes and the indexer on SQLite: the whole of emrchain, for tests, the demo and the devnet.
type System struct {
	Chain    *Chain
	Devnet   *Devnet // nil without RPC
	Manifest *deploy.Manifest
	// ManifestPath is where the manifest is kept: <DataDir>/manifests/<chain id>.json.
	ManifestPath string
	Store        *embedded.Store
	// Oracle is the key oracle; ProxyNodes the proxy nodes, in Proxies' order, and ProxyIDs their
	// identities (account and transport key; no PRE key).
	Oracle     *oracle.Service
	ProxyNodes []*oracle.Service
	ProxyIDs   []*client.Identity
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
	// The patient's record seed: every per-record and index key of hers derives from it.
	if s.Identities["patient"].Seed, err = PatientSeed(); err != nil {
		return nil, err
	}
	for _, name := range Proxies {
		a := DevAccount(name)
		accounts = append(accounts, a)
		id, err := client.NewIdentity(name, a.Key, DevRandom("identity/"+name))
		if err != nil {
			return nil, err
		}
		id.PRE = nil
		s.ProxyIDs = append(s.ProxyIDs, id)
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
	keys := &keyring.Keys{Role: keyring.RoleKeys, TxKey: oid.Key, Address: oid.Address(), Transport: oid.Transport, Master: msk}
	newService := func(name string, role oracle.Role, keys *keyring.Keys) (*oracle.Service, error) {
		ocfg := oracle.DefaultConfig()
		ocfg.Role = role
		ocfg.Addresses = m.Addresses()
		ocfg.StartBlock = m.DeploymentBlock
		ocfg.StatePath = filepath.Join(s.DataDir, name+"-state.db")
		ocfg.PollInterval = 50 * time.Millisecond
		ocfg.MetricsAddr = ""
		opts := []oracle.Option{oracle.WithClient(s.Chain.Client), oracle.WithStore(s.Store), oracle.WithKeys(keys),
			oracle.WithLogger(cfg.Log.With().Str("service", name).Logger())}
		if cfg.Reproducible {
			opts = append(opts, oracle.WithRandom(DevRandom("service/"+name)))
		}
		svc, err := oracle.New(ocfg, opts...)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return svc, nil
	}
	if s.Oracle, err = newService("oracle", oracle.RoleKeys, keys); err != nil {
		return nil, err
	}
	for _, id := range s.ProxyIDs {
		pk := &keyring.Keys{Role: keyring.RoleProxy, TxKey: id.Key, Address: id.Address(), Transport: id.Transport,
			Committees: keyring.NewCommitteeKeys(filepath.Join(s.DataDir, "proxies", id.Name), devPassphrase, devPassphrase, true)}
		svc, err := newService(id.Name, oracle.RoleProxy, pk)
		if err != nil {
			return nil, err
		}
		s.ProxyNodes = append(s.ProxyNodes, svc)
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
	s.Env = &client.Env{
		Backend: s.Chain.Client, Set: contracts.Bind(s.Chain.Client, m.Addresses()), Store: s.Store,
		ChainID: s.Chain.ChainID, ABIPublicKey: pk,
	}
	if cfg.EnrollCast {
		if _, err := s.EnrollCast(ctx); err != nil {
			return nil, fmt.Errorf("enrol the development cast: %w", err)
		}
	}
	if err := s.Oracle.Start(ctx); err != nil {
		return nil, fmt.Errorf("start the key oracle: %w", err)
	}
	for i, p := range s.ProxyNodes {
		if err := p.Start(ctx); err != nil {
			return nil, fmt.Errorf("start %s: %w", Proxies[i], err)
		}
	}
	if err := s.Indexer.Start(ctx); err != nil {
		return nil, fmt.Errorf("start indexer: %w", err)
	}
	return s, nil
}

// deployment resumes the deployment a kept chain already holds, or deploys the contracts.
func (s *System) deployment(ctx context.Context) error {
	path, err := deploy.FindManifest(s.DataDir, s.Chain.ChainID.Uint64())
	if err != nil {
		return err
	}
	s.ManifestPath = path
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
	if err := errors.Join(removeGlob(filepath.Join(s.DataDir, "*-state.db*")), os.RemoveAll(filepath.Join(s.DataDir, "indexer")),
		os.RemoveAll(filepath.Join(s.DataDir, "proxies"))); err != nil {
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
	for _, p := range s.ProxyNodes {
		errs = append(errs, p.Stop(ctx))
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

// CastDirectoryFile names the cast on timelines and in listings: its registrar records are the
// names it is enrolled with, and its organisations are CastRoles'.
func CastDirectoryFile() directory.File {
	var f directory.File
	for _, name := range Cast {
		f.Records = append(f.Records, name)
		if org := CastRoles[name].Org; org != "" {
			f.Organisations = append(f.Organisations, org)
		}
	}
	return f
}

func castDirectory() *directory.Directory { return directory.New(CastDirectoryFile(), client.OrgID) }

// PatientSeed is the development patient's record seed (from a public seed: protects nothing).
func PatientSeed() (*recordkey.Seed, error) {
	return recordkey.NewSeed(DevRandom("record-seed/patient"))
}

// EnrollCast enrols every cast member but the admin (who administers the registry) with its
// CastRoles entry and the proxies in the proxy role, skipping any already enrolled, and registers
// the attribute authority's namespace.
func (s *System) EnrollCast(ctx context.Context) ([]*client.Tx, error) {
	var txs []*client.Tx
	admin := s.Identities["admin"]
	enroll := func(id *client.Identity, role uint8, org string) error {
		p, err := s.Env.Participant(ctx, id.Address())
		if err != nil {
			return err
		}
		if p.Status != 0 {
			return nil
		}
		tx, err := s.Env.Enroll(ctx, admin, client.EnrollmentOf(id, role, org, id.Name))
		if err != nil {
			return err
		}
		txs = append(txs, tx)
		return nil
	}
	for _, name := range Cast[1:] {
		r := CastRoles[name]
		if err := enroll(s.Identities[name], r.Role, r.Org); err != nil {
			return txs, err
		}
	}
	for _, id := range s.ProxyIDs {
		if err := enroll(id, client.RoleProxy, "emrchain-proxies"); err != nil {
			return txs, err
		}
	}
	authority := s.Identities["authority"].Address()
	if ns, err := s.Env.Namespace(ctx, authority); err != nil {
		return txs, err
	} else if ns == "" {
		tx, err := s.Env.RegisterAuthority(ctx, admin, authority, AuthorityNamespace)
		if err != nil {
			return txs, err
		}
		txs = append(txs, tx)
	}
	return txs, nil
}

// DefaultCommittee makes sure a committee of every proxy (any CommitteeThreshold of them) is
// active, forming one if none is: what grants, gates and index keys use unless told otherwise.
func (s *System) DefaultCommittee(ctx context.Context) (uint64, []*client.Tx, error) {
	if c, err := s.Env.DefaultCommittee(ctx); err == nil {
		return c.ID, nil, nil
	} else if !errors.Is(err, client.ErrNoCommittee) {
		return 0, nil, err
	}
	var members []common.Address
	for _, id := range s.ProxyIDs {
		members = append(members, id.Address())
	}
	return s.FormCommittee(ctx, s.Identities["admin"], CommitteeThreshold, members)
}

// FormCommittee has admin create a committee and waits while its members (this system's proxy
// nodes) run the key generation on chain, mining the blocks its phases need when the chain mines
// only on transactions. It fails if the committee fails.
func (s *System) FormCommittee(ctx context.Context, admin *client.Identity, threshold int, members []common.Address) (uint64, []*client.Tx, error) {
	id, tx, err := s.Env.CreateCommittee(ctx, admin, members, uint8(threshold), committeePhase)
	if err != nil {
		return 0, nil, err
	}
	txs := []*client.Tx{tx}
	lastStatus, since := uint8(0), time.Now()
	for {
		c, err := s.Env.Committee(ctx, id)
		if err != nil {
			return id, txs, err
		}
		switch c.Status {
		case client.CommitteeActive:
			return id, txs, nil
		case client.CommitteeFailed, client.CommitteeRetired:
			return id, txs, fmt.Errorf("committee %d %s during its key generation", id, client.CommitteeStatusName(c.Status))
		}
		if c.Status != lastStatus {
			lastStatus, since = c.Status, time.Now()
		}
		select {
		case <-ctx.Done():
			return id, txs, fmt.Errorf("waiting for committee %d's key generation (%s): %w", id, client.CommitteeStatusName(c.Status), ctx.Err())
		case <-time.After(25 * time.Millisecond):
		}
		// Deadlines are block numbers, and an instamine chain makes blocks only for transactions:
		// once every member has dealt, the complaint window must pass before anyone may confirm.
		// A phase that makes no progress for long (a member down) is let run out as well.
		full := uint16(1)<<len(c.Members) - 1
		// Never while members register: a member's key derivation takes seconds on a loaded
		// machine, and mining the key phase out would fail the committee.
		stalled := c.Status != client.CommitteeRegistering && time.Since(since) > 15*time.Second
		waiting := (c.Status == client.CommitteeDealing && c.State.DealMask == full) || c.Status == client.CommitteeComplaining || stalled
		if s.Devnet == nil && waiting {
			s.Chain.Backend.Commit()
		}
	}
}
