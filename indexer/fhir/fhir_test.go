package fhir_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/indexer/fhir"
	"github.com/emrchain/emrchain/indexer/store/storetest"
	"github.com/emrchain/emrchain/indexer/synth"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/internal/fhircheck"
)

var update = flag.Bool("update", false, "rewrite testdata/bundle.golden.json")

// scenarioEntries is the storetest scenario's timeline of its patient, resolved in memory.
func scenarioEntries(t *testing.T) []timeline.Entry {
	t.Helper()
	return entriesOf(t, storetest.Scenario())
}

// entriesOf is a synthetic chain's timeline of the suite's patient, resolved in memory.
func entriesOf(t *testing.T, c *synth.Chain) []timeline.Entry {
	t.Helper()
	r, _ := c.Take()
	facts := timeline.NewFacts()
	var entries []timeline.Entry
	for _, l := range r.Logs {
		ev, err := timeline.Decode(&l, r.Headers[l.BlockNumber-r.First().Number].Time)
		if err != nil {
			t.Fatal(err)
		}
		facts.Add(ev)
		facts.Place(&ev)
		if ev.Entry != nil && ev.Entry.Patient == storetest.Patient {
			entries = append(entries, *ev.Entry)
		}
	}
	for i := range entries {
		facts.Resolve(&entries[i])
	}
	return entries
}

func options() fhir.Options {
	return fhir.Options{
		ChainID:   1337,
		Contracts: map[common.Address]string{storetest.Addrs.Access: "AccessLedger", storetest.Addrs.Records: "RecordRegistry"},
		Base:      "https://indexer.test/fhir",
		Self:      "https://indexer.test/fhir/AuditEvent?patient=" + storetest.Patient.Hex(),
		Next:      "https://indexer.test/fhir/AuditEvent?patient=" + storetest.Patient.Hex() + "&cursor=abc",
	}
}

func TestGoldenBundle(t *testing.T) {
	got, err := json.MarshalIndent(fhir.NewBundle(scenarioEntries(t), options()), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "bundle.golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("bundle differs from %s (run with -update after checking the change):\n%s", path, got)
	}
}

