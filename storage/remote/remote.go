// Package remote shares one process's store with others on the same machine. An embedded store
// is locked to the process that opened it (devnet, oracle run); that process serves it here on
// loopback and writes the URL to EndpointFile in the store's directory, and other processes
// (CLI commands) use the Client instead of opening the directory.
//
// The serving process is trusted no more than any IPFS node: the client recomputes the CID of
// every object it reads and of every object it writes, and refuses a mismatch with
// storage.ErrIntegrity. It buffers whole objects to do so, which the 65 MiB object limit bounds.
package remote

import (
	"bytes"
	"context"
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
	"time"

	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/dag"
)

// EndpointFile is written beside the store's lock by the serving process.
const EndpointFile = "endpoint"

// Server serves a store on a loopback listener.
type Server struct {
	srv  *http.Server
	ln   net.Listener
	path string
}

// Serve serves st on 127.0.0.1 (a free port) and records the URL in dir/EndpointFile.
func Serve(st storage.Store, dir string) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("serve store: %w", err)
	}
	s := &Server{ln: ln, path: filepath.Join(dir, EndpointFile)}
	s.srv = &http.Server{Handler: Handler(st), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	if err := os.WriteFile(s.path, []byte("http://"+ln.Addr().String()+"\n"), 0o600); err != nil {
		s.srv.Close()
		return nil, fmt.Errorf("serve store: %w", err)
	}
	return s, nil
}

// URL is where the store is served.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// Close stops serving and removes the endpoint file.
func (s *Server) Close() error {
	_ = os.Remove(s.path)
	return s.srv.Close()
}

// Handler is the HTTP face of a store: POST /put, GET /get/{cid}, GET /has/{cid},
// POST /pin/{cid}, /unpin/{cid}, /remove/{cid}.
func Handler(st storage.Store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /put", func(w http.ResponseWriter, r *http.Request) {
		c, err := st.Put(r.Context(), r.Body)
		if err != nil {
			writeErr(w, err)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]string{"cid": c.String()})
	})
	mux.HandleFunc("GET /get/{cid}", func(w http.ResponseWriter, r *http.Request) {
		c, err := storage.ParseCID(r.PathValue("cid"))
		if err != nil {
			writeErr(w, err)
			return
		}
		obj, err := st.Get(r.Context(), c)
		if err != nil {
			writeErr(w, err)
			return
		}
		defer obj.Close()
		// Read it all before answering: an error found mid-object (a missing or corrupt block)
		// must reach the client as that error, not as a truncated 200.
		data, err := io.ReadAll(io.LimitReader(obj, storage.MaxObjectSize+1))
		if err != nil {
			writeErr(w, err)
			return
		}
		_, _ = w.Write(data)
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
	for op, fn := range map[string]func(context.Context, cid.Cid) error{"pin": st.Pin, "unpin": st.Unpin, "remove": st.Remove} {
		mux.HandleFunc("POST /"+op+"/{cid}", func(w http.ResponseWriter, r *http.Request) {
			c, err := storage.ParseCID(r.PathValue("cid"))
			if err == nil {
				err = fn(r.Context(), c)
			}
			if err != nil {
				writeErr(w, err)
			}
		})
	}
	return mux
}

// Error codes carried in the response so sentinel errors survive the hop.
var sentinels = map[string]error{
	"not-found": storage.ErrNotFound, "integrity": storage.ErrIntegrity, "invalid-cid": storage.ErrInvalidCID,
	"too-large": storage.ErrTooLarge, "unavailable": storage.ErrUnavailable,
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
	base string
	http *http.Client
}

var _ storage.Store = (*Client)(nil)

// Dial returns a client for the store served at base (http://127.0.0.1:PORT).
func Dial(base string) (*Client, error) {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" {
		return nil, fmt.Errorf("store endpoint %q: want http://host:port", base)
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("store endpoint %q is not on loopback", base)
	}
	return &Client{base: strings.TrimRight(base, "/"), http: &http.Client{}}, nil
}

// FromDir dials the store served for dir, if a process has written its endpoint there.
func FromDir(dir string) (*Client, error) {
	b, err := os.ReadFile(filepath.Join(dir, EndpointFile))
	if err != nil {
		return nil, fmt.Errorf("no process serves the store in %s: %w", dir, err)
	}
	return Dial(strings.TrimSpace(string(b)))
}

func (c *Client) do(ctx context.Context, method, path string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, err
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

// Put implements storage.Store: it computes the CID itself and checks the server's.
func (c *Client) Put(ctx context.Context, r io.Reader, opts ...storage.PutOption) (cid.Cid, error) {
	cfg := storage.ApplyPutOptions(opts)
	data, err := io.ReadAll(cfg.Source(r))
	if err != nil {
		return cid.Undef, fmt.Errorf("put: %w", err)
	}
	want, err := dag.Sum(ctx, bytes.NewReader(data))
	if err != nil {
		return cid.Undef, fmt.Errorf("put: %w", err)
	}
	resp, err := c.do(ctx, http.MethodPost, "/put", bytes.NewReader(data))
	if err != nil {
		return cid.Undef, fmt.Errorf("put: %w", err)
	}
	defer resp.Body.Close()
	var out struct{ CID string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return cid.Undef, fmt.Errorf("put: %w", err)
	}
	if out.CID != want.String() {
		return cid.Undef, fmt.Errorf("put: %w: server stored %s, the bytes are %s", storage.ErrIntegrity, out.CID, want)
	}
	return want, nil
}

// Get implements storage.Store, refusing bytes that do not hash to c.
func (c *Client) Get(ctx context.Context, id cid.Cid) (storage.Object, error) {
	if err := storage.CheckCID(id); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, http.MethodGet, "/get/"+id.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("get: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, storage.MaxObjectSize+1))
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", id, err)
	}
	got, err := dag.Sum(ctx, bytes.NewReader(data))
	if err != nil || !got.Equals(id) {
		return nil, fmt.Errorf("get %s: %w: the store returned other bytes", id, storage.ErrIntegrity)
	}
	return &object{Reader: bytes.NewReader(data), size: int64(len(data))}, nil
}

type object struct {
	*bytes.Reader
	size int64
}

func (o *object) Size() int64  { return o.size }
func (o *object) Close() error { return nil }

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

// Pin implements storage.Store.
func (c *Client) Pin(ctx context.Context, id cid.Cid) error { return c.post(ctx, "pin", id) }

// Unpin implements storage.Store.
func (c *Client) Unpin(ctx context.Context, id cid.Cid) error { return c.post(ctx, "unpin", id) }

// Remove implements storage.Store.
func (c *Client) Remove(ctx context.Context, id cid.Cid) error { return c.post(ctx, "remove", id) }
