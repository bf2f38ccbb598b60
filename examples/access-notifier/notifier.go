package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/indexer/auth"
	"github.com/emrchain/emrchain/indexer/webhook"
)

// Config is what Run needs.
type Config struct {
	Indexer string            // base URL of the indexer, no trailing slash
	Key     *ecdsa.PrivateKey // the patient's account key
	Listen  string            // loopback address of the receiver ("127.0.0.1:0" picks a port)
	Out     io.Writer         // notices, one line each
	Log     io.Writer         // progress and rejected deliveries
	HTTP    *http.Client      // nil means http.DefaultClient
}

// seenLimit bounds the idempotency keys remembered: far more than one patient's reads between
// two retries of the same delivery.
const seenLimit = 10_000

// Run registers a webhook for the patient's access-fulfilled entries, prints a notice for each
// delivery until ctx is done, then removes the webhook.
func Run(ctx context.Context, cfg Config) error {
	if cfg.HTTP == nil {
		cfg.HTTP = http.DefaultClient
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("receiver: %w", err)
	}
	if a, ok := ln.Addr().(*net.TCPAddr); !ok || !a.IP.IsLoopback() {
		ln.Close()
		return fmt.Errorf("receiver: %s is not a loopback address; the indexer accepts plain http only on loopback", ln.Addr())
	}
	ix := &indexer{base: cfg.Indexer, key: cfg.Key, http: cfg.HTTP}
	token, err := ix.signIn(ctx)
	if err != nil {
		ln.Close()
		return err
	}
	patient := crypto.PubkeyToAddress(cfg.Key.PublicKey)
	sub, err := ix.subscribe(ctx, token, map[string]any{
		"url": "http://" + ln.Addr().String() + "/hook", "patient": patient.Hex(), "actions": []string{"access-fulfilled"},
	})
	if err != nil {
		ln.Close()
		return err
	}
	rcv := &receiver{secret: []byte(sub.Secret), out: cfg.Out, log: cfg.Log, seen: map[string]bool{}, printed: map[string]bool{}}
	srv := &http.Server{Handler: rcv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(cfg.Log, "watching reads of %s's records: webhook %s -> %s\n", patient.Hex(), sub.ID, ln.Addr())

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-served:
	}
	// Clean up with a fresh context: ctx is done, and the token may have expired meanwhile.
	cleanup, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	shutdownErr := srv.Shutdown(cleanup)
	token, err = ix.signIn(cleanup)
	if err == nil {
		err = ix.unsubscribe(cleanup, token, sub.ID)
	}
	if err != nil {
		err = fmt.Errorf("remove webhook %s: %w", sub.ID, err)
	} else {
		fmt.Fprintf(cfg.Log, "removed webhook %s\n", sub.ID)
	}
	if errors.Is(serveErr, http.ErrServerClosed) {
		serveErr = nil
	}
	return errors.Join(serveErr, shutdownErr, err)
}

// receiver checks and prints deliveries.
type receiver struct {
	secret  []byte
	out     io.Writer
	log     io.Writer
	mu      sync.Mutex
	seen    map[string]bool // idempotency keys handled
	order   []string        // seen, oldest first, to forget the oldest
	printed map[string]bool // keys of notices printed, so a reorg can take them back
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodPost || req.URL.Path != "/hook" {
		http.NotFound(w, req)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, 1<<20))
	if err != nil {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	// The signature covers the timestamp and the body; a delivery older than five minutes is a
	// replay, whatever its signature.
	if err := webhook.Verify(r.secret, req.Header.Get(webhook.HeaderSignature), body, time.Now()); err != nil {
		fmt.Fprintf(r.log, "rejected a delivery: %v\n", err)
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var p webhook.Payload
	if err := json.Unmarshal(body, &p); err != nil || p.Key != req.Header.Get(webhook.HeaderIdempotency) {
		http.Error(w, "malformed notification", http.StatusBadRequest)
		return
	}
	r.handle(p)
	w.WriteHeader(http.StatusNoContent)
}

func (r *receiver) handle(p webhook.Payload) {
	r.mu.Lock()
	defer r.mu.Unlock()
	// A retry after a lost answer, or a redelivery after the indexer restarted, repeats a key.
	if r.seen[p.Key] {
		return
	}
	r.remember(p.Key)
	switch p.Kind {
	case webhook.KindEntry:
		e := p.Entry
		if e == nil || p.Action != "access-fulfilled" {
			return
		}
		role := e.CounterpartRole.String()
		if role == "" {
			role = "account"
		}
		fmt.Fprintf(r.out, "%s: %s %s read record %s v%d (access %d)\n",
			e.Time.Format(time.RFC3339), role, e.Counterpart.Hex(), e.Record.Hex(), e.Version, e.AccessID)
		r.printed[p.Key] = true
	case webhook.KindReorg:
		for _, k := range p.Removed {
			if r.printed[k] {
				fmt.Fprintf(r.out, "withdrawn: the read notified as %s was undone by a chain reorganisation (back to block %d)\n", k, p.CommonAncestor.Number)
				delete(r.printed, k)
			}
			// If the same block comes back, its entries are news again.
			delete(r.seen, k)
		}
	}
}

func (r *receiver) remember(key string) {
	r.seen[key] = true
	r.order = append(r.order, key)
	if len(r.order) > seenLimit {
		old := r.order[0]
		r.order = r.order[1:]
		delete(r.seen, old)
		delete(r.printed, old)
	}
}

// indexer is the part of the indexer's HTTP API the notifier uses.
type indexer struct {
	base string
	key  *ecdsa.PrivateKey
	http *http.Client
}

// signIn answers the indexer's challenge with an EIP-191 signature and returns a bearer token.
func (ix *indexer) signIn(ctx context.Context) (string, error) {
	addr := crypto.PubkeyToAddress(ix.key.PublicKey)
	var ch struct{ Nonce, Message string }
	if err := ix.call(ctx, http.MethodPost, "/v1/auth/challenge", "", map[string]string{"address": addr.Hex()}, http.StatusOK, &ch); err != nil {
		return "", fmt.Errorf("sign in: %w", err)
	}
	sig, err := auth.Sign(ix.key, ch.Message)
	if err != nil {
		return "", fmt.Errorf("sign in: %w", err)
	}
	var tok struct{ Token string }
	body := map[string]string{"address": addr.Hex(), "nonce": ch.Nonce, "signature": hexutil.Encode(sig)}
	if err := ix.call(ctx, http.MethodPost, "/v1/auth/token", "", body, http.StatusOK, &tok); err != nil {
		return "", fmt.Errorf("sign in: %w", err)
	}
	return tok.Token, nil
}

func (ix *indexer) subscribe(ctx context.Context, token string, req map[string]any) (*webhook.Subscription, error) {
	var s webhook.Subscription
	if err := ix.call(ctx, http.MethodPost, "/v1/webhooks", token, req, http.StatusCreated, &s); err != nil {
		return nil, fmt.Errorf("register webhook: %w", err)
	}
	return &s, nil
}

func (ix *indexer) unsubscribe(ctx context.Context, token, id string) error {
	return ix.call(ctx, http.MethodDelete, "/v1/webhooks/"+id, token, nil, http.StatusNoContent, nil)
}

// call sends a JSON request and decodes a JSON answer, turning the API's {"error"} into an error.
func (ix *indexer) call(ctx context.Context, method, path, token string, in any, want int, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, ix.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := ix.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		var e struct{ Error string }
		if json.Unmarshal(raw, &e) == nil && e.Error != "" {
			return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, e.Error)
		}
		return fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(raw, out)
}
