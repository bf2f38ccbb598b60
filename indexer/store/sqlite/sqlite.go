// Package sqlite is the indexer's embedded store: one SQLite file (pure Go, modernc.org/sqlite)
// in write-ahead-log mode, so timeline reads never wait for ingestion. Each batch and each
// rollback is one IMMEDIATE transaction; with synchronous=NORMAL a committed batch survives the
// process being killed (the WAL is on disk), though the last ones may be lost with the machine's
// power, and are then fetched again from the chain.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/logpoller"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a store.Store in one SQLite file.
type Store struct {
	db *sql.DB
}

var _ store.Store = (*Store)(nil)

// Open opens or creates the database file at path and brings its schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(10000)", "cache_size(-65536)", "foreign_keys(ON)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// migrate applies the embedded migrations above the file's user_version, each in a transaction
// with the version bump, so a crash leaves a consistent schema.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	var current int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("migrate: read version: %w", err)
	}
	if current > len(names) {
		return fmt.Errorf("migrate: database is at schema version %d, this build knows %d", current, len(names))
	}
	for i, name := range names {
		version, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, "migrations/"), "_", 2)[0])
		if err != nil || version != i+1 {
			return fmt.Errorf("migrate: migration %s out of sequence", name)
		}
		if version <= current {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return fmt.Errorf("migrate: %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
			return fmt.Errorf("migrate: %s: %w", name, err)
		}
		if version == redecodeAt {
			if err := redecode(ctx, tx); err != nil {
				return fmt.Errorf("migrate: %s: %w", name, err)
			}
		}
	}
	return tx.Commit()
}

// redecodeAt is the migration after which stored logs are decoded afresh: it added the trust
// model's facts, which logs stored before it (by an indexer that did not know their events yet)
// never wrote.
const redecodeAt = 3

// redecode decodes every stored log again, in chain order, with this build's decoders, and
// rewrites its timeline columns and facts; logs of events it does not know keep what they have.
func redecode(ctx context.Context, tx *sql.Tx) error {
	// In chunks along the chain, so a large file is never held in memory at once: a chunk's
	// answers find the accesses of earlier chunks in the facts already written.
	after := [2]int64{-1, -1}
	for {
		events, last, err := redecodeChunk(ctx, tx, after)
		if err != nil {
			return err
		}
		if last == after {
			return nil
		}
		after = last
		if err := rewrite(ctx, tx, events); err != nil {
			return err
		}
	}
}

// redecodeChunkSize is how many stored logs one step of redecode reads.
var redecodeChunkSize = 5000

