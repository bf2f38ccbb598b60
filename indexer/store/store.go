// Package store defines the indexer's database: every contract event of a deployment, the facts
// timelines are resolved against (roles, requests, grants, get-access calls), the block hashes
// the log poller checks reorgs against, the ingestion cursor, and the auditors patients
// authorize. Implementations live in subpackages (sqlite, postgres) and pass one shared suite
// (storetest).
//
// The auditor list is off chain on purpose: who may read a patient's audit trail from this
// indexer is an access rule of this service, not a fact the chain needs to agree on, and
// putting it on chain would publish who audits whom. The trail itself stays verifiable against
// the chain (package verify) whoever reads it.
package store

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/logpoller"
)

var (
	// ErrBadCursor means a paging cursor was not one this store handed out.
	ErrBadCursor = errors.New("invalid timeline cursor")
	// ErrDiscontinuous means a batch does not continue the stored cursor.
	ErrDiscontinuous = errors.New("batch does not continue the stored cursor")
	// ErrNotFound means the thing asked for is not stored.
	ErrNotFound = errors.New("not found")
)

// Event is one log with what the timeline makes of it.
type Event struct {
	Log  types.Log
	Time uint64 // block timestamp
	// Decoded is zero for logs of events the timeline does not know.
	Decoded timeline.Event
}

// Batch is one block range to write in one transaction.
type Batch struct {
	Headers []logpoller.Header
	Events  []Event
}

// NewBatch decodes a range from the log poller.
func NewBatch(r logpoller.Range) (Batch, error) {
	if len(r.Headers) == 0 {
		return Batch{}, fmt.Errorf("empty range")
	}
	b := Batch{Headers: r.Headers, Events: make([]Event, len(r.Logs))}
	first := r.Headers[0].Number
	for i := range r.Logs {
		l := r.Logs[i]
		if l.BlockNumber < first || l.BlockNumber-first >= uint64(len(r.Headers)) {
			return Batch{}, fmt.Errorf("log %d of block %d outside the range", l.Index, l.BlockNumber)
		}
		t := r.Headers[l.BlockNumber-first].Time
		ev, err := timeline.Decode(&l, t)
		if err != nil && !errors.Is(err, timeline.ErrUnknownEvent) {
			return Batch{}, err
		}
		b.Events[i] = Event{Log: l, Time: t, Decoded: ev}
	}
	return b, nil
}

// Check verifies that every event belongs to one of the batch's headers. Stores call it while
// writing, so a bad batch fails inside the transaction and leaves nothing behind.
func (b Batch) Check(i int) error {
	l := &b.Events[i].Log
	first := b.Headers[0].Number
	if l.BlockNumber < first || l.BlockNumber-first >= uint64(len(b.Headers)) || b.Headers[l.BlockNumber-first].Hash != l.BlockHash {
		return fmt.Errorf("event %d (block %d %s) is not in the batch's blocks", i, l.BlockNumber, l.BlockHash.Hex())
	}
	return nil
}

// Filter selects and pages a timeline.
type Filter struct {
	From    time.Time // inclusive; zero for no bound
	To      time.Time // exclusive; zero for no bound
	Actions []timeline.Action
	Cursor  string // from the previous page; empty for the first
	Limit   int    // entries per page; zero means DefaultLimit
	// Newest pages from the latest entry back; the default is chain order. A cursor continues
	// in the order of the page it came from.
	Newest bool
}

// Page sizes.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Bounds returns the filter's time window in Unix seconds, [from, to).
func (f Filter) Bounds() (from, to int64) {
	from, to = 0, 1<<62
	if !f.From.IsZero() {
		from = f.From.Unix()
		if f.From.Nanosecond() != 0 {
			from++ // the first whole second not before From
		}
	}
	if !f.To.IsZero() {
		to = f.To.Unix()
		if f.To.Nanosecond() != 0 {
			to++ // a block at To's second is still before To
		}
	}
	return from, to
}

// PageSize is the limit to apply, validated.
func (f Filter) PageSize() (int, error) {
	switch {
	case f.Limit == 0:
		return DefaultLimit, nil
	case f.Limit < 0 || f.Limit > MaxLimit:
		return 0, fmt.Errorf("limit %d outside 1..%d", f.Limit, MaxLimit)
	default:
		return f.Limit, nil
	}
}