func TestBundleFollowsBALP(t *testing.T) {
	entries := scenarioEntries(t)
	b := fhir.NewBundle(entries, options())
	if b.ResourceType != "Bundle" || b.Type != "searchset" || len(b.Entry) != len(entries) || len(b.Link) != 2 || b.Link[1].Relation != "next" {
		t.Fatalf("bundle shell: %+v", b)
	}
	byAction := map[timeline.Action]*fhir.AuditEvent{}
	for i, be := range b.Entry {
		ev := be.Resource
		e := entries[i]
		byAction[e.Action] = ev
		if ev.ResourceType != "AuditEvent" || ev.Recorded != e.Time.Format("2006-01-02T15:04:05Z") || be.Search.Mode != "match" ||
			be.FullURL != "https://indexer.test/fhir/AuditEvent/"+ev.ID {
			t.Fatalf("%s: %+v", e.Action, ev)
		}
		p := ev.Entity[0]
		if p.What.Reference != "Patient/"+storetest.Patient.Hex() || p.Role.System != fhir.SystemObjectRole || p.Role.Code != "1" || p.Type.Code != "1" {
			t.Fatalf("%s: patient entity %+v", e.Action, p)
		}
		var requestor int
		for _, a := range ev.Agent {
			if a.Who.Identifier.System != fhir.SystemEthereumAddress {
				t.Fatalf("%s: agent identifier %+v", e.Action, a.Who)
			}
			if a.Requestor {
				requestor++
				// Whoever acted; for an outcome nobody in particular brought about, the requester.
				want := e.Actor
				if want == (common.Address{}) {
					want = e.Counterpart
				}
				if a.Who.Identifier.Value != want.Hex() {
					t.Fatalf("%s: requestor is %s, want %s", e.Action, a.Who.Identifier.Value, want.Hex())
				}
			}
		}
		if requestor != 1 {
			t.Fatalf("%s: %d requestors", e.Action, requestor)
		}
		if ev.Subtype[len(ev.Subtype)-1].Code != string(e.Action) {
			t.Fatalf("%s: subtype %+v", e.Action, ev.Subtype)
		}
	}
	created := byAction[timeline.RecordCreated]
	if created.Type.Code != "rest" || created.Subtype[0].Code != "create" || created.Action != "C" || created.Meta.Profile[0] != "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientCreate" {
		t.Fatalf("record created: %+v", created)
	}
	if u := byAction[timeline.RecordUpdated]; u.Action != "U" || u.Entity[1].Detail[0].ValueString != "2" {
		t.Fatalf("record updated: %+v", u)
	}
	grant := byAction[timeline.AccessGranted]
	if grant.Type.Code != "110113" || grant.Type.System != fhir.SystemDICOM || grant.Subtype[0].Code != "AuthZ-Consent" || grant.Action != "E" {
		t.Fatalf("grant pattern: %+v", grant)
	}
	var consent *fhir.Entity
	for i := range grant.Entity {
		if grant.Entity[i].Type.Code == "Consent" && grant.Entity[i].Type.System == fhir.SystemResourceTypes {
			consent = &grant.Entity[i]
		}
	}
	if consent == nil || consent.What.Identifier.Value != "1" || consent.What.Reference != "#grant-1" || len(grant.Contained) != 1 {
		t.Fatalf("grant without its Consent entity: %+v", grant.Entity)
	}
	// The window is a FHIR period (open at the start, ending an hour after the story began) and
	// the operations are coded consent actions: no epoch strings, no bit mask.
	c := grant.Contained[0]
	if c.ID != "grant-1" || c.Status != "active" || c.Provision.Type != "permit" || c.Provision.Period == nil ||
		c.Provision.Period.Start != "" || c.Provision.Period.End != "2023-11-14T23:13:20Z" {
		t.Fatalf("grant consent: %+v %+v", c, c.Provision.Period)
	}
	if len(c.Provision.Action) != 1 || c.Provision.Action[0].Coding[0] != (fhir.Coding{System: fhir.SystemConsentAction, Code: "access", Display: "Access"}) {
		t.Fatalf("granted operations: %+v", c.Provision.Action)
	}
	if c.Provision.Actor[0].Reference.Identifier.Value != storetest.Requester.Hex() || c.Provision.Purpose[0].Code != "TREAT" ||
		c.Provision.Data[0].Reference.Identifier.Value != storetest.RecordID.Hex() {
		t.Fatalf("grant provision: %+v", c.Provision)
	}
	if len(grant.PurposeOfEvent) != 1 || grant.PurposeOfEvent[0].Coding[0].Code != "TREAT" {
		t.Fatalf("grant purpose: %+v", grant.PurposeOfEvent)
	}
	if recipient := grant.Agent[1]; recipient.Requestor || recipient.PurposeOfUse[0].Coding[0].Code != "TREAT" || recipient.Role[0].Coding[0].Code != "requester" {
		t.Fatalf("grant recipient agent: %+v", recipient)
	}
	read := byAction[timeline.AccessFulfilled]
	if read.Subtype[0].Code != "read" || read.Action != "R" || read.Outcome != "0" || read.Source.Observer.Display != "emrchain AccessLedger" || read.Source.Site != "eip155:1337" {
		t.Fatalf("fulfilment: %+v", read)
	}
	// The nodes that answered are agents of the read, after the requester.
	if len(read.Agent) != 3 || read.Agent[1].Who.Identifier.Value != storetest.NodeA.Hex() || read.Agent[2].Who.Identifier.Value != storetest.NodeC.Hex() ||
		read.Agent[1].Type.Coding[0].Code != "PRF" || read.Agent[1].Role[0].Coding[0].Code != "proxy" || read.Agent[1].Requestor {
		t.Fatalf("fulfilment agents: %+v", read.Agent)
	}
	if !hasDetail(read, "path", "grant") {
		t.Fatalf("fulfilment details: %+v", read.Entity)
	}
	rej := byAction[timeline.AccessRejected]
	if rej.Outcome != "4" || rej.OutcomeDesc != "GrantRevoked" {
		t.Fatalf("rejection outcome %s %q", rej.Outcome, rej.OutcomeDesc)
	}
	if d := byAction[timeline.AnswerDeclined]; d.Outcome != "4" || d.OutcomeDesc != "MISSING_OBJECT" || d.Agent[0].Who.Identifier.Value != storetest.NodeB.Hex() {
		t.Fatalf("decline: %+v", d)
	}
	attr := byAction[timeline.ReadAnswered]
	if attr.Subtype[0].Code != "read" || attr.Meta.Profile[0] != "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientRead" ||
		len(attr.Agent) != 3 || !hasDetail(attr, "path", "attributes") {
		t.Fatalf("attribute read: %+v", attr)
	}
	if req := byAction[timeline.ReadRequested]; !hasDetail(req, "attribute", "acme/role:insurer") || !hasDetail(req, "threshold", "2") ||
		req.Subtype[0].Code != "AuthZ-Consent" {
		t.Fatalf("attribute read request: %+v", req)
	}
	if !hasDetail(created, "capsuleRef", "bafycapsule") || !hasDetail(created, "gateRef", "bafygate") {
		t.Fatalf("record created without its key material: %+v", created.Entity)
	}
	if f := byAction[timeline.AccessFaulted]; f.Type.Code != "110113" || f.Agent[0].Who.Identifier.Value != storetest.NodeA.Hex() || !hasDetail(f, "member", "1") {
		t.Fatalf("fault: %+v", f)
	}
}

func hasDetail(ev *fhir.AuditEvent, typ, value string) bool {
	for _, en := range ev.Entity {
		for _, d := range en.Detail {
			if d.Type == typ && d.ValueString == value {
				return true
			}
		}
	}
	return false
}

func TestEveryActionHasAPattern(t *testing.T) {
	for _, a := range timeline.Actions {
		e := timeline.Entry{Action: a, Patient: storetest.Patient, Actor: storetest.Requester, Time: time.Unix(1_700_000_000, 0)}
		ev := fhir.NewAuditEvent(&e, fhir.Options{})
		if ev.Action == "" || ev.Type.Code == "" || len(ev.Agent) != 1 {
			t.Fatalf("%s: %+v", a, ev)
		}
	}
}

