package logpoller

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// Backoff bounds. Steps are retried at most MaxBackoff apart, so the poller resumes within about
// that long of a node coming back; a failure that lasts is logged once and then every
// failureLogEvery, not at every retry. A broken new-head subscription is renewed at most
// maxSubBackoff apart.
const (
	minBackoff      = 100 * time.Millisecond
	maxSubBackoff   = 5 * time.Second
	failureLogEvery = 30 * time.Second
)

// headSubscriber is implemented by clients that can push new heads (WebSocket, IPC, in-process).
type headSubscriber interface {
	SubscribeNewHead(ctx context.Context, ch chan<- *types.Header) (ethereum.Subscription, error)
}

// Run steps until ctx is done, returning ctx's error, or until the chain and the store cannot
// be reconciled (ErrReorgTooDeep, ErrWrongChain). It steps back to back while there is a backlog,
// fetching the next range while the store applies the current one, then waits for a new head
// from the subscription when the client offers one, and otherwise (and as a fallback for a
// silent subscription) polls every PollInterval. Failed steps are retried with exponential
// backoff capped at MaxBackoff.
func (p *Poller) Run(ctx context.Context) (err error) {
	defer func() { p.noteStopped(err) }()
	wake := make(chan struct{}, 1)
	if s, ok := p.client.(headSubscriber); ok {
		subCtx, cancel := context.WithCancel(ctx)
		defer cancel()
		go p.followHeads(subCtx, s, wake)
	}
	backoff := minBackoff
	poll := time.NewTimer(0)
	defer poll.Stop()
	var next *ahead
	defer func() {
		if next != nil {
			next.drop()
		}
	}()
	var failingSince, loggedAt time.Time
	for {
		var advanced bool
		var err error
		advanced, next, err = p.pipelinedStep(ctx, next)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		p.noteStep(err)
		if errors.Is(err, ErrReorgTooDeep) || errors.Is(err, ErrWrongChain) {
			p.log.Error().Err(err).Msg("log poller stopped: chain and store cannot be reconciled")
			return err
		}
		if err != nil {
			now := time.Now()
			switch {
			case failingSince.IsZero():
				failingSince, loggedAt = now, now
				p.log.Warn().Err(err).Dur("retry_in", backoff).Msg("log poller step failed")
			case now.Sub(loggedAt) >= failureLogEvery:
				loggedAt = now
				p.log.Error().Err(err).Dur("for", now.Sub(failingSince).Round(time.Second)).Dur("retry_every", p.cfg.MaxBackoff).
					Msg("log poller still failing; retrying")
			default:
				p.log.Debug().Err(err).Dur("retry_in", backoff).Msg("retrying the log poller step")
			}
			if !sleep(ctx, backoff) {
				return ctx.Err()
			}
			backoff = min(2*backoff, p.cfg.MaxBackoff)
			continue
		}
		if !failingSince.IsZero() {
			p.log.Info().Dur("after", time.Since(failingSince).Round(time.Millisecond)).Msg("log poller recovered")
			failingSince = time.Time{}
		}
		backoff = minBackoff
		if advanced {
			continue
		}
		poll.Reset(p.cfg.PollInterval)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		case <-poll.C:
		}
	}
}

// followHeads turns new-head notifications into wake-ups. When the client cannot subscribe at
// all (an HTTP endpoint) it returns and Run keeps polling. A subscription that breaks, or that
// cannot be made while the node is down, is tried again at most maxSubBackoff apart for as
// long as Run runs, and Run polls meanwhile; each renewal also wakes Run, since heads may have
// been missed.
func (p *Poller) followHeads(ctx context.Context, s headSubscriber, wake chan<- struct{}) {
	backoff := minBackoff
	poke := func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	failed := false
	for {
		heads := make(chan *types.Header, 16)
		sub, err := s.SubscribeNewHead(ctx, heads)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if errors.Is(err, rpc.ErrNotificationsUnsupported) {
				p.log.Info().Err(err).Msg("no new-head subscription on this endpoint; polling")
				return
			}
			if !failed {
				p.log.Warn().Err(err).Dur("retry_every", maxSubBackoff).Msg("new-head subscription failed; polling and trying again")
			}
			failed = true
			if !sleep(ctx, backoff) {
				return
			}
			backoff = min(2*backoff, maxSubBackoff)
			continue
		}
		if failed {
			p.log.Info().Msg("new-head subscription renewed")
			failed = false
		}
		poke()
		broken := false
		for !broken {
			select {
			case <-ctx.Done():
				sub.Unsubscribe()
				return
			case err := <-sub.Err():
				p.log.Warn().Err(err).Dur("retry_in", backoff).Msg("new-head subscription ended; resubscribing")
				broken, failed = true, true
			case <-heads:
				backoff = minBackoff
				poke()
			}
		}
		sub.Unsubscribe()
		if !sleep(ctx, backoff) {
			return
		}
		backoff = min(2*backoff, maxSubBackoff)
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// ahead is the plan for the next step, made in the background for the cursor the store will
// have once the range being applied is in: the node's answers arrive while the store writes.
type ahead struct {
	after  Header
	cancel context.CancelFunc
	done   chan struct{}
	plan   plan
	err    error
}

func (p *Poller) startAhead(ctx context.Context, after Header) *ahead {
	actx, cancel := context.WithCancel(ctx)
	a := &ahead{after: after, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(a.done)
		a.plan, a.err = p.plan(actx, after, true)
	}()
	return a
}

// drop abandons the plan and waits for its goroutine.
func (a *ahead) drop() {
	a.cancel()
	<-a.done
}

// pipelinedStep is Step using, when it fits the stored cursor, the plan made ahead during the
// previous step, and starting the next plan before applying this step's range. An idle plan
// made ahead is stale by the time it is used and is made again.
func (p *Poller) pipelinedStep(ctx context.Context, a *ahead) (bool, *ahead, error) {
	var made *plan
	var madeErr error
	if a != nil {
		<-a.done
		a.cancel()
		made, madeErr = &a.plan, a.err
	}
	cursor, haveCursor, err := p.store.Cursor(ctx)
	if err != nil {
		return false, nil, fmt.Errorf("read cursor: %w", err)
	}
	p.noteCursor(cursor, haveCursor)
	if err := p.checkChain(ctx, cursor, haveCursor); err != nil {
		return false, nil, err
	}
	var pl plan
	switch {
	case made != nil && haveCursor && cursor == a.after && (madeErr != nil || made.kind == apply || made.kind == rewind):
		pl, err = *made, madeErr
	default:
		pl, err = p.plan(ctx, cursor, haveCursor)
	}
	if err != nil {
		return false, nil, err
	}
	var next *ahead
	if pl.kind == apply {
		next = p.startAhead(ctx, pl.rng.Last())
	}
	advanced, err := p.execute(ctx, cursor, pl)
	if err != nil && next != nil {
		next.drop()
		next = nil
	}
	return advanced, next, err
}
