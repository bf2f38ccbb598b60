// Package verify proves that an indexer's stored timeline of a patient is what the chain says:
// it reads the patient's logs afresh from a node (every event type, filtered on the topic that
// holds the patient), rebuilds the timeline with the same decoding and resolution the indexer
// uses, and compares it entry for entry with the store, naming the first difference. Anyone
// who edits the database behind the indexer's back (a row changed, dropped or added) is caught,
// because the chain, not the database, is the reference.
package verify

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"sort"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/logpoller"
)

var (
	// ErrMismatch means the stored timeline differs from the chain's.
	ErrMismatch = errors.New("stored timeline differs from the chain")
	// ErrNotSynced means the store has ingested nothing yet.
	ErrNotSynced = errors.New("the indexer has not ingested any block")
	// ErrForked means the node's chain does not contain the store's cursor block (a reorg the
	// indexer has not processed yet, or a node on another fork): nothing can be compared.
	ErrForked = errors.New("the store's cursor block is not on the node's chain")
)

// Client is what verification reads from a node.
type Client interface {
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
}

// Reader is what verification reads from a store.
type Reader interface {
	Cursor(ctx context.Context) (logpoller.Header, bool, error)
	Timeline(ctx context.Context, patient common.Address, f store.Filter) ([]timeline.Entry, string, error)
}

// Report is the outcome of a verification.
type Report struct {
	Patient common.Address
	// Block and BlockHash are the store's cursor: the chain is compared up to there.
	Block     uint64
	BlockHash common.Hash
	// Entries is how many entries the chain has for the patient up to Block.
	Entries int
	// Mismatch is the first difference, nil when the timelines are equal.
	Mismatch *Mismatch
}

// OK reports whether the stored timeline equals the chain's.
func (r *Report) OK() bool { return r.Mismatch == nil }

// Err is nil when OK, else an error wrapping ErrMismatch that names the difference.
func (r *Report) Err() error {
	if r.OK() {
		return nil
	}
	return fmt.Errorf("%w: patient %s up to block %d: %s", ErrMismatch, r.Patient.Hex(), r.Block, r.Mismatch)
}

// Mismatch is the first entry where store and chain disagree.
type Mismatch struct {
	Index  int             // position in the timeline, from 0
	Field  string          // the first differing Entry field, or "" when an entry is missing on one side
	Stored *timeline.Entry // nil when the store lacks the chain's entry
	Chain  *timeline.Entry // nil when the store has an entry the chain does not
}

func (m *Mismatch) String() string {
	switch {
	case m.Stored == nil:
		return fmt.Sprintf("entry %d (%s) is on chain but missing from the store", m.Index, describe(m.Chain))
	case m.Chain == nil:
		return fmt.Sprintf("entry %d (%s) is in the store but not on chain", m.Index, describe(m.Stored))
	default:
		sv := reflect.ValueOf(*m.Stored).FieldByName(m.Field).Interface()
		cv := reflect.ValueOf(*m.Chain).FieldByName(m.Field).Interface()
		return fmt.Sprintf("entry %d (%s): %s is %v in the store, %v on chain", m.Index, describe(m.Chain), m.Field, sv, cv)
	}
}

func describe(e *timeline.Entry) string {
	return fmt.Sprintf("block %d log %d tx %s, %s", e.BlockNumber, e.LogIndex, e.TxHash.Hex(), e.Action)
}

// Options tune how logs are fetched.
type Options struct {
	// MaxRange bounds the blocks of one eth_getLogs call; zero means 10,000.
	MaxRange uint64
}

// Patient verifies patient's stored timeline against the chain, from the deployment block to
// the store's cursor. A mismatch is reported in the Report (see Report.Err), not as an error;
// errors are failures to read either side.
func Patient(ctx context.Context, client Client, m *deploy.Manifest, st Reader, patient common.Address, opts ...Options) (*Report, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.MaxRange == 0 {
		o.MaxRange = 10_000
	}
	cur, stored, err := snapshot(ctx, st, patient)
	if err != nil {
		return nil, err
	}
	if err := onChain(ctx, client, cur); err != nil {
		return nil, err
	}
	chain, err := chainTimeline(ctx, client, m, patient, cur.Number, o.MaxRange)
	if err != nil {
		return nil, err
	}
	// A reorg during the reads would mix forks; the cursor block still being there rules it out.
	if err := onChain(ctx, client, cur); err != nil {
		return nil, err
	}
	return &Report{Patient: patient, Block: cur.Number, BlockHash: cur.Hash, Entries: len(chain), Mismatch: compare(stored, chain)}, nil
}

