// Package oracletest builds a world for testing and benchmarking the oracle: a simulated chain
// with a block time, the deployed contracts, enrolled participants, an IPFS store, and the
// client-side artifacts of docs/protocol.md — PRE capsules, re-keys sealed to the oracle's
// transport key, grants, key requests — made correctly or broken on purpose. It also reads the
// outcome back the way a requester would: decrypting re-encrypted capsules and issued keys.
package oracletest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"net"
	"path/filepath"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/transport"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/internal/simchain"
	"github.com/emrchain/emrchain/oracle/keyring"
	"github.com/emrchain/emrchain/oracle/service"
	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/embedded"
	"github.com/emrchain/emrchain/storage/kubo"
)

// Roles of the Registry.
const (
	RolePatient   uint8 = 1
	RoleProvider  uint8 = 2
	RoleRequester uint8 = 3
	RoleOracle    uint8 = 4
	RoleAuthority uint8 = 5
)

// minedTimeout bounds Wait.
const minedTimeout = 2 * time.Minute

// Client is what the world needs from a node.
type Client interface {
	contracts.Backend
	ChainID(ctx context.Context) (*big.Int, error)
	BlockNumber(ctx context.Context) (uint64, error)
	NonceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (uint64, error)
	BalanceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (*big.Int, error)
}

// Party is a participant with deterministic keys derived from its name: test fixtures only.
type Party struct {
	simchain.Account
	PRE       *pre.PrivateKey
	Transport *transport.PrivateKey
}

// NewParty derives a party's Ethereum, PRE and transport keys from name.
func NewParty(name string) *Party {
	seed := crypto.Keccak256Hash([]byte("emrchain/oracletest/" + name))
	r := rand.NewChaCha8(seed)
	pk, err := pre.GenerateKey(r)
	if err != nil {
		panic(err)
	}
	tk, err := transport.GenerateKey(r)
	if err != nil {
		panic(err)
	}
	return &Party{Account: simchain.DevAccount(name), PRE: pk, Transport: tk}
}

// Options shape a world.
type Options struct {
	// BlockTime is how often a block is mined (default 10 ms).
	BlockTime time.Duration
	// RPC serves the chain over HTTP and WebSocket on a loopback port, for an oracle in another
	// process.
	RPC bool
	// UnfundedOracle leaves the oracle's account without ether.
	UnfundedOracle bool
	// Parties are funded participants to create besides the admin, the attribute authority and
	// the oracle.
	Parties []string
	// IPFSAPI, when set, is a Kubo node's API the world stores through instead of an embedded
	// store, so that oracles in other processes share it.
	IPFSAPI string
	// Proxies is how many proxy nodes to create (proxy1 … proxyN): funded accounts with key
	// directories made by keyring.Init for the proxy role, enrolled as Proxy (see Proxy).
	Proxies int
}

// World is a deployment with its participants and storage.
type World struct {
	// Client reaches the chain; Chain is the simulated backend behind it, nil on a live node.
	// It is package simchain's, not package simulated's, so the oracle's tests do not depend on
	// the devnet's wiring, which pulls in the indexer and the CLI's world.
	Client   Client
	ChainID  *big.Int
	Chain    *simchain.Chain
	Set      *contracts.Set
	Manifest *deploy.Manifest
	RPCURL   string // empty unless Options.RPC

	Admin, Authority, Oracle *Party
	Parties                  map[string]*Party
	// Proxies are the proxy nodes of Options.Proxies, in order (member i of a committee of all
	// of them is Proxies[i-1]).
	Proxies []*Proxy

	// The oracle's keys, as keyring.Init wrote them to OracleDir under OraclePass.
	OracleDir  string
	OraclePass keyfile.Passphrase
	OracleKeys *keyring.Keys
	ABIPublic  *cpabe.PublicKey

	storeDir string
	storeMu  sync.Mutex
	store    *embedded.Store
	ipfsAPI  string
	kubo     storage.Store

	blockTime time.Duration
	mineMu    sync.Mutex // held while a block is committed or mining is paused
	stop      chan struct{}
	mined     chan struct{}

	nonceMu sync.Mutex
	nonces  map[common.Address]uint64

	closeClient func()
}

