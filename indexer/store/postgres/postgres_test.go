package postgres_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

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
