package store

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/emrchain/emrchain/indexer/timeline"
)

// EventRow is an Event as the SQL stores write it to the events table. Zero addresses and
// hashes are NULL (nil), and so are the timeline columns of events on no timeline.
type EventRow struct {
	BlockHash   []byte
	LogIndex    int64
	BlockNumber int64
	BlockTime   int64
	TxHash      []byte
	TxIndex     int64
	Contract    []byte
	Topics      []byte // the topics concatenated, 32 bytes each
	Data        []byte
	Name        *string
	Patient     []byte
	Action      *string
	Actor       []byte
	Counterpart []byte
	Record      []byte
	Version     int64
	RequestID   int64
	AccessID    int64
	KeyRequest  int64
	Purpose     []byte
	NotBefore   int64 // uint64 bit patterns: a window may end at 2^64-1
	NotAfter    int64
	Operations  int64
	Reason      int64
}

// RowOf converts an event for writing.
func RowOf(e *Event) EventRow {
	l := &e.Log
	topics := make([]byte, 0, 32*len(l.Topics))
	for _, t := range l.Topics {
		topics = append(topics, t[:]...)
	}
	data := l.Data
	if data == nil {
		data = []byte{}
	}
	r := EventRow{
		BlockHash: l.BlockHash.Bytes(), LogIndex: int64(l.Index), BlockNumber: int64(l.BlockNumber), BlockTime: int64(e.Time),
		TxHash: l.TxHash.Bytes(), TxIndex: int64(l.TxIndex), Contract: l.Address.Bytes(), Topics: topics, Data: data,
	}
	if e.Decoded.Name != "" {
		name := e.Decoded.Name
		r.Name = &name
	}
	en := e.Decoded.Entry
	if en == nil {
		return r
	}
	action := string(en.Action)
	r.Patient, r.Action = en.Patient.Bytes(), &action
	r.Actor, r.Counterpart = nullAddr(en.Actor), nullAddr(en.Counterpart)
	r.Record, r.Purpose = nullHash(en.Record), nullHash(en.Purpose)
	r.Version, r.RequestID, r.AccessID, r.KeyRequest = int64(en.Version), int64(en.RequestID), int64(en.AccessID), int64(en.KeyRequestID)
	r.NotBefore, r.NotAfter, r.Operations, r.Reason = int64(en.NotBefore), int64(en.NotAfter), int64(en.Operations), int64(en.Reason)
	return r
}

func nullAddr(a common.Address) []byte {
	if a == (common.Address{}) {
		return nil
	}
	return a.Bytes()
}

func nullHash(h common.Hash) []byte {
	if h == (common.Hash{}) {
		return nil
	}
	return h.Bytes()
}

// TimelineColumns is the select list of a timeline query, over events e joined with the
// facts: participants pa (actor) and pc (counterpart), requests r, grants g, accesses a.
// ScanEntry reads it.
const TimelineColumns = `e.block_number, e.block_hash, e.block_time, e.tx_hash, e.log_index, e.contract, e.action,
	e.actor, e.counterpart, e.record_id, e.version, e.request_id, e.access_id, e.key_request_id, e.purpose,
	e.not_before, e.not_after, e.operations, e.reason,
	pa.role, pc.role, r.request_id, r.record_id, r.purpose, g.version, a.access_id, a.request_id, a.version`

// TimelineJoins are the joins TimelineColumns needs.
const TimelineJoins = `LEFT JOIN participants pa ON pa.address = e.actor
	LEFT JOIN participants pc ON pc.address = e.counterpart
	LEFT JOIN requests r ON r.request_id = e.request_id
	LEFT JOIN grants g ON g.request_id = e.request_id
	LEFT JOIN accesses a ON a.access_id = e.access_id`

// ScanEntry reads one row of TimelineColumns and resolves it.
func ScanEntry(patient common.Address, scan func(dest ...any) error) (timeline.Entry, error) {
	var (
		blockNumber, blockTime, logIndex, version, requestID, accessID, keyRequest int64
		notBefore, notAfter, operations, reason                                    int64
		blockHash, txHash, contract, actor, counterpart, record, purpose           []byte
		action                                                                     string
		actorRole, counterpartRole, reqID, accID, accReq, grantVersion, accVersion sql.NullInt64
		reqRecord, reqPurpose                                                      []byte
	)
	err := scan(&blockNumber, &blockHash, &blockTime, &txHash, &logIndex, &contract, &action,
		&actor, &counterpart, &record, &version, &requestID, &accessID, &keyRequest, &purpose,
		&notBefore, &notAfter, &operations, &reason,
		&actorRole, &counterpartRole, &reqID, &reqRecord, &reqPurpose, &grantVersion, &accID, &accReq, &accVersion)
	if err != nil {
		return timeline.Entry{}, fmt.Errorf("scan timeline row: %w", err)
	}
	e := timeline.Entry{
		Patient: patient, Time: time.Unix(blockTime, 0).UTC(), BlockNumber: uint64(blockNumber),
		BlockHash: common.BytesToHash(blockHash), TxHash: common.BytesToHash(txHash), LogIndex: uint(logIndex),
		Contract: common.BytesToAddress(contract), Action: timeline.Action(action),
		Actor: common.BytesToAddress(actor), Counterpart: common.BytesToAddress(counterpart),
		Record: common.BytesToHash(record), Version: uint32(version),
		RequestID: uint64(requestID), AccessID: uint64(accessID), KeyRequestID: uint64(keyRequest),
		Purpose: common.BytesToHash(purpose), NotBefore: uint64(notBefore), NotAfter: uint64(notAfter),
		Operations: uint8(operations), Reason: timeline.Reason(reason),
	}
	c := timeline.Context{ActorRole: timeline.Role(actorRole.Int64), CounterpartRole: timeline.Role(counterpartRole.Int64)}
	if reqID.Valid {
		c.Request = &timeline.Request{ID: uint64(reqID.Int64), Record: common.BytesToHash(reqRecord), Purpose: common.BytesToHash(reqPurpose)}
	}
	if grantVersion.Valid {
		c.Grant = &timeline.Grant{RequestID: e.RequestID, Version: uint32(grantVersion.Int64)}
	}
	if accID.Valid {
		c.Access = &timeline.Access{ID: uint64(accID.Int64), RequestID: uint64(accReq.Int64), Version: uint32(accVersion.Int64)}
	}
	e.Resolve(c)
	return e, nil
}

