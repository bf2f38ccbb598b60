package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// Dispatcher delivers the outbox's deliveries. Each subscription has its own worker, so a slow or
// dead endpoint delays only its own deliveries; ingestion never waits on any of them.
type Dispatcher struct {
	Outbox *Outbox
	// Client posts deliveries; nil means NewHTTPClient(Policy), which checks every connection.
	Client      *http.Client
	Policy      Policy
	MaxAttempts int           // then the delivery is dead-lettered; default 8
	BaseBackoff time.Duration // first retry delay, doubled each attempt; default 1 s
	MaxBackoff  time.Duration // default 5 min
	Poll        time.Duration // how often idle workers look for due deliveries; default 100 ms
	Log         zerolog.Logger
	Now         func() time.Time

	mu      sync.Mutex
	workers map[string]context.CancelFunc
	wake    map[string]chan struct{}
	resync  chan struct{} // asks Run to look for new subscriptions now
}

func (d *Dispatcher) defaults() {
	if d.Client == nil {
		d.Client = NewHTTPClient(d.Policy)
	}
	if d.MaxAttempts == 0 {
		d.MaxAttempts = 8
	}
	if d.BaseBackoff == 0 {
		d.BaseBackoff = time.Second
	}
	if d.MaxBackoff == 0 {
		d.MaxBackoff = 5 * time.Minute
	}
	if d.Poll == 0 {
		d.Poll = 100 * time.Millisecond
	}
	if d.Now == nil {
		d.Now = time.Now
	}
}

// Run starts and stops workers as subscriptions come and go, until ctx is done.
func (d *Dispatcher) Run(ctx context.Context) error {
	d.defaults()
	d.mu.Lock()
	d.workers, d.wake = map[string]context.CancelFunc{}, map[string]chan struct{}{}
	resync := make(chan struct{}, 1)
	d.resync = resync
	d.mu.Unlock()
	var wg sync.WaitGroup
	defer wg.Wait()
	tick := time.NewTicker(d.Poll * 5)
	defer tick.Stop()
	for {
		subs, err := d.Outbox.Subscriptions(ctx, nil)
		if err != nil && ctx.Err() == nil {
			d.Log.Warn().Err(err).Msg("list webhook subscriptions")
		}
		live := map[string]bool{}
		d.mu.Lock()
		for _, s := range subs {
			live[s.ID] = true
			if _, ok := d.workers[s.ID]; ok {
				continue
			}
			wctx, cancel := context.WithCancel(ctx)
			d.workers[s.ID] = cancel
			wake := make(chan struct{}, 1)
			d.wake[s.ID] = wake
			wg.Add(1)
			go func(id string) {
				defer wg.Done()
				d.work(wctx, id, wake)
			}(s.ID)
		}
		for id, cancel := range d.workers {
			if !live[id] {
				cancel()
				delete(d.workers, id)
				delete(d.wake, id)
			}
		}
		d.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		case <-resync:
		}
	}
}

// Wake nudges every worker to look for new deliveries now (after a fan-out), and Run to start
// workers for subscriptions created since it last looked, so their first delivery does not
// wait for the next tick.
func (d *Dispatcher) Wake() {
	d.mu.Lock()
	defer d.mu.Unlock()
	select {
	case d.resync <- struct{}{}:
	default:
	}
	for _, w := range d.wake {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}

func (d *Dispatcher) work(ctx context.Context, sub string, wake <-chan struct{}) {
	for ctx.Err() == nil {
		due, err := d.Outbox.Due(ctx, sub, d.Now(), 32)
		if err != nil && ctx.Err() == nil {
			d.Log.Warn().Err(err).Str("subscription", sub).Msg("read due deliveries")
		}
		for _, del := range due {
			if ctx.Err() != nil {
				return
			}
			d.attempt(ctx, del)
		}
		if len(due) > 0 {
			continue
		}
		select {
		case <-ctx.Done():
		case <-wake:
		case <-time.After(d.Poll):
		}
	}
}

func (d *Dispatcher) attempt(ctx context.Context, del Delivery) {
	log := d.Log.With().Str("subscription", del.Sub).Str("key", del.Key).Int("attempt", del.Attempts+1).Logger()
	err := d.post(ctx, del)
	if ctx.Err() != nil {
		return
	}
	switch {
	case err == nil:
		if err := d.Outbox.delivered(ctx, del.ID); err != nil {
			log.Warn().Err(err).Msg("mark delivered")
		}
		log.Debug().Msg("webhook delivered")
	case del.Attempts+1 >= d.MaxAttempts:
		// The subscriber sees only the failure's class; the indexer's log has the detail.
		if err2 := d.Outbox.dead(ctx, del.ID, failureClass(err)); err2 != nil {
			log.Warn().Err(err2).Msg("dead-letter")
		}
		log.Warn().Err(err).Msg("webhook dead-lettered")
	default:
		next := d.Now().Add(d.backoff(del.Attempts))
		if err2 := d.Outbox.retry(ctx, del.ID, next, failureClass(err)); err2 != nil {
			log.Warn().Err(err2).Msg("schedule retry")
		}
		log.Info().Err(err).Time("next", next).Msg("webhook failed; will retry")
	}
}

// backoff is exponential with full jitter in its upper half, so a recovering endpoint is not hit
// by every retry at once.
func (d *Dispatcher) backoff(attempts int) time.Duration {
	b := d.BaseBackoff << min(attempts, 20)
	if b > d.MaxBackoff || b <= 0 {
		b = d.MaxBackoff
	}
	return b/2 + time.Duration(rand.Int64N(int64(b/2)+1))
}

func (d *Dispatcher) post(ctx context.Context, del Delivery) error {
	secret, url, err := d.Outbox.secret(ctx, del.Sub)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(del.Body))
	if err != nil {
		return err
	}
	now := d.Now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderSignature, Sign(secret, now, del.Body))
	req.Header.Set(HeaderTimestamp, fmt.Sprint(now.Unix()))
	req.Header.Set(HeaderIdempotency, del.Key)
	req.Header.Set(HeaderKind, del.Kind)
	resp, err := d.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &statusError{code: resp.StatusCode}
	}
	return nil
}
