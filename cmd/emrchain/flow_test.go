package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/internal/fhircheck"
	"github.com/emrchain/emrchain/oracle/keyring"
	"github.com/emrchain/emrchain/oracle/service"
	"github.com/emrchain/emrchain/simulated"
	"github.com/emrchain/emrchain/storage/embedded"
	"github.com/emrchain/emrchain/storage/remote"
)

// participants of the flow tests, by development-account name.
var flowNames = []string{"admin", "doctor", "patient", "insurer", "researcher", "issuer", "oracle"}

// oracleAccount is the funded development account `oracle init` imports in TestFlowOracle.
const oracleAccount = "oracle-service"

// flowWorld is a devnet with a deployment and every participant enrolled through the CLI.
type flowWorld struct {
	*cliEnv
	dirs  map[string]string
	addrs map[string]string
	msk   *cpabe.MasterKey
	// store is the data directory's embedded store once startCommittee opened it.
	store *embedded.Store
}

// newFlowWorld starts the flow's devnet, deployment and participants; extra names more funded
// development accounts with identities (not enrolled).
func newFlowWorld(t *testing.T, extra ...string) *flowWorld {
	e := newCLIEnv(t)
	e.startDevnet(append(append(append(flowNames, oracleAccount), proxyNames...), extra...)...)
	w := &flowWorld{cliEnv: e, dirs: map[string]string{}, addrs: map[string]string{}}

	// keys new: one identity per participant, on the funded development accounts.
	for _, n := range append(append([]string{}, flowNames...), extra...) {
		dir := e.path("id-" + n)
		out := e.okJSON("keys", "new", "--dir", dir, "--name", n, "--light", "--dev-account", n)
		if got, want := str(t, out, "address"), simulated.DevAccount(n).Address.Hex(); got != want {
			t.Fatalf("keys new %s: address %s, want %s", n, got, want)
		}
		if len(str(t, out, "preKey")) != 2+2*67 || len(str(t, out, "transportKey")) != 2+2*32 {
			t.Fatalf("keys new %s: public keys %v", n, out)
		}
		w.dirs[n], w.addrs[n] = dir, str(t, out, "address")
	}
	// The patient's record seed, under its own passphrase file (flagged by the environment).
	e.ok("keys", "seed", "--dir", w.dirs["patient"], "--light")

	// The oracle's CP-ABE public key, which its operator would publish.
	pk, msk, err := cpabe.Setup(nil)
	if err != nil {
		t.Fatal(err)
	}
	w.msk = msk
	pkBytes, err := pk.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(e.dataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(e.dataDir, "abe-public.key"), pkBytes, 0o644); err != nil {
		t.Fatal(err)
	}

	// deploy, then deploy again: the second run verifies and sends nothing.
	first := e.okJSON("deploy", "--keystore", w.dirs["admin"])
	if first["deployed"] != true || num(t, first, "chainId") != 1337 {
		t.Fatalf("first deploy: %v", first)
	}
	manifest, err := os.ReadFile(deploy.ManifestPath(e.dataDir, 1337))
	if err != nil {
		t.Fatal(err)
	}
	second := e.okJSON("deploy", "--keystore", w.dirs["admin"])
	if second["deployed"] != false || !strings.Contains(str(t, second, "status"), "verified") {
		t.Fatalf("second deploy: %v", second)
	}
	again, _ := os.ReadFile(deploy.ManifestPath(e.dataDir, 1337))
	if !bytes.Equal(manifest, again) {
		t.Fatal("re-running deploy rewrote the manifest")
	}
	// The deployments, and the one call that wires Guardians into RecordRegistry.
	if nonce, err := e.devnet.Client.NonceAt(t.Context(), simulated.DevAccount("admin").Address, nil); err != nil || nonce != uint64(len(deploy.Order)+1) {
		t.Fatalf("deployer sent %d transactions (%v), want the %d deployments and the wiring only", nonce, err, len(deploy.Order))
	}

	// participant enroll: by identity directory, and by address and public keys.
	e.ok("participant", "enroll", "--as", w.dirs["admin"], "--identity", w.dirs["doctor"], "--role", "provider", "--org", "hospital-a")
	e.ok("participant", "enroll", "--as", w.dirs["admin"], "--identity", w.dirs["patient"], "--role", "patient")
	e.ok("participant", "enroll", "--as", w.dirs["admin"], "--identity", w.dirs["researcher"], "--role", "requester", "--org", "uni")
	e.ok("participant", "enroll", "--as", w.dirs["admin"], "--identity", w.dirs["oracle"], "--role", "oracle")
	e.ok("participant", "enroll", "--as", w.dirs["admin"], "--identity", w.dirs["issuer"], "--role", "attribute-authority", "--org", "acme")
	shown := e.okJSON("keys", "show", "--dir", w.dirs["insurer"])
	e.ok("participant", "enroll", "--as", w.dirs["admin"], "--address", str(t, shown, "address"),
		"--pre-key", str(t, shown, "preKey"), "--transport-key", str(t, shown, "transportKey"), "--role", "requester", "--org", "acme")
	return w
}

