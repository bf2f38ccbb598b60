// Package state is the oracle's local on-disk memory: the log follower's checkpoint (the last
// applied block and the recent headers it needs to find a common ancestor after a reorg), the
// jobs the contracts' events created, the grants' re-key references, and every transaction the
// oracle signed, recorded before it was broadcast.
//
// It is one SQLite database (modernc.org/sqlite, pure Go) in WAL mode with synchronous=FULL: a
// commit that returned survives a crash and a power cut. Applying a range of blocks (its jobs and
// grants, and the new checkpoint) and rolling back to an ancestor are each one transaction, so
// the store always holds the state before or after a step, never half of one.
//
// # Jobs
//
// A job is one request to answer: an AccessInvoked (KindAccess, keyed by access id) or a
// KeyRequested (KindKey, keyed by key request id). It moves
//
//	Pending → Sent → Done
//
// Pending jobs are due for work; Sent jobs have at least one transaction recorded, and the
// answer that went into it; Done jobs are answered on chain. A rollback marks the jobs of the
// dropped blocks Removed; if their event comes back, the job returns to Pending, or to Sent when
// it has transactions that may still be mined, so the oracle waits for those first.
//
// Every change to a job's event bumps its generation. Workers carry the generation they read and
// every later write is conditional on it, so a worker that computed an answer for an event that
// has since been reorged away cannot record a transaction for it: the write fails with ErrStale.
package state

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

	"github.com/emrchain/emrchain/oracle/answer"
)

// ErrStale means a job changed (its event was reorged away or replaced) since the caller read it.
var ErrStale = errors.New("state: job changed since it was read")

// Kind is the type of request a job answers.
type Kind uint8

// Kinds of job.
const (
	KindAccess Kind = 1 // AccessLedger.AccessInvoked → fulfil / reject
	KindKey    Kind = 2 // KeyIssuer.KeyRequested → issueKey / rejectKey
)