func onChain(ctx context.Context, client Client, cur logpoller.Header) error {
	h, err := client.HeaderByNumber(ctx, new(big.Int).SetUint64(cur.Number))
	if errors.Is(err, ethereum.NotFound) {
		return fmt.Errorf("%w: node has no block %d", ErrForked, cur.Number)
	}
	if err != nil {
		return fmt.Errorf("verify: header %d: %w", cur.Number, err)
	}
	if h.Hash() != cur.Hash {
		return fmt.Errorf("%w: block %d is %s on the node, %s in the store", ErrForked, cur.Number, h.Hash().Hex(), cur.Hash.Hex())
	}
	return nil
}

// chainTimeline rebuilds patient's timeline from the node's logs.
func chainTimeline(ctx context.Context, client Client, m *deploy.Manifest, patient common.Address, to, maxRange uint64) ([]timeline.Entry, error) {
	addrs := m.Addresses().List()
	subject := common.BytesToHash(patient.Bytes())
	var logs []types.Log
	for pos, ids := range timeline.SubjectTopics() {
		topics := make([][]common.Hash, pos+1)
		topics[0], topics[pos] = ids, []common.Hash{subject}
		got, err := filter(ctx, client, addrs, topics, m.DeploymentBlock, to, maxRange)
		if err != nil {
			return nil, err
		}
		logs = append(logs, got...)
	}
	times := map[uint64]uint64{}
	facts := timeline.NewFacts()
	var entries []timeline.Entry
	parties := map[common.Address]bool{}
	committees, attributes := map[uint64]bool{}, map[common.Hash]bool{}
	take := func(ev timeline.Event) {
		// Registry events are filtered on their account topic; the timeline is the account's.
		if ev.Entry != nil && ev.Entry.Patient == patient {
			entries = append(entries, *ev.Entry)
			parties[ev.Entry.Actor], parties[ev.Entry.Counterpart] = true, true
			if ev.Entry.Committee != 0 {
				committees[ev.Entry.Committee] = true
			}
			for _, a := range ev.Entry.Attributes {
				attributes[a] = true
			}
		}
	}
	for i := range logs {
		t, err := blockTime(ctx, client, &logs[i], times)
		if err != nil {
			return nil, err
		}
		ev, err := timeline.Decode(&logs[i], t)
		if err != nil {
			return nil, fmt.Errorf("verify: %w", err)
		}
		facts.Add(ev)
		take(ev)
	}
	// The members' answers name the access, not the patient: read them by the patient's
	// accesses, in each gate that opened some.
	answers, err := answerLogs(ctx, client, facts.Gates(patient), m.DeploymentBlock, to, maxRange)
	if err != nil {
		return nil, err
	}
	for i := range answers {
		t, err := blockTime(ctx, client, &answers[i], times)
		if err != nil {
			return nil, err
		}
		ev, err := timeline.Decode(&answers[i], t)
		if err != nil {
			return nil, fmt.Errorf("verify: %w", err)
		}
		facts.Add(ev)
		if facts.Place(&ev) {
			take(ev)
		}
	}
	delete(parties, common.Address{})
	if err := addRoles(ctx, client, m, parties, to, maxRange, facts); err != nil {
		return nil, err
	}
	if err := addByID(ctx, client, m.Addresses().Proxies, timeline.CommitteeTopic(), uint64Topics(committees), m.DeploymentBlock, to, maxRange, facts); err != nil {
		return nil, err
	}
	if err := addByID(ctx, client, m.Addresses().Attributes, timeline.AttributeTopic(), hashTopics(attributes), m.DeploymentBlock, to, maxRange, facts); err != nil {
		return nil, err
	}
	for i := range entries {
		facts.Resolve(&entries[i])
	}
	sort.Slice(entries, func(i, j int) bool { return before(&entries[i], &entries[j]) })
	return entries, nil
}

