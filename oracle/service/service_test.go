package service_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/oracle/answer"
	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
	"github.com/emrchain/emrchain/oracle/state"
	"github.com/emrchain/emrchain/oracle/txmgr"
)

var ctx = context.Background()

func newWorld(t *testing.T, opts oracletest.Options) *oracletest.World {
	t.Helper()
	w, err := oracletest.New(ctx, t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	return w
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// testLogger writes the oracle's logs to the test log, shown on failure or with -v.
func testLogger(t *testing.T) zerolog.Logger {
	return zerolog.New(zerolog.ConsoleWriter{Out: testWriter{t}, NoColor: true}).Level(zerolog.InfoLevel).With().Timestamp().Logger()
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

type oracle struct {
	*service.Service
	stopped bool
}

func startOracle(t *testing.T, w *oracletest.World, statePath string, mutate func(*service.Config), extra ...service.Option) *oracle {
	t.Helper()
	cfg := w.OracleConfig()
	if statePath == "" {
		statePath = filepath.Join(t.TempDir(), "oracle.db")
	}
	cfg.StatePath = statePath
	if mutate != nil {
		mutate(&cfg)
	}
	opts := append(w.OracleOptions(), service.WithLogger(testLogger(t)))
	svc, err := service.New(cfg, append(opts, extra...)...)
	check(t, err)
	check(t, svc.Start(ctx))
	o := &oracle{Service: svc}
	t.Cleanup(func() { o.stop(t) })
	return o
}

func (o *oracle) stop(t *testing.T) {
	if o.stopped {
		return
	}
	o.stopped = true
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := o.Stop(sctx); err != nil {
		t.Errorf("stop: %v", err)
	}
}

// waitFor polls cond; the deadline guards against a hang, it is not a timing assertion.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitAnswered waits until every access id is answered on chain.
func waitAnswered(t *testing.T, w *oracletest.World, ids ...uint64) {
	t.Helper()
	waitFor(t, "access answers", func() bool {
		for _, id := range ids {
			a, err := w.Access(ctx, id)
			if err != nil || a.Status < 2 {
				return false
			}
		}
		return true
	})
}

func waitKeysAnswered(t *testing.T, w *oracletest.World, ids ...uint64) {
	t.Helper()
	waitFor(t, "key answers", func() bool {
		for _, id := range ids {
			k, err := w.KeyRequest(ctx, id)
			if err != nil || k.Status < 2 {
				return false
			}
		}
		return true
	})
}

// setup enrols a patient, a provider and requesters.
func setup(t *testing.T, w *oracletest.World, requesters ...string) (patient, provider *oracletest.Party) {
	t.Helper()
	patient, provider = w.Parties["patient"], w.Parties["provider"]
	check(t, w.Enrol(ctx, patient, oracletest.RolePatient))
	check(t, w.Enrol(ctx, provider, oracletest.RoleProvider))
	for _, r := range requesters {
		check(t, w.Enrol(ctx, w.Parties[r], oracletest.RoleRequester))
	}
	return patient, provider
}

// grantedAccess makes a record, a request and a grant, and uses it.
func grantedAccess(t *testing.T, w *oracletest.World, patient, provider, requester *oracletest.Party, c oracletest.Capsule, r oracletest.Rekey) (*oracletest.Record, uint64, uint64) {
	t.Helper()
	rec := must[*oracletest.Record](t)(w.CreateRecord(ctx, patient, provider, c))
	req := must[uint64](t)(w.RequestAccess(ctx, requester, rec.ID))
	check(t, w.Grant(ctx, rec, requester, req, r))
	acc := must[uint64](t)(w.GetAccess(ctx, requester, req))
	return rec, req, acc
}

// TestAccessEndToEnd: a requester gets a record's data key through the oracle, and only through
// the re-encrypted capsule the oracle stored.
func TestAccessEndToEnd(t *testing.T) {
	w := newWorld(t, oracletest.Options{Parties: []string{"patient", "provider", "requester"}})
	patient, provider := setup(t, w, "requester")
	requester := w.Parties["requester"]
	o := startOracle(t, w, "", nil)
	rec, _, acc := grantedAccess(t, w, patient, provider, requester, oracletest.GoodCapsule, oracletest.GoodRekey)
	waitAnswered(t, w, acc)

	answers := must[*oracletest.Answers](t)(w.Answers(ctx))
	if answers.Fulfilled[acc] != 1 || answers.Total() != 1 {
		t.Fatalf("answers: %+v", answers)
	}
	k, err := w.OpenResult(ctx, requester, answers, acc)
	check(t, err)
	if k != rec.DataKey {
		t.Fatal("the requester recovered another data key")
	}
	// Someone else cannot open the requester's result.
	if _, err := w.OpenResult(ctx, patient, answers, acc); err == nil {
		t.Fatal("the patient's key opened the requester's re-encrypted capsule")
	}
	// The chain shows the answer a moment before the oracle records it.
	waitFor(t, "the job to be done", func() bool {
		job, ok, err := o.State().Job(ctx, state.Key{Kind: state.KindAccess, ID: acc})
		return err == nil && ok && job.Status == state.Done && job.Outcome == state.Fulfilled
	})
	checkEndpoints(t, o)
}

func checkEndpoints(t *testing.T, o *oracle) {
	t.Helper()
	body := func(path string) (int, string) {
		resp, err := http.Get("http://" + o.MetricsAddr() + path)
		check(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, b := body("/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz: %d %s", code, b)
	}
	for _, series := range []string{
		`emrchain_oracle_events_total{kind="access"} 1`,
		`emrchain_oracle_answered_total{kind="access",outcome="fulfilled"} 1`,
		`emrchain_oracle_lag_blocks`,
		`emrchain_oracle_answer_latency_blocks_count{kind="access"} 1`,
		`emrchain_oracle_txs_confirmed_total 1`,
	} {
		waitFor(t, "metric "+series, func() bool {
			_, m := body("/metrics")
			return strings.Contains(m, series)
		})
	}
}

// TestKeyEndToEnd: a requester gets a CP-ABE key for exactly its attributes.
func TestKeyEndToEnd(t *testing.T) {
	w := newWorld(t, oracletest.Options{Parties: []string{"patient", "provider", "insurer"}})
	patient, _ := setup(t, w, "insurer")
	insurer := w.Parties["insurer"]
	check(t, w.DefineAttributes(ctx, "role:insurer", "org:acme", "org:globex"))
	check(t, w.Assign(ctx, insurer, "role:insurer", "org:acme"))
	startOracle(t, w, "", func(c *service.Config) { c.Role = service.RoleKeys })
	id := must[uint64](t)(w.RequestKey(ctx, insurer, patient.Address))
	waitKeysAnswered(t, w, id)

	answers := must[*oracletest.Answers](t)(w.Answers(ctx))
	if answers.Issued[id] != 1 || answers.Total() != 1 {
		t.Fatalf("answers: %+v", answers)
	}
	ak, err := w.OpenKey(ctx, insurer, answers, id)
	check(t, err)
	if got := strings.Join(ak.Attributes(), ","); got != "org:acme,role:insurer" {
		t.Fatalf("key attributes %s", got)
	}
	for policy, ok := range map[string]bool{"role:insurer and org:acme": true, "role:insurer and org:globex": false} {
		p := must[*cpabe.Policy](t)(cpabe.ParsePolicy(policy))
		key, ct, err := w.ABIPublic.Encapsulate(nil, p)
		check(t, err)
		got, err := ak.Decapsulate(ct)
		switch {
		case ok && (err != nil || got != key):
			t.Fatalf("%s: %v", policy, err)
		case !ok && !errors.Is(err, cpabe.ErrPolicyNotSatisfied):
			t.Fatalf("%s: got %v, want ErrPolicyNotSatisfied", policy, err)
		}
	}
	// The key is sealed to the requester: the patient cannot open it.
	if _, err := w.OpenKey(ctx, patient, answers, id); err == nil {
		t.Fatal("someone else opened the issued key")
	}
}

// TestRejections: every fault of a request is answered on chain with its reason code.
func TestRejections(t *testing.T) {
	w := newWorld(t, oracletest.Options{Parties: []string{"patient", "provider", "requester", "suspendee", "keyless", "fickle"}})
	patient, provider := setup(t, w, "requester", "suspendee", "fickle")
	requester := w.Parties["requester"]
	check(t, w.EnrolWithTransport(ctx, w.Parties["keyless"], oracletest.RoleRequester, [32]byte{}))

	want := map[uint64]answer.Reason{}
	for _, c := range []struct {
		capsule oracletest.Capsule
		rekey   oracletest.Rekey
		reason  answer.Reason
	}{
		{oracletest.GoodCapsule, oracletest.MismatchedRekey, answer.RekeyMismatch},
		{oracletest.GoodCapsule, oracletest.WrongProxyRekey, answer.MalformedRekey},
		{oracletest.GoodCapsule, oracletest.GarbageRekeyBlob, answer.MalformedRekey},
		{oracletest.GoodCapsule, oracletest.UnparsableRekey, answer.MalformedRekey},
		{oracletest.GoodCapsule, oracletest.WrongAADRekey, answer.MalformedRekey},
		{oracletest.GoodCapsule, oracletest.MalformedRekeyRef, answer.MalformedRekey},
		{oracletest.GoodCapsule, oracletest.MissingRekey, answer.MissingObject},
		{oracletest.GarbageCapsule, oracletest.GoodRekey, answer.MalformedCapsule},
		{oracletest.TamperedCapsule, oracletest.GoodRekey, answer.MalformedCapsule},
		{oracletest.ForeignCapsule, oracletest.GoodRekey, answer.MalformedCapsule},
		{oracletest.MalformedCapsuleRef, oracletest.GoodRekey, answer.MalformedCapsule},
		{oracletest.MissingCapsule, oracletest.GoodRekey, answer.MissingObject},
	} {
		_, _, acc := grantedAccess(t, w, patient, provider, requester, c.capsule, c.rekey)
		want[acc] = c.reason
	}
	// A grant revoked after get-access, and a requester suspended after it.
	_, req, acc := grantedAccess(t, w, patient, provider, requester, oracletest.GoodCapsule, oracletest.GoodRekey)
	check(t, w.RevokeAccess(ctx, patient, req))
	want[acc] = answer.GrantNotLive
	_, _, acc = grantedAccess(t, w, patient, provider, w.Parties["suspendee"], oracletest.GoodCapsule, oracletest.GoodRekey)
	want[acc] = answer.RequesterSuspended

	// Key requests: attributes changed, no transport key, suspended requester.
	check(t, w.DefineAttributes(ctx, "role:insurer", "org:acme"))
	for _, name := range []string{"fickle", "keyless", "suspendee"} {
		check(t, w.Assign(ctx, w.Parties[name], "role:insurer", "org:acme"))
	}
	wantKeys := map[uint64]answer.Reason{}
	id := must[uint64](t)(w.RequestKey(ctx, w.Parties["fickle"], patient.Address))
	check(t, w.Revoke(ctx, w.Parties["fickle"], "org:acme"))
	wantKeys[id] = answer.AttributesChanged
	id = must[uint64](t)(w.RequestKey(ctx, w.Parties["keyless"], patient.Address))
	wantKeys[id] = answer.NoTransportKey
	id = must[uint64](t)(w.RequestKey(ctx, w.Parties["suspendee"], patient.Address))
	wantKeys[id] = answer.RequesterSuspended
	check(t, w.Suspend(ctx, w.Parties["suspendee"]))

	// The oracle starts only now, so every fault is in place when it looks.
	startOracle(t, w, "", func(c *service.Config) { c.MissingObjectAttempts = 3 })
	var accs, kids []uint64
	for a := range want {
		accs = append(accs, a)
	}
	for k := range wantKeys {
		kids = append(kids, k)
	}
	waitAnswered(t, w, accs...)
	waitKeysAnswered(t, w, kids...)

	answers := must[*oracletest.Answers](t)(w.Answers(ctx))
	for acc, reason := range want {
		if got := answers.Rejected[acc]; len(got) != 1 || answer.Reason(got[0]) != reason || answers.Fulfilled[acc] != 0 {
			t.Errorf("access %d: rejections %v, fulfilments %d; want one %s", acc, got, answers.Fulfilled[acc], reason)
		}
	}
	for id, reason := range wantKeys {
		if got := answers.KeyReject[id]; len(got) != 1 || answer.Reason(got[0]) != reason || answers.Issued[id] != 0 {
			t.Errorf("key request %d: rejections %v; want one %s", id, got, reason)
		}
	}
	nonce := must[uint64](t)(w.OracleNonce(ctx))
	if int(nonce) != answers.Total() {
		t.Fatalf("the oracle sent %d transactions for %d answers", nonce, answers.Total())
	}
}

// TestNoFunds: an oracle without ether reports why it cannot answer, and answers everything
// once funded.
func TestNoFunds(t *testing.T) {
	w := newWorld(t, oracletest.Options{UnfundedOracle: true, Parties: []string{"patient", "provider", "requester"}})
	patient, provider := setup(t, w, "requester")
	requester := w.Parties["requester"]
	o := startOracle(t, w, "", nil)
	if err := o.Health(); !errors.Is(err, txmgr.ErrInsufficientFunds) {
		t.Fatalf("health of an unfunded oracle: %v", err)
	}
	var accs []uint64
	for range 3 {
		_, _, acc := grantedAccess(t, w, patient, provider, requester, oracletest.GoodCapsule, oracletest.GoodRekey)
		accs = append(accs, acc)
	}
	// The requests are seen and attempted, and fail for want of funds, not silently.
	waitFor(t, "failed attempts", func() bool {
		j, ok, err := o.State().Job(ctx, state.Key{Kind: state.KindAccess, ID: accs[0]})
		return err == nil && ok && j.Attempts > 0 && strings.Contains(j.LastError, "insufficient funds")
	})
	if err := o.Health(); !errors.Is(err, txmgr.ErrInsufficientFunds) {
		t.Fatalf("health while requests wait: %v", err)
	}
	check(t, w.Fund(ctx, w.Oracle.Address, 10))
	waitAnswered(t, w, accs...)
	answers := must[*oracletest.Answers](t)(w.Answers(ctx))
	for _, acc := range accs {
		if answers.Fulfilled[acc] != 1 {
			t.Fatalf("access %d fulfilled %d times", acc, answers.Fulfilled[acc])
		}
	}
	waitFor(t, "health to recover", func() bool { return o.Health() == nil })
}

// TestRestartFromCheckpoint stops the oracle between requests; the second run answers the new
// ones and none of the old ones again.
func TestRestartFromCheckpoint(t *testing.T) {
	w := newWorld(t, oracletest.Options{Parties: []string{"patient", "provider", "requester"}})
	patient, provider := setup(t, w, "requester")
	requester := w.Parties["requester"]
	statePath := filepath.Join(t.TempDir(), "oracle.db")
	o := startOracle(t, w, statePath, nil)
	_, _, first := grantedAccess(t, w, patient, provider, requester, oracletest.GoodCapsule, oracletest.GoodRekey)
	waitAnswered(t, w, first)
	o.stop(t)
	// While it is down: more requests.
	var later []uint64
	for range 3 {
		_, _, acc := grantedAccess(t, w, patient, provider, requester, oracletest.GoodCapsule, oracletest.GoodRekey)
		later = append(later, acc)
	}
	startOracle(t, w, statePath, nil)
	waitAnswered(t, w, later...)
	answers := must[*oracletest.Answers](t)(w.Answers(ctx))
	for _, acc := range append(later, first) {
		if answers.Fulfilled[acc] != 1 {
			t.Fatalf("access %d fulfilled %d times", acc, answers.Fulfilled[acc])
		}
	}
	if n := must[uint64](t)(w.OracleNonce(ctx)); int(n) > answers.Total() {
		t.Fatalf("%d transactions for %d answers", n, answers.Total())
	}
}

func bindCall[T any](c *bind.BoundContract, data []byte, unpack func([]byte) (T, error)) (T, error) {
	return bind.Call(c, &bind.CallOpts{Context: ctx}, data, unpack)
}
