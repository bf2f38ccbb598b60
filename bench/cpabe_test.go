package bench

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestCPABEQuickHasEveryRow(t *testing.T) {
	rows, err := CPABE(context.Background(), Config{Quick: true})
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	if err := Write(&table, rows); err != nil {
		t.Fatal(err)
	}
	t.Log(table.String())
	byName := make(map[string]Measurement)
	for _, r := range rows {
		if r.Section != cpabeSection {
			t.Errorf("row %q in section %q", r.Name, r.Section)
		}
		if r.Value <= 0 || r.Unit != "ms" {
			t.Errorf("row %q: %v %s", r.Name, r.Value, r.Unit)
		}
		byName[r.Name] = r
	}
	want := []string{"Setup", "KeyGen, 25 new attributes (hash cache cold)"}
	for _, n := range cpabeSizes {
		want = append(want,
			fmt.Sprintf("KeyGen, %d attributes", n),
			fmt.Sprintf("Encrypt (Wrap), AND of %d", n),
			fmt.Sprintf("Decrypt (Unwrap from bytes), AND of %d", n),
			fmt.Sprintf("Decrypt (Decapsulate, parsed), AND of %d", n))
	}
	want = append(want,
		"Encrypt (Wrap), mixed AND/OR of 25",
		"Decrypt (Unwrap from bytes), mixed AND/OR of 25",
		"Decrypt (Decapsulate, parsed), mixed AND/OR of 25")
	for _, name := range want {
		r, ok := byName[name]
		if !ok {
			t.Errorf("missing row %q", name)
			continue
		}
		if strings.HasPrefix(name, "Encrypt") && strings.Contains(name, "AND of") && !strings.Contains(r.Reference, "PBC") {
			t.Errorf("row %q lacks the paper's figure: %q", name, r.Reference)
		}
		if !strings.HasPrefix(name, "Decrypt (Decapsulate") && !strings.HasPrefix(name, "KeyGen, 25 new") && !strings.Contains(r.Reference, "tkn20") {
			t.Errorf("row %q lacks tkn20's figure: %q", name, r.Reference)
		}
		if strings.Contains(name, "25") && r.GoalMet == nil {
			t.Errorf("row %q at 25 attributes has no goal", name)
		}
	}
	if len(rows) != len(want) {
		t.Errorf("%d rows, want %d", len(rows), len(want))
	}
}
