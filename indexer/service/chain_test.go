package service_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/indexer/internal/chaintest"
	"github.com/emrchain/emrchain/indexer/service"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/simulated"
)

// fingerprint is the SHA-256 of every file under dir, by path.
func fingerprint(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out[strings.TrimPrefix(path, dir)] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameFiles(t *testing.T, before, after map[string][32]byte) {
	t.Helper()
	for p, h := range before {
		if a, ok := after[p]; !ok || a != h {
			t.Errorf("%s changed (present %v)", p, ok)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s appeared", p)
		}
	}
}

// An indexer stopped on chain A and started again on the same data directory against a longer
// chain B (another genesis, the same deployment at the same addresses, mined past the stored
// cursor) must refuse to start with an error naming both chains, and leave every file of its
// data directory, the webhook outbox included, byte for byte as it was.
func TestForeignChainRefusedAndDataUnchanged(t *testing.T) {
	ctx := context.Background()
	a := simulated.NewChain(chaintest.Accounts())
	defer a.Close()
	wa := chaintest.New(t, a)
	wa.Story(t)
	dir := t.TempDir()
	cfg := service.Config{Client: a.Client, Manifest: wa.Manifest, DataDir: dir, Listen: "127.0.0.1:0",
		PollInterval: 5 * time.Millisecond, Log: zerolog.Nop()}
	svc, err := service.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, svc.Store(), a)
	if err := svc.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	before := fingerprint(t, dir)
	if len(before) < 2 {
		t.Fatalf("data directory holds %d files, want the index and the outbox", len(before))
	}

	b := simulated.NewChain(append(chaintest.Accounts(), simulated.DevAccount("someone else")))
	defer b.Close()
	wb := chaintest.New(t, b)
	if wb.Manifest.Addresses() != wa.Manifest.Addresses() {
		t.Fatal("chain B's deployment is at other addresses")
	}
	wb.Story(t)
	wb.Story(t)
	ha, _ := a.Client.HeaderByNumber(ctx, nil)
	hb, _ := b.Client.HeaderByNumber(ctx, nil)
	if hb.Number.Cmp(ha.Number) <= 0 {
		t.Fatalf("chain B (%d) is not longer than A (%d)", hb.Number, ha.Number)
	}
	ga, _ := a.Client.HeaderByNumber(ctx, big.NewInt(0))
	gb, _ := b.Client.HeaderByNumber(ctx, big.NewInt(0))

	var out logBuffer
	cfg.Client, cfg.Manifest, cfg.Log = b.Client, wb.Manifest, zerolog.New(&out)
	svc, err = service.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	err = svc.Start(ctx)
	if !errors.Is(err, logpoller.ErrWrongChain) || !strings.Contains(err.Error(), ga.Hash().Hex()) || !strings.Contains(err.Error(), gb.Hash().Hex()) {
		t.Fatalf("start on chain B: %v, want ErrWrongChain naming %s and %s", err, ga.Hash().Hex(), gb.Hash().Hex())
	}
	sameFiles(t, before, fingerprint(t, dir))
	if strings.Contains(out.String(), "rolling back") {
		t.Fatalf("logged a rollback:\n%s", out.String())
	}

	// And the same indexer still starts on chain A.
	cfg.Client, cfg.Manifest = a.Client, wa.Manifest
	svc, err = service.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, svc.Store(), a)
	if err := svc.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}

