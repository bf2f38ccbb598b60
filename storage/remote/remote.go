// Package remote shares one process's store with others on the same machine. An embedded store
// is locked to the process that opened it (devnet, oracle run); that process serves it here on
// loopback and writes the URL to EndpointFile in the store's directory, and other processes
// (CLI commands) use the Client instead of opening the directory.
//
// The serving process is trusted no more than any IPFS node: the client reads objects block by
// block (GET /block/{cid}) and walks the DAG itself, hashing every block against its CID as
// package storage/dag does for Kubo, and it computes the CID of every object it writes while
// streaming it and refuses a server that reports another, with storage.ErrIntegrity. Objects
// stream both ways, so memory stays a few blocks whatever their size.
//
// Writes (put, pin, unpin, remove) need the serving process's token: 32 random bytes drawn at
// every Serve and written, mode 0600, to TokenFile beside the endpoint, so only processes that
// can read the store's directory can change it. Capsule CIDs are public on chain, so without it
// anything that reaches the loopback port (another user's process, a request forged through a
// webhook or a browser) could unpin or delete a record's key capsule. Reads need no token: a
// reader can only get bytes whose hash it already knows, and checks them. The token is compared
// in constant time. A Unix socket would have put the same check on the file system, but socket
// paths are limited to about 100 bytes, which deep data directories exceed, so the store stays
// on loopback TCP.
package remote

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/dag"
)

// EndpointFile is written beside the store's lock by the serving process.
const EndpointFile = "endpoint"

// TokenFile holds the token writes must carry, beside EndpointFile, mode 0600.
const TokenFile = "token"

// ErrUnauthorized means the serving process refused a write: the token was missing or is not
// the one it wrote (another process serves the store now, or the token file was not readable).
var ErrUnauthorized = errors.New("the store's serving process refused the write token")

// BlockStore is a store that also hands out its raw blocks, which the client verifies itself:
// what Serve needs. The embedded store is one.
type BlockStore interface {
	storage.Store
	dag.Source
}

// Server serves a store on a loopback listener.
type Server struct {
	srv   *http.Server
	ln    net.Listener
	dir   string
	token string
}

