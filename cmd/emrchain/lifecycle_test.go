package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/identity"
	"github.com/emrchain/emrchain/simulated"
)

// TestFlowRegistryLifecycle drives the Registry's operations past enrolment through the CLI:
// suspend and reinstate, removal, registrars appointed and dismissed, the admin handed over in two
// steps, and an identity's keys rotated, each with the refusals a wrong actor or bad input meets.
func TestFlowRegistryLifecycle(t *testing.T) {
	w := newFlowWorld(t)
	e := w.cliEnv
	doctor, insurer, researcher := w.addrs["doctor"], w.addrs["insurer"], w.addrs["researcher"]
	status := func(addr string) string { return str(t, e.okJSON("participant", "show", addr), "status") }

	// Suspend and reinstate; a second reinstate and a reinstate by a non-registrar are refused.
	e.ok("participant", "suspend", "--as", w.dirs["admin"], doctor)
	if got := str(t, e.okJSON("participant", "reinstate", "--as", w.dirs["admin"], doctor), "status"); got != "active" || status(doctor) != "active" {
		t.Fatalf("reinstate: %s, chain says %s", got, status(doctor))
	}
	e.fails(exitReverted, []string{"Registry.NotSuspended(account=" + doctor + ")"}, "participant", "reinstate", "--as", w.dirs["admin"], doctor)
	e.fails(exitReverted, []string{"Registry.NotRegistrar()"}, "participant", "suspend", "--as", w.dirs["insurer"], doctor)
	e.fails(exitUsage, []string{"want one ADDRESS argument"}, "participant", "reinstate", "--as", w.dirs["admin"])
	e.fails(exitUsage, []string{"bad --address"}, "participant", "reinstate", "--as", w.dirs["admin"], "0x1234")

	// Removal is final: without --yes nothing is sent, with it the account is removed for good.
	e.fails(exitUsage, []string{"cannot be undone", "--yes"}, "participant", "remove", "--as", w.dirs["admin"], researcher)
	if status(researcher) != "active" {
		t.Fatal("a removal without --yes changed the enrolment")
	}
	e.ok("participant", "remove", "--as", w.dirs["admin"], researcher, "--yes")
	if status(researcher) != "removed" {
		t.Fatalf("researcher is %s after removal", status(researcher))
	}
	e.fails(exitReverted, []string{"Registry.NotSuspended"}, "participant", "reinstate", "--as", w.dirs["admin"], researcher)

	// Registrars: only the admin appoints; an appointed registrar suspends and reinstates; once
	// dismissed it can no longer.
	e.fails(exitReverted, []string{"Registry.NotAdmin()"}, "registrar", "add", "--as", w.dirs["doctor"], doctor)
	if list := e.ok("registrar", "list").stdout; !strings.Contains(list, "no registrars") {
		t.Fatalf("registrar list before any: %s", list)
	}
	e.ok("registrar", "add", "--as", w.dirs["admin"], doctor)
	e.fails(exitReverted, []string{"Registry.AlreadyRegistrar(registrar=" + doctor + ")"}, "registrar", "add", "--as", w.dirs["admin"], doctor)
	if list := e.okJSON("registrar", "list"); fmt.Sprint(list["registrars"]) != "["+doctor+"]" {
		t.Fatalf("registrar list: %v", list)
	}
	e.ok("participant", "suspend", "--as", w.dirs["doctor"], insurer)
	e.ok("participant", "reinstate", "--as", w.dirs["doctor"], insurer)
	e.ok("registrar", "remove", "--as", w.dirs["admin"], doctor)
	e.fails(exitReverted, []string{"Registry.UnknownRegistrar(registrar=" + doctor + ")"}, "registrar", "remove", "--as", w.dirs["admin"], doctor)
	e.fails(exitReverted, []string{"Registry.NotRegistrar()"}, "participant", "suspend", "--as", w.dirs["doctor"], insurer)
	if list := e.okJSON("registrar", "list"); fmt.Sprint(list["registrars"]) != "[]" {
		t.Fatalf("registrar list after dismissal: %v", list)
	}

	// The admin, handed over in two steps.
	admin := w.addrs["admin"]
	if shown := e.okJSON("admin", "show"); shown["admin"] != admin || shown["pendingAdmin"] != nil {
		t.Fatalf("admin show: %v", shown)
	}
	e.fails(exitError, []string{"no admin transfer is pending"}, "admin", "accept", "--as", w.dirs["doctor"])
	e.fails(exitReverted, []string{"Registry.NotAdmin()"}, "admin", "transfer", "--as", w.dirs["doctor"], doctor)
	e.fails(exitUsage, []string{"zero address"}, "admin", "transfer", "--as", w.dirs["admin"], common.Address{}.Hex())
	e.ok("admin", "transfer", "--as", w.dirs["admin"], doctor)
	if shown := e.okJSON("admin", "show"); shown["admin"] != admin || shown["pendingAdmin"] != doctor {
		t.Fatalf("admin show while pending: %v", shown)
	}
	// Until it accepts, the old admin still administers.
	e.ok("registrar", "add", "--as", w.dirs["admin"], insurer)
	e.fails(exitError, []string{"the pending admin is " + doctor}, "admin", "accept", "--as", w.dirs["insurer"])
	e.ok("admin", "accept", "--as", w.dirs["doctor"])
	if shown := e.okJSON("admin", "show"); shown["admin"] != doctor || shown["pendingAdmin"] != nil {
		t.Fatalf("admin show after accept: %v", shown)
	}
	e.fails(exitReverted, []string{"Registry.NotAdmin()"}, "registrar", "remove", "--as", w.dirs["admin"], insurer)
	e.ok("registrar", "remove", "--as", w.dirs["doctor"], insurer)

	// keys rotate: new PRE and transport keys, enrolled and in the directory, the account kept.
	before := e.okJSON("keys", "show", "--dir", w.dirs["insurer"])
	rotated := e.okJSON("keys", "rotate", "--dir", w.dirs["insurer"], "--light")
	after := e.okJSON("keys", "show", "--dir", w.dirs["insurer"])
	enrolled := e.okJSON("participant", "show", insurer)
	if after["address"] != before["address"] || after["preKey"] == before["preKey"] || after["transportKey"] == before["transportKey"] {
		t.Fatalf("keys after rotation %v, before %v", after, before)
	}
	if rotated["preKey"] != after["preKey"] || enrolled["preKey"] != after["preKey"] || enrolled["transportKey"] != after["transportKey"] {
		t.Fatalf("rotated %v; directory %v; chain %v", rotated, after, enrolled)
	}
	for _, f := range []string{identity.PREFile, identity.TransportFile} {
		if _, err := os.Stat(filepath.Join(w.dirs["insurer"], f+identity.StagedSuffix)); !os.IsNotExist(err) {
			t.Fatalf("staged %s left behind (%v)", f, err)
		}
	}
	// Keys staged by a rotation that never reached the chain are discarded, not enrolled.
	pass, err := keyfile.ReadPassphrase(w.password, "")
	if err != nil {
		t.Fatal(err)
	}
	stale, err := client.NewIdentity("stale", simulated.DevAccount("stale").Key, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := identity.StageKeys(w.dirs["insurer"], stale.PRE, stale.Transport, pass, identity.Light, nil); err != nil {
		t.Fatal(err)
	}
	again := e.okJSON("keys", "rotate", "--dir", w.dirs["insurer"], "--light")
	staleKey := fmt.Sprintf("0x%x", mustMarshal(stale.PRE.Public()))
	if again["status"] != "rotated" || again["preKey"] == staleKey || e.okJSON("participant", "show", insurer)["preKey"] == staleKey {
		t.Fatalf("rotation after a stale staged set: %v", again)
	}
	// A rotation interrupted after its transaction was mined (the keys staged and enrolled, not
	// yet in place) is finished by the next run, which sends nothing.
	pending, err := client.NewIdentity("pending", simulated.DevAccount("pending").Key, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := identity.StageKeys(w.dirs["insurer"], pending.PRE, pending.Transport, pass, identity.Light, nil); err != nil {
		t.Fatal(err)
	}
	m, err := deploy.ReadManifest(deploy.ManifestPath(w.dataDir, 1337))
	if err != nil {
		t.Fatal(err)
	}
	env := &client.Env{Backend: e.devnet.Client, Set: contracts.Bind(e.devnet.Client, m.Addresses()), ChainID: e.devnet.ChainID}
	insurerID, err := identity.Load(w.dirs["insurer"], "insurer", pass)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.RotateKeys(context.Background(), insurerID, pending.PRE.Public(), pending.Transport.Public()); err != nil {
		t.Fatal(err)
	}
	nonce, err := e.devnet.Client.NonceAt(context.Background(), insurerID.Address(), nil)
	if err != nil {
		t.Fatal(err)
	}
	finished := e.okJSON("keys", "rotate", "--dir", w.dirs["insurer"], "--light")
	pendingKey := fmt.Sprintf("0x%x", mustMarshal(pending.PRE.Public()))
	if !strings.Contains(str(t, finished, "status"), "finished the rotation interrupted earlier") ||
		e.okJSON("keys", "show", "--dir", w.dirs["insurer"])["preKey"] != pendingKey {
		t.Fatalf("finishing an interrupted rotation: %v", finished)
	}
	if after, _ := e.devnet.Client.NonceAt(context.Background(), insurerID.Address(), nil); after != nonce {
		t.Fatalf("finishing an interrupted rotation sent %d transactions", after-nonce)
	}

	// Nothing to rotate for an account nobody enrolled, and no identity in a directory without one.
	stranger := e.path("id-stranger")
	e.ok("keys", "new", "--dir", stranger, "--name", "stranger", "--light", "--dev-account", "oracle-service")
	e.fails(exitError, []string{"is not enrolled"}, "keys", "rotate", "--dir", stranger, "--light")
	e.fails(exitError, []string{"holds no identity"}, "keys", "rotate", "--dir", e.path("nowhere"))
}

// TestFlowRewrapPolicyAndList covers what a patient does with records she already has: listing
// who asked for what (both views), rotating a record's key so that grants and key material of
// the old generation open nothing, changing its policy after reviewing it in words, and replacing
// her record seed.
func TestFlowRewrapPolicyAndList(t *testing.T) {
	w := newFlowWorld(t)
	e := w.cliEnv
	w.startCommittee()
	e.ok("attributes", "namespace", "--as", w.dirs["admin"], "--authority", w.addrs["issuer"], "--namespace", "acme")
	e.ok("attributes", "define", "--as", w.dirs["issuer"], "role:insurer", "role:researcher")
	e.ok("attributes", "assign", "--as", w.dirs["issuer"], "--holder", w.addrs["researcher"], "role:researcher")
	const content = "2026-11-02 cardiology: stent placed, claim #4471"
	id := w.put(content, "acme/role:insurer")
	directory := w.writeFile("directory.json", `{"records": [], "organisations": ["acme", "hospital-a"]}`)

	// access list: the patient's view and the requester's, purposes in words, by record.
	reqPay := fmt.Sprint(num(t, e.okJSON("access", "request", "--as", w.dirs["insurer"], "--record", id, "--purpose", "payment"), "requestId"))
	reqTreat := fmt.Sprint(num(t, e.okJSON("access", "request", "--as", w.dirs["doctor"], "--record", id, "--purpose", "treatment"), "requestId"))
	e.ok("access", "grant", "--as", w.dirs["patient"], "--request", reqTreat, "--uses", "3", "--valid-for", "1h")
	text := e.ok("access", "list", "--as", w.dirs["patient"], "--directory", directory, "--wide").stdout
	for _, want := range []string{"record " + id, "request " + reqPay + ", pending: read for payment, asked by " + w.addrs["insurer"] + " (requester, acme)",
		"request " + reqTreat + ", granted: read for treatment, asked by " + w.addrs["doctor"] + " (provider, hospital-a)", "3 of 3 uses left"} {
		if !strings.Contains(text, want) {
			t.Errorf("access list (patient) lacks %q:\n%s", want, text)
		}
	}
	var listed struct {
		View     string
		Requests []struct {
			RequestID uint64
			Status    string
			Purpose   string
			Requester struct{ Role, Organisation string }
			Grant     *struct{ UsesLeft uint16 }
		}
	}
	if err := json.Unmarshal([]byte(e.ok("access", "list", "--patient", w.addrs["patient"], "--directory", directory, "--json").stdout), &listed); err != nil {
		t.Fatal(err)
	}
	if listed.View != "patient" || len(listed.Requests) != 2 || listed.Requests[0].Purpose != "payment" || listed.Requests[0].Status != "pending" ||
		listed.Requests[0].Requester.Role != "requester" || listed.Requests[0].Requester.Organisation != "acme" ||
		listed.Requests[1].Grant == nil || listed.Requests[1].Grant.UsesLeft != 3 {
		t.Fatalf("access list --json: %+v", listed)
	}
	mine := e.ok("access", "list", "--as", w.dirs["insurer"], "--wide").stdout
	if !strings.Contains(mine, "request "+reqPay+", pending: read for payment, asked of "+w.addrs["patient"]+" (patient)") || strings.Contains(mine, "request "+reqTreat+",") {
		t.Fatalf("access list (requester):\n%s", mine)
	}
	if pending := e.ok("access", "list", "--as", w.dirs["patient"], "--status", "pending").stdout; strings.Contains(pending, "request "+reqTreat+",") {
		t.Fatalf("--status pending lists the grant:\n%s", pending)
	}
	if st := e.okJSON("access", "status", "--request", reqPay, "--directory", directory); st["requesterRole"] != "requester" || st["requesterOrg"] != "acme" || st["purpose"] != "payment" {
		t.Fatalf("access status of a pending request: %v", st)
	}
	e.fails(exitUsage, []string{"bad --status"}, "access", "list", "--as", w.dirs["patient"], "--status", "lost")
	e.fails(exitUsage, []string{"--as DIR, --patient ADDRESS or --requester ADDRESS"}, "access", "list")
	e.fails(exitUsage, []string{"one of them"}, "access", "list", "--patient", w.addrs["patient"], "--requester", w.addrs["insurer"])
	e.fails(exitError, []string{"directory"}, "access", "list", "--as", w.dirs["patient"], "--directory", w.writeFile("bad-dir.json", "{"))

	// The grant works before the rewrap.
	e.ok("access", "get", "--as", w.dirs["doctor"], "--request", reqTreat, "--out", w.path("before-rewrap"))
	w.checkFile(w.path("before-rewrap"), content)

	// record rewrap: a new capsule under generation 1.
	shown := e.okJSON("record", "show", "--record", id)
	oldCapsule := cid.MustParse(str(t, shown, "capsule"))
	if num(t, shown, "generation") != 0 {
		t.Fatalf("a new record at generation %v", shown["generation"])
	}
	e.fails(exitError, []string{"has no record seed"}, "record", "rewrap", "--as", w.dirs["insurer"], "--record", id)
	e.fails(exitUsage, []string{"exclusive"}, "record", "rewrap", "--as", w.dirs["patient"], "--record", id, "--all")
	e.fails(exitUsage, []string{"pass --all"}, "record", "rewrap", "--as", w.dirs["patient"], "--record", id, "--new-seed")
	rewrapped := e.okJSON("record", "rewrap", "--as", w.dirs["patient"], "--record", id)
	if rewrapped["generation"] != "0 → 1" || rewrapped["oldCapsuleRemoved"] != true {
		t.Fatalf("record rewrap: %v", rewrapped)
	}
	shown = e.okJSON("record", "show", "--record", id)
	newCapsule := cid.MustParse(str(t, shown, "capsule"))
	if num(t, shown, "generation") != 1 || newCapsule == oldCapsule {
		t.Fatalf("record show after rewrap: %v", shown)
	}

	// The old generation opens nothing: the grant made under it is refused on chain and nothing
	// is written; the old capsule object is gone from the store; the old generation's key does
	// not open the new capsule, which only the new generation's key opens, to the same data key.
	refused := w.path("after-rewrap")
	e.fails(exitReverted, []string{"AccessLedger.KeyRewrapped(recordId=" + id + ", granted=0, current=1)"},
		"access", "get", "--as", w.dirs["doctor"], "--request", reqTreat, "--out", refused)
	if _, err := os.Stat(refused); !os.IsNotExist(err) {
		t.Fatalf("a refused get left %s behind (%v)", refused, err)
	}
	ctx := context.Background()
	if has, err := w.store.Has(ctx, oldCapsule); err != nil || has {
		t.Fatalf("the old capsule object is still in the store (%v, %v)", has, err)
	}
	seed := w.patientSeed()
	capsule := w.capsule(newCapsule)
	if _, err := seed.Open(w.keyID(id, 1, 0), capsule); err == nil {
		t.Fatal("the generation-0 key opens the re-wrapped capsule")
	}
	if k, err := seed.Derive(w.keyID(id, 1, 0)); err != nil || k.Public().Equal(capsule.DelegatingKey()) {
		t.Fatalf("the new capsule is wrapped to the old generation's key (%v)", err)
	}
	if _, err := seed.Open(w.keyID(id, 1, 1), capsule); err != nil {
		t.Fatalf("the generation-1 key does not open the new capsule: %v", err)
	}
	// The patient still reads it, and a new grant works.
	e.ok("record", "get", "--as", w.dirs["patient"], "--record", id, "--out", w.path("patient-after-rewrap"))
	w.checkFile(w.path("patient-after-rewrap"), content)
	e.ok("access", "grant", "--as", w.dirs["patient"], "--request", reqPay, "--valid-for", "1h")
	e.ok("access", "get", "--as", w.dirs["insurer"], "--request", reqPay, "--out", w.path("new-grant"))
	w.checkFile(w.path("new-grant"), content)

	// record policy: reviewed in words; without --yes (and no terminal) nothing changes.
	policyHash := str(t, shown, "policyHash")
	researcherKey := w.abeKeyFile("researcher", "acme/role:researcher", "epoch:"+fmt.Sprint(num(t, shown, "keyEpoch")))
	e.fails(exitReverted, []string{"AttributeReads.PolicyNotSatisfied"},
		"record", "get", "--as", w.dirs["researcher"], "--record", id, "--abe-key", researcherKey, "--out", w.path("not-yet"))
	oldGate := cid.MustParse(str(t, shown, "gate"))
	r := e.fails(exitError, []string{"did not approve", "pass --yes"}, "record", "policy", "--as", w.dirs["patient"], "--record", id, "--policy", "acme/role:insurer or acme/role:researcher")
	if !strings.Contains(r.stderr, `policy now: acme/role:insurer`) || !strings.Contains(r.stderr, `either role "insurer" from acme or role "researcher" from acme`) {
		t.Errorf("the review does not show both policies in words:\n%s", r.stderr)
	}
	e.fails(exitError, []string{"not defined by any authority"}, "record", "policy", "--as", w.dirs["patient"], "--record", id, "--policy", "acme/role:nobody", "--yes")
	e.fails(exitUsage, []string{"--policy, or --no-policy"}, "record", "policy", "--as", w.dirs["patient"], "--record", id)
	e.fails(exitUsage, []string{"exclusive"}, "record", "policy", "--as", w.dirs["patient"], "--record", id, "--policy", "acme/role:insurer", "--no-policy")
	e.fails(exitUsage, []string{"bad --policy"}, "record", "policy", "--as", w.dirs["patient"], "--record", id, "--policy", "acme/role:insurer or", "--yes")
	e.fails(exitError, []string{"has no record seed"}, "record", "policy", "--as", w.dirs["doctor"], "--record", id, "--no-policy", "--yes")
	if got := str(t, e.okJSON("record", "show", "--record", id), "policyHash"); got != policyHash {
		t.Fatalf("refused policy changes changed the policy hash: %s → %s", policyHash, got)
	}
	changed := e.okJSON("record", "policy", "--as", w.dirs["patient"], "--record", id, "--policy", "acme/role:insurer or acme/role:researcher", "--yes")
	if !strings.Contains(str(t, changed, "policyInWords"), `role "researcher" from acme`) || !strings.Contains(str(t, changed, "previousPolicyInWords"), `role "insurer" from acme`) {
		t.Fatalf("record policy: %v", changed)
	}
	shown = e.okJSON("record", "show", "--record", id)
	if shown["policy"] != "acme/role:insurer or acme/role:researcher" {
		t.Fatalf("record show after the policy change: %v", shown)
	}
	if has, err := w.store.Has(ctx, oldGate); err != nil || has {
		t.Fatalf("the old gate object is still in the store (%v, %v)", has, err)
	}
	// The new policy admits the researcher's audited read, refused under the old one.
	e.ok("record", "get", "--as", w.dirs["researcher"], "--record", id, "--abe-key", researcherKey, "--out", w.path("by-researcher"))
	w.checkFile(w.path("by-researcher"), content)
	// --no-policy ends attribute reads; a network capsule the record carries stays in its gate.
	e.ok("record", "policy", "--as", w.dirs["patient"], "--record", id, "--no-policy", "--yes")
	shown = e.okJSON("record", "show", "--record", id)
	if shown["policyHash"] != nil || (shown["gate"] != nil && (shown["networkCapsule"] != true || shown["policy"] != "none")) {
		t.Fatalf("record show after --no-policy: %v", shown)
	}
	e.fails(exitError, []string{"has no policy, so no attribute reads"},
		"record", "get", "--as", w.dirs["researcher"], "--record", id, "--abe-key", researcherKey, "--out", w.path("no-policy"))

	// record rewrap --all --new-seed: a seed staged by an interrupted run is the one used; every
	// record is re-wrapped under it; then it replaces the old seed, which opens nothing on chain.
	second := w.put("a second record", "")
	seedPass, err := keyfile.ReadPassphrase(w.password, "")
	if err != nil {
		t.Fatal(err)
	}
	staged, err := identity.StageSeed(w.dirs["patient"], seedPass, identity.Light, nil)
	if err != nil {
		t.Fatal(err)
	}
	all := e.okJSON("record", "rewrap", "--as", w.dirs["patient"], "--all", "--new-seed", "--light")
	if recs, _ := all["records"].([]any); all["seedReplaced"] != true || len(recs) != 2 {
		t.Fatalf("rewrap --all --new-seed: %v", all)
	}
	if now := w.patientSeed(); !now.Equal(staged) || now.Equal(seed) {
		t.Fatal("the seed in place is not the staged one")
	}
	if _, err := os.Stat(filepath.Join(w.dirs["patient"], identity.SeedFile+identity.StagedSuffix)); !os.IsNotExist(err) {
		t.Fatalf("the staged seed file is left behind (%v)", err)
	}
	for _, rid := range []string{id, second} {
		shown := e.okJSON("record", "show", "--record", rid)
		c := w.capsule(cid.MustParse(str(t, shown, "capsule")))
		gen := uint32(num(t, shown, "generation"))
		if _, err := seed.Open(w.keyID(rid, 1, gen), c); err == nil {
			t.Fatalf("record %s: the replaced seed opens the new capsule", rid)
		}
		out := w.path("after-seed-" + rid[:10])
		e.ok("record", "get", "--as", w.dirs["patient"], "--record", rid, "--out", out)
	}
	w.checkFile(w.path("after-seed-"+second[:10]), "a second record")
}

// patientSeed opens the patient's record seed file as it is now.
func (w *flowWorld) patientSeed() *recordkey.Seed {
	w.t.Helper()
	pass, err := keyfile.ReadPassphrase(w.password, "")
	if err != nil {
		w.t.Fatal(err)
	}
	s, err := identity.LoadSeed(w.dirs["patient"], pass)
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

// capsule fetches and parses a capsule object from the store.
func (w *flowWorld) capsule(c cid.Cid) *recordkey.Capsule {
	w.t.Helper()
	obj, err := w.store.Get(context.Background(), c)
	if err != nil {
		w.t.Fatal(err)
	}
	defer obj.Close()
	b, err := io.ReadAll(obj)
	if err != nil {
		w.t.Fatal(err)
	}
	var cap recordkey.Capsule
	if err := cap.UnmarshalBinary(b); err != nil {
		w.t.Fatal(err)
	}
	return &cap
}

// keyID names a record version's key of one generation on the flow world's deployment.
func (w *flowWorld) keyID(recordID string, version, generation uint32) recordkey.KeyID {
	w.t.Helper()
	m, err := deploy.ReadManifest(deploy.ManifestPath(w.dataDir, 1337))
	if err != nil {
		w.t.Fatal(err)
	}
	return recordkey.KeyID{ChainID: 1337, Registry: m.Addresses().Records, RecordID: common.HexToHash(recordID), Version: version, Generation: generation}
}

// TestFlowAuditors: the patient names an auditor through the CLI, who can then read her timeline
// on the indexer, and removes it again; only the patient manages her auditors.
func TestFlowAuditors(t *testing.T) {
	w := newFlowWorld(t)
	e := w.cliEnv
	probe, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := probe.Addr().String()
	probe.Close()
	url := "http://" + listen
	patient, insurer := w.addrs["patient"], w.addrs["insurer"]
	// The auditor reads the patient's timeline with its own sign-in token: the HTTP status.
	reads := func() int {
		token := str(t, e.okJSON("audit", "login", "--as", w.dirs["insurer"], "--indexer", url, "--patient", patient), "token")
		req, _ := http.NewRequest(http.MethodGet, url+"/v1/patients/"+patient+"/timeline", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	w.runIndexerAt(listen, func() bool {
		if r := e.run("audit", "auditors", "list", "--as", w.dirs["patient"], "--indexer", url); r.code != 0 {
			return false // not serving yet
		}
		if got := reads(); got != http.StatusForbidden {
			t.Fatalf("a stranger reads the timeline: %d", got)
		}
		if list := e.ok("audit", "auditors", "list", "--as", w.dirs["patient"], "--indexer", url).stdout; !strings.Contains(list, "no auditors") {
			t.Fatalf("auditors list before any: %s", list)
		}
		e.ok("audit", "auditors", "add", "--as", w.dirs["patient"], "--indexer", url, insurer)
		if list := e.okJSON("audit", "auditors", "list", "--as", w.dirs["patient"], "--indexer", url); fmt.Sprint(list["auditors"]) != "["+insurer+"]" {
			t.Fatalf("auditors list: %v", list)
		}
		if got := reads(); got != http.StatusOK {
			t.Fatalf("the auditor cannot read the timeline: %d", got)
		}
		// An auditor signs in to its own list, not the patient's: it cannot remove itself from hers.
		e.fails(exitError, []string{"is not an auditor of " + insurer}, "audit", "auditors", "remove", "--as", w.dirs["insurer"], "--indexer", url, insurer)
		if got := reads(); got != http.StatusOK {
			t.Fatalf("the auditor lost access by removing itself from its own list: %d", got)
		}
		e.fails(exitUsage, []string{"want one ADDRESS argument"}, "audit", "auditors", "add", "--as", w.dirs["patient"], "--indexer", url)
		e.ok("audit", "auditors", "remove", "--as", w.dirs["patient"], "--indexer", url, insurer)
		e.fails(exitError, []string{"is not an auditor of"}, "audit", "auditors", "remove", "--as", w.dirs["patient"], "--indexer", url, insurer)
		if got := reads(); got != http.StatusForbidden {
			t.Fatalf("a removed auditor still reads the timeline: %d", got)
		}
		e.fails(exitError, []string{"no indexer answers"}, "audit", "auditors", "list", "--as", w.dirs["patient"], "--indexer", "http://127.0.0.1:1")
		return true
	})
}
