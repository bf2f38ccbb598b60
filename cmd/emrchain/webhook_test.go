package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emrchain/emrchain/indexer/webhook"
	"github.com/emrchain/emrchain/simulated"
)

// A patient registers a webhook from the CLI, receives a signed delivery, sees it in the list
// and removes it; internal addresses and someone else's organisation are refused.
func TestWebhookCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	sys, err := simulated.StartSystem(ctx, simulated.SystemConfig{DataDir: filepath.Join(dir, "sys")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close(context.Background()) })
	if _, err := sys.EnrollCast(ctx); err != nil {
		t.Fatal(err)
	}
	ids, err := writeDevIdentities(filepath.Join(dir, "sys"), sys)
	if err != nil {
		t.Fatal(err)
	}
	e := newCLIEnv(t)
	if err := os.WriteFile(e.password, []byte(devnetPassphrase+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	indexer := "http://" + sys.Indexer.Addr()

	var mu sync.Mutex
	var got []*http.Request
	var bodies [][]byte
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got, bodies = append(got, r), append(bodies, b)
		mu.Unlock()
	}))
	defer recv.Close()

	added := e.okJSON("webhook", "add", "--as", ids["patient"], "--indexer", indexer, "--url", recv.URL+"/hook", "--action", "suspended")
	id, secret := str(t, added, "id"), str(t, added, "secret")
	if added["patient"] != sys.Identity("patient").Address().Hex() {
		t.Fatalf("webhook add: %v", added)
	}
	e.fails(1, []string{"webhooks reach only public addresses"}, "webhook", "add", "--as", ids["patient"], "--indexer", indexer, "--url", "https://169.254.169.254/latest/meta-data/")
	e.fails(1, []string{"only the Registry's admin"}, "webhook", "add", "--as", ids["patient"], "--indexer", indexer, "--url", recv.URL, "--org", "hospital-a")
	e.fails(2, []string{"missing --url"}, "webhook", "add", "--as", ids["patient"], "--indexer", indexer)
	// Another's timeline is for her guardians with the timeline scope only (e2e/breakglass_test.go
	// has a guardian's webhook hear of a break-glass session).
	patient := sys.Identity("patient").Address().Hex()
	e.fails(1, []string{"only the patient, or a guardian with the timeline scope"}, "webhook", "add", "--as", ids["doctor-b"], "--indexer", indexer,
		"--url", recv.URL, "--patient", patient)
	e.fails(2, []string{"--patient and --org are exclusive"}, "webhook", "add", "--as", ids["patient"], "--indexer", indexer, "--url", recv.URL,
		"--patient", patient, "--org", "hospital-a")
	e.fails(2, []string{`bad --patient "nobody"`}, "webhook", "add", "--as", ids["patient"], "--indexer", indexer, "--url", recv.URL, "--patient", "nobody")

	if _, err := sys.Env.Suspend(ctx, sys.Identities["admin"], sys.Identity("patient").Address()); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no delivery")
		}
		time.Sleep(50 * time.Millisecond)
	}
	mu.Lock()
	if err := webhook.Verify([]byte(secret), got[0].Header.Get(webhook.HeaderSignature), bodies[0], time.Now()); err != nil || !strings.Contains(string(bodies[0]), `"suspended"`) {
		t.Fatalf("delivery %s: %v", bodies[0], err)
	}
	mu.Unlock()

	list := e.ok("webhook", "list", "--as", ids["patient"], "--indexer", indexer).stdout
	if !strings.Contains(list, id) || !strings.Contains(list, "delivered 1") {
		t.Fatalf("webhook list:\n%s", list)
	}
	e.ok("webhook", "dead-letters", "--as", ids["patient"], "--indexer", indexer, id)
	e.fails(1, []string{"not found"}, "webhook", "remove", "--as", ids["doctor-a"], "--indexer", indexer, id)
	e.ok("webhook", "remove", "--as", ids["patient"], "--indexer", indexer, id)
	if list := e.ok("webhook", "list", "--as", ids["patient"], "--indexer", indexer).stdout; !strings.Contains(list, "no webhooks") {
		t.Fatalf("after remove:\n%s", list)
	}
}
