// Package kubo is the storage backend for a running Kubo (go-ipfs) node,
// spoken to over its HTTP RPC API with plain net/http.
//
// # Trust
//
// The node is not trusted. Put streams the object to /api/v0/add with the
// options that give the layout of package storage/dag, hashes the same bytes
// locally on the way, and rejects a node that answers with another root CID.
// Get never uses cat: it fetches raw blocks with block/get and walks the DAG
// itself, hashing every block against its CID before using it, so a lying or
// corrupted node can only make a read fail with storage.ErrIntegrity.
//
// # Availability
//
// Requests that can be repeated are retried with exponential backoff when the
// node cannot be reached, then fail with storage.ErrUnavailable naming the
// URL. Put is retried only while none of the caller's stream has been sent;
// after that the stream cannot be replayed, and a lost connection is
// reported as storage.ErrUnavailable at once.
//
// # Durability and deletion
//
// Durability is the node's: Kubo's default flatfs repository fsyncs blocks
// as it writes them. Put pins. A Put that fails midway leaves the blocks
// Kubo had already written unpinned and without a root, to be collected by
// the node's garbage collector. Remove unpins, then asks the node to delete
// the object's blocks with block/rm; Kubo itself refuses to delete blocks
// that another pin still references.
package kubo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/dag"
	"github.com/ipfs/go-cid"
)

// Client is a storage.Store backed by a Kubo node.
type Client struct {
	api      string // scheme://host:port, without a trailing slash
	hc       *http.Client
	attempts int
	backoff  time.Duration
}

var (
	_ storage.Store     = (*Client)(nil)
	_ storage.PinLister = (*Client)(nil)
)

// Option configures New.
type Option func(*Client)

// WithHTTPClient sets the HTTP client; the default is http.DefaultClient.
// Objects are streamed, so the client must not have an overall Timeout
// shorter than the largest transfer; bound calls with contexts instead.
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.hc = hc } }

// WithRetry sets how many times a request is attempted when the node cannot
// be reached (at least once) and the first backoff, doubled after each
// failure. The default is 4 attempts from 200 ms, giving up after about
// 1.4 s of waiting.
func WithRetry(attempts int, backoff time.Duration) Option {
	return func(c *Client) { c.attempts, c.backoff = max(attempts, 1), backoff }
}

