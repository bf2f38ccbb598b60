package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/indexer/auth"
	"github.com/emrchain/emrchain/indexer/internal/chaintest"
	"github.com/emrchain/emrchain/indexer/service"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/simulated"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild())
	}
	os.Exit(m.Run())
}

// waitSynced waits until the store's cursor is the node's head.
func waitSynced(t *testing.T, st store.Store, chain *simulated.Chain) {
	t.Helper()
	ctx := context.Background()
	head, err := chain.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if c, ok, err := st.Cursor(ctx); err == nil && ok && c.Hash == head.Hash() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("indexer did not reach block %d", head.Number)
}

func TestServiceIngestsServesAndResumes(t *testing.T) {
	chain := simulated.NewChain(chaintest.Accounts())
	defer chain.Close()
	w := chaintest.New(t, chain)
	w.Story(t)
	ctx := context.Background()
	dir := t.TempDir()
	cfg := service.Config{
		Client: chain.Client, Manifest: w.Manifest, DataDir: dir, Listen: "127.0.0.1:0",
		MaxRange: 4, PollInterval: 10 * time.Millisecond, Log: zerolog.Nop(),
	}
	svc, err := service.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, svc.Store(), chain)

	// Sign in as the patient over HTTP and read the timeline.
	base := "http://" + svc.Addr()
	post := func(path string, body any, out any) {
		t.Helper()
		b, _ := json.Marshal(body)
		resp, err := http.Post(base+path, "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		json.NewDecoder(resp.Body).Decode(out)
	}
	var ch struct{ Nonce, Message string }
	post("/v1/auth/challenge", map[string]string{"address": w.Patient.Address.Hex()}, &ch)
	sig, _ := auth.Sign(w.Patient.Key, ch.Message)
	var tok struct{ Token string }
	post("/v1/auth/token", map[string]string{"address": w.Patient.Address.Hex(), "nonce": ch.Nonce, "signature": hexutil.Encode(sig)}, &tok)
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/v1/patients/%s/timeline", base, w.Patient.Address.Hex()), nil)
	req.Header.Set("Authorization", "Bearer "+tok.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var page struct{ Entries []json.RawMessage }
	json.NewDecoder(resp.Body).Decode(&page)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(page.Entries) != 27 {
		t.Fatalf("timeline over HTTP: %d, %d entries", resp.StatusCode, len(page.Entries))
	}
	if err := svc.Stop(ctx); err != nil {
		t.Fatal(err)
	}

	// More happens while the indexer is down; a new service on the same data resumes.
	w.Story(t)
	svc, err = service.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer svc.Stop(ctx)
	waitSynced(t, svc.Store(), chain)
	es, _, err := svc.Store().Timeline(ctx, w.Patient.Address, store.Filter{})
	if err != nil || len(es) != 27+24 { // a second story shares no new index key and allows no new search
		t.Fatalf("after resuming: %d entries, %v", len(es), err)
	}
}

func TestOpenStoreRefusesUnknownDatabases(t *testing.T) {
	if _, err := service.OpenStore(context.Background(), t.TempDir(), "mysql://x"); err == nil {
		t.Fatal("mysql DSN accepted")
	}
	if _, err := service.OpenStore(context.Background(), "", ""); err == nil {
		t.Fatal("no data directory accepted")
	}
}

// lagging is a node stuck at an older head: later blocks are not found.
type lagging struct {
	c    *simulated.AutoCommitClient
	head uint64
}

func (l lagging) HeaderByNumber(ctx context.Context, n *big.Int) (*types.Header, error) {
	if n == nil {
		n = new(big.Int).SetUint64(l.head)
	}
	if n.Uint64() > l.head {
		return nil, ethereum.NotFound
	}
	return l.c.HeaderByNumber(ctx, n)
}

func (l lagging) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	return l.c.FilterLogs(ctx, q)
}

// A load balancer that sends the indexer to a replica far behind must not cost it any data.
func TestLaggingNodeDoesNotWipeData(t *testing.T) {
	chain := simulated.NewChain(chaintest.Accounts())
	defer chain.Close()
	w := chaintest.New(t, chain)
	w.Story(t)
	ctx := context.Background()
	cfg := service.Config{Client: chain.Client, Manifest: w.Manifest, DataDir: t.TempDir(), Listen: "127.0.0.1:0",
		PollInterval: 5 * time.Millisecond, Log: zerolog.Nop()}
	svc, _ := service.New(cfg)
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, svc.Store(), chain)
	if err := svc.Stop(ctx); err != nil {
		t.Fatal(err)
	}

	st, err := service.OpenStore(ctx, cfg.DataDir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := logpoller.New(lagging{chain.Client, w.Manifest.DeploymentBlock + 2}, logpoller.Config{
		Addresses: w.Manifest.Addresses().List(), StartBlock: w.Manifest.DeploymentBlock,
	}, store.Follower(st), zerolog.Nop())
	for range 3 {
		if advanced, err := p.Step(ctx); advanced || err != nil {
			t.Fatalf("step against a lagging node: advanced=%v err=%v", advanced, err)
		}
	}
	es, _, err := st.Timeline(ctx, w.Patient.Address, store.Filter{})
	if err != nil || len(es) != 27 {
		t.Fatalf("after polling a lagging node: %d entries, %v", len(es), err)
	}
	cur, _, _ := st.Cursor(ctx)
	head, _ := chain.Client.HeaderByNumber(ctx, nil)
	if cur.Hash != head.Hash() {
		t.Fatalf("cursor moved to %d", cur.Number)
	}
}

// A start that fails (here: the API's port is taken) leaves a service that Stop leaves alone,
// as a caller unwinding a half-started system does.
func TestStopAfterAFailedStart(t *testing.T) {
	chain := simulated.NewChain(chaintest.Accounts())
	defer chain.Close()
	w := chaintest.New(t, chain)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	svc, err := service.New(service.Config{Client: chain.Client, Manifest: w.Manifest, DataDir: t.TempDir(), Listen: busy.Addr().String(), Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(context.Background()); err == nil {
		t.Fatal("started on a busy port")
	}
	if err := svc.Stop(context.Background()); err != nil {
		t.Fatalf("stop after a failed start: %v", err)
	}
}
