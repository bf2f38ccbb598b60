package verify_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/indexer/fhir"
	"github.com/emrchain/emrchain/indexer/internal/chaintest"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/store/sqlite"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/indexer/verify"
	"github.com/emrchain/emrchain/internal/fhircheck"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/simulated"
)

func world(t *testing.T) *chaintest.World {
	t.Helper()
	chain := simulated.NewChain(chaintest.Accounts())
	t.Cleanup(func() { chain.Close() })
	w := chaintest.New(t, chain)
	w.Story(t)
	return w
}

// ingest indexes the world's chain into a fresh SQLite store.
func ingest(t *testing.T, w *chaintest.World) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "indexer.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p := logpoller.New(w.Chain.Client, logpoller.Config{
		Addresses: w.Manifest.Addresses().List(), StartBlock: w.Manifest.DeploymentBlock, MaxRange: 5,
	}, store.Follower(st), zerolog.Nop())
	for {
		advanced, err := p.Step(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !advanced {
			return st
		}
	}
}

func TestStoredTimelineMatchesChain(t *testing.T) {
	w := world(t)
	st := ingest(t, w)
	ctx := context.Background()
	rep, err := verify.Patient(ctx, w.Chain.Client, w.Manifest, st, w.Patient.Address)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Err() != nil || rep.Entries != 27 {
		t.Fatalf("report %+v: %v", rep, rep.Err())
	}
	// The indexer's view of a real chain, end to end.
	es, _, err := st.Timeline(ctx, w.Patient.Address, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []timeline.Action{timeline.Enrolled, timeline.RecordCreated, timeline.RecordUpdated, timeline.RecordCreated, timeline.KeyRewrapped,
		timeline.IndexKeyRegistered, timeline.RequesterAdded,
		timeline.TokenRequested, timeline.AnswerCommitted, timeline.AnswerCommitted, timeline.TokenAnswered, timeline.SearchPerformed,
		timeline.AccessRequested, timeline.AccessGranted, timeline.AccessInvoked, timeline.AnswerCommitted, timeline.AnswerCommitted,
		timeline.AccessFulfilled, timeline.AnswerRevealed, timeline.AccessInvoked, timeline.AnswerDeclined, timeline.AccessRevoked,
		timeline.AccessRejected, timeline.ReadRequested, timeline.AnswerCommitted, timeline.AnswerCommitted, timeline.ReadAnswered}
	if len(es) != len(want) {
		t.Fatalf("%d entries, want %d", len(es), len(want))
	}
	for i, e := range es {
		if e.Action != want[i] {
			t.Fatalf("entry %d is %s, want %s", i, e.Action, want[i])
		}
	}
	nodes := func(ms ...int) []common.Address {
		var out []common.Address
		for _, m := range ms {
			out = append(out, w.Nodes[m-1].Address)
		}
		return out
	}
	// Who read, through which path, and which nodes answered.
	for _, c := range []struct {
		i     int
		path  timeline.Path
		nodes []common.Address
	}{{10, timeline.PathToken, nodes(1, 2)}, {17, timeline.PathGrant, nodes(1, 3)}, {26, timeline.PathAttribute, nodes(2, 3)}} {
		e := es[c.i]
		if e.Counterpart != w.Requester.Address || e.CounterpartRole != timeline.RoleRequester || e.Path != c.path || !reflect.DeepEqual(e.Nodes, c.nodes) {
			t.Fatalf("%s: %+v", e.Action, e)
		}
	}
	if ful := es[17]; ful.Version != 2 || ful.Record == ([32]byte{}) || ful.Purpose == ([32]byte{}) {
		t.Fatalf("fulfilment entry: %+v", ful)
	}
	if read := es[26]; read.Version != 2 || read.Record != es[17].Record {
		t.Fatalf("attribute read entry: %+v", read)
	}
	if req := es[23]; len(req.AttributeNames) != 1 || req.AttributeNames[0] != "acme/role:insurer" {
		t.Fatalf("attribute read request: %+v", req)
	}
	if grant := es[13]; grant.Committee != 1 || grant.Threshold != 2 || grant.MaxUses != 2 || !reflect.DeepEqual(grant.Nodes, nodes(1, 2, 3)) {
		t.Fatalf("grant: %+v", grant)
	}
	if own := es[3]; !own.PatientAuthored || own.Actor != w.Patient.Address || own.CapsuleRef == "" {
		t.Fatalf("the patient's own record: %+v", own)
	}
	if d := es[20]; d.Actor != w.Nodes[1].Address || d.ActorRole != timeline.RoleProxy || d.Reason.String() != "MISSING_OBJECT" || d.Member != 2 {
		t.Fatalf("decline: %+v", d)
	}
	if rej := es[22]; rej.Error != "GrantRevoked" || rej.Outcome() != timeline.Rejected {
		t.Fatalf("rejection: %+v", rej)
	}
	// The real chain's timeline as FHIR, through an independent R4 validator.
	fhircheck.Validate(t, map[string]any{"timeline": fhir.NewBundle(es, fhir.Options{ChainID: 1337, Base: "http://127.0.0.1:8780/fhir"})})
	// Everyone else's own timeline verifies too: the requester's key requests, the admin's
	// committee, a node's key generation.
	for who, n := range map[common.Address]int{w.Requester.Address: 3, w.Admin.Address: 1, w.Nodes[0].Address: 4} {
		if other, err := verify.Patient(ctx, w.Chain.Client, w.Manifest, st, who); err != nil || !other.OK() || other.Entries != n {
			t.Fatalf("%s's own timeline: %+v %v", who.Hex(), other, err)
		}
	}
}

func TestVerifyCatchesTampering(t *testing.T) {
	w := world(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		sql   string
		check func(t *testing.T, m *verify.Mismatch)
	}{
		{"changed actor", "UPDATE events SET actor = x'00000000000000000000000000000000000000ee' WHERE action = 'access-granted'",
			func(t *testing.T, m *verify.Mismatch) {
				if m.Index != 13 || m.Field != "Actor" || m.Chain.Action != timeline.AccessGranted || m.Chain.Actor != w.Patient.Address {
					t.Fatalf("mismatch %+v", m)
				}
			}},
		{"changed reason", "UPDATE events SET reason = 1 WHERE action = 'access-rejected'",
			func(t *testing.T, m *verify.Mismatch) {
				if m.Index != 22 || m.Field != "Reason" || m.Stored.Reason.String() != "REKEY_MISMATCH" {
					t.Fatalf("mismatch %+v", m)
				}
			}},
		{"dropped entry", "DELETE FROM events WHERE action = 'search-performed'",
			func(t *testing.T, m *verify.Mismatch) {
				if m.Index != 11 || m.Stored != nil || m.Chain.Action != timeline.SearchPerformed {
					t.Fatalf("mismatch %+v", m)
				}
			}},
		{"changed role", "UPDATE participants SET role = 2 WHERE role = 6",
			func(t *testing.T, m *verify.Mismatch) {
				if m.Index != 8 || m.Field != "ActorRole" || m.Stored.ActorRole != timeline.RoleProvider {
					t.Fatalf("mismatch %+v", m)
				}
			}},
		{"answer moved to another node", "UPDATE answers SET node = x'00000000000000000000000000000000000000ee' WHERE member = 3",
			func(t *testing.T, m *verify.Mismatch) {
				if m.Index != 17 || m.Field != "Nodes" || m.Chain.Action != timeline.AccessFulfilled {
					t.Fatalf("mismatch %+v", m)
				}
			}},
		{"forged entry", `INSERT INTO events SELECT block_hash, log_index + 1000, block_number, block_time, tx_hash, tx_index, contract, topics, data,
			name, patient, action, actor, counterpart, record_id, version, request_id, access_id, key_request_id, purpose, not_before, not_after, operations, reason
			FROM events WHERE action = 'read-answered'`,
			func(t *testing.T, m *verify.Mismatch) {
				if m.Index != 27 || m.Chain != nil || m.Stored.LogIndex < 1000 {
					t.Fatalf("mismatch %+v", m)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := ingest(t, w)
			if _, err := st.DB().ExecContext(ctx, tc.sql); err != nil {
				t.Fatal(err)
			}
			rep, err := verify.Patient(ctx, w.Chain.Client, w.Manifest, st, w.Patient.Address)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() || !errors.Is(rep.Err(), verify.ErrMismatch) {
				t.Fatalf("tampering not caught: %+v", rep)
			}
			tc.check(t, rep.Mismatch)
			if !strings.Contains(rep.Err().Error(), "entry ") {
				t.Fatalf("error does not name the entry: %v", rep.Err())
			}
			t.Log(rep.Err())
		})
	}
}

func TestVerifyRefusesUnsyncedOrForkedStores(t *testing.T) {
	w := world(t)
	ctx := context.Background()
	empty, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	if _, err := verify.Patient(ctx, w.Chain.Client, w.Manifest, empty, w.Patient.Address); !errors.Is(err, verify.ErrNotSynced) {
		t.Fatalf("empty store: %v", err)
	}
	st := ingest(t, w)
	if _, err := st.DB().ExecContext(ctx, "UPDATE cursor SET hash = x'00'"); err != nil {
		t.Fatal(err)
	}
	if _, err := verify.Patient(ctx, w.Chain.Client, w.Manifest, st, w.Patient.Address); !errors.Is(err, verify.ErrForked) {
		t.Fatalf("store on another fork: %v", err)
	}
}

// Care beyond the grant on a real chain: a break-glass read and a guardians' grant read, each with
// the nodes that answered, verify against the chain; the guardian reads nothing else of it.
func TestCareTimelineMatchesChain(t *testing.T) {
	chain := simulated.NewChain(chaintest.Accounts())
	t.Cleanup(func() { chain.Close() })
	w := chaintest.New(t, chain)
	w.CareStory(t)
	st := ingest(t, w)
	ctx := context.Background()
	rep, err := verify.Patient(ctx, w.Chain.Client, w.Manifest, st, w.Patient.Address)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Err(); err != nil {
		t.Fatal(err)
	}
	es, _, err := st.Timeline(ctx, w.Patient.Address, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	byAction := map[timeline.Action][]timeline.Entry{}
	for _, e := range es {
		byAction[e.Action] = append(byAction[e.Action], e)
	}
	opened := byAction[timeline.EmergencyAccessOpened]
	if len(opened) != 1 || opened[0].Actor != w.Provider.Address || opened[0].EmergencyReason != "unconscious" || opened[0].Path != timeline.PathEmergency {
		t.Fatalf("break-glass: %+v", opened)
	}
	reads := byAction[timeline.CapsuleReadAnswered]
	if len(reads) != 2 {
		t.Fatalf("%d network-capsule reads answered, want 2: %v", len(reads), es)
	}
	for i, c := range []struct {
		reader common.Address
		path   timeline.Path
		nodes  []common.Address
	}{{w.Provider.Address, timeline.PathEmergency, []common.Address{w.Nodes[0].Address, w.Nodes[1].Address}},
		{w.Requester.Address, timeline.PathGuardian, []common.Address{w.Nodes[1].Address, w.Nodes[2].Address}}} {
		if r := reads[i]; r.Counterpart != c.reader || r.Path != c.path || !reflect.DeepEqual(r.Nodes, c.nodes) || r.Version != 1 {
			t.Fatalf("read %d: %+v", i, r)
		}
	}
	if g := byAction[timeline.GuardianGrantMade]; len(g) != 1 || g[0].Counterpart != w.Requester.Address {
		t.Fatalf("guardians' grant: %+v", g)
	}
	if c := byAction[timeline.ConsentGiven]; len(c) != 1 || c[0].Category != chaintest.Laboratory {
		t.Fatalf("consent: %+v", c)
	}
	scopes, _, err := st.Guardian(ctx, w.Patient.Address, w.Guardian.Address)
	if err != nil || scopes != 0b00101 {
		t.Fatalf("guardian's scopes %b, %v", scopes, err)
	}
	// The real chain's care timeline as FHIR, through an independent R4 validator.
	fhircheck.Validate(t, map[string]any{"care-timeline": fhir.NewBundle(es, fhir.Options{ChainID: 1337, Base: "http://127.0.0.1:8780/fhir"})})
}

// racingStore is a store behind a running indexer: the indexer ingests the rest of the chain
// right after verification has read the cursor.
type racingStore struct {
	*sqlite.Store
	catchUp func()
	once    bool
}

func (r *racingStore) Cursor(ctx context.Context) (logpoller.Header, bool, error) {
	h, ok, err := r.Store.Cursor(ctx)
	if !r.once {
		r.once = true
		r.catchUp()
	}
	return h, ok, err
}

func TestVerifyOfARunningIndexerIsNotAMismatch(t *testing.T) {
	w := world(t)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "indexer.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p := logpoller.New(w.Chain.Client, logpoller.Config{
		Addresses: w.Manifest.Addresses().List(), StartBlock: w.Manifest.DeploymentBlock, MaxRange: 2,
	}, store.Follower(st), zerolog.Nop())
	step := func() bool {
		advanced, err := p.Step(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return advanced
	}
	// Half the chain is in when verification starts; the rest arrives while it reads.
	h, err := w.Chain.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	head := h.Number.Uint64()
	for {
		step()
		cur, _, err := st.Cursor(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if cur.Number >= head-4 {
			break
		}
	}
	race := &racingStore{Store: st, catchUp: func() {
		for step() {
		}
	}}
	rep, err := verify.Patient(ctx, w.Chain.Client, w.Manifest, race, w.Patient.Address)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Entries != 27 || rep.Block != head {
		t.Fatalf("report %+v: %v", rep, rep.Err())
	}
}

// staleCursor answers an older cursor than its timeline has reached, as a reader does whose
// cursor and timeline reads see two snapshots around one of the indexer's writes.
type staleCursor struct {
	*sqlite.Store
	cursor logpoller.Header
}

func (s staleCursor) Cursor(context.Context) (logpoller.Header, bool, error) {
	return s.cursor, true, nil
}

func TestVerifyIgnoresRowsBeyondTheCursor(t *testing.T) {
	w := world(t)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "indexer.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p := logpoller.New(w.Chain.Client, logpoller.Config{
		Addresses: w.Manifest.Addresses().List(), StartBlock: w.Manifest.DeploymentBlock, MaxRange: 1,
	}, store.Follower(st), zerolog.Nop())
	h, err := w.Chain.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var old logpoller.Header
	for {
		if _, err := p.Step(ctx); err != nil {
			t.Fatal(err)
		}
		if old, _, err = st.Cursor(ctx); err != nil {
			t.Fatal(err)
		}
		if old.Number >= h.Number.Uint64()-3 {
			break
		}
	}
	for {
		advanced, err := p.Step(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !advanced {
			break
		}
	}
	full, err := verify.Patient(ctx, w.Chain.Client, w.Manifest, st, w.Patient.Address)
	if err != nil || !full.OK() {
		t.Fatalf("caught-up store: %v %v", err, full.Err())
	}
	rep, err := verify.Patient(ctx, w.Chain.Client, w.Manifest, staleCursor{st, old}, w.Patient.Address)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Block != old.Number {
		t.Fatalf("report %+v: %v", rep, rep.Err())
	}
	if rep.Entries >= full.Entries {
		t.Fatalf("the chain's last blocks hold none of the patient's entries (%d up to %d, %d up to the head): the test shows nothing", rep.Entries, old.Number, full.Entries)
	}
}
