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
// A job is one request to answer: a committee gate's request (an AccessInvoked, ReadRequested or
// TokenRequested: KindAccess, KindRead, KindToken, keyed by the gate's access id), the reveal of
// this member's commit once the gate's AnswerFulfilled is applied (the gate's kind plus
// KindReveal), the check of another member's AnswerRevealed (plus KindFault, keyed by FaultID),
// or a KeyRequested (KindKey, keyed by key request id). It moves
//
//	Pending → Sent → Done
//
// Pending jobs are due for work; Sent jobs have at least one transaction recorded, and the
// answer that went into it; Done jobs are answered on chain. A rollback marks the jobs of the
// dropped blocks Removed.
//
// Every change to a job's event bumps its generation. Workers carry the generation they read and
// every later write is conditional on it, so a worker that computed an answer for an event that
// has since been reorged away cannot record a transaction for it: the write fails with ErrStale.
//
// # Reorgs and transactions already sent
//
// A transaction carries answers computed for the events its jobs had when it was recorded. When a
// Removed job's event comes back the same (same request, requester, record, version: the same
// block contents re-mined), the answer still fits: the job returns to Sent with its answer and
// transactions, and the oracle waits for those. When it comes back different (the access id now
// belongs to another request), or the follower has passed its block without seeing it again,
// the job's links to its transactions are voided: the job is Pending for a fresh answer, and a
// transaction with a void link must never be mined (TxStanding says Void, and the oracle replaces
// it with a cancellation). While a job is Removed and its fate not yet known, its transactions
// are Held: not rebroadcast, not bumped, not cancelled.
//
// # Final
//
// Mined records where a transaction was mined and marks the jobs it answered Done there. An
// answer is final once the log follower, which applies blocks only at its confirmation depth,
// has applied that block with the same hash (TxFinal, Job.Final). A rollback below it, or an
// applied block with another hash at its height, reopens the jobs (to Sent, or Pending when
// nothing they sent can still be mined) and clears the transaction's mining, so an answer that a
// reorg removed is sent again, even after it was Done.
//
// # Erased records
//
// When the follower applies a record's RecordErased, the store forgets what it kept for the
// record's accesses (grants, attribute reads, care reads): the fragments and shares its commits
// carried for their reveals, and the grants' re-key references. A reveal not yet mined is Done
// with outcome Erased, never to be sent, and a transaction already carrying it is withdrawn (its
// links void). The record stays listed as erased, so a commit recorded afterwards keeps no
// fragment either. A rollback below the erasure unlists it; what was forgotten stays forgotten.
package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// Kinds of job. A committee gate (AccessLedger, AttributeReads, KeywordIndex, CareReads) gives three: the
// member's commit (or decline) to a request, its reveal once the request is fulfilled, and a
// check of another member's reveal that reports it on chain when its proof fails. The reveal and
// fault kinds are the gate's kind plus KindReveal or KindFault.
const (
	KindAccess Kind = 1 // AccessLedger.AccessInvoked → commit / decline (a PRE fragment)
	KindKey    Kind = 2 // KeyIssuer.KeyRequested → issueKey / rejectKey
	KindRead   Kind = 3 // AttributeReads.ReadRequested → commit / decline (a decryption share)
	KindToken  Kind = 4 // KeywordIndex.TokenRequested → commit / decline (an OPRF evaluation)
	KindCare   Kind = 5 // CareReads.CapsuleReadRequested → commit / decline (a decryption share)

	// KindReveal is added to a gate's kind: AnswerFulfilled → reveal (keyed by access id).
	KindReveal Kind = 16
	// KindFault is added to a gate's kind: AnswerRevealed by another member → reportFault when
	// its proof fails (keyed by FaultID).
	KindFault Kind = 32
)

// Gate is the committee gate a kind belongs to (KindAccess, KindRead, KindToken or KindCare), or the kind
// itself for KindKey.
func (k Kind) Gate() Kind { return k % 16 }

// IsReveal reports whether k is a gate's reveal kind.
func (k Kind) IsReveal() bool { return k/16 == 1 }

// IsFault reports whether k is a gate's fault kind.
func (k Kind) IsFault() bool { return k/16 == 2 }

// IsCommit reports whether k is a gate's commit kind.
func (k Kind) IsCommit() bool {
	return k == KindAccess || k == KindRead || k == KindToken || k == KindCare
}

// FaultID is the job id of the check of member's reveal to access: one per (access, member).
func FaultID(accessID uint64, member uint8) uint64 { return accessID<<5 | uint64(member&31) }

// FaultOf splits a FaultID.
func FaultOf(id uint64) (accessID uint64, member uint8) { return id >> 5, uint8(id & 31) }

