// Package deploy deploys emrchain's contracts in dependency order and records the result in a
// manifest, which every other command reads to find the contracts. Re-running against an existing
// manifest verifies that deployment instead of making a second one.
package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
)

// Contract names in deployment order, as they appear in the manifest.
const (
	Registry          = "Registry"
	ProxyNetwork      = "ProxyNetwork"
	RecordRegistry    = "RecordRegistry"
	KeywordIndex      = "KeywordIndex"
	AccessLedger      = "AccessLedger"
	AttributeRegistry = "AttributeRegistry"
	KeyIssuer         = "KeyIssuer"
	AttributeReads    = "AttributeReads"
	EmergencyAccess   = "EmergencyAccess"
	Guardians         = "Guardians"
	Consents          = "Consents"
	CareReads         = "CareReads"
	Recovery          = "Recovery"
)

// GuardiansWiring names, in a manifest's contracts, the deployer's one call after the contracts
// are deployed: RecordRegistry.setGuardians, which only the account that deployed RecordRegistry
// may make (Guardians needs RecordRegistry's address first, so neither can take the other in its
// constructor). Its address is RecordRegistry's.
const GuardiansWiring = "RecordRegistry.setGuardians"

// KeyEpochLength is KeyIssuer's attribute-key epoch in seconds: a CP-ABE key is issued for one
// epoch and records wrap their attribute half under the epoch of their creation, so a key stops
// opening records made after its epoch ends. Thirty days keeps a requester's re-keying monthly.
const KeyEpochLength uint64 = 30 * 24 * 3600

// Order is the order contracts are deployed in; each depends only on earlier ones.
var Order = []string{
	Registry, ProxyNetwork, RecordRegistry, KeywordIndex, AccessLedger, AttributeRegistry, KeyIssuer, AttributeReads,
	EmergencyAccess, Guardians, Consents, CareReads, Recovery,
}

// ErrMismatch means a manifest does not describe what is on the chain.
var ErrMismatch = errors.New("deployment does not match manifest")

// Deployed describes one deployed contract.
type Deployed struct {
	Address common.Address `json:"address"`
	TxHash  common.Hash    `json:"txHash"`
	Block   uint64         `json:"block"`
	GasUsed uint64         `json:"gasUsed"`
}

// Manifest records a deployment.
type Manifest struct {
	ChainID         uint64              `json:"chainId"`
	Deployer        common.Address      `json:"deployer"`
	Admin           common.Address      `json:"admin"`
	DeploymentBlock uint64              `json:"deploymentBlock"`
	DeployedAt      time.Time           `json:"deployedAt"`
	Contracts       map[string]Deployed `json:"contracts"`
}

// Addresses returns the contract addresses for contracts.Bind.
func (m *Manifest) Addresses() contracts.Addresses {
	return contracts.Addresses{
		Registry:   m.Contracts[Registry].Address,
		Proxies:    m.Contracts[ProxyNetwork].Address,
		Records:    m.Contracts[RecordRegistry].Address,
		Index:      m.Contracts[KeywordIndex].Address,
		Access:     m.Contracts[AccessLedger].Address,
		Attributes: m.Contracts[AttributeRegistry].Address,
		Keys:       m.Contracts[KeyIssuer].Address,
		Reads:      m.Contracts[AttributeReads].Address,
		Emergency:  m.Contracts[EmergencyAccess].Address,
		Guardians:  m.Contracts[Guardians].Address,
		Consents:   m.Contracts[Consents].Address,
		Care:       m.Contracts[CareReads].Address,
		Recovery:   m.Contracts[Recovery].Address,
	}
}

// TotalGas is the gas all deployments used.
func (m *Manifest) TotalGas() uint64 {
	var total uint64
	for _, d := range m.Contracts {
		total += d.GasUsed
	}
	return total
}

// Backend is what deploying needs from a chain client.
type Backend interface {
	contracts.Backend
	ChainID(ctx context.Context) (*big.Int, error)
}

// Deploy deploys every contract in Order from opts.From, with admin as the registry's admin.
func Deploy(ctx context.Context, backend Backend, opts *bind.TransactOpts, admin common.Address) (*Manifest, error) {
	return deploy(ctx, backend, opts, admin, Options{}, nil, nil)
}

