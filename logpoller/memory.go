package logpoller

import (
	"context"
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/common"
)

// DefaultKeep is how many headers a Memory store keeps for ancestor searches when Keep is zero:
// far deeper than any reorg seen on a live chain.
const DefaultKeep = 4096

// Memory is a Store with no durable state: it keeps the latest headers in memory and hands each
// range and rollback to callbacks. It suits consumers that start afresh on every run, such as a
// terminal watcher; consumers that must resume after a crash need a Store backed by a database.
type Memory struct {
	// OnApply, when set, sees each range before it becomes the cursor; an error aborts the
	// Apply, and the poller retries the same range.
	OnApply func(ctx context.Context, r Range) error
	// OnRollback, when set, is told of each rollback before it happens; an error aborts it.
	OnRollback func(ctx context.Context, to Header) error
	// Keep bounds the headers kept; a reorg deeper than that stops the poller. Zero means
	// DefaultKeep.
	Keep int

	mu      sync.Mutex
	headers []Header // ascending and contiguous; the last one is the cursor
	genesis *common.Hash
}

// Genesis implements ChainStore: a Memory store refuses, for as long as it lives, a node that
// was reset or replaced by another chain.
func (m *Memory) Genesis(context.Context) (common.Hash, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.genesis == nil {
		return common.Hash{}, false, nil
	}
	return *m.genesis, true, nil
}

// SetGenesis implements ChainStore.
func (m *Memory) SetGenesis(_ context.Context, h common.Hash) error {
	m.mu.Lock()
	m.genesis = &h
	m.mu.Unlock()
	return nil
}

// Cursor implements Store.
func (m *Memory) Cursor(context.Context) (Header, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.headers) == 0 {
		return Header{}, false, nil
	}
	return m.headers[len(m.headers)-1], true, nil
}

// HashAt implements Store.
func (m *Memory) HashAt(_ context.Context, number uint64) (common.Hash, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if i, ok := m.index(number); ok {
		return m.headers[i].Hash, true, nil
	}
	return common.Hash{}, false, nil
}

// Apply implements Store. It refuses a range that does not continue the cursor, which the
// poller never hands it.
func (m *Memory) Apply(ctx context.Context, r Range) error {
	if len(r.Headers) == 0 {
		return fmt.Errorf("apply: empty range")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := len(m.headers); n > 0 {
		last := m.headers[n-1]
		if r.First().Number != last.Number+1 || r.First().ParentHash != last.Hash {
			return fmt.Errorf("apply: range from %d (parent %s) does not continue cursor %d (%s)",
				r.First().Number, r.First().ParentHash.Hex(), last.Number, last.Hash.Hex())
		}
	}
	if m.OnApply != nil {
		if err := m.OnApply(ctx, r); err != nil {
			return err
		}
	}
	m.headers = append(m.headers, r.Headers...)
	if keep := m.keep(); len(m.headers) > keep {
		m.headers = append(m.headers[:0:0], m.headers[len(m.headers)-keep:]...)
	}
	return nil
}

// Rollback implements Store.
func (m *Memory) Rollback(ctx context.Context, to Header) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.OnRollback != nil {
		if err := m.OnRollback(ctx, to); err != nil {
			return err
		}
	}
	if i, ok := m.index(to.Number); ok && m.headers[i].Hash == to.Hash {
		m.headers = m.headers[:i+1]
		return nil
	}
	return fmt.Errorf("rollback: block %d (%s) is not among the kept headers", to.Number, to.Hash.Hex())
}

func (m *Memory) index(number uint64) (int, bool) {
	if len(m.headers) == 0 || number < m.headers[0].Number {
		return 0, false
	}
	i := int(number - m.headers[0].Number)
	return i, i < len(m.headers)
}

func (m *Memory) keep() int {
	if m.Keep > 0 {
		return m.Keep
	}
	return DefaultKeep
}