// redecodeChunk reads and decodes the stored logs after position (block, log index) after, and
// returns those this build knows and the position of the last log read.
func redecodeChunk(ctx context.Context, tx *sql.Tx, after [2]int64) ([]store.Event, [2]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT block_hash, log_index, block_number, block_time, tx_hash, tx_index, contract, topics, data
		FROM events WHERE (block_number, log_index) > (?, ?) ORDER BY block_number, log_index LIMIT ?`, after[0], after[1], redecodeChunkSize)
	if err != nil {
		return nil, after, fmt.Errorf("redecode: %w", err)
	}
	defer rows.Close()
	return store.RedecodeRows(rows, after)
}

// rewrite writes decoded events' facts and timeline columns over their stored rows.
func rewrite(ctx context.Context, tx *sql.Tx, events []store.Event) error {
	b := store.Batch{Events: events}
	for i := range b.Events {
		if err := writeFacts(ctx, tx, &b.Events[i]); err != nil {
			return err
		}
	}
	err := b.PlaceAnswers(func(k timeline.GateKey) (timeline.GateAccess, bool, error) {
		g, err := store.ScanGate(k, tx.QueryRowContext(ctx, store.LookupGateQuery(question), k.Contract.Bytes(), int64(k.ID)).Scan)
		if errors.Is(err, sql.ErrNoRows) {
			return g, false, nil
		}
		return g, err == nil, err
	})
	if err != nil {
		return err
	}
	update, err := tx.PrepareContext(ctx, `UPDATE events SET name = ?, patient = ?, action = ?, actor = ?, counterpart = ?, record_id = ?,
		version = ?, request_id = ?, access_id = ?, key_request_id = ?, purpose = ?, not_before = ?, not_after = ?, operations = ?, reason = ?
		WHERE block_number = ? AND block_hash = ? AND log_index = ?`)
	if err != nil {
		return fmt.Errorf("redecode: %w", err)
	}
	defer update.Close()
	for i := range b.Events {
		r := store.RowOf(&b.Events[i])
		if _, err := update.ExecContext(ctx, r.Name, r.Patient, r.Action, r.Actor, r.Counterpart, r.Record, r.Version, r.RequestID,
			r.AccessID, r.KeyRequest, r.Purpose, r.NotBefore, r.NotAfter, r.Operations, r.Reason, r.BlockNumber, r.BlockHash, r.LogIndex); err != nil {
			return fmt.Errorf("redecode: %w", err)
		}
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB exposes the database handle, for tests that tamper with rows behind the store's back.
func (s *Store) DB() *sql.DB { return s.db }

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func cursorOf(ctx context.Context, q queryer) (logpoller.Header, bool, error) {
	var h logpoller.Header
	var hash, parent []byte
	err := q.QueryRowContext(ctx, "SELECT number, hash, parent_hash, time FROM cursor WHERE id = 1").Scan(&h.Number, &hash, &parent, &h.Time)
	if errors.Is(err, sql.ErrNoRows) {
		return logpoller.Header{}, false, nil
	}
	if err != nil {
		return logpoller.Header{}, false, fmt.Errorf("read cursor: %w", err)
	}
	h.Hash, h.ParentHash = common.BytesToHash(hash), common.BytesToHash(parent)
	return h, true, nil
}

func hashAt(ctx context.Context, q queryer, number uint64) (common.Hash, bool, error) {
	var hash []byte
	err := q.QueryRowContext(ctx, "SELECT hash FROM blocks WHERE number = ?", int64(number)).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return common.Hash{}, false, nil
	}
	if err != nil {
		return common.Hash{}, false, fmt.Errorf("read block %d: %w", number, err)
	}
	return common.BytesToHash(hash), true, nil
}

// Cursor implements store.Store.
func (s *Store) Cursor(ctx context.Context) (logpoller.Header, bool, error) {
	return cursorOf(ctx, s.db)
}

// HashAt implements store.Store.
func (s *Store) HashAt(ctx context.Context, number uint64) (common.Hash, bool, error) {
	return hashAt(ctx, s.db, number)
}

// Genesis implements store.Store.
func (s *Store) Genesis(ctx context.Context) (common.Hash, bool, error) {
	var hash []byte
	err := s.db.QueryRowContext(ctx, "SELECT genesis FROM chain WHERE id = 1").Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return common.Hash{}, false, nil
	}
	if err != nil {
		return common.Hash{}, false, fmt.Errorf("read genesis: %w", err)
	}
	return common.BytesToHash(hash), true, nil
}

// SetGenesis implements store.Store.
func (s *Store) SetGenesis(ctx context.Context, h common.Hash) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO chain (id, genesis) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET genesis = excluded.genesis", h.Bytes())
	if err != nil {
		return fmt.Errorf("record genesis: %w", err)
	}
	return nil
}

const eventColumns = 24

// insertEvents is an INSERT of n event rows: one statement carries many rows, which saves most
// of the per-statement cost of database/sql and the driver.
func insertEvents(n int) string {
	row := "(" + strings.Repeat("?, ", eventColumns-1) + "?)"
	return `INSERT INTO events (block_hash, log_index, block_number, block_time, tx_hash, tx_index, contract, topics, data,
	name, patient, action, actor, counterpart, record_id, version, request_id, access_id, key_request_id, purpose,
	not_before, not_after, operations, reason) VALUES ` + strings.Repeat(row+", ", n-1) + row +
		` ON CONFLICT (block_number, block_hash, log_index) DO NOTHING`
}

// rowsPerInsert is how many events one INSERT carries.
const rowsPerInsert = 64

func eventArgs(args []any, r store.EventRow) []any {
	return append(args, r.BlockHash, r.LogIndex, r.BlockNumber, r.BlockTime, r.TxHash, r.TxIndex, r.Contract, r.Topics, r.Data,
		r.Name, r.Patient, r.Action, r.Actor, r.Counterpart, r.Record, r.Version, r.RequestID, r.AccessID, r.KeyRequest, r.Purpose,
		r.NotBefore, r.NotAfter, r.Operations, r.Reason)
}

// Write implements store.Store.
func (s *Store) Write(ctx context.Context, b store.Batch) error {
	if len(b.Headers) == 0 {
		return errors.New("write: empty batch")
	}
	first, last := b.Headers[0], b.Headers[len(b.Headers)-1]
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("write %d-%d: %w", first.Number, last.Number, err)
	}
	defer tx.Rollback()
	cur, ok, err := cursorOf(ctx, tx)
	if err != nil {
		return err
	}
	if ok && last.Number <= cur.Number {
		h, found, err := hashAt(ctx, tx, last.Number)
		if err != nil {
			return err
		}
		if found && h == last.Hash {
			return nil // written before: a replay after a crash
		}
		return fmt.Errorf("%w: batch %d-%d, cursor %d", store.ErrDiscontinuous, first.Number, last.Number, cur.Number)
	}
	if ok && (first.Number != cur.Number+1 || first.ParentHash != cur.Hash) {
		return fmt.Errorf("%w: batch starts at %d (parent %s), cursor %d (%s)",
			store.ErrDiscontinuous, first.Number, first.ParentHash.Hex(), cur.Number, cur.Hash.Hex())
	}

	blocks, err := tx.PrepareContext(ctx, "INSERT OR REPLACE INTO blocks (number, hash, parent_hash, time) VALUES (?, ?, ?, ?)")
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	defer blocks.Close()
	for _, h := range b.Headers {
		if _, err := blocks.ExecContext(ctx, int64(h.Number), h.Hash.Bytes(), h.ParentHash.Bytes(), int64(h.Time)); err != nil {
			return fmt.Errorf("write block %d: %w", h.Number, err)
		}
	}
	for i := range b.Events {
		if err := b.Check(i); err != nil {
			return fmt.Errorf("write: %w", err)
		}
		if err := writeFacts(ctx, tx, &b.Events[i]); err != nil {
			return err
		}
	}
	err = b.PlaceAnswers(func(k timeline.GateKey) (timeline.GateAccess, bool, error) {
		g, err := store.ScanGate(k, tx.QueryRowContext(ctx, store.LookupGateQuery(question), k.Contract.Bytes(), int64(k.ID)).Scan)
		if errors.Is(err, sql.ErrNoRows) {
			return g, false, nil
		}
		return g, err == nil, err
	})
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	full, err := tx.PrepareContext(ctx, insertEvents(rowsPerInsert))
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	defer full.Close()
	args := make([]any, 0, rowsPerInsert*eventColumns)
	for lo := 0; lo < len(b.Events); lo += rowsPerInsert {
		hi := min(lo+rowsPerInsert, len(b.Events))
		args = args[:0]
		for i := lo; i < hi; i++ {
			args = eventArgs(args, store.RowOf(&b.Events[i]))
		}
		if hi-lo == rowsPerInsert {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, insertEvents(hi-lo), args...)
		}
		if err != nil {
			return fmt.Errorf("write events of blocks %d-%d: %w", b.Events[lo].Log.BlockNumber, b.Events[hi-1].Log.BlockNumber, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO cursor (id, number, hash, parent_hash, time) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET number = excluded.number, hash = excluded.hash, parent_hash = excluded.parent_hash, time = excluded.time`,
		int64(last.Number), last.Hash.Bytes(), last.ParentHash.Bytes(), int64(last.Time)); err != nil {
		return fmt.Errorf("write cursor: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit %d-%d: %w", first.Number, last.Number, err)
	}
	return nil
}

