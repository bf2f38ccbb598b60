package remote_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/dag"
	"github.com/emrchain/emrchain/storage/embedded"
	"github.com/emrchain/emrchain/storage/remote"
	"github.com/emrchain/emrchain/storage/storagetest"
)

// The remote client passes the same conformance suite as the stores it fronts.
func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store {
		dir := t.TempDir()
		st, err := embedded.Open(dir, embedded.NoSync())
		if err != nil {
			t.Fatal(err)
		}
		srv, err := remote.Serve(st, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { srv.Close(); st.Close() })
		c, err := remote.FromDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		return c
	})
}

// A serving process that returns other bytes than asked for is caught.
func TestLyingServerIsAnIntegrityError(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := embedded.Open(dir, embedded.NoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	good, err := st.Put(ctx, strings.NewReader("the record"))
	if err != nil {
		t.Fatal(err)
	}
	liar := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "another record")
	}))
	defer liar.Close()
	c, err := remote.Dial(liar.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(ctx, good); !errors.Is(err, storage.ErrIntegrity) {
		t.Fatalf("got %v, want ErrIntegrity", err)
	}
	if _, err := remote.Dial("http://192.0.2.1:5001", ""); err == nil {
		t.Fatal("a non-loopback endpoint was accepted")
	}
}

