package logpoller

import (
	"errors"
	"fmt"
	"time"

	"github.com/rs/zerolog"
)

// Status is what the poller knows about its progress and its node, for health checks and
// status pages. The zero time means "never".
type Status struct {
	// Cursor is the store's cursor as last read or written; HaveCursor is false before the
	// first range is applied.
	Cursor     Header
	HaveCursor bool
	// NodeHead is the node's head as last read, at NodeHeadAt.
	NodeHead   uint64
	NodeHeadAt time.Time
	// Confirmations is the depth the poller keeps behind the head, and Finalized whether it
	// also waits for the node's finalized block.
	Confirmations uint64
	Finalized     bool
	// Target is the highest block the poller may apply: the head less the confirmations, or
	// the finalized block; StartBlock the first it applies to an empty store.
	Target, StartBlock uint64
	// Err is the last step's error while steps keep failing (nil once one succeeds), and
	// FailingSince when the failures began.
	Err          error
	FailingSince time.Time
	// Behind is set while the node's head is below the cursor; Diverged while, in addition,
	// the node has another block at its head height than the store.
	Behind, Diverged bool
	// Stopped is why Run returned (nil while it runs or before it starts).
	Stopped error
}

// Lag is how many blocks the cursor is below Target: 0 when caught up, and 0 when the node is
// behind (see Behind).
func (s Status) Lag() uint64 {
	switch {
	case !s.HaveCursor && s.Target >= s.StartBlock && !s.NodeHeadAt.IsZero():
		return s.Target - s.StartBlock + 1
	case !s.HaveCursor || s.Cursor.Number >= s.Target:
		return 0
	}
	return s.Target - s.Cursor.Number
}

// ErrDegraded is wrapped by Health's errors.
var ErrDegraded = errors.New("degraded")

// Health returns nil when the poller follows its node within maxLag blocks and has heard from
// it in the last maxSilence, or an error wrapping ErrDegraded that says what is wrong and by how
// much: the node unreachable (and since when), behind the stored cursor or on another branch,
// the cursor far behind the head, or the poller stopped. The messages carry no error text from
// the node or the store (which can hold an RPC URL with its key, or a path), so they may be
// shown to anyone; the log has the details.
func (s Status) Health(now time.Time, maxLag uint64, maxSilence time.Duration) error {
	switch {
	case errors.Is(s.Stopped, ErrWrongChain):
		return fmt.Errorf("%w: following the chain stopped: the node is on another chain than the store (see the log)", ErrDegraded)
	case errors.Is(s.Stopped, ErrReorgTooDeep):
		return fmt.Errorf("%w: following the chain stopped: a reorg deeper than the stored headers (see the log)", ErrDegraded)
	case s.Stopped != nil:
		return fmt.Errorf("%w: following the chain stopped (see the log)", ErrDegraded)
	case s.Err != nil && !s.FailingSince.IsZero() && now.Sub(s.FailingSince) >= maxSilence:
		return fmt.Errorf("%w: node unreachable or failing for %s", ErrDegraded, now.Sub(s.FailingSince).Round(time.Second))
	case s.NodeHeadAt.IsZero():
		return fmt.Errorf("%w: no answer from the node yet", ErrDegraded)
	case now.Sub(s.NodeHeadAt) >= maxSilence:
		return fmt.Errorf("%w: no answer from the node for %s", ErrDegraded, now.Sub(s.NodeHeadAt).Round(time.Second))
	case s.Diverged:
		return fmt.Errorf("%w: the node's chain (head %d) is shorter than the stored cursor %d and differs from it", ErrDegraded, s.NodeHead, s.Cursor.Number)
	case s.Behind:
		return fmt.Errorf("%w: the node's head %d is %d blocks behind the stored cursor %d", ErrDegraded, s.NodeHead, s.Cursor.Number-s.NodeHead, s.Cursor.Number)
	case s.Lag() > maxLag:
		return fmt.Errorf("%w: catching up: %d blocks behind the node's head %d", ErrDegraded, s.Lag(), s.NodeHead)
	}
	return nil
}

// Status returns a snapshot of the poller's progress.
func (p *Poller) Status() Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.status
	s.Confirmations, s.Finalized = p.depth()
	s.StartBlock = p.cfg.StartBlock
	return s
}

func (p *Poller) noteTarget(n uint64) {
	p.mu.Lock()
	p.status.Target = n
	p.mu.Unlock()
}

func (p *Poller) noteHead(n uint64) {
	p.mu.Lock()
	p.status.NodeHead, p.status.NodeHeadAt = n, time.Now()
	p.mu.Unlock()
}

func (p *Poller) noteCursor(h Header, ok bool) {
	p.mu.Lock()
	p.status.Cursor, p.status.HaveCursor = h, ok
	p.mu.Unlock()
}

// noteStep records a step's outcome. A failed step also makes the next one check the chain
// again, since a node that failed may have been replaced or reset.
func (p *Poller) noteStep(err error) {
	if err != nil {
		p.chainOK = false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case err == nil:
		p.status.Err, p.status.FailingSince = nil, time.Time{}
	case p.status.Err == nil:
		p.status.Err, p.status.FailingSince = err, time.Now()
	default:
		p.status.Err = err
	}
	p.status.Behind, p.status.Diverged = p.behind.since != (time.Time{}), p.behind.diverged
}

func (p *Poller) noteStopped(err error) {
	p.mu.Lock()
	p.status.Stopped = err
	p.mu.Unlock()
}

// behindLog says that the node is behind once when it starts and then every behindEvery while
// it lasts, instead of at every poll, and says when it has caught up.
type behindLog struct {
	since, last time.Time
	diverged    bool
}

const behindEvery = 30 * time.Second

func (b *behindLog) note(log zerolog.Logger, cursor Header, head uint64, diverged bool) {
	now := time.Now()
	first := b.since.IsZero()
	if first {
		b.since = now
	}
	changed := diverged != b.diverged
	b.diverged = diverged
	if !first && !changed && now.Sub(b.last) < behindEvery {
		return
	}
	b.last = now
	ev := log.Warn().Uint64("node_head", head).Uint64("cursor", cursor.Number).Str("cursor_hash", cursor.Hash.Hex()).
		Dur("for", now.Sub(b.since).Round(time.Second))
	if diverged {
		ev.Msg("node's chain is shorter than the store's and differs from it at its head: a reorg onto a shorter branch, " +
			"or a reset chain; nothing rolled back, waiting for it to pass the cursor")
		return
	}
	ev.Msg("node is behind the stored cursor; not a reorg, nothing rolled back, waiting for it to catch up")
}

func (b *behindLog) caughtUp(log zerolog.Logger, head uint64) {
	if b.since.IsZero() {
		return
	}
	log.Info().Uint64("node_head", head).Dur("after", time.Since(b.since).Round(time.Second)).Msg("node has caught up with the stored cursor")
	*b = behindLog{}
}
