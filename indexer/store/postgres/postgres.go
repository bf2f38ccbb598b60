// Package postgres is the indexer's PostgreSQL store (pgx), for deployments that outgrow one
// SQLite file or want the database on another machine. The schema comes from numbered
// migrations embedded in the binary (migrations/0001_init.sql, ...), applied in one transaction
// under an advisory lock and recorded in schema_migrations. Each batch is one transaction whose
// rows go in with one array INSERT per table.
package postgres

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/logpoller"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrateLock is the advisory lock key that serializes concurrent migrations.
const migrateLock = 0x656d72636861696e // "emrchain"

// Store is a store.Store in a PostgreSQL database (or schema, through search_path).
type Store struct {
	pool *pgxpool.Pool
}

var _ store.Store = (*Store)(nil)

// Open connects to dsn (postgres://...) and brings the schema up to date.
func Open(ctx context.Context, dsn string) (*Store, error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	s := &Store{pool: pool}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the connection pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Pool exposes the connection pool, for tests that tamper with rows behind the store's back.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(migrateLock)); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		var current int
		if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&current); err != nil {
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
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return fmt.Errorf("migrate: %s: %w", name, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version) VALUES ($1)", version); err != nil {
				return fmt.Errorf("migrate: %s: %w", name, err)
			}
			if version == redecodeAt {
				if err := redecode(ctx, tx); err != nil {
					return fmt.Errorf("migrate: %s: %w", name, err)
				}
			}
		}
		return nil
	})
}

// redecodeAt is the migration after which stored logs are decoded afresh: it added the trust
// model's facts, which logs stored before it (by an indexer that did not know their events yet)
// never wrote.
const redecodeAt = 3

