package postgres_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/store/postgres"
	"github.com/emrchain/emrchain/indexer/store/storetest"
)

// open returns a store in a fresh schema of the database EMRCHAIN_TEST_POSTGRES names.
func open(t *testing.T) *postgres.Store {
	t.Helper()
	dsn := os.Getenv("EMRCHAIN_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("EMRCHAIN_REQUIRE_POSTGRES") == "1" {
			t.Fatal("EMRCHAIN_REQUIRE_POSTGRES=1 but EMRCHAIN_TEST_POSTGRES is not set")
		}
		t.Skip("EMRCHAIN_TEST_POSTGRES not set: run `eval $(scripts/postgres.sh start DIR)` to test the PostgreSQL store")
	}
	ctx := context.Background()
	schemaDSN, drop, err := postgres.NewSchema(ctx, dsn, "indexer_test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(context.Background()); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	s, err := postgres.Open(ctx, schemaDSN)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t) })
}

func TestMigrationsAreRecordedAndIdempotent(t *testing.T) {
	s := open(t)
	defer s.Close()
	ctx := context.Background()
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) < 2 {
		t.Fatalf("migrations: %v %v", files, err)
	}
	want := len(files)
	var versions int
	if err := s.Pool().QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&versions); err != nil || versions != want {
		t.Fatalf("%d migrations recorded (%v), want %d", versions, err, want)
	}
	// Opening again over the same schema applies nothing twice.
	again, err := postgres.Open(ctx, s.Pool().Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if err := again.Pool().QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&versions); err != nil || versions != want {
		t.Fatalf("%d migrations recorded after reopening (%v), want %d", versions, err, want)
	}
}

// A database an indexer of schema version 2 filled is upgraded in place: migration 3 adds the
// trust model's fact tables and the logs stored raw before it are decoded afresh.
func TestUpgradeFromVersion2(t *testing.T) {
	// A few logs per step, so answers find their accesses in facts an earlier step wrote.
	defer postgres.SetRedecodeChunk(7)()
	fresh := open(t) // skips without a server, as the other tests do
	defer fresh.Close()
	ctx := context.Background()
	schemaDSN, drop, err := postgres.NewSchema(ctx, os.Getenv("EMRCHAIN_TEST_POSTGRES"), "indexer_upgrade")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := drop(context.Background()); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	}()
	conn, err := pgx.Connect(ctx, schemaDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// The schema as version 2 of this package created it.
	if _, err := conn.Exec(ctx, `CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		t.Fatal(err)
	}
	for i, f := range []string{"migrations/0001_init.sql", "migrations/0002_chain.sql"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, string(b)); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, "INSERT INTO schema_migrations (version) VALUES ($1)", i+1); err != nil {
			t.Fatal(err)
		}
	}
	exec := func(q string, args ...any) error { _, err := conn.Exec(ctx, q, args...); return err }
	storetest.Upgrade(t, exec, func(n int) string { return "$" + strconv.Itoa(n) }, func() store.Store {
		s, err := postgres.Open(ctx, schemaDSN)
		if err != nil {
			t.Fatal(err)
		}
		var v int
		if err := s.Pool().QueryRow(ctx, "SELECT max(version) FROM schema_migrations").Scan(&v); err != nil || v != 3 {
			t.Fatalf("schema version %d after opening (%v), want 3", v, err)
		}
		return s
	}, fresh)
}