// answerLogs reads the members' answers to the given accesses.
func answerLogs(ctx context.Context, client Client, gates []timeline.GateKey, from, to, maxRange uint64) ([]types.Log, error) {
	byGate := map[common.Address][]common.Hash{}
	for _, g := range gates {
		byGate[g.Contract] = append(byGate[g.Contract], common.BigToHash(new(big.Int).SetUint64(g.ID)))
	}
	var out []types.Log
	for gate, ids := range byGate {
		for len(ids) > 0 {
			n := min(topicChunk, len(ids))
			got, err := filter(ctx, client, []common.Address{gate}, [][]common.Hash{timeline.AnswerTopics(), ids[:n]}, from, to, maxRange)
			if err != nil {
				return nil, err
			}
			out = append(out, got...)
			ids = ids[n:]
		}
	}
	// Chain order, so that every commit's facts are in before the outcome that names it.
	sort.Slice(out, func(i, j int) bool {
		if out[i].BlockNumber != out[j].BlockNumber {
			return out[i].BlockNumber < out[j].BlockNumber
		}
		return out[i].Index < out[j].Index
	})
	return out, nil
}

// topicChunk bounds the values of one topic position in one filter.
const topicChunk = 100

// addByID reads the events with the given id at topic 1 from one contract into facts.
func addByID(ctx context.Context, client Client, addr common.Address, event common.Hash, ids []common.Hash, from, to, maxRange uint64, facts *timeline.Facts) error {
	for len(ids) > 0 {
		n := min(topicChunk, len(ids))
		logs, err := filter(ctx, client, []common.Address{addr}, [][]common.Hash{{event}, ids[:n]}, from, to, maxRange)
		if err != nil {
			return err
		}
		for i := range logs {
			ev, err := timeline.Decode(&logs[i], 0)
			if err != nil {
				return fmt.Errorf("verify: %w", err)
			}
			facts.Add(ev)
		}
		ids = ids[n:]
	}
	return nil
}

func uint64Topics(set map[uint64]bool) []common.Hash {
	out := make([]common.Hash, 0, len(set))
	for id := range set {
		out = append(out, common.BigToHash(new(big.Int).SetUint64(id)))
	}
	return out
}

func hashTopics(set map[common.Hash]bool) []common.Hash {
	out := make([]common.Hash, 0, len(set))
	for h := range set {
		out = append(out, h)
	}
	return out
}

// addRoles reads the enrolments of the parties from the Registry.
func addRoles(ctx context.Context, client Client, m *deploy.Manifest, parties map[common.Address]bool, to, maxRange uint64, facts *timeline.Facts) error {
	list := make([]common.Hash, 0, len(parties))
	for a := range parties {
		list = append(list, common.BytesToHash(a.Bytes()))
	}
	for len(list) > 0 {
		n := min(topicChunk, len(list))
		topics := [][]common.Hash{{timeline.EnrolmentTopic()}, list[:n]}
		logs, err := filter(ctx, client, []common.Address{m.Addresses().Registry}, topics, m.DeploymentBlock, to, maxRange)
		if err != nil {
			return err
		}
		for i := range logs {
			ev, err := timeline.Decode(&logs[i], 0)
			if err != nil {
				return fmt.Errorf("verify: %w", err)
			}
			facts.Add(ev)
		}
		list = list[n:]
	}
	return nil
}

func filter(ctx context.Context, client Client, addrs []common.Address, topics [][]common.Hash, from, to, maxRange uint64) ([]types.Log, error) {
	var out []types.Log
	for lo := from; lo <= to; lo += maxRange {
		hi := min(to, lo+maxRange-1)
		logs, err := client.FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(lo), ToBlock: new(big.Int).SetUint64(hi), Addresses: addrs, Topics: topics,
		})
		if err != nil {
			return nil, fmt.Errorf("verify: logs %d-%d: %w", lo, hi, err)
		}
		for _, l := range logs {
			if l.Removed {
				return nil, fmt.Errorf("%w: node returned a removed log at block %d", ErrForked, l.BlockNumber)
			}
		}
		out = append(out, logs...)
	}
	return out, nil
}

// blockTime is the log's block timestamp, from the log when the node includes it.
func blockTime(ctx context.Context, client Client, l *types.Log, cache map[uint64]uint64) (uint64, error) {
	if l.BlockTimestamp != 0 {
		return l.BlockTimestamp, nil
	}
	if t, ok := cache[l.BlockNumber]; ok {
		return t, nil
	}
	h, err := client.HeaderByNumber(ctx, new(big.Int).SetUint64(l.BlockNumber))
	if err != nil {
		return 0, fmt.Errorf("verify: header %d: %w", l.BlockNumber, err)
	}
	if h.Hash() != l.BlockHash {
		return 0, fmt.Errorf("%w: block %d changed while verifying", ErrForked, l.BlockNumber)
	}
	cache[l.BlockNumber] = h.Time
	return h.Time, nil
}