func (k Kind) String() string {
	switch k {
	case KindAccess:
		return "access"
	case KindKey:
		return "key"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Status is where a job stands.
type Status uint8

// Job statuses.
const (
	Pending Status = 0
	Sent    Status = 1
	Done    Status = 2
	Removed Status = 3
)

func (s Status) String() string {
	switch s {
	case Pending:
		return "pending"
	case Sent:
		return "sent"
	case Done:
		return "done"
	case Removed:
		return "removed"
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// Outcome is how a Done job ended.
type Outcome uint8

// Outcomes.
const (
	Fulfilled Outcome = 1 // our fulfilment was mined
	Rejected  Outcome = 2 // our rejection was mined
	Elsewhere Outcome = 3 // the chain showed it answered already (before a restart, or by another oracle)
)

// Key names a job.
type Key struct {
	Kind Kind
	ID   uint64
}

func (k Key) String() string { return fmt.Sprintf("%s/%d", k.Kind, k.ID) }

// Block is a header of the followed chain.
type Block struct {
	Number uint64
	Hash   common.Hash
	Parent common.Hash
	Time   uint64
}

// Event is a job-creating event as decoded from a log.
type Event struct {
	Key       Key
	Block     uint64
	BlockHash common.Hash
	BlockTime uint64
	LogIndex  uint
	TxHash    common.Hash
	// RequestID is the access request (KindAccess); for KindKey it equals Key.ID.
	RequestID      uint64
	Requester      common.Address
	Patient        common.Address
	RecordID       [32]byte // KindAccess
	Version        uint32   // KindAccess
	AttributesHash [32]byte // KindKey
}

// Grant is an AccessGranted event's re-key reference.
type Grant struct {
	RequestID  uint64
	Block      uint64
	BlockHash  common.Hash
	RekeyRef   []byte
	Commitment [32]byte
}

// Job is a stored job.
type Job struct {
	Event
	Gen       uint64
	Status    Status
	Answer    answer.Answer // set once Sent
	Outcome   Outcome       // set once Done
	Attempts  int
	NotBefore time.Time
	LastError string
	SeenAt    time.Time // when the event was applied, for latency figures
}

// Store is the oracle's database. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	keep uint64
}

// Options tune Open.
type Options struct {
	// KeepHeaders is how many recent headers are kept for ancestor searches (0: 4096).
	KeepHeaders uint64
	// NoSync trades durability across power cuts for speed (synchronous=NORMAL): commits still
	// survive a process crash. For tests and benchmarks.
	NoSync bool
	// ReadOnly opens an existing database for inspection while an oracle may be using it.
	ReadOnly bool
}

// Open opens or creates the database at path. Its directory is created with mode 0700.
func Open(path string, opts Options) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	sync := "FULL"
	if opts.NoSync {
		sync = "NORMAL"
	}
	dsn := fmt.Sprintf("file:%s?_pragma=journal_mode(WAL)&_pragma=synchronous(%s)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(ON)&_txlock=immediate", path, sync)
	if opts.ReadOnly {
		dsn = fmt.Sprintf("file:%s?mode=ro&_pragma=busy_timeout(10000)", path)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("state: open %s: %w", path, err)
	}
	// One connection serialises writers, which SQLite does anyway, without SQLITE_BUSY.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, keep: opts.KeepHeaders}
	if s.keep == 0 {
		s.keep = 4096
	}
	if opts.ReadOnly {
		return s, nil
	}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

const schemaVersion = 1

func (s *Store) migrate() error {
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS headers (number INTEGER PRIMARY KEY, hash BLOB NOT NULL, parent BLOB NOT NULL, time INTEGER NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS cursor (id INTEGER PRIMARY KEY CHECK (id = 1), number INTEGER NOT NULL, hash BLOB NOT NULL, parent BLOB NOT NULL, time INTEGER NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS jobs (
			kind INTEGER NOT NULL, id INTEGER NOT NULL, gen INTEGER NOT NULL,
			block INTEGER NOT NULL, block_hash BLOB NOT NULL, block_time INTEGER NOT NULL, log_index INTEGER NOT NULL, tx_hash BLOB NOT NULL,
			request_id INTEGER NOT NULL, requester BLOB NOT NULL, patient BLOB NOT NULL,
			record_id BLOB NOT NULL, version INTEGER NOT NULL, attributes_hash BLOB NOT NULL,
			status INTEGER NOT NULL,
			reason INTEGER NOT NULL DEFAULT 0, result_hash BLOB, result_ref BLOB,
			outcome INTEGER NOT NULL DEFAULT 0,
			attempts INTEGER NOT NULL DEFAULT 0, not_before INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',
			seen_at INTEGER NOT NULL,
			PRIMARY KEY (kind, id))`,
		`CREATE INDEX IF NOT EXISTS jobs_due ON jobs (status, kind, not_before)`,
		`CREATE INDEX IF NOT EXISTS jobs_block ON jobs (block)`,
		`CREATE TABLE IF NOT EXISTS grants (request_id INTEGER PRIMARY KEY, block INTEGER NOT NULL, block_hash BLOB NOT NULL, rekey_ref BLOB NOT NULL, commitment BLOB NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS grants_block ON grants (block)`,
		`CREATE TABLE IF NOT EXISTS txs (hash BLOB PRIMARY KEY, nonce INTEGER NOT NULL, raw BLOB NOT NULL, created INTEGER NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS job_txs (kind INTEGER NOT NULL, id INTEGER NOT NULL, hash BLOB NOT NULL REFERENCES txs (hash), PRIMARY KEY (kind, id, hash))`,
		`CREATE INDEX IF NOT EXISTS job_txs_hash ON job_txs (hash)`,
	}
	for _, q := range stmts {
		if _, err := s.db.Exec(q); err != nil {
			return fmt.Errorf("state: migrate: %w", err)
		}
	}
	var v string
	err := s.db.QueryRow(`SELECT value FROM meta WHERE key = 'schema'`).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = s.db.Exec(`INSERT INTO meta (key, value) VALUES ('schema', ?)`, fmt.Sprint(schemaVersion))
		if err != nil {
			return fmt.Errorf("state: migrate: %w", err)
		}
	case err != nil:
		return fmt.Errorf("state: schema version: %w", err)
	case v != fmt.Sprint(schemaVersion):
		return fmt.Errorf("state: database has schema %s, this oracle reads %d", v, schemaVersion)
	}
	return nil
}

// Bind records which chain and deployment the database follows, or checks that it is the one
// recorded: a state directory reused against another chain would skip or repeat events.
func (s *Store) Bind(ctx context.Context, identity string) error {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'identity'`).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = s.db.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('identity', ?)`, identity)
		if err != nil {
			return fmt.Errorf("state: bind: %w", err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("state: bind: %w", err)
	case v != identity:
		return fmt.Errorf("state: database follows %s, not %s; use another state directory", v, identity)
	}
	return nil
}

// Genesis returns the genesis hash of the chain the log follower follows; false before the
// follower has recorded it.
func (s *Store) Genesis(ctx context.Context) (common.Hash, bool, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'genesis'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return common.Hash{}, false, nil
	}
	if err != nil {
		return common.Hash{}, false, fmt.Errorf("state: genesis: %w", err)
	}
	return common.HexToHash(v), true, nil
}

// SetGenesis records the genesis hash of the followed chain.
func (s *Store) SetGenesis(ctx context.Context, h common.Hash) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('genesis', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, h.Hex()); err != nil {
		return fmt.Errorf("state: genesis: %w", err)
	}
	return nil
}

func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("state: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("state: commit: %w", err)
	}
	return nil
}

// Cursor returns the last applied block; false when nothing has been applied.
func (s *Store) Cursor(ctx context.Context) (Block, bool, error) {
	var b Block
	var hash, parent []byte
	err := s.db.QueryRowContext(ctx, `SELECT number, hash, parent, time FROM cursor WHERE id = 1`).Scan(&b.Number, &hash, &parent, &b.Time)
	if errors.Is(err, sql.ErrNoRows) {
		return Block{}, false, nil
	}
	if err != nil {
		return Block{}, false, fmt.Errorf("state: cursor: %w", err)
	}
	b.Hash, b.Parent = common.BytesToHash(hash), common.BytesToHash(parent)
	return b, true, nil
}

// HashAt returns the stored hash of block number; false when it is not stored.
func (s *Store) HashAt(ctx context.Context, number uint64) (common.Hash, bool, error) {
	var hash []byte
	err := s.db.QueryRowContext(ctx, `SELECT hash FROM headers WHERE number = ?`, number).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return common.Hash{}, false, nil
	}
	if err != nil {
		return common.Hash{}, false, fmt.Errorf("state: header %d: %w", number, err)
	}
	return common.BytesToHash(hash), true, nil
}

// Apply stores blocks (ascending, linked), the jobs of events and the grants they carry, and
// makes the last block the cursor, in one transaction. Applying the same range twice changes
// nothing the second time.
func (s *Store) Apply(ctx context.Context, blocks []Block, events []Event, grants []Grant) error {
	if len(blocks) == 0 {
		return errors.New("state: apply: no blocks")
	}
	now := time.Now().UnixMilli()
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, b := range blocks {
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO headers (number, hash, parent, time) VALUES (?, ?, ?, ?)`,
				b.Number, b.Hash[:], b.Parent[:], b.Time); err != nil {
				return fmt.Errorf("state: header %d: %w", b.Number, err)
			}
		}
		for _, e := range events {
			if err := upsertJob(ctx, tx, e, now); err != nil {
				return err
			}
		}
		for _, g := range grants {
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO grants (request_id, block, block_hash, rekey_ref, commitment) VALUES (?, ?, ?, ?, ?)`,
				g.RequestID, g.Block, g.BlockHash[:], g.RekeyRef, g.Commitment[:]); err != nil {
				return fmt.Errorf("state: grant %d: %w", g.RequestID, err)
			}
		}
		last := blocks[len(blocks)-1]
		if err := setCursor(ctx, tx, last); err != nil {
			return err
		}
		if last.Number > s.keep {
			if _, err := tx.ExecContext(ctx, `DELETE FROM headers WHERE number <= ?`, last.Number-s.keep); err != nil {
				return fmt.Errorf("state: prune headers: %w", err)
			}
		}
		return nil
	})
}

// upsertJob inserts a job, or revives one whose event came back after a rollback. A job whose
// event is already stored at the same place is left alone, which makes Apply idempotent.
func upsertJob(ctx context.Context, tx *sql.Tx, e Event, now int64) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO jobs (kind, id, gen, block, block_hash, block_time, log_index, tx_hash, request_id, requester, patient,
			record_id, version, attributes_hash, status, seen_at)
		VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, id) DO UPDATE SET
			gen = jobs.gen + 1,
			block = excluded.block, block_hash = excluded.block_hash, block_time = excluded.block_time,
			log_index = excluded.log_index, tx_hash = excluded.tx_hash, request_id = excluded.request_id,
			requester = excluded.requester, patient = excluded.patient, record_id = excluded.record_id,
			version = excluded.version, attributes_hash = excluded.attributes_hash,
			status = CASE WHEN EXISTS (SELECT 1 FROM job_txs WHERE job_txs.kind = jobs.kind AND job_txs.id = jobs.id)
				THEN ? ELSE ? END,
			reason = 0, result_hash = NULL, result_ref = NULL, outcome = 0,
			attempts = 0, not_before = 0, last_error = '', seen_at = excluded.seen_at
		WHERE jobs.block_hash != excluded.block_hash OR jobs.log_index != excluded.log_index OR jobs.status = ?`,
		e.Key.Kind, e.Key.ID, e.Block, e.BlockHash[:], e.BlockTime, e.LogIndex, e.TxHash[:], e.RequestID,
		e.Requester[:], e.Patient[:], e.RecordID[:], e.Version, e.AttributesHash[:], Pending, now,
		Sent, Pending, Removed)
	if err != nil {
		return fmt.Errorf("state: job %s: %w", e.Key, err)
	}
	return nil
}

func setCursor(ctx context.Context, tx *sql.Tx, b Block) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO cursor (id, number, hash, parent, time) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET number = excluded.number, hash = excluded.hash, parent = excluded.parent, time = excluded.time`,
		b.Number, b.Hash[:], b.Parent[:], b.Time)
	if err != nil {
		return fmt.Errorf("state: cursor: %w", err)
	}
	return nil
}

// Rollback drops the headers and grants above to, marks the jobs of the dropped blocks
// Removed, and makes to the cursor, in one transaction.
func (s *Store) Rollback(ctx context.Context, to Block) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM headers WHERE number > ?`, to.Number); err != nil {
			return fmt.Errorf("state: rollback headers: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM grants WHERE block > ?`, to.Number); err != nil {
			return fmt.Errorf("state: rollback grants: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE jobs SET status = ?, gen = gen + 1 WHERE block > ?`, Removed, to.Number); err != nil {
			return fmt.Errorf("state: rollback jobs: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO headers (number, hash, parent, time) VALUES (?, ?, ?, ?)`,
			to.Number, to.Hash[:], to.Parent[:], to.Time); err != nil {
			return fmt.Errorf("state: rollback header: %w", err)
		}
		return setCursor(ctx, tx, to)
	})
}

const jobColumns = `kind, id, gen, block, block_hash, block_time, log_index, tx_hash, request_id, requester, patient,
	record_id, version, attributes_hash, status, reason, result_hash, result_ref, outcome, attempts, not_before, last_error, seen_at`

func scanJob(row interface{ Scan(...any) error }) (Job, error) {
	var j Job
	var blockHash, txHash, requester, patient, recordID, attrs, resultHash, resultRef []byte
	var notBefore, seenAt int64
	err := row.Scan(&j.Key.Kind, &j.Key.ID, &j.Gen, &j.Block, &blockHash, &j.BlockTime, &j.LogIndex, &txHash,
		&j.RequestID, &requester, &patient, &recordID, &j.Version, &attrs, &j.Status, &j.Answer.Reason,
		&resultHash, &resultRef, &j.Outcome, &j.Attempts, &notBefore, &j.LastError, &seenAt)
	if err != nil {
		return Job{}, err
	}
	j.BlockHash, j.TxHash = common.BytesToHash(blockHash), common.BytesToHash(txHash)
	j.Requester, j.Patient = common.BytesToAddress(requester), common.BytesToAddress(patient)
	copy(j.RecordID[:], recordID)
	copy(j.AttributesHash[:], attrs)
	copy(j.Answer.Hash[:], resultHash)
	j.Answer.Ref = resultRef
	j.NotBefore, j.SeenAt = time.UnixMilli(notBefore), time.UnixMilli(seenAt)
	return j, nil
}

func (s *Store) jobs(ctx context.Context, query string, args ...any) ([]Job, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+jobColumns+` FROM jobs `+query, args...)
	if err != nil {
		return nil, fmt.Errorf("state: jobs: %w", err)
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, fmt.Errorf("state: jobs: %w", err)
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("state: jobs: %w", err)
	}
	return out, nil
}

// Job returns one job.
func (s *Store) Job(ctx context.Context, k Key) (Job, bool, error) {
	js, err := s.jobs(ctx, `WHERE kind = ? AND id = ?`, k.Kind, k.ID)
	if err != nil || len(js) == 0 {
		return Job{}, false, err
	}
	return js[0], true, nil
}

// Position is a place in event order, for paging through due jobs.
type Position struct {
	Block uint64
	Index uint
}

// PositionOf is the position of a job's event.
func PositionOf(j Job) Position { return Position{Block: j.Block, Index: j.LogIndex} }

// Due returns up to limit Pending jobs of a kind whose backoff has passed and whose events come
// after after (the zero Position: from the start), oldest event first.
func (s *Store) Due(ctx context.Context, kind Kind, now time.Time, after Position, limit int) ([]Job, error) {
	first := after == Position{}
	return s.jobs(ctx, `WHERE status = ? AND kind = ? AND not_before <= ? AND (? OR block > ? OR (block = ? AND log_index > ?))
		ORDER BY block, log_index LIMIT ?`,
		Pending, kind, now.UnixMilli(), first, after.Block, after.Block, after.Index, limit)
}

// InFlight returns the Sent jobs of a kind: each has transactions that may still be mined.
func (s *Store) InFlight(ctx context.Context, kind Kind) ([]Job, error) {
	return s.jobs(ctx, `WHERE status = ? AND kind = ? ORDER BY block, log_index`, Sent, kind)
}

// Transactions returns the transactions recorded for a job, oldest first.
func (s *Store) Transactions(ctx context.Context, k Key) ([]*types.Transaction, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT t.raw FROM txs t JOIN job_txs j ON j.hash = t.hash
		WHERE j.kind = ? AND j.id = ? ORDER BY t.nonce, t.created, t.rowid`, k.Kind, k.ID)
	if err != nil {
		return nil, fmt.Errorf("state: transactions of %s: %w", k, err)
	}
	defer rows.Close()
	var out []*types.Transaction
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, fmt.Errorf("state: transactions of %s: %w", k, err)
		}
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(raw); err != nil {
			return nil, fmt.Errorf("state: transaction of %s: %w", k, err)
		}
		out = append(out, tx)
	}
	return out, rows.Err()
}

// Entry is a job at a generation, with the answer a transaction carries for it.
type Entry struct {
	Key    Key
	Gen    uint64
	Answer answer.Answer
}

// RecordTx records tx as carrying the answers of entries and marks them Sent, in one
// transaction. It fails with ErrStale, naming the job, if any entry's generation has changed
// (its event was reorged away meanwhile): such a transaction must not be broadcast.
func (s *Store) RecordTx(ctx context.Context, entries []Entry, tx *types.Transaction) error {
	raw, err := tx.MarshalBinary()
	if err != nil {
		return fmt.Errorf("state: encode transaction: %w", err)
	}
	hash := tx.Hash()
	return s.tx(ctx, func(dbtx *sql.Tx) error {
		if _, err := dbtx.ExecContext(ctx, `INSERT OR IGNORE INTO txs (hash, nonce, raw, created) VALUES (?, ?, ?, ?)`,
			hash[:], tx.Nonce(), raw, time.Now().UnixMilli()); err != nil {
			return fmt.Errorf("state: record transaction: %w", err)
		}
		for _, e := range entries {
			res, err := dbtx.ExecContext(ctx, `UPDATE jobs SET status = ?, reason = ?, result_hash = ?, result_ref = ?
				WHERE kind = ? AND id = ? AND gen = ? AND status IN (?, ?)`,
				Sent, e.Answer.Reason, nullable(e.Answer.Hash[:], e.Answer.Rejected()), e.Answer.Ref,
				e.Key.Kind, e.Key.ID, e.Gen, Pending, Sent)
			if err != nil {
				return fmt.Errorf("state: record transaction for %s: %w", e.Key, err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fmt.Errorf("%w: %s", ErrStale, e.Key)
			}
			if _, err := dbtx.ExecContext(ctx, `INSERT OR IGNORE INTO job_txs (kind, id, hash) VALUES (?, ?, ?)`,
				e.Key.Kind, e.Key.ID, hash[:]); err != nil {
				return fmt.Errorf("state: record transaction for %s: %w", e.Key, err)
			}
		}
		return nil
	})
}

func nullable(b []byte, null bool) any {
	if null {
		return nil
	}
	return b
}

// Ref is a job at the generation a caller read.
type Ref struct {
	Key Key
	Gen uint64
}

// Finish marks jobs Done with an outcome. Jobs whose generation changed are skipped and
// returned, so the caller can tell which answers no longer belong to a live event.
func (s *Store) Finish(ctx context.Context, refs []Ref, outcome Outcome) (stale []Key, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		stale = stale[:0]
		for _, r := range refs {
			res, err := tx.ExecContext(ctx, `UPDATE jobs SET status = ?, outcome = ?, last_error = '' WHERE kind = ? AND id = ? AND gen = ?`,
				Done, outcome, r.Key.Kind, r.Key.ID, r.Gen)
			if err != nil {
				return fmt.Errorf("state: finish %s: %w", r.Key, err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				stale = append(stale, r.Key)
			}
		}
		return nil
	})
	return stale, err
}

// Defer puts a job back to Pending, not to be retried before until, and counts the attempt.
func (s *Store) Defer(ctx context.Context, r Ref, until time.Time, cause error) error {
	msg := ""
	if cause != nil {
		msg = cause.Error()
	}
	_, err := s.db.ExecContext(ctx, `UPDATE jobs SET status = ?, attempts = attempts + 1, not_before = ?, last_error = ?
		WHERE kind = ? AND id = ? AND gen = ? AND status IN (?, ?)`,
		Pending, until.UnixMilli(), msg, r.Key.Kind, r.Key.ID, r.Gen, Pending, Sent)
	if err != nil {
		return fmt.Errorf("state: defer %s: %w", r.Key, err)
	}
	return nil
}

// Grant returns the re-key reference of a grant seen in the events.
func (s *Store) Grant(ctx context.Context, requestID uint64) (Grant, bool, error) {
	g := Grant{RequestID: requestID}
	var hash, commitment []byte
	err := s.db.QueryRowContext(ctx, `SELECT block, block_hash, rekey_ref, commitment FROM grants WHERE request_id = ?`, requestID).
		Scan(&g.Block, &hash, &g.RekeyRef, &commitment)
	if errors.Is(err, sql.ErrNoRows) {
		return Grant{}, false, nil
	}
	if err != nil {
		return Grant{}, false, fmt.Errorf("state: grant %d: %w", requestID, err)
	}
	g.BlockHash = common.BytesToHash(hash)
	copy(g.Commitment[:], commitment)
	return g, true, nil
}

// Counts returns how many jobs of a kind are in each status.
func (s *Store) Counts(ctx context.Context, kind Kind) (map[Status]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT status, COUNT(*) FROM jobs WHERE kind = ? GROUP BY status`, kind)
	if err != nil {
		return nil, fmt.Errorf("state: counts: %w", err)
	}
	defer rows.Close()
	out := map[Status]int{}
	for rows.Next() {
		var st Status
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("state: counts: %w", err)
		}
		out[st] = n
	}
	return out, rows.Err()
}
