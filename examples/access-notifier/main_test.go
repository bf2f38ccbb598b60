package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/demo"
	"github.com/emrchain/emrchain/indexer/api"
	"github.com/emrchain/emrchain/indexer/auth"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/indexer/webhook"
	"github.com/emrchain/emrchain/simulated"
)

// syncBuffer is a bytes.Buffer safe for the receiver and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestNotifierOnTheDemo runs the example against a whole in-process system whose indexer serves
// sign-in and webhooks, plays the demo story, and expects one line per access fulfilment on the
// patient's timeline, exactly as the timeline records it.
func TestNotifierOnTheDemo(t *testing.T) {
	ctx := context.Background()
	sys, err := simulated.StartSystem(ctx, simulated.SystemConfig{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close(context.Background()) })

	// The indexer's API with the push component mounted beside it, as the indexer serves them.
	authority, err := auth.New(auth.Config{Domain: "indexer.test"})
	if err != nil {
		t.Fatal(err)
	}
	push, err := webhook.New(webhook.PushConfig{
		Client: sys.Chain.Client, Manifest: sys.Manifest, Path: filepath.Join(t.TempDir(), "outbox.db"),
		Auth: authority, PollInterval: 50 * time.Millisecond, Log: zerolog.Nop(),
		Policy: webhook.Policy{AllowLoopback: true}, // as the devnet's indexer: the receiver is on loopback
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := push.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { push.Stop(context.Background()) })
	mux := http.NewServeMux()
	mux.Handle("/", api.New(api.Config{Store: sys.Indexer.Store(), Auth: authority, Log: zerolog.Nop()}))
	for _, route := range webhook.Routes {
		mux.Handle(route, push.Handler())
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	var out, logs syncBuffer
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	// Only an enrolled patient may subscribe, so the example starts once the story's first step
	// has enrolled everyone, and the story waits for its webhook before going on.
	started := false
	watch := func(*demo.Step) {
		if started {
			return
		}
		started = true
		go func() {
			done <- Run(runCtx, Config{Indexer: srv.URL, Key: sys.Identity("patient").Key, Listen: "127.0.0.1:0", Out: &out, Log: &logs})
		}()
		waitFor(t, "the webhook to be registered", func() bool { return strings.Contains(logs.String(), "watching reads") })
	}
	if _, err := demo.OnSystem(ctx, sys, watch); err != nil {
		t.Fatal(err)
	}
	entries, err := sys.Timeline(ctx, sys.Identity("patient").Address())
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range entries {
		if e.Action == timeline.AccessFulfilled {
			want = append(want, fmt.Sprintf("%s: provider %s read record %s v%d (access %d)",
				e.Time.Format(time.RFC3339), sys.Identity("doctor-b").Address().Hex(), e.Record.Hex(), e.Version, e.AccessID))
		}
	}
	if len(want) == 0 || strings.Contains(want[0], "0x0000000000000000000000000000000000000000000000000000000000000000") {
		t.Fatalf("the demo's timeline has no resolved access fulfilment: %v", want)
	}
	waitFor(t, "a notice for every access fulfilment", func() bool {
		return strings.Count(out.String(), "read record") >= len(want)
	})
	if got := strings.Split(strings.TrimSpace(out.String()), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("notices:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(logs.String(), "rejected") {
		t.Fatalf("a delivery failed verification:\n%s", logs.String())
	}

	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// The example removed its webhook on the way out.
	ix := &indexer{base: srv.URL, key: sys.Identity("patient").Key, http: http.DefaultClient}
	tok, err := ix.signIn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Webhooks []json.RawMessage }
	if err := ix.call(ctx, http.MethodGet, "/v1/webhooks", tok, nil, http.StatusOK, &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Webhooks) != 0 {
		t.Fatalf("webhooks left behind: %s", list.Webhooks)
	}
}

func TestReceiverRejectsForgeriesAndDuplicates(t *testing.T) {
	var out, logs syncBuffer
	r := &receiver{secret: []byte("whsec_test"), out: &out, log: &logs, seen: map[string]bool{}, printed: map[string]bool{}}
	srv := httptest.NewServer(r)
	defer srv.Close()
	body := []byte(`{"kind":"timeline.entry","key":"0xab:1","action":"access-fulfilled",` +
		`"entry":{"patient":"0x0000000000000000000000000000000000000001","time":"2026-11-21T10:00:00Z","blockNumber":9,` +
		`"blockHash":"0x00000000000000000000000000000000000000000000000000000000000000ab","txHash":"0x00000000000000000000000000000000000000000000000000000000000000cd",` +
		`"logIndex":1,"contract":"0x0000000000000000000000000000000000000002","action":"access-fulfilled",` +
		`"counterpart":"0x0000000000000000000000000000000000000003","counterpartRole":"provider",` +
		`"record":"0x00000000000000000000000000000000000000000000000000000000000000ef","version":2,"accessId":3,"outcome":"success"}}`)
	post := func(secret string, at time.Time, key string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/hook", bytes.NewReader(body))
		req.Header.Set(webhook.HeaderSignature, webhook.Sign([]byte(secret), at, body))
		req.Header.Set(webhook.HeaderIdempotency, key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	now := time.Now()
	for _, c := range []struct {
		name   string
		secret string
		at     time.Time
		key    string
		status int
	}{
		{"wrong secret", "whsec_other", now, "0xab:1", http.StatusUnauthorized},
		{"stale", "whsec_test", now.Add(-10 * time.Minute), "0xab:1", http.StatusUnauthorized},
		{"key header differs from the body", "whsec_test", now, "0xab:2", http.StatusBadRequest},
		{"good", "whsec_test", now, "0xab:1", http.StatusNoContent},
		{"retry", "whsec_test", now.Add(time.Second), "0xab:1", http.StatusNoContent},
	} {
		if got := post(c.secret, c.at, c.key); got != c.status {
			t.Errorf("%s: %d, want %d", c.name, got, c.status)
		}
	}
	want := "2026-11-21T10:00:00Z: provider 0x0000000000000000000000000000000000000003 read record " +
		"0x00000000000000000000000000000000000000000000000000000000000000ef v2 (access 3)\n"
	if out.String() != want {
		t.Fatalf("printed %q, want the one notice %q", out.String(), want)
	}
	// A reorg takes the notice back.
	r.handle(webhook.Payload{Kind: webhook.KindReorg, Key: "reorg:x:y", CommonAncestor: &webhook.Block{Number: 8}, Removed: []string{"0xab:1"}})
	if !strings.Contains(out.String(), "withdrawn: the read notified as 0xab:1") {
		t.Fatalf("no withdrawal in %q", out.String())
	}
}
