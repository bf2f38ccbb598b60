// Package bench collects the project's benchmark report: one table, measured
// in one run on one machine, with each figure set beside the paper or peer
// figure it is compared to and the goal the issue names.
//
// Each area of the project contributes a Suite. Suites measure with
// testing.Benchmark so the numbers come from the same harness as `go test
// -bench`, and report only what they measured: a goal that is missed is shown
// as missed, with the ratio.
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
	Section   string  // "CP-ABE", "PRE", "Envelope", "Storage", ...
	Name      string  // what was measured, with its parameters
	Value     float64 // the measured figure, in Unit
	Unit      string  // "ms", "µs", "MB/s", "ops/s", "gas", "bytes"
	Reference string  // paper or peer figures measured or quoted beside it
	Goal      string  // the goal in words, e.g. "≤ 20 ms"; empty if none
	// GoalMet is nil when the row has no goal.
	GoalMet *bool
	// Ratio is an optional free-text comparison, e.g. "1.8× the SHA-256 floor".
	Ratio string
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
		if r.Failed != "" {
			fmt.Fprintf(tw, "%s\tFAILED\t\t\t\t%s\n", r.Name, r.Failed)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Name, formatValue(r.Value, r.Unit), r.Goal, metString(r.GoalMet), r.Reference, r.Ratio)
	}
	return tw.Flush()
}

// WriteMarkdown renders the same table as Markdown, for the README.
func WriteMarkdown(w io.Writer, rows []Measurement) error {
	section := ""
	for _, r := range rows {
		if r.Section != section {
			section = r.Section
			fmt.Fprintf(w, "\n#### %s\n\n| measurement | ours | goal | met | reference | note |\n|---|---|---|---|---|---|\n", section)
		}
		cells := []string{r.Name, formatValue(r.Value, r.Unit), r.Goal, metString(r.GoalMet), r.Reference, r.Ratio}
		if r.Failed != "" {
			cells = []string{r.Name, "FAILED", "", "", "", r.Failed}
		}
		for i := range cells {
			cells[i] = strings.ReplaceAll(cells[i], "|", "\\|")
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
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
