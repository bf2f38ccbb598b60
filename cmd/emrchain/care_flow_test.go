package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/internal/fhircheck"
)

// careActions are the timeline actions of care beyond the grant and of the records they act on:
// what the care flows compare, in order, with what they did.
var careActions = []string{"record-created", "record-updated", "record-erased", "version-cosigned",
	"guardian-set", "guardian-removed", "guardian-threshold-set", "guardian-action-proposed", "guardian-action-approved",
	"guardian-action-executed", "guardian-action-cancelled", "guardian-grant-made", "guardian-grant-revoked", "erasure-approved",
	"consent-given", "consent-revoked", "access-granted", "capsule-read-requested",
	"recovery-configured", "recovery-requested", "recovery-cancelled", "recovery-share-released", "recovery-completed"}

// verifiedTimeline runs the indexer until the patient's timeline holds want (the care actions,
// in order), checks it holds exactly those care actions, and that `audit verify` confirms every
// entry against the chain.
func (w *flowWorld) verifiedTimeline(want ...string) {
	w.t.Helper()
	e := w.cliEnv
	probe, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		w.t.Fatal(err)
	}
	listen := probe.Addr().String()
	probe.Close()
	var got []string
	read := func() []string {
		r := e.run("audit", "timeline", "--patient", w.addrs["patient"], "--format", "json")
		if r.code != 0 {
			return nil
		}
		var entries []map[string]any
		if json.Unmarshal([]byte(r.stdout), &entries) != nil {
			return nil
		}
		var acts []string
		for _, en := range entries {
			if a := fmt.Sprint(en["action"]); slices.Contains(careActions, a) {
				acts = append(acts, a)
			}
		}
		return acts
	}
	deadline := time.Now().Add(time.Minute)
	w.runIndexerAt(listen, func() bool {
		got = read()
		return len(got) >= len(want) || time.Now().After(deadline)
	})
	got = read()
	if !slices.Equal(got, want) {
		w.t.Fatalf("the patient's timeline shows\n  %v\nwant\n  %v", got, want)
	}
	verified := e.okJSON("audit", "verify", "--patient", w.addrs["patient"])
	if num(w.t, verified, "entries") == 0 {
		w.t.Fatalf("audit verify: %v", verified)
	}
}

// advance moves the devnet's clock forward (an empty block later by d).
func (w *flowWorld) advance(d time.Duration) {
	w.t.Helper()
	if err := w.devnet.Backend.AdjustTime(d); err != nil {
		w.t.Fatal(err)
	}
}

// putWith registers a record the doctor wrote with extra flags for the patient's approval.
func (w *flowWorld) putWith(name, content string, extra ...string) map[string]any {
	w.t.Helper()
	args := append([]string{"record", "put", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"],
		"--file", w.writeFile(name, content), "--patient-identity", w.dirs["patient"], "--yes"}, extra...)
	return w.okJSON(args...)
}

