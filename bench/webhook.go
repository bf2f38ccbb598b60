package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/demo"
	"github.com/emrchain/emrchain/indexer/auth"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/indexer/webhook"
	"github.com/emrchain/emrchain/simulated"
)

// Row names and goal of the Webhook suite, shared with its test.
const (
	webhookSection = "Webhooks"
	webhookRowP50  = "access fulfilment mined → signed webhook received, p50"
	webhookRowP99  = "access fulfilment mined → signed webhook received, p99"
	webhookGoalMS  = 500.0
)

// webhookTimeout bounds the wait for any one delivery.
const webhookTimeout = 30 * time.Second

// Webhook measures event-to-webhook latency on the whole system in one process (simulated
// chain, IPFS, the oracle answering, the indexer) with the push component following the chain
// at 0 confirmations through its new-head subscription: from the moment the block carrying an
// AccessFulfilled is announced by the node (the receipt exists) to the moment a loopback
// receiver has the signed delivery and has verified its signature. The fulfilments are the
// oracle's real answers to a doctor's get-access calls, one at a time, so each measures the path
// and not a queue.
func Webhook(ctx context.Context, cfg Config) ([]Measurement, error) {
	n := 200
	if cfg.Quick {
		n = 30
	}
	lat, err := webhookLatencies(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("webhook bench: %w", err)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p50, p99 := percentile(lat, 0.5), percentile(lat, 0.99)
	scale := fmt.Sprintf("%d fulfilments, in-process system, 0 confirmations", n)
	return []Measurement{
		{Section: webhookSection, Name: webhookRowP50 + ", " + scale, Value: p50, Unit: "ms"},
		{Section: webhookSection, Name: webhookRowP99 + ", " + scale, Value: p99, Unit: "ms",
			Goal: fmt.Sprintf("≤ %.0f ms", webhookGoalMS), GoalMet: AtMost(p99, webhookGoalMS),
			Ratio: fmt.Sprintf("max %.1f ms", float64(lat[len(lat)-1].Microseconds())/1000)},
	}, nil
}

func webhookLatencies(ctx context.Context, n int) ([]time.Duration, error) {
	dir, err := os.MkdirTemp("", "emrchain-bench-webhook")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	sys, err := simulated.StartSystem(ctx, simulated.SystemConfig{DataDir: filepath.Join(dir, "system")})
	if err != nil {
		return nil, err
	}
	defer sys.Close(context.Background())
	// The story leaves a record, enrolled parties and an oracle ready to answer.
	if _, err := demo.OnSystem(ctx, sys, nil); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	patient, doctor := sys.Identity("patient"), sys.Identity("doctor-b")
	record, err := webhookRecord(ctx, sys, patient.Address())
	if err != nil {
		return nil, err
	}

	authority, err := auth.New(auth.Config{Domain: "bench.webhook"})
	if err != nil {
		return nil, err
	}
	push, err := webhook.New(webhook.PushConfig{
		Client: sys.Chain.Client, Manifest: sys.Manifest, Path: filepath.Join(dir, "outbox.db"), Auth: authority, Log: zerolog.Nop(),
		Policy: webhook.Policy{AllowLoopback: true}, // the receiver runs on loopback
	})
	if err != nil {
		return nil, err
	}
	if err := push.Start(ctx); err != nil {
		return nil, err
	}
	defer push.Stop(context.Background())
	api := httptest.NewServer(push.Handler())
	defer api.Close()
	if err := webhookCaughtUp(ctx, sys, push); err != nil {
		return nil, err
	}

	rcv := newWebhookReceiver()
	defer rcv.srv.Close()
	if err := webhookSubscribe(ctx, api.URL, authority, patient, rcv); err != nil {
		return nil, err
	}
	mined, stopHeads, err := watchFulfilments(ctx, sys)
	if err != nil {
		return nil, err
	}
	defer stopHeads()

	env := sys.Env
	req, _, err := env.RequestAccess(ctx, doctor, record, client.OpRead, "treatment")
	if err != nil {
		return nil, err
	}
	if _, err := env.Grant(ctx, patient, req, client.GrantOptions{ValidFor: 24 * time.Hour, Operations: 1 << client.OpRead, MaxUses: uint16(n)}); err != nil {
		return nil, err
	}
	out := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		inv, err := env.GetAccess(ctx, doctor, req)
		if err != nil {
			return nil, fmt.Errorf("get-access %d: %w", i, err)
		}
		got, err := rcv.await(ctx, inv.AccessID)
		if err != nil {
			return nil, err
		}
		at, err := mined.at(ctx, got.key)
		if err != nil {
			return nil, err
		}
		out = append(out, got.at.Sub(at))
	}
	if rcv.rejected() > 0 {
		return nil, fmt.Errorf("%d deliveries failed signature verification", rcv.rejected())
	}
	return out, nil
}

// webhookRecord finds the demo's record on the patient's timeline.
func webhookRecord(ctx context.Context, sys *simulated.System, patient common.Address) ([32]byte, error) {
	entries, err := sys.Timeline(ctx, patient)
	if err != nil {
		return [32]byte{}, err
	}
	for _, e := range entries {
		if e.Action == timeline.RecordCreated {
			return e.Record, nil
		}
	}
	return [32]byte{}, errors.New("the demo created no record")
}

