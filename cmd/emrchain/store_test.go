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
	"time"

	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/storage/embedded"
	"github.com/emrchain/emrchain/storage/remote"
)

// lockedBuffer is a bytes.Buffer safe to read while a command writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestAccessGetDoesNotHoldTheStoreFromTheOracle starts `access get` while the only member of
// a 1-of-1 committee is down: the command waits on the chain for an answer, and the member's
// `oracle run` starting meanwhile must get the embedded store (which a command used to hold for
// its whole run, so the oracle refused to start and the command waited out its timeout).
func TestAccessGetDoesNotHoldTheStoreFromTheOracle(t *testing.T) {
	w := newFlowWorld(t)
	e := w.cliEnv
	keyDir := e.path("proxy-keys")
	info := e.okJSON("oracle", "init", "--role", "proxy", "--dir", keyDir, "--light", "--dev-account", proxyNames[0])
	proxyAddr := str(t, info, "address")
	e.ok("participant", "enroll", "--as", w.dirs["admin"], "--address", proxyAddr, "--transport-key", str(t, info, "transportKey"), "--role", "proxy")

	// The member runs through its committee's key generation, then stops.
	stop := w.runOracle(keyDir)
	committee := fmt.Sprint(num(t, e.okJSON("committee", "create", "--as", w.dirs["admin"], "--members", proxyAddr, "--threshold", "1", "--phase-blocks", "10"), "committee"))
	deadline := time.Now().Add(2 * time.Minute)
	for e.okJSON("committee", "show", "--committee", committee)["status"] != "active" {
		if time.Now().After(deadline) {
			t.Fatalf("committee %s did not become active", committee)
		}
		time.Sleep(200 * time.Millisecond)
	}
	stop()

	const content = "discharge letter"
	id := str(t, e.okJSON("record", "put", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"], "--file", w.writeFile("letter", content),
		"--patient-identity", w.dirs["patient"], "--yes"), "recordId")
	req := num(t, e.okJSON("access", "request", "--as", w.dirs["insurer"], "--record", id, "--purpose", "payment"), "requestId")
	e.ok("access", "grant", "--as", w.dirs["patient"], "--request", fmt.Sprint(req))

	out := w.path("letter.read")
	var stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		args := []string{"emrchain", "--rpc-url", e.rpcURL, "--data-dir", e.dataDir, "--password-file", e.password, "--log-level", "info",
			"access", "get", "--as", w.dirs["insurer"], "--request", fmt.Sprint(req), "--out", out, "--timeout", "90s"}
		done <- run(context.Background(), args, &bytes.Buffer{}, &stderr)
	}()
	deadline = time.Now().Add(time.Minute)
	for !strings.Contains(stderr.String(), "waiting for the proxy committee") {
		if time.Now().After(deadline) {
			t.Fatalf("access get never reached its wait:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	w.runOracle(keyDir)
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("access get: exit %d\n%s", code, stderr.String())
		}
	case <-time.After(80 * time.Second):
		t.Fatalf("access get was not answered:\n%s", stderr.String())
	}
	w.checkFile(out, content)
}

// TestSharedStoreWaitsForACommandsTransfer holds the store as another command's transfer would:
// an operation waits for it rather than failing, and proceeds once it is released.
func TestSharedStoreWaitsForACommandsTransfer(t *testing.T) {
	dir := t.TempDir()
	holder, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := newSharedStore(dir, zerolog.Nop())
	done := make(chan error, 1)
	go func() {
		_, err := s.Put(context.Background(), strings.NewReader("a sealed record"))
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("Put did not wait for the holder: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	holder.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Put still waiting after the holder released the store")
	}
	// Released after the operation: the next process can open it.
	again, err := embedded.Open(dir)
	if err != nil {
		t.Fatalf("the store is still held after Put: %v", err)
	}
	again.Close()
}

// TestSharedStoreIgnoresADeadServer leaves an endpoint file naming a server that is gone (its
// process killed) while a command holds the store: the operation waits for the holder, and says
// which process that is when it gives up.
func TestSharedStoreIgnoresADeadServer(t *testing.T) {
	dir := t.TempDir()
	holder, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if err := os.WriteFile(filepath.Join(dir, remote.EndpointFile), []byte("http://127.0.0.1:1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := newSharedStore(dir, zerolog.Nop())
	s.wait = 300 * time.Millisecond
	_, err = s.Put(context.Background(), strings.NewReader("x"))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("process %d", os.Getpid())) || !strings.Contains(err.Error(), "--ipfs") {
		t.Fatalf("Put with the store held and a dead server: %v, want an error naming this process and --ipfs", err)
	}
}
