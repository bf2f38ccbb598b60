package bufpipe

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
)

// Bytes arrive whole and in order whatever the write and read sizes, across buffer wrap-arounds.
func TestStreamsInOrder(t *testing.T) {
	for _, size := range []int{1, 7, 4096} {
		data := make([]byte, 300_000)
		rng := rand.New(rand.NewPCG(1, uint64(size)))
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		r, w := New(size)
		go func() {
			rest := data
			for len(rest) > 0 {
				n := min(len(rest), 1+rng.IntN(3*size+10))
				if _, err := w.Write(rest[:n]); err != nil {
					t.Error(err)
					return
				}
				rest = rest[n:]
			}
			w.Close()
		}()
		got, err := io.ReadAll(iotest.HalfReader(r))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("buffer %d: read %d bytes, %v", size, len(got), err)
		}
	}
}

// The writer's error reaches the reader after the buffered bytes; the reader's close stops a
// writer waiting for room.
func TestErrorsPropagate(t *testing.T) {
	boom := errors.New("sealing failed")
	r, w := New(16)
	if _, err := w.Write([]byte("abc")); err != nil {
		t.Fatal(err)
	}
	w.CloseWithError(boom)
	got, err := io.ReadAll(r)
	if string(got) != "abc" || !errors.Is(err, boom) {
		t.Fatalf("read %q, %v; want abc then the writer's error", got, err)
	}
	if _, err := w.Write([]byte("x")); err == nil {
		t.Fatal("write after close succeeded")
	}

	stop := errors.New("store failed")
	r, w = New(4)
	done := make(chan error, 1)
	go func() {
		_, err := w.Write(make([]byte, 100)) // blocks once 4 bytes are buffered
		done <- err
	}()
	r.CloseWithError(stop)
	if err := <-done; !errors.Is(err, stop) {
		t.Fatalf("blocked write after the reader closed: %v, want its error", err)
	}
	if _, err := r.Read(make([]byte, 1)); !errors.Is(err, io.ErrClosedPipe) {
		t.Fatalf("read after close: %v", err)
	}
}