func webhookCaughtUp(ctx context.Context, sys *simulated.System, push *webhook.Push) error {
	head, err := sys.Chain.Client.BlockNumber(ctx)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(webhookTimeout)
	for {
		c, ok, err := push.Cursor(ctx)
		if err != nil {
			return err
		}
		if ok && c.Number >= head {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("push did not reach block %d", head)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// webhookSubscribe signs the patient in and subscribes the receiver to access fulfilments.
func webhookSubscribe(ctx context.Context, api string, a *auth.Authority, patient *client.Identity, rcv *webhookReceiver) error {
	c, err := a.Challenge(patient.Address())
	if err != nil {
		return err
	}
	sig, err := auth.Sign(patient.Key, c.Message)
	if err != nil {
		return err
	}
	token, _, err := a.Token(patient.Address(), c.Nonce, sig)
	if err != nil {
		return err
	}
	body, _ := json.Marshal(map[string]any{"url": rcv.srv.URL, "patient": patient.Address().Hex(), "actions": []string{"access-fulfilled"}})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, api+"/v1/webhooks", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var sub webhook.Subscription
	if err := json.NewDecoder(resp.Body).Decode(&sub); err != nil || resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("subscribe: %s (%v)", resp.Status, err)
	}
	rcv.setSecret(sub.Secret)
	return nil
}

// received is one verified delivery.
type received struct {
	key string
	at  time.Time
}

// webhookReceiver is an integrator's endpoint on loopback: it verifies each delivery, then
// stamps it.
type webhookReceiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	secret []byte
	byID   map[uint64]received
	bad    int
	news   chan struct{}
}

func newWebhookReceiver() *webhookReceiver {
	r := &webhookReceiver{byID: map[uint64]received{}, news: make(chan struct{}, 1)}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	return r
}

func (r *webhookReceiver) setSecret(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.secret = []byte(s)
}

func (r *webhookReceiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := webhook.Verify(r.secret, req.Header.Get(webhook.HeaderSignature), body, time.Now()); err != nil {
		r.bad++
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	at := time.Now()
	var p webhook.Payload
	if err := json.Unmarshal(body, &p); err != nil || p.Entry == nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if _, dup := r.byID[p.Entry.AccessID]; !dup {
		r.byID[p.Entry.AccessID] = received{key: p.Key, at: at}
	}
	select {
	case r.news <- struct{}{}:
	default:
	}
	w.WriteHeader(http.StatusNoContent)
}

func (r *webhookReceiver) rejected() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bad
}

// await waits for the delivery of access's fulfilment.
func (r *webhookReceiver) await(ctx context.Context, access uint64) (received, error) {
	timeout := time.NewTimer(webhookTimeout)
	defer timeout.Stop()
	for {
		r.mu.Lock()
		got, ok := r.byID[access]
		r.mu.Unlock()
		if ok {
			return got, nil
		}
		select {
		case <-ctx.Done():
			return received{}, ctx.Err()
		case <-timeout.C:
			return received{}, fmt.Errorf("no webhook for access %d within %s", access, webhookTimeout)
		case <-r.news:
		}
	}
}

// minedTimes records when each AccessFulfilled log's block was announced.
type minedTimes struct {
	mu    sync.Mutex
	times map[string]time.Time
	news  chan struct{}
}

func (m *minedTimes) lookup(key string) (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.times[key]
	return t, ok
}

// at returns when key's block was announced, waiting briefly for the watcher to have looked.
func (m *minedTimes) at(ctx context.Context, key string) (time.Time, error) {
	timeout := time.NewTimer(webhookTimeout)
	defer timeout.Stop()
	for {
		if t, ok := m.lookup(key); ok {
			return t, nil
		}
		select {
		case <-ctx.Done():
			return time.Time{}, ctx.Err()
		case <-timeout.C:
			return time.Time{}, fmt.Errorf("block of %s never announced", key)
		case <-m.news:
		}
	}
}

// watchFulfilments stamps every new head as it arrives and then files its AccessFulfilled logs
// under that time.
func watchFulfilments(ctx context.Context, sys *simulated.System) (*minedTimes, func(), error) {
	heads := make(chan *types.Header, 256)
	sub, err := sys.Chain.Client.SubscribeNewHead(ctx, heads)
	if err != nil {
		return nil, nil, fmt.Errorf("subscribe to new heads: %w", err)
	}
	ledger := sys.Manifest.Addresses().Access
	topic := sys.Env.Set.Access.ABI.GetABI().Events["AccessFulfilled"].ID
	m := &minedTimes{times: map[string]time.Time{}, news: make(chan struct{}, 1)}
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-wctx.Done():
				return
			case <-sub.Err():
				return
			case h := <-heads:
				at := time.Now()
				hash := h.Hash()
				logs, err := sys.Chain.Client.FilterLogs(wctx, ethereum.FilterQuery{BlockHash: &hash, Addresses: []common.Address{ledger}, Topics: [][]common.Hash{{topic}}})
				if err != nil {
					continue
				}
				m.mu.Lock()
				for _, l := range logs {
					m.times[fmt.Sprintf("%s:%d", l.BlockHash.Hex(), l.Index)] = at
				}
				m.mu.Unlock()
				select {
				case m.news <- struct{}{}:
				default:
				}
			}
		}
	}()
	return m, func() { cancel(); sub.Unsubscribe(); <-done }, nil
}