// A node reset under a running indexer (the chain replaced by one with another genesis, shorter
// than the cursor, as when anvil restarts) stops ingestion with ErrWrongChain at once, instead
// of waiting for ever on a node "behind" the cursor; nothing is rolled back.
func TestChainResetStopsIngestion(t *testing.T) {
	ctx := context.Background()
	a := simulated.NewChain(chaintest.Accounts())
	defer a.Close()
	wa := chaintest.New(t, a)
	wa.Story(t)
	node := &switchClient{c: a.Client}
	var out logBuffer
	dir := t.TempDir()
	svc, err := service.New(service.Config{Client: node, Manifest: wa.Manifest, DataDir: dir, Listen: "127.0.0.1:0",
		PollInterval: 5 * time.Millisecond, Log: zerolog.New(&out), NoPush: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, svc.Store(), a)
	cur, _, _ := svc.Store().Cursor(ctx)

	reset := simulated.NewChain(append(chaintest.Accounts(), simulated.DevAccount("after the reset")))
	defer reset.Close()
	chaintest.New(t, reset)
	node.set(reset.Client)
	select {
	case <-svc.Done():
	case <-time.After(time.Minute):
		t.Fatalf("ingestion did not stop on a reset chain; log:\n%s", out.String())
	}
	if err := svc.Health(); err == nil || !strings.Contains(err.Error(), "another chain") {
		t.Fatalf("health after the reset: %v", err)
	}
	if err := svc.Stop(ctx); !errors.Is(err, logpoller.ErrWrongChain) {
		t.Fatalf("stop: %v, want ErrWrongChain", err)
	}
	st, err := service.OpenStore(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if after, _, err := st.Cursor(ctx); err != nil || after != cur {
		t.Fatalf("cursor moved from %d to %d (%v)", cur.Number, after.Number, err)
	}
}

// /healthz and /v1/status tell the truth while the node is down and while it is behind the
// stored cursor, and recover once it is back; /metrics shows the same.
func TestHealthWhileNodeIsDownOrBehind(t *testing.T) {
	ctx := context.Background()
	chain := simulated.NewChain(chaintest.Accounts())
	defer chain.Close()
	w := chaintest.New(t, chain)
	w.Story(t)
	node := &switchClient{c: chain.Client}
	// Push needs a client that calls contracts, which this switchable node is not; ingestion's
	// health is what is under test.
	svc, err := service.New(service.Config{Client: node, Manifest: w.Manifest, DataDir: t.TempDir(), Listen: "127.0.0.1:0",
		PollInterval: 20 * time.Millisecond, Log: zerolog.Nop(), NoPush: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer svc.Stop(ctx)
	waitSynced(t, svc.Store(), chain)
	base := "http://" + svc.Addr()
	get := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status := func() map[string]any {
		_, body := get("/v1/status")
		var m map[string]any
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Fatalf("status %s: %v", body, err)
		}
		return m
	}
	waitUntil := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitUntil("healthy", func() bool { code, _ := get("/healthz"); return code == 200 })
	if st := status(); st["synced"] != true || st["status"] != "ok" || st["nodeHead"] == nil {
		t.Fatalf("status while healthy: %v", st)
	}

	node.setDown(true)
	waitUntil("/healthz to report the outage", func() bool {
		code, body := get("/healthz")
		return code == http.StatusServiceUnavailable && strings.Contains(body, "unreachable")
	})
	if st := status(); st["synced"] != false || st["status"] != "degraded" || !strings.Contains(st["reason"].(string), "unreachable") {
		t.Fatalf("status while the node is down: %v", st)
	}
	if _, body := get("/healthz"); strings.Contains(body, "127.0.0.1") {
		t.Fatalf("health leaks the node's address: %s", body)
	}
	_, metrics := get("/metrics")
	if !strings.Contains(metrics, "emrchain_indexer_healthy 0") || !strings.Contains(metrics, "emrchain_indexer_cursor_block") {
		t.Fatalf("metrics while down:\n%s", metrics)
	}

	// The node comes back behind the stored cursor (a lagging replica).
	cur, _, _ := svc.Store().Cursor(ctx)
	node.set(lagging{chain.Client, cur.Number - 3})
	node.setDown(false)
	waitUntil("/healthz to report the node behind", func() bool {
		code, body := get("/healthz")
		return code == http.StatusServiceUnavailable && strings.Contains(body, "3 blocks behind the stored cursor")
	})
	if st := status(); st["synced"] != false || st["nodeBehindCursor"] != float64(3) {
		t.Fatalf("status while the node is behind: %v", st)
	}

	node.set(chain.Client)
	w.Story(t)
	waitUntil("healthy again", func() bool { code, _ := get("/healthz"); return code == 200 })
	waitSynced(t, svc.Store(), chain)
	_, metrics = get("/metrics")
	if !strings.Contains(metrics, "emrchain_indexer_healthy 1") || !strings.Contains(metrics, "emrchain_indexer_logs_applied_total") {
		t.Fatalf("metrics when healthy:\n%s", metrics)
	}
}

// switchClient is a node that can be replaced or taken down under a running service.
type switchClient struct {
	mu   sync.Mutex
	c    logpoller.Client
	down bool
}

func (s *switchClient) set(c logpoller.Client) { s.mu.Lock(); s.c = c; s.mu.Unlock() }

func (s *switchClient) setDown(d bool) { s.mu.Lock(); s.down = d; s.mu.Unlock() }

func (s *switchClient) get() (logpoller.Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down {
		return nil, errors.New(`Post "http://127.0.0.1:8545": dial tcp 127.0.0.1:8545: connect: connection refused`)
	}
	return s.c, nil
}

func (s *switchClient) HeaderByNumber(ctx context.Context, n *big.Int) (*types.Header, error) {
	c, err := s.get()
	if err != nil {
		return nil, err
	}
	return c.HeaderByNumber(ctx, n)
}

func (s *switchClient) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	c, err := s.get()
	if err != nil {
		return nil, err
	}
	return c.FilterLogs(ctx, q)
}

// logBuffer collects a logger's output from several goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }
