package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/identity"
	"github.com/emrchain/emrchain/indexer/webhook"
	"github.com/emrchain/emrchain/storage/remote"
)

// bgWorld is anvil with a deployment, a 2-of-3 committee of proxy nodes running as separate
// `oracle run` processes, the indexer as another (delivering webhooks to loopback), an admin,
// a patient with a record co-signed with the network capsule, and providers of two
// organisations, all made with the built CLI as their users would.
type bgWorld struct {
	t          testing.TB
	bin, dir   string
	env        []string
	ec         *ethclient.Client
	rc         *rpc.Client
	cenv       *client.Env
	indexerURL string

	admin, patient, guardian, erDoc, otherDoc, plainDoc string // identity directories
	patAddr, guardianAddr, erAddr, otherAddr, plainAddr common.Address
	record                                              string // the patient's record id
	note                                                []byte // its plaintext
}

func newBGWorld(t testing.TB) *bgWorld {
	t.Helper()
	if testing.Short() {
		t.Skip("starts anvil, three proxy nodes and the indexer, and runs the built binary")
	}
	dir := t.TempDir()
	addr := startAnvil(t, dir)
	w := &bgWorld{t: t, bin: buildCLI(t, dir), dir: dir}
	pw := filepath.Join(dir, "password")
	key := filepath.Join(dir, "admin.key")
	for p, content := range map[string]string{pw: passphrase, key: anvilKey0} {
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	dataDir := filepath.Join(dir, "data")
	w.indexerURL = "http://" + freeLoopbackAddr(t)
	w.env = []string{"EMRCHAIN_DATA_DIR=" + dataDir, "EMRCHAIN_RPC_URL=ws://" + addr,
		"EMRCHAIN_PASSWORD_FILE=" + pw, "EMRCHAIN_SEED_PASSWORD_FILE=" + pw, "EMRCHAIN_PATIENT_SEED_PASSWORD_FILE=" + pw,
		"EMRCHAIN_IPFS=embedded", "EMRCHAIN_LOG_LEVEL=warn", "EMRCHAIN_JSON=", "EMRCHAIN_INDEXER_URL=" + w.indexerURL}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var err error
	if w.rc, err = rpc.DialContext(ctx, "ws://"+addr); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.rc.Close)
	w.ec = ethclient.NewClient(w.rc)

	w.admin = filepath.Join(dir, "id-admin")
	cli(t, w.bin, w.env, "keys", "new", "--dir", w.admin, "--name", "admin", "--light", "--import-key", key)
	cli(t, w.bin, w.env, "deploy", "--private-key-file", key)
	m, err := deploy.ReadManifest(deploy.ManifestPath(dataDir, 31337))
	if err != nil {
		t.Fatal(err)
	}
	chainID, err := w.ec.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w.cenv = &client.Env{Backend: w.ec, Set: contracts.Bind(w.ec, m.Addresses()), ChainID: chainID}
	adminKey, err := crypto.HexToECDSA(anvilKey0)
	if err != nil {
		t.Fatal(err)
	}
	newID := func(name, role string, extra ...string) (string, common.Address) {
		d := filepath.Join(dir, "id-"+name)
		var out struct{ Address common.Address }
		if err := json.Unmarshal([]byte(cli(t, w.bin, w.env, "keys", "new", "--dir", d, "--name", name, "--light", "--json")), &out); err != nil {
			t.Fatal(err)
		}
		fund(t, ctx, w.ec, adminKey, out.Address)
		cli(t, w.bin, w.env, append([]string{"participant", "enroll", "--as", w.admin, "--identity", d, "--role", role}, extra...)...)
		return d, out.Address
	}
	w.erDoc, w.erAddr = newID("er-doctor", "provider", "--org", "hospital-a")
	w.otherDoc, w.otherAddr = newID("other-doctor", "provider", "--org", "hospital-b")
	w.plainDoc, w.plainAddr = newID("ward-doctor", "provider", "--org", "hospital-a")
	w.patient, w.patAddr = newID("patient", "patient")
	cli(t, w.bin, w.env, "keys", "seed", "--dir", w.patient, "--light")
	// Her mother, a patient herself, whom she names her guardian.
	w.guardian, w.guardianAddr = newID("guardian", "patient")

	// Three proxy nodes as their operators would run them: own keys, own account, own state,
	// enrolled by the admin. The first holds the data directory's embedded store and serves it
	// to the others and to every command.
	var members []string
	for i := 1; i <= 3; i++ {
		name := fmt.Sprintf("proxy-%d", i)
		keyDir := filepath.Join(dir, name+"-keys")
		var info struct {
			Address      common.Address
			TransportKey string
		}
		if err := json.Unmarshal([]byte(cli(t, w.bin, w.env, "oracle", "init", "--role", "proxy", "--dir", keyDir, "--light", "--json")), &info); err != nil {
			t.Fatal(err)
		}
		fund(t, ctx, w.ec, adminKey, info.Address)
		cli(t, w.bin, w.env, "participant", "enroll", "--as", w.admin, "--address", info.Address.Hex(), "--transport-key", info.TransportKey, "--role", "proxy")
		members = append(members, info.Address.Hex())
		service(t, w.bin, dir, name, w.env, "oracle", "run", "--key-dir", keyDir, "--state", filepath.Join(dir, name+".db"),
			"--metrics-addr", "", "--poll-interval", "200ms")
		if i == 1 {
			waitServedStore(t, ctx, dataDir)
		}
	}
	service(t, w.bin, dir, "indexer", w.env, "indexer", "run", "--listen", strings.TrimPrefix(w.indexerURL, "http://"),
		"--webhook-allow-loopback", "--poll-interval", "200ms")

	var created struct{ Committee uint64 }
	out := cli(t, w.bin, w.env, "committee", "create", "--as", w.admin, "--members", strings.Join(members, ","), "--threshold", "2",
		"--phase-blocks", "12", "--json")
	if err := json.Unmarshal([]byte(out), &created); err != nil || created.Committee == 0 {
		t.Fatalf("committee create printed %q: %v", out, err)
	}
	if err := awaitCommittee(ctx, w.cenv, w.ec, created.Committee); err != nil {
		t.Fatal(err)
	}

	// The ward doctor writes a note; the patient's client co-signs it and, since her
	// break-glass setting is on (the default) and a committee is active, adds the network capsule.
	w.note = []byte("2026-03-01 penicillin allergy (anaphylaxis 2019); on warfarin 5 mg daily\n")
	notePath := filepath.Join(dir, "note.txt")
	if err := os.WriteFile(notePath, w.note, 0o600); err != nil {
		t.Fatal(err)
	}
	var put struct{ RecordID string }
	out = cli(t, w.bin, w.env, "record", "put", "--as", w.plainDoc, "--patient", w.patAddr.Hex(), "--patient-identity", w.patient,
		"--yes", "--file", notePath, "--json")
	if err := json.Unmarshal([]byte(out), &put); err != nil || put.RecordID == "" {
		t.Fatalf("record put printed %q: %v", out, err)
	}
	w.record = put.RecordID
	return w
}

