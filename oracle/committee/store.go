package committee

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"

	"github.com/emrchain/emrchain/logpoller"
)

// Store is the node's memory of ProxyNetwork: the events applied so far with their log
// follower's checkpoint, the deal this node drew for each committee (kept before it is sent,
// never redrawn), and every transaction it signed for a committee (kept before it is broadcast).
// It lives in tables of its own in the oracle's state database; Node is the log poller's Store
// over it, and applying a range of blocks and rolling back are each one transaction.
type Store struct {
	db   *sql.DB
	keep uint64
}

// OpenStore opens (creating them if needed) the committee tables in the SQLite database at path,
// which may be the oracle's state database. noSync trades durability across power cuts for
// speed, as state.Options.NoSync does.
func OpenStore(path string, noSync bool) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("committee store: %w", err)
	}
	sync := "FULL"
	if noSync {
		sync = "NORMAL"
	}
	dsn := fmt.Sprintf("file:%s?_pragma=journal_mode(WAL)&_pragma=synchronous(%s)&_pragma=busy_timeout(10000)&_txlock=immediate", path, sync)
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("committee store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	s := &Store{db: db, keep: 4096}
	for _, q := range []string{
		`CREATE TABLE IF NOT EXISTS committee_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS committee_headers (number INTEGER PRIMARY KEY, hash BLOB NOT NULL, parent BLOB NOT NULL, time INTEGER NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS committee_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), number INTEGER NOT NULL, hash BLOB NOT NULL, parent BLOB NOT NULL, time INTEGER NOT NULL)`,
		// Every ProxyNetwork log, raw: the DKG state machine replays them in chain order.
		`CREATE TABLE IF NOT EXISTS committee_events (block INTEGER NOT NULL, log_index INTEGER NOT NULL, block_hash BLOB NOT NULL,
			committee INTEGER NOT NULL, topics BLOB NOT NULL, data BLOB NOT NULL, PRIMARY KEY (block, log_index))`,
		`CREATE INDEX IF NOT EXISTS committee_events_committee ON committee_events (committee, block, log_index)`,
		// The deal this node drew, before it was sent: a restart sends the same bytes again.
		`CREATE TABLE IF NOT EXISTS committee_deals (committee INTEGER PRIMARY KEY, commitments BLOB NOT NULL, shares BLOB NOT NULL)`,
		// Transactions signed for an action, recorded before they are broadcast.
		`CREATE TABLE IF NOT EXISTS committee_txs (hash BLOB PRIMARY KEY, committee INTEGER NOT NULL, action TEXT NOT NULL,
			nonce INTEGER NOT NULL, raw BLOB NOT NULL, created INTEGER NOT NULL, settled INTEGER NOT NULL DEFAULT 0)`,
		`CREATE INDEX IF NOT EXISTS committee_txs_action ON committee_txs (committee, action, settled)`,
	} {
		if _, err := db.Exec(q); err != nil {
			db.Close()
			return nil, fmt.Errorf("committee store: migrate: %w", err)
		}
	}
	return s, nil
}

// Close closes the database handle.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("committee store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committee store: commit: %w", err)
	}
	return nil
}

// Cursor is the last applied block; false when nothing has been applied.
func (s *Store) Cursor(ctx context.Context) (logpoller.Header, bool, error) {
	var h logpoller.Header
	var hash, parent []byte
	err := s.db.QueryRowContext(ctx, `SELECT number, hash, parent, time FROM committee_cursor WHERE id = 1`).Scan(&h.Number, &hash, &parent, &h.Time)
	if errors.Is(err, sql.ErrNoRows) {
		return logpoller.Header{}, false, nil
	}
	if err != nil {
		return logpoller.Header{}, false, fmt.Errorf("committee store: cursor: %w", err)
	}
	h.Hash, h.ParentHash = common.BytesToHash(hash), common.BytesToHash(parent)
	return h, true, nil
}

// HashAt is the stored hash of block number; false when it is not stored.
func (s *Store) HashAt(ctx context.Context, number uint64) (common.Hash, bool, error) {
	var hash []byte
	err := s.db.QueryRowContext(ctx, `SELECT hash FROM committee_headers WHERE number = ?`, number).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return common.Hash{}, false, nil
	}
	if err != nil {
		return common.Hash{}, false, fmt.Errorf("committee store: header %d: %w", number, err)
	}
	return common.BytesToHash(hash), true, nil
}

