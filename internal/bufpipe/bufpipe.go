// Package bufpipe is an in-memory pipe with a buffer: the writer runs ahead of the reader by up
// to the buffer's size instead of meeting it on every write, as io.Pipe's does. Between two
// stages of a stream that each want a core (sealing a record and importing it into the store),
// a rendezvous per write leaves one stage idle whenever the other is descheduled; on a busy
// machine that, not the work, sets the pace.
package bufpipe

import (
	"io"
	"sync"
)

type pipe struct {
	mu   sync.Mutex
	cond *sync.Cond
	buf  []byte
	head int   // next byte to read
	n    int   // bytes buffered
	werr error // set when the writer closes: io.EOF or its error
	rerr error // set when the reader closes
}

// Reader is the read half of a pipe.
type Reader struct{ p *pipe }

// Writer is the write half of a pipe.
type Writer struct{ p *pipe }

// New returns a pipe buffering up to size bytes.
func New(size int) (*Reader, *Writer) {
	p := &pipe{buf: make([]byte, max(size, 1))}
	p.cond = sync.NewCond(&p.mu)
	return &Reader{p}, &Writer{p}
}

// Read reads buffered bytes, waiting for some if there are none. Once the buffer is drained it
// returns the writer's error, io.EOF after a plain Close.
func (r *Reader) Read(b []byte) (int, error) {
	p := r.p
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.n == 0 && p.werr == nil && p.rerr == nil {
		p.cond.Wait()
	}
	if p.rerr != nil {
		return 0, io.ErrClosedPipe
	}
	if p.n == 0 {
		return 0, p.werr
	}
	total := 0
	for total < len(b) && p.n > 0 {
		end := min(p.head+p.n, len(p.buf))
		k := copy(b[total:], p.buf[p.head:end])
		total += k
		p.head = (p.head + k) % len(p.buf)
		p.n -= k
	}
	p.cond.Broadcast()
	return total, nil
}

// CloseWithError closes the read half: writes then fail with err (io.ErrClosedPipe if nil).
func (r *Reader) CloseWithError(err error) error {
	if err == nil {
		err = io.ErrClosedPipe
	}
	p := r.p
	p.mu.Lock()
	if p.rerr == nil {
		p.rerr = err
	}
	p.mu.Unlock()
	p.cond.Broadcast()
	return nil
}

// Close closes the read half.
func (r *Reader) Close() error { return r.CloseWithError(nil) }

// Write buffers b, waiting for room as needed. It fails with the reader's error once the reader
// has closed.
func (w *Writer) Write(b []byte) (int, error) {
	p := w.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.werr != nil {
		return 0, io.ErrClosedPipe
	}
	total := 0
	for total < len(b) {
		for p.n == len(p.buf) && p.rerr == nil {
			p.cond.Wait()
		}
		if p.rerr != nil {
			return total, p.rerr
		}
		tail := (p.head + p.n) % len(p.buf)
		end := len(p.buf)
		if tail < p.head {
			end = p.head
		}
		k := copy(p.buf[tail:end], b[total:])
		total += k
		p.n += k
		p.cond.Broadcast()
	}
	return total, nil
}

// CloseWithError closes the write half: the reader gets err (io.EOF if nil) once it has read
// what is buffered.
func (w *Writer) CloseWithError(err error) error {
	if err == nil {
		err = io.EOF
	}
	p := w.p
	p.mu.Lock()
	if p.werr == nil {
		p.werr = err
	}
	p.mu.Unlock()
	p.cond.Broadcast()
	return nil
}

// Close closes the write half; the reader sees io.EOF after the buffered bytes.
func (w *Writer) Close() error { return w.CloseWithError(nil) }
