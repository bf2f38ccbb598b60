package webhook_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/gorilla/websocket"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/auth"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/indexer/webhook"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/simulated"
)

// world is a chain with the contracts deployed, a few enrolled participants, the indexer's
// sign-in authority and a Push serving its API.
type world struct {
	chain *simulated.Chain
	env   *client.Env
	m     *deploy.Manifest
	admin *client.Identity
	ids   map[string]*client.Identity
	auth  *auth.Authority
	skew  atomic.Int64 // added to the sign-in authority's clock, to expire tokens
	path  string
	push  *webhook.Push
	api   atomic.Pointer[http.Handler] // swapped when the Push is restarted
	srv   *httptest.Server
	// authorized tracks requesters each patient has authorized, so activity alternates.
	authorized map[[2]common.Address]bool
}

var cast = []struct {
	name string
	role uint8
	org  string
}{
	{"alice", client.RolePatient, ""},
	{"bob", client.RolePatient, ""},
	{"insurer", client.RoleRequester, "acme-insurance"},
	{"lab", client.RoleRequester, "university-lab"},
}

func newWorld(t testing.TB, tune func(*webhook.PushConfig)) *world {
	t.Helper()
	ctx := context.Background()
	admin := simulated.DevAccount("push/admin")
	accounts := []simulated.Account{admin}
	for _, c := range cast {
		accounts = append(accounts, simulated.DevAccount("push/"+c.name))
	}
	chain := simulated.NewChain(accounts)
	t.Cleanup(func() { chain.Close() })
	m, err := deploy.Deploy(ctx, chain.Client, admin.Opts(chain.ChainID), admin.Address)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{
		chain: chain, m: m, ids: map[string]*client.Identity{},
		env:        &client.Env{Backend: chain.Client, Set: contracts.Bind(chain.Client, m.Addresses()), ChainID: chain.ChainID},
		admin:      &client.Identity{Name: "admin", Key: admin.Key},
		path:       filepath.Join(t.TempDir(), "outbox.db"),
		authorized: map[[2]common.Address]bool{},
	}
	a, err := auth.New(auth.Config{Domain: "push.test", Now: func() time.Time { return time.Now().Add(time.Duration(w.skew.Load())) }})
	if err != nil {
		t.Fatal(err)
	}
	w.auth = a
	for _, c := range cast {
		id := &client.Identity{Name: c.name, Key: simulated.DevAccount("push/" + c.name).Key}
		if _, err := w.env.Enroll(ctx, w.admin, client.EnrollmentOf(id, c.role, c.org, c.name)); err != nil {
			t.Fatal(err)
		}
		w.ids[c.name] = id
	}
	w.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		(*w.api.Load()).ServeHTTP(rw, r)
	}))
	t.Cleanup(w.srv.Close)
	w.start(t, tune)
	t.Cleanup(func() { w.stop(t) })
	// Subscriptions hear of what is taken in after they are made; start from a quiet chain.
	w.caughtUp(t)
	return w
}

// start starts a Push on the world's outbox.
func (w *world) start(t testing.TB, tune func(*webhook.PushConfig)) {
	t.Helper()
	cfg := webhook.PushConfig{
		Client: w.chain.Client, Manifest: w.m, Path: w.path, Auth: w.auth, Admins: []common.Address{w.admin.Address()},
		Policy:       webhook.Policy{AllowLoopback: true}, // the tests' endpoints listen on loopback
		PollInterval: 50 * time.Millisecond, BaseBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
		Log: zerolog.Nop(),
	}
	if tune != nil {
		tune(&cfg)
	}
	p, err := webhook.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := p.Handler()
	w.api.Store(&h)
	w.push = p
}

func (w *world) stop(t testing.TB) {
	t.Helper()
	if w.push == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := w.push.Stop(ctx); err != nil {
		t.Errorf("stop: %v", err)
	}
	w.push = nil
}

func (w *world) token(t testing.TB, id *client.Identity) string {
	t.Helper()
	c, err := w.auth.Challenge(id.Address())
	if err != nil {
		t.Fatal(err)
	}
	sig, err := auth.Sign(id.Key, c.Message)
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := w.auth.Token(id.Address(), c.Nonce, sig)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// do sends a JSON request to the Push API and returns the status and the decoded body.
func (w *world) do(t testing.TB, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, w.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: answer is not JSON: %q", method, path, raw)
		}
	}
	return resp.StatusCode, out
}

// subscribe registers e for body as the holder of token and gives e the secret.
func (w *world) subscribe(t *testing.T, token string, e *endpoint, body map[string]any) string {
	t.Helper()
	body["url"] = e.srv.URL
	status, resp := w.do(t, http.MethodPost, "/v1/webhooks", token, body)
	if status != http.StatusCreated {
		t.Fatalf("subscribe: %d %v", status, resp)
	}
	secret, _ := resp["secret"].(string)
	if !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("no secret in %v", resp)
	}
	e.setSecret(secret)
	return resp["id"].(string)
}