// Anything that reaches the loopback port without the token in the store's directory can read
// (CID-checked) but cannot write, unpin or delete. Capsule CIDs are public on chain, so an open
// /remove would let anyone delete a record's key.
func TestWritesNeedTheToken(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := embedded.Open(dir, embedded.NoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	capsule, err := st.Put(ctx, strings.NewReader("a record's key capsule"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Pin(ctx, capsule); err != nil {
		t.Fatal(err)
	}
	srv, err := remote.Serve(st, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	post := func(path, token, body string) int {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, srv.URL()+path, strings.NewReader(body))
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
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, token := range []string{"", "0000", strings.Repeat("ab", 32)} {
		for _, path := range []string{"/remove/" + capsule.String(), "/unpin/" + capsule.String(), "/pin/" + capsule.String(), "/put"} {
			if code := post(path, token, "junk"); code != http.StatusUnauthorized {
				t.Errorf("POST %s with token %q: %d, want 401", path, token, code)
			}
		}
	}
	if ok, err := st.Has(ctx, capsule); err != nil || !ok {
		t.Fatalf("the capsule is gone after unauthenticated writes: %v %v", ok, err)
	}
	if err := st.Unpin(ctx, capsule); err != nil {
		t.Fatalf("the capsule lost its pin: %v", err)
	}
	if err := st.Pin(ctx, capsule); err != nil {
		t.Fatal(err)
	}

	// Reads stay open: the reader checks the bytes against the CID it asked for.
	resp, err := http.Get(srv.URL() + "/block/" + capsule.String())
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(got) != "a record's key capsule" {
		t.Fatalf("read without a token: %d %q", resp.StatusCode, got)
	}

	// The token file is the owner's alone, and it is what a local client presents.
	tokenPath := filepath.Join(dir, remote.TokenFile)
	fi, err := os.Stat(tokenPath)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file mode %v, want 0600", fi.Mode().Perm())
	}
	token, _ := os.ReadFile(tokenPath)
	if code := post("/unpin/"+capsule.String(), strings.TrimSpace(string(token)), ""); code != http.StatusOK {
		t.Fatalf("unpin with the token: %d", code)
	}
}

// A client holding a stale token (another process serves the store now) gets a clear error.
func TestStaleTokenIsRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := embedded.Open(dir, embedded.NoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv, err := remote.Serve(st, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := remote.Dial(srv.URL(), strings.Repeat("0", 64))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Put(ctx, strings.NewReader("x")); !errors.Is(err, remote.ErrUnauthorized) {
		t.Fatalf("put with a stale token: %v", err)
	}
	good, err := remote.FromDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	id, err := good.Put(ctx, strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	// A reader without any token still reads.
	ro, err := remote.Dial(srv.URL(), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.Get(ctx, id); err != nil {
		t.Fatalf("read-only client: %v", err)
	}
	if err := ro.Remove(ctx, id); !errors.Is(err, remote.ErrUnauthorized) {
		t.Fatalf("remove without a token: %v", err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{remote.EndpointFile, remote.TokenFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s left behind after Close: %v", f, err)
		}
	}
}

// seenStore counts what the serving side has received and served.
type seenStore struct {
	remote.BlockStore
	received atomic.Int64 // bytes the server's Put has read from the request
	blocks   atomic.Int64 // blocks served
}

func (s *seenStore) Put(ctx context.Context, r io.Reader, opts ...storage.PutOption) (cid.Cid, error) {
	return s.BlockStore.Put(ctx, r, append(opts, storage.WithProgress(func(n int64) { s.received.Store(n) }))...)
}

func (s *seenStore) Block(ctx context.Context, c cid.Cid) ([]byte, error) {
	s.blocks.Add(1)
	return s.BlockStore.Block(ctx, c)
}

// Objects stream through the client both ways: the server stores the start of an object before
// the caller has produced the rest, and a reader fetches blocks as it reads, not the object up
// front. Records of many GiB go through here, so neither side may hold a whole object.
func TestStreamsBothWays(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := embedded.Open(dir, embedded.NoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	seen := &seenStore{BlockStore: st}
	srv, err := remote.Serve(seen, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := remote.FromDir(dir)
	if err != nil {
		t.Fatal(err)
	}

	const half = 16 << 20
	data := make([]byte, 2*half)
	if _, err := rand.Read(data); err != nil {
		t.Fatal(err)
	}
	// The second half is only produced once the server has stored most of the first: a client
	// that buffered the object before sending would wait here forever.
	gate := &gatedReader{first: data[:half], second: data[half:], ready: func() bool { return seen.received.Load() >= half-1<<20 }}
	id, err := c.Put(ctx, gate)
	if err != nil {
		t.Fatal(err)
	}
	if !gate.waited {
		t.Fatal("the reader was never asked for the second half")
	}

	before := seen.blocks.Load()
	obj, err := c.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(obj, make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	total := int64(2*half/dag.ChunkSize) + 1
	if got := seen.blocks.Load() - before; got >= total/2 {
		t.Fatalf("reading one byte fetched %d of the object's %d blocks", got, total)
	}
	got, err := io.ReadAll(obj)
	obj.Close()
	if err != nil || !bytes.Equal(got, data[1:]) {
		t.Fatalf("read back %d bytes, %v", len(got)+1, err)
	}
}

// gatedReader yields first, then waits (polling, bounded) until ready before yielding second.
type gatedReader struct {
	first, second []byte
	ready         func() bool
	waited        bool
}

func (g *gatedReader) Read(p []byte) (int, error) {
	if len(g.first) > 0 {
		n := copy(p, g.first)
		g.first = g.first[n:]
		return n, nil
	}
	if !g.waited {
		deadline := time.Now().Add(30 * time.Second)
		for !g.ready() {
			if time.Now().After(deadline) {
				return 0, errors.New("the server received nothing while the client held the first half: the client buffers instead of streaming")
			}
			time.Sleep(5 * time.Millisecond)
		}
		g.waited = true
	}
	if len(g.second) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.second)
	g.second = g.second[n:]
	return n, nil
}

// A caller's stream that fails mid-way fails the Put with its own error and leaves nothing on
// the server.
func TestFailedStreamLeavesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := embedded.Open(dir, embedded.NoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv, err := remote.Serve(st, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := remote.FromDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	data := make([]byte, 3<<20)
	if _, err := rand.Read(data); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk read failed")
	_, err = c.Put(ctx, io.MultiReader(bytes.NewReader(data[:2<<20]), iotest.ErrReader(boom)))
	if !errors.Is(err, boom) {
		t.Fatalf("Put from a failing reader: %v, want its error", err)
	}
	for _, n := range []int{2 << 20, 3 << 20} {
		want, err := dag.Sum(ctx, bytes.NewReader(data[:n]))
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := st.Has(ctx, want); err != nil || ok {
			t.Fatalf("the server kept %d bytes of a failed put: %v %v", n, ok, err)
		}
	}
}

// Listing pins and sweeping go through the serving process, for its token holders only.
func TestPinsAndSweepNeedTheToken(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := embedded.Open(dir, embedded.NoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv, err := remote.Serve(st, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := remote.FromDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := c.Put(ctx, strings.NewReader("kept"))
	if err != nil {
		t.Fatal(err)
	}
	gone, err := c.Put(ctx, strings.NewReader("unpinned"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Unpin(ctx, gone); err != nil {
		t.Fatal(err)
	}
	pins, err := c.Pins(ctx)
	if err != nil || len(pins) != 1 || !pins[0].CID.Equals(kept) || pins[0].Since.IsZero() {
		t.Fatalf("Pins = %v, %v; want just %s with its time", pins, err, kept)
	}
	if dry, err := c.Sweep(ctx, true); err != nil || dry.Blocks != 1 {
		t.Fatalf("dry sweep: %+v, %v", dry, err)
	}
	ro, err := remote.Dial(srv.URL(), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.Pins(ctx); !errors.Is(err, remote.ErrUnauthorized) {
		t.Fatalf("pins without the token: %v", err)
	}
	if _, err := ro.Sweep(ctx, false); !errors.Is(err, remote.ErrUnauthorized) {
		t.Fatalf("sweep without the token: %v", err)
	}
	if swept, err := c.Sweep(ctx, false); err != nil || swept.Blocks != 1 {
		t.Fatalf("sweep: %+v, %v", swept, err)
	}
	if ok, _ := st.Has(ctx, gone); ok {
		t.Fatal("the unpinned object survived the sweep")
	}
}
