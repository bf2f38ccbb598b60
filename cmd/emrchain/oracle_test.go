package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runOracle runs `emrchain oracle run` in the background until the test ends.
func (w *flowWorld) runOracle(keyDir string) {
	w.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan result, 1)
	go func() {
		var stdout, stderr bytes.Buffer
		args := []string{"emrchain", "--rpc-url", w.rpcURL, "--data-dir", w.dataDir, "--password-file", w.password, "--log-level", "warn",
			"oracle", "run", "--key-dir", keyDir, "--metrics-addr", "", "--poll-interval", "20ms", "--batch-wait", "1ms", "--state-no-sync"}
		code := run(ctx, args, &stdout, &stderr)
		done <- result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	}()
	w.t.Cleanup(func() {
		cancel()
		if r := <-done; r.code != 0 {
			w.t.Errorf("oracle run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
}

// TestFlowOracle drives the paths that need the oracle: get-access through the proxy (and its
// rejection, exit status 4), reading again through the fulfilled access, and a CP-ABE key
// requested, issued and used.
func TestFlowOracle(t *testing.T) {
	w := newFlowWorld(t)
	e := w.cliEnv

	keyDir := e.path("oracle-keys")
	info := e.okJSON("oracle", "init", "--dir", keyDir, "--light", "--dev-account", oracleAccount)
	oracleAddr := str(t, info, "address")
	e.ok("participant", "enroll", "--as", w.dirs["admin"], "--address", oracleAddr, "--transport-key", str(t, info, "transportKey"), "--role", "oracle")
	// The world already published a CP-ABE public key, so records here use the oracle's own.
	if _, ok := info["abePublicKey"]; ok {
		t.Fatalf("oracle init replaced the CP-ABE public key already in place: %v", info)
	}
	oraclePK := filepath.Join(keyDir, "cpabe-public.key")
	w.runOracle(keyDir)

	const content = "MRI report: no abnormality detected"
	args := []string{"record", "put", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"], "--file", w.writeFile("mri", content),
		"--patient-identity", w.dirs["patient"], "--policy", "role:insurer", "--abe-public-key", oraclePK, "--json"}
	id := str(t, e.okJSON(args...), "recordId")

	// Granted through the running oracle: get-access, re-encryption, decryption.
	reqID := num(t, e.okJSON("access", "request", "--as", w.dirs["insurer"], "--record", id, "--purpose", "claim"), "requestId")
	e.ok("access", "grant", "--as", w.dirs["patient"], "--request", fmt.Sprint(reqID), "--proxy", oracleAddr)
	out := w.path("via-proxy")
	got := e.okJSON("access", "get", "--as", w.dirs["insurer"], "--request", fmt.Sprint(reqID), "--out", out, "--timeout", "1m")
	w.checkFile(out, content)
	if got["oracle"] != oracleAddr {
		t.Fatalf("access get answered by %v, want %s", got["oracle"], oracleAddr)
	}
	again := w.path("via-access-id")
	e.ok("record", "get", "--as", w.dirs["insurer"], "--access", fmt.Sprint(num(t, got, "accessId")), "--out", again)
	w.checkFile(again, content)
	e.fails(exitError, []string{"belongs to requester"}, "record", "get", "--as", w.dirs["researcher"], "--access", fmt.Sprint(num(t, got, "accessId")), "--out", w.path("not-mine"))

	// A grant sealed to another proxy (the idle oracle enrolled earlier) cannot be opened by the
	// running one, which rejects it: exit status 4 with the reason's name.
	reqID = num(t, e.okJSON("access", "request", "--as", w.dirs["insurer"], "--record", id, "--purpose", "claim"), "requestId")
	e.ok("access", "grant", "--as", w.dirs["patient"], "--request", fmt.Sprint(reqID), "--proxy", w.addrs["oracle"])
	rejected := w.path("rejected")
	e.fails(exitRejected, []string{"rejected by the oracle", "malformed-rekey"},
		"access", "get", "--as", w.dirs["insurer"], "--request", fmt.Sprint(reqID), "--out", rejected, "--timeout", "1m")
	if _, err := os.Stat(rejected); !os.IsNotExist(err) {
		t.Fatalf("a rejected get left %s behind (%v)", rejected, err)
	}

	// CP-ABE key: attributes defined and assigned, key requested, issued, fetched and used.
	e.ok("attributes", "define", "--as", w.dirs["issuer"], "role:insurer", "org:acme")
	e.ok("attributes", "assign", "--as", w.dirs["issuer"], "--holder", w.addrs["insurer"], "role:insurer", "org:acme")
	keyReq := num(t, e.okJSON("key", "request", "--as", w.dirs["insurer"], "--patient", w.addrs["patient"]), "requestId")
	keyFile := w.path("insurer.abe")
	fetched := e.okJSON("key", "fetch", "--as", w.dirs["insurer"], "--request", fmt.Sprint(keyReq), "--out", keyFile, "--light", "--timeout", "1m")
	if attrs := fmt.Sprint(fetched["attributes"]); !strings.Contains(attrs, "role:insurer") || !strings.Contains(attrs, "org:acme") {
		t.Fatalf("key fetch: attributes %v", fetched["attributes"])
	}
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("CP-ABE key file: %v, %v", fi, err)
	}
	viaKey := w.path("via-abe-key")
	e.ok("record", "get", "--as", w.dirs["insurer"], "--record", id, "--abe-key", keyFile, "--out", viaKey)
	w.checkFile(viaKey, content)

	// The researcher holds no attributes: the chain refuses the request itself.
	e.fails(exitReverted, []string{"KeyIssuer.NoAttributes(requester=" + w.addrs["researcher"] + ")"}, "key", "request", "--as", w.dirs["researcher"])
}
