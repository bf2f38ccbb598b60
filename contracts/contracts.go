// Package contracts binds a deployment of emrchain's contracts to a chain backend: one typed
// handle per contract, transaction sending that waits for the receipt, and decoding of the
// contracts' custom errors into readable Go errors.
package contracts

import (
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
)

// Addresses locates one deployment.
type Addresses struct {
	Registry   common.Address `json:"registry"`
	Proxies    common.Address `json:"proxyNetwork"`
	Records    common.Address `json:"records"`
	Index      common.Address `json:"index"`
	Access     common.Address `json:"access"`
	Attributes common.Address `json:"attributes"`
	Keys       common.Address `json:"keys"`
}

// List returns the addresses in deployment order, for filters that span every contract.
func (a Addresses) List() []common.Address {
	return []common.Address{a.Registry, a.Proxies, a.Records, a.Index, a.Access, a.Attributes, a.Keys}
}

// Contract pairs a contract's ABI helpers with its instance at an address.
type Contract[T any] struct {
	ABI     T
	Address common.Address
	*bind.BoundContract
}

// Set is every emrchain contract of one deployment, bound to one backend.
type Set struct {
	Addresses  Addresses
	Registry   Contract[*bindings.Registry]
	Proxies    Contract[*bindings.ProxyNetwork]
	Records    Contract[*bindings.RecordRegistry]
	Index      Contract[*bindings.KeywordIndex]
	Access     Contract[*bindings.AccessLedger]
	Attributes Contract[*bindings.AttributeRegistry]
	Keys       Contract[*bindings.KeyIssuer]
}

// Bind returns the deployment at addrs bound to backend.
func Bind(backend bind.ContractBackend, addrs Addresses) *Set {
	return &Set{
		Addresses:  addrs,
		Registry:   bindOne(backend, bindings.NewRegistry(), addrs.Registry),
		Proxies:    bindOne(backend, bindings.NewProxyNetwork(), addrs.Proxies),
		Records:    bindOne(backend, bindings.NewRecordRegistry(), addrs.Records),
		Index:      bindOne(backend, bindings.NewKeywordIndex(), addrs.Index),
		Access:     bindOne(backend, bindings.NewAccessLedger(), addrs.Access),
		Attributes: bindOne(backend, bindings.NewAttributeRegistry(), addrs.Attributes),
		Keys:       bindOne(backend, bindings.NewKeyIssuer(), addrs.Keys),
	}
}

type instancer interface {
	Instance(bind.ContractBackend, common.Address) *bind.BoundContract
}

func bindOne[T instancer](backend bind.ContractBackend, c T, addr common.Address) Contract[T] {
	return Contract[T]{ABI: c, Address: addr, BoundContract: c.Instance(backend, addr)}
}