// New returns a client for the Kubo RPC API at apiURL, for example
// "http://127.0.0.1:5001". It does not contact the node.
func New(apiURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(apiURL)
	if err != nil {
		return nil, fmt.Errorf("kubo API URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		return nil, fmt.Errorf("kubo API URL %q: want http(s)://host:port", apiURL)
	}
	c := &Client{
		api:      u.Scheme + "://" + u.Host,
		hc:       http.DefaultClient,
		attempts: 4,
		backoff:  200 * time.Millisecond,
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// Get opens the object c for reading, fetching its blocks from the node
// (which may fetch them from its peers) and verifying each one. On a node
// that is online, a CID nobody provides is searched for until ctx ends.
func (c *Client) Get(ctx context.Context, root cid.Cid) (storage.Object, error) {
	r, err := dag.NewReader(ctx, root, source{c: c})
	if err != nil {
		return nil, fmt.Errorf("kubo get: %w", err)
	}
	return r, nil
}

// Has reports whether the node holds the root block of root locally.
func (c *Client) Has(ctx context.Context, root cid.Cid) (bool, error) {
	if err := storage.CheckCID(root); err != nil {
		return false, err
	}
	resp, err := c.call(ctx, "block/stat", url.Values{"arg": {root.String()}, "offline": {"true"}})
	if errors.Is(err, storage.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("kubo has %s: %w", root, err)
	}
	resp.Body.Close()
	return true, nil
}

// Pin pins root recursively; the node fetches any block it lacks.
func (c *Client) Pin(ctx context.Context, root cid.Cid) error {
	if err := storage.CheckCID(root); err != nil {
		return err
	}
	resp, err := c.call(ctx, "pin/add", url.Values{"arg": {root.String()}})
	if err != nil {
		return fmt.Errorf("kubo pin %s: %w", root, err)
	}
	return drain(resp, "pin/add")
}

// Unpin removes root's recursive pin. An object that is not pinned, or only
// pinned as part of another, is left as it is without error.
func (c *Client) Unpin(ctx context.Context, root cid.Cid) error {
	if err := storage.CheckCID(root); err != nil {
		return err
	}
	if err := c.unpin(ctx, root); err != nil {
		return fmt.Errorf("kubo unpin %s: %w", root, err)
	}
	return nil
}

func (c *Client) unpin(ctx context.Context, root cid.Cid) error {
	resp, err := c.call(ctx, "pin/rm", url.Values{"arg": {root.String()}})
	var rerr *rpcError
	if errors.As(err, &rerr) && strings.Contains(rerr.msg, "not pinned") {
		return nil
	}
	if err != nil {
		return err
	}
	return drain(resp, "pin/rm")
}

// Pins lists the node's recursive pins. Kubo records no pin times, so Since is zero: a garbage
// collection cannot tell a pin made a moment ago (an oracle's answer whose transaction is being
// mined) from an old one, and must protect recent objects some other way.
func (c *Client) Pins(ctx context.Context) ([]storage.Pin, error) {
	resp, err := c.call(ctx, "pin/ls", url.Values{"type": {"recursive"}, "stream": {"true"}})
	if err != nil {
		return nil, fmt.Errorf("kubo pins: %w", err)
	}
	defer resp.Body.Close()
	var out []storage.Pin
	dec := json.NewDecoder(resp.Body)
	for {
		var line struct{ Cid string }
		if err := dec.Decode(&line); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("kubo pins: %w", err)
		}
		// Pins of other kinds of CID (other applications' on a shared node) are not this
		// package's to collect.
		if c, err := storage.ParseCID(line.Cid); err == nil {
			out = append(out, storage.Pin{CID: c})
		}
	}
	if err := streamError(resp, "pin/ls"); err != nil {
		return nil, fmt.Errorf("kubo pins: %w", err)
	}
	return out, nil
}

// rmBatch bounds the CIDs sent in one block/rm request, keeping URLs short.
const rmBatch = 128

// Remove unpins root and deletes its blocks from the node, children first
// and the root last so an interrupted Remove can be repeated. The node keeps
// the blocks another pin references. Removing an object whose root the node
// does not hold is storage.ErrNotFound.
func (c *Client) Remove(ctx context.Context, root cid.Cid) error {
	if err := storage.CheckCID(root); err != nil {
		return err
	}
	if err := c.unpin(ctx, root); err != nil {
		return fmt.Errorf("kubo remove %s: %w", root, err)
	}
	has, err := c.Has(ctx, root)
	if err != nil {
		return fmt.Errorf("kubo remove: %w", err)
	}
	if !has {
		return fmt.Errorf("kubo remove %s: %w", root, storage.ErrNotFound)
	}
	list, err := dag.Blocks(ctx, root, source{c: c, offline: true})
	if err != nil {
		return fmt.Errorf("kubo remove: %w", err)
	}
	for len(list) > 0 {
		n := min(len(list), rmBatch)
		if err := c.rm(ctx, list[:n]); err != nil {
			return fmt.Errorf("kubo remove %s: %w", root, err)
		}
		list = list[n:]
	}
	return nil
}

// rm deletes blocks, ignoring the ones the node keeps because they are
// pinned.
func (c *Client) rm(ctx context.Context, cs []cid.Cid) error {
	q := url.Values{"force": {"true"}}
	for _, b := range cs {
		q.Add("arg", b.String())
	}
	resp, err := c.call(ctx, "block/rm", q)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	for {
		var out struct{ Hash, Error string }
		if err := dec.Decode(&out); err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("block/rm response: %w", err)
		}
		if out.Error != "" && !strings.HasPrefix(out.Error, "pinned") {
			return fmt.Errorf("block/rm %s: %s", out.Hash, out.Error)
		}
	}
	return streamError(resp, "block/rm")
}

// maxBlockSize bounds what block/get may return; IPFS blocks are at most
// 2 MiB, and ours at most 256 KiB, so a node cannot make a read buffer
// without limit.
const maxBlockSize = 2 << 20

// source fetches raw blocks for the verifying reader.
type source struct {
	c *Client
	// offline keeps the node from searching the network: Remove walks only
	// what the node holds.
	offline bool
}

func (s source) Block(ctx context.Context, b cid.Cid) ([]byte, error) {
	q := url.Values{"arg": {b.String()}}
	if s.offline {
		q.Set("offline", "true")
	}
	resp, err := s.c.call(ctx, "block/get", q)
	if err != nil {
		return nil, fmt.Errorf("block %s: %w", b, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBlockSize+1))
	if err != nil {
		return nil, fmt.Errorf("block %s: %w", b, err)
	}
	if len(data) > maxBlockSize {
		return nil, fmt.Errorf("%w: block %s: node sent more than %d bytes", storage.ErrIntegrity, b, maxBlockSize)
	}
	if err := streamError(resp, "block/get"); err != nil {
		return nil, fmt.Errorf("block %s: %w", b, err)
	}
	return data, nil
}

// call POSTs an RPC command without a body. Every such command this package
// sends is idempotent, so it is retried when the node cannot be reached.
func (c *Client) call(ctx context.Context, cmd string, q url.Values) (*http.Response, error) {
	return c.do(ctx, cmd, q, nil)
}

// do POSTs an RPC command. body, if set, makes a fresh request body per
// attempt and reports whether an earlier attempt consumed any of the
// caller's stream, in which case the request cannot be repeated.
func (c *Client) do(ctx context.Context, cmd string, q url.Values, body *streamBody) (*http.Response, error) {
	endpoint := c.api + "/api/v0/" + cmd
	target := endpoint + "?" + q.Encode()
	var last error
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cmd, err)
		}
		if body != nil {
			req.Body = body
			// Unknown length: chunked, and no probing read of the body
			// before the connection is up.
			req.ContentLength = -1
			req.Header.Set("Content-Type", body.contentType)
		}
		resp, err := c.hc.Do(req)
		if err == nil {
			if resp.StatusCode != http.StatusOK {
				defer resp.Body.Close()
				return nil, readRPCError(cmd, resp)
			}
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %w", cmd, ctx.Err())
		}
		if body != nil && body.failed() != nil {
			// The caller's stream failed: that, not the node, is the error.
			return nil, body.failed()
		}
		last = err
		var uerr *url.Error
		if errors.As(err, &uerr) {
			last = uerr.Err
		}
		if body != nil && body.started() {
			return nil, fmt.Errorf("%w: POST %s: connection lost while streaming: %v", storage.ErrUnavailable, endpoint, last)
		}
		if attempt >= c.attempts {
			return nil, fmt.Errorf("%w: POST %s after %d attempts: %v", storage.ErrUnavailable, endpoint, attempt, last)
		}
		t := time.NewTimer(c.backoff << (attempt - 1))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("%s: %w", cmd, ctx.Err())
		case <-t.C:
		}
	}
}