// New builds a world in dir: chain, contracts, the oracle's keys and enrolment, and an
// embedded IPFS store.
func New(ctx context.Context, dir string, opts Options) (*World, error) {
	w := newWorld(dir, opts)
	funded := []simchain.Account{w.Admin.Account, w.Authority.Account}
	if !opts.UnfundedOracle {
		funded = append(funded, w.Oracle.Account)
	}
	for _, p := range w.Parties {
		funded = append(funded, p.Account)
	}
	var chainOpts []func(*node.Config, *ethconfig.Config)
	if opts.RPC {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		chainOpts = append(chainOpts, func(nc *node.Config, _ *ethconfig.Config) {
			nc.HTTPHost, nc.HTTPPort = "127.0.0.1", port
			nc.WSHost, nc.WSPort = "127.0.0.1", port
			nc.HTTPModules = []string{"eth", "net", "web3"}
			nc.WSModules = nc.HTTPModules
		})
		w.RPCURL = fmt.Sprintf("http://127.0.0.1:%d", port)
	}
	w.Chain = simchain.NewChain(funded, chainOpts...)
	w.Client, w.ChainID = w.Chain.Client, w.Chain.ChainID
	ok := false
	defer func() {
		if !ok {
			w.Close()
		}
	}()
	var err error
	if w.Manifest, err = deploy.Deploy(ctx, w.Client, w.Admin.Opts(w.ChainID), w.Admin.Address); err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	w.Set = contracts.Bind(w.Client, w.Manifest.Addresses())
	w.Chain.Client.SetManual(true)
	w.stop, w.mined = make(chan struct{}), make(chan struct{})
	go w.mine()
	if err := w.init(ctx); err != nil {
		return nil, err
	}
	ok = true
	return w, nil
}

// NewOnNode builds a world on a live node (anvil) at url: funder pays the participants' ether,
// then the contracts are deployed and the oracle enrolled as in New. The node mines by itself.
func NewOnNode(ctx context.Context, dir, url string, funder *ecdsa.PrivateKey, opts Options) (*World, error) {
	w := newWorld(dir, opts)
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, err
	}
	w.Client, w.RPCURL, w.closeClient = c, url, c.Close
	ok := false
	defer func() {
		if !ok {
			w.Close()
		}
	}()
	if w.ChainID, err = c.ChainID(ctx); err != nil {
		return nil, err
	}
	bank := &Party{Account: simchain.Account{Name: "funder", Key: funder, Address: crypto.PubkeyToAddress(funder.PublicKey)}}
	recipients := []*Party{w.Admin, w.Authority}
	if !opts.UnfundedOracle {
		recipients = append(recipients, w.Oracle)
	}
	for _, p := range w.Parties {
		recipients = append(recipients, p)
	}
	var hashes []common.Hash
	for _, p := range recipients {
		h, err := w.transfer(ctx, bank, p.Address, 100)
		if err != nil {
			return nil, fmt.Errorf("fund %s: %w", p.Name, err)
		}
		hashes = append(hashes, h)
	}
	if _, err := w.Wait(ctx, hashes...); err != nil {
		return nil, err
	}
	if w.Manifest, err = deploy.Deploy(ctx, w.Client, w.Admin.Opts(w.ChainID), w.Admin.Address); err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	w.Set = contracts.Bind(w.Client, w.Manifest.Addresses())
	if err := w.init(ctx); err != nil {
		return nil, err
	}
	ok = true
	return w, nil
}

