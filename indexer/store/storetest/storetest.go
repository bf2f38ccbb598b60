// Package storetest is the conformance suite every store.Store implementation runs.
package storetest

import (
	"context"
	"errors"
	"math/big"
	"reflect"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/synth"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/logpoller"
)

// Open returns a fresh, empty store for one test; the suite closes it.
type Open func(t *testing.T) store.Store

// Run runs the suite.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Empty", testEmpty},
		{"TimelineResolved", testTimelineResolved},
		{"Replay", testReplay},
		{"Discontinuous", testDiscontinuous},
		{"Rollback", testRollback},
		{"RollbackBelowStart", testRollbackBelowStart},
		{"FailedWriteLeavesNothing", testFailedWrite},
		{"Paging", testPaging},
		{"Filters", testFilters},
		{"Auditors", testAuditors},
		{"NewestFirst", testNewestFirst},
		{"Entry", testEntry},
		{"Enrolments", testEnrolments},
		{"Genesis", testGenesis},
		{"Care", testCare},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tc.fn(t, s)
		})
	}
}

// Addrs is the synthetic deployment the suite's chains belong to.
var Addrs = contracts.Addresses{
	Registry:   common.HexToAddress("0x1000000000000000000000000000000000000001"),
	Records:    common.HexToAddress("0x1000000000000000000000000000000000000002"),
	Index:      common.HexToAddress("0x1000000000000000000000000000000000000003"),
	Access:     common.HexToAddress("0x1000000000000000000000000000000000000004"),
	Attributes: common.HexToAddress("0x1000000000000000000000000000000000000005"),
	Keys:       common.HexToAddress("0x1000000000000000000000000000000000000006"),
	Proxies:    common.HexToAddress("0x1000000000000000000000000000000000000007"),
	Reads:      common.HexToAddress("0x1000000000000000000000000000000000000008"),
	Care:       common.HexToAddress("0x1000000000000000000000000000000000000009"),
	Emergency:  common.HexToAddress("0x100000000000000000000000000000000000000a"),
	Guardians:  common.HexToAddress("0x100000000000000000000000000000000000000b"),
	Consents:   common.HexToAddress("0x100000000000000000000000000000000000000c"),
	Recovery:   common.HexToAddress("0x100000000000000000000000000000000000000d"),
}

// Participants of the suite's scenario.
var (
	Registrar = common.HexToAddress("0xa000000000000000000000000000000000000000")
	Patient   = common.HexToAddress("0xa000000000000000000000000000000000000001")
	Provider  = common.HexToAddress("0xa000000000000000000000000000000000000002")
	Requester = common.HexToAddress("0xa000000000000000000000000000000000000003")
	Oracle    = common.HexToAddress("0xa000000000000000000000000000000000000004")
	Other     = common.HexToAddress("0xa000000000000000000000000000000000000005")
	NodeA     = common.HexToAddress("0xa0000000000000000000000000000000000000a1")
	NodeB     = common.HexToAddress("0xa0000000000000000000000000000000000000a2")
	NodeC     = common.HexToAddress("0xa0000000000000000000000000000000000000a3")
	RecordID  = crypto.Keccak256Hash([]byte("record"))
	Purpose   = crypto.Keccak256Hash([]byte("treatment"))
	Attribute = crypto.Keccak256Hash([]byte("acme/role:insurer"))
)

// Care participants and codes.
var (
	Guardian   = common.HexToAddress("0xa000000000000000000000000000000000000006")
	Hospital   = crypto.Keccak256Hash([]byte("hospital-a"))
	Laboratory = crypto.Keccak256Hash([]byte("laboratory"))
)

// CareScenario emits the patient's care story: a laboratory record, a guardian with the timeline
// scope, a restricted emergency setting, a standing consent; a break-glass session whose read
// two nodes answer; a grant her guardian proposes and executes, whose read is refused; the
// consent withdrawn, recovery set up, the record erased on a court order.
func CareScenario() *synth.Chain {
	c := synth.New(Addrs, firstBlock, firstTime)
	c.Block()
	for _, p := range []struct {
		a    common.Address
		role uint8
	}{{Patient, 1}, {Provider, 2}, {Requester, 3}, {Guardian, 1}, {NodeA, 6}, {NodeB, 6}, {NodeC, 6}} {
		c.MustEmit(deploy.Registry, "ParticipantEnrolled", p.a, p.role, [32]byte{}, Registrar, [32]byte{1}, [32]byte{2}, []byte{})
	}
	c.MustEmit(deploy.ProxyNetwork, "CommitteeCreated", uint64(1), Registrar, []common.Address{NodeA, NodeB, NodeC}, uint8(2), uint8(2),
		uint64(110), uint64(120), uint64(130), uint64(140))
	c.Block()
	input := bindings.IRecordRegistryVersionInput{ContentHash: [32]byte{3}, EncryptedLocation: []byte("loc")}
	approval := bindings.IRecordRegistryApproval{CapsuleHash: [32]byte{0xc}, GateHash: [32]byte{0xe}, CommitteeId: 1, Flags: 2,
		CapsuleRef: []byte("bafycapsule"), GateRef: []byte("bafygate"), Category: Laboratory}
	c.MustEmit(deploy.RecordRegistry, "RecordCreated", RecordID, Patient, Provider, [32]byte{9}, [32]byte{4}, input, approval)
	c.MustEmit(deploy.Guardians, "GuardianSet", Patient, Guardian, uint8(1), uint8(0b10111), uint64(firstTime+365*86400))
	c.MustEmit(deploy.EmergencyAccess, "EmergencySettingChanged", Patient, uint8(2), [][32]byte{Hospital})
	c.MustEmit(deploy.EmergencyAccess, "EmergencyStaffSet", Provider, true, Registrar)
	c.MustEmit(deploy.Consents, "ConsentGiven", uint64(1), Patient, Hospital, [32]byte{}, Laboratory, uint64(firstTime), uint64(firstTime+90*86400))
	c.Block()
	reason := [32]byte{}
	copy(reason[:], "unconscious")
	c.MustEmit(deploy.EmergencyAccess, "EmergencyAccessOpened", uint64(1), Patient, Provider, Hospital, reason, uint64(firstTime+86400), uint32(3))
	c.MustEmit(deploy.CareReads, "CapsuleReadRequested", uint64(1), Patient, Provider, uint8(1), uint64(1), RecordID, uint32(1), uint64(1), uint8(2),
		make([]byte, 33), make([]byte, 33), make([]byte, 64))
	c.MustEmit(deploy.CareReads, "AnswerCommitted", uint64(1), NodeA, uint8(1), [32]byte{1})
	c.MustEmit(deploy.CareReads, "AnswerCommitted", uint64(1), NodeB, uint8(2), [32]byte{2})
	c.MustEmit(deploy.CareReads, "CapsuleReadAnswered", uint64(1), Patient, Provider, uint8(1), uint64(1), uint16(0b011))
	c.MustEmit(deploy.EmergencyAccess, "EmergencyAccessClosed", uint64(1), Patient, Provider, Provider)
	c.Block()
	c.MustEmit(deploy.Guardians, "GuardianActionProposed", uint64(1), Patient, Guardian, uint8(1), RecordID, Requester, uint64(firstTime+86400), uint64(0))
	c.MustEmit(deploy.Guardians, "GuardianActionExecuted", uint64(1), Patient, uint8(1), uint16(1))
	c.MustEmit(deploy.Guardians, "GuardianGrantMade", uint64(1), Patient, Requester, RecordID, uint64(firstTime+86400), uint64(1))
	c.MustEmit(deploy.CareReads, "CapsuleReadRequested", uint64(2), Patient, Requester, uint8(2), uint64(1), RecordID, uint32(1), uint64(1), uint8(2),
		make([]byte, 33), make([]byte, 33), make([]byte, 64))
	outside := [4]byte{}
	copy(outside[:], crypto.Keccak256([]byte("OutsideWindow(uint64,uint64,uint64)")))
	c.MustEmit(deploy.CareReads, "CapsuleReadRejected", uint64(2), Patient, Requester, uint8(2), uint64(1), outside)
	c.MustEmit(deploy.Consents, "ConsentRevoked", uint64(1), Patient, Hospital)
	backup := bindings.IRecoveryBackup{}
	c.MustEmit(deploy.Recovery, "RecoveryConfigured", Patient, uint32(1), uint8(1), []common.Address{Guardian}, uint64(86400), make([]byte, 33), backup)
	c.MustEmit(deploy.RecordRegistry, "RecordErased", RecordID, Patient, Registrar, uint32(1), true)
	return c
}

