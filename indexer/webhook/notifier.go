package webhook

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/logpoller"
)

// DefaultKeep is how many recent block headers the notifier keeps for finding a common ancestor
// after a reorg; delivered notifications older than that are pruned, since no reorg the poller
// can follow reaches them.
const DefaultKeep = 4096

// Block names a block.
type Block struct {
	Number uint64      `json:"number"`
	Hash   common.Hash `json:"hash"`
}

// Payload is the JSON body of every webhook delivery and live-feed message. Entries carry the
// decoded event (as `emrchain events watch` prints it) and the resolved timeline entry (as the
// indexer's timeline API serves it); reorg notices carry the common ancestor and the keys of the
// notifications the reorg withdrew.
type Payload struct {
	Kind           string           `json:"kind"`
	Key            string           `json:"key"`
	Patient        *common.Address  `json:"patient,omitempty"`
	Action         string           `json:"action,omitempty"`
	Event          *contracts.Event `json:"event,omitempty"`
	Entry          *timeline.Entry  `json:"entry,omitempty"`
	CommonAncestor *Block           `json:"commonAncestor,omitempty"`
	Removed        []string         `json:"removed,omitempty"`
}

// Reorg is a rollback the notifier applied.
type Reorg struct {
	CommonAncestor Block
	FirstRemoved   common.Hash // the first block no longer on the chain
}

// Key is the reorg notice's idempotency key: the same reorg seen again after a crash gets the
// same key.
func (r Reorg) Key() string {
	return "reorg:" + r.CommonAncestor.Hash.Hex() + ":" + r.FirstRemoved.Hex()
}

// Notice is the reorg notice for a subscriber that may have been told of removed.
func (r Reorg) Notice(removed []string) Notification {
	body, _ := json.Marshal(Payload{Kind: KindReorg, Key: r.Key(), CommonAncestor: &r.CommonAncestor, Removed: removed})
	return Notification{Key: r.Key(), Kind: KindReorg, Body: body}
}

// Change is what one committed Apply or Rollback added.
type Change struct {
	Notes []Notification // new timeline entries, in chain order
	Reorg *Reorg         // set for a rollback
}

// Notifier is a logpoller.Store kept in the outbox's database. Apply turns a range's logs into
// timeline notifications and queues them for every matching subscription, together with the
// block hashes and the cursor, in one transaction; Rollback withdraws undelivered notifications
// above the common ancestor and queues a reorg notice for every subscription that was owed or
// sent any of them. Neither ever waits on a subscriber: delivery reads the outbox on its own.
type Notifier struct {
	outbox *Outbox
	// Keep bounds the stored headers; zero means DefaultKeep.
	Keep int
	// Committed, when set, hears of every Apply and Rollback once committed, so deliveries and
	// live feeds start without polling. It must not block.
	Committed func(Change)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// NewNotifier returns a notifier over o.
func NewNotifier(o *Outbox) *Notifier { return &Notifier{outbox: o} }

var (
	_ logpoller.Store      = (*Notifier)(nil)
	_ logpoller.ChainStore = (*Notifier)(nil)
)

// Cursor implements logpoller.Store.
func (n *Notifier) Cursor(ctx context.Context) (logpoller.Header, bool, error) {
	v, err := n.outbox.Cursor(ctx)
	if err != nil {
		return logpoller.Header{}, false, fmt.Errorf("read notifier cursor: %w", err)
	}
	if v == "" {
		return logpoller.Header{}, false, nil
	}
	var h logpoller.Header
	if err := json.Unmarshal([]byte(v), &h); err != nil {
		return logpoller.Header{}, false, fmt.Errorf("notifier cursor %q: %w", v, err)
	}
	return h, true, nil
}

// Genesis implements logpoller.ChainStore: the outbox never follows another chain than the one
// it was filled from.
func (n *Notifier) Genesis(ctx context.Context) (common.Hash, bool, error) {
	var h string
	err := n.outbox.db.QueryRowContext(ctx, `SELECT genesis FROM chain WHERE id = 1`).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return common.Hash{}, false, nil
	}
	if err != nil {
		return common.Hash{}, false, fmt.Errorf("read genesis: %w", err)
	}
	return common.HexToHash(h), true, nil
}

// SetGenesis implements logpoller.ChainStore.
func (n *Notifier) SetGenesis(ctx context.Context, h common.Hash) error {
	if _, err := n.outbox.db.ExecContext(ctx, `INSERT INTO chain (id, genesis) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET genesis = excluded.genesis`, h.Hex()); err != nil {
		return fmt.Errorf("record genesis: %w", err)
	}
	return nil
}

