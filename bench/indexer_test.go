package bench

import (
	"context"
	"os"
	"strings"
	"testing"
)

func TestIndexerQuick(t *testing.T) {
	rows, err := Indexer(context.Background(), Config{Quick: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{indexerRowFetch, indexerRowSQLite, indexerRowSQLiteCPU, indexerRowBuild, indexerRowQueryP50, indexerRowQueryP99, indexerRowFilterP99, indexerRowWholeQuery}
	pg := os.Getenv("EMRCHAIN_TEST_POSTGRES") != ""
	if pg {
		want = append(want, indexerRowPostgres)
	}
	found := map[string]Measurement{}
	for _, r := range rows {
		if r.Section != indexerSection || r.Value <= 0 || (r.Unit != "events/s" && r.Unit != "ms" && r.Unit != "µs") {
			t.Errorf("malformed row %+v", r)
		}
		// The longest row name a row starts with is the one it is.
		match := ""
		for _, w := range want {
			if strings.HasPrefix(r.Name, w+",") && len(w) > len(match) {
				match = w
			}
		}
		if match == "" {
			continue
		}
		if _, dup := found[match]; dup {
			t.Errorf("row %q twice", match)
		}
		found[match] = r
	}
	if len(rows) != len(want) || len(found) != len(want) {
		t.Fatalf("%d rows, %d recognised, want %d (PostgreSQL rows: %v)", len(rows), len(found), len(want), pg)
	}
	for _, w := range []string{indexerRowSQLite, indexerRowQueryP99} {
		if found[w].GoalMet == nil || found[w].Goal == "" {
			t.Errorf("%s has no goal", w)
		}
	}
	if !strings.Contains(found[indexerRowQueryP99].Name, "quick scale") {
		t.Errorf("quick query rows are not labelled: %q", found[indexerRowQueryP99].Name)
	}
}

func TestIndexerCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Indexer(ctx, Config{Quick: true}); err == nil {
		t.Error("cancelled context did not stop the suite")
	}
}