// Revoked is the selector of AccessLedger's GrantRevoked error, as a rejection carries it.
var Revoked = func() (s [4]byte) {
	copy(s[:], crypto.Keccak256([]byte("GrantRevoked(uint64)")))
	return s
}()

const (
	firstBlock = 100
	firstTime  = 1_700_000_000
)

func apply(t *testing.T, s store.Store, r logpoller.Range) {
	t.Helper()
	if err := store.Follower(s).Apply(context.Background(), r); err != nil {
		t.Fatalf("apply %d-%d: %v", r.First().Number, r.Last().Number, err)
	}
}

func take(t *testing.T, c *synth.Chain) logpoller.Range {
	t.Helper()
	r, ok := c.Take()
	if !ok {
		t.Fatal("nothing to take")
	}
	return r
}

// Scenario emits a patient's full story: enrolments, a committee of three proxy nodes, a
// record and its update, an access round answered by two of the three nodes (one of them later
// shown wrong) while the third declines, one rejected after a revocation, an attribute read
// answered by two nodes of the same access number in another gate, a key request on the
// requester's own timeline, and an event of another patient. It returns the chain with
// everything in untaken blocks.
func Scenario() *synth.Chain {
	c := synth.New(Addrs, firstBlock, firstTime)
	c.Block()
	for _, p := range []struct {
		a    common.Address
		role uint8
	}{{Patient, 1}, {Provider, 2}, {Requester, 3}, {Oracle, 4}, {Other, 1}, {NodeA, 6}, {NodeB, 6}, {NodeC, 6}} {
		c.MustEmit(deploy.Registry, "ParticipantEnrolled", p.a, p.role, [32]byte{}, Registrar, [32]byte{1}, [32]byte{2}, []byte{})
	}
	c.MustEmit(deploy.ProxyNetwork, "CommitteeCreated", uint64(1), Registrar, []common.Address{NodeA, NodeB, NodeC}, uint8(2), uint8(2),
		uint64(110), uint64(120), uint64(130), uint64(140))
	c.MustEmit(deploy.AttributeRegistry, "AttributeDefined", Attribute, Registrar, "acme/role:insurer")
	c.Block()
	input := bindings.IRecordRegistryVersionInput{ContentHash: [32]byte{3}, PolicyHash: [32]byte{0xd}, EncryptedLocation: []byte("loc")}
	approval := bindings.IRecordRegistryApproval{CapsuleHash: [32]byte{0xc}, GateHash: [32]byte{0xe}, CommitteeId: 1,
		CapsuleRef: []byte("bafycapsule"), GateRef: []byte("bafygate")}
	c.MustEmit(deploy.RecordRegistry, "RecordCreated", RecordID, Patient, Provider, [32]byte{9}, [32]byte{4}, input, approval)
	c.MustEmit(deploy.KeywordIndex, "RequesterAdded", Other, Requester) // another patient's
	c.Block()
	c.MustEmit(deploy.RecordRegistry, "RecordUpdated", RecordID, Patient, Provider, uint32(2), [32]byte{4}, [32]byte{5}, input, approval)
	c.MustEmit(deploy.AccessLedger, "AccessRequested", uint64(1), Patient, Requester, RecordID, uint8(0), Purpose)
	c.Block()
	grant := bindings.IAccessLedgerGrant{NotAfter: firstTime + 3600, Operations: 1, CommitteeId: 1, Threshold: 2, MemberMask: 0b111, Commitment: [32]byte{6}}
	c.MustEmit(deploy.AccessLedger, "AccessGranted", uint64(1), Patient, Requester, RecordID, uint32(2), uint32(0), uint16(2), grant,
		[32]byte{6}, []byte("bafyrekey"), make([]byte, 3*64))
	c.MustEmit(deploy.AccessLedger, "AccessInvoked", uint64(1), uint64(1), Patient, Requester, RecordID, uint32(2), uint16(1))
	c.MustEmit(deploy.AccessLedger, "AnswerCommitted", uint64(1), NodeA, uint8(1), [32]byte{7})
	c.MustEmit(deploy.AccessLedger, "AnswerCommitted", uint64(1), NodeC, uint8(3), [32]byte{8})
	c.MustEmit(deploy.AccessLedger, "AnswerFulfilled", uint64(1), uint64(1), Requester, uint64(1), uint16(0b101))
	c.MustEmit(deploy.AccessLedger, "AccessFulfilled", uint64(1), uint64(1), Patient, Requester, uint16(0b101))
	c.Block()
	c.MustEmit(deploy.AccessLedger, "AnswerRevealed", uint64(1), NodeA, uint8(1), make([]byte, 33), make([]byte, 64))
	c.MustEmit(deploy.AccessLedger, "AnswerDeclined", uint64(1), NodeB, uint8(2), uint8(4))
	c.MustEmit(deploy.AccessLedger, "FragmentFaulted", uint64(1), uint8(1), NodeA, Other)
	c.MustEmit(deploy.AccessLedger, "AccessFaulted", uint64(1), uint64(1), Patient, uint8(1), NodeA)
	c.MustEmit(deploy.AccessLedger, "AccessInvoked", uint64(2), uint64(1), Patient, Requester, RecordID, uint32(2), uint16(0))
	c.MustEmit(deploy.AccessLedger, "AccessRevoked", uint64(1), Patient, Requester, Patient)
	c.MustEmit(deploy.AccessLedger, "AnswerRejected", uint64(2), uint64(1), Requester, Revoked)
	c.MustEmit(deploy.AccessLedger, "AccessRejected", uint64(2), uint64(1), Patient, Requester, Revoked)
	c.MustEmit(deploy.AttributeReads, "ReadRequested", uint64(1), Patient, Requester, RecordID, uint32(2), [32]byte{0xd}, uint64(1), uint8(2),
		[][32]byte{Attribute}, make([]byte, 33), make([]byte, 33), make([]byte, 64))
	c.MustEmit(deploy.AttributeReads, "AnswerCommitted", uint64(1), NodeB, uint8(2), [32]byte{9})
	c.MustEmit(deploy.AttributeReads, "AnswerCommitted", uint64(1), NodeC, uint8(3), [32]byte{10})
	c.MustEmit(deploy.AttributeReads, "ReadAnswered", uint64(1), Patient, Requester, uint16(0b110))
	c.MustEmit(deploy.AttributeReads, "AnswerRefused", uint64(1), Other, [4]byte{1, 2, 3, 4})
	c.MustEmit(deploy.KeyIssuer, "KeyRequested", uint64(1), Requester, uint64(5), [32]byte{8})
	c.MustEmit(deploy.KeyIssuer, "KeyRejected", uint64(1), Requester, Oracle, uint8(7))
	return c
}