// HashAt implements logpoller.Store.
func (n *Notifier) HashAt(ctx context.Context, number uint64) (common.Hash, bool, error) {
	var h string
	err := n.outbox.db.QueryRowContext(ctx, `SELECT hash FROM headers WHERE number = ?`, number).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return common.Hash{}, false, nil
	}
	if err != nil {
		return common.Hash{}, false, fmt.Errorf("header %d: %w", number, err)
	}
	return common.HexToHash(h), true, nil
}

func (n *Notifier) now() time.Time {
	if n.Now != nil {
		return n.Now()
	}
	return time.Now()
}

func (n *Notifier) keep() uint64 {
	if n.Keep > 0 {
		return uint64(n.Keep)
	}
	return DefaultKeep
}

// Apply implements logpoller.Store.
func (n *Notifier) Apply(ctx context.Context, r logpoller.Range) error {
	batch, err := store.NewBatch(r)
	if err != nil {
		return fmt.Errorf("notifier: %w", err)
	}
	subs, err := n.outbox.Subscriptions(ctx, nil)
	if err != nil {
		return fmt.Errorf("notifier: %w", err)
	}
	tx, err := n.outbox.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("notifier: %w", err)
	}
	defer tx.Rollback()
	// Facts first, so an entry is resolved against everything its range says, as the indexer's
	// joins resolve it at query time.
	decoded := make([]*contracts.Event, len(batch.Events))
	for i := range batch.Events {
		ev := &batch.Events[i]
		if ev.Decoded.Name == "" {
			continue // not an event of ours
		}
		// The generic decoder may not know an event the timeline knows yet (a contract whose
		// events the event stream has not been taught): the entry is notified without it.
		if decoded[i], err = contracts.DecodeLog(&ev.Log); err != nil && !errors.Is(err, contracts.ErrUnknownEvent) {
			return fmt.Errorf("notifier: block %d log %d: %w", ev.Log.BlockNumber, ev.Log.Index, err)
		}
		if err := addFacts(ctx, tx, ev.Decoded, decoded[i], ev.Log.BlockNumber); err != nil {
			return fmt.Errorf("notifier: block %d log %d: %w", ev.Log.BlockNumber, ev.Log.Index, err)
		}
	}
	parties := partyCache{tx: tx, known: map[common.Address]party{}}
	var notes []Notification
	for i := range batch.Events {
		ev := &batch.Events[i]
		if ev.Decoded.Entry == nil {
			continue
		}
		if k := ev.Decoded.AnswerTo; k != nil {
			// A member's answer names the access: it is on the timeline of the access's patient.
			var g timeline.GateAccess
			ok, err := readFact(ctx, tx, gateKind(k.Contract), k.ID, &g)
			if err != nil {
				return fmt.Errorf("notifier: block %d log %d: %w", ev.Log.BlockNumber, ev.Log.Index, err)
			}
			if !ok {
				continue
			}
			ev.Decoded.Entry.Answering(g)
		}
		note, err := n.note(ctx, tx, &parties, ev, decoded[i])
		if err != nil {
			return fmt.Errorf("notifier: block %d log %d: %w", ev.Log.BlockNumber, ev.Log.Index, err)
		}
		notes = append(notes, note)
	}
	if err := fanout(ctx, tx, subs, notes, n.now()); err != nil {
		return fmt.Errorf("notifier: %w", err)
	}
	for _, h := range r.Headers {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO headers (number, hash) VALUES (?, ?)`, h.Number, h.Hash.Hex()); err != nil {
			return fmt.Errorf("notifier: store header %d: %w", h.Number, err)
		}
	}
	last := r.Last()
	if last.Number >= n.keep() {
		horizon := last.Number - n.keep() + 1
		if _, err := tx.ExecContext(ctx, `DELETE FROM headers WHERE number < ?`, horizon); err != nil {
			return fmt.Errorf("notifier: prune headers: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM deliveries WHERE status = 'delivered' AND block < ?`, horizon); err != nil {
			return fmt.Errorf("notifier: prune deliveries: %w", err)
		}
	}
	cur, err := json.Marshal(last)
	if err != nil {
		return err
	}
	if err := setCursor(ctx, tx, string(cur)); err != nil {
		return fmt.Errorf("notifier: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("notifier: commit blocks %d-%d: %w", r.First().Number, last.Number, err)
	}
	if n.Committed != nil && len(notes) > 0 {
		n.Committed(Change{Notes: notes})
	}
	return nil
}

