package client

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
)

// ActiveOracles lists the accounts enrolled as oracles that are active now, in enrolment order,
// for clients that were not told which oracle acts as the proxy.
func (e *Env) ActiveOracles(ctx context.Context) ([]common.Address, error) {
	// Role is the event's second indexed field; the first (account) is left open.
	it, err := bind.FilterEvents(e.Set.Registry.BoundContract, &bind.FilterOpts{Context: ctx},
		e.Set.Registry.ABI.UnpackParticipantEnrolledEvent, nil, []any{RoleOracle})
	if err != nil {
		return nil, fmt.Errorf("find enrolled oracles: %w", err)
	}
	defer it.Close()
	var enrolled []common.Address
	for it.Next() {
		enrolled = append(enrolled, it.Value().Account)
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("find enrolled oracles: %w", err)
	}
	var active []common.Address
	for _, a := range enrolled {
		ok, err := bind.Call(e.Set.Registry.BoundContract, &bind.CallOpts{Context: ctx},
			e.Set.Registry.ABI.PackIsActive(a, RoleOracle), e.Set.Registry.ABI.UnpackIsActive)
		if err != nil {
			return nil, fmt.Errorf("read enrolment of oracle %s: %w", a, err)
		}
		if ok {
			active = append(active, a)
		}
	}
	return active, nil
}
