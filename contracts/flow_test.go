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

// TestAccessRound runs enrol → record → request → grant → get-access → fulfil through the
// bindings and reads every event back.
func TestAccessRound(t *testing.T) {
	f := newFlow(t)
	for _, e := range []struct {
		a    simulated.Account
		role uint8
	}{{f.patient, rolePatient}, {f.provider, roleProvider}, {f.requester, roleRequester}, {f.oracle, roleOracle}} {
		f.enroll(e.a, e.role)
	}

	content := sha256.Sum256([]byte("sealed envelope bytes"))
	recordID := contracts.RecordID(f.patient.Address, f.provider.Address, content)
	input := bindings.IRecordRegistryRecordInput{
		ContentHash:       content,
		EncryptedLocation: []byte("sealed-cid"),
		WrappedKeyRef:     []byte("capsule-cid"),
	}
	digest := contracts.VersionDigest(f.chain.ChainID, f.set.Addresses.Records, recordID, f.patient.Address, 1, input)
	onChain, err := bind.Call(f.set.Records.BoundContract, nil,
		f.set.Records.ABI.PackVersionDigest(recordID, f.patient.Address, 1, input), f.set.Records.ABI.UnpackVersionDigest)
	if err != nil || onChain != digest {
		t.Fatalf("Go EIP-712 digest %x differs from the contract's %x (%v)", digest, onChain, err)
	}
	f.send(f.provider, f.set.Records.BoundContract, f.set.Records.ABI.PackCreateRecord(
		f.patient.Address, f.provider.Address, input, sign(t, f.provider, digest), sign(t, f.patient, digest)))

	purpose := crypto.Keccak256Hash([]byte("treatment"))
	f.send(f.requester, f.set.Access.BoundContract, f.set.Access.ABI.PackRequestAccess(recordID, 0, purpose))
	rekeyHash := sha256.Sum256([]byte("rekey"))
	head, err := f.chain.Client.HeaderByNumber(f.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	notAfter := head.Time + 3600
	f.send(f.patient, f.set.Access.BoundContract, f.set.Access.ABI.PackGrantAccess(1, 0, notAfter, 1, rekeyHash, []byte("rekey-cid")))
	f.send(f.requester, f.set.Access.BoundContract, f.set.Access.ABI.PackGetAccess(1))
	resultHash := sha256.Sum256([]byte("re-encrypted"))
	f.send(f.oracle, f.set.Access.BoundContract, f.set.Access.ABI.PackFulfil(1, resultHash, []byte("result-cid")))

	// Every event, read back through the bindings.
	filter := &bind.FilterOpts{Context: f.ctx}
	enrolled, err := collect(bind.FilterEvents(f.set.Registry.BoundContract, filter, f.set.Registry.ABI.UnpackParticipantEnrolledEvent))
	check(t, err)
	if len(enrolled) != 4 || enrolled[0].Account != f.patient.Address || enrolled[0].Role != rolePatient {
		t.Fatalf("enrolment events: %+v", enrolled)
	}
	created, err := collect(bind.FilterEvents(f.set.Records.BoundContract, filter, f.set.Records.ABI.UnpackRecordCreatedEvent))
	check(t, err)
	if len(created) != 1 || created[0].RecordId != recordID || created[0].Patient != f.patient.Address ||
		created[0].Provider != f.provider.Address || created[0].Input.ContentHash != content {
		t.Fatalf("record events: %+v", created)
	}
	requested, err := collect(bind.FilterEvents(f.set.Access.BoundContract, filter, f.set.Access.ABI.UnpackAccessRequestedEvent))
	check(t, err)
	if len(requested) != 1 || requested[0].RequestId != 1 || requested[0].Requester != f.requester.Address || requested[0].Purpose != purpose {
		t.Fatalf("request events: %+v", requested)
	}
	granted, err := collect(bind.FilterEvents(f.set.Access.BoundContract, filter, f.set.Access.ABI.UnpackAccessGrantedEvent))
	check(t, err)
	wantCommitment := contracts.RekeyCommitment(rekeyHash, f.requester.Address, recordID, 1)
	if len(granted) != 1 || granted[0].Version != 1 || granted[0].RekeyCommitment != wantCommitment || granted[0].NotAfter != notAfter {
		t.Fatalf("grant events: %+v (want commitment %x)", granted, wantCommitment)
	}
	invoked, err := collect(bind.FilterEvents(f.set.Access.BoundContract, filter, f.set.Access.ABI.UnpackAccessInvokedEvent))
	check(t, err)
	if len(invoked) != 1 || invoked[0].AccessId != 1 || invoked[0].RecordId != recordID || invoked[0].Patient != f.patient.Address {
		t.Fatalf("get-access events: %+v", invoked)
	}
	fulfilled, err := collect(bind.FilterEvents(f.set.Access.BoundContract, filter, f.set.Access.ABI.UnpackAccessFulfilledEvent))
	check(t, err)
	if len(fulfilled) != 1 || fulfilled[0].Oracle != f.oracle.Address || fulfilled[0].ResultHash != resultHash ||
		string(fulfilled[0].ResultRef) != "result-cid" {
		t.Fatalf("fulfil events: %+v", fulfilled)
	}

	// Filtering by an indexed field: the patient's receipts.
	byPatient, err := collect(bind.FilterEvents(f.set.Access.BoundContract, filter, f.set.Access.ABI.UnpackAccessFulfilledEvent,
		nil, nil, []any{f.patient.Address}))
	check(t, err)
	if len(byPatient) != 1 {
		t.Fatalf("fulfilments filtered by patient: %d", len(byPatient))
	}
	other, err := collect(bind.FilterEvents(f.set.Access.BoundContract, filter, f.set.Access.ABI.UnpackAccessFulfilledEvent,
		nil, nil, []any{f.requester.Address}))
	check(t, err)
	if len(other) != 0 {
		t.Fatalf("fulfilments filtered by another address: %d", len(other))
	}

	// A second answer is refused and decodes to the contract's custom error.
	_, err = contracts.Send(f.ctx, f.chain.Client, f.oracle.Opts(f.chain.ChainID), f.set.Access.BoundContract,
		f.set.Access.ABI.PackFulfil(1, resultHash, []byte("again")))
	if !errors.Is(err, contracts.Revert("AlreadyAnswered")) || !errors.Is(err, contracts.ErrReverted) {
		t.Fatalf("second fulfil: got %v, want AlreadyAnswered", err)
	}

	// Revocation by the requester (seed 000's 1-of-2) stops the next get-access on chain.
	f.send(f.requester, f.set.Access.BoundContract, f.set.Access.ABI.PackRevokeAccess(1))
	_, err = contracts.Send(f.ctx, f.chain.Client, f.requester.Opts(f.chain.ChainID), f.set.Access.BoundContract,
		f.set.Access.ABI.PackGetAccess(1))
	var re *contracts.RevertError
	if !errors.As(err, &re) || re.Name != "GrantRevoked" || re.Contract != "AccessLedger" {
		t.Fatalf("get-access after revoke: got %v, want AccessLedger.GrantRevoked", err)
	}
	if re.Args["requestId"] != uint64(1) {
		t.Fatalf("decoded args: %v", re.Args)
	}
}

func TestRekeyCommitmentMatchesContract(t *testing.T) {
	f := newFlow(t)
	rekeyHash := sha256.Sum256([]byte("k"))
	recordID := [32]byte{7}
	got, err := bind.Call(f.set.Access.BoundContract, nil,
		f.set.Access.ABI.PackRekeyCommitment(rekeyHash, f.requester.Address, recordID, 9), f.set.Access.ABI.UnpackRekeyCommitment)
	if err != nil {
		t.Fatal(err)
	}
	if want := contracts.RekeyCommitment(rekeyHash, f.requester.Address, recordID, 9); got != want {
		t.Fatalf("commitment: contract %x, Go %x", got, want)
	}
	id, err := bind.Call(f.set.Records.BoundContract, nil,
		f.set.Records.ABI.PackRecordIdFor(f.patient.Address, f.provider.Address, rekeyHash), f.set.Records.ABI.UnpackRecordIdFor)
	if err != nil {
		t.Fatal(err)
	}
	if want := contracts.RecordID(f.patient.Address, f.provider.Address, rekeyHash); id != want {
		t.Fatalf("record id: contract %x, Go %x", id, want)
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