// activity puts n entries on patient's timeline, alternately authorizing and withdrawing
// requester's search access, and returns their idempotency keys in chain order.
func (w *world) activity(t *testing.T, patient *client.Identity, requester common.Address, n int) []string {
	t.Helper()
	ctx := context.Background()
	var keys []string
	for i := 0; i < n; i++ {
		pair := [2]common.Address{patient.Address(), requester}
		// Withdrawing is sent as it is, without the index key of the next epoch the client would
		// deal: only the entries matter here.
		index := w.env.Set.Index
		data := index.ABI.PackAddRequester(requester)
		if w.authorized[pair] {
			data = index.ABI.PackRemoveRequester(requester)
		}
		rcpt, err := contracts.Send(ctx, w.chain.Client, bind.NewKeyedTransactor(patient.Key, w.chain.ChainID), index.BoundContract, data)
		if err != nil {
			t.Fatal(err)
		}
		w.authorized[pair] = !w.authorized[pair]
		for _, l := range rcpt.Logs {
			keys = append(keys, fmt.Sprintf("%s:%d", l.BlockHash.Hex(), l.Index))
		}
	}
	return keys
}

// caughtUp waits until the Push's notifier has taken in the chain's head.
func (w *world) caughtUp(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	head, err := w.chain.Client.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, fmt.Sprintf("notifier at block %d", head), func() bool {
		c, ok, err := w.push.Cursor(ctx)
		return err == nil && ok && c.Number >= head
	})
}

// delivery is one webhook request an endpoint accepted.
type delivery struct {
	key, kind string
	body      []byte
	payload   webhook.Payload
}

// endpoint is an integrator's receiver: it verifies every request's signature and timestamp
// and records what it accepted.
type endpoint struct {
	mu        sync.Mutex
	secret    []byte
	got       []delivery
	attempts  int
	badSig    int
	failing   bool // answer 500
	hold      bool // requests after holdAfter acceptances wait for release
	holdAfter int
	release   chan struct{} // closed to let held requests through
	srv       *httptest.Server
}

func newEndpoint(t *testing.T) *endpoint {
	e := &endpoint{release: make(chan struct{})}
	e.srv = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.srv.Close)
	return e
}

func (e *endpoint) serve(rw http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	e.mu.Lock()
	e.attempts++
	hold := e.hold && len(e.got) >= e.holdAfter
	e.mu.Unlock()
	if hold {
		select {
		case <-e.release:
		case <-r.Context().Done():
			return
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := webhook.Verify(e.secret, r.Header.Get(webhook.HeaderSignature), body, time.Now()); err != nil {
		e.badSig++
		http.Error(rw, err.Error(), http.StatusUnauthorized)
		return
	}
	if e.failing {
		http.Error(rw, "down for maintenance", http.StatusInternalServerError)
		return
	}
	d := delivery{key: r.Header.Get(webhook.HeaderIdempotency), kind: r.Header.Get(webhook.HeaderKind), body: body}
	if err := json.Unmarshal(body, &d.payload); err != nil {
		http.Error(rw, err.Error(), http.StatusBadRequest)
		return
	}
	e.got = append(e.got, d)
}

func (e *endpoint) setSecret(s string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.secret = []byte(s)
}

func (e *endpoint) setFailing(v bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failing = v
}

func (e *endpoint) deliveries() []delivery {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]delivery(nil), e.got...)
}

// keys returns the distinct idempotency keys of entries received, in first-arrival order.
func (e *endpoint) keys(kind string) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range e.deliveries() {
		if d.kind == kind && !seen[d.key] {
			seen[d.key] = true
			out = append(out, d.key)
		}
	}
	return out
}

func (e *endpoint) has(keys ...string) bool {
	got := map[string]bool{}
	for _, d := range e.deliveries() {
		got[d.key] = true
	}
	for _, k := range keys {
		if !got[k] {
			return false
		}
	}
	return true
}

func sameKeys(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("%s: got keys\n%v\nwant\n%v", what, got, want)
	}
}

func TestPushDeliversSignedEntries(t *testing.T) {
	w := newWorld(t, nil)
	alice, insurer := w.ids["alice"], w.ids["insurer"]
	e := newEndpoint(t)
	w.subscribe(t, w.token(t, alice), e, map[string]any{"patient": alice.Address().Hex()})

	keys := w.activity(t, alice, insurer.Address(), 3)
	waitFor(t, "three signed deliveries", func() bool { return e.has(keys...) })
	if e.badSig != 0 {
		t.Fatalf("%d deliveries failed verification", e.badSig)
	}
	sameKeys(t, "entries", e.keys(webhook.KindEntry), keys)
	for i, d := range e.deliveries() {
		p := d.payload
		if p.Kind != webhook.KindEntry || p.Key != d.key || p.Patient == nil || *p.Patient != alice.Address() {
			t.Fatalf("delivery %d: %+v", i, p)
		}
		wantAction, wantEvent := "requester-added", "RequesterAdded"
		if i%2 == 1 {
			wantAction, wantEvent = "requester-removed", "RequesterRemoved"
		}
		if p.Action != wantAction || p.Event == nil || p.Event.Name != wantEvent || p.Entry == nil {
			t.Fatalf("delivery %d: action %q event %+v", i, p.Action, p.Event)
		}
		// The entry is resolved as the indexer resolves it: the requester's role from its enrolment.
		if p.Entry.Counterpart != insurer.Address() || p.Entry.CounterpartRole.String() != "requester" || p.Entry.Time.IsZero() {
			t.Fatalf("delivery %d: entry %+v", i, p.Entry)
		}
	}
}