func (k Kind) String() string {
	var gate string
	switch k.Gate() {
	case KindAccess:
		gate = "access"
	case KindKey:
		if k == KindKey {
			return "key"
		}
	case KindRead:
		gate = "read"
	case KindToken:
		gate = "token"
	case KindCare:
		gate = "care"
	}
	switch {
	case gate == "":
	case k.IsCommit():
		return gate
	case k.IsReveal():
		return gate + "-reveal"
	case k.IsFault():
		return gate + "-fault"
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
	Erased    Outcome = 4 // the record was erased before this reveal was mined: dropped, never sent
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
	// RequestID is the request the gate's access belongs to (a read's and a key request's own
	// id); for a fault check, the access id.
	RequestID uint64
	// Requester is who the answer is for; for a fault check, the revealing member's account.
	Requester common.Address
	Patient   common.Address
	RecordID  [32]byte // KindAccess, KindRead
	Version   uint32   // KindAccess, KindRead; the index epoch for KindToken
	// AttributesHash is the requester's attribute commitment (KindKey); for a fault check,
	// keccak256 of the revealed fragment ‖ proof, so a reveal that a reorg replaced is a new event.
	AttributesHash [32]byte
}

// Erasure is a RecordErased event: the record whose accesses the node forgets.
type Erasure struct {
	RecordID  [32]byte
	Block     uint64
	BlockHash common.Hash
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
	// DoneBlock and DoneHash are the block where the answer was seen (set once Done), and Final
	// says the log follower has applied that block with that hash.
	DoneBlock uint64
	DoneHash  common.Hash
	Final     bool
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

const schemaVersion = 3

// upgrades[v] takes a database from schema v+1 to v+2.
var upgrades = [][]string{
	// 2: where transactions were mined and whether that is final; void links; where jobs were
	// answered.
	{
		`ALTER TABLE txs ADD COLUMN block INTEGER`,
		`ALTER TABLE txs ADD COLUMN block_hash BLOB`,
		`ALTER TABLE txs ADD COLUMN final INTEGER NOT NULL DEFAULT 0`,
		`ALTER TABLE txs ADD COLUMN cancel INTEGER NOT NULL DEFAULT 0`,
		`ALTER TABLE txs ADD COLUMN dead INTEGER NOT NULL DEFAULT 0`,
		`CREATE INDEX IF NOT EXISTS txs_block ON txs (block)`,
		`ALTER TABLE job_txs ADD COLUMN void INTEGER NOT NULL DEFAULT 0`,
		`ALTER TABLE jobs ADD COLUMN done_block INTEGER NOT NULL DEFAULT 0`,
		`ALTER TABLE jobs ADD COLUMN done_hash BLOB`,
		`ALTER TABLE jobs ADD COLUMN final INTEGER NOT NULL DEFAULT 0`,
		`CREATE INDEX IF NOT EXISTS jobs_done ON jobs (done_block) WHERE status = 2`,
	},
	// 3: erased records.
	{
		`CREATE TABLE IF NOT EXISTS erased (record_id BLOB PRIMARY KEY, block INTEGER NOT NULL, block_hash BLOB NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS jobs_record ON jobs (record_id)`,
	},
}

// schema1 creates the tables of schema 1; upgrades take them to the current schema.
var schema1 = []string{
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

func (s *Store) migrate() error {
	stmts := schema1
	for _, q := range stmts {
		if _, err := s.db.Exec(q); err != nil {
			return fmt.Errorf("state: migrate: %w", err)
		}
	}
	var v string
	err := s.db.QueryRow(`SELECT value FROM meta WHERE key = 'schema'`).Scan(&v)
	current := 1 // the tables above are schema 1
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := s.db.Exec(`INSERT INTO meta (key, value) VALUES ('schema', '1')`); err != nil {
			return fmt.Errorf("state: migrate: %w", err)
		}
	case err != nil:
		return fmt.Errorf("state: schema version: %w", err)
	default:
		if _, err := fmt.Sscan(v, &current); err != nil || current < 1 || current > schemaVersion {
			return fmt.Errorf("state: database has schema %s, this oracle reads up to %d", v, schemaVersion)
		}
	}
	for ; current < schemaVersion; current++ {
		err := s.tx(context.Background(), func(tx *sql.Tx) error {
			for _, q := range upgrades[current-1] {
				if _, err := tx.Exec(q); err != nil {
					return err
				}
			}
			_, err := tx.Exec(`UPDATE meta SET value = ? WHERE key = 'schema'`, fmt.Sprint(current+1))
			return err
		})
		if err != nil {
			return fmt.Errorf("state: migrate to schema %d: %w", current+1, err)
		}
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
//
// It also settles what the range says about answers: a Done job (and its transaction) answered
// in an applied block with the same hash becomes final; one answered at an applied height with
// another hash is reopened; and a Removed job whose old block the range covers without bringing
// its event back has vanished, so its transactions' links are voided. It returns how many answers
// became final or were reopened, so the caller can wake whoever waits on them.
//
// Erasures are applied after the range's events (forget), so a reveal whose fulfilment is in the
// same range is dropped too.
func (s *Store) Apply(ctx context.Context, blocks []Block, events []Event, grants []Grant, erasures ...Erasure) (settled int, err error) {
	if len(blocks) == 0 {
		return 0, errors.New("state: apply: no blocks")
	}
	now := time.Now().UnixMilli()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		settled = 0
		for _, b := range blocks {
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO headers (number, hash, parent, time) VALUES (?, ?, ?, ?)`,
				b.Number, b.Hash[:], b.Parent[:], b.Time); err != nil {
				return fmt.Errorf("state: header %d: %w", b.Number, err)
			}
		}
		seen := map[Key]bool{}
		for _, e := range events {
			if err := upsertJob(ctx, tx, e, now); err != nil {
				return err
			}
			seen[e.Key] = true
		}
		for _, g := range grants {
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO grants (request_id, block, block_hash, rekey_ref, commitment) VALUES (?, ?, ?, ?, ?)`,
				g.RequestID, g.Block, g.BlockHash[:], g.RekeyRef, g.Commitment[:]); err != nil {
				return fmt.Errorf("state: grant %d: %w", g.RequestID, err)
			}
		}
		for _, x := range erasures {
			n, err := forget(ctx, tx, x)
			if err != nil {
				return err
			}
			settled += n
		}
		first, last := blocks[0], blocks[len(blocks)-1]
		for _, b := range blocks {
			n, err := settleBlock(ctx, tx, b)
			if err != nil {
				return err
			}
			settled += n
		}
		// Removed jobs whose old block is now applied without their event have vanished.
		vanished, err := keys(ctx, tx, `SELECT kind, id FROM jobs WHERE status = ? AND block BETWEEN ? AND ?`, Removed, first.Number, last.Number)
		if err != nil {
			return err
		}
		for _, k := range vanished {
			if seen[k] {
				continue
			}
			if err := voidLinks(ctx, tx, k); err != nil {
				return err
			}
			settled++
		}
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
	return settled, err
}

// gateKinds are the commit kinds whose jobs name a record.
var gateKinds = []any{KindAccess, KindRead, KindCare}

// forget drops what the store keeps of an erased record's accesses (see "Erased records") and
// returns how many reveals it dropped.
func forget(ctx context.Context, tx *sql.Tx, x Erasure) (int, error) {
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO erased (record_id, block, block_hash) VALUES (?, ?, ?)`,
		x.RecordID[:], x.Block, x.BlockHash[:]); err != nil {
		return 0, fmt.Errorf("state: erasure of %x: %w", x.RecordID, err)
	}
	commits, err := keys(ctx, tx, `SELECT kind, id FROM jobs WHERE record_id = ? AND kind IN (?, ?, ?)`, append([]any{x.RecordID[:]}, gateKinds...)...)
	if err != nil {
		return 0, err
	}
	// The commit's hash is public already; the fragment or share behind it, and its proof, go.
	if _, err := tx.ExecContext(ctx, `UPDATE jobs SET result_ref = NULL WHERE record_id = ? AND kind IN (?, ?, ?)`,
		append([]any{x.RecordID[:]}, gateKinds...)...); err != nil {
		return 0, fmt.Errorf("state: forget the answers to %x: %w", x.RecordID, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM grants WHERE request_id IN (SELECT request_id FROM jobs WHERE record_id = ? AND kind = ?)`,
		x.RecordID[:], KindAccess); err != nil {
		return 0, fmt.Errorf("state: forget the grants of %x: %w", x.RecordID, err)
	}
	dropped := 0
	for _, c := range commits {
		r := Key{Kind: c.Kind + KindReveal, ID: c.ID}
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET status = ?, outcome = ?, gen = gen + 1, result_ref = NULL,
				done_block = ?, done_hash = ?, final = 0, not_before = 0, last_error = ''
			WHERE kind = ? AND id = ? AND status IN (?, ?, ?)`,
			Done, Erased, x.Block, x.BlockHash[:], r.Kind, r.ID, Pending, Sent, Removed)
		if err != nil {
			return 0, fmt.Errorf("state: drop reveal %s: %w", r, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			// A transaction carrying the reveal must never be mined: withdraw it.
			if err := voidLinks(ctx, tx, r); err != nil {
				return 0, err
			}
			dropped++
		}
	}
	return dropped, nil
}

// Erased reports whether the follower applied recordID's erasure.
func (s *Store) Erased(ctx context.Context, recordID [32]byte) (bool, error) {
	var ok bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM erased WHERE record_id = ?)`, recordID[:]).Scan(&ok); err != nil {
		return false, fmt.Errorf("state: erased %x: %w", recordID, err)
	}
	return ok, nil
}

// settleBlock makes the answers seen in block b final, or reopens them if b is not the block
// they were seen in. It returns how many changed.
func settleBlock(ctx context.Context, tx *sql.Tx, b Block) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE jobs SET final = 1 WHERE status = ? AND done_block = ? AND done_hash = ? AND final = 0`,
		Done, b.Number, b.Hash[:])
	if err != nil {
		return 0, fmt.Errorf("state: finalise block %d: %w", b.Number, err)
	}
	n, _ := res.RowsAffected()
	if _, err := tx.ExecContext(ctx, `UPDATE txs SET final = 1 WHERE block = ? AND block_hash = ?`, b.Number, b.Hash[:]); err != nil {
		return 0, fmt.Errorf("state: finalise block %d: %w", b.Number, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE txs SET block = NULL, block_hash = NULL, final = 0 WHERE block = ? AND block_hash != ?`, b.Number, b.Hash[:]); err != nil {
		return 0, fmt.Errorf("state: unmine block %d: %w", b.Number, err)
	}
	reopened, err := reopen(ctx, tx, `done_block = ? AND done_hash != ?`, b.Number, b.Hash[:])
	return int(n) + reopened, err
}