// note builds the notification for one timeline entry.
func (n *Notifier) note(ctx context.Context, tx *sql.Tx, parties *partyCache, ev *store.Event, decoded *contracts.Event) (Notification, error) {
	entry := *ev.Decoded.Entry
	rc, err := resolveContext(ctx, tx, parties, &entry)
	if err != nil {
		return Notification{}, err
	}
	entry.Resolve(rc)
	orgs, err := parties.orgs(ctx, involved(&entry, decoded))
	if err != nil {
		return Notification{}, err
	}
	key := ev.Log.BlockHash.Hex() + ":" + fmt.Sprint(ev.Log.Index)
	patient := entry.Patient
	body, err := json.Marshal(Payload{Kind: KindEntry, Key: key, Patient: &patient, Action: string(entry.Action), Event: decoded, Entry: &entry})
	if err != nil {
		return Notification{}, err
	}
	return Notification{Key: key, Kind: KindEntry, Patient: patient, Orgs: orgs, Action: string(entry.Action), Block: ev.Log.BlockNumber, Body: body}, nil
}

// involved lists the accounts whose organisations hear of an entry: whoever acted, the other
// party, anyone the event names as requester, provider or actor, and for an account's own
// lifecycle events (enrolment and the like) the account, since it is then not a patient.
func involved(e *timeline.Entry, ev *contracts.Event) []common.Address {
	out := []common.Address{e.Actor, e.Counterpart}
	for _, f := range []string{"requester", "provider", "actor"} {
		if ev == nil {
			break
		}
		if s, ok := ev.Fields[f].(string); ok && common.IsHexAddress(s) {
			out = append(out, common.HexToAddress(s))
		}
	}
	switch e.Action {
	case timeline.Enrolled, timeline.Suspended, timeline.Reinstated, timeline.Removed, timeline.KeysRotated:
		out = append(out, e.Patient)
	}
	return out
}

// Rollback implements logpoller.Store.
func (n *Notifier) Rollback(ctx context.Context, to logpoller.Header) error {
	tx, err := n.outbox.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("notifier rollback: %w", err)
	}
	defer tx.Rollback()
	reorg := Reorg{CommonAncestor: Block{Number: to.Number, Hash: to.Hash}}
	var first string
	err = tx.QueryRowContext(ctx, `SELECT hash FROM headers WHERE number > ? ORDER BY number LIMIT 1`, to.Number).Scan(&first)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("notifier rollback: %w", err)
	}
	reorg.FirstRemoved = common.HexToHash(first)

	// Every key above the ancestor is listed, delivered or not: one may be on the wire right now,
	// and a subscriber that never saw a key just ignores it.
	rows, err := tx.QueryContext(ctx, `SELECT sub, key FROM deliveries WHERE block > ? ORDER BY id`, to.Number)
	if err != nil {
		return fmt.Errorf("notifier rollback: %w", err)
	}
	removed := map[string][]string{}
	var order []string
	for rows.Next() {
		var sub, key string
		if err := rows.Scan(&sub, &key); err != nil {
			rows.Close()
			return fmt.Errorf("notifier rollback: %w", err)
		}
		if _, ok := removed[sub]; !ok {
			order = append(order, sub)
		}
		removed[sub] = append(removed[sub], key)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("notifier rollback: %w", err)
	}
	// Delivered ones go too: their keys are in the notice, and if the same block comes back
	// its entries must be delivered again rather than ignored as duplicates.
	for _, q := range []string{
		`DELETE FROM deliveries WHERE block > ?`,
		`DELETE FROM participants WHERE block > ?`,
		`DELETE FROM facts WHERE block > ?`,
		`DELETE FROM headers WHERE number > ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, to.Number); err != nil {
			return fmt.Errorf("notifier rollback: %w", err)
		}
	}
	now := n.now()
	for _, sub := range order {
		notice := reorg.Notice(removed[sub])
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO deliveries (sub, key, kind, body, next_at, block) VALUES (?,?,?,?,?,NULL)`,
			sub, notice.Key, notice.Kind, []byte(notice.Body), now.UnixMilli()); err != nil {
			return fmt.Errorf("notifier rollback: queue reorg notice: %w", err)
		}
	}
	cur, err := json.Marshal(to)
	if err != nil {
		return err
	}
	if err := setCursor(ctx, tx, string(cur)); err != nil {
		return fmt.Errorf("notifier rollback: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("notifier rollback to %d: %w", to.Number, err)
	}
	if n.Committed != nil {
		n.Committed(Change{Reorg: &reorg})
	}
	return nil
}

