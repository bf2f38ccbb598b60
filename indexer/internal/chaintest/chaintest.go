// Package chaintest puts emrchain on a simulated chain and plays a patient's story through the
// contracts, so indexer tests read real logs: a committee of three proxy nodes formed with a
// key generation that is well-formed on chain (the contracts check points and lengths, not the
// arithmetic), records approved by the patient, a threshold grant answered by two nodes while
// the third declines, an attribute read, a search token, a key rotation and a key request.
package chaintest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum"
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
	RoleProxy     uint8 = 6
)

// Committee terms of the story.
const (
	Threshold   = 2
	phaseBlocks = 4
)

// Chain is the node a world plays its story on: go-ethereum's simulated chain in process, or a
// real node such as anvil.
type Chain struct {
	Client  deploy.Backend
	ChainID *big.Int
	// Mine seals an empty block: a committee's key generation waits for its phases' deadlines.
	Mine func(ctx context.Context) error
}

// Simulated is the chain of a simulated backend.
func Simulated(c *simulated.Chain) *Chain {
	return &Chain{Client: c.Client, ChainID: c.ChainID, Mine: func(context.Context) error { c.Backend.Commit(); return nil }}
}

// World is a deployment with enrolled participants.
type World struct {
	Chain                                                  *Chain
	Manifest                                               *deploy.Manifest
	Set                                                    *contracts.Set
	Admin, Patient, Provider, Requester, Oracle, Authority simulated.Account
	// Guardian is the patient's guardian in the care story.
	Guardian simulated.Account
	// Nodes are the committee's members, member i at Nodes[i-1].
	Nodes                                          []simulated.Account
	Committee                                      uint64
	Attribute                                      [32]byte
	requests, accesses, reads, tokens, keyRequests uint64
	careReads, sessions, grants                    uint64
	stories                                        uint64
}

// Accounts are the world's participants, to fund a chain with.
func Accounts() []simulated.Account {
	var out []simulated.Account
	for _, n := range []string{"admin", "patient", "provider", "requester", "oracle", "authority", "node-1", "node-2", "node-3", "guardian"} {
		out = append(out, simulated.DevAccount(n))
	}
	return out
}

// New deploys emrchain on a simulated chain, whose accounts must include Accounts(), enrols
// everyone, forms the committee of the three nodes and gives the requester an attribute.
func New(t testing.TB, chain *simulated.Chain) *World {
	t.Helper()
	return NewOn(t, Simulated(chain))
}

// NewOn is New on any chain whose accounts include Accounts(), funded.
func NewOn(t testing.TB, chain *Chain) *World {
	t.Helper()
	a := Accounts()
	w := &World{Chain: chain, Admin: a[0], Patient: a[1], Provider: a[2], Requester: a[3], Oracle: a[4], Authority: a[5], Nodes: a[6:9], Guardian: a[9]}
	m, err := deploy.Deploy(context.Background(), chain.Client, w.Admin.Opts(chain.ChainID), w.Admin.Address)
	if err != nil {
		t.Fatalf("deploy: %v", err)
	}
	w.Manifest = m
	w.Set = contracts.Bind(chain.Client, m.Addresses())
	for _, e := range []struct {
		a    simulated.Account
		role uint8
	}{{w.Patient, RolePatient}, {w.Provider, RoleProvider}, {w.Requester, RoleRequester}, {w.Oracle, RoleOracle}, {w.Authority, RoleAuthority},
		{w.Nodes[0], RoleProxy}, {w.Nodes[1], RoleProxy}, {w.Nodes[2], RoleProxy}, {w.Guardian, RolePatient}} {
		w.Enroll(t, e.a.Address, e.role)
	}
	w.formCommittee(t)
	w.Send(t, w.Admin, w.Set.Attributes.BoundContract, w.Set.Attributes.ABI.PackRegisterAuthority(w.Authority.Address, "acme"))
	w.Send(t, w.Authority, w.Set.Attributes.BoundContract, w.Set.Attributes.ABI.PackDefineAttribute("role:insurer"))
	w.Attribute = crypto.Keccak256Hash([]byte("acme/role:insurer"))
	w.Send(t, w.Authority, w.Set.Attributes.BoundContract, w.Set.Attributes.ABI.PackAssignAttributes(w.Requester.Address, [][32]byte{w.Attribute}))
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

// point is a curve point of a key derived from label: SEC 1 compressed, and x ‖ y.
func point(label string) (compressed, xy []byte) {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("emrchain/chaintest/" + label)))
	if err != nil {
		panic(err)
	}
	return crypto.CompressPubkey(&k.PublicKey), crypto.FromECDSAPub(&k.PublicKey)[1:]
}