// freeLoopbackAddr returns a loopback address whose port was free a moment ago.
func freeLoopbackAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitServedStore waits until a service serves dataDir's embedded store.
func waitServedStore(t testing.TB, ctx context.Context, dataDir string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var err error
		if s, ferr := remote.FromDir(filepath.Join(dataDir, "ipfs")); ferr == nil {
			if _, err = s.Has(ctx, emptyCID(t)); err == nil {
				return
			}
		} else {
			err = ferr
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first proxy node never served the embedded store: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// awaitCommittee waits for committee id's key generation on anvil, whose blocks come only with
// transactions: while the members have nothing left to send in a phase (all dealt, the complaint
// window open, or no progress for a while), it mines empty blocks so that the phase's deadline
// passes.
func awaitCommittee(ctx context.Context, env *client.Env, ec *ethclient.Client, id uint64) error {
	lastStatus, since := uint8(0), time.Now()
	for {
		c, err := env.Committee(ctx, id)
		if err != nil {
			return err
		}
		switch c.Status {
		case client.CommitteeActive:
			return nil
		case client.CommitteeFailed, client.CommitteeRetired:
			return fmt.Errorf("committee %d %s during its key generation", id, client.CommitteeStatusName(c.Status))
		}
		if c.Status != lastStatus {
			lastStatus, since = c.Status, time.Now()
		}
		full := uint16(1)<<len(c.Members) - 1
		// Never while members register: a member's key derivation takes seconds on a loaded
		// machine, and mining the key phase out would fail the committee.
		stalled := c.Status != client.CommitteeRegistering && time.Since(since) > 15*time.Second
		if (c.Status == client.CommitteeDealing && c.State.DealMask == full) || c.Status == client.CommitteeComplaining || stalled {
			if err := ec.Client().CallContext(ctx, nil, "evm_mine"); err != nil {
				return fmt.Errorf("mine a block: %w", err)
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for committee %d's key generation (%s): %w", id, client.CommitteeStatusName(c.Status), ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// run runs one command and returns its exit status, stdout and stderr.
func (w *bgWorld) run(args ...string) (int, string, string) {
	w.t.Helper()
	cmd := exec.Command(w.bin, args...)
	cmd.Env = append(os.Environ(), w.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		w.t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}

// refused runs a command that must fail with exit status code, its error on one line that
// names want, and no stack trace.
func (w *bgWorld) refused(code int, want string, args ...string) {
	w.t.Helper()
	got, stdout, stderr := w.run(args...)
	if got != code {
		w.t.Fatalf("emrchain %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), got, code, stdout, stderr)
	}
	first, _, _ := strings.Cut(strings.TrimSpace(stderr), "\n")
	if !strings.HasPrefix(first, "emrchain: ") || !strings.Contains(first, want) {
		w.t.Errorf("emrchain %s: the error's first line does not name %q:\n%s", strings.Join(args, " "), want, stderr)
	}
	for _, marker := range []string{"panic:", "goroutine ", ".go:"} {
		if strings.Contains(stderr, marker) {
			w.t.Errorf("emrchain %s: stderr carries a stack trace (%q):\n%s", strings.Join(args, " "), marker, stderr)
		}
	}
	w.t.Logf("refused as expected (exit %d): %s", got, first)
}

// jsonCLI runs a command with --json and decodes its output into out.
func (w *bgWorld) jsonCLI(out any, args ...string) {
	w.t.Helper()
	s := cli(w.t, w.bin, w.env, append(args, "--json")...)
	if err := json.Unmarshal([]byte(s), out); err != nil {
		w.t.Fatalf("emrchain %s printed %q: %v", strings.Join(args, " "), s, err)
	}
}

// sessionOpened is what `emergency open --json` prints.
type sessionOpened struct {
	Session uint64
	Tx      client.Tx
}

func (w *bgWorld) open(as string, validFor string) sessionOpened {
	w.t.Helper()
	var s sessionOpened
	w.jsonCLI(&s, "emergency", "open", "--as", as, "--patient", w.patAddr.Hex(), "--reason", "unconscious", "--valid-for", validFor)
	if s.Session == 0 || s.Tx.Block == 0 {
		w.t.Fatalf("emergency open printed no session or block: %+v", s)
	}
	return s
}

func (w *bgWorld) rpcCall(method string, args ...any) {
	w.t.Helper()
	if err := w.rc.Call(nil, method, args...); err != nil {
		w.t.Fatalf("%s: %v", method, err)
	}
}

func (w *bgWorld) nonce(a common.Address) uint64 {
	w.t.Helper()
	n, err := w.ec.PendingNonceAt(context.Background(), a)
	if err != nil {
		w.t.Fatal(err)
	}
	return n
}

// waitIndexed waits until the indexer process has read the chain up to its current head.
func (w *bgWorld) waitIndexed() {
	w.t.Helper()
	head, err := w.ec.BlockNumber(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		var rep struct {
			Block  uint64
			Status string
		}
		code, out, _ := w.run("audit", "verify", "--patient", w.patAddr.Hex(), "--json")
		if code == 0 && json.Unmarshal([]byte(out), &rep) == nil && rep.Block >= head {
			return
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("the indexer did not reach block %d: %s", head, out)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// hookReceiver is a webhook receiver on loopback that checks each delivery's signature under
// the subscription's secret, as examples/access-notifier does, and keeps the payloads.
type hookReceiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	secret []byte
	got    []webhook.Payload
	bad    []string
}

func newHookReceiver(t testing.TB) *hookReceiver {
	r := &hookReceiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		if err == nil {
			err = webhook.Verify(r.secret, req.Header.Get(webhook.HeaderSignature), body, time.Now())
		}
		var p webhook.Payload
		if err == nil {
			err = json.Unmarshal(body, &p)
		}
		if err != nil {
			r.bad = append(r.bad, err.Error())
			rw.WriteHeader(http.StatusUnauthorized)
			return
		}
		r.got = append(r.got, p)
		rw.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// await waits for a delivered timeline entry that match accepts.
func (r *hookReceiver) await(t testing.TB, what string, match func(webhook.Payload) bool) webhook.Payload {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		r.mu.Lock()
		for _, p := range r.got {
			if match(p) {
				r.mu.Unlock()
				return p
			}
		}
		got, bad := len(r.got), slices.Clone(r.bad)
		r.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatalf("no webhook delivery of %s within 60s (%d others delivered; refused: %v)", what, got, bad)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestBreakGlassOnAnvil plays break-glass through the built CLI against anvil, with the proxy
// nodes and the indexer as separate processes: the admin marks an emergency provider, who opens
// a session for the unconscious patient, reads her record through the committee and closes the
// session; the patient's webhook hears of the opening at once, and her verified timeline shows
// the session coded as BALP emergency access. Then every way break-glass must be refused, each
// by the chain with a one-line error and the revert exit status.
func TestBreakGlassOnAnvil(t *testing.T) {
	w := newBGWorld(t)

	// The patient's webhook, registered through the indexer's API as she would.
	hook := newHookReceiver(t)
	var sub struct{ ID, Secret string }
	w.jsonCLI(&sub, "webhook", "add", "--as", w.patient, "--url", hook.srv.URL+"/hook")
	if sub.Secret == "" {
		t.Fatalf("webhook add printed no secret: %+v", sub)
	}
	hook.mu.Lock()
	hook.secret = []byte(sub.Secret)
	hook.mu.Unlock()

	// Her guardian's, with the read-the-timeline scope (naming guardians has no command yet, so
	// the patient's key names her directly on chain).
	w.nameGuardian(w.guardianAddr, 4, time.Now().Add(24*time.Hour))
	w.waitIndexed()
	guardianHook := newHookReceiver(t)
	var gsub struct{ ID, Secret, Patient string }
	w.jsonCLI(&gsub, "webhook", "add", "--as", w.guardian, "--patient", w.patAddr.Hex(), "--url", guardianHook.srv.URL+"/hook",
		"--action", "emergency-access-opened")
	if gsub.Secret == "" || !strings.EqualFold(gsub.Patient, w.patAddr.Hex()) {
		t.Fatalf("the guardian's webhook add printed %+v", gsub)
	}
	guardianHook.mu.Lock()
	guardianHook.secret = []byte(gsub.Secret)
	guardianHook.mu.Unlock()

	var staff struct{ EmergencyStaff bool }
	w.jsonCLI(&staff, "emergency", "staff", "--as", w.admin, "--provider", w.erAddr.Hex())
	if !staff.EmergencyStaff {
		t.Fatalf("emergency staff did not mark the provider")
	}
	cli(t, w.bin, w.env, "emergency", "staff", "--as", w.admin, "--provider", w.otherAddr.Hex())

	// The emergency: open, read every record of the patient, close.
	s := w.open(w.erDoc, "1h")
	outDir := filepath.Join(w.dir, "er-read")
	var read struct {
		Records []struct {
			Record string
			Out    string
			Bytes  int
		}
	}
	w.jsonCLI(&read, "emergency", "read", "--as", w.erDoc, "--session", fmt.Sprint(s.Session), "--out", outDir)
	if len(read.Records) != 1 || !strings.EqualFold(read.Records[0].Record, w.record) {
		t.Fatalf("emergency read read %+v, want record %s", read.Records, w.record)
	}
	got, err := os.ReadFile(filepath.Join(outDir, common.HexToHash(w.record).Hex()))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, w.note) {
		t.Fatalf("break-glass read %q, want %q", got, w.note)
	}
	cli(t, w.bin, w.env, "emergency", "close", "--as", w.erDoc, "--session", fmt.Sprint(s.Session))
	var shown struct{ State string }
	w.jsonCLI(&shown, "emergency", "show", "--session", fmt.Sprint(s.Session))
	if shown.State != "closed by "+w.erAddr.Hex() {
		t.Errorf("emergency show after close: state %q", shown.State)
	}
	// Closed means closed: no further read under the session.
	w.refused(3, "EmergencyAccess.SessionClosed", "emergency", "read", "--as", w.erDoc, "--session", fmt.Sprint(s.Session),
		"--out", filepath.Join(w.dir, "after-close"))

	// The notification: the opening reaches the patient's webhook, signed.
	p := hook.await(t, "the emergency access opening", func(p webhook.Payload) bool {
		return p.Kind == webhook.KindEntry && p.Entry != nil && p.Entry.Action == "emergency-access-opened"
	})
	if p.Entry.Actor != w.erAddr || p.Entry.Patient != w.patAddr || p.Entry.EmergencyReason != "unconscious" {
		t.Errorf("the webhook's emergency entry: actor %s patient %s reason %q", p.Entry.Actor, p.Entry.Patient, p.Entry.EmergencyReason)
	}
	gp := guardianHook.await(t, "the emergency access opening, to the guardian", func(p webhook.Payload) bool {
		return p.Kind == webhook.KindEntry && p.Entry != nil && p.Entry.Action == "emergency-access-opened"
	})
	if gp.Key != p.Key || gp.Entry.Patient != w.patAddr {
		t.Errorf("the guardian heard of %s (patient %s), the patient of %s", gp.Key, gp.Entry.Patient, p.Key)
	}

	// The timeline: opened, read through the committee, closed; verified against the chain; and
	// coded in FHIR as BALP emergency access.
	w.waitIndexed()
	var tl []map[string]any
	w.jsonCLI(&tl, "audit", "timeline", "--patient", w.patAddr.Hex(), "--format", "json")
	var actions []string
	for _, e := range tl {
		actions = append(actions, fmt.Sprint(e["action"]))
	}
	for _, want := range []string{"emergency-access-opened", "capsule-read-requested", "capsule-read-answered", "emergency-access-closed"} {
		if !slices.Contains(actions, want) {
			t.Errorf("the timeline lacks %s: %v", want, actions)
		}
	}
	var verified struct {
		Status  string
		Entries int
	}
	w.jsonCLI(&verified, "audit", "verify", "--patient", w.patAddr.Hex())
	if !strings.HasPrefix(verified.Status, "verified") || verified.Entries < len(tl) {
		t.Errorf("audit verify: %+v for %d entries", verified, len(tl))
	}
	var bundle struct {
		Entry []struct {
			Resource struct {
				Subtype []struct{ Code string }
				Meta    struct {
					Security []struct{ System, Code string }
				}
				PurposeOfEvent []struct {
					Coding []struct{ System, Code string }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(cli(t, w.bin, w.env, "audit", "timeline", "--patient", w.patAddr.Hex(), "--format", "fhir")), &bundle); err != nil {
		t.Fatal(err)
	}
	coded := map[string]bool{}
	for _, e := range bundle.Entry {
		r := e.Resource
		var action string
		for _, c := range r.Subtype {
			if strings.HasPrefix(c.Code, "emergency-") || strings.HasPrefix(c.Code, "capsule-read-") {
				action = c.Code
			}
		}
		if action == "" {
			continue
		}
		etreat, btg := false, false
		for _, pc := range r.PurposeOfEvent {
			for _, c := range pc.Coding {
				etreat = etreat || (c.Code == "ETREAT" && c.System == "http://terminology.hl7.org/CodeSystem/v3-ActReason")
			}
		}
		for _, c := range r.Meta.Security {
			btg = btg || (c.Code == "BTG" && c.System == "http://terminology.hl7.org/CodeSystem/v3-ActCode")
		}
		coded[action] = etreat && btg
	}
	for _, a := range []string{"emergency-access-opened", "capsule-read-requested", "capsule-read-answered"} {
		if !coded[a] {
			t.Errorf("FHIR AuditEvent for %s is not coded as emergency access (purposeOfEvent ETREAT, security BTG): %v", a, coded)
		}
	}

	// Abuse: a window longer than the contract's bound is a usage error; nothing is sent.
	before := w.nonce(w.erAddr)
	w.refused(2, "bad --valid-for 25h0m0s", "emergency", "open", "--as", w.erDoc, "--patient", w.patAddr.Hex(), "--reason", "unconscious", "--valid-for", "25h")
	if after := w.nonce(w.erAddr); after != before {
		t.Errorf("a refused --valid-for sent a transaction: nonce %d → %d", before, after)
	}

	// Abuse: a read after the session's window ended.
	short := w.open(w.erDoc, "30s")
	w.rpcCall("evm_increaseTime", 31)
	w.rpcCall("evm_mine")
	w.refused(3, "EmergencyAccess.SessionExpired", "emergency", "read", "--as", w.erDoc, "--session", fmt.Sprint(short.Session),
		"--out", filepath.Join(w.dir, "expired"))

	// Abuse: a provider who is not emergency staff cannot open a session; one unmarked after
	// opening cannot read under it.
	w.refused(3, "EmergencyAccess.NotEmergencyStaff", "emergency", "open", "--as", w.plainDoc, "--patient", w.patAddr.Hex(), "--reason", "unconscious")
	unmarked := w.open(w.erDoc, "1h")
	cli(t, w.bin, w.env, "emergency", "staff", "--as", w.admin, "--provider", w.erAddr.Hex(), "--remove")
	w.refused(3, "EmergencyAccess.NotEmergencyStaff", "emergency", "read", "--as", w.erDoc, "--session", fmt.Sprint(unmarked.Session),
		"--out", filepath.Join(w.dir, "unmarked"))
	cli(t, w.bin, w.env, "emergency", "staff", "--as", w.admin, "--provider", w.erAddr.Hex())
	cli(t, w.bin, w.env, "emergency", "close", "--as", w.patient, "--session", fmt.Sprint(unmarked.Session))

	// Abuse: an organisation the patient excluded, both at opening and under a session opened
	// before she restricted break-glass; staff of the organisation she named still may.
	excluded := w.open(w.otherDoc, "1h")
	cli(t, w.bin, w.env, "emergency", "setting", "restricted", "--as", w.patient, "--org", "hospital-a")
	w.refused(3, "EmergencyAccess.EmergencyAccessRefused", "emergency", "read", "--as", w.otherDoc, "--session", fmt.Sprint(excluded.Session),
		"--out", filepath.Join(w.dir, "excluded"))
	w.refused(3, "EmergencyAccess.EmergencyAccessRefused", "emergency", "open", "--as", w.otherDoc, "--patient", w.patAddr.Hex(), "--reason", "unconscious")
	named := w.open(w.erDoc, "1h")
	cli(t, w.bin, w.env, "emergency", "close", "--as", w.erDoc, "--session", fmt.Sprint(named.Session))

	// Abuse: the patient turned break-glass off.
	cli(t, w.bin, w.env, "emergency", "setting", "off", "--as", w.patient)
	w.refused(3, "EmergencyAccess.EmergencyAccessRefused", "emergency", "open", "--as", w.erDoc, "--patient", w.patAddr.Hex(), "--reason", "unconscious")

	// The admin sees each provider's count of sessions opened.
	var count struct {
		SessionsOpened int
		EmergencyStaff bool
	}
	w.jsonCLI(&count, "emergency", "list", "--provider", w.erAddr.Hex())
	if count.SessionsOpened != 4 || !count.EmergencyStaff {
		t.Errorf("emergency list --provider: %+v, want 4 sessions opened by staff", count)
	}

	// Everything refused left no trace on the timeline but what was mined; it still verifies.
	w.waitIndexed()
	w.jsonCLI(&verified, "audit", "verify", "--patient", w.patAddr.Hex())
	if !strings.HasPrefix(verified.Status, "verified") {
		t.Errorf("audit verify at the end: %+v", verified)
	}
}

// nameGuardian has the patient name guardian with scopes until validUntil, signed with her key.
func (w *bgWorld) nameGuardian(guardian common.Address, scopes uint8, validUntil time.Time) {
	w.t.Helper()
	ctx := context.Background()
	id, err := identity.Load(w.patient, "patient", keyfile.NewPassphrase([]byte(passphrase)))
	if err != nil {
		w.t.Fatal(err)
	}
	g := w.cenv.Set.Guardians
	tx, err := bind.Transact(g.BoundContract, bind.NewKeyedTransactor(id.Key, w.cenv.ChainID), g.ABI.PackSetGuardian(guardian, scopes, uint64(validUntil.Unix())))
	if err != nil {
		w.t.Fatalf("name a guardian: %v", err)
	}
	r, err := bind.WaitMined(ctx, w.ec, tx.Hash())
	if err != nil || r.Status != 1 {
		w.t.Fatalf("name a guardian: receipt %+v, %v", r, err)
	}
}