// Options tune a deployment made by EnsureWith.
type Options struct {
	// Confirmations is how many blocks must be built on a deployment's block before the next
	// contract is deployed (0: as soon as it is mined).
	Confirmations uint64
	// Sent, if set, is told of each transaction as soon as it is sent, before it is mined.
	Sent func(contract string, tx common.Hash)
	// Poll is how often to look for receipts and new blocks; 0 means a quarter of a second.
	Poll time.Duration
}

// step is one contract of a deployment.
type step struct {
	name string
	bin  string
	args func(m *Manifest) []byte
}

func steps(admin common.Address) []step {
	addr := func(m *Manifest, name string) common.Address { return m.Contracts[name].Address }
	return []step{
		{Registry, bindings.RegistryMetaData.Bin, func(*Manifest) []byte { return bindings.NewRegistry().PackConstructor(admin) }},
		{ProxyNetwork, bindings.ProxyNetworkMetaData.Bin, func(m *Manifest) []byte {
			return bindings.NewProxyNetwork().PackConstructor(addr(m, Registry))
		}},
		{RecordRegistry, bindings.RecordRegistryMetaData.Bin, func(m *Manifest) []byte {
			return bindings.NewRecordRegistry().PackConstructor(addr(m, Registry))
		}},
		{KeywordIndex, bindings.KeywordIndexMetaData.Bin, func(m *Manifest) []byte {
			return bindings.NewKeywordIndex().PackConstructor(addr(m, Registry), addr(m, ProxyNetwork))
		}},
		{AccessLedger, bindings.AccessLedgerMetaData.Bin, func(m *Manifest) []byte {
			return bindings.NewAccessLedger().PackConstructor(addr(m, Registry), addr(m, RecordRegistry), addr(m, ProxyNetwork))
		}},
		{AttributeRegistry, bindings.AttributeRegistryMetaData.Bin, func(m *Manifest) []byte {
			return bindings.NewAttributeRegistry().PackConstructor(addr(m, Registry))
		}},
		{KeyIssuer, bindings.KeyIssuerMetaData.Bin, func(m *Manifest) []byte {
			return bindings.NewKeyIssuer().PackConstructor(addr(m, Registry), addr(m, AttributeRegistry), KeyEpochLength)
		}},
		{AttributeReads, bindings.AttributeReadsMetaData.Bin, func(m *Manifest) []byte {
			return bindings.NewAttributeReads().PackConstructor(addr(m, Registry), addr(m, RecordRegistry), addr(m, AttributeRegistry), addr(m, ProxyNetwork))
		}},
		{EmergencyAccess, bindings.EmergencyAccessMetaData.Bin, func(m *Manifest) []byte {
			return bindings.NewEmergencyAccess().PackConstructor(addr(m, Registry))
		}},
		{Guardians, bindings.GuardiansMetaData.Bin, func(m *Manifest) []byte {
			return bindings.NewGuardians().PackConstructor(addr(m, Registry), addr(m, RecordRegistry))
		}},
		{Consents, bindings.ConsentsMetaData.Bin, func(m *Manifest) []byte {
			return bindings.NewConsents().PackConstructor(addr(m, Registry), addr(m, RecordRegistry), addr(m, AttributeRegistry))
		}},
		{CareReads, bindings.CareReadsMetaData.Bin, func(m *Manifest) []byte {
			return bindings.NewCareReads().PackConstructor(addr(m, Registry), addr(m, RecordRegistry), addr(m, ProxyNetwork),
				addr(m, EmergencyAccess), addr(m, Guardians), addr(m, Consents))
		}},
		{Recovery, bindings.RecoveryMetaData.Bin, func(m *Manifest) []byte {
			return bindings.NewRecovery().PackConstructor(addr(m, Registry))
		}},
	}
}

