package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/simulated"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) lines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Split(strings.TrimSpace(s.b.String()), "\n")
}

// TestEventsWatch streams decoded events from a devnet over WebSocket, filtered by event and
// patient, and resumes from its checkpoint without repeating anything.
func TestEventsWatch(t *testing.T) {
	e := newCLIEnv(t)
	e.startDevnet("admin")
	ctx := context.Background()
	admin := simulated.DevAccount("admin")
	m, err := deploy.Deploy(ctx, e.devnet.Client, admin.Opts(e.devnet.ChainID), admin.Address)
	if err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(t.TempDir(), "manifest.json")
	if err := deploy.WriteManifest(manifest, m); err != nil {
		t.Fatal(err)
	}
	env := &client.Env{Backend: e.devnet.Client, Set: contracts.Bind(e.devnet.Client, m.Addresses()), ChainID: e.devnet.ChainID}
	registrar := &client.Identity{Name: "admin", Key: admin.Key}
	enroll := func(name string, role uint8) *client.Identity {
		id, err := client.NewIdentity(name, simulated.DevAccount("events/"+name).Key, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Enroll(ctx, registrar, client.EnrollmentOf(id, role, "", name)); err != nil {
			t.Fatal(err)
		}
		return id
	}
	cp := filepath.Join(t.TempDir(), "events.cp")
	watch := func(patient string, want int) []map[string]any {
		t.Helper()
		wctx, cancel := context.WithCancel(ctx)
		out := &syncBuffer{}
		done := make(chan int, 1)
		go func() {
			done <- run(wctx, []string{"emrchain", "events", "watch", "--rpc-url", e.devnet.WSURL, "--manifest", manifest,
				"--event", "ParticipantEnrolled", "--patient", patient, "--checkpoint", cp, "--log-level", "error"}, out, &bytes.Buffer{})
		}()
		deadline := time.Now().Add(20 * time.Second)
		for {
			if l := out.lines(); len(l) >= want && l[0] != "" {
				break
			}
			if time.Now().After(deadline) {
				cancel()
				t.Fatalf("no events streamed: %q", out.lines())
			}
			time.Sleep(20 * time.Millisecond)
		}
		// Let a poll pass so anything extra would show up, then stop.
		time.Sleep(300 * time.Millisecond)
		cancel()
		if code := <-done; code != 0 {
			t.Fatalf("events watch exited %d", code)
		}
		var recs []map[string]any
		for _, l := range out.lines() {
			var r map[string]any
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatalf("not NDJSON: %q", l)
			}
			recs = append(recs, r)
		}
		return recs
	}

	p1 := enroll("patient-1", client.RolePatient)
	enroll("doctor", client.RoleProvider)
	recs := watch(p1.Address().Hex(), 1)
	if len(recs) != 1 || recs[0]["event"] != "ParticipantEnrolled" || recs[0]["type"] != "event" {
		t.Fatalf("first run: %v", recs)
	}
	p2 := enroll("patient-2", client.RolePatient)
	recs = watch(p2.Address().Hex(), 1)
	if len(recs) != 1 || !strings.EqualFold(recs[0]["fields"].(map[string]any)["account"].(string), p2.Address().Hex()) {
		t.Fatalf("resumed run: %v", recs)
	}
}

func TestEventsWatchRejectsUnknownEvent(t *testing.T) {
	e := newCLIEnv(t)
	e.fails(2, []string{"unknown event AccessGrantd"}, "events", "watch", "--event", "AccessGrantd")
}
