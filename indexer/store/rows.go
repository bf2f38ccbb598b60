package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
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
	e.not_before, e.not_after, e.operations, e.reason, e.topics, e.data,
	pa.role, pc.role, r.request_id, r.record_id, r.purpose, g.version, a.access_id, a.request_id, a.version`

// TimelineJoins are the joins TimelineColumns needs.
const TimelineJoins = `LEFT JOIN participants pa ON pa.address = e.actor
	LEFT JOIN participants pc ON pc.address = e.counterpart
	LEFT JOIN requests r ON r.request_id = e.request_id
	LEFT JOIN grants g ON g.request_id = e.request_id
	LEFT JOIN accesses a ON a.access_id = e.access_id`

// Row is a timeline entry as read, with the facts the joins found, before resolution:
// ResolveRows completes the facts a page needs and resolves its rows.
type Row struct {
	Entry   timeline.Entry
	Context timeline.Context
}

// ScanEntry reads one row of TimelineColumns. The columns give what every entry has; the fields
// only some events carry (committees, members, attributes, key material) come from decoding the
// stored log afresh, so a log of an event this build does not know still shows what its columns
// say.
func ScanEntry(patient common.Address, scan func(dest ...any) error) (Row, error) {
	var (
		blockNumber, blockTime, logIndex, version, requestID, accessID, keyRequest int64
		notBefore, notAfter, operations, reason                                    int64
		blockHash, txHash, contract, actor, counterpart, record, purpose           []byte
		topics, data                                                               []byte
		action                                                                     string
		actorRole, counterpartRole, reqID, accID, accReq, grantVersion, accVersion sql.NullInt64
		reqRecord, reqPurpose                                                      []byte
	)
	err := scan(&blockNumber, &blockHash, &blockTime, &txHash, &logIndex, &contract, &action,
		&actor, &counterpart, &record, &version, &requestID, &accessID, &keyRequest, &purpose,
		&notBefore, &notAfter, &operations, &reason, &topics, &data,
		&actorRole, &counterpartRole, &reqID, &reqRecord, &reqPurpose, &grantVersion, &accID, &accReq, &accVersion)
	if err != nil {
		return Row{}, fmt.Errorf("scan timeline row: %w", err)
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
	l := types.Log{Address: e.Contract, Data: data}
	for i := 0; i+32 <= len(topics); i += 32 {
		l.Topics = append(l.Topics, common.BytesToHash(topics[i:i+32]))
	}
	if ev, err := timeline.Decode(&l, 0); err == nil && ev.Entry != nil && ev.Entry.Action == e.Action {
		e.Detail(ev.Entry)
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
	return Row{Entry: e, Context: c}, nil
}

// QueryFunc runs a query and calls each for every row it returns; stores adapt their drivers to
// it so the fact lookups below are written once.
type QueryFunc func(ctx context.Context, q string, args []any, each func(scan func(dest ...any) error) error) error

// ResolveRows fetches the committees, accesses, answers and attribute names the rows need, with
// placeholders from ph, and resolves every row.
func ResolveRows(ctx context.Context, rows []Row, query QueryFunc, ph func(n int) string) ([]timeline.Entry, error) {
	var (
		committees = map[uint64]*timeline.Committee{}
		gates      = map[timeline.GateKey]*timeline.GateAccess{}
		answers    = map[timeline.GateKey]map[uint8]common.Address{}
		attributes = map[common.Hash]string{}
	)
	needs := make([]timeline.Needs, len(rows))
	for i := range rows {
		n := rows[i].Entry.Needs()
		needs[i] = n
		if n.Committee != 0 {
			committees[n.Committee] = nil
		}
		if n.Gate != nil {
			gates[*n.Gate] = nil
		}
		if n.Answers != nil {
			answers[*n.Answers] = nil
		}
		for _, a := range n.Attributes {
			attributes[a] = ""
		}
	}
	// One query per kind of fact for the whole page, whatever its size.
	if len(committees) > 0 {
		var args []any
		for id := range committees {
			args = append(args, int64(id))
		}
		err := query(ctx, "SELECT committee_id, members, threshold FROM committees WHERE committee_id IN "+in(ph, len(args)), args,
			func(scan func(...any) error) error {
				var id, threshold int64
				var members []byte
				if err := scan(&id, &members, &threshold); err != nil {
					return err
				}
				c := &timeline.Committee{ID: uint64(id), Threshold: uint8(threshold)}
				for j := 0; j+20 <= len(members); j += 20 {
					c.Members = append(c.Members, common.BytesToAddress(members[j:j+20]))
				}
				committees[c.ID] = c
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("committees: %w", err)
		}
	}
	// Accesses and answers are asked for by access number and kept for the gates asked about.
	gateIDs := func(keys map[timeline.GateKey]bool) []any {
		seen := map[uint64]bool{}
		var args []any
		for k := range keys {
			if !seen[k.ID] {
				seen[k.ID] = true
				args = append(args, int64(k.ID))
			}
		}
		return args
	}
	if len(gates) > 0 {
		want := map[timeline.GateKey]bool{}
		for k := range gates {
			want[k] = true
		}
		args := gateIDs(want)
		err := query(ctx, "SELECT contract, access_id, patient, requester, path, record_id, version FROM gate_accesses WHERE access_id IN "+in(ph, len(args)), args,
			func(scan func(...any) error) error {
				var contract []byte
				var id int64
				g, err := ScanGate(timeline.GateKey{}, func(dest ...any) error { return scan(append([]any{&contract, &id}, dest...)...) })
				if err != nil {
					return err
				}
				g.GateKey = timeline.GateKey{Contract: common.BytesToAddress(contract), ID: uint64(id)}
				if want[g.GateKey] {
					gates[g.GateKey] = &g
				}
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("accesses: %w", err)
		}
	}
	if len(answers) > 0 {
		want := map[timeline.GateKey]bool{}
		for k := range answers {
			want[k] = true
			answers[k] = map[uint8]common.Address{}
		}
		args := gateIDs(want)
		err := query(ctx, "SELECT contract, access_id, member, node FROM answers WHERE access_id IN "+in(ph, len(args)), args,
			func(scan func(...any) error) error {
				var contract, node []byte
				var id, member int64
				if err := scan(&contract, &id, &member, &node); err != nil {
					return err
				}
				k := timeline.GateKey{Contract: common.BytesToAddress(contract), ID: uint64(id)}
				if want[k] {
					answers[k][uint8(member)] = common.BytesToAddress(node)
				}
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("answers: %w", err)
		}
	}
	if len(attributes) > 0 {
		var args []any
		for id := range attributes {
			args = append(args, id.Bytes())
		}
		err := query(ctx, "SELECT attribute_id, name FROM attribute_names WHERE attribute_id IN "+in(ph, len(args)), args,
			func(scan func(...any) error) error {
				var id []byte
				var name string
				if err := scan(&id, &name); err != nil {
					return err
				}
				attributes[common.BytesToHash(id)] = name
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("attribute names: %w", err)
		}
	}
	out := make([]timeline.Entry, len(rows))
	for i := range rows {
		c, n := rows[i].Context, needs[i]
		c.Committee = committees[n.Committee]
		if n.Gate != nil {
			c.Gate = gates[*n.Gate]
		}
		if n.Answers != nil {
			c.Answers = answers[*n.Answers]
		}
		if len(n.Attributes) > 0 {
			c.Attributes = attributes
		}
		out[i] = rows[i].Entry
		out[i].Resolve(c)
	}
	return out, nil
}

// in is a parenthesised list of n placeholders.
func in(ph func(n int) string, n int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteString(", ")
		}
		b.WriteString(ph(i))
	}
	b.WriteByte(')')
	return b.String()
}

// GateLookup finds the access an answer is about in a store, inside the write's transaction.
type GateLookup func(k timeline.GateKey) (timeline.GateAccess, bool, error)

// PlaceAnswers puts each member's answer in the batch on the timeline of the access it
// answers, found among the batch's own events first, then with lookup (the access is always
// opened before it is answered); an answer to an access neither knows stays on no timeline.
func (b *Batch) PlaceAnswers(lookup GateLookup) error {
	own := map[timeline.GateKey]timeline.GateAccess{}
	for i := range b.Events {
		d := &b.Events[i].Decoded
		if g := d.Gate; g != nil {
			if _, ok := own[g.GateKey]; !ok {
				own[g.GateKey] = *g
			}
		}
		if d.AnswerTo == nil || d.Entry == nil {
			continue
		}
		g, ok := own[*d.AnswerTo]
		if !ok {
			var err error
			if g, ok, err = lookup(*d.AnswerTo); err != nil {
				return fmt.Errorf("access %d of %s: %w", d.AnswerTo.ID, d.AnswerTo.Contract.Hex(), err)
			}
		}
		if !ok {
			d.Entry = nil
			continue
		}
		d.Entry.Answering(g)
	}
	return nil
}

// LookupGateQuery selects an access's patient, requester, path, record and version.
func LookupGateQuery(ph func(n int) string) string {
	return "SELECT patient, requester, path, record_id, version FROM gate_accesses WHERE contract = " + ph(1) + " AND access_id = " + ph(2)
}

// ScanGate reads a row of LookupGateQuery.
func ScanGate(k timeline.GateKey, scan func(dest ...any) error) (timeline.GateAccess, error) {
	var patient, requester, record []byte
	var path string
	var version int64
	if err := scan(&patient, &requester, &path, &record, &version); err != nil {
		return timeline.GateAccess{}, err
	}
	return timeline.GateAccess{GateKey: k, Patient: common.BytesToAddress(patient), Requester: common.BytesToAddress(requester),
		Path: timeline.Path(path), Record: common.BytesToHash(record), Version: uint32(version)}, nil
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
func ScanEntryOf(scan func(dest ...any) error) (Row, error) {
	var patient []byte
	r, err := ScanEntry(common.Address{}, func(dest ...any) error {
		return scan(append([]any{&patient}, dest...)...)
	})
	if err != nil {
		return Row{}, err
	}
	r.Entry.Patient = common.BytesToAddress(patient)
	return r, nil
}

// Redecode rebuilds a stored event from its row's raw columns and decodes it with this build's
// decoders; known is false for a log of an event this build does not know.
func Redecode(r EventRow) (ev Event, known bool, err error) {
	l := types.Log{
		Address: common.BytesToAddress(r.Contract), Data: r.Data, BlockNumber: uint64(r.BlockNumber),
		TxHash: common.BytesToHash(r.TxHash), TxIndex: uint(r.TxIndex), BlockHash: common.BytesToHash(r.BlockHash), Index: uint(r.LogIndex),
	}
	for i := 0; i+32 <= len(r.Topics); i += 32 {
		l.Topics = append(l.Topics, common.BytesToHash(r.Topics[i:i+32]))
	}
	d, err := timeline.Decode(&l, uint64(r.BlockTime))
	if errors.Is(err, timeline.ErrUnknownEvent) {
		return Event{}, false, nil
	}
	if err != nil {
		return Event{}, false, err
	}
	return Event{Log: l, Time: uint64(r.BlockTime), Decoded: d}, true, nil
}

// GuardianQuery selects the latest naming or removal of a guardian of a patient: its action, topics
// and data.
func GuardianQuery(ph func(n int) string) string {
	return "SELECT e.action, e.topics, e.data, e.contract FROM events e WHERE e.patient = " + ph(1) + " AND e.counterpart = " + ph(2) +
		" AND e.action IN ('guardian-set', 'guardian-removed') ORDER BY e.block_number DESC, e.log_index DESC LIMIT 1"
}

// ScanGuardian reads a row of GuardianQuery: a guardian's scopes and the end of its validity, zero
// when it was removed.
func ScanGuardian(scan func(dest ...any) error) (scopes uint8, validUntil uint64, err error) {
	var action string
	var topics, data, contract []byte
	if err := scan(&action, &topics, &data, &contract); err != nil {
		return 0, 0, err
	}
	if action != string(timeline.GuardianSet) {
		return 0, 0, nil
	}
	l := types.Log{Address: common.BytesToAddress(contract), Data: data}
	for i := 0; i+32 <= len(topics); i += 32 {
		l.Topics = append(l.Topics, common.BytesToHash(topics[i:i+32]))
	}
	ev, err := timeline.Decode(&l, 0)
	if err != nil || ev.Entry == nil {
		return 0, 0, fmt.Errorf("guardian log: %v", err)
	}
	return ev.Entry.Scopes, ev.Entry.NotAfter, nil
}

// MembersBytes concatenates a committee's member addresses, as the committees table keeps them.
func MembersBytes(ms []common.Address) []byte {
	out := make([]byte, 0, 20*len(ms))
	for _, m := range ms {
		out = append(out, m.Bytes()...)
	}
	return out
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

// Rows is what both SQL drivers' query results give (database/sql's *sql.Rows, pgx.Rows).
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// RedecodeRows decodes the stored logs rows gives, which select the events table's columns
// block_hash, log_index, block_number, block_time, tx_hash, tx_index, contract, topics and data
// in log order after position (block, log index) after. It returns the events this build knows
// and the position of the last log read.
func RedecodeRows(rows Rows, after [2]int64) ([]Event, [2]int64, error) {
	var events []Event
	last := after
	for rows.Next() {
		var r EventRow
		if err := rows.Scan(&r.BlockHash, &r.LogIndex, &r.BlockNumber, &r.BlockTime, &r.TxHash, &r.TxIndex, &r.Contract, &r.Topics, &r.Data); err != nil {
			return nil, after, fmt.Errorf("redecode: %w", err)
		}
		last = [2]int64{r.BlockNumber, r.LogIndex}
		ev, known, err := Redecode(r)
		if err != nil {
			return nil, after, fmt.Errorf("redecode: %w", err)
		}
		if known {
			events = append(events, ev)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, after, fmt.Errorf("redecode: %w", err)
	}
	return events, last, nil
}
