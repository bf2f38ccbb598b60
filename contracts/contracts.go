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
	Reads      common.Address `json:"attributeReads"`
	Emergency  common.Address `json:"emergencyAccess"`
	Guardians  common.Address `json:"guardians"`
	Consents   common.Address `json:"consents"`
	Care       common.Address `json:"careReads"`
	Recovery   common.Address `json:"recovery"`
}

// List returns the addresses in deployment order, for filters that span every contract. Contracts
// a deployment lacks (an older manifest without the care contracts) are left out.
func (a Addresses) List() []common.Address {
	out := []common.Address{a.Registry, a.Proxies, a.Records, a.Index, a.Access, a.Attributes, a.Keys, a.Reads}
	for _, c := range []common.Address{a.Emergency, a.Guardians, a.Consents, a.Care, a.Recovery} {
		if c != (common.Address{}) {
			out = append(out, c)
		}
	}
	return out
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
	Reads      Contract[*bindings.AttributeReads]
	Emergency  Contract[*bindings.EmergencyAccess]
	Guardians  Contract[*bindings.Guardians]
	Consents   Contract[*bindings.Consents]
	Care       Contract[*bindings.CareReads]
	Recovery   Contract[*bindings.Recovery]
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
		Reads:      bindOne(backend, bindings.NewAttributeReads(), addrs.Reads),
		Emergency:  bindOne(backend, bindings.NewEmergencyAccess(), addrs.Emergency),
		Guardians:  bindOne(backend, bindings.NewGuardians(), addrs.Guardians),
		Consents:   bindOne(backend, bindings.NewConsents(), addrs.Consents),
		Care:       bindOne(backend, bindings.NewCareReads(), addrs.Care),
		Recovery:   bindOne(backend, bindings.NewRecovery(), addrs.Recovery),
	}
}

type instancer interface {
	Instance(bind.ContractBackend, common.Address) *bind.BoundContract
}

func bindOne[T instancer](backend bind.ContractBackend, c T, addr common.Address) Contract[T] {
	return Contract[T]{ABI: c, Address: addr, BoundContract: c.Instance(backend, addr)}
}