// deploy deploys the contracts that m (nil: none) does not record as mined yet, recording each
// transaction in m as it is sent and each receipt as it is mined, and calling save (if set)
// after every change, so an interrupted deployment resumes without deploying anything twice.
func deploy(ctx context.Context, backend Backend, opts *bind.TransactOpts, admin common.Address, o Options, m *Manifest, save func(*Manifest) error) (*Manifest, error) {
	chainID, err := backend.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("chain id: %w", err)
	}
	if m == nil {
		m = &Manifest{
			ChainID:    chainID.Uint64(),
			Deployer:   opts.From,
			Admin:      admin,
			DeployedAt: time.Now().UTC().Truncate(time.Second),
			Contracts:  make(map[string]Deployed, len(Order)),
		}
	}
	if save == nil {
		save = func(*Manifest) error { return nil }
	}
	poll := o.Poll
	if poll == 0 {
		poll = 250 * time.Millisecond
	}
	for _, s := range steps(admin) {
		d, sent := m.Contracts[s.name]
		if sent && d.Block != 0 {
			continue
		}
		if sent {
			// Sent before an interruption: use it if the chain has it, else send it again.
			mined, err := settle(ctx, backend, d.TxHash, poll)
			if err != nil {
				return nil, fmt.Errorf("deploy %s: %w", s.name, err)
			}
			if mined == nil {
				sent = false
			}
		}
		if !sent {
			// Signed, recorded, then sent: an interrupt that lands while the node is taking
			// the transaction leaves a record of it, so a resumed deployment waits for it
			// instead of deploying the contract a second time.
			o2 := *opts
			o2.Context = ctx
			o2.NoSend = true
			address, tx, err := bind.DeployContract(&o2, common.FromHex(s.bin), backend, s.args(m))
			if err != nil {
				return nil, fmt.Errorf("deploy %s: %w", s.name, contracts.DecodeError(err))
			}
			d = Deployed{Address: address, TxHash: tx.Hash()}
			m.Contracts[s.name] = d
			if err := save(m); err != nil {
				return nil, err
			}
			if err := backend.SendTransaction(ctx, tx); err != nil {
				// The record stays: a resumed deployment sends the contract again only if
				// the node does not know this transaction.
				return nil, fmt.Errorf("deploy %s: send %s: %w", s.name, tx.Hash(), contracts.DecodeError(err))
			}
			if o.Sent != nil {
				o.Sent(s.name, tx.Hash())
			}
		}
		rcpt, err := waitMined(ctx, backend, d.TxHash, poll)
		if err != nil {
			return nil, fmt.Errorf("deploy %s: wait for %s: %w", s.name, d.TxHash, err)
		}
		if rcpt.Status != 1 {
			delete(m.Contracts, s.name)
			_ = save(m)
			return nil, fmt.Errorf("deploy %s: transaction %s failed", s.name, d.TxHash)
		}
		if err := waitConfirmed(ctx, backend, rcpt.BlockNumber.Uint64(), o.Confirmations, poll); err != nil {
			return nil, fmt.Errorf("deploy %s: %w", s.name, err)
		}
		d.Block, d.GasUsed = rcpt.BlockNumber.Uint64(), rcpt.GasUsed
		m.Contracts[s.name] = d
		if m.DeploymentBlock == 0 || d.Block < m.DeploymentBlock {
			m.DeploymentBlock = d.Block
		}
		if err := save(m); err != nil {
			return nil, err
		}
	}
	if err := wireGuardians(ctx, backend, opts, o, m, save, poll); err != nil {
		return nil, err
	}
	return m, nil
}

