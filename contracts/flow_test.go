package contracts_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/simulated"
)

const (
	rolePatient   = 1
	roleProvider  = 2
	roleRequester = 3
	roleOracle    = 4
)

type flow struct {
	t                                           *testing.T
	ctx                                         context.Context
	chain                                       *simulated.Chain
	set                                         *contracts.Set
	admin, patient, provider, requester, oracle simulated.Account
}

func newFlow(t *testing.T) *flow {
	t.Helper()
	f := &flow{
		t:         t,
		ctx:       context.Background(),
		admin:     simulated.DevAccount("admin"),
		patient:   simulated.DevAccount("patient"),
		provider:  simulated.DevAccount("provider"),
		requester: simulated.DevAccount("requester"),
		oracle:    simulated.DevAccount("oracle"),
	}
	f.chain = simulated.NewChain([]simulated.Account{f.admin, f.patient, f.provider, f.requester, f.oracle})
	t.Cleanup(func() { f.chain.Close() })
	m, err := deploy.Deploy(f.ctx, f.chain.Client, f.admin.Opts(f.chain.ChainID), f.admin.Address)
	if err != nil {
		t.Fatalf("deploy: %v", err)
	}
	if err := deploy.Verify(f.ctx, f.chain.Client, m); err != nil {
		t.Fatalf("verify: %v", err)
	}
	f.set = contracts.Bind(f.chain.Client, m.Addresses())
	return f
}

func (f *flow) send(who simulated.Account, c *bind.BoundContract, data []byte) *types.Receipt {
	f.t.Helper()
	rcpt, err := contracts.Send(f.ctx, f.chain.Client, who.Opts(f.chain.ChainID), c, data)
	if err != nil {
		f.t.Fatalf("%s: %v", who.Name, err)
	}
	return rcpt
}

func (f *flow) enroll(a simulated.Account, role uint8) {
	f.t.Helper()
	pre := make([]byte, 67)
	pre[1], pre[34] = 2, 3
	f.send(f.admin, f.set.Registry.BoundContract,
		f.set.Registry.ABI.PackEnroll(a.Address, role, [32]byte{}, sha256.Sum256([]byte(a.Name)), [32]byte{1}, pre))
}