// init creates the oracle's keys, opens the store and enrols the oracle and the authority.
func (w *World) init(ctx context.Context) error {
	info, err := keyring.Init(w.OracleDir, keyring.RoleAll, keyring.Same(w.OraclePass), keyring.InitOptions{TxKey: w.Oracle.Key, Light: true})
	if err != nil {
		return err
	}
	if w.OracleKeys, err = keyring.Load(w.OracleDir, keyring.RoleAll, keyring.Same(w.OraclePass)); err != nil {
		return err
	}
	if w.ABIPublic, err = keyring.ReadPublicKey(w.OracleDir); err != nil {
		return err
	}
	if w.ipfsAPI != "" {
		if w.kubo, err = kubo.New(w.ipfsAPI); err != nil {
			return err
		}
	} else if w.store, err = embedded.Open(w.storeDir, embedded.NoSync()); err != nil {
		return err
	}
	if err := w.Call(ctx, w.Admin, w.Set.Registry.BoundContract, w.Set.Registry.ABI.PackEnroll(
		w.Oracle.Address, RoleOracle, [32]byte{}, sha256.Sum256([]byte("oracle")), info.TransportKey32(), nil)); err != nil {
		return fmt.Errorf("enrol oracle: %w", err)
	}
	if err := w.Enrol(ctx, w.Authority, RoleAuthority); err != nil {
		return err
	}
	return w.initProxies(ctx)
}

func newWorld(dir string, opts Options) *World {
	w := &World{
		Admin: NewParty("admin"), Authority: NewParty("authority"), Oracle: NewParty("oracle"),
		Parties: map[string]*Party{}, blockTime: opts.BlockTime, nonces: map[common.Address]uint64{},
		OracleDir: filepath.Join(dir, "oracle-keys"), OraclePass: keyfile.NewPassphrase([]byte("oracletest passphrase")),
		storeDir: filepath.Join(dir, "ipfs"), ipfsAPI: opts.IPFSAPI,
	}
	if w.blockTime == 0 {
		w.blockTime = 10 * time.Millisecond
	}
	for _, name := range opts.Parties {
		w.Parties[name] = NewParty(name)
	}
	for i := range opts.Proxies {
		p := &Proxy{Party: NewParty(fmt.Sprintf("proxy%d", i+1))}
		p.Dir = filepath.Join(dir, p.Name+"-keys")
		w.Proxies = append(w.Proxies, p)
		w.Parties[p.Name] = p.Party
	}
	return w
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// mine commits a block every BlockTime, as a chain with a block time does: the simulated
// backend deadlocks when several goroutines commit at once.
func (w *World) mine() {
	defer close(w.mined)
	t := time.NewTicker(w.blockTime)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			w.mineMu.Lock()
			w.Chain.Backend.Commit()
			w.mineMu.Unlock()
		}
	}
}

// PauseMining stops block production until the returned function is called; in between, the
// caller may Commit and Fork the backend itself.
func (w *World) PauseMining() (resume func()) {
	w.mineMu.Lock()
	return w.mineMu.Unlock
}

// BlockTime is the simulated chain's block interval.
func (w *World) BlockTime() time.Duration { return w.blockTime }

// Close stops the chain and closes the store.
func (w *World) Close() {
	if w.stop != nil {
		close(w.stop)
		<-w.mined
		w.stop = nil
	}
	w.CloseStore()
	if w.Chain != nil {
		w.Chain.Close()
	}
	if w.closeClient != nil {
		w.closeClient()
	}
}

// Store is the IPFS store the clients (and an in-process oracle) use.
func (w *World) Store() storage.Store {
	w.storeMu.Lock()
	defer w.storeMu.Unlock()
	if w.kubo != nil {
		return w.kubo
	}
	return w.store
}

// IPFSAPI is the Kubo node the world stores through (Options.IPFSAPI), empty for its embedded
// store: oracles in other processes use the same node.
func (w *World) IPFSAPI() string { return w.ipfsAPI }

// StoreDir is the embedded store's directory, for an oracle in another process; close the
// world's handle first (one process at a time).
func (w *World) StoreDir() string { return w.storeDir }

// CloseStore releases the store directory.
func (w *World) CloseStore() {
	w.storeMu.Lock()
	defer w.storeMu.Unlock()
	if w.store != nil {
		w.store.Close()
		w.store = nil
	}
}