func TestPushActionFilterAndOrgSubscription(t *testing.T) {
	w := newWorld(t, nil)
	alice, insurer, lab := w.ids["alice"], w.ids["insurer"], w.ids["lab"]
	removals, acme := newEndpoint(t), newEndpoint(t)
	w.subscribe(t, w.token(t, alice), removals, map[string]any{"patient": alice.Address().Hex(), "actions": []string{"requester-removed"}})
	org := common.Hash(client.OrgID("acme-insurance")).Hex()
	w.subscribe(t, w.token(t, w.admin), acme, map[string]any{"org": org})

	labKeys := w.activity(t, alice, lab.Address(), 2)         // added, removed: not acme's business
	insurerKeys := w.activity(t, alice, insurer.Address(), 2) // added, removed
	waitFor(t, "org delivery", func() bool { return acme.has(insurerKeys...) })
	waitFor(t, "filtered delivery", func() bool { return removals.has(insurerKeys[1]) })
	w.caughtUp(t)
	sameKeys(t, "organisation subscription", acme.keys(webhook.KindEntry), insurerKeys)
	sameKeys(t, "action filter", removals.keys(webhook.KindEntry), []string{labKeys[1], insurerKeys[1]})
}

func TestPushRestartLosesNothing(t *testing.T) {
	w := newWorld(t, nil)
	alice, insurer := w.ids["alice"], w.ids["insurer"]
	e := newEndpoint(t)
	e.hold, e.holdAfter = true, 2 // the third request hangs until the Push is stopped under it
	w.subscribe(t, w.token(t, alice), e, map[string]any{"patient": alice.Address().Hex()})

	before := w.activity(t, alice, insurer.Address(), 5)
	waitFor(t, "a delivery on the wire", func() bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		return e.attempts > 2
	})
	w.stop(t)
	// The chain moves on while the Push is down.
	during := w.activity(t, alice, insurer.Address(), 4)
	close(e.release)
	w.start(t, nil)
	after := w.activity(t, alice, insurer.Address(), 2)

	all := append(append(append([]string{}, before...), during...), after...)
	waitFor(t, "every entry after the restart", func() bool { return e.has(all...) })
	w.caughtUp(t)
	sameKeys(t, "entries across a restart", e.keys(webhook.KindEntry), all)
	// A duplicate is the same notification: same key, byte for byte the same body.
	first := map[string][]byte{}
	for _, d := range e.deliveries() {
		if d.payload.Key != d.key {
			t.Fatalf("body key %q under header key %q", d.payload.Key, d.key)
		}
		if b, ok := first[d.key]; ok && !bytes.Equal(b, d.body) {
			t.Fatalf("duplicate of %s differs:\n%s\n%s", d.key, b, d.body)
		}
		first[d.key] = d.body
	}
}

func TestPushReorgNotice(t *testing.T) {
	w := newWorld(t, nil)
	alice, insurer := w.ids["alice"], w.ids["insurer"]
	tok := w.token(t, alice)
	e := newEndpoint(t)
	w.subscribe(t, tok, e, map[string]any{"patient": alice.Address().Hex()})
	feed := dialFeed(t, w, alice.Address(), tok)

	ctx := context.Background()
	base, err := w.chain.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	doomed := w.activity(t, alice, insurer.Address(), 1)
	waitFor(t, "the entry before the reorg", func() bool { return e.has(doomed...) })
	if got := feed.nextActivity(t); got.Key != doomed[0] {
		t.Fatalf("feed: %+v, want %s", got, doomed[0])
	}
	// Replace the entry's block with a longer branch without it.
	if err := w.chain.Backend.Fork(base.Hash()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		w.chain.Backend.Commit()
	}
	var notice webhook.Payload
	waitFor(t, "a reorg notice", func() bool {
		for _, d := range e.deliveries() {
			if d.kind == webhook.KindReorg {
				notice = d.payload
				return true
			}
		}
		return false
	})
	if notice.Kind != webhook.KindReorg || notice.CommonAncestor == nil || notice.CommonAncestor.Hash != base.Hash() ||
		notice.CommonAncestor.Number != base.Number.Uint64() || !strings.HasPrefix(notice.Key, "reorg:"+base.Hash().Hex()+":") {
		t.Fatalf("notice %+v", notice)
	}
	if len(notice.Removed) != 1 || notice.Removed[0] != doomed[0] {
		t.Fatalf("notice removed %v, want %v", notice.Removed, doomed)
	}
	// The live feed says the same.
	var fromFeed webhook.Payload
	for fromFeed.Kind != webhook.KindReorg {
		fromFeed = feed.next(t)
	}
	if fromFeed.Key != notice.Key || len(fromFeed.Removed) != 1 || fromFeed.Removed[0] != doomed[0] {
		t.Fatalf("feed notice %+v", fromFeed)
	}
}