func TestOperationsAreCoded(t *testing.T) {
	got := fhir.Operations(0b1000_0101)
	var codes []string
	for _, c := range got {
		codes = append(codes, c.Coding[0].System+"|"+c.Coding[0].Code)
	}
	want := []string{fhir.SystemConsentAction + "|access", fhir.SystemOperation + "|operation-2", fhir.SystemOperation + "|operation-7"}
	if strings.Join(codes, " ") != strings.Join(want, " ") {
		t.Fatalf("operations 0b10000101: %v, want %v", codes, want)
	}
	if fhir.Operations(0) != nil {
		t.Fatal("no operations coded as some")
	}
}

// A grant without an end (notAfter 2^64-1) and with a start has a period open at its end.
func TestOpenEndedGrantWindow(t *testing.T) {
	e := timeline.Entry{Action: timeline.AccessGranted, Patient: storetest.Patient, Actor: storetest.Patient, Counterpart: storetest.Requester,
		RequestID: 7, NotBefore: 1_700_000_000, NotAfter: 1<<64 - 1, Operations: 1, Time: time.Unix(1_700_000_000, 0)}
	ev := fhir.NewAuditEvent(&e, fhir.Options{})
	if p := ev.Contained[0].Provision.Period; p == nil || p.Start != "2023-11-14T22:13:20Z" || p.End != "" {
		t.Fatalf("period %+v", p)
	}
}

// The bundle and the CapabilityStatement are valid FHIR R4, by an independent validator.
func TestBundleAndCapabilityPassAnR4Validator(t *testing.T) {
	fhircheck.Validate(t, map[string]any{
		"bundle":     fhir.NewBundle(scenarioEntries(t), options()),
		"capability": fhir.Capability("https://indexer.test/fhir", time.Unix(1_700_000_000, 0)),
	})
}

// Break-glass is coded as BALP emergency access (purpose ETREAT, security label BTG, DICOM
// emergency override), a guardian is a RelatedPerson, a standing consent a contained Consent;
// all of it valid R4.
func TestCareFollowsBALP(t *testing.T) {
	entries := entriesOf(t, storetest.CareScenario())
	b := fhir.NewBundle(entries, options())
	byAction := map[timeline.Action]*fhir.AuditEvent{}
	for i, be := range b.Entry {
		byAction[entries[i].Action] = be.Resource
	}
	emergency := func(ev *fhir.AuditEvent) bool {
		return ev.Meta != nil && len(ev.Meta.Security) == 1 && ev.Meta.Security[0].Code == "BTG" &&
			ev.Meta.Security[0].System == fhir.SystemActCode && len(ev.PurposeOfEvent) == 1 && ev.PurposeOfEvent[0].Coding[0].Code == "ETREAT"
	}
	open := byAction[timeline.EmergencyAccessOpened]
	if !emergency(open) || open.Type.Code != "110113" || open.Subtype[0].Code != "110127" || !hasDetail(open, "emergencyReason", "unconscious") {
		t.Fatalf("break-glass opened: %+v", open)
	}
	read := byAction[timeline.CapsuleReadAnswered]
	if !emergency(read) || read.Subtype[0].Code != "read" || len(read.Agent) != 3 || !hasDetail(read, "path", "emergency") {
		t.Fatalf("break-glass read: %+v", read)
	}
	if closed := byAction[timeline.EmergencyAccessClosed]; !emergency(closed) || closed.Subtype[0].Code != "110138" {
		t.Fatalf("break-glass closed: %+v", closed)
	}
	if grant := byAction[timeline.GuardianGrantMade]; emergency(grant) {
		t.Fatal("a guardian's grant coded as break-glass")
	}
	set := byAction[timeline.GuardianSet]
	if g := set.Agent[1]; g.Who.Type != "RelatedPerson" || g.Who.Identifier.Value != storetest.Guardian.Hex() || g.Role[len(g.Role)-1].Coding[0].Code != "GUARD" {
		t.Fatalf("guardian agent: %+v", g)
	}
	if p := byAction[timeline.GuardianActionProposed]; p.Agent[0].Who.Type != "RelatedPerson" {
		t.Fatalf("guardian proposing: %+v", p.Agent[0])
	}
	consent := byAction[timeline.ConsentGiven]
	if len(consent.Contained) != 1 {
		t.Fatalf("consent: %+v", consent)
	}
	c := consent.Contained[0]
	if c.ID != "consent-1" || c.Provision.Actor[0].Reference.Type != "Organization" || c.Provision.Actor[0].Reference.Identifier.Value != storetest.Hospital.Hex() ||
		c.Provision.Code[0].Coding[0].Code != "laboratory" || c.Provision.Period == nil || c.Provision.Period.End == "" {
		t.Fatalf("consent resource: %+v", c.Provision)
	}
	fhircheck.Validate(t, map[string]any{"care": b})
}
