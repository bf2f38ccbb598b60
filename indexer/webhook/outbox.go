package webhook

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	_ "modernc.org/sqlite" // pure-Go SQLite driver "sqlite"
)

// Kinds of notification.
const (
	KindEntry = "timeline.entry"
	KindReorg = "reorg"
)

var (
	// ErrInvalid means a subscription request is malformed; the message says how.
	ErrInvalid = errors.New("invalid subscription")
	// ErrNotFound means no such subscription or delivery (for this owner).
	ErrNotFound = errors.New("not found")
)

// Subscription is one integrator endpoint.
type Subscription struct {
	ID      string          `json:"id"`
	URL     string          `json:"url"`
	Owner   common.Address  `json:"owner"`             // who registered it
	Patient *common.Address `json:"patient,omitempty"` // per-patient subscription
	Org     string          `json:"org,omitempty"`     // per-organisation subscription (org id, hex)
	Actions []string        `json:"actions,omitempty"` // timeline actions to send; empty: all
	Created time.Time       `json:"created"`
	Secret  string          `json:"secret,omitempty"` // shown once, at creation
}

// Notification is one thing to tell subscribers.
type Notification struct {
	Key     string          // idempotency key, stable across retries and restarts
	Kind    string          // KindEntry or KindReorg
	Patient common.Address  // whose timeline
	Orgs    []string        // organisations involved (actor's and counterpart's org ids, hex)
	Action  string          // the timeline action (empty for reorgs)
	Block   uint64          // the block it came from; a rollback below it withdraws it
	Body    json.RawMessage // the JSON delivered
}

// Delivery is one notification owed to one subscription.
type Delivery struct {
	ID        int64
	Sub       string
	Key       string
	Kind      string
	Body      []byte
	Attempts  int
	LastError string
}

// Outbox is the durable state of push: subscriptions, the position in the timeline feed, and
// every delivery until it succeeds or is dead-lettered. SQLite, one file.
type Outbox struct {
	db     *sql.DB
	policy Policy
}

const schema = `
CREATE TABLE IF NOT EXISTS subscriptions (
	id TEXT PRIMARY KEY, url TEXT NOT NULL, secret TEXT NOT NULL, owner TEXT NOT NULL,
	patient TEXT, org TEXT, actions TEXT NOT NULL, created INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
	id INTEGER PRIMARY KEY AUTOINCREMENT, sub TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL,
	body BLOB NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending', last_error TEXT NOT NULL DEFAULT '',
	block INTEGER, -- NULL for reorg notices, which no later rollback withdraws
	UNIQUE (sub, key)
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (sub, status, next_at);
CREATE INDEX IF NOT EXISTS deliveries_block ON deliveries (block);
CREATE TABLE IF NOT EXISTS cursor (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS headers (number INTEGER PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chain (id INTEGER PRIMARY KEY CHECK (id = 1), genesis TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS participants (
	address TEXT PRIMARY KEY, role INTEGER NOT NULL, org TEXT NOT NULL, block INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS facts (
	kind TEXT NOT NULL, id INTEGER NOT NULL, value TEXT NOT NULL, block INTEGER NOT NULL,
	PRIMARY KEY (kind, id)
);
`

// OpenOutbox opens (creating if needed) the outbox database at path; Subscribe checks URLs
// against p.
func OpenOutbox(path string, p Policy) (*Outbox, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, fmt.Errorf("open outbox %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("outbox schema: %w", err)
	}
	return &Outbox{db: db, policy: p}, nil
}

// Close closes the database.
func (o *Outbox) Close() error { return o.db.Close() }

// Subscribe stores a new subscription after validating it against known, the accepted action
// names, and returns it with its freshly generated secret.
func (o *Outbox) Subscribe(ctx context.Context, s Subscription, known []string) (*Subscription, error) {
	if err := o.policy.ValidateURL(s.URL); err != nil {
		return nil, err
	}
	if (s.Patient == nil) == (s.Org == "") {
		return nil, fmt.Errorf("%w: give exactly one of patient or org", ErrInvalid)
	}
	ok := map[string]bool{}
	for _, k := range known {
		ok[k] = true
	}
	for _, a := range s.Actions {
		if !ok[a] {
			return nil, fmt.Errorf("%w: unknown action %q (known: %s)", ErrInvalid, a, strings.Join(known, ", "))
		}
	}
	id, err := randomHex(8)
	if err != nil {
		return nil, err
	}
	secret, err := randomHex(32)
	if err != nil {
		return nil, err
	}
	s.ID, s.Secret, s.Created = "wh_"+id, "whsec_"+secret, time.Now().UTC().Truncate(time.Second)
	actions, _ := json.Marshal(s.Actions)
	var patient any
	if s.Patient != nil {
		patient = s.Patient.Hex()
	}
	var org any
	if s.Org != "" {
		org = strings.ToLower(s.Org)
	}
	if _, err := o.db.ExecContext(ctx, `INSERT INTO subscriptions (id, url, secret, owner, patient, org, actions, created) VALUES (?,?,?,?,?,?,?,?)`,
		s.ID, s.URL, s.Secret, s.Owner.Hex(), patient, org, string(actions), s.Created.Unix()); err != nil {
		return nil, fmt.Errorf("store subscription: %w", err)
	}
	return &s, nil
}