// Genesis is the genesis hash of the followed chain; false until it is recorded.
func (s *Store) Genesis(ctx context.Context) (common.Hash, bool, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM committee_meta WHERE key = 'genesis'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return common.Hash{}, false, nil
	}
	if err != nil {
		return common.Hash{}, false, fmt.Errorf("committee store: genesis: %w", err)
	}
	return common.HexToHash(v), true, nil
}

// SetGenesis records the genesis hash of the followed chain.
func (s *Store) SetGenesis(ctx context.Context, h common.Hash) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO committee_meta (key, value) VALUES ('genesis', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, h.Hex())
	if err != nil {
		return fmt.Errorf("committee store: genesis: %w", err)
	}
	return nil
}

// Bind records which deployment the tables follow, or checks it is the one recorded.
func (s *Store) Bind(ctx context.Context, identity string) error {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM committee_meta WHERE key = 'identity'`).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := s.db.ExecContext(ctx, `INSERT INTO committee_meta (key, value) VALUES ('identity', ?)`, identity); err != nil {
			return fmt.Errorf("committee store: bind: %w", err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("committee store: bind: %w", err)
	case v != identity:
		return fmt.Errorf("committee store: database follows %s, not %s; use another state file", v, identity)
	}
	return nil
}

// apply stores headers and the followed contract's logs and makes the last header the cursor.
func (s *Store) apply(ctx context.Context, headers []logpoller.Header, logs []types.Log, committeeOf func(*types.Log) uint64) error {
	if len(headers) == 0 {
		return errors.New("committee store: apply: no blocks")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, h := range headers {
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO committee_headers (number, hash, parent, time) VALUES (?, ?, ?, ?)`,
				h.Number, h.Hash[:], h.ParentHash[:], h.Time); err != nil {
				return fmt.Errorf("committee store: header %d: %w", h.Number, err)
			}
		}
		for i := range logs {
			l := &logs[i]
			var topics []byte
			for _, t := range l.Topics {
				topics = append(topics, t[:]...)
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO committee_events (block, log_index, block_hash, committee, topics, data) VALUES (?, ?, ?, ?, ?, ?)`,
				l.BlockNumber, l.Index, l.BlockHash[:], committeeOf(l), topics, l.Data); err != nil {
				return fmt.Errorf("committee store: event %d/%d: %w", l.BlockNumber, l.Index, err)
			}
		}
		last := headers[len(headers)-1]
		if err := setCursor(ctx, tx, last); err != nil {
			return err
		}
		if last.Number > s.keep {
			if _, err := tx.ExecContext(ctx, `DELETE FROM committee_headers WHERE number <= ?`, last.Number-s.keep); err != nil {
				return fmt.Errorf("committee store: prune headers: %w", err)
			}
		}
		return nil
	})
}

func setCursor(ctx context.Context, tx *sql.Tx, h logpoller.Header) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO committee_cursor (id, number, hash, parent, time) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET number = excluded.number, hash = excluded.hash, parent = excluded.parent, time = excluded.time`,
		h.Number, h.Hash[:], h.ParentHash[:], h.Time)
	if err != nil {
		return fmt.Errorf("committee store: cursor: %w", err)
	}
	return nil
}

// rollback drops the events and headers above to and makes it the cursor.
func (s *Store) rollback(ctx context.Context, to logpoller.Header) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM committee_headers WHERE number > ?`, `DELETE FROM committee_events WHERE block > ?`} {
			if _, err := tx.ExecContext(ctx, q, to.Number); err != nil {
				return fmt.Errorf("committee store: rollback: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO committee_headers (number, hash, parent, time) VALUES (?, ?, ?, ?)`,
			to.Number, to.Hash[:], to.ParentHash[:], to.Time); err != nil {
			return fmt.Errorf("committee store: rollback header: %w", err)
		}
		return setCursor(ctx, tx, to)
	})
}