// redecode decodes every stored log again, in chain order, with this build's decoders, and
// rewrites its timeline columns and facts; logs of events it does not know keep what they have.
func redecode(ctx context.Context, tx pgx.Tx) error {
	// In chunks along the chain, so a large database is never held in memory at once: a chunk's
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
func redecodeChunk(ctx context.Context, tx pgx.Tx, after [2]int64) ([]store.Event, [2]int64, error) {
	rows, err := tx.Query(ctx, `SELECT block_hash, log_index, block_number, block_time, tx_hash, tx_index, contract, topics, data
		FROM events WHERE (block_number, log_index) > ($1, $2) ORDER BY block_number, log_index LIMIT $3`, after[0], after[1], redecodeChunkSize)
	if err != nil {
		return nil, after, fmt.Errorf("redecode: %w", err)
	}
	defer rows.Close()
	return store.RedecodeRows(rows, after)
}

// rewrite writes decoded events' facts and timeline columns over their stored rows.
func rewrite(ctx context.Context, tx pgx.Tx, events []store.Event) error {
	const chunk = 1000
	for lo := 0; lo < len(events); lo += chunk {
		b := store.Batch{Events: events[lo:min(lo+chunk, len(events))]}
		if err := writeFacts(ctx, tx, b.Events); err != nil {
			return err
		}
		err := b.PlaceAnswers(func(k timeline.GateKey) (timeline.GateAccess, bool, error) {
			g, err := store.ScanGate(k, tx.QueryRow(ctx, store.LookupGateQuery(dollar), k.Contract.Bytes(), int64(k.ID)).Scan)
			if errors.Is(err, pgx.ErrNoRows) {
				return g, false, nil
			}
			return g, err == nil, err
		})
		if err != nil {
			return err
		}
		for i := range b.Events {
			r := store.RowOf(&b.Events[i])
			_, err := tx.Exec(ctx, `UPDATE events SET name = $4, patient = $5, action = $6, actor = $7, counterpart = $8, record_id = $9,
				version = $10, request_id = $11, access_id = $12, key_request_id = $13, purpose = $14, not_before = $15, not_after = $16,
				operations = $17, reason = $18 WHERE block_number = $1 AND block_hash = $2 AND log_index = $3`,
				r.BlockNumber, r.BlockHash, r.LogIndex, r.Name, r.Patient, r.Action, r.Actor, r.Counterpart, r.Record,
				r.Version, r.RequestID, r.AccessID, r.KeyRequest, r.Purpose, r.NotBefore, r.NotAfter, r.Operations, r.Reason)
			if err != nil {
				return fmt.Errorf("redecode: %w", err)
			}
		}
	}
	return nil
}

type queryer interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func cursorOf(ctx context.Context, q queryer, lock bool) (logpoller.Header, bool, error) {
	query := "SELECT number, hash, parent_hash, time FROM cursor WHERE id = 1"
	if lock {
		query += " FOR UPDATE"
	}
	var h logpoller.Header
	var number, t int64
	var hash, parent []byte
	err := q.QueryRow(ctx, query).Scan(&number, &hash, &parent, &t)
	if errors.Is(err, pgx.ErrNoRows) {
		return logpoller.Header{}, false, nil
	}
	if err != nil {
		return logpoller.Header{}, false, fmt.Errorf("read cursor: %w", err)
	}
	h.Number, h.Time, h.Hash, h.ParentHash = uint64(number), uint64(t), common.BytesToHash(hash), common.BytesToHash(parent)
	return h, true, nil
}

func hashAt(ctx context.Context, q queryer, number uint64) (common.Hash, bool, error) {
	var hash []byte
	err := q.QueryRow(ctx, "SELECT hash FROM blocks WHERE number = $1", int64(number)).Scan(&hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return common.Hash{}, false, nil
	}
	if err != nil {
		return common.Hash{}, false, fmt.Errorf("read block %d: %w", number, err)
	}
	return common.BytesToHash(hash), true, nil
}

// Cursor implements store.Store.
func (s *Store) Cursor(ctx context.Context) (logpoller.Header, bool, error) {
	return cursorOf(ctx, s.pool, false)
}

// HashAt implements store.Store.
func (s *Store) HashAt(ctx context.Context, number uint64) (common.Hash, bool, error) {
	return hashAt(ctx, s.pool, number)
}

// Genesis implements store.Store.
func (s *Store) Genesis(ctx context.Context) (common.Hash, bool, error) {
	var hash []byte
	err := s.pool.QueryRow(ctx, "SELECT genesis FROM chain WHERE id = 1").Scan(&hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return common.Hash{}, false, nil
	}
	if err != nil {
		return common.Hash{}, false, fmt.Errorf("read genesis: %w", err)
	}
	return common.BytesToHash(hash), true, nil
}

// SetGenesis implements store.Store.
func (s *Store) SetGenesis(ctx context.Context, h common.Hash) error {
	_, err := s.pool.Exec(ctx, "INSERT INTO chain (id, genesis) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET genesis = excluded.genesis", h.Bytes())
	if err != nil {
		return fmt.Errorf("record genesis: %w", err)
	}
	return nil
}

// Write implements store.Store.
func (s *Store) Write(ctx context.Context, b store.Batch) error {
	if len(b.Headers) == 0 {
		return errors.New("write: empty batch")
	}
	first, last := b.Headers[0], b.Headers[len(b.Headers)-1]
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// The row lock on the cursor serializes writers.
		cur, ok, err := cursorOf(ctx, tx, true)
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
		if err := writeBlocks(ctx, tx, b.Headers); err != nil {
			return err
		}
		for i := range b.Events {
			if err := b.Check(i); err != nil {
				return err
			}
		}
		if err := writeFacts(ctx, tx, b.Events); err != nil {
			return err
		}
		err = b.PlaceAnswers(func(k timeline.GateKey) (timeline.GateAccess, bool, error) {
			g, err := store.ScanGate(k, tx.QueryRow(ctx, store.LookupGateQuery(dollar), k.Contract.Bytes(), int64(k.ID)).Scan)
			if errors.Is(err, pgx.ErrNoRows) {
				return g, false, nil
			}
			return g, err == nil, err
		})
		if err != nil {
			return err
		}
		if err := writeEvents(ctx, tx, b.Events); err != nil {
			return err
		}
		return setCursor(ctx, tx, last)
	})
	if err != nil {
		return fmt.Errorf("write %d-%d: %w", first.Number, last.Number, err)
	}
	return nil
}

func writeBlocks(ctx context.Context, tx pgx.Tx, hs []logpoller.Header) error {
	numbers, times := make([]int64, len(hs)), make([]int64, len(hs))
	hashes, parents := make([][]byte, len(hs)), make([][]byte, len(hs))
	for i, h := range hs {
		numbers[i], times[i], hashes[i], parents[i] = int64(h.Number), int64(h.Time), h.Hash.Bytes(), h.ParentHash.Bytes()
	}
	_, err := tx.Exec(ctx, `INSERT INTO blocks (number, hash, parent_hash, time)
		SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::bigint[])
		ON CONFLICT (number) DO UPDATE SET hash = excluded.hash, parent_hash = excluded.parent_hash, time = excluded.time`,
		numbers, hashes, parents, times)
	if err != nil {
		return fmt.Errorf("blocks: %w", err)
	}
	return nil
}

