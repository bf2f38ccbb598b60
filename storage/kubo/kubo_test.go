package kubo

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/dag"
	"github.com/emrchain/emrchain/storage/embedded"
	"github.com/emrchain/emrchain/storage/storagetest"
	"github.com/ipfs/go-cid"
)

// liveNode returns a client for the Kubo node named by EMRCHAIN_KUBO_API
// (see scripts/kubo.sh). Without one the test is skipped, unless
// EMRCHAIN_REQUIRE_KUBO=1, as in CI, where a missing node is a failure.
func liveNode(t *testing.T) *Client {
	t.Helper()
	api := os.Getenv("EMRCHAIN_KUBO_API")
	if api == "" {
		const how = "EMRCHAIN_KUBO_API is not set; run: eval \"$(scripts/kubo.sh start /tmp/kubo-test)\""
		if os.Getenv("EMRCHAIN_REQUIRE_KUBO") == "1" {
			t.Fatal("EMRCHAIN_REQUIRE_KUBO=1 but " + how)
		}
		t.Skip(how)
	}
	c, err := New(api)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSuite(t *testing.T) {
	c := liveNode(t)
	storagetest.Run(t, func(*testing.T) storage.Store { return c })
}

// TestSameCIDAsEmbedded stores the same bytes in both backends. 45 MiB has
// more leaves than one interior node links, so the balanced tree's second
// level is compared too.
func TestSameCIDAsEmbedded(t *testing.T) {
	node := liveNode(t)
	local, err := embedded.Open(t.TempDir(), embedded.NoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	ctx := context.Background()
	for _, n := range []int{0, 1, dag.ChunkSize - 1, dag.ChunkSize, dag.ChunkSize + 1, 5 << 20, 45 << 20} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			data := make([]byte, n)
			crand.Read(data)
			fromNode, err := node.Put(ctx, bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			fromLocal, err := local.Put(ctx, bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if !fromNode.Equals(fromLocal) {
				t.Fatalf("Kubo stored %d bytes as %s, the embedded store as %s", n, fromNode, fromLocal)
			}
			if plain := addPlain(t, node.api, data); plain != fromLocal.String() {
				t.Fatalf("plain `ipfs add --cid-version=1` gives %s, the embedded store %s", plain, fromLocal)
			}
			r, err := node.Get(ctx, fromNode)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			got, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, data) {
				t.Fatal("Kubo returned different bytes")
			}
			if err := node.Remove(ctx, fromNode); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// addPlain adds data with only the documented options set, leaving every
// other layout setting to Kubo's defaults, and returns the CID Kubo reports.
func addPlain(t *testing.T, api string, data []byte) string {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, err := mw.CreateFormFile("file", "object")
	if err != nil {
		t.Fatal(err)
	}
	part.Write(data)
	mw.Close()
	resp, err := http.Post(api+"/api/v0/add?cid-version=1&raw-leaves=true&chunker=size-262144&pin=false", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Hash string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Hash == "" {
		t.Fatalf("plain add: HTTP %d, %v", resp.StatusCode, err)
	}
	return out.Hash
}

// fakeNode answers the RPC calls this package makes from an in-memory block
// map, so that misbehaving nodes can be simulated.
type fakeNode struct {
	mu     sync.Mutex
	blocks map[cid.Cid][]byte
	// addAnswer is the CID add reports; empty means the true one.
	addAnswer string
}

func (f *fakeNode) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case "/api/v0/block/get":
		c, err := cid.Decode(r.URL.Query().Get("arg"))
		if err != nil {
			rpcFail(w, http.StatusBadRequest, err.Error())
			return
		}
		f.mu.Lock()
		b, ok := f.blocks[c]
		f.mu.Unlock()
		if !ok {
			rpcFail(w, http.StatusInternalServerError, "block was not found locally (offline): ipld: could not find "+c.String())
			return
		}
		w.Write(b)
	case "/api/v0/add":
		file, _, err := r.FormFile("file")
		if err != nil {
			rpcFail(w, http.StatusBadRequest, err.Error())
			return
		}
		data, err := io.ReadAll(file)
		if err != nil {
			rpcFail(w, http.StatusBadRequest, err.Error())
			return
		}
		hash := f.addAnswer
		if hash == "" {
			root, err := dag.Sum(r.Context(), bytes.NewReader(data))
			if err != nil {
				rpcFail(w, http.StatusInternalServerError, err.Error())
				return
			}
			hash = root.String()
		}
		fmt.Fprintf(w, `{"Name":"object","Hash":%q,"Size":"%d"}`+"\n", hash, len(data))
	default:
		rpcFail(w, http.StatusNotFound, "unknown command")
	}
}

// set replaces or, with nil, deletes a block while readers closed early may
// still be prefetching.
func (f *fakeNode) set(c cid.Cid, b []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if b == nil {
		delete(f.blocks, c)
		return
	}
	f.blocks[c] = b
}

func rpcFail(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"Message":%q,"Code":0,"Type":"error"}`, msg)
}

func fakeClient(t *testing.T, f *fakeNode) *Client {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, WithRetry(3, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTamperedBlocksAreRejected(t *testing.T) {
	data := make([]byte, 3*dag.ChunkSize+10)
	crand.Read(data)
	root, blocks := storagetest.Blocks(t, data)
	node := &fakeNode{blocks: blocks}
	c := fakeClient(t, node)
	ctx := context.Background()

	r, err := c.Get(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	r.Close()
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("honest fake: %v", err)
	}

	var leaf cid.Cid
	for k := range blocks {
		if k.Type() == cid.Raw {
			leaf = k
			break
		}
	}
	node.set(leaf, append([]byte("forged "), blocks[leaf]...))
	r, err = c.Get(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(r)
	r.Close()
	if !errors.Is(err, storage.ErrIntegrity) || !strings.Contains(err.Error(), leaf.String()) {
		t.Fatalf("forged leaf: %v, want ErrIntegrity naming %s", err, leaf)
	}

	node.set(root, append(bytes.Clone(blocks[root]), 0))
	if _, err := c.Get(ctx, root); !errors.Is(err, storage.ErrIntegrity) || !strings.Contains(err.Error(), root.String()) {
		t.Fatalf("forged root: %v, want ErrIntegrity naming %s", err, root)
	}

	node.set(root, make([]byte, maxBlockSize+1))
	if _, err := c.Get(ctx, root); !errors.Is(err, storage.ErrIntegrity) {
		t.Fatalf("oversized block: %v, want ErrIntegrity", err)
	}

	node.set(root, nil)
	if _, err := c.Get(ctx, root); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("missing root: %v, want ErrNotFound", err)
	}
}

func TestAddAnswerIsChecked(t *testing.T) {
	ctx := context.Background()
	data := []byte("sealed record")
	honest := fakeClient(t, &fakeNode{})
	c, err := honest.Put(ctx, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := dag.Sum(ctx, bytes.NewReader(data)); !c.Equals(want) {
		t.Fatalf("Put = %s, want %s", c, want)
	}

	other, _ := dag.Sum(ctx, strings.NewReader("another record"))
	for answer, want := range map[string]error{
		other.String(): storage.ErrIntegrity,
		"QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG": storage.ErrIntegrity, // CIDv0
		"not a cid": storage.ErrIntegrity,
	} {
		lying := fakeClient(t, &fakeNode{addAnswer: answer})
		if _, err := lying.Put(ctx, bytes.NewReader(data)); !errors.Is(err, want) {
			t.Errorf("node answering %q: %v, want %v", answer, err, want)
		}
	}
}

// refusingListener accepts connections and drops them at once, counting
// how many times the client tried.
func refusingListener(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var n atomic.Int32
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			conn.Close()
		}
	}()
	return "http://" + ln.Addr().String(), &n
}

func TestNodeDown(t *testing.T) {
	ctx := context.Background()
	some, _ := dag.Sum(ctx, strings.NewReader("x"))

	api, tries := refusingListener(t)
	c, err := New(api, WithRetry(3, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Get(ctx, some)
	if !errors.Is(err, storage.ErrUnavailable) || !strings.Contains(err.Error(), api+"/api/v0/block/get") {
		t.Fatalf("Get from a node dropping connections: %v, want ErrUnavailable naming the URL", err)
	}
	if got := tries.Load(); got != 3 {
		t.Fatalf("tried %d times, want 3", got)
	}

	// A connection that is accepted and dropped may already have taken
	// part of the stream, so all Put can promise is the error.
	if _, err := c.Put(ctx, strings.NewReader("record")); !errors.Is(err, storage.ErrUnavailable) {
		t.Fatalf("Put to a node dropping connections: %v, want ErrUnavailable", err)
	}

	// Nothing listening at all.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	c, err = New(closed, WithRetry(2, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	for name, call := range map[string]func() error{
		"Has":    func() error { _, err := c.Has(ctx, some); return err },
		"Pin":    func() error { return c.Pin(ctx, some) },
		"Unpin":  func() error { return c.Unpin(ctx, some) },
		"Remove": func() error { return c.Remove(ctx, some) },
		"Put":    func() error { _, err := c.Put(ctx, strings.NewReader("r")); return err },
	} {
		err := call()
		if !errors.Is(err, storage.ErrUnavailable) || !strings.Contains(err.Error(), closed) || !strings.Contains(err.Error(), "after 2 attempts") {
			t.Errorf("%s with nothing listening: %v, want ErrUnavailable naming %s after 2 attempts", name, err, closed)
		}
	}

	// Put retried without touching the stream: no connection ever took it.
	var consumed atomic.Bool
	_, err = c.Put(ctx, strings.NewReader("record"), storage.WithProgress(func(int64) { consumed.Store(true) }))
	if !errors.Is(err, storage.ErrUnavailable) {
		t.Fatalf("Put with nothing listening: %v", err)
	}
	if consumed.Load() {
		t.Fatal("Put consumed the stream without a connection")
	}
}

// TestConnectionLostMidStream: once part of the caller's stream has been
// sent it cannot be replayed, so Put fails at once instead of retrying.
func TestConnectionLostMidStream(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		io.CopyN(io.Discard, r.Body, 64<<10)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer srv.Close()
	c, err := New(srv.URL, WithRetry(3, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	data := make([]byte, 4<<20)
	_, err = c.Put(context.Background(), bytes.NewReader(data))
	if !errors.Is(err, storage.ErrUnavailable) {
		t.Fatalf("Put over a dropped connection: %v, want ErrUnavailable", err)
	}
	if got := calls.Load(); got != 1 {
		t.Fatalf("node saw %d requests, want 1", got)
	}
}

func TestRPCErrors(t *testing.T) {
	for msg, notFound := range map[string]bool{
		"block was not found locally (offline): ipld: could not find bafk": true,
		"pin: ipld: could not find bafk":                                   true,
		"merkledag: not found":                                             true,
		"invalid path":                                                     false,
	} {
		err := error(&rpcError{cmd: "block/get", status: 500, msg: msg})
		if errors.Is(err, storage.ErrNotFound) != notFound {
			t.Errorf("%q: errors.Is(ErrNotFound) = %v, want %v", msg, !notFound, notFound)
		}
		if !strings.Contains(err.Error(), msg) {
			t.Errorf("error %q lost the node's message", err)
		}
	}
}

func TestNewRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"", "127.0.0.1:5001", "ftp://host:1", "http://", "http://host:5001/api/v0", "/ip4/127.0.0.1/tcp/5001", "http://[::1"} {
		if _, err := New(u); err == nil {
			t.Errorf("New(%q) accepted", u)
		}
	}
	for _, u := range []string{"http://127.0.0.1:5001", "http://127.0.0.1:5001/", "https://ipfs.example:443"} {
		if _, err := New(u); err != nil {
			t.Errorf("New(%q): %v", u, err)
		}
	}
}

// Pins lists what Put pinned, and forgets what Remove unpinned.
func TestPinsListsRecursivePins(t *testing.T) {
	c := liveNode(t)
	ctx := context.Background()
	data := make([]byte, 300<<10)
	if _, err := crand.Read(data); err != nil {
		t.Fatal(err)
	}
	id, err := c.Put(ctx, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	has := func() bool {
		pins, err := c.Pins(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pins {
			if p.CID.Equals(id) {
				if !p.Since.IsZero() {
					t.Errorf("Kubo keeps no pin times, yet Since = %v", p.Since)
				}
				return true
			}
		}
		return false
	}
	if !has() {
		t.Fatalf("Pins lacks %s just put", id)
	}
	if err := c.Remove(ctx, id); err != nil {
		t.Fatal(err)
	}
	if has() {
		t.Fatalf("Pins still lists %s after Remove", id)
	}
}