// runIndexerAt runs `emrchain indexer run` with its API on listen until ready reports that it has
// ingested what the test needs, then interrupts it as a signal would and checks it stops cleanly.
func (w *flowWorld) runIndexerAt(listen string, ready func() bool) {
	w.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan result, 1)
	go func() {
		var stdout, stderr bytes.Buffer
		args := []string{"emrchain", "--rpc-url", w.rpcURL, "--data-dir", w.dataDir, "--log-level", "warn",
			"indexer", "run", "--listen", listen, "--poll-interval", "20ms"}
		code := run(ctx, args, &stdout, &stderr)
		done <- result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	}()
	for !ready() {
		select {
		case r := <-done:
			cancel()
			w.t.Fatalf("indexer run stopped early: exit %d\n%s", r.code, r.stderr)
		case <-time.After(50 * time.Millisecond):
		}
	}
	cancel()
	if r := <-done; r.code != 0 || !strings.Contains(r.stdout, "listen:") {
		w.t.Fatalf("indexer run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// abeKeyFile writes a CP-ABE key for attrs as `key fetch` would, and returns its path.
func (w *flowWorld) abeKeyFile(name string, attrs ...string) string {
	w.t.Helper()
	ak, err := w.msk.KeyGen(nil, attrs)
	if err != nil {
		w.t.Fatal(err)
	}
	raw, err := ak.MarshalBinary()
	if err != nil {
		w.t.Fatal(err)
	}
	pass, err := keyfile.ReadPassphrase(w.password, "")
	if err != nil {
		w.t.Fatal(err)
	}
	path := w.path(name + ".abe")
	if err := keyfile.Create(path, nil, abeKeyKind, raw, pass, keyfile.Light); err != nil {
		w.t.Fatal(err)
	}
	return path
}

func (w *flowWorld) writeFile(name, content string) string {
	w.t.Helper()
	p := w.path(name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		w.t.Fatal(err)
	}
	return p
}

func (w *flowWorld) checkFile(path, want string) {
	w.t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		w.t.Fatal(err)
	}
	if string(got) != want {
		w.t.Fatalf("%s holds %q, want %q", path, got, want)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		w.t.Fatalf("%s: mode %v, want 0600 (%v)", path, fi.Mode().Perm(), err)
	}
}

// put registers a record with the patient co-signing locally and returns its id.
func (w *flowWorld) put(content, policy string) string {
	w.t.Helper()
	args := []string{"record", "put", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"],
		"--file", w.writeFile(fmt.Sprintf("plain-%d", len(content)), content), "--patient-identity", w.dirs["patient"], "--yes"}
	if policy != "" {
		args = append(args, "--policy", policy)
	}
	out := w.okJSON(args...)
	if num(w.t, out, "version") != 1 || str(w.t, out, "provider") != w.addrs["doctor"] {
		w.t.Fatalf("record put: %v", out)
	}
	return str(w.t, out, "recordId")
}

func TestFlowRecordIndexAccess(t *testing.T) {
	w := newFlowWorld(t)
	e := w.cliEnv

	shown := e.okJSON("participant", "show", w.addrs["doctor"])
	if shown["role"] != "provider" || shown["status"] != "active" {
		t.Fatalf("participant show: %v", shown)
	}

	// A committee, the issuer's namespace and attributes, then record put with a local approval,
	// shown and read back as the patient.
	w.startCommittee()
	e.ok("attributes", "namespace", "--as", w.dirs["admin"], "--authority", w.addrs["issuer"], "--namespace", "acme")
	e.ok("attributes", "define", "--as", w.dirs["issuer"], "role:insurer", "dept:cardiology")
	const content = "2026-11-02 cardiology: stent placed, claim #4471"
	id := w.put(content, "acme/role:insurer or acme/dept:cardiology")
	rec := e.okJSON("record", "show", "--record", id)
	if rec["patient"] != w.addrs["patient"] || rec["provider"] != w.addrs["doctor"] || num(t, rec, "version") != 1 ||
		rec["status"] != "active" || rec["gate"] == nil || rec["capsule"] == nil {
		t.Fatalf("record show: %v", rec)
	}
	out := w.path("read-by-patient")
	e.ok("record", "get", "--as", w.dirs["patient"], "--record", id, "--out", out)
	w.checkFile(out, content)

	// Anyone else reading as if they were the patient is told which ways are open to them.
	e.fails(exitError, []string{"is not the patient", "--abe-key", "--access"}, "record", "get", "--as", w.dirs["insurer"], "--record", id, "--out", w.path("nope"))

	// The index: dealt to the committee, written, searched by an authorised requester only.
	e.ok("index", "setup", "--as", w.dirs["patient"])
	e.ok("index", "add", "--as", w.dirs["patient"], "--record", id, "--keyword", "cardiology", "--keyword", "stent")
	e.ok("requester", "add", "--as", w.dirs["patient"], w.addrs["insurer"])
	found := e.okJSON("search", "--as", w.dirs["insurer"], "--patient", w.addrs["patient"], "--keyword", "Stent ")
	if recs, _ := found["records"].([]any); len(recs) != 1 || recs[0] != id {
		t.Fatalf("search: %v, want [%s]", found, id)
	}
	e.fails(exitReverted, []string{"KeywordIndex.NotRequester"},
		"search", "--as", w.dirs["researcher"], "--patient", w.addrs["patient"], "--keyword", "stent")

	// Three contracts declare RequesterNotActive; the one called names it.
	e.fails(exitReverted, []string{"AccessLedger.RequesterNotActive(requester=" + w.addrs["issuer"] + ")"},
		"access", "request", "--as", w.dirs["issuer"], "--record", id, "--purpose", "payment")

	// access request → grant (to the default committee) → revoke → get refused.
	req := e.okJSON("access", "request", "--as", w.dirs["insurer"], "--record", id, "--purpose", "payment")
	reqID := num(t, req, "requestId")
	granted := e.okJSON("access", "grant", "--as", w.dirs["patient"], "--request", fmt.Sprint(reqID), "--valid-for", "1h")
	if granted["committee"] != float64(1) {
		t.Fatalf("grant used committee %v, want the active one", granted["committee"])
	}
	status := e.okJSON("access", "status", "--request", fmt.Sprint(reqID))
	if status["status"] != "granted" || status["requester"] != w.addrs["insurer"] || status["purpose"] != "payment" {
		t.Fatalf("access status: %v", status)
	}
	e.ok("access", "revoke", "--as", w.dirs["patient"], "--request", fmt.Sprint(reqID))
	out = w.path("read-after-revoke")
	e.fails(exitReverted, []string{fmt.Sprintf("AccessLedger.GrantRevoked(requestId=%d)", reqID)},
		"access", "get", "--as", w.dirs["insurer"], "--request", fmt.Sprint(reqID), "--out", out)
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("a refused get left %s behind (%v)", out, err)
	}
	// The same refusal with --json is one JSON object on stderr carrying the exit status.
	r := e.run("access", "get", "--as", w.dirs["insurer"], "--request", fmt.Sprint(reqID), "--out", out, "--json")
	if r.code != exitReverted || !strings.Contains(r.stderr, `"exitCode":3`) || !strings.Contains(r.stderr, "GrantRevoked") {
		t.Fatalf("--json refusal: exit %d, stderr %s", r.code, r.stderr)
	}

	// indexer run ingests all of it; audit timeline and audit verify read it back. While it runs,
	// the patient signs in with audit login, and every fullUrl of the CLI's FHIR bundle answers.
	probe, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := probe.Addr().String()
	probe.Close()
	indexerURL := "http://" + listen
	var cliBundle map[string]any
	w.runIndexerAt(listen, func() bool {
		r := e.run("audit", "timeline", "--patient", w.addrs["patient"], "--format", "json")
		if r.code != 0 || !strings.Contains(r.stdout, `"access-revoked"`) {
			return false
		}
		cliBundle = e.okJSON("audit", "timeline", "--patient", w.addrs["patient"], "--format", "fhir", "--indexer", indexerURL)
		login := e.okJSON("audit", "login", "--as", w.dirs["patient"], "--indexer", indexerURL)
		for _, en := range cliBundle["entry"].([]any) {
			full := en.(map[string]any)["fullUrl"].(string)
			if !strings.HasPrefix(full, indexerURL+"/fhir/AuditEvent/") {
				t.Fatalf("CLI bundle fullUrl %q is not on the indexer at %s", full, indexerURL)
			}
			req, _ := http.NewRequest(http.MethodGet, full, nil)
			req.Header.Set("Authorization", "Bearer "+str(t, login, "token"))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %s", full, resp.Status)
			}
		}
		return true
	})
	fhircheck.Validate(t, map[string]any{"cli-bundle": cliBundle})
	var entries []map[string]any
	if err := json.Unmarshal([]byte(e.ok("audit", "timeline", "--patient", w.addrs["patient"], "--format", "json").stdout), &entries); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, en := range entries {
		actions = append(actions, fmt.Sprint(en["action"]))
	}
	for _, want := range []string{"enrolled", "record-created", "index-key-registered", "index-entries-added", "requester-added",
		"token-requested", "token-answered", "access-requested", "access-granted", "access-revoked"} {
		if !slices.Contains(actions, want) {
			t.Errorf("timeline lacks %s: %v", want, actions)
		}
	}
	table := e.ok("audit", "timeline", "--patient", w.addrs["patient"], "--action", "access-granted").stdout
	if !strings.Contains(table, "access-granted") || strings.Contains(table, "access-revoked") {
		t.Errorf("filtered table:\n%s", table)
	}
	bundle := e.okJSON("audit", "timeline", "--patient", w.addrs["patient"], "--format", "fhir")
	if fe, _ := bundle["entry"].([]any); len(fe) == 0 || !strings.HasPrefix(fe[0].(map[string]any)["fullUrl"].(string), defaultIndexerURL+"/fhir/AuditEvent/") {
		t.Errorf("FHIR bundle entries without the default indexer's fullUrl: %v", bundle["entry"])
	}
	if fe, _ := bundle["entry"].([]any); bundle["resourceType"] != "Bundle" || len(fe) != len(entries) {
		t.Errorf("FHIR bundle: type %v with %d entries, want a Bundle of %d", bundle["resourceType"], len(fe), len(entries))
	}
	verified := e.okJSON("audit", "verify", "--patient", w.addrs["patient"])
	if num(t, verified, "entries") != uint64(len(entries)) {
		t.Errorf("audit verify: %v, want %d entries", verified, len(entries))
	}
}

