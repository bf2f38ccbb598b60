package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/transport"
)

// Reinstate makes a suspended participant active again; registrar must be the admin or a
// registrar.
func (e *Env) Reinstate(ctx context.Context, registrar *Identity, account common.Address) (*Tx, error) {
	tx, _, err := e.send(ctx, registrar, "reinstate", e.Set.Registry.BoundContract, e.Set.Registry.ABI.PackReinstate(account))
	return tx, err
}

// Remove removes a participant for good: the Registry never reinstates a removed account.
func (e *Env) Remove(ctx context.Context, registrar *Identity, account common.Address) (*Tx, error) {
	tx, _, err := e.send(ctx, registrar, "remove participant", e.Set.Registry.BoundContract, e.Set.Registry.ABI.PackRemove(account))
	return tx, err
}

// AddRegistrar lets an account enrol, suspend, reinstate and remove participants; admin only.
func (e *Env) AddRegistrar(ctx context.Context, admin *Identity, registrar common.Address) (*Tx, error) {
	tx, _, err := e.send(ctx, admin, "add registrar", e.Set.Registry.BoundContract, e.Set.Registry.ABI.PackAddRegistrar(registrar))
	return tx, err
}

// RemoveRegistrar takes a registrar's rights away; admin only.
func (e *Env) RemoveRegistrar(ctx context.Context, admin *Identity, registrar common.Address) (*Tx, error) {
	tx, _, err := e.send(ctx, admin, "remove registrar", e.Set.Registry.BoundContract, e.Set.Registry.ABI.PackRemoveRegistrar(registrar))
	return tx, err
}

// TransferAdmin names the Registry's next admin, who takes over only once it accepts
// (AcceptAdmin): a mistyped address never ends up holding the registry.
func (e *Env) TransferAdmin(ctx context.Context, admin *Identity, next common.Address) (*Tx, error) {
	tx, _, err := e.send(ctx, admin, "transfer admin", e.Set.Registry.BoundContract, e.Set.Registry.ABI.PackTransferAdmin(next))
	return tx, err
}

// AcceptAdmin completes a transfer started by TransferAdmin; only the named account may.
func (e *Env) AcceptAdmin(ctx context.Context, next *Identity) (*Tx, error) {
	tx, _, err := e.send(ctx, next, "accept admin", e.Set.Registry.BoundContract, e.Set.Registry.ABI.PackAcceptAdmin())
	return tx, err
}

// Admins reads the Registry's admin and the pending admin of a transfer not yet accepted (zero
// when none).
func (e *Env) Admins(ctx context.Context) (admin, pending common.Address, err error) {
	opts := &bind.CallOpts{Context: ctx}
	if admin, err = bind.Call(e.Set.Registry.BoundContract, opts, e.Set.Registry.ABI.PackAdmin(), e.Set.Registry.ABI.UnpackAdmin); err != nil {
		return admin, pending, fmt.Errorf("read the Registry's admin: %w", decode(err))
	}
	if pending, err = bind.Call(e.Set.Registry.BoundContract, opts, e.Set.Registry.ABI.PackPendingAdmin(), e.Set.Registry.ABI.UnpackPendingAdmin); err != nil {
		return admin, pending, fmt.Errorf("read the Registry's pending admin: %w", decode(err))
	}
	return admin, pending, nil
}

// IsRegistrar reports whether account is a registrar now.
func (e *Env) IsRegistrar(ctx context.Context, account common.Address) (bool, error) {
	ok, err := bind.Call(e.Set.Registry.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Registry.ABI.PackIsRegistrar(account), e.Set.Registry.ABI.UnpackIsRegistrar)
	if err != nil {
		return false, fmt.Errorf("read registrar %s: %w", account, decode(err))
	}
	return ok, nil
}

// Registrars lists the accounts that are registrars now, in the order they were first added.
// The Registry keeps only a mapping, so the candidates come from RegistrarAdded events and each
// is checked against the mapping.
func (e *Env) Registrars(ctx context.Context) ([]common.Address, error) {
	it, err := bind.FilterEvents(e.Set.Registry.BoundContract, &bind.FilterOpts{Context: ctx},
		e.Set.Registry.ABI.UnpackRegistrarAddedEvent)
	if err != nil {
		return nil, fmt.Errorf("find registrars: %w", err)
	}
	defer it.Close()
	seen := map[common.Address]bool{}
	var added []common.Address
	for it.Next() {
		if a := it.Value().Registrar; !seen[a] {
			seen[a] = true
			added = append(added, a)
		}
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("find registrars: %w", err)
	}
	var out []common.Address
	for _, a := range added {
		ok, err := e.IsRegistrar(ctx, a)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// RotateKeys replaces the caller's enrolled PRE and transport public keys. Grants made from now
// re-encrypt to the new PRE key and drafts are sealed to the new transport key; a grant made
// before still re-encrypts to the old PRE key.
func (e *Env) RotateKeys(ctx context.Context, id *Identity, preKey *pre.PublicKey, tk *transport.PublicKey) (*Tx, error) {
	if preKey == nil || tk == nil {
		return nil, fmt.Errorf("rotate keys: a PRE and a transport public key are both needed")
	}
	preRaw, err := preKey.MarshalBinary()
	if err != nil {
		return nil, err
	}
	tRaw, err := tk.MarshalBinary()
	if err != nil {
		return nil, err
	}
	tx, _, err := e.send(ctx, id, "rotate keys", e.Set.Registry.BoundContract, e.Set.Registry.ABI.PackRotateKeys([32]byte(tRaw), preRaw))
	return tx, err
}

// ErrGrantForOldKey means a grant re-encrypts to a PRE key its requester has since rotated away.
var ErrGrantForOldKey = errors.New("the grant was made to the requester's previous PRE key")

// checkGrantKey refuses a grant made before its requester last rotated keys: its answers would
// re-encrypt to the old PRE key, which the requester's client no longer holds, and they are
// public on chain, so using it would spend a use and hand whoever kept the old key the record.
func (e *Env) checkGrantKey(ctx context.Context, g *GrantRecord) error {
	it, err := bind.FilterEvents(e.Set.Registry.BoundContract, &bind.FilterOpts{Context: ctx, Start: g.Block},
		e.Set.Registry.ABI.UnpackKeysRotatedEvent, []any{g.Requester})
	if err != nil {
		return fmt.Errorf("find key rotations of %s: %w", g.Requester, err)
	}
	defer it.Close()
	for it.Next() {
		raw := it.Value().Raw
		if raw.BlockNumber > g.Block || (raw.BlockNumber == g.Block && raw.Index > g.LogIndex) {
			return fmt.Errorf("request %d: %w (the requester rotated its keys at block %d, after the grant at block %d): ask for access again and have the patient grant the new request",
				g.RequestID, ErrGrantForOldKey, raw.BlockNumber, g.Block)
		}
	}
	return it.Error()
}