// ReopenStore opens the store directory again after CloseStore.
func (w *World) ReopenStore() error {
	w.storeMu.Lock()
	defer w.storeMu.Unlock()
	if w.store != nil {
		return nil
	}
	s, err := embedded.Open(w.storeDir, embedded.NoSync())
	if err != nil {
		return err
	}
	w.store = s
	return nil
}

// OracleConfig is a service configuration for this world with fast polling; the caller sets
// StatePath and, for an oracle in another process, RPCURL, KeyDir and IPFSDir.
func (w *World) OracleConfig() service.Config {
	cfg := service.DefaultConfig()
	cfg.Addresses = w.Manifest.Addresses()
	cfg.StartBlock = w.Manifest.DeploymentBlock
	cfg.PollInterval = 20 * time.Millisecond
	cfg.ReceiptPollInterval = 5 * time.Millisecond
	cfg.RetryMin = 20 * time.Millisecond
	cfg.RetryMax = 500 * time.Millisecond
	cfg.ResubmissionTimeout = 5 * time.Second
	cfg.MetricsAddr = "127.0.0.1:0"
	cfg.StateNoSync = true
	return cfg
}

// OracleOptions are the in-process dependencies for the world's oracle.
func (w *World) OracleOptions() []service.Option {
	return []service.Option{service.WithClient(w.Client), service.WithStore(w.Store()), service.WithKeys(w.OracleKeys)}
}

// Submit signs and sends a transaction from p without waiting for it. Gas is estimated on the
// latest block, so calls that depend on transactions not yet mined must wait for them first.
func (w *World) Submit(ctx context.Context, p *Party, to common.Address, data []byte) (common.Hash, error) {
	gas, err := w.Client.EstimateGas(ctx, ethereum.CallMsg{From: p.Address, To: &to, Data: data})
	if err != nil {
		return common.Hash{}, fmt.Errorf("%s: estimate: %w", p.Name, contracts.DecodeError(err))
	}
	return w.submit(ctx, p, to, data, nil, gas+gas/4)
}

func (w *World) submit(ctx context.Context, p *Party, to common.Address, data []byte, value *big.Int, gas uint64) (common.Hash, error) {
	head, err := w.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		return common.Hash{}, err
	}
	w.nonceMu.Lock()
	defer w.nonceMu.Unlock()
	n, ok := w.nonces[p.Address]
	if !ok {
		if n, err = w.Client.PendingNonceAt(ctx, p.Address); err != nil {
			return common.Hash{}, err
		}
	}
	if value == nil {
		value = new(big.Int)
	}
	tip := big.NewInt(params.GWei)
	tx, err := types.SignTx(types.NewTx(&types.DynamicFeeTx{
		ChainID: w.ChainID, Nonce: n, GasTipCap: tip, GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(3)), tip),
		Gas: gas, To: &to, Value: value, Data: data,
	}), types.LatestSignerForChainID(w.ChainID), p.Key)
	if err != nil {
		return common.Hash{}, err
	}
	if err := w.Client.SendTransaction(ctx, tx); err != nil {
		delete(w.nonces, p.Address)
		return common.Hash{}, fmt.Errorf("%s: send: %w", p.Name, err)
	}
	w.nonces[p.Address] = n + 1
	return tx.Hash(), nil
}

// ForgetNonces drops the nonces Submit counted, so the next submissions read them from the node:
// after a reorg that dropped or replaced a party's transactions.
func (w *World) ForgetNonces() {
	w.nonceMu.Lock()
	w.nonces = map[common.Address]uint64{}
	w.nonceMu.Unlock()
}