// Serve serves st on 127.0.0.1 (a free port) and records the URL in dir/EndpointFile and a
// fresh write token in dir/TokenFile. The token is written first, so a client that finds the
// endpoint also finds its token.
func Serve(st BlockStore, dir string) (*Server, error) {
	token, err := newToken()
	if err != nil {
		return nil, fmt.Errorf("serve store: %w", err)
	}
	if err := writePrivate(filepath.Join(dir, TokenFile), token+"\n"); err != nil {
		return nil, fmt.Errorf("serve store: write token: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("serve store: %w", err)
	}
	s := &Server{ln: ln, dir: dir, token: token}
	s.srv = &http.Server{Handler: Handler(st, token), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	if err := writePrivate(filepath.Join(dir, EndpointFile), "http://"+ln.Addr().String()+"\n"); err != nil {
		s.srv.Close()
		return nil, fmt.Errorf("serve store: %w", err)
	}
	return s, nil
}

func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("write token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// writePrivate replaces path with content, mode 0600, through a rename so that no reader ever
// sees half a file.
func writePrivate(path, content string) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // nothing is left to remove after a successful rename
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// URL is where the store is served.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// Token is the token writes must carry.
func (s *Server) Token() string { return s.token }

// Close stops serving and removes the endpoint and token files.
func (s *Server) Close() error {
	_ = os.Remove(filepath.Join(s.dir, EndpointFile))
	_ = os.Remove(filepath.Join(s.dir, TokenFile))
	return s.srv.Close()
}

// Handler is the HTTP face of a store: GET /block/{cid} and /has/{cid} for anyone; POST /put,
// /pin/{cid}, /unpin/{cid} and /remove/{cid} only with "Authorization: Bearer <token>". An
// empty token refuses every write.
func Handler(st BlockStore, token string) http.Handler {
	mux := http.NewServeMux()
	write := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			got, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if token == "" || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusUnauthorized)
				_ = json.NewEncoder(w).Encode(map[string]string{"code": "unauthorized", "error": "writes need the token in " + TokenFile + " beside the store"})
				return
			}
			h(w, r)
		}
	}
	mux.HandleFunc("POST /put", write(func(w http.ResponseWriter, r *http.Request) {
		c, err := st.Put(r.Context(), r.Body)
		if err != nil {
			writeErr(w, err)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]string{"cid": c.String()})
	}))
	mux.HandleFunc("GET /block/{cid}", func(w http.ResponseWriter, r *http.Request) {
		c, err := storage.ParseCID(r.PathValue("cid"))
		if err != nil {
			writeErr(w, err)
			return
		}
		// Not verified here: the client hashes every block it is given.
		b, err := st.Block(r.Context(), c)
		if err != nil {
			writeErr(w, err)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write(b)
	})
	mux.HandleFunc("GET /has/{cid}", func(w http.ResponseWriter, r *http.Request) {
		c, err := storage.ParseCID(r.PathValue("cid"))
		if err != nil {
			writeErr(w, err)
			return
		}
		ok, err := st.Has(r.Context(), c)
		if err != nil {
			writeErr(w, err)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]bool{"has": ok})
	})
	// Listing everything stored, and sweeping, are for the store's owner: they need the token.
	mux.HandleFunc("GET /pins", write(func(w http.ResponseWriter, r *http.Request) {
		pl, ok := st.(storage.PinLister)
		if !ok {
			http.Error(w, "this store cannot list its pins", http.StatusNotImplemented)
			return
		}
		pins, err := pl.Pins(r.Context())
		if err != nil {
			writeErr(w, err)
			return
		}
		out := make([]wirePin, len(pins))
		for i, p := range pins {
			out[i] = wirePin{CID: p.CID.String(), Since: p.Since}
		}
		_ = json.NewEncoder(w).Encode(out)
	}))
	mux.HandleFunc("POST /sweep", write(func(w http.ResponseWriter, r *http.Request) {
		sw, ok := st.(storage.Sweeper)
		if !ok {
			http.Error(w, "this store cannot sweep", http.StatusNotImplemented)
			return
		}
		res, err := sw.Sweep(r.Context(), r.URL.Query().Get("dry-run") == "true")
		if err != nil {
			writeErr(w, err)
			return
		}
		_ = json.NewEncoder(w).Encode(res)
	}))
	for op, fn := range map[string]func(context.Context, cid.Cid) error{"pin": st.Pin, "unpin": st.Unpin, "remove": st.Remove} {
		mux.HandleFunc("POST /"+op+"/{cid}", write(func(w http.ResponseWriter, r *http.Request) {
			c, err := storage.ParseCID(r.PathValue("cid"))
			if err == nil {
				err = fn(r.Context(), c)
			}
			if err != nil {
				writeErr(w, err)
			}
		}))
	}
	return mux
}

type wirePin struct {
	CID   string    `json:"cid"`
	Since time.Time `json:"since"`
}

// Error codes carried in the response so sentinel errors survive the hop.
var sentinels = map[string]error{
	"not-found": storage.ErrNotFound, "integrity": storage.ErrIntegrity, "invalid-cid": storage.ErrInvalidCID,
	"too-large": storage.ErrTooLarge, "unavailable": storage.ErrUnavailable, "unauthorized": ErrUnauthorized,
	"no-space": storage.ErrNoSpace,
}

func writeErr(w http.ResponseWriter, err error) {
	code := ""
	for k, s := range sentinels {
		if errors.Is(err, s) {
			code = k
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusUnprocessableEntity)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code, "error": err.Error()})
}

// Client is a storage.Store reached through a Server.
type Client struct {
	base  string
	token string
	http  *http.Client
}

var (
	_ storage.Store     = (*Client)(nil)
	_ storage.PinLister = (*Client)(nil)
	_ storage.Sweeper   = (*Client)(nil)
)

