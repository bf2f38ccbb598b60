package kubo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/dag"
	"github.com/ipfs/go-cid"
)

// addQuery makes Kubo lay the object out exactly as package dag does, so
// the root it reports can be checked against the one computed locally.
var addQuery = url.Values{
	"cid-version":    {"1"},
	"hash":           {"sha2-256"},
	"raw-leaves":     {"true"},
	"chunker":        {"size-" + strconv.Itoa(dag.ChunkSize)},
	"max-file-links": {strconv.Itoa(dag.MaxLinks)},
	"trickle":        {"false"},
	"inline":         {"false"},
	"pin":            {"true"},
	"progress":       {"false"},
	"quieter":        {"true"},
}

// errAborted ends the local hashing when the upload never got going.
var errAborted = errors.New("upload aborted")

// Put streams the object to the node, pins it there and returns its CID,
// after checking that the node's CID is the one computed locally.
func (c *Client) Put(ctx context.Context, r io.Reader, opts ...storage.PutOption) (cid.Cid, error) {
	cfg := storage.ApplyPutOptions(opts)

	// Hash locally what is sent, in step with the upload.
	sumR, sumW := io.Pipe()
	type sumResult struct {
		root cid.Cid
		err  error
	}
	sumc := make(chan sumResult, 1)
	go func() {
		root, err := dag.Sum(ctx, sumR)
		// Unblocks the upload if hashing stopped early.
		sumR.CloseWithError(errOr(err, errAborted))
		sumc <- sumResult{root, err}
	}()
	body := newStreamBody(io.TeeReader(cfg.Source(r), sumW), func(err error) {
		if err == nil {
			sumW.Close()
		} else {
			sumW.CloseWithError(err)
		}
	})

	resp, err := c.do(ctx, "add", addQuery, body)
	if err != nil {
		sumW.CloseWithError(errAborted)
		return cid.Undef, fmt.Errorf("kubo put: %w", err)
	}
	got, err := readAddAnswer(resp)
	if err != nil {
		sumW.CloseWithError(errAborted)
		return cid.Undef, fmt.Errorf("kubo put: %w", err)
	}
	if err := body.failed(); err != nil {
		return cid.Undef, fmt.Errorf("kubo put: %w", err)
	}
	sum := <-sumc
	if sum.err != nil {
		return cid.Undef, fmt.Errorf("kubo put: local hash: %w", sum.err)
	}
	if !got.Equals(sum.root) {
		return cid.Undef, fmt.Errorf("%w: node stored the object as %s, its CID is %s", storage.ErrIntegrity, got, sum.root)
	}
	return got, nil
}

func errOr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// readAddAnswer returns the root CID from add's answer: a stream of JSON
// objects of which, with quieter=true, the last names the root.
func readAddAnswer(resp *http.Response) (cid.Cid, error) {
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	var hash string
	for {
		var out struct{ Hash string }
		if err := dec.Decode(&out); err == io.EOF {
			break
		} else if err != nil {
			return cid.Undef, fmt.Errorf("add response: %w", err)
		}
		if out.Hash != "" {
			hash = out.Hash
		}
	}
	if err := streamError(resp, "add"); err != nil {
		return cid.Undef, err
	}
	if hash == "" {
		return cid.Undef, errors.New("add response names no CID")
	}
	got, err := storage.ParseCID(hash)
	if err != nil {
		return cid.Undef, fmt.Errorf("%w: node answered add with %w", storage.ErrIntegrity, err)
	}
	return got, nil
}

// streamBody is add's request body: the caller's stream wrapped in a
// multipart form. Nothing is read from the stream until the HTTP transport
// first reads the body, which happens only once a connection is up, so a
// request that could not connect can be retried with the stream untouched.
type streamBody struct {
	contentType string
	boundary    string
	src         io.Reader
	done        func(error) // called once with the stream's final error

	mu     sync.Mutex
	pr     *io.PipeReader
	srcErr error
}

func newStreamBody(src io.Reader, done func(error)) *streamBody {
	boundary := multipart.NewWriter(io.Discard).Boundary()
	return &streamBody{
		contentType: "multipart/form-data; boundary=" + boundary,
		boundary:    boundary,
		src:         src,
		done:        done,
	}
}

func (b *streamBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	if b.pr == nil {
		b.start()
	}
	pr := b.pr
	b.mu.Unlock()
	return pr.Read(p)
}

// Close is called by the transport after every attempt; before the stream
// has started there is nothing to release and a retry may still use it.
func (b *streamBody) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pr != nil {
		b.pr.Close()
	}
	return nil
}

func (b *streamBody) start() {
	pr, pw := io.Pipe()
	b.pr = pr
	go func() {
		mw := multipart.NewWriter(pw)
		err := mw.SetBoundary(b.boundary)
		var part io.Writer
		if err == nil {
			part, err = mw.CreateFormFile("file", "object")
		}
		if err == nil {
			_, err = io.Copy(part, readerFunc(b.read))
		}
		if err == nil {
			err = mw.Close()
		}
		b.done(err)
		pw.CloseWithError(err)
	}()
}

// read reads the caller's stream, remembering its error: a failing stream
// must be reported as itself, not as the broken upload it causes.
func (b *streamBody) read(p []byte) (int, error) {
	n, err := b.src.Read(p)
	if err != nil && err != io.EOF {
		b.mu.Lock()
		b.srcErr = err
		b.mu.Unlock()
	}
	return n, err
}

func (b *streamBody) started() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.pr != nil
}

func (b *streamBody) failed() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.srcErr
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }
