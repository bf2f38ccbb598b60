package e2e

import (
	"context"
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

	"github.com/emrchain/emrchain/storage/embedded"
)

// careTimeline are the timeline actions TestGuardiansAndErasureOnAnvil compares in order.
var careTimeline = []string{"record-created", "record-erased", "guardian-set", "guardian-removed", "guardian-threshold-set",
	"guardian-action-proposed", "guardian-action-approved", "guardian-action-executed", "guardian-action-cancelled", "erasure-approved"}

// TestGuardiansAndErasureOnAnvil runs guardians and erasure as a user would: the built binary
// against anvil, each command its own process, the indexer a separate service. Two guardians
// with the erase scope and a threshold of two; a guardian acting outside its scope and one
// after its validity are refused on chain; renewing a guardian voids the open proposal; the
// guardians approve a court-ordered erasure the admin then carries out, and the patient's client
// removes the content; the patient erases another record herself, whose old copies no longer
// open; the patient's verified timeline shows exactly that.
func TestGuardiansAndErasureOnAnvil(t *testing.T) {
	w := newPutWorld(t)
	ctx := context.Background()
	env := w.env // with the patient's record seed and its passphrase file
	run := func(args ...string) map[string]any {
		t.Helper()
		out := cli(t, w.bin, env, append(args, "--json")...)
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("emrchain %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return m
	}
	refused := func(want string, args ...string) {
		t.Helper()
		code, _, stderr := runCLI(w.bin, env, args...)
		if code != 3 || !strings.Contains(stderr, want) || strings.Count(strings.TrimSpace(stderr), "\n") > 1 {
			t.Fatalf("emrchain %s: exit %d, want 3 with %q on at most two lines:\n%s", strings.Join(args, " "), code, want, stderr)
		}
	}
	admin := filepath.Join(w.dir, "id-admin")
	adminKey, err := crypto.HexToECDSA(anvilKey0)
	if err != nil {
		t.Fatal(err)
	}
	guardians := map[string]string{}
	for _, n := range []string{"mum", "dad"} {
		d := filepath.Join(w.dir, "id-"+n)
		out := run("keys", "new", "--dir", d, "--name", n, "--light")
		fund(t, ctx, w.ec, adminKey, common.HexToAddress(out["address"].(string)))
		cli(t, w.bin, env, "participant", "enroll", "--as", admin, "--identity", d, "--role", "patient")
		guardians[n] = out["address"].(string)
	}
	put := func(name, content string) map[string]any {
		f := filepath.Join(w.dir, name)
		if err := os.WriteFile(f, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return run("record", "put", "--as", w.doctor, "--patient", w.patAddr.Hex(), "--file", f, "--patient-identity", w.patient,
			"--category", "clinical-note", "--yes")
	}
	mine := put("note", "2026-12-06 clinical note")
	court := put("court", "2026-12-06 the record a court orders erased")
	mineID, courtID := mine["recordId"].(string), court["recordId"].(string)

	run("guardian", "add", "--as", w.patient, "--guardian", guardians["mum"], "--scope", "erase,timeline", "--valid-for", "30d")
	run("guardian", "add", "--as", w.patient, "--guardian", guardians["dad"], "--scope", "erase", "--valid-for", "1h")
	run("guardian", "threshold", "--as", w.patient, "--threshold", "2")
	mumDir, dadDir := filepath.Join(w.dir, "id-mum"), filepath.Join(w.dir, "id-dad")

	// Outside its scope: mum may not grant reads.
	refused(fmt.Sprintf("Guardians.GuardianCannotAct(guardian=%s, scope=1)", guardians["mum"]),
		"guardian", "grant", "--as", mumDir, "--record", mineID, "--requester", w.doctorAddr.Hex(), "--valid-for", "1d")
	first := run("guardian", "erase", "--as", mumDir, "--record", courtID)
	// After its validity: dad's approval is refused.
	if err := w.rc.Call(nil, "evm_increaseTime", 2*3600); err != nil {
		t.Fatal(err)
	}
	w.mine()
	refused(fmt.Sprintf("Guardians.GuardianCannotAct(guardian=%s, scope=16)", guardians["dad"]),
		"guardian", "approve", "--as", dadDir, "--proposal", fmt.Sprint(first["proposal"]))
	// The admin cannot erase without the guardians' approval.
	refused("RecordRegistry.NotAuthorized(caller=", "record", "erase", "--as", admin, "--record", courtID)
	// The patient replaces dad's entry (the open proposal is void); mum proposes again, dad
	// approves.
	run("guardian", "remove", "--as", w.patient, "--guardian", guardians["dad"])
	run("guardian", "add", "--as", w.patient, "--guardian", guardians["dad"], "--scope", "erase", "--valid-for", "30d")
	refused("Guardians.ProposalNotOpen", "guardian", "approve", "--as", dadDir, "--proposal", fmt.Sprint(first["proposal"]))
	second := run("guardian", "erase", "--as", mumDir, "--record", courtID)
	done := run("guardian", "approve", "--as", dadDir, "--proposal", fmt.Sprint(second["proposal"]))
	if done["status"] != "executed" {
		t.Fatalf("guardian approve: %v", done)
	}
	byOrder := run("record", "erase", "--as", admin, "--record", courtID)
	if byOrder["byOrder"] != true {
		t.Fatalf("record erase by the admin: %v", byOrder)
	}
	run("record", "erase", "--as", w.patient, "--record", courtID, "--unpin-only")

	// The patient erases her own record.
	shown := run("record", "show", "--record", mineID)
	erased := run("record", "erase", "--as", w.patient, "--record", mineID)
	if !strings.Contains(fmt.Sprint(erased["unpinned"]), "content v1") {
		t.Fatalf("record erase: %v", erased)
	}
	code, _, stderr := runCLI(w.bin, env, "record", "get", "--as", w.patient, "--record", mineID, "--out", filepath.Join(w.dir, "gone"))
	if code != 1 || !strings.Contains(stderr, "was erased") {
		t.Fatalf("reading an erased record: exit %d\n%s", code, stderr)
	}

	// Old copies: nothing of either record is left in the store.
	st, err := embedded.Open(filepath.Join(w.dir, "data", "ipfs"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []any{mine["recordCid"], court["recordCid"], shown["capsule"]} {
		id, err := cid.Decode(c.(string))
		if err != nil {
			t.Fatal(err)
		}
		if has, err := st.Has(ctx, id); err != nil || has {
			t.Errorf("the store still holds %s after erasure (%v)", id, err)
		}
	}
	st.Close()

	// The indexer, a separate process, and the patient's verified timeline.
	service(t, w.bin, w.dir, "indexer", env, "indexer", "run", "--listen", "127.0.0.1:0", "--poll-interval", "100ms")
	want := []string{"record-created", "record-created", "guardian-set", "guardian-set", "guardian-threshold-set",
		"guardian-action-proposed", "guardian-removed", "guardian-set", "guardian-action-proposed", "guardian-action-approved",
		"guardian-action-executed", "erasure-approved", "record-erased", "record-erased"}
	var got []string
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		code, out, _ := runCLI(w.bin, env, "audit", "timeline", "--patient", w.patAddr.Hex(), "--format", "json")
		if code != 0 {
			continue
		}
		var entries []map[string]any
		if json.Unmarshal([]byte(out), &entries) != nil {
			continue
		}
		got = got[:0]
		for _, e := range entries {
			if a := fmt.Sprint(e["action"]); slices.Contains(careTimeline, a) {
				got = append(got, a)
			}
		}
		if len(got) >= len(want) {
			break
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("the patient's timeline shows\n  %v\nwant\n  %v", got, want)
	}
	verified := run("audit", "verify", "--patient", w.patAddr.Hex())
	if !strings.HasPrefix(fmt.Sprint(verified["status"]), "verified") {
		t.Fatalf("audit verify: %v", verified)
	}
}