func TestFlowDraftCosignSubmitUpdateDelete(t *testing.T) {
	w := newFlowWorld(t)
	e := w.cliEnv

	// Two-step co-signing: the provider writes a draft, the patient verifies and signs it
	// elsewhere, anyone submits. Flags after the DRAFT argument are accepted.
	const content = "discharge summary, v1"
	draft := w.path("draft.json")
	sig := w.path("approval.json")
	put := e.okJSON("record", "put", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"], "--file", w.writeFile("v1", content), "--draft-out", draft)
	id := str(t, put, "recordId")
	e.fails(exitError, []string{"does not exist"}, "record", "show", "--record", id)

	// A draft whose version was changed no longer carries a valid provider signature.
	raw, err := os.ReadFile(draft)
	if err != nil {
		t.Fatal(err)
	}
	tampered := w.path("tampered.json")
	if err := os.WriteFile(tampered, bytes.Replace(raw, []byte(`"version": 1`), []byte(`"version": 2`), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	e.fails(exitError, []string{"invalid record draft"}, "record", "approve", "--as", w.dirs["patient"], tampered, "--out", w.path("bad.json"), "--yes")
	// Without --yes and without a terminal nobody approved: nothing is signed or written.
	e.fails(exitError, []string{"did not approve", "pass --yes"}, "record", "approve", "--as", w.dirs["patient"], draft, "--out", w.path("unasked.json"))
	if _, err := os.Stat(w.path("unasked.json")); !os.IsNotExist(err) {
		t.Fatalf("an approval nobody gave was written (%v)", err)
	}

	seen := w.path("seen-by-patient")
	cos := e.okJSON("record", "approve", "--as", w.dirs["patient"], draft, "--out", sig, "--plaintext-out", seen, "--yes")
	if cos["provider"] != w.addrs["doctor"] || cos["recordId"] != id {
		t.Fatalf("approve: %v", cos)
	}
	w.checkFile(seen, content)
	// Someone other than the patient, and not her co-signing guardian, cannot co-sign.
	e.fails(exitError, []string{"not a guardian who may co-sign for the patient now"}, "record", "approve", "--as", w.dirs["insurer"], draft, "--out", w.path("other.json"), "--yes")
	// The provider's own signature is not the patient's.
	var df struct {
		ProviderSignature string `json:"providerSignature"`
	}
	if err := json.Unmarshal(raw, &df); err != nil {
		t.Fatal(err)
	}
	e.fails(exitError, []string{"invalid record approval"},
		"record", "submit", "--as", w.dirs["doctor"], draft, "--approval", w.writeFile("wrong.json", `{"format":1,"patientSignature":"`+df.ProviderSignature+`"}`))

	e.ok("record", "submit", draft, "--as", w.dirs["doctor"], "--approval", sig)
	rec := e.okJSON("record", "show", "--record", id)
	if num(t, rec, "version") != 1 || rec["status"] != "active" {
		t.Fatalf("record show after submit: %v", rec)
	}
	// The same draft cannot go on chain twice.
	e.fails(exitReverted, []string{"RecordRegistry.RecordExists(recordId=" + id + ")"}, "record", "submit", draft, "--as", w.dirs["doctor"], "--approval", sig)

	// record update: version 2 co-signed locally, readable by the patient.
	const v2 = "discharge summary, v2: corrected dosage"
	up := e.okJSON("record", "update", "--as", w.dirs["doctor"], "--record", id, "--file", w.writeFile("v2", v2), "--patient-identity", w.dirs["patient"], "--yes")
	if num(t, up, "version") != 2 || up["recordId"] != id {
		t.Fatalf("record update: %v", up)
	}
	out := w.path("v2-read")
	e.ok("record", "get", "--as", w.dirs["patient"], "--record", id, "--out", out)
	w.checkFile(out, v2)

	// record delete tombstones it; reading then names the reason.
	e.ok("record", "delete", "--as", w.dirs["patient"], "--record", id)
	if rec := e.okJSON("record", "show", "--record", id); rec["status"] != "deleted" {
		t.Fatalf("record show after delete: %v", rec)
	}
	e.fails(exitError, []string{"was deleted"}, "record", "get", "--as", w.dirs["patient"], "--record", id, "--out", w.path("gone"))

	// participant suspend, then the suspended provider cannot write.
	e.ok("participant", "suspend", "--as", w.dirs["admin"], w.addrs["doctor"])
	if p := e.okJSON("participant", "show", w.addrs["doctor"]); p["status"] != "suspended" {
		t.Fatalf("participant show after suspend: %v", p)
	}
	e.fails(exitReverted, []string{"RecordRegistry.ProviderNotActive(provider=" + w.addrs["doctor"] + ")"}, "record", "put", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"],
		"--file", w.writeFile("v3", "after suspension"), "--patient-identity", w.dirs["patient"], "--yes")
}

// proxyNames are the funded development accounts of the flow's proxy nodes.
var proxyNames = []string{"flow-proxy-1", "flow-proxy-2", "flow-proxy-3"}

// startCommittee makes three proxy nodes as their operators would (oracle init --role proxy,
// enrolled by the admin), has the admin create a 2-of-3 committee of them and waits until their
// key generation on chain made it active. The nodes run in this process on the devnet's client
// and on the data directory's embedded store, which they serve to the CLI's commands as `oracle
// run` does: several `oracle run` processes cannot share one embedded store (each holds it), so
// separate processes need Kubo.
func (w *flowWorld) startCommittee() string {
	w.t.Helper()
	e := w.cliEnv
	pass, err := keyfile.ReadPassphrase(w.password, "")
	if err != nil {
		w.t.Fatal(err)
	}
	m, err := deploy.ReadManifest(deploy.ManifestPath(w.dataDir, 1337))
	if err != nil {
		w.t.Fatal(err)
	}
	st, err := embedded.Open(filepath.Join(w.dataDir, "ipfs"), embedded.NoSync())
	if err != nil {
		w.t.Fatal(err)
	}
	w.store = st
	srv, err := remote.Serve(st, filepath.Join(w.dataDir, "ipfs"))
	if err != nil {
		w.t.Fatal(err)
	}
	var members []string
	var nodes []*service.Service
	for _, n := range proxyNames {
		keyDir := e.path("keys-" + n)
		info := e.okJSON("oracle", "init", "--role", "proxy", "--dir", keyDir, "--light", "--dev-account", n)
		addr := str(w.t, info, "address")
		e.ok("participant", "enroll", "--as", w.dirs["admin"], "--address", addr, "--transport-key", str(w.t, info, "transportKey"), "--role", "proxy")
		members = append(members, addr)
		keys, err := keyring.Load(keyDir, keyring.RoleProxy, keyring.Same(pass))
		if err != nil {
			w.t.Fatal(err)
		}
		keys.Committees.Light()
		cfg := service.DefaultConfig()
		cfg.Role, cfg.Addresses, cfg.StartBlock = service.RoleProxy, m.Addresses(), m.DeploymentBlock
		cfg.StatePath, cfg.StateNoSync = e.path("state-"+n+".db"), true
		cfg.PollInterval, cfg.BatchWait, cfg.MetricsAddr = 20*time.Millisecond, time.Millisecond, ""
		svc, err := service.New(cfg, service.WithClient(w.devnet.Client), service.WithStore(st), service.WithKeys(keys))
		if err != nil {
			w.t.Fatal(err)
		}
		if err := svc.Start(context.Background()); err != nil {
			w.t.Fatal(err)
		}
		nodes = append(nodes, svc)
	}
	w.t.Cleanup(func() {
		for _, n := range nodes {
			if err := n.Stop(context.Background()); err != nil {
				w.t.Errorf("stop a proxy node: %v", err)
			}
		}
		srv.Close()
		st.Close()
	})
	created := e.okJSON("committee", "create", "--as", w.dirs["admin"], "--members", strings.Join(members, ","), "--threshold", "2", "--phase-blocks", "8")
	id := fmt.Sprint(num(w.t, created, "committee"))
	deadline := time.Now().Add(2 * time.Minute)
	for {
		shown := e.okJSON("committee", "show", "--committee", id)
		if shown["status"] == "active" {
			return id
		}
		if shown["status"] == "failed" || time.Now().After(deadline) {
			w.t.Fatalf("committee %s did not become active: %v", id, shown)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestFlowCommittee drives every path through a 2-of-3 committee of proxy nodes run by the
// CLI: a record approved with its policy, the patient's index dealt to the committee and
// searched, an audited attribute read (interrupted and finished), a grant with two uses
// answered by two members and read again by its access id, revocation refused on chain, and the
// committee and fault listings.
func TestFlowCommittee(t *testing.T) {
	w := newFlowWorld(t)
	e := w.cliEnv
	committee := w.startCommittee()
	if list := e.ok("committee", "list").stdout; !strings.Contains(list, "committee "+committee+": active, 2-of-3") {
		t.Fatalf("committee list:\n%s", list)
	}

	// The issuer's namespace, its attributes, and a record whose policy names them.
	e.ok("attributes", "namespace", "--as", w.dirs["admin"], "--authority", w.addrs["issuer"], "--namespace", "acme")
	e.ok("attributes", "define", "--as", w.dirs["issuer"], "role:insurer", "role:researcher")
	e.ok("attributes", "assign", "--as", w.dirs["issuer"], "--holder", w.addrs["insurer"], "role:insurer")
	const content = "2026-11-02 cardiology: stent placed, claim #4471"
	id := w.put(content, "acme/role:insurer")
	rec := e.okJSON("record", "show", "--record", id)
	if rec["committee"] != float64(1) || !strings.Contains(fmt.Sprint(rec["policyInWords"]), `role "insurer" from acme`) {
		t.Fatalf("record show: %v", rec)
	}

	// Index through the committee: setup deals the key, add writes entries, search asks for a token.
	e.ok("index", "setup", "--as", w.dirs["patient"])
	e.ok("index", "add", "--as", w.dirs["patient"], "--record", id, "--keyword", "cardiology", "--keyword", "stent")
	e.ok("requester", "add", "--as", w.dirs["patient"], w.addrs["insurer"])
	found := e.okJSON("search", "--as", w.dirs["insurer"], "--patient", w.addrs["patient"], "--keyword", "Stent ")
	if recs, _ := found["records"].([]any); len(recs) != 1 || recs[0] != id {
		t.Fatalf("search: %v, want [%s]", found, id)
	}
	e.fails(exitReverted, []string{"KeywordIndex.NotRequester"}, "search", "--as", w.dirs["researcher"], "--patient", w.addrs["patient"], "--keyword", "stent")

	// An audited attribute read with a CP-ABE key of the record's epoch.
	epoch := fmt.Sprint(num(t, rec, "keyEpoch"))
	insurerKey := w.abeKeyFile("insurer", "acme/role:insurer", "epoch:"+epoch)
	out := w.path("read-by-insurer")
	read := e.okJSON("record", "get", "--as", w.dirs["insurer"], "--record", id, "--abe-key", insurerKey, "--out", out)
	w.checkFile(out, content)
	if used := fmt.Sprint(read["attributesUsed"]); !strings.Contains(used, "acme/role:insurer") || len(read["answeredBy"].([]any)) != 2 {
		t.Fatalf("attribute read: %v", read)
	}
	researcherKey := w.abeKeyFile("researcher", "acme/role:researcher", "epoch:"+epoch)
	e.fails(exitReverted, []string{"AttributeReads.PolicyNotSatisfied"},
		"record", "get", "--as", w.dirs["researcher"], "--record", id, "--abe-key", researcherKey, "--out", w.path("nope"))

	// A grant with two uses, answered by two of the three members.
	reqID := fmt.Sprint(num(t, e.okJSON("access", "request", "--as", w.dirs["insurer"], "--record", id, "--purpose", "treatment"), "requestId"))
	granted := e.okJSON("access", "grant", "--as", w.dirs["patient"], "--request", reqID, "--uses", "2", "--valid-for", "1h")
	if granted["proxies"] != "2-of-3, members [1 2 3]" || granted["uses"] != float64(2) {
		t.Fatalf("access grant: %v", granted)
	}
	status := e.okJSON("access", "status", "--request", reqID)
	if status["purpose"] != "treatment" || status["usesLeft"] != float64(2) || status["requesterRole"] != "requester" {
		t.Fatalf("access status: %v", status)
	}
	out = w.path("via-grant")
	got := e.okJSON("access", "get", "--as", w.dirs["insurer"], "--request", reqID, "--out", out)
	w.checkFile(out, content)
	if len(got["answeredBy"].([]any)) != 2 || got["usesLeft"] != float64(1) {
		t.Fatalf("access get: %v", got)
	}
	again := w.path("via-access-id")
	e.ok("record", "get", "--as", w.dirs["insurer"], "--access", fmt.Sprint(num(t, got, "accessId")), "--out", again)
	w.checkFile(again, content)
	e.fails(exitError, []string{"belongs to requester"}, "record", "get", "--as", w.dirs["researcher"], "--access", fmt.Sprint(num(t, got, "accessId")), "--out", w.path("not-mine"))

	// Revoked: the next use is refused on chain, and nothing is written.
	e.ok("access", "revoke", "--as", w.dirs["patient"], "--request", reqID)
	refused := w.path("after-revoke")
	e.fails(exitReverted, []string{"AccessLedger.GrantRevoked(requestId=" + reqID + ")"}, "access", "get", "--as", w.dirs["insurer"], "--request", reqID, "--out", refused)
	if _, err := os.Stat(refused); !os.IsNotExist(err) {
		t.Fatalf("a refused get left %s behind (%v)", refused, err)
	}
	if faults := e.ok("faults", "list").stdout; !strings.Contains(faults, "none recorded") {
		t.Fatalf("faults list on an honest committee:\n%s", faults)
	}
}