// Position is where a timeline page ends: entries are ordered by block time, block number and
// log index (time never decreases along the chain, so this is chain order).
type Position struct {
	Time     int64
	Block    uint64
	LogIndex uint
}

// Start is the position before every entry.
var Start = Position{Time: -1}

// String encodes the position as an opaque cursor.
func (p Position) String() string {
	var b [21]byte
	b[0] = 1 // format version
	binary.BigEndian.PutUint64(b[1:], uint64(p.Time))
	binary.BigEndian.PutUint64(b[9:], p.Block)
	binary.BigEndian.PutUint32(b[17:], uint32(p.LogIndex))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// PositionOf is the position just after e.
func PositionOf(e *timeline.Entry) Position {
	return Position{Time: e.Time.Unix(), Block: e.BlockNumber, LogIndex: e.LogIndex}
}

// ParseCursor decodes a cursor; empty means Start.
func ParseCursor(s string) (Position, error) {
	if s == "" {
		return Start, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != 21 || b[0] != 1 {
		return Position{}, ErrBadCursor
	}
	// The decoder skips line breaks, so many strings decode to one cursor; only its own
	// encoding is accepted, so a cursor has one spelling (and one cache key, one log line).
	if base64.RawURLEncoding.EncodeToString(b) != s {
		return Position{}, ErrBadCursor
	}
	p := Position{
		Time:     int64(binary.BigEndian.Uint64(b[1:])),
		Block:    binary.BigEndian.Uint64(b[9:]),
		LogIndex: uint(binary.BigEndian.Uint32(b[17:])),
	}
	if p.Time < 0 || p.Block > 1<<62 {
		return Position{}, ErrBadCursor
	}
	return p, nil
}

// Store is the indexer's database.
type Store interface {
	// Cursor, HashAt and Rollback are logpoller.Store's.
	Cursor(ctx context.Context) (logpoller.Header, bool, error)
	HashAt(ctx context.Context, number uint64) (common.Hash, bool, error)
	Rollback(ctx context.Context, to logpoller.Header) error
	// Genesis and SetGenesis are logpoller.ChainStore's: the genesis hash of the chain the
	// store follows, so that a node on another chain is refused instead of wiping the store.
	Genesis(ctx context.Context) (common.Hash, bool, error)
	SetGenesis(ctx context.Context, hash common.Hash) error
	// Write stores a batch's headers, events and facts and moves the cursor to its last
	// header, in one transaction. Writing a batch whose last header is already stored with the
	// same hash does nothing; a batch that neither was written nor continues the cursor fails
	// with ErrDiscontinuous.
	Write(ctx context.Context, b Batch) error

	// Timeline returns a page of patient's timeline, resolved, and the cursor of the next page
	// ("" after the last).
	Timeline(ctx context.Context, patient common.Address, f Filter) ([]timeline.Entry, string, error)
	// Entry returns the timeline entry of the log at block and logIndex, resolved, whoever's
	// timeline it is on; ErrNotFound when there is none.
	Entry(ctx context.Context, block uint64, logIndex uint) (timeline.Entry, error)
	// Enrolments returns the enrolments of those of accounts that were enrolled.
	Enrolments(ctx context.Context, accounts []common.Address) (map[common.Address]timeline.Enrolment, error)

	// AddAuditor lets auditor read patient's timeline; adding twice is not an error.
	AddAuditor(ctx context.Context, patient, auditor common.Address) error
	// RemoveAuditor withdraws it; ErrNotFound if auditor was not authorized.
	RemoveAuditor(ctx context.Context, patient, auditor common.Address) error
	// Auditors lists patient's auditors in the order they were added.
	Auditors(ctx context.Context, patient common.Address) ([]common.Address, error)
	// IsAuditor reports whether auditor may read patient's timeline.
	IsAuditor(ctx context.Context, patient, auditor common.Address) (bool, error)
	// Guardian returns the scopes (timeline.Scope…) and the validity end of guardian as the
	// patient last named it on chain; zero scopes when it is no guardian of the patient.
	Guardian(ctx context.Context, patient, guardian common.Address) (scopes uint8, validUntil uint64, err error)

	Close() error
}

// Follower adapts a Store to the log poller: each range is decoded and written as one batch.
func Follower(s Store) logpoller.Store { return follower{s} }

type follower struct{ Store }

func (f follower) Apply(ctx context.Context, r logpoller.Range) error {
	b, err := NewBatch(r)
	if err != nil {
		return err
	}
	return f.Write(ctx, b)
}
