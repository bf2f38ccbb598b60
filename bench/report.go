// Package bench collects the project's benchmark report: one table, measured
// in one run on one machine, with each figure set beside the peer figures
// measured in the same run, the papers' published figures (labelled as such,
// never turned into a ratio) and the goal the issue names.
//
// Each area of the project contributes a Suite. Suites measure with
// testing.Benchmark or their own CPU-time loops, and report only what they
// measured: a goal that is missed is shown as missed, with the ratio.
package bench

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Measurement is one row of the report.
type Measurement struct {
	Section string  // "CP-ABE", "PRE", "Envelope", "Storage", ...
	Name    string  // what was measured, with its parameters
	Value   float64 // the measured figure, in Unit
	Unit    string  // "ms", "µs", "MB/s", "ops/s", "gas", "bytes"
	// Reference holds the peer figures and floors measured beside ours in the same run.
	Reference string
	// Published is a paper's own figure (or what a paper says instead of one), from other
	// hardware: shown labelled as published and never compared by a ratio.
	Published string `json:",omitempty"`
	Goal      string // the goal in words, e.g. "≤ 20 ms"; empty if none
	// GoalMet is nil when the row has no goal, or has one that this run could not judge.
	GoalMet *bool
	// Ratio is an optional free-text comparison, e.g. "1.8× the SHA-256 floor".
	Ratio string
	// Stat says how repeated runs became this figure when it is not a single run or a plain
	// mean, e.g. "fastest of 3 interleaved rounds".
	Stat string `json:",omitempty"`
	// Why explains a missed goal; the summary shows it only when the goal is missed.
	Why string `json:",omitempty"`
	// Failed is set, to the error, on the row that stands for a suite that stopped with it; such
	// a row has no value.
	Failed string `json:",omitempty"`
}

// Config tunes how long suites spend. Quick trades precision for speed and is
// what tests use to prove the report runs.
type Config struct {
	Quick bool
}

// Suite measures one area of the project.
type Suite func(ctx context.Context, cfg Config) ([]Measurement, error)

// AtMost reports whether v satisfies "at most goal" and returns a pointer for
// Measurement.GoalMet.
func AtMost(v, goal float64) *bool { ok := v <= goal; return &ok }

// AtLeast reports whether v satisfies "at least goal".
func AtLeast(v, goal float64) *bool { ok := v >= goal; return &ok }

// PublishedPrefix starts every published figure in the reference column.
const PublishedPrefix = "published (a paper's own figure, other hardware, not measured here): "

// reference is the row's reference column: same-run figures, then the published one.
func (m Measurement) reference() string {
	var parts []string
	if m.Reference != "" {
		parts = append(parts, m.Reference)
	}
	if m.Published != "" {
		parts = append(parts, PublishedPrefix+m.Published)
	}
	return strings.Join(parts, "; ")
}

func (m Measurement) cells(withStat bool) []string {
	if m.Failed != "" {
		return []string{m.Name, "FAILED", "", "", "", m.Failed}
	}
	note := m.Ratio
	if withStat && m.Stat != "" {
		note = joinNotes(m.Stat, note)
	}
	return []string{m.Name, formatValue(m.Value, m.Unit), m.Goal, metString(m.GoalMet), m.reference(), note}
}

// Write renders measurements as an aligned text table grouped by section.
func Write(w io.Writer, rows []Measurement) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	section := ""
	for _, r := range rows {
		if r.Section != section {
			section = r.Section
			fmt.Fprintf(tw, "\n== %s ==\n", section)
			fmt.Fprintln(tw, "measurement\tours\tgoal\tmet\treference\tnote")
		}
		fmt.Fprintln(tw, strings.Join(r.cells(true), "\t"))
	}
	return tw.Flush()
}

// WriteMarkdown renders the same table as Markdown, one table per section.
func WriteMarkdown(w io.Writer, rows []Measurement) error {
	return writeMarkdown(w, rows, "####")
}

// sectionStat is the Stat every figure of a section shares (sizes aside, which are not
// timed), or "" when they differ or some have none; the rows then say it one by one.
func sectionStat(rows []Measurement) string {
	stat := ""
	for _, r := range rows {
		if r.Failed != "" || r.Unit == "bytes" {
			continue
		}
		if r.Stat == "" || stat != "" && r.Stat != stat {
			return ""
		}
		stat = r.Stat
	}
	return stat
}

func writeMarkdown(w io.Writer, rows []Measurement, heading string) error {
	for start := 0; start < len(rows); {
		end := start + 1
		for end < len(rows) && rows[end].Section == rows[start].Section {
			end++
		}
		section := rows[start:end]
		fmt.Fprintf(w, "\n%s %s\n\n", heading, section[0].Section)
		stat := sectionStat(section)
		if stat != "" {
			fmt.Fprintf(w, "Each timed figure here is the %s.\n\n", stat)
		}
		fmt.Fprint(w, "| measurement | ours | goal | met | reference | note |\n|---|---|---|---|---|---|\n")
		for _, r := range section {
			cells := r.cells(stat == "")
			for i := range cells {
				cells[i] = strings.ReplaceAll(cells[i], "|", "\\|")
			}
			if _, err := fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | ")); err != nil {
				return err
			}
		}
		start = end
	}
	return nil
}

func formatValue(v float64, unit string) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f %s", v, unit)
	case v >= 10:
		return fmt.Sprintf("%.1f %s", v, unit)
	default:
		return fmt.Sprintf("%.3g %s", v, unit)
	}
}

func metString(m *bool) string {
	switch {
	case m == nil:
		return ""
	case *m:
		return "yes"
	default:
		return "NO"
	}
}