// Wait waits until every transaction is mined and succeeded, and returns their receipts. A
// transaction that stays unmined for minedTimeout is an error: the pool accepted something the
// chain will never include (a sender without funds, say).
func (w *World) Wait(ctx context.Context, hashes ...common.Hash) ([]*types.Receipt, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, minedTimeout, errors.New("transactions not mined in time"))
	defer cancel()
	out := make([]*types.Receipt, len(hashes))
	for i, h := range hashes {
		for {
			rcpt, err := w.Client.TransactionReceipt(ctx, h)
			if err == nil {
				if rcpt.Status != types.ReceiptStatusSuccessful {
					return nil, fmt.Errorf("transaction %s: %w", h, contracts.ErrReverted)
				}
				out[i] = rcpt
				break
			}
			if !errors.Is(err, ethereum.NotFound) {
				return nil, err
			}
			select {
			case <-ctx.Done():
				return nil, fmt.Errorf("wait for %s: %w", h, context.Cause(ctx))
			case <-time.After(2 * time.Millisecond):
			}
		}
	}
	return out, nil
}

// Call sends one transaction and waits for it.
func (w *World) Call(ctx context.Context, p *Party, c *bind.BoundContract, data []byte) error {
	_, err := w.call(ctx, p, c, data)
	return err
}

func (w *World) call(ctx context.Context, p *Party, c *bind.BoundContract, data []byte) (*types.Receipt, error) {
	h, err := w.Submit(ctx, p, addressOf(w, c), data)
	if err != nil {
		return nil, err
	}
	rs, err := w.Wait(ctx, h)
	if err != nil {
		return nil, err
	}
	return rs[0], nil
}

func addressOf(w *World, c *bind.BoundContract) common.Address {
	switch c {
	case w.Set.Registry.BoundContract:
		return w.Set.Addresses.Registry
	case w.Set.Proxies.BoundContract:
		return w.Set.Addresses.Proxies
	case w.Set.Records.BoundContract:
		return w.Set.Addresses.Records
	case w.Set.Access.BoundContract:
		return w.Set.Addresses.Access
	case w.Set.Attributes.BoundContract:
		return w.Set.Addresses.Attributes
	case w.Set.Keys.BoundContract:
		return w.Set.Addresses.Keys
	}
	return w.Set.Addresses.Index
}

// Enrol registers p with role, its PRE key and its transport key.
func (w *World) Enrol(ctx context.Context, p *Party, role uint8) error {
	preKey, err := p.PRE.Public().MarshalBinary()
	if err != nil {
		return err
	}
	tk, err := p.Transport.Public().MarshalBinary()
	if err != nil {
		return err
	}
	return w.Call(ctx, w.Admin, w.Set.Registry.BoundContract, w.Set.Registry.ABI.PackEnroll(
		p.Address, role, [32]byte{}, sha256.Sum256([]byte(p.Name)), [32]byte(tk), preKey))
}

// Fund sends ether from the admin to addr.
func (w *World) Fund(ctx context.Context, addr common.Address, ether int64) error {
	h, err := w.transfer(ctx, w.Admin, addr, ether)
	if err != nil {
		return err
	}
	_, err = w.Wait(ctx, h)
	return err
}

func (w *World) transfer(ctx context.Context, from *Party, to common.Address, ether int64) (common.Hash, error) {
	value := new(big.Int).Mul(big.NewInt(ether), big.NewInt(params.Ether))
	return w.submit(ctx, from, to, nil, value, 21000)
}

// put stores bytes and returns the binary CID.
func (w *World) put(ctx context.Context, b []byte) ([]byte, error) {
	c, err := w.Store().Put(ctx, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return c.Bytes(), nil
}

func bindCall[T any](ctx context.Context, c *bind.BoundContract, data []byte, unpack func([]byte) (T, error)) (T, error) {
	return bind.Call(c, &bind.CallOpts{Context: ctx}, data, unpack)
}

// EnrolWithTransport registers p with role and the given transport key (zero for none), to
// test a requester the oracle cannot deliver to.
func (w *World) EnrolWithTransport(ctx context.Context, p *Party, role uint8, transportKey [32]byte) error {
	preKey, err := p.PRE.Public().MarshalBinary()
	if err != nil {
		return err
	}
	return w.Call(ctx, w.Admin, w.Set.Registry.BoundContract, w.Set.Registry.ABI.PackEnroll(
		p.Address, role, [32]byte{}, sha256.Sum256([]byte(p.Name)), transportKey, preKey))
}