func TestPushUnreachableEndpointNeverBlocksIngestion(t *testing.T) {
	w := newWorld(t, func(c *webhook.PushConfig) { c.MaxAttempts = 1000 })
	alice, insurer := w.ids["alice"], w.ids["insurer"]
	dead := httptest.NewServer(http.NotFoundHandler())
	url := dead.URL
	dead.Close()
	tok := w.token(t, alice)
	status, resp := w.do(t, http.MethodPost, "/v1/webhooks", tok, map[string]any{"url": url, "patient": alice.Address().Hex()})
	if status != http.StatusCreated {
		t.Fatalf("subscribe: %d %v", status, resp)
	}
	stats := func() webhook.Stats {
		_, list := w.do(t, http.MethodGet, "/v1/webhooks", tok, nil)
		raw, _ := json.Marshal(list["webhooks"].([]any)[0].(map[string]any)["stats"])
		var s webhook.Stats
		_ = json.Unmarshal(raw, &s)
		return s
	}
	w.activity(t, alice, insurer.Address(), 5)
	w.caughtUp(t)
	waitFor(t, "retries", func() bool { s := stats(); return s.Attempts > s.Pending && s.LastError != "" })
	// Still failing, and the notifier keeps taking in blocks.
	w.activity(t, alice, insurer.Address(), 5)
	w.caughtUp(t)
	if s := stats(); s.Pending != 10 || s.Delivered != 0 {
		t.Fatalf("stats %+v, want 10 pending", s)
	}
}

func TestPushSlowSubscriberDoesNotSlowOthers(t *testing.T) {
	w := newWorld(t, nil)
	alice, insurer := w.ids["alice"], w.ids["insurer"]
	tok := w.token(t, alice)
	slow, fast := newEndpoint(t), newEndpoint(t)
	slow.hold = true // every request hangs until released
	w.subscribe(t, tok, slow, map[string]any{"patient": alice.Address().Hex()})
	w.subscribe(t, tok, fast, map[string]any{"patient": alice.Address().Hex()})
	feed := dialFeed(t, w, alice.Address(), tok)

	keys := w.activity(t, alice, insurer.Address(), 5)
	waitFor(t, "the fast endpoint", func() bool { return fast.has(keys...) })
	for _, k := range keys {
		if got := feed.nextActivity(t); got.Key != k {
			t.Fatalf("feed: %s, want %s", got.Key, k)
		}
	}
	if n := len(slow.deliveries()); n != 0 {
		t.Fatalf("the slow endpoint already accepted %d", n)
	}
	close(slow.release)
	waitFor(t, "the slow endpoint", func() bool { return slow.has(keys...) })
}

func TestPushDeadLettersAndReplay(t *testing.T) {
	w := newWorld(t, func(c *webhook.PushConfig) { c.MaxAttempts = 2 })
	alice, insurer := w.ids["alice"], w.ids["insurer"]
	tok := w.token(t, alice)
	e := newEndpoint(t)
	e.setFailing(true)
	id := w.subscribe(t, tok, e, map[string]any{"patient": alice.Address().Hex()})
	keys := w.activity(t, alice, insurer.Address(), 1)

	var dl map[string]any
	waitFor(t, "a dead letter", func() bool {
		status, resp := w.do(t, http.MethodGet, "/v1/webhooks/"+id+"/dead-letters", tok, nil)
		list, _ := resp["deadLetters"].([]any)
		if status != http.StatusOK || len(list) == 0 {
			return false
		}
		dl = list[0].(map[string]any)
		return true
	})
	if dl["key"] != keys[0] || dl["attempts"].(float64) != 2 || !strings.Contains(dl["lastError"].(string), "500") {
		t.Fatalf("dead letter %v", dl)
	}
	e.setFailing(false)
	path := fmt.Sprintf("/v1/webhooks/%s/dead-letters/%d/replay", id, int64(dl["id"].(float64)))
	if status, resp := w.do(t, http.MethodPost, path, tok, nil); status != http.StatusAccepted {
		t.Fatalf("replay: %d %v", status, resp)
	}
	waitFor(t, "the replayed delivery", func() bool { return e.has(keys...) })
	if status, _ := w.do(t, http.MethodPost, path, tok, nil); status != http.StatusNotFound {
		t.Fatalf("second replay of a delivered letter: %d, want 404", status)
	}
}