// wireGuardians makes RecordRegistry.setGuardians once, recording it in m like a contract (sent,
// then mined), so a resumed deployment neither repeats it nor skips it. A registry already wired
// to this deployment's Guardians (the call landed but the record did not) counts as done; one
// wired to anything else is a mismatch.
func wireGuardians(ctx context.Context, backend Backend, opts *bind.TransactOpts, o Options, m *Manifest, save func(*Manifest) error, poll time.Duration) error {
	if d, ok := m.Contracts[GuardiansWiring]; ok {
		if d.Block != 0 {
			return nil
		}
		mined, err := settle(ctx, backend, d.TxHash, poll)
		if err != nil {
			return fmt.Errorf("wire guardians: %w", err)
		}
		if mined != nil && mined.Status == types.ReceiptStatusSuccessful {
			return recordWiring(ctx, backend, o, m, save, mined, poll)
		}
		delete(m.Contracts, GuardiansWiring)
	}
	set := contracts.Bind(backend, m.Addresses())
	wired, err := bind.Call(set.Records.BoundContract, &bind.CallOpts{Context: ctx}, set.Records.ABI.PackGuardians(), set.Records.ABI.UnpackGuardians)
	if err != nil {
		return fmt.Errorf("wire guardians: read RecordRegistry.guardians: %w", err)
	}
	switch wired {
	case m.Contracts[Guardians].Address:
		return nil
	case common.Address{}:
	default:
		return fmt.Errorf("%w: RecordRegistry is wired to Guardians %s, manifest says %s", ErrMismatch, wired, m.Contracts[Guardians].Address)
	}
	rcpt, err := contracts.SendNotify(ctx, backend, opts, set.Records.BoundContract,
		set.Records.ABI.PackSetGuardians(m.Contracts[Guardians].Address), func(tx *types.Transaction) {
			m.Contracts[GuardiansWiring] = Deployed{Address: m.Contracts[RecordRegistry].Address, TxHash: tx.Hash()}
			// A failed save leaves the call unrecorded; a resumed deployment then finds the
			// registry wired (or not) on chain instead.
			_ = save(m)
			if o.Sent != nil {
				o.Sent(GuardiansWiring, tx.Hash())
			}
		})
	if err != nil {
		return fmt.Errorf("wire guardians: %w", err)
	}
	return recordWiring(ctx, backend, o, m, save, rcpt, poll)
}

func recordWiring(ctx context.Context, backend Backend, o Options, m *Manifest, save func(*Manifest) error, rcpt *types.Receipt, poll time.Duration) error {
	if err := waitConfirmed(ctx, backend, rcpt.BlockNumber.Uint64(), o.Confirmations, poll); err != nil {
		return fmt.Errorf("wire guardians: %w", err)
	}
	m.Contracts[GuardiansWiring] = Deployed{
		Address: m.Contracts[RecordRegistry].Address, TxHash: rcpt.TxHash,
		Block: rcpt.BlockNumber.Uint64(), GasUsed: rcpt.GasUsed,
	}
	return save(m)
}

// settle returns the receipt of a transaction sent earlier once it is mined, or nil if the node
// does not know the transaction (it was never broadcast, or dropped).
func settle(ctx context.Context, backend Backend, tx common.Hash, poll time.Duration) (*types.Receipt, error) {
	if r, err := backend.TransactionReceipt(ctx, tx); err == nil {
		return r, nil
	}
	tr, ok := backend.(ethereum.TransactionReader)
	if !ok {
		return nil, nil
	}
	if _, _, err := tr.TransactionByHash(ctx, tx); err != nil {
		if errors.Is(err, ethereum.NotFound) {
			return nil, nil
		}
		return nil, fmt.Errorf("look up %s: %w", tx, err)
	}
	return waitMined(ctx, backend, tx, poll)
}