// held reports whether the committee's store still holds an object.
func (w *flowWorld) held(c string) bool {
	w.t.Helper()
	id, err := cid.Decode(c)
	if err != nil {
		w.t.Fatalf("CID %q: %v", c, err)
	}
	ok, err := w.store.Has(w.t.Context(), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return ok
}

// TestFlowGuardians: a patient names two guardians with different scopes and a threshold of
// two; one proposes a read grant of a record, the other approves and it executes; the reader
// ends it; a guardian acting outside its scope, and one acting after its validity, are refused
// on chain; the guardians approve a court-ordered erasure, the admin erases (the admin alone
// cannot), and the patient's client unpins the content.
func TestFlowGuardians(t *testing.T) {
	w := newFlowWorld(t, "mum", "dad")
	e := w.cliEnv
	for _, g := range []string{"mum", "dad"} {
		e.ok("participant", "enroll", "--as", w.dirs["admin"], "--identity", w.dirs[g], "--role", "patient")
	}
	w.startCommittee()
	rec := w.putWith("labs", "2026-12-01 HbA1c 6.1%", "--category", "laboratory")
	id := str(t, rec, "recordId")
	if !strings.Contains(fmt.Sprint(rec["networkCapsule"]), "committee 1") {
		t.Fatalf("the version carries no network capsule although break-glass is on: %v", rec)
	}

	e.ok("guardian", "add", "--as", w.dirs["patient"], "--guardian", w.addrs["mum"], "--scope", "grant,revoke,timeline,erase", "--valid-for", "365d")
	e.ok("guardian", "add", "--as", w.dirs["patient"], "--guardian", w.addrs["dad"], "--scope", "grant,erase", "--valid-for", "2h")
	e.ok("guardian", "threshold", "--as", w.dirs["patient"], "--threshold", "2")
	e.fails(exitUsage, []string{"unknown scope \"read\""}, "guardian", "add", "--as", w.dirs["patient"], "--guardian", w.addrs["mum"], "--scope", "read", "--valid-for", "1d")
	list := e.okJSON("guardian", "list", "--patient", w.addrs["patient"])
	if list["threshold"] != float64(2) || len(list["guardians"].([]any)) != 2 {
		t.Fatalf("guardian list: %v", list)
	}

	// Two of two: mum proposes a read grant for the insurer, dad approves and it executes. A
	// window longer than the contract allows is refused before anything is sent.
	e.fails(exitUsage, []string{"at most 30d"}, "guardian", "grant", "--as", w.dirs["mum"], "--record", id, "--requester", w.addrs["insurer"], "--valid-for", "40d")
	prop := e.okJSON("guardian", "grant", "--as", w.dirs["mum"], "--record", id, "--requester", w.addrs["insurer"], "--valid-for", "7d")
	pid := fmt.Sprint(num(t, prop, "proposal"))
	if !strings.HasPrefix(str(t, prop, "status"), "open: 1 of 2") {
		t.Fatalf("guardian grant: %v", prop)
	}
	e.fails(exitReverted, []string{"Guardians.AlreadyApproved"}, "guardian", "approve", "--as", w.dirs["mum"], "--proposal", pid)
	done := e.okJSON("guardian", "approve", "--as", w.dirs["dad"], "--proposal", pid)
	if done["status"] != "executed" || done["grant"] != float64(1) {
		t.Fatalf("guardian approve: %v", done)
	}
	// The insurer reads through the grant (the committee opens the network capsule), then ends
	// it; the next read is refused on chain.
	viaGrant := w.path("via-guardian-grant")
	e.ok("record", "get", "--as", w.dirs["insurer"], "--record", id, "--guardian-grant", "1", "--out", viaGrant)
	w.checkFile(viaGrant, "2026-12-01 HbA1c 6.1%")
	e.ok("guardian", "revoke", "--as", w.dirs["insurer"], "--grant", "1")
	// GrantRevoked(uint64) is declared by AccessLedger and Guardians alike, and the decoder
	// names the first: the name is asserted without its contract.
	e.fails(exitReverted, []string{"GrantRevoked("}, "record", "get", "--as", w.dirs["insurer"], "--record", id, "--guardian-grant", "1", "--out", w.path("revoked"))
	if p := e.ok("guardian", "proposals", "--patient", w.addrs["patient"]).stdout; !strings.Contains(p, "executed, approvals [1 2]") {
		t.Fatalf("guardian proposals:\n%s", p)
	}

	// Outside its scope: dad may not revoke, the patient's own guardian set says so on chain.
	scope := fmt.Sprintf("Guardians.GuardianCannotAct(guardian=%s, scope=2)", w.addrs["dad"])
	e.fails(exitReverted, []string{scope}, "guardian", "revoke", "--as", w.dirs["dad"], "--grant", "1")

	// Court order: mum proposes approving the erasure; the admin cannot erase before the
	// guardians approved; dad approves.
	court := w.putWith("court", "2026-12-02 psychiatric note", "--category", "clinical-note")
	courtID := str(t, court, "recordId")
	erase := e.okJSON("guardian", "erase", "--as", w.dirs["mum"], "--record", courtID)
	e.fails(exitReverted, []string{"RecordRegistry.NotAuthorized(caller=" + w.addrs["admin"] + ")"}, "record", "erase", "--as", w.dirs["admin"], "--record", courtID)
	approved := e.okJSON("guardian", "approve", "--as", w.dirs["dad"], "--proposal", fmt.Sprint(num(t, erase, "proposal")))
	if approved["status"] != "executed" || !strings.Contains(str(t, approved, "next"), "record erase") {
		t.Fatalf("erasure approval: %v", approved)
	}
	courtShown := e.okJSON("record", "show", "--record", courtID)
	byOrder := e.okJSON("record", "erase", "--as", w.dirs["admin"], "--record", courtID)
	if byOrder["byOrder"] != true || byOrder["contentNotLocated"] == nil || !strings.Contains(fmt.Sprint(byOrder["kept"]), "capsule v1") {
		t.Fatalf("erasure by order: %v", byOrder)
	}
	// The admin has no key to locate the sealed content: it stays, and so does the capsule that
	// lets the patient's seed locate it; the gate (the committee's copy of the key) is gone.
	if !w.held(str(t, court, "recordCid")) || !w.held(str(t, courtShown, "capsule")) || w.held(str(t, courtShown, "gate")) {
		t.Fatal("after the admin's erasure the store should hold the content and capsule, not the gate")
	}
	mine := e.okJSON("record", "erase", "--as", w.dirs["patient"], "--record", courtID, "--unpin-only")
	if w.held(str(t, court, "recordCid")) || w.held(str(t, courtShown, "capsule")) || !strings.Contains(fmt.Sprint(mine["unpinned"]), "content v1") {
		t.Fatalf("the patient's client left the content or capsule in the store: %v", mine)
	}

	// After its validity dad can no longer act.
	w.advance(3 * time.Hour)
	expired := fmt.Sprintf("Guardians.GuardianCannotAct(guardian=%s, scope=1)", w.addrs["dad"])
	e.fails(exitReverted, []string{expired}, "guardian", "grant", "--as", w.dirs["dad"], "--record", id, "--requester", w.addrs["insurer"], "--valid-for", "1d")
	if l := e.ok("guardian", "list", "--patient", w.addrs["patient"]).stdout; !strings.Contains(l, "cannot act now") {
		t.Fatalf("guardian list after dad's validity:\n%s", l)
	}

	w.verifiedTimeline("record-created",
		"guardian-set", "guardian-set", "guardian-threshold-set",
		"guardian-action-proposed", "guardian-action-approved", "guardian-action-executed", "guardian-grant-made",
		"capsule-read-requested", "guardian-grant-revoked",
		"record-created", "guardian-action-proposed", "guardian-action-approved", "guardian-action-executed", "erasure-approved",
		"record-erased")
}

// TestFlowGuardianCosign: a doctor's draft for a child is sealed to the child's co-signing
// guardian too; the guardian reviews and approves it in the patient's place (network capsule, no
// capsule of her seed), the chain takes it and the timeline names the guardian; a guardian grant
// and break-glass read the version through the committee; the patient later gives it her capsule from the draft
// and reads it herself. Refused: an identity the draft's key is not sealed to, a tampered draft,
// a guardian without the co-sign scope, and guardians who lost the scope or their validity
// between approving and submitting (the chain's refusal, explained).
func TestFlowGuardianCosign(t *testing.T) {
	w := newFlowWorld(t, "mum", "dad")
	e := w.cliEnv
	for _, g := range []string{"mum", "dad"} {
		e.ok("participant", "enroll", "--as", w.dirs["admin"], "--identity", w.dirs[g], "--role", "patient")
	}
	w.startCommittee()
	e.ok("guardian", "add", "--as", w.dirs["patient"], "--guardian", w.addrs["mum"], "--scope", "cosign,grant", "--valid-for", "365d")
	e.ok("guardian", "add", "--as", w.dirs["patient"], "--guardian", w.addrs["dad"], "--scope", "cosign", "--valid-for", "2h")

	// A guardian without the co-sign scope is refused before anything is sealed.
	e.fails(exitError, []string{"not a guardian who may co-sign for the patient now"}, "record", "put", "--as", w.dirs["doctor"],
		"--patient", w.addrs["patient"], "--file", w.writeFile("x", "x"), "--draft-out", w.path("x.json"), "--cosigner", w.addrs["insurer"])
	const content = "2026-12-04 paediatrics: otitis media, amoxicillin 7 days"
	draft := w.path("draft.json")
	put := e.okJSON("record", "put", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"], "--file", w.writeFile("visit", content),
		"--draft-out", draft, "--cosigner", w.addrs["mum"])
	id := str(t, put, "recordId")
	if fmt.Sprint(put["cosigners"]) != "["+w.addrs["mum"]+"]" {
		t.Fatalf("record put --cosigner: %v", put)
	}
	// dad may co-sign, but this draft's key is sealed to mum alone; the insurer is no guardian.
	e.fails(exitError, []string{"the draft's data key is not sealed to you"}, "record", "approve", "--as", w.dirs["dad"], draft, "--out", w.path("dad.json"), "--yes")
	e.fails(exitError, []string{"not a guardian who may co-sign"}, "record", "approve", "--as", w.dirs["insurer"], draft, "--out", w.path("ins.json"), "--yes")
	// A tampered sealed key does not open.
	raw, err := os.ReadFile(draft)
	if err != nil {
		t.Fatal(err)
	}
	var df struct {
		Cosigners []struct {
			SealedKey string `json:"sealedKey"`
		} `json:"cosigners"`
	}
	if err := json.Unmarshal(raw, &df); err != nil || len(df.Cosigners) != 1 {
		t.Fatalf("draft file: %v\n%s", err, raw)
	}
	k := df.Cosigners[0].SealedKey
	flipped := k[:len(k)-1] + "0"
	if strings.HasSuffix(k, "0") {
		flipped = k[:len(k)-1] + "1"
	}
	tampered := w.writeFile("tampered.json", strings.Replace(string(raw), k, flipped, 1))
	e.fails(exitError, []string{"open the draft's data key as " + w.addrs["mum"]}, "record", "approve", "--as", w.dirs["mum"], tampered, "--out", w.path("t.json"), "--yes")

	// mum approves in the patient's place: no seed needed, the network capsule always.
	approval := w.path("approval.json")
	seen := w.path("seen-by-mum")
	cos := e.okJSON("record", "approve", "--as", w.dirs["mum"], draft, "--out", approval, "--plaintext-out", seen, "--yes")
	if !strings.Contains(str(t, cos, "cosignedBy"), w.addrs["mum"]) || !strings.Contains(str(t, cos, "patientCapsule"), "record rewrap --record "+id) {
		t.Fatalf("guardian approve: %v", cos)
	}
	w.checkFile(seen, content)
	e.ok("record", "submit", draft, "--as", w.dirs["doctor"], "--approval", approval)
	shown := e.okJSON("record", "show", "--record", id)
	if shown["networkCapsule"] == nil || !strings.Contains(str(t, shown, "capsule"), "a guardian co-signed version 1") {
		t.Fatalf("record show: %v", shown)
	}
	// The patient has no capsule of her seed on it yet, and is told how to add one.
	e.fails(exitError, []string{"a guardian co-signed it", "record rewrap --record ID --draft FILE"}, "record", "get", "--as", w.dirs["patient"], "--record", id, "--out", w.path("early"))

	// A guardian grant reads it through the committee (threshold one: mum's proposal executes).
	grant := e.okJSON("guardian", "grant", "--as", w.dirs["mum"], "--record", id, "--requester", w.addrs["insurer"], "--valid-for", "7d")
	if grant["status"] != "executed" {
		t.Fatalf("guardian grant: %v", grant)
	}
	viaGrant := w.path("via-guardian-grant")
	e.ok("record", "get", "--as", w.dirs["insurer"], "--record", id, "--guardian-grant", fmt.Sprint(num(t, grant, "grant")), "--out", viaGrant)
	w.checkFile(viaGrant, content)
	// So does break-glass, by emergency staff.
	e.ok("emergency", "staff", "--as", w.dirs["admin"], "--provider", w.addrs["doctor"])
	bg := e.okJSON("emergency", "open", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"], "--reason", "unconscious")
	viaBG := w.path("via-break-glass")
	e.ok("emergency", "read", "--as", w.dirs["doctor"], "--session", fmt.Sprint(num(t, bg, "session")), "--record", id, "--out", viaBG)
	w.checkFile(viaBG, content)

	// The patient adds her capsule from the draft; then her own read works.
	rw := e.okJSON("record", "rewrap", "--as", w.dirs["patient"], "--record", id, "--draft", draft)
	if rw["capsuleAdded"] == nil || rw["generation"] != "0 → 1" {
		t.Fatalf("record rewrap --draft: %v", rw)
	}
	mine := w.path("read-by-patient")
	e.ok("record", "get", "--as", w.dirs["patient"], "--record", id, "--out", mine)
	w.checkFile(mine, content)

	// Approved, then refused on chain: dad's validity ends, and mum loses the co-sign scope,
	// before their approvals are submitted.
	var approvals []string
	for i, g := range []string{"dad", "mum"} {
		d := w.path(fmt.Sprintf("update-%d.json", i))
		up := e.okJSON("record", "update", "--as", w.dirs["doctor"], "--record", id, "--file", w.writeFile(fmt.Sprintf("u%d", i), content+" (follow-up)"), "--draft-out", d)
		if fmt.Sprint(up["cosigners"]) != "["+w.addrs["mum"]+" "+w.addrs["dad"]+"]" {
			t.Fatalf("record update with the co-signing guardians by default: %v", up)
		}
		a := w.path(fmt.Sprintf("update-%d-approval.json", i))
		e.ok("record", "approve", "--as", w.dirs[g], d, "--out", a, "--yes")
		approvals = append(approvals, d, a)
	}
	w.advance(3 * time.Hour)
	e.ok("guardian", "add", "--as", w.dirs["patient"], "--guardian", w.addrs["mum"], "--scope", "grant", "--valid-for", "365d")
	for i, g := range []string{"dad", "mum"} {
		e.fails(exitReverted, []string{"signed by " + w.addrs[g] + ", who may no longer co-sign for patient " + w.addrs["patient"], "RecordRegistry.InvalidPatientSignature"},
			"record", "submit", approvals[2*i], "--as", w.dirs["doctor"], "--approval", approvals[2*i+1])
	}

	w.verifiedTimeline("guardian-set", "guardian-set", "record-created", "version-cosigned",
		"guardian-action-proposed", "guardian-action-executed", "guardian-grant-made", "capsule-read-requested",
		"capsule-read-requested", "guardian-set")
	// The co-signature's entry names the guardian who signed.
	var entries []map[string]any
	if err := json.Unmarshal([]byte(e.ok("audit", "timeline", "--patient", w.addrs["patient"], "--format", "json").stdout), &entries); err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		if en["action"] == "version-cosigned" {
			if b, _ := json.Marshal(en); !strings.Contains(strings.ToLower(string(b)), strings.ToLower(w.addrs["mum"])) {
				t.Fatalf("the co-signature's timeline entry does not name the guardian: %s", b)
			}
		}
	}
}

// TestFlowConsent: a standing consent for laboratory records of one organisation; a record of
// that category written afterwards carries the network capsule; the chain refuses the consent
// for a record of another category and for a reader of another organisation; the consent goes
// out and back in as a FHIR R4 Consent; revoked, it covers nothing.
func TestFlowConsent(t *testing.T) {
	w := newFlowWorld(t)
	e := w.cliEnv
	w.startCommittee()
	given := e.okJSON("consent", "give", "--as", w.dirs["patient"], "--org", "hospital-a", "--category", "laboratory", "--valid-for", "365d")
	if num(t, given, "consent") != 1 || given["category"] != "laboratory" {
		t.Fatalf("consent give: %v", given)
	}
	lab := w.putWith("lab", "2026-12-03 potassium 4.1 mmol/L", "--category", "laboratory")
	if !strings.Contains(fmt.Sprint(lab["networkCapsule"]), "committee 1") || lab["category"] != "laboratory" {
		t.Fatalf("a laboratory record under a laboratory consent: %v", lab)
	}
	labID := str(t, lab, "recordId")
	img := w.putWith("img", "2026-12-03 chest X-ray: clear", "--category", "imaging")
	imgID := str(t, img, "recordId")
	shown := e.okJSON("record", "show", "--record", labID)
	if shown["category"] != "laboratory" || shown["networkCapsule"] == nil {
		t.Fatalf("record show: %v", shown)
	}

	covered := e.okJSON("consent", "check", "--consent", "1", "--record", labID, "--reader", w.addrs["doctor"])
	if covered["covered"] != true {
		t.Fatalf("consent check: %v", covered)
	}
	// The doctor of hospital-a reads the laboratory record under the consent, without asking.
	viaConsent := w.path("via-consent")
	e.ok("record", "get", "--as", w.dirs["doctor"], "--record", labID, "--consent", "1", "--out", viaConsent)
	w.checkFile(viaConsent, "2026-12-03 potassium 4.1 mmol/L")
	// Abuse: the consent used for a record outside its category (the read request itself is
	// refused on chain), and by another organisation.
	e.fails(exitReverted, []string{"Consents.CategoryMismatch(consentId=1, recordId=" + imgID}, "record", "get", "--as", w.dirs["doctor"], "--record", imgID, "--consent", "1", "--out", w.path("img-via-consent"))
	e.fails(exitReverted, []string{"Consents.CategoryMismatch(consentId=1, recordId=" + imgID}, "consent", "check", "--consent", "1", "--record", imgID, "--reader", w.addrs["doctor"])
	e.fails(exitReverted, []string{"Consents.NotCovered(consentId=1, requester=" + w.addrs["insurer"]}, "consent", "check", "--consent", "1", "--record", labID, "--reader", w.addrs["insurer"])

	// FHIR R4: exported, valid, imported back as a second consent with the same terms.
	fhirFile := w.path("consent-1.json")
	e.ok("consent", "export", "--consent", "1", "--fhir", "--out", fhirFile)
	raw, err := os.ReadFile(fhirFile)
	if err != nil {
		t.Fatal(err)
	}
	var resource map[string]any
	if err := json.Unmarshal(raw, &resource); err != nil {
		t.Fatal(err)
	}
	fhircheck.Validate(t, map[string]any{"consent": resource})
	if !strings.Contains(string(raw), `"code": "laboratory"`) || !strings.Contains(string(raw), w.addrs["patient"]) {
		t.Fatalf("exported consent:\n%s", raw)
	}
	imported := e.okJSON("consent", "import", "--as", w.dirs["patient"], fhirFile)
	if num(t, imported, "consent") != 2 || imported["category"] != "laboratory" || imported["from"] != given["from"] ||
		imported["until"] != given["until"] || imported["importedFrom"] != fhirFile {
		t.Fatalf("consent import: %v, given %v", imported, given)
	}
	e.fails(exitError, []string{"is a consent of patient " + w.addrs["patient"]}, "consent", "import", "--as", w.dirs["doctor"], fhirFile)
	bad := w.writeFile("deny.json", strings.Replace(string(raw), `"type": "permit"`, `"type": "deny"`, 1))
	e.fails(exitError, []string{"cannot be given as a standing consent"}, "consent", "import", "--as", w.dirs["patient"], bad)

	e.ok("consent", "revoke", "--as", w.dirs["patient"], "--consent", "1")
	e.fails(exitReverted, []string{"Consents.ConsentIsRevoked(consentId=1)"}, "consent", "check", "--consent", "1", "--record", labID, "--reader", w.addrs["doctor"])
	e.fails(exitReverted, []string{"Consents.ConsentIsRevoked(consentId=1)"}, "record", "get", "--as", w.dirs["doctor"], "--record", labID, "--consent", "1", "--out", w.path("after-revoke"))
	e.fails(exitReverted, []string{"Consents.NotConsentPatient"}, "consent", "revoke", "--as", w.dirs["doctor"], "--consent", "2")
	list := e.okJSON("consent", "list", "--patient", w.addrs["patient"])
	if cs := list["consents"].([]any); len(cs) != 2 || cs[0].(map[string]any)["status"] != "revoked" || cs[1].(map[string]any)["status"] != "active" {
		t.Fatalf("consent list: %v", list)
	}

	w.verifiedTimeline("consent-given", "record-created", "record-created", "capsule-read-requested", "consent-given", "consent-revoked")
}

// TestFlowPatientAuthored: the patient uploads her own glucose log: marked patient-authored on
// chain, signed by her alone, readable by her; nobody else can author a record in her name.
func TestFlowPatientAuthored(t *testing.T) {
	w := newFlowWorld(t)
	e := w.cliEnv
	const glucose = "2026-12-05 07:00 5.4 mmol/L\n2026-12-05 12:30 7.9 mmol/L\n"
	put := e.okJSON("record", "put", "--patient-authored", "--as", w.dirs["patient"], "--file", w.writeFile("glucose.csv", glucose),
		"--category", "vital-signs", "--yes")
	id := str(t, put, "recordId")
	if put["patientAuthored"] != true || put["provider"] != w.addrs["patient"] || put["category"] != "vital-signs" {
		t.Fatalf("record put --patient-authored: %v", put)
	}
	shown := e.okJSON("record", "show", "--record", id)
	if shown["authoredBy"] != "the patient" || shown["provider"] != w.addrs["patient"] || shown["category"] != "vital-signs" {
		t.Fatalf("record show: %v", shown)
	}
	out := w.path("glucose-read")
	got := e.okJSON("record", "get", "--as", w.dirs["patient"], "--record", id, "--out", out)
	w.checkFile(out, glucose)
	if got["provider"] != w.addrs["patient"] {
		t.Fatalf("record get: signed by %v, want the patient", got["provider"])
	}
	// Only the patient authors a patient-authored record.
	e.fails(exitUsage, []string{"--as must be the patient"}, "record", "put", "--patient-authored", "--as", w.dirs["doctor"],
		"--patient", w.addrs["patient"], "--file", w.writeFile("forged", "not hers"), "--patient-identity", w.dirs["patient"], "--yes")
	// A new version she writes is hers too.
	up := e.okJSON("record", "update", "--patient-authored", "--as", w.dirs["patient"], "--record", id,
		"--file", w.writeFile("glucose2.csv", glucose+"2026-12-05 19:00 6.2 mmol/L\n"), "--patient-identity", w.dirs["patient"], "--yes")
	if num(t, up, "version") != 2 || up["patientAuthored"] != true {
		t.Fatalf("record update --patient-authored: %v", up)
	}
	// A standing consent of her category needs every new version sealed to a committee too;
	// with none active her client refuses rather than break the consent silently.
	e.ok("consent", "give", "--as", w.dirs["patient"], "--org", "hospital-a", "--category", "vital-signs", "--valid-for", "30d")
	e.fails(exitError, []string{"needs the network capsule for standing consent 1", "no active proxy committee"},
		"record", "update", "--patient-authored", "--as", w.dirs["patient"], "--record", id, "--category", "vital-signs",
		"--file", w.writeFile("glucose3.csv", glucose+"2026-12-06 07:00 5.1 mmol/L\n"), "--yes")
	w.verifiedTimeline("record-created", "record-updated", "consent-given")
}

// TestFlowRecovery: the patient makes her secrets recoverable by two of three holders; after
// losing her device a holder asks for recovery to her new device; nothing is released before her
// delay; one share does not rebuild anything; two restore her identity and seed, which open her
// record; a later request is cancelled by her old key.
func TestFlowRecovery(t *testing.T) {
	w := newFlowWorld(t, "holder-1", "holder-2", "holder-3")
	e := w.cliEnv
	var holders []string
	for _, h := range []string{"holder-1", "holder-2", "holder-3"} {
		e.ok("participant", "enroll", "--as", w.dirs["admin"], "--identity", w.dirs[h], "--role", "patient")
		holders = append(holders, w.addrs[h])
	}
	const note = "2026-12-04 allergy: penicillin"
	id := w.put(note, "")

	setup := e.okJSON("recovery", "setup", "--as", w.dirs["patient"], "--holders", strings.Join(holders, ","), "--threshold", "2", "--delay", "1d")
	if setup["threshold"] != "2 of 3" || num(t, setup, "generation") != 1 {
		t.Fatalf("recovery setup: %v", setup)
	}
	e.fails(exitUsage, []string{"bad --threshold 4"}, "recovery", "setup", "--as", w.dirs["patient"], "--holders", strings.Join(holders, ","), "--threshold", "4")

	// The new device: a fresh identity, never enrolled.
	newDev := w.path("new-device")
	dev := e.okJSON("keys", "new", "--dir", newDev, "--name", "new-device", "--light")
	req := e.okJSON("recovery", "request", "--as", w.dirs["holder-1"], "--patient", w.addrs["patient"],
		"--new-account", str(t, dev, "address"), "--new-transport-key", str(t, dev, "transportKey"))
	reqID := fmt.Sprint(num(t, req, "request"))
	e.fails(exitReverted, []string{"Recovery.DelayNotOver(requestId=" + reqID}, "recovery", "share", "--as", w.dirs["holder-2"], "--request", reqID)
	e.fails(exitReverted, []string{"Recovery.NotHolder"}, "recovery", "request", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"],
		"--new-account", str(t, dev, "address"), "--new-transport-key", str(t, dev, "transportKey"))

	w.advance(25 * time.Hour)
	e.ok("recovery", "share", "--as", w.dirs["holder-2"], "--request", reqID)
	restored := w.path("restored")
	// t − 1 shares rebuild nothing.
	e.fails(exitError, []string{"not enough valid recovery shares: 1 of the 2 needed"}, "recovery", "recover", "--as", newDev, "--request", reqID, "--out-dir", restored, "--light")
	if _, err := os.Stat(filepath.Join(restored, "account.json")); !os.IsNotExist(err) {
		t.Fatalf("a failed recovery wrote an identity (%v)", err)
	}
	shared := e.okJSON("recovery", "share", "--as", w.dirs["holder-3"], "--request", reqID)
	if shared["status"] != "completed" {
		t.Fatalf("the second share did not complete the request: %v", shared)
	}
	back := e.okJSON("recovery", "recover", "--as", newDev, "--request", reqID, "--out-dir", restored, "--light")
	if back["patient"] != w.addrs["patient"] || back["sharesUsed"] != "[2 3]" {
		t.Fatalf("recovery recover: %v", back)
	}
	if shownKeys := e.okJSON("keys", "show", "--dir", restored); shownKeys["address"] != w.addrs["patient"] {
		t.Fatalf("restored identity: %v", shownKeys)
	}
	// The restored seed opens her record.
	out := w.path("read-after-recovery")
	e.ok("record", "get", "--as", restored, "--record", id, "--out", out)
	w.checkFile(out, note)

	// A second request is cancelled by her (old) key during the delay.
	again := e.okJSON("recovery", "request", "--as", w.dirs["holder-1"], "--patient", w.addrs["patient"],
		"--new-account", str(t, dev, "address"), "--new-transport-key", str(t, dev, "transportKey"))
	e.ok("recovery", "cancel", "--as", w.dirs["patient"], "--request", fmt.Sprint(num(t, again, "request")))

	w.verifiedTimeline("record-created", "recovery-configured", "recovery-requested", "recovery-share-released",
		"recovery-share-released", "recovery-completed", "recovery-requested", "recovery-cancelled")
}

// TestFlowErasure: the patient erases a record with two versions and a grant: on chain only
// hashes and the fact stay; every version's content, every capsule and gate object and the
// grant's re-key bundle leave the store; her own copies no longer open and nothing can change
// the record any more.
func TestFlowErasure(t *testing.T) {
	w := newFlowWorld(t)
	e := w.cliEnv
	w.startCommittee()
	v1 := w.putWith("v1", "2026-11-30 HIV test: negative", "--category", "laboratory")
	id := str(t, v1, "recordId")
	v2 := e.okJSON("record", "update", "--as", w.dirs["doctor"], "--record", id, "--file", w.writeFile("v2", "2026-11-30 HIV test: negative (confirmed)"),
		"--patient-identity", w.dirs["patient"], "--yes")
	reqID := fmt.Sprint(num(t, e.okJSON("access", "request", "--as", w.dirs["insurer"], "--record", id, "--purpose", "payment"), "requestId"))
	e.ok("access", "grant", "--as", w.dirs["patient"], "--request", reqID, "--valid-for", "1h")

	// Indexed under two keywords, and a later record under one of them: after the erasure a
	// search finds the later record only, past the erased one's removed entry.
	later := str(t, w.putWith("later", "2026-12-01 HIV viral load: undetectable"), "recordId")
	e.ok("index", "setup", "--as", w.dirs["patient"])
	e.ok("index", "add", "--as", w.dirs["patient"], "--record", id, "--keyword", "hiv", "--keyword", "laboratory")
	e.ok("index", "add", "--as", w.dirs["patient"], "--record", later, "--keyword", "hiv")
	e.ok("requester", "add", "--as", w.dirs["patient"], w.addrs["insurer"])
	search := func(keyword string) []any {
		found := e.okJSON("search", "--as", w.dirs["insurer"], "--patient", w.addrs["patient"], "--keyword", keyword)
		recs, _ := found["records"].([]any)
		return recs
	}
	if got := search("HIV"); len(got) != 2 || got[0] != id || got[1] != later {
		t.Fatalf("search before erasure: %v, want [%s %s]", got, id, later)
	}

	before := e.okJSON("record", "show", "--record", id)
	for _, c := range []string{str(t, v1, "recordCid"), str(t, v2, "recordCid"), str(t, before, "capsule"), str(t, before, "gate")} {
		if !w.held(c) {
			t.Fatalf("%s is not in the store before erasure", c)
		}
	}

	e.fails(exitReverted, []string{"RecordRegistry.NotAuthorized(caller=" + w.addrs["doctor"] + ")"}, "record", "erase", "--as", w.dirs["doctor"], "--record", id)
	erased := e.okJSON("record", "erase", "--as", w.dirs["patient"], "--record", id)
	unpinned := fmt.Sprint(erased["unpinned"])
	for _, kind := range []string{"content v1", "content v2", "capsule v1", "capsule v2", "gate v1", "gate v2", "re-key bundle of request " + reqID} {
		if !strings.Contains(unpinned, kind) {
			t.Errorf("erasure did not unpin the %s: %v", kind, erased)
		}
	}
	if erased["byOrder"] != false || erased["notUnpinned"] != nil {
		t.Fatalf("record erase: %v", erased)
	}
	// Its index entries: one per keyword and the batch's tag, all removed.
	if rows, _ := erased["indexEntriesRemoved"].([]any); len(rows) != 3 || strings.Count(fmt.Sprint(rows), "entry of batch") != 2 ||
		erased["indexTx"] == nil || erased["indexEntriesLeft"] != nil || erased["indexNotFound"] != nil {
		t.Fatalf("record erase did not remove the record's index entries: %v", erased)
	}
	if got := search("hiv"); len(got) != 1 || got[0] != later {
		t.Fatalf("search after erasure: %v, want [%s]", got, later)
	}
	if got := search("laboratory"); len(got) != 0 {
		t.Fatalf("search after erasure: %v, want nothing", got)
	}
	// Again as the patient: nothing is left to remove.
	again := e.okJSON("record", "erase", "--as", w.dirs["patient"], "--record", id, "--unpin-only", "--keyword", "hiv")
	if rows, _ := again["indexEntriesRemoved"].([]any); len(rows) != 3 || again["indexTx"] != nil || again["indexEntriesLeft"] != nil {
		t.Fatalf("record erase --unpin-only: %v", again)
	}
	for _, c := range []string{str(t, v1, "recordCid"), str(t, v2, "recordCid"), str(t, before, "capsule"), str(t, before, "gate")} {
		if w.held(c) {
			t.Errorf("%s is still in the store after erasure", c)
		}
	}

	// On chain: the fact and the hashes; no reference to any object.
	after := e.okJSON("record", "show", "--record", id)
	if after["status"] != "erased" || after["capsule"] != "none" || after["contentHash"] != before["contentHash"] || after["head"] != before["head"] || after["gate"] != nil {
		t.Fatalf("record show after erasure: %v", after)
	}
	// Her own copies no longer open, and nothing changes the record any more.
	e.fails(exitError, []string{"was erased"}, "record", "get", "--as", w.dirs["patient"], "--record", id, "--out", w.path("gone"))
	e.fails(exitReverted, []string{"AccessLedger."}, "access", "get", "--as", w.dirs["insurer"], "--request", reqID, "--out", w.path("gone2"))
	e.fails(exitError, []string{"is not active"}, "record", "update", "--as", w.dirs["doctor"], "--record", id, "--file", w.writeFile("v3", "after"),
		"--patient-identity", w.dirs["patient"], "--yes")
	e.fails(exitReverted, []string{"RecordRegistry.RecordIsErased"}, "record", "erase", "--as", w.dirs["patient"], "--record", id)

	w.verifiedTimeline("record-created", "record-updated", "access-granted", "record-created", "record-erased")
}
