package api_test

import (
	"crypto/sha256"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/directory"
	"github.com/emrchain/emrchain/indexer/store/storetest"
	"github.com/emrchain/emrchain/indexer/synth"
)

// story is a patient's small history with people the directory can name: a doctor at a
// hospital, a proxy node, and an insurer nobody named. The doctor's first read is answered by
// two nodes (one unnamed), the second is refused after the patient withdrew the grant.
func story(doctor, oracle, insurer common.Address) func(c *synth.Chain, p user) {
	other := common.Address{0x0d}
	return func(c *synth.Chain, p user) {
		c.MustEmit(deploy.Registry, "ParticipantEnrolled", p.addr, uint8(1), [32]byte{}, storetest.Registrar, sha256.Sum256([]byte(`{"name":"Pat Example","nhs":"123"}`)), [32]byte{}, []byte{})
		c.MustEmit(deploy.Registry, "ParticipantEnrolled", doctor, uint8(2), client.OrgID("hospital-b"), storetest.Registrar, sha256.Sum256([]byte("Dr Ada")), [32]byte{}, []byte{})
		c.MustEmit(deploy.Registry, "ParticipantEnrolled", oracle, uint8(6), client.OrgID("emrchain-oracle"), storetest.Registrar, sha256.Sum256([]byte("oracle")), [32]byte{}, []byte{})
		c.MustEmit(deploy.Registry, "ParticipantEnrolled", insurer, uint8(3), client.OrgID("acme-insurance"), storetest.Registrar, sha256.Sum256([]byte("Acme claims desk")), [32]byte{}, []byte{})
		c.MustEmit(deploy.ProxyNetwork, "CommitteeCreated", uint64(1), storetest.Registrar, []common.Address{oracle, other}, uint8(2), uint8(2),
			uint64(1), uint64(2), uint64(3), uint64(4))
		c.Block()
		c.MustEmit(deploy.AccessLedger, "AccessRequested", uint64(1), p.addr, doctor, storetest.RecordID, uint8(0), crypto.Keccak256Hash([]byte("treatment")))
		c.MustEmit(deploy.AccessLedger, "AccessRequested", uint64(2), p.addr, insurer, storetest.RecordID, uint8(0), crypto.Keccak256Hash([]byte("a reason nobody listed")))
		c.Block()
		grant := bindings.IAccessLedgerGrant{NotAfter: 1_800_000_000, Operations: 1, CommitteeId: 1, Threshold: 2, MemberMask: 0b11}
		c.MustEmit(deploy.AccessLedger, "AccessGranted", uint64(1), p.addr, doctor, storetest.RecordID, uint32(1), uint32(0), uint16(2), grant, [32]byte{6}, []byte("rekey"), make([]byte, 128))
		c.MustEmit(deploy.AccessLedger, "AccessInvoked", uint64(1), uint64(1), p.addr, doctor, storetest.RecordID, uint32(1), uint16(1))
		c.MustEmit(deploy.AccessLedger, "AnswerCommitted", uint64(1), oracle, uint8(1), [32]byte{1})
		c.MustEmit(deploy.AccessLedger, "AnswerCommitted", uint64(1), other, uint8(2), [32]byte{2})
		c.MustEmit(deploy.AccessLedger, "AccessFulfilled", uint64(1), uint64(1), p.addr, doctor, uint16(0b11))
		c.Block()
		c.MustEmit(deploy.AccessLedger, "AccessInvoked", uint64(2), uint64(1), p.addr, doctor, storetest.RecordID, uint32(1), uint16(0))
		c.MustEmit(deploy.AccessLedger, "AccessRejected", uint64(2), uint64(1), p.addr, doctor, storetest.Revoked)
	}
}

type describedPage struct {
	Entries []struct {
		Action, Title, Summary, PurposeWord, ReasonText, PathText, Purpose, Time string
	}
	People map[string]struct{ Name, Organisation, Role string }
	Next   string
}

