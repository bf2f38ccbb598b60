package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/internal/fhircheck"
	"github.com/emrchain/emrchain/storage/remote"
)

// carePlusTimeline are the timeline actions TestConsentAuthoredRecoveryOnAnvil compares in
// order: the care features it plays and what they act on.
var carePlusTimeline = []string{"record-created", "record-updated", "consent-given", "consent-revoked",
	"capsule-read-requested", "capsule-read-answered", "capsule-read-rejected",
	"access-requested", "access-granted", "access-invoked", "access-fulfilled", "access-revoked",
	"recovery-configured", "recovery-requested", "recovery-cancelled", "recovery-share-released", "recovery-completed",
	"keys-rotated", "key-rewrapped"}

// TestConsentAuthoredRecoveryOnAnvil plays three care features as their users would, on one
// anvil world: the built binary, each command its own process, three proxy nodes and the
// indexer as separate services.
//
// Standing consent: the patient consents to physicians of hospital-a reading her laboratory
// records; a laboratory record written afterwards is read by one through the committee; the
// chain refuses the consent for an imaging record, for a member of hospital-a without the role
// and for a provider of another organisation; the consent goes out as a FHIR R4 Consent and
// back in as a second one, which works; revoking each stops the next read.
//
// Patient-authored records: the patient uploads her own glucose log, signed by her alone,
// grants a provider a read, who reads it and finds her signature and its digest.
//
// Recovery and rotation: two of three holders restore her identity and seed to a new device
// (one share restores nothing, and nothing is released before her delay); the new device
// rotates her keys and re-wraps every record under a new seed: the old device's seed opens
// none of them, the old capsule objects are gone, the grant made under the old capsule is
// refused, and the new seed, and a new grant, open them.
//
// After each part the patient's timeline, verified against the chain, shows exactly what
// happened so far.
func TestConsentAuthoredRecoveryOnAnvil(t *testing.T) {
	began := time.Now()
	w := newBGWorld(t)
	ctx := context.Background()
	t.Logf("world ready in %s", time.Since(began).Round(time.Second))
	run := func(args ...string) map[string]any {
		t.Helper()
		var m map[string]any
		w.jsonCLI(&m, args...)
		return m
	}
	write := func(name, content string) string {
		t.Helper()
		p := filepath.Join(w.dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// read runs a command that writes a record's plaintext to a new file and checks it.
	read := func(want string, args ...string) map[string]any {
		t.Helper()
		out := filepath.Join(w.dir, fmt.Sprintf("read-%d", time.Now().UnixNano()))
		got := run(append(args, "--out", out)...)
		b, err := os.ReadFile(out)
		if err != nil || string(b) != want {
			t.Fatalf("emrchain %s wrote %q (%v), want %q", strings.Join(args, " "), b, err, want)
		}
		return got
	}
	adminKey, err := crypto.HexToECDSA(anvilKey0)
	if err != nil {
		t.Fatal(err)
	}
	enrol := func(name string, args ...string) (string, string) {
		t.Helper()
		d := filepath.Join(w.dir, "id-"+name)
		addr := run("keys", "new", "--dir", d, "--name", name, "--light")["address"].(string)
		fund(t, ctx, w.ec, adminKey, common.HexToAddress(addr))
		cli(t, w.bin, w.env, append([]string{"participant", "enroll", "--as", w.admin, "--identity", d}, args...)...)
		return d, addr
	}
	pat := w.patAddr.Hex()
	want := []string{"record-created"} // the ward doctor's note newBGWorld puts
	mark := time.Now()

	// ---- Standing consent.
	issuer, issuerAddr := enrol("issuer", "--role", "attribute-authority", "--org", "hospital-a")
	cli(t, w.bin, w.env, "attributes", "namespace", "--as", w.admin, "--authority", issuerAddr, "--namespace", "hospital-a")
	cli(t, w.bin, w.env, "attributes", "define", "--as", issuer, "role:physician")
	cli(t, w.bin, w.env, "attributes", "assign", "--as", issuer, "--holder", w.erAddr.Hex(), "role:physician")
	given := run("consent", "give", "--as", w.patient, "--org", "hospital-a", "--role", "hospital-a/role:physician",
		"--category", "laboratory", "--valid-for", "30d")
	if given["consent"] != float64(1) || given["category"] != "laboratory" || given["role"] == "any member" {
		t.Fatalf("consent give: %v", given)
	}
	// Written after the consent: the patient's client seals it to the committee too.
	const labNote = "2026-12-06 potassium 4.1 mmol/L, creatinine 82 umol/L"
	lab := run("record", "put", "--as", w.plainDoc, "--patient", pat, "--patient-identity", w.patient, "--yes",
		"--file", write("lab.txt", labNote), "--category", "laboratory")
	labID := lab["recordId"].(string)
	if !strings.Contains(fmt.Sprint(lab["networkCapsule"]), "committee 1") || lab["category"] != "laboratory" {
		t.Fatalf("a laboratory record under a laboratory consent: %v", lab)
	}
	img := run("record", "put", "--as", w.plainDoc, "--patient", pat, "--patient-identity", w.patient, "--yes",
		"--file", write("img.txt", "2026-12-06 chest X-ray: clear"), "--category", "imaging")
	imgID := img["recordId"].(string)

	// The physician of hospital-a reads it through the committee, without asking the patient.
	got := read(labNote, "record", "get", "--as", w.erDoc, "--record", labID, "--consent", "1")
	if got["provider"] != w.plainAddr.Hex() {
		t.Fatalf("record get --consent: signed by %v, want the ward doctor %s", got["provider"], w.plainAddr.Hex())
	}
	// Refused on chain: a record outside the category, a member of the organisation without the
	// role, a provider of another organisation.
	w.refused(3, "Consents.CategoryMismatch(consentId=1, recordId="+imgID,
		"record", "get", "--as", w.erDoc, "--record", imgID, "--consent", "1", "--out", filepath.Join(w.dir, "img-via-consent"))
	w.refused(3, "Consents.NotCovered(consentId=1, requester="+w.plainAddr.Hex(),
		"record", "get", "--as", w.plainDoc, "--record", labID, "--consent", "1", "--out", filepath.Join(w.dir, "no-role"))
	w.refused(3, "Consents.NotCovered(consentId=1, requester="+w.otherAddr.Hex(),
		"record", "get", "--as", w.otherDoc, "--record", labID, "--consent", "1", "--out", filepath.Join(w.dir, "other-org"))

	// FHIR R4: exported, valid, imported back as a second consent with the same terms.
	fhirFile := filepath.Join(w.dir, "consent-1.json")
	cli(t, w.bin, w.env, "consent", "export", "--consent", "1", "--fhir", "--out", fhirFile)
	raw, err := os.ReadFile(fhirFile)
	if err != nil {
		t.Fatal(err)
	}
	var resource map[string]any
	if err := json.Unmarshal(raw, &resource); err != nil {
		t.Fatal(err)
	}
	fhircheck.Validate(t, map[string]any{"consent": resource})
	if resource["resourceType"] != "Consent" || resource["status"] != "active" ||
		!strings.Contains(string(raw), `"code": "laboratory"`) || !strings.Contains(string(raw), pat) {
		t.Fatalf("exported consent:\n%s", raw)
	}
	imported := run("consent", "import", "--as", w.patient, fhirFile)
	if imported["consent"] != float64(2) || imported["category"] != "laboratory" || imported["role"] != given["role"] || imported["from"] != given["from"] ||
		!strings.Contains(fmt.Sprint(given["org"]), fmt.Sprint(imported["org"])) || imported["until"] != given["until"] {
		t.Fatalf("consent import: %v, given %v", imported, given)
	}

	// Revoked, the next read is refused; the imported consent reads until it is revoked too.
	run("consent", "revoke", "--as", w.patient, "--consent", "1")
	w.refused(3, "Consents.ConsentIsRevoked(consentId=1)",
		"record", "get", "--as", w.erDoc, "--record", labID, "--consent", "1", "--out", filepath.Join(w.dir, "after-revoke-1"))
	read(labNote, "record", "get", "--as", w.erDoc, "--record", labID, "--consent", "2")
	run("consent", "revoke", "--as", w.patient, "--consent", "2")
	w.refused(3, "Consents.ConsentIsRevoked(consentId=2)",
		"record", "get", "--as", w.erDoc, "--record", labID, "--consent", "2", "--out", filepath.Join(w.dir, "after-revoke-2"))
	list := run("consent", "list", "--patient", pat)
	if cs, _ := list["consents"].([]any); len(cs) != 2 || cs[0].(map[string]any)["status"] != "revoked" || cs[1].(map[string]any)["status"] != "revoked" {
		t.Fatalf("consent list: %v", list)
	}
	want = append(want, "consent-given", "record-created", "record-created",
		"capsule-read-requested", "capsule-read-answered",
		"consent-given", "consent-revoked",
		"capsule-read-requested", "capsule-read-answered",
		"consent-revoked")
	w.verifiedCareTimeline(want)
	t.Logf("standing consent: %s", time.Since(mark).Round(time.Second))
	mark = time.Now()

	// ---- Patient-authored records.
	const glucose = "2026-12-06 07:00 5.4 mmol/L\n2026-12-06 12:30 7.9 mmol/L\n"
	own := run("record", "put", "--patient-authored", "--as", w.patient, "--file", write("glucose.csv", glucose),
		"--category", "vital-signs", "--yes")
	ownID := own["recordId"].(string)
	if own["patientAuthored"] != true || own["provider"] != pat {
		t.Fatalf("record put --patient-authored: %v", own)
	}
	if shown := run("record", "show", "--record", ownID); shown["authoredBy"] != "the patient" || shown["provider"] != pat {
		t.Fatalf("record show of her own record: %v", shown)
	}
	// Nobody authors a record in her name.
	w.refused(2, "--as must be the patient", "record", "put", "--patient-authored", "--as", w.plainDoc, "--patient", pat,
		"--file", write("forged.csv", "not hers"), "--patient-identity", w.patient, "--yes")
	// She shares it: a provider of hospital-b asks, she grants (two uses, three days), it reads
	// and verifies her signature and the content's digest.
	reqID := fmt.Sprint(run("access", "request", "--as", w.otherDoc, "--record", ownID, "--purpose", "treatment")["requestId"])
	run("access", "grant", "--as", w.patient, "--request", reqID, "--valid-for", "72h", "--uses", "2")
	shared := read(glucose, "access", "get", "--as", w.otherDoc, "--request", reqID)
	digest := sha256.Sum256([]byte(glucose))
	if shared["provider"] != pat || shared["plaintextSha256"] != "0x"+hex.EncodeToString(digest[:]) {
		t.Fatalf("access get of her own record: %v, want signed by %s with SHA-256 %x", shared, pat, digest)
	}
	want = append(want, "record-created", "access-requested", "access-granted", "access-invoked", "access-fulfilled")
	w.verifiedCareTimeline(want)
	t.Logf("patient-authored: %s", time.Since(mark).Round(time.Second))
	mark = time.Now()

	// ---- Recovery.
	var holders, holderDirs []string
	for i := 1; i <= 3; i++ {
		d, a := enrol(fmt.Sprintf("holder-%d", i), "--role", "patient")
		holders, holderDirs = append(holders, a), append(holderDirs, d)
	}
	setup := run("recovery", "setup", "--as", w.patient, "--holders", strings.Join(holders, ","), "--threshold", "2", "--delay", "1d")
	if setup["threshold"] != "2 of 3" || setup["generation"] != float64(1) {
		t.Fatalf("recovery setup: %v", setup)
	}
	// Her phone is lost: a new device, a fresh identity never enrolled.
	newDev := filepath.Join(w.dir, "new-device")
	dev := run("keys", "new", "--dir", newDev, "--name", "new-device", "--light")
	req := run("recovery", "request", "--as", holderDirs[0], "--patient", pat,
		"--new-account", dev["address"].(string), "--new-transport-key", dev["transportKey"].(string))
	recID := fmt.Sprint(req["request"])
	w.refused(3, "Recovery.DelayNotOver(requestId="+recID, "recovery", "share", "--as", holderDirs[1], "--request", recID)
	w.rpcCall("evm_increaseTime", 25*3600)
	w.rpcCall("evm_mine")
	run("recovery", "share", "--as", holderDirs[1], "--request", recID)
	// t − 1 shares restore nothing.
	restored := filepath.Join(w.dir, "restored")
	w.refused(1, "not enough valid recovery shares: 1 of the 2 needed",
		"recovery", "recover", "--as", newDev, "--request", recID, "--out-dir", restored, "--light")
	if _, err := os.Stat(restored); !os.IsNotExist(err) {
		t.Fatalf("a refused recovery wrote %s (%v)", restored, err)
	}
	if done := run("recovery", "share", "--as", holderDirs[2], "--request", recID); done["status"] != "completed" {
		t.Fatalf("the second share did not complete the request: %v", done)
	}
	back := run("recovery", "recover", "--as", newDev, "--request", recID, "--out-dir", restored, "--light")
	if back["patient"] != pat || back["sharesUsed"] != "[2 3]" {
		t.Fatalf("recovery recover: %v", back)
	}
	if k := run("keys", "show", "--dir", restored); k["address"] != pat {
		t.Fatalf("the restored identity is %v, want the patient %s", k["address"], pat)
	}
	// The restored seed opens her records: the ward doctor's note and her own log.
	read(string(w.note), "record", "get", "--as", restored, "--record", w.record)
	read(glucose, "record", "get", "--as", restored, "--record", ownID)
	want = append(want, "recovery-configured", "recovery-requested", "recovery-share-released", "recovery-share-released", "recovery-completed")
	w.verifiedCareTimeline(want)
	t.Logf("recovery: %s", time.Since(mark).Round(time.Second))
	mark = time.Now()

	// ---- Rotation: whoever has the lost phone holds her old keys and seed.
	store, err := remote.FromDir(filepath.Join(w.dir, "data", "ipfs"))
	if err != nil {
		t.Fatal(err)
	}
	records := map[string]string{w.record: string(w.note), labID: labNote, imgID: "2026-12-06 chest X-ray: clear", ownID: glucose}
	oldCapsules := map[string]string{}
	for id := range records {
		oldCapsules[id] = run("record", "show", "--record", id)["capsule"].(string)
	}
	oldKeys := run("keys", "show", "--dir", restored)
	if r := run("keys", "rotate", "--dir", restored, "--light"); r["status"] != "rotated" {
		t.Fatalf("keys rotate: %v", r)
	}
	if k := run("keys", "show", "--dir", restored); k["address"] != pat || k["preKey"] == oldKeys["preKey"] || k["transportKey"] == oldKeys["transportKey"] {
		t.Fatalf("keys rotate left the keys as they were: %v, before %v", k, oldKeys)
	}
	rewrapped := run("record", "rewrap", "--as", restored, "--all", "--new-seed", "--light")
	if rs, _ := rewrapped["records"].([]any); rewrapped["seedReplaced"] != true || len(rs) != len(records) {
		t.Fatalf("record rewrap --all --new-seed: %v", rewrapped)
	}
	for id, content := range records {
		shown := run("record", "show", "--record", id)
		if shown["generation"] != float64(1) || shown["capsule"] == oldCapsules[id] {
			t.Fatalf("record %s after the rewrap: %v", id, shown)
		}
		// The old capsule object is gone from the store; the old device's seed opens nothing.
		if has, err := store.Has(ctx, cid.MustParse(oldCapsules[id])); err != nil || has {
			t.Errorf("record %s: the old capsule %s is still in the store (%v)", id, oldCapsules[id], err)
		}
		w.refused(1, "capsule is for another key", "record", "get", "--as", w.patient, "--record", id, "--out", filepath.Join(w.dir, "old-seed-"+id[:10]))
		// The new seed opens it.
		read(content, "record", "get", "--as", restored, "--record", id)
	}
	// The grant made under the old capsule is refused on chain; a new one works.
	w.refused(3, fmt.Sprintf("AccessLedger.KeyRewrapped(recordId=%s, granted=0, current=1)", ownID),
		"access", "get", "--as", w.otherDoc, "--request", reqID, "--out", filepath.Join(w.dir, "old-grant"))
	again := fmt.Sprint(run("access", "request", "--as", w.otherDoc, "--record", ownID, "--purpose", "treatment")["requestId"])
	run("access", "grant", "--as", restored, "--request", again, "--valid-for", "1h")
	read(glucose, "access", "get", "--as", w.otherDoc, "--request", again)
	// The old backup holds the replaced seed: she makes a new one.
	if s := run("recovery", "setup", "--as", restored, "--holders", strings.Join(holders, ","), "--threshold", "2", "--delay", "1d"); s["generation"] != float64(2) {
		t.Fatalf("recovery setup after the rotation: %v", s)
	}
	want = append(want, "keys-rotated", "key-rewrapped", "key-rewrapped", "key-rewrapped", "key-rewrapped",
		"access-requested", "access-granted", "access-invoked", "access-fulfilled", "recovery-configured")
	w.verifiedCareTimeline(want)
	t.Logf("rotation: %s; the whole test %s", time.Since(mark).Round(time.Second), time.Since(began).Round(time.Second))
}

// verifiedCareTimeline waits for the indexer to reach the chain's head, then checks that the
// patient's timeline holds exactly want of carePlusTimeline's actions, in order, and that
// `audit verify` confirms every entry against the chain.
func (w *bgWorld) verifiedCareTimeline(want []string) {
	w.t.Helper()
	w.waitIndexed()
	var entries []map[string]any
	w.jsonCLI(&entries, "audit", "timeline", "--patient", w.patAddr.Hex(), "--format", "json")
	var got []string
	for _, e := range entries {
		if a := fmt.Sprint(e["action"]); slices.Contains(carePlusTimeline, a) {
			got = append(got, a)
		}
	}
	if !slices.Equal(got, want) {
		w.t.Fatalf("the patient's timeline shows\n  %v\nwant\n  %v", got, want)
	}
	var verified struct {
		Status  string
		Entries int
	}
	w.jsonCLI(&verified, "audit", "verify", "--patient", w.patAddr.Hex())
	if !strings.HasPrefix(verified.Status, "verified") || verified.Entries < len(entries) {
		w.t.Fatalf("audit verify: %+v for %d entries", verified, len(entries))
	}
}
