// Package eventstream turns the contracts' logs into a decoded NDJSON stream for integrations
// (`emrchain events watch`): one JSON object per event, filtered by contract, event and patient,
// resumable from a checkpoint file, and explicit about reorgs: a reorg is a {"type":"reorg"}
// record listing the events it removed, never a silent correction.
//
// Delivery is at least once: a record is written before the checkpoint that covers it, so a crash
// between the two repeats it on restart. Every record carries (blockHash, logIndex), its
// idempotency key.
package eventstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/logpoller"
)

// keep bounds the headers and emitted events the checkpoint remembers for reorg handling.
const keep = 1024

// Filter selects events. Empty fields select everything.
type Filter struct {
	Events  []string        // event names, e.g. "AccessFulfilled"
	Patient *common.Address // only events whose patient (or enrolled account) is this address
}

// Reorg is the record written when blocks the stream already reported are replaced.
type Reorg struct {
	Type           string             `json:"type"` // "reorg"
	CommonAncestor logpoller.Header   `json:"commonAncestor"`
	Removed        []*contracts.Event `json:"removed"`
}

// checkpoint is the file's content: the cursor, recent headers for ancestor search, and the
// recent events written, so a reorg can say what it removed.
type checkpoint struct {
	// Genesis is the followed chain's genesis hash: a checkpoint never resumes on another chain.
	Genesis *common.Hash       `json:"genesis,omitempty"`
	Cursor  *logpoller.Header  `json:"cursor,omitempty"`
	Headers []logpoller.Header `json:"headers"`
	Emitted []*contracts.Event `json:"emitted"`
}

// Stream is a logpoller.Store that writes decoded events to an io.Writer and keeps its
// checkpoint in a file (or only in memory when path is empty).
type Stream struct {
	mu     sync.Mutex
	out    io.Writer
	path   string
	filter Filter
	events map[string]bool
	cp     checkpoint
}

// ValidateEvents checks event names against the contracts' ABIs, so a typo is an error and
// not an empty stream.
func ValidateEvents(names []string) error {
	known := map[string]bool{}
	for _, s := range contracts.Events() {
		known[s.Event.Name] = true
	}
	var bad []string
	for _, n := range names {
		if !known[n] {
			bad = append(bad, n)
		}
	}
	if len(bad) > 0 {
		all := make([]string, 0, len(known))
		for n := range known {
			all = append(all, n)
		}
		slices.Sort(all)
		return fmt.Errorf("unknown event %s (known: %s)", strings.Join(bad, ", "), strings.Join(all, ", "))
	}
	return nil
}

// Open loads the checkpoint at path (a missing file starts from scratch) and returns the stream.
func Open(out io.Writer, path string, f Filter) (*Stream, error) {
	if err := ValidateEvents(f.Events); err != nil {
		return nil, err
	}
	s := &Stream{out: out, path: path, filter: f}
	if len(f.Events) > 0 {
		s.events = map[string]bool{}
		for _, e := range f.Events {
			s.events[e] = true
		}
	}
	if path == "" {
		return s, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read checkpoint: %w", err)
	}
	if err := json.Unmarshal(b, &s.cp); err != nil {
		return nil, fmt.Errorf("checkpoint %s is corrupt (%v): move it away to start over", path, err)
	}
	return s, nil
}

// Topics returns the topic-0 filter for the selected events (nil: all).
func (s *Stream) Topics() [][]common.Hash {
	if s.events == nil {
		return nil
	}
	var ids []common.Hash
	for _, spec := range contracts.Events() {
		if s.events[spec.Event.Name] {
			ids = append(ids, spec.Event.ID)
		}
	}
	return [][]common.Hash{ids}
}

// Cursor implements logpoller.Store.
func (s *Stream) Cursor(context.Context) (logpoller.Header, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cp.Cursor == nil {
		return logpoller.Header{}, false, nil
	}
	return *s.cp.Cursor, true, nil
}