func TestTimelineInWordsWithNames(t *testing.T) {
	doctor, oracle, insurer := common.Address{0xd0}, common.Address{0x0c}, common.Address{0x1e}
	dir := directory.New(directory.File{
		Records:       []string{`{"name":"Pat Example","nhs":"123"}`, "Dr Ada", "oracle"},
		Organisations: []string{"hospital-b", "acme-insurance"},
	}, client.OrgID)
	e := newEnvWith(t, dir, story(doctor, oracle, insurer))
	tok := e.signIn(e.patient)
	code, _, body := e.do("GET", "/v1/patients/"+e.patient.addr.Hex()+"/timeline?order=newest", tok, nil)
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	var p describedPage
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, en := range p.Entries {
		got = append(got, en.Action)
	}
	if strings.Join(got, " ") != "access-rejected access-invoked access-fulfilled answer-committed answer-committed access-invoked access-granted access-requested access-requested enrolled" {
		t.Fatalf("newest first: %v", got)
	}
	rejected, read, commit, granted, request, other := p.Entries[0], p.Entries[2], p.Entries[4], p.Entries[6], p.Entries[8], p.Entries[7]
	if rejected.Title != "Reading refused" || rejected.Summary != "Dr Ada was refused the key to a record in your file" ||
		rejected.ReasonText != "the access was withdrawn" || rejected.PathText != "access the patient granted" {
		t.Fatalf("rejection in words: %+v", rejected)
	}
	// Who read, through which path, and which nodes answered.
	if read.Title != "Record read" || read.Summary != "Dr Ada received the key to read a record in your file, from nodes oracle and 0x0d00…0000" ||
		read.PathText != "access the patient granted" {
		t.Fatalf("read in words: %+v", read)
	}
	if commit.Summary != "oracle answered Dr Ada's request about your file" {
		t.Fatalf("commit in words: %+v", commit)
	}
	if granted.Summary != "You allowed Dr Ada to read a record in your file, through nodes oracle and 0x0d00…0000" {
		t.Fatalf("grant: %q", granted.Summary)
	}
	if request.PurposeWord != "treatment" || request.Summary != "Dr Ada asked to read a record in your file" {
		t.Fatalf("request: %+v", request)
	}
	// Nobody named the insurer's record: an address, and its purpose only as a hash.
	if other.PurposeWord != "" || !strings.HasPrefix(other.Summary, "0x1E00…0000 asked") || other.Purpose == "" {
		t.Fatalf("an unnamed requester: %+v", other)
	}
	for addr, want := range map[common.Address]struct{ Name, Organisation, Role string }{
		e.patient.addr: {"Pat Example", "", "patient"},
		doctor:         {"Dr Ada", "hospital-b", "provider"},
		oracle:         {"oracle", "", "proxy"}, // its organisation is not in the directory
		insurer:        {"", "acme-insurance", "requester"},
	} {
		if got := p.People[addr.Hex()]; got != want {
			t.Errorf("%s: %+v, want %+v", addr.Hex(), got, want)
		}
	}

	// Without a directory, nobody is named, and the sentences use addresses.
	e = newEnvWith(t, nil, story(doctor, oracle, insurer))
	tok = e.signIn(e.patient)
	_, _, body = e.do("GET", "/v1/patients/"+e.patient.addr.Hex()+"/timeline", tok, nil)
	p = describedPage{}
	_ = json.Unmarshal(body, &p)
	if p.Entries[0].Summary != "0xa000…0000 enrolled you in the records network" || p.People[doctor.Hex()].Name != "" || p.People[doctor.Hex()].Role != "provider" {
		t.Fatalf("no directory: %+v %+v", p.Entries[0], p.People)
	}
	if code, _, _ := e.do("GET", "/v1/patients/"+e.patient.addr.Hex()+"/timeline?order=sideways", tok, nil); code != 400 {
		t.Fatalf("bad order: %d", code)
	}
}
