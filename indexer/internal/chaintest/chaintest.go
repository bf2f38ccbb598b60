// Package chaintest puts emrchain on a simulated chain and plays a patient's story through the
// contracts, so indexer tests read real logs.
package chaintest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/simulated"
)

// Registry roles.
const (
	RolePatient   uint8 = 1
	RoleProvider  uint8 = 2
	RoleRequester uint8 = 3
	RoleOracle    uint8 = 4
	RoleAuthority uint8 = 5
)

// World is a deployment with enrolled participants.
type World struct {
	Chain                                                  *simulated.Chain
	Manifest                                               *deploy.Manifest
	Set                                                    *contracts.Set
	Admin, Patient, Provider, Requester, Oracle, Authority simulated.Account
	requests, accesses, keyRequests, stories               uint64
}

// Accounts are the world's participants, to fund a chain with.
func Accounts() []simulated.Account {
	var out []simulated.Account
	for _, n := range []string{"admin", "patient", "provider", "requester", "oracle", "authority"} {
		out = append(out, simulated.DevAccount(n))
	}
	return out
}

// New deploys emrchain on chain, whose accounts must include Accounts(), and enrols everyone.
func New(t testing.TB, chain *simulated.Chain) *World {
	t.Helper()
	a := Accounts()
	w := &World{Chain: chain, Admin: a[0], Patient: a[1], Provider: a[2], Requester: a[3], Oracle: a[4], Authority: a[5]}
	m, err := deploy.Deploy(context.Background(), chain.Client, w.Admin.Opts(chain.ChainID), w.Admin.Address)
	if err != nil {
		t.Fatalf("deploy: %v", err)
	}
	w.Manifest = m
	w.Set = contracts.Bind(chain.Client, m.Addresses())
	for _, e := range []struct {
		a    simulated.Account
		role uint8
	}{{w.Patient, RolePatient}, {w.Provider, RoleProvider}, {w.Requester, RoleRequester}, {w.Oracle, RoleOracle}, {w.Authority, RoleAuthority}} {
		w.Enroll(t, e.a.Address, e.role)
	}
	return w
}

// Send sends calldata to a contract as who and waits for it.
func (w *World) Send(t testing.TB, who simulated.Account, c *bind.BoundContract, data []byte) {
	t.Helper()
	if _, err := contracts.Send(context.Background(), w.Chain.Client, who.Opts(w.Chain.ChainID), c, data); err != nil {
		t.Fatalf("%s: %v", who.Name, err)
	}
}

// Enroll enrols an address with a role.
func (w *World) Enroll(t testing.TB, addr common.Address, role uint8) {
	t.Helper()
	pre := make([]byte, 67)
	pre[0], pre[33] = 2, 3
	w.Send(t, w.Admin, w.Set.Registry.BoundContract,
		w.Set.Registry.ABI.PackEnroll(addr, role, [32]byte{}, sha256.Sum256(addr.Bytes()), [32]byte{1}, pre))
}

// Record creates a record of the patient written by the provider and returns its id.
func (w *World) Record(t testing.TB, content string) [32]byte {
	t.Helper()
	hash := sha256.Sum256([]byte(content))
	id := contracts.RecordID(w.Patient.Address, w.Provider.Address, hash)
	input := bindings.IRecordRegistryRecordInput{ContentHash: hash, EncryptedLocation: []byte("loc"), WrappedKeyRef: []byte("capsule")}
	digest := contracts.VersionDigest(w.Chain.ChainID, w.Set.Addresses.Records, id, w.Patient.Address, 1, input)
	w.Send(t, w.Provider, w.Set.Records.BoundContract, w.Set.Records.ABI.PackCreateRecord(
		w.Patient.Address, w.Provider.Address, input, sign(t, w.Provider, digest), sign(t, w.Patient, digest)))
	return id
}

// Update adds version 2 of a record.
func (w *World) Update(t testing.TB, id [32]byte, content string) {
	t.Helper()
	hash := sha256.Sum256([]byte(content))
	input := bindings.IRecordRegistryRecordInput{ContentHash: hash, EncryptedLocation: []byte("loc2"), WrappedKeyRef: []byte("capsule2")}
	digest := contracts.VersionDigest(w.Chain.ChainID, w.Set.Addresses.Records, id, w.Patient.Address, 2, input)
	w.Send(t, w.Provider, w.Set.Records.BoundContract, w.Set.Records.ABI.PackUpdateRecord(
		id, w.Provider.Address, input, sign(t, w.Provider, digest), sign(t, w.Patient, digest)))
}

func sign(t testing.TB, a simulated.Account, digest [32]byte) []byte {
	t.Helper()
	sig, err := crypto.Sign(digest[:], a.Key)
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// Story plays a full story for the patient: a record and its update, an index authorization
// and a search, an access that is granted, used and fulfilled, used again and rejected, then
// revoked, and a key request that is rejected. Each story has its own record; it returns its id.
func (w *World) Story(t testing.TB) [32]byte {
	t.Helper()
	ctx := context.Background()
	w.stories++
	id := w.Record(t, fmt.Sprintf("visit %d", w.stories))
	w.Update(t, id, fmt.Sprintf("visit %d, amended", w.stories))
	if w.stories == 1 {
		w.Send(t, w.Patient, w.Set.Index.BoundContract, w.Set.Index.ABI.PackAddRequester(w.Requester.Address))
	}
	w.Send(t, w.Requester, w.Set.Index.BoundContract, w.Set.Index.ABI.PackSearch(w.Patient.Address, [32]byte{9}, big.NewInt(0), big.NewInt(10)))

	w.Send(t, w.Requester, w.Set.Access.BoundContract, w.Set.Access.ABI.PackRequestAccess(id, 0, crypto.Keccak256Hash([]byte("treatment"))))
	w.requests++
	head, err := w.Chain.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Send(t, w.Patient, w.Set.Access.BoundContract, w.Set.Access.ABI.PackGrantAccess(w.requests, 0, head.Time+3600, 1, sha256.Sum256([]byte("rekey")), []byte("rekey-cid")))
	w.Send(t, w.Requester, w.Set.Access.BoundContract, w.Set.Access.ABI.PackGetAccess(w.requests))
	w.accesses++
	w.Send(t, w.Oracle, w.Set.Access.BoundContract, w.Set.Access.ABI.PackFulfil(w.accesses, sha256.Sum256([]byte("result")), []byte("result-cid")))
	w.Send(t, w.Requester, w.Set.Access.BoundContract, w.Set.Access.ABI.PackGetAccess(w.requests))
	w.accesses++
	w.Send(t, w.Oracle, w.Set.Access.BoundContract, w.Set.Access.ABI.PackReject(w.accesses, 9))
	w.Send(t, w.Patient, w.Set.Access.BoundContract, w.Set.Access.ABI.PackRevokeAccess(w.requests))

	if w.keyRequests == 0 {
		w.Send(t, w.Authority, w.Set.Attributes.BoundContract, w.Set.Attributes.ABI.PackDefineAttribute("role:insurer"))
		w.Send(t, w.Authority, w.Set.Attributes.BoundContract, w.Set.Attributes.ABI.PackAssignAttributes(w.Requester.Address, [][32]byte{crypto.Keccak256Hash([]byte("role:insurer"))}))
	}
	w.Send(t, w.Requester, w.Set.Keys.BoundContract, w.Set.Keys.ABI.PackRequestKey(w.Patient.Address))
	w.keyRequests++
	w.Send(t, w.Oracle, w.Set.Keys.BoundContract, w.Set.Keys.ABI.PackRejectKey(w.keyRequests, 7))
	return id
}