func waitMined(ctx context.Context, backend Backend, tx common.Hash, poll time.Duration) (*types.Receipt, error) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		// Any error is taken as "not yet", as bind.WaitMined does: nodes also answer
		// "transaction indexing is in progress" for a while after they start.
		if r, err := backend.TransactionReceipt(ctx, tx); err == nil {
			return r, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// waitConfirmed waits until n blocks have been built on block.
func waitConfirmed(ctx context.Context, backend Backend, block, n uint64, poll time.Duration) error {
	if n == 0 {
		return nil
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		h, err := backend.HeaderByNumber(ctx, nil)
		if err != nil {
			return fmt.Errorf("chain head: %w", err)
		}
		if h.Number.Uint64() >= block+n {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %d confirmations of block %d: %w", n, block, ctx.Err())
		case <-t.C:
		}
	}
}

// Estimate is the gas a deployment from a given account would use, contract by contract, as the
// node estimates it now.
type Estimate struct {
	Gas   map[string]uint64
	Total uint64
}

// EstimateDeployment asks the node for the gas of each deployment from `from`, with the
// addresses the earlier ones will get. No price is sent, so an account without funds can be
// estimated for. Contracts that partial (a deployment under way, or nil) records as mined are
// left out: they are paid for.
func EstimateDeployment(ctx context.Context, backend Backend, from, admin common.Address, partial *Manifest) (*Estimate, error) {
	nonce, err := backend.PendingNonceAt(ctx, from)
	if err != nil {
		return nil, fmt.Errorf("nonce of %s: %w", from, err)
	}
	m := &Manifest{Contracts: map[string]Deployed{}}
	e := &Estimate{Gas: map[string]uint64{}}
	for _, s := range steps(admin) {
		if partial != nil {
			if d, ok := partial.Contracts[s.name]; ok && (d.Block != 0 || minedOK(ctx, backend, d.TxHash)) {
				m.Contracts[s.name] = d
				continue
			}
		}
		data := append(common.FromHex(s.bin), s.args(m)...)
		gas, err := backend.EstimateGas(ctx, ethereum.CallMsg{From: from, Data: data})
		if err != nil {
			return nil, fmt.Errorf("estimate %s: %w", s.name, contracts.DecodeError(err))
		}
		e.Gas[s.name] = gas
		e.Total += gas
		m.Contracts[s.name] = Deployed{Address: crypto.CreateAddress(from, nonce)}
		nonce++
	}
	return e, nil
}

func minedOK(ctx context.Context, backend Backend, tx common.Hash) bool {
	r, err := backend.TransactionReceipt(ctx, tx)
	return err == nil && r.Status == types.ReceiptStatusSuccessful
}

// ReadPartial reads the deployment under way recorded beside the manifest at path, or nil if
// there is none.
func ReadPartial(path string) (*Manifest, error) { return readPartial(path + PartialSuffix) }

// Verify checks that the chain holds the deployment m describes: the same chain, code at every
// address, and every contract wired to the others as deployed.
func Verify(ctx context.Context, backend Backend, m *Manifest) error {
	chainID, err := backend.ChainID(ctx)
	if err != nil {
		return fmt.Errorf("chain id: %w", err)
	}
	if chainID.Uint64() != m.ChainID {
		return fmt.Errorf("%w: manifest is for chain %d, node is on chain %d", ErrMismatch, m.ChainID, chainID.Uint64())
	}
	for _, name := range Order {
		d, ok := m.Contracts[name]
		if !ok {
			return fmt.Errorf("%w: %s missing from manifest", ErrMismatch, name)
		}
		code, err := backend.CodeAt(ctx, d.Address, nil)
		if err != nil {
			return fmt.Errorf("code of %s: %w", name, err)
		}
		if len(code) == 0 {
			return fmt.Errorf("%w: no code at %s's address %s", ErrMismatch, name, d.Address)
		}
	}
	set := contracts.Bind(backend, m.Addresses())
	call := &bind.CallOpts{Context: ctx}
	checks := []struct {
		what string
		got  func() (common.Address, error)
		want common.Address
	}{
		{"ProxyNetwork.registry", func() (common.Address, error) {
			return bind.Call(set.Proxies.BoundContract, call, set.Proxies.ABI.PackRegistry(), set.Proxies.ABI.UnpackRegistry)
		}, m.Addresses().Registry},
		{"RecordRegistry.registry", func() (common.Address, error) {
			return bind.Call(set.Records.BoundContract, call, set.Records.ABI.PackRegistry(), set.Records.ABI.UnpackRegistry)
		}, m.Addresses().Registry},
		{"KeywordIndex.registry", func() (common.Address, error) {
			return bind.Call(set.Index.BoundContract, call, set.Index.ABI.PackRegistry(), set.Index.ABI.UnpackRegistry)
		}, m.Addresses().Registry},
		{"AccessLedger.records", func() (common.Address, error) {
			return bind.Call(set.Access.BoundContract, call, set.Access.ABI.PackRecords(), set.Access.ABI.UnpackRecords)
		}, m.Addresses().Records},
		{"KeyIssuer.attributes", func() (common.Address, error) {
			return bind.Call(set.Keys.BoundContract, call, set.Keys.ABI.PackAttributes(), set.Keys.ABI.UnpackAttributes)
		}, m.Addresses().Attributes},
		{"KeywordIndex.proxyNetwork", func() (common.Address, error) {
			return bind.Call(set.Index.BoundContract, call, set.Index.ABI.PackProxyNetwork(), set.Index.ABI.UnpackProxyNetwork)
		}, m.Addresses().Proxies},
		{"AccessLedger.proxyNetwork", func() (common.Address, error) {
			return bind.Call(set.Access.BoundContract, call, set.Access.ABI.PackProxyNetwork(), set.Access.ABI.UnpackProxyNetwork)
		}, m.Addresses().Proxies},
		{"AttributeReads.records", func() (common.Address, error) {
			return bind.Call(set.Reads.BoundContract, call, set.Reads.ABI.PackRecords(), set.Reads.ABI.UnpackRecords)
		}, m.Addresses().Records},
		{"AttributeReads.attributes", func() (common.Address, error) {
			return bind.Call(set.Reads.BoundContract, call, set.Reads.ABI.PackAttributes(), set.Reads.ABI.UnpackAttributes)
		}, m.Addresses().Attributes},
		{"AttributeReads.proxyNetwork", func() (common.Address, error) {
			return bind.Call(set.Reads.BoundContract, call, set.Reads.ABI.PackProxyNetwork(), set.Reads.ABI.UnpackProxyNetwork)
		}, m.Addresses().Proxies},
		{"EmergencyAccess.registry", func() (common.Address, error) {
			return bind.Call(set.Emergency.BoundContract, call, set.Emergency.ABI.PackRegistry(), set.Emergency.ABI.UnpackRegistry)
		}, m.Addresses().Registry},
		{"Guardians.records", func() (common.Address, error) {
			return bind.Call(set.Guardians.BoundContract, call, set.Guardians.ABI.PackRecords(), set.Guardians.ABI.UnpackRecords)
		}, m.Addresses().Records},
		{"RecordRegistry.guardians", func() (common.Address, error) {
			return bind.Call(set.Records.BoundContract, call, set.Records.ABI.PackGuardians(), set.Records.ABI.UnpackGuardians)
		}, m.Addresses().Guardians},
		{"Consents.attributes", func() (common.Address, error) {
			return bind.Call(set.Consents.BoundContract, call, set.Consents.ABI.PackAttributes(), set.Consents.ABI.UnpackAttributes)
		}, m.Addresses().Attributes},
		{"CareReads.proxyNetwork", func() (common.Address, error) {
			return bind.Call(set.Care.BoundContract, call, set.Care.ABI.PackProxyNetwork(), set.Care.ABI.UnpackProxyNetwork)
		}, m.Addresses().Proxies},
		{"CareReads.emergency", func() (common.Address, error) {
			return bind.Call(set.Care.BoundContract, call, set.Care.ABI.PackEmergency(), set.Care.ABI.UnpackEmergency)
		}, m.Addresses().Emergency},
		{"CareReads.guardians", func() (common.Address, error) {
			return bind.Call(set.Care.BoundContract, call, set.Care.ABI.PackGuardians(), set.Care.ABI.UnpackGuardians)
		}, m.Addresses().Guardians},
		{"CareReads.consents", func() (common.Address, error) {
			return bind.Call(set.Care.BoundContract, call, set.Care.ABI.PackConsents(), set.Care.ABI.UnpackConsents)
		}, m.Addresses().Consents},
		{"Recovery.registry", func() (common.Address, error) {
			return bind.Call(set.Recovery.BoundContract, call, set.Recovery.ABI.PackRegistry(), set.Recovery.ABI.UnpackRegistry)
		}, m.Addresses().Registry},
	}
	for _, c := range checks {
		got, err := c.got()
		if err != nil {
			return fmt.Errorf("%w: read %s: %v", ErrMismatch, c.what, err)
		}
		if got != c.want {
			return fmt.Errorf("%w: %s is %s, manifest says %s", ErrMismatch, c.what, got, c.want)
		}
	}
	return nil
}

// ReadManifest loads a manifest file.
func ReadManifest(path string) (*Manifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("parse manifest %s: %w", path, err)
	}
	for _, name := range Order {
		if _, ok := m.Contracts[name]; !ok {
			return nil, fmt.Errorf("manifest %s: %s missing", path, name)
		}
	}
	return &m, nil
}