// mine seals empty blocks until the head is past block n.
func (w *World) mine(t testing.TB, n uint64) {
	t.Helper()
	for {
		h, err := w.Chain.Client.HeaderByNumber(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if h.Number.Uint64() > n {
			return
		}
		if err := w.Chain.Mine(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

// formCommittee creates the committee and runs its key generation's steps with well-formed
// keys, deals and confirmations, so it becomes Active.
func (w *World) formCommittee(t testing.TB) {
	t.Helper()
	members := []common.Address{w.Nodes[0].Address, w.Nodes[1].Address, w.Nodes[2].Address}
	w.Send(t, w.Admin, w.Set.Proxies.BoundContract, w.Set.Proxies.ABI.PackCreateCommittee(members, Threshold, phaseBlocks))
	w.Committee = 1
	created, err := w.Chain.Client.HeaderByNumber(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	start := created.Number.Uint64()
	for i, n := range w.Nodes {
		key, _ := point(fmt.Sprintf("dkg-key-%d", i))
		w.Send(t, n, w.Set.Proxies.BoundContract, w.Set.Proxies.ABI.PackRegisterKey(w.Committee, key))
	}
	for i, n := range w.Nodes {
		var commitments []byte
		for k := range Threshold {
			c, _ := point(fmt.Sprintf("commitment-%d-%d", i, k))
			commitments = append(commitments, c...)
		}
		r, _ := point(fmt.Sprintf("ephemeral-%d", i))
		shares := append(append(r, make([]byte, 64)...), make([]byte, 32*len(w.Nodes))...)
		w.Send(t, n, w.Set.Proxies.BoundContract, w.Set.Proxies.ABI.PackDeal(w.Committee, commitments, shares))
	}
	w.mine(t, start+3*phaseBlocks)
	y, _ := point("committee-key")
	for _, n := range w.Nodes[:Threshold] {
		w.Send(t, n, w.Set.Proxies.BoundContract, w.Set.Proxies.ABI.PackConfirm(w.Committee, y, [32]byte{0x5a}))
	}
}

func sign(t testing.TB, a simulated.Account, digest [32]byte) []byte {
	t.Helper()
	sig, err := crypto.Sign(digest[:], a.Key)
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// Program is the story's policy program: the requester's attribute alone.
func (w *World) Program() []byte { return append([]byte{0}, w.Attribute[:]...) }

// version submits a record version: created when id is zero (with a fresh salt), else the next
// version of id. author is the provider, or the patient for a patient-authored version; gated
// versions carry the story's policy, sealed to the committee.
func (w *World) version(t testing.TB, id [32]byte, v uint32, author simulated.Account, content string, gated bool) [32]byte {
	t.Helper()
	return w.versionWith(t, id, v, author, content, gated, 0, [32]byte{})
}

// versionWith is version with extra approval flags (bit 1: the gate carries a network capsule)
// and a category.
func (w *World) versionWith(t testing.TB, id [32]byte, v uint32, author simulated.Account, content string, gated bool, flags uint8, category [32]byte) [32]byte {
	t.Helper()
	input := bindings.IRecordRegistryVersionInput{ContentHash: sha256.Sum256([]byte(content)), EncryptedLocation: []byte("loc " + content)}
	approval := bindings.IRecordRegistryApproval{CapsuleHash: sha256.Sum256([]byte("capsule " + content)), CapsuleRef: []byte("bafy-capsule-" + content)}
	if gated {
		input.PolicyHash = crypto.Keccak256Hash(w.Program())
		approval.GateHash, approval.CommitteeId, approval.GateRef = sha256.Sum256([]byte("gate "+content)), w.Committee, []byte("bafy-gate-"+content)
	}
	var providerSig []byte
	approval.Flags, approval.Category = flags, category
	if author.Address == w.Patient.Address {
		approval.Flags |= 1 // patient-authored: her signature alone
	}
	salt := sha256.Sum256([]byte("salt " + content))
	if id == ([32]byte{}) {
		id = contracts.RecordID(w.Patient.Address, author.Address, salt)
	}
	addr, chain := w.Set.Addresses.Records, w.Chain.ChainID
	if approval.Flags&1 == 0 {
		providerSig = sign(t, author, contracts.VersionDigest(chain, addr, id, w.Patient.Address, author.Address, v, input))
	}
	versionHash := contracts.VersionHash(id, w.Patient.Address, author.Address, v, input)
	patientSig := sign(t, w.Patient, contracts.ApprovalDigest(chain, addr, versionHash, approval))
	if v == 1 {
		w.Send(t, w.Provider, w.Set.Records.BoundContract, w.Set.Records.ABI.PackCreateRecord(
			w.Patient.Address, author.Address, salt, input, approval, providerSig, patientSig))
	} else {
		w.Send(t, w.Provider, w.Set.Records.BoundContract, w.Set.Records.ABI.PackUpdateRecord(
			id, author.Address, input, approval, providerSig, patientSig))
	}
	return id
}

// Record creates a gated record of the patient written by the provider and returns its id.
func (w *World) Record(t testing.TB, content string) [32]byte {
	t.Helper()
	return w.version(t, [32]byte{}, 1, w.Provider, content, true)
}

// Update adds version 2 of a record.
func (w *World) Update(t testing.TB, id [32]byte, content string) {
	t.Helper()
	w.version(t, id, 2, w.Provider, content, true)
}

func fragment(label string) ([]byte, [32]byte) {
	f, _ := point("fragment " + label)
	return f, crypto.Keccak256Hash(f)
}

// Story plays a full story for the patient:
//   - a record and its update, a record the patient writes herself, and a key rotation;
//   - the first time, the patient's index key shared to the committee and the requester allowed
//     to search; every time, a token request answered by nodes 1 and 2, and a search;
//   - an access granted 2-of-3 with two uses: the first answered by nodes 1 and 3 (node 1
//     reveals), the second declined by node 2, then the grant revoked and node 1's late commit
//     rejecting the access;
//   - an attribute read answered by nodes 2 and 3;
//   - a key request the key oracle rejects.
//
// Each story has its own record; it returns its id.
func (w *World) Story(t testing.TB) [32]byte {
	t.Helper()
	ctx := context.Background()
	w.stories++
	n := w.stories
	id := w.Record(t, fmt.Sprintf("visit %d", n))
	w.Update(t, id, fmt.Sprintf("visit %d, amended", n))
	own := w.version(t, [32]byte{}, 1, w.Patient, fmt.Sprintf("glucose log %d", n), false)
	w.Send(t, w.Patient, w.Set.Records.BoundContract, w.Set.Records.ABI.PackRewrapKey(own, sha256.Sum256([]byte(fmt.Sprintf("capsule %d, rotated", n))), []byte("bafy-rotated")))

	if n == 1 {
		var commitments []byte
		for i := range w.Nodes {
			c, _ := point(fmt.Sprintf("index-share-%d", i))
			commitments = append(commitments, c...)
		}
		w.Send(t, w.Patient, w.Set.Index.BoundContract, w.Set.Index.ABI.PackRegisterIndexKey(w.Committee, Threshold, 0b111, sha256.Sum256([]byte("index bundle")), []byte("bafy-index"), commitments))
		w.Send(t, w.Patient, w.Set.Index.BoundContract, w.Set.Index.ABI.PackAddRequester(w.Requester.Address))
	}
	blinded, _ := point(fmt.Sprintf("blinded keyword %d", n))
	w.Send(t, w.Requester, w.Set.Index.BoundContract, w.Set.Index.ABI.PackRequestToken(w.Patient.Address, 1, blinded))
	w.tokens++
	for m := 1; m <= Threshold; m++ {
		_, h := fragment(fmt.Sprintf("token %d member %d", w.tokens, m))
		w.Send(t, w.Nodes[m-1], w.Set.Index.BoundContract, w.Set.Index.ABI.PackCommit(w.tokens, w.tokens, w.Requester.Address, uint8(m), h))
	}
	w.Send(t, w.Requester, w.Set.Index.BoundContract, w.Set.Index.ABI.PackSearch(w.Patient.Address, [32]byte{9}, big.NewInt(0), big.NewInt(10)))

	w.Send(t, w.Requester, w.Set.Access.BoundContract, w.Set.Access.ABI.PackRequestAccess(id, 0, crypto.Keccak256Hash([]byte("treatment"))))
	w.requests++
	head, err := w.Chain.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var commitments []byte
	for i := range w.Nodes {
		_, xy := point(fmt.Sprintf("rekey-share-%d-%d", n, i))
		commitments = append(commitments, xy...)
	}
	input := bindings.IAccessLedgerGrantInput{NotAfter: head.Time + 3600, Operations: 1, MaxUses: 2, CommitteeId: w.Committee,
		Threshold: Threshold, MemberMask: 0b111, BundleHash: sha256.Sum256([]byte("rekey")), BundleRef: []byte("bafy-rekey")}
	w.Send(t, w.Patient, w.Set.Access.BoundContract, w.Set.Access.ABI.PackGrantAccess(w.requests, input, commitments))
	grant := w.grantOf(t, w.requests)
	w.Send(t, w.Requester, w.Set.Access.BoundContract, w.Set.Access.ABI.PackGetAccess(w.requests, grant))
	w.accesses++
	first := w.accesses
	for _, m := range []uint8{1, 3} {
		_, h := fragment(fmt.Sprintf("access %d member %d", first, m))
		w.Send(t, w.Nodes[m-1], w.Set.Access.BoundContract, w.Set.Access.ABI.PackCommit(first, w.requests, w.Requester.Address, m, h))
	}
	f, _ := fragment(fmt.Sprintf("access %d member 1", first))
	w.Send(t, w.Nodes[0], w.Set.Access.BoundContract, w.Set.Access.ABI.PackReveal(first, 1, f, make([]byte, 64)))
	w.Send(t, w.Requester, w.Set.Access.BoundContract, w.Set.Access.ABI.PackGetAccess(w.requests, grant))
	w.accesses++
	second := w.accesses
	w.Send(t, w.Nodes[1], w.Set.Access.BoundContract, w.Set.Access.ABI.PackDecline(second, w.requests, w.Requester.Address, 2, 4))
	w.Send(t, w.Patient, w.Set.Access.BoundContract, w.Set.Access.ABI.PackRevokeAccess(w.requests))
	_, h := fragment(fmt.Sprintf("access %d member 1", second))
	w.Send(t, w.Nodes[0], w.Set.Access.BoundContract, w.Set.Access.ABI.PackCommit(second, w.requests, w.Requester.Address, 1, h))

	c1, _ := point(fmt.Sprintf("blinded gate %d", n))
	bk, _ := point(fmt.Sprintf("blinding key %d", n))
	w.Send(t, w.Requester, w.Set.Reads.BoundContract, w.Set.Reads.ABI.PackRequestRead(id, w.Program(), c1, make([]byte, 64), bk))
	w.reads++
	for _, m := range []uint8{2, 3} {
		_, h := fragment(fmt.Sprintf("read %d member %d", w.reads, m))
		w.Send(t, w.Nodes[m-1], w.Set.Reads.BoundContract, w.Set.Reads.ABI.PackCommit(w.reads, w.reads, w.Requester.Address, m, h))
	}

	w.Send(t, w.Requester, w.Set.Keys.BoundContract, w.Set.Keys.ABI.PackRequestKey(0))
	w.keyRequests++
	w.Send(t, w.Oracle, w.Set.Keys.BoundContract, w.Set.Keys.ABI.PackRejectKey(w.keyRequests, 7))
	return id
}

// grantOf reads a request's grant terms from its AccessGranted event, as getAccess takes them.
func (w *World) grantOf(t testing.TB, requestID uint64) bindings.IAccessLedgerGrant {
	t.Helper()
	ev := w.Set.Access.ABI.GetABI().Events["AccessGranted"]
	logs, err := w.Chain.Client.FilterLogs(context.Background(), ethereum.FilterQuery{
		Addresses: []common.Address{w.Set.Addresses.Access},
		Topics:    [][]common.Hash{{ev.ID}, {common.BigToHash(new(big.Int).SetUint64(requestID))}},
	})
	if err != nil || len(logs) != 1 {
		t.Fatalf("grant %d: %d logs, %v", requestID, len(logs), err)
	}
	g, err := w.Set.Access.ABI.UnpackAccessGrantedEvent(&logs[0])
	if err != nil {
		t.Fatal(err)
	}
	return g.Grant
}

// Laboratory is the category code of the care story's record.
var Laboratory = crypto.Keccak256Hash([]byte("laboratory"))

// CareStory plays the care beyond the grant for the patient: a laboratory record whose gate
// carries a network capsule, a guardian with the timeline and grant scopes, a standing consent,
// a break-glass session by the provider (emergency staff) whose read nodes 1 and 2 answer, the
// session closed, and a grant the guardian proposes (executed at once: the threshold is one) whose
// read nodes 2 and 3 answer. It returns the record's id.
func (w *World) CareStory(t testing.TB) [32]byte {
	t.Helper()
	ctx := context.Background()
	w.stories++
	n := w.stories
	id := w.versionWith(t, [32]byte{}, 1, w.Provider, fmt.Sprintf("lab result %d", n), true, 2, Laboratory)
	head, err := w.Chain.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w.sessions == 0 {
		w.Send(t, w.Admin, w.Set.Emergency.BoundContract, w.Set.Emergency.ABI.PackSetEmergencyStaff(w.Provider.Address, true))
		w.Send(t, w.Patient, w.Set.Guardians.BoundContract, w.Set.Guardians.ABI.PackSetGuardian(w.Guardian.Address, 0b00101, head.Time+365*86400))
		w.Send(t, w.Patient, w.Set.Consents.BoundContract, w.Set.Consents.ABI.PackGiveConsent(crypto.Keccak256Hash([]byte("hospital-a")), [32]byte{}, Laboratory, head.Time, head.Time+90*86400))
	}
	var reason [32]byte
	copy(reason[:], "unconscious")
	w.Send(t, w.Provider, w.Set.Emergency.BoundContract, w.Set.Emergency.ABI.PackOpenSession(w.Patient.Address, reason, 3600))
	w.sessions++
	w.careRead(t, w.Provider, 1, w.sessions, id, []uint8{1, 2})
	w.Send(t, w.Provider, w.Set.Emergency.BoundContract, w.Set.Emergency.ABI.PackCloseSession(w.sessions))

	w.Send(t, w.Guardian, w.Set.Guardians.BoundContract, w.Set.Guardians.ABI.PackPropose(w.Patient.Address, 1, id, w.Requester.Address, head.Time+86400, 0))
	w.grants++
	w.careRead(t, w.Requester, 2, w.grants, id, []uint8{2, 3})
	return id
}

// careRead has reader read the record's network capsule under rule's entry ruleID, answered by
// the given members.
func (w *World) careRead(t testing.TB, reader simulated.Account, rule uint8, ruleID uint64, id [32]byte, members []uint8) {
	t.Helper()
	c1, _ := point(fmt.Sprintf("capsule read %d", w.careReads+1))
	bk, _ := point(fmt.Sprintf("capsule key %d", w.careReads+1))
	w.Send(t, reader, w.Set.Care.BoundContract, w.Set.Care.ABI.PackRequestRead(rule, ruleID, id, c1, make([]byte, 64), bk))
	w.careReads++
	for _, m := range members {
		_, h := fragment(fmt.Sprintf("care read %d member %d", w.careReads, m))
		w.Send(t, w.Nodes[m-1], w.Set.Care.BoundContract, w.Set.Care.ABI.PackCommit(w.careReads, w.careReads, reader.Address, m, h))
	}
}
