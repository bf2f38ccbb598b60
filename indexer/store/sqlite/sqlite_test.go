package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/store/sqlite"
	"github.com/emrchain/emrchain/indexer/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "indexer.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestReopenKeepsDataAndSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "indexer.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := storetest.Scenario().Take()
	if err := store.Follower(s).Apply(ctx, r); err != nil {
		t.Fatal(err)
	}
	before, _, err := s.Timeline(ctx, storetest.Patient, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	after, _, err := s.Timeline(ctx, storetest.Patient, store.Filter{})
	if err != nil || len(after) != len(before) || len(after) == 0 {
		t.Fatalf("after reopening: %d entries (before %d), err %v", len(after), len(before), err)
	}
	var mode string
	if err := s.DB().QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal mode %q (%v), want wal", mode, err)
	}
}

func TestTimelineUsesIndex(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "indexer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pos, limit, _ := store.Prepare(store.Filter{})
	q, args := store.TimelineQuery(storetest.Patient, store.Filter{}, pos, limit, func(int) string { return "?" })
	rows, err := s.DB().QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "\n"
	}
	t.Logf("plan:\n%s", plan)
	if !contains(plan, "events_timeline") || contains(plan, "TEMP B-TREE") || contains(plan, "SCAN e") {
		t.Fatalf("timeline query does not walk the timeline index in order:\n%s", plan)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// A database an indexer of schema version 2 filled is upgraded in place.
func TestUpgradeFromVersion2(t *testing.T) {
	// A few logs per step, so answers find their accesses in facts an earlier step wrote.
	defer sqlite.SetRedecodeChunk(7)()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "indexer.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"migrations/0001_init.sql", "migrations/0002_chain.sql"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, string(b)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ExecContext(ctx, "PRAGMA user_version = 2"); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) error { _, err := db.ExecContext(ctx, q, args...); return err }
	fresh, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "fresh.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	storetest.Upgrade(t, exec, func(int) string { return "?" }, func() store.Store {
		db.Close()
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}, fresh)
}
