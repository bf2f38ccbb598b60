package oracletest

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/recordkey"
)

// The client side of the protocol is package client's: the flows below drive it the way the CLI
// does, so the oracle is tested against the requests real clients make.

// Env is a client environment on this world: its chain, contracts and IPFS store, and the key
// authority's CP-ABE public key (the oracle's, which holds the master key).
func (w *World) Env() *client.Env {
	return &client.Env{Backend: w.Client, Set: w.Set, Store: w.Store(), ChainID: w.ChainID, ABIPublicKey: w.ABIPublic}
}

// Identity is a client identity of p: its account, PRE and transport keys. A patient's identity
// also gets a record seed (derived from its name: test fixtures only).
func (w *World) Identity(p *Party) *client.Identity {
	id := &client.Identity{Name: p.Name, Key: p.Key, PRE: p.PRE, Transport: p.Transport}
	if strings.HasPrefix(p.Name, "patient") {
		seed, err := recordkey.NewSeed(rand.NewChaCha8(crypto.Keccak256Hash([]byte("emrchain/oracletest/seed/" + p.Name))))
		if err != nil {
			panic(err)
		}
		id.Seed = seed
	}
	return id
}

// Admin is the admin's client identity.
func (w *World) AdminID() *client.Identity { return w.Identity(w.Admin) }

// EnrolAs enrols p with role through the client, in organisation org.
func (w *World) EnrolAs(ctx context.Context, p *Party, role uint8, org string) error {
	_, err := w.Env().Enroll(ctx, w.AdminID(), client.EnrollmentOf(w.Identity(p), role, org, p.Name))
	return err
}

// PutRecord has provider seal text for patient, the patient's client approve it, and the
// provider submit it; policy, if not empty, gates attribute reads.
func (w *World) PutRecord(ctx context.Context, provider, patient *Party, text, policy string) ([32]byte, error) {
	env := w.Env()
	var opts client.SealOptions
	if policy != "" {
		p, err := cpabe.ParsePolicy(policy)
		if err != nil {
			return [32]byte{}, err
		}
		opts.Policy = p
	}
	d, err := env.SealRecord(ctx, w.Identity(provider), patient.Address, bytes.NewReader([]byte(text)), nil, opts)
	if err != nil {
		return [32]byte{}, fmt.Errorf("seal: %w", err)
	}
	sig, err := d.Sign(w.Identity(provider))
	if err != nil {
		return [32]byte{}, err
	}
	a, _, err := env.Approve(ctx, w.Identity(patient), d, client.ApproveOptions{})
	if err != nil {
		return [32]byte{}, fmt.Errorf("approve: %w", err)
	}
	if _, err := env.SubmitRecord(ctx, w.Identity(provider), d, sig, a); err != nil {
		return [32]byte{}, fmt.Errorf("submit: %w", err)
	}
	return d.RecordID, nil
}

// GrantThrough has requester ask for read access to a record and the patient grant it through
// committee c (0: the newest active one), to threshold of the members (0: the client's default),
// for uses get-access calls. It returns the request id.
func (w *World) GrantThrough(ctx context.Context, patient, requester *Party, recordID [32]byte, c uint64, threshold int, uses uint16) (uint64, error) {
	env := w.Env()
	req, _, err := env.RequestAccess(ctx, w.Identity(requester), recordID, client.OpRead, "treatment")
	if err != nil {
		return 0, fmt.Errorf("request access: %w", err)
	}
	if _, err := env.Grant(ctx, w.Identity(patient), req, client.GrantOptions{ValidFor: 24 * time.Hour, Operations: 1 << client.OpRead,
		MaxUses: uses, CommitteeID: c, Threshold: threshold}); err != nil {
		return 0, fmt.Errorf("grant: %w", err)
	}
	return req, nil
}