func writeEvents(ctx context.Context, tx pgx.Tx, events []store.Event) error {
	if len(events) == 0 {
		return nil
	}
	n := len(events)
	var (
		blockHash, txHash, contract, topics, data, patient, actor, counterpart, record, purpose = make([][]byte, n), make([][]byte, n), make([][]byte, n), make([][]byte, n), make([][]byte, n), make([][]byte, n), make([][]byte, n), make([][]byte, n), make([][]byte, n), make([][]byte, n)
		logIndex, blockNumber, blockTime, txIndex, version, requestID, accessID, keyRequest     = make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
		notBefore, notAfter, operations, reason                                                 = make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
		name, action                                                                            = make([]*string, n), make([]*string, n)
	)
	for i := range events {
		r := store.RowOf(&events[i])
		blockHash[i], txHash[i], contract[i], topics[i], data[i] = r.BlockHash, r.TxHash, r.Contract, r.Topics, r.Data
		patient[i], actor[i], counterpart[i], record[i], purpose[i] = r.Patient, r.Actor, r.Counterpart, r.Record, r.Purpose
		logIndex[i], blockNumber[i], blockTime[i], txIndex[i] = r.LogIndex, r.BlockNumber, r.BlockTime, r.TxIndex
		version[i], requestID[i], accessID[i], keyRequest[i] = r.Version, r.RequestID, r.AccessID, r.KeyRequest
		notBefore[i], notAfter[i], operations[i], reason[i] = r.NotBefore, r.NotAfter, r.Operations, r.Reason
		name[i], action[i] = r.Name, r.Action
	}
	_, err := tx.Exec(ctx, `INSERT INTO events (block_hash, log_index, block_number, block_time, tx_hash, tx_index, contract, topics, data,
		name, patient, action, actor, counterpart, record_id, version, request_id, access_id, key_request_id, purpose,
		not_before, not_after, operations, reason)
		SELECT * FROM unnest($1::bytea[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bytea[], $6::bigint[], $7::bytea[], $8::bytea[], $9::bytea[],
			$10::text[], $11::bytea[], $12::text[], $13::bytea[], $14::bytea[], $15::bytea[], $16::bigint[], $17::bigint[], $18::bigint[], $19::bigint[], $20::bytea[],
			$21::bigint[], $22::bigint[], $23::bigint[], $24::bigint[])
		ON CONFLICT (block_number, block_hash, log_index) DO NOTHING`,
		blockHash, logIndex, blockNumber, blockTime, txHash, txIndex, contract, topics, data,
		name, patient, action, actor, counterpart, record, version, requestID, accessID, keyRequest, purpose,
		notBefore, notAfter, operations, reason)
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	return nil
}