// rpcError is an error answer from the node. Its message is Kubo's, which
// names CIDs but never object content.
type rpcError struct {
	cmd    string
	status int
	msg    string
}

func (e *rpcError) Error() string {
	return fmt.Sprintf("kubo %s: HTTP %d: %s", e.cmd, e.status, e.msg)
}

// Unwrap maps Kubo's not-found answers onto storage.ErrNotFound. Kubo has
// no error codes for them, only messages ("block was not found locally",
// "ipld: could not find ...").
func (e *rpcError) Unwrap() error {
	if strings.Contains(e.msg, "not found") || strings.Contains(e.msg, "could not find") {
		return storage.ErrNotFound
	}
	return nil
}

func readRPCError(cmd string, resp *http.Response) error {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	var body struct{ Message string }
	msg := strings.TrimSpace(string(raw))
	if json.Unmarshal(raw, &body) == nil && body.Message != "" {
		msg = body.Message
	}
	return &rpcError{cmd: cmd, status: resp.StatusCode, msg: msg}
}

// streamError reports an error the node sent after starting a 200 answer:
// Kubo puts it in the X-Stream-Error trailer, readable once the body is
// consumed.
func streamError(resp *http.Response, cmd string) error {
	if msg := resp.Trailer.Get("X-Stream-Error"); msg != "" {
		return &rpcError{cmd: cmd, status: resp.StatusCode, msg: msg}
	}
	return nil
}

// drain consumes an answer whose content is not needed, surfacing a
// streamed error.
func drain(resp *http.Response, cmd string) error {
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	return streamError(resp, cmd)
}
