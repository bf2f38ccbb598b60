package bench

import (
	"context"
	"fmt"
	"os"
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
		if r.Value <= 0 || (r.Unit != "ms" && r.Unit != "×") {
			t.Errorf("row %q: %v %s", r.Name, r.Value, r.Unit)
		}
		byName[r.Name] = r
	}
	want := []string{"Setup", "KeyGen, 25 new attributes (hash cache cold)",
		"Encrypt (Wrap), AND of 25 never-seen attributes, one core",
		"Encrypt (Wrap), AND of 25 never-seen attributes, all cores", "Decrypt from bytes ÷ parsed, AND of 25",
		"Committee node's decryption share (check the blinded request, D_i and its DLEQ proof)",
		"Requester's check of one node's share (DLEQ against X_i)",
		"Committee node's keyword-token answer (crypto/toprf, E_i and its DLEQ proof)"}
	for _, n := range cpabeSizes {
		want = append(want,
			fmt.Sprintf("KeyGen, %d attributes", n),
			fmt.Sprintf("Encrypt (Wrap), AND of %d", n),
			fmt.Sprintf("Decrypt (Unwrap from bytes), AND of %d", n),
			fmt.Sprintf("Decrypt (Decapsulate, parsed), AND of %d", n))
	}
	for _, n := range cpabeReadSizes {
		want = append(want, fmt.Sprintf("Attribute read, complete off-chain, AND of %d (gate from bytes, 2 of 3 shares, one core)", n))
	}
	want = append(want,
		"Encrypt (Wrap), mixed AND/OR of 25",
		"Decrypt (Unwrap from bytes), mixed AND/OR of 25",
		"Decrypt (Decapsulate, parsed), mixed AND/OR of 25")
	// In CI the toolchain is required, so gofe's figures must be there.
	needGofe := os.Getenv("EMRCHAIN_REQUIRE_TOOLCHAIN") != ""
	for _, name := range want {
		r, ok := byName[name]
		if !ok {
			t.Errorf("missing row %q", name)
			continue
		}
		andN := strings.Contains(name, "AND of") && !strings.Contains(name, "never-seen") && !strings.Contains(name, "÷")
		if strings.HasPrefix(name, "Encrypt") && andN && !strings.Contains(r.Published, "PBC") {
			t.Errorf("row %q lacks the paper's published figure: %q", name, r.Published)
		}
		peerRow := andN && !strings.HasPrefix(name, "Decrypt (Decapsulate") || strings.HasPrefix(name, "KeyGen, ") && !strings.Contains(name, "new") || name == "Setup"
		if peerRow && !strings.Contains(r.Reference, "tkn20") {
			t.Errorf("row %q lacks tkn20's figure: %q", name, r.Reference)
		}
		if peerRow && !strings.Contains(name, "mixed") && !strings.Contains(r.Reference, "gofe") {
			t.Errorf("row %q does not mention gofe: %q", name, r.Reference)
		}
		if needGofe && peerRow && !strings.Contains(name, "mixed") && strings.Contains(r.Reference, "gofe FAME not measured") {
			t.Errorf("row %q: gofe not measured in CI: %q", name, r.Reference)
		}
		if strings.Contains(name, "25") && !strings.Contains(name, "mixed") && !strings.HasPrefix(name, "Committee") && r.GoalMet == nil {
			t.Errorf("row %q at 25 attributes has no goal", name)
		}
	}
	// The paper's figures are from other hardware: labelled published, never made a ratio, and
	// every timed figure says it is the fastest of its rounds.
	for _, r := range rows {
		if strings.Contains(r.Reference, "PBC") || strings.Contains(r.Ratio, "PBC") {
			t.Errorf("row %q compares with the paper's PBC figure as if measured: %q / %q", r.Name, r.Reference, r.Ratio)
		}
		if r.Stat != roundsStat(1) {
			t.Errorf("row %q: stat %q", r.Name, r.Stat)
		}
	}
	if len(rows) != len(want) {
		t.Errorf("%d rows, want %d", len(rows), len(want))
	}
}
