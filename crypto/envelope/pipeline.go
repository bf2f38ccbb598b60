package envelope

import "sync/atomic"

// ringSize is the number of chunk buffers a Seal or Open cycles through. The
// producer holds at most two (Open keeps the previous chunk back until it
// knows whether the trailer reaches into it), the consumer one, and the rest
// let the two sides run ahead of each other, so memory stays O(chunk).
const ringSize = 4

type chunk struct {
	buf []byte
	n   int // bytes of buf the consumer should process
}

// pipeline hands chunk buffers from the goroutine doing the AEAD work to a
// second goroutine that hashes and writes them, so on two cores the two
// SHA-256 passes over a record run side by side instead of back to back.
// Buffers come back through free, so the consumer never blocks the producer
// for long and nothing is allocated per chunk.
type pipeline struct {
	work   chan *chunk
	free   chan *chunk
	done   chan error
	failed atomic.Bool
}

func newPipeline(bufSize int, consume func([]byte) error) *pipeline {
	p := &pipeline{
		work: make(chan *chunk, ringSize),
		free: make(chan *chunk, ringSize),
		done: make(chan error, 1),
	}
	for range ringSize {
		p.free <- &chunk{buf: make([]byte, bufSize)}
	}
	go func() {
		var err error
		for c := range p.work {
			// After a failure keep draining so the producer is never stuck
			// waiting for a buffer; it notices through failed.
			if err == nil && c.n > 0 {
				if err = consume(c.buf[:c.n]); err != nil {
					p.failed.Store(true)
				}
			}
			p.free <- c
		}
		p.done <- err
	}()
	return p
}

func (p *pipeline) get() *chunk { return <-p.free }

func (p *pipeline) put(c *chunk) { p.work <- c }

// release returns a buffer the producer decided not to hand on.
func (p *pipeline) release(c *chunk) { p.free <- c }

// wait stops the consumer after it has processed everything put so far and
// returns its first error. It must be called exactly once.
func (p *pipeline) wait() error {
	close(p.work)
	return <-p.done
}
