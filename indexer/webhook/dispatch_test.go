package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/indexer/webhook"
)

var actions = []string{"access-fulfilled", "access-granted"}

// dev is the policy of a development indexer: the tests' receivers listen on loopback.
var dev = webhook.Policy{AllowLoopback: true}

type receiver struct {
	mu     sync.Mutex
	secret []byte
	keys   []string
	fail   int           // answer 500 to this many requests first
	block  chan struct{} // when set, hold every request until closed
	srv    *httptest.Server
	badSig int
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if r.block != nil {
			select {
			case <-r.block:
			case <-req.Context().Done():
				return
			}
		}
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		if err := webhook.Verify(r.secret, req.Header.Get(webhook.HeaderSignature), body, time.Now()); err != nil {
			r.badSig++
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		if r.fail > 0 {
			r.fail--
			http.Error(w, "try later", http.StatusInternalServerError)
			return
		}
		r.keys = append(r.keys, req.Header.Get(webhook.HeaderIdempotency))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.keys...)
}

func note(patient common.Address, i int) webhook.Notification {
	body, _ := json.Marshal(map[string]any{"kind": webhook.KindEntry, "action": "access-fulfilled", "n": i})
	return webhook.Notification{Key: fmt.Sprintf("0xblock:%d", i), Kind: webhook.KindEntry, Patient: patient, Action: "access-fulfilled", Body: body}
}

func subscribe(t *testing.T, o *webhook.Outbox, r *receiver, patient common.Address) *webhook.Subscription {
	t.Helper()
	s, err := o.Subscribe(context.Background(), webhook.Subscription{URL: r.srv.URL, Owner: patient, Patient: &patient}, actions)
	if err != nil {
		t.Fatal(err)
	}
	r.secret = []byte(s.Secret)
	return s
}

func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func start(t *testing.T, o *webhook.Outbox, maxAttempts int) (*webhook.Dispatcher, context.CancelFunc) {
	d := &webhook.Dispatcher{Outbox: o, Policy: dev, MaxAttempts: maxAttempts, BaseBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, Poll: 10 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = d.Run(ctx) }()
	return d, func() { cancel(); <-done }
}

