package bench

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestREADMEBenchmarksAreTheRecordedRun is the README's drift test for the benchmark tables:
// they must be exactly the rendering of the run saved in docs/benchmarks.json, and that run a
// full one of every suite the report has today.
func TestREADMEBenchmarksAreTheRecordedRun(t *testing.T) {
	doc, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := ReadRecord(filepath.Join("..", RecordPath))
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckREADME(doc, rec); err != nil {
		t.Fatal(err)
	}
	// Peer figures beside ours come from the same run: umbral-pre, circl and gofe rows are
	// references measured here; a paper's figure is only ever in the published column.
	for _, r := range rec.Rows {
		for _, paper := range []string{"paper 001", "seed 004", "PBC"} {
			if strings.Contains(r.Reference, paper) || strings.Contains(r.Ratio, paper+"'s speed") {
				t.Errorf("%s, %s: the paper's figure %q is not in the published column: %q / %q", r.Section, r.Name, paper, r.Reference, r.Ratio)
			}
		}
	}
}

func boolp(b bool) *bool { return &b }

func sampleRecord() *Record {
	start := time.Date(2026, 12, 6, 7, 2, 0, 0, time.UTC)
	var suites []string
	for _, s := range All() {
		suites = append(suites, s.Name)
	}
	return &Record{
		Stamp: Stamp{Start: start, End: start.Add(31 * time.Minute), Command: ReadmeCommand, CPU: "Test CPU",
			Cores: 2, LoadStart: "1.00 2.00 3.00", LoadEnd: "4.00 5.00 6.00", Go: "go1.x linux/amd64", Services: []string{"a local Kubo node"}},
		Suites: suites,
		Rows: []Measurement{
			{Section: "PRE", Name: "ReEncrypt", Value: 0.117, Unit: "ms", Goal: "≤ 0.3 ms", GoalMet: boolp(true), Stat: "fastest of 3 interleaved rounds",
				Reference: "umbral-pre 0.10.0 reencrypt: 0.684 ms", Ratio: "5.8× less CPU than umbral-pre (same run)"},
			{Section: "PRE", Name: "public key size", Value: 67, Unit: "bytes"},
			{Section: "Storage", Name: "embedded put 64 MiB", Value: 310, Unit: "ms", Goal: "≤ 150 ms", GoalMet: boolp(false), Why: "one file per block"},
			{Section: "Storage", Name: "embedded get 64 MiB", Value: 34.3, Unit: "ms", Goal: "≤ 150 ms", GoalMet: boolp(true)},
			{Section: "Envelope", Name: "Seal 64 MiB", Value: 118, Unit: "ms", Published: "seed 004 Fig. 6, under 1 s"},
			{Section: "Oracle", Name: "oracle suite", Failed: "anvil: exit 1"},
		},
	}
}

func TestSummaryCountsTheTable(t *testing.T) {
	rec := sampleRecord()
	got := Summary(rec.Rows)
	want := "**Goals:** 2 of 3 met in this run. Missed: Storage, embedded put 64 MiB: 310 ms against ≤ 150 ms (one file per block). " +
		"**Suites that failed:** oracle suite (anvil: exit 1); their rows above the failure are kept."
	if got != want {
		t.Fatalf("summary\n got %s\nwant %s", got, want)
	}
	rec.Rows[2].GoalMet = boolp(true)
	rec.Rows[0].GoalMet = nil
	if got := Summary(rec.Rows[:5]); got != "**Goals:** all 2 met in this run. Not judged, for want of a figure this run could not measure: PRE, ReEncrypt (≤ 0.3 ms)." {
		t.Fatalf("summary %s", got)
	}
}

func TestREADMERendering(t *testing.T) {
	out := string(sampleRecord().README())
	for _, want := range []string{
		"Measured in one run by `emrchain bench --readme README.md`, 2026-12-06 07:02 to 07:33 UTC, on Test CPU with 2 cores (load average 1.00 2.00 3.00 at the start, 4.00 5.00 6.00 at the end)",
		"\n### PRE\n\nEach timed figure here is the fastest of 3 interleaved rounds.\n",
		"| ReEncrypt | 0.117 ms | ≤ 0.3 ms | yes | umbral-pre 0.10.0 reencrypt: 0.684 ms | 5.8× less CPU than umbral-pre (same run) |",
		"| Seal 64 MiB | 118 ms |  |  | " + PublishedPrefix + "seed 004 Fig. 6, under 1 s |  |",
		"| oracle suite | FAILED |  |  |  | anvil: exit 1 |",
		"**Goals:** 2 of 3 met in this run.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("rendering lacks %q:\n%s", want, out)
		}
	}
	// A section whose figures do not share a statistic says it row by row.
	rows := []Measurement{
		{Section: "Indexer", Name: "ingest", Value: 1, Unit: "events/s", Stat: "fastest of 3 interleaved runs"},
		{Section: "Indexer", Name: "page p99", Value: 2, Unit: "ms", Ratio: "2000 pages"},
	}
	var b strings.Builder
	if err := WriteMarkdown(&b, rows); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Each timed figure") || !strings.Contains(b.String(), "| ingest | 1 events/s |  |  |  | fastest of 3 interleaved runs |") {
		t.Fatalf("mixed section:\n%s", b.String())
	}
}

func TestCheckREADME(t *testing.T) {
	rec := sampleRecord()
	doc := "# emrchain\n\n<!-- begin generated: bench -->\n" + string(rec.README()) + "<!-- end generated: bench -->\n"
	if err := CheckREADME([]byte(doc), rec); err != nil {
		t.Fatalf("the recorded run's own rendering: %v", err)
	}
	for _, c := range []struct {
		name string
		doc  func(string) string
		rec  func(*Record)
	}{
		{name: "a typed figure", doc: func(d string) string { return strings.Replace(d, "| 310 ms |", "| 140 ms |", 1) }},
		{name: "a hand-written summary", doc: func(d string) string {
			return strings.Replace(d, "**Goals:** 2 of 3 met in this run.", "**Goals:** every goal is met except one.", 1)
		}},
		{name: "a peer figure quoted from elsewhere", doc: func(d string) string {
			return strings.Replace(d, "umbral-pre 0.10.0 reencrypt: 0.684 ms", "umbral-pre 0.10.0 reencrypt: 0.9 ms (their paper)", 1)
		}},
		{name: "another date", doc: func(d string) string { return strings.Replace(d, "2026-12-06 07:02", "2026-11-21 07:02", 1) }},
		{name: "a run of some suites only", rec: func(r *Record) { r.Suites = r.Suites[:2] }},
		{name: "a quick run", rec: func(r *Record) { r.Quick = true }},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, r := doc, sampleRecord()
			if c.doc != nil {
				if d = c.doc(d); d == doc {
					t.Fatal("the edit did not apply")
				}
			}
			if c.rec != nil {
				c.rec(r)
			}
			if err := CheckREADME([]byte(d), r); !errors.Is(err, ErrDrift) {
				t.Fatalf("accepted, or failed otherwise: %v", err)
			}
		})
	}
}

func TestRecordRoundTrip(t *testing.T) {
	rec := sampleRecord()
	path := filepath.Join(t.TempDir(), "run.json")
	if err := rec.WriteRecord(path); err != nil {
		t.Fatal(err)
	}
	back, err := ReadRecord(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(back.README()) != string(rec.README()) {
		t.Fatalf("a saved run renders differently:\n%s\n---\n%s", back.README(), rec.README())
	}
}