func TestPushRejectsBadSubscriptions(t *testing.T) {
	w := newWorld(t, nil)
	alice := w.ids["alice"].Address().Hex()
	tok := w.token(t, w.ids["alice"])
	org := common.Hash(client.OrgID("acme-insurance")).Hex()
	for _, c := range []struct {
		name   string
		token  string
		body   any
		status int
		says   string
	}{
		{"no token", "", map[string]any{"url": "https://hooks.example.org/x", "patient": alice}, 401, "sign in"},
		{"forged token", "AAAA", map[string]any{"url": "https://hooks.example.org/x", "patient": alice}, 401, "invalid or expired token"},
		{"not JSON", tok, "{url:", 400, "malformed request body"},
		{"unknown field", tok, map[string]any{"url": "https://hooks.example.org/x", "patient": alice, "secret": "mine"}, 400, "unknown field"},
		{"plain http elsewhere", tok, map[string]any{"url": "http://hooks.example.org/x", "patient": alice}, 400, "must use https"},
		{"not a URL", tok, map[string]any{"url": "hooks.example.org", "patient": alice}, 400, "not an absolute URL"},
		{"unknown action", tok, map[string]any{"url": "https://hooks.example.org/x", "patient": alice, "actions": []string{"access-fulfiled"}}, 400, `unknown action "access-fulfiled"`},
		{"both", tok, map[string]any{"url": "https://hooks.example.org/x", "patient": alice, "org": org}, 400, "exactly one of patient"},
		{"neither", tok, map[string]any{"url": "https://hooks.example.org/x"}, 400, "exactly one of patient"},
		{"bad patient", tok, map[string]any{"url": "https://hooks.example.org/x", "patient": "0xnope"}, 400, "not an address"},
		{"org by name", tok, map[string]any{"url": "https://hooks.example.org/x", "org": "acme-insurance"}, 400, "not an org id"},
	} {
		status, resp := w.do(t, http.MethodPost, "/v1/webhooks", c.token, c.body)
		msg, _ := resp["error"].(string)
		if status != c.status || !strings.Contains(msg, c.says) {
			t.Errorf("%s: %d %q, want %d saying %q", c.name, status, msg, c.status, c.says)
		}
	}
	for i := 0; i < webhook.MaxSubscriptions; i++ {
		if status, resp := w.do(t, http.MethodPost, "/v1/webhooks", tok, map[string]any{"url": fmt.Sprintf("https://hooks.example.org/%d", i), "patient": alice}); status != http.StatusCreated {
			t.Fatalf("good subscription %d: %d %v", i, status, resp)
		}
	}
	status, resp := w.do(t, http.MethodPost, "/v1/webhooks", tok, map[string]any{"url": "https://hooks.example.org/more", "patient": alice})
	if msg, _ := resp["error"].(string); status != http.StatusConflict || !strings.Contains(msg, "delete one first") {
		t.Fatalf("one subscription too many: %d %v", status, resp)
	}
}

func FuzzSubscriptionRequest(f *testing.F) {
	w := newWorld(f, nil)
	alice := w.ids["alice"].Address().Hex()
	tok := w.token(f, w.ids["alice"])
	f.Add(`{"url":"https://hooks.example.org/x","patient":"` + alice + `"}`)
	f.Add(`{"url":"http://127.0.0.1:1/x","patient":"` + alice + `","actions":["access-fulfilled","enrolled"]}`)
	f.Add(`{"url":"https://[::1]/x","org":"0x` + strings.Repeat("ab", 32) + `"}`)
	f.Add(`{"url":"","patient":null,"actions":[""]}`)
	f.Fuzz(func(t *testing.T, body string) {
		status, resp := w.do(t, http.MethodPost, "/v1/webhooks", tok, body)
		switch status {
		case http.StatusCreated:
			if resp["secret"] == nil || resp["patient"] == nil && resp["org"] == nil {
				t.Fatalf("created without a secret or a subject: %v", resp)
			}
		case http.StatusBadRequest, http.StatusForbidden, http.StatusConflict:
			if msg, _ := resp["error"].(string); msg == "" {
				t.Fatalf("%d without an explanation: %v", status, resp)
			}
		default:
			t.Fatalf("%q: status %d %v", body, status, resp)
		}
	})
}

