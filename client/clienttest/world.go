// Package clienttest builds worlds for testing package client on its own: a simulated chain with
// every contract deployed, an embedded IPFS store, enrolled participants and a committee of
// in-process proxy nodes that run the key generation on chain and answer grants, attribute reads
// and token requests through the commit-then-reveal round, one of which can be made to answer
// wrongly or be stopped. The real proxies are `emrchain oracle run --role proxy`; these stand in
// for them so the client's side of the protocol is tested apart from the oracle's.
package clienttest

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/internal/simchain"
	"github.com/emrchain/emrchain/storage/embedded"
)

// World is one deployment with its participants.
type World struct {
	Env      *client.Env
	Manifest *deploy.Manifest
	Backend  *simchain.Backend
	client   *simchain.AutoCommitClient
	MSK      *cpabe.MasterKey
	IDs      map[string]*client.Identity
	Proxies  []*client.Identity
}

// Names of the participants a World enrols: role and organisation.
var cast = []struct {
	name string
	role uint8
	org  string
}{
	{"patient", client.RolePatient, ""},
	{"doctor", client.RoleProvider, "hospital-a"},
	{"doctor-b", client.RoleProvider, "hospital-b"},
	{"insurer", client.RoleRequester, "acme-insurance"},
	{"researcher", client.RoleRequester, "university-lab"},
	{"authority", client.RoleAttributeAuthority, "acme-insurance"},
	{"keys", client.RoleOracle, "keys"},
}

func key(name string) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("emrchain/clienttest/v1/" + name)))
	if err != nil {
		panic(err)
	}
	return k
}

// New deploys every contract, enrols the cast (a patient with her record seed, two doctors, an
// insurer, a researcher, an attribute authority and a key oracle) and n proxies, and registers the
// authority's namespace.
func New(t testing.TB, proxies int) *World {
	t.Helper()
	ctx := context.Background()
	w := &World{IDs: map[string]*client.Identity{}}
	var funded []simchain.Account
	add := func(name string) *client.Identity {
		k := key(name)
		id, err := client.NewIdentity(name, k, nil)
		if err != nil {
			t.Fatal(err)
		}
		funded = append(funded, simchain.Account{Name: name, Key: k, Address: id.Address()})
		return id
	}
	admin := add("admin")
	w.IDs["admin"] = admin
	for _, c := range cast {
		w.IDs[c.name] = add(c.name)
	}
	for i := range proxies {
		w.Proxies = append(w.Proxies, add(fmt.Sprintf("proxy-%d", i+1)))
	}
	seed, err := recordkey.NewSeed(nil)
	if err != nil {
		t.Fatal(err)
	}
	w.IDs["patient"].Seed = seed

	chain := simchain.NewChain(funded)
	t.Cleanup(func() { chain.Close() })
	w.Backend, w.client = chain.Backend, chain.Client
	chainID := chain.ChainID
	opts, err := bindOpts(admin.Key, chainID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := deploy.Deploy(ctx, w.client, opts, admin.Address())
	if err != nil {
		t.Fatal(err)
	}
	store, err := embedded.Open(t.TempDir(), embedded.NoSync())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	pk, msk, err := cpabe.Setup(nil)
	if err != nil {
		t.Fatal(err)
	}
	w.MSK = msk
	w.Manifest = m
	w.Env = &client.Env{Backend: w.client, Set: contracts.Bind(w.client, m.Addresses()), Store: store, ChainID: chainID, ABIPublicKey: pk}
	for _, c := range cast {
		id := w.IDs[c.name]
		if _, err := w.Env.Enroll(ctx, admin, client.EnrollmentOf(id, c.role, c.org, c.name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range w.Proxies {
		p.PRE = nil
		if _, err := w.Env.Enroll(ctx, admin, client.EnrollmentOf(p, client.RoleProxy, "proxies", p.Name)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Env.RegisterAuthority(ctx, admin, w.IDs["authority"].Address(), "acme-insurance"); err != nil {
		t.Fatal(err)
	}
	return w
}

// ID returns a participant.
func (w *World) ID(name string) *client.Identity { return w.IDs[name] }

// Mine seals n empty blocks.
func (w *World) Mine(n int) {
	for range n {
		w.Backend.Commit()
	}
}

// Attributes has the authority define (in its namespace) and assign attributes to holder, and
// the key authority issue a CP-ABE key of the current epoch for them: what a requester obtains
// through `attributes assign` and `keys request`.
func (w *World) Attributes(t testing.TB, holder string, names ...string) *cpabe.AttributeKey {
	t.Helper()
	ctx := context.Background()
	full, _, err := w.Env.DefineAttributes(ctx, w.ID("authority"), names...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Env.AssignAttributes(ctx, w.ID("authority"), w.ID(holder).Address(), full...); err != nil {
		t.Fatal(err)
	}
	epoch, err := w.Env.KeyEpoch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ak, err := w.MSK.KeyGen(nil, append(full, cpabe.EpochAttribute(epoch)))
	if err != nil {
		t.Fatal(err)
	}
	return ak
}

// Timeout bounds a test's waits on the committee.
const Timeout = 30 * time.Second

// Wait is a context for one wait on the committee.
func Wait(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	t.Cleanup(cancel)
	return ctx
}
