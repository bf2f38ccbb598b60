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
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

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
)

// Order is the order contracts are deployed in; each depends only on earlier ones.
var Order = []string{Registry, ProxyNetwork, RecordRegistry, KeywordIndex, AccessLedger, AttributeRegistry, KeyIssuer}

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
	chainID, err := backend.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("chain id: %w", err)
	}
	m := &Manifest{
		ChainID:    chainID.Uint64(),
		Deployer:   opts.From,
		Admin:      admin,
		DeployedAt: time.Now().UTC().Truncate(time.Second),
		Contracts:  make(map[string]Deployed, len(Order)),
	}
	addr := func(name string) common.Address { return m.Contracts[name].Address }
	steps := []struct {
		name string
		bin  string
		args func() []byte
	}{
		{Registry, bindings.RegistryMetaData.Bin, func() []byte { return bindings.NewRegistry().PackConstructor(admin) }},
		{ProxyNetwork, bindings.ProxyNetworkMetaData.Bin, func() []byte {
			return bindings.NewProxyNetwork().PackConstructor(addr(Registry))
		}},
		{RecordRegistry, bindings.RecordRegistryMetaData.Bin, func() []byte {
			return bindings.NewRecordRegistry().PackConstructor(addr(Registry))
		}},
		{KeywordIndex, bindings.KeywordIndexMetaData.Bin, func() []byte {
			return bindings.NewKeywordIndex().PackConstructor(addr(Registry))
		}},
		{AccessLedger, bindings.AccessLedgerMetaData.Bin, func() []byte {
			return bindings.NewAccessLedger().PackConstructor(addr(Registry), addr(RecordRegistry))
		}},
		{AttributeRegistry, bindings.AttributeRegistryMetaData.Bin, func() []byte {
			return bindings.NewAttributeRegistry().PackConstructor(addr(Registry))
		}},
		{KeyIssuer, bindings.KeyIssuerMetaData.Bin, func() []byte {
			return bindings.NewKeyIssuer().PackConstructor(addr(Registry), addr(AttributeRegistry))
		}},
	}
	for _, s := range steps {
		o := *opts
		o.Context = ctx
		address, tx, err := bind.DeployContract(&o, common.FromHex(s.bin), backend, s.args())
		if err != nil {
			return nil, fmt.Errorf("deploy %s: %w", s.name, contracts.DecodeError(err))
		}
		rcpt, err := bind.WaitMined(ctx, backend, tx.Hash())
		if err != nil {
			return nil, fmt.Errorf("deploy %s: wait for %s: %w", s.name, tx.Hash(), err)
		}
		if rcpt.Status != 1 {
			return nil, fmt.Errorf("deploy %s: transaction %s failed", s.name, tx.Hash())
		}
		m.Contracts[s.name] = Deployed{Address: address, TxHash: tx.Hash(), Block: rcpt.BlockNumber.Uint64(), GasUsed: rcpt.GasUsed}
		if m.DeploymentBlock == 0 || rcpt.BlockNumber.Uint64() < m.DeploymentBlock {
			m.DeploymentBlock = rcpt.BlockNumber.Uint64()
		}
	}
	return m, nil
}

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
func WriteManifest(path string, m *Manifest) error {
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
	if _, statErr := os.Stat(path); statErr == nil {
		m, err := ReadManifest(path)
		if err != nil {
			return nil, false, err
		}
		if err := Verify(ctx, backend, m); err != nil {
			return nil, false, fmt.Errorf("manifest %s: %w (move it away to deploy afresh)", path, err)
		}
		return m, false, nil
	} else if !errors.Is(statErr, os.ErrNotExist) {
		return nil, false, fmt.Errorf("manifest %s: %w", path, statErr)
	}
	m, err = Deploy(ctx, backend, opts, admin)
	if err != nil {
		return nil, false, err
	}
	if err := WriteManifest(path, m); err != nil {
		return nil, true, err
	}
	return m, true, nil
}