func writeFacts(ctx context.Context, tx pgx.Tx, events []store.Event) error {
	var (
		pAddr                           [][]byte
		pRole, pBlock                   []int64
		rID, rBlock                     []int64
		rRecord, rPurpose               [][]byte
		gID, gVersion, gBlock           []int64
		aID, aRequest, aVersion, aBlok  []int64
		cID, cThreshold, cBlock         []int64
		cMembers                        [][]byte
		tID                             [][]byte
		tName                           []string
		tBlockN                         []int64
		xContract, xPatient, xReq, xRec [][]byte
		xID, xVersion, xBlock           []int64
		xPath                           []string
		wContract, wNode                [][]byte
		wID, wMember, wBlock            []int64
	)
	for i := range events {
		d, n := &events[i].Decoded, int64(events[i].Log.BlockNumber)
		if d.Participant != nil {
			pAddr, pRole, pBlock = append(pAddr, d.Participant.Address.Bytes()), append(pRole, int64(d.Participant.Role)), append(pBlock, n)
		}
		if d.Request != nil {
			rID, rRecord, rPurpose, rBlock = append(rID, int64(d.Request.ID)), append(rRecord, d.Request.Record.Bytes()), append(rPurpose, d.Request.Purpose.Bytes()), append(rBlock, n)
		}
		if d.Grant != nil {
			gID, gVersion, gBlock = append(gID, int64(d.Grant.RequestID)), append(gVersion, int64(d.Grant.Version)), append(gBlock, n)
		}
		if d.Access != nil {
			aID, aRequest, aVersion, aBlok = append(aID, int64(d.Access.ID)), append(aRequest, int64(d.Access.RequestID)), append(aVersion, int64(d.Access.Version)), append(aBlok, n)
		}
		if c := d.Committee; c != nil {
			cID, cMembers, cThreshold, cBlock = append(cID, int64(c.ID)), append(cMembers, store.MembersBytes(c.Members)), append(cThreshold, int64(c.Threshold)), append(cBlock, n)
		}
		if a := d.Attribute; a != nil {
			tID, tName, tBlockN = append(tID, a.ID.Bytes()), append(tName, a.Name), append(tBlockN, n)
		}
		if g := d.Gate; g != nil {
			xContract, xID, xPatient, xReq = append(xContract, g.Contract.Bytes()), append(xID, int64(g.ID)), append(xPatient, g.Patient.Bytes()), append(xReq, g.Requester.Bytes())
			xPath, xRec, xVersion, xBlock = append(xPath, string(g.Path)), append(xRec, g.Record.Bytes()), append(xVersion, int64(g.Version)), append(xBlock, n)
		}
		if a := d.Answer; a != nil {
			wContract, wID, wMember, wNode, wBlock = append(wContract, a.Contract.Bytes()), append(wID, int64(a.ID)), append(wMember, int64(a.Member)), append(wNode, a.Node.Bytes()), append(wBlock, n)
		}
	}
	inserts := []struct {
		rows int
		sql  string
		args []any
	}{
		{len(pAddr), `INSERT INTO participants (address, role, block_number) SELECT * FROM unnest($1::bytea[], $2::bigint[], $3::bigint[]) ON CONFLICT DO NOTHING`,
			[]any{pAddr, pRole, pBlock}},
		{len(rID), `INSERT INTO requests (request_id, record_id, purpose, block_number) SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::bigint[]) ON CONFLICT DO NOTHING`,
			[]any{rID, rRecord, rPurpose, rBlock}},
		{len(gID), `INSERT INTO grants (request_id, version, block_number) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) ON CONFLICT DO NOTHING`,
			[]any{gID, gVersion, gBlock}},
		{len(aID), `INSERT INTO accesses (access_id, request_id, version, block_number) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[]) ON CONFLICT DO NOTHING`,
			[]any{aID, aRequest, aVersion, aBlok}},
		{len(cID), `INSERT INTO committees (committee_id, members, threshold, block_number) SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bigint[], $4::bigint[]) ON CONFLICT DO NOTHING`,
			[]any{cID, cMembers, cThreshold, cBlock}},
		{len(tID), `INSERT INTO attribute_names (attribute_id, name, block_number) SELECT * FROM unnest($1::bytea[], $2::text[], $3::bigint[]) ON CONFLICT DO NOTHING`,
			[]any{tID, tName, tBlockN}},
		{len(xID), `INSERT INTO gate_accesses (contract, access_id, patient, requester, path, record_id, version, block_number)
			SELECT * FROM unnest($1::bytea[], $2::bigint[], $3::bytea[], $4::bytea[], $5::text[], $6::bytea[], $7::bigint[], $8::bigint[]) ON CONFLICT DO NOTHING`,
			[]any{xContract, xID, xPatient, xReq, xPath, xRec, xVersion, xBlock}},
		{len(wID), `INSERT INTO answers (contract, access_id, member, node, block_number) SELECT * FROM unnest($1::bytea[], $2::bigint[], $3::bigint[], $4::bytea[], $5::bigint[]) ON CONFLICT DO NOTHING`,
			[]any{wContract, wID, wMember, wNode, wBlock}},
	}
	for _, in := range inserts {
		if in.rows == 0 {
			continue
		}
		if _, err := tx.Exec(ctx, in.sql, in.args...); err != nil {
			return fmt.Errorf("facts: %w", err)
		}
	}
	return nil
}

func setCursor(ctx context.Context, tx pgx.Tx, h logpoller.Header) error {
	_, err := tx.Exec(ctx, `INSERT INTO cursor (id, number, hash, parent_hash, time) VALUES (1, $1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET number = excluded.number, hash = excluded.hash, parent_hash = excluded.parent_hash, time = excluded.time`,
		int64(h.Number), h.Hash.Bytes(), h.ParentHash.Bytes(), int64(h.Time))
	if err != nil {
		return fmt.Errorf("cursor: %w", err)
	}
	return nil
}