func TestPushAuthorization(t *testing.T) {
	w := newWorld(t, nil)
	alice, bob := w.ids["alice"], w.ids["bob"]
	aliceTok, bobTok, adminTok := w.token(t, alice), w.token(t, bob), w.token(t, w.admin)
	org := common.Hash(client.OrgID("acme-insurance")).Hex()
	hook := "https://hooks.example.org/emr"

	if status, _ := w.do(t, http.MethodPost, "/v1/webhooks", bobTok, map[string]any{"url": hook, "patient": alice.Address().Hex()}); status != http.StatusForbidden {
		t.Fatalf("bob subscribing to alice's timeline: %d, want 403", status)
	}
	if status, _ := w.do(t, http.MethodPost, "/v1/webhooks", aliceTok, map[string]any{"url": hook, "org": org}); status != http.StatusForbidden {
		t.Fatalf("a patient subscribing to an organisation: %d, want 403", status)
	}
	if status, resp := w.do(t, http.MethodPost, "/v1/webhooks", adminTok, map[string]any{"url": hook, "org": org}); status != http.StatusCreated {
		t.Fatalf("the admin subscribing to an organisation: %d %v", status, resp)
	}
	status, resp := w.do(t, http.MethodPost, "/v1/webhooks", aliceTok, map[string]any{"url": hook, "patient": alice.Address().Hex()})
	if status != http.StatusCreated {
		t.Fatalf("alice: %d %v", status, resp)
	}
	id := resp["id"].(string)

	// Each caller sees only their own, without secrets.
	_, list := w.do(t, http.MethodGet, "/v1/webhooks", aliceTok, nil)
	hooks := list["webhooks"].([]any)
	if len(hooks) != 1 || hooks[0].(map[string]any)["id"] != id || hooks[0].(map[string]any)["secret"] != nil {
		t.Fatalf("alice's list: %v", hooks)
	}
	if _, list := w.do(t, http.MethodGet, "/v1/webhooks", bobTok, nil); len(list["webhooks"].([]any)) != 0 {
		t.Fatalf("bob's list: %v", list)
	}
	// Another caller's subscription does not exist as far as bob can tell.
	for _, c := range []struct{ method, path string }{
		{http.MethodDelete, "/v1/webhooks/" + id},
		{http.MethodGet, "/v1/webhooks/" + id + "/dead-letters"},
		{http.MethodPost, "/v1/webhooks/" + id + "/dead-letters/1/replay"},
	} {
		if status, _ := w.do(t, c.method, c.path, bobTok, nil); status != http.StatusNotFound {
			t.Errorf("bob: %s %s: %d, want 404", c.method, c.path, status)
		}
		if status, _ := w.do(t, c.method, c.path, "", nil); status != http.StatusUnauthorized {
			t.Errorf("anonymous: %s %s: %d, want 401", c.method, c.path, status)
		}
	}
	if status, _ := w.do(t, http.MethodDelete, "/v1/webhooks/"+id, aliceTok, nil); status != http.StatusNoContent {
		t.Fatalf("alice deleting her subscription: %d", status)
	}
	if _, list := w.do(t, http.MethodGet, "/v1/webhooks", aliceTok, nil); len(list["webhooks"].([]any)) != 0 {
		t.Fatalf("after delete: %v", list)
	}
}

func TestPushFeedCarriesOnlyItsPatient(t *testing.T) {
	w := newWorld(t, nil)
	alice, bob, insurer := w.ids["alice"], w.ids["bob"], w.ids["insurer"]
	aliceTok := w.token(t, alice)

	for _, c := range []struct {
		name   string
		query  string
		header http.Header
		protos []string
		status int
	}{
		{"no token", "", nil, nil, http.StatusUnauthorized},
		{"bob's token", "", http.Header{"Authorization": {"Bearer " + w.token(t, bob)}}, nil, http.StatusForbidden},
		{"bob's token as a subprotocol", "", nil, []string{webhook.FeedProtocol, webhook.FeedTokenPrefix + w.token(t, bob)}, http.StatusForbidden},
		{"forged token", "", http.Header{"Authorization": {"Bearer AAAA"}}, nil, http.StatusUnauthorized},
		// A token in the URL ends up in access logs; it is refused even when it is good.
		{"alice's token in the URL", "?token=" + aliceTok, nil, nil, http.StatusBadRequest},
		{"alice's token in the URL and the header", "?token=" + aliceTok, http.Header{"Authorization": {"Bearer " + aliceTok}}, nil, http.StatusBadRequest},
		{"token subprotocol alone", "", nil, []string{webhook.FeedTokenPrefix + aliceTok}, http.StatusBadRequest},
	} {
		url := "ws" + strings.TrimPrefix(w.srv.URL, "http") + "/v1/patients/" + alice.Address().Hex() + "/feed" + c.query
		d := websocket.Dialer{Subprotocols: c.protos}
		_, resp, err := d.Dial(url, c.header)
		if err == nil || resp == nil || resp.StatusCode != c.status {
			t.Errorf("%s: %v %v, want %d", c.name, err, resp, c.status)
		}
	}

	byProtocol := dialFeed(t, w, alice.Address(), aliceTok)
	if got := byProtocol.ws.Subprotocol(); got != webhook.FeedProtocol {
		t.Fatalf("server selected subprotocol %q, want %q (never the token's)", got, webhook.FeedProtocol)
	}
	byHeader := dialFeedHeader(t, w, alice.Address(), aliceTok)
	bobs := w.activity(t, bob, insurer.Address(), 2)
	alices := w.activity(t, alice, insurer.Address(), 2)
	w.caughtUp(t)
	for _, f := range []*feedClient{byProtocol, byHeader} {
		var got []string
		for len(got) < len(alices) {
			p := f.nextActivity(t)
			if p.Patient == nil || *p.Patient != alice.Address() {
				t.Fatalf("alice's feed carried %+v (bob's keys: %v)", p, bobs)
			}
			got = append(got, p.Key)
		}
		sameKeys(t, "alice's feed", got, alices)
	}
}