func writeFacts(ctx context.Context, tx *sql.Tx, e *store.Event) error {
	d, n := &e.Decoded, int64(e.Log.BlockNumber)
	type row struct {
		sql  string
		args []any
	}
	var rows []row
	if p := d.Participant; p != nil {
		rows = append(rows, row{"INSERT INTO participants (address, role, block_number) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
			[]any{p.Address.Bytes(), int64(p.Role), n}})
	}
	if r := d.Request; r != nil {
		rows = append(rows, row{"INSERT INTO requests (request_id, record_id, purpose, block_number) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
			[]any{int64(r.ID), r.Record.Bytes(), r.Purpose.Bytes(), n}})
	}
	if g := d.Grant; g != nil {
		rows = append(rows, row{"INSERT INTO grants (request_id, version, block_number) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
			[]any{int64(g.RequestID), int64(g.Version), n}})
	}
	if a := d.Access; a != nil {
		rows = append(rows, row{"INSERT INTO accesses (access_id, request_id, version, block_number) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
			[]any{int64(a.ID), int64(a.RequestID), int64(a.Version), n}})
	}
	if c := d.Committee; c != nil {
		rows = append(rows, row{"INSERT INTO committees (committee_id, members, threshold, block_number) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
			[]any{int64(c.ID), store.MembersBytes(c.Members), int64(c.Threshold), n}})
	}
	if a := d.Attribute; a != nil {
		rows = append(rows, row{"INSERT INTO attribute_names (attribute_id, name, block_number) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
			[]any{a.ID.Bytes(), a.Name, n}})
	}
	if g := d.Gate; g != nil {
		rows = append(rows, row{`INSERT INTO gate_accesses (contract, access_id, patient, requester, path, record_id, version, block_number)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			[]any{g.Contract.Bytes(), int64(g.ID), g.Patient.Bytes(), g.Requester.Bytes(), string(g.Path), g.Record.Bytes(), int64(g.Version), n}})
	}
	if a := d.Answer; a != nil {
		rows = append(rows, row{"INSERT INTO answers (contract, access_id, member, node, block_number) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
			[]any{a.Contract.Bytes(), int64(a.ID), int64(a.Member), a.Node.Bytes(), n}})
	}
	for _, r := range rows {
		if _, err := tx.ExecContext(ctx, r.sql, r.args...); err != nil {
			return fmt.Errorf("write facts of block %d log %d: %w", e.Log.BlockNumber, e.Log.Index, err)
		}
	}
	return nil
}

// Rollback implements store.Store.
func (s *Store) Rollback(ctx context.Context, to logpoller.Header) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("rollback to %d: %w", to.Number, err)
	}
	defer tx.Rollback()
	n := int64(to.Number)
	for _, q := range []string{
		"DELETE FROM events WHERE block_number > ?",
		"DELETE FROM participants WHERE block_number > ?",
		"DELETE FROM requests WHERE block_number > ?",
		"DELETE FROM grants WHERE block_number > ?",
		"DELETE FROM accesses WHERE block_number > ?",
		"DELETE FROM committees WHERE block_number > ?",
		"DELETE FROM attribute_names WHERE block_number > ?",
		"DELETE FROM gate_accesses WHERE block_number > ?",
		"DELETE FROM answers WHERE block_number > ?",
		"DELETE FROM blocks WHERE number > ?",
	} {
		if _, err := tx.ExecContext(ctx, q, n); err != nil {
			return fmt.Errorf("rollback to %d: %w", to.Number, err)
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO blocks (number, hash, parent_hash, time) VALUES (?, ?, ?, ?)",
		n, to.Hash.Bytes(), to.ParentHash.Bytes(), int64(to.Time)); err != nil {
		return fmt.Errorf("rollback to %d: %w", to.Number, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO cursor (id, number, hash, parent_hash, time) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET number = excluded.number, hash = excluded.hash, parent_hash = excluded.parent_hash, time = excluded.time`,
		n, to.Hash.Bytes(), to.ParentHash.Bytes(), int64(to.Time)); err != nil {
		return fmt.Errorf("rollback to %d: %w", to.Number, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("rollback to %d: %w", to.Number, err)
	}
	return nil
}

// Timeline implements store.Store.
func (s *Store) Timeline(ctx context.Context, patient common.Address, f store.Filter) ([]timeline.Entry, string, error) {
	pos, limit, err := store.Prepare(f)
	if err != nil {
		return nil, "", err
	}
	q, args := store.TimelineQuery(patient, f, pos, limit, question)
	got := make([]store.Row, 0, limit+1)
	err = s.query(ctx, q, args, func(scan func(...any) error) error {
		r, err := store.ScanEntry(patient, scan)
		got = append(got, r)
		return err
	})
	if err != nil {
		return nil, "", fmt.Errorf("timeline of %s: %w", patient.Hex(), err)
	}
	entries, err := store.ResolveRows(ctx, got, s.query, question)
	if err != nil {
		return nil, "", fmt.Errorf("timeline of %s: %w", patient.Hex(), err)
	}
	page, next := store.Page(entries, limit)
	return page, next, nil
}

func question(int) string { return "?" }

// query is store.QueryFunc over the database.
func (s *Store) query(ctx context.Context, q string, args []any, each func(scan func(...any) error) error) error {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Entry implements store.Store.
func (s *Store) Entry(ctx context.Context, block uint64, logIndex uint) (timeline.Entry, error) {
	r, err := store.ScanEntryOf(s.db.QueryRowContext(ctx, store.EntryQuery(question), int64(block), int64(logIndex)).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return timeline.Entry{}, fmt.Errorf("entry %d-%d: %w", block, logIndex, store.ErrNotFound)
	}
	if err != nil {
		return timeline.Entry{}, err
	}
	es, err := store.ResolveRows(ctx, []store.Row{r}, s.query, question)
	if err != nil {
		return timeline.Entry{}, fmt.Errorf("entry %d-%d: %w", block, logIndex, err)
	}
	return es[0], nil
}

// Enrolments implements store.Store.
func (s *Store) Enrolments(ctx context.Context, accounts []common.Address) (map[common.Address]timeline.Enrolment, error) {
	out := map[common.Address]timeline.Enrolment{}
	if len(accounts) == 0 {
		return out, nil
	}
	args := make([]any, len(accounts))
	for i, a := range accounts {
		args[i] = a.Bytes()
	}
	rows, err := s.db.QueryContext(ctx, store.EnrolmentsQuery(len(accounts), func(int) string { return "?" }), args...)
	if err != nil {
		return nil, fmt.Errorf("enrolments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, en, err := store.ScanEnrolment(rows.Scan)
		if err != nil {
			return nil, err
		}
		out[a] = en
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("enrolments: %w", err)
	}
	return out, nil
}

// AddAuditor implements store.Store.
func (s *Store) AddAuditor(ctx context.Context, patient, auditor common.Address) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO auditors (patient, auditor, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		patient.Bytes(), auditor.Bytes(), time.Now().Unix())
	if err != nil {
		return fmt.Errorf("add auditor: %w", err)
	}
	return nil
}

// RemoveAuditor implements store.Store.
func (s *Store) RemoveAuditor(ctx context.Context, patient, auditor common.Address) error {
	res, err := s.db.ExecContext(ctx, "DELETE FROM auditors WHERE patient = ? AND auditor = ?", patient.Bytes(), auditor.Bytes())
	if err != nil {
		return fmt.Errorf("remove auditor: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("remove auditor: %w", err)
	} else if n == 0 {
		return fmt.Errorf("auditor %s of %s: %w", auditor.Hex(), patient.Hex(), store.ErrNotFound)
	}
	return nil
}

// Auditors implements store.Store.
func (s *Store) Auditors(ctx context.Context, patient common.Address) ([]common.Address, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT auditor FROM auditors WHERE patient = ? ORDER BY rowid", patient.Bytes())
	if err != nil {
		return nil, fmt.Errorf("auditors: %w", err)
	}
	defer rows.Close()
	var out []common.Address
	for rows.Next() {
		var a []byte
		if err := rows.Scan(&a); err != nil {
			return nil, fmt.Errorf("auditors: %w", err)
		}
		out = append(out, common.BytesToAddress(a))
	}
	return out, rows.Err()
}

// IsAuditor implements store.Store.
func (s *Store) IsAuditor(ctx context.Context, patient, auditor common.Address) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, "SELECT 1 FROM auditors WHERE patient = ? AND auditor = ?", patient.Bytes(), auditor.Bytes()).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("is auditor: %w", err)
	}
	return true, nil
}

// Guardian implements store.Store.
func (s *Store) Guardian(ctx context.Context, patient, guardian common.Address) (uint8, uint64, error) {
	scopes, until, err := store.ScanGuardian(s.db.QueryRowContext(ctx, store.GuardianQuery(question), patient.Bytes(), guardian.Bytes()).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("guardian %s of %s: %w", guardian.Hex(), patient.Hex(), err)
	}
	return scopes, until, nil
}
