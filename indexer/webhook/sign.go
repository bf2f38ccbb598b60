// Package webhook pushes audit-timeline notifications to integrators over signed HTTP webhooks:
// per-subscription delivery with retries, exponential backoff and a dead-letter list, at least
// once, each notification carrying a stable idempotency key.
//
// Signing follows the scheme integrators know from payment providers: the body is signed with
// HMAC-SHA256 under the subscription's secret together with a timestamp, and receivers reject
// anything older than five minutes, so a captured request cannot be replayed later.
//
// Push assembles the pieces the indexer mounts: a Notifier, which is a logpoller.Store kept in
// the Outbox's SQLite file, turns each block range's logs into timeline notifications and queues
// them for every matching subscription in the same transaction that moves its cursor; a
// Dispatcher delivers from the outbox, one worker per subscription; live WebSocket feeds get the
// same notifications as they are committed. Ingestion never waits on a subscriber: a dead
// endpoint only grows its own queue, and a slow feed reader is disconnected. A reorg withdraws
// what was not yet delivered above the common ancestor and sends each affected subscriber a
// reorg notice listing the keys it may have seen.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Headers of a delivery.
const (
	HeaderSignature   = "Emrchain-Signature"       // "t=<unix>,v1=<hex hmac>"
	HeaderTimestamp   = "Emrchain-Timestamp"       // unix seconds, also inside the signature
	HeaderIdempotency = "Emrchain-Idempotency-Key" // the same for every retry of a notification
	HeaderKind        = "Emrchain-Kind"            // "timeline.entry" or "reorg"
)

// Tolerance is how old a delivery a receiver accepts.
const Tolerance = 5 * time.Minute

var (
	// ErrBadSignature means the signature header is missing, malformed or does not match.
	ErrBadSignature = errors.New("webhook: bad signature")
	// ErrStale means the signed timestamp is outside the tolerance.
	ErrStale = errors.New("webhook: timestamp outside tolerance")
)

// Sign returns the signature header value for body sent at t.
func Sign(secret []byte, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

func mac(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks a delivery on the receiving side: the signature over the timestamp and body, and
// that the timestamp is within Tolerance of now.
func Verify(secret []byte, header string, body []byte, now time.Time) error {
	var ts string
	var sigs [][]byte
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return fmt.Errorf("%w: malformed header", ErrBadSignature)
		}
		switch k {
		case "t":
			ts = v
		case "v1":
			b, err := hex.DecodeString(v)
			if err != nil {
				return fmt.Errorf("%w: malformed v1", ErrBadSignature)
			}
			sigs = append(sigs, b)
		}
	}
	if ts == "" || len(sigs) == 0 {
		return fmt.Errorf("%w: missing t or v1", ErrBadSignature)
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: malformed timestamp", ErrBadSignature)
	}
	want := mac(secret, ts, body)
	ok := false
	for _, s := range sigs {
		// Constant time: the secret must not leak through comparison timing.
		if hmac.Equal(s, want) {
			ok = true
		}
	}
	if !ok {
		return ErrBadSignature
	}
	if d := now.Sub(time.Unix(sec, 0)); d > Tolerance || d < -Tolerance {
		return fmt.Errorf("%w: signed %s ago", ErrStale, d.Round(time.Second))
	}
	return nil
}