// reopen puts Done jobs matching cond back to Sent, or to Pending when none of their links can
// still be mined, with a new generation.
func reopen(ctx context.Context, tx *sql.Tx, cond string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE jobs SET
			status = CASE WHEN EXISTS (SELECT 1 FROM job_txs l JOIN txs t ON t.hash = l.hash
				WHERE l.kind = jobs.kind AND l.id = jobs.id AND l.void = 0 AND t.dead = 0) THEN ? ELSE ? END,
			gen = gen + 1, outcome = 0, done_block = 0, done_hash = NULL, final = 0, not_before = 0
		WHERE status = ? AND `+cond, append([]any{Sent, Pending, Done}, args...)...)
	if err != nil {
		return 0, fmt.Errorf("state: reopen answers: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

func voidLinks(ctx context.Context, tx *sql.Tx, k Key) error {
	if _, err := tx.ExecContext(ctx, `UPDATE job_txs SET void = 1 WHERE kind = ? AND id = ?`, k.Kind, k.ID); err != nil {
		return fmt.Errorf("state: void links of %s: %w", k, err)
	}
	return nil
}

func keys(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]Key, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	defer rows.Close()
	var out []Key
	for rows.Next() {
		var k Key
		if err := rows.Scan(&k.Kind, &k.ID); err != nil {
			return nil, fmt.Errorf("state: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// upsertJob inserts a job, or revives one whose event came back after a rollback. A job whose
// event is already stored at the same place is left alone, which makes Apply idempotent. An
// event that comes back with the same content keeps its answer and transactions; one that comes
// back different (another request took the access id) starts afresh, its old links void.
func upsertJob(ctx context.Context, tx *sql.Tx, e Event, now int64) error {
	var status Status
	var blockHash, requester, patient, recordID, attrs []byte
	var logIndex uint
	var requestID uint64
	var version uint32
	err := tx.QueryRowContext(ctx, `SELECT status, block_hash, log_index, request_id, requester, patient, record_id, version, attributes_hash
		FROM jobs WHERE kind = ? AND id = ?`, e.Key.Kind, e.Key.ID).
		Scan(&status, &blockHash, &logIndex, &requestID, &requester, &patient, &recordID, &version, &attrs)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.ExecContext(ctx, `
			INSERT INTO jobs (kind, id, gen, block, block_hash, block_time, log_index, tx_hash, request_id, requester, patient,
				record_id, version, attributes_hash, status, seen_at)
			VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Key.Kind, e.Key.ID, e.Block, e.BlockHash[:], e.BlockTime, e.LogIndex, e.TxHash[:], e.RequestID,
			e.Requester[:], e.Patient[:], e.RecordID[:], e.Version, e.AttributesHash[:], Pending, now)
		if err != nil {
			return fmt.Errorf("state: job %s: %w", e.Key, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("state: job %s: %w", e.Key, err)
	}
	if common.BytesToHash(blockHash) == e.BlockHash && logIndex == e.LogIndex && status != Removed {
		return nil // applied already
	}
	same := requestID == e.RequestID && common.BytesToAddress(requester) == e.Requester && common.BytesToAddress(patient) == e.Patient &&
		[32]byte(recordID) == e.RecordID && version == e.Version && [32]byte(attrs) == e.AttributesHash
	if !same {
		if err := voidLinks(ctx, tx, e.Key); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE jobs SET
			gen = gen + 1, block = ?, block_hash = ?, block_time = ?, log_index = ?, tx_hash = ?, request_id = ?, requester = ?,
			patient = ?, record_id = ?, version = ?, attributes_hash = ?,
			status = CASE
				WHEN ? THEN ?
				WHEN EXISTS (SELECT 1 FROM job_txs l JOIN txs t ON t.hash = l.hash
					WHERE l.kind = jobs.kind AND l.id = jobs.id AND l.void = 0 AND t.dead = 0) THEN ?
				ELSE ? END,
			reason = CASE WHEN ? THEN 0 ELSE reason END,
			result_hash = CASE WHEN ? THEN NULL ELSE result_hash END,
			result_ref = CASE WHEN ? THEN NULL ELSE result_ref END,
			outcome = 0, done_block = 0, done_hash = NULL, final = 0,
			attempts = 0, not_before = 0, last_error = '', seen_at = ?
		WHERE kind = ? AND id = ?`,
		e.Block, e.BlockHash[:], e.BlockTime, e.LogIndex, e.TxHash[:], e.RequestID, e.Requester[:], e.Patient[:], e.RecordID[:],
		e.Version, e.AttributesHash[:],
		!same, Pending, Sent, Pending,
		!same, !same, !same, now, e.Key.Kind, e.Key.ID)
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
		if _, err := tx.ExecContext(ctx, `DELETE FROM erased WHERE block > ?`, to.Number); err != nil {
			return fmt.Errorf("state: rollback erasures: %w", err)
		}
		// Answers seen above the ancestor are no longer known to be on chain.
		if _, err := tx.ExecContext(ctx, `UPDATE txs SET block = NULL, block_hash = NULL, final = 0 WHERE block > ?`, to.Number); err != nil {
			return fmt.Errorf("state: rollback transactions: %w", err)
		}
		if _, err := reopen(ctx, tx, `done_block > ?`, to.Number); err != nil {
			return err
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
	record_id, version, attributes_hash, status, reason, result_hash, result_ref, outcome, attempts, not_before, last_error, seen_at,
	done_block, done_hash, final`

func scanJob(row interface{ Scan(...any) error }) (Job, error) {
	var j Job
	var blockHash, txHash, requester, patient, recordID, attrs, resultHash, resultRef, doneHash []byte
	var notBefore, seenAt int64
	err := row.Scan(&j.Key.Kind, &j.Key.ID, &j.Gen, &j.Block, &blockHash, &j.BlockTime, &j.LogIndex, &txHash,
		&j.RequestID, &requester, &patient, &recordID, &j.Version, &attrs, &j.Status, &j.Answer.Reason,
		&resultHash, &resultRef, &j.Outcome, &j.Attempts, &notBefore, &j.LastError, &seenAt,
		&j.DoneBlock, &doneHash, &j.Final)
	if err != nil {
		return Job{}, err
	}
	j.DoneHash = common.BytesToHash(doneHash)
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

// Due returns up to limit Pending jobs of the given kinds whose backoff has passed and whose
// events come after after (the zero Position: from the start), oldest event first. Every event
// makes one job, so one position orders the jobs of every kind.
func (s *Store) Due(ctx context.Context, kinds []Kind, now time.Time, after Position, limit int) ([]Job, error) {
	first := after == Position{}
	in, args := kindsIn(kinds)
	return s.jobs(ctx, `WHERE status = ? AND kind IN (`+in+`) AND not_before <= ? AND (? OR block > ? OR (block = ? AND log_index > ?))
		ORDER BY block, log_index LIMIT ?`,
		append(append([]any{Pending}, args...), now.UnixMilli(), first, after.Block, after.Block, after.Index, limit)...)
}

// InFlight returns the Sent jobs of the given kinds: each has transactions that may still be
// mined.
func (s *Store) InFlight(ctx context.Context, kinds ...Kind) ([]Job, error) {
	in, args := kindsIn(kinds)
	return s.jobs(ctx, `WHERE status = ? AND kind IN (`+in+`) ORDER BY block, log_index`, append([]any{Sent}, args...)...)
}

func kindsIn(kinds []Kind) (string, []any) {
	if len(kinds) == 0 {
		return "NULL", nil
	}
	args := make([]any, len(kinds))
	for i, k := range kinds {
		args[i] = k
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(kinds)), ", "), args
}

// Transactions returns the transactions recorded for a job that may still carry its answer
// (links not void, nonces not consumed by another transaction), oldest first.
func (s *Store) Transactions(ctx context.Context, k Key) ([]*types.Transaction, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT t.raw FROM txs t JOIN job_txs j ON j.hash = t.hash
		WHERE j.kind = ? AND j.id = ? AND j.void = 0 AND t.dead = 0 ORDER BY t.nonce, t.created, t.rowid`, k.Kind, k.ID)
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
			// A fragment computed for a record erased meanwhile is not kept: its commit is refused.
			res, err := dbtx.ExecContext(ctx, `UPDATE jobs SET status = ?, reason = ?, result_hash = ?,
					result_ref = CASE WHEN EXISTS (SELECT 1 FROM erased e WHERE e.record_id = jobs.record_id) THEN NULL ELSE ? END
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

// Finish marks jobs Done with an outcome, answered as of block at (the chain's head when the
// answer was seen there: a rollback below it, or another block applied at its height, reopens
// them). Jobs whose generation changed are skipped and returned, so the caller can tell which
// answers no longer belong to a live event.
func (s *Store) Finish(ctx context.Context, refs []Ref, outcome Outcome, at Block) (stale []Key, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		stale = stale[:0]
		for _, r := range refs {
			res, err := tx.ExecContext(ctx, `UPDATE jobs SET status = ?, outcome = ?, last_error = '', done_block = ?, done_hash = ?,
					final = EXISTS (SELECT 1 FROM headers WHERE number = ? AND hash = ?)
				WHERE kind = ? AND id = ? AND gen = ?`,
				Done, outcome, at.Number, at.Hash[:], at.Number, at.Hash[:], r.Key.Kind, r.Key.ID, r.Gen)
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

// RecordVersion records tx as another version (a fee bump) of the transaction first, carrying
// the same answers, and links it to the same jobs. It fails with ErrStale if any of those links
// is void: a transaction whose answers no longer fit must not be rebroadcast in a new version.
func (s *Store) RecordVersion(ctx context.Context, first common.Hash, tx *types.Transaction) error {
	raw, err := tx.MarshalBinary()
	if err != nil {
		return fmt.Errorf("state: encode transaction: %w", err)
	}
	hash := tx.Hash()
	return s.tx(ctx, func(dbtx *sql.Tx) error {
		var void bool
		if err := dbtx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM job_txs WHERE hash = ? AND void = 1)`, first[:]).Scan(&void); err != nil {
			return fmt.Errorf("state: record version: %w", err)
		}
		if void {
			return fmt.Errorf("%w: transaction %s answers a request that changed", ErrStale, first)
		}
		if _, err := dbtx.ExecContext(ctx, `INSERT OR IGNORE INTO txs (hash, nonce, raw, created) VALUES (?, ?, ?, ?)`,
			hash[:], tx.Nonce(), raw, time.Now().UnixMilli()); err != nil {
			return fmt.Errorf("state: record version: %w", err)
		}
		if _, err := dbtx.ExecContext(ctx, `INSERT OR IGNORE INTO job_txs (kind, id, hash) SELECT kind, id, ? FROM job_txs WHERE hash = ?`,
			hash[:], first[:]); err != nil {
			return fmt.Errorf("state: record version: %w", err)
		}
		return nil
	})
}

// RecordCancel records a cancellation: a transaction that consumes a nonce and answers nothing.
func (s *Store) RecordCancel(ctx context.Context, tx *types.Transaction) error {
	raw, err := tx.MarshalBinary()
	if err != nil {
		return fmt.Errorf("state: encode transaction: %w", err)
	}
	hash := tx.Hash()
	if _, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO txs (hash, nonce, raw, created, cancel) VALUES (?, ?, ?, ?, 1)`,
		hash[:], tx.Nonce(), raw, time.Now().UnixMilli()); err != nil {
		return fmt.Errorf("state: record cancellation: %w", err)
	}
	return nil
}

// Standing is whether a recorded transaction may still be mined.
type Standing uint8

// Standings.
const (
	// Live: its answers fit the jobs' events; publish and bump it as needed.
	Live Standing = iota
	// Held: a job it answers is Removed by a reorg and its event not yet seen again; neither
	// publish nor cancel it until the follower knows.
	Held
	// Void: a job it answers changed or vanished; it must never be mined.
	Void
)

func (s Standing) String() string {
	return [...]string{"live", "held", "void"}[s]
}

// TxStanding says whether the transaction hash (or any version recorded with the same links)
// may still be mined.
func (s *Store) TxStanding(ctx context.Context, hash common.Hash) (Standing, error) {
	var void, held bool
	err := s.db.QueryRowContext(ctx, `SELECT
			EXISTS (SELECT 1 FROM job_txs WHERE hash = ? AND void = 1),
			EXISTS (SELECT 1 FROM job_txs l JOIN jobs j ON j.kind = l.kind AND j.id = l.id WHERE l.hash = ? AND j.status = ?)`,
		hash[:], hash[:], Removed).Scan(&void, &held)
	switch {
	case err != nil:
		return Live, fmt.Errorf("state: standing of %s: %w", hash, err)
	case void:
		return Void, nil
	case held:
		return Held, nil
	}
	return Live, nil
}

// MinedJob is a job a mined transaction answered.
type MinedJob struct {
	Job
	// Void: the job's event changed or vanished since the answer was computed: the answer was
	// mined for whatever now holds the job's id, and the job is not marked Done by it.
	Void bool
}

// Jobs returns the jobs the transaction hash was recorded for, with whether each link is void.
func (s *Store) JobsOf(ctx context.Context, hash common.Hash) ([]MinedJob, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+prefixed("j.", jobColumns)+`, l.void FROM jobs j JOIN job_txs l ON l.kind = j.kind AND l.id = j.id
		WHERE l.hash = ? ORDER BY j.block, j.log_index`, hash[:])
	if err != nil {
		return nil, fmt.Errorf("state: jobs of %s: %w", hash, err)
	}
	defer rows.Close()
	var out []MinedJob
	for rows.Next() {
		var m MinedJob
		var err error
		m.Job, err = scanJob(scanPlus{rows, &m.Void})
		if err != nil {
			return nil, fmt.Errorf("state: jobs of %s: %w", hash, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// scanPlus scans a job row followed by extra columns.
type scanPlus struct {
	row   interface{ Scan(...any) error }
	extra any
}

func (p scanPlus) Scan(dest ...any) error { return p.row.Scan(append(dest, p.extra)...) }

func prefixed(prefix, columns string) string {
	parts := strings.Split(columns, ",")
	for i, c := range parts {
		parts[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// Mined records that the transaction hash was mined in block at and marks the jobs it answered
// Done there with the outcome outcomeOf gives each (0: not answered, left as it is). Jobs whose
// link is void, or that are Removed, are not marked: the first have another event now, the
// second are settled when their event comes back. The transaction and the jobs are final at
// once if the follower has applied that block with that hash. It returns the jobs marked Done.
func (s *Store) Mined(ctx context.Context, hash common.Hash, at Block, outcomeOf func(Job) Outcome) ([]Key, error) {
	jobs, err := s.JobsOf(ctx, hash)
	if err != nil {
		return nil, err
	}
	outcomes := make([]Outcome, len(jobs))
	for i, j := range jobs {
		if !j.Void && j.Status != Removed && j.Status != Done {
			outcomes[i] = outcomeOf(j.Job)
		}
	}
	var done []Key
	err = s.tx(ctx, func(tx *sql.Tx) error {
		done = done[:0]
		if _, err := tx.ExecContext(ctx, `UPDATE txs SET block = ?, block_hash = ?, dead = 0, final = EXISTS (SELECT 1 FROM headers WHERE number = ? AND hash = ?)
			WHERE hash = ?`, at.Number, at.Hash[:], at.Number, at.Hash[:], hash[:]); err != nil {
			return fmt.Errorf("state: mined %s: %w", hash, err)
		}
		// The other versions of its nonce can never be mined now.
		if _, err := tx.ExecContext(ctx, `UPDATE txs SET dead = 1 WHERE nonce = (SELECT nonce FROM txs WHERE hash = ?) AND hash != ? AND block IS NULL`,
			hash[:], hash[:]); err != nil {
			return fmt.Errorf("state: mined %s: %w", hash, err)
		}
		for i, j := range jobs {
			if outcomes[i] == 0 {
				continue
			}
			res, err := tx.ExecContext(ctx, `UPDATE jobs SET status = ?, outcome = ?, last_error = '', done_block = ?, done_hash = ?,
					final = EXISTS (SELECT 1 FROM headers WHERE number = ? AND hash = ?)
				WHERE kind = ? AND id = ? AND status IN (?, ?)
					AND EXISTS (SELECT 1 FROM job_txs WHERE kind = jobs.kind AND id = jobs.id AND hash = ? AND void = 0)`,
				Done, outcomes[i], at.Number, at.Hash[:], at.Number, at.Hash[:], j.Key.Kind, j.Key.ID, Pending, Sent, hash[:])
			if err != nil {
				return fmt.Errorf("state: mined %s: %w", hash, err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				done = append(done, j.Key)
			}
		}
		return nil
	})
	return done, err
}

// Abandon voids every link of the jobs (their transactions will never carry their answers: the
// nonce went to another transaction, or the answer was withdrawn) and puts them back to Pending
// unless they are Removed or Done.
func (s *Store) Abandon(ctx context.Context, ks []Key) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, k := range ks {
			if err := voidLinks(ctx, tx, k); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE jobs SET status = ?, not_before = 0 WHERE kind = ? AND id = ? AND status IN (?, ?)`,
				Pending, k.Kind, k.ID, Pending, Sent); err != nil {
				return fmt.Errorf("state: abandon %s: %w", k, err)
			}
		}
		return nil
	})
}

// Dead marks transactions whose nonce was consumed by another transaction: they will never be
// mined, and nothing waits for them again.
func (s *Store) Dead(ctx context.Context, hashes []common.Hash) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, h := range hashes {
			if _, err := tx.ExecContext(ctx, `UPDATE txs SET dead = 1 WHERE hash = ? AND block IS NULL`, h[:]); err != nil {
				return fmt.Errorf("state: dead %s: %w", h, err)
			}
		}
		return nil
	})
}

// Withdrawable returns, grouped by nonce and lowest nonce first, the transactions that must
// never be mined (a void link) and are not known to be mined or dead, with the cancellations
// already signed for their nonces: the oracle replaces each group with a cancellation.
func (s *Store) Withdrawable(ctx context.Context) ([][]*types.Transaction, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT t.raw FROM txs t
		WHERE t.dead = 0 AND t.block IS NULL
			AND t.nonce IN (SELECT t2.nonce FROM txs t2 JOIN job_txs l ON l.hash = t2.hash WHERE l.void = 1 AND t2.dead = 0 AND t2.block IS NULL)
			AND NOT EXISTS (SELECT 1 FROM txs m WHERE m.nonce = t.nonce AND (m.block IS NOT NULL OR m.dead = 1))
		ORDER BY t.nonce, t.created, t.rowid`)
	if err != nil {
		return nil, fmt.Errorf("state: withdrawable: %w", err)
	}
	defer rows.Close()
	var out [][]*types.Transaction
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, fmt.Errorf("state: withdrawable: %w", err)
		}
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(raw); err != nil {
			return nil, fmt.Errorf("state: withdrawable: %w", err)
		}
		if n := len(out); n > 0 && out[n-1][0].Nonce() == tx.Nonce() {
			out[n-1] = append(out[n-1], tx)
		} else {
			out = append(out, []*types.Transaction{tx})
		}
	}
	return out, rows.Err()
}

// MinedFrom returns the transactions recorded as mined whose nonce is nonce or above.
func (s *Store) MinedFrom(ctx context.Context, nonce uint64) ([]common.Hash, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT hash FROM txs WHERE block IS NOT NULL AND nonce >= ? ORDER BY nonce`, nonce)
	if err != nil {
		return nil, fmt.Errorf("state: mined from %d: %w", nonce, err)
	}
	defer rows.Close()
	var out []common.Hash
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, fmt.Errorf("state: mined from %d: %w", nonce, err)
		}
		out = append(out, common.BytesToHash(b))
	}
	return out, rows.Err()
}

// Unmined records that the transaction hash, recorded as mined, is not on the chain any more:
// its mining is cleared, the other versions of its nonce may be mined again, and the jobs it
// answered are reopened. It returns how many jobs were reopened.
func (s *Store) Unmined(ctx context.Context, hash common.Hash) (int, error) {
	var n int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var block sql.NullInt64
		var blockHash []byte
		var nonce uint64
		if err := tx.QueryRowContext(ctx, `SELECT block, block_hash, nonce FROM txs WHERE hash = ?`, hash[:]).Scan(&block, &blockHash, &nonce); err != nil {
			return fmt.Errorf("state: unmined %s: %w", hash, err)
		}
		if !block.Valid {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE txs SET block = NULL, block_hash = NULL, final = 0 WHERE hash = ?`, hash[:]); err != nil {
			return fmt.Errorf("state: unmined %s: %w", hash, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE txs SET dead = 0 WHERE nonce = ? AND block IS NULL`, nonce); err != nil {
			return fmt.Errorf("state: unmined %s: %w", hash, err)
		}
		var err error
		n, err = reopen(ctx, tx, `done_block = ? AND done_hash = ? AND EXISTS (SELECT 1 FROM job_txs l WHERE l.kind = jobs.kind AND l.id = jobs.id AND l.hash = ?)`,
			block.Int64, blockHash, hash[:])
		return err
	})
	return n, err
}

// TxFinal reports whether the transaction hash was mined in a block the log follower has applied
// with the same hash: it is at the oracle's confirmation depth, and a job step that must follow
// it may go ahead.
func (s *Store) TxFinal(ctx context.Context, hash common.Hash) (bool, error) {
	var final bool
	err := s.db.QueryRowContext(ctx, `SELECT final FROM txs WHERE hash = ?`, hash[:]).Scan(&final)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("state: final %s: %w", hash, err)
	}
	return final, nil
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

// Unfinal counts the Done jobs of a kind whose answer the follower has not yet applied at its
// confirmation depth.
func (s *Store) Unfinal(ctx context.Context, kind Kind) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = ? AND status = ? AND final = 0`, kind, Done).Scan(&n); err != nil {
		return 0, fmt.Errorf("state: unfinal: %w", err)
	}
	return n, nil
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
