package client

import (
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/transport"
)

// Enrollment is what a registrar puts on chain about a participant: keys and hashes only.
type Enrollment struct {
	Account   common.Address
	Role      uint8
	Org       [32]byte
	Metadata  [32]byte
	PRE       *pre.PublicKey
	Transport *transport.PublicKey
}

// EnrollmentOf describes id's public half, with metadata hashed from what the registrar keeps
// off chain (here, just a label).
func EnrollmentOf(id *Identity, role uint8, org string, metadata string) Enrollment {
	en := Enrollment{Account: id.Address(), Role: role, Metadata: sha256.Sum256([]byte(metadata))}
	if org != "" {
		en.Org = OrgID(org)
	}
	if id.PRE != nil {
		en.PRE = id.PRE.Public()
	}
	if id.Transport != nil {
		en.Transport = id.Transport.Public()
	}
	return en
}

// OrgID is the opaque organisation id the Registry stores for an organisation name.
func OrgID(name string) [32]byte { return sha256.Sum256([]byte("emrchain/org/v1/" + name)) }

// Enroll registers a participant; registrar must be the admin or a registrar.
func (e *Env) Enroll(ctx context.Context, registrar *Identity, en Enrollment) (*Tx, error) {
	var preKey []byte
	if en.PRE != nil {
		b, err := en.PRE.MarshalBinary()
		if err != nil {
			return nil, err
		}
		preKey = b
	}
	var tk [32]byte
	if en.Transport != nil {
		b, err := en.Transport.MarshalBinary()
		if err != nil {
			return nil, err
		}
		copy(tk[:], b)
	}
	tx, _, err := e.send(ctx, registrar, "enroll "+RoleName(en.Role), e.Set.Registry.BoundContract,
		e.Set.Registry.ABI.PackEnroll(en.Account, en.Role, en.Org, en.Metadata, tk, preKey))
	return tx, err
}

// Suspend suspends a participant.
func (e *Env) Suspend(ctx context.Context, registrar *Identity, account common.Address) (*Tx, error) {
	tx, _, err := e.send(ctx, registrar, "suspend", e.Set.Registry.BoundContract, e.Set.Registry.ABI.PackSuspend(account))
	return tx, err
}

// Participant reads an enrolment.
func (e *Env) Participant(ctx context.Context, account common.Address) (bindings.IRegistryParticipant, error) {
	return bind.Call(e.Set.Registry.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Registry.ABI.PackParticipant(account), e.Set.Registry.ABI.UnpackParticipant)
}

// PREKeyOf reads and parses a participant's enrolled PRE public key.
func (e *Env) PREKeyOf(ctx context.Context, account common.Address) (*pre.PublicKey, error) {
	p, err := e.Participant(ctx, account)
	if err != nil {
		return nil, fmt.Errorf("read enrolment of %s: %w", account, err)
	}
	if len(p.PreKey) == 0 {
		return nil, fmt.Errorf("%s has no PRE key enrolled", account)
	}
	var pk pre.PublicKey
	if err := pk.UnmarshalBinary(p.PreKey); err != nil {
		return nil, fmt.Errorf("PRE key of %s: %w", account, err)
	}
	return &pk, nil
}

// TransportKeyOf reads and parses a participant's enrolled transport public key.
func (e *Env) TransportKeyOf(ctx context.Context, account common.Address) (*transport.PublicKey, error) {
	p, err := e.Participant(ctx, account)
	if err != nil {
		return nil, fmt.Errorf("read enrolment of %s: %w", account, err)
	}
	if p.TransportKey == ([32]byte{}) {
		return nil, fmt.Errorf("%s has no transport key enrolled", account)
	}
	var pk transport.PublicKey
	if err := pk.UnmarshalBinary(p.TransportKey[:]); err != nil {
		return nil, fmt.Errorf("transport key of %s: %w", account, err)
	}
	return &pk, nil
}