// events returns the stored logs of a committee (every committee when all is set), in chain
// order.
func (s *Store) events(ctx context.Context, committee uint64, all bool) ([]types.Log, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT block, log_index, block_hash, topics, data FROM committee_events
		WHERE ? OR committee = ? ORDER BY block, log_index`, all, committee)
	if err != nil {
		return nil, fmt.Errorf("committee store: events: %w", err)
	}
	defer rows.Close()
	var out []types.Log
	for rows.Next() {
		var l types.Log
		var hash, topics []byte
		if err := rows.Scan(&l.BlockNumber, &l.Index, &hash, &topics, &l.Data); err != nil {
			return nil, fmt.Errorf("committee store: events: %w", err)
		}
		l.BlockHash = common.BytesToHash(hash)
		for i := 0; i+32 <= len(topics); i += 32 {
			l.Topics = append(l.Topics, common.BytesToHash(topics[i:i+32]))
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// OwnDeal returns the deal this node drew for a committee; false when it has drawn none.
func (s *Store) OwnDeal(ctx context.Context, committee uint64) (commitments, shares []byte, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT commitments, shares FROM committee_deals WHERE committee = ?`, committee).Scan(&commitments, &shares)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, false, nil
	}
	if err != nil {
		return nil, nil, false, fmt.Errorf("committee store: deal of committee %d: %w", committee, err)
	}
	return commitments, shares, true, nil
}

// SaveOwnDeal records the deal this node drew for a committee. It never replaces one: the first
// deal drawn is the one sent, however often the node restarts.
func (s *Store) SaveOwnDeal(ctx context.Context, committee uint64, commitments, shares []byte) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO committee_deals (committee, commitments, shares) VALUES (?, ?, ?) ON CONFLICT (committee) DO NOTHING`,
		committee, commitments, shares)
	if err != nil {
		return fmt.Errorf("committee store: deal of committee %d: %w", committee, err)
	}
	return nil
}

// RecordTx records tx as sent for an action before it is broadcast.
func (s *Store) RecordTx(ctx context.Context, committee uint64, action string, tx *types.Transaction) error {
	raw, err := tx.MarshalBinary()
	if err != nil {
		return fmt.Errorf("committee store: encode transaction: %w", err)
	}
	h := tx.Hash()
	_, err = s.db.ExecContext(ctx, `INSERT OR IGNORE INTO committee_txs (hash, committee, action, nonce, raw, created) VALUES (?, ?, ?, ?, ?, ?)`,
		h[:], committee, action, tx.Nonce(), raw, time.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("committee store: record transaction: %w", err)
	}
	return nil
}

// Settle marks every transaction of an action settled: mined, refused, or replaced.
func (s *Store) Settle(ctx context.Context, committee uint64, action string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE committee_txs SET settled = 1 WHERE committee = ? AND action = ?`, committee, action); err != nil {
		return fmt.Errorf("committee store: settle: %w", err)
	}
	return nil
}

// Unsettled is an action with transactions that may still be mined.
type Unsettled struct {
	Committee uint64
	Action    string
	// Txs are the versions of the latest nonce the action was sent with, oldest first.
	Txs []*types.Transaction
}

// Unsettled returns the actions whose transactions have not been settled: after a restart, the
// node waits for those instead of sending again.
func (s *Store) Unsettled(ctx context.Context) ([]Unsettled, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT committee, action, nonce, raw FROM committee_txs WHERE settled = 0 ORDER BY committee, action, nonce, created`)
	if err != nil {
		return nil, fmt.Errorf("committee store: unsettled: %w", err)
	}
	defer rows.Close()
	var out []Unsettled
	for rows.Next() {
		var c, nonce uint64
		var action string
		var raw []byte
		if err := rows.Scan(&c, &action, &nonce, &raw); err != nil {
			return nil, fmt.Errorf("committee store: unsettled: %w", err)
		}
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(raw); err != nil {
			return nil, fmt.Errorf("committee store: unsettled: %w", err)
		}
		if n := len(out); n > 0 && out[n-1].Committee == c && out[n-1].Action == action {
			if last := out[n-1].Txs; last[len(last)-1].Nonce() != nonce {
				out[n-1].Txs = nil // a later nonce supersedes the earlier one's versions
			}
			out[n-1].Txs = append(out[n-1].Txs, tx)
			continue
		}
		out = append(out, Unsettled{Committee: c, Action: action, Txs: []*types.Transaction{tx}})
	}
	return out, rows.Err()
}
