package verify_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/indexer/internal/chaintest"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/store/sqlite"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/indexer/verify"
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
	if !rep.OK() || rep.Err() != nil || rep.Entries != 14 {
		t.Fatalf("report %+v: %v", rep, rep.Err())
	}
	// The indexer's view of a real chain, end to end.
	es, _, err := st.Timeline(ctx, w.Patient.Address, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []timeline.Action{timeline.Enrolled, timeline.RecordCreated, timeline.RecordUpdated, timeline.RequesterAdded,
		timeline.SearchPerformed, timeline.AccessRequested, timeline.AccessGranted, timeline.AccessInvoked, timeline.AccessFulfilled,
		timeline.AccessInvoked, timeline.AccessRejected, timeline.AccessRevoked, timeline.KeyRequested, timeline.KeyRejected}
	for i, e := range es {
		if e.Action != want[i] {
			t.Fatalf("entry %d is %s, want %s", i, e.Action, want[i])
		}
	}
	ful := es[8]
	if ful.Actor != w.Oracle.Address || ful.ActorRole != timeline.RoleOracle || ful.CounterpartRole != timeline.RoleRequester ||
		ful.Version != 2 || ful.Record == ([32]byte{}) || ful.Purpose == ([32]byte{}) {
		t.Fatalf("fulfilment entry: %+v", ful)
	}
	if other, err := verify.Patient(ctx, w.Chain.Client, w.Manifest, st, w.Requester.Address); err != nil || !other.OK() || other.Entries != 1 {
		t.Fatalf("requester's own timeline (enrolment): %+v %v", other, err)
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
				if m.Index != 6 || m.Field != "Actor" || m.Chain.Action != timeline.AccessGranted || m.Chain.Actor != w.Patient.Address {
					t.Fatalf("mismatch %+v", m)
				}
			}},
		{"changed reason", "UPDATE events SET reason = 1 WHERE action = 'access-rejected'",
			func(t *testing.T, m *verify.Mismatch) {
				if m.Index != 10 || m.Field != "Reason" || m.Stored.Reason.String() != "REKEY_MISMATCH" {
					t.Fatalf("mismatch %+v", m)
				}
			}},
		{"dropped entry", "DELETE FROM events WHERE action = 'search-performed'",
			func(t *testing.T, m *verify.Mismatch) {
				if m.Index != 4 || m.Stored != nil || m.Chain.Action != timeline.SearchPerformed {
					t.Fatalf("mismatch %+v", m)
				}
			}},
		{"changed role", "UPDATE participants SET role = 2 WHERE role = 4",
			func(t *testing.T, m *verify.Mismatch) {
				if m.Index != 8 || m.Field != "ActorRole" || m.Stored.ActorRole != timeline.RoleProvider {
					t.Fatalf("mismatch %+v", m)
				}
			}},
		{"forged entry", `INSERT INTO events SELECT block_hash, log_index + 1000, block_number, block_time, tx_hash, tx_index, contract, topics, data,
			name, patient, action, actor, counterpart, record_id, version, request_id, access_id, key_request_id, purpose, not_before, not_after, operations, reason
			FROM events WHERE action = 'key-rejected'`,
			func(t *testing.T, m *verify.Mismatch) {
				if m.Index != 14 || m.Chain != nil || m.Stored.LogIndex < 1000 {
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