func TestSlowSubscriberDoesNotDelayOthers(t *testing.T) {
	ctx := context.Background()
	o, err := webhook.OpenOutbox(filepath.Join(t.TempDir(), "outbox.db"), dev)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	alice, bob := common.Address{1}, common.Address{2}
	slow, fast := newReceiver(t), newReceiver(t)
	slow.block = make(chan struct{})
	subscribe(t, o, slow, alice)
	subscribe(t, o, fast, bob)
	var notes []webhook.Notification
	for i := 0; i < 5; i++ {
		notes = append(notes, note(alice, i), note(bob, 100+i))
	}
	if err := o.Fanout(ctx, notes, "cursor-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	_, stop := start(t, o, 8)
	defer stop()
	// Bob's endpoint gets everything while Alice's is still stuck on its first request.
	waitFor(t, "fast subscriber", func() bool { return len(fast.got()) == 5 })
	if n := len(slow.got()); n != 0 {
		t.Fatalf("slow subscriber already has %d", n)
	}
	close(slow.block)
	waitFor(t, "slow subscriber", func() bool { return len(slow.got()) == 5 })
}

func TestRetriesKeepIdempotencyKeyAndDeadLetter(t *testing.T) {
	ctx := context.Background()
	o, err := webhook.OpenOutbox(filepath.Join(t.TempDir(), "outbox.db"), dev)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	p := common.Address{3}
	flaky := newReceiver(t)
	flaky.fail = 2
	s := subscribe(t, o, flaky, p)
	if err := o.Fanout(ctx, []webhook.Notification{note(p, 1)}, "c", time.Now()); err != nil {
		t.Fatal(err)
	}
	_, stop := start(t, o, 3)
	waitFor(t, "delivery after retries", func() bool { return len(flaky.got()) == 1 })
	if got := flaky.got()[0]; got != "0xblock:1" {
		t.Fatalf("idempotency key %q", got)
	}
	stop()

	// An endpoint that never answers 2xx ends in the dead-letter list, and can be replayed.
	flaky.fail = 1000
	if err := o.Fanout(ctx, []webhook.Notification{note(p, 2)}, "c2", time.Now()); err != nil {
		t.Fatal(err)
	}
	_, stop = start(t, o, 3)
	waitFor(t, "dead letter", func() bool { dl, _ := o.DeadLetters(ctx, s.ID); return len(dl) == 1 })
	stop()
	dl, _ := o.DeadLetters(ctx, s.ID)
	if dl[0].Attempts != 3 || dl[0].LastError == "" {
		t.Fatalf("dead letter: %+v", dl[0])
	}
	flaky.fail = 0
	if err := o.Replay(ctx, s.ID, dl[0].ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	_, stop = start(t, o, 3)
	defer stop()
	waitFor(t, "replayed delivery", func() bool { return len(flaky.got()) == 2 })
	if flaky.badSig != 0 {
		t.Fatalf("%d deliveries failed signature verification", flaky.badSig)
	}
}

func TestRestartDeliversPendingAndFanoutIsIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "outbox.db")
	o, err := webhook.OpenOutbox(path, dev)
	if err != nil {
		t.Fatal(err)
	}
	p := common.Address{4}
	r := newReceiver(t)
	subscribe(t, o, r, p)
	notes := []webhook.Notification{note(p, 1), note(p, 2)}
	if err := o.Fanout(ctx, notes, "c1", time.Now()); err != nil {
		t.Fatal(err)
	}
	// The same notifications again (a crash before the cursor moved) queue nothing new.
	if err := o.Fanout(ctx, notes, "c1", time.Now()); err != nil {
		t.Fatal(err)
	}
	if n, _ := o.Pending(ctx); n != 2 {
		t.Fatalf("pending %d, want 2", n)
	}
	o.Close()

	o, err = webhook.OpenOutbox(path, dev)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if c, _ := o.Cursor(ctx); c != "c1" {
		t.Fatalf("cursor after restart %q", c)
	}
	_, stop := start(t, o, 8)
	defer stop()
	waitFor(t, "deliveries after restart", func() bool { return len(r.got()) == 2 })
}

func TestUnreachableEndpointNeverBlocksFanout(t *testing.T) {
	ctx := context.Background()
	o, err := webhook.OpenOutbox(filepath.Join(t.TempDir(), "outbox.db"), dev)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	p := common.Address{5}
	dead := httptest.NewServer(http.NotFoundHandler())
	url := dead.URL
	dead.Close()
	if _, err := o.Subscribe(ctx, webhook.Subscription{URL: url, Owner: p, Patient: &p}, actions); err != nil {
		t.Fatal(err)
	}
	_, stop := start(t, o, 100)
	defer stop()
	for i := 0; i < 50; i++ {
		if err := o.Fanout(ctx, []webhook.Notification{note(p, i)}, fmt.Sprint(i), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := o.Pending(ctx); n != 50 {
		t.Fatalf("pending %d, want 50 queued despite the dead endpoint", n)
	}
}

func TestBadSubscriptionInput(t *testing.T) {
	ctx := context.Background()
	o, err := webhook.OpenOutbox(filepath.Join(t.TempDir(), "outbox.db"), dev)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	p := common.Address{6}
	for _, s := range []webhook.Subscription{
		{URL: "http://example.com/hook", Owner: p, Patient: &p},
		{URL: "ftp://127.0.0.1/x", Owner: p, Patient: &p},
		{URL: "https://example.com/hook", Owner: p, Patient: &p, Actions: []string{"access-fulfiled"}},
		{URL: "https://example.com/hook", Owner: p},
	} {
		if _, err := o.Subscribe(ctx, s, actions); !errors.Is(err, webhook.ErrInvalid) {
			t.Errorf("%+v: got %v, want ErrInvalid", s, err)
		}
	}
	if _, err := o.Subscribe(ctx, webhook.Subscription{URL: "https://hooks.example.org/emr", Owner: p, Patient: &p}, actions); err != nil {
		t.Fatalf("https elsewhere must be accepted: %v", err)
	}
}