func all(t *testing.T, s store.Store, patient common.Address) []timeline.Entry {
	t.Helper()
	var out []timeline.Entry
	f := store.Filter{Limit: 7}
	for {
		page, next, err := s.Timeline(context.Background(), patient, f)
		if err != nil {
			t.Fatalf("timeline: %v", err)
		}
		out = append(out, page...)
		if next == "" {
			return out
		}
		if len(page) != f.Limit {
			t.Fatalf("short page of %d with a next cursor", len(page))
		}
		f.Cursor = next
	}
}

func actions(es []timeline.Entry) []timeline.Action {
	out := make([]timeline.Action, len(es))
	for i, e := range es {
		out[i] = e.Action
	}
	return out
}

func sameActions(t *testing.T, got []timeline.Entry, want ...timeline.Action) {
	t.Helper()
	g := actions(got)
	if len(g) != len(want) {
		t.Fatalf("actions %v, want %v", g, want)
	}
	for i := range want {
		if g[i] != want[i] {
			t.Fatalf("actions %v, want %v", g, want)
		}
	}
}

func testEmpty(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, ok, err := s.Cursor(ctx); ok || err != nil {
		t.Fatalf("empty store has a cursor (err %v)", err)
	}
	if _, ok, err := s.HashAt(ctx, 1); ok || err != nil {
		t.Fatalf("empty store has a block (err %v)", err)
	}
	page, next, err := s.Timeline(ctx, Patient, store.Filter{})
	if err != nil || len(page) != 0 || next != "" {
		t.Fatalf("empty timeline: %d entries, next %q, err %v", len(page), next, err)
	}
}

