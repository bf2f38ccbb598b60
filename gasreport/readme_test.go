package gasreport

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// TestREADMEGasTableIsCurrent is the README's drift test: its gas table must be what a fresh
// report renders, up to the zero bytes of the scenario's random calldata.
func TestREADMEGasTableIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the demo's scenario on the in-process system")
	}
	doc, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), Config{Gwei: ReadmeGwei})
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckREADME(doc, rep); err != nil {
		t.Fatal(err)
	}
}

func sampleReport() *Report {
	r := &Report{GasPriceGwei: 1, Rows: []Row{
		{Operation: "deploy KeywordIndex", Gas: 930_374, Paper: PaperDeploy, Calldata: 4_240, ZeroBytes: 568},
		{Operation: "open a patient's keyword index", Paper: PaperDeploy, Design: "nothing is deployed"},
		{Operation: "addRequester (one)", Gas: 45_831, Paper: PaperAddRequester, Goal: PaperAddRequester, Calldata: 36, ZeroBytes: 12},
		{Operation: "addRequesters (batch of 20)", Gas: 515_004, Items: 20, Goal: GoalBatchPerReq, Calldata: 708, ZeroBytes: 302},
		{Operation: "fulfil (oracle receipt)", Gas: 59_904, Calldata: 196, ZeroBytes: 121},
	}}
	r.finish()
	return r
}

func sampleDoc(r *Report) []byte {
	return []byte("# Gas\n\n<!-- begin generated: gas (regenerate: " + ReadmeCommand + ") -->\n" +
		string(r.README(Stamp(time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)))) + "<!-- end generated: gas -->\n\nProse.\n")
}

// TestCheckREADME shows what the drift test accepts and what it refuses.
func TestCheckREADME(t *testing.T) {
	doc := sampleDoc(sampleReport())
	if err := CheckREADME(doc, sampleReport()); err != nil {
		t.Fatalf("identical report: %v", err)
	}
	for _, c := range []struct {
		name  string
		fresh func(r *Report)
		doc   func(d string) string
		ok    bool
	}{
		{name: "one more zero byte in random calldata", ok: true,
			fresh: func(r *Report) { r.Rows[4].Gas -= 12; r.Rows[4].ZeroBytes++ }},
		{name: "a contract change of 20 gas",
			fresh: func(r *Report) { r.Rows[4].Gas += 20 }},
		{name: "a change hidden as zero bytes but with longer calldata",
			fresh: func(r *Report) { r.Rows[4].Gas += 4; r.Rows[4].Calldata++ }},
		{name: "a batch whose per-item gas moves the goal's verdict",
			fresh: func(r *Report) { r.Rows[3].Gas = 600_000 }},
		{name: "a new operation",
			fresh: func(r *Report) {
				r.Rows = append(r.Rows, Row{Operation: "commit a fragment", Gas: 50_000, Calldata: 100})
			}},
		{name: "an operation gone",
			fresh: func(r *Report) { r.Rows = r.Rows[:4] }},
		{name: "a hand-typed figure",
			doc: func(d string) string { return strings.Replace(d, "930,374", "926,945", 1) }},
		{name: "a hand-edited price",
			doc: func(d string) string { return strings.Replace(d, "0.000045831", "0.000045830", 1) }},
		{name: "a summary that says otherwise",
			doc: func(d string) string {
				return strings.Replace(d, "Gas goals: 2 of 2 met.", "Every gas goal is met.", 1)
			}},
		{name: "an undated table",
			doc: func(d string) string { return strings.Replace(d, "Measured on 2026-12-06 by", "Measured by", 1) }},
		{name: "the design row presented as a measurement",
			doc: func(d string) string {
				return strings.Replace(d, " (design fact, not a measurement: nothing is deployed)", "", 1)
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			fresh, d := sampleReport(), string(doc)
			if c.fresh != nil {
				c.fresh(fresh)
				fresh.finish()
			}
			if c.doc != nil {
				if d = c.doc(d); d == string(doc) {
					t.Fatal("the edit did not apply")
				}
			}
			err := CheckREADME([]byte(d), fresh)
			if c.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !c.ok && !errors.Is(err, ErrDrift) {
				t.Fatalf("accepted, or failed otherwise: %v", err)
			}
		})
	}
}

func TestSummaryCountsGoals(t *testing.T) {
	r := sampleReport()
	if got := r.Summary(); got != "Gas goals: 2 of 2 met." {
		t.Fatalf("summary %q", got)
	}
	r.Rows[2].Gas = 48_000
	r.finish()
	if got := r.Summary(); got != "Gas goals: 1 of 2 met; missed: addRequester (one), 48,000 gas against ≤ 47,869." {
		t.Fatalf("summary %q", got)
	}
}
