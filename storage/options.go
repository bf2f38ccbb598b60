package storage

import (
	"fmt"
	"io"
)

// PutOption tunes one Put.
type PutOption func(*PutConfig)

// PutConfig is the result of applying PutOptions. Backends read it; callers
// use the With functions.
type PutConfig struct {
	// Progress, if set, is called with the number of bytes consumed from the
	// caller's reader so far, after every read that consumed some.
	Progress func(done int64)
}

// WithProgress reports how many bytes of the object Put has consumed, so a
// CLI can draw a bar for large records. fn runs on the goroutine reading the
// input and must be quick.
func WithProgress(fn func(done int64)) PutOption {
	return func(c *PutConfig) { c.Progress = fn }
}

// ApplyPutOptions folds opts into a PutConfig.
func ApplyPutOptions(opts []PutOption) PutConfig {
	var c PutConfig
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Source wraps the caller's reader the way every backend must: it reports
// progress and fails with ErrTooLarge once more than MaxObjectSize bytes
// arrive, so the limit and the progress figures are the same everywhere.
func (c PutConfig) Source(r io.Reader) io.Reader {
	return &source{r: r, progress: c.Progress}
}

type source struct {
	r        io.Reader
	progress func(int64)
	done     int64
}

func (s *source) Read(p []byte) (int, error) {
	if s.done > MaxObjectSize {
		return 0, errTooLarge()
	}
	// Ask for at most one byte past the limit: enough to detect an oversized
	// object without consuming a whole buffer of it.
	if room := MaxObjectSize + 1 - s.done; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := s.r.Read(p)
	if n > 0 {
		s.done += int64(n)
		if s.done > MaxObjectSize {
			return 0, errTooLarge()
		}
		if s.progress != nil {
			s.progress(s.done)
		}
	}
	return n, err
}

func errTooLarge() error {
	return fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxObjectSize)
}