func sign(t *testing.T, a simulated.Account, digest [32]byte) []byte {
	t.Helper()
	sig, err := crypto.Sign(digest[:], a.Key)
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// TestRecordAndRequestThroughBindings runs enrol → record (the provider's version and the
// patient's approval, both signed with the Go EIP-712 digests) → request → revoke through the
// bindings, reads the events back (also filtered by an indexed field), and decodes a revert
// against the contract that was called.
func TestRecordAndRequestThroughBindings(t *testing.T) {
	f := newFlow(t)
	for _, e := range []struct {
		a    simulated.Account
		role uint8
	}{{f.patient, rolePatient}, {f.provider, roleProvider}, {f.requester, roleRequester}, {f.oracle, roleOracle}} {
		f.enroll(e.a, e.role)
	}

	salt := sha256.Sum256([]byte("record salt"))
	recordID := contracts.RecordID(f.patient.Address, f.provider.Address, salt)
	input := bindings.IRecordRegistryVersionInput{
		ContentHash:       sha256.Sum256([]byte("sealed envelope bytes")),
		EncryptedLocation: []byte("sealed-cid"),
	}
	approval := bindings.IRecordRegistryApproval{
		CapsuleHash: sha256.Sum256([]byte("capsule object")),
		CapsuleRef:  []byte("capsule-cid"),
		Category:    crypto.Keccak256Hash([]byte("laboratory")),
	}
	vh := contracts.VersionHash(recordID, f.patient.Address, f.provider.Address, 1, input)
	versionDigest := contracts.VersionDigest(f.chain.ChainID, f.set.Addresses.Records, recordID, f.patient.Address, f.provider.Address, 1, input)
	approvalDigest := contracts.ApprovalDigest(f.chain.ChainID, f.set.Addresses.Records, vh, approval)
	f.send(f.provider, f.set.Records.BoundContract, f.set.Records.ABI.PackCreateRecord(
		f.patient.Address, f.provider.Address, salt, input, approval,
		sign(t, f.provider, versionDigest), sign(t, f.patient, approvalDigest)))

	purpose := crypto.Keccak256Hash([]byte("treatment"))
	f.send(f.requester, f.set.Access.BoundContract, f.set.Access.ABI.PackRequestAccess(recordID, 0, purpose))

	filter := &bind.FilterOpts{Context: f.ctx}
	enrolled, err := collect(bind.FilterEvents(f.set.Registry.BoundContract, filter, f.set.Registry.ABI.UnpackParticipantEnrolledEvent))
	check(t, err)
	if len(enrolled) != 4 || enrolled[0].Account != f.patient.Address || enrolled[0].Role != rolePatient {
		t.Fatalf("enrolment events: %+v", enrolled)
	}
	created, err := collect(bind.FilterEvents(f.set.Records.BoundContract, filter, f.set.Records.ABI.UnpackRecordCreatedEvent))
	check(t, err)
	wantHead := contracts.VersionHead([32]byte{}, contracts.ApprovalHash(vh, approval))
	if len(created) != 1 || created[0].RecordId != recordID || created[0].Patient != f.patient.Address ||
		created[0].Provider != f.provider.Address || created[0].Input.ContentHash != input.ContentHash ||
		created[0].Approval.Category != approval.Category || created[0].Head != wantHead {
		t.Fatalf("record events: %+v (want head %x)", created, wantHead)
	}
	requested, err := collect(bind.FilterEvents(f.set.Access.BoundContract, filter, f.set.Access.ABI.UnpackAccessRequestedEvent))
	check(t, err)
	if len(requested) != 1 || requested[0].RequestId != 1 || requested[0].Requester != f.requester.Address ||
		requested[0].Purpose != purpose || requested[0].Patient != f.patient.Address {
		t.Fatalf("request events: %+v", requested)
	}
	// Filtering by an indexed field: the patient's requests, and nobody else's.
	byPatient, err := collect(bind.FilterEvents(f.set.Access.BoundContract, filter, f.set.Access.ABI.UnpackAccessRequestedEvent,
		nil, []any{f.patient.Address}))
	check(t, err)
	if len(byPatient) != 1 {
		t.Fatalf("requests filtered by patient: %d", len(byPatient))
	}
	other, err := collect(bind.FilterEvents(f.set.Access.BoundContract, filter, f.set.Access.ABI.UnpackAccessRequestedEvent,
		nil, []any{f.requester.Address}))
	check(t, err)
	if len(other) != 0 {
		t.Fatalf("requests filtered by another address: %d", len(other))
	}

	// Revocation by the requester (seed 000's 1-of-2); the patient's grant then reverts, decoded
	// against AccessLedger with its arguments.
	f.send(f.requester, f.set.Access.BoundContract, f.set.Access.ABI.PackRevokeAccess(1))
	grant := bindings.IAccessLedgerGrantInput{
		NotAfter: 1 << 40, Operations: 1, MaxUses: 1, CommitteeId: 1, Threshold: 1, MemberMask: 1,
		BundleHash: sha256.Sum256([]byte("bundle")), BundleRef: []byte("bundle-cid"),
	}
	_, err = contracts.Send(f.ctx, f.chain.Client, f.patient.Opts(f.chain.ChainID), f.set.Access.BoundContract,
		f.set.Access.ABI.PackGrantAccess(1, grant, make([]byte, 64)))
	var re *contracts.RevertError
	if !errors.As(err, &re) || re.Name != "InvalidRequestStatus" || re.Contract != "AccessLedger" ||
		!errors.Is(err, contracts.ErrReverted) {
		t.Fatalf("grant after revoke: got %v, want AccessLedger.InvalidRequestStatus", err)
	}
	if re.Args["requestId"] != uint64(1) || re.Args["status"] != uint8(3) { // 3: Revoked
		t.Fatalf("decoded args: %v", re.Args)
	}
}

// TestHelpersMatchContracts: the Go encodings clients sign and check (record ids, EIP-712
// struct hashes and digests, grant and index-key commitments) equal the contracts' own.
func TestHelpersMatchContracts(t *testing.T) {
	f := newFlow(t)
	salt := sha256.Sum256([]byte("k"))
	id, err := bind.Call(f.set.Records.BoundContract, nil,
		f.set.Records.ABI.PackRecordIdFor(f.patient.Address, f.provider.Address, salt), f.set.Records.ABI.UnpackRecordIdFor)
	check(t, err)
	if want := contracts.RecordID(f.patient.Address, f.provider.Address, salt); id != want {
		t.Fatalf("record id: contract %x, Go %x", id, want)
	}

	input := bindings.IRecordRegistryVersionInput{
		ContentHash: [32]byte{1}, PolicyHash: [32]byte{2}, EncryptedLocation: []byte("location"),
	}
	vh, err := bind.Call(f.set.Records.BoundContract, nil,
		f.set.Records.ABI.PackVersionHash(id, f.patient.Address, f.provider.Address, 3, input), f.set.Records.ABI.UnpackVersionHash)
	check(t, err)
	if want := contracts.VersionHash(id, f.patient.Address, f.provider.Address, 3, input); vh != want {
		t.Fatalf("version hash: contract %x, Go %x", vh, want)
	}
	vd, err := bind.Call(f.set.Records.BoundContract, nil,
		f.set.Records.ABI.PackVersionDigest(id, f.patient.Address, f.provider.Address, 3, input), f.set.Records.ABI.UnpackVersionDigest)
	check(t, err)
	if want := contracts.VersionDigest(f.chain.ChainID, f.set.Addresses.Records, id, f.patient.Address, f.provider.Address, 3, input); vd != want {
		t.Fatalf("version digest: contract %x, Go %x", vd, want)
	}
	approval := bindings.IRecordRegistryApproval{
		CapsuleHash: [32]byte{3}, GateHash: [32]byte{4}, CommitteeId: 5, Flags: 2,
		CapsuleRef: []byte("capsule"), GateRef: []byte("gate"), Category: [32]byte{6},
	}
	ad, err := bind.Call(f.set.Records.BoundContract, nil,
		f.set.Records.ABI.PackApprovalDigest(vh, approval), f.set.Records.ABI.UnpackApprovalDigest)
	check(t, err)
	if want := contracts.ApprovalDigest(f.chain.ChainID, f.set.Addresses.Records, vh, approval); ad != want {
		t.Fatalf("approval digest: contract %x, Go %x", ad, want)
	}

	g := contracts.Grant{
		BundleHash: [32]byte{7}, Requester: f.requester.Address, RecordID: id, Version: 3,
		CapsuleHash: [32]byte{8}, CommitteeID: 9, Threshold: 2, MemberMask: 0x7,
	}
	commitments := make([]byte, 3*64)
	for i := range commitments {
		commitments[i] = byte(i)
	}
	gc, err := bind.Call(f.set.Access.BoundContract, nil, f.set.Access.ABI.PackGrantCommitment(
		g.BundleHash, commitments, g.Requester, g.RecordID, g.Version, g.CapsuleHash, g.CommitteeID, g.Threshold, g.MemberMask,
	), f.set.Access.ABI.UnpackGrantCommitment)
	check(t, err)
	if want := contracts.GrantCommitment(g, commitments); gc != want {
		t.Fatalf("grant commitment: contract %x, Go %x", gc, want)
	}
	ic, err := bind.Call(f.set.Index.BoundContract, nil, f.set.Index.ABI.PackIndexKeyCommitment(
		[32]byte{10}, commitments[:99], f.patient.Address, 4, 9, 2, 0x7,
	), f.set.Index.ABI.UnpackIndexKeyCommitment)
	check(t, err)
	if want := contracts.IndexKeyCommitment([32]byte{10}, commitments[:99], f.patient.Address, 4, 9, 2, 0x7); ic != want {
		t.Fatalf("index-key commitment: contract %x, Go %x", ic, want)
	}
}

func TestDeployEnsureIsIdempotent(t *testing.T) {
	f := newFlow(t)
	path := t.TempDir() + "/manifest.json"
	m1, deployed, err := deploy.Ensure(f.ctx, f.chain.Client, f.admin.Opts(f.chain.ChainID), f.admin.Address, path)
	if err != nil || !deployed {
		t.Fatalf("first ensure: deployed=%v err=%v", deployed, err)
	}
	m2, deployed, err := deploy.Ensure(f.ctx, f.chain.Client, f.admin.Opts(f.chain.ChainID), f.admin.Address, path)
	if err != nil || deployed {
		t.Fatalf("second ensure: deployed=%v err=%v", deployed, err)
	}
	if m1.Addresses() != m2.Addresses() || m1.TotalGas() == 0 {
		t.Fatalf("manifests differ: %+v vs %+v", m1.Addresses(), m2.Addresses())
	}
	// A manifest pointing at the wrong chain is refused, not silently redeployed.
	m2.ChainID = 5
	if err := deploy.WriteManifest(path, m2); err != nil {
		t.Fatal(err)
	}
	if _, _, err := deploy.Ensure(f.ctx, f.chain.Client, f.admin.Opts(f.chain.ChainID), f.admin.Address, path); !errors.Is(err, deploy.ErrMismatch) {
		t.Fatalf("mismatched manifest: got %v, want ErrMismatch", err)
	}
}

func collect[T any](it *bind.EventIterator[T], err error) ([]*T, error) {
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []*T
	for it.Next() {
		out = append(out, it.Value())
	}
	return out, it.Error()
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