// WriteManifest writes m atomically, so a crash never leaves half a manifest.
func WriteManifest(path string, m *Manifest) error { return writeJSON(path, m) }

func writeJSON(path string, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return nil
}

// Ensure returns the deployment recorded at path after verifying it on chain, or deploys and
// records a new one when no manifest exists. A manifest that does not match the chain is an
// error, never a silent second deployment.
func Ensure(ctx context.Context, backend Backend, opts *bind.TransactOpts, admin common.Address, path string) (m *Manifest, deployed bool, err error) {
	return EnsureWith(ctx, backend, opts, admin, path, Options{})
}

// PartialSuffix names the file beside a manifest that records a deployment under way.
const PartialSuffix = ".partial"

// ErrPartialMismatch means a deployment under way was started by another account, for another
// admin or on another chain.
var ErrPartialMismatch = errors.New("a deployment under way does not match this one")

// EnsureWith is Ensure with options. A deployment is recorded in path+PartialSuffix as it goes,
// each transaction before it is mined, so a deployment that was interrupted resumes where it
// stopped instead of deploying again what is already on chain.
func EnsureWith(ctx context.Context, backend Backend, opts *bind.TransactOpts, admin common.Address, path string, o Options) (m *Manifest, deployed bool, err error) {
	if m, err := Existing(ctx, backend, path); err != nil || m != nil {
		return m, false, err
	}
	partialPath := path + PartialSuffix
	partial, err := readPartial(partialPath)
	if err != nil {
		return nil, false, err
	}
	if partial != nil {
		chainID, err := backend.ChainID(ctx)
		if err != nil {
			return nil, false, fmt.Errorf("chain id: %w", err)
		}
		if partial.ChainID != chainID.Uint64() || partial.Deployer != opts.From || partial.Admin != admin {
			return nil, false, fmt.Errorf("%w: %s records one on chain %d by %s for admin %s (resume it with that key, or move the file away)",
				ErrPartialMismatch, partialPath, partial.ChainID, partial.Deployer, partial.Admin)
		}
	}
	save := func(m *Manifest) error { return writeJSON(partialPath, m) }
	m, err = deploy(ctx, backend, opts, admin, o, partial, save)
	if err != nil {
		return nil, false, err
	}
	if err := Verify(ctx, backend, m); err != nil {
		return nil, false, fmt.Errorf("the new deployment: %w", err)
	}
	if err := WriteManifest(path, m); err != nil {
		return nil, true, err
	}
	if err := os.Remove(partialPath); err != nil && !errors.Is(err, os.ErrNotExist) {
		return m, true, fmt.Errorf("remove %s: %w", partialPath, err)
	}
	return m, true, nil
}

