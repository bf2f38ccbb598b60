package gasreport_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/client/clienttest"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/gasreport"
	"github.com/emrchain/emrchain/simulated"
)

func TestMeasureSeedRows(t *testing.T) {
	ctx := context.Background()
	// An enrolled patient with an index key dealt to a 2-of-3 committee: what index entries and
	// requesters are written under.
	w := clienttest.New(t, 3)
	c := w.NewCommittee(t, 2, 3)
	if _, err := w.Env.SetupIndex(ctx, w.ID("patient"), c.ID); err != nil {
		t.Fatal(err)
	}
	m := w.Manifest
	var reqs []common.Address
	for i := 0; i < 21; i++ {
		reqs = append(reqs, simulated.DevAccount("gas/requester/"+string(rune('a'+i))).Address)
	}
	rep, err := gasreport.Measure(ctx, w.Env, w.Env.Backend.(gasreport.TxSource), m, w.ID("patient"), reqs, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	byOp := map[string]gasreport.Row{}
	for _, r := range rep.Rows {
		byOp[r.Operation] = r
	}
	one := byOp["addRequester (one)"]
	batch := byOp["addRequesters (batch of 20)"]
	entries := byOp["addEntries (batch of 20 index entries)"]
	// Receipt gas includes the 21,000 intrinsic gas, so a real transaction is always above it,
	// and a batch of 20 costs less than 20 single transactions.
	if one.Gas <= 21_000 || batch.Gas <= one.Gas || batch.Gas >= 20*one.Gas || entries.PerItem == 0 {
		t.Fatalf("implausible gas: one %d, batch %d, entries/item %d", one.Gas, batch.Gas, entries.PerItem)
	}
	if byOp[fmt.Sprintf("deploy all %d contracts", len(deploy.Order))].Gas != m.TotalGas() {
		t.Fatal("deploy total differs from the manifest")
	}
	// Every transaction's calldata is counted; the design row sent none.
	for _, r := range rep.Rows {
		if (r.Design == "") != (r.Calldata > 0) || r.ZeroBytes > r.Calldata {
			t.Errorf("row %q: design %q, calldata %d with %d zero bytes", r.Operation, r.Design, r.Calldata, r.ZeroBytes)
		}
	}
	var buf bytes.Buffer
	if err := rep.Write(&buf, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "| addRequester (one) |") || !strings.Contains(buf.String(), "47,869") ||
		!strings.Contains(buf.String(), "design fact, not a measurement") {
		t.Fatalf("markdown table lacks rows:\n%s", buf.String())
	}
	t.Logf("\n%s", buf.String())

	// The terminal's table: operations left-aligned at the start of their line, within 100
	// columns by default, and one line per row when wide.
	for _, width := range []int{100, 0} {
		buf.Reset()
		if err := rep.WriteText(&buf, width); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
		for _, l := range lines {
			if n := utf8.RuneCountInString(l); width > 0 && n > width {
				t.Errorf("width %d: a line of %d columns: %q", width, n, l)
			}
		}
		for _, r := range rep.Rows {
			if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, r.Operation+"  ") }) {
				t.Errorf("width %d: no line starts with %q:\n%s", width, r.Operation, buf.String())
			}
		}
		if width == 0 && len(lines) != len(rep.Rows)+2 {
			t.Errorf("wide: %d lines for %d rows:\n%s", len(lines), len(rep.Rows), buf.String())
		}
		t.Logf("\n%s", buf.String())
	}
}