// Unsubscribe removes owner's subscription id and its pending deliveries.
func (o *Outbox) Unsubscribe(ctx context.Context, owner common.Address, id string) error {
	tx, err := o.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM subscriptions WHERE id = ? AND owner = ?`, id, owner.Hex())
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("subscription %s: %w", id, ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM deliveries WHERE sub = ?`, id); err != nil {
		return err
	}
	return tx.Commit()
}

// Subscriptions lists subscriptions (all when owner is nil), secrets omitted.
func (o *Outbox) Subscriptions(ctx context.Context, owner *common.Address) ([]Subscription, error) {
	q, args := `SELECT id, url, owner, patient, org, actions, created FROM subscriptions`, []any{}
	if owner != nil {
		q += ` WHERE owner = ?`
		args = append(args, owner.Hex())
	}
	rows, err := o.db.QueryContext(ctx, q+` ORDER BY created, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Subscription
	for rows.Next() {
		var s Subscription
		var ownerHex, actions string
		var patient, org sql.NullString
		var created int64
		if err := rows.Scan(&s.ID, &s.URL, &ownerHex, &patient, &org, &actions, &created); err != nil {
			return nil, err
		}
		s.Owner = common.HexToAddress(ownerHex)
		if patient.Valid {
			p := common.HexToAddress(patient.String)
			s.Patient = &p
		}
		s.Org = org.String
		_ = json.Unmarshal([]byte(actions), &s.Actions)
		s.Created = time.Unix(created, 0).UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

func (o *Outbox) secret(ctx context.Context, id string) ([]byte, string, error) {
	var secret, u string
	err := o.db.QueryRowContext(ctx, `SELECT secret, url FROM subscriptions WHERE id = ?`, id).Scan(&secret, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("subscription %s: %w", id, ErrNotFound)
	}
	return []byte(secret), u, err
}

// Cursor is the position in the notification source the outbox has taken in ("" at the start).
func (o *Outbox) Cursor(ctx context.Context) (string, error) {
	var v string
	err := o.db.QueryRowContext(ctx, `SELECT value FROM cursor WHERE id = 1`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// Fanout records a delivery of each notification for every matching subscription and moves the
// cursor, in one transaction: a crash leaves either none of it or all of it, and a repeat of the
// same notifications inserts nothing twice (deliveries are unique per subscription and key).
func (o *Outbox) Fanout(ctx context.Context, notes []Notification, cursor string, now time.Time) error {
	subs, err := o.Subscriptions(ctx, nil)
	if err != nil {
		return err
	}
	tx, err := o.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fanout(ctx, tx, subs, notes, now); err != nil {
		return err
	}
	if err := setCursor(ctx, tx, cursor); err != nil {
		return err
	}
	return tx.Commit()
}

// fanout queues notes for the matching subs inside tx.
func fanout(ctx context.Context, tx *sql.Tx, subs []Subscription, notes []Notification, now time.Time) error {
	for _, n := range notes {
		var block any
		if n.Kind != KindReorg {
			block = n.Block
		}
		for _, s := range subs {
			if !matches(s, n) {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO deliveries (sub, key, kind, body, next_at, block) VALUES (?,?,?,?,?,?)`,
				s.ID, n.Key, n.Kind, []byte(n.Body), now.UnixMilli(), block); err != nil {
				return fmt.Errorf("queue delivery: %w", err)
			}
		}
	}
	return nil
}