func testTimelineResolved(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := Scenario()
	r := take(t, c)
	apply(t, s, r)

	cur, ok, err := s.Cursor(ctx)
	if err != nil || !ok || cur != r.Last() {
		t.Fatalf("cursor %+v ok=%v err=%v, want %+v", cur, ok, err, r.Last())
	}
	for _, h := range r.Headers {
		if got, ok, err := s.HashAt(ctx, h.Number); err != nil || !ok || got != h.Hash {
			t.Fatalf("hash at %d: %s ok=%v err=%v", h.Number, got.Hex(), ok, err)
		}
	}
	es := all(t, s, Patient)
	sameActions(t, es, timeline.Enrolled, timeline.RecordCreated, timeline.RecordUpdated, timeline.AccessRequested,
		timeline.AccessGranted, timeline.AccessInvoked, timeline.AnswerCommitted, timeline.AnswerCommitted, timeline.AccessFulfilled,
		timeline.AnswerRevealed, timeline.AnswerDeclined, timeline.AccessFaulted,
		timeline.AccessInvoked, timeline.AccessRevoked, timeline.AccessRejected,
		timeline.ReadRequested, timeline.AnswerCommitted, timeline.AnswerCommitted, timeline.ReadAnswered)

	byAction := map[timeline.Action][]timeline.Entry{}
	for _, e := range es {
		byAction[e.Action] = append(byAction[e.Action], e)
		if e.Patient != Patient {
			t.Fatalf("%s entry on %s's timeline", e.Patient.Hex(), Patient.Hex())
		}
	}
	logs := c.Logs()
	created := byAction[timeline.RecordCreated][0]
	if created.Actor != Provider || created.ActorRole != timeline.RoleProvider || created.Record != RecordID || created.Version != 1 ||
		created.BlockNumber != firstBlock+1 || created.Time.Unix() != firstTime+synth.BlockTime ||
		created.TxHash != logs[10].TxHash || created.LogIndex != logs[10].Index || created.BlockHash != logs[10].BlockHash ||
		created.Contract != Addrs.Records {
		t.Fatalf("record created: %+v", created)
	}
	// The version's key material as the patient approved it, decoded from the stored log.
	if created.CapsuleHash != (common.Hash{0xc}) || created.CapsuleRef != "bafycapsule" || created.GateHash != (common.Hash{0xe}) ||
		created.GateRef != "bafygate" || created.PolicyHash != (common.Hash{0xd}) || created.Committee != 1 || created.PatientAuthored {
		t.Fatalf("record created: %+v", created)
	}
	if e := byAction[timeline.Enrolled][0]; e.Actor != Registrar || e.ActorRole != timeline.RoleUnknown {
		t.Fatalf("enrolled: %+v", e)
	}
	grant := byAction[timeline.AccessGranted][0]
	if grant.Actor != Patient || grant.ActorRole != timeline.RolePatient || grant.Counterpart != Requester ||
		grant.CounterpartRole != timeline.RoleRequester || grant.Version != 2 || grant.Purpose != Purpose ||
		grant.NotAfter != firstTime+3600 || grant.Operations != 1 || grant.RequestID != 1 || grant.Path != timeline.PathGrant ||
		grant.Committee != 1 || grant.Threshold != 2 || grant.MaxUses != 2 || !sameNodes(grant.Nodes, NodeA, NodeB, NodeC) {
		t.Fatalf("grant: %+v", grant)
	}
	// Resolved from the request, the get-access call, the grant and the members' commits.
	ful := byAction[timeline.AccessFulfilled][0]
	if ful.Record != RecordID || ful.Version != 2 || ful.Purpose != Purpose || ful.Path != timeline.PathGrant ||
		ful.Counterpart != Requester || ful.Outcome() != timeline.Success || ful.AccessID != 1 || !sameNodes(ful.Nodes, NodeA, NodeC) {
		t.Fatalf("fulfilled: %+v", ful)
	}
	// Each member's answer is on the patient's timeline, with the access's requester and record.
	commit := byAction[timeline.AnswerCommitted][0]
	if commit.Actor != NodeA || commit.ActorRole != timeline.RoleProxy || commit.Member != 1 || commit.Counterpart != Requester ||
		commit.CounterpartRole != timeline.RoleRequester || commit.Record != RecordID || commit.Version != 2 || commit.Path != timeline.PathGrant {
		t.Fatalf("committed: %+v", commit)
	}
	decl := byAction[timeline.AnswerDeclined][0]
	if decl.Actor != NodeB || decl.Reason.String() != "MISSING_OBJECT" || decl.Outcome() != timeline.Rejected || decl.Path != timeline.PathGrant {
		t.Fatalf("declined: %+v", decl)
	}
	if f := byAction[timeline.AccessFaulted][0]; f.Actor != NodeA || f.Member != 1 || f.Record != RecordID || f.Version != 2 {
		t.Fatalf("faulted: %+v", f)
	}
	rej := byAction[timeline.AccessRejected][0]
	if rej.Error != "GrantRevoked" || rej.Outcome() != timeline.Rejected || rej.Record != RecordID || rej.Version != 2 {
		t.Fatalf("rejected: %+v", rej)
	}
	rev := byAction[timeline.AccessRevoked][0]
	if rev.Actor != Patient || rev.Counterpart != Requester || rev.Record != RecordID || rev.Version != 2 {
		t.Fatalf("revoked: %+v", rev)
	}
	// The read through attributes: same access number as the grant's, in another gate.
	read := byAction[timeline.ReadRequested][0]
	if read.Actor != Requester || read.Path != timeline.PathAttribute || read.Committee != 1 || read.Threshold != 2 ||
		len(read.Attributes) != 1 || read.Attributes[0] != Attribute || read.AttributeNames[0] != "acme/role:insurer" {
		t.Fatalf("read requested: %+v", read)
	}
	if c := byAction[timeline.AnswerCommitted][2]; c.Actor != NodeB || c.Path != timeline.PathAttribute || c.Contract != Addrs.Reads {
		t.Fatalf("read committed: %+v", c)
	}
	answered := byAction[timeline.ReadAnswered][0]
	if answered.Counterpart != Requester || answered.Path != timeline.PathAttribute || !sameNodes(answered.Nodes, NodeB, NodeC) ||
		answered.Record != RecordID || answered.Version != 2 {
		t.Fatalf("read answered: %+v", answered)
	}
	// CP-ABE keys are asked for no patient: on the requester's own timeline.
	req := all(t, s, Requester)
	sameActions(t, req, timeline.Enrolled, timeline.KeyRequested, timeline.KeyRejected)
	if key := req[2]; key.KeyRequestID != 1 || key.Reason.String() != "UNKNOWN_ATTRIBUTES" || key.Actor != Oracle || req[1].Epoch != 5 {
		t.Fatalf("key rejected: %+v", key)
	}
	other := all(t, s, Other)
	sameActions(t, other, timeline.Enrolled, timeline.RequesterAdded)
	if other[1].Counterpart != Requester || other[1].CounterpartRole != timeline.RoleRequester {
		t.Fatalf("requester added: %+v", other[1])
	}
	// The committee's formation is on the timeline of the admin who formed it.
	reg := all(t, s, Registrar)
	sameActions(t, reg, timeline.CommitteeCreated)
	if !sameNodes(reg[0].Nodes, NodeA, NodeB, NodeC) || reg[0].Threshold != 2 {
		t.Fatalf("committee created: %+v", reg[0])
	}
	// One entry by its position, resolved the same way.
	got, err := s.Entry(ctx, ful.BlockNumber, ful.LogIndex)
	if err != nil || !sameNodes(got.Nodes, NodeA, NodeC) || got.Path != timeline.PathGrant {
		t.Fatalf("entry of the fulfilment: %+v %v", got, err)
	}
}