// TimelineQuery builds the page query both SQL stores run, with placeholders from ph (1-based):
// "?" for SQLite, "$n" for PostgreSQL. It selects limit+1 rows so the caller knows whether a
// next page exists.
func TimelineQuery(patient common.Address, f Filter, pos Position, limit int, ph func(n int) string) (string, []any) {
	from, to := f.Bounds()
	// The cursor's time also bounds the index range, so a late page does not walk the early ones.
	args := []any{patient.Bytes(), max(from, pos.Time), to, pos.Time, int64(pos.Block), int64(pos.LogIndex)}
	after, order := ">", ""
	if f.Newest {
		after, order = "<", " DESC"
		if pos == Start {
			pos = Position{Time: 1 << 62, Block: 1 << 62, LogIndex: 1<<32 - 1}
		}
		args = []any{patient.Bytes(), from, min(to, pos.Time+1), pos.Time, int64(pos.Block), int64(pos.LogIndex)}
	}
	q := "SELECT " + TimelineColumns + " FROM events e " + TimelineJoins +
		" WHERE e.patient = " + ph(1) + " AND e.block_time >= " + ph(2) + " AND e.block_time < " + ph(3) +
		" AND (e.block_time, e.block_number, e.log_index) " + after + " (" + ph(4) + ", " + ph(5) + ", " + ph(6) + ")"
	if len(f.Actions) > 0 {
		q += " AND e.action IN ("
		for i, a := range f.Actions {
			if i > 0 {
				q += ", "
			}
			args = append(args, string(a))
			q += ph(len(args))
		}
		q += ")"
	}
	args = append(args, int64(limit+1))
	q += " ORDER BY e.block_time" + order + ", e.block_number" + order + ", e.log_index" + order + " LIMIT " + ph(len(args))
	return q, args
}

// EntryQuery selects the timeline entry of one log, by block number and log index, with its
// patient as the first column: ScanEntryOf reads it.
func EntryQuery(ph func(n int) string) string {
	return "SELECT e.patient, " + TimelineColumns + " FROM events e " + TimelineJoins +
		" WHERE e.block_number = " + ph(1) + " AND e.log_index = " + ph(2) + " AND e.patient IS NOT NULL"
}

// ScanEntryOf reads a row of EntryQuery.
func ScanEntryOf(scan func(dest ...any) error) (timeline.Entry, error) {
	var patient []byte
	e, err := ScanEntry(common.Address{}, func(dest ...any) error {
		return scan(append([]any{&patient}, dest...)...)
	})
	if err != nil {
		return timeline.Entry{}, err
	}
	e.Patient = common.BytesToAddress(patient)
	return e, nil
}

// EnrolmentsQuery selects the enrolment logs of n accounts, patient first, then topics and data.
func EnrolmentsQuery(n int, ph func(n int) string) string {
	q := "SELECT e.patient, e.topics, e.data FROM events e WHERE e.action = 'enrolled' AND e.patient IN ("
	for i := range n {
		if i > 0 {
			q += ", "
		}
		q += ph(i + 1)
	}
	return q + ")"
}

// ScanEnrolment reads a row of EnrolmentsQuery.
func ScanEnrolment(scan func(dest ...any) error) (common.Address, timeline.Enrolment, error) {
	var patient, topics, data []byte
	if err := scan(&patient, &topics, &data); err != nil {
		return common.Address{}, timeline.Enrolment{}, fmt.Errorf("scan enrolment: %w", err)
	}
	l := types.Log{Data: data}
	for i := 0; i+32 <= len(topics); i += 32 {
		l.Topics = append(l.Topics, common.BytesToHash(topics[i:i+32]))
	}
	en, err := timeline.DecodeEnrolment(&l)
	if err != nil {
		return common.Address{}, timeline.Enrolment{}, err
	}
	return common.BytesToAddress(patient), en, nil
}

// Prepare validates a filter and returns where its page starts and how long it is.
func Prepare(f Filter) (Position, int, error) {
	limit, err := f.PageSize()
	if err != nil {
		return Position{}, 0, err
	}
	for _, a := range f.Actions {
		if _, err := timeline.ParseAction(string(a)); err != nil {
			return Position{}, 0, err
		}
	}
	pos, err := ParseCursor(f.Cursor)
	if err != nil {
		return Position{}, 0, err
	}
	return pos, limit, nil
}

// Page trims the limit+1 rows a TimelineQuery returned to a page and its next cursor.
func Page(entries []timeline.Entry, limit int) ([]timeline.Entry, string) {
	if len(entries) <= limit {
		return entries, ""
	}
	entries = entries[:limit]
	return entries, PositionOf(&entries[limit-1]).String()
}
