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
	// MaxSize, if positive, replaces MaxObjectSize as the most bytes the Put accepts.
	MaxSize int64
}

// WithProgress reports how many bytes of the object Put has consumed, so a
// CLI can draw a bar for large records. fn runs on the goroutine reading the
// input and must be quick.
func WithProgress(fn func(done int64)) PutOption {
	return func(c *PutConfig) { c.Progress = fn }
}

// WithMaxSize makes Put fail with ErrTooLarge once more than n bytes arrive, for callers that
// know how large the object may be (n ≤ 0 keeps MaxObjectSize).
func WithMaxSize(n int64) PutOption {
	return func(c *PutConfig) { c.MaxSize = n }
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
// progress and fails with ErrTooLarge once more than the limit (MaxSize, or
// MaxObjectSize) arrives, so the limit and the progress figures are the same
// everywhere.
func (c PutConfig) Source(r io.Reader) io.Reader {
	limit := int64(MaxObjectSize)
	if c.MaxSize > 0 {
		limit = c.MaxSize
	}
	return &source{r: r, progress: c.Progress, limit: limit}
}

type source struct {
	r        io.Reader
	progress func(int64)
	limit    int64
	done     int64
	over     bool
}

func (s *source) Read(p []byte) (int, error) {
	if s.over {
		return 0, s.errTooLarge()
	}
	if len(p) == 0 {
		return 0, nil
	}
	if s.done >= s.limit {
		// At the limit: one more byte, and the object is too large. Nothing past the limit
		// is ever passed on.
		var probe [1]byte
		n, err := s.r.Read(probe[:])
		if n > 0 {
			s.over = true
			return 0, s.errTooLarge()
		}
		return 0, err
	}
	if room := s.limit - s.done; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := s.r.Read(p)
	if n > 0 {
		s.done += int64(n)
		if s.progress != nil {
			s.progress(s.done)
		}
	}
	return n, err
}

func (s *source) errTooLarge() error {
	return fmt.Errorf("%w: more than %d bytes", ErrTooLarge, s.limit)
}