func sameNodes(got []common.Address, want ...common.Address) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range want {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

func testReplay(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := Scenario()
	r := take(t, c)
	apply(t, s, r)
	want := all(t, s, Patient)
	apply(t, s, r) // a replay after a crash between commit and acknowledgement
	c.Block()
	c.MustEmit(deploy.KeywordIndex, "RequesterAdded", Patient, Requester)
	r2 := take(t, c)
	apply(t, s, r2)
	apply(t, s, r) // an older batch, long superseded
	got := all(t, s, Patient)
	if len(got) != len(want)+1 {
		t.Fatalf("%d entries after replays, want %d", len(got), len(want)+1)
	}
	if cur, _, _ := s.Cursor(ctx); cur != r2.Last() {
		t.Fatalf("replaying an old batch moved the cursor to %d", cur.Number)
	}
}

func testDiscontinuous(t *testing.T, s store.Store) {
	c := Scenario()
	apply(t, s, take(t, c))
	c.Block()
	take(t, c) // skipped
	c.Block()
	gap := take(t, c)
	b, err := store.NewBatch(gap)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write(context.Background(), b); !errors.Is(err, store.ErrDiscontinuous) {
		t.Fatalf("write across a gap: %v, want ErrDiscontinuous", err)
	}
}

func testRollback(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := synth.New(Addrs, firstBlock, firstTime)
	c.MustEmit(deploy.Registry, "ParticipantEnrolled", Patient, uint8(1), [32]byte{}, Registrar, [32]byte{}, [32]byte{}, []byte{})
	c.MustEmit(deploy.Registry, "ParticipantEnrolled", Requester, uint8(3), [32]byte{}, Registrar, [32]byte{}, [32]byte{}, []byte{})
	c.MustEmit(deploy.AccessLedger, "AccessRequested", uint64(1), Patient, Requester, RecordID, uint8(0), Purpose)
	base := take(t, c)
	apply(t, s, base)
	c.Block()
	c.MustEmit(deploy.Registry, "ParticipantEnrolled", Oracle, uint8(4), [32]byte{}, Registrar, [32]byte{}, [32]byte{}, []byte{})
	c.MustEmit(deploy.AccessLedger, "AccessRequested", uint64(2), Patient, Requester, common.Hash{1}, uint8(0), Purpose)
	c.Block()
	c.MustEmit(deploy.AccessLedger, "AccessInvoked", uint64(1), uint64(2), Patient, Requester, common.Hash{1}, uint32(1), uint16(0))
	apply(t, s, take(t, c))
	if n := len(all(t, s, Patient)); n != 4 {
		t.Fatalf("%d entries before rollback", n)
	}

	to := base.Last()
	if err := s.Rollback(ctx, to); err != nil {
		t.Fatal(err)
	}
	if cur, ok, err := s.Cursor(ctx); err != nil || !ok || cur != to {
		t.Fatalf("cursor after rollback %+v ok=%v err=%v", cur, ok, err)
	}
	if _, ok, _ := s.HashAt(ctx, to.Number+1); ok {
		t.Fatal("block above the rollback point kept")
	}
	sameActions(t, all(t, s, Patient), timeline.Enrolled, timeline.AccessRequested)

	// A competing fork reuses request 2 and the oracle's address for something else: facts of
	// the dropped blocks must be gone, or they would resolve the new entries.
	c.Rewind(to.Number, "fork")
	c.Block()
	c.MustEmit(deploy.Registry, "ParticipantEnrolled", Oracle, uint8(2), [32]byte{}, Registrar, [32]byte{}, [32]byte{}, []byte{})
	c.MustEmit(deploy.AccessLedger, "AccessRequested", uint64(2), Patient, Requester, common.Hash{2}, uint8(0), Purpose)
	c.MustEmit(deploy.AccessLedger, "AccessRevoked", uint64(2), Patient, Requester, Oracle)
	// Access 1 was another requester's on the dropped blocks: its answer follows the fork's.
	c.MustEmit(deploy.AccessLedger, "AccessInvoked", uint64(1), uint64(2), Patient, Other, common.Hash{2}, uint32(3), uint16(0))
	c.MustEmit(deploy.AccessLedger, "AnswerCommitted", uint64(1), NodeA, uint8(1), [32]byte{1})
	fork := take(t, c)
	apply(t, s, fork)
	es := all(t, s, Patient)
	sameActions(t, es, timeline.Enrolled, timeline.AccessRequested, timeline.AccessRequested, timeline.AccessRevoked,
		timeline.AccessInvoked, timeline.AnswerCommitted)
	if rev := es[3]; rev.Record != (common.Hash{2}) || rev.ActorRole != timeline.RoleProvider || rev.BlockHash != fork.Headers[0].Hash {
		t.Fatalf("entry on the fork resolved against dropped facts: %+v", rev)
	}
	if ans := es[5]; ans.Counterpart != Other || ans.Version != 3 {
		t.Fatalf("answer on the fork placed by dropped facts: %+v", ans)
	}
}

func testRollbackBelowStart(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := synth.New(Addrs, firstBlock, firstTime)
	c.MustEmit(deploy.Registry, "ParticipantEnrolled", Patient, uint8(1), [32]byte{}, Registrar, [32]byte{}, [32]byte{}, []byte{})
	apply(t, s, take(t, c))
	anchor := logpoller.Header{Number: firstBlock - 1, Hash: common.Hash{0xaa}, ParentHash: common.Hash{0xbb}, Time: firstTime - 12}
	if err := s.Rollback(ctx, anchor); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := s.HashAt(ctx, anchor.Number); err != nil || !ok || got != anchor.Hash {
		t.Fatalf("anchor not stored: %s %v %v", got.Hex(), ok, err)
	}
	if n := len(all(t, s, Patient)); n != 0 {
		t.Fatalf("%d entries after rolling back everything", n)
	}
	next := logpoller.Header{Number: firstBlock, Hash: common.Hash{0xcc}, ParentHash: anchor.Hash, Time: firstTime}
	if err := s.Write(ctx, store.Batch{Headers: []logpoller.Header{next}}); err != nil {
		t.Fatalf("write on the anchor: %v", err)
	}
}

func testFailedWrite(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := Scenario()
	first := take(t, c)
	apply(t, s, first)
	before := all(t, s, Patient)

	c.Block()
	c.MustEmit(deploy.KeywordIndex, "RequesterAdded", Patient, Other)
	c.MustEmit(deploy.Registry, "ParticipantEnrolled", common.Address{0x77}, uint8(3), [32]byte{}, Registrar, [32]byte{}, [32]byte{}, []byte{})
	r := take(t, c)
	b, err := store.NewBatch(r)
	if err != nil {
		t.Fatal(err)
	}
	// The last event claims a block the batch does not have: the store finds out after writing
	// the others, inside the transaction.
	bad := b.Events[len(b.Events)-1]
	bad.Log.BlockHash = common.Hash{0xde, 0xad}
	b.Events = append(b.Events, bad)
	if err := s.Write(ctx, b); err == nil {
		t.Fatal("write of a bad batch succeeded")
	}
	if cur, _, _ := s.Cursor(ctx); cur != first.Last() {
		t.Fatalf("failed write moved the cursor to %d", cur.Number)
	}
	if _, ok, _ := s.HashAt(ctx, r.First().Number); ok {
		t.Fatal("failed write left a block behind")
	}
	if after := all(t, s, Patient); len(after) != len(before) {
		t.Fatalf("failed write left %d entries behind", len(after)-len(before))
	}
	if n := len(all(t, s, common.Address{0x77})); n != 0 {
		t.Fatal("failed write left an enrolment behind")
	}
	b.Events = b.Events[:len(b.Events)-1]
	if err := s.Write(ctx, b); err != nil {
		t.Fatalf("retry of the good batch: %v", err)
	}
	if after := all(t, s, Patient); len(after) != len(before)+1 {
		t.Fatalf("%d entries after retry, want %d", len(after), len(before)+1)
	}
}

// busyPatient writes n RequesterAdded entries for Patient, three per block, in ranges.
func busyPatient(t *testing.T, s store.Store, n int) []logpoller.Header {
	c := synth.New(Addrs, firstBlock, firstTime)
	var headers []logpoller.Header
	for i := range n {
		if i%3 == 0 {
			c.Block()
		}
		c.MustEmit(deploy.KeywordIndex, "RequesterAdded", Patient, common.BigToAddress(big.NewInt(int64(i+1))))
		if i%3 == 1 {
			c.MustEmit(deploy.KeywordIndex, "RequesterAdded", Other, Requester)
		}
		if i%40 == 39 || i == n-1 {
			r := take(t, c)
			headers = append(headers, r.Headers...)
			apply(t, s, r)
		}
	}
	return headers
}

func testPaging(t *testing.T, s store.Store) {
	ctx := context.Background()
	busyPatient(t, s, 250)
	whole, next, err := s.Timeline(ctx, Patient, store.Filter{Limit: store.MaxLimit})
	if err != nil || next != "" || len(whole) != 250 {
		t.Fatalf("whole timeline: %d entries, next %q, err %v", len(whole), next, err)
	}
	for i := 1; i < len(whole); i++ {
		a, b := whole[i-1], whole[i]
		if b.BlockNumber < a.BlockNumber || (b.BlockNumber == a.BlockNumber && b.LogIndex <= a.LogIndex) {
			t.Fatalf("entries %d and %d out of chain order", i-1, i)
		}
	}
	var paged []timeline.Entry
	f := store.Filter{}
	pages := 0
	for {
		page, next, err := s.Timeline(ctx, Patient, f)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		paged = append(paged, page...)
		if next == "" {
			break
		}
		f.Cursor = next
	}
	if pages != 3 || len(paged) != 250 {
		t.Fatalf("%d pages with %d entries, want 3 with 250", pages, len(paged))
	}
	for i := range whole {
		if paged[i].TxHash != whole[i].TxHash || paged[i].Counterpart != whole[i].Counterpart {
			t.Fatalf("paged entry %d differs", i)
		}
	}
	for _, bad := range []string{"nope", "AQ", store.Position{Time: -5}.String()} {
		if _, _, err := s.Timeline(ctx, Patient, store.Filter{Cursor: bad}); !errors.Is(err, store.ErrBadCursor) {
			t.Fatalf("cursor %q: %v, want ErrBadCursor", bad, err)
		}
	}
	for _, limit := range []int{-1, store.MaxLimit + 1} {
		if _, _, err := s.Timeline(ctx, Patient, store.Filter{Limit: limit}); err == nil {
			t.Fatalf("limit %d accepted", limit)
		}
	}
}

func testFilters(t *testing.T, s store.Store) {
	ctx := context.Background()
	apply(t, s, take(t, Scenario()))
	access := []timeline.Action{timeline.AccessGranted, timeline.AccessRejected}
	got, _, err := s.Timeline(ctx, Patient, store.Filter{Actions: access})
	if err != nil {
		t.Fatal(err)
	}
	sameActions(t, got, timeline.AccessGranted, timeline.AccessRejected)
	if _, _, err := s.Timeline(ctx, Patient, store.Filter{Actions: []timeline.Action{"launched-rocket"}}); err == nil {
		t.Fatal("unknown action accepted")
	}
	// Blocks are 12 s apart from firstTime; the scenario's blocks 2 and 3 hold the record update,
	// the request, the grant, the get-access and the fulfilment.
	at := func(block int) time.Time { return time.Unix(firstTime+int64(block)*synth.BlockTime, 0) }
	got, _, err = s.Timeline(ctx, Patient, store.Filter{From: at(2), To: at(4)})
	if err != nil {
		t.Fatal(err)
	}
	sameActions(t, got, timeline.RecordUpdated, timeline.AccessRequested, timeline.AccessGranted, timeline.AccessInvoked,
		timeline.AnswerCommitted, timeline.AnswerCommitted, timeline.AccessFulfilled)
	// Bounds that fall between whole seconds.
	got, _, err = s.Timeline(ctx, Patient, store.Filter{From: at(2).Add(-time.Millisecond), To: at(3).Add(time.Millisecond)})
	if err != nil {
		t.Fatal(err)
	}
	sameActions(t, got, timeline.RecordUpdated, timeline.AccessRequested, timeline.AccessGranted, timeline.AccessInvoked,
		timeline.AnswerCommitted, timeline.AnswerCommitted, timeline.AccessFulfilled)
	got, _, err = s.Timeline(ctx, Patient, store.Filter{From: at(2).Add(time.Millisecond), Actions: []timeline.Action{timeline.AccessInvoked}, Limit: 1})
	if err != nil || len(got) != 1 || got[0].AccessID != 1 {
		t.Fatalf("time and action filter with limit: %+v %v", got, err)
	}
}

func testAuditors(t *testing.T, s store.Store) {
	ctx := context.Background()
	a1, a2 := common.Address{0x1}, common.Address{0x2}
	if ok, err := s.IsAuditor(ctx, Patient, a1); ok || err != nil {
		t.Fatalf("auditor before any was added: %v %v", ok, err)
	}
	for _, a := range []common.Address{a2, a1, a2} {
		if err := s.AddAuditor(ctx, Patient, a); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.Auditors(ctx, Patient)
	if err != nil || len(list) != 2 || list[0] != a2 || list[1] != a1 {
		t.Fatalf("auditors %v err %v, want [a2 a1]", list, err)
	}
	if ok, _ := s.IsAuditor(ctx, Other, a1); ok {
		t.Fatal("auditor of one patient reads another's")
	}
	if err := s.RemoveAuditor(ctx, Patient, a2); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.IsAuditor(ctx, Patient, a2); ok {
		t.Fatal("removed auditor still authorized")
	}
	if err := s.RemoveAuditor(ctx, Patient, a2); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("removing twice: %v, want ErrNotFound", err)
	}
	// Rollbacks concern the chain only.
	apply(t, s, take(t, Scenario()))
	if err := s.Rollback(ctx, logpoller.Header{Number: firstBlock - 1, Hash: common.Hash{1}}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.IsAuditor(ctx, Patient, a1); !ok {
		t.Fatal("rollback dropped an auditor")
	}
}

func testNewestFirst(t *testing.T, s store.Store) {
	ctx := context.Background()
	busyPatient(t, s, 250)
	whole, _, err := s.Timeline(ctx, Patient, store.Filter{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var paged []timeline.Entry
	f := store.Filter{Newest: true, Limit: 60}
	for {
		page, next, err := s.Timeline(ctx, Patient, f)
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, page...)
		if next == "" {
			break
		}
		f.Cursor = next
	}
	if len(paged) != len(whole) {
		t.Fatalf("newest first: %d entries, want %d", len(paged), len(whole))
	}
	for i := range whole {
		if paged[i].TxHash != whole[len(whole)-1-i].TxHash || paged[i].LogIndex != whole[len(whole)-1-i].LogIndex {
			t.Fatalf("newest-first entry %d is not chain-order entry %d", i, len(whole)-1-i)
		}
	}
	// Time bounds hold in both orders.
	mid := whole[100].Time
	f = store.Filter{Newest: true, To: mid, Limit: store.MaxLimit}
	before, _, err := s.Timeline(ctx, Patient, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range before {
		if !e.Time.Before(mid) {
			t.Fatalf("entry at %v not before %v", e.Time, mid)
		}
	}
	f = store.Filter{Newest: true, From: mid, Limit: store.MaxLimit}
	after, _, err := s.Timeline(ctx, Patient, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(before)+len(after) != len(whole) || len(before) == 0 || len(after) == 0 {
		t.Fatalf("split at %v: %d + %d, want %d", mid, len(before), len(after), len(whole))
	}
}

func testEntry(t *testing.T, s store.Store) {
	ctx := context.Background()
	apply(t, s, take(t, Scenario()))
	for _, e := range all(t, s, Patient) {
		got, err := s.Entry(ctx, e.BlockNumber, e.LogIndex)
		if err != nil {
			t.Fatalf("entry %d-%d: %v", e.BlockNumber, e.LogIndex, err)
		}
		if got.Patient != Patient || got.TxHash != e.TxHash || got.Action != e.Action || got.Version != e.Version || got.Record != e.Record || got.ActorRole != e.ActorRole {
			t.Fatalf("entry %d-%d: %+v, want %+v", e.BlockNumber, e.LogIndex, got, e)
		}
	}
	other := all(t, s, Other)
	if got, err := s.Entry(ctx, other[len(other)-1].BlockNumber, other[len(other)-1].LogIndex); err != nil || got.Patient != Other {
		t.Fatalf("another patient's entry: %+v %v", got, err)
	}
	if _, err := s.Entry(ctx, 999_999, 0); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no such log: %v", err)
	}
	// The last log of the scenario (an attribute definition) is on no timeline.
	last := all(t, s, Patient)
	if _, err := s.Entry(ctx, last[len(last)-1].BlockNumber, last[len(last)-1].LogIndex+1); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a log on no timeline: %v", err)
	}
}

func testEnrolments(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := Scenario()
	org := [32]byte{0xaa}
	c.Block()
	c.MustEmit(deploy.Registry, "ParticipantEnrolled", Registrar, uint8(2), org, Registrar, [32]byte{0xbb}, [32]byte{2}, []byte{})
	apply(t, s, take(t, c))
	got, err := s.Enrolments(ctx, []common.Address{Patient, Provider, Registrar, common.Address{0xee}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[common.Address]timeline.Enrolment{
		Patient:   {Role: timeline.RolePatient, MetadataHash: [32]byte{1}},
		Provider:  {Role: timeline.RoleProvider, MetadataHash: [32]byte{1}},
		Registrar: {Role: timeline.RoleProvider, Org: org, MetadataHash: [32]byte{0xbb}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d enrolments, want %d: %+v", len(got), len(want), got)
	}
	for a, w := range want {
		if got[a] != w {
			t.Fatalf("%s: %+v, want %+v", a, got[a], w)
		}
	}
	if none, err := s.Enrolments(ctx, nil); err != nil || len(none) != 0 {
		t.Fatalf("no accounts: %v %v", none, err)
	}
}

// testGenesis: the recorded genesis survives writes and rollbacks, which never touch it, and
// the follower hands it to the log poller.
func testGenesis(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, ok, err := s.Genesis(ctx); ok || err != nil {
		t.Fatalf("fresh store has a genesis: %v %v", ok, err)
	}
	g := common.HexToHash("0x6e6e")
	if err := s.SetGenesis(ctx, g); err != nil {
		t.Fatal(err)
	}
	c := Scenario()
	r := take(t, c)
	apply(t, s, r)
	if err := s.Rollback(ctx, r.First()); err != nil {
		t.Fatal(err)
	}
	if _, ok := store.Follower(s).(logpoller.ChainStore); !ok {
		t.Fatal("the follower hides the store's genesis from the log poller")
	}
	if got, ok, err := s.Genesis(ctx); !ok || err != nil || got != g {
		t.Fatalf("genesis %s %v %v, want %s", got.Hex(), ok, err, g.Hex())
	}
}

// Exec runs one statement on a database at an older schema version, with placeholders from ph.
type Exec func(q string, args ...any) error

// Upgrade checks that a store opened over a database an older indexer filled (schema version
// 2, which knew none of the trust model's events and stored their logs raw) decodes those logs
// afresh: the migrated timeline equals a fresh store's, and a row of an event this build does
// not know keeps what its columns say. exec writes to the old database, ph numbers its
// placeholders, and open opens (and so migrates) it; fresh is an empty store to compare with.
func Upgrade(t *testing.T, exec Exec, ph func(int) string, open func() store.Store, fresh store.Store) {
	t.Helper()
	r, _ := Scenario().Take()
	for _, h := range r.Headers {
		if err := exec("INSERT INTO blocks (number, hash, parent_hash, time) VALUES ("+ph(1)+", "+ph(2)+", "+ph(3)+", "+ph(4)+")",
			int64(h.Number), h.Hash.Bytes(), h.ParentHash.Bytes(), int64(h.Time)); err != nil {
			t.Fatal(err)
		}
	}
	last := r.Last()
	if err := exec("INSERT INTO cursor (id, number, hash, parent_hash, time) VALUES (1, "+ph(1)+", "+ph(2)+", "+ph(3)+", "+ph(4)+")",
		int64(last.Number), last.Hash.Bytes(), last.ParentHash.Bytes(), int64(last.Time)); err != nil {
		t.Fatal(err)
	}
	insert := "INSERT INTO events (block_hash, log_index, block_number, block_time, tx_hash, tx_index, contract, topics, data) VALUES (" +
		ph(1) + ", " + ph(2) + ", " + ph(3) + ", " + ph(4) + ", " + ph(5) + ", " + ph(6) + ", " + ph(7) + ", " + ph(8) + ", " + ph(9) + ")"
	b, err := store.NewBatch(r)
	if err != nil {
		t.Fatal(err)
	}
	for i := range b.Events {
		row := store.RowOf(&b.Events[i])
		if err := exec(insert, row.BlockHash, row.LogIndex, row.BlockNumber, row.BlockTime, row.TxHash, row.TxIndex, row.Contract, row.Topics, row.Data); err != nil {
			t.Fatal(err)
		}
	}
	// An event of an older deployment, which this build cannot decode: its columns stand.
	legacyTopic := crypto.Keccak256Hash([]byte("LegacyEvent()"))
	first := r.Headers[0]
	if err := exec("INSERT INTO events (block_hash, log_index, block_number, block_time, tx_hash, tx_index, contract, topics, data, name, patient, action, actor, record_id) VALUES ("+
		ph(1)+", 999, "+ph(2)+", "+ph(3)+", "+ph(4)+", 0, "+ph(5)+", "+ph(6)+", "+ph(7)+", 'LegacyEvent', "+ph(8)+", 'access-requested', "+ph(9)+", "+ph(10)+")",
		first.Hash.Bytes(), int64(first.Number), int64(first.Time), common.Hash{0x1e}.Bytes(), Addrs.Access.Bytes(), legacyTopic.Bytes(), []byte{},
		Patient.Bytes(), Requester.Bytes(), RecordID.Bytes()); err != nil {
		t.Fatal(err)
	}

	s := open()
	defer s.Close()
	apply(t, fresh, r)
	for _, who := range []common.Address{Patient, Requester, Registrar} {
		got, want := all(t, s, who), all(t, fresh, who)
		if who == Patient {
			if len(got) != len(want)+1 || got[1].Action != timeline.AccessRequested || got[1].LogIndex != 999 || got[1].Actor != Requester {
				t.Fatalf("upgraded timeline of %s: %v, want the legacy row and %v", who.Hex(), actions(got), actions(want))
			}
			got = append(got[:1], got[2:]...)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("upgraded timeline of %s:\n%v\nwant\n%v", who.Hex(), got, want)
		}
	}
	// The store goes on from the old cursor.
	c := Scenario()
	c.Take()
	c.Block()
	c.MustEmit(deploy.AttributeReads, "AnswerRevealed", uint64(1), NodeB, uint8(2), make([]byte, 33), make([]byte, 64))
	apply(t, s, take(t, c))
	if es := all(t, s, Patient); es[len(es)-1].Action != timeline.AnswerRevealed || es[len(es)-1].Path != timeline.PathAttribute {
		t.Fatalf("after the upgrade, an answer to an access stored before it: %+v", es[len(es)-1])
	}
}

func testCare(t *testing.T, s store.Store) {
	ctx := context.Background()
	apply(t, s, take(t, CareScenario()))
	es := all(t, s, Patient)
	sameActions(t, es, timeline.Enrolled, timeline.RecordCreated, timeline.GuardianSet, timeline.EmergencySettingChanged, timeline.ConsentGiven,
		timeline.EmergencyAccessOpened, timeline.CapsuleReadRequested, timeline.AnswerCommitted, timeline.AnswerCommitted,
		timeline.CapsuleReadAnswered, timeline.EmergencyAccessClosed,
		timeline.GuardianActionProposed, timeline.GuardianActionExecuted, timeline.GuardianGrantMade, timeline.CapsuleReadRequested,
		timeline.CapsuleReadRejected, timeline.ConsentRevoked, timeline.RecoveryConfigured, timeline.RecordErased)
	if r := es[1]; r.Category != Laboratory {
		t.Fatalf("record category: %+v", r)
	}
	if g := es[2]; g.Counterpart != Guardian || g.Scopes != 0b10111 || g.NotAfter != firstTime+365*86400 {
		t.Fatalf("guardian named: %+v", g)
	}
	open := es[5]
	if open.Actor != Provider || open.Path != timeline.PathEmergency || open.EmergencyReason != "unconscious" || open.Org != Hospital ||
		open.Count != 3 || open.RuleID != 1 {
		t.Fatalf("break-glass: %+v", open)
	}
	// The break-glass read: who read, through which path, which nodes answered.
	read := es[9]
	if read.Counterpart != Provider || read.Path != timeline.PathEmergency || !sameNodes(read.Nodes, NodeA, NodeB) ||
		read.Record != RecordID || read.Version != 1 || read.RuleID != 1 {
		t.Fatalf("emergency read: %+v", read)
	}
	if c := es[7]; c.Actor != NodeA || c.Path != timeline.PathEmergency || c.Counterpart != Provider {
		t.Fatalf("emergency read's commit: %+v", c)
	}
	if rej := es[15]; rej.Path != timeline.PathGuardian || rej.Error != "OutsideWindow" || rej.Outcome() != timeline.Rejected || rej.Record != RecordID {
		t.Fatalf("guardian read refused: %+v", rej)
	}
	if c := es[4]; c.Org != Hospital || c.Category != Laboratory || c.RuleID != 1 || c.NotAfter != firstTime+90*86400 {
		t.Fatalf("consent: %+v", c)
	}
	if e := es[18]; !e.ByOrder || e.Actor != Registrar {
		t.Fatalf("erasure: %+v", e)
	}
	if es := all(t, s, Provider); len(es) != 2 || es[1].Action != timeline.EmergencyStaffSet || es[1].Mode != "on" {
		t.Fatalf("provider's timeline: %v", actions(es))
	}
	scopes, until, err := s.Guardian(ctx, Patient, Guardian)
	if err != nil || scopes != 0b10111 || until != firstTime+365*86400 {
		t.Fatalf("guardian: %b %d %v", scopes, until, err)
	}
	if scopes, _, err := s.Guardian(ctx, Patient, Requester); err != nil || scopes != 0 {
		t.Fatalf("a non-guardian: %b %v", scopes, err)
	}
	// Removing the guardian takes its scopes away.
	c := CareScenario()
	c.Take()
	c.Block()
	c.MustEmit(deploy.Guardians, "GuardianRemoved", Patient, Guardian)
	apply(t, s, take(t, c))
	if scopes, _, err := s.Guardian(ctx, Patient, Guardian); err != nil || scopes != 0 {
		t.Fatalf("a removed guardian: %b %v", scopes, err)
	}
}