// Kinds of fact rows. Accesses and answers are numbered per gate contract, so their kinds name
// the contract (and answers the member).
const (
	factRequest   = "request"
	factGrant     = "grant"
	factAccess    = "access"
	factCommittee = "committee"
)

func gateKind(contract common.Address) string { return "gate:" + strings.ToLower(contract.Hex()) }

func answerKind(contract common.Address, member uint8) string {
	return fmt.Sprintf("answer:%s:%d", strings.ToLower(contract.Hex()), member)
}

func attributeKind(id common.Hash) string { return "attribute:" + id.Hex() }

// addFacts stores what later entries are resolved against. As in the indexer's stores, the
// first fact for an id wins, so applying a range twice changes nothing.
func addFacts(ctx context.Context, tx *sql.Tx, ev timeline.Event, decoded *contracts.Event, block uint64) error {
	if p := ev.Participant; p != nil {
		org := ""
		if s, ok := decodedField(decoded, "org"); ok && common.HexToHash(s) != (common.Hash{}) {
			org = strings.ToLower(s)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO participants (address, role, org, block) VALUES (?, ?, ?, ?)`,
			p.Address.Hex(), int(p.Role), org, block); err != nil {
			return fmt.Errorf("store participant %s: %w", p.Address.Hex(), err)
		}
	}
	if q := ev.Request; q != nil {
		if err := writeFact(ctx, tx, factRequest, q.ID, q, block); err != nil {
			return err
		}
	}
	if g := ev.Grant; g != nil {
		if err := writeFact(ctx, tx, factGrant, g.RequestID, g, block); err != nil {
			return err
		}
	}
	if a := ev.Access; a != nil {
		if err := writeFact(ctx, tx, factAccess, a.ID, a, block); err != nil {
			return err
		}
	}
	if c := ev.Committee; c != nil {
		if err := writeFact(ctx, tx, factCommittee, c.ID, c, block); err != nil {
			return err
		}
	}
	if a := ev.Attribute; a != nil {
		if err := writeFact(ctx, tx, attributeKind(a.ID), uint64(0), a, block); err != nil {
			return err
		}
	}
	if g := ev.Gate; g != nil {
		if err := writeFact(ctx, tx, gateKind(g.Contract), g.ID, g, block); err != nil {
			return err
		}
	}
	if a := ev.Answer; a != nil {
		if err := writeFact(ctx, tx, answerKind(a.Contract, a.Member), a.ID, a, block); err != nil {
			return err
		}
	}
	// A guardian's standing changes over time: every naming and removal is kept, keyed by its
	// position in the chain, and the latest one counts (rollbacks drop the later ones).
	if e := ev.Entry; e != nil && (e.Action == timeline.GuardianSet || e.Action == timeline.GuardianRemoved) {
		g := guardianFact{Scopes: e.Scopes, ValidUntil: e.NotAfter}
		if err := writeFact(ctx, tx, guardianKind(e.Patient, e.Counterpart), int64(block)<<20|int64(e.LogIndex), g, block); err != nil {
			return err
		}
	}
	return nil
}

// guardianFact is a guardian's scopes and validity as one naming (or, all zero, a removal) set them.
type guardianFact struct {
	Scopes     uint8  `json:"scopes"`
	ValidUntil uint64 `json:"validUntil"`
}

func guardianKind(patient, guardian common.Address) string {
	return "guardian:" + strings.ToLower(patient.Hex()) + ":" + strings.ToLower(guardian.Hex())
}

// GuardianMayRead reports whether guardian holds patient's read-the-timeline scope at now, as
// the chain last said.
func (o *Outbox) GuardianMayRead(ctx context.Context, patient, guardian common.Address, now time.Time) (bool, error) {
	var raw string
	err := o.db.QueryRowContext(ctx, `SELECT value FROM facts WHERE kind = ? ORDER BY id DESC LIMIT 1`, guardianKind(patient, guardian)).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("guardian %s of %s: %w", guardian.Hex(), patient.Hex(), err)
	}
	var g guardianFact
	if err := json.Unmarshal([]byte(raw), &g); err != nil {
		return false, fmt.Errorf("guardian %s of %s: %w", guardian.Hex(), patient.Hex(), err)
	}
	return g.Scopes&timeline.ScopeTimeline != 0 && uint64(now.Unix()) <= g.ValidUntil, nil
}

// party is what the notifier knows of an account.
type party struct {
	role  timeline.Role
	org   string // hex org id; empty when none
	found bool
}

// partyCache reads participants within the Apply's transaction, once per account.
type partyCache struct {
	tx    *sql.Tx
	known map[common.Address]party
}

func (c *partyCache) get(ctx context.Context, a common.Address) (party, error) {
	if p, ok := c.known[a]; ok {
		return p, nil
	}
	var p party
	var role int
	err := c.tx.QueryRowContext(ctx, `SELECT role, org FROM participants WHERE address = ?`, a.Hex()).Scan(&role, &p.org)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return party{}, fmt.Errorf("participant %s: %w", a.Hex(), err)
	default:
		p.role, p.found = timeline.Role(role), true
	}
	c.known[a] = p
	return p, nil
}

// orgs returns the distinct organisations of accounts, ignoring accounts with none.
func (c *partyCache) orgs(ctx context.Context, accounts []common.Address) ([]string, error) {
	var out []string
	for _, a := range accounts {
		if a == (common.Address{}) {
			continue
		}
		p, err := c.get(ctx, a)
		if err != nil {
			return nil, err
		}
		if p.org != "" && !slices.Contains(out, p.org) {
			out = append(out, p.org)
		}
	}
	return out, nil
}

func resolveContext(ctx context.Context, tx *sql.Tx, parties *partyCache, e *timeline.Entry) (timeline.Context, error) {
	var rc timeline.Context
	for _, side := range []struct {
		who  common.Address
		role *timeline.Role
	}{{e.Actor, &rc.ActorRole}, {e.Counterpart, &rc.CounterpartRole}} {
		if side.who == (common.Address{}) {
			continue
		}
		p, err := parties.get(ctx, side.who)
		if err != nil {
			return rc, err
		}
		*side.role = p.role
	}
	if e.RequestID != 0 {
		var q timeline.Request
		if ok, err := readFact(ctx, tx, factRequest, e.RequestID, &q); err != nil {
			return rc, err
		} else if ok {
			rc.Request = &q
		}
		var g timeline.Grant
		if ok, err := readFact(ctx, tx, factGrant, e.RequestID, &g); err != nil {
			return rc, err
		} else if ok {
			rc.Grant = &g
		}
	}
	if e.AccessID != 0 {
		var a timeline.Access
		if ok, err := readFact(ctx, tx, factAccess, e.AccessID, &a); err != nil {
			return rc, err
		} else if ok {
			rc.Access = &a
		}
	}
	need := e.Needs()
	if need.Committee != 0 {
		var c timeline.Committee
		if ok, err := readFact(ctx, tx, factCommittee, need.Committee, &c); err != nil {
			return rc, err
		} else if ok {
			rc.Committee = &c
		}
	}
	if k := need.Gate; k != nil {
		var g timeline.GateAccess
		if ok, err := readFact(ctx, tx, gateKind(k.Contract), k.ID, &g); err != nil {
			return rc, err
		} else if ok {
			rc.Gate = &g
		}
	}
	if k := need.Answers; k != nil {
		rc.Answers = map[uint8]common.Address{}
		for m := uint8(1); m <= 16; m++ {
			if e.Members&(1<<(m-1)) == 0 {
				continue
			}
			var a timeline.Answer
			if ok, err := readFact(ctx, tx, answerKind(k.Contract, m), k.ID, &a); err != nil {
				return rc, err
			} else if ok {
				rc.Answers[m] = a.Node
			}
		}
	}
	if len(need.Attributes) > 0 {
		rc.Attributes = map[common.Hash]string{}
		for _, id := range need.Attributes {
			var a timeline.Attribute
			if ok, err := readFact(ctx, tx, attributeKind(id), 0, &a); err != nil {
				return rc, err
			} else if ok {
				rc.Attributes[id] = a.Name
			}
		}
	}
	return rc, nil
}

func readFact(ctx context.Context, tx *sql.Tx, kind string, id uint64, v any) (bool, error) {
	var raw string
	err := tx.QueryRowContext(ctx, `SELECT value FROM facts WHERE kind = ? AND id = ?`, kind, int64(id)).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("%s %d: %w", kind, id, err)
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		return false, fmt.Errorf("%s %d: %w", kind, id, err)
	}
	return true, nil
}

func writeFact[I uint64 | int64](ctx context.Context, tx *sql.Tx, kind string, id I, v any, block uint64) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO facts (kind, id, value, block) VALUES (?, ?, ?, ?)`, kind, int64(id), string(raw), block); err != nil {
		return fmt.Errorf("store %s %d: %w", kind, id, err)
	}
	return nil
}

// decodedField is one field of a generically decoded event, when there is one and it is a string.
func decodedField(ev *contracts.Event, name string) (string, bool) {
	if ev == nil {
		return "", false
	}
	s, ok := ev.Fields[name].(string)
	return s, ok
}