// Existing returns the deployment recorded at path after verifying it on chain, or nil if there
// is no manifest at path. Checking a deployment needs no key.
func Existing(ctx context.Context, backend Backend, path string) (*Manifest, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("manifest %s: %w", path, err)
	}
	m, err := ReadManifest(path)
	if err != nil {
		return nil, err
	}
	if err := Verify(ctx, backend, m); err != nil {
		return nil, fmt.Errorf("manifest %s: %w (move it away to deploy afresh)", path, err)
	}
	return m, nil
}

func readPartial(path string) (*Manifest, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("deployment under way: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("deployment under way %s: %w (move it away to start afresh)", path, err)
	}
	if m.Contracts == nil {
		m.Contracts = map[string]Deployed{}
	}
	return &m, nil
}

// ManifestDir holds one manifest per chain in a data directory.
const ManifestDir = "manifests"

// ManifestPath is where a data directory keeps the manifest of the deployment on a chain: one
// file per chain id, so deployments on several chains (a devnet, anvil, a testnet) never
// overwrite each other.
func ManifestPath(dataDir string, chainID uint64) string {
	return filepath.Join(dataDir, ManifestDir, strconv.FormatUint(chainID, 10)+".json")
}

// LegacyManifest is the one manifest a data directory held before manifests were kept per chain.
const LegacyManifest = "manifest.json"

// FindManifest returns ManifestPath(dataDir, chainID), first moving a legacy manifest of that
// chain there if that is all the data directory has. A legacy manifest of another chain is left
// where it is.
func FindManifest(dataDir string, chainID uint64) (string, error) {
	path := ManifestPath(dataDir, chainID)
	if _, err := os.Stat(path); err == nil || !errors.Is(err, os.ErrNotExist) {
		return path, nil
	}
	legacy := filepath.Join(dataDir, LegacyManifest)
	m, err := ReadManifest(legacy)
	if err != nil || m.ChainID != chainID {
		return path, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("manifests: %w", err)
	}
	if err := os.Rename(legacy, path); err != nil {
		return "", fmt.Errorf("move %s to %s: %w", legacy, path, err)
	}
	return path, nil
}