// Dial returns a client for the store served at base (http://127.0.0.1:PORT) whose writes carry
// token (the content of the serving process's TokenFile; empty for a read-only client).
func Dial(base, token string) (*Client, error) {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" {
		return nil, fmt.Errorf("store endpoint %q: want http://host:port", base)
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("store endpoint %q is not on loopback", base)
	}
	return &Client{base: strings.TrimRight(base, "/"), token: token, http: &http.Client{}}, nil
}

// FromDir dials the store served for dir, if a process has written its endpoint there, with the
// write token it wrote beside it.
func FromDir(dir string) (*Client, error) {
	b, err := os.ReadFile(filepath.Join(dir, EndpointFile))
	if err != nil {
		return nil, fmt.Errorf("no process serves the store in %s: %w", dir, err)
	}
	tok, err := os.ReadFile(filepath.Join(dir, TokenFile))
	if err != nil {
		return nil, fmt.Errorf("the store in %s is served without a readable write token: %w", dir, err)
	}
	return Dial(strings.TrimSpace(string(b)), strings.TrimSpace(string(tok)))
}

func (c *Client) do(ctx context.Context, method, path string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, err
	}
	if (method == http.MethodPost || path == "/pins") && c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w: %s: %v", storage.ErrUnavailable, c.base, err)
	}
	if resp.StatusCode == http.StatusOK {
		return resp, nil
	}
	defer resp.Body.Close()
	var e struct{ Code, Error string }
	_ = json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&e)
	if s, ok := sentinels[e.Code]; ok {
		return nil, fmt.Errorf("%w (from %s: %s)", s, c.base, e.Error)
	}
	return nil, fmt.Errorf("store at %s: %s: %s", c.base, resp.Status, e.Error)
}

// Put implements storage.Store: it streams the object to the server while computing its CID,
// and checks the server's.
func (c *Client) Put(ctx context.Context, r io.Reader, opts ...storage.PutOption) (cid.Cid, error) {
	cfg := storage.ApplyPutOptions(opts)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	sumR, sumW := io.Pipe()
	sumc := make(chan sumResult, 1)
	go func() {
		root, err := dag.Sum(ctx, sumR)
		// Unblocks the upload if hashing stopped early.
		sumR.CloseWithError(errOr(err, errAborted))
		sumc <- sumResult{root, err}
	}()
	src := &recordingReader{r: io.TeeReader(cfg.Source(r), sumW)}
	// The body ends with the caller's stream; a failed stream fails the request, which makes the
	// server discard what it staged.
	body := &finishingReader{r: src, done: func(err error) {
		if err == nil || err == io.EOF {
			sumW.Close()
			return
		}
		sumW.CloseWithError(err)
		cancel()
	}}
	defer body.stop()
	resp, err := c.do(ctx, http.MethodPost, "/put", body)
	if serr := src.failed(); serr != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return cid.Undef, fmt.Errorf("put: %w", serr)
	}
	if err != nil {
		sumW.CloseWithError(errAborted)
		return cid.Undef, fmt.Errorf("put: %w", err)
	}
	defer resp.Body.Close()
	var out struct{ CID string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		sumW.CloseWithError(errAborted)
		return cid.Undef, fmt.Errorf("put: %w", err)
	}
	sum := <-sumc
	if sum.err != nil {
		return cid.Undef, fmt.Errorf("put: local hash: %w", sum.err)
	}
	if out.CID != sum.root.String() {
		return cid.Undef, fmt.Errorf("put: %w: server stored %s, the bytes are %s", storage.ErrIntegrity, out.CID, sum.root)
	}
	return sum.root, nil
}

type sumResult struct {
	root cid.Cid
	err  error
}

// errAborted ends the local hashing when the upload failed.
var errAborted = errors.New("upload aborted")

func errOr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// recordingReader remembers its reader's first error other than EOF: a failing caller's stream
// must be reported as itself, not as the broken upload it causes.
type recordingReader struct {
	r   io.Reader
	mu  sync.Mutex
	err error
}

func (r *recordingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		r.mu.Lock()
		if r.err == nil {
			r.err = err
		}
		r.mu.Unlock()
	}
	return n, err
}

