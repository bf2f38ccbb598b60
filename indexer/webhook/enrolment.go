package webhook

import (
	"context"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
)

// Enrolment answers, from the Registry on chain, who may subscribe: a timeline's webhooks are for
// its patient while enrolled and active, an organisation's for the Registry admin. Without the
// check any fresh key could sign in, subscribe and make the indexer post on its behalf.
type Enrolment interface {
	IsActive(ctx context.Context, account common.Address, role uint8) (bool, error)
	Admin(ctx context.Context) (common.Address, error)
}

// registryEnrolment reads the Registry with eth_call at the latest block.
type registryEnrolment struct {
	registry *bindings.Registry
	contract *bind.BoundContract
}

// RegistryEnrolment reads enrolments from the Registry at address through caller.
func RegistryEnrolment(caller bind.ContractCaller, address common.Address) (Enrolment, error) {
	parsed, err := bindings.RegistryMetaData.ParseABI()
	if err != nil {
		return nil, err
	}
	return &registryEnrolment{registry: bindings.NewRegistry(), contract: bind.NewBoundContract(address, *parsed, caller, nil, nil)}, nil
}

func (e *registryEnrolment) IsActive(ctx context.Context, account common.Address, role uint8) (bool, error) {
	return bind.Call(e.contract, &bind.CallOpts{Context: ctx}, e.registry.PackIsActive(account, role), e.registry.UnpackIsActive)
}

func (e *registryEnrolment) Admin(ctx context.Context) (common.Address, error) {
	return bind.Call(e.contract, &bind.CallOpts{Context: ctx}, e.registry.PackAdmin(), e.registry.UnpackAdmin)
}
