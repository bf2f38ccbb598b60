package cpabe

import (
	"runtime"
	"sync"
)

// minChunk is the fewest items worth a goroutine: each item here is at
// least one scalar multiplication or point validation (tens of µs), so the
// goroutine's few µs are amortised.
const minChunk = 4

// parallelChunks calls fn on disjoint ranges covering [0, n), on up to
// GOMAXPROCS goroutines, and returns the first error. Per-row and
// per-attribute work in this package is independent, so latency on an idle
// multi-core machine drops nearly linearly; with all cores busy it costs no
// more than a loop. Randomness is always drawn before, in order, so outputs
// stay deterministic for a deterministic reader.
func parallelChunks(n int, fn func(lo, hi int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n/minChunk)
	if workers <= 1 {
		return fn(0, n)
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Go(func() { errs[w] = fn(lo, hi) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