func (r *recordingReader) failed() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// finishingReader calls done once, with the first error its reader returns (io.EOF at the end).
// Once stopped it reads no more, so the caller's stream is not touched after Put returns.
type finishingReader struct {
	r       io.Reader
	done    func(error)
	once    sync.Once
	stopped atomic.Bool
}

func (f *finishingReader) stop() { f.stopped.Store(true) }

func (f *finishingReader) Read(p []byte) (int, error) {
	if f.stopped.Load() {
		return 0, errAborted
	}
	n, err := f.r.Read(p)
	if err != nil {
		f.once.Do(func() { f.done(err) })
	}
	return n, err
}

// Get implements storage.Store. Blocks are fetched one by one and each is hashed against its
// CID before use, so a lying server can only make the read fail with storage.ErrIntegrity.
func (c *Client) Get(ctx context.Context, id cid.Cid) (storage.Object, error) {
	r, err := dag.NewReader(ctx, id, blockSource{c})
	if err != nil {
		return nil, fmt.Errorf("get: %w", err)
	}
	return r, nil
}

// maxBlockSize bounds what the server may send for one block: IPFS blocks are at most 2 MiB,
// ours at most 256 KiB.
const maxBlockSize = 2 << 20

type blockSource struct{ c *Client }

func (s blockSource) Block(ctx context.Context, id cid.Cid) ([]byte, error) {
	resp, err := s.c.do(ctx, http.MethodGet, "/block/"+id.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("block %s: %w", id, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBlockSize+1))
	if err != nil {
		return nil, fmt.Errorf("block %s: %w", id, err)
	}
	if len(b) > maxBlockSize {
		return nil, fmt.Errorf("%w: block %s: the store sent more than %d bytes", storage.ErrIntegrity, id, maxBlockSize)
	}
	return b, nil
}

// Has implements storage.Store.
func (c *Client) Has(ctx context.Context, id cid.Cid) (bool, error) {
	resp, err := c.do(ctx, http.MethodGet, "/has/"+id.String(), nil)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	var out struct{ Has bool }
	err = json.NewDecoder(resp.Body).Decode(&out)
	return out.Has, err
}

func (c *Client) post(ctx context.Context, op string, id cid.Cid) error {
	resp, err := c.do(ctx, http.MethodPost, "/"+op+"/"+id.String(), nil)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return resp.Body.Close()
}

// Pins implements storage.PinLister.
func (c *Client) Pins(ctx context.Context) ([]storage.Pin, error) {
	resp, err := c.do(ctx, http.MethodGet, "/pins", nil)
	if err != nil {
		return nil, fmt.Errorf("pins: %w", err)
	}
	defer resp.Body.Close()
	var wire []wirePin
	if err := json.NewDecoder(resp.Body).Decode(&wire); err != nil {
		return nil, fmt.Errorf("pins: %w", err)
	}
	out := make([]storage.Pin, 0, len(wire))
	for _, p := range wire {
		id, err := storage.ParseCID(p.CID)
		if err != nil {
			return nil, fmt.Errorf("pins: %w", err)
		}
		out = append(out, storage.Pin{CID: id, Since: p.Since})
	}
	return out, nil
}

// Sweep implements storage.Sweeper.
func (c *Client) Sweep(ctx context.Context, dryRun bool) (storage.Swept, error) {
	resp, err := c.do(ctx, http.MethodPost, "/sweep?dry-run="+fmt.Sprint(dryRun), nil)
	if err != nil {
		return storage.Swept{}, fmt.Errorf("sweep: %w", err)
	}
	defer resp.Body.Close()
	var out storage.Swept
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return storage.Swept{}, fmt.Errorf("sweep: %w", err)
	}
	return out, nil
}

// Pin implements storage.Store.
func (c *Client) Pin(ctx context.Context, id cid.Cid) error { return c.post(ctx, "pin", id) }

// Unpin implements storage.Store.
func (c *Client) Unpin(ctx context.Context, id cid.Cid) error { return c.post(ctx, "unpin", id) }

// Remove implements storage.Store.
func (c *Client) Remove(ctx context.Context, id cid.Cid) error { return c.post(ctx, "remove", id) }