func setCursor(ctx context.Context, tx *sql.Tx, cursor string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO cursor (id, value) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET value = excluded.value`, cursor); err != nil {
		return fmt.Errorf("move cursor: %w", err)
	}
	return nil
}

func matches(s Subscription, n Notification) bool {
	switch {
	case s.Patient != nil:
		if *s.Patient != n.Patient {
			return false
		}
	default:
		found := false
		for _, org := range n.Orgs {
			if strings.EqualFold(org, s.Org) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	if n.Kind == KindReorg || len(s.Actions) == 0 {
		return true
	}
	for _, a := range s.Actions {
		if a == n.Action {
			return true
		}
	}
	return false
}

// Due returns up to limit deliveries of sub whose next attempt is due, oldest first.
func (o *Outbox) Due(ctx context.Context, sub string, now time.Time, limit int) ([]Delivery, error) {
	return o.deliveries(ctx, `WHERE sub = ? AND status = 'pending' AND next_at <= ? ORDER BY id LIMIT ?`, sub, now.UnixMilli(), limit)
}

const deliveryColumns = `SELECT id, sub, key, kind, body, attempts, last_error FROM deliveries `

func (o *Outbox) deliveries(ctx context.Context, where string, args ...any) ([]Delivery, error) {
	rows, err := o.db.QueryContext(ctx, deliveryColumns+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		if err := rows.Scan(&d.ID, &d.Sub, &d.Key, &d.Kind, &d.Body, &d.Attempts, &d.LastError); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (o *Outbox) delivered(ctx context.Context, id int64) error {
	_, err := o.db.ExecContext(ctx, `UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, last_error = '' WHERE id = ?`, id)
	return err
}

func (o *Outbox) retry(ctx context.Context, id int64, next time.Time, lastErr string) error {
	_, err := o.db.ExecContext(ctx, `UPDATE deliveries SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?`, next.UnixMilli(), lastErr, id)
	return err
}

func (o *Outbox) dead(ctx context.Context, id int64, lastErr string) error {
	_, err := o.db.ExecContext(ctx, `UPDATE deliveries SET status = 'dead', attempts = attempts + 1, last_error = ? WHERE id = ?`, lastErr, id)
	return err
}

// DeadLetters lists sub's dead-lettered deliveries.
func (o *Outbox) DeadLetters(ctx context.Context, sub string) ([]Delivery, error) {
	return o.deliveries(ctx, `WHERE sub = ? AND status = 'dead' ORDER BY id`, sub)
}

// Replay puts a dead-lettered delivery back in the queue.
func (o *Outbox) Replay(ctx context.Context, sub string, id int64, now time.Time) error {
	res, err := o.db.ExecContext(ctx, `UPDATE deliveries SET status = 'pending', attempts = 0, next_at = ? WHERE id = ? AND sub = ? AND status = 'dead'`, now.UnixMilli(), id, sub)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("dead letter %d: %w", id, ErrNotFound)
	}
	return nil
}

// Pending counts deliveries still owed (for metrics and tests).
func (o *Outbox) Pending(ctx context.Context) (int, error) {
	var n int
	err := o.db.QueryRowContext(ctx, `SELECT count(*) FROM deliveries WHERE status = 'pending'`).Scan(&n)
	return n, err
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// Owned returns owner's subscription id, secret omitted; ErrNotFound when there is none, so
// nobody learns whether another owner's id exists.
func (o *Outbox) Owned(ctx context.Context, owner common.Address, id string) (*Subscription, error) {
	subs, err := o.Subscriptions(ctx, &owner)
	if err != nil {
		return nil, err
	}
	for i := range subs {
		if subs[i].ID == id {
			return &subs[i], nil
		}
	}
	return nil, fmt.Errorf("subscription %s: %w", id, ErrNotFound)
}

// Stats is how a subscription's deliveries stand.
type Stats struct {
	Pending   int    `json:"pending"`             // owed, including those waiting to retry
	Retrying  int    `json:"retrying"`            // pending after at least one failed attempt
	Attempts  int    `json:"failedAttempts"`      // attempts made on deliveries still pending or dead
	Delivered int    `json:"delivered"`           // still remembered (pruned past the reorg horizon)
	Dead      int    `json:"deadLetters"`         // given up on; replayable
	LastError string `json:"lastError,omitempty"` // of the most recent failed attempt still pending or dead
}

// Stats counts sub's deliveries by state.
func (o *Outbox) Stats(ctx context.Context, sub string) (Stats, error) {
	var s Stats
	var lastErr sql.NullString
	err := o.db.QueryRowContext(ctx, `SELECT
		count(*) FILTER (WHERE status = 'pending'),
		count(*) FILTER (WHERE status = 'pending' AND attempts > 0),
		count(*) FILTER (WHERE status = 'delivered'),
		count(*) FILTER (WHERE status = 'dead'),
		coalesce(sum(attempts) FILTER (WHERE status != 'delivered'), 0),
		(SELECT last_error FROM deliveries WHERE sub = ?1 AND status != 'delivered' AND last_error != '' ORDER BY id DESC LIMIT 1)
		FROM deliveries WHERE sub = ?1`, sub).Scan(&s.Pending, &s.Retrying, &s.Delivered, &s.Dead, &s.Attempts, &lastErr)
	if err != nil {
		return Stats{}, fmt.Errorf("delivery stats of %s: %w", sub, err)
	}
	s.LastError = lastErr.String
	return s, nil
}
