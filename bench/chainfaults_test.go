package bench

import (
	"context"
	"strings"
	"testing"
)

// TestChainFaultsSuite runs the suite quickly: no rows without anvil, and with it the four rows
// with their units and goals.
func TestChainFaultsSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("runs anvil, an oracle and an indexer")
	}
	rows, err := ChainFaults(context.Background(), Config{Quick: true})
	if err != nil {
		t.Fatal(err)
	}
	if !anvilConfigured() {
		if len(rows) != 0 {
			t.Fatalf("rows without anvil: %+v", rows)
		}
		return
	}
	want := map[string]string{faultsRowReorgBlocks: "blocks", faultsRowReorgSecs: "s", faultsRowOracle: "s", faultsRowIndexer: "s"}
	if len(rows) != len(want) {
		t.Fatalf("%d rows: %+v", len(rows), rows)
	}
	for _, r := range rows {
		unit, ok := want[r.Name]
		if !ok || r.Unit != unit || r.Section != faultsSection || r.Value < 0 {
			t.Errorf("row %+v", r)
		}
		if unit == "blocks" && (r.GoalMet == nil || !strings.Contains(r.Ratio, "worst of")) {
			t.Errorf("blocks row %+v", r)
		}
	}
}
