package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// runOracle runs `emrchain oracle run` in the background until the test ends or the returned
// function stops it, as an operator's interrupt would.
func (w *flowWorld) runOracle(keyDir string) (stop func()) {
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
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if r := <-done; r.code != 0 {
				w.t.Errorf("oracle run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
	w.t.Cleanup(stop)
	return stop
}

// TestFlowOracle runs the key oracle as its operator would, `emrchain oracle run` with the keys
// role, beside a committee of proxy nodes: a CP-ABE key requested, issued, fetched and used in
// an audited attribute read, and a request by a holder of no attributes refused on chain.
func TestFlowOracle(t *testing.T) {
	w := newFlowWorld(t)
	e := w.cliEnv
	w.startCommittee()

	keyDir := e.path("oracle-keys")
	info := e.okJSON("oracle", "init", "--role", "keys", "--dir", keyDir, "--light", "--dev-account", oracleAccount)
	oracleAddr := str(t, info, "address")
	e.ok("participant", "enroll", "--as", w.dirs["admin"], "--address", oracleAddr, "--transport-key", str(t, info, "transportKey"), "--role", "oracle")
	// The world already published a CP-ABE public key, so records here use the oracle's own.
	if _, ok := info["abePublicKey"]; ok {
		t.Fatalf("oracle init replaced the CP-ABE public key already in place: %v", info)
	}
	oraclePK := filepath.Join(keyDir, "cpabe-public.key")
	w.runOracle(keyDir)

	e.ok("attributes", "namespace", "--as", w.dirs["admin"], "--authority", w.addrs["issuer"], "--namespace", "acme")
	e.ok("attributes", "define", "--as", w.dirs["issuer"], "role:insurer", "org:acme")
	e.ok("attributes", "assign", "--as", w.dirs["issuer"], "--holder", w.addrs["insurer"], "role:insurer", "org:acme")

	const content = "MRI report: no abnormality detected"
	id := str(t, e.okJSON("record", "put", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"], "--file", w.writeFile("mri", content),
		"--patient-identity", w.dirs["patient"], "--policy", "acme/role:insurer", "--abe-public-key", oraclePK, "--yes"), "recordId")

	keyReq := num(t, e.okJSON("key", "request", "--as", w.dirs["insurer"]), "requestId")
	keyFile := w.path("insurer.abe")
	fetched := e.okJSON("key", "fetch", "--as", w.dirs["insurer"], "--request", fmt.Sprint(keyReq), "--out", keyFile, "--light", "--timeout", "1m")
	if attrs := fmt.Sprint(fetched["attributes"]); !strings.Contains(attrs, "acme/role:insurer") || !strings.Contains(attrs, "acme/org:acme") {
		t.Fatalf("key fetch: attributes %v", fetched["attributes"])
	}
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("CP-ABE key file: %v, %v", fi, err)
	}
	viaKey := w.path("via-abe-key")
	read := e.okJSON("record", "get", "--as", w.dirs["insurer"], "--record", id, "--abe-key", keyFile, "--abe-public-key", oraclePK, "--out", viaKey)
	w.checkFile(viaKey, content)
	if len(read["answeredBy"].([]any)) != 2 {
		t.Fatalf("attribute read answered by %v, want two members", read["answeredBy"])
	}

	// The researcher holds no attributes: the chain refuses the request itself.
	e.fails(exitReverted, []string{"KeyIssuer.NoAttributes(requester=" + w.addrs["researcher"] + ")"}, "key", "request", "--as", w.dirs["researcher"])
}