func before(a, b *timeline.Entry) bool {
	if !a.Time.Equal(b.Time) {
		return a.Time.Before(b.Time)
	}
	if a.BlockNumber != b.BlockNumber {
		return a.BlockNumber < b.BlockNumber
	}
	return a.LogIndex < b.LogIndex
}

// snapshot reads the store's cursor and the patient's stored timeline as of that cursor. A
// running indexer may ingest blocks between the two reads; the cursor read again afterwards
// tells, and the reads are repeated, so that entries the indexer added meanwhile are not taken
// for entries the chain lacks. Entries beyond a cursor that did not move are reported, since
// the indexer writes a block's entries and its cursor together.
func snapshot(ctx context.Context, st Reader, patient common.Address) (logpoller.Header, []timeline.Entry, error) {
	const attempts = 10
	for i := 0; ; i++ {
		cur, ok, err := st.Cursor(ctx)
		if err != nil {
			return logpoller.Header{}, nil, fmt.Errorf("verify: %w", err)
		}
		if !ok {
			return logpoller.Header{}, nil, ErrNotSynced
		}
		stored, err := storedTimeline(ctx, st, patient)
		if err != nil {
			return logpoller.Header{}, nil, err
		}
		after, _, err := st.Cursor(ctx)
		if err != nil {
			return logpoller.Header{}, nil, fmt.Errorf("verify: %w", err)
		}
		if after == cur {
			return cur, upTo(stored, cur.Number), nil
		}
		if i == attempts-1 {
			return logpoller.Header{}, nil, fmt.Errorf("verify: the indexer moved from block %d to %d while its timeline was read, %d times in a row; try again", cur.Number, after.Number, attempts)
		}
		select {
		case <-ctx.Done():
			return logpoller.Header{}, nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func storedTimeline(ctx context.Context, st Reader, patient common.Address) ([]timeline.Entry, error) {
	var out []timeline.Entry
	f := store.Filter{Limit: store.MaxLimit}
	for {
		page, next, err := st.Timeline(ctx, patient, f)
		if err != nil {
			return nil, fmt.Errorf("verify: stored timeline: %w", err)
		}
		out = append(out, page...)
		if next == "" {
			return out, nil
		}
		f.Cursor = next
	}
}

// upTo keeps the entries at or below block: the comparison is up to the cursor, and a reader
// can see rows of a write that commits between its cursor read and its timeline read (two
// statements are two snapshots). Such rows are compared by the next verification, once the
// cursor has passed them.
func upTo(entries []timeline.Entry, block uint64) []timeline.Entry {
	for i := range entries {
		if entries[i].BlockNumber > block {
			return entries[:i]
		}
	}
	return entries
}

// compare returns the first difference between the two timelines.
func compare(stored, chain []timeline.Entry) *Mismatch {
	for i := 0; i < max(len(stored), len(chain)); i++ {
		switch {
		case i >= len(stored):
			return &Mismatch{Index: i, Chain: &chain[i]}
		case i >= len(chain):
			return &Mismatch{Index: i, Stored: &stored[i]}
		}
		if field := firstDifference(&stored[i], &chain[i]); field != "" {
			// An entry dropped from the store shifts the rest: name the missing one, not the shift.
			if i+1 < len(chain) && firstDifference(&stored[i], &chain[i+1]) == "" {
				return &Mismatch{Index: i, Chain: &chain[i]}
			}
			return &Mismatch{Index: i, Field: field, Stored: &stored[i], Chain: &chain[i]}
		}
	}
	return nil
}

// firstDifference names the first field in which two entries differ, "" when equal.
func firstDifference(a, b *timeline.Entry) string {
	va, vb := reflect.ValueOf(*a), reflect.ValueOf(*b)
	for i := 0; i < va.NumField(); i++ {
		fa, fb := va.Field(i).Interface(), vb.Field(i).Interface()
		if t, ok := fa.(time.Time); ok {
			if !t.Equal(fb.(time.Time)) {
				return va.Type().Field(i).Name
			}
			continue
		}
		if !reflect.DeepEqual(fa, fb) {
			return va.Type().Field(i).Name
		}
	}
	return ""
}