// Genesis implements logpoller.ChainStore.
func (s *Stream) Genesis(context.Context) (common.Hash, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cp.Genesis == nil {
		return common.Hash{}, false, nil
	}
	return *s.cp.Genesis, true, nil
}

// SetGenesis implements logpoller.ChainStore.
func (s *Stream) SetGenesis(_ context.Context, h common.Hash) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := s.cp
	next.Genesis = &h
	if err := s.save(next); err != nil {
		return err
	}
	s.cp = next
	return nil
}

// HashAt implements logpoller.Store.
func (s *Stream) HashAt(_ context.Context, n uint64) (common.Hash, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range s.cp.Headers {
		if h.Number == n {
			return h.Hash, true, nil
		}
	}
	return common.Hash{}, false, nil
}

// Apply implements logpoller.Store: it writes the range's matching events, then the checkpoint.
func (s *Stream) Apply(_ context.Context, r logpoller.Range) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	enc := json.NewEncoder(s.out)
	var emitted []*contracts.Event
	for i := range r.Logs {
		ev, err := contracts.DecodeLog(&r.Logs[i])
		if err != nil {
			// A log we cannot decode is not ours to report (filters are by address); skip it loudly
			// in the stream's own terms rather than stopping the integration.
			continue
		}
		if !s.match(ev) {
			continue
		}
		if err := enc.Encode(ev); err != nil {
			return fmt.Errorf("write event: %w", err)
		}
		emitted = append(emitted, ev)
	}
	next := s.cp
	last := r.Last()
	next.Cursor = &last
	next.Headers = trim(append(slices.Clone(s.cp.Headers), r.Headers...), keep)
	next.Emitted = trimEvents(append(slices.Clone(s.cp.Emitted), emitted...), next.Headers)
	if err := s.save(next); err != nil {
		return err
	}
	s.cp = next
	return nil
}

// Rollback implements logpoller.Store: it reports the removed events as one reorg record.
func (s *Stream) Rollback(_ context.Context, to logpoller.Header) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := Reorg{Type: "reorg", CommonAncestor: to, Removed: []*contracts.Event{}}
	var kept []*contracts.Event
	for _, ev := range s.cp.Emitted {
		if ev.Block > to.Number {
			ev.Removed = true
			rec.Removed = append(rec.Removed, ev)
		} else {
			kept = append(kept, ev)
		}
	}
	if err := json.NewEncoder(s.out).Encode(rec); err != nil {
		return fmt.Errorf("write reorg: %w", err)
	}
	next := s.cp
	next.Cursor = &to
	var headers []logpoller.Header
	for _, h := range s.cp.Headers {
		if h.Number <= to.Number {
			headers = append(headers, h)
		}
	}
	next.Headers, next.Emitted = headers, kept
	if err := s.save(next); err != nil {
		return err
	}
	s.cp = next
	return nil
}

func (s *Stream) match(ev *contracts.Event) bool {
	if s.events != nil && !s.events[ev.Name] {
		return false
	}
	if s.filter.Patient != nil {
		want := s.filter.Patient.Hex()
		for _, key := range []string{"patient", "account"} {
			if v, ok := ev.Fields[key].(string); ok && strings.EqualFold(v, want) {
				return true
			}
		}
		return false
	}
	return true
}

func (s *Stream) save(cp checkpoint) error {
	if s.path == "" {
		return nil
	}
	b, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	tmp := s.path + ".tmp"
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("write checkpoint: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write checkpoint: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	return nil
}

func trim(h []logpoller.Header, n int) []logpoller.Header {
	if len(h) > n {
		return h[len(h)-n:]
	}
	return h
}

// trimEvents keeps the events of blocks whose headers are still remembered: older ones can no
// longer be reorged out as far as the stream can tell.
func trimEvents(evs []*contracts.Event, headers []logpoller.Header) []*contracts.Event {
	if len(headers) == 0 {
		return nil
	}
	oldest := headers[0].Number
	i := 0
	for i < len(evs) && evs[i].Block < oldest {
		i++
	}
	return evs[i:]
}