func TestPushFeedEndsWhenTheTokenExpires(t *testing.T) {
	w := newWorld(t, nil)
	alice, insurer := w.ids["alice"], w.ids["insurer"]
	feed := dialFeed(t, w, alice.Address(), w.token(t, alice))
	w.skew.Store(int64(auth.DefaultTokenTTL + time.Minute))
	w.activity(t, alice, insurer.Address(), 1)
	for {
		_ = feed.ws.SetReadDeadline(time.Now().Add(20 * time.Second))
		_, msg, err := feed.ws.ReadMessage()
		if err == nil {
			var p webhook.Payload
			if json.Unmarshal(msg, &p) == nil && p.Action == "enrolled" {
				continue // published before the clock moved
			}
			t.Fatalf("an expired session still gets %s", msg)
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.ClosePolicyViolation || !strings.Contains(ce.Text, "token expired") {
			t.Fatalf("feed ended with %v, want a policy-violation close saying the token expired", err)
		}
		return
	}
}

// feedClient reads a live feed.
type feedClient struct {
	ws *websocket.Conn
}

// dialFeed connects as a browser does: the token in a subprotocol, since a browser cannot set
// headers on a WebSocket handshake.
func dialFeed(t *testing.T, w *world, patient common.Address, token string) *feedClient {
	t.Helper()
	url := "ws" + strings.TrimPrefix(w.srv.URL, "http") + "/v1/patients/" + patient.Hex() + "/feed"
	d := websocket.Dialer{Subprotocols: []string{webhook.FeedProtocol, webhook.FeedTokenPrefix + token}}
	ws, _, err := d.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return &feedClient{ws: ws}
}

func dialFeedHeader(t *testing.T, w *world, patient common.Address, token string) *feedClient {
	t.Helper()
	url := "ws" + strings.TrimPrefix(w.srv.URL, "http") + "/v1/patients/" + patient.Hex() + "/feed"
	ws, _, err := websocket.DefaultDialer.Dial(url, http.Header{"Authorization": {"Bearer " + token}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return &feedClient{ws: ws}
}

// next reads one message, failing the test if none comes before the deadline.
func (f *feedClient) next(t *testing.T) webhook.Payload {
	t.Helper()
	_ = f.ws.SetReadDeadline(time.Now().Add(20 * time.Second))
	_, msg, err := f.ws.ReadMessage()
	if err != nil {
		t.Fatalf("feed: %v", err)
	}
	var p webhook.Payload
	if err := json.Unmarshal(msg, &p); err != nil {
		t.Fatalf("feed message %q: %v", msg, err)
	}
	return p
}

// nextActivity is next without enrolments: a feed that joins between a commit and its
// publication hears of the patient's enrolment, which the tests' setup made.
func (f *feedClient) nextActivity(t *testing.T) webhook.Payload {
	t.Helper()
	for {
		if p := f.next(t); p.Action != "enrolled" {
			return p
		}
	}
}

// The subscriber chooses the URL, so without a check the indexer would POST, with retries, to
// its own network: Kubo's RPC, the store's server, a cloud metadata service.
func TestPushRefusesInternalDestinations(t *testing.T) {
	w := newWorld(t, func(c *webhook.PushConfig) { c.Policy = webhook.Policy{} })
	alice := w.ids["alice"]
	tok := w.token(t, alice)
	port, conns := countingListener(t)
	for _, u := range []string{
		"https://127.0.0.1:" + port + "/api/v0/shutdown",
		"https://localhost:" + port + "/put",
		"https://[::1]:" + port + "/x",
		"https://[::ffff:127.0.0.1]:" + port + "/x",
		"http://127.0.0.1:" + port + "/x",
		"https://169.254.169.254/latest/meta-data/iam/security-credentials/",
		"https://[fd00:ec2::254]/latest/meta-data/",
		"https://10.0.0.7:8080/admin",
		"https://192.168.1.1/",
		"https://0.0.0.0:" + port + "/x",
	} {
		status, resp := w.do(t, http.MethodPost, "/v1/webhooks", tok, map[string]any{"url": u, "patient": alice.Address().Hex()})
		if msg, _ := resp["error"].(string); status != http.StatusBadRequest || msg == "" {
			t.Errorf("%s: %d %v, want 400", u, status, resp)
		}
	}
	w.activity(t, alice, w.ids["insurer"].Address(), 1)
	w.caughtUp(t)
	if n := conns.Load(); n != 0 {
		t.Fatalf("the indexer connected to loopback %d times", n)
	}
}

// Only an enrolled, active patient subscribes to a timeline, and only the Registry's admin (or
// an admin the operator names) to an organisation: a fresh key signing in gets nothing.
func TestPushSubscribersMustBeEnrolled(t *testing.T) {
	w := newWorld(t, func(c *webhook.PushConfig) { c.Admins = nil })
	ctx := context.Background()
	hook := "https://hooks.example.org/emr"
	org := common.Hash(client.OrgID("acme-insurance")).Hex()
	mallory := &client.Identity{Name: "mallory", Key: simulated.DevAccount("push/mallory").Key}
	bob, insurer := w.ids["bob"], w.ids["insurer"]
	if _, err := w.env.Suspend(ctx, w.admin, bob.Address()); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		who  *client.Identity
		body map[string]any
		want int
	}{
		{"a key nobody enrolled, its own timeline", mallory, map[string]any{"url": hook, "patient": mallory.Address().Hex()}, http.StatusForbidden},
		{"a suspended patient", bob, map[string]any{"url": hook, "patient": bob.Address().Hex()}, http.StatusForbidden},
		{"a requester, its own address", insurer, map[string]any{"url": hook, "patient": insurer.Address().Hex()}, http.StatusForbidden},
		{"a requester, its organisation", insurer, map[string]any{"url": hook, "org": org}, http.StatusForbidden},
		{"a key nobody enrolled, an organisation", mallory, map[string]any{"url": hook, "org": org}, http.StatusForbidden},
		{"an active patient", w.ids["alice"], map[string]any{"url": hook, "patient": w.ids["alice"].Address().Hex()}, http.StatusCreated},
		{"the Registry's admin, an organisation", w.admin, map[string]any{"url": hook, "org": org}, http.StatusCreated},
	} {
		status, resp := w.do(t, http.MethodPost, "/v1/webhooks", w.token(t, c.who), c.body)
		if status != c.want {
			t.Errorf("%s: %d %v, want %d", c.name, status, resp, c.want)
		}
	}
}

// Push stopped on one chain and started again on the same outbox against another chain with the
// same deployment addresses refuses to start, naming both chains, and leaves the outbox's files
// byte for byte as they were.
func TestPushRefusesForeignChainAndKeepsOutbox(t *testing.T) {
	w := newWorld(t, nil)
	alice, insurer := w.ids["alice"], w.ids["insurer"]
	w.subscribe(t, w.token(t, alice), newEndpoint(t), map[string]any{"patient": alice.Address().Hex()})
	w.activity(t, alice, insurer.Address(), 3)
	w.caughtUp(t)
	w.stop(t)
	before := outboxFiles(t, w.path)

	ctx := context.Background()
	admin := simulated.DevAccount("push/admin")
	other := simulated.NewChain([]simulated.Account{admin, simulated.DevAccount("push/someone else")})
	defer other.Close()
	m, err := deploy.Deploy(ctx, other.Client, admin.Opts(other.ChainID), admin.Address)
	if err != nil {
		t.Fatal(err)
	}
	if m.Addresses() != w.m.Addresses() {
		t.Fatal("the other deployment is at other addresses")
	}
	for range 40 { // past the outbox's cursor
		other.Backend.Commit()
	}
	p, err := webhook.New(webhook.PushConfig{Client: other.Client, Manifest: m, Path: w.path, Auth: w.auth, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	err = p.Start(ctx)
	ga, _ := w.chain.Client.HeaderByNumber(ctx, big.NewInt(0))
	gb, _ := other.Client.HeaderByNumber(ctx, big.NewInt(0))
	if !errors.Is(err, logpoller.ErrWrongChain) || !strings.Contains(err.Error(), ga.Hash().Hex()) || !strings.Contains(err.Error(), gb.Hash().Hex()) {
		t.Fatalf("start on another chain: %v", err)
	}
	after := outboxFiles(t, w.path)
	if len(after) != len(before) {
		t.Fatalf("outbox files %v, were %v", after, before)
	}
	for name, h := range before {
		if after[name] != h {
			t.Fatalf("%s changed", name)
		}
	}
}

// outboxFiles hashes the outbox database and its companions.
func outboxFiles(t *testing.T, path string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	matches, _ := filepath.Glob(path + "*")
	for _, m := range matches {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(m)] = sha256.Sum256(b)
	}
	if len(out) == 0 {
		t.Fatal("no outbox files")
	}
	return out
}

// A guardian with the timeline scope may subscribe to the patient's timeline and follow its
// feed, as the chain says: not before the patient names it, not once removed.
func TestPushGuardianSubscribes(t *testing.T) {
	w := newWorld(t, nil)
	ctx := context.Background()
	alice, bob := w.ids["alice"], w.ids["bob"]
	bobTok := w.token(t, bob)
	body := map[string]any{"url": "https://hooks.example.org/guardian", "patient": alice.Address().Hex(), "actions": []string{"emergency-access-opened"}}
	if status, _ := w.do(t, http.MethodPost, "/v1/webhooks", bobTok, body); status != http.StatusForbidden {
		t.Fatalf("bob before alice names him: %d, want 403", status)
	}
	guardians := w.env.Set.Guardians
	head, err := w.chain.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := contracts.Send(ctx, w.chain.Client, bind.NewKeyedTransactor(alice.Key, w.chain.ChainID), guardians.BoundContract,
		guardians.ABI.PackSetGuardian(bob.Address(), timeline.ScopeTimeline, head.Time+86400)); err != nil {
		t.Fatal(err)
	}
	w.caughtUp(t)
	if status, resp := w.do(t, http.MethodPost, "/v1/webhooks", bobTok, body); status != http.StatusCreated {
		t.Fatalf("bob as alice's guardian: %d %v", status, resp)
	}
	if _, err := contracts.Send(ctx, w.chain.Client, bind.NewKeyedTransactor(alice.Key, w.chain.ChainID), guardians.BoundContract,
		guardians.ABI.PackRemoveGuardian(bob.Address())); err != nil {
		t.Fatal(err)
	}
	w.caughtUp(t)
	if status, _ := w.do(t, http.MethodPost, "/v1/webhooks", bobTok, body); status != http.StatusForbidden {
		t.Fatalf("bob once removed: %d, want 403", status)
	}
}