// Rollback implements store.Store.
func (s *Store) Rollback(ctx context.Context, to logpoller.Header) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, _, err := cursorOf(ctx, tx, true); err != nil {
			return err
		}
		n := int64(to.Number)
		for _, q := range []string{
			"DELETE FROM events WHERE block_number > $1",
			"DELETE FROM participants WHERE block_number > $1",
			"DELETE FROM requests WHERE block_number > $1",
			"DELETE FROM grants WHERE block_number > $1",
			"DELETE FROM accesses WHERE block_number > $1",
			"DELETE FROM committees WHERE block_number > $1",
			"DELETE FROM attribute_names WHERE block_number > $1",
			"DELETE FROM gate_accesses WHERE block_number > $1",
			"DELETE FROM answers WHERE block_number > $1",
			"DELETE FROM blocks WHERE number > $1",
		} {
			if _, err := tx.Exec(ctx, q, n); err != nil {
				return err
			}
		}
		if err := writeBlocks(ctx, tx, []logpoller.Header{to}); err != nil {
			return err
		}
		return setCursor(ctx, tx, to)
	})
	if err != nil {
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
	q, args := store.TimelineQuery(patient, f, pos, limit, dollar)
	got := make([]store.Row, 0, limit+1)
	err = s.query(ctx, q, args, func(scan func(...any) error) error {
		r, err := store.ScanEntry(patient, scan)
		got = append(got, r)
		return err
	})
	if err != nil {
		return nil, "", fmt.Errorf("timeline of %s: %w", patient.Hex(), err)
	}
	entries, err := store.ResolveRows(ctx, got, s.query, dollar)
	if err != nil {
		return nil, "", fmt.Errorf("timeline of %s: %w", patient.Hex(), err)
	}
	page, next := store.Page(entries, limit)
	return page, next, nil
}

func dollar(n int) string { return "$" + strconv.Itoa(n) }

// query is store.QueryFunc over the pool.
func (s *Store) query(ctx context.Context, q string, args []any, each func(scan func(...any) error) error) error {
	rows, err := s.pool.Query(ctx, q, args...)
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
	r, err := store.ScanEntryOf(s.pool.QueryRow(ctx, store.EntryQuery(dollar), int64(block), int64(logIndex)).Scan)
	if errors.Is(err, pgx.ErrNoRows) {
		return timeline.Entry{}, fmt.Errorf("entry %d-%d: %w", block, logIndex, store.ErrNotFound)
	}
	if err != nil {
		return timeline.Entry{}, err
	}
	es, err := store.ResolveRows(ctx, []store.Row{r}, s.query, dollar)
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
	rows, err := s.pool.Query(ctx, store.EnrolmentsQuery(len(accounts), func(n int) string { return "$" + strconv.Itoa(n) }), args...)
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
	_, err := s.pool.Exec(ctx, "INSERT INTO auditors (patient, auditor, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
		patient.Bytes(), auditor.Bytes(), time.Now().Unix())
	if err != nil {
		return fmt.Errorf("add auditor: %w", err)
	}
	return nil
}

// RemoveAuditor implements store.Store.
func (s *Store) RemoveAuditor(ctx context.Context, patient, auditor common.Address) error {
	tag, err := s.pool.Exec(ctx, "DELETE FROM auditors WHERE patient = $1 AND auditor = $2", patient.Bytes(), auditor.Bytes())
	if err != nil {
		return fmt.Errorf("remove auditor: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("auditor %s of %s: %w", auditor.Hex(), patient.Hex(), store.ErrNotFound)
	}
	return nil
}

// Auditors implements store.Store.
func (s *Store) Auditors(ctx context.Context, patient common.Address) ([]common.Address, error) {
	rows, err := s.pool.Query(ctx, "SELECT auditor FROM auditors WHERE patient = $1 ORDER BY seq", patient.Bytes())
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
	var ok bool
	err := s.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM auditors WHERE patient = $1 AND auditor = $2)", patient.Bytes(), auditor.Bytes()).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("is auditor: %w", err)
	}
	return ok, nil
}

// NewSchema creates a fresh schema in the database at dsn and returns a DSN whose connections
// use it, and a function that drops it: one isolated database per test or benchmark run.
func NewSchema(ctx context.Context, dsn, prefix string) (string, func(context.Context) error, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, err
	}
	schema := prefix + "_" + hex.EncodeToString(b[:])
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", nil, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, fmt.Errorf("parse dsn: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	drop := func(ctx context.Context) error {
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer c.Close(ctx)
		_, err = c.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
		return err
	}
	return u.String(), drop, nil
}

// Guardian implements store.Store.
func (s *Store) Guardian(ctx context.Context, patient, guardian common.Address) (uint8, uint64, error) {
	scopes, until, err := store.ScanGuardian(s.pool.QueryRow(ctx, store.GuardianQuery(dollar), patient.Bytes(), guardian.Bytes()).Scan)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("guardian %s of %s: %w", guardian.Hex(), patient.Hex(), err)
	}
	return scopes, until, nil
}
